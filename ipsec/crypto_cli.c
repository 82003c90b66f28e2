/* Crypto configuration commands (issue 4): ISAKMP policies, keys,
 * keyrings, profiles and globals; transform sets, IPsec SA globals, IPsec
 * profiles, crypto maps and `crypto map` on interfaces; `ip domain name`
 * (for RSA key names); and their running-config writers in IOS order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "crypto_int.h"
#include "xform.h"
#include "pki_ca.h"
#include "dp.h"
#include "ike.h"
#include "iface.h"
#include "ifname.h"
#include "ipsec.h"
#include "ipv4.h"
#include "router.h"

#define CUR_STATE(st)						\
	struct router *r = vty_router(vty);			\
	struct ipsec_state *st = ipsec_state(r);		\
	if (st == NULL)						\
		return CMD_WARNING

static bool
parse_addr(const char *s, uint32_t *a)
{
	return ip_aton(s, a);
}

static const char *
ntoa(uint32_t a, char buf[16])
{
	return ip_ntoa(a, buf);
}

/* DH group keywords "1".."24" or "group2" -> number. */
static int
group_num(const char *w)
{
	if (strncmp(w, "group", 5) == 0)
		w += 5;
	return atoi(w);
}

/* ==== ISAKMP policy ======================================================= */

DEFUN(isakmp_policy, "crypto isakmp policy (1-10000)",
    CRYPTO_STR ISAKMP_HELP
    "Set policy for an ISAKMP protection suite\n"
    "Priority of protection suite\n")
{
	CUR_STATE(st);
	int	 prio = atoi(argv[3]);

	ipsec_policy_get(r, prio);
	vty_set_node(vty, ISAKMP_POLICY_NODE);
	vty_set_context_num(vty, prio);
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_policy, "no crypto isakmp policy (1-10000)",
    NO_STR CRYPTO_STR ISAKMP_HELP
    "Set policy for an ISAKMP protection suite\n"
    "Priority of protection suite\n")
{
	CUR_STATE(st);

	ipsec_policy_delete(r, atoi(argv[4]));
	return CMD_SUCCESS;
}

static struct isakmp_policy *
cur_policy(struct vty *vty)
{
	return ipsec_policy_find(vty_router(vty), vty_context_num(vty));
}

#define CUR_POLICY(p)						\
	struct isakmp_policy *p = cur_policy(vty);		\
	if (p == NULL)						\
		return CMD_WARNING

DEFUN(pol_encr, "encryption (des|3des|aes [(128|192|256)])",
    "Set encryption algorithm for protection suite\n"
    "DES - Data Encryption Standard (56 bit keys).\n"
    "Three key triple DES\n"
    "AES - Advanced Encryption Standard.\n"
    "128 bit keys.\n" "192 bit keys.\n" "256 bit keys.\n")
{
	CUR_POLICY(p);

	p->keylen = 0;
	if (strcmp(argv[1], "des") == 0)
		p->encr = OAKLEY_ENCR_DES;
	else if (strcmp(argv[1], "3des") == 0)
		p->encr = OAKLEY_ENCR_3DES;
	else {
		p->encr = OAKLEY_ENCR_AES;
		p->keylen = argc > 2 ? (uint16_t)atoi(argv[2]) : 128;
	}
	return CMD_SUCCESS;
}

DEFUN(no_pol_encr, "no encryption [(des|3des|aes [(128|192|256)])]",
    NO_STR
    "Set encryption algorithm for protection suite\n"
    "DES - Data Encryption Standard (56 bit keys).\n"
    "Three key triple DES\n"
    "AES - Advanced Encryption Standard.\n"
    "128 bit keys.\n" "192 bit keys.\n" "256 bit keys.\n")
{
	CUR_POLICY(p);

	p->encr = ipsec_default_suite()->encr;
	p->keylen = 0;
	return CMD_SUCCESS;
}

#define HASH_HELP							\
	"Set hash algorithm for protection suite\n"			\
	"Message Digest 5\n"						\
	"Secure Hash Standard\n"					\
	"Secure Hash Standard 2 (256 bit)\n"				\
	"Secure Hash Standard 2 (384 bit)\n"				\
	"Secure Hash Standard 2 (512 bit)\n"

DEFUN(pol_hash, "hash (md5|sha|sha256|sha384|sha512)", HASH_HELP)
{
	CUR_POLICY(p);
	/* The grammar admits only words the transform table knows. */
	const struct ike_hash *h = ike_hash_by_keyword(argv[1]);

	p->hash = h->attr;
	return CMD_SUCCESS;
}

DEFUN(no_pol_hash, "no hash [(md5|sha|sha256|sha384|sha512)]",
    NO_STR HASH_HELP)
{
	CUR_POLICY(p);

	p->hash = ipsec_default_suite()->hash;
	return CMD_SUCCESS;
}

#define AUTH_HELP							\
	"Set authentication method for protection suite\n"		\
	"Pre-Shared Key\n"						\
	"Rivest-Shamir-Adleman Encryption\n"				\
	"Rivest-Shamir-Adleman Signature\n"

DEFUN(pol_auth, "authentication (pre-share|rsa-encr|rsa-sig)", AUTH_HELP)
{
	CUR_POLICY(p);

	p->auth = strcmp(argv[1], "pre-share") == 0 ? OAKLEY_AUTH_PSK :
	    strcmp(argv[1], "rsa-encr") == 0 ? OAKLEY_AUTH_RSA_ENCR :
	    OAKLEY_AUTH_RSA_SIG;
	return CMD_SUCCESS;
}

DEFUN(no_pol_auth, "no authentication [(pre-share|rsa-encr|rsa-sig)]",
    NO_STR AUTH_HELP)
{
	CUR_POLICY(p);

	p->auth = ipsec_default_suite()->auth;
	return CMD_SUCCESS;
}

#define GROUP_HELP							\
	"Set the Diffie-Hellman group\n"				\
	"Diffie-Hellman group 1 (768 bit)\n"				\
	"Diffie-Hellman group 2 (1024 bit)\n"				\
	"Diffie-Hellman group 5 (1536 bit)\n"				\
	"Diffie-Hellman group 14 (2048 bit)\n"				\
	"Diffie-Hellman group 15 (3072 bit)\n"				\
	"Diffie-Hellman group 16 (4096 bit)\n"				\
	"Diffie-Hellman group 19 (256 bit ecp)\n"			\
	"Diffie-Hellman group 20 (384 bit ecp)\n"			\
	"Diffie-Hellman group 24 (2048 bit, 256 bit subgroup)\n"
#define GROUP_ALTS	"(1|2|5|14|15|16|19|20|24)"

