/* `show crypto gdoi [group G]` and `show crypto gdoi [group G] gm`, and the
 * helpers the other GETVPN shows share (gdoi_show.h).
 *
 * A group member's group prints the GROUP INFORMATION head, the "Group
 * Member Information" block, the downloaded ACL and the KEK and TEK
 * policies; labels, order and spacing are those of the IOS-XE reference
 * outputs show_crypto_gdoi__2, show_crypto_gdoi_group_GROUP_NAME__1 and
 * show_crypto_gdoi_gm__1 (which stops after "SA Track"), the field values
 * and the seed 001/002 guide's output (IOS 15) agree with them.  Lines of
 * features vpnsim does not have (PFS rekey, fail-close revert) are left
 * out, as DESIGN.md asks.
 *
 * A key server's group prints the KS form of the IOS command reference's
 * `show crypto gdoi` example (Group Rekey Lifetime, Rekey Retransmit,
 * IPSec SA Number ... Group Server list : Local), with the indentation of
 * the IOS-XE outputs. */
#include <stdio.h>
#include <string.h>

#include "acl.h"
#include "cli.h"
#include "crypto_cfg.h"
#include "engine.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "gdoi_show.h"
#include "ipv4.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"
#include "strbuf.h"
#include "xform.h"

/* ==== shared helpers ====================================================== */

uint32_t
gdoi_show_left(vtime_t created, uint32_t life)
{
	vtime_t end = created + (vtime_t)life * VT_SEC, now = sched_now();

	return end > now ? (uint32_t)((end - now) / VT_SEC) : 0;
}

int
gdoi_show_gm_dir(struct router *r, const struct gdoi_group *cfg)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_gmg *g = p != NULL ? gdoi_gmg(p, cfg->name, false) : NULL;
	struct gdoi_state *st = gdoi_state(r);
	int	 d;

	/* The member's own rules (gdoi_gm_dir.c); before it exists, the
	 * exec command, then `passive` (seed 003 "Passive SA"). */
	if (g != NULL)
		d = gdoi_gm_dir(g);
	else if (st != NULL && st->gm_direction != GDOI_DIR_DEFAULT &&
	    (st->gm_direction_group[0] == '\0' ||
	    strcmp(st->gm_direction_group, cfg->name) == 0))
		d = st->gm_direction;
	else
		d = cfg->passive ? GDOI_DIR_INBOUND_OPTIONAL : GDOI_DIR_BOTH;
	if (d == GDOI_DIR_INBOUND_OPTIONAL)
		return GDOI_SHOW_INBOUND_OPTIONAL;
	if (d == GDOI_DIR_INBOUND_ONLY)
		return GDOI_SHOW_INBOUND_ONLY;
	return GDOI_SHOW_BOTH;
}

int
gdoi_show_ks_dir(const struct gdoi_group *cfg)
{
	return cfg->ks != NULL && cfg->ks->receive_only ?
	    GDOI_SHOW_INBOUND_ONLY : GDOI_SHOW_BOTH;
}

const char *
gdoi_show_dir_word(int dir)
{
	switch (dir) {
	case GDOI_SHOW_INBOUND_OPTIONAL:
		return "Inbound Optional";
	case GDOI_SHOW_INBOUND_ONLY:
		return "Inbound Only";
	default:
		return "Both";
	}
}

const char *
gdoi_show_group_arg(int argc, const char **argv)
{
	int	 i = cli_argv_find(argc, argv, "group");

	/* argv[3] is the first word after "show crypto gdoi". */
	return i == 3 && i + 1 < argc ? argv[i + 1] : NULL;
}

struct ipsec_sa *
gdoi_show_tek_sa(struct router *r, uint32_t spi)
{
	struct sadb *db;
	struct ipsec_sa *sa;

	if (spi == 0 || r->ipsec == NULL)
		return NULL;
	db = ipsec_sadb(r);
	for (sa = sadb_next(db, NULL); sa != NULL; sa = sadb_next(db, sa))
		if (sa->spi == spi && sa->dir == IPSEC_DIR_IN &&
		    sa->peer == 0 && sa->owner == NULL &&
		    (sa->flags & IPSEC_SA_F_PRESERVE) != 0 &&
		    sa->state == IPSEC_SA_ACTIVE)
			return sa;
	return NULL;
}

