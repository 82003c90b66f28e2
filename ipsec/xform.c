/* Transform tables (see xform.h).  Names for Wireshark are the exact
 * strings of its esp_sa UAT (epan/dissectors/packet-ipsec.c); names for
 * scapy are keys of scapy.layers.ipsec CRYPT_ALGOS/AUTH_ALGOS. */
#include "config.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>

#include "rng.h"
#include "xform.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct esp_cipher esp_ciphers[] = {
	{ "esp-des", 0, "esp-des", ESP_ID_DES, 8, 0, 8, 8, 0,
	    "DES-CBC", "DES-CBC [RFC2405]", "DES" },
	{ "esp-3des", 0, "esp-3des", ESP_ID_3DES, 24, 0, 8, 8, 0,
	    "DES-EDE3-CBC", "TripleDES-CBC [RFC2451]", "3DES" },
	{ "esp-aes", 128, "esp-aes", ESP_ID_AES, 16, 0, 16, 16, 0,
	    "AES-128-CBC", "AES-CBC [RFC3602]", "AES-CBC" },
	{ "esp-aes", 192, "esp-192-aes", ESP_ID_AES, 24, 0, 16, 16, 0,
	    "AES-192-CBC", "AES-CBC [RFC3602]", "AES-CBC" },
	{ "esp-aes", 256, "esp-256-aes", ESP_ID_AES, 32, 0, 16, 16, 0,
	    "AES-256-CBC", "AES-CBC [RFC3602]", "AES-CBC" },
	/* RFC 4106: 8-byte explicit IV, 4-byte salt from KEYMAT, 16-byte ICV;
	 * Wireshark and scapy take key||salt as one key. */
	{ "esp-gcm", 128, "esp-gcm", ESP_ID_AES_GCM_16, 16, 4, 4, 8, 16,
	    "AES-128-GCM", "AES-GCM with 16 octet ICV [RFC4106]", "AES-GCM" },
	{ "esp-gcm", 256, "esp-gcm 256", ESP_ID_AES_GCM_16, 32, 4, 4, 8, 16,
	    "AES-256-GCM", "AES-GCM with 16 octet ICV [RFC4106]", "AES-GCM" },
	{ "esp-null", 0, "esp-null", ESP_ID_NULL, 0, 0, 4, 0, 0,
	    NULL, "NULL", "NULL" },
};

/* IOS truncations: MD5/SHA-1 96 bits, SHA-2 half the digest (RFC 4868). */
static const struct esp_auth esp_auths[] = {
	{ "esp-md5-hmac", ESP_AUTH_HMAC_MD5, "MD5", 16, 12,
	    "HMAC-MD5-96 [RFC2403]", "HMAC-MD5-96" },
	{ "esp-sha-hmac", ESP_AUTH_HMAC_SHA, "SHA1", 20, 12,
	    "HMAC-SHA-1-96 [RFC2404]", "HMAC-SHA1-96" },
	{ "esp-sha256-hmac", ESP_AUTH_HMAC_SHA256, "SHA2-256", 32, 16,
	    "HMAC-SHA-256-128 [RFC4868]", "SHA2-256-128" },
	{ "esp-sha384-hmac", ESP_AUTH_HMAC_SHA384, "SHA2-384", 48, 24,
	    "HMAC-SHA-384-192 [RFC4868]", "SHA2-384-192" },
	{ "esp-sha512-hmac", ESP_AUTH_HMAC_SHA512, "SHA2-512", 64, 32,
	    "HMAC-SHA-512-256 [RFC4868]", "SHA2-512-256" },
};

static const struct ike_cipher ike_ciphers[] = {
	{ "des", 0, IKE_ENC_DES, 8, 8, "DES-CBC" },
	{ "3des", 0, IKE_ENC_3DES, 24, 8, "DES-EDE3-CBC" },
	{ "aes", 128, IKE_ENC_AES, 16, 16, "AES-128-CBC" },
	{ "aes", 192, IKE_ENC_AES, 24, 16, "AES-192-CBC" },
	{ "aes", 256, IKE_ENC_AES, 32, 16, "AES-256-CBC" },
};

static const struct ike_hash ike_hashes[] = {
	{ "md5", IKE_HASH_MD5, "MD5", 16 },
	{ "sha", IKE_HASH_SHA, "SHA1", 20 },
	{ "sha256", IKE_HASH_SHA256, "SHA2-256", 32 },
	{ "sha384", IKE_HASH_SHA384, "SHA2-384", 48 },
	{ "sha512", IKE_HASH_SHA512, "SHA2-512", 64 },
};

/* Ciphers that take a size argument default to 128 bits. */
static unsigned
bits_or_default(unsigned key_bits, uint16_t entry_bits)
{
	if (key_bits == 0 && entry_bits != 0)
		return 128;
	return key_bits;
}

