/* GETVPN configuration: seed 003's key server and group member
 * configurations loaded through the config loader, their running-config
 * text and round trip, the configuration-only shows (exact text), `no`
 * forms, the rekey-trigger bookkeeping of seed 003 table 2 (immediate vs
 * at the end of config mode), the exec commands, and the GDOI crypto map
 * entries and fail-close in the crypto map model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "gdoi_cfg.h"
#include "gdoi_codec.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"
#include "strbuf.h"

/* Seed 003 "Example Key Server 1" (group1) and the "Configuration
 * Changes Can Trigger a Rekey" example (diffint). */
static const char *const ks_config =
	"hostname KS1\n"
	"crypto isakmp policy 1\n"
	" encr 3des\n"
	" authentication pre-share\n"
	" group 2\n"
	" lifetime 400\n"
	"crypto isakmp key cisco address 10.1.1.13\n"
	"crypto ipsec transform-set gdoi-trans-group1 esp-3des esp-sha-hmac\n"
	"crypto ipsec transform-set gdoi-p esp-3des esp-sha-hmac\n"
	"crypto ipsec profile gdoi-profile-group1\n"
	" set security-association lifetime seconds 1800\n"
	" set transform-set gdoi-trans-group1\n"
	"crypto ipsec profile gdoi-p\n"
	" set security-association lifetime seconds 900\n"
	" set transform-set gdoi-p\n"
	"crypto gdoi group group1\n"
	" identity number 1\n"
	" server local\n"
	"  rekey lifetime seconds 86400\n"
	"  rekey retransmit 10 number 2\n"
	"  rekey authentication mypubkey rsa group1-export-general\n"
	"  rekey transport unicast\n"
	"  sa ipsec 1\n"
	"   profile gdoi-profile-group1\n"
	"   match address ipv4 101\n"
	"   replay counter window-size 64\n"
	"  address ipv4 209.165.200.225\n"
	"  redundancy\n"
	"   local priority 10\n"
	"   peer address ipv4 209.165.200.225\n"
	"crypto gdoi group diffint\n"
	" identity number 3333\n"
	" server local\n"
	"  rekey algorithm aes 128\n"
	"  rekey address ipv4 121\n"
	"  rekey lifetime seconds 3600\n"
	"  no rekey retransmit\n"
	"  rekey authentication mypubkey rsa mykeys\n"
	" sa ipsec 1\n"
	"  profile gdoi-p\n"
	"  match address ipv4 120\n"
	"  replay counter window-size 3\n"
	"interface Ethernet0/0\n"
	" ip address 209.165.200.225 255.255.255.252\n"
	"access-list 101 permit ip 10.1.0.0 0.0.255.255 10.1.0.0 0.0.255.255\n"
	"access-list 120 deny udp any eq 848 any eq 848\n"
	"access-list 120 deny tcp any any eq bgp\n"
	"access-list 120 permit ip host 10.0.0.1 192.168.0.0 0.0.255.255\n"
	"access-list 121 permit udp host 10.0.5.2 eq 848 host 239.0.1.2 eq 848\n"
	"end\n";

static const char *const want_ks_gdoi =
	"crypto gdoi group group1\n"
	" identity number 1\n"
	" server local\n"
	"  rekey lifetime seconds 86400\n"
	"  rekey retransmit 10 number 2\n"
	"  rekey authentication mypubkey rsa group1-export-general\n"
	"  rekey transport unicast\n"
	"  sa ipsec 1\n"
	"   profile gdoi-profile-group1\n"
	"   match address ipv4 101\n"
	"   replay counter window-size 64\n"
	"  address ipv4 209.165.200.225\n"
	"  redundancy\n"
	"   local priority 10\n"
	"   peer address ipv4 209.165.200.225\n"
	"!\n"
	"crypto gdoi group diffint\n"
	" identity number 3333\n"
	" server local\n"
	"  rekey algorithm aes 128\n"
	"  rekey address ipv4 121\n"
	"  rekey lifetime seconds 3600\n"
	"  no rekey retransmit\n"
	"  rekey authentication mypubkey rsa mykeys\n"
	"  sa ipsec 1\n"
	"   profile gdoi-p\n"
	"   match address ipv4 120\n"
	"   replay counter window-size 3\n"
	"!\n";