int
gdoi_show_gm_teks(struct router *r, const struct gdoi_gmg *g,
    struct ipsec_sa **out, int max)
{
	uint32_t spis[3 * (1 + GDOI_MAX_XTEK)];
	int	 n = 0, k = 0;

	if (g->status != GM_REGISTERED)
		return 0;
	if (g->pending && g->ntek.valid)
		spis[k++] = g->ntek.spi;
	if (g->tek.valid)
		spis[k++] = g->tek.spi;
	if (g->old_spi != 0)
		spis[k++] = g->old_spi;
	/* Multi-TEK: the later TEKs, in `sa ipsec` order. */
	for (int j = 0; j < g->n_xt; j++) {
		const struct gdoi_gm_xtek *xt = &g->xt[j];

		if (g->pending && xt->ntek.valid && xt->ntek.spi != xt->tek.spi)
			spis[k++] = xt->ntek.spi;
		if (xt->tek.valid)
			spis[k++] = xt->tek.spi;
		if (xt->old_spi != 0)
			spis[k++] = xt->old_spi;
	}
	for (int i = 0; i < k && n < max; i++) {
		struct ipsec_sa *sa = gdoi_show_tek_sa(r, spis[i]);
		bool	 dup = false;

		for (int j = 0; j < n; j++)
			dup |= out[j] == sa;
		if (sa != NULL && !dup)
			out[n++] = sa;
	}
	return n;
}

int
gdoi_show_tek_replay(const struct gdoi_gmg *g, uint32_t spi, uint32_t *window)
{
	const struct gdoi_tek_st *t = g->pending && g->ntek.spi == spi ?
	    &g->ntek : &g->tek;

	for (int j = 0; j < g->n_xt; j++) {	/* multi-TEK */
		const struct gdoi_gm_xtek *xt = &g->xt[j];

		if (xt->ntek.valid && xt->ntek.spi == spi)
			t = &xt->ntek;
		else if ((xt->tek.valid && xt->tek.spi == spi) ||
		    (xt->old_spi != 0 && xt->old_spi == spi))
			t = &xt->tek;
	}

	*window = t->replay_window;
	if (t->replay == GDOI_REPLAY_COUNTER || t->replay == GDOI_REPLAY_TIME)
		return t->replay;
	*window = 0;
	return GDOI_REPLAY_NONE;
}

const char *
gdoi_show_proto(uint8_t proto)
{
	switch (proto) {
	case 0:		return "ip";
	case 1:		return "icmp";
	case 2:		return "igmp";
	case 4:		return "ipinip";
	case 6:		return "tcp";
	case 17:	return "udp";
	case 47:	return "gre";
	case 50:	return "esp";
	case 51:	return "ahp";
	case 88:	return "eigrp";
	case 89:	return "ospf";
	case 103:	return "pim";
	default:	return NULL;
	}
}

void
gdoi_show_addr(char *buf, size_t len, uint32_t addr, uint32_t wild)
{
	uint32_t mask = ~wild;
	char	 a[16], m[16];
	int	 bits = 0;

	if (wild == 0xffffffffu) {
		snprintf(buf, len, "ANY");
		return;
	}
	if (wild == 0) {
		snprintf(buf, len, "%s", ip_ntoa(addr, a));
		return;
	}
	while (bits < 32 && (mask & (0x80000000u >> bits)) != 0)
		bits++;
	if (bits < 32 && (mask << bits) != 0)	/* not a prefix */
		snprintf(buf, len, "%s/%s", ip_ntoa(addr & mask, a),
		    ip_ntoa(mask, m));
	else
		snprintf(buf, len, "%s/%d", ip_ntoa(addr & mask, a), bits);
}

