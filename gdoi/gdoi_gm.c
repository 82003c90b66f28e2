/* The group member side: finding work (a `crypto map ... gdoi` entry with
 * `set group` on an interface that is up), phase 1 to the first key
 * server, GROUPKEY-PULL messages 1 and 3, the policy and keys of messages
 * 2 and 4, and the TEK installed as one inbound and one outbound ESP SA
 * with the same SPI and address preservation (IPSEC_SA_F_PRESERVE).
 * When no rekey (gdoi_push.c) comes the GM re-registers 60 s before
 * the TEK ends.  Also the data-plane call-outs of ipsec/dp.h: traffic the
 * GM's local deny ACL or the KS policy denies passes in clear, what the KS
 * policy permits is encrypted with the TEK; group ESP is decrypted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "esp.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "iface.h"
#include "ike_gdoi.h"
#include "ipv4.h"
#include "log.h"
#include "pkt.h"
#include "rng.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"
#include "xform.h"

struct gdoi_gmg *
gdoi_gmg(struct gdoi_proto *p, const char *name, bool create)
{
	struct gdoi_gmg *g;

	TAILQ_FOREACH(g, &p->gm, entry)
		if (strcmp(g->name, name) == 0)
			return g;
	if (!create)
		return NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		abort();
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->r = p->r;
	TAILQ_INSERT_TAIL(&p->gm, g, entry);
	return g;
}

void
gdoi_gmg_free(struct gdoi_gmg *g)
{
	timer_cancel(&g->rereg_ev);
	timer_cancel(&g->timeout_ev);
	timer_cancel(&g->switch_ev);
	free(g->kek.spki);
	free(g->nkek.spki);
	memset(g, 0, sizeof(*g));
	free(g);
}

/* ---- registration --------------------------------------------------------- */

static void
send_msg1(struct gdoi_proto *p, struct gdoi_gmg *g, uint32_t conn_id)
{
	struct gdoi_group *cfg = gdoi_group_find(p->r, g->name);
	struct gdoi_group_id gid;
	struct isakmp_builder b;
	struct gdoi_pull *x;
	uint32_t msgid;

	if (cfg == NULL)
		return;
	do
		msgid = rng_u32();
	while (msgid == 0 || gdoi_pull_find(p, conn_id, msgid) != NULL);
	if ((x = gdoi_pull_new(p, conn_id, msgid, true)) == NULL)
		return;
	g->conn_id = conn_id;
	snprintf(x->group, sizeof(x->group), "%s", g->name);
	x->ni_len = GDOI_NONCE_LEN;
	rng_bytes(x->ni, x->ni_len);
	gid.type = cfg->ident == GDOI_IDENT_ADDRESS ? ISAKMP_ID_IPV4_ADDR :
	    ISAKMP_ID_KEY_ID;
	gid.value = cfg->ident_value;
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, x->ni, x->ni_len);
	gdoi_build_id_group(&b, &gid);
	x->st = 1;
	(void)gdoi_pull_send(x, NULL, 0, &b);
}

static void
reg_timeout(void *arg)
{
	struct gdoi_gmg *g = arg;

	/* No answer: the next key server of the list, at the next scan. */
	g->busy = false;
	g->srv++;
}

static void start_registration(struct gdoi_proto *, struct gdoi_gmg *,
	    const struct gdoi_group *);

static void
rereg_fire(void *arg)
{
	struct gdoi_gmg *g = arg;
	struct gdoi_group *cfg = gdoi_group_find(g->r, g->name);
	struct gdoi_proto *p = gdoi_proto(g->r);

	rlog(g->r, SEV_WARNING, "GDOI", "GM_RE_REGISTER", "The IPSec SA created "
	    "for group %s may have expired/been cleared, or didn't go "
	    "through. Re-register to KS.", g->name);
	/* If this attempt fails (KS unreachable), scan() tries again. */
	g->rereg_due = true;
	if (cfg != NULL && p != NULL && !g->busy)
		start_registration(p, g, cfg);
}

