/* IOS views of the running IPsec state and the clear commands:
 *   show crypto ipsec sa [peer A | detail | interface IF | map M | address]
 *   show crypto session [detail | remote A [detail]]
 *   show crypto engine connections active
 *   clear crypto sa [peer A | counters], clear crypto session [remote A]
 * and `debug crypto ipsec [error]` (shared with the IKE engine).
 *
 * `show crypto ipsec sa` lists, per interface with a crypto map, one block
 * per permit line of each complete entry's ACL (with or without SAs, as
 * IOS does), then flows IKE made with other proxies.  Counters are the
 * sums over the flow's SAs; the layout is the IOS 15 one of the device
 * samples (reference-outputs) with the field set of seed 004. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "cli.h"
#include "crypto_cfg.h"
#include "debug.h"
#include "dp.h"
#include "dp_int.h"
#include "engine.h"
#include "gdoi_show.h"
#include "iface.h"
#include "ike.h"
#include "ipv4.h"
#include "log.h"
#include "router.h"
#include "sadb.h"
#include "xform.h"

int dp_dbg_ipsec = -1;

/* Level bits as the IKE engine's `debug crypto ipsec` uses them (the two
 * register the same flag; the first registration wins). */
#define IPSEC_DBG_ERROR		0x01u
#define IPSEC_DBG_NORMAL	0x02u

static void
flush(struct vty *vty, struct strbuf *sb)
{
	vty_write(vty, sb_str(sb), sb->len);
	sb_free(sb);
}

/* ---- rows: one block of `show crypto ipsec sa` ------------------------- */

struct row {
	struct iface		*ifp;
	struct crypto_map	*m;
	const struct crypto_map_entry *e;	/* NULL: map entry gone */
	struct ipsec_proxy	 lid, rid;
	uint32_t		 local, peer;
	uint16_t		 port;
	struct ipsec_flow	*f;		/* NULL: no flow yet */
};

struct rows {
	struct row	*v;
	int		 n, cap;
};

static void
rows_add(struct rows *rs, const struct row *rw)
{
	if (rs->n == rs->cap) {
		int nc = rs->cap ? rs->cap * 2 : 8;
		struct row *nv = realloc(rs->v, (size_t)nc * sizeof(*nv));

		if (nv == NULL)
			abort();
		rs->v = nv;
		rs->cap = nc;
	}
	rs->v[rs->n++] = *rw;
}

static bool
rows_have_flow(const struct rows *rs, const struct ipsec_flow *f)
{
	for (int i = 0; i < rs->n; i++)
		if (rs->v[i].f == f)
			return true;
	return false;
}

struct line_ctx {
	struct router		*r;
	struct rows		*rs;
	struct row		 base;
};

static bool
acl_line_row(void *ctx, const struct acl_entry_view *v)
{
	struct line_ctx *lc = ctx;
	struct row rw = lc->base;

	if (!v->permit)
		return true;
	memset(&rw.lid, 0, sizeof(rw.lid));
	memset(&rw.rid, 0, sizeof(rw.rid));
	rw.lid.mask = ~v->src_wild;
	rw.lid.addr = v->src & rw.lid.mask;
	rw.rid.mask = ~v->dst_wild;
	rw.rid.addr = v->dst & rw.rid.mask;
	rw.lid.proto = rw.rid.proto = v->proto;
	if (v->proto == IP_PROTO_TCP || v->proto == IP_PROTO_UDP) {
		if (v->sport_lo == v->sport_hi)
			rw.lid.port = v->sport_lo;
		if (v->dport_lo == v->dport_hi)
			rw.rid.port = v->dport_lo;
	}
	rw.f = ipsec_flow_lookup(lc->r, rw.m->name, rw.e->seq, rw.ifp->name,
	    rw.peer, &rw.lid, &rw.rid, false);
	if (rw.f != NULL && rows_have_flow(lc->rs, rw.f))
		return true;
	if (rw.f != NULL) {
		rw.local = rw.f->local ? rw.f->local : rw.local;
		rw.port = rw.f->peer_port;
	}
	rows_add(lc->rs, &rw);
	return true;
}

static void
flow_row(struct rows *rs, struct router *r, struct iface *ifp,
    struct crypto_map *m, struct ipsec_flow *f)
{
	struct row rw;

	memset(&rw, 0, sizeof(rw));
	rw.ifp = ifp;
	rw.m = m;
	rw.e = m != NULL ? ipsec_map_entry_find(m, f->seq) : NULL;
	rw.lid = f->lid;
	rw.rid = f->rid;
	rw.local = f->local ? f->local : ipsec_map_local_addr(r, m, ifp);
	rw.peer = f->peer;
	rw.port = f->peer_port;
	rw.f = f;
	rows_add(rs, &rw);
}

/* Every block, in interface order. */
static void
rows_build(struct router *r, struct rows *rs)
{
	struct ipsec_engine *eng = ipsec_engine(r);
	struct ipsec_flow *f;

	dp_flow_gc(r);
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		struct crypto_map *m = ipsec_iface_map(ifp);
		struct line_ctx lc;

		if (m != NULL)
			for (int k = 0; k < m->n_ents; k++) {
				struct crypto_map_entry *e = m->ents[k];

				if (!ipsec_map_entry_complete(r, e))
					continue;
				memset(&lc, 0, sizeof(lc));
				lc.r = r;
				lc.rs = rs;
				lc.base.ifp = ifp;
				lc.base.m = m;
				lc.base.e = e;
				lc.base.local = ipsec_map_local_addr(r, m, ifp);
				lc.base.peer = ipsec_map_current_peer(e);
				lc.base.port = 500;
				acl_walk(r, e->acl, acl_line_row, &lc);
			}
		/* Flows with other proxies or peers (IKE responder, an
		 * earlier peer), and flows of a map since removed. */
		TAILQ_FOREACH(f, &eng->flows, entry) {
			if (strcmp(f->ifname, ifp->name) != 0 ||
			    rows_have_flow(rs, f))
				continue;
			flow_row(rs, r, ifp, m != NULL &&
			    strcmp(m->name, f->map) == 0 ? m :
			    ipsec_map_find(r, f->map), f);
		}
	}
}

/* ---- counters ---------------------------------------------------------- */

struct flow_sum {
	struct ipsec_sa_stats	 st;
	int			 n_active;
	struct ipsec_sa		*in, *out;	/* newest active */
};

