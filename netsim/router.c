/* Routers: creation, clock, interface table, logging glue. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iface.h"
#include "lab.h"
#include "link.h"
#include "debug.h"
#include "evtrace.h"
#include "log.h"
#include "netsim.h"
#include "router.h"
#include "ifname.h"

static void
router_log_now(void *ctx, int64_t *wall_ns, vtime_t *uptime)
{
	struct router *r = ctx;

	*wall_ns = router_wall_ns(r);
	*uptime = router_uptime(r);
}

static void
router_log_console(void *ctx, const char *line)
{
	if (lab_console_hook != NULL)
		lab_console_hook(ctx, line);
}

static const struct logger_ops router_log_ops = {
	router_log_now, router_log_console
};

struct router *
router_new(const char *name)
{
	struct router *r = calloc(1, sizeof(*r));

	if (r == NULL)
		abort();
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->hostname, sizeof(r->hostname), "%s", name);
	r->boot_time = sched_now();
	r->log = logger_new(&router_log_ops, r);
	r->dbg = debugs_new();
	r->traces = evtrace_set_new();
	evtrace_set_clock(r->traces, router_log_now, r);
	subsystems_router_init(r);
	return r;
}

void
router_free(struct router *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->n_ifaces; i++)
		link_detach(r->ifaces[i]);
	subsystems_router_free(r);
	for (int i = 0; i < r->n_ifaces; i++) {
		free(r->ifaces[i]->description);
		free(r->ifaces[i]->bridge);
		free(r->ifaces[i]);
	}
	evtrace_set_free(r->traces);
	debugs_free(r->dbg);
	logger_free(r->log);
	free(r->startup_config);
	free(r->enable_secret);
	free(r);
}

int64_t
router_wall_ns(const struct router *r)
{
	int64_t base = the_lab ? the_lab->start_wall_ns : 0;

	return base + (int64_t)sched_now() + r->clock_offset_ns;
}

void
router_set_wall_ns(struct router *r, int64_t wall_ns)
{
	int64_t base = the_lab ? the_lab->start_wall_ns : 0;

	r->clock_offset_ns = wall_ns - base - (int64_t)sched_now();
}

vtime_t
router_uptime(const struct router *r)
{
	return sched_now() - r->boot_time;
}

struct iface *
router_find_iface(const struct router *r, const char *name)
{
	struct ifname n;

	if (ifname_parse(name, &n) != 0)
		return NULL;
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		if (ifp->type == n.type && strcmp(ifp->name + strlen(iface_type_name(ifp->type)),
		    n.unit) == 0)
			return ifp;
	}
	return NULL;
}

/* IOS lists physical interfaces in slot order and virtual ones after. */
static int
iface_cmp(const struct iface *a, const struct iface *b)
{
	struct ifname na, nb;
	int va = a->type == IFT_LOOPBACK || a->type == IFT_TUNNEL;
	int vb = b->type == IFT_LOOPBACK || b->type == IFT_TUNNEL;

	if (va != vb)
		return va - vb;
	if (va && a->type != b->type)
		return (int)a->type - (int)b->type;
	ifname_parse(a->name, &na);
	ifname_parse(b->name, &nb);
	for (int i = 0; i < IFNAME_MAX_PARTS; i++) {
		if (na.num[i] != nb.num[i])
			return na.num[i] < nb.num[i] ? -1 : 1;
	}
	return (int)a->type - (int)b->type;
}

/* FNV-1a folded to a byte. */
static uint8_t
name_hash8(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return (uint8_t)(h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24));
}

struct iface *
router_get_iface(struct router *r, const char *name, const char **err)
{
	struct ifname n;
	struct iface *ifp;
	int i;

	if (ifname_parse(name, &n) != 0) {
		if (err)
			*err = "invalid interface name";
		return NULL;
	}
	if ((ifp = router_find_iface(r, name)) != NULL)
		return ifp;
	if (r->n_ifaces >= ROUTER_MAX_IFACES) {
		if (err)
			*err = "too many interfaces";
		return NULL;
	}
	ifp = calloc(1, sizeof(*ifp));
	if (ifp == NULL)
		abort();
	ifp->r = r;
	ifp->type = n.type;
	snprintf(ifp->name, sizeof(ifp->name), "%s%s", iface_type_name(n.type), n.unit);
	snprintf(ifp->short_name, sizeof(ifp->short_name), "%s%s",
	    ifname_short_prefix(n.type), n.unit);
	ifp->mtu = 1500;
	ifp->link_port = -1;
	switch (n.type) {
	case IFT_SERIAL:
		ifp->encap = IFENC_HDLC;
		ifp->shutdown = true;
		break;
	case IFT_LOOPBACK:
		ifp->encap = IFENC_LOOPBACK;
		ifp->mtu = 1514;
		break;
	case IFT_TUNNEL:
		ifp->encap = IFENC_LOOPBACK;
		ifp->mtu = 1514;
		break;
	default:
		ifp->encap = IFENC_ARPA;
		ifp->shutdown = true;
		break;
	}
	/* Deterministic MACs, aabb.HHRR.RRII: HH hashes the router's name so
	 * routers of two vpnsim processes joined by a bridge differ, RRRR is
	 * the router's number in its lab, II the interface's. */
	ifp->mac[0] = 0xaa;
	ifp->mac[1] = 0xbb;
	ifp->mac[2] = name_hash8(r->name);
	ifp->mac[3] = (uint8_t)((r->id + 1) >> 8);
	ifp->mac[4] = (uint8_t)(r->id + 1);
	ifp->mac[5] = (uint8_t)r->n_ifaces;
	ifp->last_change = sched_now();

	for (i = r->n_ifaces; i > 0 && iface_cmp(ifp, r->ifaces[i - 1]) < 0; i--)
		r->ifaces[i] = r->ifaces[i - 1];
	r->ifaces[i] = ifp;
	r->n_ifaces++;
	if (n.type == IFT_LOOPBACK) {
		/* IOS announces only the line protocol of a new loopback. */
		ifp->link_state = IFS_UP;
		ifp->hw_up = true;
		iface_update_state(ifp);
	} else
		iface_init_state(ifp);
	return ifp;
}

void
router_delete_iface(struct router *r, struct iface *ifp)
{
	int i;

	for (i = 0; i < r->n_ifaces && r->ifaces[i] != ifp; i++)
		;
	if (i == r->n_ifaces)
		return;
	link_detach(ifp);
	ifp->shutdown = true;
	ifp->addr = ifp->mask = 0;
	iface_update_state(ifp);
	memmove(&r->ifaces[i], &r->ifaces[i + 1],
	    (size_t)(r->n_ifaces - i - 1) * sizeof(r->ifaces[0]));
	r->n_ifaces--;
	free(ifp->description);
	free(ifp->bridge);
	free(ifp);
}

void
rlog(struct router *r, int sev, const char *fac, const char *mnemonic,
    const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	logger_syslog(r->log, sev, fac, mnemonic, "%s", buf);
}

void
rdebug(struct router *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	logger_debug(r->log, "%s", buf);
}
