/* The GROUPKEY-PUSH message and vpnsim's ACK (research gdoi-wire.md §4,
 * docs/wire-formats.md).
 *
 * PUSH:	HDR(cookies = KEK SPI, exch 33, flags E, M-ID 0), SEQ,
 *		SA([SAK], SATs), KD([KEK], TEK), SIG
 * signed with the KS RSA key (PKCS#1 v1.5 over the raw SHA-1 of "rekey"
 * || HDR' || payloads) and encrypted with the KEK in CBC mode with the
 * static IV of the KEK key download.  A KEK rekey carries the new KEK
 * (SAK and KEK key packet) and travels under the KEK it replaces.  A
 * rekey that changes the rekey transport carries the SAK of the current
 * KEK with the new source and destination.
 *
 * ACK (vpnsim's encoding, not Cisco's, which is not public), shaped like
 * RFC 8263:
 *	HDR(cookies = KEK SPI, np HASH, exch 33, flags 0, M-ID 0),
 *	HASH = HMAC-SHA1(KEK key, SEQ payload | ID payload, generic headers
 *	    included), SEQ (the sequence number acknowledged),
 *	ID (ID_IPV4_ADDR of the member)
 * sent in clear from UDP 848 to the KS's 848.  A PUSH always has the E
 * flag, an ACK never: that tells them apart. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "gdoi_codec.h"
#include "gdoi_push_int.h"
#include "router.h"

/* ---- KEK cipher, hashes --------------------------------------------------- */