static void
flow_sum(struct router *r, const struct ipsec_flow *f, struct flow_sum *s)
{
	struct sadb *db = ipsec_sadb(r);
	struct ipsec_sa *sa;

	memset(s, 0, sizeof(*s));
	if (f == NULL)
		return;
	for (sa = sadb_next(db, NULL); sa != NULL; sa = sadb_next(db, sa)) {
		const struct ipsec_sa_stats *a = &sa->st;
		struct ipsec_sa_stats *t = &s->st;

		if (sa->owner != f)
			continue;
		t->encaps += a->encaps;
		t->encrypt += a->encrypt;
		t->digest += a->digest;
		t->decaps += a->decaps;
		t->decrypt += a->decrypt;
		t->verify += a->verify;
		t->compressed += a->compressed;
		t->decompressed += a->decompressed;
		t->not_compressed += a->not_compressed;
		t->compr_failed += a->compr_failed;
		t->not_decompressed += a->not_decompressed;
		t->decompress_failed += a->decompress_failed;
		t->no_sa_send += a->no_sa_send;
		t->invalid_sa_rcv += a->invalid_sa_rcv;
		t->encaps_failed += a->encaps_failed;
		t->decaps_failed += a->decaps_failed;
		t->invalid_prot += a->invalid_prot;
		t->verify_failed += a->verify_failed;
		t->invalid_identity += a->invalid_identity;
		t->invalid_len += a->invalid_len;
		t->replay_rollover_send += a->replay_rollover_send;
		t->replay_rollover_rcv += a->replay_rollover_rcv;
		t->replay_failed += a->replay_failed;
		t->internal_err_send += a->internal_err_send;
		t->internal_err_rcv += a->internal_err_rcv;
		t->send_errors += a->send_errors;
		t->recv_errors += a->recv_errors;
		if (sa->state != IPSEC_SA_ACTIVE)
			continue;
		s->n_active++;
		if (sa->dir == IPSEC_DIR_IN)
			s->in = sa;
		else
			s->out = sa;
	}
	if (f->in != NULL)
		s->in = f->in;
	if (f->out != NULL)
		s->out = f->out;
}

/* ---- show crypto ipsec sa ---------------------------------------------- */

static void
proxy_text(char *buf, size_t len, const struct ipsec_proxy *p)
{
	char a[16], m[16];

	snprintf(buf, len, "%s/%s/%u/%u", ip_ntoa(p->addr, a),
	    ip_ntoa(p->mask, m), p->proto, p->port);
}

static uint32_t
flow_id_of(uint32_t conn_id)
{
	return conn_id > 2000 ? conn_id - 2000 : conn_id;
}

static void
sa_block(struct strbuf *sb, const struct ipsec_sa *sa, const char *map)
{
	uint64_t kb;
	uint32_t secs;

	ipsec_sa_remaining(sa, &kb, &secs);
	sb_printf(sb, "      spi: 0x%X(%u)\n", sa->spi, sa->spi);
	sb_printf(sb, "        transform: %s%s%s ,\n", sa->cipher->show,
	    sa->auth != NULL ? " " : "", sa->auth != NULL ? sa->auth->keyword :
	    "");
	sb_printf(sb, "        in use settings ={%s%s, }\n",
	    sa->mode == IPSEC_MODE_TRANSPORT ? "Transport" : "Tunnel",
	    sa->udp_peer != 0 ? " UDP-Encaps" : "");
	sb_printf(sb, "        conn id: %u, flow_id: SW:%u, sibling_flags "
	    "80000040, crypto map: %s\n", sa->conn_id, flow_id_of(sa->conn_id),
	    map);
	sb_printf(sb, "        sa timing: remaining key lifetime (k/sec): "
	    "(%llu/%u)\n", (unsigned long long)kb, secs);
	sb_printf(sb, "        IV size: %zu bytes\n", sa->cipher->iv_len);
	sb_printf(sb, "        replay detection support: %c\n",
	    ipsec_sa_replay_support(sa) ? 'Y' : 'N');
	sb_puts(sb, "        Status: ACTIVE(ACTIVE)\n");
}

static void
sa_list(struct strbuf *sb, struct router *r, const struct ipsec_flow *f,
    enum ipsec_dir dir, const char *map)
{
	struct sadb *db = ipsec_sadb(r);
	struct ipsec_sa *sa;

	if (f == NULL)
		return;
	for (sa = sadb_next(db, NULL); sa != NULL; sa = sadb_next(db, sa))
		if (sa->owner == f && sa->dir == dir &&
		    sa->state == IPSEC_SA_ACTIVE)
			sa_block(sb, sa, map);
}

#define U(x) ((unsigned long long)(x))

static void
row_show(struct strbuf *sb, struct router *r, const struct row *rw,
    bool detail)
{
	struct flow_sum s;
	struct dp_flow *df = rw->f != NULL ? dp_flow_get(r, rw->f, false) :
	    NULL;
	const struct ipsec_sa_stats *t = &s.st;
	char a[16], b[16], px[64];
	const char *map = rw->f != NULL ? rw->f->map : rw->m->name;
	int pmtu = iface_ip_mtu(rw->ifp);
	int pfs = rw->e != NULL ? rw->e->pfs : 0;

	flow_sum(r, rw->f, &s);
	sb_puts(sb, "\n   protected vrf: (none)\n");
	proxy_text(px, sizeof(px), &rw->lid);
	sb_printf(sb, "   local  ident (addr/mask/prot/port): (%s)\n", px);
	proxy_text(px, sizeof(px), &rw->rid);
	sb_printf(sb, "   remote ident (addr/mask/prot/port): (%s)\n", px);
	sb_printf(sb, "   current_peer %s port %u\n", ip_ntoa(rw->peer, a),
	    rw->port);
	sb_puts(sb, "     PERMIT, flags={origin_is_acl,}\n");
	sb_printf(sb, "    #pkts encaps: %llu, #pkts encrypt: %llu, #pkts "
	    "digest: %llu\n", U(t->encaps), U(t->encrypt), U(t->digest));
	sb_printf(sb, "    #pkts decaps: %llu, #pkts decrypt: %llu, #pkts "
	    "verify: %llu\n", U(t->decaps), U(t->decrypt), U(t->verify));
	sb_printf(sb, "    #pkts compressed: %llu, #pkts decompressed: %llu\n",
	    U(t->compressed), U(t->decompressed));
	sb_printf(sb, "    #pkts not compressed: %llu, #pkts compr. failed: "
	    "%llu\n", U(t->not_compressed), U(t->compr_failed));
	sb_printf(sb, "    #pkts not decompressed: %llu, #pkts decompress "
	    "failed: %llu\n", U(t->not_decompressed), U(t->decompress_failed));
	if (!detail)
		sb_printf(sb, "    #send errors %llu, #recv errors %llu\n",
		    U(t->send_errors), U(t->recv_errors));
	else {
		sb_printf(sb, "    #pkts no sa (send) %llu, #pkts invalid sa "
		    "(rcv) %llu\n", U(t->no_sa_send + (df ? df->no_sa_send : 0)),
		    U(t->invalid_sa_rcv + (df ? df->invalid_sa_rcv : 0)));
		sb_printf(sb, "    #pkts encaps failed (send) %llu, #pkts decaps "
		    "failed (rcv) %llu\n", U(t->encaps_failed),
		    U(t->decaps_failed));
		sb_printf(sb, "    #pkts invalid prot (recv) %llu, #pkts verify "
		    "failed: %llu\n", U(t->invalid_prot), U(t->verify_failed));
		sb_printf(sb, "    #pkts invalid identity (recv) %llu, #pkts "
		    "invalid len (rcv) %llu\n", U(t->invalid_identity),
		    U(t->invalid_len));
		sb_printf(sb, "    #pkts replay rollover (send): %llu, #pkts "
		    "replay rollover (rcv) %llu\n", U(t->replay_rollover_send),
		    U(t->replay_rollover_rcv));
		sb_printf(sb, "    ##pkts replay failed (rcv): %llu\n",
		    U(t->replay_failed));
		sb_printf(sb, "    #pkts internal err (send): %llu, #pkts "
		    "internal err (recv) %llu\n", U(t->internal_err_send),
		    U(t->internal_err_rcv));
	}
	sb_printf(sb, "\n     local crypto endpt.: %s, remote crypto endpt.: "
	    "%s\n", ip_ntoa(rw->local, a), ip_ntoa(rw->peer, b));
	sb_printf(sb, "     plaintext mtu %d, path mtu %d, ip mtu %d, ip mtu "
	    "idb %s\n", rw->f != NULL ? dp_plaintext_mtu(r, rw->f, pmtu) : pmtu,
	    pmtu, pmtu, rw->ifp->name);
	sb_printf(sb, "     current outbound spi: 0x%X(%u)\n",
	    s.out != NULL ? s.out->spi : 0, s.out != NULL ? s.out->spi : 0);
	if (pfs != 0)
		sb_printf(sb, "     PFS (Y/N): Y, DH group: group%d\n", pfs);
	else
		sb_puts(sb, "     PFS (Y/N): N, DH group: none\n");
	sb_puts(sb, "\n     inbound esp sas:\n");
	sa_list(sb, r, rw->f, IPSEC_DIR_IN, map);
	sb_puts(sb, "\n     inbound ah sas:\n");
	sb_puts(sb, "\n     inbound pcp sas:\n");
	sb_puts(sb, "\n     outbound esp sas:\n");
	sa_list(sb, r, rw->f, IPSEC_DIR_OUT, map);
	sb_puts(sb, "\n     outbound ah sas:\n");
	sb_puts(sb, "\n     outbound pcp sas:\n");
}

