/* The protocol's show commands: `show crypto gdoi` (the GM's GROUP
 * INFORMATION block and the KS form), `show crypto gdoi gm` and `show
 * crypto gdoi ks members`.  Layout (labels, order, spacing) from the
 * IOS-XE reference outputs show_crypto_gdoi__2.txt, show_crypto_gdoi_gm__1
 * and show_crypto_gdoi_ks_members__1, values from the live state. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "gdoi_show.h"
#include "ipv4.h"
#include "router.h"
#include "sadb.h"
#include "strbuf.h"
#include "xform.h"

#define GM_VERSION	"1.0.26"

static uint32_t
left(vtime_t created, uint32_t life)
{
	vtime_t end = created + (vtime_t)life * VT_SEC, now = sched_now();

	return end > now ? (uint32_t)((end - now) / VT_SEC) : 0;
}

static const char *
kek_alg(uint16_t a)
{
	return a == GDOI_KEK_ALG_AES ? "AES" : a == GDOI_KEK_ALG_DES ? "DES" :
	    "3DES";
}

static unsigned
kek_bits(const struct gdoi_kek_st *k)
{
	if (k->alg == GDOI_KEK_ALG_AES)
		return k->keylen;
	return k->alg == GDOI_KEK_ALG_DES ? 64 : 192;
}

static void
tek_lines(struct strbuf *sb, const struct gdoi_tek_st *t)
{
	const struct esp_cipher *ec = esp_cipher_by_id(t->esp_id,
	    t->esp_id == ESP_ID_AES ? (t->keylen ? t->keylen : 128) : 0);
	const struct esp_auth *ea = t->auth ? esp_auth_by_id((uint8_t)t->auth) :
	    NULL;

	sb_puts(sb, "    IPsec SA:\n");
	sb_printf(sb, "        spi: 0x%X(%u)\n", t->spi, t->spi);
	sb_printf(sb, "        transform: %s%s%s\n", ec ? ec->show : "esp",
	    ea ? " " : "", ea ? ea->keyword : "");
	sb_printf(sb, "        sa timing:remaining key lifetime (sec): (%u)\n",
	    left(t->created, t->life));
	sb_puts(sb, "        Anti-Replay : Disabled\n");
	sb_puts(sb, "        tag method : disabled\n");
	sb_printf(sb, "        alg key size: %zu (bytes)\n", t->key_len);
	sb_printf(sb, "        sig key size: %zu (bytes)\n", t->ikey_len);
	sb_puts(sb, "        encaps: ENCAPS_TUNNEL\n\n");
}

static void
gm_block(struct strbuf *sb, const struct gdoi_group *cfg,
    const struct gdoi_gmg *g)
{
	char	 a[16], b[16];
	bool	 reg = g != NULL && g->status == GM_REGISTERED;

	sb_printf(sb, "Group Member Information For Group %s:\n", cfg->name);
	sb_puts(sb, "    IPSec SA Direction       : Both\n");
	sb_printf(sb, "    ACL Received From KS     : gdoi_group_%s_temp_acl\n\n",
	    cfg->name);
	if (g == NULL || g->local == 0)
		return;
	snprintf(a, sizeof(a), "%s", ip_ntoa(g->local, b));
	sb_printf(sb, "    Group member             : %-15s vrf: None\n", a);
	sb_printf(sb, "       Local addr/port       : %s/848\n", a);
	sb_printf(sb, "       Remote addr/port      : %s/848\n",
	    ip_ntoa(g->ks, b));
	sb_puts(sb, "       fvrf/ivrf             : None/None\n");
	sb_printf(sb, "       Version               : %s\n", GM_VERSION);
	sb_printf(sb, "       Registration status   : %s\n",
	    reg ? "Registered" : g->busy ? "Registering" : "Not registered");
	if (reg) {
		sb_printf(sb, "       Registered with       : %s\n",
		    ip_ntoa(g->ks, b));
		sb_printf(sb, "       Re-registers in       : %u sec\n",
		    (unsigned)(timer_remaining(&g->rereg_ev) / VT_SEC));
	}
	sb_printf(sb, "       Succeeded registration: %u\n", g->n_success);
	sb_printf(sb, "       Attempted registration: %u\n", g->n_attempts);
	sb_printf(sb, "       Last rekey from       : %s\n",
	    ip_ntoa(g->rekey_from, b));
	sb_printf(sb, "       Last rekey seq num    : %u\n", g->last_seq);
	sb_printf(sb, "       Unicast rekey received: %llu\n",
	    (unsigned long long)(g->kek.unicast ? g->n_rekeys : 0));
	sb_printf(sb, "       Rekey ACKs sent       : %llu\n",
	    (unsigned long long)g->n_acks);
	{
		/* Time since the last rekey (00:00:00 before any). */
		vtime_t ago = g->n_rekeys ? (sched_now() - g->rekey_at) /
		    VT_SEC : 0;

		sb_printf(sb, "       Rekey Rcvd(hh:mm:ss)  : %02u:%02u:%02u\n",
		    (unsigned)(ago / 3600), (unsigned)(ago / 60 % 60),
		    (unsigned)(ago % 60));
	}
	sb_puts(sb, "       DP Error Monitoring   : OFF\n");
	sb_puts(sb, "       IPSEC init reg executed    : 0\n");
	sb_puts(sb, "       IPSEC init reg postponed   : 0\n");
	sb_printf(sb, "       Active TEK Number     : %d\n",
	    reg && g->tek.valid ? 1 : 0);
	sb_puts(sb, "       SA Track (OID/status) : disabled\n\n");
	sb_puts(sb, "       allowable rekey cipher: any\n");
	sb_puts(sb, "       allowable rekey hash  : any\n");
	sb_puts(sb, "       allowable transformtag: any ESP\n\n");
	sb_puts(sb, "    Rekeys cumulative\n");
	sb_printf(sb, "       Total received        : %llu\n",
	    (unsigned long long)g->n_rekeys);
	sb_printf(sb, "       After latest register : %llu\n",
	    (unsigned long long)g->n_rekeys_reg);
	sb_printf(sb, "       Rekey Acks sents      : %llu\n\n",
	    (unsigned long long)g->n_acks);
	if (!reg)
		return;
	sb_printf(sb, " ACL Downloaded From KS %s:\n", ip_ntoa(g->ks, b));
	for (int i = 0; i < g->n_aces; i++)
		gdoi_ace_text(&g->aces[i], "   ", "", "  ", sb);
	sb_puts(sb, "\nKEK POLICY:\n");
	sb_printf(sb, "    Rekey Transport Type     : %s\n",
	    g->kek.unicast ? "Unicast" : "Multicast");
	sb_printf(sb, "    Lifetime (secs)          : %u\n",
	    left(g->kek.created, g->kek.life));
	sb_printf(sb, "    Encrypt Algorithm        : %s\n", kek_alg(g->kek.alg));
	sb_printf(sb, "    Key Size                 : %u\n", kek_bits(&g->kek));
	if (g->kek.sig_alg != 0) {
		sb_puts(sb, "    Sig Hash Algorithm       : HMAC_AUTH_SHA\n");
		sb_printf(sb, "    Sig Key Length (bits)    : %u\n",
		    g->kek.sig_keylen);
	}
	sb_puts(sb, "\nTEK POLICY for the current KS-Policy ACEs Downloaded:\n");
	if (g->tek.valid) {
		sb_printf(sb, "  %s:\n", g->ifname);
		tek_lines(sb, &g->tek);
	}
	sb_puts(sb, "\nKGS POLICY:\n");
	sb_printf(sb, "  REG_GM: local_addr %s\n\n", a);
	sb_puts(sb, "P2P POLICY:\n");
	sb_printf(sb, "  REG_GM: local_addr %s\n", a);
}

