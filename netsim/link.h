/* Links carry frames between interfaces as scheduler events.
 *
 * A point-to-point link joins two interfaces (Serial: Cisco HDLC framing,
 * DLT_C_HDLC; Ethernet: DLT_EN10MB).  A segment is a multi-access Ethernet
 * with any number of ports.  Delay, loss, MTU, bandwidth and up/down belong
 * to the link; captures see every frame put on the wire with its virtual
 * time stamp. */
#ifndef VPNSIM_LINK_H
#define VPNSIM_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sched.h"

struct iface;
struct pkt;

enum link_kind { LINK_P2P_SERIAL, LINK_P2P_ETHER, LINK_SEGMENT };

#define LINK_MAX_PORTS	64

struct link_stats {
	uint64_t	frames, bytes, lost, giants, down_drops;
};

struct link {
	char		 name[64];	/* "R1:Se1/0-R2:Se1/0" or segment name */
	enum link_kind	 kind;
	struct iface	*ports[LINK_MAX_PORTS];
	int		 n_ports;
	vtime_t		 delay;		/* one-way propagation */
	double		 loss;		/* 0..1 */
	double		 reorder;	/* 0..1: frames held back ... */
	vtime_t		 reorder_delay;	/* ... this much longer (reordering) */
	int		 mtu;		/* 0 = interface MTU rules */
	uint64_t	 bandwidth_bps;	/* 0 = no serialisation delay */
	/* One-way loss (`@fault link R IF loss P% out|in`), per port: of
	 * the frames ports[i] sends (loss_out) or is sent (loss_in), on top
	 * of `loss`, which applies both ways. */
	double		 loss_out[LINK_MAX_PORTS], loss_in[LINK_MAX_PORTS];
	bool		 up;
	struct pcap_dumper_wrap *cap;	/* open capture or NULL */
	struct link_stats st;
};

struct link	*link_new(enum link_kind, const char *name);
void		 link_free(struct link *);	/* NULL safe; detaches ports */
int		 link_attach(struct link *, struct iface *);	/* -1 if full/busy */
void		 link_detach(struct iface *);
void		 link_set_up(struct link *, bool up);	/* updates iface state */
int		 link_dlt(const struct link *);	/* DLT_C_HDLC or DLT_EN10MB */

/* One-way loss at one port of the link: p (0..1) of the frames it sends
 * (out) or of those sent to it (!out).  -1 if ifp is not on l. */
int		 link_set_oneway_loss(struct link *, const struct iface *,
		    bool out, double p);
/* Both-way loss p (0..1); ends every one-way loss of the link. */
void		 link_set_loss(struct link *, double p);

/* Put a frame (L2 header included) on the wire from `from`.  Consumes p. */
void		 link_transmit(struct iface *from, struct pkt *p);

/* Free frames still in flight (lab teardown; the scheduler is reset). */
void		 link_flush_in_flight(void);

/* Captures: pcap files written with libpcap's dump API. */
int		 link_capture_start(struct link *, const char *path);
void		 link_capture_stop(struct link *);

#endif
