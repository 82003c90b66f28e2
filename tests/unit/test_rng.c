/* The lab generator and OpenSSL's randomness in the lab context must both
 * replay exactly under the same seed, and differ under another one. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "rng.h"

#define NSEQ	64

static void
draw_u64(uint64_t seed, uint64_t *out)
{
	rng_seed(seed);
	for (int i = 0; i < NSEQ; i++)
		out[i] = rng_u64();
}

static void
test_u64_replay(void)
{
	uint64_t a[NSEQ], b[NSEQ], c[NSEQ];

	draw_u64(7, a);
	draw_u64(7, b);
	draw_u64(8, c);
	CU_ASSERT(memcmp(a, b, sizeof(a)) == 0);
	CU_ASSERT(memcmp(a, c, sizeof(a)) != 0);
	CU_ASSERT_EQUAL(rng_get_seed(), 8);
}

static void
test_ranges(void)
{
	int seen[10] = { 0 };

	rng_seed(3);
	for (int i = 0; i < 10000; i++) {
		uint32_t v = rng_below(10);
		double d = rng_unit();

		CU_ASSERT_FATAL(v < 10);
		CU_ASSERT_FATAL(d >= 0.0 && d < 1.0);
		seen[v]++;
	}
	for (int i = 0; i < 10; i++)	/* 1000 expected each */
		CU_ASSERT(seen[i] > 800 && seen[i] < 1200);
}

static void
test_bytes_replay(void)
{
	unsigned char a[37], b[37];

	rng_seed(11);
	rng_bytes(a, sizeof(a));
	rng_seed(11);
	rng_bytes(b, sizeof(b));
	CU_ASSERT(memcmp(a, b, sizeof(a)) == 0);
}

/* RAND_bytes_ex (public DRBG) and RAND_priv_bytes_ex (private DRBG). */
static void
ossl_draw(uint64_t seed, unsigned char *out, size_t len)
{
	OSSL_LIB_CTX *ctx;

	rng_seed(seed);
	ctx = rng_ossl_libctx();
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	CU_ASSERT_EQUAL(RAND_bytes_ex(ctx, out, len / 2, 0), 1);
	CU_ASSERT_EQUAL(RAND_priv_bytes_ex(ctx, out + len / 2, len - len / 2, 0), 1);
}

static void
test_ossl_bytes(void)
{
	unsigned char a[100], b[100], c[100];

	ossl_draw(5, a, sizeof(a));
	rng_ossl_free();		/* a fresh context replays too */
	ossl_draw(5, b, sizeof(b));
	ossl_draw(6, c, sizeof(c));
	CU_ASSERT(memcmp(a, b, sizeof(a)) == 0);
	CU_ASSERT(memcmp(a, c, sizeof(a)) != 0);
	/* The context is created once and kept. */
	CU_ASSERT_PTR_EQUAL(rng_ossl_libctx(), rng_ossl_libctx());
}

/* Generate a key in the lab context and return its public number as hex
 * (RSA modulus or DH public value); caller frees with OPENSSL_free. */
static char *
keygen_hex(uint64_t seed, const char *alg)
{
	OSSL_LIB_CTX *ctx;
	EVP_PKEY_CTX *pctx;
	EVP_PKEY *pkey = NULL;
	BIGNUM *bn = NULL;
	OSSL_PARAM params[2];
	unsigned int bits = 1024;
	char group[] = "ffdhe2048";
	char *hex = NULL;
	int is_rsa = strcmp(alg, "RSA") == 0;

	rng_seed(seed);
	ctx = rng_ossl_libctx();
	if (ctx == NULL)
		return NULL;
	pctx = EVP_PKEY_CTX_new_from_name(ctx, alg, NULL);
	if (pctx == NULL)
		return NULL;
	if (is_rsa)
		params[0] = OSSL_PARAM_construct_uint(OSSL_PKEY_PARAM_RSA_BITS, &bits);
	else
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
		    group, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_keygen_init(pctx) > 0 &&
	    EVP_PKEY_CTX_set_params(pctx, params) > 0 &&
	    EVP_PKEY_generate(pctx, &pkey) > 0 &&
	    EVP_PKEY_get_bn_param(pkey, is_rsa ? OSSL_PKEY_PARAM_RSA_N :
	    OSSL_PKEY_PARAM_PUB_KEY, &bn) > 0)
		hex = BN_bn2hex(bn);
	BN_free(bn);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(pctx);
	return hex;
}

static void
keygen_check(const char *alg)
{
	char *a = keygen_hex(21, alg);
	char *b = keygen_hex(21, alg);
	char *c = keygen_hex(22, alg);

	CU_ASSERT_PTR_NOT_NULL(a);
	CU_ASSERT_PTR_NOT_NULL(b);
	CU_ASSERT_PTR_NOT_NULL(c);
	if (a != NULL && b != NULL && c != NULL) {
		CU_ASSERT_STRING_EQUAL(a, b);
		CU_ASSERT_STRING_NOT_EQUAL(a, c);
	}
	OPENSSL_free(a);
	OPENSSL_free(b);
	OPENSSL_free(c);
}

static void
test_ossl_rsa(void)
{
	keygen_check("RSA");
}

static void
test_ossl_dh(void)
{
	keygen_check("DH");
}

/* The process-wide default context is untouched: it stays OS-seeded. */
static void
test_default_ctx_untouched(void)
{
	unsigned char a[32], b[32];

	(void)rng_ossl_libctx();
	rng_seed(9);
	CU_ASSERT_EQUAL(RAND_bytes(a, sizeof(a)), 1);
	rng_seed(9);
	CU_ASSERT_EQUAL(RAND_bytes(b, sizeof(b)), 1);
	CU_ASSERT(memcmp(a, b, sizeof(a)) != 0);
}

int
main(void)
{
	CU_pSuite s;
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("rng", NULL, NULL);
	if (s == NULL ||
	    CU_add_test(s, "u64 replay", test_u64_replay) == NULL ||
	    CU_add_test(s, "ranges", test_ranges) == NULL ||
	    CU_add_test(s, "bytes replay", test_bytes_replay) == NULL ||
	    CU_add_test(s, "openssl bytes replay", test_ossl_bytes) == NULL ||
	    CU_add_test(s, "openssl RSA keygen replay", test_ossl_rsa) == NULL ||
	    CU_add_test(s, "openssl DH keygen replay", test_ossl_dh) == NULL ||
	    CU_add_test(s, "default context untouched",
	    test_default_ctx_untouched) == NULL) {
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	rng_ossl_free();
	return failed != 0;
}
