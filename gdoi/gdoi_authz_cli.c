/* `crypto identity NAME` (seed 003 "Configuring GM Authorization Using
 * PKI", steps 12-13):
 *
 *	Router(config)# crypto identity GETVPN_FILTER
 *	Router(config-crypto-identity)# dn ou=GETVPN
 *
 * with `fqdn NAME` lines as well and the `no` forms; the key server's
 * `authorization identity NAME` matches a GM's phase-1 identity against
 * it (gdoi_authz.c).  Help texts are vpnsim's (none was found). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gdoi_proto.h"
#include "router.h"
#include "strbuf.h"

#define CID_HELP	"Enter a crypto identity list\n" "Identity name\n"
#define DN_HELP		"Associate the identity with a list of DN's\n" \
			"DN list: name=string [, name=string]\n"
#define FQDN_HELP	"Associate the identity with a list of FQDN's\n" \
			"Fully qualified domain name\n"

DEFUN(crypto_identity, "crypto identity WORD", CRYPTO_STR CID_HELP)
{
	struct router *r = vty_router(vty);
	struct gdoi_cid *c = gdoi_cid_get(r, argv[2], true);

	if (c == NULL)
		return CMD_WARNING;
	vty_set_node(vty, CRYPTO_IDENTITY_NODE);
	vty_set_context(vty, gdoi_cid_name(c));
	return CMD_SUCCESS;
}

DEFUN(no_crypto_identity, "no crypto identity WORD",
    NO_STR CRYPTO_STR CID_HELP)
{
	gdoi_cid_delete(vty_router(vty), argv[3]);
	return CMD_SUCCESS;
}

/* The identity of the mode, or NULL (deleted meanwhile). */
static struct gdoi_cid *
cur(struct vty *vty)
{
	return gdoi_cid_get(vty_router(vty), vty_context(vty), false);
}

static int
add_line(struct vty *vty, int kind, const char *text)
{
	struct gdoi_cid *c = cur(vty);
	int	 rc;

	if (c == NULL)
		return CMD_WARNING;
	rc = gdoi_cid_add(c, kind, text);
	if (rc == -1) {
		vty_out(vty, "%% Invalid %s: %s\n", kind == GDOI_CID_DN ?
		    "DN list" : "FQDN", text);
		return CMD_WARNING;
	}
	if (rc == -2) {
		vty_out(vty, "%% A maximum of %d entries may be configured\n",
		    GDOI_CID_LINES);
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

DEFUN(cid_dn, "dn LINE", DN_HELP)
{
	return add_line(vty, GDOI_CID_DN, argv[1]);
}

DEFUN(cid_fqdn, "fqdn WORD", FQDN_HELP)
{
	return add_line(vty, GDOI_CID_FQDN, argv[1]);
}

DEFUN(no_cid_dn, "no dn [LINE]", NO_STR DN_HELP)
{
	struct gdoi_cid *c = cur(vty);

	if (c != NULL)
		(void)gdoi_cid_del(c, GDOI_CID_DN, argc > 2 ? argv[2] : NULL);
	return CMD_SUCCESS;
}

DEFUN(no_cid_fqdn, "no fqdn [WORD]", NO_STR FQDN_HELP)
{
	struct gdoi_cid *c = cur(vty);

	if (c != NULL)
		(void)gdoi_cid_del(c, GDOI_CID_FQDN, argc > 2 ? argv[2] :
		    NULL);
	return CMD_SUCCESS;
}

static void
wr_identities(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	gdoi_cid_write_config(r, &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static const struct cli_node cid_node = {
	CRYPTO_IDENTITY_NODE, "%s(config-crypto-identity)#", CONFIG_NODE, NULL
};

void
gdoi_authz_cli_init(void)
{
	cli_install_node(&cid_node);
	cli_node_set_title(CRYPTO_IDENTITY_NODE,
	    "Crypto identity configuration commands:");
	cli_install(CONFIG_NODE, &crypto_identity_cmd);
	cli_install(CONFIG_NODE, &no_crypto_identity_cmd);
	cli_install(CRYPTO_IDENTITY_NODE, &cid_dn_cmd);
	cli_install(CRYPTO_IDENTITY_NODE, &cid_fqdn_cmd);
	cli_install(CRYPTO_IDENTITY_NODE, &no_cid_dn_cmd);
	cli_install(CRYPTO_IDENTITY_NODE, &no_cid_fqdn_cmd);
	/* After the PKI trustpoints, before `crypto isakmp`. */
	cli_install_config_writer(RC_ORDER_CRYPTO - 5, wr_identities);
}