static const EVP_CIPHER *
kek_cipher(const struct gdoi_kek_st *e, size_t *klen)
{
	switch (e->alg) {
	case GDOI_KEK_ALG_DES:
		*klen = 8;
		return EVP_des_cbc();
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

bool
gdoi_kek_crypt(const struct gdoi_kek_st *e, uint8_t *buf, size_t len, int enc)
{
	size_t	 ivl = gdoi_kek_iv_len(e->alg), kl = 0;
	const EVP_CIPHER *c = kek_cipher(e, &kl);
	EVP_CIPHER_CTX *ctx;
	int	 n = 0, ok;

	if (c == NULL || ivl == 0 || e->ivkey_len < ivl + kl ||
	    len % ivl != 0 || len > (size_t)INT32_MAX)
		return false;
	if (len == 0)
		return true;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return false;
	ok = EVP_CipherInit_ex(ctx, c, NULL, e->ivkey + ivl, e->ivkey, enc) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	    EVP_CipherUpdate(ctx, buf, &n, buf, (int)len) && (size_t)n == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

bool
gdoi_ack_hash(const struct gdoi_kek_st *e, const uint8_t *data, size_t len,
    uint8_t out[GDOI_ACK_HASH_LEN])
{
	size_t	 ivl = gdoi_kek_iv_len(e->alg), olen = 0;

	if (e->ivkey_len <= ivl)
		return false;
	return EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, e->ivkey + ivl,
	    e->ivkey_len - ivl, data, len, out, GDOI_ACK_HASH_LEN, &olen) !=
	    NULL && olen == GDOI_ACK_HASH_LEN;
}

bool
gdoi_sha1(const uint8_t *data, size_t len, uint8_t out[20])
{
	unsigned int n = 0;

	return EVP_Digest(data, len, out, &n, EVP_sha1(), NULL) && n == 20;
}

/* ---- PUSH ----------------------------------------------------------------- */

/* The private key whose public half is the SPKI the members hold for the
 * KEK the message travels under (so a rekey that announces a new
 * `rekey authentication` key is still signed with the old one), else the
 * configured key; NULL without either. */
static EVP_PKEY *
signer(struct router *r, const struct gdoi_kek_st *ek,
    const struct gdoi_ks_cfg *ks)
{
	struct ipsec_state *st = ipsec_state(r);
	struct rsa_keypair *rk;
	const unsigned char *d = ek->spki;
	EVP_PKEY *pub = NULL, *found = NULL;

	if (d != NULL && ek->spki_len > 0)
		pub = d2i_PUBKEY(NULL, &d, (long)ek->spki_len);
	for (int i = 0; pub != NULL && st != NULL && i < st->n_rsa; i++)
		if (st->rsa[i]->pkey != NULL &&
		    EVP_PKEY_eq(st->rsa[i]->pkey, pub) == 1) {
			found = st->rsa[i]->pkey;
			break;
		}
	EVP_PKEY_free(pub);
	if (found != NULL)
		return found;
	if (ks->auth != GDOI_AUTH_MYPUBKEY ||
	    (rk = ipsec_rsa_find(r, ks->auth_key)) == NULL)
		return NULL;
	return rk->pkey;
}

static void
fill_sak(struct gdoi_sak *sak, const struct gdoi_kek_st *e, uint32_t src,
    uint32_t dst)
{
	sak->proto = 17;
	gdoi_id_addr(&sak->src, src, GDOI_PORT);
	gdoi_id_addr(&sak->dst, dst, GDOI_PORT);
	memcpy(sak->spi, e->spi, sizeof(e->spi));
	sak->kek_alg = e->alg;
	if (e->alg == GDOI_KEK_ALG_AES)
		sak->kek_keylen = e->keylen;
	sak->kek_lifetime = e->life;
	if (e->life > 0 && e->created > 0) {
		vtime_t end = e->created + (vtime_t)e->life * VT_SEC;

		sak->kek_lifetime = end > sched_now() ?
		    (uint32_t)((end - sched_now()) / VT_SEC) : 1;
	}
	sak->sig_hash = e->sig_hash;
	sak->sig_alg = e->sig_alg;
	sak->sig_keylen = e->sig_keylen;
}

uint8_t *
gdoi_push_build(struct router *r, struct gdoi_ksg *k,
    const struct gdoi_ks_cfg *ks, const struct gdoi_push_opts *o,
    size_t *outlen)
{
	EVP_PKEY *key;
	struct isakmp_hdr h;
	struct isakmp_builder b;
	struct gdoi_sa *sa;
	struct gdoi_kd kd;
	EVP_PKEY_CTX *pc;
	const struct gdoi_kek_st *ek;
	uint8_t	*msg, *in, *out, hash[20];
	size_t	 len, inlen, siglen, ivl, pad;
	bool	 kek = o->kek && k->okek.valid;

	/* A KEK rekey travels under the KEK it replaces. */
	ek = kek ? &k->okek : &k->kek;
	if ((key = signer(r, ek, ks)) == NULL)
		return NULL;
	siglen = (size_t)EVP_PKEY_get_size(key);
	memset(&h, 0, sizeof(h));
	memcpy(h.icookie, ek->spi, 8);
	memcpy(h.rcookie, ek->spi + 8, 8);
	h.np = ISAKMP_NP_SEQ;
	h.version = ISAKMP_VERSION;
	h.exch = GDOI_EXCH_PUSH;
	h.flags = ISAKMP_FLAG_E;
	isakmp_build_init(&b, &h);
	gdoi_build_seq(&b, o->seq);
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		abort();
	if (kek || o->sak) {
		sa->has_sak = true;
		fill_sak(&sa->sak, &k->kek, o->sak_src, o->sak_dst);
	}
	gdoi_ks_fill_sats(k, sa);
	gdoi_build_sa(&b, sa, 0);
	free(sa);
	memset(&kd, 0, sizeof(kd));
	if (kek)
		gdoi_keypkt_kek(&kd.pkt[kd.n++], k->kek.spi, k->kek.ivkey,
		    (uint16_t)k->kek.ivkey_len, k->kek.spki,
		    (uint16_t)k->kek.spki_len);
	gdoi_ks_fill_tek_keys(k, &kd);	/* every `sa ipsec` */
	gdoi_build_kd(&b, &kd);
	if ((out = calloc(1, siglen)) == NULL)
		abort();
	isakmp_build_payload(&b, ISAKMP_NP_SIG, out, siglen);	/* filled below */
	free(out);
	if ((msg = isakmp_build_finish(&b, &len)) == NULL)
		return NULL;
	/* Sign the message as it is up to the SIG payload. */
	in = gdoi_push_sig_input(msg, len - 4 - siglen, 4 + siglen, &inlen);
	if (in == NULL || !gdoi_sha1(in, inlen, hash)) {
		free(in);
		free(msg);
		return NULL;
	}
	free(in);
	pc = EVP_PKEY_CTX_new(key, NULL);
	out = msg + len - siglen;
	if (pc == NULL || EVP_PKEY_sign_init(pc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_sign(pc, out, &siglen, hash, sizeof(hash)) <= 0) {
		EVP_PKEY_CTX_free(pc);
		free(msg);
		return NULL;
	}
	EVP_PKEY_CTX_free(pc);
	if (o->bad_sig)
		out[siglen / 2] ^= 0x01;	/* test hook */
	/* Encrypt the payloads, zero-padded to the block. */
	ivl = gdoi_kek_iv_len(ek->alg);
	pad = ivl ? (ivl - (len - ISAKMP_HDR_LEN) % ivl) % ivl : 0;
	if ((in = realloc(msg, len + pad)) == NULL)
		abort();
	msg = in;
	memset(msg + len, 0, pad);
	len += pad;
	if (!gdoi_kek_crypt(ek, msg + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN, 1)) {
		free(msg);
		return NULL;
	}
	isakmp_set_length(msg, (uint32_t)len);
	*outlen = len;
	return msg;
}

/* ---- ACK ------------------------------------------------------------------ */

uint8_t *
gdoi_ack_build(const struct gdoi_kek_st *e, uint32_t local, uint32_t seq,
    size_t *outlen)
{
	struct isakmp_hdr h;
	struct isakmp_builder b;
	uint8_t	*msg, hash[GDOI_ACK_HASH_LEN], a4[4];
	size_t	 len, off = ISAKMP_HDR_LEN + 4 + GDOI_ACK_HASH_LEN;

	memset(&h, 0, sizeof(h));
	memcpy(h.icookie, e->spi, 8);
	memcpy(h.rcookie, e->spi + 8, 8);
	h.version = ISAKMP_VERSION;
	h.exch = GDOI_EXCH_PUSH;
	isakmp_build_init(&b, &h);
	memset(hash, 0, sizeof(hash));
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	gdoi_build_seq(&b, seq);
	for (int i = 0; i < 4; i++)
		a4[i] = (uint8_t)(local >> (24 - 8 * i));
	isakmp_build_id(&b, ISAKMP_ID_IPV4_ADDR, 17, GDOI_PORT, a4, 4);
	if ((msg = isakmp_build_finish(&b, &len)) == NULL)
		return NULL;
	if (len < off || !gdoi_ack_hash(e, msg + off, len - off, hash)) {
		free(msg);
		return NULL;
	}
	memcpy(msg + ISAKMP_HDR_LEN + 4, hash, sizeof(hash));
	*outlen = len;
	return msg;
}
