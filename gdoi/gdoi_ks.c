/* The key server side of GROUPKEY-PULL: the group a GM asks for (a wrong
 * group identity is KS_BAD_ID), its authorization (gdoi_authz.c), the
 * group's KEK and TEK (generated from the lab generator, the TEK from the
 * first `sa ipsec`'s profile, transform set, replay setting and ACL),
 * messages 2 (the whole policy ACL, one SAT per ACE: gdoi_policy.c) and 4,
 * the member list, `clear crypto gdoi` on a KS, and the `debug crypto
 * gdoi ks registration` lines.  A second `sa ipsec` is kept in the
 * configuration but not sent (one TEK per group). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "gdoi_codec.h"
#include "gdoi_debug.h"
#include "gdoi_proto.h"
#include "ike_gdoi.h"
#include "ipv4.h"
#include "log.h"
#include "rng.h"
#include "router.h"
#include "strbuf.h"
#include "xform.h"

#define DEFAULT_TEK_LIFE	3600	/* IOS IPsec SA default */

struct gdoi_ksg *
gdoi_ksg(struct gdoi_proto *p, const char *name, bool create)
{
	struct gdoi_ksg *k;

	TAILQ_FOREACH(k, &p->ks, entry)
		if (strcmp(k->name, name) == 0)
			return k;
	if (!create)
		return NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		abort();
	snprintf(k->name, sizeof(k->name), "%s", name);
	/* IOS handles have the top bit set; ours count KS groups as this
	 * router creates them. */
	k->handle = 0x80000000u | ++p->n_handles;
	TAILQ_INIT(&k->members);
	k->r = p->r;
	TAILQ_INSERT_TAIL(&p->ks, k, entry);
	return k;
}

void
gdoi_ksg_free(struct gdoi_ksg *k)
{
	struct gdoi_member *m;

	gdoi_push_ksg_stop(k);
	while ((m = TAILQ_FIRST(&k->members)) != NULL) {
		TAILQ_REMOVE(&k->members, m, entry);
		free(m);
	}
	hmap_clear(&k->member_idx);
	free(k->kek.spki);
	free(k->okek.spki);
	memset(k, 0, sizeof(*k));
	free(k);
}

/* Members are in k->members (registration order: rekey send order and
 * shows) and in k->member_idx by address; gdoi_ks_msg3 adds them,
 * gdoi_ks_member_unlink takes them out of both. */
int
gdoi_ks_members(struct gdoi_ksg *k)
{
	return (int)hmap_count(&k->member_idx);
}

struct gdoi_member *
gdoi_ks_member_find(struct gdoi_ksg *k, uint32_t addr)
{
	struct hmap_node *n;

	for (n = hmap_first(&k->member_idx, hmap_hash_u32(addr)); n != NULL;
	    n = hmap_next(n)) {
		struct gdoi_member *m = HMAP_ENTRY(n, struct gdoi_member, idx);

		if (m->addr == addr)
			return m;
	}
	return NULL;
}

void
gdoi_ks_member_unlink(struct gdoi_ksg *k, struct gdoi_member *m)
{
	TAILQ_REMOVE(&k->members, m, entry);
	hmap_remove(&k->member_idx, &m->idx);
}

static uint32_t
remaining(vtime_t created, uint32_t life)
{
	vtime_t end = created + (vtime_t)life * VT_SEC, now = sched_now();

	return end > now ? (uint32_t)((end - now) / VT_SEC) : 0;
}

/* ---- keys ----------------------------------------------------------------- */

