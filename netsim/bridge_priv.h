/* Bridge internals shared by the core (bridge.c) and its back ends
 * (bridge_tap.c, bridge_pcap.c, bridge_udp.c). */
#ifndef VPNSIM_BRIDGE_PRIV_H
#define VPNSIM_BRIDGE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "bridge.h"

/* Largest datagram or frame read: uBridge's NIO_MAX_PKT_SIZE. */
#define BRIDGE_MAX_FRAME	65535
/* Frames read per readable event, so one busy bridge cannot starve the
 * lab's timers. */
#define BRIDGE_READ_BURST	64

struct bridge;

struct bridge_ops {
	/* Open b->spec: set b->fd (the descriptor to poll).  Returns 0 or
	 * -1 with a message in err. */
	int	(*open)(struct bridge *b, char *err, size_t errlen);
	/* Send one frame.  Returns 0, or -1 with errno set. */
	int	(*send)(struct bridge *b, const uint8_t *frame, size_t len);
	/* The descriptor is readable: read up to BRIDGE_READ_BURST frames and
	 * hand each to bridge_input().  Returns 0, or -1 with a message in
	 * b->failure when the bridge can no longer work. */
	int	(*readable)(struct bridge *b);
	void	(*close)(struct bridge *b);
};

struct bridge {
	struct iface	*ifp;
	struct link	*link;		/* private one-port link */
	struct bridge_spec spec;
	const struct bridge_ops *ops;
	int		 fd;		/* -1: closed */
	void		*priv;		/* back end state (pcap_t) */
	bool		 from_config;
	bool		 failed;	/* closed after a runtime error */
	char		 failure[160];
	LIST_ENTRY(bridge) entry;
};

extern const struct bridge_ops bridge_tap_ops;
extern const struct bridge_ops bridge_pcap_ops;
extern const struct bridge_ops bridge_udp_ops;

/* A frame read from the real network: checked, copied, delivered. */
void	bridge_input(struct bridge *b, const uint8_t *frame, size_t len);
/* "Operation not permitted: run as root" for EPERM/EACCES, else the
 * strerror text. */
const char *bridge_errno_text(int err);

#endif
