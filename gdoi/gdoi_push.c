/* GROUPKEY-PUSH, the key server's rekey engine (seed 003 "Rekeying",
 * seed 001 "Rekey"; the messages are gdoi_push_msg.c's, the member's side
 * gdoi_push_gm.c, policy-change rekeys gdoi_rekey_policy.c).
 *
 * When: a TEK rekey tek_rekey_offset + retransmission pull-back (+ the
 * unicast loop time) before the TEK ends, a KEK rekey by the same formula
 * on the KEK lifetime (never later than 120 s before it ends), and a
 * rekey at once for the policy changes of seed 003 tables 1 and 2.  A TEK
 * and a KEK rekey due within 60 s of each other go out as one PUSH (new
 * KEK and new TEK; 60 s is the window seed 003 gives for folding a
 * pseudotime-sync rekey into a TEK or KEK rekey, the only such window the
 * guide names).  Without an RSA key there is no rekey (seed 003): the GMs
 * re-register.
 *
 * How: unicast, a copy per member from the KS address it registered to,
 * in batches of 50 members (seed 003 "Unicast Rekeying and SAs": "sends
 * rekeys to unicast group members in groups of 50 within a loop.  The
 * time spent within this loop is estimated to be 5 seconds").  vpnsim
 * sends one batch every 5 s, the guide's own estimate of a loop, so the
 * last batch leaves exactly when the formula's loop allowance (loops x 5
 * s) has run out.  Each member acknowledges; the copies it has not
 * acknowledged are sent again per `rekey retransmit` (each with the next
 * seq #, seed 003's "retransmissions with sequence numbers 2 3 4 5 6"),
 * and a member that misses the ACKs of three rekeys in a row is removed.
 * Multicast (no `rekey transport unicast`, `rekey address ipv4 ACL`
 * naming the group): one copy to the group from the KS address, no ACKs,
 * always retransmitted per `rekey retransmit`, nobody is ejected.  Before
 * each retransmission the KS checks whether a TEK or KEK rekey is due
 * within 120 s; if so it stops retransmitting (seed 003 "Retransmitting a
 * Rekey").
 *
 * Transport changes: what the members were last told (the SAK's source
 * and destination) is kept in rk_src/rk_dst.  When the configuration asks
 * for something else, the next rekey carries the KEK policy (SAK) with
 * the new transport and still travels the old way (the members can only
 * hear it there); the ones after it use the new transport
 * (%GDOI-5-KS_REKEY_TRANS_2_UNI / _2_MULTI: the seeds list the mnemonics
 * without a text; vpnsim prints the GM's wording of seed 001).
 *
 * The KS-side rekey event traces (REKEY_SENT, ACK_RCVD) follow the GM's
 * form of seed 001 ("From <KS> to <GM> with seq no N for the group G");
 * IOS's KS-side entries are not in the seeds.  Debug lines are vpnsim's
 * wording (no IOS sample found). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "crypto_cfg.h"
#include "engine.h"
#include "evtrace.h"
#include "gdoi_codec.h"
#include "gdoi_debug.h"
#include "gdoi_push_int.h"
#include "gdoi_timers.h"
#include "ike_gdoi.h"
#include "ipv4.h"
#include "log.h"
#include "router.h"

#define KS_DBG(k, lvl, peer, ...)					\
	GDOI_DBG((k)->r, GDBG_KS, GDBG_REKEY, (lvl), (peer), (k)->name,	\
	    __VA_ARGS__)

const struct gdoi_group *
gdoi_push_ks_cfg(struct router *r, const char *name)
{
	const struct gdoi_group *g = gdoi_group_find(r, name);

	return g != NULL && g->ks != NULL ? g : NULL;
}

static bool
is_mcast(uint32_t a)
{
	return (a & 0xf0000000u) == 0xe0000000u;
}

/* ---- transport ------------------------------------------------------------ */

struct rk_acl {
	uint32_t	 src, dst;
};

/* The first line of the rekey ACL whose destination is one multicast
 * host: the group, and its source when that is a host (seed 003:
 * "permit ip host 10.1.11.2 host 239.192.1.190"; "the source address of
 * the key server can be retrieved from the rekey ACL"). */
static bool
rk_acl_line(void *ctx, const struct acl_entry_view *v)
{
	struct rk_acl *c = ctx;

	if (!v->permit || v->dst_wild != 0 || !is_mcast(v->dst))
		return true;
	c->dst = v->dst;
	if (v->src_wild == 0)
		c->src = v->src;
	return false;
}

