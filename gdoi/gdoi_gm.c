/* The group member side: finding work (a `crypto map ... gdoi` entry with
 * `set group` on an interface that is up), phase 1 to the first key
 * server, GROUPKEY-PULL messages 1 and 3, the policy and keys of messages
 * 2 and 4, and the TEK installed as one inbound and one outbound ESP SA
 * with the same SPI and address preservation (IPSEC_SA_F_PRESERVE).
 * When no rekey (gdoi_push.c) comes the GM re-registers 60 s before
 * the TEK ends.  Also the downloaded policy (deny lines, port ranges,
 * counter replay, receive-only) shared with the rekey path, and `clear
 * crypto gdoi`.  The data plane is gdoi_gm_dp.c, the directions
 * gdoi_gm_dir.c, fail-close gdoi_failclose.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "esp.h"
#include "gdoi_codec.h"
#include "gdoi_debug.h"
#include "gdoi_gm_int.h"
#include "gdoi_proto.h"
#include "iface.h"
#include "ike_gdoi.h"
#include "keyexport.h"
#include "ipv4.h"
#include "log.h"
#include "pkt.h"
#include "rng.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"
#include "strbuf.h"
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
	timer_cancel(&g->conv_ev);
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
	char	 a[16];

	/* No answer: the next key server of the list, at the next scan.
	 * (Debug wording is vpnsim's: no IOS sample.) */
	GDOI_DBG(g->r, GDBG_GM, GDBG_REG, DBG_LVL_ERROR, g->ks, g->name,
	    "GDOI:GM REG:ERR:(0):Registration to KS %s for group %s timed "
	    "out", ip_ntoa(g->ks, a), g->name);
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
	char	 a[16], b[16];

	g->ks = cfg->servers[g->srv % cfg->n_servers];
	g->busy = true;
	g->n_attempts++;
	/* The wording of IOS's %CRYPTO-5-GM_REGSTER syslog. */
	GDOI_DBG(p->r, GDBG_GM, GDBG_REG, DBG_LVL_TERSE, g->ks, g->name,
	    "GDOI:GM REG:TER:(0):Start registration to KS %s for group %s "
	    "using address %s", ip_ntoa(g->ks, a), g->name,
	    ip_ntoa(g->local, b));
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
	/* An exec `ipsec direction` the CLI did not announce. */
	gdoi_gm_direction_changed(p->r);
	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		struct gdoi_group *cfg = st->groups[i];
		struct gdoi_gmg *g;
		struct iface *ifp;
		uint32_t local;

		if (cfg->ks != NULL || !gm_iface(p->r, cfg->name, &ifp,
		    &local))
			continue;
		/* Table 3 GM_INCOMPLETE_CFG: no group ID or no KS. */
		gdoi_gm_cm_incomplete(p, cfg->name, cfg->n_servers == 0 ||
		    cfg->ident == GDOI_IDENT_NONE);
		if (cfg->n_servers == 0 || cfg->ident == GDOI_IDENT_NONE)
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
	/* `clear crypto gdoi` reaches the protocol through the model's
	 * hook (set here: this runs for every router, before any CLI). */
	gdoi_clear_hook = gdoi_gm_clear;
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

/* ---- policy --------------------------------------------------------------- */

/* The TEK parameters a SAT carries (keys come with the KD). */
static void
tek_from_sat(struct gdoi_tek_st *t, const struct gdoi_sat *s)
{
	t->spi = s->spi;
	t->esp_id = s->transform;
	t->keylen = s->keylen;
	t->auth = s->auth;
	t->life = s->life_sec;
	gdoi_sat_replay(s, t);
}

int
gdoi_sa_teks(const struct gdoi_sa *sa, int first[1 + GDOI_MAX_XTEK])
{
	int	 n = 0;

	for (int i = 0; i < sa->n_tek; i++)
		if (gdoi_sat_tek(sa, first, n, i) < 0 && n < 1 + GDOI_MAX_XTEK)
			first[n++] = i;
	return n;
}