/* vpnsim has no engine slot for a KEK: it shows the conn-id IOS gives the
 * GDOI_REKEY SA, the one after the registration's phase-1 SA (seed 001:
 * GDOI_IDLE 1074, GDOI_REKEY 1075), one more per group sharing it. */
uint32_t
gdoi_show_kek_conn_id(struct router *r, const struct gdoi_gmg *g)
{
	struct gdoi_proto *p = gdoi_proto(r);
	const struct gdoi_gmg *o;
	uint32_t n = 1;

	if (p == NULL || g->conn_id == 0)
		return 0;
	TAILQ_FOREACH(o, &p->gm, entry) {
		if (o == g)
			break;
		if (o->conn_id == g->conn_id && o->status == GM_REGISTERED)
			n++;
	}
	return g->conn_id + n;
}

/* ==== the blocks ========================================================== */

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

static const char *
sig_hash(uint16_t h)
{
	switch (h) {
	case GDOI_SIG_HASH_MD5:		return "HMAC_AUTH_MD5";
	case GDOI_SIG_HASH_SHA256:	return "HMAC_AUTH_SHA256";
	case GDOI_SIG_HASH_SHA384:	return "HMAC_AUTH_SHA384";
	case GDOI_SIG_HASH_SHA512:	return "HMAC_AUTH_SHA512";
	default:			return "HMAC_AUTH_SHA";
	}
}

/* One "IPsec SA:" of a TEK POLICY, from the group SA itself. */
static void
tek_lines(struct strbuf *sb, const struct gdoi_gmg *g,
    const struct ipsec_sa *sa)
{
	uint64_t kb;
	uint32_t secs, win;
	int	 rp = gdoi_show_tek_replay(g, sa->spi, &win);

	ipsec_sa_remaining(sa, &kb, &secs);
	sb_puts(sb, "    IPsec SA:\n");
	sb_printf(sb, "        spi: 0x%X(%u)\n", sa->spi, sa->spi);
	sb_printf(sb, "        transform: %s%s%s\n", sa->cipher->show,
	    sa->auth != NULL ? " " : "", sa->auth != NULL ?
	    sa->auth->keyword : "");
	sb_printf(sb, "        sa timing:remaining key lifetime (sec): (%u)\n",
	    secs);
	/* Reference show_crypto_gdoi__2 "Anti-Replay(Counter Based) : 64",
	 * show_crypto_gdoi__1 and seed 001 "Anti-Replay(Time Based) : 4 sec
	 * interval". */
	if (rp == GDOI_REPLAY_COUNTER)
		sb_printf(sb, "        Anti-Replay(Counter Based) : %u\n", win);
	else if (rp == GDOI_REPLAY_TIME)
		sb_printf(sb, "        Anti-Replay(Time Based) : %u sec "
		    "interval\n", win);
	else
		sb_puts(sb, "        Anti-Replay : Disabled\n");
	sb_puts(sb, "        tag method : disabled\n");
	sb_printf(sb, "        alg key size: %zu (bytes)\n", sa->cipher->key_len);
	sb_printf(sb, "        sig key size: %zu (bytes)\n", sa->auth != NULL ?
	    sa->auth->key_len : 0);
	sb_puts(sb, "        encaps: ENCAPS_TUNNEL\n\n");
}

/* "Group Member Information For Group G:" up to "SA Track" (all of
 * `show crypto gdoi gm`); full adds the allowable/cumulative part, the
 * downloaded ACL and the KEK/TEK policies of `show crypto gdoi`. */