/* The transport the configuration asks for; false for multicast without
 * a usable rekey ACL (no rekey can go out). */
static bool
transport(struct router *r, const struct gdoi_ks_cfg *ks, uint32_t local,
    uint32_t *src, uint32_t *dst)
{
	struct rk_acl c = { 0, 0 };

	*src = ks->address != 0 ? ks->address : local;
	*dst = 0;
	if (ks->unicast)
		return true;
	if (ks->rekey_acl[0] == '\0')
		return false;
	(void)acl_walk(r, ks->rekey_acl, rk_acl_line, &c);
	if (c.dst == 0)
		return false;
	*dst = c.dst;
	if (ks->address == 0 && c.src != 0)
		*src = c.src;
	return true;
}

void
gdoi_push_sak_addrs(struct gdoi_ksg *k, const struct gdoi_ks_cfg *ks,
    uint32_t local, uint32_t *src, uint32_t *dst)
{
	if (!transport(k->r, ks, local, src, dst))
		*dst = 0;
	if (TAILQ_EMPTY(&k->members)) {
		k->rk_src = *src;
		k->rk_dst = *dst;
	}
}

/* The KS address for this group's rekeys when the configuration names
 * none: the one the first member registered to. */
static uint32_t
first_local(const struct gdoi_ksg *k)
{
	const struct gdoi_member *m = TAILQ_FIRST(&k->members);

	return m != NULL ? m->ks : 0;
}

static bool
can_rekey(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	uint32_t src, dst;

	if (g == NULL || g->ks->auth != GDOI_AUTH_MYPUBKEY ||
	    ipsec_rsa_find(k->r, g->ks->auth_key) == NULL) {
		KS_DBG(k, DBG_LVL_ERROR, 0, "GDOI:KS REKEY:ERR:(0):No RSA key "
		    "to sign the rekey for group %s", k->name);
		return false;
	}
	if (!transport(k->r, g->ks, first_local(k), &src, &dst)) {
		KS_DBG(k, DBG_LVL_ERROR, 0, "GDOI:KS REKEY:ERR:(0):No "
		    "multicast rekey address for group %s", k->name);
		return false;
	}
	return true;
}

/* ---- the end of a rekey --------------------------------------------------- */

static void
hist_push(uint32_t h[4], uint32_t v)
{
	memmove(h + 1, h, 3 * sizeof(h[0]));
	h[0] = v;
}

/* Count the members that did not answer a unicast rekey and remove those
 * that missed three rekeys in a row (seed 003: the GM must register
 * again).  Seed 003 table 3 names the syslog, KS_NACK_GM_EJECT, but
 * prints neither its severity nor its text: both are vpnsim's, worded
 * after the table's explanation (docs/wire-formats.md). */
static void
count_missed(struct gdoi_ksg *k)
{
	struct gdoi_member *m, *n;
	char	 a[16];

	for (m = TAILQ_FIRST(&k->members); m != NULL; m = n) {
		n = TAILQ_NEXT(m, entry);
		if (m->acked)
			continue;
		m->missed++;
		m->n_missed_total++;
		if (m->missed < GDOI_MAX_MISSED_ACKS)
			continue;
		rlog(k->r, SEV_ERR, "GDOI", "KS_NACK_GM_EJECT", "KS has not "
		    "received an ACK from GM %s in group %s for %d consecutive "
		    "rekeys and has ejected it", ip_ntoa(m->addr, a), k->name,
		    m->missed);
		gdoi_ks_member_unlink(k, m);
		gdoi_ks_member_gone(k, m);	/* KS_LAST_GM */
	}
}

/* Table 3 KS_GM_REVOKED ("During rekey protocol, an unauthorized member
 * tried to join a group"): before a unicast rekey goes out, a member
 * that registered by its address and that the group's `authorization
 * address ipv4` ACL no longer permits is removed and gets no new keys.
 * Severity and wording: the IOS catalogue's as remembered (vpnsim's). */
static void
revoke_unauthorized(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	struct gdoi_member *m, *n;
	char	 a[16];

	if (g->ks->authz_acl[0] == '\0')
		return;
	for (m = TAILQ_FIRST(&k->members); m != NULL; m = n) {
		n = TAILQ_NEXT(m, entry);
		if (!m->addr_authz ||
		    gdoi_ks_addr_authorized(k->r, g->ks, m->addr, m->ks))
			continue;
		rlog(k->r, SEV_ERR, "GDOI", "KS_GM_REVOKED", "Re-Key: GM %s "
		    "revoked by KS in the group %s.", ip_ntoa(m->addr, a),
		    k->name);
		gdoi_ks_member_unlink(k, m);
		gdoi_ks_member_gone(k, m);
	}
}

