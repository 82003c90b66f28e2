/* GROUPKEY-PUSH: the key server's unicast TEK rekey and the group
 * member's side of it (research gdoi-wire.md §4).
 *
 * KS: tek_rekey_offset (plus the retransmission pull-back and the unicast
 * loop time, gdoi_timers.h) before the TEK ends it makes a new TEK and
 * sends every registered member
 *	HDR(cookies = KEK SPI, exch 33, flags E, M-ID 0), SEQ, SA(SATs), KD, SIG
 * signed with the KS RSA key (PKCS#1 v1.5 over the raw SHA-1 of
 * "rekey" || HDR' || payloads) and encrypted with the KEK in CBC mode
 * with the static IV of the KEK key download.  Without an RSA key there
 * is no rekey (seed 003): the GMs re-register.  Unacknowledged copies are
 * sent again per `rekey retransmit`; a member that misses the ACK of
 * three consecutive rekeys is removed.
 *
 * GM: looks up the KEK by the cookies, decrypts, verifies the signature
 * with the KS public key of the registration and the sequence number,
 * installs the new TEK next to the old one (outbound moves to it 30 s
 * before the old one ends) and acknowledges.
 *
 * KEK rekey: tek_rekey_offset (as for the TEK, of the KEK lifetime)
 * before the KEK ends the KS makes a new KEK and pushes it to every member
 * as SA(SAK, SATs) and KD(KEK key packet, TEK key packet), with the OLD
 * KEK's cookies, encrypted with the old KEK and signed as above; its
 * retransmissions also use the old KEK.  The GM installs the new KEK
 * (%GDOI-5-SA_KEK_UPDATED) and acknowledges with it; every later push
 * uses the new KEK.  The sequence number restarts at 1 with the first
 * rekey after the KEK rekey, not with the KEK rekey itself (seed 003
 * "Rekey Sequence-Number Check"), so the GM forgets its last seq # when
 * it installs a new KEK.
 *
 * The ACK is vpnsim's own encoding, not Cisco's (Cisco's is not public;
 * docs/wire-formats.md), shaped like RFC 8263:
 *	HDR(cookies = KEK SPI, np HASH, exch 33, flags 0, M-ID 0),
 *	HASH = HMAC-SHA1(KEK key, SEQ payload | ID payload, generic headers
 *	    included), SEQ (the sequence number acknowledged),
 *	ID (ID_IPV4_ADDR of the member)
 * sent in clear from UDP 848 to the KS's 848.  A PUSH always has the E
 * flag, an ACK never: that tells them apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "evtrace.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "gdoi_timers.h"
#include "ike_gdoi.h"
#include "ipv4.h"
#include "log.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"

#define ACK_HASH_LEN	20	/* HMAC-SHA1 */

/* ---- KEK cipher ----------------------------------------------------------- */

static const EVP_CIPHER *
kek_cipher(const struct gdoi_kek_st *e, size_t *klen)
{
	switch (e->alg) {
	case GDOI_KEK_ALG_3DES:
		*klen = 24;
		return EVP_des_ede3_cbc();
	case GDOI_KEK_ALG_AES:
		*klen = (size_t)(e->keylen ? e->keylen : 128) / 8;
		return *klen == 16 ? EVP_aes_128_cbc() : *klen == 24 ?
		    EVP_aes_192_cbc() : *klen == 32 ? EVP_aes_256_cbc() : NULL;
	default:
		return NULL;
	}
}

/* CBC over buf[0..len) in place (len a multiple of the block), with the
 * static IV re-installed for every message. */
