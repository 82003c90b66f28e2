/* Bridges: the spec syntax, the open bridges, and the frames between a
 * bridged interface's link and its back end.  The back end's descriptor is
 * watched (lib/fdwatch.h): the pacer waits on it in real time, and a tick
 * every BRIDGE_TICK of lab time also looks at it, so a lab advanced by the
 * terminal's idle loop (pacer off) still hears its bridges, and the
 * scheduler always has an event to run while a command waits for a
 * reply that only a bridge can bring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge_priv.h"
#include "fdwatch.h"
#include "iface.h"
#include "link.h"
#include "pkt.h"
#include "router.h"
#include "sched.h"

#define BRIDGE_TICK	(10 * VT_MSEC)

static LIST_HEAD(, bridge) bridges = LIST_HEAD_INITIALIZER(bridges);
static int n_bridges;
static struct event *tick;
static bool saved_realtime;

/* ---- spec text ---------------------------------------------------------- */

static int
parse_port(const char *s, size_t n, uint16_t *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

static bool
valid_dev(const char *s)
{
	size_t n = strlen(s);

	/* Linux interface names: < IFNAMSIZ (16), no blank, '/' or ':'. */
	if (n == 0 || n > 15)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s == '/' || *s == ':' || *s == 0x7f)
			return false;
	return true;
}

int
bridge_parse(const char *text, struct bridge_spec *spec, char *err,
    size_t errlen)
{
	const char *p;

	memset(spec, 0, sizeof(*spec));
	if (strncmp(text, "tap:", 4) == 0 || strncmp(text, "pcap:", 5) == 0) {
		spec->kind = text[0] == 't' ? BRIDGE_TAP : BRIDGE_PCAP;
		p = strchr(text, ':') + 1;
		if (!valid_dev(p)) {
			snprintf(err, errlen, "bad interface name \"%s\": 1 to 15 "
			    "characters, no blank, '/' or ':'", p);
			return -1;
		}
		snprintf(spec->dev, sizeof(spec->dev), "%s", p);
		return 0;
	}
	if (strncmp(text, "udp:", 4) == 0) {
		const char *lp = text + 4, *c = strchr(lp, ':'), *h, *he, *rp;

		spec->kind = BRIDGE_UDP;
		if (c == NULL || parse_port(lp, (size_t)(c - lp), &spec->lport) != 0)
			goto bad_udp;
		h = c + 1;
		if (*h == '[') {
			/* IPv6 literal: udp:10000:[::1]:10001 */
			if ((he = strchr(h, ']')) == NULL || he[1] != ':')
				goto bad_udp;
			h++;
			rp = he + 2;
		} else {
			if ((he = strrchr(h, ':')) == NULL)
				goto bad_udp;
			rp = he + 1;
		}
		if (he == h || (size_t)(he - h) >= sizeof(spec->rhost) ||
		    parse_port(rp, strlen(rp), &spec->rport) != 0)
			goto bad_udp;
		snprintf(spec->rhost, sizeof(spec->rhost), "%.*s", (int)(he - h), h);
		return 0;
	}
	snprintf(err, errlen, "unknown bridge \"%s\": use tap:NAME, pcap:IFNAME "
	    "or udp:LPORT:RHOST:RPORT", text);
	return -1;
bad_udp:
	snprintf(err, errlen, "bad UDP tunnel \"%s\": use udp:LPORT:RHOST:RPORT "
	    "(ports 1-65535)", text);
	return -1;
}

void
bridge_format(const struct bridge_spec *spec, char *buf, size_t len)
{
	switch (spec->kind) {
	case BRIDGE_TAP:
		snprintf(buf, len, "tap:%s", spec->dev);
		break;
	case BRIDGE_PCAP:
		snprintf(buf, len, "pcap:%s", spec->dev);
		break;
	case BRIDGE_UDP:
		snprintf(buf, len, strchr(spec->rhost, ':') ? "udp:%u:[%s]:%u" :
		    "udp:%u:%s:%u", spec->lport, spec->rhost, spec->rport);
		break;
	}
}

const char *
bridge_errno_text(int err)
{
	if (err == EPERM || err == EACCES)
		return "Operation not permitted: run as root";
	return strerror(err);
}

/* ---- the event loop side ------------------------------------------------ */

static void
on_tick(void *arg)
{
	fdwatch_service();
	if (n_bridges > 0)
		timer_set(&tick, BRIDGE_TICK, on_tick, NULL);
}

static void
close_backend(struct bridge *b)
{
	if (b->fd < 0)
		return;		/* closed already (after a failure) */
	fdwatch_del(b->fd);
	b->ops->close(b);
	b->fd = -1;
}

static void
on_readable(int fd, void *arg)
{
	struct bridge *b = arg;

	if (b->ops->readable(b) == 0)
		return;
	/* The device went away or the socket broke: the interface loses
	 * carrier, as a NIC whose cable is pulled (`show interfaces` says
	 * why). */
	close_backend(b);
	b->failed = true;
	link_set_up(b->link, false);
}

void
bridge_input(struct bridge *b, const uint8_t *frame, size_t len)
{
	struct iface *ifp = b->ifp;

	if (len < 14) {
		ifp->cnt.in_errors++;	/* runt */
		return;
	}
	/* The largest frame the interface takes: its MTU, the Ethernet
	 * header and room for one 802.1Q tag. */
	if (len > (size_t)ifp->mtu + 18) {
		ifp->cnt.giants++;
		ifp->cnt.in_errors++;
		return;
	}
	link_bridge_input(ifp, pkt_from(frame, len));
}