/* The rekey in progress is over (every ACK came, the retransmissions
 * ran out or stopped, or a new rekey starts). */
static void
rekey_end(struct gdoi_ksg *k)
{
	timer_cancel(&k->batch_ev);
	timer_cancel(&k->retx_ev);
	if (!k->open)
		return;
	k->open = false;
	if (k->out_dst == 0)
		count_missed(k);
	free(k->out);
	k->out = NULL;
	k->out_len = 0;
	KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):Rekey of group %s "
	    "done after %llu sec, %llu retransmission(s)", k->name,
	    (unsigned long long)((sched_now() - k->rekey_start) / VT_SEC),
	    (unsigned long long)k->n_retx);
}

/* ---- sending -------------------------------------------------------------- */

/* The PUSH for the current seq # into k->out. */
static bool
build_out(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	struct gdoi_push_opts o;

	memset(&o, 0, sizeof(o));
	o.seq = k->seq;
	o.kek = k->kek_push;
	o.sak = k->out_sak;
	o.sak_src = k->rk_src;
	o.sak_dst = k->rk_dst;
	free(k->out);
	k->out = gdoi_push_build(k->r, k, g->ks, &o, &k->out_len);
	return k->out != NULL;
}

static void retx_fire(void *);

/* After the last copy of a send: wait for the ACKs (unicast) and then
 * retransmit, or retransmit after the period (multicast). */
static void
arm_retx(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	int	 period = 0, number = 0;

	if (!gdoi_retransmit(g->ks, &period, &number) || period <= 0)
		period = GDOI_UNICAST_LOOP_SEC * 2;	/* time for ACKs */
	timer_set(&k->retx_ev, (vtime_t)period * VT_SEC, retx_fire, k);
}

/* One batch: the next 50 members that still need this rekey (unicast),
 * or the one multicast copy; then the next batch 5 s later, or the
 * retransmission timer. */
static void
send_batch(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = gdoi_push_ks_cfg(k->r, k->name);
	struct evtrace *tr = evtrace_get(k->r->traces, "gdoi", "rekey");
	struct gdoi_member *m;
	uint32_t sent = 0;
	int	 i = 0;
	bool	 more = false;
	char	 a[16], b[16];

	if (g == NULL || k->out == NULL) {
		rekey_end(k);
		return;
	}
	if (k->out_dst != 0) {
		ike_gdoi_sendto(k->r, k->out_src, k->out_dst, k->out,
		    k->out_len);
		if (!k->out_retry)
			k->rekey_duration = 0;
		evtrace_add(tr, "GDOI_REKEY_EVENT: REKEY_SENT: From %s to %s "
		    "with seq no %u for the group %s", ip_ntoa(k->out_src, a),
		    ip_ntoa(k->out_dst, b), k->seq, k->name);
		arm_retx(k, g);
		return;
	}
	TAILQ_FOREACH(m, &k->members, entry) {
		if (i++ < k->batch_pos)
			continue;
		if (m->acked) {
			k->batch_pos++;
			continue;
		}
		if (sent == GDOI_UNICAST_BATCH) {
			more = true;
			break;
		}
		k->batch_pos++;
		sent++;
		if (k->out_retry)
			m->n_retries++;
		else
			m->n_rekeys++;
		m->sent_seq = k->seq;
		hist_push(m->sent_hist, k->seq);
		ike_gdoi_sendto(k->r, m->ks, m->addr, k->out, k->out_len);
		evtrace_add(tr, "GDOI_REKEY_EVENT: REKEY_SENT: From %s to %s "
		    "with seq no %u for the group %s", ip_ntoa(m->ks, a),
		    ip_ntoa(m->addr, b), k->seq, k->name);
		KS_DBG(k, DBG_LVL_DETAIL, m->addr, "GDOI:KS REKEY:DET:(0):%s "
		    "seq # %u to GM %s", k->out_retry ? "Retransmitted" :
		    "Sent", k->seq, ip_ntoa(m->addr, a));
	}
	if (more) {
		timer_set(&k->batch_ev, (vtime_t)GDOI_UNICAST_LOOP_SEC * VT_SEC,
		    send_batch, k);
		return;
	}
	if (!k->out_retry)
		k->rekey_duration = sched_now() - k->rekey_start;
	arm_retx(k, g);
}