int
gdoi_sat_tek(const struct gdoi_sa *sa, const int *first, int n, int i)
{
	for (int j = 0; j < n; j++)
		if (sa->tek[first[j]].spi == sa->tek[i].spi)
			return j;
	return -1;
}

/* Every SAT of sa as an ACE (in order, at most GDOI_MAX_ACES) with the
 * index of its TEK in tek[] (a SAT of a TEK beyond the ones kept is
 * left out); true when the KS marked the TEKs receive-only. */
static bool
policy_from_sa(const struct gdoi_sa *sa, struct acl_entry_view *aces,
    uint8_t *tek, int *n)
{
	int	 first[1 + GDOI_MAX_XTEK], nt = gdoi_sa_teks(sa, first), j;
	bool	 recv_only = false;

	*n = 0;
	for (int i = 0; i < sa->n_tek; i++) {
		if (*n < GDOI_MAX_ACES &&
		    (j = gdoi_sat_tek(sa, first, nt, i)) >= 0) {
			tek[*n] = (uint8_t)j;
			gdoi_sat_to_ace(&sa->tek[i], &aces[(*n)++]);
		}
		if (sa->tek[i].sa_direction == GDOI_SA_DIR_RECEIVER_ONLY)
			recv_only = true;
	}
	return recv_only;
}

/* Counter replay on the inbound SA of a TEK (gdoi_gm_make_sa does it for
 * the SAs it makes; a rekey's SAs may predate the policy). */
static void
tek_replay(struct gdoi_gmg *g, const struct gdoi_tek_st *t)
{
	struct ipsec_sa *in = sadb_lookup_in(ipsec_sadb(g->r), 0, t->spi);

	if (in != NULL && (in->flags & IPSEC_SA_F_PRESERVE))
		ipsec_sa_set_replay(in, t->replay == GDOI_REPLAY_COUNTER ?
		    t->replay_window : 0);
}

static void
dbg_policy(struct gdoi_gmg *g, bool rekey)
{
	char	 a[16];

	/* vpnsim's wording (no IOS sample of the policy debug). */
	GDOI_DBG(g->r, GDBG_GM, GDBG_POLICY, DBG_LVL_EVENT, g->ks, g->name,
	    "GDOI:GM POLICY:EVT:(0):%s policy from KS %s for group %s: %d "
	    "ACEs%s", rekey ? "Rekey" : "Registration", ip_ntoa(g->ks, a),
	    g->name, g->n_aces, g->recv_only ? ", receive-only" : "");
	if (!gdoi_dbg_on(g->r, GDBG_GM, GDBG_POLICY, DBG_LVL_DETAIL))
		return;
	for (int i = 0; i < g->n_aces; i++) {
		struct strbuf sb = STRBUF_INIT;

		gdoi_ace_text(&g->aces[i], "", "", "", &sb);
		while (sb.len > 0 && sb_str(&sb)[sb.len - 1] == '\n')
			sb.len--;
		GDOI_DBG(g->r, GDBG_GM, GDBG_POLICY, DBG_LVL_DETAIL, g->ks,
		    g->name, "GDOI:GM POLICY:DET:(0):ACE %d: %.*s", i + 1,
		    (int)sb.len, sb_str(&sb));
		sb_free(&sb);
	}
}

/* A policy becomes g's: ACEs (per-ACE counters start again when the
 * list changed) and the receive-only flag. */
static bool
acl_has_permit(void *ctx, const struct acl_entry_view *v)
{
	bool	*permit = ctx;

	if (v->permit)
		*permit = true;
	return !*permit;
}