static bool
kek_crypt(const struct gdoi_kek_st *e, uint8_t *buf, size_t len, int enc)
{
	size_t	 ivl = gdoi_kek_iv_len(e->alg), kl = 0;
	const EVP_CIPHER *c = kek_cipher(e, &kl);
	EVP_CIPHER_CTX *ctx;
	int	 n = 0, ok;

	if (c == NULL || ivl == 0 || e->ivkey_len < ivl + kl ||
	    len % ivl != 0 || len > (size_t)INT32_MAX)
		return false;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return false;
	ok = EVP_CipherInit_ex(ctx, c, NULL, e->ivkey + ivl, e->ivkey, enc) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	    EVP_CipherUpdate(ctx, buf, &n, buf, (int)len) && (size_t)n == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

static bool
ack_hash(const struct gdoi_kek_st *e, const uint8_t *data, size_t len,
    uint8_t out[ACK_HASH_LEN])
{
	size_t	 ivl = gdoi_kek_iv_len(e->alg), olen = 0;

	if (e->ivkey_len <= ivl)
		return false;
	return EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, e->ivkey + ivl,
	    e->ivkey_len - ivl, data, len, out, ACK_HASH_LEN, &olen) != NULL &&
	    olen == ACK_HASH_LEN;
}

static bool
sha1(const uint8_t *data, size_t len, uint8_t out[20])
{
	unsigned int n = 0;

	return EVP_Digest(data, len, out, &n, EVP_sha1(), NULL) && n == 20;
}

/* ---- KS: build and send --------------------------------------------------- */

/* The whole PUSH for the group's current TEK, signed and encrypted;
 * NULL without an RSA key. */