/* Seconds until the next scheduled TEK or KEK rekey (UINT32_MAX: none). */
static uint32_t
next_rekey_in(const struct gdoi_ksg *k)
{
	uint32_t t = UINT32_MAX;

	if (timer_pending(&k->rekey_ev))
		t = (uint32_t)(timer_remaining(&k->rekey_ev) / VT_SEC);
	if (timer_pending(&k->kek_ev) &&
	    timer_remaining(&k->kek_ev) / VT_SEC < t)
		t = (uint32_t)(timer_remaining(&k->kek_ev) / VT_SEC);
	return t;
}

static bool
all_acked(const struct gdoi_ksg *k)
{
	const struct gdoi_member *m;

	TAILQ_FOREACH(m, &k->members, entry)
		if (!m->acked)
			return false;
	return true;
}

static void
retx_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = gdoi_push_ks_cfg(k->r, k->name);
	int	 period = 0, number = 0;

	if (g == NULL || k->retx_left <= 0 ||
	    (k->out_dst == 0 && all_acked(k)) ||
	    !gdoi_retransmit(g->ks, &period, &number) || period <= 0) {
		rekey_end(k);
		return;
	}
	if (!gdoi_retransmit_allowed(next_rekey_in(k))) {
		KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):Next rekey "
		    "of group %s is due in %u sec: retransmission stopped",
		    k->name, next_rekey_in(k));
		rekey_end(k);
		return;
	}
	k->retx_left--;
	k->n_retx++;
	k->n_retx_total++;
	k->seq = gdoi_ks_next_seq(k->seq, false);
	k->out_retry = true;
	if (!build_out(k, g)) {
		rekey_end(k);
		return;
	}
	KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):Retransmitting "
	    "rekey of group %s with seq # %u (%d left)", k->name, k->seq,
	    k->retx_left);
	k->batch_pos = 0;
	send_batch(k);
}

/* Send the rekey of the group's current keys (with its new KEK when kek)
 * and schedule the batches and retransmissions. */
static void
start_rekey(struct gdoi_ksg *k, const struct gdoi_group *g, bool kek)
{
	struct gdoi_member *m;
	uint32_t src = 0, dst = 0, from[16];
	int	 period = 0, number = 0, n_from = 0, i;
	char	 a[16], b[16];

	rekey_end(k);			/* a rekey still under way */
	/* The first rekey after a KEK rekey restarts at 1 (seed 003), "not
	 * ... the KEK rekey message itself". */
	k->seq = gdoi_ks_next_seq(k->seq, k->seq_reset);
	k->seq_reset = kek;
	if (!kek) {
		/* The old KEK is no longer needed. */
		free(k->okek.spki);
		memset(&k->okek, 0, sizeof(k->okek));
	}
	k->kek_push = kek;
	k->seq0 = k->seq;
	(void)transport(k->r, g->ks, first_local(k), &src, &dst);
	/* Sent the way the members know; a new transport rides in the SAK
	 * (a KEK rekey always carries the SAK). */
	k->out_src = k->rk_src != 0 ? k->rk_src : src;
	k->out_dst = k->rk_dst;
	k->out_sak = dst != k->rk_dst;
	if ((dst == 0) != (k->rk_dst == 0))
		rlog(k->r, SEV_NOTICE, "GDOI", dst == 0 ?
		    "KS_REKEY_TRANS_2_UNI" : "KS_REKEY_TRANS_2_MULTI",
		    "Group %s transitioned to %s Rekey.", k->name,
		    dst == 0 ? "Unicast" : "Multicast");
	k->rk_src = src;
	k->rk_dst = dst;
	k->out_retry = false;
	if (k->out_dst == 0)
		revoke_unauthorized(k, g);
	if (!build_out(k, g))
		return;
	k->open = true;
	k->rekey_start = sched_now();
	k->n_rekeys++;
	k->n_retx = 0;
	if (k->out_dst != 0)
		k->n_mcast_rekeys++;
	if (!gdoi_retransmit(g->ks, &period, &number))
		number = 0;
	k->retx_left = number;
	KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):%s rekey of group "
	    "%s, seq # %u, %s%s", kek ? "KEK" : "TEK", k->name, k->seq,
	    k->out_dst != 0 ? "multicast" : "unicast",
	    k->out_sak ? ", new rekey transport" : "");
	if (k->out_dst != 0)
		rlog(k->r, SEV_NOTICE, "GDOI", "KS_SEND_MCAST_REKEY", "Sending "
		    "Multicast Rekey for group %s from address %s to %s with "
		    "seq # %u", k->name, ip_ntoa(k->out_src, a),
		    ip_ntoa(k->out_dst, b), k->seq);
	/* Unicast: one syslog per rekey and source address (the guide shows
	 * one line per seq #), not one per member; a KS has few addresses. */
	TAILQ_FOREACH(m, &k->members, entry) {
		m->acked = false;
		if (k->out_dst != 0)
			continue;
		for (i = 0; i < n_from && from[i] != m->ks; i++)
			;
		if (i < n_from || n_from == (int)(sizeof(from) /
		    sizeof(from[0])))
			continue;
		from[n_from++] = m->ks;
		rlog(k->r, SEV_NOTICE, "GDOI", "KS_SEND_UNICAST_REKEY",
		    "Sending Unicast Rekey for group %s from address %s with "
		    "seq # %u", k->name, ip_ntoa(m->ks, a), k->seq);
	}
	k->batch_pos = 0;
	send_batch(k);
}

