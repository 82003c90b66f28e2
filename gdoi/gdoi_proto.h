/* The GETVPN protocol engine's per-router state (gdoi_state()->proto):
 * key-server groups with their KEK/TEK and members, group-member groups
 * with their registration status and downloaded policy, and the
 * GROUPKEY-PULL exchanges in progress.  Shared by gdoi_pull.c (exchange,
 * hashes, dispatch from ipsec/ike_gdoi.c), gdoi_ks.c, gdoi_gm.c (and its
 * data plane) and gdoi_show.c. */
#ifndef VPNSIM_GDOI_PROTO_H
#define VPNSIM_GDOI_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "acl.h"
#include "gdoi_cfg.h"
#include "hmap.h"
#include "isakmp.h"
#include "prf.h"
#include "sched.h"

struct iface;
struct pkt;
struct gdoi_sa;
struct gdoi_kd;
struct ipsec_sa;

struct router;
struct strbuf;

/* The GDOI software version a vpnsim router reports for itself (GM
 * `show crypto gdoi` "Version", and on the KS the member's "GM Version":
 * every member is a vpnsim router).  IOS numbers its GDOI feature levels
 * 1.0.x; vpnsim claims the level whose features it implements (the
 * IOS-XE reference outputs' release). */
#define GDOI_SW_VERSION		"1.0.26"
#define GDOI_MAX_ACES		100	/* policy lines (IOS honours 100) */
#define GDOI_NONCE_LEN		16
#define GDOI_PULL_TIMEOUT	(30 * VT_SEC)	/* then the next KS */
#define GDOI_SCAN_INTERVAL	(5 * VT_SEC)	/* GM: look for work */
#define GDOI_REREG_BEFORE	60		/* s before the TEK expires */
#define GDOI_TEK_RENEW		120	/* KS: new TEK when less is left */
/* KS: unsolicited ACKs remembered per group, and how many from one
 * sender before the KS black-holes it (table 3 KS_BLACKHOLE_ACK). */
#define GDOI_UNSOL_SLOTS	8
#define GDOI_UNSOL_BLACKHOLE	3

/* A KEK as the KS made it / the GM received it. */
struct gdoi_kek_st {
	bool		 valid;
	uint8_t		 spi[16];		/* cookie pair */
	uint16_t	 alg, keylen;		/* GDOI_KEK_ALG_*, bits */
	uint8_t		 ivkey[16 + 32];	/* IV || key */
	size_t		 ivkey_len;
	uint32_t	 life;			/* s, from created */
	vtime_t		 created;
	uint16_t	 sig_hash, sig_alg, sig_keylen;
	uint8_t		*spki;			/* KS public key, DER */
	size_t		 spki_len;
	bool		 unicast;
	/* Rekey transport of the SAK (gdoi_push.c): the KS address rekeys
	 * come from and the multicast rekey group (0: unicast). */
	uint32_t	 rekey_src, rekey_dst;
};

/* A TEK (one `sa ipsec`): SPI, transform and keys. */
struct gdoi_tek_st {
	bool		 valid;
	uint32_t	 spi;
	uint8_t		 esp_id;		/* ESP_ID_* */
	uint16_t	 keylen;		/* AES bits */
	uint16_t	 auth;			/* ESP_AUTH_* */
	uint8_t		 key[64];		/* cipher key (+ salt) */
	size_t		 key_len;
	uint8_t		 ikey[64];		/* integrity key */
	size_t		 ikey_len;
	uint32_t	 life;			/* s, from created */
	vtime_t		 created;
	/* Anti-replay of the `sa ipsec` (KS: at TEK generation; GM: from
	 * the SAT's GDOI_ATTR_REPLAY_COUNTER or GDOI_ATTR_TBAR_* attributes,
	 * gdoi_sat_replay()). */
	int		 replay;		/* enum gdoi_replay */
	uint32_t	 replay_window;		/* packets or seconds */
};