void
gdoi_ks_make_kek(struct router *r, struct gdoi_ksg *k,
    const struct gdoi_ks_cfg *ks)
{
	struct gdoi_kek_st *e = &k->kek;
	struct rsa_keypair *rk = NULL;
	size_t	 ivl, kl;

	free(e->spki);
	memset(e, 0, sizeof(*e));
	e->alg = gdoi_rekey_alg(ks);
	e->keylen = gdoi_rekey_keylen(ks);
	ivl = gdoi_kek_iv_len(e->alg);
	kl = e->alg == GDOI_KEK_ALG_DES ? 8 : e->alg == GDOI_KEK_ALG_3DES ?
	    24 : (size_t)e->keylen / 8;
	if (ivl + kl > sizeof(e->ivkey))
		return;
	e->ivkey_len = ivl + kl;
	rng_bytes(e->ivkey, e->ivkey_len);
	rng_bytes(e->spi, sizeof(e->spi));
	e->life = gdoi_kek_lifetime(ks);
	e->created = sched_now();
	e->unicast = ks->unicast;
	if (ks->auth == GDOI_AUTH_MYPUBKEY)
		rk = ipsec_rsa_find(r, ks->auth_key);
	if (rk != NULL && rk->pkey != NULL) {
		unsigned char *der = NULL;
		int	 n = i2d_PUBKEY(rk->pkey, &der);

		if (n > 0) {
			e->spki = malloc((size_t)n);
			if (e->spki != NULL) {
				memcpy(e->spki, der, (size_t)n);
				e->spki_len = (size_t)n;
			}
			OPENSSL_free(der);
		}
		e->sig_alg = GDOI_SIG_ALG_RSA;
		e->sig_hash = GDOI_SIG_HASH_SHA1;
		e->sig_keylen = (uint16_t)rk->bits;
	}
	e->valid = true;
	gdoi_push_kek_arm(gdoi_proto(r), k);
}

/* Every line of the policy ACL, permit and deny, in order: the GMs get
 * the whole list (seed 001 "ACL Downloaded From KS" shows the deny lines);
 * IOS honours the first 100 only. */
static bool
ace_copy(void *ctx, const struct acl_entry_view *v)
{
	struct gdoi_ksg *k = ctx;

	if (k->n_aces < GDOI_MAX_ACES)
		k->aces[k->n_aces++] = *v;
	k->n_acl_total++;
	return true;
}

/* Load the group's policy ACL into k->aces. */
static void
load_policy(struct router *r, struct gdoi_ksg *k, const char *acl)
{
	int	 before = k->n_acl_total;

	k->n_aces = 0;
	k->n_acl_total = 0;
	snprintf(k->acl, sizeof(k->acl), "%s", acl);
	(void)acl_walk(r, acl, ace_copy, k);
	/* Table 3 GDOI_ACL_NUM.  Its text there is the explanation; the
	 * severity (4) is vpnsim's choice.  Logged when the ACL grows past
	 * the limit, not at every TEK. */
	if (k->n_acl_total > GDOI_MAX_ACES && k->n_acl_total != before)
		rlog(r, SEV_WARNING, "GDOI", "GDOI_ACL_NUM", "The ACL has too "
		    "many entries. GDOI will honor only the first %d ACL "
		    "entries specified.", GDOI_MAX_ACES);
}

/* The `replay` line of the `sa ipsec` (seed 003 table 1: a changed
 * window travels with the next TEK, which is when this runs). */
static void
tek_replay(const struct gdoi_sa_ipsec *s, struct gdoi_tek_st *t)
{
	switch (s->replay) {
	case GDOI_REPLAY_COUNTER:
		t->replay = GDOI_REPLAY_COUNTER;
		t->replay_window = s->replay_counter != 0 ? s->replay_counter :
		    GDOI_DEFAULT_REPLAY_COUNTER;
		break;
	case GDOI_REPLAY_TIME:
		t->replay = GDOI_REPLAY_TIME;
		t->replay_window = s->replay_time != 0 ? s->replay_time :
		    GDOI_DEFAULT_REPLAY_TIME;
		break;
	default:
		t->replay = GDOI_REPLAY_NONE;
		t->replay_window = 0;
		break;
	}
}

/* One TEK of `sa ipsec` s into t (its keys, SPI, lifetime, replay). */
static bool
make_one_tek(struct router *r, const struct gdoi_sa_ipsec *s,
    struct gdoi_tek_st *t)
{
	const struct ipsec_profile *prof;
	const struct transform_set *ts;
	const struct esp_cipher *ec;
	const struct esp_auth *ea = NULL;

