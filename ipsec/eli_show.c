/* `show crypto eli [all | detail]` and `show crypto ruleset [detail]`.
 *
 * show crypto eli: the crypto engine layer.  Layout of the IOS-XE
 * reference outputs show_crypto_eli__1 and show_crypto_eli_all__1
 * ("Hardware Encryption : ...", " Number of hardware crypto engines =
 * N", one " CryptoEngine NAME details: state = Active" block with its
 * Capability line and its "IKE-Session   : N active, N max, N failed,
 * N created" counters; "created" counts since boot).  A vpnsim router has no hardware engine, only the
 * software one, so Hardware Encryption is INACTIVE; the software engine's
 * block is shown in both forms because it is the one that carries the
 * sessions (IOS lists it under `all` only, next to its hardware engines).
 * The counts are live: complete IKE SAs, IKE SAs still negotiating (their
 * DH pair in use), and ESP SAs (one per direction).  "max" is vpnsim's
 * nominal capacity, not a measured limit; vpnsim counts no failures of
 * the engine itself (0).  The DH pregeneration lines of the samples are
 * left out: vpnsim keeps no such statistics.
 *
 * show crypto ruleset: the classification rules of each interface with a
 * crypto map, as in seed 003's "Example Passive SA":
 *
 *	Ethernet0/0:
 *	  59 ANY ANY DENY
 *	  11 ANY/848 ANY/848 DENY
 *	  IP ANY ANY IPsec SA Passive
 *	  IP ANY ANY IPsec Cryptomap
 *
 * (protocol in hex, "IP" for any; address "ANY", a host, or a prefix;
 * "/port" for a single port).  For a GDOI entry: the GM's local deny
 * lines, then the policy downloaded from the key server (deny lines DENY,
 * permit lines the group SA -- "Passive" when the member is in inbound
 * optional mode, none while it receives only -- and the crypto map).
 * For an ipsec-isakmp entry: its ACL (deny lines DENY; permit lines the
 * flow's SA once IKE made one, and the crypto map).  `detail` prefixes
 * each rule with its node id and shows where a DENY goes, as the seed's
 * "20000001000019 59 ANY ANY DENY -> 20000001999999": vpnsim numbers
 * the rules 2000000<n><line*10+k> (n: the interface, k 9 for DENY and
 * crypto map rules, 5 for SA rules), the seed's example reproduced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "cli.h"
#include "crypto_cfg.h"
#include "engine.h"
#include "gdoi_show.h"
#include "iface.h"
#include "ike.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"
#include "strbuf.h"

/* vpnsim's nominal engine capacity (IOS prints the platform's). */
#define ELI_MAX_IKE	5000
#define ELI_MAX_DH	5000
#define ELI_MAX_IPSEC	10000
#define ELI_MAX_LIST	1024

/* ---- show crypto eli ------------------------------------------------------ */

DEFUN(show_eli, "show crypto eli [(all|detail)]",
    SHOW_STR CRYPTO_STR "Encryption Layer Interface information\n"
    "All crypto engines\n" "Detailed information\n")
{
	struct router *r = vty_router(vty);
	struct ike_sa_info *ike;
	unsigned n_ike = 0, n_dh = 0, n_esp = 0;
	uint64_t c_ike = 0, c_dh = 0, c_esp = 0;
	int	 n;

	if ((ike = calloc(ELI_MAX_LIST, sizeof(*ike))) == NULL)
		abort();
	n = r->ipsec != NULL ? ike_sa_info_list(r, ike, ELI_MAX_LIST) : 0;
	for (int i = 0; i < n && i < ELI_MAX_LIST; i++) {
		if (ike[i].deleted)
			continue;
		if (ike[i].active)
			n_ike++;
		else
			n_dh++;
	}
	free(ike);
	if (r->ipsec != NULL) {
		struct sadb *db = ipsec_sadb(r);
		struct ipsec_sa *sa;

		for (sa = sadb_next(db, NULL); sa != NULL;
		    sa = sadb_next(db, sa))
			if (sa->state == IPSEC_SA_ACTIVE)
				n_esp++;
		c_esp = sadb_stats(db)->added;
		ike_engine_created(r, &c_ike, &c_dh);
	}
	vty_out(vty, "Hardware Encryption : INACTIVE\n");
	if (argc > 3)
		vty_out(vty, " Number of crypto engines = 1\n");
	else
		vty_out(vty, " Number of hardware crypto engines = 0\n");
	vty_out(vty, "\n CryptoEngine Software Crypto Engine details: "
	    "state = Active\n");
	vty_out(vty, " Capability    : DES, 3DES, AES, GCM, RSA, GDOI, "
	    "FAILCLOSE\n\n");
	vty_out(vty, " IKE-Session   : %5u active, %5u max, 0 failed, %llu "
	    "created\n", n_ike, ELI_MAX_IKE, (unsigned long long)c_ike);
	vty_out(vty, " DH            : %5u active, %5u max, 0 failed, %llu "
	    "created\n", n_dh, ELI_MAX_DH, (unsigned long long)c_dh);
	vty_out(vty, " IPSec-Session : %5u active, %5u max, 0 failed, %llu "
	    "created\n", n_esp, ELI_MAX_IPSEC, (unsigned long long)c_esp);
	return CMD_SUCCESS;
}

/* ---- show crypto ruleset -------------------------------------------------- */

struct rs {
	struct strbuf	*sb;
	bool		 detail;
	unsigned	 ifn;		/* interface number in the ids */
	unsigned	 line;		/* ACL lines so far on the interface */
};

