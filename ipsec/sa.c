/* IPsec SA objects: keys, OpenSSL contexts, lifetimes (see sa.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "rng.h"
#include "sa.h"
#include "sadb.h"
#include "xform.h"

struct ipsec_sa *
ipsec_sa_new(enum ipsec_dir dir, uint32_t spi, const struct esp_cipher *c,
    const struct esp_auth *a)
{
	struct ipsec_sa *sa;

	if (c == NULL || (c->icv_len > 0 && a != NULL))
		return NULL;
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		return NULL;
	sa->dir = dir;
	sa->spi = spi;
	sa->cipher = c;
	sa->auth = a;
	sa->mode = IPSEC_MODE_TUNNEL;
	sa->state = IPSEC_SA_ACTIVE;
	sa->created = sched_now();
	sa->ip_id = (uint16_t)rng_u32();
	replay_init(&sa->replay, REPLAY_DEFAULT_WINDOW);
	return sa;
}

static void
free_ctx(struct ipsec_sa *sa)
{
	EVP_CIPHER_CTX_free(sa->cctx);
	EVP_MAC_CTX_free(sa->mctx);
	sa->cctx = NULL;
	sa->mctx = NULL;
}

int
ipsec_sa_set_keys(struct ipsec_sa *sa, const uint8_t *keymat, size_t len)
{
	const struct esp_cipher *c = sa->cipher;
	const struct esp_auth *a = sa->auth;
	size_t klen = c->key_len + c->salt_len;
	EVP_MAC *mac = NULL;
	int ok = 1;

	if (len != esp_keymat_len(c, a) || klen > sizeof(sa->enc_key) ||
	    (a != NULL && a->key_len > sizeof(sa->auth_key)))
		return -1;
	free_ctx(sa);
	memcpy(sa->enc_key, keymat, klen);
	sa->enc_key_len = klen;
	sa->auth_key_len = 0;
	if (a != NULL) {
		memcpy(sa->auth_key, keymat + klen, a->key_len);
		sa->auth_key_len = a->key_len;
	}
	/* The cipher context keeps the key schedule; per packet only the IV
	 * changes (esp.c).  Direction is fixed by the SA's. */
	if (c->evp != NULL)
		ok = (sa->cctx = xform_cipher_ctx(c->evp, sa->enc_key,
		    sa->dir == IPSEC_DIR_OUT)) != NULL;
	if (ok && a != NULL) {
		OSSL_PARAM params[2];

		params[0] = OSSL_PARAM_construct_utf8_string(
		    OSSL_MAC_PARAM_DIGEST, (char *)a->digest, 0);
		params[1] = OSSL_PARAM_construct_end();
		ok = (mac = EVP_MAC_fetch(xform_libctx(), "HMAC", NULL)) != NULL &&
		    (sa->mctx = EVP_MAC_CTX_new(mac)) != NULL &&
		    EVP_MAC_init(sa->mctx, sa->auth_key, sa->auth_key_len,
		    params);
		EVP_MAC_free(mac);
	}
	if (!ok) {
		free_ctx(sa);
		ERR_clear_error();
		return -1;
	}
	return 0;
}

void
ipsec_sa_set_replay(struct ipsec_sa *sa, unsigned window)
{
	replay_init(&sa->replay, window);
}

static void
fire(struct ipsec_sa *sa, bool hard)
{
	if (hard) {
		sa->state = IPSEC_SA_EXPIRED;
		timer_cancel(&sa->soft_ev);
		timer_cancel(&sa->hard_ev);
		timer_cancel(&sa->kb_ev);
	} else {
		if (sa->soft_fired)
			return;
		sa->soft_fired = true;
	}
	if (sa->expire != NULL)
		sa->expire(sa, hard, sa->expire_ctx);
	else if (hard && sa->db != NULL)
		sadb_del(sa->db, sa);		/* nobody to tell: drop it */
}

static void
soft_timeout(void *arg)
{
	fire(arg, false);
}

static void
hard_timeout(void *arg)
{
	fire(arg, true);
}

/* Kilobyte limits are noticed in the packet path but acted on from the
 * scheduler (see ipsec_sa_expire_fn). */