void
bridge_output(struct iface *ifp, struct pkt *p)
{
	struct bridge *b = ifp->br;

	if (b == NULL || b->fd < 0) {
		ifp->cnt.out_drops++;
	} else if (b->ops->send(b, p->data, p->len) != 0) {
		/* A full queue drops the frame as a busy wire would; a UDP peer
		 * that is not listening yet (ICMP port unreachable) is no
		 * error of ours. */
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
			ifp->cnt.out_drops++;
		else if (errno != ECONNREFUSED)
			ifp->cnt.out_errors++;
	}
	pkt_free(p);
}

/* ---- attach / detach ---------------------------------------------------- */

static const struct bridge_ops *
ops_of(enum bridge_kind k)
{
	switch (k) {
	case BRIDGE_TAP:	return &bridge_tap_ops;
	case BRIDGE_PCAP:	return &bridge_pcap_ops;
	case BRIDGE_UDP:	return &bridge_udp_ops;
	}
	return NULL;
}

static bool
is_ether(const struct iface *ifp)
{
	return ifp->type == IFT_ETHERNET || ifp->type == IFT_FASTETHERNET ||
	    ifp->type == IFT_GIGABIT;
}

static bool
same_spec(const struct bridge_spec *a, const struct bridge_spec *b)
{
	return a->kind == b->kind && strcmp(a->dev, b->dev) == 0 &&
	    a->lport == b->lport && a->rport == b->rport &&
	    strcmp(a->rhost, b->rhost) == 0;
}

/* The bridge that already uses this TAP, host interface or UDP port. */
static struct bridge *
find_user(const struct bridge_spec *s)
{
	struct bridge *b;

	LIST_FOREACH(b, &bridges, entry) {
		if (b->fd < 0 || b->spec.kind != s->kind)
			continue;
		if (s->kind == BRIDGE_UDP ? b->spec.lport == s->lport :
		    strcmp(b->spec.dev, s->dev) == 0)
			return b;
	}
	return NULL;
}

int
bridge_attach(struct iface *ifp, const struct bridge_spec *spec,
    bool from_config, char *err, size_t errlen)
{
	char text[300], name[128];
	struct bridge *b, *other;

	bridge_format(spec, text, sizeof(text));
	if (!is_ether(ifp)) {
		snprintf(err, errlen, "%s cannot be bridged: only Ethernet "
		    "interfaces can", ifp->name);
		return -1;
	}
	if (ifp->link != NULL && ifp->br == NULL) {
		snprintf(err, errlen, "%s is connected to a lab link", ifp->name);
		return -1;
	}
	if ((b = ifp->br) != NULL && same_spec(&b->spec, spec) && !b->failed) {
		b->from_config = b->from_config || from_config;
		return 0;
	}
	if ((other = find_user(spec)) != NULL && other != ifp->br) {
		if (spec->kind == BRIDGE_UDP)
			snprintf(err, errlen, "UDP port %u is in use by %s %s",
			    spec->lport, other->ifp->r->name, other->ifp->name);
		else
			snprintf(err, errlen, "%s is already bridged to %s %s",
			    text, other->ifp->r->name, other->ifp->name);
		return -1;
	}
	bridge_detach(ifp);

	b = calloc(1, sizeof(*b));
	if (b == NULL)
		abort();
	b->ifp = ifp;
	b->spec = *spec;
	b->ops = ops_of(spec->kind);
	b->fd = -1;
	b->from_config = from_config;
	if (b->ops->open(b, err, errlen) != 0) {
		free(b);
		return -1;
	}
	if (fdwatch_add(b->fd, on_readable, b) != 0) {
		b->ops->close(b);
		free(b);
		snprintf(err, errlen, "%s: descriptor already watched", text);
		return -1;
	}
	/* The link's name, as captures call it ("R1:Gi0/0-tap:vpn0"). */
	snprintf(name, sizeof(name), "%.20s:%.15s-%.60s", ifp->r->name,
	    ifp->short_name, text);
	b->link = link_new(LINK_SEGMENT, name);
	ifp->br = b;
	free(ifp->bridge);
	if ((ifp->bridge = strdup(text)) == NULL)
		abort();
	LIST_INSERT_HEAD(&bridges, b, entry);
	if (n_bridges++ == 0) {
		/* Real frames come at real times: the lab follows the wall
		 * clock while a bridge is open. */
		saved_realtime = sched_realtime();
		sched_set_realtime(true);
		timer_set(&tick, BRIDGE_TICK, on_tick, NULL);
	}
	link_attach(b->link, ifp);	/* line protocol up, with its syslog */
	return 0;
}

void
bridge_detach(struct iface *ifp)
{
	struct bridge *b = ifp->br;
	struct link *l;

	if (b == NULL)
		return;
	LIST_REMOVE(b, entry);
	close_backend(b);
	l = b->link;
	ifp->br = NULL;
	free(ifp->bridge);
	ifp->bridge = NULL;
	free(b);
	/* With br cleared this is an ordinary detach: the interface loses
	 * carrier and logs it. */
	link_free(l);
	if (--n_bridges == 0) {
		timer_cancel(&tick);
		sched_set_realtime(saved_realtime);
	}
}

bool
bridge_from_config(const struct iface *ifp)
{
	return ifp->br != NULL && ifp->br->from_config;
}

const char *
bridge_failure(const struct iface *ifp)
{
	return ifp->br != NULL && ifp->br->failed ? ifp->br->failure : NULL;
}

int
bridge_count(void)
{
	return n_bridges;
}

struct link *
bridge_link(int n)
{
	struct bridge *b;

	LIST_FOREACH(b, &bridges, entry)
		if (n-- == 0)
			return b->link;
	return NULL;
}