static void
group_head(struct strbuf *sb, const struct gdoi_group *cfg)
{
	char	 b[16];

	sb_puts(sb, "GROUP INFORMATION\n\n");
	sb_printf(sb, "    Group Name               : %s\n", cfg->name);
	if (cfg->ident == GDOI_IDENT_ADDRESS)
		sb_printf(sb, "    Group Identity           : %s\n",
		    ip_ntoa(cfg->ident_value, b));
	else
		sb_printf(sb, "    Group Identity           : %u\n",
		    cfg->ident_value);
	sb_puts(sb, "    Group Type               : GDOI (ISAKMP)\n");
}

static void
ks_block(struct strbuf *sb, struct router *r, const struct gdoi_group *cfg)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_ksg *k = p ? gdoi_ksg(p, cfg->name, false) : NULL;
	const struct gdoi_ks_cfg *ks = cfg->ks;
	int	 n = k ? gdoi_ks_members(k) : 0;

	sb_printf(sb, "Total group members registered to this box: %d\n\n", n);
	sb_printf(sb, "Key Server Information For Group %s:\n", cfg->name);
	sb_printf(sb, "    Group Name               : %s\n", cfg->name);
	sb_puts(sb, "    Re-auth on new CRL       : Disabled\n");
	sb_printf(sb, "    Group Identity           : %u\n", cfg->ident_value);
	sb_puts(sb, "    Group Type               : GDOI (ISAKMP)\n");
	sb_printf(sb, "    Group Members            : %d\n", n);
	sb_puts(sb, "    Rekey Acknowledgement Cfg: Cisco\n");
	sb_puts(sb, "    IPSec SA Direction       : Both\n");
	sb_puts(sb, "    IP D3P Window            : Disabled\n");
	sb_puts(sb, "    Split Resiliency Factor  : 0\n");
	sb_puts(sb, "    CKM status               : Disabled\n");
	sb_puts(sb, "    ACL Configured:\n");
	for (int i = 0; i < ks->n_sa; i++)
		if (ks->sa[i]->acl[0] != '\0')
			sb_printf(sb, "        access-list %s\n", ks->sa[i]->acl);
	if (k != NULL && k->kek.valid) {
		sb_puts(sb, "\n    Rekey Transport Type     : ");
		sb_puts(sb, ks->unicast ? "Unicast\n" : "Multicast\n");
		sb_printf(sb, "    Lifetime (secs)          : %u\n",
		    left(k->kek.created, k->kek.life));
		sb_printf(sb, "    Encrypt Algorithm        : %s\n",
		    kek_alg(k->kek.alg));
		sb_printf(sb, "    Key Size                 : %u\n",
		    kek_bits(&k->kek));
	}
	if (k != NULL && k->tek.valid) {
		sb_puts(sb, "\n    TEK POLICY for the current KS-Policy ACEs:\n");
		tek_lines(sb, &k->tek);
	}
}

