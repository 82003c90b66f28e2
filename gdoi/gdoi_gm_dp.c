/* The group member's data plane: the call-outs of ipsec/dp.h for an
 * interface whose crypto map has a GDOI entry.
 *
 * Outbound, in the order of seed 003 "Group Member Access Control List"
 * ("The group member ACL (except the implicit deny) is inserted into the
 * database first, followed by the downloaded key server ACL ... the
 * database search stops whenever a matched entry is found"):
 *   fail-close while it is in force (gdoi_failclose.c); our own GDOI and
 *   IKE traffic; the GM's `match address` (deny: clear; permit: dropped,
 *   "The group member can support only an ACL for deny. Any traffic
 *   matching the permit entry will be dropped"); the downloaded policy
 *   (deny: clear; permit: ESP with the current TEK, tunnel mode with
 *   address preservation, unless the member is inbound only).
 * Inbound: fragments of ESP are reassembled first (gdoi_vfr.c); group ESP
 * is decrypted (counter replay when the KS sends a window); clear text
 * is checked against the mirrored policy: in "both" mode what should have
 * come encrypted is dropped and counted (%CRYPTO-4-RECVD_PKT_NOT_IPSEC),
 * in the passive and inbound-only modes it is accepted.
 * Each downloaded ACE counts its packets (gdoi_gmg ace_enc / ace_dec). */
#include <string.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "esp.h"
#include "gdoi_debug.h"
#include "gdoi_gm_int.h"
#include "gdoi_proto.h"
#include "iface.h"
#include "ipv4.h"
#include "log.h"
#include "pkt.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"

/* Rate-limited syslogs, as the crypto-map data plane limits them. */
enum { DPLOG_REPLAY, DPLOG_MAC, DPLOG_NOT_IPSEC, DPLOG_N };
static const vtime_t log_interval[DPLOG_N] = {
	[DPLOG_REPLAY] = 30 * VT_SEC,
	[DPLOG_MAC] = 30 * VT_SEC,
	[DPLOG_NOT_IPSEC] = 60 * VT_SEC,
};

static bool
log_ok(struct gdoi_proto *gp, int m)
{
	vtime_t now = sched_now();

	if (gp->dp_logged[m] && now < gp->dp_log_at[m] + log_interval[m])
		return false;
	gp->dp_logged[m] = true;
	gp->dp_log_at[m] = now;
	return true;
}

/* ---- selectors and matching ---------------------------------------------- */

bool
gdoi_psel_parse(const struct pkt *p, struct gdoi_psel *s)
{
	const uint8_t *ip = p->data;
	size_t	 hl;
	unsigned off;

	if (p->len < 20 || (ip[0] >> 4) != 4)
		return false;
	hl = (size_t)(ip[0] & 0x0f) * 4;
	if (hl < 20 || hl > p->len)
		return false;
	memset(s, 0, sizeof(*s));
	s->proto = ip[9];
	s->src = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 |
	    (uint32_t)ip[14] << 8 | ip[15];
	s->dst = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 |
	    (uint32_t)ip[18] << 8 | ip[19];
	off = ((unsigned)(ip[6] & 0x1f) << 8) | ip[7];
	s->frag = off != 0 || (ip[6] & 0x20) != 0;
	if (off == 0 && p->len >= hl + 4 && (s->proto == 6 || s->proto == 17)) {
		s->sport = (uint16_t)(ip[hl] << 8 | ip[hl + 1]);
		s->dport = (uint16_t)(ip[hl + 2] << 8 | ip[hl + 3]);
	}
	return true;
}

void
gdoi_psel_mirror(const struct gdoi_psel *s, struct gdoi_psel *m)
{
	*m = *s;
	m->src = s->dst;
	m->dst = s->src;
	m->sport = s->dport;
	m->dport = s->sport;
}

bool
gdoi_ace_covers(const struct acl_entry_view *v, uint8_t proto, uint32_t src,
    uint32_t dst, uint16_t sport, uint16_t dport)
{
	if (v->proto != 0 && v->proto != proto)
		return false;
	if ((src & ~v->src_wild) != (v->src & ~v->src_wild) ||
	    (dst & ~v->dst_wild) != (v->dst & ~v->dst_wild))
		return false;
	if (v->proto == 6 || v->proto == 17)
		if (sport < v->sport_lo || sport > v->sport_hi ||
		    dport < v->dport_lo || dport > v->dport_hi)
			return false;
	return true;
}