/* ---- GETVPN: group SAs under the interface of a GDOI map --------------- */

/* A group SA of the member's current or previous TEK (peer 0, addresses
 * preserved, no IKE flow). */
static bool
gdoi_sa_of(const struct ipsec_sa *sa, const struct gdoi_gm_view *v)
{
	return sa->owner == NULL && sa->peer == 0 &&
	    (sa->flags & IPSEC_SA_F_PRESERVE) != 0 && sa->spi != 0 &&
	    (sa->spi == v->spi || sa->spi == v->old_spi ||
	    sa->spi == v->new_spi);
}

/* Several `sa ipsec` (multi-TEK): the view narrowed to the TEK of policy
 * line i (the later TEKs in v->xt[]). */
static void
gdoi_view_tek(const struct gdoi_gm_view *v, int i, struct gdoi_gm_view *tv)
{
	int	 x = v->ace_tek != NULL ? v->ace_tek[i] : 0;

	*tv = *v;
	if (x > 0 && x <= v->n_xt) {
		tv->spi = v->xt[x - 1].spi;
		tv->old_spi = v->xt[x - 1].old_spi;
		tv->new_spi = v->xt[x - 1].new_spi;
		tv->replay_window = v->xt[x - 1].replay_window;
	}
}

static void
gdoi_sa_block(struct strbuf *sb, const struct ipsec_sa *sa, const char *map,
    unsigned window)
{
	uint64_t kb;
	uint32_t secs;

	ipsec_sa_remaining(sa, &kb, &secs);
	sb_printf(sb, "      spi: 0x%X(%u)\n", sa->spi, sa->spi);
	sb_printf(sb, "        transform: %s%s%s ,\n", sa->cipher->show,
	    sa->auth != NULL ? " " : "", sa->auth != NULL ? sa->auth->keyword :
	    "");
	sb_puts(sb, "        in use settings ={Tunnel, }\n");
	sb_printf(sb, "        conn id: %u, flow_id: SW:%u, sibling_flags "
	    "80000040, crypto map: %s\n", sa->conn_id, flow_id_of(sa->conn_id),
	    map);
	sb_printf(sb, "        sa timing: remaining key lifetime (sec): (%u)\n",
	    secs);
	sb_puts(sb, "        Kilobyte Volume Rekey has been disabled\n");
	sb_printf(sb, "        IV size: %zu bytes\n", sa->cipher->iv_len);
	/* Seeds 001/002 (a GM): "replay detection support: Y replay window
	 * size: 4" on both SAs when the TEK has anti-replay (counter or
	 * time based: the group's window). */
	if (window != 0 && (sa->auth != NULL || sa->cipher->icv_len != 0))
		sb_printf(sb, "        replay detection support: Y replay "
		    "window size: %u\n", window);
	else
		sb_puts(sb, "        replay detection support: N\n");
	sb_puts(sb, "        Status: ACTIVE(ACTIVE)\n");
}

static void
gdoi_proxy(struct ipsec_proxy *p, uint32_t addr, uint32_t wild, uint8_t proto,
    uint16_t lo, uint16_t hi)
{
	memset(p, 0, sizeof(*p));
	p->mask = ~wild;
	p->addr = addr & p->mask;
	p->proto = proto;
	p->port = lo == hi ? lo : 0;
}

/* One block per permit line of the downloaded policy, as IOS shows a
 * GM: current_peer 0.0.0.0 port 848.  The packet counters of a block are
 * its line's (the member's data plane counts per downloaded line,
 * gdoi_gm_view ace_enc/ace_dec; digest/verify when the TEK authenticates),
 * the error counters those of the group's SAs (one SA pair carries every
 * line). */
