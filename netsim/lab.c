/* The lab: routers, links and segments of this process, the lab date, and
 * the wiring of every subsystem (vpnsim_init, subsystems_router_init). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "acl.h"
#include "cli.h"
#include "gdoi.h"
#include "iface.h"
#include "ipsec.h"
#include "ipv4.h"
#include "lab.h"
#include "link.h"
#include "mcast.h"
#include "netsim.h"
#include "pki_ca.h"
#include "rng.h"
#include "router.h"

struct lab *the_lab;
void (*lab_console_hook)(struct router *r, const char *line);

/* A router without a calendar starts at IOS's default date. */
#define LAB_DEFAULT_EPOCH	1014940800LL	/* 2002-03-01 00:00:00 UTC */

void
vpnsim_init(void)
{
	cli_init();
	system_cli_init();
	iface_cli_init();
	log_cli_init();
	ip_cli_init();
	acl_cli_init();
	mcast_cli_init();
	ipsec_cli_init();
	gdoi_cli_init();
}

void
vpnsim_shutdown(void)
{
	lab_free();
	cli_free();
	rng_ossl_free();
}

void
subsystems_router_init(struct router *r)
{
	ip_router_init(r);
	acl_router_init(r);
	mcast_router_init(r);
	ipsec_router_init(r);
	gdoi_router_init(r);
}

void
subsystems_router_free(struct router *r)
{
	gdoi_router_free(r);
	ipsec_router_free(r);
	mcast_router_free(r);
	acl_router_free(r);
	ip_router_free(r);
	system_router_free(r);
}

void
lab_init(uint64_t seed)
{
	lab_free();
	sched_reset();
	rng_seed(seed);
	the_lab = calloc(1, sizeof(*the_lab));
	if (the_lab == NULL)
		abort();
	TAILQ_INIT(&the_lab->routers);
	the_lab->start_wall_ns = LAB_DEFAULT_EPOCH * 1000000000LL;
	the_lab->seed = seed;
}

void
lab_free(void)
{
	struct router *r;

	if (the_lab == NULL)
		return;
	/* Links first so no frame reaches a freed router. */
	for (int i = 0; i < the_lab->n_links; i++)
		link_free(the_lab->links[i]);
	free(the_lab->links);
	link_flush_in_flight();
	while ((r = TAILQ_FIRST(&the_lab->routers)) != NULL) {
		TAILQ_REMOVE(&the_lab->routers, r, entry);
		router_free(r);
	}
	pki_lab_free();		/* trustpoints and the lab CA */
	free(the_lab->dir);
	free(the_lab->capture_dir);
	free(the_lab);
	the_lab = NULL;
	sched_reset();
}

static bool
valid_name(const char *name)
{
	if (!isalpha((unsigned char)name[0]))
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
	return strlen(name) < ROUTER_NAME_MAX;
}

struct router *
lab_add_router(const char *name, const char **err)
{
	struct router *r;

	if (!valid_name(name)) {
		*err = "invalid router name";
		return NULL;
	}
	if (lab_find_router(name) != NULL) {
		*err = "router already exists";
		return NULL;
	}
	r = router_new(name);
	r->id = the_lab->n_routers++;
	TAILQ_INSERT_TAIL(&the_lab->routers, r, entry);
	return r;
}

struct router *
lab_find_router(const char *name)
{
	struct router *r;

	if (the_lab == NULL)
		return NULL;
	TAILQ_FOREACH(r, &the_lab->routers, entry)
		if (strcmp(r->name, name) == 0)
			return r;
	TAILQ_FOREACH(r, &the_lab->routers, entry)
		if (strcasecmp(r->name, name) == 0)
			return r;
	return NULL;
}

static void
add_link(struct link *l)
{
	the_lab->links = realloc(the_lab->links,
	    (size_t)(the_lab->n_links + 1) * sizeof(*the_lab->links));
	if (the_lab->links == NULL)
		abort();
	the_lab->links[the_lab->n_links++] = l;
}

