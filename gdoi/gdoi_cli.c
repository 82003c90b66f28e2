/* GETVPN configuration commands (issue 5 "Configuration"): `crypto gdoi
 * group` and its key server (`server local`, `sa ipsec`, `redundancy`)
 * and group member lines, `set group` in GDOI crypto map entries, `crypto
 * map NAME gdoi fail-close`, the exec commands `crypto gdoi gm ... ipsec
 * direction` and `clear crypto gdoi`, the configuration-only shows (`show
 * crypto gdoi ks acl`, `show crypto map gdoi fail-close`) and the
 * running-config writer.  Syntax and line order: seed 003's KS and GM
 * configurations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "gdoi.h"
#include "gdoi_cfg.h"
#include "gdoi_debug.h"
#include "gdoi_proto.h"
#include "gdoi_codec.h"
#include "ipv4.h"
#include "log.h"
#include "router.h"
#include "strbuf.h"

#define GDOI_HELP	"Configure GDOI policy\n"
#define GROUP_HELP	"Configure a GDOI Group\n"
#define IPV4_HELP	"IPv4 information\n"
#define ACL_ALTS	"(100-199|2000-2699|WORD)"
#define ACL_HELP	"IP access-list number\n" \
			"IP access-list number (expanded range)\n" \
			"Access-list name\n"

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* The group of the current mode (group, server, sa, coop). */
static struct gdoi_group *
cur_group(struct vty *vty)
{
	return gdoi_group_find(vty_router(vty),
	    vty_context_of(vty, GDOI_GROUP_NODE));
}

#define CUR_GROUP(g)							\
	struct router *r = vty_router(vty);				\
	struct gdoi_group *g = cur_group(vty);				\
	if (g == NULL)							\
		return CMD_WARNING

#define CUR_KS(g, ks)							\
	CUR_GROUP(g);							\
	struct gdoi_ks_cfg *ks = g->ks;					\
	if (ks == NULL)							\
		return CMD_WARNING

#define CUR_SA(g, ks, sa)						\
	CUR_KS(g, ks);							\
	struct gdoi_sa_ipsec *sa = gdoi_sa_find(ks,			\
	    vty_context_num_of(vty, GDOI_SA_NODE));			\
	if (sa == NULL)							\
		return CMD_WARNING

/* ==== crypto gdoi group ================================================== */

DEFUN(gdoi_group, "crypto gdoi group WORD",
    CRYPTO_STR GDOI_HELP GROUP_HELP "Group Name\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_group *g = gdoi_group_get(r, argv[3], NULL);

	if (g == NULL)
		return CMD_WARNING;
	gdoi_gm_cm_sync(r);	/* a map may name it already */
	vty_set_node(vty, GDOI_GROUP_NODE);
	vty_set_context(vty, g->name);
	return CMD_SUCCESS;
}

/* Table 3 KS_GROUP_ADD / KS_GROUP_DELETE: `server local` added to or
 * removed from a group (with the group).  The seeds list the mnemonics
 * only; wording after the table ("A configuration command has been
 * executed to add a key server in a group") in the "Config: KS ..."
 * form of KS_CLEAR_REGISTER: vpnsim's. */
static void
log_ks_group(struct router *r, const struct gdoi_group *g, bool add)
{
	rlog(r, SEV_NOTICE, "GDOI", add ? "KS_GROUP_ADD" : "KS_GROUP_DELETE",
	    "Config: KS %s the group %s.", add ? "added to" : "removed from",
	    g->name);
}

DEFUN(no_gdoi_group, "no crypto gdoi group WORD",
    NO_STR CRYPTO_STR GDOI_HELP GROUP_HELP "Group Name\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_group *g = gdoi_group_find(r, argv[4]);

	if (g != NULL && g->ks != NULL)
		log_ks_group(r, g, false);
	gdoi_group_delete(r, argv[4]);
	gdoi_gm_cm_sync(r);	/* a member detaches and leaves */
	return CMD_SUCCESS;
}

#define IDENT_HELP	"Set the identity of the group\n"
#define NUM_HELP	"Set the identity as a number\n" "Group number\n"
#define IDADDR_HELP	"Set the identity as an address\n" IPV4_HELP \
			"Group address\n"

DEFUN(identity_num, "identity number (0-4294967295)", IDENT_HELP NUM_HELP)
{
	CUR_GROUP(g);

	(void)r;
	g->ident = GDOI_IDENT_NUMBER;
	g->ident_value = (uint32_t)strtoul(argv[2], NULL, 10);
	return CMD_SUCCESS;
}

DEFUN(identity_addr, "identity address ipv4 A.B.C.D", IDENT_HELP IDADDR_HELP)
{
	CUR_GROUP(g);
	uint32_t a;

	(void)r;
	if (!ip_aton(argv[3], &a))
		return cli_error_at(vty, 3);
	g->ident = GDOI_IDENT_ADDRESS;
	g->ident_value = a;
	return CMD_SUCCESS;
}

DEFUN(no_identity,
    "no identity [(number (0-4294967295)|address ipv4 A.B.C.D)]",
    NO_STR IDENT_HELP NUM_HELP IDADDR_HELP)
{
	CUR_GROUP(g);

	(void)r;
	g->ident = GDOI_IDENT_NONE;
	g->ident_value = 0;
	return CMD_SUCCESS;
}

#define SERVER_HELP	"Configure a GDOI server\n"