/* Several `sa ipsec` per group (multi-TEK): the TEKs of the second and
 * later `sa ipsec` of a group (the first one stays in the tek / aces
 * fields, so a one-TEK group works as before).  KS: each TEK with the
 * policy lines of its `match address`.  GM: current TEK, the one a rekey
 * brought (switched to with the first TEK's switch_ev) and the previous
 * SPI (inbound only). */
#define GDOI_MAX_XTEK		7	/* + the first: 8 `sa ipsec` */
struct gdoi_ks_xtek {
	struct gdoi_tek_st tek;
	struct acl_entry_view aces[GDOI_MAX_ACES];
	int		 n_aces;
	char		 acl[GDOI_NAME_MAX];
	int		 n_acl_total;
};
struct gdoi_gm_xtek {
	struct gdoi_tek_st tek, ntek;
	uint32_t	 old_spi;
};

struct gdoi_member {
	uint32_t	 addr;			/* GM (its IKE address) */
	uint32_t	 ks;			/* our address it used */
	vtime_t		 registered;
	/* Unicast rekeys (gdoi_push.c). */
	uint64_t	 n_rekeys, n_retries, n_acks, n_missed_total;
	/* Rekey engine (gdoi_push.c): the last four seq #s sent to / ACKed
	 * by the member, newest first (`Sent seq num : 2 1 2 1`). */
	uint32_t	 sent_hist[4], rcvd_hist[4];
	int		 missed;		/* consecutive missed ACKs */
	bool		 acked;			/* the current seq */
	uint32_t	 rcvd_seq;		/* last ACKed seq */
	uint32_t	 sent_seq;		/* last seq sent to it */
	/* Table 3 syslogs (gdoi_push.c KS_GM_REVOKED): the member was
	 * authorized by its address (an ID_IPV4_ADDR phase-1 identity), so
	 * the `authorization address ipv4` ACL applies to it. */
	bool		 addr_authz;
	/* Scale (gdoi_ks.c): in k->member_idx by addr. */
	struct hmap_node idx;
	TAILQ_ENTRY(gdoi_member) entry;
};
TAILQ_HEAD(gdoi_member_list, gdoi_member);

struct gdoi_ksg {
	uint32_t	 handle;		/* IOS-style handle (ks policy show) */
	char		 name[GDOI_NAME_MAX];
	struct gdoi_kek_st kek;
	struct gdoi_tek_st tek;
	struct acl_entry_view aces[GDOI_MAX_ACES];	/* policy at TEK gen */
	int		 n_aces;
	char		 acl[GDOI_NAME_MAX];
	int		 n_acl_total;	/* ACEs in the ACL (> n_aces: cut) */
	struct gdoi_member_list members;
	uint32_t	 seq;			/* rekey sequence number */
	uint32_t	 seq0;			/* first seq of this rekey */
	uint64_t	 n_rekeys, n_retx;
	/* KEK rekey (gdoi_push.c): the KEK being replaced, which encrypts
	 * the KEK rekey and its retransmissions; seq_reset makes the next
	 * rekey restart the sequence at 1 (seed 003). */
	struct gdoi_kek_st okek;
	bool		 kek_push;		/* current rekey carries a KEK */
	bool		 seq_reset;
	uint64_t	 n_kek_rekeys;
	/* Rekey timers (gdoi_push.c). */
	struct router	*r;
	struct event	*rekey_ev, *retx_ev, *kek_ev;
	int		 retx_left;
	/* Rekey engine (gdoi_push.c): the PUSH being sent (to the members
	 * in batches of 50, or once to the multicast rekey group), what the
	 * members were last told about the rekey transport (SAK src/dst,
	 * dst 0 = unicast), cumulative counters, and the policy changes
	 * waiting for their rekey (gdoi_rekey_policy.c). */
	uint8_t		*out;
	size_t		 out_len;
	bool		 out_retry;		/* copies are retransmissions */
	bool		 out_sak;		/* carries the KEK policy */
	uint32_t	 out_src, out_dst;	/* multicast copy (dst 0:
						 * unicast, with ACKs) */
	int		 batch_pos;		/* members done this send */
	struct event	*batch_ev, *policy_ev;
	bool		 open;			/* a rekey is being sent */
	uint32_t	 rk_src, rk_dst;
	vtime_t		 rekey_start;		/* last rekey: started, and */
	vtime_t		 rekey_duration;	/* time to send all copies */
	uint64_t	 n_retx_total, n_mcast_rekeys, n_policy_rekeys;
	uint64_t	 n_acks_rcvd, n_combined;
	unsigned	 pol_chg;		/* GDOI_CHG_* waiting */
	/* Table 3 syslogs (gdoi_push.c): senders of unsolicited ACKs
	 * (KS_UNSOL_ACK), black-holed after GDOI_UNSOL_BLACKHOLE of them
	 * (KS_BLACKHOLE_ACK); a small ring, oldest entry replaced. */
	struct { uint32_t addr; uint32_t n; } unsol[GDOI_UNSOL_SLOTS];
	int		 unsol_next;
	/* Scale (gdoi_ks.c, gdoi_push.c): members by address (the list
	 * keeps the send and show order), and the member counts whose
	 * unicast loop allowance (seed 003: 50 per 5 s loop) the armed TEK
	 * and KEK rekey timers include; more members re-arm them. */
	struct hmap	 member_idx;
	uint32_t	 tek_armed_gms, kek_armed_gms;
	/* Multi-TEK: the TEKs of sa[1..] of the group configuration (all
	 * made, sent and rekeyed with the first one). */
	struct gdoi_ks_xtek xt[GDOI_MAX_XTEK];
	int		 n_xt;
	TAILQ_ENTRY(gdoi_ksg) entry;
};
TAILQ_HEAD(gdoi_ksg_list, gdoi_ksg);

