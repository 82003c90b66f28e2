/* Discrete-event scheduler: a binary min-heap of events keyed by
 * (time, insertion sequence).  The sequence number breaks ties so events
 * scheduled for the same instant run in the order they were scheduled,
 * which is what makes runs repeatable. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fdwatch.h"
#include "sched.h"

struct event {
	vtime_t		  when;
	uint64_t	  seq;
	event_fn	  fn;
	void		 *arg;
	struct event	**slot;		/* owner's pointer, cleared on fire */
	size_t		  idx;		/* position in the heap */
};

static struct {
	struct event	**heap;
	size_t		  n, cap;
	vtime_t		  now;
	uint64_t	  seq;
	uint64_t	  fired;
	bool		  realtime;
	struct timespec	  rt_base;	/* wall time when rt_vbase was current */
	vtime_t		  rt_vbase;
	struct event	 *free_list;	/* recycled events (idx links them) */
} S;

static bool
ev_less(const struct event *a, const struct event *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	return a->seq < b->seq;
}

static void
heap_set(size_t i, struct event *ev)
{
	S.heap[i] = ev;
	ev->idx = i;
}

static void
sift_up(size_t i)
{
	struct event *ev = S.heap[i];

	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!ev_less(ev, S.heap[p]))
			break;
		heap_set(i, S.heap[p]);
		i = p;
	}
	heap_set(i, ev);
}

static void
sift_down(size_t i)
{
	struct event *ev = S.heap[i];

	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct event *best = ev;
		if (l < S.n && ev_less(S.heap[l], best)) {
			m = l;
			best = S.heap[l];
		}
		if (l + 1 < S.n && ev_less(S.heap[l + 1], best)) {
			m = l + 1;
			best = S.heap[l + 1];
		}
		if (m == i)
			break;
		heap_set(i, best);
		i = m;
	}
	heap_set(i, ev);
}

static struct event *
ev_alloc(void)
{
	struct event *ev = S.free_list;

	if (ev != NULL) {
		S.free_list = (struct event *)ev->arg;
		return ev;
	}
	ev = malloc(sizeof(*ev));
	if (ev == NULL)
		abort();
	return ev;
}

static void
ev_release(struct event *ev)
{
	ev->arg = S.free_list;
	S.free_list = ev;
}

static struct event *
push(vtime_t when, event_fn fn, void *arg, struct event **slot)
{
	struct event *ev;

	if (S.n == S.cap) {
		S.cap = S.cap ? S.cap * 2 : 256;
		S.heap = realloc(S.heap, S.cap * sizeof(*S.heap));
		if (S.heap == NULL)
			abort();
	}
	ev = ev_alloc();
	ev->when = when < S.now ? S.now : when;
	ev->seq = S.seq++;
	ev->fn = fn;
	ev->arg = arg;
	ev->slot = slot;
	heap_set(S.n, ev);
	S.n++;
	sift_up(S.n - 1);
	return ev;
}

static void
heap_remove(struct event *ev)
{
	size_t i = ev->idx;

	S.n--;
	if (i != S.n) {
		heap_set(i, S.heap[S.n]);
		if (i > 0 && ev_less(S.heap[i], S.heap[(i - 1) / 2]))
			sift_up(i);
		else
			sift_down(i);
	}
}

void
sched_at(vtime_t when, event_fn fn, void *arg)
{
	push(when, fn, arg, NULL);
}

void
sched_after(vtime_t delay, event_fn fn, void *arg)
{
	push(S.now + delay, fn, arg, NULL);
}

void
timer_set_at(struct event **slot, vtime_t when, event_fn fn, void *arg)
{
	timer_cancel(slot);
	*slot = push(when, fn, arg, slot);
}

void
timer_set(struct event **slot, vtime_t delay, event_fn fn, void *arg)
{
	timer_set_at(slot, S.now + delay, fn, arg);
}

void
timer_cancel(struct event **slot)
{
	struct event *ev;

	if (slot == NULL || (ev = *slot) == NULL)
		return;
	heap_remove(ev);
	*slot = NULL;
	ev_release(ev);
}

bool
timer_pending(struct event *const *slot)
{
	return slot != NULL && *slot != NULL;
}

vtime_t
timer_remaining(struct event *const *slot)
{
	if (!timer_pending(slot))
		return 0;
	return (*slot)->when > S.now ? (*slot)->when - S.now : 0;
}

vtime_t
sched_now(void)
{
	return S.now;
}