/* Table 3 GM_ACL_MERGE and GM_ACL_PERMIT: a policy from the KS is merged
 * with the member's own `match address` of its GDOI map entry (its lines
 * first, seed 003 "Group Member Access Control List"); the member honours
 * deny lines only, and traffic matching a permit line is dropped
 * (gdoi_gm_dp.c).  Wording as the IOS catalogue's is remembered (the
 * catalogue may spell "betweem"); vpnsim's, unverified. */
static void
log_acl_merge(struct gdoi_gmg *g)
{
	const char *acl = gdoi_gm_cm_local_acl(g->r, g->name);
	bool	 permit = false;

	if (acl[0] == '\0')
		return;
	rlog(g->r, SEV_NOTICE, "GDOI", "GM_ACL_MERGE", "ACL between KS and GM "
	    "in group %s merged.", g->name);
	(void)acl_walk(g->r, acl, acl_has_permit, &permit);
	if (permit)
		rlog(g->r, SEV_WARNING, "GDOI", "GM_ACL_PERMIT", "GM can support "
		    "only an ACL for deny in group %s. Any traffic matching "
		    "the permit entry will be dropped.", g->name);
}

void
gdoi_gm_acl_enabled(struct router *r, const char *group)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_gmg *g = p != NULL ? gdoi_gmg(p, group, false) : NULL;

	if (g != NULL && g->status == GM_REGISTERED)
		log_acl_merge(g);
}

static void
commit_policy(struct gdoi_gmg *g, const struct acl_entry_view *aces,
    const uint8_t *tek, int n, bool recv_only, bool rekey)
{
	bool	 changed = n != g->n_aces || memcmp(aces, g->aces, (size_t)n *
	    sizeof(*aces)) != 0;

	if (tek != g->ace_tek)
		memcpy(g->ace_tek, tek, (size_t)n);

	if (changed) {
		memset(g->ace_enc, 0, sizeof(g->ace_enc));
		memset(g->ace_dec, 0, sizeof(g->ace_dec));
	}
	if (aces != g->aces)
		memcpy(g->aces, aces, (size_t)n * sizeof(*aces));
	g->n_aces = n;
	dbg_policy(g, rekey);
	/* A registration always merges; a rekey when its ACL differs. */
	if (!rekey || changed)
		log_acl_merge(g);
	gdoi_gm_dir_policy(g, recv_only, rekey);
}

void
gdoi_gm_set_policy(struct gdoi_gmg *g, const struct gdoi_sa *sa, bool rekey)
{
	struct acl_entry_view *aces;
	uint8_t	 tek[GDOI_MAX_ACES];
	struct gdoi_tek_st t;
	bool	 recv_only;
	int	 n, first[1 + GDOI_MAX_XTEK], nt;

	if (sa->n_tek == 0)
		return;
	if ((aces = calloc(GDOI_MAX_ACES, sizeof(*aces))) == NULL)
		abort();
	recv_only = policy_from_sa(sa, aces, tek, &n);
	/* The SATs of one TEK name it alike (deny lines too): its replay
	 * policy from its first SAT. */
	nt = gdoi_sa_teks(sa, first);
	for (int j = 0; j < nt; j++) {
		struct gdoi_tek_st *cur = j == 0 ? &g->tek : &g->xt[j - 1].tek;
		struct gdoi_tek_st *nw = j == 0 ? &g->ntek : &g->xt[j - 1].ntek;

		memset(&t, 0, sizeof(t));
		tek_from_sat(&t, &sa->tek[first[j]]);
		if (j > 0 && j > g->n_xt)
			break;
		if (g->pending && nw->spi == t.spi) {
			nw->replay = t.replay;
			nw->replay_window = t.replay_window;
		} else if (cur->valid && cur->spi == t.spi) {
			cur->replay = t.replay;
			cur->replay_window = t.replay_window;
		}
		tek_replay(g, &t);
	}
	commit_policy(g, aces, tek, n, recv_only, rekey);
	free(aces);
}

