/* More GETVPN shows: the group-member view used by `show crypto ipsec
 * sa` (gdoi_show.h) and `show crypto gdoi gm acl`.  Layouts from the
 * IOS-XE reference outputs (show_crypto_gdoi_gm_acl_local__1), values
 * from the live state. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
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

	memset(v, 0, sizeof(*v));
	if (g == NULL || g->status != GM_REGISTERED)
		return false;
	v->local = g->local;
	v->spi = g->tek.valid ? g->tek.spi : 0;
	v->old_spi = g->old_spi;
	v->aces = g->aces;
	v->n_aces = g->n_aces;
	return true;
}

/* `show crypto gdoi gm acl`: per GM group, the ACL downloaded from the
 * KS and the one configured locally (none: GETVPN `match address` on the
 * GM is not modelled). */
DEFUN(show_gdoi_gm_acl, "show crypto gdoi gm acl",
    SHOW_STR CRYPTO_STR "Show GDOI information\n" "Group member information\n"
    "Access lists\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	struct strbuf sb;

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		struct gdoi_gmg *g;

		if (cfg->ks != NULL)
			continue;
		g = p != NULL ? gdoi_gmg(p, cfg->name, false) : NULL;
		sb_printf(&sb, "Group Name: %s\n", cfg->name);
		sb_puts(&sb, " ACL Downloaded From KS ");
		if (g != NULL && g->status == GM_REGISTERED) {
			char	 b[16];

			sb_printf(&sb, "%s:\n", ip_ntoa(g->ks, b));
			for (int j = 0; j < g->n_aces; j++)
				gdoi_ace_text(&g->aces[j], "   ", "", "  ",
				    &sb);
		} else
			sb_puts(&sb, ":\n");
		sb_puts(&sb, " ACL Configured Locally: \n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

/* Two columns of `show crypto gdoi ks policy`. */
static void
pair(struct strbuf *sb, const char *l1, const char *v1, const char *l2,
    const char *v2)
{
	sb_printf(sb, "    %-19s: %-14s%-22s: %s\n", l1, v1, l2, v2);
}

static uint32_t
secs_left(vtime_t created, uint32_t life)
{
	vtime_t end = created + (vtime_t)life * VT_SEC, now = sched_now();

	return end > now ? (uint32_t)((end - now) / VT_SEC) : 0;
}

/* `show crypto gdoi ks policy`: the KEK and current TEK of each KS
 * group, as IOS-XE lays it out (show_crypto_gdoi_ks_policy__1). */
DEFUN(show_gdoi_ks_policy, "show crypto gdoi ks policy",
    SHOW_STR CRYPTO_STR "Show GDOI information\n" "Key server information\n"
    "Key server policy\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	struct strbuf sb;
	bool	 any = false;

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; p != NULL && st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		struct gdoi_ksg *k;
		char	 v1[32], v2[32], b[16];
		unsigned handle = 0x40000001u + (unsigned)i;

		if (cfg->ks == NULL ||
		    (k = gdoi_ksg(p, cfg->name, false)) == NULL)
			continue;
		if (!any)
			sb_puts(&sb, "Key Server Policy:\n");
		any = true;
		sb_printf(&sb, "For group %s (handle: 0x%X) server %s (handle: "
		    "0x%X):\n\n", cfg->name, handle, ip_ntoa(cfg->ks->address,
		    b), handle);
		sb_printf(&sb, "  # of teks : %d  Seq num : %u\n",
		    k->tek.valid ? 1 : 0, k->seq);
		if (k->kek.valid) {
			const struct gdoi_kek_st *e = &k->kek;
			bool	 aes = e->alg == GDOI_KEK_ALG_AES;
			size_t	 klen = e->ivkey_len > (aes ? 16u : 8u) ?
			    e->ivkey_len - (aes ? 16u : 8u) : 0;

			sb_printf(&sb, "  KEK POLICY (transport type : %s)\n",
			    cfg->ks->unicast ? "Unicast" : "Multicast");
			sb_puts(&sb, "    spi : 0x");
			for (size_t j = 0; j < sizeof(e->spi); j++)
				sb_printf(&sb, "%02X", e->spi[j]);
			sb_puts(&sb, "\n");
			pair(&sb, "management alg", "disabled", "encrypt alg",
			    aes ? "AES" : e->alg == GDOI_KEK_ALG_DES ? "DES" :
			    "3DES");
			snprintf(v1, sizeof(v1), "%u", aes ? 16u : 8u);
			snprintf(v2, sizeof(v2), "%zu", klen);
			pair(&sb, "crypto iv length", v1, "key size", v2);
			snprintf(v1, sizeof(v1), "%u", e->life);
			snprintf(v2, sizeof(v2), "%u", secs_left(e->created,
			    e->life));
			pair(&sb, "orig life(sec)", v1, "remaining life(sec)",
			    v2);
			if (e->sig_alg != 0) {
				snprintf(v1, sizeof(v1), "%zu", e->spki_len);
				pair(&sb, "sig hash algorithm", "enabled",
				    "sig key length", v1);
				sb_printf(&sb, "    sig size           : %u\n",
				    (unsigned)e->sig_keylen / 8);
				sb_printf(&sb, "    sig key name       : %s\n",
				    cfg->ks->auth_key);
			}
			sb_puts(&sb, "    acknowledgement    : Cisco\n");
		}
		if (k->tek.valid) {
			const struct gdoi_tek_st *t = &k->tek;
			const struct esp_cipher *ec = esp_cipher_by_id(
			    t->esp_id, t->esp_id == ESP_ID_AES ? (t->keylen ?
			    t->keylen : 128) : 0);
			const struct esp_auth *ea = t->auth ?
			    esp_auth_by_id((uint8_t)t->auth) : NULL;
			vtime_t	 el = (sched_now() - t->created) / VT_SEC;
			vtime_t	 rk = timer_remaining(&k->rekey_ev);

			sb_puts(&sb, "\n  TEK POLICY (encaps : ENCAPS_TUNNEL)\n");
			sb_printf(&sb, "    spi                : 0x%X\n", t->spi);
			sb_printf(&sb, "    access-list        : %s\n", k->acl);
			sb_printf(&sb, "    transform          : %s%s%s\n",
			    ec ? ec->show : "esp", ea ? " " : "",
			    ea ? ea->keyword : "");
			snprintf(v1, sizeof(v1), "%zu", t->key_len);
			snprintf(v2, sizeof(v2), "%zu", t->ikey_len);
			pair(&sb, "alg key size", v1, "sig key size", v2);
			snprintf(v1, sizeof(v1), "%u", t->life);
			snprintf(v2, sizeof(v2), "%u", secs_left(t->created,
			    t->life));
			pair(&sb, "orig life(sec)", v1, "remaining life(sec)",
			    v2);
			snprintf(v2, sizeof(v2), "%llu", (unsigned long long)el);
			pair(&sb, "tek life(sec)", v1, "elapsed time(sec)", v2);
			pair(&sb, "override life(sec)", "0",
			    "antireplay window size", "0");
			if (rk != 0)
				sb_printf(&sb, "    time to rekey (sec): %llu\n",
				    (unsigned long long)(rk / VT_SEC));
			else
				sb_puts(&sb, "    time to rekey (sec): n/a\n");
		}
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