/* Seed 003 "Example Group Member 1", the fail-close example and "Example
 * Group Member 5"'s local-address. */
static const char *const gm_config =
	"hostname GM1\n"
	"crypto isakmp policy 1\n"
	" encr 3des\n"
	" authentication pre-share\n"
	" group 2\n"
	" lifetime 3600\n"
	"crypto isakmp key cisco address 209.165.200.225\n"
	"crypto isakmp key cisco address 209.165.201.1\n"
	"crypto gdoi group group1\n"
	" identity number 1\n"
	" server address ipv4 209.165.200.225\n"
	" server address ipv4 209.165.201.1\n"
	"crypto map map-group1 10 gdoi\n"
	" set group group1\n"
	"crypto map map1 gdoi fail-close\n"
	" match address 102\n"
	" activate\n"
	"crypto map map1 10 gdoi\n"
	" set group ksl_group\n"
	" match address 101\n"
	"crypto map dgvpn local-address Loopback0\n"
	"crypto map dgvpn 10 gdoi\n"
	" set group group1\n"
	"interface Ethernet0/0\n"
	" ip address 209.165.200.226 255.255.255.252\n"
	" crypto map map-group1\n"
	"interface Loopback0\n"
	" ip address 209.165.201.1 255.255.255.255\n"
	"access-list 101 deny ip 10.0.1.0 0.0.0.255 10.0.1.0 0.0.0.255\n"
	"access-list 102 deny tcp any eq telnet any\n"
	"access-list 102 deny ospf any any\n"
	"end\n";

static const char *const want_gm_crypto =
	"crypto gdoi group group1\n"
	" identity number 1\n"
	" server address ipv4 209.165.200.225\n"
	" server address ipv4 209.165.201.1\n"
	"!\n"
	"crypto map map-group1 10 gdoi \n"
	" set group group1\n"
	"crypto map map1 gdoi fail-close\n"
	" match address 102\n"
	" activate\n"
	"crypto map map1 10 gdoi \n"
	" set group ksl_group\n"
	" match address 101\n"
	"crypto map dgvpn local-address Loopback0\n"
	"crypto map dgvpn 10 gdoi \n"
	" set group group1\n"
	"!\n";

static struct strbuf out = STRBUF_INIT;
static struct router *ks, *gm;

static void
sink(void *ctx, const char *data, size_t len)
{
	sb_add(&out, data, len);
}

#define SAME(got, want) do {						\
	const char *g_ = (got), *w_ = (want);				\
	CU_ASSERT_STRING_EQUAL(g_, w_);					\
	if (strcmp(g_, w_) != 0)					\
		fprintf(stderr, "\n--- want\n%s--- got\n%s---\n", w_, g_); \
} while (0)

/* Lines typed in one session starting at `node`; returns the output. */
static const char *
type(struct router *r, enum node_id node, const char *const *lines)
{
	struct vty *v = vty_new(r, sink, NULL);

	vty_set_node(v, node);
	sb_reset(&out);
	for (int i = 0; lines[i] != NULL; i++)
		cli_execute(v, lines[i]);
	vty_free(v);
	return sb_str(&out);
}

static const char *
run(struct router *r, const char *line)
{
	const char *lines[2] = { line, NULL };

	return type(r, ENABLE_NODE, lines);
}

/* The part of text from `from` to the line before `to`. */
static char *
part(const char *text, const char *from, const char *to)
{
	const char *a = strstr(text, from), *b;

	if (a == NULL)
		return strdup("");
	b = strstr(a, to);
	return b == NULL ? strdup(a) : strndup(a, (size_t)(b - a));
}