/* Table 3 GM_HASH_FAIL: a PULL message from the KS with a bad or no
 * HASH (dropped and counted by gdoi_pull_check).  Severity and wording
 * mirror the KS's KS_HASH_FAIL (vpnsim's, unverified). */
static void
hash_fail(struct gdoi_gmg *g)
{
	char	 a[16];

	rlog(g->r, SEV_WARNING, "GDOI", "GM_HASH_FAIL", "Registration: Bad or "
	    "no hash in message sent by the KS %s", ip_ntoa(g->ks, a));
	GDOI_DBG(g->r, GDBG_GM, GDBG_REG, DBG_LVL_ERROR, g->ks, g->name,
	    "GDOI:GM REG:ERR:(0):Message from KS %s for group %s dropped: bad "
	    "hash", a, g->name);
}

/* `client rekey encryption` word of a KEK algorithm (0: none). */
static uint8_t
kek_cipher(uint16_t alg, uint16_t keylen)
{
	switch (alg) {
	case GDOI_KEK_ALG_DES:
		return GDOI_CC_DES;
	case GDOI_KEK_ALG_3DES:
		return GDOI_CC_3DES;
	case GDOI_KEK_ALG_AES:
		return keylen == 256 ? GDOI_CC_AES256 : keylen == 192 ?
		    GDOI_CC_AES192 : GDOI_CC_AES128;
	default:
		return 0;
	}
}

/* `client rekey hash` word of a signature hash (0: none). */
static uint8_t
kek_hash(uint16_t hash)
{
	switch (hash) {
	case GDOI_SIG_HASH_SHA1:
		return GDOI_CH_SHA;
	case GDOI_SIG_HASH_SHA256:
		return GDOI_CH_SHA256;
	case GDOI_SIG_HASH_SHA384:
		return GDOI_CH_SHA384;
	case GDOI_SIG_HASH_SHA512:
		return GDOI_CH_SHA512;
	default:
		return 0;
	}
}

/* Does transform set ts make the TEK of SAT t (cipher, key size, HMAC),
 * by the mapping the KS uses to make a TEK from its transform set? */
static bool
ts_covers(const struct transform_set *ts, const struct gdoi_sat *t)
{
	const struct esp_cipher *ec = esp_cipher_by_id(ts->esp_encr,
	    ts->keylen);
	const struct esp_auth *ea = ts->esp_auth != 0 ?
	    esp_auth_by_id((uint8_t)ts->esp_auth) : NULL;

	return ec != NULL && ec->id == t->transform &&
	    (t->transform != ESP_ID_AES || ec->key_bits == t->keylen) &&
	    (ea != NULL ? ea->id : 0) == t->auth;
}

/* The group's `client transform-sets` / `client rekey encryption` /
 * `client rekey hash` against the policy of message 2: NULL when
 * acceptable (no restriction configured accepts everything), else why
 * not (vpnsim's wording). */
static const char *
client_refuses(struct router *r, const char *group, const struct gdoi_sa *sa)
{
	const struct gdoi_group *cfg = gdoi_group_find(r, group);
	uint8_t	 c;
	bool	 ok;

	if (cfg == NULL)
		return NULL;
	if (cfg->n_client_ts > 0) {
		ok = false;
		for (int i = 0; i < cfg->n_client_ts && !ok; i++) {
			const struct transform_set *ts = ipsec_ts_find(r,
			    cfg->client_ts[i]);

			bool all = ts != NULL;

			/* Every TEK (each `sa ipsec`) must be acceptable. */
			for (int j = 0; all && j < sa->n_tek; j++)
				all = ts_covers(ts, &sa->tek[j]);
			ok = all;
		}
		if (!ok)
			return "TEK transform not allowed";
	}
	if (cfg->n_client_ciphers > 0) {
		c = kek_cipher(sa->sak.kek_alg, sa->sak.kek_keylen);
		if (c == 0 || memchr(cfg->client_ciphers, c,
		    (size_t)cfg->n_client_ciphers) == NULL)
			return "rekey cipher not allowed";
	}
	if (cfg->n_client_hashes > 0 && sa->sak.sig_hash != 0) {
		c = kek_hash(sa->sak.sig_hash);
		if (c == 0 || memchr(cfg->client_hashes, c,
		    (size_t)cfg->n_client_hashes) == NULL)
			return "rekey hash not allowed";
	}
	return NULL;
}