enum gdoi_gm_status { GM_IDLE = 0, GM_REGISTERING, GM_REGISTERED };

struct gdoi_gmg {
	char		 name[GDOI_NAME_MAX];
	struct router	*r;
	int		 status;		/* enum gdoi_gm_status */
	int		 srv;			/* index in servers[] */
	uint32_t	 ks;			/* registering with / registered */
	uint32_t	 local;			/* our address */
	char		 ifname[32];		/* interface of the map */
	uint32_t	 conn_id;		/* IKE SA of the registration */
	unsigned	 n_attempts, n_success;
	uint32_t	 last_seq;
	bool		 seq_reset;		/* new KEK: next seq may be 1 */
	bool		 busy;			/* a registration runs */
	bool		 rereg_due;		/* re-register until it works */
	struct gdoi_kek_st kek, nkek;		/* current; from msg 2/4 */
	struct gdoi_tek_st tek, ntek;
	struct acl_entry_view naces[GDOI_MAX_ACES];
	int		 n_naces;
	uint32_t	 old_spi;		/* previous TEK, inbound only */
	struct acl_entry_view aces[GDOI_MAX_ACES];
	int		 n_aces;
	vtime_t		 reg_at;
	struct event	*rereg_ev, *timeout_ev;
	/* Rekeys received (gdoi_push.c): a pending TEK (ntek) becomes the
	 * outbound one at switch_ev. */
	struct event	*switch_ev;
	bool		 pending;
	uint32_t	 rekey_from;
	uint64_t	 n_rekeys, n_rekeys_reg, n_acks, n_seq_fail, n_sig_fail;
	/* Rekeys received (gdoi_push_gm.c): multicast ones, the rekey group
	 * this GM joined itself (0: none) and on which interface. */
	uint64_t	 n_mcast_rekeys;
	uint32_t	 mcast_joined;
	char		 mcast_ifname[32];
	vtime_t		 rekey_at;
	/* GM modes and data plane (gdoi_gm_dp.c, gdoi_gm_dir.c,
	 * gdoi_failclose.c): packets per downloaded ACE (index = aces[]
	 * index; encrypted out, decrypted in), the KS's `sa receive-only`,
	 * the passive phase of the receive-only -> both conversion and
	 * drop counters. */
	uint64_t	 ace_enc[GDOI_MAX_ACES], ace_dec[GDOI_MAX_ACES];
	bool		 recv_only;		/* TEK marked receive-only */
	bool		 nrecv_only;		/* ... in message 2 */
	bool		 conv_passive;		/* 5 min passive, then both */
	struct event	*conv_ev;
	int		 dir_seen;		/* effective direction last seen */
	bool		 fc_lifted;		/* registered: no fail-close */
	uint64_t	 n_fc_drop;		/* fail-close drops */
	uint64_t	 n_clear_drop;		/* clear text that needed ESP */
	uint64_t	 n_acl_permit_drop;	/* GM ACL permit line (dropped) */
	uint64_t	 n_vfr;			/* ESP reassembled before decap */
	/* Multi-TEK: the TEKs after the first (xt[0..n_xt-1]; n_nxt of
	 * them in message 2), and for each line of aces[] / naces[] its
	 * TEK (0: tek, i: xt[i - 1]), from the SAT's SPI. */
	struct gdoi_gm_xtek xt[GDOI_MAX_XTEK];
	int		 n_xt, n_nxt;
	uint8_t		 ace_tek[GDOI_MAX_ACES], nace_tek[GDOI_MAX_ACES];
	TAILQ_ENTRY(gdoi_gmg) entry;
};
TAILQ_HEAD(gdoi_gmg_list, gdoi_gmg);

