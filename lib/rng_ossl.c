/* OpenSSL randomness for the lab, drawn from the lab's seeded generator.
 *
 * Crypto code in the lab (DH private values, RSA keys, nonces, IVs) must be
 * repeatable under --seed N, but OpenSSL's DRBGs seed themselves from the
 * operating system.  So the lab gets its own OSSL_LIB_CTX in which a tiny
 * built-in provider ("vpnsim-rng") offers one EVP_RAND algorithm whose
 * generate() is rng_bytes().  RAND_set_DRBG_type() and
 * RAND_set_seed_source_type() make that algorithm the primary, public and
 * private generator of the context, and the seed source too, so nothing in
 * the context reads the OS entropy pool.  The "default" provider is loaded
 * alongside for the real algorithms (RSA, DH, AES, SHA ...).
 *
 * Our generator keeps no state of its own: every byte comes straight from
 * rng_bytes(), so rng_seed(N) alone puts OpenSSL back to the same point.
 * Works with OpenSSL 3.0 (Debian 12) and later; public provider API only. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "rng.h"

#define LABRNG_PROVIDER	"vpnsim-rng"
#define LABRNG_NAME	"VPNSIM-RNG"
#define LABRNG_PROPS	"provider=vpnsim-rng"
/* What we claim: OpenSSL asks for up to 256 bits; our limit per call is only
 * a sanity bound, EVP_RAND_generate() splits larger requests. */
#define LABRNG_STRENGTH	 256
#define LABRNG_MAX_REQUEST (1 << 16)

static OSSL_LIB_CTX	*lab_libctx;
static OSSL_PROVIDER	*lab_prov_rng;
static OSSL_PROVIDER	*lab_prov_default;

/* One instance per DRBG OpenSSL creates (primary, public, private, seed). */
struct labrng {
	int	state;			/* EVP_RAND_STATE_* */
};

static OSSL_FUNC_rand_newctx_fn			labrng_newctx;
static OSSL_FUNC_rand_freectx_fn		labrng_freectx;
static OSSL_FUNC_rand_instantiate_fn		labrng_instantiate;
static OSSL_FUNC_rand_uninstantiate_fn		labrng_uninstantiate;
static OSSL_FUNC_rand_generate_fn		labrng_generate;
static OSSL_FUNC_rand_reseed_fn			labrng_reseed;
static OSSL_FUNC_rand_enable_locking_fn		labrng_enable_locking;
static OSSL_FUNC_rand_get_seed_fn		labrng_get_seed;
static OSSL_FUNC_rand_clear_seed_fn		labrng_clear_seed;
static OSSL_FUNC_rand_gettable_ctx_params_fn	labrng_gettable_ctx_params;
static OSSL_FUNC_rand_get_ctx_params_fn		labrng_get_ctx_params;
static OSSL_FUNC_rand_verify_zeroization_fn	labrng_verify_zeroization;

static void *
labrng_newctx(void *provctx, void *parent, const OSSL_DISPATCH *parent_calls)
{
	struct labrng *g;

	/* The parent (seed source or primary DRBG) is ignored on purpose:
	 * all output comes from the lab generator. */
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->state = EVP_RAND_STATE_UNINITIALISED;
	return g;
}

static void
labrng_freectx(void *vctx)
{
	free(vctx);
}

static int
labrng_instantiate(void *vctx, unsigned int strength, int prediction_resistance,
    const unsigned char *pstr, size_t pstr_len, const OSSL_PARAM params[])
{
	struct labrng *g = vctx;

	g->state = EVP_RAND_STATE_READY;
	return 1;
}

static int
labrng_uninstantiate(void *vctx)
{
	struct labrng *g = vctx;

	g->state = EVP_RAND_STATE_UNINITIALISED;
	return 1;
}

static int
labrng_generate(void *vctx, unsigned char *out, size_t outlen,
    unsigned int strength, int prediction_resistance,
    const unsigned char *addin, size_t addin_len)
{
	/* Additional input and prediction resistance would mix in outside
	 * data; the lab wants exactly the seeded stream, so both are ignored. */
	rng_bytes(out, outlen);
	return 1;
}

static int
labrng_reseed(void *vctx, int prediction_resistance, const unsigned char *ent,
    size_t ent_len, const unsigned char *addin, size_t addin_len)
{
	return 1;
}

/* Used when this algorithm is a parent (seed source) of another DRBG. */
static size_t
labrng_get_seed(void *vctx, unsigned char **pout, int entropy,
    size_t min_len, size_t max_len, int prediction_resistance,
    const unsigned char *adin, size_t adin_len)
{
	unsigned char *buf;

	if (min_len == 0)
		min_len = 32;
	if ((buf = OPENSSL_secure_malloc(min_len)) == NULL)
		return 0;
	rng_bytes(buf, min_len);
	*pout = buf;
	return min_len;
}

static void
labrng_clear_seed(void *vctx, unsigned char *out, size_t outlen)
{
	OPENSSL_secure_clear_free(out, outlen);
}

/* Single-threaded lab: locking is accepted and is a no-op. */
static int
labrng_enable_locking(void *vctx)
{
	return 1;
}

