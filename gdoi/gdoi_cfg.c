/* GETVPN configuration model: groups, key server and group member parts,
 * rekey-triggering change tracking, running-config text, and the GDOI
 * way of printing ACL entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "gdoi.h"
#include "gdoi_cfg.h"
#include "gdoi_proto.h"
#include "gdoi_codec.h"
#include "ipv4.h"
#include "router.h"
#include "strbuf.h"

void (*gdoi_rekey_hook)(struct router *, const char *, unsigned);
void (*gdoi_clear_hook)(struct router *, const char *);

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	if (p == NULL)
		abort();
	return p;
}

static void *
xrealloc(void *p, size_t sz)
{
	if ((p = realloc(p, sz ? sz : 1)) == NULL)
		abort();
	return p;
}

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* ---- per router -------------------------------------------------------- */

struct gdoi_state *
gdoi_state(struct router *r)
{
	return r != NULL ? r->gdoi : NULL;
}

void
gdoi_router_init(struct router *r)
{
	if (r->gdoi == NULL)
		r->gdoi = xcalloc(1, sizeof(struct gdoi_state));
	gdoi_proto_router_init(r);	/* the protocol (gdoi_pull.c) */
}

static void
group_free(struct gdoi_group *g)
{
	if (g == NULL)
		return;
	gdoi_ks_delete(g);
	free(g);
}

void
gdoi_router_free(struct router *r)
{
	struct gdoi_state *st;

	if (r == NULL || (st = r->gdoi) == NULL)
		return;
	if (st->proto != NULL && st->proto_free != NULL)
		st->proto_free(st->proto);
	for (int i = 0; i < st->n_groups; i++)
		group_free(st->groups[i]);
	free(st->groups);
	free(st);
	r->gdoi = NULL;
}

/* ---- groups ------------------------------------------------------------ */

struct gdoi_group *
gdoi_group_find(struct router *r, const char *name)
{
	struct gdoi_state *st = gdoi_state(r);

	if (st == NULL || name == NULL)
		return NULL;
	for (int i = 0; i < st->n_groups; i++)
		if (strcmp(st->groups[i]->name, name) == 0)
			return st->groups[i];
	return NULL;
}

struct gdoi_group *
gdoi_group_get(struct router *r, const char *name, bool *created)
{
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_group *g;

	if (created != NULL)
		*created = false;
	if (st == NULL)
		return NULL;
	if ((g = gdoi_group_find(r, name)) != NULL)
		return g;
	g = xcalloc(1, sizeof(*g));
	copy(g->name, sizeof(g->name), name);
	st->groups = xrealloc(st->groups,
	    (size_t)(st->n_groups + 1) * sizeof(*st->groups));
	st->groups[st->n_groups++] = g;
	if (created != NULL)
		*created = true;
	return g;
}

void
gdoi_group_delete(struct router *r, const char *name)
{
	struct gdoi_state *st = gdoi_state(r);

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_groups; i++) {
		if (strcmp(st->groups[i]->name, name) != 0)
			continue;
		group_free(st->groups[i]);
		memmove(&st->groups[i], &st->groups[i + 1],
		    (size_t)(st->n_groups - i - 1) * sizeof(*st->groups));
		st->n_groups--;
		return;
	}
}

struct gdoi_ks_cfg *
gdoi_ks_get(struct gdoi_group *g)
{
	if (g->ks == NULL)
		g->ks = xcalloc(1, sizeof(*g->ks));
	return g->ks;
}

void
gdoi_ks_delete(struct gdoi_group *g)
{
	struct gdoi_ks_cfg *ks = g->ks;

	if (ks == NULL)
		return;
	for (int i = 0; i < ks->n_sa; i++)
		free(ks->sa[i]);
	free(ks->sa);
	free(ks);
	g->ks = NULL;
}

struct gdoi_sa_ipsec *
gdoi_sa_find(const struct gdoi_ks_cfg *ks, int seq)
{
	if (ks == NULL)
		return NULL;
	for (int i = 0; i < ks->n_sa; i++)
		if (ks->sa[i]->seq == seq)
			return ks->sa[i];
	return NULL;
}

struct gdoi_sa_ipsec *
gdoi_sa_get(struct gdoi_ks_cfg *ks, int seq, bool *created)
{
	struct gdoi_sa_ipsec *s;
	int	 i;

	if (created != NULL)
		*created = false;
	if ((s = gdoi_sa_find(ks, seq)) != NULL)
		return s;
	s = xcalloc(1, sizeof(*s));
	s->seq = seq;
	ks->sa = xrealloc(ks->sa, (size_t)(ks->n_sa + 1) * sizeof(*ks->sa));
	for (i = ks->n_sa; i > 0 && ks->sa[i - 1]->seq > seq; i--)
		ks->sa[i] = ks->sa[i - 1];
	ks->sa[i] = s;
	ks->n_sa++;
	if (created != NULL)
		*created = true;
	return s;
}