static void
gdoi_map_show(struct strbuf *sb, struct router *r, struct iface *ifp,
    const struct crypto_map *m, const struct crypto_map_entry *e,
    bool detail, bool *head)
{
	struct sadb *db = ipsec_sadb(r);
	struct gdoi_gm_view v;
	struct ipsec_sa_stats t;
	struct ipsec_sa *sa, *out = NULL;
	char a[16], px[64];
	int pmtu = iface_ip_mtu(ifp);

	if (!gdoi_gm_view(r, e->gdoi_group, &v))
		return;
	if (!*head) {
		*head = true;
		sb_printf(sb, "\ninterface: %s\n    Crypto map tag: %s, local "
		    "addr %s\n", ifp->name, m->name, ip_ntoa(v.local, a));
	}
	for (int i = 0; i < v.n_aces; i++) {
		const struct acl_entry_view *ace = &v.aces[i];
		struct ipsec_proxy lid, rid;
		struct gdoi_gm_view tv;

		if (!ace->permit)
			continue;
		/* The SAs of this line's TEK. */
		gdoi_view_tek(&v, i, &tv);
		out = NULL;
		memset(&t, 0, sizeof(t));
		for (sa = sadb_next(db, NULL); sa != NULL;
		    sa = sadb_next(db, sa)) {
			if (!gdoi_sa_of(sa, &tv))
				continue;
			t.encaps += sa->st.encaps;
			t.encrypt += sa->st.encrypt;
			t.digest += sa->st.digest;
			t.decaps += sa->st.decaps;
			t.decrypt += sa->st.decrypt;
			t.verify += sa->st.verify;
			t.send_errors += sa->st.send_errors;
			t.recv_errors += sa->st.recv_errors;
			t.no_sa_send += sa->st.no_sa_send;
			t.invalid_sa_rcv += sa->st.invalid_sa_rcv;
			t.encaps_failed += sa->st.encaps_failed;
			t.decaps_failed += sa->st.decaps_failed;
			t.invalid_prot += sa->st.invalid_prot;
			t.verify_failed += sa->st.verify_failed;
			t.invalid_len += sa->st.invalid_len;
			t.replay_failed += sa->st.replay_failed;
			if (sa->dir == IPSEC_DIR_OUT &&
			    sa->state == IPSEC_SA_ACTIVE &&
			    (out == NULL || sa->spi == tv.spi))
				out = sa;
		}
		gdoi_proxy(&lid, ace->src, ace->src_wild, ace->proto,
		    ace->sport_lo, ace->sport_hi);
		gdoi_proxy(&rid, ace->dst, ace->dst_wild, ace->proto,
		    ace->dport_lo, ace->dport_hi);
		sb_puts(sb, "\n   protected vrf: (none)\n");
		proxy_text(px, sizeof(px), &lid);
		sb_printf(sb, "   local  ident (addr/mask/prot/port): (%s)\n",
		    px);
		proxy_text(px, sizeof(px), &rid);
		sb_printf(sb, "   remote ident (addr/mask/prot/port): (%s)\n",
		    px);
		sb_puts(sb, "   current_peer 0.0.0.0 port 848\n");
		sb_puts(sb, "     PERMIT, flags={}\n");
		if (v.ace_enc != NULL && v.ace_dec != NULL) {
			bool auth = out != NULL && out->auth != NULL;

			sb_printf(sb, "    #pkts encaps: %llu, #pkts encrypt: "
			    "%llu, #pkts digest: %llu\n", U(v.ace_enc[i]),
			    U(v.ace_enc[i]), U(auth ? v.ace_enc[i] : 0));
			sb_printf(sb, "    #pkts decaps: %llu, #pkts decrypt: "
			    "%llu, #pkts verify: %llu\n", U(v.ace_dec[i]),
			    U(v.ace_dec[i]), U(auth ? v.ace_dec[i] : 0));
		} else {
			sb_printf(sb, "    #pkts encaps: %llu, #pkts encrypt: "
			    "%llu, #pkts digest: %llu\n", U(t.encaps),
			    U(t.encrypt), U(t.digest));
			sb_printf(sb, "    #pkts decaps: %llu, #pkts decrypt: "
			    "%llu, #pkts verify: %llu\n", U(t.decaps),
			    U(t.decrypt), U(t.verify));
		}
		sb_puts(sb, "    #pkts compressed: 0, #pkts decompressed: 0\n");
		sb_puts(sb, "    #pkts not compressed: 0, #pkts compr. failed: "
		    "0\n");
		sb_puts(sb, "    #pkts not decompressed: 0, #pkts decompress "
		    "failed: 0\n");
		if (!detail)
			sb_printf(sb, "    #send errors %llu, #recv errors "
			    "%llu\n", U(t.send_errors), U(t.recv_errors));
		else {
			sb_printf(sb, "    #pkts no sa (send) %llu, #pkts "
			    "invalid sa (rcv) %llu\n", U(t.no_sa_send),
			    U(t.invalid_sa_rcv));
			sb_printf(sb, "    #pkts encaps failed (send) %llu, "
			    "#pkts decaps failed (rcv) %llu\n",
			    U(t.encaps_failed), U(t.decaps_failed));
			sb_printf(sb, "    #pkts invalid prot (recv) %llu, "
			    "#pkts verify failed: %llu\n", U(t.invalid_prot),
			    U(t.verify_failed));
			sb_printf(sb, "    #pkts invalid identity (recv) 0, "
			    "#pkts invalid len (rcv) %llu\n",
			    U(t.invalid_len));
			sb_puts(sb, "    #pkts replay rollover (send): 0, "
			    "#pkts replay rollover (rcv) 0\n");
			sb_printf(sb, "    ##pkts replay failed (rcv): %llu\n",
			    U(t.replay_failed));
			sb_puts(sb, "    #pkts internal err (send): 0, #pkts "
			    "internal err (recv) 0\n");
		}
		sb_printf(sb, "\n     local crypto endpt.: %s, remote crypto "
		    "endpt.: 0.0.0.0\n", ip_ntoa(v.local, a));
		sb_printf(sb, "     path mtu %d, ip mtu %d, ip mtu idb %s\n",
		    pmtu, pmtu, ifp->name);
		sb_printf(sb, "     current outbound spi: 0x%X(%u)\n",
		    out != NULL ? out->spi : 0, out != NULL ? out->spi : 0);
		sb_puts(sb, "     PFS (Y/N): N, DH group: none\n");
		sb_puts(sb, "\n     inbound esp sas:\n");
		for (sa = sadb_next(db, NULL); sa != NULL;
		    sa = sadb_next(db, sa))
			if (gdoi_sa_of(sa, &tv) && sa->dir == IPSEC_DIR_IN &&
			    sa->state == IPSEC_SA_ACTIVE)
				gdoi_sa_block(sb, sa, m->name,
				    tv.replay_window);
		sb_puts(sb, "\n     inbound ah sas:\n");
		sb_puts(sb, "\n     inbound pcp sas:\n");
		sb_puts(sb, "\n     outbound esp sas:\n");
		for (sa = sadb_next(db, NULL); sa != NULL;
		    sa = sadb_next(db, sa))
			if (gdoi_sa_of(sa, &tv) && sa->dir == IPSEC_DIR_OUT &&
			    sa->state == IPSEC_SA_ACTIVE)
				gdoi_sa_block(sb, sa, m->name,
				    tv.replay_window);
		sb_puts(sb, "\n     outbound ah sas:\n");
		sb_puts(sb, "\n     outbound pcp sas:\n");
	}
}