vtime_t
sched_next(void)
{
	return S.n ? S.heap[0]->when : VT_NEVER;
}

size_t
sched_pending(void)
{
	return S.n;
}

uint64_t
sched_fired(void)
{
	return S.fired;
}

/* Wall clock now, and the virtual time it stands for while pacing. */
static vtime_t
wall_vnow(struct timespec *now)
{
	int64_t d;

	clock_gettime(CLOCK_MONOTONIC, now);
	d = (int64_t)(now->tv_sec - S.rt_base.tv_sec) * 1000000000LL +
	    (now->tv_nsec - S.rt_base.tv_nsec);
	return d <= 0 ? S.rt_vbase : S.rt_vbase + (vtime_t)d;
}

/* Pacer with watched descriptors (bridges): instead of sleeping, wait on
 * them until the wall clock reaches t.  When one is readable, move the
 * clock to the wall time (never past t), run its callback and return
 * false: the callback may have scheduled something earlier than t.  A
 * lab that is behind the wall clock still looks at its descriptors, at
 * most once a millisecond, so a busy lab keeps hearing its bridges. */
static bool
pace_fds(vtime_t t)
{
	static struct timespec last_look;
	struct timespec now, tmo;
	vtime_t vnow;
	int64_t since;

	for (;;) {
		vnow = wall_vnow(&now);
		if (vnow >= t) {
			since = (int64_t)(now.tv_sec - last_look.tv_sec) *
			    1000000000LL + (now.tv_nsec - last_look.tv_nsec);
			if (since >= 0 && since < 1000000)
				return true;
			last_look = now;
			tmo.tv_sec = 0;
			tmo.tv_nsec = 0;
		} else {
			tmo.tv_sec = (time_t)((t - vnow) / VT_SEC);
			tmo.tv_nsec = (long)((t - vnow) % VT_SEC);
		}
		if (fdwatch_wait(&tmo) > 0) {
			vnow = wall_vnow(&now);
			last_look = now;
			if (vnow > t)
				vnow = t;
			if (vnow > S.now)
				S.now = vnow;
			fdwatch_dispatch();
			return false;
		}
		if (vnow >= t)
			return true;
	}
}

/* Pacer: sleep until the wall clock has caught up with virtual time t.
 * Returns true when it has; false when watched descriptors were serviced
 * first (see pace_fds). */
static bool
pace_to(vtime_t t)
{
	struct timespec now, until;
	vtime_t elapsed;

	if (!S.realtime)
		return true;
	if (fdwatch_count() > 0)
		return pace_fds(t);
	if (t <= S.rt_vbase)
		return true;
	elapsed = t - S.rt_vbase;
	until.tv_sec = S.rt_base.tv_sec + (time_t)(elapsed / VT_SEC);
	until.tv_nsec = S.rt_base.tv_nsec + (long)(elapsed % VT_SEC);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > until.tv_sec ||
	    (now.tv_sec == until.tv_sec && now.tv_nsec >= until.tv_nsec))
		return true;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
	return true;
}

bool
sched_run_one(vtime_t limit)
{
	struct event *ev;

	/* Servicing a descriptor may add an earlier event: look again. */
	do {
		if (S.n == 0 || S.heap[0]->when > limit)
			return false;
	} while (!pace_to(S.heap[0]->when));
	ev = S.heap[0];
	heap_remove(ev);
	if (ev->when > S.now)
		S.now = ev->when;
	if (ev->slot != NULL)
		*ev->slot = NULL;
	S.fired++;
	{
		event_fn fn = ev->fn;
		void *arg = ev->arg;
		ev_release(ev);
		fn(arg);
	}
	return true;
}

void
sched_run_until(vtime_t t)
{
	do {
		while (sched_run_one(t))
			;
	} while (!pace_to(t));
	if (t > S.now)
		S.now = t;
}

void
sched_set_realtime(bool on)
{
	S.realtime = on;
	clock_gettime(CLOCK_MONOTONIC, &S.rt_base);
	S.rt_vbase = S.now;
}

bool
sched_realtime(void)
{
	return S.realtime;
}

void
sched_reset(void)
{
	struct event *ev;

	for (size_t i = 0; i < S.n; i++) {
		if (S.heap[i]->slot != NULL)
			*S.heap[i]->slot = NULL;
		free(S.heap[i]);
	}
	while ((ev = S.free_list) != NULL) {
		S.free_list = (struct event *)ev->arg;
		free(ev);
	}
	free(S.heap);
	memset(&S, 0, sizeof(S));
}