/* ---- keys ----------------------------------------------------------------- */

/* A new KEK; the old one (which the members hold) is kept to carry the
 * KEK rekey and its retransmissions.  False when none could be made. */
static bool
new_kek(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	free(k->okek.spki);
	k->okek = k->kek;
	k->kek.spki = NULL;		/* now owned by okek */
	gdoi_ks_make_kek(k->r, k, g->ks);	/* re-arms kek_ev */
	if (!k->kek.valid) {
		free(k->kek.spki);
		k->kek = k->okek;
		memset(&k->okek, 0, sizeof(k->okek));
		return false;
	}
	k->n_kek_rekeys++;
	return true;
}

static bool
due_soon(struct event *const *ev)
{
	return timer_pending(ev) &&
	    gdoi_rekey_combine((uint32_t)(timer_remaining(ev) / VT_SEC));
}

/* The TEK is about to end (its KEK may be too: one PUSH for both). */
static void
rekey_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = gdoi_push_ks_cfg(k->r, k->name);
	bool	 kek;

	if (!can_rekey(k, g))
		return;			/* no rekey without RSA keys */
	kek = k->kek.valid && due_soon(&k->kek_ev);
	rekey_end(k);
	if (!gdoi_ks_make_tek(k->r, k, g->ks))	/* re-arms rekey_ev */
		return;
	if (kek && new_kek(k, g)) {
		k->n_combined++;
		KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):KEK rekey "
		    "of group %s was due within %d sec: sent with the TEK "
		    "rekey", k->name, GDOI_REKEY_COMBINE_WINDOW);
	} else
		kek = false;
	start_rekey(k, g, kek);
}

/* The KEK is about to end: a new one, pushed under the old one (with a
 * new TEK when the TEK rekey is due too). */
static void
kek_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	const struct gdoi_group *g = gdoi_push_ks_cfg(k->r, k->name);

	if (!can_rekey(k, g) || !k->kek.valid || !k->tek.valid)
		return;
	rekey_end(k);
	if (due_soon(&k->rekey_ev) && gdoi_ks_make_tek(k->r, k, g->ks)) {
		k->n_combined++;
		KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):TEK rekey "
		    "of group %s was due within %d sec: sent with the KEK "
		    "rekey", k->name, GDOI_REKEY_COMBINE_WINDOW);
	}
	if (!new_kek(k, g))
		return;
	start_rekey(k, g, true);
}

void
gdoi_push_policy_rekey(struct gdoi_ksg *k, unsigned changes)
{
	const struct gdoi_group *g = gdoi_push_ks_cfg(k->r, k->name);
	bool	 kek = (changes & (GDOI_CHG_REKEY_ALG | GDOI_CHG_REKEY_AUTH))
	    != 0;

	/* Table 3 KS_CONV_SAS_INGRESS / KS_CONV_SAS_DUPLEX: `sa
	 * receive-only` added or removed on a group that has SAs (wording
	 * after the GM's GM_CONV_SA_DUPLEX, vpnsim's).  The members follow
	 * with this rekey, or at their next registration without one. */
	if ((changes & GDOI_CHG_RECEIVE_ONLY) != 0 && g != NULL &&
	    k->tek.valid)
		rlog(k->r, SEV_NOTICE, "GDOI", g->ks->receive_only ?
		    "KS_CONV_SAS_INGRESS" : "KS_CONV_SAS_DUPLEX", "IPSec SAs "
		    "converted to %s in group %s", g->ks->receive_only ?
		    "Ingress" : "Duplex", k->name);
	if (!k->kek.valid || !k->tek.valid || !can_rekey(k, g))
		return;
	KS_DBG(k, DBG_LVL_EVENT, 0, "GDOI:KS REKEY:EVT:(0):Policy of group %s "
	    "changed (0x%02x): rekey", k->name, changes);
	rekey_end(k);
	/* Table 1: a new TEK policy ("The SAs of the old ... remain active
	 * until [their] lifetime expires" on the members).  An incomplete
	 * policy (no profile, transform set or ACL) makes no TEK: the old
	 * SAs stay in use (table 2, "policy is incomplete"). */
	if ((changes & (GDOI_CHG_TEK | GDOI_CHG_RECEIVE_ONLY)) != 0 &&
	    !gdoi_ks_make_tek(k->r, k, g->ks))
		KS_DBG(k, DBG_LVL_ERROR, 0, "GDOI:KS REKEY:ERR:(0):Policy of "
		    "group %s is incomplete: no new TEK", k->name);
	if (kek && !new_kek(k, g))
		kek = false;
	k->n_policy_rekeys++;
	start_rekey(k, g, kek);
}