/* Table 3 GM_REJECTING_SA_PAYLOAD: the member refuses the policy.  The
 * KS hears it in message 3, which carries a NO-PROPOSAL-CHOSEN notify
 * after HASH(3) (vpnsim's encoding; the KS logs KS_GM_REJECTS_SA_PAYLOAD
 * and sends no keys).  The registration then fails like one that got no
 * answer: at its timeout the member tries its next key server.  Wording
 * as the IOS catalogue's is remembered (vpnsim's, unverified). */
static void
reject_policy(struct gdoi_pull *x, struct gdoi_gmg *g, const char *why)
{
	struct prf_buf pre[2] = { { x->ni, x->ni_len }, { x->nr, x->nr_len } };
	struct isakmp_builder b;
	char	 a[16];

	rlog(g->r, SEV_ERR, "GDOI", "GM_REJECTING_SA_PAYLOAD", "Registration: "
	    "Policy in SA payload sent by KS %s rejected by GM in the group "
	    "%s reason %s.", ip_ntoa(g->ks, a), g->name, why);
	GDOI_DBG(g->r, GDBG_GM, GDBG_REG, DBG_LVL_ERROR, g->ks, g->name,
	    "GDOI:GM REG:ERR:(0):Policy from KS %s for group %s refused: %s",
	    a, g->name, why);
	isakmp_build_init_chain(&b);
	isakmp_build_notify(&b, GDOI_DOI, 0, NULL, 0,
	    ISAKMP_N_NO_PROPOSAL_CHOSEN, NULL, 0);
	x->st = 3;
	(void)gdoi_pull_send(x, pre, 2, &b);
	x->st = 5;			/* done: no message 4 will come */
}