	if (s == NULL ||
	    (prof = ipsec_profile_find(r, s->profile)) == NULL ||
	    prof->n_ts == 0 || (ts = ipsec_ts_find(r, prof->ts[0])) == NULL ||
	    (ec = esp_cipher_by_id(ts->esp_encr, ts->keylen)) == NULL)
		return false;
	if (ts->esp_auth != 0 && (ea = esp_auth_by_id((uint8_t)ts->esp_auth))
	    == NULL)
		return false;
	memset(t, 0, sizeof(*t));
	t->esp_id = ec->id;
	t->keylen = ec->key_bits;
	t->auth = ea != NULL ? ea->id : 0;
	t->key_len = ec->key_len + ec->salt_len;
	t->ikey_len = ea != NULL ? ea->key_len : 0;
	rng_bytes(t->key, t->key_len);
	rng_bytes(t->ikey, t->ikey_len);
	do
		t->spi = rng_u32();
	while (t->spi < 256);
	t->life = prof->life_sec != 0 ? prof->life_sec :
	    ipsec_state(r)->sa_life_sec != 0 ? ipsec_state(r)->sa_life_sec :
	    DEFAULT_TEK_LIFE;
	t->created = sched_now();
	tek_replay(s, t);
	t->valid = true;
	return true;
}

/* Multi-TEK: the policy ACL of a later `sa ipsec` into its TEK. */
static bool
xace_copy(void *ctx, const struct acl_entry_view *v)
{
	struct gdoi_ks_xtek *x = ctx;

	if (x->n_aces < GDOI_MAX_ACES)
		x->aces[x->n_aces++] = *v;
	x->n_acl_total++;
	return true;
}

static bool
make_tek(struct router *r, struct gdoi_ksg *k, const struct gdoi_ks_cfg *ks)
{
	if (ks->n_sa == 0 || !make_one_tek(r, ks->sa[0], &k->tek))
		return false;
	load_policy(r, k, ks->sa[0]->acl);
	/* The later `sa ipsec` (in seq order); one whose profile or
	 * transform is missing gets no TEK, as the first one. */
	k->n_xt = 0;
	for (int i = 1; i < ks->n_sa && k->n_xt < GDOI_MAX_XTEK; i++) {
		struct gdoi_ks_xtek *x = &k->xt[k->n_xt];

		if (!make_one_tek(r, ks->sa[i], &x->tek))
			continue;
		x->n_aces = x->n_acl_total = 0;
		snprintf(x->acl, sizeof(x->acl), "%s", ks->sa[i]->acl);
		(void)acl_walk(r, x->acl, xace_copy, x);
		k->n_xt++;
	}
	return true;
}

uint32_t
gdoi_ks_tek_life(const struct gdoi_ksg *k)
{
	uint32_t life = k->tek.life;

	for (int i = 0; i < k->n_xt; i++)
		if (k->xt[i].tek.life < life)
			life = k->xt[i].tek.life;
	return life;
}

void
gdoi_ks_fill_tek_keys(struct gdoi_ksg *k, struct gdoi_kd *kd)
{
	gdoi_keypkt_tek(&kd->pkt[kd->n++], k->tek.spi, k->tek.key,
	    (uint16_t)k->tek.key_len, k->tek.ikey, (uint16_t)k->tek.ikey_len);
	for (int i = 0; i < k->n_xt && kd->n < GDOI_MAX_KEYPKTS; i++) {
		const struct gdoi_tek_st *t = &k->xt[i].tek;

		gdoi_keypkt_tek(&kd->pkt[kd->n++], t->spi, t->key,
		    (uint16_t)t->key_len, t->ikey, (uint16_t)t->ikey_len);
	}
}

bool
gdoi_ks_make_tek(struct router *r, struct gdoi_ksg *k,
    const struct gdoi_ks_cfg *ks)
{
	if (!make_tek(r, k, ks))
		return false;
	gdoi_push_ks_arm(gdoi_proto(r), k);
	return true;
}

/* Keys for a registration: made on first use, renewed near their end
 * (without RSA keys there is no rekey: the GMs re-register before the
 * TEK ends; with them gdoi_push.c renews the TEK before this does). */
