/* Fuzz target: raw frames through l2_input() on a Serial (Cisco HDLC) and
 * an Ethernet interface of a two-router lab, then the lab runs briefly so
 * whatever the frame triggered (ICMP errors, ARP replies, reassembly
 * timers, forwarding) runs too.  The first input byte picks the
 * interface; the rest is the frame. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iface.h"
#include "ipv4.h"
#include "lab.h"
#include "pkt.h"
#include "router.h"
#include "sched.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

static struct router *r1, *r2;
static struct iface *se, *et;

static void
addr(struct router *r, const char *ifname, const char *a, const char *m)
{
	struct iface *ifp = router_find_iface(r, ifname);

	ip_aton(a, &ifp->addr);
	ip_aton(m, &ifp->mask);
	ifp->shutdown = false;
	iface_update_state(ifp);
	ip_iface_changed(ifp);
}

static void
udp_sink(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
    uint32_t dst, const uint8_t *data, size_t len, struct iface *in_if)
{
}

static void
cleanup(void)
{
	lab_free();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *err;

	lab_init(1);
	r1 = lab_add_router("R1", &err);
	r2 = lab_add_router("R2", &err);
	lab_add_link(r1, "Serial1/0", r2, "Serial1/0", &err);
	lab_add_link(r1, "Ethernet0/0", r2, "Ethernet0/0", &err);
	addr(r1, "Serial1/0", "10.1.1.1", "255.255.255.252");
	addr(r2, "Serial1/0", "10.1.1.2", "255.255.255.252");
	addr(r1, "Ethernet0/0", "10.2.2.1", "255.255.255.0");
	addr(r2, "Ethernet0/0", "10.2.2.2", "255.255.255.0");
	se = router_find_iface(r1, "Serial1/0");
	et = router_find_iface(r1, "Ethernet0/0");
	/* A UDP socket so some inputs reach a receiver. */
	udp_open(r1, 0, 848, udp_sink, NULL);
	sched_run_until(sched_now() + 5 * VT_SEC);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iface *ifp;
	struct pkt *p;

	if (size < 1)
		return 0;
	ifp = (data[0] & 1) ? et : se;
	p = pkt_from(data + 1, size - 1);
	p->in_if = ifp;
	l2_input(ifp, p);
	/* Let timers and frames in flight run; reassembly queues time out
	 * after 30 s, so every input ends with a clean slate. */
	sched_run_until(sched_now() + 31 * VT_SEC);
	return 0;
}