static int
load(struct router **r, const char *name, const char *cfg)
{
	const char *err = NULL;
	struct strbuf errs = STRBUF_INIT;
	int	 n;

	if ((*r = lab_add_router(name, &err)) == NULL)
		return 1;
	n = router_load_config(*r, cfg, &errs);
	if (n != 0)
		fprintf(stderr, "%s config errors:\n%s\n", name, sb_str(&errs));
	sb_free(&errs);
	return n;
}

static int
setup(void)
{
	vpnsim_init();
	lab_init(1);
	return load(&ks, "KS1", ks_config) != 0 ||
	    load(&gm, "GM1", gm_config) != 0;
}

static int
teardown(void)
{
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

/* ---- running-config --------------------------------------------------------- */

static void
test_ks_running_config(void)
{
	char	*rc = cli_running_config(ks);
	char	*p = part(rc, "crypto gdoi group", "interface ");

	SAME(p, want_ks_gdoi);
	/* Between the IPsec profiles and the interfaces (IOS order). */
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, " set transform-set gdoi-p \n!\n"
	    "crypto gdoi group group1\n"));
	free(p);
	free(rc);
}

static void
test_gm_running_config(void)
{
	char	*rc = cli_running_config(gm);
	char	*p = part(rc, "crypto gdoi group", "interface ");

	SAME(p, want_gm_crypto);
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "interface Ethernet0/0\n"
	    " ip address 209.165.200.226 255.255.255.252\n"
	    " crypto map map-group1\n"));
	free(p);
	free(rc);
}

/* The running config reloads into an empty router as the same text. */
static void
roundtrip(struct router *src, const char *name)
{
	struct router *b;
	char	*one, *two;

	one = cli_running_config(src);
	CU_ASSERT_EQUAL_FATAL(load(&b, name, one), 0);
	two = cli_running_config(b);
	SAME(two, one);
	free(one);
	free(two);
}

static void
test_roundtrip(void)
{
	roundtrip(ks, "KS1COPY");
	roundtrip(gm, "GM1COPY");
}

/* ---- the model --------------------------------------------------------------- */

