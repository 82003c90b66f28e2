/* ACL engine: per-router storage of numbered and named lists, first-match
 * evaluation with per-entry counters and implicit deny, `log` messages,
 * the show/running-config renderers and the walker for crypto code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl_priv.h"
#include "ipv4.h"
#include "log.h"
#include "router.h"

struct acl_db {
	struct acl	**lists;	/* display order */
	int		 n, cap;
};

/* `log` aggregation as IOS: the first packet of a flow is logged at once,
 * later ones are counted and summarised every five minutes. */
#define ACL_LOG_INTERVAL	(5 * 60 * VT_SEC)
#define ACL_LOG_MAXFLOWS	64

struct acl_logflow {
	struct acl_logflow *next;
	struct acl_ent	*ent;
	struct router	*r;
	struct event	*ev;
	struct acl_pktinfo key;
	uint64_t	 count;		/* packets since the last message */
};

static void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		abort();
	return p;
}

static void *
xrealloc(void *p, size_t n, size_t sz)
{
	p = realloc(p, (n ? n : 1) * sz);
	if (p == NULL)
		abort();
	return p;
}

/* ---- lists ------------------------------------------------------------ */

enum acl_numkind
acl_number_kind(const char *name, int *num)
{
	const char *p;
	long	 v;

	if (name == NULL || name[0] == '\0')
		return ACLNUM_BAD;
	for (p = name; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return ACLNUM_NONE;
	if (strlen(name) > 6)
		return ACLNUM_BAD;
	v = strtol(name, NULL, 10);
	if (num != NULL)
		*num = (int)v;
	if ((v >= 1 && v <= 99) || (v >= 1300 && v <= 1999))
		return ACLNUM_STD;
	if ((v >= 100 && v <= 199) || (v >= 2000 && v <= 2699))
		return ACLNUM_EXT;
	return ACLNUM_BAD;
}

/* Numbered lists first by number, then named ones by name. */
static int
acl_order(const struct acl *a, const struct acl *b)
{
	if (a->number && b->number)
		return a->number < b->number ? -1 : a->number > b->number;
	if (a->number || b->number)
		return a->number ? -1 : 1;
	return strcmp(a->name, b->name);
}

struct acl *
acl_find(struct router *r, const char *name)
{
	struct acl_db *db;
	char	 canon[16];
	int	 i, num;

	if (r == NULL || (db = r->acl) == NULL || name == NULL ||
	    name[0] == '\0')
		return NULL;
	/* "010" and "10" are the same numbered list. */
	if (acl_number_kind(name, &num) == ACLNUM_STD ||
	    acl_number_kind(name, &num) == ACLNUM_EXT) {
		snprintf(canon, sizeof(canon), "%d", num);
		name = canon;
	}
	for (i = 0; i < db->n; i++)
		if (strcmp(db->lists[i]->name, name) == 0)
			return db->lists[i];
	return NULL;
}

bool
acl_exists(struct router *r, const char *name)
{
	return acl_find(r, name) != NULL;
}

struct acl *
acl_get(struct router *r, const char *name, bool extended, const char **err)
{
	struct acl_db *db = r->acl;
	struct acl *a;
	enum acl_numkind k;
	int	 num = 0, i;

	k = acl_number_kind(name, &num);
	if (k == ACLNUM_BAD || strlen(name) >= sizeof(a->name) ||
	    (k == ACLNUM_STD && extended) || (k == ACLNUM_EXT && !extended)) {
		*err = "% Invalid access list name.";
		return NULL;
	}
	if ((a = acl_find(r, name)) != NULL) {
		if (a->extended != extended) {
			*err = "% Access-list type conflicts with existing type";
			return NULL;
		}
		return a;
	}
	a = xcalloc(1, sizeof(*a));
	if (k == ACLNUM_NONE)
		snprintf(a->name, sizeof(a->name), "%s", name);
	else {
		snprintf(a->name, sizeof(a->name), "%d", num);
		a->number = num;
	}
	a->extended = extended;
	if (db->n == db->cap) {
		db->cap = db->cap ? db->cap * 2 : 8;
		db->lists = xrealloc(db->lists, (size_t)db->cap,
		    sizeof(*db->lists));
	}
	for (i = db->n; i > 0 && acl_order(db->lists[i - 1], a) > 0; i--)
		db->lists[i] = db->lists[i - 1];
	db->lists[i] = a;
	db->n++;
	return a;
}

static void
flows_free(struct acl_ent *e)
{
	struct acl_logflow *f;

	while ((f = e->flows) != NULL) {
		e->flows = f->next;
		timer_cancel(&f->ev);
		free(f);
	}
}

static void
ent_free(struct acl_ent *e)
{
	if (e == NULL)
		return;
	flows_free(e);
	free(e->remark);
	free(e);
}

static void
acl_free(struct acl *a)
{
	int	i;

	for (i = 0; i < a->n_ents; i++)
		ent_free(a->ents[i]);
	free(a->ents);
	free(a);
}

void
acl_delete(struct router *r, const char *name)
{
	struct acl_db *db = r->acl;
	struct acl *a = acl_find(r, name);
	int	 i;

	if (a == NULL)
		return;
	for (i = 0; i < db->n; i++)
		if (db->lists[i] == a)
			break;
	memmove(&db->lists[i], &db->lists[i + 1],
	    (size_t)(db->n - i - 1) * sizeof(*db->lists));
	db->n--;
	acl_free(a);
}

int
acl_count(struct router *r)
{
	return r->acl ? r->acl->n : 0;
}

struct acl *
acl_nth(struct router *r, int i)
{
	if (r->acl == NULL || i < 0 || i >= r->acl->n)
		return NULL;
	return r->acl->lists[i];
}

/* ---- entries ---------------------------------------------------------- */

static void
ent_insert(struct acl *a, int pos, struct acl_ent *e)
{
	if (a->n_ents == a->cap_ents) {
		a->cap_ents = a->cap_ents ? a->cap_ents * 2 : 8;
		a->ents = xrealloc(a->ents, (size_t)a->cap_ents,
		    sizeof(*a->ents));
	}
	memmove(&a->ents[pos + 1], &a->ents[pos],
	    (size_t)(a->n_ents - pos) * sizeof(*a->ents));
	a->ents[pos] = e;
	a->n_ents++;
	e->acl = a;
}

static void
ent_remove(struct acl *a, int pos)
{
	ent_free(a->ents[pos]);
	memmove(&a->ents[pos], &a->ents[pos + 1],
	    (size_t)(a->n_ents - pos - 1) * sizeof(*a->ents));
	a->n_ents--;
}

static int
max_seq(const struct acl *a)
{
	int	i, m = 0;

	for (i = 0; i < a->n_ents; i++)
		if (a->ents[i]->seq > m)
			m = a->ents[i]->seq;
	return m;
}

int
acl_add_rule(struct acl *a, int seq, const struct acl_rule *rule,
    const char **err)
{
	struct acl_ent *e;
	int	 i, pos, top;

	for (i = 0; i < a->n_ents; i++) {
		if (a->ents[i]->seq == 0)
			continue;
		if (acl_rule_equal(&a->ents[i]->rule, rule))
			return 1;
		if (seq != 0 && a->ents[i]->seq == seq) {
			*err = "% Duplicate sequence number";
			return -1;
		}
	}
	top = max_seq(a);
	if (seq == 0) {
		if (top > 2147483647 - 10) {
			*err = "% Sequence number out of range";
			return -1;
		}
		seq = top + 10;
	}
	if (seq > top)
		pos = a->n_ents;	/* trailing remarks belong to it */
	else {
		for (pos = 0; pos < a->n_ents; pos++)
			if (a->ents[pos]->seq > seq)
				break;
		/* Remarks just before the following entry stay with it. */
		while (pos > 0 && a->ents[pos - 1]->seq == 0)
			pos--;
	}
	e = xcalloc(1, sizeof(*e));
	e->seq = seq;
	e->rule = *rule;
	ent_insert(a, pos, e);
	return 0;
}

void
acl_add_remark(struct acl *a, const char *text)
{
	struct acl_ent *e = xcalloc(1, sizeof(*e));
	size_t	 n = strlen(text) + 1;

	e->remark = xcalloc(1, n);
	memcpy(e->remark, text, n);
	ent_insert(a, a->n_ents, e);
}

bool
acl_del_seq(struct acl *a, int seq)
{
	int	i;

	for (i = 0; i < a->n_ents; i++)
		if (a->ents[i]->seq == seq && seq != 0) {
			ent_remove(a, i);
			return true;
		}
	return false;
}

bool
acl_del_rule(struct acl *a, const struct acl_rule *rule)
{
	int	i;

	for (i = 0; i < a->n_ents; i++)
		if (a->ents[i]->seq != 0 &&
		    acl_rule_equal(&a->ents[i]->rule, rule)) {
			ent_remove(a, i);
			return true;
		}
	return false;
}

bool
acl_del_remark(struct acl *a, const char *text)
{
	int	i;

	for (i = 0; i < a->n_ents; i++)
		if (a->ents[i]->seq == 0 &&
		    strcmp(a->ents[i]->remark, text) == 0) {
			ent_remove(a, i);
			return true;
		}
	return false;
}

void
acl_clear_counters(struct router *r, const char *name)
{
	struct acl *a;
	int	 i, j;

	for (i = 0; i < acl_count(r); i++) {
		a = acl_nth(r, i);
		if (name != NULL && a != acl_find(r, name))
			continue;
		for (j = 0; j < a->n_ents; j++)
			a->ents[j]->matches = 0;
	}
}

/* ---- evaluation ------------------------------------------------------- */

bool
acl_pkt_parse(const uint8_t *ip, size_t len, struct acl_pktinfo *pi)
{
	const uint8_t *l4;
	size_t	 ihl, tot, l4len;
	unsigned frag;

	memset(pi, 0, sizeof(*pi));
	if (ip == NULL || len < 20 || (ip[0] >> 4) != 4)
		return false;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	tot = (size_t)ip[2] << 8 | ip[3];
	if (ihl < 20 || ihl > len || tot < ihl)
		return false;
	if (tot < len)
		len = tot;
	pi->proto = ip[9];
	pi->src = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 |
	    (uint32_t)ip[14] << 8 | ip[15];
	pi->dst = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 |
	    (uint32_t)ip[18] << 8 | ip[19];
	frag = ((unsigned)(ip[6] & 0x1f) << 8) | ip[7];
	pi->frag_nonfirst = frag != 0;
	if (pi->frag_nonfirst)
		return true;
	l4 = ip + ihl;
	l4len = len - ihl;
	if ((pi->proto == 6 || pi->proto == 17) && l4len >= 4) {
		pi->has_ports = true;
		pi->sport = (uint16_t)(l4[0] << 8 | l4[1]);
		pi->dport = (uint16_t)(l4[2] << 8 | l4[3]);
	}
	if (pi->proto == 6 && l4len >= 14) {
		pi->has_tcpflags = true;
		pi->tcp_flags = l4[13];
	}
	if (pi->proto == 1 && l4len >= 2) {
		pi->has_icmp = true;
		pi->icmp_type = l4[0];
		pi->icmp_code = l4[1];
	}
	return true;
}

static bool
port_match(const struct acl_portspec *ps, uint16_t p)
{
	switch (ps->op) {
	case PORT_EQ:
		return p == ps->lo;
	case PORT_NEQ:
		return p != ps->lo;
	case PORT_GT:
		return p > ps->lo;
	case PORT_LT:
		return p < ps->lo;
	case PORT_RANGE:
		return p >= ps->lo && p <= ps->hi;
	default:
		return true;
	}
}

static bool
rule_match(const struct acl_rule *r, bool extended,
    const struct acl_pktinfo *pi)
{
	bool	l4;

	if ((pi->src & ~r->src_wild) != r->src)
		return false;
	if (!extended)
		return true;
	if ((pi->dst & ~r->dst_wild) != r->dst)
		return false;
	if (r->proto != ACL_PROTO_IP && r->proto != pi->proto)
		return false;
	l4 = r->sport.op != PORT_ANY || r->dport.op != PORT_ANY ||
	    r->icmp_type >= 0 || r->established;
	if (!l4)
		return true;
	/* Non-initial fragments carry no L4 header.  IOS: a permit entry
	 * whose L3 part matches permits them; a deny entry with L4 info is
	 * skipped (see "Access Control Lists and IP Fragments"). */
	if (pi->frag_nonfirst)
		return r->permit;
	if (r->sport.op != PORT_ANY || r->dport.op != PORT_ANY) {
		if (!pi->has_ports || !port_match(&r->sport, pi->sport) ||
		    !port_match(&r->dport, pi->dport))
			return false;
	}
	if (r->icmp_type >= 0) {
		if (!pi->has_icmp || pi->icmp_type != r->icmp_type)
			return false;
		if (r->icmp_code >= 0 && pi->icmp_code != r->icmp_code)
			return false;
	}
	if (r->established) {
		/* ACK or RST set: part of an established connection. */
		if (!pi->has_tcpflags || (pi->tcp_flags & 0x14) == 0)
			return false;
	}
	return true;
}

static void
log_flow(struct acl_logflow *f, uint64_t n)
{
	const struct acl_pktinfo *k = &f->key;
	struct acl_ent *e = f->ent;
	const char *verb = e->rule.permit ? "permitted" : "denied";
	const char *pl = n == 1 ? "" : "s";
	char	 s[16], d[16];

	ip_ntoa(k->src, s);
	ip_ntoa(k->dst, d);
	if (!e->acl->extended)
		rlog(f->r, SEV_INFO, "SEC", "IPACCESSLOGS",
		    "list %s %s %s %llu packet%s", e->acl->name, verb, s,
		    (unsigned long long)n, pl);
	else if (k->has_ports)
		rlog(f->r, SEV_INFO, "SEC", "IPACCESSLOGP",
		    "list %s %s %s %s(%u) -> %s(%u), %llu packet%s",
		    e->acl->name, verb, k->proto == 6 ? "tcp" : "udp", s,
		    (unsigned)k->sport, d, (unsigned)k->dport,
		    (unsigned long long)n, pl);
	else if (k->has_icmp)
		rlog(f->r, SEV_INFO, "SEC", "IPACCESSLOGDP",
		    "list %s %s icmp %s -> %s (%u/%u), %llu packet%s",
		    e->acl->name, verb, s, d, (unsigned)k->icmp_type,
		    (unsigned)k->icmp_code, (unsigned long long)n, pl);
	else
		rlog(f->r, SEV_INFO, "SEC", "IPACCESSLOGNP",
		    "list %s %s %u %s -> %s, %llu packet%s", e->acl->name,
		    verb, (unsigned)k->proto, s, d, (unsigned long long)n, pl);
}

static void
flow_timer(void *arg)
{
	struct acl_logflow *f = arg, **pp;

	if (f->count > 0) {
		log_flow(f, f->count);
		f->count = 0;
		timer_set(&f->ev, ACL_LOG_INTERVAL, flow_timer, f);
		return;
	}
	for (pp = &f->ent->flows; *pp != NULL; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	free(f);
}

static void
acl_log(struct router *r, struct acl_ent *e, const struct acl_pktinfo *pi)
{
	struct acl_logflow *f;
	struct acl_pktinfo key;
	int	 n = 0;

	/* The flow key: what the message prints. */
	memset(&key, 0, sizeof(key));
	key.src = pi->src;
	if (e->acl->extended) {
		key.dst = pi->dst;
		key.proto = pi->proto;
		key.has_ports = pi->has_ports;
		key.sport = pi->sport;
		key.dport = pi->dport;
		key.has_icmp = pi->has_icmp;
		key.icmp_type = pi->icmp_type;
		key.icmp_code = pi->icmp_code;
	}
	for (f = e->flows; f != NULL; f = f->next, n++)
		if (memcmp(&f->key, &key, sizeof(key)) == 0) {
			f->count++;
			return;
		}
	if (n >= ACL_LOG_MAXFLOWS)
		return;
	f = xcalloc(1, sizeof(*f));
	f->ent = e;
	f->r = r;
	f->key = key;
	f->next = e->flows;
	e->flows = f;
	log_flow(f, 1);
	timer_set(&f->ev, ACL_LOG_INTERVAL, flow_timer, f);
}

enum acl_verdict
acl_eval(struct router *r, const char *name, const uint8_t *ip, size_t len,
    bool count)
{
	struct acl_pktinfo pi;
	struct acl_ent *e;
	struct acl *a;
	int	 i;

	if ((a = acl_find(r, name)) == NULL)
		return ACL_PERMIT;
	if (!acl_pkt_parse(ip, len, &pi))
		return ACL_DENY;
	for (i = 0; i < a->n_ents; i++) {
		e = a->ents[i];
		if (e->seq == 0 || !rule_match(&e->rule, a->extended, &pi))
			continue;
		if (count) {
			e->matches++;
			if (e->rule.log)
				acl_log(r, e, &pi);
		}
		return e->rule.permit ? ACL_PERMIT : ACL_DENY;
	}
	return ACL_DENY;
}

int
acl_walk(struct router *r, const char *name, acl_walk_fn fn, void *ctx)
{
	struct acl_entry_view v;
	const struct acl_rule *ru;
	const struct acl_portspec *ps[2];
	uint16_t *lo[2], *hi[2];
	struct acl *a;
	int	 i, j, n = 0;

	if ((a = acl_find(r, name)) == NULL)
		return -1;
	for (i = 0; i < a->n_ents; i++) {
		if (a->ents[i]->seq == 0)
			continue;
		ru = &a->ents[i]->rule;
		memset(&v, 0, sizeof(v));
		v.permit = ru->permit;
		v.seq = a->ents[i]->seq;
		v.proto = ru->proto == ACL_PROTO_IP ? 0 : (uint8_t)ru->proto;
		v.src = ru->src;
		v.src_wild = ru->src_wild;
		v.dst = a->extended ? ru->dst : 0;
		v.dst_wild = a->extended ? ru->dst_wild : 0xffffffffu;
		ps[0] = &ru->sport;
		ps[1] = &ru->dport;
		lo[0] = &v.sport_lo; hi[0] = &v.sport_hi;
		lo[1] = &v.dport_lo; hi[1] = &v.dport_hi;
		for (j = 0; j < 2; j++) {
			*lo[j] = 0;
			*hi[j] = 65535;
			switch (ps[j]->op) {
			case PORT_EQ:
				*lo[j] = *hi[j] = ps[j]->lo;
				break;
			case PORT_RANGE:
				*lo[j] = ps[j]->lo;
				*hi[j] = ps[j]->hi;
				break;
			case PORT_GT:
				*lo[j] = ps[j]->lo < 65535 ?
				    (uint16_t)(ps[j]->lo + 1) : 65535;
				break;
			case PORT_LT:
				*hi[j] = ps[j]->lo > 0 ?
				    (uint16_t)(ps[j]->lo - 1) : 0;
				break;
			default:	/* any; neq is not a range */
				break;
			}
		}
		n++;
		if (!fn(ctx, &v))
			break;
	}
	return n;
}

/* ---- rendering -------------------------------------------------------- */

static void
show_one(const struct acl *a, struct strbuf *sb)
{
	const struct acl_ent *e;
	int	 i;

	sb_printf(sb, "%s IP access list %s\n",
	    a->extended ? "Extended" : "Standard", a->name);
	for (i = 0; i < a->n_ents; i++) {
		e = a->ents[i];
		if (e->seq == 0)
			continue;	/* remarks: running-config only */
		sb_printf(sb, "    %d ", e->seq);
		acl_rule_format(&e->rule, a->extended, false, sb);
		if (e->matches > 0)
			sb_printf(sb, " (%llu match%s)",
			    (unsigned long long)e->matches,
			    e->matches == 1 ? "" : "es");
		sb_puts(sb, "\n");
	}
}

void
acl_show(struct router *r, const char *name, struct strbuf *sb)
{
	struct acl *a;
	int	 i;

	if (name != NULL) {
		if ((a = acl_find(r, name)) != NULL)
			show_one(a, sb);
		return;
	}
	for (i = 0; i < acl_count(r); i++)
		show_one(acl_nth(r, i), sb);
}

void
acl_format_lines(struct router *r, const char *name, const char *prefix,
    struct strbuf *sb)
{
	const struct acl *a = acl_find(r, name);

	if (a == NULL)
		return;
	for (int j = 0; j < a->n_ents; j++) {
		const struct acl_ent *e = a->ents[j];

		if (e->seq == 0)
			continue;	/* remark */
		sb_printf(sb, "%saccess-list %s ", prefix, a->name);
		acl_rule_format(&e->rule, a->extended, !a->extended, sb);
		sb_puts(sb, "\n");
	}
}

void
acl_write_config(struct router *r, struct strbuf *sb)
{
	const struct acl_ent *e;
	const struct acl *a;
	bool	 any = false;
	int	 i, j;

	/* Named lists first, as IOS prints them right after the routes;
	 * numbered ones follow as one block of `access-list` lines. */
	for (i = 0; i < acl_count(r); i++) {
		a = acl_nth(r, i);
		if (a->number)
			continue;
		any = true;
		sb_printf(sb, "ip access-list %s %s\n",
		    a->extended ? "extended" : "standard", a->name);
		for (j = 0; j < a->n_ents; j++) {
			e = a->ents[j];
			if (e->seq == 0) {
				sb_printf(sb, " remark %s\n", e->remark);
				continue;
			}
			sb_puts(sb, " ");
			acl_rule_format(&e->rule, a->extended, true, sb);
			sb_puts(sb, "\n");
		}
	}
	if (any)
		sb_puts(sb, "!\n");
	any = false;
	for (i = 0; i < acl_count(r); i++) {
		a = acl_nth(r, i);
		if (!a->number)
			continue;
		for (j = 0; j < a->n_ents; j++) {
			e = a->ents[j];
			any = true;
			if (e->seq == 0) {
				sb_printf(sb, "access-list %s remark %s\n",
				    a->name, e->remark);
				continue;
			}
			sb_printf(sb, "access-list %s ", a->name);
			acl_rule_format(&e->rule, a->extended, true, sb);
			sb_puts(sb, "\n");
		}
	}
	if (any)
		sb_puts(sb, "!\n");
}

/* ---- per router ------------------------------------------------------- */

void
acl_router_init(struct router *r)
{
	r->acl = xcalloc(1, sizeof(*r->acl));
}

void
acl_router_free(struct router *r)
{
	struct acl_db *db;
	int	 i;

	if (r == NULL || (db = r->acl) == NULL)
		return;
	for (i = 0; i < db->n; i++)
		acl_free(db->lists[i]);
	free(db->lists);
	free(db);
	r->acl = NULL;
}