void
gdoi_sa_delete(struct gdoi_ks_cfg *ks, int seq)
{
	for (int i = 0; ks != NULL && i < ks->n_sa; i++) {
		if (ks->sa[i]->seq != seq)
			continue;
		free(ks->sa[i]);
		memmove(&ks->sa[i], &ks->sa[i + 1],
		    (size_t)(ks->n_sa - i - 1) * sizeof(*ks->sa));
		ks->n_sa--;
		return;
	}
}

bool
gdoi_server_add(struct gdoi_group *g, uint32_t addr)
{
	for (int i = 0; i < g->n_servers; i++)
		if (g->servers[i] == addr)
			return true;
	if (g->n_servers == GDOI_MAX_SERVERS)
		return false;
	g->servers[g->n_servers++] = addr;
	return true;
}

void
gdoi_server_del(struct gdoi_group *g, uint32_t addr)
{
	for (int i = 0; i < g->n_servers; i++) {
		if (g->servers[i] != addr)
			continue;
		memmove(&g->servers[i], &g->servers[i + 1],
		    (size_t)(g->n_servers - i - 1) * sizeof(g->servers[0]));
		g->n_servers--;
		return;
	}
}

/* ---- effective values -------------------------------------------------- */

uint32_t
gdoi_kek_lifetime(const struct gdoi_ks_cfg *ks)
{
	return ks != NULL && ks->kek_life != 0 ? ks->kek_life :
	    GDOI_DEFAULT_KEK_LIFE;
}

uint16_t
gdoi_rekey_alg(const struct gdoi_ks_cfg *ks)
{
	/* Seeds 001/002: no `rekey algorithm` -> "Encrypt Algorithm : 3DES". */
	return ks != NULL && ks->rekey_alg != 0 ? ks->rekey_alg :
	    GDOI_KEK_ALG_3DES;
}

uint16_t
gdoi_rekey_keylen(const struct gdoi_ks_cfg *ks)
{
	if (gdoi_rekey_alg(ks) == GDOI_KEK_ALG_AES)
		return ks->rekey_keylen != 0 ? ks->rekey_keylen : 128;
	return gdoi_rekey_alg(ks) == GDOI_KEK_ALG_DES ? 64 : 192;
}

bool
gdoi_retransmit(const struct gdoi_ks_cfg *ks, int *period, int *number)
{
	*period = GDOI_DEFAULT_RETX_PERIOD;
	*number = GDOI_DEFAULT_RETX_NUMBER;
	if (ks == NULL)
		return true;
	if (ks->retx == GDOI_RETX_OFF) {
		*period = *number = 0;
		return false;
	}
	if (ks->retx == GDOI_RETX_SET) {
		*period = ks->retx_period;
		*number = ks->retx_number;
	}
	return true;
}

/* ---- changes ----------------------------------------------------------- */

void
gdoi_cfg_change(struct router *r, struct gdoi_group *g, unsigned change,
    bool immediate)
{
	if (g == NULL || change == 0)
		return;
	/* Only a key server rekeys; a GM's group never triggers one. */
	if (g->ks == NULL)
		return;
	if (!immediate) {
		g->pending |= change;
		return;
	}
	if (gdoi_rekey_hook != NULL)
		gdoi_rekey_hook(r, g->name, change);
}

void
gdoi_cfg_commit(struct router *r)
{
	struct gdoi_state *st = gdoi_state(r);

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_groups; i++) {
		struct gdoi_group *g = st->groups[i];
		unsigned p = g->pending;

		g->pending = 0;
		if (p != 0 && g->ks != NULL && gdoi_rekey_hook != NULL)
			gdoi_rekey_hook(r, g->name, p);
	}
}

void
gdoi_clear(struct router *r, const char *group)
{
	struct gdoi_state *st = gdoi_state(r);

	if (st == NULL)
		return;
	st->n_clears++;
	copy(st->last_clear_group, sizeof(st->last_clear_group), group);
	if (gdoi_clear_hook != NULL)
		gdoi_clear_hook(r, group);
}

/* ---- running-config ---------------------------------------------------- */

static const char *
ntoa(uint32_t a, char buf[16])
{
	return ip_ntoa(a, buf);
}