static void
start_registration(struct gdoi_proto *p, struct gdoi_gmg *g,
    const struct gdoi_group *cfg)
{
	uint32_t conn_id;
	int	 rc;

	g->ks = cfg->servers[g->srv % cfg->n_servers];
	g->busy = true;
	g->n_attempts++;
	timer_set(&g->timeout_ev, GDOI_PULL_TIMEOUT, reg_timeout, g);
	rc = ike_gdoi_connect(p->r, g->local, g->ks, &conn_id);
	if (rc == 1)
		send_msg1(p, g, conn_id);
	else if (rc < 0) {
		timer_cancel(&g->timeout_ev);
		g->busy = false;
	}
}

/* The interface whose GDOI map entry names group, with its address. */
static bool
gm_iface(struct router *r, const char *group, struct iface **ifpp,
    uint32_t *local)
{
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		struct crypto_map *m = ipsec_iface_map(ifp);

		if (m == NULL || !ifp->line_up || ifp->addr == 0)
			continue;
		for (int j = 0; j < m->n_ents; j++) {
			struct crypto_map_entry *e = m->ents[j];

			if (e->type != CMAP_GDOI || strcmp(e->gdoi_group,
			    group) != 0)
				continue;
			*ifpp = ifp;
			*local = ipsec_map_local_addr(r, m, ifp);
			return *local != 0;
		}
	}
	return false;
}

static void
scan(void *arg)
{
	struct gdoi_proto *p = arg;
	struct gdoi_state *st = gdoi_state(p->r);

	timer_set(&p->scan_ev, GDOI_SCAN_INTERVAL, scan, p);
	if (st != NULL && st->n_groups > 0)
		ike_gdoi_listen(p->r);	/* KS and GM both listen on 848 */
	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		struct gdoi_group *cfg = st->groups[i];
		struct gdoi_gmg *g;
		struct iface *ifp;
		uint32_t local;

		if (cfg->ks != NULL || cfg->n_servers == 0 ||
		    cfg->ident == GDOI_IDENT_NONE ||
		    !gm_iface(p->r, cfg->name, &ifp, &local))
			continue;
		g = gdoi_gmg(p, cfg->name, true);
		if (g->busy || (g->status != GM_IDLE && !g->rereg_due))
			continue;
		g->local = local;
		snprintf(g->ifname, sizeof(g->ifname), "%s", ifp->name);
		start_registration(p, g, cfg);
	}
}

void
gdoi_gm_scan_start(struct gdoi_proto *p)
{
	/* The configuration is loaded after the router is made. */
	timer_set(&p->scan_ev, VT_SEC, scan, p);
}

void
gdoi_gm_p1_done(struct gdoi_proto *p, uint32_t conn_id, uint32_t local,
    uint32_t peer)
{
	struct gdoi_gmg *g;

	TAILQ_FOREACH(g, &p->gm, entry)
		if (g->busy && g->ks == peer && g->local == local)
			send_msg1(p, g, conn_id);
}

void
gdoi_gm_p1_gone(struct gdoi_proto *p, uint32_t conn_id)
{
	struct gdoi_gmg *g;

	TAILQ_FOREACH(g, &p->gm, entry)
		if (g->busy && g->conn_id == conn_id) {
			timer_cancel(&g->timeout_ev);
			g->busy = false;
		}
}