static bool
ensure_keys(struct router *r, struct gdoi_ksg *k, const struct gdoi_ks_cfg *ks)
{
	if (!k->kek.valid || remaining(k->kek.created, k->kek.life) <
	    GDOI_TEK_RENEW)
		gdoi_ks_make_kek(r, k, ks);
	if (!k->tek.valid || remaining(k->tek.created, gdoi_ks_tek_life(k)) <
	    GDOI_TEK_RENEW)
		return gdoi_ks_make_tek(r, k, ks);
	return true;
}

/* ---- messages ------------------------------------------------------------- */

static struct gdoi_group *
group_by_id(struct router *r, const struct gdoi_group_id *id)
{
	struct gdoi_state *st = gdoi_state(r);

	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		struct gdoi_group *g = st->groups[i];

		if (g->ks == NULL)
			continue;
		if ((id->type == ISAKMP_ID_KEY_ID &&
		    g->ident == GDOI_IDENT_NUMBER) ||
		    (id->type == ISAKMP_ID_IPV4_ADDR &&
		    g->ident == GDOI_IDENT_ADDRESS))
			if (g->ident_value == id->value)
				return g;
	}
	return NULL;
}

/* The SATs of one TEK: one per line of its policy, permit and deny, in
 * ACL order (gdoi_policy.c: what the SAT cannot say natively). */
static void
fill_tek_sats(const struct gdoi_tek_st *tk, const struct acl_entry_view *aces,
    int n_aces, uint16_t dir, struct gdoi_sa *sa)
{
	for (int i = 0; i < n_aces && sa->n_tek < GDOI_MAX_TEKS; i++) {
		struct gdoi_sat *t = &sa->tek[sa->n_tek];

		memset(t, 0, sizeof(*t));
		gdoi_ace_to_sat(&aces[i], t);
		t->transform = tk->esp_id;
		t->spi = tk->spi;
		t->life_sec = remaining(tk->created, tk->life);
		t->encap = IPSEC_ENCAP_TUNNEL;
		t->auth = tk->auth;
		if (tk->esp_id == ESP_ID_AES)
			t->keylen = tk->keylen;
		t->addr_preservation = GDOI_ADDR_PRESERVE_SRC_DST;
		t->sa_direction = dir;
		if (tk->replay == GDOI_REPLAY_COUNTER)
			t->replay_window = (uint16_t)tk->replay_window;
		else if (tk->replay == GDOI_REPLAY_TIME) {
			t->tbar = true;
			t->tbar_window = (uint16_t)tk->replay_window;
		}
		sa->n_tek++;
	}
}

/* The SATs of every TEK, in `sa ipsec` order (the GM tells the TEKs apart
 * by their SPIs). */
void
gdoi_ks_fill_sats(struct gdoi_ksg *k, struct gdoi_sa *sa)
{
	const struct gdoi_group *g = gdoi_group_find(k->r, k->name);
	/* `sa receive-only` (seed 003 table 1: in effect with the rekey the
	 * change triggers, so read at send time): the GMs install inbound
	 * SAs only. */
	uint16_t dir = g != NULL && g->ks != NULL && g->ks->receive_only ?
	    GDOI_SA_DIR_RECEIVER_ONLY : GDOI_SA_DIR_SYMMETRIC;

	fill_tek_sats(&k->tek, k->aces, k->n_aces, dir, sa);
	for (int i = 0; i < k->n_xt; i++)
		fill_tek_sats(&k->xt[i].tek, k->xt[i].aces, k->xt[i].n_aces,
		    dir, sa);
}

/* The group identity a GM asked for, as text ("3333", "10.1.1.1"). */
static const char *
gid_text(const struct gdoi_group_id *id, char *buf, size_t len)
{
	if (id->type == ISAKMP_ID_IPV4_ADDR) {
		char	 a[16];

		snprintf(buf, len, "%s", ip_ntoa(id->value, a));
	} else
		snprintf(buf, len, "%u", id->value);
	return buf;
}

/* Table 3 KS_HASH_FAIL ("a message sent by the group member has a bad or
 * no hash").  The text follows the IOS catalogue's "Registration: ..."
 * messages as remembered, not a verified sample; severity 4 likewise. */
