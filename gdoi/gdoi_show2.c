/* More GETVPN shows: the group-member view used by `show crypto ipsec sa`
 * and `show crypto ruleset` (gdoi_show.h), `show crypto gdoi [group G] gm
 * acl [download | local]` and `show crypto gdoi [group G] ks policy`.
 *
 * Layouts: GM ACL from the IOS-XE reference output
 * show_crypto_gdoi_gm_acl_local__1 and the "ACL Downloaded From KS" block
 * of show_crypto_gdoi__2.  KS policy in the IOS 15 form of the guide
 * (seeds 001/002 "show crypto gdoi ks policy": decimal handles, the
 * "orig life(sec):" and "override life (sec)" labels), with the column
 * widths of a real IOS 15 device's output of the same command (KEK
 * pairs 19/12/18 wide, TEK pairs 19/14/22, values padded as IOS pads
 * them).  Values from the live state; the handles are counted per router
 * as KS groups are created. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "gdoi_cfg.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "gdoi_show.h"
#include "ipv4.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"
#include "xform.h"

bool
gdoi_gm_view(struct router *r, const char *name, struct gdoi_gm_view *v)
{
	struct gdoi_proto *p = r != NULL ? gdoi_proto(r) : NULL;
	struct gdoi_gmg *g = p != NULL ? gdoi_gmg(p, name, false) : NULL;
	const struct gdoi_group *cfg;
	uint32_t w = 0;

	memset(v, 0, sizeof(*v));
	if (g == NULL || g->status != GM_REGISTERED)
		return false;
	v->local = g->local;
	v->spi = g->tek.valid ? g->tek.spi : 0;
	v->old_spi = g->old_spi;
	v->new_spi = g->pending && g->ntek.valid ? g->ntek.spi : 0;
	v->aces = g->aces;
	v->n_aces = g->n_aces;
	v->ace_enc = g->ace_enc;
	v->ace_dec = g->ace_dec;
	if (g->tek.valid)
		(void)gdoi_show_tek_replay(g, g->tek.spi, &w);
	v->replay_window = w;
	v->ace_tek = g->ace_tek;
	for (int j = 0; j < g->n_xt && j < 8; j++) {
		const struct gdoi_gm_xtek *xt = &g->xt[j];

		v->xt[j].spi = xt->tek.valid ? xt->tek.spi : 0;
		v->xt[j].old_spi = xt->old_spi;
		v->xt[j].new_spi = g->pending && xt->ntek.valid &&
		    xt->ntek.spi != xt->tek.spi ? xt->ntek.spi : 0;
		w = 0;
		if (xt->tek.valid)
			(void)gdoi_show_tek_replay(g, xt->tek.spi, &w);
		v->xt[j].replay_window = w;
		v->n_xt = j + 1;
	}
	cfg = gdoi_group_find(r, name);
	v->dir = cfg != NULL ? gdoi_show_gm_dir(r, cfg) : GDOI_SHOW_BOTH;
	return true;
}

/* The GDOI crypto map entry of group name (its `match address` is the
 * GM's local ACL), or NULL. */
static const struct crypto_map_entry *
gm_entry(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; st != NULL && i < st->n_maps; i++)
		for (int j = 0; j < st->maps[i]->n_ents; j++) {
			const struct crypto_map_entry *e = st->maps[i]->ents[j];

			if (e->type == CMAP_GDOI &&
			    strcmp(e->gdoi_group, name) == 0)
				return e;
		}
	return NULL;
}

/* `show crypto gdoi gm acl`: per GM group, the ACL downloaded from the
 * KS and the one configured locally (the GDOI map entry's `match
 * address`); `download` or `local` prints one of the two. */