/* One GROUPKEY-PULL exchange (either side). */
struct gdoi_pull {
	struct gdoi_proto *p;
	uint32_t	 conn_id, msgid;
	bool		 gm;			/* we are the initiator */
	int		 st;			/* messages done: 1..4 */
	uint8_t		 iv[16];
	uint8_t		 ni[GDOI_NONCE_LEN], nr[GDOI_NONCE_LEN];
	size_t		 ni_len, nr_len;
	char		 group[GDOI_NAME_MAX];
	vtime_t		 started;
	struct hmap_node idx;			/* p->pull_idx (conn, msgid) */
	TAILQ_ENTRY(gdoi_pull) entry;
};
TAILQ_HEAD(gdoi_pull_list, gdoi_pull);

struct gdoi_proto {
	struct router	*r;
	struct gdoi_ksg_list ks;
	struct gdoi_gmg_list gm;
	struct gdoi_pull_list pulls;
	struct event	*scan_ev;
	uint64_t	 rx_bad;		/* dropped PULL/PUSH messages */
	uint32_t	 n_handles;		/* KS group handles given out */
	struct gdoi_cid	*cids;			/* `crypto identity` (authz) */
	/* GM data plane syslog rate limits (gdoi_gm_dp.c). */
	vtime_t		 dp_log_at[4];
	bool		 dp_logged[4];
	/* Table 3 syslogs (gdoi_gm_cm.c): the GM groups whose GDOI crypto
	 * map entry is applied to an interface (GM_CM_ATTACH/_DETACH). */
	struct gdoi_cm_att *att;
	int		 n_att;
	/* Scale (gdoi_pull.c): exchanges by (conn_id, msgid), and the KS
	 * public keys a GM verifies rekeys with, decoded once per SPKI
	 * (gdoi_gm_pubkey). */
	struct hmap	 pull_idx;
	struct event	*pull_gc_ev;		/* the oldest exchange's end */
	struct gdoi_pk_cache *pk;
	int		 n_pk;
};

/* ---- gdoi_pull.c ---------------------------------------------------------- */
struct gdoi_proto *gdoi_proto(struct router *);	/* created on use */
struct gdoi_pull *gdoi_pull_new(struct gdoi_proto *, uint32_t conn_id,
	    uint32_t msgid, bool gm);
struct gdoi_pull *gdoi_pull_find(struct gdoi_proto *, uint32_t conn_id,
	    uint32_t msgid);
void	gdoi_pull_free(struct gdoi_pull *);
/* Send HASH(n) | rest: the hash is prf(SKEYID_a, M-ID | pre... | rest). */
int	gdoi_pull_send(struct gdoi_pull *, const struct prf_buf *pre, size_t n,
	    struct isakmp_builder *rest);