/* Message 2: the policy (KEK and TEK parameters, the ACL). */
void
gdoi_gm_msg2(struct gdoi_pull *x, const struct isakmp_msg *m,
    const uint8_t *plain)
{
	struct gdoi_proto *p = x->p;
	struct gdoi_gmg *g = gdoi_gmg(p, x->group, false);
	const struct isakmp_pl *nr, *sapl;
	struct gdoi_sa *sa;
	struct prf_buf pre[2] = { { x->ni, x->ni_len }, { NULL, 0 } };

	if (g == NULL || !gdoi_pull_check(x, m, plain, pre, 1) ||
	    (nr = gdoi_pl(m, ISAKMP_NP_NONCE)) == NULL ||
	    (sapl = gdoi_pl(m, ISAKMP_NP_SA)) == NULL ||
	    nr->len > sizeof(x->nr) || nr->len < 8) {
		p->rx_bad++;
		return;
	}
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		abort();
	if (gdoi_sa_decode(sapl->body, sapl->len, sa) != 0 || !sa->has_sak) {
		free(sa);
		p->rx_bad++;
		return;
	}
	memcpy(x->nr, nr->body, nr->len);
	x->nr_len = nr->len;
	free(g->nkek.spki);
	memset(&g->nkek, 0, sizeof(g->nkek));
	memset(&g->ntek, 0, sizeof(g->ntek));
	memcpy(g->nkek.spi, sa->sak.spi, sizeof(g->nkek.spi));
	g->nkek.alg = sa->sak.kek_alg;
	g->nkek.keylen = sa->sak.kek_keylen;
	g->nkek.life = sa->sak.kek_lifetime;
	g->nkek.sig_hash = sa->sak.sig_hash;
	g->nkek.sig_alg = sa->sak.sig_alg;
	g->nkek.sig_keylen = sa->sak.sig_keylen;
	g->nkek.unicast = sa->sak.dst.addr == 0;
	g->n_naces = 0;
	for (int i = 0; i < sa->n_tek && g->n_naces < GDOI_MAX_ACES; i++) {
		const struct gdoi_sat *t = &sa->tek[i];
		struct acl_entry_view *v = &g->naces[g->n_naces++];

		memset(v, 0, sizeof(*v));
		v->permit = true;
		v->proto = t->ip_proto;
		v->src = t->src.addr;
		v->src_wild = t->src.type == ISAKMP_ID_IPV4_ADDR ? 0 :
		    ~t->src.addr2;
		v->dst = t->dst.addr;
		v->dst_wild = t->dst.type == ISAKMP_ID_IPV4_ADDR ? 0 :
		    ~t->dst.addr2;
		v->sport_lo = t->src.port;
		v->sport_hi = t->src.port ? t->src.port : 65535;
		v->dport_lo = t->dst.port;
		v->dport_hi = t->dst.port ? t->dst.port : 65535;
		g->ntek.spi = t->spi;
		g->ntek.esp_id = t->transform;
		g->ntek.keylen = t->keylen;
		g->ntek.auth = t->auth;
		g->ntek.life = t->life_sec;
	}
	free(sa);
	x->st = 3;
	pre[1] = (struct prf_buf){ x->nr, x->nr_len };
	(void)gdoi_pull_send(x, pre, 2, NULL);
}

static void
sa_expired(struct ipsec_sa *s, bool hard, void *ctx)
{
	struct router *r = ctx;

	if (hard && s->db != NULL)
		sadb_del(ipsec_sadb(r), s);
}

struct ipsec_sa *
gdoi_gm_make_sa(struct gdoi_gmg *g, int dir, const struct gdoi_tek_st *t)
{
	const struct esp_cipher *ec = esp_cipher_by_id(t->esp_id,
	    t->esp_id == ESP_ID_AES ? (t->keylen ? t->keylen : 128) : 0);
	const struct esp_auth *ea = t->auth ? esp_auth_by_id((uint8_t)t->auth) :
	    NULL;
	uint8_t	 km[ESP_MAX_KEY + ESP_MAX_AUTHKEY];
	struct ipsec_sa *s;

	if (ec == NULL || (t->auth && ea == NULL) ||
	    t->key_len + t->ikey_len != esp_keymat_len(ec, ea) ||
	    t->key_len + t->ikey_len > sizeof(km))
		return NULL;
	if ((s = ipsec_sa_new((enum ipsec_dir)dir, t->spi, ec, ea)) == NULL)
		return NULL;
	memcpy(km, t->key, t->key_len);
	memcpy(km + t->key_len, t->ikey, t->ikey_len);
	if (ipsec_sa_set_keys(s, km, t->key_len + t->ikey_len) != 0) {
		memset(km, 0, sizeof(km));
		ipsec_sa_free(s);
		return NULL;
	}
	memset(km, 0, sizeof(km));
	s->mode = IPSEC_MODE_TUNNEL;
	s->flags |= IPSEC_SA_F_PRESERVE;
	s->local = dir == IPSEC_DIR_OUT ? g->local : 0;
	s->peer = 0;
	s->conn_id = (uint32_t)(t->spi & 0x7fff) + 2000;
	/* Many senders share the SPI: no counter replay check. */
	ipsec_sa_set_replay(s, 0);
	ipsec_sa_set_lifetime(s, t->life, 0);
	ipsec_sa_set_expire_cb(s, sa_expired, g->r);
	return s;
}