static void
hash_fail(struct router *r, uint32_t peer)
{
	char	 a[16];

	rlog(r, SEV_WARNING, "GDOI", "KS_HASH_FAIL", "Registration: Bad or no "
	    "hash in message sent by the GM %s", ip_ntoa(peer, a));
}

/* `debug crypto gdoi ks registration detail`: the policy message 2
 * carries, one line per ACE as the GM will show it. */
static void
dbg_policy(struct router *r, uint32_t peer, const struct gdoi_ksg *k,
    const struct gdoi_sa *sa)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < k->n_aces && i < sa->n_tek; i++) {
		const char *t;

		sb_reset(&sb);
		gdoi_ace_text(&k->aces[i], "", "", "", &sb);
		/* "access-list deny ...\n" -> "deny ..." */
		t = sb_str(&sb);
		if (strncmp(t, "access-list ", 12) == 0)
			t += 12;
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_DETAIL, peer, k->name,
		    "GDOI:KS:(%s):  TEK %d SPI 0x%08X: %.*s", k->name, i + 1,
		    sa->tek[i].spi, (int)strcspn(t, "\n"), t);
	}
	sb_free(&sb);
}

/* Message 1 (HASH, Ni, ID): find the group, authorize the GM, answer with
 * message 2 (HASH, Nr, SA: the KEK policy and the whole policy ACL).
 * Debug lines (`debug crypto gdoi ks registration`): vpnsim's wording in
 * IOS's "GDOI:KS:" style; no real sample of these lines was found. */