DEFUN(pol_group, "group " GROUP_ALTS, GROUP_HELP)
{
	CUR_POLICY(p);

	p->group = (uint16_t)atoi(argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_pol_group, "no group [" GROUP_ALTS "]", NO_STR GROUP_HELP)
{
	CUR_POLICY(p);

	p->group = ipsec_default_suite()->group;
	return CMD_SUCCESS;
}

DEFUN(pol_lifetime, "lifetime (60-86400)",
    "Set lifetime for ISAKMP security association\n"
    "lifetime in seconds\n")
{
	CUR_POLICY(p);

	p->lifetime = (uint32_t)atoi(argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_pol_lifetime, "no lifetime [(60-86400)]",
    NO_STR
    "Set lifetime for ISAKMP security association\n"
    "lifetime in seconds\n")
{
	CUR_POLICY(p);

	p->lifetime = ISAKMP_DEFAULT_LIFETIME;
	return CMD_SUCCESS;
}

/* ==== ISAKMP globals ====================================================== */

/* address A [MASK]: a bare 0.0.0.0 means any peer (mask 0). */
static uint32_t
key_mask(int argc, const char **argv, int i, uint32_t addr)
{
	uint32_t m;

	if (i < argc && parse_addr(argv[i], &m))
		return m;
	return addr == 0 ? 0 : 0xffffffffu;
}

DEFUN(isakmp_key,
    "crypto isakmp key WORD address A.B.C.D [A.B.C.D] [no-xauth]",
    CRYPTO_STR ISAKMP_HELP
    "Set pre-shared key for remote peer\n"
    "pre-shared key\n"
    "define shared key with IP address\n"
    "Peer IP address\n"
    "Peer IP subnet mask\n"
    "Bypasses XAuth for this peer\n")
{
	CUR_STATE(st);
	uint32_t a;
	int	 i = cli_argv_find(argc, argv, "no-xauth");

	if (!parse_addr(argv[5], &a))
		return cli_error_at(vty, 5);
	ipsec_key_set(r, a, key_mask(i < 0 ? argc : i, argv, 6, a), argv[3],
	    i >= 0);
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_key,
    "no crypto isakmp key WORD address A.B.C.D [A.B.C.D] [no-xauth]",
    NO_STR CRYPTO_STR ISAKMP_HELP
    "Set pre-shared key for remote peer\n"
    "pre-shared key\n"
    "define shared key with IP address\n"
    "Peer IP address\n"
    "Peer IP subnet mask\n"
    "Bypasses XAuth for this peer\n")
{
	CUR_STATE(st);
	uint32_t a;
	int	 i = cli_argv_find(argc, argv, "no-xauth");

	if (!parse_addr(argv[6], &a))
		return cli_error_at(vty, 6);
	ipsec_key_delete(r, a, key_mask(i < 0 ? argc : i, argv, 7, a));
	return CMD_SUCCESS;
}

#define IDENT_HELP							\
	"Set the identity which ISAKMP will use\n"			\
	"Use the IP address of the interface for the identity\n"	\
	"Use the distinguished name of the router cert for the identity\n" \
	"Use the hostname of the router for the identity\n"

DEFUN(isakmp_identity, "crypto isakmp identity (address|dn|hostname)",
    CRYPTO_STR ISAKMP_HELP IDENT_HELP)
{
	CUR_STATE(st);

	st->identity = strcmp(argv[3], "address") == 0 ? IDENT_ADDRESS :
	    strcmp(argv[3], "dn") == 0 ? IDENT_DN : IDENT_HOSTNAME;
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_identity, "no crypto isakmp identity [(address|dn|hostname)]",
    NO_STR CRYPTO_STR ISAKMP_HELP IDENT_HELP)
{
	CUR_STATE(st);

	st->identity = IDENT_ADDRESS;
	return CMD_SUCCESS;
}

#define KEEPALIVE_HELP							\
	"Set a keepalive interval for use with IOS peers\n"		\
	"Number of seconds between keep alives\n"			\
	"Number of seconds between retries if keepalive fails\n"	\
	"Send keepalives only when there is outgoing traffic (default)\n" \
	"Send keepalives periodically\n"

DEFUN(isakmp_keepalive,
    "crypto isakmp keepalive (10-3600) [(2-60)] [(on-demand|periodic)]",
    CRYPTO_STR ISAKMP_HELP KEEPALIVE_HELP)
{
	CUR_STATE(st);
	int	 i;

	st->keepalive = atoi(argv[3]);
	st->keepalive_retry = 2;
	st->keepalive_periodic = false;
	for (i = 4; i < argc; i++) {
		if (strcmp(argv[i], "periodic") == 0)
			st->keepalive_periodic = true;
		else if (strcmp(argv[i], "on-demand") != 0)
			st->keepalive_retry = atoi(argv[i]);
	}
	ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_keepalive,
    "no crypto isakmp keepalive [(10-3600) [(2-60)] [(on-demand|periodic)]]",
    NO_STR CRYPTO_STR ISAKMP_HELP KEEPALIVE_HELP)
{
	CUR_STATE(st);

	st->keepalive = 0;
	st->keepalive_retry = 2;
	st->keepalive_periodic = false;
	ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
	return CMD_SUCCESS;
}

#define AGGR_HELP							\
	"Disable ISAKMP aggressive mode\n"				\
	"Disable ISAKMP aggressive mode\n"

DEFUN(isakmp_aggr, "crypto isakmp aggressive-mode disable",
    CRYPTO_STR ISAKMP_HELP AGGR_HELP)
{
	CUR_STATE(st);

	st->aggressive_disable = true;
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_aggr, "no crypto isakmp aggressive-mode disable",
    NO_STR CRYPTO_STR ISAKMP_HELP AGGR_HELP)
{
	CUR_STATE(st);

	st->aggressive_disable = false;
	return CMD_SUCCESS;
}

#define NATKA_HELP							\
	"Set a nat keepalive interval for use with IOS peers\n"		\
	"Set a keepalive interval for use with IOS peers\n"		\
	"Number of seconds between keep alives\n"

DEFUN(isakmp_nat_keepalive, "crypto isakmp nat keepalive (5-3600)",
    CRYPTO_STR ISAKMP_HELP NATKA_HELP)
{
	CUR_STATE(st);

	st->nat_keepalive = atoi(argv[4]);
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_nat_keepalive, "no crypto isakmp nat keepalive [(5-3600)]",
    NO_STR CRYPTO_STR ISAKMP_HELP NATKA_HELP)
{
	CUR_STATE(st);

	st->nat_keepalive = 0;
	return CMD_SUCCESS;
}

#define NATT_HELP "Enable NAT traversal (RFC 3947), on by default\n"

DEFUN(isakmp_natt, "crypto isakmp nat-traversal",
    CRYPTO_STR ISAKMP_HELP NATT_HELP)
{
	CUR_STATE(st);

	st->nat_traversal = true;
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_natt, "no crypto isakmp nat-traversal",
    NO_STR CRYPTO_STR ISAKMP_HELP NATT_HELP)
{
	CUR_STATE(st);

	st->nat_traversal = false;
	return CMD_SUCCESS;
}

#define DEFPOL_HELP "ISAKMP default policy\n" "ISAKMP default policy\n"

DEFUN(isakmp_default_policy, "crypto isakmp default policy",
    CRYPTO_STR ISAKMP_HELP DEFPOL_HELP)
{
	CUR_STATE(st);

	st->default_policies = true;
	return CMD_SUCCESS;
}

DEFUN(no_isakmp_default_policy, "no crypto isakmp default policy",
    NO_STR CRYPTO_STR ISAKMP_HELP DEFPOL_HELP)
{
	CUR_STATE(st);

	st->default_policies = false;
	return CMD_SUCCESS;
}

/* ==== keyrings ============================================================ */

DEFUN(keyring, "crypto keyring WORD",
    CRYPTO_STR "Key ring commands\n" "Name of the key ring\n")
{
	CUR_STATE(st);
	struct keyring *k = ipsec_keyring_get(r, argv[2]);

	vty_set_node(vty, KEYRING_NODE);
	vty_set_context(vty, k->name);
	return CMD_SUCCESS;
}

DEFUN(no_keyring, "no crypto keyring WORD",
    NO_STR CRYPTO_STR "Key ring commands\n" "Name of the key ring\n")
{
	CUR_STATE(st);

	ipsec_keyring_delete(r, argv[3]);
	return CMD_SUCCESS;
}

#define CUR_KEYRING(k)							\
	struct keyring *k = ipsec_keyring_find(vty_router(vty),		\
	    vty_context(vty));						\
	if (k == NULL)							\
		return CMD_WARNING

#define PSK_HELP							\
	"Pre-Shared Key\n"						\
	"pre shared key by address\n"					\
	"IP address\n"							\
	"Mask\n"							\
	"key\n"								\
	"pre-shared key\n"

DEFUN(kr_psk, "pre-shared-key address A.B.C.D [A.B.C.D] key WORD", PSK_HELP)
{
	CUR_KEYRING(k);
	uint32_t a, m = 0xffffffffu;

	if (!parse_addr(argv[2], &a))
		return cli_error_at(vty, 2);
	if (argc == 6 && !parse_addr(argv[3], &m))
		return cli_error_at(vty, 3);
	ipsec_keyring_set_psk(k, a, m, argv[argc - 1]);
	ipsec_cfg_changed(vty_router(vty), IPSEC_CFG_ISAKMP, NULL);
	return CMD_SUCCESS;
}

DEFUN(no_kr_psk, "no pre-shared-key address A.B.C.D [A.B.C.D] [key WORD]",
    NO_STR PSK_HELP)
{
	CUR_KEYRING(k);
	uint32_t a, m = 0xffffffffu;

	if (!parse_addr(argv[3], &a))
		return cli_error_at(vty, 3);
	if (argc > 4 && strcmp(argv[4], "key") != 0 &&
	    !parse_addr(argv[4], &m))
		return cli_error_at(vty, 4);
	ipsec_keyring_del_psk(k, a, m);
	return CMD_SUCCESS;
}

DEFUN(kr_desc, "description LINE",
    "Key-Ring description\n" "description of the key ring\n")
{
	CUR_KEYRING(k);

	free(k->description);
	k->description = strdup(argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_kr_desc, "no description [LINE]",
    NO_STR "Key-Ring description\n" "description of the key ring\n")
{
	CUR_KEYRING(k);

	free(k->description);
	k->description = NULL;
	return CMD_SUCCESS;
}

/* ==== ISAKMP profiles ===================================================== */

DEFUN(isa_profile, "crypto isakmp profile WORD",
    CRYPTO_STR ISAKMP_HELP "Define ISAKMP Profiles\n" "Name\n")
{
	CUR_STATE(st);
	bool	 created;
	struct isakmp_profile *p = ipsec_isakmp_profile_get(r, argv[3],
	    &created);

	if (created && !r->config_loading)
		vty_out(vty, "%% A profile is deemed incomplete until it has "
		    "match identity statements\n");
	vty_set_node(vty, ISAKMP_PROFILE_NODE);
	vty_set_context(vty, p->name);
	return CMD_SUCCESS;
}

DEFUN(no_isa_profile, "no crypto isakmp profile WORD",
    NO_STR CRYPTO_STR ISAKMP_HELP "Define ISAKMP Profiles\n" "Name\n")
{
	CUR_STATE(st);

	ipsec_isakmp_profile_delete(r, argv[4]);
	return CMD_SUCCESS;
}

#define CUR_PROFILE(p)							\
	struct isakmp_profile *p = ipsec_isakmp_profile_find(		\
	    vty_router(vty), vty_context(vty));				\
	if (p == NULL)							\
		return CMD_WARNING

DEFUN(prof_keyring, "keyring WORD",
    "Specify keyring to use\n" "Keyring Name\n")
{
	CUR_PROFILE(p);

	snprintf(p->keyring, sizeof(p->keyring), "%s", argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_prof_keyring, "no keyring [WORD]",
    NO_STR "Specify keyring to use\n" "Keyring Name\n")
{
	CUR_PROFILE(p);

	p->keyring[0] = '\0';
	return CMD_SUCCESS;
}

#define MATCHID_HELP							\
	"Match values of peer\n"					\
	"Peer identity\n"						\
	"IP Address(es)\n"						\
	"IP address prefix\n"						\
	"IP netmask\n"

static void
prof_match_set(struct isakmp_profile *p, uint32_t a, uint32_t m, bool add)
{
	int	 i;

	a &= m;
	for (i = 0; i < p->n_match; i++)
		if (p->match[i].addr == a && p->match[i].mask == m)
			break;
	if (add && i == p->n_match) {
		void *n = realloc(p->match, (size_t)(p->n_match + 1) *
		    sizeof(p->match[0]));

		if (n == NULL)
			abort();
		p->match = n;
		p->match[p->n_match].addr = a;
		p->match[p->n_match].mask = m;
		p->n_match++;
	} else if (!add && i < p->n_match) {
		memmove(&p->match[i], &p->match[i + 1],
		    (size_t)(p->n_match - i - 1) * sizeof(p->match[0]));
		p->n_match--;
	}
}

DEFUN(prof_match, "match identity address A.B.C.D [A.B.C.D]", MATCHID_HELP)
{
	CUR_PROFILE(p);
	uint32_t a, m = 0xffffffffu;

	if (!parse_addr(argv[3], &a))
		return cli_error_at(vty, 3);
	if (argc > 4 && !parse_addr(argv[4], &m))
		return cli_error_at(vty, 4);
	prof_match_set(p, a, m, true);
	return CMD_SUCCESS;
}

DEFUN(no_prof_match, "no match identity address A.B.C.D [A.B.C.D]",
    NO_STR MATCHID_HELP)
{
	CUR_PROFILE(p);
	uint32_t a, m = 0xffffffffu;

	if (!parse_addr(argv[4], &a))
		return cli_error_at(vty, 4);
	if (argc > 5 && !parse_addr(argv[5], &m))
		return cli_error_at(vty, 5);
	prof_match_set(p, a, m, false);
	return CMD_SUCCESS;
}

#define SELFID_HELP							\
	"Specify Identity to use\n"					\
	"address\n"							\
	"fully qualified domain name\n"

DEFUN(prof_selfid, "self-identity (address|fqdn)", SELFID_HELP)
{
	CUR_PROFILE(p);

	p->self_identity = strcmp(argv[1], "address") == 0 ? IDENT_ADDRESS :
	    IDENT_HOSTNAME;
	return CMD_SUCCESS;
}

DEFUN(no_prof_selfid, "no self-identity [(address|fqdn)]",
    NO_STR SELFID_HELP)
{
	CUR_PROFILE(p);

	p->self_identity = -1;
	return CMD_SUCCESS;
}

/* ==== transform sets ====================================================== */

/* Transform words in the order of IOS's `?` list. */
static const struct {
	const char	*word;
	const char	*help;
	char		 kind;		/* 'a' AH, 'e' ESP cipher, 'h' ESP auth */
	uint16_t	 val;
	bool		 keysize;	/* takes 128|192|256 */
} transforms[] = {
	{ "ah-md5-hmac", "AH-HMAC-MD5 transform", 'a', AH_MD5, false },
	{ "ah-sha-hmac", "AH-HMAC-SHA transform", 'a', AH_SHA, false },
	{ "ah-sha256-hmac", "AH-HMAC-SHA256 transform", 'a', AH_SHA2_256,
	    false },
	{ "ah-sha384-hmac", "AH-HMAC-SHA384 transform", 'a', AH_SHA2_384,
	    false },
	{ "ah-sha512-hmac", "AH-HMAC-SHA512 transform", 'a', AH_SHA2_512,
	    false },
	{ "esp-3des", "ESP transform using 3DES(EDE) cipher (168 bits)", 'e',
	    ESP_3DES, false },
	{ "esp-aes", "ESP transform using AES cipher", 'e', ESP_AES, true },
	{ "esp-des", "ESP transform using DES cipher (56 bits)", 'e', ESP_DES,
	    false },
	{ "esp-gcm", "ESP transform using GCM cipher", 'e', ESP_AES_GCM_16,
	    true },
	{ "esp-gmac", "ESP transform using GMAC cipher", 'e',
	    ESP_NULL_AUTH_AES_GMAC, true },
	{ "esp-md5-hmac", "ESP transform using HMAC-MD5 auth", 'h',
	    IPSEC_AUTH_HMAC_MD5, false },
	{ "esp-null", "ESP transform w/o cipher", 'e', ESP_NULL, false },
	{ "esp-sha-hmac", "ESP transform using HMAC-SHA auth", 'h',
	    IPSEC_AUTH_HMAC_SHA, false },
	{ "esp-sha256-hmac", "ESP transform using HMAC-SHA256 auth", 'h',
	    IPSEC_AUTH_HMAC_SHA256, false },
	{ "esp-sha384-hmac", "ESP transform using HMAC-SHA384 auth", 'h',
	    IPSEC_AUTH_HMAC_SHA384, false },
	{ "esp-sha512-hmac", "ESP transform using HMAC-SHA512 auth", 'h',
	    IPSEC_AUTH_HMAC_SHA512, false },
};
#define N_TRANSFORMS	((int)(sizeof(transforms) / sizeof(transforms[0])))

static int
transform_index(const char *w)
{
	for (int i = 0; i < N_TRANSFORMS; i++)
		if (strcmp(transforms[i].word, w) == 0)
			return i;
	return -1;
}

static int
ts_command(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	struct router *r = vty_router(vty);
	struct transform_set t, *ts;
	bool	 created;
	int	 i, k;

	/* argv: crypto ipsec transform-set NAME T [size] ... */
	if (ipsec_state(r) == NULL)
		return CMD_WARNING;
	memset(&t, 0, sizeof(t));
	for (i = 4; i < argc; i++) {
		if ((k = transform_index(argv[i])) < 0)
			return cli_error_at(vty, i);
		switch (transforms[k].kind) {
		case 'a':
			if (t.ah != 0)
				return cli_error_at(vty, i);
			t.ah = (uint8_t)transforms[k].val;
			break;
		case 'e':
			/* One cipher; GCM/GMAC carry their own ICV. */
			if (t.esp_encr != 0 || ((transforms[k].val ==
			    ESP_AES_GCM_16 || transforms[k].val ==
			    ESP_NULL_AUTH_AES_GMAC) && t.esp_auth != 0))
				return cli_error_at(vty, i);
			t.esp_encr = (uint8_t)transforms[k].val;
			t.keylen = transforms[k].keysize ? 128 : 0;
			if (transforms[k].keysize && i + 1 < argc &&
			    argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
				t.keylen = (uint16_t)atoi(argv[++i]);
			break;
		default:
			if (t.esp_auth != 0 || t.esp_encr == ESP_AES_GCM_16 ||
			    t.esp_encr == ESP_NULL_AUTH_AES_GMAC)
				return cli_error_at(vty, i);
			t.esp_auth = transforms[k].val;
			break;
		}
	}
	ts = ipsec_ts_get(r, argv[3], &created);
	ts->ah = t.ah;
	ts->esp_encr = t.esp_encr;
	ts->keylen = t.keylen;
	ts->esp_auth = t.esp_auth;
	vty_set_node(vty, TRANSFORM_NODE);
	vty_set_context(vty, ts->name);
	return CMD_SUCCESS;
}

DEFUN(no_ts, "no crypto ipsec transform-set WORD",
    NO_STR CRYPTO_STR IPSEC_HELP "Define transform and settings\n"
    "Transform set tag\n")
{
	CUR_STATE(st);

	ipsec_ts_delete(r, argv[4]);
	return CMD_SUCCESS;
}

#define MODE_HELP							\
	"encapsulation mode (transport/tunnel)\n"			\
	"transport (payload encapsulation) mode\n"			\
	"tunnel (datagram encapsulation) mode\n"

DEFUN(ts_mode, "mode (transport|tunnel)", MODE_HELP)
{
	struct transform_set *t = ipsec_ts_find(vty_router(vty),
	    vty_context(vty));

	if (t == NULL)
		return CMD_WARNING;
	t->mode = strcmp(argv[1], "transport") == 0 ? IPSEC_ENCAP_TRANSPORT :
	    IPSEC_ENCAP_TUNNEL;
	return CMD_SUCCESS;
}

DEFUN(no_ts_mode, "no mode [(transport|tunnel)]", NO_STR MODE_HELP)
{
	struct transform_set *t = ipsec_ts_find(vty_router(vty),
	    vty_context(vty));

	if (t == NULL)
		return CMD_WARNING;
	t->mode = IPSEC_ENCAP_TUNNEL;
	return CMD_SUCCESS;
}

/* ==== IPsec SA globals ===================================================== */

#define GSA_HELP CRYPTO_STR IPSEC_HELP SA_HELP
#define LIFE_HELP							\
	LIFETIME_HELP SECONDS_HELP "Security association duration in seconds\n" \
	KB_HELP "Security association duration in kilobytes\n"
#define NO_LIFE_HELP LIFETIME_HELP SECONDS_HELP KB_HELP

DEFUN(sa_lifetime,
    "crypto ipsec security-association lifetime (seconds (120-86400)|"
    "kilobytes (2560-4294967295))",
    GSA_HELP LIFE_HELP)
{
	CUR_STATE(st);

	if (strcmp(argv[4], "seconds") == 0)
		st->sa_life_sec = (uint32_t)strtoul(argv[5], NULL, 10);
	else
		st->sa_life_kb = (uint32_t)strtoul(argv[5], NULL, 10);
	return CMD_SUCCESS;
}

DEFUN(no_sa_lifetime,
    "no crypto ipsec security-association lifetime (seconds|kilobytes)",
    NO_STR GSA_HELP NO_LIFE_HELP)
{
	CUR_STATE(st);

	if (strcmp(argv[5], "seconds") == 0)
		st->sa_life_sec = CRYPTO_DEFAULT_LIFE_SEC;
	else
		st->sa_life_kb = CRYPTO_DEFAULT_LIFE_KB;
	return CMD_SUCCESS;
}

#define WINDOW_ALTS	"(64|128|256|512|1024)"
#define WINDOW_HELP							\
	"Set replay window size\n"					\
	"Window size of 64\n" "Window size of 128\n"			\
	"Window size of 256\n" "Window size of 512\n"			\
	"Window size of 1024\n"
#define REPLAY_HELP "Set replay checking.\n"

DEFUN(sa_window,
    "crypto ipsec security-association replay window-size [" WINDOW_ALTS "]",
    GSA_HELP REPLAY_HELP WINDOW_HELP)
{
	CUR_STATE(st);

	st->replay_window = argc > 5 ? atoi(argv[5]) : CRYPTO_DEFAULT_WINDOW;
	return CMD_SUCCESS;
}

/* The form seed 004 quotes. */
DEFUN_HIDDEN(sa_window_short,
    "crypto ipsec security-association window-size " WINDOW_ALTS,
    GSA_HELP WINDOW_HELP)
{
	CUR_STATE(st);

	st->replay_window = atoi(argv[4]);
	return CMD_SUCCESS;
}

DEFUN(no_sa_window,
    "no crypto ipsec security-association replay window-size [" WINDOW_ALTS
    "]",
    NO_STR GSA_HELP REPLAY_HELP WINDOW_HELP)
{
	CUR_STATE(st);

	st->replay_window = CRYPTO_DEFAULT_WINDOW;
	return CMD_SUCCESS;
}

#define DISABLE_HELP "Disable replay checking\n"

DEFUN(sa_replay_disable,
    "crypto ipsec security-association replay disable",
    GSA_HELP REPLAY_HELP DISABLE_HELP)
{
	CUR_STATE(st);

	st->replay_disable = true;
	return CMD_SUCCESS;
}

DEFUN(no_sa_replay_disable,
    "no crypto ipsec security-association replay disable",
    NO_STR GSA_HELP REPLAY_HELP DISABLE_HELP)
{
	CUR_STATE(st);

	st->replay_disable = false;
	return CMD_SUCCESS;
}

/* ==== IPsec profiles and crypto map entries: shared `set` commands ======== */

/* The object a `set` command edits: an IPsec profile or a map entry. */
struct setter {
	char	(*ts)[CRYPTO_NAME_MAX];
	int	*n_ts;
	uint32_t *life_sec, *life_kb;
	int	*pfs;
	char	*isakmp_profile;
};

static bool
cur_setter(struct vty *vty, struct setter *s)
{
	struct router *r = vty_router(vty);

	if (vty_node(vty) == IPSEC_PROFILE_NODE) {
		struct ipsec_profile *p = ipsec_profile_find(r,
		    vty_context(vty));

		if (p == NULL)
			return false;
		*s = (struct setter){ p->ts, &p->n_ts, &p->life_sec,
		    &p->life_kb, &p->pfs, p->isakmp_profile };
	} else {
		struct crypto_map_entry *e = ipsec_map_entry_find(
		    ipsec_map_find(r, vty_context(vty)), vty_context_num(vty));

		if (e == NULL)
			return false;
		*s = (struct setter){ e->ts, &e->n_ts, &e->life_sec,
		    &e->life_kb, &e->pfs, e->isakmp_profile };
	}
	return true;
}

static void
entry_changed(struct vty *vty)
{
	if (vty_node(vty) == CRYPTO_MAP_NODE)
		ipsec_cfg_changed(vty_router(vty), IPSEC_CFG_MAP_ENTRY,
		    vty_context(vty));
}

#define CUR_SETTER(s)							\
	struct setter s;						\
	if (!cur_setter(vty, &s))					\
		return CMD_WARNING

DEFUN(set_ts,
    "set transform-set WORD [WORD [WORD [WORD [WORD [WORD]]]]]",
    SET_HELP TS_SET_HELP TS_NAME_HELP TS_NAME_HELP TS_NAME_HELP
    TS_NAME_HELP TS_NAME_HELP TS_NAME_HELP)
{
	CUR_SETTER(s);
	int	 i;

	*s.n_ts = 0;
	for (i = 2; i < argc && *s.n_ts < CRYPTO_MAP_MAX_TS; i++)
		snprintf(s.ts[(*s.n_ts)++], CRYPTO_NAME_MAX, "%s", argv[i]);
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_set_ts, "no set transform-set [LINE]",
    NO_STR SET_HELP TS_SET_HELP "Proposal tags\n")
{
	CUR_SETTER(s);

	*s.n_ts = 0;
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(set_life,
    "set security-association lifetime (seconds (120-86400)|"
    "kilobytes (2560-4294967295))",
    SET_HELP SA_HELP LIFE_HELP)
{
	CUR_SETTER(s);

	if (strcmp(argv[3], "seconds") == 0)
		*s.life_sec = (uint32_t)strtoul(argv[4], NULL, 10);
	else
		*s.life_kb = (uint32_t)strtoul(argv[4], NULL, 10);
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_set_life,
    "no set security-association lifetime (seconds|kilobytes)",
    NO_STR SET_HELP SA_HELP NO_LIFE_HELP)
{
	CUR_SETTER(s);

	if (strcmp(argv[4], "seconds") == 0)
		*s.life_sec = 0;
	else
		*s.life_kb = 0;
	entry_changed(vty);
	return CMD_SUCCESS;
}

#define PFS_ALTS							\
	"(group1|group14|group15|group16|group19|group2|group20|group24|group5)"
#define PFS_GROUP_HELP							\
	"D-H Group1 (768-bit modulus)\n"				\
	"D-H Group14 (2048-bit modulus)\n"				\
	"D-H Group15 (3072-bit modulus)\n"				\
	"D-H Group16 (4096-bit modulus)\n"				\
	"D-H Group19 (256-bit elliptic curve)\n"			\
	"D-H Group2 (1024-bit modulus)\n"				\
	"D-H Group20 (384-bit elliptic curve)\n"			\
	"D-H Group24 (2048-bit modulus & 256-bit subgroup)\n"		\
	"D-H Group5 (1536-bit modulus)\n"

DEFUN(set_pfs, "set pfs [" PFS_ALTS "]", SET_HELP PFS_HELP PFS_GROUP_HELP)
{
	CUR_SETTER(s);

	*s.pfs = argc > 2 ? group_num(argv[2]) : 1;
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_set_pfs, "no set pfs [" PFS_ALTS "]",
    NO_STR SET_HELP PFS_HELP PFS_GROUP_HELP)
{
	CUR_SETTER(s);

	*s.pfs = 0;
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(set_isaprof, "set isakmp-profile WORD",
    SET_HELP ISAPROF_HELP "Name\n")
{
	CUR_SETTER(s);

	snprintf(s.isakmp_profile, CRYPTO_NAME_MAX, "%s", argv[2]);
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_set_isaprof, "no set isakmp-profile [WORD]",
    NO_STR SET_HELP ISAPROF_HELP "Name\n")
{
	CUR_SETTER(s);

	s.isakmp_profile[0] = '\0';
	entry_changed(vty);
	return CMD_SUCCESS;
}

/* ==== IPsec profiles ======================================================== */

#define IPROF_HELP CRYPTO_STR IPSEC_HELP "Configure an ipsec policy profile\n" \
	"Profile name\n"

DEFUN(ipsec_profile, "crypto ipsec profile WORD", IPROF_HELP)
{
	CUR_STATE(st);
	struct ipsec_profile *p = ipsec_profile_get(r, argv[3]);

	vty_set_node(vty, IPSEC_PROFILE_NODE);
	vty_set_context(vty, p->name);
	return CMD_SUCCESS;
}

DEFUN(no_ipsec_profile, "no crypto ipsec profile WORD", NO_STR IPROF_HELP)
{
	CUR_STATE(st);

	ipsec_profile_delete(r, argv[4]);
	return CMD_SUCCESS;
}

/* ==== crypto maps ========================================================== */

#define CMAP_HELP CRYPTO_STR MAP_HELP "Crypto map tag\n"

/* `gdoi` entries are GETVPN group member entries (gdoi/ installs `set
 * group` and fail-close); an entry keeps the type it was created with. */
DEFUN(crypto_map, "crypto map WORD (1-65535) [(ipsec-isakmp|gdoi)]",
    CMAP_HELP
    "Sequence to insert into crypto map entry\n"
    "IPSEC w/ISAKMP\n"
    "GDOI\n")
{
	CUR_STATE(st);
	struct crypto_map_entry *e;
	bool	 created;
	int	 seq = atoi(argv[3]);
	int	 type = CMAP_IPSEC_ISAKMP;

	if (argc > 4 && strcmp(argv[4], "gdoi") == 0)
		type = CMAP_GDOI;
	e = ipsec_map_entry_find(ipsec_map_find(r, argv[2]), seq);
	if (e != NULL && argc > 4 && e->type != type) {
		vty_out(vty, "%% Invalid crypto map type for existing entry\n");
		return CMD_WARNING;
	}
	e = ipsec_map_entry_get(r, argv[2], seq, &created);
	if (created)
		e->type = type;
	if (created && !r->config_loading) {
		if (type == CMAP_GDOI)
			vty_out(vty, "%% NOTE: This new crypto map will remain "
			    "disabled until a valid\n        group has been "
			    "configured.\n");
		else
			vty_out(vty, "%% NOTE: This new crypto map will remain "
			    "disabled until a peer\n        and a valid access "
			    "list have been configured.\n");
	}
	vty_set_node(vty, CRYPTO_MAP_NODE);
	vty_set_context(vty, argv[2]);
	vty_set_context_num(vty, seq);
	return CMD_SUCCESS;
}

DEFUN(no_crypto_map, "no crypto map WORD [(1-65535)] [(ipsec-isakmp|gdoi)]",
    NO_STR CMAP_HELP
    "Sequence to insert into crypto map entry\n"
    "IPSEC w/ISAKMP\n"
    "GDOI\n")
{
	CUR_STATE(st);

	if (argc > 4)
		ipsec_map_entry_delete(r, argv[3], atoi(argv[4]));
	else
		ipsec_map_delete(r, argv[3]);
	return CMD_SUCCESS;
}

#define LOCADDR_HELP							\
	"Interface to use for local address for this crypto map\n"	\
	"interface\n"

DEFUN(crypto_map_local, "crypto map WORD local-address IFNAME",
    CMAP_HELP LOCADDR_HELP)
{
	CUR_STATE(st);
	struct ifname in;
	struct crypto_map *m;

	/* By name: a config names it before its interface block. */
	if (ifname_parse(argv[4], &in) < 0)
		return cli_error_at(vty, 4);
	m = ipsec_map_get(r, argv[2]);
	snprintf(m->local_if, sizeof(m->local_if), "%s%s",
	    iface_type_name(in.type), in.unit);
	return CMD_SUCCESS;
}

DEFUN(no_crypto_map_local, "no crypto map WORD local-address [IFNAME]",
    NO_STR CMAP_HELP LOCADDR_HELP)
{
	CUR_STATE(st);
	struct crypto_map *m = ipsec_map_find(r, argv[3]);

	if (m != NULL) {
		m->local_if[0] = '\0';
		if (m->n_ents == 0 && !m->gdoi_fc)
			ipsec_map_delete(r, m->name);
	}
	return CMD_SUCCESS;
}

static struct crypto_map_entry *
cur_entry(struct vty *vty)
{
	struct router *r = vty_router(vty);

	return ipsec_map_entry_find(ipsec_map_find(r, vty_context(vty)),
	    vty_context_num(vty));
}

#define CUR_ENTRY(e)							\
	struct crypto_map_entry *e = cur_entry(vty);			\
	if (e == NULL)							\
		return CMD_WARNING

#define PEER_HELP SET_HELP "Allowed Encryption/Decryption peer\n" \
	"IP address of peer\n"

DEFUN(map_set_peer, "set peer A.B.C.D [default]",
    PEER_HELP "Set this peer as the default peer\n")
{
	CUR_ENTRY(e);
	uint32_t a;
	int	 i;

	if (!parse_addr(argv[2], &a))
		return cli_error_at(vty, 2);
	for (i = 0; i < e->n_peers; i++)
		if (e->peers[i] == a)
			break;
	if (i == e->n_peers) {
		if (e->n_peers == CRYPTO_MAP_MAX_PEERS) {
			vty_out(vty, "%% Too many peers\n");
			return CMD_WARNING;
		}
		e->peers[e->n_peers++] = a;
	}
	if (argc > 3 && i > 0) {
		/* default: this peer first */
		memmove(&e->peers[1], &e->peers[0], (size_t)i *
		    sizeof(e->peers[0]));
		e->peers[0] = a;
	}
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_map_set_peer, "no set peer A.B.C.D [default]",
    NO_STR PEER_HELP "Set this peer as the default peer\n")
{
	CUR_ENTRY(e);
	uint32_t a;

	if (!parse_addr(argv[3], &a))
		return cli_error_at(vty, 3);
	for (int i = 0; i < e->n_peers; i++)
		if (e->peers[i] == a) {
			memmove(&e->peers[i], &e->peers[i + 1],
			    (size_t)(e->n_peers - i - 1) * sizeof(e->peers[0]));
			e->n_peers--;
			if (e->cur_peer >= e->n_peers)
				e->cur_peer = 0;
			break;
		}
	entry_changed(vty);
	return CMD_SUCCESS;
}

#define MATCHADDR_HELP							\
	"Match values.\n"						\
	"Match address of packets to encrypt.\n"			\
	"IP access-list number\n"					\
	"IP access-list number (expanded range)\n"			\
	"Access-list name\n"

DEFUN(map_match, "match address (100-199|2000-2699|WORD)", MATCHADDR_HELP)
{
	CUR_ENTRY(e);

	snprintf(e->acl, sizeof(e->acl), "%s", argv[2]);
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_map_match, "no match address [(100-199|2000-2699|WORD)]",
    NO_STR MATCHADDR_HELP)
{
	CUR_ENTRY(e);

	e->acl[0] = '\0';
	entry_changed(vty);
	return CMD_SUCCESS;
}

#define RRI_HELP							\
	"Reverse Route Injection.\n"					\
	"Creates routes based on crypto ACL and peer\n"

DEFUN(map_rri, "reverse-route [static]", RRI_HELP)
{
	CUR_ENTRY(e);

	e->rri = true;
	e->rri_static = argc > 1;
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(no_map_rri, "no reverse-route [static]", NO_STR RRI_HELP)
{
	CUR_ENTRY(e);

	e->rri = e->rri_static = false;
	entry_changed(vty);
	return CMD_SUCCESS;
}

DEFUN(map_desc, "description LINE",
    "Description of the crypto map statement policy\n"
    "Up to 80 characters describing this crypto map\n")
{
	CUR_ENTRY(e);

	free(e->description);
	e->description = strdup(argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_map_desc, "no description [LINE]",
    NO_STR
    "Description of the crypto map statement policy\n"
    "Up to 80 characters describing this crypto map\n")
{
	CUR_ENTRY(e);

	free(e->description);
	e->description = NULL;
	return CMD_SUCCESS;
}

/* ==== interfaces ============================================================ */

DEFUN(if_crypto_map, "crypto map WORD",
    "Encryption/Decryption commands\n" "Assign a Crypto Map\n"
    "Crypto Map tag\n")
{
	struct iface *ifp = router_find_iface(vty_router(vty),
	    vty_context(vty));

	if (ifp == NULL || vty_router(vty)->ipsec == NULL)
		return CMD_WARNING;
	ipsec_iface_set_map(ifp, argv[2]);
	return CMD_SUCCESS;
}

DEFUN(no_if_crypto_map, "no crypto map [WORD]",
    NO_STR "Encryption/Decryption commands\n" "Assign a Crypto Map\n"
    "Crypto Map tag\n")
{
	struct iface *ifp = router_find_iface(vty_router(vty),
	    vty_context(vty));

	if (ifp == NULL || vty_router(vty)->ipsec == NULL)
		return CMD_WARNING;
	ipsec_iface_clear_map(ifp);
	return CMD_SUCCESS;
}

/* ==== ip domain name ======================================================== */

#define DOMAIN_HELP IP_CFG_STR "IP DNS Resolver\n" \
	"Define the default domain name\n" "Default domain name\n"
#define DOMAIN2_HELP IP_CFG_STR "Define the default domain name\n" \
	"Default domain name\n"

DEFUN(ip_domain_name, "ip domain name WORD", DOMAIN_HELP)
{
	CUR_STATE(st);

	snprintf(st->domain_name, sizeof(st->domain_name), "%s", argv[3]);
	return CMD_SUCCESS;
}

DEFUN(ip_domain_name2, "ip domain-name WORD", DOMAIN2_HELP)
{
	CUR_STATE(st);

	snprintf(st->domain_name, sizeof(st->domain_name), "%s", argv[2]);
	return CMD_SUCCESS;
}

DEFUN(no_ip_domain_name, "no ip domain name [WORD]", NO_STR DOMAIN_HELP)
{
	CUR_STATE(st);

	st->domain_name[0] = '\0';
	return CMD_SUCCESS;
}

DEFUN(no_ip_domain_name2, "no ip domain-name [WORD]", NO_STR DOMAIN2_HELP)
{
	CUR_STATE(st);

	st->domain_name[0] = '\0';
	return CMD_SUCCESS;
}

/* ==== running-config ======================================================== */

/* "address A" / "address A M"; IOS shows a 0.0.0.0/0 key padded. */
static void
wr_key_addr(struct strbuf *sb, uint32_t a, uint32_t m)
{
	char	 b1[16], b2[16];

	if (m == 0xffffffffu)
		sb_printf(sb, "address %s", ntoa(a, b1));
	else if (a == 0 && m == 0)
		sb_printf(sb, "address %-15s", ntoa(a, b1));
	else
		sb_printf(sb, "address %s %s", ntoa(a, b1), ntoa(m, b2));
}

static void
wr_keyrings(struct vty *vty, struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;
	char	 b1[16], b2[16];

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_keyrings; i++) {
		struct keyring *k = st->keyrings[i];

		sb_printf(&sb, "crypto keyring %s  \n", k->name);
		if (k->description != NULL)
			sb_printf(&sb, "  description %s\n", k->description);
		for (int j = 0; j < k->n_psks; j++) {
			const struct psk *p = &k->psks[j];

			if (p->mask == 0xffffffffu)
				sb_printf(&sb, "  pre-shared-key address %s "
				    "key %s\n", ntoa(p->addr, b1), p->key);
			else
				sb_printf(&sb, "  pre-shared-key address %s %s "
				    "key %s\n", ntoa(p->addr, b1),
				    ntoa(p->mask, b2), p->key);
		}
		sb_puts(&sb, "!\n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

void
crypto_write_isakmp(struct router *r, struct strbuf *sb)
{
	struct ipsec_state *st = ipsec_state(r);
	const struct isakmp_policy *d = ipsec_default_suite();
	char	 b1[16], b2[16];
	int	 i, j;

	for (i = 0; i < st->n_policies; i++) {
		const struct isakmp_policy *p = &st->policies[i];

		sb_printf(sb, "crypto isakmp policy %d\n", p->priority);
		if (p->encr == OAKLEY_ENCR_3DES)
			sb_puts(sb, " encr 3des\n");
		else if (p->encr == OAKLEY_ENCR_AES && p->keylen != 128)
			sb_printf(sb, " encr aes %u\n", p->keylen);
		else if (p->encr == OAKLEY_ENCR_AES)
			sb_puts(sb, " encr aes\n");
		if (p->hash != d->hash)
			sb_printf(sb, " hash %s\n", p->hash == OAKLEY_HASH_MD5 ?
			    "md5" : p->hash == OAKLEY_HASH_SHA256 ? "sha256" :
			    p->hash == OAKLEY_HASH_SHA384 ? "sha384" : "sha512");
		if (p->auth != d->auth)
			sb_printf(sb, " authentication %s\n",
			    p->auth == OAKLEY_AUTH_PSK ? "pre-share" : "rsa-encr");
		if (p->group != d->group)
			sb_printf(sb, " group %u\n", p->group);
		if (p->lifetime != d->lifetime)
			sb_printf(sb, " lifetime %u\n", p->lifetime);
	}
	for (i = 0; i < st->n_keys; i++) {
		sb_printf(sb, "crypto isakmp key %s ", st->keys[i].key);
		wr_key_addr(sb, st->keys[i].addr, st->keys[i].mask);
		sb_printf(sb, "%s\n", st->keys[i].no_xauth ? " no-xauth" : "");
	}
	if (st->identity == IDENT_HOSTNAME)
		sb_puts(sb, "crypto isakmp identity hostname\n");
	else if (st->identity == IDENT_DN)
		sb_puts(sb, "crypto isakmp identity dn\n");
	if (st->keepalive != 0) {
		sb_printf(sb, "crypto isakmp keepalive %d", st->keepalive);
		if (st->keepalive_retry != 2)
			sb_printf(sb, " %d", st->keepalive_retry);
		sb_printf(sb, "%s\n", st->keepalive_periodic ? " periodic" : "");
	}
	if (st->nat_keepalive != 0)
		sb_printf(sb, "crypto isakmp nat keepalive %d\n",
		    st->nat_keepalive);
	if (st->aggressive_disable)
		sb_puts(sb, "crypto isakmp aggressive-mode disable\n");
	if (!st->nat_traversal)
		sb_puts(sb, "no crypto isakmp nat-traversal\n");
	if (!st->default_policies)
		sb_puts(sb, "no crypto isakmp default policy\n");
	for (i = 0; i < st->n_profiles; i++) {
		const struct isakmp_profile *p = st->profiles[i];

		sb_printf(sb, "crypto isakmp profile %s\n", p->name);
		if (p->keyring[0] != '\0')
			sb_printf(sb, "   keyring %s\n", p->keyring);
		if (p->self_identity == IDENT_ADDRESS)
			sb_puts(sb, "   self-identity address\n");
		else if (p->self_identity == IDENT_HOSTNAME)
			sb_puts(sb, "   self-identity fqdn\n");
		for (j = 0; j < p->n_match; j++)
			sb_printf(sb, "   match identity address %s %s \n",
			    ntoa(p->match[j].addr, b1),
			    ntoa(p->match[j].mask, b2));
	}
}

static void
wr_isakmp(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	if (ipsec_state(r) == NULL)
		return;
	crypto_write_isakmp(r, &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void
wr_ipsec_globals(struct vty *vty, struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);

	if (st == NULL)
		return;
	if (st->sa_life_sec != CRYPTO_DEFAULT_LIFE_SEC)
		vty_out(vty, "crypto ipsec security-association lifetime "
		    "seconds %u\n", st->sa_life_sec);
	if (st->sa_life_kb != CRYPTO_DEFAULT_LIFE_KB)
		vty_out(vty, "crypto ipsec security-association lifetime "
		    "kilobytes %u\n", st->sa_life_kb);
	if (st->replay_window != CRYPTO_DEFAULT_WINDOW)
		vty_out(vty, "crypto ipsec security-association replay "
		    "window-size %d\n", st->replay_window);
	if (st->replay_disable)
		vty_out(vty, "crypto ipsec security-association replay "
		    "disable\n");
}

static void
wr_transform_sets(struct vty *vty, struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_ts; i++) {
		sb_printf(&sb, "crypto ipsec transform-set %s ", st->ts[i]->name);
		ipsec_ts_transforms_text(st->ts[i], false, &sb);
		sb_printf(&sb, " \n mode %s\n",
		    st->ts[i]->mode == IPSEC_ENCAP_TRANSPORT ? "transport" :
		    "tunnel");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

/* The `set` lines shared by IPsec profiles and map entries, IOS order. */
static void
wr_set_lines(struct strbuf *sb, uint32_t life_sec, uint32_t life_kb,
    char (*ts)[CRYPTO_NAME_MAX], int n_ts, int pfs, const char *isaprof)
{
	if (life_sec != 0)
		sb_printf(sb, " set security-association lifetime seconds %u\n",
		    life_sec);
	if (life_kb != 0)
		sb_printf(sb, " set security-association lifetime kilobytes "
		    "%u\n", life_kb);
	if (n_ts > 0) {
		sb_puts(sb, " set transform-set");
		for (int i = 0; i < n_ts; i++)
			sb_printf(sb, " %s", ts[i]);
		sb_puts(sb, " \n");
	}
	if (pfs != 0)
		sb_printf(sb, " set pfs group%d\n", pfs);
	if (isaprof[0] != '\0')
		sb_printf(sb, " set isakmp-profile %s\n", isaprof);
}

static void
wr_ipsec_profiles(struct vty *vty, struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_ipsec_profiles; i++) {
		struct ipsec_profile *p = st->ipsec_profiles[i];

		sb_printf(&sb, "crypto ipsec profile %s\n", p->name);
		wr_set_lines(&sb, p->life_sec, p->life_kb, p->ts, p->n_ts,
		    p->pfs, p->isakmp_profile);
		sb_puts(&sb, "!\n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void
wr_maps(struct vty *vty, struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;
	char	 b1[16];

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_maps; i++) {
		struct crypto_map *m = st->maps[i];

		if (m->local_if[0] != '\0')
			sb_printf(&sb, "crypto map %s local-address %s\n",
			    m->name, m->local_if);
		/* GETVPN (gdoi/): fail-close before the entries (seed 003
		 * "Example Fail-Close Mode"). */
		if (m->gdoi_fc) {
			sb_printf(&sb, "crypto map %s gdoi fail-close\n",
			    m->name);
			if (m->gdoi_fc_acl[0] != '\0')
				sb_printf(&sb, " match address %s\n",
				    m->gdoi_fc_acl);
			if (m->gdoi_fc_activate)
				sb_puts(&sb, " activate\n");
		}
		for (int j = 0; j < m->n_ents; j++) {
			struct crypto_map_entry *e = m->ents[j];

			if (e->type == CMAP_GDOI) {
				/* GETVPN member entry: set group, GM ACL. */
				sb_printf(&sb, "crypto map %s %d gdoi \n",
				    m->name, e->seq);
				if (e->description != NULL)
					sb_printf(&sb, " description %s\n",
					    e->description);
				if (e->gdoi_group[0] != '\0')
					sb_printf(&sb, " set group %s\n",
					    e->gdoi_group);
				if (e->acl[0] != '\0')
					sb_printf(&sb, " match address %s\n",
					    e->acl);
				continue;
			}
			sb_printf(&sb, "crypto map %s %d ipsec-isakmp \n",
			    m->name, e->seq);
			if (e->description != NULL)
				sb_printf(&sb, " description %s\n",
				    e->description);
			for (int k = 0; k < e->n_peers; k++)
				sb_printf(&sb, " set peer %s\n",
				    ntoa(e->peers[k], b1));
			wr_set_lines(&sb, e->life_sec, e->life_kb, e->ts,
			    e->n_ts, e->pfs, e->isakmp_profile);
			if (e->acl[0] != '\0')
				sb_printf(&sb, " match address %s\n", e->acl);
			if (e->rri)
				sb_printf(&sb, " reverse-route%s\n",
				    e->rri_static ? " static" : "");
		}
	}
	if (sb.len > 0)
		sb_puts(&sb, "!\n");
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void
wr_domain(struct vty *vty, struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);

	if (st != NULL && st->domain_name[0] != '\0')
		vty_out(vty, "ip domain name %s\n", st->domain_name);
}

static void
wr_iface(struct vty *vty, struct iface *ifp)
{
	const struct crypto_map_binding *b = ifp->crypto_map;

	if (b != NULL && ifp->r != NULL && ifp->r->ipsec != NULL)
		vty_out(vty, " crypto map %s\n", b->map);
}

/* ==== install ============================================================== */

/* Generated commands (the transform-set grammar); rebuilt on each init. */
static struct cmd ts_cmd;

static void
g_tok(struct strbuf *spec, struct strbuf *help, const char *tok,
    const char *h)
{
	sb_puts(spec, tok);
	sb_printf(help, "%s\n", h);
}

/* One transform slot: "(ah-md5-hmac|...|esp-aes [(128|192|256)]|...)". */
static void
g_transform(struct strbuf *spec, struct strbuf *help)
{
	sb_puts(spec, "(");
	for (int i = 0; i < N_TRANSFORMS; i++) {
		if (i > 0)
			sb_puts(spec, "|");
		g_tok(spec, help, transforms[i].word, transforms[i].help);
		if (transforms[i].keysize) {
			sb_puts(spec, " [(");
			g_tok(spec, help, "128", "128 bit keys.");
			sb_puts(spec, "|");
			g_tok(spec, help, "192", "192 bit keys.");
			sb_puts(spec, "|");
			g_tok(spec, help, "256", "256 bit keys.");
			sb_puts(spec, ")]");
		}
	}
	sb_puts(spec, ")");
}

static void
install_ts_cmd(void)
{
	struct strbuf spec = STRBUF_INIT, help = STRBUF_INIT;
	int	 i;

	free((char *)ts_cmd.spec);
	free((char *)ts_cmd.help);
	memset(&ts_cmd, 0, sizeof(ts_cmd));
	g_tok(&spec, &help, "crypto", "Encryption module");
	sb_puts(&spec, " ");
	g_tok(&spec, &help, "ipsec", "Configure IPSEC policy");
	sb_puts(&spec, " ");
	g_tok(&spec, &help, "transform-set", "Define transform and settings");
	sb_puts(&spec, " ");
	g_tok(&spec, &help, "WORD", "Transform set tag");
	sb_puts(&spec, " ");
	g_transform(&spec, &help);
	/* Up to three more: [T [T [T]]] */
	for (i = 0; i < 3; i++) {
		sb_puts(&spec, " [");
		g_transform(&spec, &help);
	}
	sb_puts(&spec, "]]]");
	ts_cmd.spec = sb_steal(&spec);
	ts_cmd.help = sb_steal(&help);
	ts_cmd.fn = ts_command;
	cli_install(CONFIG_NODE, &ts_cmd);
}

static const struct cli_node nodes[] = {
	{ ISAKMP_POLICY_NODE, "%s(config-isakmp)#", CONFIG_NODE, NULL },
	{ KEYRING_NODE, "%s(conf-keyring)#", CONFIG_NODE, NULL },
	{ ISAKMP_PROFILE_NODE, "%s(conf-isa-prof)#", CONFIG_NODE, NULL },
	{ TRANSFORM_NODE, "%s(cfg-crypto-trans)#", CONFIG_NODE, NULL },
	{ IPSEC_PROFILE_NODE, "%s(ipsec-profile)#", CONFIG_NODE, NULL },
	{ CRYPTO_MAP_NODE, "%s(config-crypto-map)#", CONFIG_NODE, NULL },
};

void
ipsec_cli_init(void)
{
	static struct cmd *const config_cmds[] = {
		&isakmp_policy_cmd, &no_isakmp_policy_cmd,
		&isakmp_key_cmd, &no_isakmp_key_cmd,
		&isakmp_identity_cmd, &no_isakmp_identity_cmd,
		&isakmp_keepalive_cmd, &no_isakmp_keepalive_cmd,
		&isakmp_aggr_cmd, &no_isakmp_aggr_cmd,
		&isakmp_nat_keepalive_cmd, &no_isakmp_nat_keepalive_cmd,
		&isakmp_natt_cmd, &no_isakmp_natt_cmd,
		&isakmp_default_policy_cmd, &no_isakmp_default_policy_cmd,
		&keyring_cmd, &no_keyring_cmd,
		&isa_profile_cmd, &no_isa_profile_cmd,
		&no_ts_cmd,
		&sa_lifetime_cmd, &no_sa_lifetime_cmd,
		&sa_window_cmd, &sa_window_short_cmd, &no_sa_window_cmd,
		&sa_replay_disable_cmd, &no_sa_replay_disable_cmd,
		&ipsec_profile_cmd, &no_ipsec_profile_cmd,
		&crypto_map_cmd, &no_crypto_map_cmd,
		&crypto_map_local_cmd, &no_crypto_map_local_cmd,
		&ip_domain_name_cmd, &ip_domain_name2_cmd,
		&no_ip_domain_name_cmd, &no_ip_domain_name2_cmd,
	};
	static struct cmd *const policy_cmds[] = {
		&pol_encr_cmd, &no_pol_encr_cmd, &pol_hash_cmd,
		&no_pol_hash_cmd, &pol_auth_cmd, &no_pol_auth_cmd,
		&pol_group_cmd, &no_pol_group_cmd, &pol_lifetime_cmd,
		&no_pol_lifetime_cmd,
	};
	static struct cmd *const set_cmds[] = {
		&set_ts_cmd, &no_set_ts_cmd, &set_life_cmd, &no_set_life_cmd,
		&set_pfs_cmd, &no_set_pfs_cmd, &set_isaprof_cmd,
		&no_set_isaprof_cmd,
	};
	static struct cmd *const map_cmds[] = {
		&map_set_peer_cmd, &no_map_set_peer_cmd, &map_match_cmd,
		&no_map_match_cmd, &map_rri_cmd, &no_map_rri_cmd,
		&map_desc_cmd, &no_map_desc_cmd,
	};
	size_t	 i;

	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		cli_install_node(&nodes[i]);
	for (i = 0; i < sizeof(config_cmds) / sizeof(config_cmds[0]); i++)
		cli_install(CONFIG_NODE, config_cmds[i]);
	install_ts_cmd();
	for (i = 0; i < sizeof(policy_cmds) / sizeof(policy_cmds[0]); i++)
		cli_install(ISAKMP_POLICY_NODE, policy_cmds[i]);
	cli_install(KEYRING_NODE, &kr_psk_cmd);
	cli_install(KEYRING_NODE, &no_kr_psk_cmd);
	cli_install(KEYRING_NODE, &kr_desc_cmd);
	cli_install(KEYRING_NODE, &no_kr_desc_cmd);
	cli_install(ISAKMP_PROFILE_NODE, &prof_keyring_cmd);
	cli_install(ISAKMP_PROFILE_NODE, &no_prof_keyring_cmd);
	cli_install(ISAKMP_PROFILE_NODE, &prof_match_cmd);
	cli_install(ISAKMP_PROFILE_NODE, &no_prof_match_cmd);
	cli_install(ISAKMP_PROFILE_NODE, &prof_selfid_cmd);
	cli_install(ISAKMP_PROFILE_NODE, &no_prof_selfid_cmd);
	cli_install(TRANSFORM_NODE, &ts_mode_cmd);
	cli_install(TRANSFORM_NODE, &no_ts_mode_cmd);
	for (i = 0; i < sizeof(set_cmds) / sizeof(set_cmds[0]); i++) {
		cli_install(IPSEC_PROFILE_NODE, set_cmds[i]);
		cli_install(CRYPTO_MAP_NODE, set_cmds[i]);
	}
	for (i = 0; i < sizeof(map_cmds) / sizeof(map_cmds[0]); i++)
		cli_install(CRYPTO_MAP_NODE, map_cmds[i]);
	cli_install(INTERFACE_NODE, &if_crypto_map_cmd);
	cli_install(INTERFACE_NODE, &no_if_crypto_map_cmd);

	crypto_show_cli_init();
	crypto_key_cli_init();
	pki_cli_init();		/* pki_cli.c: trustpoints, lab CA */
	ike_cli_init();
	dp_cli_init();

	cli_install_config_writer(RC_ORDER_IP_GLOBAL - 10, wr_domain);
	cli_install_config_writer(RC_ORDER_CRYPTO, wr_keyrings);
	cli_install_config_writer(RC_ORDER_CRYPTO + 1, wr_isakmp);
	cli_install_config_writer(RC_ORDER_CRYPTO + 2, wr_ipsec_globals);
	cli_install_config_writer(RC_ORDER_CRYPTO + 3, wr_transform_sets);
	cli_install_config_writer(RC_ORDER_CRYPTO + 4, wr_ipsec_profiles);
	cli_install_config_writer(RC_ORDER_CRYPTO + 5, wr_maps);
	cli_install_iface_config_writer(IFCFG_ORDER_CRYPTO, wr_iface);
}