static bool
covers(const struct acl_entry_view *v, const struct gdoi_psel *s)
{
	return gdoi_ace_covers(v, s->proto, s->src, s->dst, s->sport,
	    s->dport);
}

struct first_match {
	const struct gdoi_psel *s;
	int		 verdict;
};

static bool
first_match_fn(void *ctx, const struct acl_entry_view *v)
{
	struct first_match *fm = ctx;

	if (!covers(v, fm->s))
		return true;
	fm->verdict = v->permit ? GDOI_ACL_PERMIT : GDOI_ACL_DENY;
	return false;
}

int
gdoi_acl_first(struct router *r, const char *acl, const struct gdoi_psel *s)
{
	struct first_match fm;

	if (acl == NULL || acl[0] == '\0')
		return GDOI_ACL_NONE;
	memset(&fm, 0, sizeof(fm));
	fm.s = s;
	(void)acl_walk(r, acl, first_match_fn, &fm);
	return fm.verdict;
}

/* The first downloaded ACE covering s, -1 when none. */
static int
policy_match(const struct gdoi_gmg *g, const struct gdoi_psel *s)
{
	for (int i = 0; i < g->n_aces; i++)
		if (covers(&g->aces[i], s))
			return i;
	return -1;
}

struct crypto_map_entry *
gdoi_map_entry(struct iface *ifp)
{
	struct crypto_map *m = ipsec_iface_map(ifp);

	for (int j = 0; m != NULL && j < m->n_ents; j++)
		if (m->ents[j]->type == CMAP_GDOI)
			return m->ents[j];
	return NULL;
}

/* The group state of a map entry, NULL when none yet. */
static struct gdoi_gmg *
entry_group(struct router *r, const struct crypto_map_entry *e)
{
	struct gdoi_proto *gp;

	if (e->gdoi_group[0] == '\0' || (gp = gdoi_proto(r)) == NULL)
		return NULL;
	return gdoi_gmg(gp, e->gdoi_group, false);
}

/* Our own GDOI and IKE traffic is never group traffic. */
static bool
control_traffic(const struct gdoi_psel *s)
{
	return s->proto == 17 && (s->sport == 848 || s->dport == 848 ||
	    s->sport == 500 || s->dport == 500);
}

/* A member with a TEK it may still use. */
static bool
usable(const struct gdoi_gmg *g)
{
	vtime_t end;

	if (g == NULL || g->status != GM_REGISTERED || !g->tek.valid)
		return false;
	end = g->tek.created + (vtime_t)g->tek.life * VT_SEC;
	return sched_now() < end;
}

/* An exec `ipsec direction` the CLI did not announce takes effect with
 * the next packet (gdoi_gm_direction_changed). */
static void
dir_check(struct router *r, const struct gdoi_gmg *g)
{
	if (g != NULL && g->status == GM_REGISTERED &&
	    g->dir_seen != gdoi_gm_dir(g))
		gdoi_gm_direction_changed(r);
}

/* ---- outbound ------------------------------------------------------------ */