void
gdoi_ks_msg1(struct gdoi_pull *x, const struct isakmp_msg *m,
    const uint8_t *plain)
{
	struct gdoi_proto *p = x->p;
	struct router *r = p->r;
	const struct isakmp_pl *ni, *id;
	struct gdoi_group_id gid;
	struct gdoi_group *g;
	struct gdoi_ksg *k;
	struct isakmp_builder b;
	struct gdoi_sa *sa;
	struct prf_buf pre[1];
	uint32_t local, peer, rk_src, rk_dst;
	char	 pb[16], ib[32];
	int	 rc = 0;

	if (!ike_gdoi_sa_addrs(r, x->conn_id, &local, &peer)) {
		p->rx_bad++;
		gdoi_pull_free(x);
		return;
	}
	if (!gdoi_pull_check(x, m, plain, NULL, 0)) {
		hash_fail(r, peer);
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, NULL,
		    "GDOI:KS:Registration request from GM %s dropped: bad "
		    "hash", ip_ntoa(peer, pb));
		gdoi_pull_free(x);
		return;
	}
	if ((ni = gdoi_pl(m, ISAKMP_NP_NONCE)) == NULL ||
	    (id = gdoi_pl(m, ISAKMP_NP_ID)) == NULL ||
	    ni->len > sizeof(x->ni) || ni->len < 8 ||
	    (rc = gdoi_id_group_decode(id->body, id->len, &gid)) != 0) {
		p->rx_bad++;
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, NULL,
		    "GDOI:KS:Malformed registration request from GM %s: %s",
		    ip_ntoa(peer, pb), rc != 0 ? gdoi_strerror(rc) :
		    "NONCE or ID payload missing");
		gdoi_pull_free(x);
		return;
	}
	memcpy(x->ni, ni->body, ni->len);
	x->ni_len = ni->len;
	GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_EVENT, peer, NULL,
	    "GDOI:KS:Rcvd registration request (msg 1) from GM %s for group "
	    "identity %s", ip_ntoa(peer, pb), gid_text(&gid, ib, sizeof(ib)));
	if ((g = group_by_id(r, &gid)) == NULL) {
		/* Table 3 KS_BAD_ID ("a configuration mismatch exists between
		 * a local key server and a group member during GDOI
		 * registration").  The text is modelled on the IOS
		 * catalogue's "Registration: ... config mismatch between KS
		 * and the GM ..." (from memory, unverified).  No answer goes
		 * back: the GM times out and tries its next key server. */
		rlog(r, SEV_ERR, "GDOI", "KS_BAD_ID", "Registration: Group ID %s "
		    "config mismatch between KS and the GM %s.",
		    gid_text(&gid, ib, sizeof(ib)), ip_ntoa(peer, pb));
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, NULL,
		    "GDOI:KS:No group with identity %s: registration from GM "
		    "%s dropped", ib, pb);
		gdoi_pull_free(x);
		return;
	}
	if (!gdoi_ks_authorized(r, g, x->conn_id, peer, local)) {
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, g->name,
		    "GDOI:KS:(%s):GM %s is not authorized: registration "
		    "dropped", g->name, ip_ntoa(peer, pb));
		gdoi_pull_free(x);
		return;
	}
	if (g->ks->auth == GDOI_AUTH_MYPUBKEY &&
	    ipsec_rsa_find(r, g->ks->auth_key) == NULL)
		rlog(r, SEV_ALERT, "GDOI", "KS_NO_RSA_KEYS", "RSA Key - get : "
		    "Not found, Required for group %s", g->name);
	k = gdoi_ksg(p, g->name, true);
	if (!ensure_keys(r, k, g->ks)) {
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, g->name,
		    "GDOI:KS:(%s):No TEK policy (sa ipsec profile or "
		    "transform set incomplete): registration from GM %s "
		    "dropped", g->name, ip_ntoa(peer, pb));
		gdoi_pull_free(x);
		return;
	}
	snprintf(x->group, sizeof(x->group), "%s", g->name);
	x->nr_len = GDOI_NONCE_LEN;
	rng_bytes(x->nr, x->nr_len);
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		abort();
	sa->has_sak = true;
	sa->sak.proto = 17;
	/* Where rekeys come from and go to (0: unicast). */
	gdoi_push_sak_addrs(k, g->ks, local, &rk_src, &rk_dst);
	gdoi_id_addr(&sa->sak.src, rk_src, GDOI_PORT);
	gdoi_id_addr(&sa->sak.dst, rk_dst, GDOI_PORT);
	memcpy(sa->sak.spi, k->kek.spi, sizeof(k->kek.spi));
	sa->sak.kek_alg = k->kek.alg;
	if (k->kek.alg == GDOI_KEK_ALG_AES)
		sa->sak.kek_keylen = k->kek.keylen;
	sa->sak.kek_lifetime = remaining(k->kek.created, k->kek.life);
	sa->sak.sig_hash = k->kek.sig_hash;
	sa->sak.sig_alg = k->kek.sig_alg;
	sa->sak.sig_keylen = k->kek.sig_keylen;
	gdoi_ks_fill_sats(k, sa);
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, x->nr, x->nr_len);
	gdoi_build_sa(&b, sa, 0);
	pre[0] = (struct prf_buf){ x->ni, x->ni_len };
	x->st = 2;
	if (gdoi_pull_send(x, pre, 1, &b) == 0)
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_EVENT, peer, g->name,
		    "GDOI:KS:(%s):Sent msg 2 (KEK policy, TEK SPI 0x%08X, "
		    "%d ACL entries) to GM %s", g->name, k->tek.spi, sa->n_tek,
		    ip_ntoa(peer, pb));
	if (gdoi_dbg_on(r, GDBG_KS, GDBG_REG, DBG_LVL_DETAIL))
		dbg_policy(r, peer, k, sa);
	free(sa);
}

/* A message 3 with a NO-PROPOSAL-CHOSEN notify: the GM refused the
 * policy of message 2. */
static bool
gm_rejected(const struct isakmp_msg *m)
{
	struct isakmp_notify n;

	for (int i = 0; i < m->n; i++)
		if (m->pl[i].type == ISAKMP_NP_N &&
		    isakmp_notify_decode(m->pl[i].body, m->pl[i].len, &n) ==
		    0 && n.type == ISAKMP_N_NO_PROPOSAL_CHOSEN)
			return true;
	return false;
}

/* Message 3 (HASH): answer with message 4 (HASH, SEQ, KD: the KEK and
 * TEK keys) and record the member. */