static void
gm_block(struct strbuf *sb, struct router *r, const struct gdoi_group *cfg,
    const struct gdoi_gmg *g, bool full)
{
	struct ipsec_sa *teks[3 * (1 + GDOI_MAX_XTEK)];
	char	 a[16], b[16];
	bool	 reg = g != NULL && g->status == GM_REGISTERED;
	int	 n_teks = reg ? gdoi_show_gm_teks(r, g, teks,
	    3 * (1 + GDOI_MAX_XTEK)) : 0;

	sb_printf(sb, "Group Member Information For Group %s:\n", cfg->name);
	sb_printf(sb, "    IPSec SA Direction       : %s\n",
	    gdoi_show_dir_word(gdoi_show_gm_dir(r, cfg)));
	sb_printf(sb, "    ACL Received From KS     : gdoi_group_%s_temp_acl\n",
	    cfg->name);
	if (g == NULL || g->local == 0)
		return;
	snprintf(a, sizeof(a), "%s", ip_ntoa(g->local, b));
	sb_printf(sb, "\n    Group member             : %-15s vrf: None\n", a);
	sb_printf(sb, "       Local addr/port       : %s/848\n", a);
	sb_printf(sb, "       Remote addr/port      : %s/848\n",
	    ip_ntoa(g->ks, b));
	sb_puts(sb, "       fvrf/ivrf             : None/None\n");
	sb_printf(sb, "       Version               : %s\n", GDOI_SW_VERSION);
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
	/* Unicast rekeys are acknowledged, multicast ones are not. */
	if (g->kek.valid && !g->kek.unicast)
		sb_printf(sb, "       Multicast rekey rcvd  : %llu\n",
		    (unsigned long long)g->n_mcast_rekeys);
	else {
		sb_printf(sb, "       Unicast rekey received: %llu\n",
		    (unsigned long long)(g->n_rekeys - g->n_mcast_rekeys));
		sb_printf(sb, "       Rekey ACKs sent       : %llu\n",
		    (unsigned long long)g->n_acks);
	}
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
	sb_printf(sb, "       Active TEK Number     : %d\n", n_teks);
	sb_puts(sb, "       SA Track (OID/status) : disabled\n");
	if (!full)
		return;
	sb_puts(sb, "\n       allowable rekey cipher: any\n");
	sb_puts(sb, "       allowable rekey hash  : any\n");
	sb_puts(sb, "       allowable transformtag: any ESP\n\n");
	sb_puts(sb, "    Rekeys cumulative\n");
	sb_printf(sb, "       Total received        : %llu\n",
	    (unsigned long long)g->n_rekeys);
	sb_printf(sb, "       After latest register : %llu\n",
	    (unsigned long long)g->n_rekeys_reg);
	sb_printf(sb, "       Rekey Acks sents      : %llu\n",
	    (unsigned long long)g->n_acks);
	if (!reg)
		return;
	sb_printf(sb, "\n ACL Downloaded From KS %s:\n", ip_ntoa(g->ks, b));
	for (int i = 0; i < g->n_aces; i++)
		gdoi_ace_text(&g->aces[i], "   ", "", "  ", sb);
	sb_puts(sb, "\nKEK POLICY:\n");
	sb_printf(sb, "    Rekey Transport Type     : %s\n",
	    g->kek.unicast ? "Unicast" : "Multicast");
	sb_printf(sb, "    Lifetime (secs)          : %u\n",
	    gdoi_show_left(g->kek.created, g->kek.life));
	sb_printf(sb, "    Encrypt Algorithm        : %s\n", kek_alg(g->kek.alg));
	sb_printf(sb, "    Key Size                 : %u\n", kek_bits(&g->kek));
	if (g->kek.sig_alg != 0) {
		sb_printf(sb, "    Sig Hash Algorithm       : %s\n",
		    sig_hash(g->kek.sig_hash));
		sb_printf(sb, "    Sig Key Length (bits)    : %u\n",
		    g->kek.sig_keylen);
	}
	sb_puts(sb, "\nTEK POLICY for the current KS-Policy ACEs Downloaded:\n");
	if (n_teks > 0) {
		sb_printf(sb, "  %s:\n", g->ifname);
		for (int i = 0; i < n_teks; i++)
			tek_lines(sb, g, teks[i]);
	}
	sb_puts(sb, "\nKGS POLICY:\n");
	sb_printf(sb, "  REG_GM: local_addr %s\n\n", a);
	sb_puts(sb, "P2P POLICY:\n");
	sb_printf(sb, "  REG_GM: local_addr %s\n", a);
}

