/* IKEv1 crypto: PRF against RFC 2202 / RFC 4231 HMAC vectors, CBC against
 * FIPS 81 (DES) and NIST SP 800-38A (AES), Diffie-Hellman against RFC 5903
 * (ECP) and the RFC 2409/3526 primes, and SKEYID / App. B / KEYMAT / IV
 * derivations against an independent Python rendering of RFC 2409 (values
 * below were computed with Python's hmac/hashlib from the formulas). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <openssl/bn.h>

#include "dh.h"
#include "prf.h"
#include "rng.h"
#include "xform.h"

/* Hex with optional spaces -> bytes. */
static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (*s && n < cap) {
		unsigned v;

		if (*s == ' ') {
			s++;
			continue;
		}
		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static int
eqhex(const uint8_t *b, size_t len, const char *hex)
{
	uint8_t want[1024];
	size_t n = unhex(hex, want, sizeof(want));

	if (n != len || memcmp(b, want, n) != 0) {
		fprintf(stderr, "\n  got  ");
		for (size_t i = 0; i < len; i++)
			fprintf(stderr, "%02x", b[i]);
		fprintf(stderr, "\n  want %s\n", hex);
		return 0;
	}
	return 1;
}

static const struct ike_hash *
H(const char *kw)
{
	const struct ike_hash *h = ike_hash_by_keyword(kw);

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	return h;
}

static void
check_hmac(const char *hash, const void *key, size_t klen, const void *data,
    size_t dlen, const char *want)
{
	uint8_t out[IKE_MAX_HASH];
	struct prf_buf part = { data, dlen };
	const struct ike_hash *h = H(hash);

	CU_ASSERT_EQUAL_FATAL(ike_prf(h, key, klen, &part, 1, out), 0);
	CU_ASSERT(eqhex(out, h->len, want));
}

static void
test_hmac_vectors(void)
{
	uint8_t k0b[20], kaa[80], ddd[50];
	static const char big[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";
	static const char jefe[] = "what do ya want for nothing?";

	memset(k0b, 0x0b, sizeof(k0b));
	memset(kaa, 0xaa, sizeof(kaa));
	memset(ddd, 0xdd, sizeof(ddd));
	/* RFC 2202 */
	check_hmac("md5", k0b, 16, "Hi There", 8,
	    "9294727a3638bb1c13f48ef8158bfc9d");
	check_hmac("md5", "Jefe", 4, jefe, 28,
	    "750c783e6ab0b503eaa86e310a5db738");
	check_hmac("md5", kaa, 16, ddd, 50,
	    "56be34521d144c88dbb8c733f0e8b3f6");
	check_hmac("md5", kaa, 80, big, strlen(big),
	    "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
	check_hmac("sha", k0b, 20, "Hi There", 8,
	    "b617318655057264e28bc0b6fb378c8ef146be00");
	check_hmac("sha", "Jefe", 4, jefe, 28,
	    "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	check_hmac("sha", kaa, 20, ddd, 50,
	    "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	check_hmac("sha", kaa, 80, big, strlen(big),
	    "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	/* RFC 4231 test cases 1 and 2 */
	check_hmac("sha256", k0b, 20, "Hi There", 8,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	check_hmac("sha384", k0b, 20, "Hi There", 8,
	    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	    "faea9ea9076ede7f4af152e8b2fa9cb6");
	check_hmac("sha512", k0b, 20, "Hi There", 8,
	    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	    "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
	check_hmac("sha256", "Jefe", 4, jefe, 28,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	check_hmac("sha384", "Jefe", 4, jefe, 28,
	    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	    "8e2240ca5e69e2c78b3239ecfab21649");
	check_hmac("sha512", "Jefe", 4, jefe, 28,
	    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");

	/* Split input is the same as one buffer; plain hash. */
	{
		uint8_t out[IKE_MAX_HASH];
		struct prf_buf parts[] = { { "Hi ", 3 }, { "", 0 },
		    { "There", 5 } };

		CU_ASSERT_EQUAL(ike_prf(H("sha"), k0b, 20, parts, 3, out), 0);
		CU_ASSERT(eqhex(out, 20,
		    "b617318655057264e28bc0b6fb378c8ef146be00"));
		parts[0] = (struct prf_buf){ "abc", 3 };
		CU_ASSERT_EQUAL(ike_hash(H("sha"), parts, 1, out), 0);
		CU_ASSERT(eqhex(out, 20,
		    "a9993e364706816aba3e25717850c26c9cd0d89d"));
	}
}

static const char nist_pt[] =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

static void
check_cbc(const char *kw, unsigned bits, const char *key, const char *iv,
    const char *pt, const char *ct)
{
	const struct ike_cipher *c = ike_cipher_by_keyword(kw, bits);
	uint8_t k[32], v[16], v2[16], in[64], out[64];
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(unhex(key, k, sizeof(k)), c->key_len);
	unhex(iv, v, sizeof(v));
	memcpy(v2, v, sizeof(v));
	n = unhex(pt, in, sizeof(in));
	CU_ASSERT_EQUAL_FATAL(ike_cbc(c, k, v, in, n, out, 1), 0);
	CU_ASSERT(eqhex(out, n, ct));
	CU_ASSERT(memcmp(v, out + n - c->block, c->block) == 0);
	/* In place back, IV chain as for the next message. */
	CU_ASSERT_EQUAL(ike_cbc(c, k, v2, out, n, out, 0), 0);
	CU_ASSERT(memcmp(out, in, n) == 0);
	CU_ASSERT(eqhex(v2, c->block, ct + 2 * (n - c->block)));
	CU_ASSERT_EQUAL(ike_cbc(c, k, v2, in, n - 1, out, 1), -1);
}

static void
test_cbc_vectors(void)
{
	/* NIST SP 800-38A F.2.1 and F.2.5 */
	check_cbc("aes", 128, "2b7e151628aed2a6abf7158809cf4f3c",
	    "000102030405060708090a0b0c0d0e0f", nist_pt,
	    "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	    "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
	check_cbc("aes", 256,
	    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	    "000102030405060708090a0b0c0d0e0f", nist_pt,
	    "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	    "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
	/* FIPS 81 CBC example ("Now is the time for all "); 3DES with
	 * K1 = K2 = K3 is single DES. */
	check_cbc("des", 0, "0123456789abcdef", "1234567890abcdef",
	    "4e6f77206973207468652074696d6520666f7220616c6c20",
	    "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6");
	check_cbc("3des", 0,
	    "0123456789abcdef0123456789abcdef0123456789abcdef",
	    "1234567890abcdef",
	    "4e6f77206973207468652074696d6520666f7220616c6c20",
	    "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6");
}

/* ---- key derivation against the Python rendering -------------------- */

struct kd_vec {
	const char	*hash;
	const char	*skeyid, *d, *a, *e, *k24, *k32, *sig, *km, *kmpfs;
	const char	*iv1, *iv2;
};

static const struct kd_vec kdv[] = {
	{ "md5", "b1c088f6aa30e7ce93d80acab6d23404",
	"eb06cc555db200ae7bc4d5d992e9fecd", "2e28fe0cdf133a85ff864c875ba2e4f2",
	"b9d084f38065654d9afafba687a86fc1",
	"9b2b7151beaedf0d3fb10dd6cf03b68fd8ae7aab9360e896",
	"9b2b7151beaedf0d3fb10dd6cf03b68fd8ae7aab9360e896488119bc59e322c8",
	"98e8266376d596f20ad11c4f3bea78ce",
	"437ff4c1cdfe51e54dc7ad8c5a0584637dadf9bfdb9fd01284ba5adca9f35e882215"
	"8c351d3fcd083ed7fa1c",
	"1f0cbcca66f7dcb05496a303504e9ff53e8ef1e7bf7a3077e3fb2fc4b7ca2407edf9"
	"e320aed4b6722c7ef588c916131cf069e982",
	"536d72fa39d4a6f0af0c7171be1b43ab", "4e4544612e4fae471fa0b5659b47c1d9" },
	{ "sha", "cb2e87ac7da6808e4fe5eefabe880e49954a924e",
	"97602c942ed383627dfcd0640c7b63f044b4ea2d",
	"2e0a6ce8cf890602fa2bce7d95523b26c3b6fc67",
	"50704773fafa9bf798c337120262d081df82e8c0",
	"a204d235e54548fe7a76d450ba46978c01f07002053805cd",
	"a204d235e54548fe7a76d450ba46978c01f07002053805cd9cf87b5d4e19f134",
	"d7169806ee50c8e3e05a370fff95b5bc24b9dad8",
	"d53c406fef4d5770c0303ec89291754cd7405d54cb590b3cf89b16e82525f4061045"
	"da8379db090a6888da0f",
	"13b2a11d11a1ceecee0432fb7ebfbae885efab1aadf27484c7bd97e670a4d322a239"
	"9e5e26d575ba1ff6cf0ecd2cc72c249c1f53",
	"563f0a280a047d65bef059f8c17549620d52cf50",
	"5150c34c2b5a1ae1bb3c9c081686d8349bea368c" },
	{ "sha256",
	"0ea75bfba090905ab7b0298687d14e8d4064de5ff5e43fb4749f6b99f47934d1",
	"1213019e93164a4ef686f311c587abb225582a5fc9e64eec5afdefb74d00bcf7",
	"7ed49db4d56267d4ec8338b296559cebf988516ae949f7c9a064b1a5894e9b21",
	"aedf52885da37a88ad459004fc2e5baf089491e71fdf37ecc6ebae2b446d0aca",
	"aedf52885da37a88ad459004fc2e5baf089491e71fdf37ec",
	"aedf52885da37a88ad459004fc2e5baf089491e71fdf37ecc6ebae2b446d0aca",
	"e47f292e5e502bb35b32b092a3df8ca49afb839a015dbbd66bad5d2b1bfce85d",
	"fdb3c24244c2fe156193c45ddc82a65b6f431997fe70f93c28661127559d2c4deaf5"
	"be9efd17a486eb217fcb",
	"b77a7e2261671535f3f015287c7952f72db71eccac7c6f5a397601c2b5838345cd1a"
	"c81a85b9e5457a09befd1d7e86292dd382b5",
	"287517520ffbb22437aa51d5c803daee7d02f6b804731ffbbcfd3c27010fb698",
	"78fb91de2799b675b0af01cf5d454dcc3e0e834b25431927eae481c4e837e37d" },
};

static void
test_key_derivation(void)
{
	uint8_t ni[20], nr[16], gxy[128], gqm[64], gxi[96], gxr[96], last[16];
	uint8_t cky_i[8], cky_r[8], out[128], iv[16];

	for (int i = 0; i < 20; i++)
		ni[i] = (uint8_t)(0x10 + i);
	for (int i = 0; i < 16; i++)
		nr[i] = (uint8_t)(0x80 + i);
	gxy[0] = 0;
	for (int i = 0; i < 127; i++)
		gxy[1 + i] = (uint8_t)(i * 37 + 1);
	for (int i = 0; i < 64; i++)
		gqm[i] = (uint8_t)(i + 1);
	for (int i = 0; i < 96; i++) {
		gxi[i] = (uint8_t)i;
		gxr[i] = (uint8_t)(100 + i);
	}
	for (int i = 0; i < 16; i++)
		last[i] = (uint8_t)(200 + i);
	unhex("0011223344556677", cky_i, 8);
	unhex("8899aabbccddeeff", cky_r, 8);

	for (size_t v = 0; v < sizeof(kdv) / sizeof(kdv[0]); v++) {
		const struct kd_vec *x = &kdv[v];
		const struct ike_hash *h = H(x->hash);
		struct ike_keys k;

		memset(&k, 0, sizeof(k));
		CU_ASSERT_EQUAL(ike_skeyid_psk(h, "cisco123", 8, ni, 20, nr, 16,
		    k.skeyid), 0);
		CU_ASSERT(eqhex(k.skeyid, h->len, x->skeyid));
		CU_ASSERT_EQUAL(ike_keys_derive(&k, h,
		    ike_cipher_by_keyword("3des", 0), NULL, gxy, sizeof(gxy),
		    cky_i, cky_r), 0);
		CU_ASSERT(eqhex(k.skeyid_d, h->len, x->d));
		CU_ASSERT(eqhex(k.skeyid_a, h->len, x->a));
		CU_ASSERT(eqhex(k.skeyid_e, h->len, x->e));
		CU_ASSERT_EQUAL(k.enc_len, 24);
		CU_ASSERT(eqhex(k.enc_key, 24, x->k24));
		CU_ASSERT_EQUAL(ike_keys_derive(&k, h,
		    ike_cipher_by_keyword("aes", 256), NULL, gxy, sizeof(gxy),
		    cky_i, cky_r), 0);
		CU_ASSERT(eqhex(k.enc_key, 32, x->k32));
		CU_ASSERT_EQUAL(ike_keys_derive(&k, h,
		    ike_cipher_by_keyword("aes", 128), NULL, gxy, sizeof(gxy),
		    cky_i, cky_r), 0);
		CU_ASSERT(memcmp(k.enc_key, k.skeyid_e, 16) == 0);

		CU_ASSERT_EQUAL(ike_skeyid_sig(h, ni, 20, nr, 16, gxy,
		    sizeof(gxy), out), 0);
		CU_ASSERT(eqhex(out, h->len, x->sig));
		/* KEYMAT for esp-3des esp-sha-hmac (44), and with PFS 52. */
		CU_ASSERT_EQUAL(ike_keymat(h, k.skeyid_d, NULL, 0, 3,
		    0x11223344, ni, 20, nr, 16, out, 44), 0);
		CU_ASSERT(eqhex(out, 44, x->km));
		CU_ASSERT_EQUAL(ike_keymat(h, k.skeyid_d, gqm, 64, 3,
		    0x11223344, ni, 20, nr, 16, out, 52), 0);
		CU_ASSERT(eqhex(out, 52, x->kmpfs));
		/* IVs: truncated to the block. */
		CU_ASSERT_EQUAL(ike_iv_phase1(h, gxi, 96, gxr, 96, 16, iv), 0);
		{
			uint8_t want[64];

			unhex(x->iv1, want, sizeof(want));
			CU_ASSERT(memcmp(iv, want, 16) == 0);
			CU_ASSERT_EQUAL(ike_iv_exchange(h, last, 16, 0xdeadbeef,
			    iv), 0);
			unhex(x->iv2, want, sizeof(want));
			CU_ASSERT(memcmp(iv, want, 16) == 0);
		}
	}
	/* Expansion is a prefix of itself: 24 bytes of MD5 are the first 24
	 * of 32. */
	CU_ASSERT_EQUAL(ike_key_expand(H("md5"), (const uint8_t *)
	    "0123456789abcdef", 40, out), 0);
	CU_ASSERT_EQUAL(ike_iv_phase1(H("md5"), gxi, 96, gxr, 96, 32, iv), -1);
}

/* ---- Diffie-Hellman ------------------------------------------------- */

static void
test_ecp_rfc5903(void)
{
	static const struct {
		int id;
		const char *i, *gix, *giy, *grx, *gry, *girx;
	} v[] = {
	{ 19, "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 "
	    "862D1433",
	"DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 "
	    "72581180",
	"5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 "
	    "B8990BB3",
	"D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 "
	    "4494BF63",
	"56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 "
	    "039872AB",
	"D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 "
	    "4B9442DE" },
	{ 20, "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 "
	    "14DCE655 E35B5380 41E649EE 3FAEF896 783AB194",
	"667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 "
	    "B4C55EE6 DE3AC808 ACB4BDB4 C88732AE E95F41AA",
	"9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 "
	    "35A0F38E EB9FCFF3 C2C947DA E69B4C63 4573A81C",
	"E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 "
	    "32BC509D 0D1AC43A 0336DEF9 6FDA41D0 774A3571",
	"DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 "
	    "759DD1FF F83FA401 42209DFF 5EAAD96D B9E6386C",
	"11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E "
	    "7156C5C4 D6031355 69B9E9D0 9CF5D4A2 70F59746" },
	};

	for (size_t n = 0; n < 2; n++) {
		uint8_t priv[48], gi[96], gr[96], sec[64];
		size_t plen = unhex(v[n].i, priv, sizeof(priv)), len, h;
		struct dh *d = dh_new_priv(v[n].id, priv, plen);
		const uint8_t *pub;

		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		h = unhex(v[n].gix, gi, sizeof(gi));
		unhex(v[n].giy, gi + h, sizeof(gi) - h);
		h = unhex(v[n].grx, gr, sizeof(gr));
		unhex(v[n].gry, gr + h, sizeof(gr) - h);
		pub = dh_public(d, &len);
		CU_ASSERT_EQUAL(len, 2 * h);
		CU_ASSERT(memcmp(pub, gi, len) == 0);
		CU_ASSERT_EQUAL(dh_compute(d, gr, 2 * h, sec, sizeof(sec)),
		    (int)h);
		CU_ASSERT(eqhex(sec, h, v[n].girx));
		/* Wrong length, a point off the curve, a small buffer. */
		CU_ASSERT_EQUAL(dh_compute(d, gr, 2 * h - 1, sec, sizeof(sec)),
		    -1);
		gr[5] ^= 1;
		CU_ASSERT_EQUAL(dh_compute(d, gr, 2 * h, sec, sizeof(sec)), -1);
		gr[5] ^= 1;
		CU_ASSERT_EQUAL(dh_compute(d, gr, 2 * h, sec, h - 1), -1);
		dh_free(d);
	}
}

/* g^x for a known x against the RFC primes OpenSSL ships (BN getters),
 * so our groups 1, 2 (explicit) and 5, 14, 15, 16 (named) use them. */
static void
test_modp_primes(void)
{
	static const struct {
		int id;
		BIGNUM *(*prime)(BIGNUM *);
	} g[] = {
		{ 1, BN_get_rfc2409_prime_768 },
		{ 2, BN_get_rfc2409_prime_1024 },
		{ 5, BN_get_rfc3526_prime_1536 },
		{ 14, BN_get_rfc3526_prime_2048 },
		{ 15, BN_get_rfc3526_prime_3072 },
		{ 16, BN_get_rfc3526_prime_4096 },
	};
	uint8_t x[32], want[512];

	for (int i = 0; i < 32; i++)
		x[i] = (uint8_t)(0xa5 ^ i);
	for (size_t n = 0; n < sizeof(g) / sizeof(g[0]); n++) {
		const struct dh_group *grp = dh_group_get(g[n].id);
		BIGNUM *p = g[n].prime(NULL), *two = BN_new(), *y = BN_new();
		BIGNUM *bx = BN_bin2bn(x, 32, NULL);
		BN_CTX *ctx = BN_CTX_new();
		struct dh *d = dh_new_priv(g[n].id, x, sizeof(x));
		const uint8_t *pub;
		size_t len;

		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CU_ASSERT_EQUAL((size_t)BN_num_bytes(p), grp->pub_len);
		BN_set_word(two, 2);
		BN_mod_exp(y, two, bx, p, ctx);
		BN_bn2binpad(y, want, (int)grp->pub_len);
		pub = dh_public(d, &len);
		CU_ASSERT_EQUAL(len, grp->pub_len);
		CU_ASSERT(memcmp(pub, want, len) == 0);
		dh_free(d);
		BN_free(p);
		BN_free(two);
		BN_free(y);
		BN_free(bx);
		BN_CTX_free(ctx);
	}
}

/* Two parties agree in every group; keys repeat under the same seed. */
static void
test_dh_agree(void)
{
	for (size_t i = 0; dh_group_at(i) != NULL; i++) {
		const struct dh_group *g = dh_group_at(i);
		struct dh *a, *b, *c;
		uint8_t sa[DH_MAX_SECRET], sb[DH_MAX_SECRET], bad[DH_MAX_PUB];
		const uint8_t *pa, *pb;
		size_t la, lb;
		int ra, rb;

		rng_seed(100 + i);
		a = dh_new(g->id);
		b = dh_new(g->id);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		pa = dh_public(a, &la);
		pb = dh_public(b, &lb);
		CU_ASSERT_EQUAL(la, g->pub_len);
		CU_ASSERT_EQUAL(lb, g->pub_len);
		CU_ASSERT(memcmp(pa, pb, la) != 0);
		ra = dh_compute(a, pb, lb, sa, sizeof(sa));
		rb = dh_compute(b, pa, la, sb, sizeof(sb));
		CU_ASSERT_EQUAL(ra, (int)g->secret_len);
		CU_ASSERT_EQUAL(rb, (int)g->secret_len);
		CU_ASSERT(ra > 0 && memcmp(sa, sb, (size_t)ra) == 0);
		/* Same seed, same key. */
		rng_seed(100 + i);
		c = dh_new(g->id);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT(memcmp(dh_public(c, NULL), pa, la) == 0);
		/* Degenerate peer values are refused (1 and 0 for MODP). */
		memset(bad, 0, sizeof(bad));
		CU_ASSERT_EQUAL(dh_compute(a, bad, la, sa, sizeof(sa)), -1);
		if (!g->ecp) {
			bad[la - 1] = 1;
			CU_ASSERT_EQUAL(dh_compute(a, bad, la, sa, sizeof(sa)),
			    -1);
		}
		dh_free(a);
		dh_free(b);
		dh_free(c);
	}
	CU_ASSERT_PTR_NULL(dh_group_get(3));
	CU_ASSERT_PTR_NULL(dh_new(22));
	CU_ASSERT_EQUAL(dh_group_get(14)->pub_len, 256);
	CU_ASSERT_EQUAL(dh_group_get(24)->secret_len, 256);
	dh_free(NULL);
}

int
main(void)
{
	CU_pSuite s;
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("ikecrypto", NULL, NULL);
	CU_add_test(s, "HMAC (RFC 2202, RFC 4231)", test_hmac_vectors);
	CU_add_test(s, "CBC (FIPS 81, SP 800-38A)", test_cbc_vectors);
	CU_add_test(s, "SKEYID, App. B, KEYMAT, IVs", test_key_derivation);
	CU_add_test(s, "ECP groups 19/20 (RFC 5903)", test_ecp_rfc5903);
	CU_add_test(s, "MODP primes", test_modp_primes);
	CU_add_test(s, "DH agreement, every group", test_dh_agree);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	rng_ossl_free();
	return failed != 0;
}
