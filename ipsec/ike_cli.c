/* IKE commands: `show crypto isakmp sa [detail]`, `show crypto isakmp
 * peers [detail]`, `clear crypto isakmp [conn-id]` and `crypto logging
 * session` (`clear crypto sa` and `clear crypto session` are the data
 * plane's commands; they call ike_clear_ipsec()/ike_clear_session()).
 * Layouts follow the IOS 15 device samples in reference-outputs (no slot
 * column) and the detail legend of seed 004. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ike_int.h"
#include "ipv4.h"
#include "router.h"

static void
flush(struct vty *vty, struct strbuf *sb)
{
	vty_write(vty, sb_str(sb), sb->len);
	sb_free(sb);
}

static const char *
encr_word(uint16_t e)
{
	switch (e) {
	case OAKLEY_ENCR_DES:
		return "des";
	case OAKLEY_ENCR_3DES:
		return "3des";
	case OAKLEY_ENCR_AES:
		return "aes";
	default:
		return "";
	}
}

static const char *
hash_word(uint16_t h)
{
	switch (h) {
	case OAKLEY_HASH_MD5:
		return "md5";
	case OAKLEY_HASH_SHA:
		return "sha";
	case OAKLEY_HASH_SHA256:
		return "sha256";
	case OAKLEY_HASH_SHA384:
		return "sha384";
	case OAKLEY_HASH_SHA512:
		return "sha512";
	default:
		return "";
	}
}

static const char *
auth_word(uint16_t a)
{
	switch (a) {
	case OAKLEY_AUTH_PSK:
		return "psk";
	case OAKLEY_AUTH_RSA_SIG:
		return "rsig";
	case OAKLEY_AUTH_RSA_ENCR:
		return "renc";
	default:
		return "";
	}
}

static int
infos(struct router *r, struct ike_sa_info **out)
{
	int	 n = ike_sa_info_list(r, NULL, 0);

	*out = NULL;
	if (n <= 0)
		return 0;
	*out = calloc((size_t)n, sizeof(**out));
	if (*out == NULL)
		abort();
	return ike_sa_info_list(r, *out, n);
}

/* dst is the responder, src the initiator. */
static void
ends(const struct ike_sa_info *i, char dst[16], char src[16])
{
	ip_ntoa(i->initiator ? i->peer : i->local, dst);
	ip_ntoa(i->initiator ? i->local : i->peer, src);
}

DEFUN(show_isakmp_sa, "show crypto isakmp sa [detail]",
    SHOW_STR CRYPTO_STR "ISAKMP information\n"
    "Show ISAKMP Security Associations\n" "Show ISAKMP SA Detail\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct ike_sa_info *v;
	bool	 detail = cli_argv_find(argc, argv, "detail") >= 0;
	int	 n = infos(r, &v);
	char	 a[16], b[16];

	if (detail) {
		sb_puts(&sb, "Codes: C - IKE configuration mode, D - Dead Peer "
		    "Detection\n"
		    "       K - Keepalives, N - NAT-traversal\n"
		    "       T - cTCP encapsulation, X - IKE Extended "
		    "Authentication\n"
		    "       psk - Preshared key, rsig - RSA signature\n"
		    "       renc - RSA encryption\n"
		    "IPv4 Crypto ISAKMP SA\n \n"
		    "C-id  Local           Remote          I-VRF  Status Encr "
		    "Hash   Auth DH Lifetime Cap.\n \n");
		for (int i = 0; i < n; i++) {
			char	 cap[8] = "", life[16];
			uint32_t s = v[i].life_left;

			if (v[i].dpd)
				strcat(cap, "D");
			if (v[i].natt)
				strcat(cap, "N");
			snprintf(life, sizeof(life), "%02u:%02u:%02u", s / 3600,
			    s / 60 % 60, s % 60);
			/* Status is 6 wide plus a space, so "ACTIVE (deleted)"
			 * stays apart from the Encr column. */
			sb_printf(&sb, "%-5u %-16s%-16s%-7s%-6s %-5s%-7s%-5s%-2u "
			    "%s %s  \n", v[i].conn_id, ip_ntoa(v[i].local, a),
			    ip_ntoa(v[i].peer, b), "", v[i].deleted ?
			    "ACTIVE (deleted)" : "ACTIVE", encr_word(v[i].encr),
			    hash_word(v[i].hash), auth_word(v[i].auth),
			    v[i].group, life, cap);
			if (v[i].engine_id != 0)
				sb_printf(&sb, "       Engine-id:Conn-id =  "
				    "SW:%u\n \n", v[i].engine_id);
			else
				sb_puts(&sb, "       Engine-id:Conn-id =  "
				    "????\n \n");
		}
		sb_puts(&sb, "         \nIPv6 Crypto ISAKMP SA\n\n");
	} else {
		sb_puts(&sb, "IPv4 Crypto ISAKMP SA\n"
		    "dst             src             state          conn-id "
		    "status\n");
		for (int i = 0; i < n; i++) {
			ends(&v[i], a, b);
			sb_printf(&sb, "%-16s%-16s%-15s%7u %s\n", a, b,
			    v[i].state, v[i].conn_id, v[i].deleted ?
			    "ACTIVE (deleted)" : "ACTIVE");
		}
		sb_puts(&sb, "         \nIPv6 Crypto ISAKMP SA\n\n");
	}
	free(v);
	flush(vty, &sb);
	return CMD_SUCCESS;
}