DEFUN(show_gdoi_gm_acl,
    "show crypto gdoi [group WORD] gm acl [(download|local)]",
    SHOW_STR CRYPTO_STR "Show GDOI information\n"
    "Display information for a specific group\n" "Group name\n"
    "Group member information\n" "Access lists\n"
    "Access list downloaded from the key server\n"
    "Access list configured locally\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	const char *only = gdoi_show_group_arg(argc, argv);
	bool	 dl = cli_argv_find(argc, argv, "local") < 0;
	bool	 loc = cli_argv_find(argc, argv, "download") < 0;
	struct strbuf sb;

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		const struct crypto_map_entry *e;
		struct gdoi_gmg *g;

		if (cfg->ks != NULL || cfg->n_servers == 0 ||
		    (only != NULL && strcmp(only, cfg->name) != 0))
			continue;
		g = p != NULL ? gdoi_gmg(p, cfg->name, false) : NULL;
		sb_printf(&sb, "Group Name: %s\n", cfg->name);
		if (dl) {
			sb_puts(&sb, " ACL Downloaded From KS ");
			if (g != NULL && g->status == GM_REGISTERED) {
				char	 b[16];

				sb_printf(&sb, "%s:\n", ip_ntoa(g->ks, b));
				for (int j = 0; j < g->n_aces; j++)
					gdoi_ace_text(&g->aces[j], "   ", "",
					    "  ", &sb);
			} else
				sb_puts(&sb, ":\n");
		}
		if (loc) {
			sb_puts(&sb, " ACL Configured Locally: \n");
			if ((e = gm_entry(r, cfg->name)) != NULL)
				gdoi_acl_lines(r, e->acl, "   ", "  ", &sb);
		}
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

/* ---- show crypto gdoi ks policy ----------------------------------------- */

/* "    label              : value   label2           : value2   ": two
 * columns, each label and value padded to the widths IOS uses. */
static void
pair(struct strbuf *sb, int w1, const char *l1, int v1w, const char *v1,
    int w2, const char *l2, int v2w, const char *v2)
{
	sb_printf(sb, "    %-*s: %-*s%-*s: %-*s\n", w1, l1, v1w, v1, w2, l2,
	    v2w, v2);
}

static void
kek_policy(struct strbuf *sb, const struct gdoi_group *cfg,
    const struct gdoi_ksg *k)
{
	const struct gdoi_kek_st *e = &k->kek;
	bool	 aes = e->alg == GDOI_KEK_ALG_AES;
	size_t	 ivl = aes ? 16u : 8u;
	size_t	 klen = e->ivkey_len > ivl ? e->ivkey_len - ivl : 0;
	vtime_t	 rk = timer_remaining(&k->kek_ev);
	char	 v1[32], v2[32];

	sb_printf(sb, "  KEK POLICY (transport type : %s)\n",
	    cfg->ks->unicast ? "Unicast" : "Multicast");
	sb_puts(sb, "    spi : 0x");
	for (size_t j = 0; j < sizeof(e->spi); j++)
		sb_printf(sb, "%02X", e->spi[j]);
	sb_puts(sb, "\n");
	pair(sb, 19, "management alg", 12, "disabled", 18, "encrypt alg", 10,
	    aes ? "AES" : e->alg == GDOI_KEK_ALG_DES ? "DES" : "3DES");
	snprintf(v1, sizeof(v1), "%zu", ivl);
	snprintf(v2, sizeof(v2), "%zu", klen);
	pair(sb, 19, "crypto iv length", 12, v1, 18, "key size", 8, v2);
	sb_printf(sb, "    orig life(sec): %-12uremaining life(sec): %-10u\n",
	    e->life, gdoi_show_left(e->created, e->life));
	if (rk != 0)
		sb_printf(sb, "    time to rekey (sec): %-10llu\n",
		    (unsigned long long)(rk / VT_SEC));
	if (e->sig_alg != 0) {
		snprintf(v2, sizeof(v2), "%zu", e->spki_len);
		pair(sb, 19, "sig hash algorithm", 12, "enabled", 18,
		    "sig key length", 8, v2);
		sb_printf(sb, "    sig size           : %-10u\n",
		    (unsigned)e->sig_keylen / 8);
		sb_printf(sb, "    sig key name       : %s\n", cfg->ks->auth_key);
	}
	sb_puts(sb, "    acknowledgement    : Cisco\n");
}

static void
tek_policy(struct strbuf *sb, const struct gdoi_ksg *k,
    const struct gdoi_tek_st *t, const char *acl)
{
	const struct esp_cipher *ec = esp_cipher_by_id(t->esp_id,
	    t->esp_id == ESP_ID_AES ? (t->keylen ? t->keylen : 128) : 0);
	const struct esp_auth *ea = t->auth ? esp_auth_by_id((uint8_t)t->auth) :
	    NULL;
	uint32_t left = gdoi_show_left(t->created, t->life);
	vtime_t	 el = (sched_now() - t->created) / VT_SEC;
	vtime_t	 rk = timer_remaining(&k->rekey_ev);
	char	 v1[32], v2[32];

	sb_puts(sb, "\n  TEK POLICY (encaps : ENCAPS_TUNNEL)\n");
	sb_printf(sb, "    spi                : 0x%X\n", t->spi);
	sb_printf(sb, "    access-list        : %s\n", acl);
	/* Each transform word is followed by a space. */
	sb_printf(sb, "    transform          : %s %s%s\n",
	    ec != NULL ? ec->show : "esp", ea != NULL ? ea->keyword : "",
	    ea != NULL ? " " : "");
	snprintf(v1, sizeof(v1), "%zu", ec != NULL ? ec->key_len : t->key_len);
	snprintf(v2, sizeof(v2), "%zu", t->ikey_len);
	pair(sb, 19, "alg key size", 14, v1, 22, "sig key size", 10, v2);
	snprintf(v1, sizeof(v1), "%u", t->life);
	snprintf(v2, sizeof(v2), "%u", left);
	pair(sb, 19, "orig life(sec)", 14, v1, 22, "remaining life(sec)", 10,
	    v2);
	/* The life the TEK will have had when it ends (elapsed + left). */
	snprintf(v1, sizeof(v1), "%llu", (unsigned long long)el + left);
	snprintf(v2, sizeof(v2), "%llu", (unsigned long long)el);
	pair(sb, 19, "tek life(sec)", 14, v1, 22, "elapsed time(sec)", 10, v2);
	snprintf(v2, sizeof(v2), "%u", t->replay != GDOI_REPLAY_NONE ?
	    t->replay_window : 0);
	pair(sb, 19, "override life (sec)", 14, "0", 22,
	    "antireplay window size", 10, v2);
	if (rk != 0)
		sb_printf(sb, "    time to rekey (sec): %-10llu\n",
		    (unsigned long long)(rk / VT_SEC));
	else
		sb_printf(sb, "    time to rekey (sec): %-10s\n", "n/a");
	sb_puts(sb, "\n\n");
}

/* This KS's address for the group: `address ipv4`, else the source of
 * its rekeys, else the address its first member registered to. */
static uint32_t
ks_addr(const struct gdoi_group *cfg, const struct gdoi_ksg *k)
{
	if (cfg->ks->address != 0)
		return cfg->ks->address;
	if (k->kek.rekey_src != 0)
		return k->kek.rekey_src;
	return TAILQ_EMPTY(&k->members) ? 0 : TAILQ_FIRST(&k->members)->ks;
}

DEFUN(show_gdoi_ks_policy, "show crypto gdoi [group WORD] ks policy",
    SHOW_STR CRYPTO_STR "Show GDOI information\n"
    "Display information for a specific group\n" "Group name\n"
    "Key server information\n" "Key server policy\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	const char *only = gdoi_show_group_arg(argc, argv);
	struct strbuf sb;
	bool	 any = false;

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; p != NULL && st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		struct gdoi_ksg *k;
		char	 b[16];

		if (cfg->ks == NULL ||
		    (only != NULL && strcmp(only, cfg->name) != 0) ||
		    (k = gdoi_ksg(p, cfg->name, false)) == NULL)
			continue;
		if (!any)
			sb_puts(&sb, "Key Server Policy:\n");
		any = true;
		/* The server is this KS: its `address ipv4`, else the
		 * address its members registered to. */
		/* IOS prints its handles in decimal. */
		sb_printf(&sb, "For group %s (handle: %u) server %s (handle: "
		    "%u):\n\n", cfg->name, k->handle, ip_ntoa(ks_addr(cfg, k),
		    b), k->handle);
		sb_printf(&sb, "  # of teks : %d  Seq num : %u\n",
		    k->tek.valid ? 1 + k->n_xt : 0, k->seq);
		if (k->kek.valid)
			kek_policy(&sb, cfg, k);
		if (k->tek.valid) {
			tek_policy(&sb, k, &k->tek, k->acl);
			for (int j = 0; j < k->n_xt; j++)	/* multi-TEK */
				tek_policy(&sb, k, &k->xt[j].tek,
				    k->xt[j].acl);
		} else
			sb_puts(&sb, "\n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

void
gdoi_show2_init(void)
{
	cli_install(ENABLE_NODE, &show_gdoi_gm_acl_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_ks_policy_cmd);
}