static void
test_model(void)
{
	struct gdoi_group *g = gdoi_group_find(ks, "group1");
	struct gdoi_group *d = gdoi_group_find(ks, "diffint");
	struct gdoi_group *m = gdoi_group_find(gm, "group1");
	struct crypto_map *map;
	struct crypto_map_entry *e;
	int	 per, num;

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(g->ident, GDOI_IDENT_NUMBER);
	CU_ASSERT_EQUAL(g->ident_value, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g->ks);
	CU_ASSERT(g->ks->unicast);
	CU_ASSERT_EQUAL(gdoi_kek_lifetime(g->ks), 86400);
	CU_ASSERT_EQUAL(gdoi_rekey_alg(g->ks), GDOI_KEK_ALG_3DES);
	CU_ASSERT_EQUAL(gdoi_rekey_keylen(g->ks), 192);
	CU_ASSERT(gdoi_retransmit(g->ks, &per, &num));
	CU_ASSERT_EQUAL(per, 10);
	CU_ASSERT_EQUAL(num, 2);
	CU_ASSERT_EQUAL(g->ks->n_sa, 1);
	CU_ASSERT_STRING_EQUAL(g->ks->sa[0]->profile, "gdoi-profile-group1");
	CU_ASSERT_EQUAL(g->ks->sa[0]->replay, GDOI_REPLAY_COUNTER);
	CU_ASSERT_EQUAL(g->ks->sa[0]->replay_counter, 64);
	CU_ASSERT_EQUAL(g->ks->address, 0xd1a5c8e1);	/* 209.165.200.225 */
	CU_ASSERT(g->ks->redundancy);
	CU_ASSERT_EQUAL(g->ks->coop_priority, 10);
	CU_ASSERT_EQUAL(gdoi_rekey_alg(d->ks), GDOI_KEK_ALG_AES);
	CU_ASSERT_EQUAL(gdoi_rekey_keylen(d->ks), 128);
	CU_ASSERT(!gdoi_retransmit(d->ks, &per, &num));
	CU_ASSERT_EQUAL(gdoi_kek_lifetime(d->ks), 3600);
	CU_ASSERT_STRING_EQUAL(d->ks->rekey_acl, "121");
	CU_ASSERT(!d->ks->unicast);
	/* GM side. */
	CU_ASSERT_PTR_NULL(m->ks);
	CU_ASSERT_EQUAL(m->n_servers, 2);
	CU_ASSERT_EQUAL(m->servers[0], 0xd1a5c8e1);
	CU_ASSERT_EQUAL(m->servers[1], 0xd1a5c901);	/* 209.165.201.1 */
	map = ipsec_map_find(gm, "map-group1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(map);
	e = ipsec_map_entry_find(map, 10);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->type, CMAP_GDOI);
	CU_ASSERT_STRING_EQUAL(e->gdoi_group, "group1");
	/* GDOI entries are not classic IPsec entries. */
	CU_ASSERT(!ipsec_map_entry_complete(gm, e));
	map = ipsec_map_find(gm, "map1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(map);
	CU_ASSERT(map->gdoi_fc);
	CU_ASSERT(map->gdoi_fc_activate);
	CU_ASSERT_STRING_EQUAL(map->gdoi_fc_acl, "102");
	CU_ASSERT_STRING_EQUAL(ipsec_map_find(gm, "dgvpn")->local_if,
	    "Loopback0");
}

/* ---- shows ------------------------------------------------------------------- */

static void
test_show_ks_acl(void)
{
	static const char *const want_group1 =
	    "Group Name: group1\n"
	    " Configured ACL:\n"
	    "   access-list 101  permit ip 10.1.0.0 0.0.255.255 10.1.0.0 0.0.255.255\n";
	static const char *const want_diffint =
	    "Group Name: diffint\n"
	    " Configured ACL:\n"
	    "   access-list 120  deny udp any port = 848 any port = 848\n"
	    "   access-list 120  deny tcp any any port = 179\n"
	    "   access-list 120  permit ip host 10.0.0.1 192.168.0.0 0.0.255.255\n";
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "%s\n%s", want_group1, want_diffint);
	SAME(run(ks, "show crypto gdoi ks acl"), sb_str(&sb));
	SAME(run(ks, "show crypto gdoi group diffint ks acl"), want_diffint);
	SAME(run(ks, "show crypto gdoi group nosuch ks acl"), "");
	/* A GM has no KS policy. */
	SAME(run(gm, "show crypto gdoi ks acl"), "");
	sb_free(&sb);
}

static void
test_show_fail_close(void)
{
	static const char *const want =
	    "\n"
	    "Crypto Map: \"map1\"\n"
	    "  Activate: yes\n"
	    "  Fail-Close Access-List: (Deny = Forward In Clear, Permit = Drop)\n"
	    "    access-list 102 deny tcp any port = 23 any\n"
	    "    access-list 102 deny ospf any any\n";

	SAME(run(gm, "show crypto map gdoi fail-close"), want);
	SAME(run(gm, "show crypto map gdoi fail-close map1"), want);
	SAME(run(gm, "show crypto map gdoi fail-close map-group1"), "");
}

/* ---- no forms ---------------------------------------------------------------- */