static uint8_t *
build_push(struct router *r, struct gdoi_ksg *k, const struct gdoi_ks_cfg *ks,
    bool bad_sig, size_t *outlen)
{
	struct rsa_keypair *rk;
	struct isakmp_hdr h;
	struct isakmp_builder b;
	struct gdoi_sa *sa;
	struct gdoi_kd kd;
	EVP_PKEY_CTX *pc;
	const struct gdoi_kek_st *ek;
	uint8_t	*msg, *in, *out, hash[20];
	size_t	 len, inlen, siglen, ivl, pad;
	bool	 kek = k->kek_push && k->okek.valid;

	/* A KEK rekey travels under the KEK it replaces. */
	ek = kek ? &k->okek : &k->kek;
	if (ks->auth != GDOI_AUTH_MYPUBKEY ||
	    (rk = ipsec_rsa_find(r, ks->auth_key)) == NULL || rk->pkey == NULL)
		return NULL;
	siglen = (size_t)EVP_PKEY_get_size(rk->pkey);
	memset(&h, 0, sizeof(h));
	memcpy(h.icookie, ek->spi, 8);
	memcpy(h.rcookie, ek->spi + 8, 8);
	h.np = ISAKMP_NP_SEQ;
	h.version = ISAKMP_VERSION;
	h.exch = GDOI_EXCH_PUSH;
	h.flags = ISAKMP_FLAG_E;
	isakmp_build_init(&b, &h);
	gdoi_build_seq(&b, k->seq);
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		abort();
	if (kek) {
		const struct gdoi_member *m = TAILQ_FIRST(&k->members);

		sa->has_sak = true;
		sa->sak.proto = 17;
		gdoi_id_addr(&sa->sak.src, m != NULL ? m->ks : 0, GDOI_PORT);
		gdoi_id_addr(&sa->sak.dst, 0, GDOI_PORT);	/* unicast */
		memcpy(sa->sak.spi, k->kek.spi, sizeof(k->kek.spi));
		sa->sak.kek_alg = k->kek.alg;
		if (k->kek.alg == GDOI_KEK_ALG_AES)
			sa->sak.kek_keylen = k->kek.keylen;
		sa->sak.kek_lifetime = k->kek.life;
		sa->sak.sig_hash = k->kek.sig_hash;
		sa->sak.sig_alg = k->kek.sig_alg;
		sa->sak.sig_keylen = k->kek.sig_keylen;
	}
	gdoi_ks_fill_sats(k, sa);
	gdoi_build_sa(&b, sa, 0);
	free(sa);
	memset(&kd, 0, sizeof(kd));
	if (kek)
		gdoi_keypkt_kek(&kd.pkt[kd.n++], k->kek.spi, k->kek.ivkey,
		    (uint16_t)k->kek.ivkey_len, k->kek.spki,
		    (uint16_t)k->kek.spki_len);
	gdoi_keypkt_tek(&kd.pkt[kd.n++], k->tek.spi, k->tek.key,
	    (uint16_t)k->tek.key_len, k->tek.ikey, (uint16_t)k->tek.ikey_len);
	gdoi_build_kd(&b, &kd);
	if ((out = calloc(1, siglen)) == NULL)
		abort();
	isakmp_build_payload(&b, ISAKMP_NP_SIG, out, siglen);	/* filled below */
	free(out);
	if ((msg = isakmp_build_finish(&b, &len)) == NULL)
		return NULL;
	/* Sign the message as it is up to the SIG payload. */
	in = gdoi_push_sig_input(msg, len - 4 - siglen, 4 + siglen, &inlen);
	if (in == NULL || !sha1(in, inlen, hash)) {
		free(in);
		free(msg);
		return NULL;
	}
	free(in);
	pc = EVP_PKEY_CTX_new(rk->pkey, NULL);
	out = msg + len - siglen;
	if (pc == NULL || EVP_PKEY_sign_init(pc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_sign(pc, out, &siglen, hash, sizeof(hash)) <= 0) {
		EVP_PKEY_CTX_free(pc);
		free(msg);
		return NULL;
	}
	EVP_PKEY_CTX_free(pc);
	if (bad_sig)
		out[siglen / 2] ^= 0x01;	/* test hook */
	/* Encrypt the payloads, zero-padded to the block. */
	ivl = gdoi_kek_iv_len(ek->alg);
	pad = ivl ? (ivl - (len - ISAKMP_HDR_LEN) % ivl) % ivl : 0;
	if ((in = realloc(msg, len + pad)) == NULL)
		abort();
	msg = in;
	memset(msg + len, 0, pad);
	len += pad;
	if (!kek_crypt(ek, msg + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN, 1)) {
		free(msg);
		return NULL;
	}
	isakmp_set_length(msg, (uint32_t)len);
	*outlen = len;
	return msg;
}

static const struct gdoi_group *
ks_cfg(struct router *r, const char *name)
{
	const struct gdoi_group *g = gdoi_group_find(r, name);

	return g != NULL && g->ks != NULL ? g : NULL;
}

/* Send to every member that has not acknowledged this rekey yet.  The
 * syslog is the KS's, one per rekey and source address (the guide shows
 * one line per seq #), not one per member. */
static void
send_all(struct gdoi_ksg *k, bool retry)
{
	const struct gdoi_group *g = ks_cfg(k->r, k->name);
	struct gdoi_member *m, *o;
	uint8_t	*msg;
	size_t	 len = 0;
	char	 a[16];
	bool	 logged;

	if (g == NULL || (msg = build_push(k->r, k, g->ks, false, &len)) == NULL)
		return;
	TAILQ_FOREACH(m, &k->members, entry) {
		if (m->acked)
			continue;
		if (retry)
			m->n_retries++;
		else {
			m->n_rekeys++;
			logged = false;
			for (o = TAILQ_FIRST(&k->members); o != m;
			    o = TAILQ_NEXT(o, entry))
				if (o->ks == m->ks)
					logged = true;
			if (!logged)
				rlog(k->r, SEV_NOTICE, "GDOI",
				    "KS_SEND_UNICAST_REKEY", "Sending Unicast "
				    "Rekey for group %s from address %s with "
				    "seq # %u", k->name, ip_ntoa(m->ks, a),
				    k->seq);
		}
		m->sent_seq = k->seq;
		ike_gdoi_sendto(k->r, m->ks, m->addr, msg, len);
	}
	free(msg);
}

/* The retransmissions are over: count the members that did not answer
 * and remove those that missed three rekeys in a row (seed 003: the GM
 * must register again).  Seed 003 table 3 names the syslog,
 * KS_NACK_GM_EJECT, but prints neither its severity nor its text: both
 * are vpnsim's, worded after the table's explanation
 * (docs/wire-formats.md). */
static void
count_missed(struct gdoi_ksg *k)
{
	struct gdoi_member *m, *n;

	for (m = TAILQ_FIRST(&k->members); m != NULL; m = n) {
		n = TAILQ_NEXT(m, entry);
		if (m->acked)
			continue;
		m->missed++;
		m->n_missed_total++;
		if (m->missed >= GDOI_MAX_MISSED_ACKS) {
			char a[16];

			rlog(k->r, SEV_ERR, "GDOI", "KS_NACK_GM_EJECT", "KS has "
			    "not received an ACK from GM %s in group %s for %d "
			    "consecutive rekeys and has ejected it",
			    ip_ntoa(m->addr, a), k->name, m->missed);
			TAILQ_REMOVE(&k->members, m, entry);
			free(m);
		}
	}
}

static void
retx_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = ks_cfg(k->r, k->name);
	int	 period = 0, number = 0;
	bool	 pending = false;
	struct gdoi_member *m;

	TAILQ_FOREACH(m, &k->members, entry)
		if (!m->acked)
			pending = true;
	if (!pending || k->retx_left <= 0 || g == NULL ||
	    !gdoi_retransmit(g->ks, &period, &number) || period <= 0) {
		count_missed(k);
		return;
	}
	k->retx_left--;
	k->n_retx++;
	/* Every copy has its own seq # (seed 003: retransmissions 2 3 4 5 6
	 * of rekey 1), so a GM whose ACK was lost accepts the copy and
	 * acknowledges it instead of failing the replay check. */
	k->seq = gdoi_ks_next_seq(k->seq, false);
	send_all(k, true);
	timer_set(&k->retx_ev, (vtime_t)period * VT_SEC, retx_fire, k);
}

