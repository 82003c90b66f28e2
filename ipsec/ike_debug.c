/* `debug crypto isakmp [error|detail|packet]`, `debug crypto ipsec
 * [error]` and `debug crypto engine`, and the IOS line shapes of the IKE
 * engine: "ISAKMP:(1017):Old State = IKE_R_MM3  New State = IKE_R_MM4",
 * "ISAKMP (0:1017): received packet from ...".  Every line passes the
 * `debug crypto condition peer` filter when the message concerns a peer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "debug.h"
#include "ike_int.h"
#include "ipv4.h"
#include "router.h"

static int dbg_isakmp = -1, dbg_ipsec = -1, dbg_engine = -1;

static uint32_t
isakmp_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	uint32_t lvl = d->level[id];

	if (argc > 0 && strcmp(argv[0], "error") == 0) {
		sb_puts(out, "Crypto ISAKMP Error debugging is on\n");
		return lvl | IKE_LVL_ERROR;
	}
	if (argc > 0 && strcmp(argv[0], "detail") == 0) {
		sb_puts(out, "Crypto ISAKMP internals debugging is on\n");
		return lvl | IKE_LVL_DETAIL;
	}
	if (argc > 0 && strcmp(argv[0], "packet") == 0) {
		sb_puts(out, "Crypto ISAKMP packets debugging is on\n");
		return lvl | IKE_LVL_PACKET;
	}
	sb_puts(out, "Crypto ISAKMP debugging is on\n");
	return lvl | IKE_LVL_NORMAL;
}

static void
isakmp_show(const struct debugs *d, int id, struct strbuf *out)
{
	uint32_t lvl = d->level[id];

	if (lvl & IKE_LVL_NORMAL)
		sb_puts(out, "  Crypto ISAKMP debugging is on\n");
	if (lvl & IKE_LVL_ERROR)
		sb_puts(out, "  Crypto ISAKMP Error debugging is on\n");
	if (lvl & IKE_LVL_DETAIL)
		sb_puts(out, "  Crypto ISAKMP internals debugging is on\n");
	if (lvl & IKE_LVL_PACKET)
		sb_puts(out, "  Crypto ISAKMP packets debugging is on\n");
}

static uint32_t
ipsec_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	uint32_t lvl = d->level[id];

	if (argc > 0 && strcmp(argv[0], "error") == 0) {
		sb_puts(out, "Crypto IPSEC Error debugging is on\n");
		return lvl | IKE_LVL_ERROR;
	}
	sb_puts(out, "Crypto IPSEC debugging is on\n");
	return lvl | IKE_LVL_NORMAL;
}

static void
ipsec_show(const struct debugs *d, int id, struct strbuf *out)
{
	uint32_t lvl = d->level[id];

	if (lvl & ~IKE_LVL_ERROR)
		sb_puts(out, "  Crypto IPSEC debugging is on\n");
	if (lvl & IKE_LVL_ERROR)
		sb_puts(out, "  Crypto IPSEC Error debugging is on\n");
}

static const struct debug_desc isakmp_desc = {
	"crypto isakmp", CRYPTO_STR "Crypto ISAKMP debug messages\n",
	"Cryptographic Subsystem", "Crypto ISAKMP debugging is on",
	"Crypto ISAKMP debugging is off",
	"[(detail|error|packet)]",
	"ISAKMP Detail Debugging\n" "ISAKMP Error Debugging\n"
	"ISAKMP Packet Debugging\n",
	isakmp_set, isakmp_show
};

static const struct debug_desc ipsec_desc = {
	"crypto ipsec", CRYPTO_STR "Crypto IPSEC debug messages\n",
	"Cryptographic Subsystem", "Crypto IPSEC debugging is on",
	"Crypto IPSEC debugging is off",
	"[error]", "IPSEC Error Debugging\n",
	ipsec_set, ipsec_show
};

static const struct debug_desc engine_desc = {
	"crypto engine", CRYPTO_STR "Crypto Engine Debug Messages\n",
	"Cryptographic Subsystem", "Crypto Engine debugging is on",
	"Crypto Engine debugging is off", NULL, NULL, NULL, NULL
};

void
ike_debug_init(void)
{
	dbg_isakmp = debug_register(&isakmp_desc);
	/* The data plane may have registered `debug crypto ipsec` first:
	 * registration by path returns its id and we share the flag. */
	dbg_ipsec = debug_register(&ipsec_desc);
	dbg_engine = debug_register(&engine_desc);
}

static bool
peer_pass(struct router *r, uint32_t peer)
{
	if (r->dbg == NULL || r->dbg->n_cond == 0)
		return true;
	if (peer == 0)
		return debug_cond_pass(r->dbg, DCOND_CRYPTO_PEER, NULL);
	return debug_cond_pass(r->dbg, DCOND_CRYPTO_PEER, &peer);
}