/* ---- timers --------------------------------------------------------------- */

/* The rekey is multicast when the configuration asks for it (the loop
 * time of the formula is for unicast only). */
static bool
cfg_unicast(struct gdoi_ksg *k, const struct gdoi_group *g)
{
	uint32_t src, dst = 0;

	(void)transport(k->r, g->ks, 0, &src, &dst);
	return dst == 0;
}

void
gdoi_push_kek_arm(struct gdoi_proto *p, struct gdoi_ksg *k)
{
	const struct gdoi_group *g;
	int	 period = 0, number = 0;
	uint32_t at;

	if (p == NULL || (g = gdoi_push_ks_cfg(p->r, k->name)) == NULL ||
	    !k->kek.valid)
		return;
	if (!gdoi_retransmit(g->ks, &period, &number))
		period = number = 0;
	k->kek_armed_gms = (uint32_t)gdoi_ks_members(k);
	at = gdoi_ks_kek_rekey_at(k->kek.life, cfg_unicast(k, g),
	    k->kek_armed_gms, period, number);
	timer_set(&k->kek_ev, (vtime_t)at * VT_SEC, kek_fire, k);
}

void
gdoi_push_ks_arm(struct gdoi_proto *p, struct gdoi_ksg *k)
{
	const struct gdoi_group *g;
	int	 period = 0, number = 0;
	uint32_t at;

	if (p == NULL || (g = gdoi_push_ks_cfg(p->r, k->name)) == NULL ||
	    !k->tek.valid)
		return;
	if (!gdoi_retransmit(g->ks, &period, &number))
		period = number = 0;
	k->tek_armed_gms = (uint32_t)gdoi_ks_members(k);
	/* Several `sa ipsec`: every rekey renews all TEKs, so the timer
	 * follows the shortest lifetime (no TEK runs out before its new
	 * one arrives; one PUSH per rekey as with a single TEK). */
	at = gdoi_ks_tek_rekey_at(gdoi_ks_tek_life(k), cfg_unicast(k, g),
	    k->tek_armed_gms, period, number);
	if (at == 0)
		at = 1;
	timer_set(&k->rekey_ev, (vtime_t)at * VT_SEC, rekey_fire, k);
}

/* The allowance a timer armed for `armed` members holds for the unicast
 * loops is too short for n members when the last of them (send position
 * n - 1) would get its copy after it: the first 50 copies leave when the
 * rekey starts, so up to 50 members need none of it.  (A TEK is made at
 * the first registration, with no member yet; groups of up to 50 keep
 * that timer.) */
static bool
allowance_short(uint32_t armed, uint32_t n)
{
	return n > 0 && gdoi_unicast_send_delay(n - 1) >
	    gdoi_unicast_loops(armed) * GDOI_UNICAST_LOOP_SEC;
}

/* Move a pending rekey timer to created + at when that is earlier. */
static void
pull_forward(struct event **ev, vtime_t created, uint32_t at, event_fn fn,
    struct gdoi_ksg *k)
{
	vtime_t due = created + (vtime_t)at * VT_SEC, now = sched_now();

	if (!timer_pending(ev) || due >= now + timer_remaining(ev))
		return;
	timer_set(ev, due > now ? due - now : 0, fn, k);
}