static bool
can_rekey(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	return g != NULL && g->ks->auth == GDOI_AUTH_MYPUBKEY &&
	    ipsec_rsa_find(k->r, g->ks->auth_key) != NULL;
}

/* Send the rekey of the group's current keys (with its new KEK when
 * kek) to every member, and schedule the retransmissions. */
static void
start_rekey(struct gdoi_ksg *k, const struct gdoi_group *g, bool kek)
{
	struct gdoi_member *m;
	int	 period = 0, number = 0;

	if (kek)
		k->seq = gdoi_ks_next_seq(k->seq, false);
	else {
		/* The first rekey after a KEK rekey restarts at 1; the old
		 * KEK is no longer needed. */
		k->seq = gdoi_ks_next_seq(k->seq, k->seq_reset);
		k->seq_reset = false;
		free(k->okek.spki);
		memset(&k->okek, 0, sizeof(k->okek));
	}
	k->kek_push = kek;
	k->seq0 = k->seq;
	k->n_rekeys++;
	k->n_retx = 0;
	TAILQ_FOREACH(m, &k->members, entry)
		m->acked = false;
	send_all(k, false);
	if (!gdoi_retransmit(g->ks, &period, &number) || period <= 0)
		period = GDOI_UNICAST_LOOP_SEC * 2, number = 0;
	k->retx_left = number;
	timer_set(&k->retx_ev, (vtime_t)period * VT_SEC, retx_fire, k);
}

static void
rekey_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = ks_cfg(k->r, k->name);

	if (!can_rekey(k, g))
		return;			/* no rekey without RSA keys */
	timer_cancel(&k->retx_ev);
	if (!gdoi_ks_make_tek(k->r, k, g->ks))	/* re-arms rekey_ev */
		return;
	start_rekey(k, g, false);
}

/* The KEK is about to end: a new one, pushed under the old one. */
static void
kek_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = ks_cfg(k->r, k->name);

	if (!can_rekey(k, g) || !k->kek.valid || !k->tek.valid)
		return;
	timer_cancel(&k->retx_ev);
	free(k->okek.spki);
	k->okek = k->kek;
	k->kek.spki = NULL;		/* now owned by okek */
	gdoi_ks_make_kek(k->r, k, g->ks);	/* re-arms kek_ev */
	if (!k->kek.valid) {
		free(k->kek.spki);
		k->kek = k->okek;
		memset(&k->okek, 0, sizeof(k->okek));
		return;
	}
	k->n_kek_rekeys++;
	k->seq_reset = true;
	start_rekey(k, g, true);
}