static void
gdoi_show(struct strbuf *sb, struct router *r, uint32_t peer,
    const char *ifname, const char *map, bool detail)
{
	if (peer != 0)
		return;			/* group SAs have no peer */
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		struct crypto_map *m = ipsec_iface_map(ifp);
		bool head = false;

		if (m == NULL || (ifname != NULL &&
		    strcmp(ifname, ifp->name) != 0) ||
		    (map != NULL && strcmp(map, m->name) != 0))
			continue;
		for (int k = 0; k < m->n_ents; k++)
			if (m->ents[k]->type == CMAP_GDOI &&
			    m->ents[k]->gdoi_group[0] != '\0')
				gdoi_map_show(sb, r, ifp, m, m->ents[k],
				    detail, &head);
	}
}

struct sa_filter {
	uint32_t	 peer;		/* 0 any */
	const char	*ifname;	/* NULL any */
	const char	*map;		/* NULL any */
	bool		 detail;
};

static void
show_ipsec_sa(struct vty *vty, const struct sa_filter *flt)
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct rows rs = { NULL, 0, 0 };
	struct iface *cur = NULL;
	char a[16];

	if (r == NULL || r->ipsec == NULL)
		return;
	dp_rri_sync(r);
	rows_build(r, &rs);
	for (int i = 0; i < rs.n; i++) {
		const struct row *rw = &rs.v[i];

		if ((flt->peer != 0 && rw->peer != flt->peer) ||
		    (flt->ifname != NULL && strcmp(flt->ifname,
		    rw->ifp->name) != 0) ||
		    (flt->map != NULL && (rw->m == NULL ||
		    strcmp(flt->map, rw->m->name) != 0)))
			continue;
		if (rw->ifp != cur) {
			cur = rw->ifp;
			sb_printf(&sb, "\ninterface: %s\n    Crypto map tag: %s, "
			    "local addr %s\n", cur->name, rw->f != NULL ?
			    rw->f->map : rw->m->name, ip_ntoa(rw->local, a));
		}
		row_show(&sb, r, rw, flt->detail);
	}
	free(rs.v);
	gdoi_show(&sb, r, flt->peer, flt->ifname, flt->map, flt->detail);
	flush(vty, &sb);
}

#define SHOW_SA_HELP SHOW_STR CRYPTO_STR "Show IPSEC information\n" \
	"IPSEC SA table\n"
#define DETAIL_HELP "detailed error counters\n"

DEFUN(show_sa, "show crypto ipsec sa [detail]", SHOW_SA_HELP DETAIL_HELP)
{
	struct sa_filter flt = { 0, NULL, NULL, argc > 4 };

	show_ipsec_sa(vty, &flt);
	return CMD_SUCCESS;
}

DEFUN(show_sa_peer, "show crypto ipsec sa peer A.B.C.D [detail]",
    SHOW_SA_HELP "Show SA by peer\n" "IPv4 address of peer\n" DETAIL_HELP)
{
	struct sa_filter flt = { 0, NULL, NULL, argc > 6 };

	if (!ip_aton(argv[5], &flt.peer))
		return cli_error_at(vty, 5);
	show_ipsec_sa(vty, &flt);
	return CMD_SUCCESS;
}

DEFUN(show_sa_iface, "show crypto ipsec sa interface IFNAME [detail]",
    SHOW_SA_HELP "Show info for specific interface\n" IFNAME_STR DETAIL_HELP)
{
	struct iface *ifp = router_find_iface(vty_router(vty), argv[5]);
	struct sa_filter flt = { 0, NULL, NULL, argc > 6 };

	if (ifp == NULL)
		return cli_error_at(vty, 5);
	flt.ifname = ifp->name;
	show_ipsec_sa(vty, &flt);
	return CMD_SUCCESS;
}

DEFUN(show_sa_map, "show crypto ipsec sa map WORD [detail]",
    SHOW_SA_HELP "IPSEC SA for a crypto map\n" "Crypto map tag\n" DETAIL_HELP)
{
	struct sa_filter flt = { 0, NULL, argv[5], argc > 6 };

	show_ipsec_sa(vty, &flt);
	return CMD_SUCCESS;
}

/* `show crypto ipsec sa address`: SAs by destination address. */
DEFUN(show_sa_address, "show crypto ipsec sa address",
    SHOW_SA_HELP "IPSEC SA table sorted by address\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct sadb *db;
	struct ipsec_sa *sa, *x;
	char a[16];

	if (r == NULL || r->ipsec == NULL)
		return CMD_SUCCESS;
	db = ipsec_sadb(r);
	for (sa = sadb_next(db, NULL); sa != NULL; sa = sadb_next(db, sa)) {
		uint32_t dst = sa->dir == IPSEC_DIR_IN ? sa->local : sa->peer;
		bool seen = false;

		if (sa->state != IPSEC_SA_ACTIVE)
			continue;
		/* One heading per destination, at its first SA. */
		for (x = sadb_next(db, NULL); x != sa; x = sadb_next(db, x))
			if (x->state == IPSEC_SA_ACTIVE &&
			    (x->dir == IPSEC_DIR_IN ? x->local : x->peer) == dst)
				seen = true;
		if (seen)
			continue;
		sb_printf(&sb, "\ndest address: %s\n   protocol: ESP\n",
		    ip_ntoa(dst, a));
		for (x = sa; x != NULL; x = sadb_next(db, x)) {
			const struct ipsec_flow *f = x->owner;

			if (x->state != IPSEC_SA_ACTIVE ||
			    (x->dir == IPSEC_DIR_IN ? x->local : x->peer) != dst)
				continue;
			sa_block(&sb, x, f != NULL ? f->map : "");
		}
	}
	flush(vty, &sb);
	return CMD_SUCCESS;
}

/* ---- show crypto session ------------------------------------------------- */

#define IKE_MAX_LIST	256

struct session {
	struct iface	*ifp;
	uint32_t	 peer;
	uint16_t	 port;
	int		 first_row;	/* rows of this session: same ifp/peer */
};

static const char *
encr_short(uint16_t encr, uint16_t keylen)
{
	switch (encr) {
	case OAKLEY_ENCR_DES:	return "DES";
	case OAKLEY_ENCR_3DES:	return "3DES";
	case OAKLEY_ENCR_AES:
		return keylen == 256 ? "AES256" : keylen == 192 ? "AES192" :
		    "AES";
	}
	return "UNKNOWN";
}

static const char *
hash_short(uint16_t hash)
{
	switch (hash) {
	case OAKLEY_HASH_MD5:		return "MD5";
	case OAKLEY_HASH_SHA:		return "SHA";
	case OAKLEY_HASH_SHA256:	return "SHA256";
	case OAKLEY_HASH_SHA384:	return "SHA384";
	case OAKLEY_HASH_SHA512:	return "SHA512";
	}
	return "UNKNOWN";
}