/* Check the HASH of a received message against prf(M-ID | pre... | the
 * payloads after HASH); false (counted) if it does not match. */
bool	gdoi_pull_check(struct gdoi_pull *, const struct isakmp_msg *,
	    const uint8_t *plain, const struct prf_buf *pre, size_t n);
/* Body of the first payload of a type in m, NULL if absent. */
const struct isakmp_pl *gdoi_pl(const struct isakmp_msg *, uint8_t type);
/* gdoi_pkcache.c: the KS public key of a KEK's SPKI (DER), decoded on
 * first use and kept with p until p goes (a few per router, the oldest
 * replaced); NULL if it does not decode.  The caller must not free it. */
struct evp_pkey_st *gdoi_gm_pubkey(struct gdoi_proto *, const uint8_t *spki,
	    size_t len);
void	gdoi_pk_cache_free(struct gdoi_proto *);

void	gdoi_proto_init(void);
void	gdoi_proto_router_init(struct router *);

/* ---- gdoi_ks.c ------------------------------------------------------------ */
struct gdoi_ksg *gdoi_ksg(struct gdoi_proto *, const char *name, bool create);
void	gdoi_ks_msg1(struct gdoi_pull *, const struct isakmp_msg *,
	    const uint8_t *plain);
void	gdoi_ks_msg3(struct gdoi_pull *, const struct isakmp_msg *,
	    const uint8_t *plain);
void	gdoi_ksg_free(struct gdoi_ksg *);
int	gdoi_ks_members(struct gdoi_ksg *);
/* The member with IKE address addr, NULL if none (hashed). */
struct gdoi_member *gdoi_ks_member_find(struct gdoi_ksg *, uint32_t addr);
/* Unlink m from k's list and index (before gdoi_ks_member_gone). */
void	gdoi_ks_member_unlink(struct gdoi_ksg *, struct gdoi_member *m);
/* A new TEK for the group (the old one is forgotten). */
bool	gdoi_ks_make_tek(struct router *, struct gdoi_ksg *,
	    const struct gdoi_ks_cfg *);
/* A new KEK for the group (the old one is forgotten). */
void	gdoi_ks_make_kek(struct router *, struct gdoi_ksg *,
	    const struct gdoi_ks_cfg *);
/* SATs of the group's current TEK and policy into sa->tek[]. */
void	gdoi_ks_fill_sats(struct gdoi_ksg *, struct gdoi_sa *);
/* Multi-TEK: the TEK key packets of every TEK into kd (after its KEK
 * packet, if any); the shortest TEK lifetime (what the rekey timer
 * follows: every rekey renews all TEKs of the group). */
void	gdoi_ks_fill_tek_keys(struct gdoi_ksg *, struct gdoi_kd *);
uint32_t gdoi_ks_tek_life(const struct gdoi_ksg *);

/* `clear crypto gdoi [group G]` on a key server (group NULL or "": every
 * KS group): the members are forgotten and the group's KEK and TEK made
 * anew (%GDOI-5-KS_CLEAR_REGISTER); the GMs re-register when their TEK
 * runs out, as no rekey reaches them any more. */
void	gdoi_ks_clear(struct gdoi_proto *, const char *group);
/* Member m leaves k (eject, revocation; the caller has unlinked it):
 * %GDOI-6-KS_LAST_GM when it was the last one.  Frees m. */
void	gdoi_ks_member_gone(struct gdoi_ksg *, struct gdoi_member *m);

/* ---- gdoi_authz.c: GM authorization on the KS ---------------------------- */
/* The GM's phase-1 identity: its ID payload body (type, protocol, port,
 * data) on IKE SA conn_id.  Set by the IKE layer (ipsec/ike_gdoi.c); while
 * NULL every GM counts as an address identity, as in pre-shared-key labs.
 * The body must stay valid until the next call into the IKE layer. */
extern bool (*gdoi_peer_id_fn)(struct router *, uint32_t conn_id,
	    const uint8_t **id_body, size_t *len);