struct link *
lab_add_link(struct router *a, const char *ifa, struct router *b,
    const char *ifb, const char **err)
{
	struct iface *ia, *ib;
	struct link *l;
	char name[160];

	if ((ia = router_get_iface(a, ifa, err)) == NULL ||
	    (ib = router_get_iface(b, ifb, err)) == NULL)
		return NULL;
	if (ia == ib) {
		*err = "cannot link an interface to itself";
		return NULL;
	}
	if (ia->link != NULL || ib->link != NULL) {
		*err = "interface already connected";
		return NULL;
	}
	if ((ia->type == IFT_SERIAL) != (ib->type == IFT_SERIAL)) {
		*err = "cannot link a serial interface to an Ethernet";
		return NULL;
	}
	if (ia->type == IFT_LOOPBACK || ia->type == IFT_TUNNEL ||
	    ib->type == IFT_LOOPBACK || ib->type == IFT_TUNNEL) {
		*err = "virtual interfaces cannot be cabled";
		return NULL;
	}
	snprintf(name, sizeof(name), "%s:%s-%s:%s", a->name, ia->short_name,
	    b->name, ib->short_name);
	name[sizeof(((struct link *)0)->name) - 1] = '\0';
	l = link_new(ia->type == IFT_SERIAL ? LINK_P2P_SERIAL : LINK_P2P_ETHER, name);
	if (ia->type == IFT_SERIAL)
		l->bandwidth_bps = 0;	/* serialisation off unless asked */
	link_attach(l, ia);
	link_attach(l, ib);
	add_link(l);
	return l;
}

struct link *
lab_add_segment(const char *name, const char **err)
{
	struct link *l;

	if (lab_find_segment(name) != NULL) {
		*err = "segment already exists";
		return NULL;
	}
	l = link_new(LINK_SEGMENT, name);
	add_link(l);
	return l;
}

struct link *
lab_find_segment(const char *name)
{
	if (the_lab == NULL)
		return NULL;
	for (int i = 0; i < the_lab->n_links; i++)
		if (the_lab->links[i]->kind == LINK_SEGMENT &&
		    strcasecmp(the_lab->links[i]->name, name) == 0)
			return the_lab->links[i];
	return NULL;
}

int
lab_segment_attach(struct link *l, struct router *r, const char *ifname,
    const char **err)
{
	struct iface *ifp = router_get_iface(r, ifname, err);

	if (ifp == NULL)
		return -1;
	if (ifp->type == IFT_SERIAL || ifp->type == IFT_LOOPBACK ||
	    ifp->type == IFT_TUNNEL) {
		*err = "only Ethernet interfaces join a segment";
		return -1;
	}
	if (ifp->link != NULL) {
		*err = "interface already connected";
		return -1;
	}
	if (link_attach(l, ifp) != 0) {
		*err = "segment is full";
		return -1;
	}
	return 0;
}

char *
lab_nvram_path(const char *router, bool must_exist)
{
	char *path;

	if (the_lab == NULL || the_lab->dir == NULL)
		return NULL;
	if (asprintf(&path, "%s/nvram/%s.cfg", the_lab->dir, router) < 0)
		abort();
	if (must_exist && access(path, R_OK) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};

static int
month_of(const char *s)
{
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0)
			return i;
	return -1;
}

/* Accepts "YYYY-MM-DD HH:MM[:SS]" and IOS "HH:MM:SS DD Mon YYYY" (also
 * "HH:MM:SS Mon DD YYYY"). */
int
lab_set_clock(const char *text, const char **err)
{
	struct tm tm;
	char mon[16];
	int y, mo, d, h, mi, sec = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(text, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec) >= 5) {
		mo -= 1;
	} else if (sscanf(text, "%d:%d:%d %d %15s %d", &h, &mi, &sec, &d, mon, &y) == 6 &&
	    (mo = month_of(mon)) >= 0) {
		;
	} else if (sscanf(text, "%d:%d:%d %15s %d %d", &h, &mi, &sec, mon, &d, &y) == 6 &&
	    (mo = month_of(mon)) >= 0) {
		;
	} else {
		*err = "bad date: use YYYY-MM-DD HH:MM:SS";
		return -1;
	}
	if (y < 1993 || y > 2035 || mo < 0 || mo > 11 || d < 1 || d > 31 ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
		*err = "date out of range";
		return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* The lab date names "now": lab time 0 is that far back. */
	the_lab->start_wall_ns = (int64_t)t * 1000000000LL - (int64_t)sched_now();
	return 0;
}