static void
test_no_forms(void)
{
	static const char *const add[] = {
		"crypto gdoi group T",
		" identity address ipv4 10.9.9.9",
		" server local",
		"  rekey algorithm aes 256",
		"  rekey address ipv4 RK",
		"  rekey lifetime seconds 1200",
		"  rekey retransmit 15",
		"  rekey authentication pubkey rsa K",
		"  rekey transport unicast",
		"  authorization address ipv4 GMS",
		"  authorization identity ID1",
		"  sa ipsec 2",
		"   profile P",
		"   match address ipv4 ENC",
		"   replay time window-size 5",
		"  sa ipsec 1",
		"   no replay",
		"  sa receive-only",
		"  address ipv4 10.9.9.9",
		" exit",
		" server address ipv4 1.1.1.1",
		" passive",
		"end", NULL
	};
	static const char *const del[] = {
		"crypto gdoi group T",
		" no identity",
		" server local",
		"  no rekey algorithm",
		"  no rekey address ipv4",
		"  no rekey lifetime",
		"  no rekey retransmit",
		"  no rekey authentication",
		"  no rekey transport unicast",
		"  no authorization address ipv4 GMS",
		"  no authorization identity",
		"  sa ipsec 2",
		"   no profile",
		"   no match address ipv4",
		"  no sa ipsec 1",
		"  no sa receive-only",
		"  no address ipv4",
		" exit",
		" no server address ipv4 1.1.1.1",
		" no passive",
		"end", NULL
	};
	static const char *const gone[] = {
		"configure terminal",
		"no crypto gdoi group T",
		"end", NULL
	};
	struct router *r;
	char	*rc, *p;

	CU_ASSERT_EQUAL_FATAL(load(&r, "NOFORMS", "hostname NOFORMS\n"), 0);
	SAME(type(r, CONFIG_NODE, add), "");
	rc = cli_running_config(r);
	p = part(rc, "crypto gdoi group", "line con");
	SAME(p, "crypto gdoi group T\n"
	    " identity address ipv4 10.9.9.9\n"
	    " server local\n"
	    "  rekey algorithm aes 256\n"
	    "  rekey address ipv4 RK\n"
	    "  rekey lifetime seconds 1200\n"
	    "  rekey retransmit 15 number 2\n"
	    "  rekey authentication pubkey rsa K\n"
	    "  rekey transport unicast\n"
	    "  authorization address ipv4 GMS\n"
	    "  authorization identity ID1\n"
	    "  sa ipsec 1\n"
	    "   no replay\n"
	    "  sa ipsec 2\n"
	    "   profile P\n"
	    "   match address ipv4 ENC\n"
	    "   replay time window-size 5\n"
	    "  sa receive-only\n"
	    "  address ipv4 10.9.9.9\n"
	    " server address ipv4 1.1.1.1\n"
	    " passive\n"
	    "!\n");
	free(p);
	free(rc);
	SAME(type(r, CONFIG_NODE, del), "");
	rc = cli_running_config(r);
	p = part(rc, "crypto gdoi group", "line con");
	SAME(p, "crypto gdoi group T\n"
	    " server local\n"
	    "  no rekey retransmit\n"
	    "  sa ipsec 2\n"
	    "   replay time window-size 5\n"
	    "!\n");
	free(p);
	free(rc);
	type(r, ENABLE_NODE, gone);
	CU_ASSERT_PTR_NULL(gdoi_group_find(r, "T"));
	rc = cli_running_config(r);
	CU_ASSERT_PTR_NULL(strstr(rc, "crypto gdoi"));
	free(rc);
}

static void
test_servers_max(void)
{
	static const char *const lines[] = {
		"crypto gdoi group S",
		" server address ipv4 10.0.0.1",
		" server address ipv4 10.0.0.2",
		" server address ipv4 10.0.0.3",
		" server address ipv4 10.0.0.4",
		" server address ipv4 10.0.0.2",
		" server address ipv4 10.0.0.5",
		" server address ipv4 10.0.0.6",
		" server address ipv4 10.0.0.7",
		" server address ipv4 10.0.0.8",
		" server address ipv4 10.0.0.9",
		"end", NULL
	};
	struct router *r;
	struct gdoi_group *g;

	CU_ASSERT_EQUAL_FATAL(load(&r, "SRV", "hostname SRV\n"), 0);
	SAME(type(r, CONFIG_NODE, lines),
	    "% A maximum of 8 key servers may be configured\n");
	g = gdoi_group_find(r, "S");
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(g->n_servers, 8);
	CU_ASSERT_EQUAL(g->servers[0], 0x0a000001);
	CU_ASSERT_EQUAL(g->servers[7], 0x0a000008);
	gdoi_server_del(g, 0x0a000001);
	CU_ASSERT_EQUAL(g->servers[0], 0x0a000002);
	CU_ASSERT_EQUAL(g->n_servers, 7);
}