/* `authorization address ipv4` / `authorization identity` of group g for
 * the GM behind conn_id; logs %GDOI-1-UNAUTHORIZED_IPADDR / _IDENTITY. */
bool	gdoi_ks_authorized(struct router *, const struct gdoi_group *g,
	    uint32_t conn_id, uint32_t peer, uint32_t local);
/* The address check alone, without a syslog (rekey time, KS_GM_REVOKED):
 * true without an `authorization address ipv4` ACL. */
bool	gdoi_ks_addr_authorized(struct router *, const struct gdoi_ks_cfg *,
	    uint32_t peer, uint32_t local);
/* Did the GM behind conn_id present an address identity (or none)? */
bool	gdoi_ks_addr_identity(struct router *, uint32_t conn_id);
/* `crypto identity NAME` with its `dn` / `fqdn` lines (any line matching
 * authorizes; a `dn` line needs all of its attribute=value pairs). */
#define GDOI_CID_LINES	8
#define GDOI_CID_TEXT	128
enum gdoi_cid_kind { GDOI_CID_DN = 1, GDOI_CID_FQDN };
struct gdoi_cid;
struct gdoi_cid *gdoi_cid_get(struct router *, const char *name, bool create);
void	gdoi_cid_delete(struct router *, const char *name);
const char *gdoi_cid_name(const struct gdoi_cid *);
/* 0 added (or there already), -1 bad `dn` syntax / too long, -2 full. */
int	gdoi_cid_add(struct gdoi_cid *, int kind, const char *text);
/* Remove one line (text NULL: every line of kind); false if absent. */
bool	gdoi_cid_del(struct gdoi_cid *, int kind, const char *text);
bool	gdoi_cid_match(struct router *, const char *name,
	    const uint8_t *id_body, size_t len);
/* An ID payload body as the UNAUTHORIZED_IDENTITY message prints it. */
void	gdoi_id_text(const uint8_t *id_body, size_t len, char *buf,
	    size_t blen);
void	gdoi_cid_write_config(struct router *, struct strbuf *);
void	gdoi_cids_free(struct gdoi_proto *);
void	gdoi_authz_cli_init(void);	/* gdoi_authz_cli.c */

/* ---- gdoi_policy.c: the KS policy ACL <-> SAT selectors ----------------- */
struct gdoi_sat;
/* One ACE into a SAT's selector: protocol, source and destination
 * (ID_IPV4_ADDR_SUBNET), single ports in the IDs, port ranges and the deny
 * action in vpnsim's private attributes (gdoi_codec.h GDOI_ATTR_*). */
void	gdoi_ace_to_sat(const struct acl_entry_view *, struct gdoi_sat *);
/* The GM side: a received SAT back into an ACE (permit = !sat->deny). */
void	gdoi_sat_to_ace(const struct gdoi_sat *, struct acl_entry_view *);
/* The replay policy a SAT carries into t->replay / t->replay_window. */
void	gdoi_sat_replay(const struct gdoi_sat *, struct gdoi_tek_st *);

/* ---- gdoi_gm.c ------------------------------------------------------------ */
void	gdoi_gm_scan_start(struct gdoi_proto *);
void	gdoi_gm_p1_done(struct gdoi_proto *, uint32_t conn_id, uint32_t local,
	    uint32_t peer);
void	gdoi_gm_p1_gone(struct gdoi_proto *, uint32_t conn_id);
void	gdoi_gm_msg2(struct gdoi_pull *, const struct isakmp_msg *,
	    const uint8_t *plain);
void	gdoi_gm_msg4(struct gdoi_pull *, const struct isakmp_msg *,
	    const uint8_t *plain);
void	gdoi_gmg_free(struct gdoi_gmg *);
struct gdoi_gmg *gdoi_gmg(struct gdoi_proto *, const char *name, bool create);
/* Data plane call-outs (ipsec/dp.h). */
int	gdoi_dp_out(struct iface *, struct pkt *);
int	gdoi_dp_in(struct iface *, struct pkt *);
struct ipsec_sa *gdoi_gm_make_sa(struct gdoi_gmg *, int dir,
	    const struct gdoi_tek_st *);
