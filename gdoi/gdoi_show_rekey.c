/* The group member's rekey and group-SA shows:
 *   show crypto gdoi [group G] gm rekey [detail]
 *   show crypto gdoi [group G] rekey sa
 *   show crypto gdoi [group G] ipsec sa
 *
 * Layouts: `gm rekey` from the guide (seeds 001/002: "Group G1
 * (Unicast)", "Number of Rekeys received (cumulative) : 340" ...) with
 * the spacing and the detail table of the IOS-XE reference output
 * show_crypto_gdoi_gm_rekey_detail__1; `rekey sa` from the guide (seed
 * 001, IOS 15.4(1)T and later: "GETVPN REKEY SA", dst src conn-id status)
 * and show_crypto_gdoi_rekey_sa__1; `ipsec sa` from
 * show_crypto_gdoi_ipsec_sa__1 (every line of the downloaded policy, once
 * per TEK, newest first).
 *
 * The GM's rekey counters of bad signatures and refused sequence numbers
 * (n_sig_fail, n_seq_fail) have no field in any of these IOS outputs: IOS
 * reports them by syslog only, so they are not printed here. */
#include <stdio.h>
#include <string.h>

#include "acl.h"
#include "cli.h"
#include "gdoi_cfg.h"
#include "gdoi_proto.h"
#include "gdoi_show.h"
#include "ipv4.h"
#include "router.h"
#include "sa.h"
#include "strbuf.h"

#define SHOW_GDOI_HELP	SHOW_STR CRYPTO_STR "Show GDOI information\n" \
			"Display information for a specific group\n" \
			"Group name\n"

/* The registered GM groups of r (limited to `only`), in config order. */
static struct gdoi_gmg *
next_gm(struct router *r, const char *only, int *i)
{
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);

	for (; p != NULL && st != NULL && *i < st->n_groups; (*i)++) {
		const struct gdoi_group *cfg = st->groups[*i];
		struct gdoi_gmg *g;

		if (cfg->ks != NULL ||
		    (only != NULL && strcmp(only, cfg->name) != 0) ||
		    (g = gdoi_gmg(p, cfg->name, false)) == NULL)
			continue;
		(*i)++;
		return g;
	}
	return NULL;
}

/* ---- show crypto gdoi gm rekey ------------------------------------------- */

static void
cookie(char *buf, size_t len, const uint8_t *c)
{
	snprintf(buf, len, "%02X%02X%02X%02X", c[0], c[1], c[2], c[3]);
}