static void
kb_timeout(void *arg)
{
	struct ipsec_sa *sa = arg;
	uint64_t kb = sa->st.bytes / 1024;

	if (sa->life_kb != 0 && kb >= sa->life_kb)
		fire(sa, true);
	else if (sa->soft_kb != 0 && kb >= sa->soft_kb)
		fire(sa, false);
}

static void
arm(struct ipsec_sa *sa)
{
	vtime_t now = sched_now();

	timer_cancel(&sa->soft_ev);
	timer_cancel(&sa->hard_ev);
	if (sa->state != IPSEC_SA_ACTIVE)
		return;
	if (sa->soft_secs != 0 && !sa->soft_fired) {
		vtime_t at = sa->created + (vtime_t)sa->soft_secs * VT_SEC;

		timer_set(&sa->soft_ev, at > now ? at - now : 0, soft_timeout, sa);
	}
	if (sa->life_secs != 0) {
		vtime_t at = sa->created + (vtime_t)sa->life_secs * VT_SEC;

		timer_set(&sa->hard_ev, at > now ? at - now : 0, hard_timeout, sa);
	}
}

void
ipsec_sa_set_lifetime(struct ipsec_sa *sa, uint32_t secs, uint64_t kb)
{
	sa->created = sched_now();
	sa->life_secs = secs;
	sa->life_kb = kb;
	if (secs == 0)
		sa->soft_secs = 0;
	else if (secs >= 2 * IPSEC_SOFT_SECS_BEFORE)
		sa->soft_secs = secs - IPSEC_SOFT_SECS_BEFORE;
	else
		sa->soft_secs = secs * 9 / 10;
	sa->soft_kb = kb * IPSEC_SOFT_KB_PERCENT / 100;
	sa->soft_fired = false;
	arm(sa);
}

void
ipsec_sa_set_soft(struct ipsec_sa *sa, uint32_t secs, uint64_t kb)
{
	sa->soft_secs = secs;
	sa->soft_kb = kb;
	arm(sa);
}

void
ipsec_sa_set_expire_cb(struct ipsec_sa *sa, ipsec_sa_expire_fn fn, void *ctx)
{
	sa->expire = fn;
	sa->expire_ctx = ctx;
}

void
ipsec_sa_account(struct ipsec_sa *sa, size_t n)
{
	uint64_t kb;

	sa->st.bytes += n;
	if (sa->life_kb == 0 && sa->soft_kb == 0)
		return;
	kb = sa->st.bytes / 1024;
	if (((sa->life_kb != 0 && kb >= sa->life_kb) ||
	    (sa->soft_kb != 0 && kb >= sa->soft_kb && !sa->soft_fired)) &&
	    !timer_pending(&sa->kb_ev))
		timer_set(&sa->kb_ev, 0, kb_timeout, sa);
}

void
ipsec_sa_remaining(const struct ipsec_sa *sa, uint64_t *kb, uint32_t *secs)
{
	if (kb != NULL) {
		uint64_t used = sa->st.bytes / 1024;

		*kb = sa->life_kb > used ? sa->life_kb - used : 0;
	}
	if (secs != NULL) {
		vtime_t end = sa->created + (vtime_t)sa->life_secs * VT_SEC;
		vtime_t now = sched_now();

		*secs = sa->life_secs != 0 && end > now ?
		    (uint32_t)((end - now) / VT_SEC) : 0;
	}
}

bool
ipsec_sa_replay_support(const struct ipsec_sa *sa)
{
	return (sa->auth != NULL || sa->cipher->icv_len > 0) &&
	    replay_enabled(&sa->replay);
}

void
ipsec_sa_clear_counters(struct ipsec_sa *sa)
{
	uint64_t bytes = sa->st.bytes;	/* the lifetime keeps counting */

	memset(&sa->st, 0, sizeof(sa->st));
	sa->st.bytes = bytes;
}

void
ipsec_sa_free(struct ipsec_sa *sa)
{
	if (sa == NULL)
		return;
	timer_cancel(&sa->soft_ev);
	timer_cancel(&sa->hard_ev);
	timer_cancel(&sa->kb_ev);
	free_ctx(sa);
	OPENSSL_cleanse(sa, sizeof(*sa));
	free(sa);
}