void	gdoi_gm_arm_rereg(struct gdoi_gmg *, uint32_t tek_remaining);
bool	gdoi_ace_covers(const struct acl_entry_view *, uint8_t proto,
	    uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport);
/* A downloaded policy (PULL message 2, or the SA payload of a rekey whose
 * TEK was just installed): every SAT into g's ACEs (deny lines and port
 * ranges included, gdoi_sat_to_ace), the counter replay window onto the
 * TEK's inbound SAs, and the KS's `sa receive-only` (SAT SA direction 2,
 * receiver-only) into g's direction with the conversion timers of seed
 * 003 "Receive Only SA".  gdoi_push.c: call it from the rekey install in
 * place of its own SAT conversion (rekey = true). */
void	gdoi_gm_set_policy(struct gdoi_gmg *, const struct gdoi_sa *,
	    bool rekey);
/* Multi-TEK: the TEKs of a policy are its distinct SAT SPIs in order;
 * first[] gets the index of each one's first SAT (at most
 * 1 + GDOI_MAX_XTEK), the count is returned.  gdoi_sat_tek: the TEK of
 * SAT i among the n of first[] (-1 none). */
int	gdoi_sa_teks(const struct gdoi_sa *, int first[1 + GDOI_MAX_XTEK]);
int	gdoi_sat_tek(const struct gdoi_sa *, const int *first, int n, int i);
/* `clear crypto gdoi [group G]` (gdoi_clear_hook): a GM drops its SAs and
 * policy and registers again; a KS clears through gdoi_ks_clear. */
void	gdoi_gm_clear(struct router *, const char *group);

/* ---- gdoi_gm_dir.c: receive-only, passive, ipsec direction --------------- */
/* The direction in force for g (enum gdoi_direction, never _DEFAULT): the
 * exec `crypto gdoi gm ipsec direction` until the next rekey, then the
 * GM's `passive`, then the KS's receive-only, then the passive phase of a
 * conversion, else both. */
int	gdoi_gm_dir(const struct gdoi_gmg *);
/* As `show crypto gdoi` prints it: "Both", "Inbound Only", "Inbound
 * Optional". */
const char *gdoi_gm_dir_text(const struct gdoi_gmg *);
/* The exec command changed gdoi_state(r)->gm_direction: convert now
 * (gdoi_cli.c should call this; the GM's scan also notices it). */
void	gdoi_gm_direction_changed(struct router *);
/* A new policy's receive-only flag (gdoi_gm_set_policy). */
void	gdoi_gm_dir_policy(struct gdoi_gmg *, bool recv_only, bool rekey);

/* ---- gdoi_gm_cm.c: crypto map attach/detach and the GM's own ACL ------- */
/* One GM group with its map applied: its name, the `match address` of
 * its GDOI map entry last seen (GM_ENABLE_GDOI_CM), and whether
 * GM_INCOMPLETE_CFG was logged for it. */
struct gdoi_cm_att {
	char		 name[GDOI_NAME_MAX];
	char		 acl[GDOI_NAME_MAX];
	bool		 incomplete;
};
/* Compare the GM groups whose GDOI map entry is applied to an interface
 * with the ones seen last: %GDOI-5-GM_CM_ATTACH for new ones (and
 * GM_ENABLE_GDOI_CM when the entry has a `match address`), and
 * GM_CM_DETACH for the ones gone, which leave the group
 * (gdoi_gm_leave).  Called from the crypto map configuration hook and the
 * GDOI commands that change what a map entry names. */
void	gdoi_gm_cm_sync(struct router *);
/* Install the crypto map configuration hook (from gdoi_proto_init). */
void	gdoi_gm_cm_init(void);
/* The GM's scan found group's map applied but the group lacks its
 * identity or key servers: %GDOI-3-GM_INCOMPLETE_CFG once (incomplete),
 * re-armed when the configuration is complete again. */
void	gdoi_gm_cm_incomplete(struct gdoi_proto *, const char *group,
	    bool incomplete);