static void
flow_text(char *buf, size_t len, const struct ipsec_proxy *l,
    const struct ipsec_proxy *rr)
{
	char a[16], m[16], p1[48], p2[48], proto[8];

	if (l->proto == 0)
		snprintf(proto, sizeof(proto), "ip");
	else
		snprintf(proto, sizeof(proto), "%u", l->proto);
	if (l->mask == 0xffffffffu)
		snprintf(p1, sizeof(p1), "host %s", ip_ntoa(l->addr, a));
	else
		snprintf(p1, sizeof(p1), "%s/%s", ip_ntoa(l->addr, a),
		    ip_ntoa(l->mask, m));
	if (l->port != 0)
		snprintf(p1 + strlen(p1), sizeof(p1) - strlen(p1), " port %u",
		    l->port);
	if (rr->mask == 0xffffffffu)
		snprintf(p2, sizeof(p2), "host %s", ip_ntoa(rr->addr, a));
	else
		snprintf(p2, sizeof(p2), "%s/%s", ip_ntoa(rr->addr, a),
		    ip_ntoa(rr->mask, m));
	if (rr->port != 0)
		snprintf(p2 + strlen(p2), sizeof(p2) - strlen(p2), " port %u",
		    rr->port);
	snprintf(buf, len, "permit %s %s %s", proto, p1, p2);
}

static void
hms(char *buf, size_t len, uint32_t secs)
{
	snprintf(buf, len, "%02u:%02u:%02u", secs / 3600, secs / 60 % 60,
	    secs % 60);
}

static const char session_codes[] =
    "Code: C - IKE Configuration mode, D - Dead Peer Detection     \n"
    "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     \n"
    "X - IKE Extended Authentication, F - IKE Fragmentation\n"
    "R - IKE Auto Reconnect, U - IKE Dynamic Route Update\n"
    "S - SIP VPN\n";

static void
session_show(struct strbuf *sb, struct router *r, const struct rows *rs,
    const struct session *ss, const struct ike_sa_info *ike, int n_ike,
    bool detail)
{
	const struct ike_sa_info *main_sa = NULL;
	char a[16], b[16], buf[128];
	int n_up = 0;
	bool any_sa = false, any_ike = false;
	const char *status;

	for (int i = 0; i < n_ike; i++) {
		if (ike[i].peer != ss->peer)
			continue;
		if (main_sa == NULL || (ike[i].active && !main_sa->active))
			main_sa = &ike[i];
		n_up += ike[i].active;
		/* A deleted SA is listed (Inactive) but negotiates nothing. */
		any_ike |= !ike[i].active && !ike[i].deleted;
	}
	for (int i = ss->first_row; i < rs->n; i++) {
		const struct row *rw = &rs->v[i];
		struct flow_sum s;

		if (rw->ifp != ss->ifp || rw->peer != ss->peer)
			continue;
		flow_sum(r, rw->f, &s);
		any_sa |= s.n_active > 0;
	}
	if (n_up > 0)
		status = any_sa ? "UP-ACTIVE" : "UP-IDLE";
	else if (any_sa)
		status = "UP-NO-IKE";
	else if (any_ike)
		status = "DOWN-NEGOTIATING";
	else
		status = "DOWN";

	sb_printf(sb, "Interface: %s\n", ss->ifp->name);
	if (main_sa != NULL && main_sa->profile != NULL &&
	    main_sa->profile[0] != '\0')
		sb_printf(sb, "Profile: %s\n", main_sa->profile);
	if (detail && n_up > 0) {
		/* Up since its oldest inbound SA still in use. */
		vtime_t since = VT_NEVER;
		char u[32];

		for (int i = ss->first_row; i < rs->n; i++) {
			const struct row *rw = &rs->v[i];
			struct flow_sum s;

			if (rw->ifp != ss->ifp || rw->peer != ss->peer)
				continue;
			flow_sum(r, rw->f, &s);
			if (s.in != NULL && s.in->created < since)
				since = s.in->created;
		}
		if (since != VT_NEVER) {
			log_format_uptime(u, sizeof(u), sched_now() - since);
			sb_printf(sb, "Uptime: %s\n", u);
		}
	}
	sb_printf(sb, "Session status: %-14s\n", status);
	if (detail)
		sb_printf(sb, "Peer: %s port %u fvrf: (none) ivrf: (none)\n",
		    ip_ntoa(ss->peer, a), main_sa ? main_sa->pport : ss->port);
	else
		sb_printf(sb, "Peer: %s port %u \n", ip_ntoa(ss->peer, a),
		    main_sa ? main_sa->pport : ss->port);
	if (detail) {
		if (main_sa != NULL)
			sb_printf(sb, "      Phase1_id: %s\n",
			    ip_ntoa(ss->peer, a));
		sb_puts(sb, "      Desc: (none)\n");
	}
	if (main_sa != NULL)
		sb_puts(sb, "  Session ID: 0  \n");
	for (int i = 0; i < n_ike; i++) {
		const struct ike_sa_info *k = &ike[i];
		char caps[8] = "";

		if (k->peer != ss->peer)
			continue;
		sb_printf(sb, "  IKEv1 SA: local %s/%u remote %s/%u %s \n",
		    ip_ntoa(k->local, a), k->lport, ip_ntoa(k->peer, b),
		    k->pport, k->active ? "Active" : "Inactive");
		if (!detail)
			continue;
		if (k->dpd)
			strcat(caps, "D");
		if (k->natt)
			strcat(caps, "N");
		hms(buf, sizeof(buf), k->life_left);
		sb_printf(sb, "          Capabilities:%s connid:%u lifetime:%s\n",
		    caps[0] ? caps : "(none)", k->conn_id, buf);
	}
	for (int i = ss->first_row; i < rs->n; i++) {
		const struct row *rw = &rs->v[i];
		struct flow_sum s;
		struct dp_flow *df;
		uint64_t kb_in = 0, kb_out = 0;
		uint32_t sec_in = 0, sec_out = 0;

		if (rw->ifp != ss->ifp || rw->peer != ss->peer)
			continue;
		flow_sum(r, rw->f, &s);
		flow_text(buf, sizeof(buf), &rw->lid, &rw->rid);
		sb_printf(sb, "  IPSEC FLOW: %s \n", buf);
		sb_printf(sb, "        Active SAs: %d, origin: crypto map\n",
		    s.n_active);
		if (!detail)
			continue;
		df = rw->f != NULL ? dp_flow_get(r, rw->f, false) : NULL;
		if (s.in != NULL)
			ipsec_sa_remaining(s.in, &kb_in, &sec_in);
		if (s.out != NULL)
			ipsec_sa_remaining(s.out, &kb_out, &sec_out);
		sb_printf(sb, "        Inbound:  #pkts dec'ed %llu drop %llu "
		    "life (KB/Sec) %llu/%u\n", U(s.st.decaps),
		    U(s.st.recv_errors + (df ? df->invalid_sa_rcv : 0)),
		    U(kb_in), sec_in);
		sb_printf(sb, "        Outbound: #pkts enc'ed %llu drop %llu "
		    "life (KB/Sec) %llu/%u\n", U(s.st.encaps),
		    U(s.st.send_errors + (df ? df->no_sa_send : 0)),
		    U(kb_out), sec_out);
		sb_puts(sb, "\n");
	}
}

