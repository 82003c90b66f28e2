/* GROUPKEY-PUSH, the group member's side: a rekey from the key server,
 * unicast to our address or multicast to the rekey group.
 *
 * The GM looks up the KEK by the cookies, decrypts, verifies the RSA
 * signature with the KS public key of the registration (a failure is
 * counted in n_sig_fail and dropped) and the sequence number (seed 003
 * "Rekey Sequence-Number Check"), then:
 *   - a SAK with a new SPI is a KEK rekey: the new KEK replaces the old
 *     one (%GDOI-5-SA_KEK_UPDATED) and the next seq # may restart at 1;
 *     a SAK with the current SPI only updates the rekey transport;
 *   - a change of transport (SAK destination 0 = unicast, else the
 *     multicast group) logs GM_REKEY_TRANS_2_UNI / _2_MULTI and joins or
 *     leaves the rekey group: IOS GMs join it themselves ("the group
 *     member receives the address of the multicast group and registers
 *     with the multicast group", seed 003);
 *   - a new TEK is installed next to the old one, outbound moves to it 30
 *     s before the old one ends (seed 003 "IPsec SA Usage on the Group
 *     Members"), and the policy of the SATs replaces the downloaded one
 *     (gdoi_gm_set_policy);
 *   - a rekey that came unicast is acknowledged (vpnsim's ACK encoding,
 *     gdoi_push_msg.c); a multicast one never is.
 *
 * Event traces as seed 001 shows them on a GM (`show monitor event-trace
 * gdoi rekey all`): ACK_SENT then REKEY_RCVD, both "From <KS> to <GM>".
 * The debug lines are vpnsim's wording (no IOS sample of `debug crypto
 * gdoi gm rekey` in the seeds or the references searched). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "engine.h"
#include "evtrace.h"
#include "gdoi_codec.h"
#include "gdoi_debug.h"
#include "gdoi_push_int.h"
#include "gdoi_timers.h"
#include "iface.h"
#include "ike_gdoi.h"
#include "ipv4.h"
#include "keyexport.h"
#include "log.h"
#include "mcast.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"

static bool
is_mcast(uint32_t a)
{
	return (a & 0xf0000000u) == 0xe0000000u;
}

/* ---- multicast rekey group ------------------------------------------------ */

/* Leave the group we joined ourselves (never one configured with `ip
 * igmp join-group`, which we did not record). */
static void
mcast_drop(struct gdoi_gmg *g)
{
	struct iface *ifp;

	if (g->mcast_joined == 0)
		return;
	if ((ifp = router_find_iface(g->r, g->mcast_ifname)) != NULL)
		mcast_proto_leave(ifp, g->mcast_joined);
	g->mcast_joined = 0;
	g->mcast_ifname[0] = '\0';
}

/* Be a receiver of group on the crypto map's interface.  netsim has one
 * list of joined groups per interface, the one `ip igmp join-group`
 * edits, so the join also shows in that interface's running config (a
 * known difference from IOS, whose GDOI join is not configuration). */
static void
mcast_take(struct gdoi_gmg *g, uint32_t group)
{
	struct iface *ifp;

	if (g->mcast_joined == group && group != 0)
		return;
	mcast_drop(g);
	if (!is_mcast(group) ||
	    (ifp = router_find_iface(g->r, g->ifname)) == NULL)
		return;
	for (int i = 0; i < ifp->n_igmp_groups; i++)
		if (ifp->igmp_groups[i] == group)
			return;		/* configured: not ours to leave */
	if (mcast_proto_join(ifp, group) == 0) {
		g->mcast_joined = group;
		snprintf(g->mcast_ifname, sizeof(g->mcast_ifname), "%s",
		    ifp->name);
	}
}

void
gdoi_push_gm_registered(struct gdoi_gmg *g)
{
	if (g->kek.valid && !g->kek.unicast && is_mcast(g->kek.rekey_dst))
		mcast_take(g, g->kek.rekey_dst);
	else
		mcast_drop(g);
}

