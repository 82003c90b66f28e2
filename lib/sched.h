/* Discrete-event scheduler on one virtual clock for the whole lab.
 *
 * Time is virtual, in nanoseconds since the lab started.  Events fire in
 * (time, insertion order) order, so two runs with the same seed and input
 * fire the same events in the same order.  Nothing here reads the wall clock
 * except the optional pacer, which keeps virtual time in step with real time
 * for interactive use. */
#ifndef VPNSIM_SCHED_H
#define VPNSIM_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t vtime_t;		/* ns since lab start */

#define VT_NSEC		((vtime_t)1)
#define VT_USEC		((vtime_t)1000)
#define VT_MSEC		((vtime_t)1000000)
#define VT_SEC		((vtime_t)1000000000)
#define VT_NEVER	UINT64_MAX

struct event;
typedef void (*event_fn)(void *arg);

/* Fire-and-forget: schedule fn(arg) at absolute time / after a delay. */
void	 sched_at(vtime_t when, event_fn fn, void *arg);
void	 sched_after(vtime_t delay, event_fn fn, void *arg);

/* Timers with an owner slot: *slot holds the pending event.  Setting a timer
 * cancels whatever the slot held; the scheduler clears *slot just before the
 * callback runs, so the callback may re-arm the same slot. */
void	 timer_set(struct event **slot, vtime_t delay, event_fn fn, void *arg);
void	 timer_set_at(struct event **slot, vtime_t when, event_fn fn, void *arg);
void	 timer_cancel(struct event **slot);		/* NULL / empty safe */
bool	 timer_pending(struct event *const *slot);
vtime_t	 timer_remaining(struct event *const *slot);	/* 0 when not pending */

vtime_t	 sched_now(void);
vtime_t	 sched_next(void);		/* time of next event or VT_NEVER */
size_t	 sched_pending(void);
uint64_t sched_fired(void);		/* events run since reset */

/* Run every event due at or before t, then set the clock to t.  With the
 * pacer on, waits on the wall clock so virtual time does not run ahead. */
void	 sched_run_until(vtime_t t);
/* Run one event if one is due at or before limit; returns false if none. */
bool	 sched_run_one(vtime_t limit);

/* Pacing for interactive labs: 0 = as fast as possible (scripts, @wait). */
void	 sched_set_realtime(bool on);
bool	 sched_realtime(void);

/* Drop every event and set the clock back to 0 (tests, new lab). */
void	 sched_reset(void);

#endif