/* Install the new TEK: inbound and outbound SAs, same SPI; the previous
 * outbound SA goes, its inbound one stays until it expires. */
static bool
install(struct gdoi_gmg *g)
{
	struct sadb *db = ipsec_sadb(g->r);
	struct ipsec_sa *in, *out, *old;

	if (g->tek.valid && g->tek.spi == g->ntek.spi)
		return true;		/* the same TEK again */
	if ((in = gdoi_gm_make_sa(g, IPSEC_DIR_IN, &g->ntek)) == NULL)
		return false;
	if ((out = gdoi_gm_make_sa(g, IPSEC_DIR_OUT, &g->ntek)) == NULL) {
		ipsec_sa_free(in);
		return false;
	}
	if (sadb_add(db, in) != 0) {
		ipsec_sa_free(in);
		ipsec_sa_free(out);
		return false;
	}
	if (sadb_add(db, out) != 0) {
		sadb_del(db, in);
		ipsec_sa_free(out);
		return false;
	}
	if (g->tek.valid && (old = sadb_find_out(db, 0, g->tek.spi)) != NULL)
		sadb_del(db, old);
	g->old_spi = g->tek.valid ? g->tek.spi : 0;
	return true;
}

/* Message 4: the keys.  Install, log, arm the re-registration. */
void
gdoi_gm_msg4(struct gdoi_pull *x, const struct isakmp_msg *m,
    const uint8_t *plain)
{
	struct gdoi_proto *p = x->p;
	struct router *r = p->r;
	struct gdoi_gmg *g = gdoi_gmg(p, x->group, false);
	const struct isakmp_pl *seqpl, *kdpl;
	struct gdoi_kd *kd;
	struct prf_buf pre[2] = { { x->ni, x->ni_len }, { x->nr, x->nr_len } };
	uint32_t seq = 0;
	bool	 have_tek = false;
	char	 a[16], b[16];

	if (g == NULL || !gdoi_pull_check(x, m, plain, pre, 2) ||
	    (kdpl = gdoi_pl(m, ISAKMP_NP_KD)) == NULL) {
		p->rx_bad++;
		return;
	}
	if ((seqpl = gdoi_pl(m, ISAKMP_NP_SEQ)) != NULL &&
	    gdoi_seq_decode(seqpl->body, seqpl->len, &seq) != 0) {
		p->rx_bad++;
		return;
	}
	if ((kd = calloc(1, sizeof(*kd))) == NULL)
		abort();
	if (gdoi_kd_decode(kdpl->body, kdpl->len, kd) != 0) {
		free(kd);
		p->rx_bad++;
		return;
	}
	for (int i = 0; i < kd->n; i++) {
		const struct gdoi_keypkt *k = &kd->pkt[i];

		if (k->type == GDOI_KD_KEK && k->alg_key_len <=
		    sizeof(g->nkek.ivkey)) {
			memcpy(g->nkek.ivkey, k->alg_key, k->alg_key_len);
			g->nkek.ivkey_len = k->alg_key_len;
			if (k->sig_key_len > 0 &&
			    (g->nkek.spki = malloc(k->sig_key_len)) != NULL) {
				memcpy(g->nkek.spki, k->sig_key,
				    k->sig_key_len);
				g->nkek.spki_len = k->sig_key_len;
			}
			g->nkek.valid = true;
		} else if (k->type == GDOI_KD_TEK &&
		    gdoi_keypkt_spi32(k) == g->ntek.spi &&
		    k->alg_key_len <= sizeof(g->ntek.key) &&
		    k->int_key_len <= sizeof(g->ntek.ikey)) {
			memcpy(g->ntek.key, k->alg_key, k->alg_key_len);
			g->ntek.key_len = k->alg_key_len;
			memcpy(g->ntek.ikey, k->int_key, k->int_key_len);
			g->ntek.ikey_len = k->int_key_len;
			have_tek = true;
		}
	}
	free(kd);
	g->ntek.created = g->nkek.created = sched_now();
	g->ntek.valid = have_tek;
	if (have_tek && !install(g)) {
		p->rx_bad++;
		return;
	}
	x->st = 4;
	timer_cancel(&g->timeout_ev);
	g->busy = false;
	g->status = GM_REGISTERED;
	g->rereg_due = false;
	g->n_success++;
	g->last_seq = seq;
	g->seq_reset = false;
	g->reg_at = sched_now();
	free(g->kek.spki);
	g->kek = g->nkek;
	memset(&g->nkek, 0, sizeof(g->nkek));
	if (have_tek)
		g->tek = g->ntek;
	memcpy(g->aces, g->naces, sizeof(g->aces));
	g->n_aces = g->n_naces;
	if (g->kek.unicast)
		rlog(r, SEV_NOTICE, "GDOI", "GM_REKEY_TRANS_2_UNI", "Group %s "
		    "transitioned to Unicast Rekey.", g->name);
	rlog(r, SEV_NOTICE, "GDOI", "SA_KEK_UPDATED", "SA KEK was updated");
	if (have_tek)
		rlog(r, SEV_NOTICE, "GDOI", "SA_TEK_UPDATED",
		    "SA TEK was updated");
	rlog(r, SEV_NOTICE, "GDOI", "GM_REGS_COMPL", "Registration to KS %s "
	    "complete for group %s using address %s", ip_ntoa(g->ks, a),
	    g->name, ip_ntoa(g->local, b));
	rlog(r, SEV_NOTICE, "GDOI", "GM_INSTALL_POLICIES_SUCCESS", "SUCCESS: "
	    "Installation of Reg/Rekey policies from KS %s for group %s & gm "
	    "identity %s", ip_ntoa(g->ks, a), g->name, ip_ntoa(g->local, b));
	g->n_rekeys_reg = 0;
	if (have_tek)
		gdoi_gm_arm_rereg(g, g->tek.life);
}