/* ---- ACK, signature ------------------------------------------------------- */

static void
send_ack(struct gdoi_gmg *g, uint32_t seq)
{
	uint8_t	*msg;
	size_t	 len = 0;
	char	 a[16], c[16];

	if ((msg = gdoi_ack_build(&g->kek, g->local, seq, &len)) == NULL)
		return;
	ike_gdoi_sendto(g->r, g->local, g->ks, msg, len);
	free(msg);
	g->n_acks++;
	evtrace_add(evtrace_get(g->r->traces, "gdoi", "rekey"),
	    "GDOI_REKEY_EVENT: ACK_SENT: From %s to %s with seq no %u for the "
	    "group %s", ip_ntoa(g->ks, c), ip_ntoa(g->local, a), seq, g->name);
	GDOI_DBG(g->r, GDBG_GM, GDBG_REKEY, DBG_LVL_EVENT, g->ks, g->name,
	    "GDOI:GM REKEY:EVT:(0):Sent ACK for seq # %u to KS %s for group %s",
	    seq, ip_ntoa(g->ks, c), g->name);
}

/* The KS public key is decoded once per KEK (gdoi_pkcache.c), not at
 * every rekey. */
static bool
verify_sig(struct gdoi_proto *p, const struct gdoi_kek_st *kek,
    const uint8_t *hash, size_t hlen, const uint8_t *sig, size_t slen)
{
	EVP_PKEY *pk;
	EVP_PKEY_CTX *pc;
	int	 ok = 0;

	if ((pk = gdoi_gm_pubkey(p, kek->spki, kek->spki_len)) == NULL)
		return false;
	if ((pc = EVP_PKEY_CTX_new(pk, NULL)) != NULL &&
	    EVP_PKEY_verify_init(pc) > 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) > 0)
		ok = EVP_PKEY_verify(pc, sig, slen, hash, hlen) == 1;
	EVP_PKEY_CTX_free(pc);
	return ok;
}

/* ---- TEK ------------------------------------------------------------------ */

/* 30 s before the old TEK ends: outbound moves to the new one; the old
 * inbound SA stays until it expires. */
static void
switch_fire(void *arg)
{
	struct gdoi_gmg *g = arg;
	struct sadb *db = ipsec_sadb(g->r);
	struct ipsec_sa *old;

	if (!g->pending)
		return;
	if (g->tek.valid && (old = sadb_find_out(db, 0, g->tek.spi)) != NULL)
		sadb_del(db, old);
	g->old_spi = g->tek.valid ? g->tek.spi : 0;
	g->tek = g->ntek;
	/* Multi-TEK: the later TEKs switch with the first; one the new
	 * policy no longer has loses its outbound SA (the inbound one runs
	 * out on its own). */
	for (int j = 0; j < GDOI_MAX_XTEK; j++) {
		struct gdoi_gm_xtek *xt = &g->xt[j];
		bool	 keep = j < g->n_nxt;

		if (xt->tek.valid && (keep ? xt->ntek.valid &&
		    xt->ntek.spi != xt->tek.spi : j < g->n_xt) &&
		    (old = sadb_find_out(db, 0, xt->tek.spi)) != NULL)
			sadb_del(db, old);
		if (!keep) {
			if (j < g->n_xt)
				memset(xt, 0, sizeof(*xt));
			continue;
		}
		if (!xt->ntek.valid || xt->ntek.spi == xt->tek.spi)
			continue;
		xt->old_spi = xt->tek.valid ? xt->tek.spi : 0;
		xt->tek = xt->ntek;
	}
	g->n_xt = g->n_nxt;
	g->pending = false;
}

/* The TEK of SAT s with its keys from kd into t; false without keys. */
static bool
tek_of(const struct gdoi_sat *s, const struct gdoi_kd *kd,
    struct gdoi_tek_st *t)
{
	bool	 have = false;