static void
show_session(struct vty *vty, uint32_t remote, bool detail)
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct rows rs = { NULL, 0, 0 };
	struct session *ss = NULL;
	struct ike_sa_info *ike;
	int n_ss = 0, n_ike;
	bool first = true;

	if (r == NULL || r->ipsec == NULL)
		return;
	dp_rri_sync(r);
	rows_build(r, &rs);
	ike = calloc(IKE_MAX_LIST, sizeof(*ike));
	if (ike == NULL)
		abort();
	n_ike = ike_sa_info_list(r, ike, IKE_MAX_LIST);
	if (n_ike > IKE_MAX_LIST)
		n_ike = IKE_MAX_LIST;
	/* Sessions: one per interface and peer, in block order. */
	for (int i = 0; i < rs.n; i++) {
		int k;

		for (k = 0; k < n_ss; k++)
			if (ss[k].ifp == rs.v[i].ifp && ss[k].peer == rs.v[i].peer)
				break;
		if (k < n_ss)
			continue;
		ss = realloc(ss, (size_t)(n_ss + 1) * sizeof(*ss));
		if (ss == NULL)
			abort();
		ss[n_ss].ifp = rs.v[i].ifp;
		ss[n_ss].peer = rs.v[i].peer;
		ss[n_ss].port = rs.v[i].port;
		ss[n_ss].first_row = i;
		n_ss++;
	}
	/* IKE SAs with a peer no block names: on the interface toward it. */
	for (int i = 0; i < n_ike; i++) {
		struct iface *oif;
		uint32_t nh;
		int k;

		for (k = 0; k < n_ss; k++)
			if (ss[k].peer == ike[i].peer)
				break;
		if (k < n_ss || !ip_route_lookup(r, ike[i].peer, &oif, &nh))
			continue;
		ss = realloc(ss, (size_t)(n_ss + 1) * sizeof(*ss));
		if (ss == NULL)
			abort();
		ss[n_ss].ifp = oif;
		ss[n_ss].peer = ike[i].peer;
		ss[n_ss].port = ike[i].pport;
		ss[n_ss].first_row = rs.n;
		n_ss++;
	}
	sb_puts(&sb, "Crypto session current status\n\n");
	if (detail)
		sb_printf(&sb, "%s\n", session_codes);
	for (int k = 0; k < n_ss; k++) {
		if (remote != 0 && ss[k].peer != remote)
			continue;
		if (!first && !detail)
			sb_puts(&sb, "\n");
		first = false;
		session_show(&sb, r, &rs, &ss[k], ike, n_ike, detail);
	}
	free(ss);
	free(ike);
	free(rs.v);
	flush(vty, &sb);
}

#define SESSION_HELP SHOW_STR CRYPTO_STR \
	"Show crypto sessions (tunnels)\n"

DEFUN(show_session_cmdf, "show crypto session [detail]",
    SESSION_HELP "Show detailed information\n")
{
	show_session(vty, 0, argc > 3);
	return CMD_SUCCESS;
}

DEFUN(show_session_remote, "show crypto session remote A.B.C.D [detail]",
    SESSION_HELP "Show crypto sessions for a remote IKE peer\n"
    "IKE peer address\n" "Show detailed information\n")
{
	uint32_t a;

	if (!ip_aton(argv[4], &a))
		return cli_error_at(vty, 4);
	show_session(vty, a, argc > 5);
	return CMD_SUCCESS;
}

/* ---- show crypto engine connections active -------------------------------- */

struct conn_row {
	uint32_t	 id;
	const char	*type;
	char		 algo[24];
	uint64_t	 enc, dec;
	uint32_t	 lastseq;
	uint32_t	 addr;
};