void
gdoi_ks_msg3(struct gdoi_pull *x, const struct isakmp_msg *m,
    const uint8_t *plain)
{
	struct gdoi_proto *p = x->p;
	struct router *r = p->r;
	struct gdoi_ksg *k = gdoi_ksg(p, x->group, false);
	struct isakmp_builder b;
	struct gdoi_kd kd;
	struct gdoi_member *mb;
	struct prf_buf pre[2] = { { x->ni, x->ni_len }, { x->nr, x->nr_len } };
	uint32_t local, peer, seq;
	bool	 first;
	char	 pb[16];

	if (k == NULL || !ike_gdoi_sa_addrs(r, x->conn_id, &local, &peer)) {
		p->rx_bad++;
		return;
	}
	if (!gdoi_pull_check(x, m, plain, pre, 2)) {
		hash_fail(r, peer);
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, k->name,
		    "GDOI:KS:(%s):Msg 3 from GM %s dropped: bad hash", k->name,
		    ip_ntoa(peer, pb));
		return;
	}
	if (gm_rejected(m)) {
		/* Table 3 KS_GM_REJECTS_SA_PAYLOAD: the GM's `client` lines
		 * refused the policy of message 2 (vpnsim: message 3 carries
		 * a NO-PROPOSAL-CHOSEN notify, gdoi_gm.c).  No keys go out. */
		rlog(r, SEV_ERR, "GDOI", "KS_GM_REJECTS_SA_PAYLOAD",
		    "Registration: GM %s rejected a policy in the SA proposal "
		    "sent by KS, in the group %s.", ip_ntoa(peer, pb), k->name);
		GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_ERROR, peer, k->name,
		    "GDOI:KS:(%s):GM %s rejected the policy of msg 2: "
		    "registration dropped", k->name, pb);
		gdoi_pull_free(x);
		return;
	}
	GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_EVENT, peer, k->name,
	    "GDOI:KS:(%s):Rcvd msg 3 from GM %s", k->name, ip_ntoa(peer, pb));
	memset(&kd, 0, sizeof(kd));
	gdoi_keypkt_kek(&kd.pkt[kd.n++], k->kek.spi, k->kek.ivkey,
	    (uint16_t)k->kek.ivkey_len, k->kek.spki, (uint16_t)k->kek.spki_len);
	gdoi_ks_fill_tek_keys(k, &kd);
	isakmp_build_init_chain(&b);
	/* After a KEK rekey the next rekey restarts at 1: a member that
	 * registers in between must accept it. */
	seq = k->seq_reset ? 0 : k->seq;
	gdoi_build_seq(&b, seq);
	gdoi_build_kd(&b, &kd);
	x->st = 4;
	if (gdoi_pull_send(x, pre, 2, &b) != 0)
		return;
	GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_EVENT, peer, k->name,
	    "GDOI:KS:(%s):Sent msg 4 (KEK and TEK keys, seq %u) to GM %s",
	    k->name, seq, ip_ntoa(peer, pb));
	mb = gdoi_ks_member_find(k, peer);
	first = TAILQ_EMPTY(&k->members);
	if (mb == NULL) {
		if ((mb = calloc(1, sizeof(*mb))) == NULL)
			abort();
		mb->addr = peer;
		TAILQ_INSERT_TAIL(&k->members, mb, entry);
		hmap_insert(&k->member_idx, &mb->idx, hmap_hash_u32(peer));
		/* The rekey timers allow for the members' unicast loops. */
		gdoi_push_ks_members_grew(k);
	}
	mb->ks = local;
	mb->registered = sched_now();
	mb->addr_authz = gdoi_ks_addr_identity(r, x->conn_id);
	ip_ntoa(peer, pb);
	/* Table 3 KS_REGS_COMPL (the table spells it KS_REGG_COMPL) and
	 * KS_FIRST_GM (LOG_INFO, the table says).  No sample of either
	 * text in the seeds or the stored references: the wording is the
	 * IOS catalogue's as remembered (vpnsim's, unverified). */
	rlog(r, SEV_NOTICE, "GDOI", "KS_REGS_COMPL", "KS completed successful "
	    "registration in group %s with GM %s.", k->name, pb);
	if (first)
		rlog(r, SEV_INFO, "GDOI", "KS_FIRST_GM", "Re-key: First GM %s "
		    "seen by KS in the group %s.", pb, k->name);
	GDOI_DBG(r, GDBG_KS, GDBG_REG, DBG_LVL_TERSE, peer, k->name,
	    "GDOI:KS:(%s):Registration of GM %s complete (members: %d)",
	    k->name, pb, gdoi_ks_members(k));
}