/* Re-register GDOI_REREG_BEFORE s before a TEK with `remaining` s left
 * ends, unless a rekey re-arms this first. */
void
gdoi_gm_arm_rereg(struct gdoi_gmg *g, uint32_t remaining)
{
	if (remaining > GDOI_REREG_BEFORE)
		timer_set(&g->rereg_ev, (vtime_t)(remaining -
		    GDOI_REREG_BEFORE) * VT_SEC, rereg_fire, g);
}

/* ---- data plane ----------------------------------------------------------- */

struct psel {
	uint8_t		 proto;
	uint32_t	 src, dst;
	uint16_t	 sport, dport;
};

static bool
psel_parse(const struct pkt *p, struct psel *s)
{
	const uint8_t *ip = p->data;
	size_t	 hl;

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
	if ((((ip[6] & 0x1f) << 8) | ip[7]) == 0 && p->len >= hl + 4 &&
	    (s->proto == 6 || s->proto == 17)) {
		s->sport = (uint16_t)(ip[hl] << 8 | ip[hl + 1]);
		s->dport = (uint16_t)(ip[hl + 2] << 8 | ip[hl + 3]);
	}
	return true;
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

struct first_match {
	const struct psel *s;
	int		 verdict;	/* 0 none, 1 permit, 2 deny */
};

static bool
first_match_fn(void *ctx, const struct acl_entry_view *v)
{
	struct first_match *fm = ctx;

	if (!gdoi_ace_covers(v, fm->s->proto, fm->s->src, fm->s->dst,
	    fm->s->sport, fm->s->dport))
		return true;
	fm->verdict = v->permit ? 1 : 2;
	return false;
}

static struct crypto_map_entry *
gdoi_entry(struct iface *ifp)
{
	struct crypto_map *m = ipsec_iface_map(ifp);

	for (int j = 0; m != NULL && j < m->n_ents; j++)
		if (m->ents[j]->type == CMAP_GDOI)
			return m->ents[j];
	return NULL;
}

int
gdoi_dp_out(struct iface *oif, struct pkt *p)
{
	struct router *r = oif->r;
	struct crypto_map_entry *e = gdoi_entry(oif);
	struct gdoi_proto *gp;
	struct gdoi_gmg *g;
	struct ipsec_sa *sa;
	struct first_match fm;
	struct psel s;
	struct iface *o2;
	uint32_t nh;
	int	 verdict = 0;

	if (e == NULL)
		return -1;
	if (!psel_parse(p, &s))
		return IP_HOOK_PASS;
	/* Our own GDOI and IKE traffic is never group traffic. */
	if (s.proto == 17 && (s.sport == 848 || s.dport == 848 ||
	    s.sport == 500 || s.dport == 500))
		return IP_HOOK_PASS;
	/* The GM's own deny lines first (`match address` of the entry). */
	if (e->acl[0] != '\0') {
		memset(&fm, 0, sizeof(fm));
		fm.s = &s;
		(void)acl_walk(r, e->acl, first_match_fn, &fm);
		if (fm.verdict == 2)
			return IP_HOOK_PASS;
	}
	if ((gp = gdoi_proto(r)) == NULL ||
	    (g = gdoi_gmg(gp, e->gdoi_group, false)) == NULL ||
	    g->status != GM_REGISTERED || !g->tek.valid)
		return IP_HOOK_PASS;
	for (int i = 0; i < g->n_aces && verdict == 0; i++)
		if (gdoi_ace_covers(&g->aces[i], s.proto, s.src, s.dst,
		    s.sport, s.dport))
			verdict = g->aces[i].permit ? 1 : 2;
	if (verdict != 1)
		return IP_HOOK_PASS;
	sa = sadb_find_out(ipsec_sadb(r), 0, g->tek.spi);
	if (sa == NULL || sa->state != IPSEC_SA_ACTIVE)
		return IP_HOOK_PASS;
	if (esp_encap(sa, p) != ESP_OK) {
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	p->flags |= PKT_F_NOCRYPTO | PKT_F_LOCAL;
	if (!ip_route_lookup(r, s.dst, &o2, &nh)) {
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	ip_iface_output(o2, p, nh);
	return IP_HOOK_STOLEN;
}

int
gdoi_dp_in(struct iface *ifp, struct pkt *p)
{
	struct router *r = ifp->r;
	struct esp_info in;
	struct ipsec_sa *sa;
	struct sadb *db;
	int	 rc;

	if (gdoi_entry(ifp) == NULL || p->len < 20 || p->data[9] != 50)
		return -1;
	if (esp_parse(p->data, p->len, &in) != ESP_OK)
		return -1;
	db = ipsec_sadb(r);
	sa = sadb_lookup_in(db, in.dst, in.spi);
	if (sa == NULL || !(sa->flags & IPSEC_SA_F_PRESERVE))
		return -1;		/* not group traffic */
	rc = esp_decap(db, p, &in, &sa);
	if (rc != ESP_OK) {
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	p->flags |= PKT_F_NOCRYPTO;
	p->flags &= ~(uint32_t)PKT_F_LOCAL;
	ip_input(ifp, p);
	return IP_HOOK_STOLEN;
}
