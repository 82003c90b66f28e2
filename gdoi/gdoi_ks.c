/* The key server side of GROUPKEY-PULL: authorization of the GM (address
 * ACL), the group's KEK and TEK (generated from the lab generator, the
 * TEK from the `sa ipsec` profile's transform set and its ACL), messages
 * 2 and 4 and the member list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "ike_gdoi.h"
#include "ipv4.h"
#include "log.h"
#include "rng.h"
#include "router.h"
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
	free(k->kek.spki);
	free(k->okek.spki);
	memset(k, 0, sizeof(*k));
	free(k);
}

int
gdoi_ks_members(struct gdoi_ksg *k)
{
	struct gdoi_member *m;
	int	 n = 0;

	TAILQ_FOREACH(m, &k->members, entry)
		n++;
	return n;
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

struct ace_copy {
	struct gdoi_ksg *k;
};

static bool
ace_copy(void *ctx, const struct acl_entry_view *v)
{
	struct gdoi_ksg *k = ctx;

	if (k->n_aces < GDOI_MAX_ACES)
		k->aces[k->n_aces++] = *v;
	return true;
}

static bool
make_tek(struct router *r, struct gdoi_ksg *k, const struct gdoi_ks_cfg *ks)
{
	struct gdoi_tek_st *t = &k->tek;
	const struct gdoi_sa_ipsec *s;
	const struct ipsec_profile *prof;
	const struct transform_set *ts;
	const struct esp_cipher *ec;
	const struct esp_auth *ea = NULL;

	if (ks->n_sa == 0 || (s = ks->sa[0]) == NULL ||
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
	k->n_aces = 0;
	snprintf(k->acl, sizeof(k->acl), "%s", s->acl);
	(void)acl_walk(r, s->acl, ace_copy, k);
	t->valid = true;
	return true;
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
	if (!k->tek.valid || remaining(k->tek.created, k->tek.life) <
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

/* `authorization address ipv4 ACL`: a standard or extended ACL checked
 * with the GM's address as the source. */
static bool
authorized(struct router *r, const struct gdoi_ks_cfg *ks, uint32_t gm,
    uint32_t local)
{
	uint8_t	 ip[20];

	if (ks->authz_acl[0] == '\0')
		return true;
	memset(ip, 0, sizeof(ip));
	ip[0] = 0x45;
	ip[3] = 20;
	ip[8] = 255;
	ip[9] = 17;
	for (int i = 0; i < 4; i++) {
		ip[12 + i] = (uint8_t)(gm >> (24 - 8 * i));
		ip[16 + i] = (uint8_t)(local >> (24 - 8 * i));
	}
	return acl_eval(r, ks->authz_acl, ip, sizeof(ip), false) ==
	    ACL_PERMIT;
}