int
gdoi_dp_out(struct iface *oif, struct pkt *p)
{
	struct router *r = oif->r;
	struct crypto_map *m = ipsec_iface_map(oif);
	struct crypto_map_entry *e = gdoi_map_entry(oif);
	struct gdoi_gmg *g;
	struct ipsec_sa *sa;
	struct gdoi_psel s;
	struct iface *o2;
	uint32_t nh;
	int	 i;

	if (e == NULL)
		return -1;
	if (!gdoi_psel_parse(p, &s))
		return IP_HOOK_PASS;
	g = entry_group(r, e);
	dir_check(r, g);
	if (gdoi_failclose_active(r, m)) {
		if (gdoi_failclose_clear(r, m, &s, false))
			return IP_HOOK_PASS;
		gdoi_failclose_count(r, m);
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	if (control_traffic(&s))
		return IP_HOOK_PASS;
	/* The GM's own lines first. */
	switch (gdoi_acl_first(r, e->acl, &s)) {
	case GDOI_ACL_DENY:
		return IP_HOOK_PASS;
	case GDOI_ACL_PERMIT:
		if (g != NULL)
			g->n_acl_permit_drop++;
		pkt_free(p);
		return IP_HOOK_STOLEN;
	default:
		break;
	}
	/* Not registered (or the TEK ran out): "fail open". */
	if (!usable(g))
		return IP_HOOK_PASS;
	if ((i = policy_match(g, &s)) < 0 || !g->aces[i].permit)
		return IP_HOOK_PASS;
	if (gdoi_gm_dir(g) == GDOI_DIR_INBOUND_ONLY)
		return IP_HOOK_PASS;
	sa = gdoi_gm_out_sa_tek(g, g->ace_tek[i]);	/* the line's TEK */
	if (sa == NULL || sa->state != IPSEC_SA_ACTIVE)
		return IP_HOOK_PASS;
	if (esp_encap(sa, p) != ESP_OK) {
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	g->ace_enc[i]++;
	p->flags |= PKT_F_NOCRYPTO | PKT_F_LOCAL;
	if (!ip_route_lookup(r, s.dst, &o2, &nh)) {
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	ip_iface_output(o2, p, nh);
	return IP_HOOK_STOLEN;
}

/* ---- inbound ------------------------------------------------------------- */

/* The member group whose TEK (current, pending or previous) has spi. */
static struct gdoi_gmg *
group_of_spi(struct router *r, uint32_t spi)
{
	struct gdoi_proto *gp = gdoi_proto(r);
	struct gdoi_gmg *g;

	if (gp == NULL)
		return NULL;
	TAILQ_FOREACH(g, &gp->gm, entry)
	{
		if ((g->tek.valid && g->tek.spi == spi) ||
		    (g->pending && g->ntek.spi == spi) ||
		    (g->old_spi != 0 && g->old_spi == spi))
			return g;
		for (int j = 0; j < g->n_xt; j++)	/* multi-TEK */
			if ((g->xt[j].tek.valid && g->xt[j].tek.spi == spi) ||
			    (g->pending && g->xt[j].ntek.valid &&
			    g->xt[j].ntek.spi == spi) ||
			    (g->xt[j].old_spi != 0 &&
			    g->xt[j].old_spi == spi))
				return g;
	}
	return NULL;
}

static void
decap_error(struct iface *ifp, int rc, const struct esp_info *in,
    const struct ipsec_sa *sa)
{
	struct router *r = ifp->r;
	struct gdoi_proto *gp = gdoi_proto(r);
	struct gdoi_gmg *g = group_of_spi(r, in->spi);
	unsigned win = sa != NULL ? sa->replay.size : 0;
	char	 a[16], b[16];

	if (gp == NULL || sa == NULL)
		return;
	/* The window as configured (the SA rounds it up to 64s). */
	if (g != NULL && g->tek.valid && g->tek.spi == in->spi)
		win = g->tek.replay_window;
	else if (g != NULL && g->pending && g->ntek.spi == in->spi)
		win = g->ntek.replay_window;
	else
		for (int j = 0; g != NULL && j < g->n_xt; j++)
			if (g->xt[j].tek.valid && g->xt[j].tek.spi == in->spi)
				win = g->xt[j].tek.replay_window;
	switch (rc) {
	case ESP_ERR_REPLAY:
		/* vpnsim's wording, shaped like the TBAR line of seed 001
		 * (no IOS sample of the counter-mode debug). */
		if (g != NULL)
			GDOI_DBG(r, GDBG_GM, GDBG_REPLAY, DBG_LVL_DETAIL, 0,
			    g->name, "GDOI:GM REPLAY:DET:(0):sequence number "
			    "%u failed the replay check, replay_window is %u "
			    "(packets), src_addr = %s, dest_addr = %s",
			    in->seq, win, ip_ntoa(in->src, a),
			    ip_ntoa(in->dst, b));
		if (log_ok(gp, DPLOG_REPLAY))
			rlog(r, SEV_WARNING, "CRYPTO", "PKT_REPLAY_ERR",
			    "decrypt: replay check failed\n"
			    "        connection id=%u, sequence number=%u",
			    sa->conn_id, in->seq);
		break;
	case ESP_ERR_ICV:
		if (log_ok(gp, DPLOG_MAC))
			rlog(r, SEV_WARNING, "CRYPTO", "RECVD_PKT_MAC_ERR",
			    "decrypt: mac verify failed for connection id=%u "
			    "local=%s remote=%s spi=%08X", sa->conn_id,
			    ip_ntoa(in->dst, a), ip_ntoa(in->src, b), in->spi);
		break;
	default:
		break;
	}
}

/* Group ESP: decrypt and go on with the inner packet.  -1 when it is not
 * ESP of one of our group SAs (p untouched). */
static int
group_esp_in(struct iface *ifp, struct pkt *p)
{
	struct router *r = ifp->r;
	struct sadb *db = ipsec_sadb(r);
	struct esp_info in;
	struct ipsec_sa *sa;
	struct gdoi_gmg *g;
	struct gdoi_psel s, ms;
	int	 rc, i;

	if (esp_parse(p->data, p->len, &in) != ESP_OK)
		return -1;
	sa = sadb_lookup_in(db, in.dst, in.spi);
	if (sa == NULL || !(sa->flags & IPSEC_SA_F_PRESERVE))
		return -1;		/* not group traffic */
	rc = esp_decap(db, p, &in, &sa);
	if (rc != ESP_OK) {
		decap_error(ifp, rc, &in, sa);
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	/* The ACE of the inner packet: the mirrored policy, as for the
	 * outbound packets of the same flow. */
	if ((g = group_of_spi(r, in.spi)) != NULL && gdoi_psel_parse(p, &s)) {
		gdoi_psel_mirror(&s, &ms);
		if ((i = policy_match(g, &ms)) >= 0 ||
		    (i = policy_match(g, &s)) >= 0)
			g->ace_dec[i]++;
	}
	p->flags |= PKT_F_NOCRYPTO;
	p->flags &= ~(uint32_t)PKT_F_LOCAL;
	ip_input(ifp, p);
	return IP_HOOK_STOLEN;
}

/* Clear text from the outside: what the mirrored policy says should have
 * come encrypted is dropped in "both" mode. */
static bool
must_be_esp(struct router *r, const struct crypto_map_entry *e,
    struct gdoi_gmg *g, const struct gdoi_psel *s)
{
	struct gdoi_psel ms;
	int	 i;

	if (!usable(g) || gdoi_gm_dir(g) != GDOI_DIR_BOTH)
		return false;
	gdoi_psel_mirror(s, &ms);
	if (gdoi_acl_first(r, e->acl, &ms) == GDOI_ACL_DENY)
		return false;
	return (i = policy_match(g, &ms)) >= 0 && g->aces[i].permit;
}

int
gdoi_dp_in(struct iface *ifp, struct pkt *p)
{
	struct router *r = ifp->r;
	struct crypto_map *m = ipsec_iface_map(ifp);
	struct crypto_map_entry *e = gdoi_map_entry(ifp);
	struct gdoi_proto *gp;
	struct gdoi_gmg *g;
	struct gdoi_psel s;
	bool	 fc;
	int	 rc;
	char	 a[16], b[16];

	if (e == NULL || (p->flags & PKT_F_LOCAL) || !gdoi_psel_parse(p, &s))
		return -1;
	dir_check(r, entry_group(r, e));
	fc = gdoi_failclose_active(r, m);
	if (s.proto == 50) {
		if (s.frag) {
			struct pkt *whole;
			struct esp_info in;

			/* VFR: decrypt the whole datagram. */
			if ((whole = gdoi_vfr_reassemble(ifp, p)) == NULL)
				return IP_HOOK_STOLEN;
			g = esp_parse(whole->data, whole->len, &in) == ESP_OK ?
			    group_of_spi(r, in.spi) : NULL;
			if (group_esp_in(ifp, whole) < 0)
				ip_input(ifp, whole);	/* not ours */
			else if (g != NULL)
				g->n_vfr++;
			return IP_HOOK_STOLEN;
		}
		if ((rc = group_esp_in(ifp, p)) >= 0)
			return rc;
	}
	if (fc) {
		if (gdoi_failclose_clear(r, m, &s, true))
			return IP_HOOK_PASS;
		gdoi_failclose_count(r, m);
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	if (s.proto == 50 || control_traffic(&s))
		return -1;
	g = entry_group(r, e);
	if (!must_be_esp(r, e, g, &s))
		return -1;
	g->n_clear_drop++;
	if ((gp = gdoi_proto(r)) != NULL && log_ok(gp, DPLOG_NOT_IPSEC))
		rlog(r, SEV_WARNING, "CRYPTO", "RECVD_PKT_NOT_IPSEC",
		    "Rec'd packet not an IPSEC packet. (ip) "
		    "vrf/dest_addr= /%s, src_addr= %s, prot= %d",
		    ip_ntoa(s.dst, a), ip_ntoa(s.src, b), s.proto);
	pkt_free(p);
	return IP_HOOK_STOLEN;
}