/* The peer's phase-1 identity as `show crypto isakmp peers` gives it: its
 * address, host name or distinguished name (`crypto isakmp identity`). */
static void
phase1_id(const struct ike_sa *sa, const char *addr, char *buf, size_t len)
{
	struct isakmp_id id;

	snprintf(buf, len, "%s", addr);
	if (sa->peer_id_b == NULL || isakmp_id_decode(sa->peer_id_b,
	    sa->peer_id_len, &id) != 0)
		return;
	if (id.type == ISAKMP_ID_FQDN || id.type == ISAKMP_ID_USER_FQDN)
		snprintf(buf, len, "%.*s", (int)(id.len < 255 ? id.len : 255),
		    (const char *)id.data);
	else if (id.type == ISAKMP_ID_DER_ASN1_DN)
		ike_dn_text(id.data, id.len, buf, len);
}

DEFUN(show_isakmp_peers, "show crypto isakmp peers [detail]",
    SHOW_STR CRYPTO_STR "ISAKMP information\n" "Show ISAKMP peers\n"
    "Show ISAKMP peer details\n")
{
	struct router *r = vty_router(vty);
	struct ike_ctx *c = ike_ctx(r);
	struct strbuf sb = STRBUF_INIT;
	bool	 detail = cli_argv_find(argc, argv, "detail") >= 0;
	struct ike_sa *sa, *o;
	char	 a[16], b[512];

	if (c == NULL)
		return CMD_SUCCESS;
	TAILQ_FOREACH(sa, &c->sas, entry) {
		bool	 seen = false;
		int	 nsa = 0, nb = 0;
		struct ike_pair *p;

		if (sa->deleted)
			continue;
		/* One block per peer/port/local: the first SA stands for it. */
		TAILQ_FOREACH(o, &c->sas, entry) {
			if (o == sa)
				break;
			if (!o->deleted && o->peer == sa->peer &&
			    o->local == sa->local && o->pport == sa->pport)
				seen = true;
		}
		if (seen)
			continue;
		sb_printf(&sb, "Peer: %s Port: %u Local: %s\n",
		    ip_ntoa(sa->peer, a), sa->pport, ip_ntoa(sa->local, b));
		phase1_id(sa, a, b, sizeof(b));
		sb_printf(&sb, " Phase1 id: %s\n", b);
		if (!detail)
			continue;
		TAILQ_FOREACH(o, &c->sas, entry)
			if (!o->deleted && o->peer == sa->peer &&
			    o->local == sa->local)
				nsa++;
		TAILQ_FOREACH(p, &c->pairs, entry)
			if (p->peer == sa->peer && p->local == sa->local)
				nb++;
		sb_puts(&sb, " flags: \n NAS Port: 0 (Normal)\n");
		if (sa->peer_dpd && ipsec_state(r)->keepalive > 0) {
			sb_puts(&sb, " DPD information:\n");
			sb_printf(&sb, " Last_received: %u, dpd threshold "
			    "(elapsed) 0\n",
			    (unsigned)((sched_now() - sa->last_rx) / VT_SEC));
			sb_printf(&sb, " my_last_seq_num: 0x%X, "
			    "peers_last_seq_num: 0x%X\n", sa->dpd_seq,
			    sa->dpd_peer_seq);
			sb_printf(&sb, " sent_and_waiting: %s\n",
			    sa->dpd_waiting ? "TRUE" : "FALSE");
		}
		sb_printf(&sb, " IKE SAs: %d IPSec SA bundles: %d\n", nsa, nb);
	}
	flush(vty, &sb);
	return CMD_SUCCESS;
}

DEFUN(clear_isakmp, "clear crypto isakmp [(1-32766)]",
    CLEAR_STR CRYPTO_STR "Flush the ISAKMP database\n" "connection id\n")
{
	struct router *r = vty_router(vty);
	uint32_t id = 0;

	if (argc > 3)
		id = (uint32_t)strtoul(argv[3], NULL, 10);
	(void)ike_clear_isakmp(r, id);
	return CMD_SUCCESS;
}

DEFUN(logging_session, "crypto logging session",
    CRYPTO_STR "logging messages\n" "Enable session logging\n")
{
	struct ike_ctx *c = ike_ctx(vty_router(vty));

	if (c != NULL)
		c->session_log = true;
	return CMD_SUCCESS;
}

DEFUN(no_logging_session, "no crypto logging session",
    NO_STR CRYPTO_STR "logging messages\n" "Enable session logging\n")
{
	struct ike_ctx *c = ike_ctx(vty_router(vty));

	if (c != NULL)
		c->session_log = false;
	return CMD_SUCCESS;
}

static void
wr_logging(struct vty *vty, struct router *r)
{
	struct ike_ctx *c = ike_ctx(r);

	if (c != NULL && c->session_log)
		vty_out(vty, "crypto logging session\n");
}

void
ike_cli_init(void)
{
	ike_debug_init();
	cli_install(ENABLE_NODE, &show_isakmp_sa_cmd);
	cli_install(ENABLE_NODE, &show_isakmp_peers_cmd);
	cli_install(ENABLE_NODE, &clear_isakmp_cmd);
	cli_install(CONFIG_NODE, &logging_session_cmd);
	cli_install(CONFIG_NODE, &no_logging_session_cmd);
	cli_install_config_writer(RC_ORDER_CRYPTO - 1, wr_logging);
}
