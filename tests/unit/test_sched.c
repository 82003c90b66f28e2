/* Scheduler, RNG and packet buffer unit tests. */
#include <CUnit/Basic.h>
#include <string.h>

#include "pkt.h"
#include "rng.h"
#include "sched.h"

static char order[64];
static size_t norder;

static void
mark(void *arg)
{
	order[norder++] = *(const char *)arg;
}

static void
test_order_and_ties(void)
{
	static const char a = 'a', b = 'b', c = 'c', d = 'd';

	sched_reset();
	norder = 0;
	sched_at(20, mark, (void *)&c);
	sched_at(10, mark, (void *)&a);
	sched_at(10, mark, (void *)&b);		/* same time: insertion order */
	sched_at(30, mark, (void *)&d);
	sched_run_until(25);
	CU_ASSERT_EQUAL(norder, 3);
	CU_ASSERT_NSTRING_EQUAL(order, "abc", 3);
	CU_ASSERT_EQUAL(sched_now(), 25);
	CU_ASSERT_EQUAL(sched_next(), 30);
	sched_run_until(100);
	CU_ASSERT_EQUAL(norder, 4);
	CU_ASSERT_EQUAL(sched_now(), 100);
	sched_reset();
}

static struct event *slot;
static int fired;

static void
rearm(void *arg)
{
	fired++;
	CU_ASSERT_PTR_NULL(slot);		/* cleared before the callback */
	if (fired < 5)
		timer_set(&slot, VT_SEC, rearm, arg);
}

static void
test_timers(void)
{
	static const char x = 'x';

	sched_reset();
	norder = 0;
	fired = 0;
	timer_set(&slot, VT_SEC, rearm, NULL);
	CU_ASSERT_TRUE(timer_pending(&slot));
	CU_ASSERT_EQUAL(timer_remaining(&slot), VT_SEC);
	sched_run_until(10 * VT_SEC);
	CU_ASSERT_EQUAL(fired, 5);
	CU_ASSERT_FALSE(timer_pending(&slot));

	/* Cancel removes the event from the middle of the heap. */
	struct event *t1 = NULL, *t2 = NULL, *t3 = NULL;
	timer_set(&t1, 5, mark, (void *)&x);
	timer_set(&t2, 6, mark, (void *)&x);
	timer_set(&t3, 7, mark, (void *)&x);
	timer_cancel(&t2);
	CU_ASSERT_PTR_NULL(t2);
	CU_ASSERT_EQUAL(sched_pending(), 2);
	timer_set(&t1, 100, mark, (void *)&x);	/* re-arming cancels the old one */
	CU_ASSERT_EQUAL(sched_pending(), 2);
	sched_run_until(sched_now() + 1000);
	CU_ASSERT_EQUAL(norder, 2);
	timer_cancel(NULL);
	sched_reset();
}

static void
test_rng_repeatable(void)
{
	uint64_t a[8], b[8];
	uint8_t x[13], y[13];

	rng_seed(42);
	for (int i = 0; i < 8; i++)
		a[i] = rng_u64();
	rng_bytes(x, sizeof(x));
	rng_seed(42);
	for (int i = 0; i < 8; i++)
		b[i] = rng_u64();
	rng_bytes(y, sizeof(y));
	CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	CU_ASSERT_EQUAL(memcmp(x, y, sizeof(x)), 0);
	rng_seed(43);
	CU_ASSERT_NOT_EQUAL(rng_u64(), a[0]);
	for (int i = 0; i < 1000; i++) {
		CU_ASSERT(rng_below(7) < 7);
		double u = rng_unit();
		CU_ASSERT(u >= 0.0 && u < 1.0);
	}
}

static void
test_pkt(void)
{
	struct pkt *p = pkt_new(10), *q;
	uint8_t *h;

	memset(p->data, 0x11, 10);
	h = pkt_push(p, 4);
	memset(h, 0x22, 4);
	CU_ASSERT_EQUAL(p->len, 14);
	/* Push beyond the headroom reallocates and keeps the bytes. */
	h = pkt_push(p, 500);
	CU_ASSERT_EQUAL(p->len, 514);
	CU_ASSERT_EQUAL(p->data[500], 0x22);
	CU_ASSERT_EQUAL(p->data[504], 0x11);
	CU_ASSERT_PTR_NOT_NULL(pkt_pull(p, 500));
	CU_ASSERT_PTR_NULL(pkt_pull(p, 1000));
	h = pkt_put(p, 2000);
	CU_ASSERT_EQUAL(p->len, 2014);
	CU_ASSERT_EQUAL(h[0], 0);
	q = pkt_clone(p);
	CU_ASSERT_EQUAL(memcmp(p->data, q->data, p->len), 0);
	pkt_trim(q, 3);
	CU_ASSERT_EQUAL(q->len, 3);
	pkt_free(p);
	pkt_free(q);
	pkt_free(NULL);
}

int
main(void)
{
	CU_pSuite s;
	unsigned nf;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("lib", NULL, NULL);
	CU_add_test(s, "event order and ties", test_order_and_ties);
	CU_add_test(s, "timers", test_timers);
	CU_add_test(s, "rng repeatable", test_rng_repeatable);
	CU_add_test(s, "packet buffers", test_pkt);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	return nf ? 1 : 0;
}