static void
ident_line(struct strbuf *sb, const struct gdoi_group *cfg)
{
	char	 b[16];

	if (cfg->ident == GDOI_IDENT_ADDRESS)
		sb_printf(sb, "    Group Identity           : %s\n",
		    ip_ntoa(cfg->ident_value, b));
	else
		sb_printf(sb, "    Group Identity           : %u\n",
		    cfg->ident_value);
}

static void
gm_group(struct strbuf *sb, struct router *r, const struct gdoi_group *cfg)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_gmg *g = p != NULL ? gdoi_gmg(p, cfg->name, false) : NULL;
	char	 b[16];

	sb_printf(sb, "    Group Name               : %s\n", cfg->name);
	ident_line(sb, cfg);
	sb_puts(sb, "    Group Type               : GDOI (ISAKMP)\n");
	sb_puts(sb, "    Crypto Path              : ipv4\n");
	sb_puts(sb, "    Key Management Path      : ipv4\n");
	sb_printf(sb, "    Rekeys received          : %llu\n",
	    (unsigned long long)(g != NULL ? g->n_rekeys : 0));
	sb_printf(sb, "    IPSec SA Direction       : %s\n\n",
	    gdoi_show_dir_word(gdoi_show_gm_dir(r, cfg)));
	for (int j = 0; j < cfg->n_servers; j++)
		sb_printf(sb, "%s%s\n", j == 0 ?
		    "     Group Server list       : " :
		    "                               ",
		    ip_ntoa(cfg->servers[j], b));
	sb_puts(sb, "\n");
	gm_block(sb, r, cfg, g, true);
}

/* The KS form (IOS command reference `show crypto gdoi` on a KS). */
static void
ks_group(struct strbuf *sb, struct router *r, const struct gdoi_group *cfg)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_ksg *k = p != NULL ? gdoi_ksg(p, cfg->name, false) : NULL;
	const struct gdoi_ks_cfg *ks = cfg->ks;
	int	 period = 0, number = 0;

	if (!gdoi_retransmit(ks, &period, &number))
		period = number = 0;
	sb_printf(sb, "    Group Name               : %s (%s)\n", cfg->name,
	    ks->unicast ? "Unicast" : "Multicast");
	ident_line(sb, cfg);
	sb_puts(sb, "    Group Type               : GDOI (ISAKMP)\n");
	sb_puts(sb, "    Crypto Path              : ipv4\n");
	sb_puts(sb, "    Key Management Path      : ipv4\n");
	sb_printf(sb, "    Group Members            : %d\n",
	    k != NULL ? gdoi_ks_members(k) : 0);
	sb_printf(sb, "    IPSec SA Direction       : %s\n",
	    gdoi_show_dir_word(gdoi_show_ks_dir(cfg)));
	sb_printf(sb, "    Group Rekey Lifetime     : %u secs\n",
	    k != NULL && k->kek.valid ? k->kek.life :
	    gdoi_kek_lifetime(ks));
	sb_puts(sb, "    Group Rekey\n");
	sb_printf(sb, "        Remaining Lifetime   : %u secs\n",
	    k != NULL && k->kek.valid ? gdoi_show_left(k->kek.created,
	    k->kek.life) : 0);
	sb_printf(sb, "    Rekey Retransmit Period  : %d secs\n", period);
	sb_printf(sb, "    Rekey Retransmit Attempts: %d\n", number);
	sb_puts(sb, "    Group Retransmit\n");
	sb_printf(sb, "        Remaining Lifetime   : %u secs\n",
	    k != NULL ? (unsigned)(timer_remaining(&k->retx_ev) / VT_SEC) :
	    0);
	for (int i = 0; i < ks->n_sa; i++) {
		const struct gdoi_sa_ipsec *s = ks->sa[i];
		const struct ipsec_profile *pf = s->profile[0] != '\0' ?
		    ipsec_profile_find(r, s->profile) : NULL;
		/* The TEK made of this `sa ipsec` (multi-TEK: by its
		 * profile among the later ones). */
		const struct gdoi_tek_st *ct = k != NULL && k->tek.valid &&
		    i == 0 ? &k->tek : NULL;
		bool	 cur;

		for (int j = 0; ct == NULL && k != NULL && k->tek.valid &&
		    j < k->n_xt && j < i; j++)
			if (j == i - 1)
				ct = &k->xt[j].tek;
		cur = ct != NULL;

		sb_printf(sb, "\n      IPSec SA Number        : %d\n", s->seq);
		sb_printf(sb, "      IPSec SA Rekey Lifetime: %u secs\n",
		    cur ? ct->life : pf != NULL && pf->life_sec != 0 ?
		    pf->life_sec : ipsec_state(r) != NULL &&
		    ipsec_state(r)->sa_life_sec != 0 ?
		    ipsec_state(r)->sa_life_sec : 3600);
		sb_printf(sb, "      Profile Name           : %s\n", s->profile);
		if (s->replay == GDOI_REPLAY_COUNTER) {
			sb_puts(sb, "      Replay method          : Count Based\n");
			sb_printf(sb, "      Replay Window Size     : %u\n",
			    s->replay_counter);
		} else if (s->replay == GDOI_REPLAY_TIME) {
			sb_puts(sb, "      Replay method          : Time Based\n");
			sb_printf(sb, "      Replay Window Size     : %u\n",
			    s->replay_time);
		}
		sb_puts(sb, "      SA Rekey\n");
		sb_printf(sb, "         Remaining Lifetime  : %u secs\n",
		    cur ? gdoi_show_left(ct->created, ct->life) : 0);
		if (s->acl[0] != '\0')
			sb_printf(sb, "      ACL Configured         : "
			    "access-list %s\n", s->acl);
	}
	sb_puts(sb, "\n     Group Server list       : Local\n");
}