static const char *const cipher_words[] = {
	[GDOI_CC_DES] = "des", [GDOI_CC_3DES] = "3des",
	[GDOI_CC_AES128] = "aes 128", [GDOI_CC_AES192] = "aes 192",
	[GDOI_CC_AES256] = "aes 256",
};
static const char *const hash_words[] = {
	[GDOI_CH_SHA] = "sha", [GDOI_CH_SHA256] = "sha256",
	[GDOI_CH_SHA384] = "sha384", [GDOI_CH_SHA512] = "sha512",
};

/* Order of the KS lines: seed 003's "diffint" example (rekey algorithm,
 * rekey address, rekey lifetime, [no] rekey retransmit, rekey
 * authentication) and "Key Server 1" (... rekey transport unicast, sa
 * ipsec, address ipv4, redundancy); authorization before sa ipsec as in
 * Cisco's GETVPN design guide configurations. */
static void
write_ks(const struct gdoi_ks_cfg *ks, struct strbuf *sb)
{
	char	 b[16];

	sb_puts(sb, " server local\n");
	if (ks->rekey_alg == GDOI_KEK_ALG_3DES)
		sb_puts(sb, "  rekey algorithm 3des\n");
	else if (ks->rekey_alg == GDOI_KEK_ALG_AES)
		sb_printf(sb, "  rekey algorithm aes %u\n",
		    ks->rekey_keylen ? ks->rekey_keylen : 128);
	else if (ks->rekey_alg == GDOI_KEK_ALG_DES)
		sb_puts(sb, "  rekey algorithm des\n");
	if (ks->rekey_acl[0] != '\0')
		sb_printf(sb, "  rekey address ipv4 %s\n", ks->rekey_acl);
	if (ks->kek_life != 0)
		sb_printf(sb, "  rekey lifetime seconds %u\n", ks->kek_life);
	if (ks->retx == GDOI_RETX_SET)
		sb_printf(sb, "  rekey retransmit %d number %d\n",
		    ks->retx_period, ks->retx_number);
	else if (ks->retx == GDOI_RETX_OFF)
		sb_puts(sb, "  no rekey retransmit\n");
	if (ks->auth != GDOI_AUTH_NONE)
		sb_printf(sb, "  rekey authentication %s rsa %s\n",
		    ks->auth == GDOI_AUTH_MYPUBKEY ? "mypubkey" : "pubkey",
		    ks->auth_key);
	if (ks->unicast)
		sb_puts(sb, "  rekey transport unicast\n");
	if (ks->authz_acl[0] != '\0')
		sb_printf(sb, "  authorization address ipv4 %s\n",
		    ks->authz_acl);
	if (ks->authz_identity[0] != '\0')
		sb_printf(sb, "  authorization identity %s\n",
		    ks->authz_identity);
	for (int i = 0; i < ks->n_sa; i++) {
		const struct gdoi_sa_ipsec *s = ks->sa[i];

		sb_printf(sb, "  sa ipsec %d\n", s->seq);
		if (s->profile[0] != '\0')
			sb_printf(sb, "   profile %s\n", s->profile);
		if (s->acl[0] != '\0')
			sb_printf(sb, "   match address ipv4 %s\n", s->acl);
		if (s->replay == GDOI_REPLAY_COUNTER)
			sb_printf(sb, "   replay counter window-size %u\n",
			    s->replay_counter);
		else if (s->replay == GDOI_REPLAY_TIME)
			sb_printf(sb, "   replay time window-size %u\n",
			    s->replay_time);
		else if (s->replay == GDOI_REPLAY_NONE)
			sb_puts(sb, "   no replay\n");
	}
	if (ks->receive_only)
		sb_puts(sb, "  sa receive-only\n");
	if (ks->address != 0)
		sb_printf(sb, "  address ipv4 %s\n", ntoa(ks->address, b));
	if (ks->redundancy) {
		sb_puts(sb, "  redundancy\n");
		if (ks->coop_priority != 0)
			sb_printf(sb, "   local priority %d\n",
			    ks->coop_priority);
		for (int i = 0; i < ks->n_coop_peers; i++)
			sb_printf(sb, "   peer address ipv4 %s\n",
			    ntoa(ks->coop_peers[i], b));
	}
}