const struct esp_cipher *
esp_cipher_by_keyword(const char *kw, unsigned key_bits)
{
	for (size_t i = 0; i < NELEM(esp_ciphers); i++) {
		const struct esp_cipher *c = &esp_ciphers[i];

		if (strcmp(c->keyword, kw) == 0 &&
		    bits_or_default(key_bits, c->key_bits) == c->key_bits)
			return c;
	}
	return NULL;
}

const struct esp_cipher *
esp_cipher_by_id(uint8_t id, unsigned key_bits)
{
	for (size_t i = 0; i < NELEM(esp_ciphers); i++) {
		const struct esp_cipher *c = &esp_ciphers[i];

		if (c->id == id &&
		    bits_or_default(key_bits, c->key_bits) == c->key_bits)
			return c;
	}
	return NULL;
}

const struct esp_auth *
esp_auth_by_keyword(const char *kw)
{
	for (size_t i = 0; i < NELEM(esp_auths); i++)
		if (strcmp(esp_auths[i].keyword, kw) == 0)
			return &esp_auths[i];
	return NULL;
}

const struct esp_auth *
esp_auth_by_id(uint8_t id)
{
	for (size_t i = 0; i < NELEM(esp_auths); i++)
		if (esp_auths[i].id == id)
			return &esp_auths[i];
	return NULL;
}

const struct esp_cipher *
esp_cipher_at(size_t i)
{
	return i < NELEM(esp_ciphers) ? &esp_ciphers[i] : NULL;
}

const struct esp_auth *
esp_auth_at(size_t i)
{
	return i < NELEM(esp_auths) ? &esp_auths[i] : NULL;
}

size_t
esp_keymat_len(const struct esp_cipher *c, const struct esp_auth *a)
{
	return (c != NULL ? c->key_len + c->salt_len : 0) +
	    (a != NULL ? a->key_len : 0);
}

const struct ike_cipher *
ike_cipher_by_keyword(const char *kw, unsigned key_bits)
{
	for (size_t i = 0; i < NELEM(ike_ciphers); i++) {
		const struct ike_cipher *c = &ike_ciphers[i];

		if (strcmp(c->keyword, kw) == 0 &&
		    bits_or_default(key_bits, c->key_bits) == c->key_bits)
			return c;
	}
	return NULL;
}

const struct ike_cipher *
ike_cipher_by_attr(uint16_t attr, unsigned key_bits)
{
	for (size_t i = 0; i < NELEM(ike_ciphers); i++) {
		const struct ike_cipher *c = &ike_ciphers[i];

		if (c->attr == attr &&
		    bits_or_default(key_bits, c->key_bits) == c->key_bits)
			return c;
	}
	return NULL;
}

const struct ike_hash *
ike_hash_by_keyword(const char *kw)
{
	for (size_t i = 0; i < NELEM(ike_hashes); i++)
		if (strcmp(ike_hashes[i].keyword, kw) == 0)
			return &ike_hashes[i];
	return NULL;
}

const struct ike_hash *
ike_hash_by_attr(uint16_t attr)
{
	for (size_t i = 0; i < NELEM(ike_hashes); i++)
		if (ike_hashes[i].attr == attr)
			return &ike_hashes[i];
	return NULL;
}

const struct ike_cipher *
ike_cipher_at(size_t i)
{
	return i < NELEM(ike_ciphers) ? &ike_ciphers[i] : NULL;
}

const struct ike_hash *
ike_hash_at(size_t i)
{
	return i < NELEM(ike_hashes) ? &ike_hashes[i] : NULL;
}

OSSL_LIB_CTX *
xform_libctx(void)
{
	return rng_ossl_libctx();
}

/* Single DES lives only in OpenSSL 3's legacy provider, which would need
 * loading into the lab context and unloading before it is freed.  EDE
 * with three equal keys is DES itself, so DES-CBC runs as DES-EDE3-CBC. */
EVP_CIPHER_CTX *
xform_cipher_ctx(const char *evp, const uint8_t *key, int enc)
{
	uint8_t k3[24];
	EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx = NULL;
	bool des = strcmp(evp, "DES-CBC") == 0;

	if (des) {
		for (int i = 0; i < 3; i++)
			memcpy(k3 + 8 * i, key, 8);
		evp = "DES-EDE3-CBC";
		key = k3;
	}
	if ((c = EVP_CIPHER_fetch(xform_libctx(), evp, NULL)) != NULL &&
	    (ctx = EVP_CIPHER_CTX_new()) != NULL &&
	    (!EVP_CipherInit_ex2(ctx, c, key, NULL, enc, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(ctx, 0))) {
		EVP_CIPHER_CTX_free(ctx);
		ctx = NULL;
	}
	EVP_CIPHER_free(c);
	if (des)
		OPENSSL_cleanse(k3, sizeof(k3));
	if (ctx == NULL)
		ERR_clear_error();
	return ctx;
}