void
gdoi_push_kek_arm(struct gdoi_proto *p, struct gdoi_ksg *k)
{
	const struct gdoi_group *g;
	int	 period = 0, number = 0;
	uint32_t at;

	if (p == NULL || (g = ks_cfg(p->r, k->name)) == NULL ||
	    !g->ks->unicast || !k->kek.valid)
		return;
	if (!gdoi_retransmit(g->ks, &period, &number))
		period = number = 0;
	at = gdoi_ks_tek_rekey_at(k->kek.life, true,
	    (uint32_t)gdoi_ks_members(k), period, number);
	/* Before a registration would renew the KEK (gdoi_ks.c). */
	if (k->kek.life > GDOI_TEK_RENEW && at > k->kek.life - GDOI_TEK_RENEW)
		at = k->kek.life - GDOI_TEK_RENEW;
	if (at == 0)
		at = 1;
	timer_set(&k->kek_ev, (vtime_t)at * VT_SEC, kek_fire, k);
}

void
gdoi_push_ks_arm(struct gdoi_proto *p, struct gdoi_ksg *k)
{
	const struct gdoi_group *g;
	int	 period = 0, number = 0;
	uint32_t at;

	if (p == NULL || (g = ks_cfg(p->r, k->name)) == NULL ||
	    !g->ks->unicast || !k->tek.valid)
		return;
	if (!gdoi_retransmit(g->ks, &period, &number))
		period = number = 0;
	at = gdoi_ks_tek_rekey_at(k->tek.life, true,
	    (uint32_t)gdoi_ks_members(k), period, number);
	if (at == 0)
		at = 1;
	timer_set(&k->rekey_ev, (vtime_t)at * VT_SEC, rekey_fire, k);
}

bool
gdoi_push_test_send(struct router *r, const char *name, bool bad_sig)
{
	struct gdoi_ksg *k = gdoi_ksg(gdoi_proto(r), name, false);
	const struct gdoi_group *g = ks_cfg(r, name);
	struct gdoi_member *m;
	uint32_t seq;
	uint8_t	*msg;
	size_t	 len = 0;
	bool	 kek;

	if (k == NULL || g == NULL || !k->kek.valid || !k->tek.valid)
		return false;
	seq = k->seq;
	kek = k->kek_push;
	k->kek_push = false;		/* the current KEK and TEK only */
	if (bad_sig)
		k->seq++;		/* a fresh seq: only the SIG is wrong */
	msg = build_push(r, k, g->ks, bad_sig, &len);
	k->seq = seq;
	k->kek_push = kek;
	if (msg == NULL)
		return false;
	TAILQ_FOREACH(m, &k->members, entry)
		ike_gdoi_sendto(r, m->ks, m->addr, msg, len);
	free(msg);
	return true;
}

void
gdoi_push_ksg_stop(struct gdoi_ksg *k)
{
	timer_cancel(&k->rekey_ev);
	timer_cancel(&k->retx_ev);
	timer_cancel(&k->kek_ev);
}

/* ---- KS: ACK -------------------------------------------------------------- */

static void
ks_ack(struct gdoi_proto *p, struct gdoi_ksg *k,
    const struct gdoi_kek_st *ek, uint32_t src, const struct isakmp_msg *m)
{
	const struct isakmp_pl *hp = isakmp_find(m, ISAKMP_NP_HASH),
	    *sp = isakmp_find(m, ISAKMP_NP_SEQ);
	struct gdoi_member *mb;
	uint8_t	 h[ACK_HASH_LEN];
	uint32_t seq;
	size_t	 off;

	if (hp == NULL || sp == NULL || hp->len != ACK_HASH_LEN ||
	    gdoi_seq_decode(sp->body, sp->len, &seq) != 0) {
		p->rx_bad++;
		return;
	}
	off = hp->off + 4 + hp->len;
	if (off > m->rawlen || !ack_hash(ek, m->raw + off,
	    m->rawlen - off, h) || memcmp(h, hp->body, sizeof(h)) != 0) {
		p->rx_bad++;
		return;
	}
	TAILQ_FOREACH(mb, &k->members, entry)
		if (mb->addr == src)
			break;
	if (mb == NULL || seq < k->seq0 || seq > k->seq || mb->acked) {
		p->rx_bad++;		/* late, a copy, or not a member */
		return;
	}
	mb->acked = true;
	mb->missed = 0;
	mb->n_acks++;
	mb->rcvd_seq = seq;
}