bool
ikd_on(struct router *r, uint32_t peer, uint32_t lvl)
{
	uint32_t have;

	if (dbg_isakmp < 0 || r == NULL)
		return false;
	have = debug_level(r->dbg, dbg_isakmp);
	if (have == 0)
		return false;
	/* Error lines show with any level; the rest need their own bit
	 * (detail and packet imply the normal lines). */
	if (lvl == IKE_LVL_ERROR)
		;
	else if (lvl == IKE_LVL_NORMAL) {
		if ((have & (IKE_LVL_NORMAL | IKE_LVL_DETAIL |
		    IKE_LVL_PACKET)) == 0)
			return false;
	} else if ((have & lvl) == 0)
		return false;
	return peer_pass(r, peer);
}

static void
vline(struct router *r, const char *prefix, const char *fmt, va_list ap)
{
	char	 buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	rdebug(r, "%s%s", prefix, buf);
}

void
ikd(struct router *r, uint32_t peer, const char *fmt, ...)
{
	va_list	 ap;

	if (!ikd_on(r, peer, IKE_LVL_NORMAL))
		return;
	va_start(ap, fmt);
	vline(r, "", fmt, ap);
	va_end(ap);
}

void
ikd_sa(const struct ike_sa *sa, const char *fmt, ...)
{
	char	 pre[32];
	va_list	 ap;

	if (!ikd_on(sa->ctx->r, sa->peer, IKE_LVL_NORMAL))
		return;
	snprintf(pre, sizeof(pre), "ISAKMP:(%u):", sa->conn_id);
	va_start(ap, fmt);
	vline(sa->ctx->r, pre, fmt, ap);
	va_end(ap);
}

void
ikd_err(const struct ike_sa *sa, const char *fmt, ...)
{
	char	 pre[32];
	va_list	 ap;

	if (!ikd_on(sa->ctx->r, sa->peer, IKE_LVL_ERROR))
		return;
	snprintf(pre, sizeof(pre), "ISAKMP:(%u):", sa->conn_id);
	va_start(ap, fmt);
	vline(sa->ctx->r, pre, fmt, ap);
	va_end(ap);
}

void
ikd_input(const struct ike_sa *sa, const char *input)
{
	ikd_sa(sa, "Input = %s", input);
}

void
ikd_node_input(const struct ike_sa *sa, uint32_t msgid, const char *input)
{
	ikd_sa(sa, "Node %d, Input = %s", (int32_t)msgid, input);
}

void
ikd_trans(const struct ike_sa *sa, const char *oldst, const char *newst)
{
	ikd_sa(sa, "Old State = %s  New State = %s\n", oldst, newst);
}

char
ike_role(const struct ike_sa *sa)
{
	return sa->initiator ? 'I' : 'R';
}

void
ikd_packet(struct ike_sa *sa, bool sent, const uint8_t *msg, size_t len,
    const struct isakmp_msg *plain)
{
	struct router *r = sa->ctx->r;
	struct strbuf sb = STRBUF_INIT;
	struct isakmp_msg *m;

	if (!ikd_on(r, sa->peer, IKE_LVL_PACKET))
		return;
	if (plain != NULL) {
		isakmp_print(plain, &sb);
	} else {
		m = calloc(1, sizeof(*m));
		if (m == NULL)
			return;
		if (isakmp_parse(msg, len, m) == 0)
			isakmp_print(m, &sb);
		free(m);
	}
	if (sb.len > 0) {
		/* rdebug() lines hold 1 KB: long dumps go out in pieces,
		 * each a whole number of lines. */
		char	 head[64];
		const char *p = sb.s, *end = sb.s + sb.len;

		snprintf(head, sizeof(head), "ISAKMP:(%u): %s packet\n",
		    sa->conn_id, sent ? "sending" : "received");
		while (p < end) {
			const char *q = p, *nl;
			size_t	 room = 900 - (p == sb.s ? strlen(head) : 0);

			while (q < end && (nl = memchr(q, '\n', (size_t)(end -
			    q))) != NULL && (size_t)(nl + 1 - p) <= room)
				q = nl + 1;
			if (q == p)	/* one line longer than the room */
				q = p + (room < (size_t)(end - p) ? room :
				    (size_t)(end - p));
			rdebug(r, "%s%.*s", p == sb.s ? head : "",
			    (int)(q - p - (q[-1] == '\n' ? 1 : 0)), p);
			p = q;
		}
	}
	sb_free(&sb);
}

bool
ipd_on(struct router *r, uint32_t peer)
{
	if (dbg_ipsec < 0 || r == NULL || !debug_on(r->dbg, dbg_ipsec))
		return false;
	return peer_pass(r, peer);
}

void
ipd(struct router *r, uint32_t peer, const char *fmt, ...)
{
	va_list	 ap;

	if (!ipd_on(r, peer))
		return;
	va_start(ap, fmt);
	vline(r, "", fmt, ap);
	va_end(ap);
}

bool
ike_engine_dbg_on(struct router *r)
{
	return dbg_engine >= 0 && r != NULL && debug_on(r->dbg, dbg_engine);
}

void
ike_engine_dbg(struct router *r, const char *fmt, ...)
{
	va_list	 ap;

	if (!ike_engine_dbg_on(r))
		return;
	va_start(ap, fmt);
	vline(r, "", fmt, ap);
	va_end(ap);
}
