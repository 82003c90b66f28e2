/* UDP tunnel back end, the NIO UDP of GNS3/Dynamips/uBridge/QEMU: bind
 * LPORT, connect RHOST:RPORT, and each datagram's payload is one Ethernet
 * frame (no header, no FCS).  connect() makes the kernel drop datagrams
 * from anyone else, and our frames leave from exactly LPORT, the port the
 * peer was told. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge_priv.h"

static int
udp_open(struct bridge *b, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	struct sockaddr_storage local;
	socklen_t llen;
	char port[8];
	int fd, rc, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
	snprintf(port, sizeof(port), "%u", b->spec.rport);
	if ((rc = getaddrinfo(b->spec.rhost, port, &hints, &res)) != 0 ||
	    res == NULL) {
		/* AI_ADDRCONFIG hides 127.0.0.1 on a host with no other
		 * address: ask once more without it. */
		hints.ai_flags = AI_NUMERICSERV;
		if (res != NULL)
			freeaddrinfo(res);
		res = NULL;
		if ((rc = getaddrinfo(b->spec.rhost, port, &hints, &res)) != 0 ||
		    res == NULL) {
			snprintf(err, errlen, "cannot resolve %s: %s",
			    b->spec.rhost, gai_strerror(rc));
			if (res != NULL)
				freeaddrinfo(res);
			return -1;
		}
	}
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open UDP socket: %s",
		    bridge_errno_text(errno));
		freeaddrinfo(res);
		return -1;
	}
	memset(&local, 0, sizeof(local));
	if (res->ai_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&local;
		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_any;
		a->sin6_port = htons(b->spec.lport);
		llen = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&local;
		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_ANY);
		a->sin_port = htons(b->spec.lport);
		llen = sizeof(*a);
	}
	if (bind(fd, (struct sockaddr *)&local, llen) != 0) {
		e = errno;
		if (e == EADDRINUSE)
			snprintf(err, errlen, "cannot bind UDP port %u: port in use",
			    b->spec.lport);
		else
			snprintf(err, errlen, "cannot bind UDP port %u: %s",
			    b->spec.lport, bridge_errno_text(e));
		close(fd);
		freeaddrinfo(res);
		return -1;
	}
	if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
		snprintf(err, errlen, "cannot connect to %s port %u: %s",
		    b->spec.rhost, b->spec.rport, bridge_errno_text(errno));
		close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	b->fd = fd;
	return 0;
}

static int
udp_send(struct bridge *b, const uint8_t *frame, size_t len)
{
	return send(b->fd, frame, len, 0) < 0 ? -1 : 0;
}

static int
udp_readable(struct bridge *b)
{
	static uint8_t buf[BRIDGE_MAX_FRAME];

	for (int i = 0; i < BRIDGE_READ_BURST; i++) {
		ssize_t n = recv(b->fd, buf, sizeof(buf), 0);

		if (n >= 0) {
			bridge_input(b, buf, (size_t)n);
			continue;
		}
		/* ECONNREFUSED: an earlier datagram met a closed port (the
		 * peer is not up yet); the tunnel carries on. */
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		if (errno == ECONNREFUSED || errno == EHOSTUNREACH ||
		    errno == ENETUNREACH)
			continue;
		snprintf(b->failure, sizeof(b->failure), "%s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
udp_close(struct bridge *b)
{
	if (b->fd >= 0)
		close(b->fd);
}

const struct bridge_ops bridge_udp_ops = {
	udp_open, udp_send, udp_readable, udp_close
};
