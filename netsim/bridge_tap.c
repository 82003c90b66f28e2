/* TAP back end: /dev/net/tun with IFF_TAP | IFF_NO_PI, so each read and
 * write is exactly one Ethernet frame without a header of its own.  A name
 * that does not exist yet creates a non-persistent TAP that vanishes when
 * the descriptor closes; an existing persistent TAP (ip tuntap add mode
 * tap) is attached and stays.  vpnsim brings its side up; the TAP may be
 * moved to another network namespace while vpnsim holds it. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "bridge_priv.h"

static void
set_up(const char *name)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.15s", name);
	/* Best effort: the host side may be configured by someone else. */
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		(void)ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
}

static int
tap_open(struct bridge *b, char *err, size_t errlen)
{
	struct ifreq ifr;
	int fd, e;

	if ((fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
		e = errno;
		if (e == ENOENT || e == ENODEV || e == ENXIO)
			snprintf(err, errlen, "cannot open TAP %s: /dev/net/tun: "
			    "no TUN/TAP support on this host", b->spec.dev);
		else
			snprintf(err, errlen, "cannot open TAP %s: %s",
			    b->spec.dev, bridge_errno_text(e));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.15s", b->spec.dev);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		e = errno;
		close(fd);
		if (e == EBUSY)
			snprintf(err, errlen, "cannot open TAP %s: in use by "
			    "another program", b->spec.dev);
		else if (e == EINVAL)
			snprintf(err, errlen, "cannot open TAP %s: an interface "
			    "of that name exists and is not a TAP", b->spec.dev);
		else
			snprintf(err, errlen, "cannot open TAP %s: %s",
			    b->spec.dev, bridge_errno_text(e));
		return -1;
	}
	set_up(ifr.ifr_name);
	b->fd = fd;
	return 0;
}

static int
tap_send(struct bridge *b, const uint8_t *frame, size_t len)
{
	ssize_t n = write(b->fd, frame, len);

	if (n < 0)
		return -1;
	return 0;
}

static int
tap_readable(struct bridge *b)
{
	static uint8_t buf[BRIDGE_MAX_FRAME];

	for (int i = 0; i < BRIDGE_READ_BURST; i++) {
		ssize_t n = read(b->fd, buf, sizeof(buf));

		if (n > 0) {
			bridge_input(b, buf, (size_t)n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return 0;
		/* EOF or an error such as EIO (the TAP was deleted). */
		snprintf(b->failure, sizeof(b->failure), "%s",
		    n == 0 ? "device closed" : strerror(errno));
		return -1;
	}
	return 0;
}

static void
tap_close(struct bridge *b)
{
	if (b->fd >= 0)
		close(b->fd);
}

const struct bridge_ops bridge_tap_ops = {
	tap_open, tap_send, tap_readable, tap_close
};