/* One SAT per permit line of the policy, all with the current TEK. */
void
gdoi_ks_fill_sats(struct gdoi_ksg *k, struct gdoi_sa *sa)
{
	for (int i = 0; i < k->n_aces && sa->n_tek < GDOI_MAX_TEKS; i++) {
		const struct acl_entry_view *v = &k->aces[i];
		struct gdoi_sat *t = &sa->tek[sa->n_tek];

		if (!v->permit)
			continue;	/* deny lines are not carried (gap) */
		t->prot_id = GDOI_PROTO_IPSEC_ESP;
		t->ip_proto = v->proto;
		gdoi_id_subnet(&t->src, v->src & ~v->src_wild, ~v->src_wild,
		    v->sport_lo == v->sport_hi ? v->sport_lo : 0);
		gdoi_id_subnet(&t->dst, v->dst & ~v->dst_wild, ~v->dst_wild,
		    v->dport_lo == v->dport_hi ? v->dport_lo : 0);
		t->transform = k->tek.esp_id;
		t->spi = k->tek.spi;
		t->life_sec = remaining(k->tek.created, k->tek.life);
		t->encap = IPSEC_ENCAP_TUNNEL;
		t->auth = k->tek.auth;
		if (k->tek.esp_id == ESP_ID_AES)
			t->keylen = k->tek.keylen;
		t->addr_preservation = 4;	/* source and destination */
		t->sa_direction = 3;		/* symmetric */
		sa->n_tek++;
	}
}

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
	uint32_t local, peer;
	char	 pb[16];

	if (!gdoi_pull_check(x, m, plain, NULL, 0) ||
	    (ni = gdoi_pl(m, ISAKMP_NP_NONCE)) == NULL ||
	    (id = gdoi_pl(m, ISAKMP_NP_ID)) == NULL ||
	    ni->len > sizeof(x->ni) || ni->len < 8 ||
	    gdoi_id_group_decode(id->body, id->len, &gid) != 0 ||
	    !ike_gdoi_sa_addrs(r, x->conn_id, &local, &peer)) {
		p->rx_bad++;
		gdoi_pull_free(x);
		return;
	}
	memcpy(x->ni, ni->body, ni->len);
	x->ni_len = ni->len;
	if ((g = group_by_id(r, &gid)) == NULL) {
		p->rx_bad++;
		gdoi_pull_free(x);
		return;
	}
	if (!authorized(r, g->ks, peer, local)) {
		rlog(r, SEV_ALERT, "GDOI", "UNAUTHORIZED_IPADDR", "Group %s "
		    "received registration from unauthorized ip address: %s",
		    g->name, ip_ntoa(peer, pb));
		gdoi_pull_free(x);
		return;
	}
	if (g->ks->auth == GDOI_AUTH_MYPUBKEY &&
	    ipsec_rsa_find(r, g->ks->auth_key) == NULL)
		rlog(r, SEV_ALERT, "GDOI", "KS_NO_RSA_KEYS", "RSA Key - get : "
		    "Not found, Required for group %s", g->name);
	k = gdoi_ksg(p, g->name, true);
	if (!ensure_keys(r, k, g->ks)) {
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
	gdoi_id_addr(&sa->sak.src, local, GDOI_PORT);
	gdoi_id_addr(&sa->sak.dst, 0, GDOI_PORT);	/* unicast */
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
	free(sa);
	pre[0] = (struct prf_buf){ x->ni, x->ni_len };
	x->st = 2;
	(void)gdoi_pull_send(x, pre, 1, &b);
}

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
	uint32_t local, peer;

	if (k == NULL || !gdoi_pull_check(x, m, plain, pre, 2) ||
	    !ike_gdoi_sa_addrs(r, x->conn_id, &local, &peer)) {
		p->rx_bad++;
		return;
	}
	memset(&kd, 0, sizeof(kd));
	gdoi_keypkt_kek(&kd.pkt[kd.n++], k->kek.spi, k->kek.ivkey,
	    (uint16_t)k->kek.ivkey_len, k->kek.spki, (uint16_t)k->kek.spki_len);
	gdoi_keypkt_tek(&kd.pkt[kd.n++], k->tek.spi, k->tek.key,
	    (uint16_t)k->tek.key_len, k->tek.ikey, (uint16_t)k->tek.ikey_len);
	isakmp_build_init_chain(&b);
	/* After a KEK rekey the next rekey restarts at 1: a member that
	 * registers in between must accept it. */
	gdoi_build_seq(&b, k->seq_reset ? 0 : k->seq);
	gdoi_build_kd(&b, &kd);
	x->st = 4;
	if (gdoi_pull_send(x, pre, 2, &b) != 0)
		return;
	TAILQ_FOREACH(mb, &k->members, entry)
		if (mb->addr == peer)
			break;
	if (mb == NULL) {
		if ((mb = calloc(1, sizeof(*mb))) == NULL)
			abort();
		mb->addr = peer;
		TAILQ_INSERT_TAIL(&k->members, mb, entry);
	}
	mb->ks = local;
	mb->registered = sched_now();
}