void
gdoi_push_ks_members_grew(struct gdoi_ksg *k)
{
	const struct gdoi_group *g = gdoi_push_ks_cfg(k->r, k->name);
	uint32_t n = (uint32_t)gdoi_ks_members(k), at;
	int	 period = 0, number = 0;
	bool	 tek, kek;

	tek = k->tek.valid && allowance_short(k->tek_armed_gms, n);
	kek = k->kek.valid && allowance_short(k->kek_armed_gms, n);
	if (g == NULL || (!tek && !kek) || !cfg_unicast(k, g))
		return;
	if (!gdoi_retransmit(g->ks, &period, &number))
		period = number = 0;
	/* The guide's formula for the members there are now (seed 003
	 * "Unicast Rekeying and SAs"), from the key's creation. */
	if (tek) {
		k->tek_armed_gms = n;
		at = gdoi_ks_tek_rekey_at(gdoi_ks_tek_life(k), true, n,
		    period, number);
		pull_forward(&k->rekey_ev, k->tek.created, at == 0 ? 1 : at,
		    rekey_fire, k);
	}
	if (kek) {
		k->kek_armed_gms = n;
		at = gdoi_ks_kek_rekey_at(k->kek.life, true, n, period, number);
		pull_forward(&k->kek_ev, k->kek.created, at, kek_fire, k);
	}
	KS_DBG(k, DBG_LVL_DETAIL, 0, "GDOI:KS REKEY:DET:(0):%u members in "
	    "group %s: %s rekey timer set for %u unicast loops", n, k->name,
	    tek && kek ? "TEK and KEK" : tek ? "TEK" : "KEK",
	    gdoi_unicast_loops(n));
}

bool
gdoi_push_test_send(struct router *r, const char *name, bool bad_sig)
{
	struct gdoi_ksg *k = gdoi_ksg(gdoi_proto(r), name, false);
	const struct gdoi_group *g = gdoi_push_ks_cfg(r, name);
	struct gdoi_push_opts o;
	struct gdoi_member *m;
	uint8_t	*msg;
	size_t	 len = 0;

	if (k == NULL || g == NULL || !k->kek.valid || !k->tek.valid)
		return false;
	memset(&o, 0, sizeof(o));
	/* The current KEK and TEK only; a fresh seq # when only the
	 * signature is to be wrong. */
	o.seq = bad_sig ? k->seq + 1 : k->seq;
	o.bad_sig = bad_sig;
	if ((msg = gdoi_push_build(r, k, g->ks, &o, &len)) == NULL)
		return false;
	if (k->rk_dst != 0)
		ike_gdoi_sendto(r, k->rk_src, k->rk_dst, msg, len);
	else
		TAILQ_FOREACH(m, &k->members, entry)
			ike_gdoi_sendto(r, m->ks, m->addr, msg, len);
	free(msg);
	return true;
}

void
gdoi_push_ksg_stop(struct gdoi_ksg *k)
{
	timer_cancel(&k->rekey_ev);
	timer_cancel(&k->retx_ev);
	timer_cancel(&k->kek_ev);
	timer_cancel(&k->batch_ev);
	timer_cancel(&k->policy_ev);
	free(k->out);
	k->out = NULL;
	k->open = false;
	k->pol_chg = 0;
	/* The members are gone (clear, free): the next registration tells
	 * the rekey transport again. */
	k->rk_src = k->rk_dst = 0;
}

/* ---- ACKs ----------------------------------------------------------------- */

/* An ACK under the group's KEK from an address that is not a member (a
 * past member, or a forgery): table 3 KS_UNSOL_ACK (the table spells it
 * KS_UNSol_ACK), and after GDOI_UNSOL_BLACKHOLE of them from one sender
 * KS_BLACKHOLE_ACK, once; its later ACKs are dropped without a word.
 * Severities and wording are the IOS catalogue's as remembered
 * (vpnsim's, unverified); the threshold is vpnsim's. */
static void
unsolicited_ack(struct gdoi_ksg *k, uint32_t src)
{
	int	 i;
	char	 a[16];

	for (i = 0; i < GDOI_UNSOL_SLOTS; i++)
		if (k->unsol[i].addr == src && k->unsol[i].n > 0)
			break;
	if (i == GDOI_UNSOL_SLOTS) {
		i = k->unsol_next;
		k->unsol_next = (k->unsol_next + 1) % GDOI_UNSOL_SLOTS;
		k->unsol[i].addr = src;
		k->unsol[i].n = 0;
	}
	if (k->unsol[i].n < UINT32_MAX)
		k->unsol[i].n++;
	if (k->unsol[i].n < GDOI_UNSOL_BLACKHOLE)
		rlog(k->r, SEV_WARNING, "GDOI", "KS_UNSOL_ACK", "Re-key: KS "
		    "received unsolicited ACK from GM %s in the group %s.",
		    ip_ntoa(src, a), k->name);
	else if (k->unsol[i].n == GDOI_UNSOL_BLACKHOLE)
		rlog(k->r, SEV_WARNING, "GDOI", "KS_BLACKHOLE_ACK", "Re-key: "
		    "KS is blackholing GM %s in the group %s.",
		    ip_ntoa(src, a), k->name);
}