/* ---- crypto map types --------------------------------------------------------- */

static void
test_map_types(void)
{
	static const char *const lines[] = {
		"crypto map M 10 ipsec-isakmp",
		"crypto map M 10 gdoi",
		"crypto map M 20 gdoi",
		" set peer 1.2.3.4",
		"crypto map M 20",
		" set group G",
		"crypto map M 10",
		" set group G",
		"end", NULL
	};
	struct router *r;
	const char *o;

	CU_ASSERT_EQUAL_FATAL(load(&r, "MAPS", "hostname MAPS\n"), 0);
	o = type(r, CONFIG_NODE, lines);
	CU_ASSERT_PTR_NOT_NULL(strstr(o,
	    "% Invalid crypto map type for existing entry\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o, "% NOTE: This new crypto map will "
	    "remain disabled until a valid\n        group has been "
	    "configured.\n"));
	/* `set group` is refused on the ipsec-isakmp entry. */
	CU_ASSERT_PTR_NOT_NULL(strstr(o, "% Invalid input detected at '^' "
	    "marker.\n"));
	CU_ASSERT_EQUAL(ipsec_map_entry_find(ipsec_map_find(r, "M"), 10)->type,
	    CMAP_IPSEC_ISAKMP);
	CU_ASSERT_STRING_EQUAL(ipsec_map_entry_find(ipsec_map_find(r, "M"),
	    20)->gdoi_group, "G");
}

/* ---- rekey triggers (seed 003 table 2) ----------------------------------------- */

static int n_hooks;
static unsigned last_changes;
static char last_group[64];

static void
hook(struct router *r, const char *group, unsigned changes)
{
	n_hooks++;
	last_changes = changes;
	snprintf(last_group, sizeof(last_group), "%s", group);
}

static void
test_triggers(void)
{
	/* Immediately: unicast -> multicast (the `no` form). */
	static const char *const to_multicast[] = {
		"crypto gdoi group group1",
		" server local",
		"  no rekey transport unicast",
		NULL
	};
	/* Not triggers: lifetime, retransmit, window size, identity,
	 * removing the rekey address or authentication. */
	static const char *const quiet[] = {
		"crypto gdoi group group1",
		" identity number 7",
		" server local",
		"  rekey lifetime seconds 7200",
		"  no rekey retransmit",
		"  sa ipsec 1",
		"   replay counter window-size 32",
		"   profile gdoi-profile-group1",
		"end", NULL
	};
	/* At the end of config mode: several changes, one rekey. */
	static const char *const at_end[] = {
		"crypto gdoi group group1",
		" server local",
		"  rekey transport unicast",
		"  rekey algorithm aes 256",
		"  rekey authentication mypubkey rsa other",
		"  sa ipsec 1",
		"   match address ipv4 120",
		"   no replay",
		"  sa receive-only",
		"  rekey address ipv4 121",
		NULL
	};
	static const char *const end[] = { "end", NULL };
	struct vty *v;

	gdoi_rekey_hook = hook;
	n_hooks = 0;
	type(ks, CONFIG_NODE, to_multicast);
	CU_ASSERT_EQUAL(n_hooks, 1);
	CU_ASSERT_EQUAL(last_changes, GDOI_CHG_TRANSPORT);
	CU_ASSERT_STRING_EQUAL(last_group, "group1");
	n_hooks = 0;
	type(ks, CONFIG_NODE, quiet);
	CU_ASSERT_EQUAL(n_hooks, 0);
	/* Same session: nothing until `end`, then all at once. */
	v = vty_new(ks, sink, NULL);
	vty_set_node(v, CONFIG_NODE);
	for (int i = 0; at_end[i] != NULL; i++)
		cli_execute(v, at_end[i]);
	CU_ASSERT_EQUAL(n_hooks, 0);
	cli_execute(v, end[0]);
	CU_ASSERT_EQUAL(n_hooks, 1);
	CU_ASSERT_EQUAL(last_changes, GDOI_CHG_TRANSPORT | GDOI_CHG_REKEY_ALG |
	    GDOI_CHG_REKEY_AUTH | GDOI_CHG_TEK | GDOI_CHG_RECEIVE_ONLY |
	    GDOI_CHG_REKEY_ADDR);
	vty_free(v);
	/* A group member's group never triggers a rekey. */
	n_hooks = 0;
	gdoi_cfg_change(gm, gdoi_group_find(gm, "group1"), GDOI_CHG_TEK, true);
	CU_ASSERT_EQUAL(n_hooks, 0);
	gdoi_rekey_hook = NULL;
}

