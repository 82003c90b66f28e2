/* Watched file descriptors: a small array polled with ppoll (nanosecond
 * timeouts, so the pacer keeps its precision).  Entries removed while
 * callbacks run are only marked; the array is compacted afterwards, so a
 * callback may close its own bridge or open another. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fdwatch.h"

struct watch {
	int		 fd;		/* -1: removed */
	fdwatch_fn	 fn;
	void		*arg;
};

static struct {
	struct watch	*w;
	struct pollfd	*pfd;
	size_t		 n, cap;
	size_t		 live;		/* entries with fd >= 0 */
	int		 busy;		/* inside fdwatch_dispatch */
	bool		 have_ready;	/* pfd[].revents from the last wait */
} F;

static void
compact(void)
{
	size_t j = 0;

	for (size_t i = 0; i < F.n; i++)
		if (F.w[i].fd >= 0) {
			F.w[j] = F.w[i];
			F.pfd[j] = F.pfd[i];
			j++;
		}
	F.n = j;
}

int
fdwatch_add(int fd, fdwatch_fn fn, void *arg)
{
	if (fd < 0 || fn == NULL)
		return -1;
	for (size_t i = 0; i < F.n; i++)
		if (F.w[i].fd == fd)
			return -1;
	if (F.n == F.cap) {
		F.cap = F.cap ? F.cap * 2 : 8;
		F.w = realloc(F.w, F.cap * sizeof(*F.w));
		F.pfd = realloc(F.pfd, F.cap * sizeof(*F.pfd));
		if (F.w == NULL || F.pfd == NULL)
			abort();
	}
	F.w[F.n].fd = fd;
	F.w[F.n].fn = fn;
	F.w[F.n].arg = arg;
	F.pfd[F.n].fd = fd;
	F.pfd[F.n].events = POLLIN;
	F.pfd[F.n].revents = 0;	/* not ready until the next wait */
	F.n++;
	F.live++;
	return 0;
}

void
fdwatch_del(int fd)
{
	for (size_t i = 0; i < F.n; i++)
		if (F.w[i].fd == fd) {
			F.w[i].fd = -1;
			F.pfd[i].fd = -1;	/* poll ignores it */
			F.pfd[i].revents = 0;
			F.live--;
			break;
		}
	if (F.busy == 0)
		compact();
	if (F.live == 0 && F.busy == 0) {
		free(F.w);
		free(F.pfd);
		memset(&F, 0, sizeof(F));
	}
}

size_t
fdwatch_count(void)
{
	return F.live;
}

int
fdwatch_wait(const struct timespec *timeout)
{
	int n;

	F.have_ready = false;
	if (F.n == 0) {
		if (timeout == NULL || timeout->tv_sec != 0 || timeout->tv_nsec != 0)
			while (nanosleep(timeout, NULL) != 0 && errno == EINTR)
				;
		return 0;
	}
	n = ppoll(F.pfd, (nfds_t)F.n, timeout, NULL);
	if (n <= 0)
		return 0;		/* timeout, or EINTR: the caller loops */
	F.have_ready = true;
	return n;
}

void
fdwatch_dispatch(void)
{
	size_t n = F.n;

	if (!F.have_ready)
		return;
	F.have_ready = false;
	F.busy++;
	/* Entries added by a callback sit past n and wait for the next poll. */
	for (size_t i = 0; i < n; i++) {
		short re = F.pfd[i].revents;

		F.pfd[i].revents = 0;
		if (F.w[i].fd < 0 || re == 0)
			continue;
		/* POLLERR/POLLHUP too: the callback's read sees the error. */
		F.w[i].fn(F.w[i].fd, F.w[i].arg);
	}
	F.busy--;
	if (F.busy == 0) {
		compact();
		if (F.live == 0) {
			free(F.w);
			free(F.pfd);
			memset(&F, 0, sizeof(F));
		}
	}
}

int
fdwatch_service(void)
{
	static const struct timespec zero = { 0, 0 };
	int n;

	if (F.live == 0)
		return 0;
	if ((n = fdwatch_wait(&zero)) > 0)
		fdwatch_dispatch();
	return n;
}

void
fdwatch_reset(void)
{
	free(F.w);
	free(F.pfd);
	memset(&F, 0, sizeof(F));
}
