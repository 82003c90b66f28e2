/* Debug flag registry, per-router debug state and debug conditions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"

/* debug ip packet [(1-199)] [detail]: IOS says which ACL and whether
 * detailed. */
static uint32_t
ip_packet_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	uint32_t lvl = DBG_LVL_ON;
	const char *acl = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "detail") == 0)
			lvl |= DBG_LVL_DETAILED;
		else if (argv[i][0] >= '0' && argv[i][0] <= '9')
			acl = argv[i];
	}
	snprintf(d->arg[id], sizeof(d->arg[id]), "%s", acl ? acl : "");
	sb_printf(out, "IP packet debugging is on%s", lvl & DBG_LVL_DETAILED ?
	    " (detailed)" : "");
	if (acl != NULL)
		sb_printf(out, " for access list %s", acl);
	sb_puts(out, "\n");
	return lvl;
}

static void
ip_packet_show(const struct debugs *d, int id, struct strbuf *out)
{
	sb_printf(out, "  IP packet debugging is on%s",
	    d->level[id] & DBG_LVL_DETAILED ? " (detailed)" : "");
	if (d->arg[id][0] != '\0')
		sb_printf(out, " for access list %s", d->arg[id]);
	sb_puts(out, "\n");
}

static const struct debug_desc fixed[DBG_FIXED_MAX] = {
	[DBG_IP_PACKET] = { "ip packet",
		"IP information\n" "General IP debugging and IPSO security transactions\n",
		"Generic IP", "IP packet debugging is on",
		"IP packet debugging is off",
		"[(1-199)] [detail]",
		"Access list\n" "Print more debugging detail\n",
		ip_packet_set, ip_packet_show },
	[DBG_IP_ICMP] = { "ip icmp",
		"IP information\n" "ICMP transactions\n",
		"Generic IP", "ICMP packet debugging is on",
		"ICMP packet debugging is off", NULL, NULL, NULL, NULL },
	[DBG_IP_UDP] = { "ip udp",
		"IP information\n" "UDP based transactions\n",
		"Generic IP", "UDP packet debugging is on",
		"UDP packet debugging is off", NULL, NULL, NULL, NULL },
	[DBG_ARP] = { "arp",
		"IP ARP and HP Probe transactions\n",
		"Generic IP", "ARP packet debugging is on",
		"ARP packet debugging is off", NULL, NULL, NULL, NULL },
};

static const struct debug_desc *registry[DEBUG_MAX];
static int n_registered = DBG_FIXED_MAX;
static void (*register_hook)(int id);

const struct debug_desc *
debug_desc(int id)
{
	if (id < 0 || id >= n_registered)
		return NULL;
	if (id < DBG_FIXED_MAX)
		return &fixed[id];
	return registry[id];
}

int
debug_count(void)
{
	return n_registered;
}

int
debug_register(const struct debug_desc *desc)
{
	int id;

	if (desc == NULL || n_registered >= DEBUG_MAX)
		return -1;
	/* Registering the same path twice (two inits) returns the first. */
	if ((id = debug_find(desc->path)) >= 0)
		return id;
	id = n_registered++;
	registry[id] = desc;
	if (register_hook != NULL)
		register_hook(id);
	return id;
}

int
debug_find(const char *path)
{
	int i;

	for (i = 0; i < n_registered; i++)
		if (strcmp(debug_desc(i)->path, path) == 0)
			return i;
	return -1;
}

void
debug_set_register_hook(void (*hook)(int id))
{
	int i;

	register_hook = hook;
	if (hook != NULL)
		for (i = 0; i < n_registered; i++)
			hook(i);
}

/* ---- state ------------------------------------------------------------ */

struct debugs *
debugs_new(void)
{
	struct debugs *d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		abort();
	d->next_cond_id = 1;
	return d;
}

void
debugs_free(struct debugs *d)
{
	free(d);
}

void
debug_set(struct debugs *d, int id, uint32_t level)
{
	if (id < 0 || id >= DEBUG_MAX)
		return;
	if (d->level[id] == 0 && level != 0)
		d->n_on++;
	else if (d->level[id] != 0 && level == 0)
		d->n_on--;
	d->level[id] = level;
	if (level == 0)
		d->arg[id][0] = '\0';
}

void
debug_all_off(struct debugs *d)
{
	memset(d->level, 0, sizeof(d->level));
	memset(d->arg, 0, sizeof(d->arg));
	d->n_on = 0;
}