/* Message 2: the policy (KEK and TEK parameters, the ACL). */
void
gdoi_gm_msg2(struct gdoi_pull *x, const struct isakmp_msg *m,
    const uint8_t *plain)
{
	struct gdoi_proto *p = x->p;
	struct router *r = p->r;
	struct gdoi_gmg *g = gdoi_gmg(p, x->group, false);
	const struct isakmp_pl *nr, *sapl;
	struct gdoi_sa *sa;
	struct prf_buf pre[2] = { { x->ni, x->ni_len }, { NULL, 0 } };
	const char *why;
	char	 a[16];

	if (g == NULL || !g->busy) {
		p->rx_bad++;		/* the member left meanwhile */
		return;
	}
	if (!gdoi_pull_check(x, m, plain, pre, 1)) {
		hash_fail(g);
		return;
	}
	if ((nr = gdoi_pl(m, ISAKMP_NP_NONCE)) == NULL ||
	    (sapl = gdoi_pl(m, ISAKMP_NP_SA)) == NULL ||
	    nr->len > sizeof(x->nr) || nr->len < 8) {
		p->rx_bad++;
		return;
	}
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		abort();
	if (gdoi_sa_decode(sapl->body, sapl->len, sa) != 0 || !sa->has_sak ||
	    sa->n_tek == 0) {
		free(sa);
		p->rx_bad++;
		return;
	}
	memcpy(x->nr, nr->body, nr->len);
	x->nr_len = nr->len;
	if ((why = client_refuses(r, g->name, sa)) != NULL) {
		reject_policy(x, g, why);
		free(sa);
		return;
	}
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
	g->nkek.rekey_src = sa->sak.src.addr;	/* where rekeys come from */
	g->nkek.rekey_dst = sa->sak.dst.addr;	/* multicast group, 0 */
	g->nrecv_only = policy_from_sa(sa, g->naces, g->nace_tek,
	    &g->n_naces);
	tek_from_sat(&g->ntek, &sa->tek[0]);
	{
		/* Multi-TEK: the TEKs of the later `sa ipsec`. */
		int	 first[1 + GDOI_MAX_XTEK], nt = gdoi_sa_teks(sa, first);

		g->n_nxt = nt - 1;
		for (int j = 1; j < nt; j++) {
			memset(&g->xt[j - 1].ntek, 0, sizeof(g->xt[j - 1].ntek));
			tek_from_sat(&g->xt[j - 1].ntek, &sa->tek[first[j]]);
		}
	}
	GDOI_DBG(p->r, GDBG_GM, GDBG_REG, DBG_LVL_EVENT, g->ks, g->name,
	    "GDOI:GM REG:EVT:(0):Received policy with %d TEK selectors from "
	    "KS %s for group %s", sa->n_tek, ip_ntoa(g->ks, a), g->name);
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
	uint32_t life = t->life;
	vtime_t	 now = sched_now();

	if (ec == NULL || (t->auth && ea == NULL) ||
	    t->key_len + t->ikey_len != esp_keymat_len(ec, ea) ||
	    t->key_len + t->ikey_len > sizeof(km))
		return NULL;
	/* An SA made again for a TEK installed earlier (a direction
	 * change) ends with the TEK. */
	if (t->created != 0 && now > t->created) {
		vtime_t used = (now - t->created) / VT_SEC;

		if (used >= life)
			return NULL;
		life -= (uint32_t)used;
	}
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
	/* Many senders share the SPI: a sequence-number check only with
	 * the KS's `replay counter window-size` (seed 003: meant for two
	 * members); without it no check, the GETVPN default here. */
	ipsec_sa_set_replay(s, dir == IPSEC_DIR_IN &&
	    t->replay == GDOI_REPLAY_COUNTER ? t->replay_window : 0);
	ipsec_sa_set_lifetime(s, life, 0);
	ipsec_sa_set_expire_cb(s, sa_expired, g->r);
	return s;
}

/* Install the new TEK: inbound and outbound SAs, same SPI; the previous
 * outbound SA goes, its inbound one stays until it expires.  (A
 * receive-only TEK loses its outbound SA in gdoi_gm_dir_sync.) */
