/* File descriptors the event loop waits on: the real-network bridges
 * (TAP, libpcap, UDP).  The scheduler's pacer polls them while it waits
 * for the wall clock; each readable descriptor gets its callback.
 *
 * With nothing registered nothing changes: the pacer sleeps as before and
 * a lab stays deterministic.  Callbacks may register and unregister
 * descriptors, their own included. */
#ifndef VPNSIM_FDWATCH_H
#define VPNSIM_FDWATCH_H

#include <stddef.h>
#include <time.h>

typedef void (*fdwatch_fn)(int fd, void *arg);

/* Call fn(fd, arg) whenever fd is readable.  Returns 0, -1 if fd is
 * already watched or negative. */
int	 fdwatch_add(int fd, fdwatch_fn fn, void *arg);
void	 fdwatch_del(int fd);		/* not watched: nothing */
size_t	 fdwatch_count(void);

/* Wait until a watched descriptor is readable or the timeout passes
 * (NULL: forever, {0,0}: just look).  Returns how many are ready (their
 * callbacks run at the next fdwatch_dispatch), 0 on timeout or signal. */
int	 fdwatch_wait(const struct timespec *timeout);
/* Run the callbacks of the descriptors the last wait found ready. */
void	 fdwatch_dispatch(void);
/* Both, without waiting: returns the number of callbacks run. */
int	 fdwatch_service(void);

/* Forget every descriptor (does not close them; tests). */
void	 fdwatch_reset(void);

#endif