/* ---- GM ------------------------------------------------------------------- */

static void
send_ack(struct gdoi_gmg *g, uint32_t seq)
{
	struct isakmp_hdr h;
	struct isakmp_builder b;
	uint8_t	*msg, hash[ACK_HASH_LEN], a4[4];
	size_t	 len;
	char	 a[16], c[16];

	memset(&h, 0, sizeof(h));
	memcpy(h.icookie, g->kek.spi, 8);
	memcpy(h.rcookie, g->kek.spi + 8, 8);
	h.version = ISAKMP_VERSION;
	h.exch = GDOI_EXCH_PUSH;
	isakmp_build_init(&b, &h);
	memset(hash, 0, sizeof(hash));
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	gdoi_build_seq(&b, seq);
	for (int i = 0; i < 4; i++)
		a4[i] = (uint8_t)(g->local >> (24 - 8 * i));
	isakmp_build_id(&b, ISAKMP_ID_IPV4_ADDR, 17, GDOI_PORT, a4, 4);
	if ((msg = isakmp_build_finish(&b, &len)) == NULL)
		return;
	if (len < ISAKMP_HDR_LEN + 4 + ACK_HASH_LEN || !ack_hash(&g->kek,
	    msg + ISAKMP_HDR_LEN + 4 + ACK_HASH_LEN,
	    len - ISAKMP_HDR_LEN - 4 - ACK_HASH_LEN, hash)) {
		free(msg);
		return;
	}
	memcpy(msg + ISAKMP_HDR_LEN + 4, hash, sizeof(hash));
	ike_gdoi_sendto(g->r, g->local, g->ks, msg, len);
	free(msg);
	g->n_acks++;
	evtrace_add(evtrace_get(g->r->traces, "gdoi", "rekey"),
	    "GDOI_REKEY_EVENT: ACK_SENT: From %s to %s with seq no %u for the "
	    "group %s", ip_ntoa(g->local, a), ip_ntoa(g->ks, c), seq, g->name);
}

static bool
verify_sig(const struct gdoi_gmg *g, const uint8_t *hash, size_t hlen,
    const uint8_t *sig, size_t slen)
{
	const unsigned char *d = g->kek.spki;
	EVP_PKEY *pk;
	EVP_PKEY_CTX *pc;
	int	 ok = 0;

	if (d == NULL || g->kek.spki_len == 0 ||
	    (pk = d2i_PUBKEY(NULL, &d, (long)g->kek.spki_len)) == NULL)
		return false;
	if ((pc = EVP_PKEY_CTX_new(pk, NULL)) != NULL &&
	    EVP_PKEY_verify_init(pc) > 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) > 0)
		ok = EVP_PKEY_verify(pc, sig, slen, hash, hlen) == 1;
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(pk);
	return ok;
}

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
	g->pending = false;
}

/* Install the TEK of SAT t with the keys of KD: both SAs now, outbound
 * use later (switch_fire). */