/* Table 3 KS_LAST_GM (wording as remembered, vpnsim's). */
static void
last_gm(struct gdoi_ksg *k, uint32_t addr)
{
	char	 a[16];

	rlog(k->r, SEV_INFO, "GDOI", "KS_LAST_GM", "Re-key: Last GM %s left "
	    "the group %s.", ip_ntoa(addr, a), k->name);
}

void
gdoi_ks_member_gone(struct gdoi_ksg *k, struct gdoi_member *m)
{
	uint32_t addr = m->addr;

	free(m);
	if (TAILQ_EMPTY(&k->members))
		last_gm(k, addr);
}

/* ---- clear crypto gdoi -------------------------------------------------- */

static void
ksg_reset(struct gdoi_proto *p, struct gdoi_ksg *k)
{
	struct gdoi_member *m;
	struct gdoi_pull *x, *nx;
	uint32_t last = 0;

	gdoi_push_ksg_stop(k);
	/* Registrations under way would mix old policy and new keys. */
	for (x = TAILQ_FIRST(&p->pulls); x != NULL; x = nx) {
		nx = TAILQ_NEXT(x, entry);
		if (!x->gm && strcmp(x->group, k->name) == 0)
			gdoi_pull_free(x);
	}
	while ((m = TAILQ_FIRST(&k->members)) != NULL) {
		TAILQ_REMOVE(&k->members, m, entry);
		last = m->addr;
		free(m);
	}
	hmap_clear(&k->member_idx);
	/* The members are forgotten: the last one has left. */
	if (last != 0)
		last_gm(k, last);
	free(k->kek.spki);
	free(k->okek.spki);
	memset(&k->kek, 0, sizeof(k->kek));
	memset(&k->okek, 0, sizeof(k->okek));
	memset(&k->tek, 0, sizeof(k->tek));
	k->n_xt = 0;
	k->seq = k->seq0 = 0;
	k->seq_reset = k->kek_push = false;
	k->n_rekeys = k->n_retx = k->n_kek_rekeys = 0;
	k->retx_left = 0;
}

void
gdoi_ks_clear(struct gdoi_proto *p, const char *group)
{
	struct gdoi_state *st;
	struct gdoi_ksg *k;

	if (p == NULL || (st = gdoi_state(p->r)) == NULL)
		return;
	for (int i = 0; i < st->n_groups; i++) {
		struct gdoi_group *g = st->groups[i];

		if (g->ks == NULL || (group != NULL && group[0] != '\0' &&
		    strcmp(group, g->name) != 0))
			continue;
		/* Table 3 KS_CLEAR_REGISTER ("The clear crypto gdoi command
		 * has been executed by the local key server"): text after the
		 * GM's GM_CLEAR_REGISTER "Config: GM cleared gdoi
		 * configuration for the group G1." (vpnsim's analogue). */
		rlog(p->r, SEV_NOTICE, "GDOI", "KS_CLEAR_REGISTER", "Config: KS "
		    "cleared gdoi configuration for the group %s.", g->name);
		if ((k = gdoi_ksg(p, g->name, false)) == NULL)
			continue;	/* no keys yet: nothing to renew */
		ksg_reset(p, k);
		/* New keys now (seed 003: clear makes policy changes take
		 * effect immediately); the members come back on their own. */
		gdoi_ks_make_kek(p->r, k, g->ks);
		(void)gdoi_ks_make_tek(p->r, k, g->ks);
		GDOI_DBG(p->r, GDBG_KS, GDBG_REG, DBG_LVL_EVENT, 0, g->name,
		    "GDOI:KS:(%s):Group cleared: members removed, new KEK and "
		    "TEK (SPI 0x%08X)", g->name, k->tek.spi);
	}
}
