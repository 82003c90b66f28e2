/* Links: frames in flight are scheduler events.  A frame leaves its
 * interface, waits for serialisation (bandwidth) and propagation (delay),
 * may be lost, and arrives at every other port of the link.  Loss is
 * both ways (`loss`) or one way, per port: a frame a port sends may be
 * lost (loss_out), and so may each copy sent to a port (loss_in).
 *
 * A bridged interface (netsim/bridge.h) is the only port of a link of its
 * own: what it transmits goes straight to the bridge (loss and down still
 * apply, delay and bandwidth are the real network's), what the bridge
 * reads comes in through link_bridge_input; both are captured. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "iface.h"
#include "lab.h"
#include "link.h"
#include "pkt.h"
#include "rng.h"
#include "router.h"

struct pcap_dumper_wrap {
	pcap_t		*pd;
	pcap_dumper_t	*dumper;
	char		*path;
};

struct delivery {
	struct link	*link;
	struct iface	*to;
	struct pkt	*p;
	struct delivery	*prev, *next;	/* in-flight list, for cleanup */
};

/* Frames in flight, so a lab torn down mid-flight frees them. */
static struct delivery *in_flight;

static void
flight_add(struct delivery *d)
{
	d->prev = NULL;
	d->next = in_flight;
	if (in_flight)
		in_flight->prev = d;
	in_flight = d;
}

static void
flight_del(struct delivery *d)
{
	if (d->prev)
		d->prev->next = d->next;
	else
		in_flight = d->next;
	if (d->next)
		d->next->prev = d->prev;
}

void
link_flush_in_flight(void)
{
	struct delivery *d;

	while ((d = in_flight) != NULL) {
		flight_del(d);
		pkt_free(d->p);
		free(d);
	}
}

struct link *
link_new(enum link_kind kind, const char *name)
{
	struct link *l = calloc(1, sizeof(*l));

	if (l == NULL)
		abort();
	l->kind = kind;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->up = true;
	return l;
}

void
link_free(struct link *l)
{
	if (l == NULL)
		return;
	link_capture_stop(l);
	while (l->n_ports > 0)
		link_detach(l->ports[l->n_ports - 1]);
	free(l);
}

int
link_attach(struct link *l, struct iface *ifp)
{
	int max = l->kind == LINK_SEGMENT ? LINK_MAX_PORTS : 2;

	if (ifp->link != NULL || l->n_ports >= max)
		return -1;
	if ((l->kind == LINK_P2P_SERIAL) != (ifp->type == IFT_SERIAL))
		return -1;
	if (ifp->type == IFT_LOOPBACK || ifp->type == IFT_TUNNEL)
		return -1;
	ifp->link = l;
	ifp->link_port = l->n_ports;
	l->ports[l->n_ports++] = ifp;
	if (l->mtu > 0)
		ifp->mtu = l->mtu;
	iface_update_state(ifp);
	return 0;
}

void
link_detach(struct iface *ifp)
{
	struct link *l = ifp->link;
	int i;

	if (l == NULL)
		return;
	if (ifp->br != NULL) {
		/* Unplugging a bridged interface closes its bridge, which
		 * detaches it again (br cleared) and frees its link. */
		bridge_detach(ifp);
		return;
	}
	for (i = 0; i < l->n_ports && l->ports[i] != ifp; i++)
		;
	if (i < l->n_ports) {
		size_t	 tail = (size_t)(l->n_ports - i - 1);

		memmove(&l->ports[i], &l->ports[i + 1],
		    tail * sizeof(l->ports[0]));
		memmove(&l->loss_out[i], &l->loss_out[i + 1],
		    tail * sizeof(l->loss_out[0]));
		memmove(&l->loss_in[i], &l->loss_in[i + 1],
		    tail * sizeof(l->loss_in[0]));
		l->n_ports--;
		l->loss_out[l->n_ports] = l->loss_in[l->n_ports] = 0;
		for (int j = 0; j < l->n_ports; j++)
			l->ports[j]->link_port = j;
	}
	ifp->link = NULL;
	ifp->link_port = -1;
	/* Frames in flight to this port are dropped on arrival: the
	 * delivery checks the port is still on the link. */
	iface_update_state(ifp);
	for (int j = 0; j < l->n_ports; j++)
		iface_update_state(l->ports[j]);
}

void
link_set_up(struct link *l, bool up)
{
	if (l->up == up)
		return;
	l->up = up;
	for (int i = 0; i < l->n_ports; i++)
		iface_update_state(l->ports[i]);
}

int
link_set_oneway_loss(struct link *l, const struct iface *ifp, bool out,
    double p)
{
	for (int i = 0; i < l->n_ports; i++)
		if (l->ports[i] == ifp) {
			if (out)
				l->loss_out[i] = p;
			else
				l->loss_in[i] = p;
			return 0;
		}
	return -1;
}

void
link_set_loss(struct link *l, double p)
{
	l->loss = p;
	memset(l->loss_out, 0, sizeof(l->loss_out));
	memset(l->loss_in, 0, sizeof(l->loss_in));
}