	memset(t, 0, sizeof(*t));
	t->spi = s->spi;
	t->esp_id = s->transform;
	t->keylen = s->keylen;
	t->auth = s->auth;
	t->life = s->life_sec;
	gdoi_sat_replay(s, t);
	for (int i = 0; i < kd->n; i++) {
		const struct gdoi_keypkt *k = &kd->pkt[i];

		if (k->type == GDOI_KD_TEK && gdoi_keypkt_spi32(k) == t->spi &&
		    k->alg_key_len <= sizeof(t->key) &&
		    k->int_key_len <= sizeof(t->ikey)) {
			memcpy(t->key, k->alg_key, k->alg_key_len);
			t->key_len = k->alg_key_len;
			memcpy(t->ikey, k->int_key, k->int_key_len);
			t->ikey_len = k->int_key_len;
			have = true;
		}
	}
	return have;
}

/* Inbound and outbound SAs of TEK t (the same SPI). */
static bool
add_pair(struct gdoi_gmg *g, const struct gdoi_tek_st *t)
{
	struct sadb *db = ipsec_sadb(g->r);
	struct ipsec_sa *in, *out;

	if ((in = gdoi_gm_make_sa(g, IPSEC_DIR_IN, t)) == NULL)
		return false;
	if ((out = gdoi_gm_make_sa(g, IPSEC_DIR_OUT, t)) == NULL) {
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
	/* The keys this member now uses, for Wireshark (--capture). */
	(void)keyexport_lab_esp_sa(in);
	return true;
}

/* Multi-TEK: the TEKs of the later `sa ipsec` in a rekey, installed with
 * the first one's (and switched to with it, switch_fire). */
static void
gm_install_xteks(struct gdoi_gmg *g, const struct gdoi_sa *sa,
    const struct gdoi_kd *kd)
{
	int	 first[1 + GDOI_MAX_XTEK], nt = gdoi_sa_teks(sa, first);

	g->n_nxt = nt > 0 ? nt - 1 : 0;
	for (int j = 1; j < nt; j++) {
		struct gdoi_gm_xtek *xt = &g->xt[j - 1];
		struct gdoi_tek_st t;

		if (!tek_of(&sa->tek[first[j]], kd, &t) ||
		    (j - 1 < g->n_xt && xt->tek.valid &&
		    xt->tek.spi == t.spi) || !add_pair(g, &t)) {
			xt->ntek.valid = false;
			continue;
		}
		t.valid = true;
		t.created = sched_now();
		xt->ntek = t;
	}
}

/* Install the TEK of the first SAT with the keys of the KD: both SAs now,
 * outbound use later (switch_fire).  False when it is the TEK we have. */
static bool
gm_install(struct gdoi_gmg *g, const struct gdoi_sa *sa,
    const struct gdoi_kd *kd)
{
	struct gdoi_tek_st t;
	uint32_t left;

	if (sa->n_tek == 0)
		return false;
	if (!tek_of(&sa->tek[0], kd, &t) ||
	    (g->tek.valid && g->tek.spi == t.spi) ||
	    (g->pending && g->ntek.spi == t.spi))
		return false;
	if (g->pending)
		switch_fire(g);		/* a second rekey before the switch */
	if (!add_pair(g, &t))
		return false;
	gm_install_xteks(g, sa, kd);
	t.valid = true;
	t.created = sched_now();
	g->ntek = t;
	g->pending = true;
	left = 0;
	if (g->tek.valid) {
		vtime_t end = g->tek.created + (vtime_t)g->tek.life * VT_SEC;

		left = end > sched_now() ? (uint32_t)((end - sched_now()) /
		    VT_SEC) : 0;
	}
	timer_set(&g->switch_ev, (vtime_t)gdoi_gm_switch_in(left) * VT_SEC,
	    switch_fire, g);
	gdoi_gm_arm_rereg(g, t.life);
	return true;
}

/* ---- KEK policy ----------------------------------------------------------- */

/* The SAK of a rekey: a new KEK (the key packet of the same SPI replaces
 * the current KEK; the public key stays when the packet has none), or
 * the current KEK's policy with a new transport.  Returns true for a new
 * KEK. */
static bool
gm_sak(struct gdoi_gmg *g, const struct gdoi_sa *sa, const struct gdoi_kd *kd)
{
	const struct gdoi_keypkt *kp = NULL;
	struct gdoi_kek_st e;

	if (!sa->has_sak)
		return false;
	if (memcmp(sa->sak.spi, g->kek.spi, GDOI_KEK_SPI_LEN) == 0) {
		g->kek.rekey_src = sa->sak.src.addr;
		g->kek.rekey_dst = sa->sak.dst.addr;
		g->kek.unicast = sa->sak.dst.addr == 0;
		return false;
	}
	for (int i = 0; i < kd->n; i++)
		if (kd->pkt[i].type == GDOI_KD_KEK && kd->pkt[i].spi_size ==
		    GDOI_KEK_SPI_LEN && memcmp(kd->pkt[i].spi, sa->sak.spi,
		    GDOI_KEK_SPI_LEN) == 0)
			kp = &kd->pkt[i];
	if (kp == NULL || kp->alg_key_len > sizeof(e.ivkey) ||
	    kp->alg_key_len <= gdoi_kek_iv_len(sa->sak.kek_alg))
		return false;
	memset(&e, 0, sizeof(e));
	memcpy(e.spi, sa->sak.spi, sizeof(e.spi));
	e.alg = sa->sak.kek_alg;
	e.keylen = sa->sak.kek_keylen;
	e.life = sa->sak.kek_lifetime;
	e.sig_hash = sa->sak.sig_hash;
	e.sig_alg = sa->sak.sig_alg;
	e.sig_keylen = sa->sak.sig_keylen;
	e.rekey_src = sa->sak.src.addr;
	e.rekey_dst = sa->sak.dst.addr;
	e.unicast = sa->sak.dst.addr == 0;
	memcpy(e.ivkey, kp->alg_key, kp->alg_key_len);
	e.ivkey_len = kp->alg_key_len;
	if (kp->sig_key_len > 0) {
		if ((e.spki = malloc(kp->sig_key_len)) == NULL)
			abort();
		memcpy(e.spki, kp->sig_key, kp->sig_key_len);
		e.spki_len = kp->sig_key_len;
		free(g->kek.spki);
	} else {
		e.spki = g->kek.spki;
		e.spki_len = g->kek.spki_len;
	}
	e.created = sched_now();
	e.valid = true;
	g->kek = e;
	return true;
}


/* The rekey changed unicast <-> multicast (or the group): syslog and
 * the group membership.  GM_REKEY_TRANS_2_UNI's text is seed 001's;
 * _2_MULTI's is worded after it (no sample in the seeds). */
static void
transport_changed(struct gdoi_gmg *g, bool was_unicast, uint32_t was_dst)
{
	if (g->kek.unicast != was_unicast)
		rlog(g->r, SEV_NOTICE, "GDOI", g->kek.unicast ?
		    "GM_REKEY_TRANS_2_UNI" : "GM_REKEY_TRANS_2_MULTI",
		    "Group %s transitioned to %s Rekey.", g->name,
		    g->kek.unicast ? "Unicast" : "Multicast");
	if (g->kek.unicast != was_unicast || g->kek.rekey_dst != was_dst)
		gdoi_push_gm_registered(g);
}

/* ---- the PUSH ------------------------------------------------------------- */

struct push_rx {
	uint8_t		*buf;
	struct isakmp_msg *m;
	const struct gdoi_kek_st *kek;	/* the KEK that opened it */
	struct gdoi_sa	*sa;
	struct gdoi_kd	*kd;
	uint8_t		*in;
};

static void
push_rx_free(struct push_rx *x)
{
	free(x->sa);
	free(x->kd);
	free(x->in);
	free(x->m);
	free(x->buf);
}

/* A rekey that got past the signature but failed later: seed 001 shows
 * IOS's two follow-up lines after %GDOI-3-GDOI_REKEY_SEQ_FAILURE. */
static void
rekey_failed(struct gdoi_gmg *g, uint32_t src)
{
	char	 a[16], b[16];

	rlog(g->r, SEV_ERR, "GDOI", "GDOI_REKEY_FAILURE", "Processing of REKEY "
	    "payloads failed on GM %s in the group %s, with peer at %s",
	    ip_ntoa(g->local, a), g->name, ip_ntoa(src, b));
	rlog(g->r, SEV_INFO, "CRYPTO", "IKMP_MODE_FAILURE", "Processing of "
	    "GDOI mode failed with peer at %s", ip_ntoa(src, b));
}

/* Decrypt raw with x->kek into x->buf and parse it into x->m; false
 * (x->m emptied) when it does not decrypt to a well-formed message. */
static bool
push_decrypt(struct push_rx *x, const uint8_t *raw, size_t len)
{
	memcpy(x->buf, raw, len);
	memset(x->m, 0, sizeof(*x->m));
	if (gdoi_kek_crypt(x->kek, x->buf + ISAKMP_HDR_LEN,
	    len - ISAKMP_HDR_LEN, 0) && isakmp_parse(x->buf, len, x->m) == 0 &&
	    isakmp_parse_chain(x->m, x->m->hdr.np, x->buf + ISAKMP_HDR_LEN,
	    len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN, true) == 0)
		return true;
	memset(x->m, 0, sizeof(*x->m));
	return false;
}

/* Decrypt and check: the signature, then the sequence number.  Returns
 * the seq # in *seq, false (counted, logged as IOS does) on failure. */
static bool
push_open(struct gdoi_proto *p, struct gdoi_gmg *g, struct push_rx *x,
    const uint8_t *raw, size_t len, uint32_t src, uint32_t *seq)
{
	const struct isakmp_pl *sig, *sp, *sap, *kdp;
	uint8_t	 hash[20];
	size_t	 inlen;
	char	 a[16];

	if ((x->buf = malloc(len)) == NULL ||
	    (x->m = calloc(1, sizeof(*x->m))) == NULL)
		abort();
	/* Only the current KEK: retransmissions of a KEK rekey still under
	 * the old KEK are dropped once the new one is in (seed 003: "the
	 * group member does not have the old KEK"). */
	x->kek = &g->kek;
	if (!push_decrypt(x, raw, len) ||
	    (sig = isakmp_find(x->m, ISAKMP_NP_SIG)) == NULL ||
	    (sp = isakmp_find(x->m, ISAKMP_NP_SEQ)) == NULL ||
	    (sap = isakmp_find(x->m, ISAKMP_NP_SA)) == NULL ||
	    (kdp = isakmp_find(x->m, ISAKMP_NP_KD)) == NULL ||
	    gdoi_seq_decode(sp->body, sp->len, seq) != 0) {
		GDOI_DBG(g->r, GDBG_GM, GDBG_REKEY, DBG_LVL_ERROR, g->ks,
		    g->name, "GDOI:GM REKEY:ERR:(0):Rekey for group %s could "
		    "not be decrypted or parsed", g->name);
		return false;
	}
	x->in = gdoi_push_sig_input(x->buf, sig->off, 4 + sig->len, &inlen);
	if (x->in == NULL || !gdoi_sha1(x->in, inlen, hash) ||
	    !verify_sig(p, x->kek, hash, sizeof(hash), sig->body, sig->len)) {
		g->n_sig_fail++;
		GDOI_DBG(g->r, GDBG_GM, GDBG_REKEY, DBG_LVL_ERROR, g->ks,
		    g->name, "GDOI:GM REKEY:ERR:(0):Signature of rekey seq # "
		    "%u from KS %s for group %s failed verification", *seq,
		    ip_ntoa(g->ks, a), g->name);
		return false;
	}
	if (!gdoi_seq_acceptable(g->seq_reset ? 0 : g->last_seq, *seq)) {
		g->n_seq_fail++;
		rlog(g->r, SEV_ERR, "GDOI", "GDOI_REKEY_SEQ_FAILURE", "Failed "
		    "to process rekey seq # %u in seq payload for group %s, "
		    "last seq # %u", *seq, g->name, g->last_seq);
		rekey_failed(g, src);
		return false;
	}
	if ((x->sa = calloc(1, sizeof(*x->sa))) == NULL ||
	    (x->kd = calloc(1, sizeof(*x->kd))) == NULL)
		abort();
	if (gdoi_sa_decode(sap->body, sap->len, x->sa) != 0 ||
	    gdoi_kd_decode(kdp->body, kdp->len, x->kd) != 0) {
		GDOI_DBG(g->r, GDBG_GM, GDBG_REKEY, DBG_LVL_ERROR, g->ks,
		    g->name, "GDOI:GM REKEY:ERR:(0):Bad SA or KD payload in "
		    "rekey seq # %u for group %s", *seq, g->name);
		rekey_failed(g, src);
		return false;
	}
	(void)p;
	return true;
}

void
gdoi_push_gm_input(struct gdoi_proto *p, struct gdoi_gmg *g, uint32_t src,
    uint32_t dst, const uint8_t *raw, size_t len)
{
	struct router *r = p->r;
	struct push_rx x;
	uint32_t seq = 0, was_dst = g->kek.rekey_dst;
	bool	 was_unicast = g->kek.unicast, mcast = is_mcast(dst);
	char	 a[16], b[16];

	memset(&x, 0, sizeof(x));
	if (!push_open(p, g, &x, raw, len, src, &seq)) {
		p->rx_bad++;
		push_rx_free(&x);
		return;
	}
	rlog(r, SEV_NOTICE, "GDOI", "GM_RECV_REKEY", "Received Rekey for group "
	    "%s from %s to %s with seq # %u", g->name, ip_ntoa(src, a),
	    ip_ntoa(dst, b), seq);
	GDOI_DBG(r, GDBG_GM, GDBG_REKEY, DBG_LVL_EVENT, src, g->name,
	    "GDOI:GM REKEY:EVT:(0):%s rekey seq # %u from %s for group %s: "
	    "%s%d TEK(s)", mcast ? "Multicast" : "Unicast", seq,
	    ip_ntoa(src, a), g->name, x.sa->has_sak ? "KEK policy, " : "",
	    x.sa->n_tek);
	g->last_seq = seq;
	g->seq_reset = false;
	g->rekey_from = src;
	g->rekey_at = sched_now();
	g->n_rekeys++;
	g->n_rekeys_reg++;
	if (mcast)
		g->n_mcast_rekeys++;
	if (gm_sak(g, x.sa, x.kd)) {
		rlog(r, SEV_NOTICE, "GDOI", "SA_KEK_UPDATED",
		    "SA KEK was updated");
		/* The next rekey, under the new KEK, restarts at 1. */
		g->seq_reset = true;
	}
	transport_changed(g, was_unicast, was_dst);
	if (gm_install(g, x.sa, x.kd))
		rlog(r, SEV_NOTICE, "GDOI", "SA_TEK_UPDATED",
		    "SA TEK was updated");
	gdoi_gm_set_policy(g, x.sa, true);
	/* Only a copy sent to us expects an answer. */
	if (!mcast)
		send_ack(g, seq);
	evtrace_add(evtrace_get(r->traces, "gdoi", "rekey"),
	    "GDOI_REKEY_EVENT: REKEY_RCVD: From %s to %s with seq no %u for "
	    "the group %s", ip_ntoa(src, a), ip_ntoa(g->local, b), seq,
	    g->name);
	push_rx_free(&x);
}