static bool
gm_install(struct gdoi_gmg *g, const struct gdoi_sa *sa,
    const struct gdoi_kd *kd)
{
	struct sadb *db = ipsec_sadb(g->r);
	struct gdoi_tek_st t;
	struct ipsec_sa *in, *out;
	uint32_t left;
	bool	 have = false;

	if (sa->n_tek == 0)
		return false;
	memset(&t, 0, sizeof(t));
	t.spi = sa->tek[0].spi;
	t.esp_id = sa->tek[0].transform;
	t.keylen = sa->tek[0].keylen;
	t.auth = sa->tek[0].auth;
	t.life = sa->tek[0].life_sec;
	for (int i = 0; i < kd->n; i++) {
		const struct gdoi_keypkt *k = &kd->pkt[i];

		if (k->type == GDOI_KD_TEK && gdoi_keypkt_spi32(k) == t.spi &&
		    k->alg_key_len <= sizeof(t.key) &&
		    k->int_key_len <= sizeof(t.ikey)) {
			memcpy(t.key, k->alg_key, k->alg_key_len);
			t.key_len = k->alg_key_len;
			memcpy(t.ikey, k->int_key, k->int_key_len);
			t.ikey_len = k->int_key_len;
			have = true;
		}
	}
	if (!have || (g->tek.valid && g->tek.spi == t.spi) ||
	    (g->pending && g->ntek.spi == t.spi))
		return false;
	if (g->pending)
		switch_fire(g);		/* a second rekey before the switch */
	if ((in = gdoi_gm_make_sa(g, IPSEC_DIR_IN, &t)) == NULL)
		return false;
	if ((out = gdoi_gm_make_sa(g, IPSEC_DIR_OUT, &t)) == NULL) {
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
	t.valid = true;
	t.created = sched_now();
	g->ntek = t;
	g->pending = true;
	/* The policy of the rekey replaces the downloaded one. */
	g->n_aces = 0;
	for (int i = 0; i < sa->n_tek && g->n_aces < GDOI_MAX_ACES; i++) {
		const struct gdoi_sat *s = &sa->tek[i];
		struct acl_entry_view *v = &g->aces[g->n_aces++];

		memset(v, 0, sizeof(*v));
		v->permit = true;
		v->proto = s->ip_proto;
		v->src = s->src.addr;
		v->src_wild = s->src.type == ISAKMP_ID_IPV4_ADDR ? 0 :
		    ~s->src.addr2;
		v->dst = s->dst.addr;
		v->dst_wild = s->dst.type == ISAKMP_ID_IPV4_ADDR ? 0 :
		    ~s->dst.addr2;
		v->sport_lo = s->src.port;
		v->sport_hi = s->src.port ? s->src.port : 65535;
		v->dport_lo = s->dst.port;
		v->dport_hi = s->dst.port ? s->dst.port : 65535;
	}
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

/* A KEK rekey: the SAK's KEK with the key packet of the same SPI replaces
 * the current KEK (the public key stays when the packet has none). */
static bool
gm_new_kek(struct gdoi_gmg *g, const struct gdoi_sa *sa,
    const struct gdoi_kd *kd)
{
	const struct gdoi_keypkt *kp = NULL;
	struct gdoi_kek_st e;

	if (!sa->has_sak || memcmp(sa->sak.spi, g->kek.spi, 16) == 0)
		return false;
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

static void
gm_push(struct gdoi_proto *p, struct gdoi_gmg *g, uint32_t src,
    const uint8_t *raw, size_t len)
{
	struct router *r = p->r;
	struct isakmp_msg *m;
	const struct isakmp_pl *sig, *sp, *sap, *kdp;
	struct gdoi_sa *sa = NULL;
	struct gdoi_kd *kd = NULL;
	uint8_t	*buf, *in = NULL, hash[20];
	size_t	 inlen;
	uint32_t seq;
	char	 a[16], b[16];

	if ((buf = malloc(len)) == NULL)
		abort();
	memcpy(buf, raw, len);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		abort();
	if (!kek_crypt(&g->kek, buf + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
	    0) || isakmp_parse(buf, len, m) != 0 ||
	    isakmp_parse_chain(m, m->hdr.np, buf + ISAKMP_HDR_LEN,
	    len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN, true) != 0 ||
	    (sig = isakmp_find(m, ISAKMP_NP_SIG)) == NULL ||
	    (sp = isakmp_find(m, ISAKMP_NP_SEQ)) == NULL ||
	    (sap = isakmp_find(m, ISAKMP_NP_SA)) == NULL ||
	    (kdp = isakmp_find(m, ISAKMP_NP_KD)) == NULL ||
	    gdoi_seq_decode(sp->body, sp->len, &seq) != 0)
		goto bad;
	in = gdoi_push_sig_input(buf, sig->off, 4 + sig->len, &inlen);
	if (in == NULL || !sha1(in, inlen, hash) ||
	    !verify_sig(g, hash, sizeof(hash), sig->body, sig->len)) {
		g->n_sig_fail++;
		goto bad;
	}
	if (!gdoi_seq_acceptable(g->seq_reset ? 0 : g->last_seq, seq)) {
		g->n_seq_fail++;
		rlog(r, SEV_ERR, "GDOI", "GDOI_REKEY_SEQ_FAILURE", "Failed to "
		    "process rekey seq # %u in seq payload for group %s, last "
		    "seq # %u", seq, g->name, g->last_seq);
		goto bad;
	}
	if ((sa = calloc(1, sizeof(*sa))) == NULL ||
	    (kd = calloc(1, sizeof(*kd))) == NULL)
		abort();
	if (gdoi_sa_decode(sap->body, sap->len, sa) != 0 ||
	    gdoi_kd_decode(kdp->body, kdp->len, kd) != 0)
		goto bad;
	rlog(r, SEV_NOTICE, "GDOI", "GM_RECV_REKEY", "Received Rekey for group "
	    "%s from %s to %s with seq # %u", g->name, ip_ntoa(src, a),
	    ip_ntoa(g->local, b), seq);
	g->last_seq = seq;
	g->seq_reset = false;
	g->rekey_from = src;
	g->rekey_at = sched_now();
	g->n_rekeys++;
	g->n_rekeys_reg++;
	if (gm_new_kek(g, sa, kd)) {
		rlog(r, SEV_NOTICE, "GDOI", "SA_KEK_UPDATED",
		    "SA KEK was updated");
		/* The next rekey, under the new KEK, restarts at 1. */
		g->seq_reset = true;
	}
	if (gm_install(g, sa, kd))
		rlog(r, SEV_NOTICE, "GDOI", "SA_TEK_UPDATED",
		    "SA TEK was updated");
	if (g->kek.unicast)
		send_ack(g, seq);
	goto out;
bad:
	p->rx_bad++;
out:
	free(sa);
	free(kd);
	free(in);
	free(m);
	free(buf);
}

void
gdoi_push_input(struct gdoi_proto *p, uint32_t src, uint32_t dst,
    const uint8_t *raw, size_t len)
{
	struct isakmp_hdr h;
	struct gdoi_gmg *g;
	struct gdoi_ksg *k;

	(void)dst;
	if (isakmp_hdr_decode(raw, len, &h) != 0 || h.len != len ||
	    h.exch != GDOI_EXCH_PUSH) {
		p->rx_bad++;
		return;
	}
	if (h.flags & ISAKMP_FLAG_E) {
		TAILQ_FOREACH(g, &p->gm, entry)
			if (g->status == GM_REGISTERED && g->kek.valid &&
			    memcmp(g->kek.spi, raw, 16) == 0) {
				gm_push(p, g, src, raw, len);
				return;
			}
	} else {
		TAILQ_FOREACH(k, &p->ks, entry) {
			/* The new KEK, or the one a KEK rekey replaced. */
			const struct gdoi_kek_st *ek =
			    k->kek.valid && memcmp(k->kek.spi, raw, 16) == 0 ?
			    &k->kek : k->okek.valid &&
			    memcmp(k->okek.spi, raw, 16) == 0 ? &k->okek : NULL;

			if (ek != NULL) {
				struct isakmp_msg *m;

				if ((m = calloc(1, sizeof(*m))) == NULL)
					abort();
				if (isakmp_parse(raw, len, m) == 0)
					ks_ack(p, k, ek, src, m);
				else
					p->rx_bad++;
				free(m);
				return;
			}
		}
	}
	p->rx_bad++;
}