static const OSSL_PARAM *
labrng_gettable_ctx_params(void *vctx, void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, NULL),
		OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, NULL),
		OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, NULL),
		OSSL_PARAM_END
	};

	return known;
}

static int
labrng_get_ctx_params(void *vctx, OSSL_PARAM params[])
{
	struct labrng *g = vctx;
	OSSL_PARAM *p;

	p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE);
	if (p != NULL && !OSSL_PARAM_set_int(p, g->state))
		return 0;
	p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH);
	if (p != NULL && !OSSL_PARAM_set_uint(p, LABRNG_STRENGTH))
		return 0;
	p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST);
	if (p != NULL && !OSSL_PARAM_set_size_t(p, LABRNG_MAX_REQUEST))
		return 0;
	return 1;
}

static int
labrng_verify_zeroization(void *vctx)
{
	return 1;
}

/* The casts to void (*)(void) are how every provider fills OSSL_DISPATCH. */
static const OSSL_DISPATCH labrng_functions[] = {
	{ OSSL_FUNC_RAND_NEWCTX, (void (*)(void))labrng_newctx },
	{ OSSL_FUNC_RAND_FREECTX, (void (*)(void))labrng_freectx },
	{ OSSL_FUNC_RAND_INSTANTIATE, (void (*)(void))labrng_instantiate },
	{ OSSL_FUNC_RAND_UNINSTANTIATE, (void (*)(void))labrng_uninstantiate },
	{ OSSL_FUNC_RAND_GENERATE, (void (*)(void))labrng_generate },
	{ OSSL_FUNC_RAND_RESEED, (void (*)(void))labrng_reseed },
	{ OSSL_FUNC_RAND_ENABLE_LOCKING, (void (*)(void))labrng_enable_locking },
	{ OSSL_FUNC_RAND_GET_SEED, (void (*)(void))labrng_get_seed },
	{ OSSL_FUNC_RAND_CLEAR_SEED, (void (*)(void))labrng_clear_seed },
	{ OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS,
	    (void (*)(void))labrng_gettable_ctx_params },
	{ OSSL_FUNC_RAND_GET_CTX_PARAMS, (void (*)(void))labrng_get_ctx_params },
	{ OSSL_FUNC_RAND_VERIFY_ZEROIZATION,
	    (void (*)(void))labrng_verify_zeroization },
	{ 0, NULL }
};

static const OSSL_ALGORITHM labrng_algorithms[] = {
	{ LABRNG_NAME, LABRNG_PROPS, labrng_functions,
	    "vpnsim lab generator (seeded, not for real secrets)" },
	{ NULL, NULL, NULL, NULL }
};

static const OSSL_ALGORITHM *
labprov_query(void *provctx, int operation_id, int *no_cache)
{
	*no_cache = 0;
	return operation_id == OSSL_OP_RAND ? labrng_algorithms : NULL;
}

static const OSSL_DISPATCH labprov_functions[] = {
	{ OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))labprov_query },
	{ 0, NULL }
};

static int
labprov_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
    const OSSL_DISPATCH **out, void **provctx)
{
	*out = labprov_functions;
	*provctx = (void *)handle;	/* unused; any non-NULL value */
	return 1;
}

struct ossl_lib_ctx_st *
rng_ossl_libctx(void)
{
	OSSL_LIB_CTX *ctx;

	if (lab_libctx != NULL)
		return lab_libctx;
	if ((ctx = OSSL_LIB_CTX_new()) == NULL)
		return NULL;
	/* Both type settings must precede the first use of the context's
	 * DRBGs, which are created lazily. */
	if (!OSSL_PROVIDER_add_builtin(ctx, LABRNG_PROVIDER, labprov_init) ||
	    !RAND_set_seed_source_type(ctx, LABRNG_NAME, LABRNG_PROPS) ||
	    !RAND_set_DRBG_type(ctx, LABRNG_NAME, LABRNG_PROPS, NULL, NULL) ||
	    (lab_prov_rng = OSSL_PROVIDER_load(ctx, LABRNG_PROVIDER)) == NULL ||
	    (lab_prov_default = OSSL_PROVIDER_load(ctx, "default")) == NULL ||
	    RAND_get0_public(ctx) == NULL || RAND_get0_private(ctx) == NULL) {
		if (lab_prov_default != NULL)
			OSSL_PROVIDER_unload(lab_prov_default);
		if (lab_prov_rng != NULL)
			OSSL_PROVIDER_unload(lab_prov_rng);
		lab_prov_default = lab_prov_rng = NULL;
		OSSL_LIB_CTX_free(ctx);
		return NULL;
	}
	lab_libctx = ctx;
	return lab_libctx;
}

void
rng_ossl_free(void)
{
	if (lab_libctx == NULL)
		return;
	OSSL_PROVIDER_unload(lab_prov_default);
	OSSL_PROVIDER_unload(lab_prov_rng);
	OSSL_LIB_CTX_free(lab_libctx);
	lab_prov_default = lab_prov_rng = NULL;
	lab_libctx = NULL;
}