static bool
install(struct gdoi_gmg *g, const struct gdoi_tek_st *cur,
    const struct gdoi_tek_st *nw, uint32_t *old_spi)
{
	struct sadb *db = ipsec_sadb(g->r);
	struct ipsec_sa *in, *out, *old;

	if (cur->valid && cur->spi == nw->spi)
		return true;		/* the same TEK again */
	if ((in = gdoi_gm_make_sa(g, IPSEC_DIR_IN, nw)) == NULL)
		return false;
	if ((out = gdoi_gm_make_sa(g, IPSEC_DIR_OUT, nw)) == NULL) {
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
	/* A capture (`--capture DIR`) decrypts with the TEK. */
	(void)keyexport_lab_esp_sa(in);
	if (cur->valid && (old = sadb_find_out(db, 0, cur->spi)) != NULL)
		sadb_del(db, old);
	*old_spi = cur->valid ? cur->spi : 0;
	return true;
}

static void del_spi(struct sadb *, uint32_t);

/* Multi-TEK, registration: the later TEKs of message 2 become the current
 * ones; TEKs the policy no longer has lose their SAs. */
static void
gm_set_xteks(struct gdoi_gmg *g)
{
	struct sadb *db = ipsec_sadb(g->r);

	for (int j = g->n_nxt; j < g->n_xt; j++) {
		if (g->xt[j].tek.valid)
			del_spi(db, g->xt[j].tek.spi);
		del_spi(db, g->xt[j].old_spi);
		memset(&g->xt[j], 0, sizeof(g->xt[j]));
	}
	for (int j = 0; j < g->n_nxt; j++) {
		struct gdoi_gm_xtek *xt = &g->xt[j];

		if (!xt->ntek.valid)
			continue;
		if (j < g->n_xt && xt->tek.valid &&
		    xt->tek.spi == xt->ntek.spi)
			xt->ntek.created = xt->tek.created;
		xt->tek = xt->ntek;
		tek_replay(g, &xt->tek);
	}
	g->n_xt = g->n_nxt;
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
	bool	 have_tek = false, have_x[GDOI_MAX_XTEK] = { false };
	char	 a[16], b[16];

	if (g == NULL || !g->busy) {
		p->rx_bad++;		/* the member left meanwhile */
		return;
	}
	if (!gdoi_pull_check(x, m, plain, pre, 2)) {
		hash_fail(g);
		return;
	}
	if ((kdpl = gdoi_pl(m, ISAKMP_NP_KD)) == NULL) {
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
			free(g->nkek.spki);
			g->nkek.spki = NULL;
			g->nkek.spki_len = 0;
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
		} else if (k->type == GDOI_KD_TEK) {
			/* Multi-TEK: a later `sa ipsec`. */
			for (int j = 0; j < g->n_nxt; j++) {
				struct gdoi_tek_st *t = &g->xt[j].ntek;

				if (gdoi_keypkt_spi32(k) != t->spi ||
				    k->alg_key_len > sizeof(t->key) ||
				    k->int_key_len > sizeof(t->ikey))
					continue;
				memcpy(t->key, k->alg_key, k->alg_key_len);
				t->key_len = k->alg_key_len;
				memcpy(t->ikey, k->int_key, k->int_key_len);
				t->ikey_len = k->int_key_len;
				have_x[j] = true;
			}
		}
	}
	free(kd);
	g->ntek.created = g->nkek.created = sched_now();
	g->ntek.valid = have_tek;
	if (have_tek && !install(g, &g->tek, &g->ntek, &g->old_spi)) {
		p->rx_bad++;
		return;
	}
	for (int j = 0; have_tek && j < g->n_nxt; j++) {
		struct gdoi_gm_xtek *xt = &g->xt[j];

		xt->ntek.created = sched_now();
		xt->ntek.valid = have_x[j];
		if (!have_x[j] || !install(g, j < g->n_xt ? &xt->tek :
		    &(struct gdoi_tek_st){ .valid = false }, &xt->ntek,
		    &xt->old_spi))
			xt->ntek.valid = false;
	}
	x->st = 4;
	timer_cancel(&g->timeout_ev);
	g->busy = false;
	g->status = GM_REGISTERED;
	g->rereg_due = false;
	g->fc_lifted = true;		/* fail-close policy removed */
	g->n_success++;
	g->last_seq = seq;
	g->seq_reset = false;
	g->reg_at = sched_now();
	free(g->kek.spki);
	g->kek = g->nkek;
	memset(&g->nkek, 0, sizeof(g->nkek));
	if (have_tek) {
		/* The same TEK again keeps its SAs' clock. */
		if (g->tek.valid && g->tek.spi == g->ntek.spi)
			g->ntek.created = g->tek.created;
		g->tek = g->ntek;
		tek_replay(g, &g->tek);
		gm_set_xteks(g);
	}
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
	commit_policy(g, g->naces, g->nace_tek, g->n_naces, g->nrecv_only,
	    false);
	g->n_rekeys_reg = 0;
	gdoi_push_gm_registered(g);	/* join the multicast rekey group */
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

/* ---- clear crypto gdoi ---------------------------------------------------- */

static void
del_spi(struct sadb *db, uint32_t spi)
{
	struct ipsec_sa *s;

	if (spi == 0)
		return;
	while ((s = sadb_find_out(db, 0, spi)) != NULL)
		sadb_del(db, s);
	while ((s = sadb_lookup_in(db, 0, spi)) != NULL &&
	    (s->flags & IPSEC_SA_F_PRESERVE))
		sadb_del(db, s);
}

/* Forget everything the group learned from its key server: SAs, keys,
 * policy, timers; fail-close is in force again until it registers. */
static void
gm_reset(struct gdoi_gmg *g)
{
	struct sadb *db = ipsec_sadb(g->r);

	timer_cancel(&g->rereg_ev);
	timer_cancel(&g->timeout_ev);
	timer_cancel(&g->switch_ev);
	timer_cancel(&g->conv_ev);
	if (g->tek.valid)
		del_spi(db, g->tek.spi);
	if (g->pending)
		del_spi(db, g->ntek.spi);
	del_spi(db, g->old_spi);
	for (int j = 0; j < g->n_xt; j++) {
		if (g->xt[j].tek.valid)
			del_spi(db, g->xt[j].tek.spi);
		if (g->pending)
			del_spi(db, g->xt[j].ntek.spi);
		del_spi(db, g->xt[j].old_spi);
	}
	memset(g->xt, 0, sizeof(g->xt));
	g->n_xt = g->n_nxt = 0;
	free(g->kek.spki);
	free(g->nkek.spki);
	memset(&g->kek, 0, sizeof(g->kek));
	memset(&g->nkek, 0, sizeof(g->nkek));
	memset(&g->tek, 0, sizeof(g->tek));
	memset(&g->ntek, 0, sizeof(g->ntek));
	g->old_spi = 0;
	g->pending = false;
	g->n_aces = g->n_naces = 0;
	memset(g->ace_enc, 0, sizeof(g->ace_enc));
	memset(g->ace_dec, 0, sizeof(g->ace_dec));
	g->recv_only = g->nrecv_only = g->conv_passive = false;
	g->status = GM_IDLE;
	g->busy = false;
	g->rereg_due = false;
	g->fc_lifted = false;
	g->last_seq = 0;
	g->seq_reset = false;
	g->srv = 0;
}

void
gdoi_gm_leave(struct router *r, const char *group)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_gmg *g;
	bool	 was;

	if (p == NULL || (g = gdoi_gmg(p, group, false)) == NULL)
		return;
	was = g->status == GM_REGISTERED;
	if (!was && !g->busy)
		return;
	gm_reset(g);
	gdoi_gm_dir_sync(g);
	gdoi_push_gm_registered(g);	/* leave the multicast rekey group */
	/* Table 3 GM_UNREGISTER; wording as the IOS catalogue's is
	 * remembered (vpnsim's, unverified). */
	if (was)
		rlog(r, SEV_NOTICE, "GDOI", "GM_UNREGISTER", "GM left the group "
		    "%s.", g->name);
}

/* gdoi_clear_hook: on a GM "Config: GM cleared gdoi configuration for the
 * group G." (IOS wording as remembered: the seeds list the mnemonic
 * only), then a new registration at once; on a KS gdoi_ks_clear. */
void
gdoi_gm_clear(struct router *r, const char *group)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_gmg *g;

	if (p == NULL)
		return;
	if (group != NULL && group[0] == '\0')
		group = NULL;
	TAILQ_FOREACH(g, &p->gm, entry) {
		struct gdoi_group *cfg = gdoi_group_find(r, g->name);

		if (group != NULL && strcmp(group, g->name) != 0)
			continue;
		gm_reset(g);
		gdoi_gm_dir_sync(g);
		rlog(r, SEV_NOTICE, "GDOI", "GM_CLEAR_REGISTER", "Config: GM "
		    "cleared gdoi configuration for the group %s.", g->name);
		if (cfg != NULL && cfg->ks == NULL && cfg->n_servers > 0 &&
		    g->local != 0)
			start_registration(p, g, cfg);
	}
	gdoi_ks_clear(p, group);
}