/* Is this frame lost?  Draws from the lab RNG only when p > 0, so a
 * lab without that fault sees the same random sequence as before. */
static bool
lost(double p)
{
	return p > 0 && rng_unit() < p;
}

int
link_dlt(const struct link *l)
{
	return l->kind == LINK_P2P_SERIAL ? DLT_C_HDLC : DLT_EN10MB;
}

static void
capture_frame(struct link *l, const struct pkt *p)
{
	struct pcap_pkthdr h;
	int64_t wall = (the_lab ? the_lab->start_wall_ns : 0) + (int64_t)sched_now();

	h.ts.tv_sec = (time_t)(wall / 1000000000LL);
	h.ts.tv_usec = (suseconds_t)((wall % 1000000000LL) / 1000);
	h.caplen = h.len = (bpf_u_int32)p->len;
	pcap_dump((u_char *)l->cap->dumper, &h, p->data);
	pcap_dump_flush(l->cap->dumper);
}

static bool
port_on_link(const struct link *l, const struct iface *ifp)
{
	for (int i = 0; i < l->n_ports; i++)
		if (l->ports[i] == ifp)
			return true;
	return false;
}

static void
deliver(void *arg)
{
	struct delivery *d = arg;
	struct iface *to = d->to;

	flight_del(d);
	if (!d->link->up || !port_on_link(d->link, to) || !to->hw_up) {
		d->link->st.down_drops++;
		pkt_free(d->p);
	} else {
		d->p->in_if = to;
		to->last_in = sched_now();
		l2_input(to, d->p);
	}
	free(d);
}

void
link_transmit(struct iface *from, struct pkt *p)
{
	struct link *l = from->link;
	vtime_t when;
	int sent = 0;

	if (l == NULL || !l->up || !from->hw_up) {
		if (l)
			l->st.down_drops++;
		from->cnt.out_drops++;
		pkt_free(p);
		return;
	}
	from->last_out = sched_now();
	from->cnt.out_pkts++;
	from->cnt.out_bytes += p->len;
	l->st.frames++;
	l->st.bytes += p->len;
	if (l->cap != NULL)
		capture_frame(l, p);
	/* A frame bigger than the wire allows never arrives (giant). */
	if (l->mtu > 0 && p->len > (size_t)l->mtu + 18) {
		l->st.giants++;
		pkt_free(p);
		return;
	}
	if (lost(l->loss) || (from->link_port >= 0 &&
	    lost(l->loss_out[from->link_port]))) {
		l->st.lost++;
		pkt_free(p);
		return;
	}
	if (from->br != NULL) {
		bridge_output(from, p);
		return;
	}
	when = sched_now() + l->delay;
	/* Reordering fault: a frame held back is overtaken by later ones. */
	if (l->reorder > 0 && rng_unit() < l->reorder)
		when += l->reorder_delay;
	if (l->bandwidth_bps > 0)
		when += (vtime_t)((double)p->len * 8.0 * 1e9 / (double)l->bandwidth_bps);
	for (int i = 0; i < l->n_ports; i++) {
		struct iface *to = l->ports[i];
		struct delivery *d;

		if (to == from)
			continue;
		if (lost(l->loss_in[i])) {
			l->st.lost++;
			continue;
		}
		d = malloc(sizeof(*d));
		if (d == NULL)
			abort();
		d->link = l;
		d->to = to;
		d->p = sent++ == 0 ? p : pkt_clone(p);
		flight_add(d);
		sched_at(when, deliver, d);
	}
	/* Clones were made from p before it was handed over, so the
	 * first receiver owning p is safe; with no receiver free it. */
	if (sent == 0)
		pkt_free(p);
}

void
link_bridge_input(struct iface *ifp, struct pkt *p)
{
	struct link *l = ifp->link;

	if (l == NULL || !l->up || !ifp->hw_up) {
		if (l != NULL)
			l->st.down_drops++;
		pkt_free(p);
		return;
	}
	l->st.frames++;
	l->st.bytes += p->len;
	if (l->cap != NULL)
		capture_frame(l, p);
	if (ifp->link_port >= 0 && lost(l->loss_in[ifp->link_port])) {
		l->st.lost++;
		pkt_free(p);
		return;
	}
	p->in_if = ifp;
	ifp->last_in = sched_now();
	l2_input(ifp, p);
}

int
link_capture_start(struct link *l, const char *path)
{
	struct pcap_dumper_wrap *w;

	link_capture_stop(l);
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		abort();
	w->pd = pcap_open_dead(link_dlt(l), 65535);
	if (w->pd == NULL) {
		free(w);
		return -1;
	}
	w->dumper = pcap_dump_open(w->pd, path);
	if (w->dumper == NULL) {
		pcap_close(w->pd);
		free(w);
		return -1;
	}
	w->path = strdup(path);
	l->cap = w;
	return 0;
}

void
link_capture_stop(struct link *l)
{
	if (l->cap == NULL)
		return;
	pcap_dump_close(l->cap->dumper);
	pcap_close(l->cap->pd);
	free(l->cap->path);
	free(l->cap);
	l->cap = NULL;
}