static void
show_gdoi(struct vty *vty, const char *only, bool gm_only)
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p = gdoi_proto(r);
	struct strbuf sb;
	bool	 first = true;

	memset(&sb, 0, sizeof(sb));
	for (int i = 0; st != NULL && i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];

		if (only != NULL && strcmp(only, cfg->name) != 0)
			continue;
		if (gm_only) {
			if (cfg->ks != NULL || cfg->n_servers == 0)
				continue;
			if (!first)
				sb_puts(&sb, "\n");
			gm_block(&sb, r, cfg, p != NULL ? gdoi_gmg(p,
			    cfg->name, false) : NULL, false);
			first = false;
			continue;
		}
		if (!first)
			sb_puts(&sb, "\n");
		first = false;
		/* `show crypto gdoi group G` has no title line. */
		if (only == NULL)
			sb_puts(&sb, "GROUP INFORMATION\n\n");
		if (cfg->ks != NULL)
			ks_group(&sb, r, cfg);
		else
			gm_group(&sb, r, cfg);
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

#define SHOW_GDOI_HELP	SHOW_STR CRYPTO_STR "Show GDOI information\n"
#define GROUP_HELP	"Display information for a specific group\n" \
			"Group name\n"

DEFUN(show_gdoi_all, "show crypto gdoi [group WORD]",
    SHOW_GDOI_HELP GROUP_HELP)
{
	show_gdoi(vty, gdoi_show_group_arg(argc, argv), false);
	return CMD_SUCCESS;
}

DEFUN(show_gdoi_gm, "show crypto gdoi [group WORD] gm",
    SHOW_GDOI_HELP GROUP_HELP "Group member information\n")
{
	show_gdoi(vty, gdoi_show_group_arg(argc, argv), true);
	return CMD_SUCCESS;
}

void
gdoi_show_init(void)
{
	cli_install(ENABLE_NODE, &show_gdoi_all_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_gm_cmd);
	gdoi_show2_init();
	gdoi_show_ks_init();
	gdoi_show_rekey_init();
	eli_show_init();
}