static void
rs_addr(char *buf, size_t len, uint32_t a, uint32_t wild, uint8_t proto,
    uint16_t lo, uint16_t hi)
{
	char	 ab[40];

	gdoi_show_addr(ab, sizeof(ab), a, wild);
	if ((proto == 6 || proto == 17) && lo == hi)
		snprintf(buf, len, "%s/%u", ab, lo);
	else
		snprintf(buf, len, "%s", ab);
}

/* One rule: k is 9 (DENY, crypto map) or 5 (SA). */
static void
rs_rule(struct rs *c, const struct acl_entry_view *v, unsigned k,
    const char *action)
{
	char	 p[8], s[56], d[56];

	if (v->proto == 0)
		snprintf(p, sizeof(p), "IP");
	else
		snprintf(p, sizeof(p), "%X", v->proto);
	rs_addr(s, sizeof(s), v->src, v->src_wild, v->proto, v->sport_lo,
	    v->sport_hi);
	rs_addr(d, sizeof(d), v->dst, v->dst_wild, v->proto, v->dport_lo,
	    v->dport_hi);
	sb_puts(c->sb, "  ");
	if (c->detail)
		sb_printf(c->sb, "2000000%u%06u ", c->ifn, c->line * 10 + k);
	sb_printf(c->sb, "%s %s %s %s", p, s, d, action);
	if (c->detail && strcmp(action, "DENY") == 0)
		sb_printf(c->sb, " -> 2000000%u999999", c->ifn);
	sb_puts(c->sb, "\n");
}

static bool
rs_local_deny(void *ctx, const struct acl_entry_view *v)
{
	struct rs *c = ctx;

	if (!v->permit) {
		c->line++;
		rs_rule(c, v, 9, "DENY");
	}
	return true;
}

static void
rs_gdoi(struct rs *c, struct router *r, const struct crypto_map_entry *e)
{
	struct gdoi_gm_view v;

	/* The member's own deny lines come first (its merged ACL). */
	if (e->acl[0] != '\0')
		(void)acl_walk(r, e->acl, rs_local_deny, c);
	if (!gdoi_gm_view(r, e->gdoi_group, &v))
		return;
	for (int i = 0; i < v.n_aces; i++) {
		const struct acl_entry_view *a = &v.aces[i];

		c->line++;
		if (!a->permit) {
			rs_rule(c, a, 9, "DENY");
			continue;
		}
		if (v.dir == GDOI_SHOW_INBOUND_OPTIONAL)
			rs_rule(c, a, 5, "IPsec SA Passive");
		else if (v.dir == GDOI_SHOW_BOTH)
			rs_rule(c, a, 5, "IPsec SA");
		rs_rule(c, a, 9, "IPsec Cryptomap");
	}
}

struct rs_isakmp {
	struct rs	*c;
	struct router	*r;
	const struct crypto_map *m;
	const struct crypto_map_entry *e;
	const char	*ifname;
};

/* Has IKE made an SA pair for this ACL line on this map entry? */
static bool
rs_flow(const struct rs_isakmp *x, const struct acl_entry_view *v)
{
	struct ipsec_engine *eng = ipsec_engine(x->r);
	const struct ipsec_flow *f;

	TAILQ_FOREACH(f, &eng->flows, entry) {
		if (strcmp(f->map, x->m->name) != 0 || f->seq != x->e->seq ||
		    strcmp(f->ifname, x->ifname) != 0 || f->out == NULL ||
		    f->out->state != IPSEC_SA_ACTIVE)
			continue;
		if (f->lid.proto == v->proto && f->lid.mask == ~v->src_wild &&
		    f->lid.addr == (v->src & ~v->src_wild) &&
		    f->rid.mask == ~v->dst_wild &&
		    f->rid.addr == (v->dst & ~v->dst_wild))
			return true;
	}
	return false;
}

static bool
rs_isakmp_line(void *ctx, const struct acl_entry_view *v)
{
	struct rs_isakmp *x = ctx;

	x->c->line++;
	if (!v->permit) {
		rs_rule(x->c, v, 9, "DENY");
		return true;
	}
	if (rs_flow(x, v))
		rs_rule(x->c, v, 5, "IPsec SA");
	rs_rule(x->c, v, 9, "IPsec Cryptomap");
	return true;
}

DEFUN(show_ruleset, "show crypto ruleset [detail]",
    SHOW_STR CRYPTO_STR "Crypto outbound rules\n" "Detailed rules\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct rs c;

	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	c.detail = argc > 3;
	for (int i = 0; r->ipsec != NULL && i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		struct crypto_map *m = ipsec_iface_map(ifp);

		if (m == NULL)
			continue;
		c.ifn++;
		c.line = 0;
		sb_printf(&sb, "%s:\n", ifp->name);
		for (int k = 0; k < m->n_ents; k++) {
			const struct crypto_map_entry *e = m->ents[k];

			if (e->type == CMAP_GDOI) {
				if (e->gdoi_group[0] != '\0')
					rs_gdoi(&c, r, e);
			} else if (ipsec_map_entry_complete(r, e)) {
				struct rs_isakmp x = { &c, r, m, e,
				    ifp->name };

				(void)acl_walk(r, e->acl, rs_isakmp_line, &x);
			}
		}
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

void
eli_show_init(void)
{
	cli_install(ENABLE_NODE, &show_eli_cmd);
	cli_install(ENABLE_NODE, &show_ruleset_cmd);
}