static int
conn_cmp(const void *a, const void *b)
{
	const struct conn_row *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void
ipsec_algo(char *buf, size_t len, const struct ipsec_sa *sa)
{
	const char *c;
	char cb[16];

	switch (sa->cipher->id) {
	case ESP_ID_DES:	c = "DES"; break;
	case ESP_ID_3DES:	c = "3DES"; break;
	case ESP_ID_NULL:	c = "NULL"; break;
	case ESP_ID_AES:
	case ESP_ID_AES_GCM_16:
		snprintf(cb, sizeof(cb), "AES%s%s",
		    sa->cipher->key_len == 32 ? "256" :
		    sa->cipher->key_len == 24 ? "192" : "",
		    sa->cipher->id == ESP_ID_AES_GCM_16 ? "+GCM" : "");
		c = cb;
		break;
	default:		c = "UNKNOWN"; break;
	}
	if (sa->auth == NULL) {
		snprintf(buf, len, "%s", c);
		return;
	}
	switch (sa->auth->id) {
	case ESP_AUTH_HMAC_MD5:		snprintf(buf, len, "%s+MD5", c); break;
	case ESP_AUTH_HMAC_SHA:		snprintf(buf, len, "%s+SHA", c); break;
	case ESP_AUTH_HMAC_SHA256:	snprintf(buf, len, "%s+SHA256", c); break;
	case ESP_AUTH_HMAC_SHA384:	snprintf(buf, len, "%s+SHA384", c); break;
	case ESP_AUTH_HMAC_SHA512:	snprintf(buf, len, "%s+SHA512", c); break;
	default:			snprintf(buf, len, "%s", c); break;
	}
}

DEFUN(show_engine_conn, "show crypto engine connections active",
    SHOW_STR CRYPTO_STR "Show crypto engine info\n"
    "Show current crypto connections\n" "Show active connections\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct conn_row *v = NULL;
	struct ike_sa_info *ike;
	struct ipsec_sa *sa;
	struct sadb *db;
	int n = 0, n_ike;
	char a[16];

	if (r == NULL || r->ipsec == NULL)
		return CMD_SUCCESS;
	db = ipsec_sadb(r);
	ike = calloc(IKE_MAX_LIST, sizeof(*ike));
	if (ike == NULL)
		abort();
	n_ike = ike_sa_info_list(r, ike, IKE_MAX_LIST);
	if (n_ike > IKE_MAX_LIST)
		n_ike = IKE_MAX_LIST;
	v = calloc(sadb_count(db) + (size_t)n_ike + 1, sizeof(*v));
	if (v == NULL)
		abort();
	for (sa = sadb_next(db, NULL); sa != NULL; sa = sadb_next(db, sa)) {
		struct conn_row *c = &v[n];

		if (sa->state != IPSEC_SA_ACTIVE)
			continue;
		c->id = sa->conn_id;
		c->type = "IPsec";
		ipsec_algo(c->algo, sizeof(c->algo), sa);
		if (sa->dir == IPSEC_DIR_IN) {
			c->dec = sa->st.decrypt;
			c->lastseq = sa->replay.top;
		} else
			c->enc = sa->st.encrypt;
		c->addr = sa->local;
		n++;
	}
	for (int i = 0; i < n_ike; i++) {
		struct conn_row *c = &v[n];

		if (!ike[i].active || ike[i].conn_id == 0)
			continue;
		c->id = ike[i].conn_id;
		c->type = "IKE";
		snprintf(c->algo, sizeof(c->algo), "%s+%s",
		    hash_short(ike[i].hash), encr_short(ike[i].encr,
		    ike[i].keylen));
		c->addr = ike[i].local;
		n++;
	}
	qsort(v, (size_t)n, sizeof(*v), conn_cmp);
	sb_puts(&sb, "Crypto Engine Connections\n\n");
	sb_printf(&sb, "%5s  %-7s %-19s%8s %8s %8s %s\n", "ID", "Type",
	    "Algorithm", "Encrypt", "Decrypt", "LastSeqN", "IP-Address");
	for (int i = 0; i < n; i++)
		sb_printf(&sb, "%5u  %-7s %-19s%8llu %8llu %8u %s\n", v[i].id,
		    v[i].type, v[i].algo, U(v[i].enc), U(v[i].dec),
		    v[i].lastseq, ip_ntoa(v[i].addr, a));
	sb_puts(&sb, "\n");
	free(v);
	free(ike);
	flush(vty, &sb);
	return CMD_SUCCESS;
}

/* ---- clear ---------------------------------------------------------------- */

static void
clear_sa(struct router *r, uint32_t peer)
{
	if (r == NULL || r->ipsec == NULL)
		return;
	/* IKE sends the deletes for what it negotiated; the rest (and the
	 * flows) go here. */
	ike_clear_ipsec(r, peer);
	dp_clear_peer(r, peer);
	sadb_del_peer(ipsec_sadb(r), peer);
}

DEFUN(clear_crypto_sa, "clear crypto sa",
    CLEAR_STR CRYPTO_STR "IPSEC SA\n")
{
	clear_sa(vty_router(vty), 0);
	return CMD_SUCCESS;
}

DEFUN(clear_crypto_sa_peer, "clear crypto sa peer A.B.C.D",
    CLEAR_STR CRYPTO_STR "IPSEC SA\n" "Clear all SAs for a peer\n"
    "IP address of peer\n")
{
	uint32_t a;

	if (!ip_aton(argv[4], &a))
		return cli_error_at(vty, 4);
	clear_sa(vty_router(vty), a);
	return CMD_SUCCESS;
}

DEFUN(clear_crypto_sa_counters, "clear crypto sa counters",
    CLEAR_STR CRYPTO_STR "IPSEC SA\n" "Reset the SA counters\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_sa *sa;
	struct dp_flow *df;
	struct sadb *db;

	if (r == NULL || r->ipsec == NULL)
		return CMD_SUCCESS;
	db = ipsec_sadb(r);
	for (sa = sadb_next(db, NULL); sa != NULL; sa = sadb_next(db, sa))
		ipsec_sa_clear_counters(sa);
	TAILQ_FOREACH(df, &dp_ctx(r)->flows, entry)
		df->no_sa_send = df->invalid_sa_rcv = 0;
	return CMD_SUCCESS;
}

static void
clear_session(struct router *r, uint32_t peer)
{
	if (r == NULL || r->ipsec == NULL)
		return;
	ike_clear_session(r, peer);
	dp_clear_peer(r, peer);
	sadb_del_peer(ipsec_sadb(r), peer);
}

DEFUN(clear_crypto_session, "clear crypto session",
    CLEAR_STR CRYPTO_STR "Clear crypto sessions (tunnels)\n")
{
	clear_session(vty_router(vty), 0);
	return CMD_SUCCESS;
}

DEFUN(clear_crypto_session_remote, "clear crypto session remote A.B.C.D",
    CLEAR_STR CRYPTO_STR "Clear crypto sessions (tunnels)\n"
    "Remote IKE peer\n" "IKE peer address\n")
{
	uint32_t a;

	if (!ip_aton(argv[4], &a))
		return cli_error_at(vty, 4);
	clear_session(vty_router(vty), a);
	return CMD_SUCCESS;
}

/* ---- debug crypto ipsec --------------------------------------------------- */

static uint32_t
ipsec_dbg_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	uint32_t lvl = d->level[id];

	if (argc > 0 && strcmp(argv[0], "error") == 0) {
		sb_puts(out, "Crypto IPSEC Error debugging is on\n");
		return lvl | IPSEC_DBG_ERROR;
	}
	sb_puts(out, "Crypto IPSEC debugging is on\n");
	return lvl | IPSEC_DBG_NORMAL;
}

static void
ipsec_dbg_show(const struct debugs *d, int id, struct strbuf *out)
{
	uint32_t lvl = d->level[id];

	if (lvl & ~IPSEC_DBG_ERROR)
		sb_puts(out, "  Crypto IPSEC debugging is on\n");
	if (lvl & IPSEC_DBG_ERROR)
		sb_puts(out, "  Crypto IPSEC Error debugging is on\n");
}

static const struct debug_desc ipsec_dbg_desc = {
	"crypto ipsec", CRYPTO_STR "Crypto IPSEC debug messages\n",
	"Cryptographic Subsystem", "Crypto IPSEC debugging is on",
	"Crypto IPSEC debugging is off",
	"[error]", "IPSEC Error Debugging\n",
	ipsec_dbg_set, ipsec_dbg_show
};

/* ---- configuration changes ----------------------------------------------- */

static void (*prev_cfg_hook)(struct router *, enum ipsec_cfg_event,
    const char *);

/* A map applied or removed, an entry changed: reverse routes follow at
 * once, and again after the current event (a config being loaded may
 * define the crypto ACL only after the map is applied). */
static void
dp_cfg_hook(struct router *r, enum ipsec_cfg_event ev, const char *name)
{
	if (prev_cfg_hook != NULL)
		prev_cfg_hook(r, ev, name);
	if (ev == IPSEC_CFG_MAP_IFACE || ev == IPSEC_CFG_MAP_ENTRY) {
		dp_rri_schedule(r);
		dp_rri_sync(r);
	}
}

void
dp_cli_init(void)
{
	static struct cmd *const cmds[] = {
		&show_sa_cmd, &show_sa_peer_cmd, &show_sa_iface_cmd,
		&show_sa_map_cmd, &show_sa_address_cmd,
		&show_session_cmdf_cmd, &show_session_remote_cmd,
		&show_engine_conn_cmd,
		&clear_crypto_sa_cmd, &clear_crypto_sa_peer_cmd,
		&clear_crypto_sa_counters_cmd,
		&clear_crypto_session_cmd, &clear_crypto_session_remote_cmd,
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		cli_install(ENABLE_NODE, cmds[i]);
	dp_dbg_ipsec = debug_register(&ipsec_dbg_desc);
	if (ipsec_cfg_hook != dp_cfg_hook) {
		prev_cfg_hook = ipsec_cfg_hook;
		ipsec_cfg_hook = dp_cfg_hook;
	}
}