/* The `match address` of the GDOI map entry that names group on an
 * interface ("" none). */
const char *gdoi_gm_cm_local_acl(struct router *, const char *group);
void	gdoi_gm_cm_free(struct gdoi_proto *);
/* gdoi_gm.c: the member leaves group (its map is gone): SAs, keys and
 * policy dropped, the registration under way abandoned;
 * %GDOI-5-GM_UNREGISTER when it was registered. */
void	gdoi_gm_leave(struct router *, const char *group);
/* gdoi_gm.c: the member's own ACL was enabled on its map entry while it
 * holds a policy: GM_ACL_MERGE (and GM_ACL_PERMIT) now. */
void	gdoi_gm_acl_enabled(struct router *, const char *group);

/* ---- gdoi_failclose.c ---------------------------------------------------- */
struct crypto_map;
/* Fail-close is in force on map m (for `show crypto map gdoi fail-close`):
 * `activate` is configured and a GDOI group of the map has not registered
 * since the router came up or since `clear crypto gdoi`; its drops count
 * in the groups' gdoi_gmg n_fc_drop. */
bool	gdoi_failclose_active(struct router *, const struct crypto_map *);

/* ---- gdoi_push*.c: GROUPKEY-PUSH (rekeys) and the vpnsim ACK ------------- */
/* KS: arm the group's next TEK rekey (after a new TEK). */
void	gdoi_push_ks_arm(struct gdoi_proto *, struct gdoi_ksg *);
/* KS: a member joined k: pull the armed TEK / KEK rekey forward when the
 * unicast loops for the members now registered no longer fit the time
 * allowed for them (seed 003 "Unicast Rekeying and SAs"). */
void	gdoi_push_ks_members_grew(struct gdoi_ksg *);
void	gdoi_push_ksg_stop(struct gdoi_ksg *);
/* KS: arm the group's KEK rekey (after a new KEK). */
void	gdoi_push_kek_arm(struct gdoi_proto *, struct gdoi_ksg *);
/* Test hook (hidden exec command, not IOS): send every member of KS
 * group NAME a PUSH of the current TEK again, either with the last seq #
 * sent (a replay) or with the next one and a corrupted signature.
 * Returns false when there is no such KS group or nothing to send. */
bool	gdoi_push_test_send(struct router *, const char *name, bool bad_sig);
/* Exchange 33 received on 848: a PUSH (GM) or an ACK (KS). */
void	gdoi_push_input(struct gdoi_proto *, uint32_t src, uint32_t dst,
	    const uint8_t *raw, size_t len);
/* Rekey transport (gdoi_push.c, gdoi_push_gm.c, gdoi_rekey_policy.c). */
/* KS: the SAK addresses for a registration to k (PULL message 2, for
 * gdoi_ks.c): *src the address rekeys come from (`address ipv4`, else
 * the rekey ACL's source host, else local: the KS address the member
 * registered to) and *dst the multicast group of `rekey address ipv4
 * ACL` (0 with `rekey transport unicast` or without a usable rekey
 * ACL).  The first member's answer is what the group's rekeys start
 * from. */
void	gdoi_push_sak_addrs(struct gdoi_ksg *, const struct gdoi_ks_cfg *,
	    uint32_t local, uint32_t *src, uint32_t *dst);
/* GM: a registration installed g->kek (kek.rekey_dst from the SAK of
 * message 2): join that multicast rekey group on the crypto map's
 * interface (leave the one joined before); for gdoi_gm.c after msg 4. */
void	gdoi_push_gm_registered(struct gdoi_gmg *);
/* KS: the rekey that policy changes (GDOI_CHG_*, seed 003 tables 1 and
 * 2) call for, now. */
void	gdoi_push_policy_rekey(struct gdoi_ksg *, unsigned changes);
/* Installs gdoi_rekey_hook and the end-of-configuration-mode check
 * (gdoi_rekey_policy.c); from gdoi_proto_init. */
void	gdoi_push_init(void);

/* ---- gdoi_show.c ---------------------------------------------------------- */
void	gdoi_show_init(void);

#endif