DEFUN(server_local, "server local", SERVER_HELP "Local GDOI server\n")
{
	CUR_GROUP(g);

	if (g->ks == NULL) {
		gdoi_ks_get(g);
		log_ks_group(r, g, true);
		gdoi_gm_cm_sync(r);	/* no longer a member */
	}
	vty_set_node(vty, GDOI_SERVER_NODE);
	return CMD_SUCCESS;
}

DEFUN(no_server_local, "no server local",
    NO_STR SERVER_HELP "Local GDOI server\n")
{
	CUR_GROUP(g);

	if (g->ks != NULL)
		log_ks_group(r, g, false);
	gdoi_ks_delete(g);
	g->pending = 0;
	gdoi_gm_cm_sync(r);
	return CMD_SUCCESS;
}

#define SRVADDR_HELP	SERVER_HELP "Set GDOI server address\n" IPV4_HELP \
			"GDOI server IPv4 address\n"

DEFUN(server_addr, "server address ipv4 A.B.C.D", SRVADDR_HELP)
{
	CUR_GROUP(g);
	uint32_t a;

	(void)r;
	if (!ip_aton(argv[3], &a))
		return cli_error_at(vty, 3);
	if (!gdoi_server_add(g, a)) {
		vty_out(vty, "%% A maximum of %d key servers may be "
		    "configured\n", GDOI_MAX_SERVERS);
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

DEFUN(no_server_addr, "no server address ipv4 A.B.C.D", NO_STR SRVADDR_HELP)
{
	CUR_GROUP(g);
	uint32_t a;

	(void)r;
	if (!ip_aton(argv[4], &a))
		return cli_error_at(vty, 4);
	gdoi_server_del(g, a);
	return CMD_SUCCESS;
}

#define PASSIVE_HELP	"Set the group member to passive mode\n"

DEFUN(gm_passive, "passive", PASSIVE_HELP)
{
	CUR_GROUP(g);

	(void)r;
	g->passive = true;
	return CMD_SUCCESS;
}

DEFUN(no_gm_passive, "no passive", NO_STR PASSIVE_HELP)
{
	CUR_GROUP(g);

	(void)r;
	g->passive = false;
	return CMD_SUCCESS;
}

#define CLIENT_HELP	"Configure group member policy\n"
#define CREKEY_HELP	CLIENT_HELP "Allowable rekey policy\n"
#define CENC_HELP	"Allowable rekey ciphers\n"
#define CIPHER_HELP	"DES\n" "Triple DES\n" "AES\n" "128 bit keys.\n" \
			"192 bit keys.\n" "256 bit keys.\n"
#define CHASH_HELP	"Allowable rekey hashes\n"
#define HASHES_HELP	"Secure Hash Standard\n" \
			"Secure Hash Standard 2 (256 bit)\n" \
			"Secure Hash Standard 2 (384 bit)\n" \
			"Secure Hash Standard 2 (512 bit)\n"

DEFUN(client_enc,
    "client rekey encryption {des|3des|aes [(128|192|256)]}",
    CREKEY_HELP CENC_HELP CIPHER_HELP)
{
	CUR_GROUP(g);
	uint8_t	 v[GDOI_MAX_CLIENT_ALGS];
	int	 n = 0;

	(void)r;
	for (int i = 3; i < argc; i++) {
		uint8_t c;

		if (strcmp(argv[i], "des") == 0)
			c = GDOI_CC_DES;
		else if (strcmp(argv[i], "3des") == 0)
			c = GDOI_CC_3DES;
		else if (strcmp(argv[i], "aes") == 0) {
			c = GDOI_CC_AES128;
			if (i + 1 < argc && strcmp(argv[i + 1], "192") == 0)
				c = GDOI_CC_AES192;
			else if (i + 1 < argc &&
			    strcmp(argv[i + 1], "256") == 0)
				c = GDOI_CC_AES256;
			if (i + 1 < argc && argv[i + 1][0] >= '0' &&
			    argv[i + 1][0] <= '9')
				i++;
		} else
			continue;
		if (n < GDOI_MAX_CLIENT_ALGS && memchr(v, c, (size_t)n) == NULL)
			v[n++] = c;
	}
	if (n == 0)
		return CMD_ERR_INCOMPLETE;
	memcpy(g->client_ciphers, v, (size_t)n);
	g->n_client_ciphers = n;
	return CMD_SUCCESS;
}

DEFUN(no_client_enc, "no client rekey encryption [LINE]",
    NO_STR CREKEY_HELP CENC_HELP "Ciphers\n")
{
	CUR_GROUP(g);

	(void)r;
	g->n_client_ciphers = 0;
	return CMD_SUCCESS;
}

DEFUN(client_hash, "client rekey hash {sha|sha256|sha384|sha512}",
    CREKEY_HELP CHASH_HELP HASHES_HELP)
{
	CUR_GROUP(g);
	uint8_t	 v[GDOI_MAX_CLIENT_ALGS];
	int	 n = 0;

	(void)r;
	for (int i = 3; i < argc; i++) {
		uint8_t h = strcmp(argv[i], "sha") == 0 ? GDOI_CH_SHA :
		    strcmp(argv[i], "sha256") == 0 ? GDOI_CH_SHA256 :
		    strcmp(argv[i], "sha384") == 0 ? GDOI_CH_SHA384 :
		    GDOI_CH_SHA512;

		if (n < GDOI_MAX_CLIENT_ALGS && memchr(v, h, (size_t)n) == NULL)
			v[n++] = h;
	}
	if (n == 0)
		return CMD_ERR_INCOMPLETE;
	memcpy(g->client_hashes, v, (size_t)n);
	g->n_client_hashes = n;
	return CMD_SUCCESS;
}

DEFUN(no_client_hash, "no client rekey hash [LINE]",
    NO_STR CREKEY_HELP CHASH_HELP "Hashes\n")
{
	CUR_GROUP(g);

	(void)r;
	g->n_client_hashes = 0;
	return CMD_SUCCESS;
}

#define CTS_HELP	CLIENT_HELP "Allowable transform sets\n" \
			"Transform set name\n"

DEFUN(client_ts,
    "client transform-sets WORD [WORD [WORD [WORD [WORD [WORD]]]]]",
    CTS_HELP "Transform set name\n" "Transform set name\n"
    "Transform set name\n" "Transform set name\n" "Transform set name\n")
{
	CUR_GROUP(g);

	(void)r;
	g->n_client_ts = 0;
	for (int i = 2; i < argc && g->n_client_ts < GDOI_MAX_CLIENT_TS; i++)
		copy(g->client_ts[g->n_client_ts++], GDOI_NAME_MAX, argv[i]);
	return CMD_SUCCESS;
}

DEFUN(no_client_ts, "no client transform-sets [LINE]",
    NO_STR CLIENT_HELP "Allowable transform sets\n" "Transform set names\n")
{
	CUR_GROUP(g);

	(void)r;
	g->n_client_ts = 0;
	return CMD_SUCCESS;
}

/* ==== server local ========================================================= */

#define REKEY_HELP	"Set rekey policy\n"

/* Seed 003 table 2: multicast -> unicast triggers at `end`; unicast ->
 * multicast (the `no` form) immediately. */
DEFUN(rekey_unicast, "rekey transport unicast",
    REKEY_HELP "Rekey transport mode\n" "Unicast delivery of rekey messages\n")
{
	CUR_KS(g, ks);

	if (!ks->unicast)
		gdoi_cfg_change(r, g, GDOI_CHG_TRANSPORT, false);
	ks->unicast = true;
	return CMD_SUCCESS;
}

DEFUN(no_rekey_unicast, "no rekey transport unicast",
    NO_STR REKEY_HELP "Rekey transport mode\n"
    "Unicast delivery of rekey messages\n")
{
	CUR_KS(g, ks);

	if (ks->unicast)
		gdoi_cfg_change(r, g, GDOI_CHG_TRANSPORT, true);
	ks->unicast = false;
	return CMD_SUCCESS;
}

#define RKADDR_HELP	REKEY_HELP "Rekey destination address\n" IPV4_HELP

DEFUN(rekey_addr, "rekey address ipv4 " ACL_ALTS, RKADDR_HELP ACL_HELP)
{
	CUR_KS(g, ks);

	if (strcmp(ks->rekey_acl, argv[3]) != 0)
		gdoi_cfg_change(r, g, GDOI_CHG_REKEY_ADDR, false);
	copy(ks->rekey_acl, sizeof(ks->rekey_acl), argv[3]);
	return CMD_SUCCESS;
}

DEFUN(no_rekey_addr, "no rekey address [ipv4 [" ACL_ALTS "]]",
    NO_STR RKADDR_HELP ACL_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->rekey_acl[0] = '\0';
	return CMD_SUCCESS;
}

#define RKLIFE_HELP	REKEY_HELP "Rekey lifetime\n" \
			"Rekey lifetime in seconds\n"

/* Not a trigger: "Next rekey" (table 2). */
DEFUN(rekey_life, "rekey lifetime seconds (300-86400)",
    RKLIFE_HELP "Seconds\n")
{
	CUR_KS(g, ks);

	(void)r;
	ks->kek_life = (uint32_t)atoi(argv[3]);
	return CMD_SUCCESS;
}

DEFUN(no_rekey_life, "no rekey lifetime [seconds [(300-86400)]]",
    NO_STR RKLIFE_HELP "Seconds\n")
{
	CUR_KS(g, ks);

	(void)r;
	ks->kek_life = 0;
	return CMD_SUCCESS;
}

#define RETX_HELP	REKEY_HELP "Retransmit rekey messages\n"

DEFUN(rekey_retx, "rekey retransmit (10-60) [number (1-10)]",
    RETX_HELP "Seconds between retransmissions\n"
    "Number of retransmissions\n" "Retransmissions\n")
{
	CUR_KS(g, ks);

	(void)r;
	ks->retx = GDOI_RETX_SET;
	ks->retx_period = atoi(argv[2]);
	ks->retx_number = argc > 4 ? atoi(argv[4]) : GDOI_DEFAULT_RETX_NUMBER;
	return CMD_SUCCESS;
}

DEFUN(no_rekey_retx, "no rekey retransmit [(10-60) [number (1-10)]]",
    NO_STR RETX_HELP "Seconds between retransmissions\n"
    "Number of retransmissions\n" "Retransmissions\n")
{
	CUR_KS(g, ks);

	(void)r;
	ks->retx = GDOI_RETX_OFF;
	ks->retx_period = ks->retx_number = 0;
	return CMD_SUCCESS;
}

#define RKAUTH_HELP	REKEY_HELP "Rekey authentication\n" \
			"Local public key pair\n" "Peer public key\n" \
			"Use RSA keys\n" "Key pair name\n"

DEFUN(rekey_auth, "rekey authentication (mypubkey|pubkey) rsa WORD",
    RKAUTH_HELP)
{
	CUR_KS(g, ks);
	int	 kind = strcmp(argv[2], "mypubkey") == 0 ? GDOI_AUTH_MYPUBKEY :
	    GDOI_AUTH_PUBKEY;

	if (ks->auth != kind || strcmp(ks->auth_key, argv[4]) != 0)
		gdoi_cfg_change(r, g, GDOI_CHG_REKEY_AUTH, false);
	ks->auth = kind;
	copy(ks->auth_key, sizeof(ks->auth_key), argv[4]);
	return CMD_SUCCESS;
}

/* "Disable rekey authentication: No" (table 2). */
DEFUN(no_rekey_auth,
    "no rekey authentication [(mypubkey|pubkey) [rsa [WORD]]]",
    NO_STR RKAUTH_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->auth = GDOI_AUTH_NONE;
	ks->auth_key[0] = '\0';
	return CMD_SUCCESS;
}

#define RKALG_HELP	REKEY_HELP "Rekey encryption algorithm\n" \
			"DES\n" "Triple DES\n" "AES\n" "128 bit keys.\n" \
			"192 bit keys.\n" "256 bit keys.\n"

DEFUN(rekey_alg, "rekey algorithm (des|3des|aes [(128|192|256)])",
    RKALG_HELP)
{
	CUR_KS(g, ks);
	uint16_t alg, bits = 0;

	if (strcmp(argv[2], "des") == 0)
		alg = GDOI_KEK_ALG_DES;
	else if (strcmp(argv[2], "3des") == 0)
		alg = GDOI_KEK_ALG_3DES;
	else {
		alg = GDOI_KEK_ALG_AES;
		bits = argc > 3 ? (uint16_t)atoi(argv[3]) : 128;
	}
	if (alg != gdoi_rekey_alg(ks) ||
	    (alg == GDOI_KEK_ALG_AES && bits != gdoi_rekey_keylen(ks)))
		gdoi_cfg_change(r, g, GDOI_CHG_REKEY_ALG, false);
	ks->rekey_alg = alg;
	ks->rekey_keylen = bits;
	return CMD_SUCCESS;
}

DEFUN(no_rekey_alg, "no rekey algorithm [(des|3des|aes [(128|192|256)])]",
    NO_STR RKALG_HELP)
{
	CUR_KS(g, ks);

	if (gdoi_rekey_alg(ks) != GDOI_KEK_ALG_3DES)
		gdoi_cfg_change(r, g, GDOI_CHG_REKEY_ALG, false);
	ks->rekey_alg = 0;
	ks->rekey_keylen = 0;
	return CMD_SUCCESS;
}

#define KSADDR_HELP	"Set the key server address\n" IPV4_HELP \
			"Key server IPv4 address\n"

DEFUN(ks_addr, "address ipv4 A.B.C.D", KSADDR_HELP)
{
	CUR_KS(g, ks);
	uint32_t a;

	(void)r;
	if (!ip_aton(argv[2], &a))
		return cli_error_at(vty, 2);
	ks->address = a;
	return CMD_SUCCESS;
}

DEFUN(no_ks_addr, "no address ipv4 [A.B.C.D]", NO_STR KSADDR_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->address = 0;
	return CMD_SUCCESS;
}

#define SA_HELP		"Define GDOI SA policy\n"
#define SAIPSEC_HELP	SA_HELP "IPsec SA policy\n" "Sequence number\n"

DEFUN(sa_ipsec, "sa ipsec (1-65535)", SAIPSEC_HELP)
{
	CUR_KS(g, ks);
	int	 seq = atoi(argv[2]);

	(void)r;
	gdoi_sa_get(ks, seq, NULL);
	vty_set_node(vty, GDOI_SA_NODE);
	vty_set_context_num(vty, seq);
	return CMD_SUCCESS;
}

DEFUN(no_sa_ipsec, "no sa ipsec (1-65535)", NO_STR SAIPSEC_HELP)
{
	CUR_KS(g, ks);
	int	 seq = atoi(argv[3]);

	if (gdoi_sa_find(ks, seq) != NULL)
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	gdoi_sa_delete(ks, seq);
	return CMD_SUCCESS;
}

#define RECVONLY_HELP	SA_HELP "Receive only SAs\n"

/* Table 1: enabling/disabling receive-only sends a rekey. */
DEFUN(sa_recv_only, "sa receive-only", RECVONLY_HELP)
{
	CUR_KS(g, ks);

	if (!ks->receive_only)
		gdoi_cfg_change(r, g, GDOI_CHG_RECEIVE_ONLY, false);
	ks->receive_only = true;
	return CMD_SUCCESS;
}

DEFUN(no_sa_recv_only, "no sa receive-only", NO_STR RECVONLY_HELP)
{
	CUR_KS(g, ks);

	if (ks->receive_only)
		gdoi_cfg_change(r, g, GDOI_CHG_RECEIVE_ONLY, false);
	ks->receive_only = false;
	return CMD_SUCCESS;
}

#define AUTHZ_HELP	"Set GDOI group authorization\n"
#define AZADDR_HELP	AUTHZ_HELP "Authorize by address\n" IPV4_HELP
#define AZ_ACL_ALTS	"(1-199|1300-2699|WORD)"
#define AZ_ACL_HELP	"IP access-list number\n" \
			"IP access-list number (expanded range)\n" \
			"Access-list name\n"

DEFUN(authz_addr, "authorization address ipv4 " AZ_ACL_ALTS,
    AZADDR_HELP AZ_ACL_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	copy(ks->authz_acl, sizeof(ks->authz_acl), argv[3]);
	return CMD_SUCCESS;
}

DEFUN(no_authz_addr, "no authorization address [ipv4 [" AZ_ACL_ALTS "]]",
    NO_STR AZADDR_HELP AZ_ACL_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->authz_acl[0] = '\0';
	return CMD_SUCCESS;
}

#define AZID_HELP	AUTHZ_HELP "Authorize by identity\n" \
			"Crypto identity name\n"

DEFUN(authz_ident, "authorization identity WORD", AZID_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	copy(ks->authz_identity, sizeof(ks->authz_identity), argv[2]);
	return CMD_SUCCESS;
}

DEFUN(no_authz_ident, "no authorization identity [WORD]", NO_STR AZID_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->authz_identity[0] = '\0';
	return CMD_SUCCESS;
}

#define REDUND_HELP	"Configure key server redundancy\n"

DEFUN(redundancy, "redundancy", REDUND_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->redundancy = true;
	vty_set_node(vty, GDOI_COOP_NODE);
	return CMD_SUCCESS;
}

DEFUN(no_redundancy, "no redundancy", NO_STR REDUND_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->redundancy = false;
	ks->coop_priority = 0;
	ks->n_coop_peers = 0;
	return CMD_SUCCESS;
}

/* ==== sa ipsec ============================================================== */

#define PROFILE_HELP	"Configure an ipsec profile\n" "Profile name\n"

DEFUN(sa_profile, "profile WORD", PROFILE_HELP)
{
	CUR_SA(g, ks, sa);

	if (strcmp(sa->profile, argv[1]) != 0)
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	copy(sa->profile, sizeof(sa->profile), argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_sa_profile, "no profile [WORD]", NO_STR PROFILE_HELP)
{
	CUR_SA(g, ks, sa);

	if (sa->profile[0] != '\0')
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	sa->profile[0] = '\0';
	return CMD_SUCCESS;
}

#define MATCH_HELP	"Match values\n" "Match address of packets to encrypt\n" \
			IPV4_HELP

DEFUN(sa_match, "match address ipv4 " ACL_ALTS, MATCH_HELP ACL_HELP)
{
	CUR_SA(g, ks, sa);

	if (strcmp(sa->acl, argv[3]) != 0)
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	copy(sa->acl, sizeof(sa->acl), argv[3]);
	return CMD_SUCCESS;
}

DEFUN(no_sa_match, "no match address [ipv4 [" ACL_ALTS "]]",
    NO_STR MATCH_HELP ACL_HELP)
{
	CUR_SA(g, ks, sa);

	if (sa->acl[0] != '\0')
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	sa->acl[0] = '\0';
	return CMD_SUCCESS;
}

#define REPLAY_HELP	"Set replay\n"
#define RCOUNT_HELP	"Counter based replay\n" "Set window size\n" \
			"Window size (packets)\n"
#define RTIME_HELP	"Time based replay\n" "Set window size\n" \
			"Window size (seconds)\n"

/* Enabling a replay method triggers a rekey at `end`; changing only the
 * window size does not (table 2). */
DEFUN(sa_replay_counter, "replay counter window-size (1-1024)",
    REPLAY_HELP RCOUNT_HELP)
{
	CUR_SA(g, ks, sa);

	if (sa->replay != GDOI_REPLAY_COUNTER)
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	sa->replay = GDOI_REPLAY_COUNTER;
	sa->replay_counter = (uint32_t)atoi(argv[3]);
	return CMD_SUCCESS;
}

DEFUN(sa_replay_time, "replay time window-size (1-100)",
    REPLAY_HELP RTIME_HELP)
{
	CUR_SA(g, ks, sa);

	if (sa->replay != GDOI_REPLAY_TIME)
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	sa->replay = GDOI_REPLAY_TIME;
	sa->replay_time = (uint32_t)atoi(argv[3]);
	return CMD_SUCCESS;
}

/* `no replay` and seed 003's "no replay counter window-size" disable
 * anti-replay ("TEK: disable replay counter: Yes", table 1). */
DEFUN(no_sa_replay,
    "no replay [(counter|time) [window-size [(1-1024)]]]",
    NO_STR REPLAY_HELP "Counter based replay\n" "Time based replay\n"
    "Set window size\n" "Window size\n")
{
	CUR_SA(g, ks, sa);

	if (sa->replay == GDOI_REPLAY_COUNTER || sa->replay == GDOI_REPLAY_TIME)
		gdoi_cfg_change(r, g, GDOI_CHG_TEK, false);
	sa->replay = GDOI_REPLAY_NONE;
	return CMD_SUCCESS;
}

/* ==== redundancy (configuration only; COOP is its own issue) =============== */

#define LPRIO_HELP	"Local key server settings\n" "Set local priority\n" \
			"Priority\n"

DEFUN(coop_prio, "local priority (1-100)", LPRIO_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->coop_priority = atoi(argv[2]);
	return CMD_SUCCESS;
}

DEFUN(no_coop_prio, "no local priority [(1-100)]", NO_STR LPRIO_HELP)
{
	CUR_KS(g, ks);

	(void)r;
	ks->coop_priority = 0;
	return CMD_SUCCESS;
}

#define PEER_HELP	"Peer key server settings\n" "Set peer address\n" \
			IPV4_HELP "Peer key server IPv4 address\n"

DEFUN(coop_peer, "peer address ipv4 A.B.C.D", PEER_HELP)
{
	CUR_KS(g, ks);
	uint32_t a;

	(void)r;
	if (!ip_aton(argv[3], &a))
		return cli_error_at(vty, 3);
	for (int i = 0; i < ks->n_coop_peers; i++)
		if (ks->coop_peers[i] == a)
			return CMD_SUCCESS;
	if (ks->n_coop_peers == GDOI_MAX_COOP_PEERS)
		return CMD_WARNING;
	ks->coop_peers[ks->n_coop_peers++] = a;
	return CMD_SUCCESS;
}

DEFUN(no_coop_peer, "no peer address ipv4 A.B.C.D", NO_STR PEER_HELP)
{
	CUR_KS(g, ks);
	uint32_t a;

	(void)r;
	if (!ip_aton(argv[4], &a))
		return cli_error_at(vty, 4);
	for (int i = 0; i < ks->n_coop_peers; i++) {
		if (ks->coop_peers[i] != a)
			continue;
		memmove(&ks->coop_peers[i], &ks->coop_peers[i + 1],
		    (size_t)(ks->n_coop_peers - i - 1) *
		    sizeof(ks->coop_peers[0]));
		ks->n_coop_peers--;
		break;
	}
	return CMD_SUCCESS;
}

/* ==== crypto maps: set group, fail-close ================================== */

static struct crypto_map_entry *
cur_map_entry(struct vty *vty)
{
	return ipsec_map_entry_find(ipsec_map_find(vty_router(vty),
	    vty_context(vty)), vty_context_num(vty));
}

#define SETGRP_HELP	"Set values for encryption/decryption\n" \
			"Set the GDOI group\n" "Group name\n"

DEFUN(map_set_group, "set group WORD", SETGRP_HELP)
{
	struct crypto_map_entry *e = cur_map_entry(vty);

	if (e == NULL)
		return CMD_WARNING;
	if (e->type != CMAP_GDOI)
		return cli_error_at(vty, 1);
	copy(e->gdoi_group, sizeof(e->gdoi_group), argv[2]);
	gdoi_gm_cm_sync(vty_router(vty));
	return CMD_SUCCESS;
}

DEFUN(no_map_set_group, "no set group [WORD]", NO_STR SETGRP_HELP)
{
	struct crypto_map_entry *e = cur_map_entry(vty);

	if (e == NULL)
		return CMD_WARNING;
	e->gdoi_group[0] = '\0';
	gdoi_gm_cm_sync(vty_router(vty));
	return CMD_SUCCESS;
}

#define FC_HELP		CRYPTO_STR "Enter a crypto map\n" "Crypto map tag\n" \
			"Configure crypto map gdoi features\n" \
			"Set fail-close mode\n"

DEFUN(map_fail_close, "crypto map WORD gdoi fail-close", FC_HELP)
{
	struct crypto_map *m = ipsec_state(vty_router(vty)) != NULL ?
	    ipsec_map_get(vty_router(vty), argv[2]) : NULL;

	if (m == NULL)
		return CMD_WARNING;
	m->gdoi_fc = true;
	vty_set_node(vty, GDOI_FAILCLOSE_NODE);
	vty_set_context(vty, m->name);
	return CMD_SUCCESS;
}

DEFUN(no_map_fail_close, "no crypto map WORD gdoi fail-close",
    NO_STR FC_HELP)
{
	struct router *r = vty_router(vty);
	struct crypto_map *m = ipsec_map_find(r, argv[3]);

	if (m == NULL)
		return CMD_SUCCESS;
	m->gdoi_fc = false;
	m->gdoi_fc_acl[0] = '\0';
	m->gdoi_fc_activate = false;
	if (m->n_ents == 0 && m->local_if[0] == '\0')
		ipsec_map_delete(r, m->name);
	return CMD_SUCCESS;
}

static struct crypto_map *
cur_fc_map(struct vty *vty)
{
	return ipsec_map_find(vty_router(vty),
	    vty_context_of(vty, GDOI_FAILCLOSE_NODE));
}

#define FCMATCH_HELP	"Match values.\n" \
			"Match address of packets to forward in clear\n"

DEFUN(fc_match, "match address " ACL_ALTS, FCMATCH_HELP ACL_HELP)
{
	struct crypto_map *m = cur_fc_map(vty);

	if (m == NULL)
		return CMD_WARNING;
	copy(m->gdoi_fc_acl, sizeof(m->gdoi_fc_acl), argv[2]);
	return CMD_SUCCESS;
}

DEFUN(no_fc_match, "no match address [" ACL_ALTS "]",
    NO_STR FCMATCH_HELP ACL_HELP)
{
	struct crypto_map *m = cur_fc_map(vty);

	if (m == NULL)
		return CMD_WARNING;
	m->gdoi_fc_acl[0] = '\0';
	return CMD_SUCCESS;
}

#define ACTIVATE_HELP	"Activate fail-close mode\n"

DEFUN(fc_activate, "activate", ACTIVATE_HELP)
{
	struct crypto_map *m = cur_fc_map(vty);

	if (m == NULL)
		return CMD_WARNING;
	m->gdoi_fc_activate = true;
	return CMD_SUCCESS;
}

DEFUN(no_fc_activate, "no activate", NO_STR ACTIVATE_HELP)
{
	struct crypto_map *m = cur_fc_map(vty);

	if (m == NULL)
		return CMD_WARNING;
	m->gdoi_fc_activate = false;
	return CMD_SUCCESS;
}

/* ==== exec ================================================================== */

#define GM_EXEC_HELP	CRYPTO_STR GDOI_HELP "Group member commands\n"
#define DIR_HELP	"IPsec SA settings\n" "Set the IPsec SA direction\n" \
			"Inbound direction\n" \
			"Inbound optional (passive mode)\n" \
			"Inbound only\n" "Both directions\n"

/* Recorded for the protocol; not persistent (seed 003 "Passive SA"). */
DEFUN(gm_direction,
    "crypto gdoi gm [group WORD] ipsec direction (inbound (optional|only)|both)",
    GM_EXEC_HELP "Group\n" "Group name\n" DIR_HELP)
{
	struct gdoi_state *st = gdoi_state(vty_router(vty));
	int	 i = 3;

	if (st == NULL)
		return CMD_WARNING;
	st->gm_direction_group[0] = '\0';
	if (strcmp(argv[3], "group") == 0) {
		if (gdoi_group_find(vty_router(vty), argv[4]) == NULL) {
			vty_out(vty, "%% Group %s not found\n", argv[4]);
			return CMD_WARNING;
		}
		copy(st->gm_direction_group, sizeof(st->gm_direction_group),
		    argv[4]);
		i = 5;
	}
	i += 2;			/* ipsec direction */
	if (strcmp(argv[i], "both") == 0)
		st->gm_direction = GDOI_DIR_BOTH;
	else if (i + 1 < argc && strcmp(argv[i + 1], "only") == 0)
		st->gm_direction = GDOI_DIR_INBOUND_ONLY;
	else
		st->gm_direction = GDOI_DIR_INBOUND_OPTIONAL;
	gdoi_gm_direction_changed(vty_router(vty));	/* act now */
	return CMD_SUCCESS;
}

DEFUN(clear_gdoi, "clear crypto gdoi [group WORD]",
    CLEAR_STR CRYPTO_STR "GDOI\n" "Group\n" "Group name\n")
{
	struct router *r = vty_router(vty);

	if (argc > 3 && gdoi_group_find(r, argv[4]) == NULL) {
		vty_out(vty, "%% Group %s not found\n", argv[4]);
		return CMD_WARNING;
	}
	gdoi_clear(r, argc > 3 ? argv[4] : NULL);
	return CMD_SUCCESS;
}

/* vpnsim test hook, not an IOS command (hidden): the KS sends its members
 * a replayed PUSH (last seq # again) or one with a broken signature, so a
 * golden can show the GM rejecting both (gdoi_push_test_send). */
DEFUN_HIDDEN(test_gdoi_rekey,
    "test crypto gdoi ks rekey (replay|bad-signature) group WORD",
    "Test commands\n" CRYPTO_STR "GDOI\n" "Key server\n" "Rekey\n"
    "Resend the last rekey\n" "Send a rekey with a bad signature\n"
    "Group\n" "Group name\n")
{
	if (!gdoi_push_test_send(vty_router(vty), argv[7],
	    strcmp(argv[5], "bad-signature") == 0)) {
		vty_out(vty, "%% No rekey to send for group %s\n", argv[7]);
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

/* ==== configuration-only shows ============================================= */

/* Reference show_crypto_gdoi_ks_acl: "Group Name: G", " Configured ACL:",
 * each ACE as "   access-list NAME  ACE"; groups separated by a blank
 * line. */
static void
show_ks_acl(struct vty *vty, const char *only)
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct strbuf sb = STRBUF_INIT;
	bool	 first = true;

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_groups; i++) {
		const struct gdoi_group *g = st->groups[i];

		if (g->ks == NULL || (only != NULL && strcmp(only, g->name)))
			continue;
		if (!first)
			sb_puts(&sb, "\n");
		first = false;
		sb_printf(&sb, "Group Name: %s\n Configured ACL:\n", g->name);
		for (int j = 0; j < g->ks->n_sa; j++)
			gdoi_acl_lines(r, g->ks->sa[j]->acl, "   ", "  ", &sb);
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

#define SHOW_GDOI_HELP	SHOW_STR CRYPTO_STR "Show GDOI information\n"

DEFUN(show_ks_acl_all, "show crypto gdoi ks acl",
    SHOW_GDOI_HELP "Key server information\n" "Access list information\n")
{
	show_ks_acl(vty, NULL);
	return CMD_SUCCESS;
}

DEFUN(show_group_ks_acl, "show crypto gdoi group WORD ks acl",
    SHOW_GDOI_HELP "Group\n" "Group name\n" "Key server information\n"
    "Access list information\n")
{
	show_ks_acl(vty, argv[4]);
	return CMD_SUCCESS;
}

/* Seed 003 "Example Fail-Close Mode". */
DEFUN(show_fail_close, "show crypto map gdoi fail-close [WORD]",
    SHOW_STR CRYPTO_STR "Crypto maps\n" "GDOI crypto map features\n"
    "Fail-close mode\n" "Crypto map name\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;

	if (st == NULL)
		return CMD_SUCCESS;
	for (int i = 0; i < st->n_maps; i++) {
		const struct crypto_map *m = st->maps[i];

		if (!m->gdoi_fc || (argc > 5 && strcmp(argv[5], m->name)))
			continue;
		sb_printf(&sb, "\nCrypto Map: \"%s\"\n", m->name);
		sb_printf(&sb, "  Activate: %s\n",
		    m->gdoi_fc_activate ? "yes" : "no");
		sb_puts(&sb, "  Fail-Close Access-List: (Deny = Forward In "
		    "Clear, Permit = Drop)\n");
		gdoi_acl_lines(r, m->gdoi_fc_acl, "    ", " ", &sb);
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

/* ==== running-config, modes, install ======================================= */

static void
wr_gdoi(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	gdoi_write_config(r, &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

/* Leaving the group mode (also on `end` from any GDOI sub-mode) fires
 * the changes that table 2 triggers at "End configuration mode". */
static void
group_exit(struct vty *vty)
{
	gdoi_cfg_commit(vty_router(vty));
}

static const struct cli_node nodes[] = {
	{ GDOI_GROUP_NODE, "%s(config-gdoi-group)#", CONFIG_NODE, group_exit },
	{ GDOI_SERVER_NODE, "%s(gdoi-local-server)#", GDOI_GROUP_NODE, NULL },
	{ GDOI_SA_NODE, "%s(gdoi-sa-ipsec)#", GDOI_SERVER_NODE, NULL },
	{ GDOI_COOP_NODE, "%s(gdoi-coop-ks-config)#", GDOI_SERVER_NODE, NULL },
	{ GDOI_FAILCLOSE_NODE, "%s(crypto-map-fail-close)#", CONFIG_NODE,
	    NULL },
};

static struct cmd *const config_cmds[] = {
	&gdoi_group_cmd, &no_gdoi_group_cmd,
	&map_fail_close_cmd, &no_map_fail_close_cmd,
};
static struct cmd *const group_cmds[] = {
	&identity_num_cmd, &identity_addr_cmd, &no_identity_cmd,
	&server_local_cmd, &no_server_local_cmd,
	&server_addr_cmd, &no_server_addr_cmd,
	&gm_passive_cmd, &no_gm_passive_cmd,
	&client_enc_cmd, &no_client_enc_cmd,
	&client_hash_cmd, &no_client_hash_cmd,
	&client_ts_cmd, &no_client_ts_cmd,
};
static struct cmd *const server_cmds[] = {
	&rekey_unicast_cmd, &no_rekey_unicast_cmd,
	&rekey_addr_cmd, &no_rekey_addr_cmd,
	&rekey_life_cmd, &no_rekey_life_cmd,
	&rekey_retx_cmd, &no_rekey_retx_cmd,
	&rekey_auth_cmd, &no_rekey_auth_cmd,
	&rekey_alg_cmd, &no_rekey_alg_cmd,
	&ks_addr_cmd, &no_ks_addr_cmd,
	&sa_ipsec_cmd, &no_sa_ipsec_cmd,
	&sa_recv_only_cmd, &no_sa_recv_only_cmd,
	&authz_addr_cmd, &no_authz_addr_cmd,
	&authz_ident_cmd, &no_authz_ident_cmd,
	&redundancy_cmd, &no_redundancy_cmd,
};
static struct cmd *const sa_cmds[] = {
	&sa_profile_cmd, &no_sa_profile_cmd,
	&sa_match_cmd, &no_sa_match_cmd,
	&sa_replay_counter_cmd, &sa_replay_time_cmd, &no_sa_replay_cmd,
};
static struct cmd *const coop_cmds[] = {
	&coop_prio_cmd, &no_coop_prio_cmd, &coop_peer_cmd, &no_coop_peer_cmd,
};
static struct cmd *const fc_cmds[] = {
	&fc_match_cmd, &no_fc_match_cmd, &fc_activate_cmd, &no_fc_activate_cmd,
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

void
gdoi_cli_init(void)
{
	size_t	 i;

	for (i = 0; i < N(nodes); i++)
		cli_install_node(&nodes[i]);
	cli_node_set_title(GDOI_FAILCLOSE_NODE,
	    "Crypto Map Fail Close configuration commands:");
	for (i = 0; i < N(config_cmds); i++)
		cli_install(CONFIG_NODE, config_cmds[i]);
	for (i = 0; i < N(group_cmds); i++)
		cli_install(GDOI_GROUP_NODE, group_cmds[i]);
	for (i = 0; i < N(server_cmds); i++)
		cli_install(GDOI_SERVER_NODE, server_cmds[i]);
	for (i = 0; i < N(sa_cmds); i++)
		cli_install(GDOI_SA_NODE, sa_cmds[i]);
	for (i = 0; i < N(coop_cmds); i++)
		cli_install(GDOI_COOP_NODE, coop_cmds[i]);
	for (i = 0; i < N(fc_cmds); i++)
		cli_install(GDOI_FAILCLOSE_NODE, fc_cmds[i]);
	cli_install(CRYPTO_MAP_NODE, &map_set_group_cmd);
	cli_install(CRYPTO_MAP_NODE, &no_map_set_group_cmd);
	cli_install(ENABLE_NODE, &gm_direction_cmd);
	cli_install(ENABLE_NODE, &clear_gdoi_cmd);
	cli_install(ENABLE_NODE, &test_gdoi_rekey_cmd);
	cli_install(ENABLE_NODE, &show_ks_acl_all_cmd);
	cli_install(ENABLE_NODE, &show_group_ks_acl_cmd);
	cli_install(ENABLE_NODE, &show_fail_close_cmd);
	/* After ipsec's writers of the same order (installed first): the
	 * groups come between `crypto ipsec profile` and `crypto map`. */
	cli_install_config_writer(RC_ORDER_CRYPTO + 4, wr_gdoi);
	gdoi_debug_init();	/* debug crypto gdoi ... */
	gdoi_proto_init();	/* the protocol and its shows */
}
