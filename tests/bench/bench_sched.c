/* Benchmarks of the lab kernel, run by hand or by `make bench`:
 *
 *  sched:  events per second through lib/sched.h with N self-rescheduling
 *          timers (half timer_set, half sched_after), next to a baseline
 *          measured in the same run: a plain binary heap of (time, seq)
 *          keys in a local array doing the same pushes and pops.  The ratio
 *          is what to watch; the absolute rate depends on the machine.
 *  router: heap and RSS per idle router (lab_add_router, no links).
 *
 * usage: bench_sched [-e EVENTS] [-t TIMERS] [-r ROUTERS]
 * This is a benchmark, so unlike lab code it reads the wall clock. */
#include "config.h"

#include <inttypes.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "netsim.h"
#include "rng.h"
#include "router.h"
#include "sched.h"

#define NDELAYS	4096		/* precomputed delays, shared by both runs */

static vtime_t	 delays[NDELAYS];
static uint64_t	 fired, target;
static unsigned	 delay_idx;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline vtime_t
next_delay(void)
{
	return delays[delay_idx++ & (NDELAYS - 1)];
}

/* --- lib/sched.h ------------------------------------------------------- */

struct btimer {
	struct event	*ev;
	int		 use_slot;
};

static void
btimer_fire(void *arg)
{
	struct btimer *t = arg;

	if (++fired >= target)
		return;
	if (t->use_slot)
		timer_set(&t->ev, next_delay(), btimer_fire, t);
	else
		sched_after(next_delay(), btimer_fire, t);
}

static double
bench_sched(uint64_t events, unsigned ntimers)
{
	struct btimer *timers = calloc(ntimers, sizeof(*timers));
	double t0, t1;

	if (timers == NULL)
		abort();
	sched_reset();
	fired = 0;
	target = events;
	delay_idx = 0;
	for (unsigned i = 0; i < ntimers; i++) {
		timers[i].use_slot = (i & 1) == 0;
		if (timers[i].use_slot)
			timer_set(&timers[i].ev, next_delay(), btimer_fire, &timers[i]);
		else
			sched_after(next_delay(), btimer_fire, &timers[i]);
	}
	t0 = now_s();
	while (fired < target && sched_run_one(VT_NEVER))
		;
	t1 = now_s();
	sched_reset();		/* drops the timers still pending */
	free(timers);
	return (double)fired / (t1 - t0);
}

/* --- baseline: a binary heap of keys in a local array ------------------- */

struct key {
	vtime_t		when;
	uint64_t	seq;
	uint32_t	id;
};

static struct key	*bh;
static volatile uint32_t bench_sink;
static size_t		 bh_n;
static uint64_t		 bh_seq;

static inline int
key_less(const struct key *a, const struct key *b)
{
	return a->when != b->when ? a->when < b->when : a->seq < b->seq;
}

static inline void
bh_push(vtime_t when, uint32_t id)
{
	size_t i = bh_n++;
	struct key k = { when, bh_seq++, id };

	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (!key_less(&k, &bh[p]))
			break;
		bh[i] = bh[p];
		i = p;
	}
	bh[i] = k;
}

static inline struct key
bh_pop(void)
{
	struct key top = bh[0], last = bh[--bh_n];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, m;

		if (l >= bh_n)
			break;
		m = (l + 1 < bh_n && key_less(&bh[l + 1], &bh[l])) ? l + 1 : l;
		if (!key_less(&bh[m], &last))
			break;
		bh[i] = bh[m];
		i = m;
	}
	if (bh_n > 0)
		bh[i] = last;
	return top;
}

static double
bench_baseline(uint64_t events, unsigned ntimers)
{
	vtime_t now = 0;
	uint64_t n = 0;
	double t0, t1;

	bh = malloc(ntimers * sizeof(*bh));
	if (bh == NULL)
		abort();
	bh_n = 0;
	bh_seq = 0;
	delay_idx = 0;
	for (unsigned i = 0; i < ntimers; i++)
		bh_push(next_delay(), i);
	t0 = now_s();
	while (n < events && bh_n > 0) {
		struct key k = bh_pop();

		now = k.when;
		bench_sink += k.id;	/* like the callbacks, touch the payload */
		if (++n < events)
			bh_push(now + next_delay(), k.id);
	}
	t1 = now_s();
	free(bh);
	bh = NULL;
	return (double)n / (t1 - t0);
}

/* --- memory per idle router -------------------------------------------- */

static long
rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, resident = 0;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}

static void
bench_routers(int n)
{
	struct mallinfo2 m0, m1;
	long rss0, rss1;
	const char *err = NULL;
	char name[32];
	int made = 0;

	vpnsim_init();
	lab_init(1);
	malloc_trim(0);
	m0 = mallinfo2();
	rss0 = rss_bytes();
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "R%d", i + 1);
		if (lab_add_router(name, &err) == NULL) {
			fprintf(stderr, "bench_sched: lab_add_router %s: %s\n",
			    name, err != NULL ? err : "failed");
			break;
		}
		made++;
	}
	m1 = mallinfo2();
	rss1 = rss_bytes();
	if (made > 0)
		printf("router: %d idle routers, %.1f KB heap/router (mallinfo2), "
		    "%.1f KB RSS/router\n", made,
		    (double)(m1.uordblks - m0.uordblks) / made / 1024.0,
		    (double)(rss1 - rss0) / made / 1024.0);
	lab_free();
	vpnsim_shutdown();
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_sched [-e events] [-t timers] [-r routers]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	uint64_t events = 10000000;
	unsigned ntimers = 1000;
	int nrouters = 1000, ch;
	double rs, rb;

	while ((ch = getopt(argc, argv, "e:t:r:")) != -1) {
		switch (ch) {
		case 'e':
			events = strtoull(optarg, NULL, 0);
			break;
		case 't':
			ntimers = (unsigned)strtoul(optarg, NULL, 0);
			break;
		case 'r':
			nrouters = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (events == 0 || ntimers == 0)
		usage();

	/* Delays of 1 us .. 1 s, log-spread like real timers (ARP, retransmits,
	 * rekeys) mixed with per-packet link delays. */
	rng_seed(1);
	for (int i = 0; i < NDELAYS; i++) {
		vtime_t scale = (vtime_t)1 << rng_below(30);

		delays[i] = 1000 + rng_below(1000) * (scale / 1000 + 1);
	}

	rb = bench_baseline(events, ntimers);
	rs = bench_sched(events, ntimers);
	printf("sched: %.1f M events/s (baseline heap %.1f M/s, ratio %.2f), "
	    "%u timers, %" PRIu64 " events\n", rs / 1e6, rb / 1e6, rs / rb,
	    ntimers, events);
	fflush(stdout);
	if (nrouters > 0)
		bench_routers(nrouters);
	return 0;
}