/* Grouped by heading, groups in order of their first flag. */
void
debug_show(const struct debugs *d, struct strbuf *sb)
{
	const struct debug_desc *a, *b;
	bool done[DEBUG_MAX] = { false };
	int i, j;

	for (i = 0; i < n_registered; i++) {
		if (done[i] || d->level[i] == 0)
			continue;
		a = debug_desc(i);
		sb_printf(sb, "%s:\n", a->group);
		for (j = i; j < n_registered; j++) {
			b = debug_desc(j);
			if (done[j] || d->level[j] == 0 ||
			    strcmp(a->group, b->group) != 0)
				continue;
			done[j] = true;
			if (b->show_fn != NULL)
				b->show_fn(d, j, sb);
			else
				sb_printf(sb, "  %s\n", b->on_msg);
		}
	}
}

/* ---- conditions ------------------------------------------------------- */

static bool
kind_is_ip(int kind)
{
	return kind == DCOND_IP || kind == DCOND_CRYPTO_PEER ||
	    kind == DCOND_GDOI_PEER;
}

static bool
cond_match(const struct debug_cond *c, int kind, const void *value)
{
	if (c->kind != kind || value == NULL)
		return false;
	if (kind_is_ip(kind))
		return c->addr == *(const uint32_t *)value;
	return strcmp(c->name, (const char *)value) == 0;
}

int
debug_cond_add(struct debugs *d, int kind, const void *value)
{
	struct debug_cond *c;
	int i;

	if (kind < 0 || kind >= DCOND_MAX || value == NULL)
		return -1;
	for (i = 0; i < d->n_cond; i++)
		if (cond_match(&d->cond[i], kind, value))
			return d->cond[i].id;
	if (d->n_cond >= DEBUG_MAX_COND)
		return -1;
	c = &d->cond[d->n_cond++];
	memset(c, 0, sizeof(*c));
	c->id = d->next_cond_id++;
	c->kind = kind;
	if (kind_is_ip(kind))
		c->addr = *(const uint32_t *)value;
	else
		snprintf(c->name, sizeof(c->name), "%s", (const char *)value);
	return c->id;
}

static void
cond_remove_at(struct debugs *d, int i)
{
	memmove(&d->cond[i], &d->cond[i + 1],
	    (size_t)(d->n_cond - i - 1) * sizeof(d->cond[0]));
	d->n_cond--;
	/* IOS numbers conditions from 1 again once none is left. */
	if (d->n_cond == 0)
		d->next_cond_id = 1;
}

bool
debug_cond_del(struct debugs *d, int id)
{
	int i;

	for (i = 0; i < d->n_cond; i++) {
		if (d->cond[i].id == id) {
			cond_remove_at(d, i);
			return true;
		}
	}
	return false;
}

bool
debug_cond_del_value(struct debugs *d, int kind, const void *value)
{
	int i;

	for (i = 0; i < d->n_cond; i++) {
		if (cond_match(&d->cond[i], kind, value)) {
			cond_remove_at(d, i);
			return true;
		}
	}
	return false;
}

void
debug_cond_clear(struct debugs *d, int kind)
{
	int i;

	for (i = d->n_cond - 1; i >= 0; i--)
		if (kind < 0 || d->cond[i].kind == kind)
			cond_remove_at(d, i);
}

int
debug_cond_count(const struct debugs *d, int kind)
{
	int i, n = 0;

	for (i = 0; i < d->n_cond; i++)
		if (kind < 0 || d->cond[i].kind == kind)
			n++;
	return n;
}

bool
debug_cond_pass(const struct debugs *cd, int kind, const void *value)
{
	struct debugs *d = (struct debugs *)cd;	/* hit counters only */
	int i;
	bool any = false;

	if (d == NULL)
		return true;
	for (i = 0; i < d->n_cond; i++) {
		if (d->cond[i].kind != kind)
			continue;
		any = true;
		if (cond_match(&d->cond[i], kind, value)) {
			d->cond[i].hits++;
			return true;
		}
	}
	if (!any)
		return true;
	return value == NULL && d->unmatched;
}

static const char *
kind_word(int kind)
{
	switch (kind) {
	case DCOND_IP:
		return "ip";
	case DCOND_IFACE:
		return "interface";
	case DCOND_CRYPTO_PEER:
		return "crypto peer ipv4";
	case DCOND_GDOI_PEER:
		return "gdoi peer ipv4";
	case DCOND_GDOI_GROUP:
		return "gdoi group";
	}
	return "?";
}

void
debug_cond_show(const struct debugs *d, struct strbuf *sb)
{
	const struct debug_cond *c;
	int i;

	for (i = 0; i < d->n_cond; i++) {
		c = &d->cond[i];
		sb_printf(sb, "Condition %d: %s ", c->id, kind_word(c->kind));
		if (kind_is_ip(c->kind))
			sb_printf(sb, "%u.%u.%u.%u", c->addr >> 24,
			    (c->addr >> 16) & 0xff, (c->addr >> 8) & 0xff,
			    c->addr & 0xff);
		else
			sb_puts(sb, c->name);
		sb_printf(sb, " (%d flags triggered)\n", d->n_on);
	}
}