/* ---- exec ------------------------------------------------------------------- */

static int n_clears;
static char clear_group[64];

static void
clear_hook(struct router *r, const char *group)
{
	n_clears++;
	snprintf(clear_group, sizeof(clear_group), "%s", group ? group : "*");
}

static void
test_exec(void)
{
	struct gdoi_state *st = gdoi_state(gm);

	gdoi_clear_hook = clear_hook;
	SAME(run(gm, "crypto gdoi gm ipsec direction inbound optional"), "");
	CU_ASSERT_EQUAL(st->gm_direction, GDOI_DIR_INBOUND_OPTIONAL);
	CU_ASSERT_STRING_EQUAL(st->gm_direction_group, "");
	SAME(run(gm, "crypto gdoi gm group group1 ipsec direction both"), "");
	CU_ASSERT_EQUAL(st->gm_direction, GDOI_DIR_BOTH);
	CU_ASSERT_STRING_EQUAL(st->gm_direction_group, "group1");
	SAME(run(gm, "crypto gdoi gm ipsec direction inbound only"), "");
	CU_ASSERT_EQUAL(st->gm_direction, GDOI_DIR_INBOUND_ONLY);
	SAME(run(gm, "clear crypto gdoi"), "");
	CU_ASSERT_EQUAL(n_clears, 1);
	CU_ASSERT_STRING_EQUAL(clear_group, "*");
	SAME(run(gm, "clear crypto gdoi group group1"), "");
	CU_ASSERT_EQUAL(n_clears, 2);
	CU_ASSERT_STRING_EQUAL(clear_group, "group1");
	CU_ASSERT_EQUAL(st->n_clears, 2);
	SAME(run(gm, "clear crypto gdoi group nosuch"),
	    "% Group nosuch not found\n");
	CU_ASSERT_EQUAL(n_clears, 2);
	gdoi_clear_hook = NULL;
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gdoi_cfg", setup, teardown);
	CU_add_test(s, "KS running-config", test_ks_running_config);
	CU_add_test(s, "GM running-config", test_gm_running_config);
	CU_add_test(s, "round trip", test_roundtrip);
	CU_add_test(s, "model", test_model);
	CU_add_test(s, "show crypto gdoi ks acl", test_show_ks_acl);
	CU_add_test(s, "show crypto map gdoi fail-close", test_show_fail_close);
	CU_add_test(s, "no forms", test_no_forms);
	CU_add_test(s, "8 key servers", test_servers_max);
	CU_add_test(s, "crypto map types", test_map_types);
	CU_add_test(s, "rekey triggers", test_triggers);
	CU_add_test(s, "exec commands", test_exec);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