static void
show_gdoi(struct vty *vty, bool gm_only)
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	struct strbuf sb;

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		char	 b[16];

		if (cfg->ks != NULL) {
			if (gm_only)
				continue;
			group_head(&sb, cfg);
			sb_puts(&sb, "\n");
			ks_block(&sb, r, cfg);
			sb_puts(&sb, "\n");
			continue;
		}
		if (!gm_only) {
			group_head(&sb, cfg);
			sb_puts(&sb, "    Crypto Path              : ipv4\n");
			sb_puts(&sb, "    Key Management Path      : ipv4\n");
			struct gdoi_gmg *gg = p ? gdoi_gmg(p, cfg->name,
			    false) : NULL;

			sb_printf(&sb, "    Rekeys received          : %llu\n",
			    (unsigned long long)(gg ? gg->n_rekeys : 0));
			sb_puts(&sb, "    IPSec SA Direction       : Both\n\n");
			for (int j = 0; j < cfg->n_servers; j++)
				sb_printf(&sb, "%s%s\n", j == 0 ?
				    "     Group Server list       : " :
				    "                               ",
				    ip_ntoa(cfg->servers[j], b));
			sb_puts(&sb, "\n");
		}
		gm_block(&sb, cfg, p ? gdoi_gmg(p, cfg->name, false) : NULL);
		sb_puts(&sb, "\n");
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

#define SHOW_GDOI_HELP	SHOW_STR CRYPTO_STR "Show GDOI information\n"

DEFUN(show_gdoi_all, "show crypto gdoi", SHOW_GDOI_HELP)
{
	show_gdoi(vty, false);
	return CMD_SUCCESS;
}

DEFUN(show_gdoi_gm, "show crypto gdoi gm",
    SHOW_GDOI_HELP "Group member information\n")
{
	show_gdoi(vty, true);
	return CMD_SUCCESS;
}

DEFUN(show_gdoi_members, "show crypto gdoi ks members",
    SHOW_GDOI_HELP "Key server information\n" "Group members information\n")
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	struct strbuf sb;
	char	 b[16];

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; p != NULL && st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		struct gdoi_ksg *k;
		struct gdoi_member *m;

		if (cfg->ks == NULL)
			continue;
		k = gdoi_ksg(p, cfg->name, false);
		sb_printf(&sb, "\nNumber of rekeys sent for group %s : %llu\n",
		    cfg->name, (unsigned long long)(k ? k->n_rekeys : 0));
		sb_printf(&sb, "Number of retransmits during the last rekey for "
		    "group %s : %llu\n", cfg->name,
		    (unsigned long long)(k ? k->n_retx : 0));
		sb_printf(&sb, "Duration of the last rekey for group %s : 0 "
		    "msec\n", cfg->name);
		if (k == NULL)
			continue;
		TAILQ_FOREACH(m, &k->members, entry) {
			char	 a[16];

			snprintf(a, sizeof(a), "%s", ip_ntoa(m->addr, b));
			sb_printf(&sb, "\nGroup Member ID    : %-11s GM Version: "
			    "%s\n", a, GM_VERSION);
			sb_printf(&sb, " Group ID          : %u\n",
			    cfg->ident_value);
			sb_printf(&sb, " Group Name        : %s\n", cfg->name);
			sb_puts(&sb, " Group Type        : GDOI (ISAKMP)\n");
			sb_puts(&sb, " GM State          : Registered\n");
			sb_printf(&sb, " Key Server ID     : %s\n",
			    ip_ntoa(m->ks, b));
			sb_printf(&sb, " Rekeys sent       : %llu\n",
			    (unsigned long long)m->n_rekeys);
			sb_printf(&sb, " Rekeys retries    : %llu\n",
			    (unsigned long long)m->n_retries);
			sb_printf(&sb, " Rekey Acks Rcvd   : %llu\n",
			    (unsigned long long)m->n_acks);
			sb_printf(&sb, " Rekey Acks missed : %llu\n\n",
			    (unsigned long long)m->n_missed_total);
			sb_printf(&sb, " Sent seq num : %-5u 0     0     0     "
			    "\n", m->sent_seq);
			sb_printf(&sb, " Rcvd seq num : %-5u 0     0     0     "
			    "\n\n", m->rcvd_seq);
		}
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

void
gdoi_show_init(void)
{
	cli_install(ENABLE_NODE, &show_gdoi_all_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_gm_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_members_cmd);
	gdoi_show2_init();
}