void
gdoi_write_config(struct router *r, struct strbuf *sb)
{
	struct gdoi_state *st = gdoi_state(r);
	char	 b[16];

	if (st == NULL)
		return;
	for (int i = 0; i < st->n_groups; i++) {
		const struct gdoi_group *g = st->groups[i];

		sb_printf(sb, "crypto gdoi group %s\n", g->name);
		if (g->ident == GDOI_IDENT_NUMBER)
			sb_printf(sb, " identity number %u\n", g->ident_value);
		else if (g->ident == GDOI_IDENT_ADDRESS)
			sb_printf(sb, " identity address ipv4 %s\n",
			    ntoa(g->ident_value, b));
		if (g->ks != NULL)
			write_ks(g->ks, sb);
		for (int j = 0; j < g->n_servers; j++)
			sb_printf(sb, " server address ipv4 %s\n",
			    ntoa(g->servers[j], b));
		if (g->n_client_ciphers > 0) {
			sb_puts(sb, " client rekey encryption");
			for (int j = 0; j < g->n_client_ciphers; j++)
				sb_printf(sb, " %s",
				    cipher_words[g->client_ciphers[j]]);
			sb_puts(sb, "\n");
		}
		if (g->n_client_hashes > 0) {
			sb_puts(sb, " client rekey hash");
			for (int j = 0; j < g->n_client_hashes; j++)
				sb_printf(sb, " %s",
				    hash_words[g->client_hashes[j]]);
			sb_puts(sb, "\n");
		}
		if (g->n_client_ts > 0) {
			sb_puts(sb, " client transform-sets");
			for (int j = 0; j < g->n_client_ts; j++)
				sb_printf(sb, " %s", g->client_ts[j]);
			sb_puts(sb, "\n");
		}
		if (g->passive)
			sb_puts(sb, " passive\n");
		sb_puts(sb, "!\n");
	}
}

/* ---- ACL lines in the GDOI style --------------------------------------- */

static const char *
proto_word(uint8_t p)
{
	switch (p) {
	case 0:
		return "ip";
	case 1:
		return "icmp";
	case 2:
		return "igmp";
	case 4:
		return "ipinip";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 47:
		return "gre";
	case 50:
		return "esp";
	case 51:
		return "ahp";
	case 88:
		return "eigrp";
	case 89:
		return "ospf";
	case 103:
		return "pim";
	default:
		return NULL;
	}
}

static void
addr_words(uint32_t a, uint32_t wild, struct strbuf *sb)
{
	char	 b1[16], b2[16];

	if (wild == 0xffffffffu)
		sb_puts(sb, " any");
	else if (wild == 0)
		sb_printf(sb, " host %s", ntoa(a, b1));
	else
		sb_printf(sb, " %s %s", ntoa(a, b1), ntoa(wild, b2));
}

/* IOS's GDOI/crypto ACE printer writes ports as "port = 848" (seed 001
 * "deny udp any port = 848 any port = 848", seed 003 fail-close
 * "deny tcp any port = 23 any", reference show_crypto_gdoi_ks_acl). */
static void
port_words(uint8_t proto, uint16_t lo, uint16_t hi, struct strbuf *sb)
{
	if (proto != 6 && proto != 17)
		return;
	if (lo == 0 && hi == 65535)
		return;
	if (lo == hi)
		sb_printf(sb, " port = %u", lo);
	else if (hi == 65535)
		sb_printf(sb, " port > %u", lo - 1);
	else if (lo == 0)
		sb_printf(sb, " port < %u", hi + 1);
	else
		sb_printf(sb, " port range %u %u", lo, hi);
}

struct acl_lines_ctx {
	const char	*acl, *prefix, *sep;
	struct strbuf	*sb;
};

static bool
acl_line(void *vctx, const struct acl_entry_view *v)
{
	struct acl_lines_ctx *c = vctx;
	const char *pw = proto_word(v->proto);

	sb_printf(c->sb, "%saccess-list %s%s%s", c->prefix, c->acl, c->sep,
	    v->permit ? "permit" : "deny");
	if (pw != NULL)
		sb_printf(c->sb, " %s", pw);
	else
		sb_printf(c->sb, " %u", v->proto);
	addr_words(v->src, v->src_wild, c->sb);
	port_words(v->proto, v->sport_lo, v->sport_hi, c->sb);
	addr_words(v->dst, v->dst_wild, c->sb);
	port_words(v->proto, v->dport_lo, v->dport_hi, c->sb);
	sb_puts(c->sb, "\n");
	return true;
}

void
gdoi_ace_text(const struct acl_entry_view *v, const char *prefix,
    const char *acl, const char *sep, struct strbuf *sb)
{
	struct acl_lines_ctx c = { acl, prefix, sep, sb };

	(void)acl_line(&c, v);
}

void
gdoi_acl_lines(struct router *r, const char *acl, const char *prefix,
    const char *sep, struct strbuf *sb)
{
	struct acl_lines_ctx c = { acl, prefix, sep, sb };

	if (acl == NULL || acl[0] == '\0')
		return;
	(void)acl_walk(r, acl, acl_line, &c);
}