void
gdoi_push_ks_ack(struct gdoi_proto *p, struct gdoi_ksg *k,
    const struct gdoi_kek_st *ek, uint32_t src, const struct isakmp_msg *m)
{
	const struct isakmp_pl *hp = isakmp_find(m, ISAKMP_NP_HASH),
	    *sp = isakmp_find(m, ISAKMP_NP_SEQ);
	struct gdoi_member *mb;
	uint8_t	 h[GDOI_ACK_HASH_LEN];
	uint32_t seq;
	size_t	 off;
	char	 a[16], b[16];

	if (hp == NULL || sp == NULL || hp->len != GDOI_ACK_HASH_LEN ||
	    gdoi_seq_decode(sp->body, sp->len, &seq) != 0) {
		p->rx_bad++;
		return;
	}
	off = hp->off + 4 + hp->len;
	if (off > m->rawlen || !gdoi_ack_hash(ek, m->raw + off,
	    m->rawlen - off, h) || memcmp(h, hp->body, sizeof(h)) != 0) {
		p->rx_bad++;
		KS_DBG(k, DBG_LVL_ERROR, src, "GDOI:KS REKEY:ERR:(0):Bad hash "
		    "in rekey ACK from %s for group %s", ip_ntoa(src, a),
		    k->name);
		return;
	}
	if ((mb = gdoi_ks_member_find(k, src)) == NULL) {
		p->rx_bad++;
		unsolicited_ack(k, src);
		return;
	}
	if (seq < k->seq0 || seq > k->seq || mb->acked) {
		p->rx_bad++;		/* late or a copy */
		return;
	}
	mb->acked = true;
	mb->missed = 0;
	mb->n_acks++;
	mb->rcvd_seq = seq;
	hist_push(mb->rcvd_hist, seq);
	k->n_acks_rcvd++;
	evtrace_add(evtrace_get(k->r->traces, "gdoi", "rekey"),
	    "GDOI_REKEY_EVENT: ACK_RCVD: From %s to %s with seq no %u for the "
	    "group %s", ip_ntoa(mb->ks, a), ip_ntoa(src, b), seq, k->name);
	KS_DBG(k, DBG_LVL_EVENT, src, "GDOI:KS REKEY:EVT:(0):Received ACK for "
	    "seq # %u from GM %s for group %s", seq, ip_ntoa(src, a), k->name);
	/* Every member has it: the rekey is complete (its duration). */
	if (k->open && k->out_dst == 0 && !timer_pending(&k->batch_ev) &&
	    all_acked(k))
		rekey_end(k);
}

/* ---- input ---------------------------------------------------------------- */

void
gdoi_push_input(struct gdoi_proto *p, uint32_t src, uint32_t dst,
    const uint8_t *raw, size_t len)
{
	struct isakmp_hdr h;
	struct gdoi_gmg *g;
	struct gdoi_ksg *k;

	if (isakmp_hdr_decode(raw, len, &h) != 0 || h.len != len ||
	    h.exch != GDOI_EXCH_PUSH) {
		p->rx_bad++;
		return;
	}
	if (h.flags & ISAKMP_FLAG_E) {
		TAILQ_FOREACH(g, &p->gm, entry)
			if (g->status == GM_REGISTERED && g->kek.valid &&
			    memcmp(g->kek.spi, raw, 16) == 0) {
				gdoi_push_gm_input(p, g, src, dst, raw, len);
				return;
			}
	} else {
		TAILQ_FOREACH(k, &p->ks, entry) {
			/* The new KEK, or the one a KEK rekey replaced. */
			const struct gdoi_kek_st *ek =
			    k->kek.valid && memcmp(k->kek.spi, raw, 16) == 0 ?
			    &k->kek : k->okek.valid &&
			    memcmp(k->okek.spi, raw, 16) == 0 ? &k->okek : NULL;

			if (ek != NULL) {
				struct isakmp_msg *m;

				if ((m = calloc(1, sizeof(*m))) == NULL)
					abort();
				if (isakmp_parse(raw, len, m) == 0)
					gdoi_push_ks_ack(p, k, ek, src, m);
				else
					p->rx_bad++;
				free(m);
				return;
			}
		}
	}
	p->rx_bad++;
}