DEFUN(show_gdoi_gm_rekey, "show crypto gdoi [group WORD] gm rekey [detail]",
    SHOW_GDOI_HELP "Group member information\n" "Rekey information\n"
    "Detailed rekey information\n")
{
	struct router *r = vty_router(vty);
	const char *only = gdoi_show_group_arg(argc, argv);
	bool	 detail = cli_argv_find(argc, argv, "detail") >= 0;
	struct gdoi_gmg *g;
	struct strbuf sb;
	int	 i = 0;
	bool	 first = true;

	memset(&sb, 0, sizeof(sb));
	while ((g = next_gm(r, only, &i)) != NULL) {
		if (!first)
			sb_puts(&sb, detail ? "\n\n" : "\n");
		first = false;
		sb_printf(&sb, "Group %s (%s)\n", g->name,
		    g->kek.valid && !g->kek.unicast ? "Multicast" : "Unicast");
		sb_printf(&sb, "    Number of Rekeys received (cumulative)       "
		    ": %llu\n", (unsigned long long)g->n_rekeys);
		sb_printf(&sb, "    Number of Rekeys received after registration "
		    ": %llu\n", (unsigned long long)g->n_rekeys_reg);
		sb_printf(&sb, "    Number of Rekey Acks sent                    "
		    ": %llu\n", (unsigned long long)g->n_acks);
		if (!detail)
			continue;
		sb_puts(&sb, "\nRekey (KEK) SA information :\n");
		sb_puts(&sb, "          dst             src             conn-id  "
		    "my-cookie  his-cookie\n");
		if (g->status == GM_REGISTERED && g->kek.valid) {
			char	 d[16], s[16], c1[12], c2[12];

			ip_ntoa(g->kek.rekey_dst != 0 ? g->kek.rekey_dst :
			    g->local, d);
			ip_ntoa(g->kek.rekey_src != 0 ? g->kek.rekey_src :
			    g->ks, s);
			cookie(c1, sizeof(c1), g->kek.spi);
			cookie(c2, sizeof(c2), g->kek.spi + 8);
			sb_printf(&sb, "New     : %-16s%-16s%6u   %-8s   %s\n",
			    d, s, gdoi_show_kek_conn_id(r, g), c1, c2);
		} else
			sb_puts(&sb, "New     : ---             ---           "
			    "    ---    ---        ---\n");
		sb_puts(&sb, "Current : ---             ---               ---"
		    "    ---        ---\n");
		sb_puts(&sb, "Previous: ---             ---               ---"
		    "    ---        ---\n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

/* ---- show crypto gdoi rekey sa -------------------------------------------- */

DEFUN(show_gdoi_rekey_sa, "show crypto gdoi [group WORD] rekey sa",
    SHOW_GDOI_HELP "Rekey information\n" "Rekey (KEK) security associations\n")
{
	struct router *r = vty_router(vty);
	const char *only = gdoi_show_group_arg(argc, argv);
	struct gdoi_gmg *g;
	struct strbuf sb;
	int	 i = 0;

	memset(&sb, 0, sizeof(sb));
	sb_puts(&sb, "GETVPN REKEY SA\n");
	sb_puts(&sb, "dst             src             conn-id         status\n");
	while ((g = next_gm(r, only, &i)) != NULL) {
		char	 d[16], s[16];

		if (g->status != GM_REGISTERED || !g->kek.valid)
			continue;
		/* A multicast KEK is the rekey group's SA. */
		ip_ntoa(g->kek.rekey_dst != 0 ? g->kek.rekey_dst : g->local, d);
		ip_ntoa(g->kek.rekey_src != 0 ? g->kek.rekey_src : g->ks, s);
		sb_printf(&sb, "%-16s%-16s%-16u%s\n", d, s,
		    gdoi_show_kek_conn_id(r, g),
		    gdoi_show_left(g->kek.created, g->kek.life) > 0 ?
		    "ACTIVE" : "EXPIRED");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

/* ---- show crypto gdoi ipsec sa -------------------------------------------- */

static void
ident(struct strbuf *sb, const char *which, uint32_t addr, uint32_t wild,
    uint8_t proto, uint16_t lo, uint16_t hi)
{
	char	 a[40];

	gdoi_show_addr(a, sizeof(a), addr, wild);
	sb_printf(sb, "      %s = %s, port = %u\n", which, a,
	    (proto == 6 || proto == 17) && lo == hi ? lo : 0);
}

/* The replay policy of the TEK that spi belongs to ("Counter/64" in the
 * reference output; the time-based and no-replay words follow it). */
static void
replay_words(const struct gdoi_gmg *g, uint32_t spi, char *buf, size_t len)
{
	uint32_t w;
	int	 rp = gdoi_show_tek_replay(g, spi, &w);

	if (rp == GDOI_REPLAY_COUNTER)
		snprintf(buf, len, "Counter/%u", w);
	else if (rp == GDOI_REPLAY_TIME)
		snprintf(buf, len, "Time/%u", w);
	else
		snprintf(buf, len, "None/0");
}

/* Multi-TEK: which TEK (0: the first `sa ipsec`, i: xt[i - 1]) an SA
 * of g belongs to, by its SPI (current, pending or previous). */
static int
tek_index(const struct gdoi_gmg *g, uint32_t spi)
{
	for (int j = 0; j < g->n_xt; j++) {
		const struct gdoi_gm_xtek *xt = &g->xt[j];

		if ((xt->tek.valid && xt->tek.spi == spi) ||
		    (xt->ntek.valid && xt->ntek.spi == spi) ||
		    (xt->old_spi != 0 && xt->old_spi == spi))
			return j + 1;
	}
	return 0;
}

DEFUN(show_gdoi_ipsec_sa, "show crypto gdoi [group WORD] ipsec sa",
    SHOW_GDOI_HELP "IPsec information\n" "IPsec security associations\n")
{
	struct router *r = vty_router(vty);
	const char *only = gdoi_show_group_arg(argc, argv);
	struct gdoi_gmg *g;
	struct strbuf sb;
	int	 i = 0;

	memset(&sb, 0, sizeof(sb));
	while ((g = next_gm(r, only, &i)) != NULL) {
		const struct gdoi_group *cfg = gdoi_group_find(r, g->name);
		struct ipsec_sa *teks[3 * (1 + GDOI_MAX_XTEK)];
		int	 n = gdoi_show_gm_teks(r, g, teks,
		    3 * (1 + GDOI_MAX_XTEK));
		const char *dir = gdoi_show_dir_word(cfg != NULL ?
		    gdoi_show_gm_dir(r, cfg) : GDOI_SHOW_BOTH);

		if (n == 0)
			continue;
		sb_printf(&sb, "SA created for group %s:\n", g->name);
		sb_printf(&sb, "  %s:\n", g->ifname);
		for (int t = 0; t < n; t++) {
			char	 rp[32];

			int	 ti = tek_index(g, teks[t]->spi);

			replay_words(g, teks[t]->spi, rp, sizeof(rp));
			for (int j = 0; j < g->n_aces; j++) {
				const struct acl_entry_view *v = &g->aces[j];
				const char *pw = gdoi_show_proto(v->proto);

				if (g->ace_tek[j] != ti)
					continue;	/* another TEK's */

				if (pw != NULL)
					sb_printf(&sb, "    protocol = %s\n", pw);
				else
					sb_printf(&sb, "    protocol = %u\n",
					    v->proto);
				ident(&sb, "local ident ", v->src, v->src_wild,
				    v->proto, v->sport_lo, v->sport_hi);
				ident(&sb, "remote ident", v->dst, v->dst_wild,
				    v->proto, v->dport_lo, v->dport_hi);
				sb_printf(&sb, "      direction: %s, "
				    "replay(method/window): %s\n", dir, rp);
			}
		}
		sb_puts(&sb, "\n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

void
gdoi_show_rekey_init(void)
{
	cli_install(ENABLE_NODE, &show_gdoi_gm_rekey_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_rekey_sa_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_ipsec_sa_cmd);
}
