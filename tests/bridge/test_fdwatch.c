/* Watched descriptors and the pacer that waits on them: callbacks run for
 * readable descriptors only, may remove themselves; in real time the
 * scheduler wakes for a descriptor before its next event, sets the clock
 * to the wall time, and runs what the callback scheduled first; without
 * descriptors the pacer still sleeps to the wall clock. */
#include <CUnit/Basic.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fdwatch.h"
#include "sched.h"

static int calls;
static int last_fd;
static vtime_t seen_at;
static char order[16];
static size_t norder;

static void
drain(int fd)
{
	char buf[64];

	if (read(fd, buf, sizeof(buf)) < 0)
		CU_FAIL("read");
}

static void
on_read(int fd, void *arg)
{
	calls++;
	last_fd = fd;
	drain(fd);
}

static void
on_read_remove(int fd, void *arg)
{
	int other = *(int *)arg;

	calls++;
	drain(fd);
	fdwatch_del(fd);
	/* Added during dispatch: not run before the next wait. */
	if (other >= 0)
		CU_ASSERT_EQUAL(fdwatch_add(other, on_read, NULL), 0);
}

static double
wall_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void
test_basics(void)
{
	int p[2], q[2];

	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	CU_ASSERT_EQUAL_FATAL(pipe(q), 0);
	calls = 0;
	CU_ASSERT_EQUAL(fdwatch_count(), 0);
	CU_ASSERT_EQUAL(fdwatch_add(p[0], on_read, NULL), 0);
	CU_ASSERT_EQUAL(fdwatch_add(p[0], on_read, NULL), -1);	/* twice */
	CU_ASSERT_EQUAL(fdwatch_add(-1, on_read, NULL), -1);
	CU_ASSERT_EQUAL(fdwatch_add(q[0], on_read, NULL), 0);
	CU_ASSERT_EQUAL(fdwatch_count(), 2);
	/* Nothing readable: no callback. */
	CU_ASSERT_EQUAL(fdwatch_service(), 0);
	CU_ASSERT_EQUAL(calls, 0);
	CU_ASSERT_EQUAL(write(q[1], "x", 1), 1);
	CU_ASSERT_EQUAL(fdwatch_service(), 1);
	CU_ASSERT_EQUAL(calls, 1);
	CU_ASSERT_EQUAL(last_fd, q[0]);
	CU_ASSERT_EQUAL(fdwatch_service(), 0);	/* drained */
	fdwatch_del(q[0]);
	fdwatch_del(q[0]);			/* not watched: nothing */
	CU_ASSERT_EQUAL(fdwatch_count(), 1);
	fdwatch_del(p[0]);
	CU_ASSERT_EQUAL(fdwatch_count(), 0);
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
}

static void
test_remove_in_callback(void)
{
	int p[2], q[2];

	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	CU_ASSERT_EQUAL_FATAL(pipe(q), 0);
	calls = 0;
	CU_ASSERT_EQUAL(fdwatch_add(p[0], on_read_remove, &q[0]), 0);
	CU_ASSERT_EQUAL(write(p[1], "x", 1), 1);
	CU_ASSERT_EQUAL(write(q[1], "y", 1), 1);
	CU_ASSERT_EQUAL(fdwatch_service(), 1);
	CU_ASSERT_EQUAL(calls, 1);		/* q not run in the same pass */
	CU_ASSERT_EQUAL(fdwatch_count(), 1);
	CU_ASSERT_EQUAL(fdwatch_service(), 1);
	CU_ASSERT_EQUAL(calls, 2);
	CU_ASSERT_EQUAL(last_fd, q[0]);
	fdwatch_del(q[0]);
	CU_ASSERT_EQUAL(fdwatch_count(), 0);
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
}

static void
mark(void *arg)
{
	order[norder++] = *(const char *)arg;
}

static void
on_frame(int fd, void *arg)
{
	static const char f = 'f';

	drain(fd);
	seen_at = sched_now();
	sched_after(VT_MSEC, mark, (void *)&f);
}

/* A child writes to a pipe 50 ms in; the lab has an event at 300 ms.  The
 * pacer must wake for the pipe, at lab time ~50 ms, and run the event the
 * callback scheduled before the 300 ms one. */
static void
test_pacer_wakes(void)
{
	static const char late = 'L';
	int p[2];
	pid_t pid;
	double t0, el;

	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	sched_reset();
	norder = 0;
	seen_at = 0;
	CU_ASSERT_EQUAL(fdwatch_add(p[0], on_frame, NULL), 0);
	sched_at(300 * VT_MSEC, mark, (void *)&late);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		struct timespec d = { 0, 50 * 1000 * 1000 };
		nanosleep(&d, NULL);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	t0 = wall_ms();
	sched_set_realtime(true);
	sched_run_until(400 * VT_MSEC);
	sched_set_realtime(false);
	el = wall_ms() - t0;
	waitpid(pid, NULL, 0);
	CU_ASSERT_EQUAL(norder, 2);
	CU_ASSERT_NSTRING_EQUAL(order, "fL", 2);
	CU_ASSERT(seen_at >= 30 * VT_MSEC && seen_at < 250 * VT_MSEC);
	CU_ASSERT_EQUAL(sched_now(), 400 * VT_MSEC);
	CU_ASSERT(el >= 390.0);			/* still paced to the wall */
	fdwatch_del(p[0]);
	close(p[0]);
	close(p[1]);
	sched_reset();
}

/* No descriptor: the pacer sleeps as before; off: no waiting at all. */
static void
test_pacer_plain(void)
{
	double t0, el;

	sched_reset();
	CU_ASSERT_EQUAL(fdwatch_count(), 0);
	t0 = wall_ms();
	sched_set_realtime(true);
	sched_run_until(60 * VT_MSEC);
	sched_set_realtime(false);
	el = wall_ms() - t0;
	CU_ASSERT(el >= 59.0);
	t0 = wall_ms();
	sched_run_until(sched_now() + 3600 * VT_SEC);
	CU_ASSERT(wall_ms() - t0 < 50.0);
	sched_reset();
}

int
main(void)
{
	CU_pSuite s;
	unsigned nf;

	signal(SIGPIPE, SIG_IGN);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("fdwatch", NULL, NULL);
	CU_add_test(s, "add, delete, service", test_basics);
	CU_add_test(s, "remove and add inside a callback", test_remove_in_callback);
	CU_add_test(s, "pacer wakes for a descriptor", test_pacer_wakes);
	CU_add_test(s, "pacer without descriptors", test_pacer_plain);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	return nf ? 1 : 0;
}
