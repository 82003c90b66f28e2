/* Transform tables: what each IOS keyword means on the wire and in OpenSSL.
 *
 * ESP ciphers and authenticators (the words of `crypto ipsec transform-set`)
 * and the IKEv1 phase-1 ciphers and hashes (`crypto isakmp policy`).  The
 * tables are static and constant: lookups return pointers into them, never
 * free them.  Everything here is pure data plus lookups; the crypto itself
 * lives in esp.c (data plane) and prf.c (IKE). */
#ifndef VPNSIM_XFORM_H
#define VPNSIM_XFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ESP_MAX_KEY	36	/* AES-256 key + 4-byte GCM salt */
#define ESP_MAX_AUTHKEY	64	/* HMAC-SHA-512 key */
#define ESP_MAX_ICV	32	/* HMAC-SHA-512-256 */
#define ESP_MAX_IV	16

/* IPsec DOI ESP transform ids (RFC 2407 §4.4.4, IANA). */
#define ESP_ID_DES		2
#define ESP_ID_3DES		3
#define ESP_ID_NULL		11
#define ESP_ID_AES		12
#define ESP_ID_AES_GCM_16	20

/* IPsec DOI "Authentication Algorithm" attribute values (RFC 2407 §4.5). */
#define ESP_AUTH_HMAC_MD5	1
#define ESP_AUTH_HMAC_SHA	2
#define ESP_AUTH_HMAC_SHA256	5
#define ESP_AUTH_HMAC_SHA384	6
#define ESP_AUTH_HMAC_SHA512	7

struct esp_cipher {
	const char	*keyword;	/* transform-set word: "esp-aes" */
	uint16_t	 key_bits;	/* keyword argument (aes/gcm), 0 if none */
	const char	*show;		/* `show crypto ipsec sa`: "esp-256-aes" */
	uint8_t		 id;		/* ESP_ID_* */
	size_t		 key_len;	/* cipher key bytes (no salt) */
	size_t		 salt_len;	/* GCM: 4 bytes after the key in KEYMAT */
	size_t		 block;		/* pad alignment (4 for null/GCM) */
	size_t		 iv_len;	/* IV bytes on the wire */
	size_t		 icv_len;	/* AEAD tag, 0 for non-AEAD */
	const char	*evp;		/* OpenSSL cipher name, NULL for null */
	const char	*wireshark;	/* esp_sa "Encryption" string */
	const char	*scapy;		/* scapy crypt_algo */
};

struct esp_auth {
	const char	*keyword;	/* "esp-sha-hmac" */
	uint8_t		 id;		/* ESP_AUTH_* */
	const char	*digest;	/* OpenSSL digest name */
	size_t		 key_len;	/* HMAC key bytes from KEYMAT */
	size_t		 icv_len;	/* truncated ICV bytes */
	const char	*wireshark;	/* esp_sa "Authentication" string */
	const char	*scapy;		/* scapy auth_algo */
};

/* Lookups; NULL when unknown.  key_bits 0 picks the IOS default size
 * (128 for esp-aes and esp-gcm). */
const struct esp_cipher	*esp_cipher_by_keyword(const char *kw, unsigned key_bits);
const struct esp_cipher	*esp_cipher_by_id(uint8_t id, unsigned key_bits);
const struct esp_auth	*esp_auth_by_keyword(const char *kw);
const struct esp_auth	*esp_auth_by_id(uint8_t id);
/* Iteration for help texts and tests: i-th entry or NULL past the end. */
const struct esp_cipher	*esp_cipher_at(size_t i);
const struct esp_auth	*esp_auth_at(size_t i);

/* KEYMAT bytes an ESP SA needs: cipher key + salt, then auth key
 * (auth may be NULL: encryption only, or AEAD). */
size_t	esp_keymat_len(const struct esp_cipher *, const struct esp_auth *);

/* ---- IKEv1 phase 1 ---------------------------------------------------- */

/* RFC 2409 App. A attribute values. */
#define IKE_ENC_DES	1
#define IKE_ENC_3DES	5
#define IKE_ENC_AES	7
#define IKE_HASH_MD5	1
#define IKE_HASH_SHA	2
#define IKE_HASH_SHA256	4
#define IKE_HASH_SHA384	5
#define IKE_HASH_SHA512	6

#define IKE_MAX_HASH	64	/* SHA-512 */
#define IKE_MAX_KEY	32
#define IKE_MAX_BLOCK	16

struct ike_cipher {
	const char	*keyword;	/* policy `encr` word: "des" "3des" "aes" */
	uint16_t	 key_bits;	/* Key Length attribute (aes), else 0 */
	uint16_t	 attr;		/* IKE_ENC_* */
	size_t		 key_len;
	size_t		 block;
	const char	*evp;		/* OpenSSL CBC cipher name */
};

struct ike_hash {
	const char	*keyword;	/* policy `hash` word: "md5" "sha" ... */
	uint16_t	 attr;		/* IKE_HASH_* */
	const char	*digest;	/* OpenSSL digest; PRF = HMAC of it */
	size_t		 len;		/* output bytes */
};

const struct ike_cipher	*ike_cipher_by_keyword(const char *kw, unsigned key_bits);
const struct ike_cipher	*ike_cipher_by_attr(uint16_t attr, unsigned key_bits);
const struct ike_hash	*ike_hash_by_keyword(const char *kw);
const struct ike_hash	*ike_hash_by_attr(uint16_t attr);
const struct ike_cipher	*ike_cipher_at(size_t i);
const struct ike_hash	*ike_hash_at(size_t i);

/* The OpenSSL library context all lab crypto uses: rng_ossl_libctx(). */
struct ossl_lib_ctx_st	*xform_libctx(void);
/* A cipher context for OpenSSL cipher name evp (an esp_cipher/ike_cipher
 * .evp), keyed, direction set (enc 1/0), padding off; the IV is set per
 * message with EVP_CipherInit_ex2(ctx, NULL, NULL, iv, -1, NULL).  NULL on
 * failure.  Free with EVP_CIPHER_CTX_free().  Single DES runs as 3DES with
 * K1 = K2 = K3 (the same cipher), so the legacy provider is not needed. */
struct evp_cipher_ctx_st *xform_cipher_ctx(const char *evp, const uint8_t *key,
			    int enc);

#endif
