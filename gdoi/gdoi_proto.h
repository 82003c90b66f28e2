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
#include "isakmp.h"
#include "prf.h"
#include "sched.h"

struct iface;
struct pkt;
struct gdoi_sa;
struct ipsec_sa;

struct router;
struct strbuf;

#define GDOI_MAX_ACES		32	/* downloaded policy lines */
#define GDOI_NONCE_LEN		16
#define GDOI_PULL_TIMEOUT	(30 * VT_SEC)	/* then the next KS */
#define GDOI_SCAN_INTERVAL	(5 * VT_SEC)	/* GM: look for work */
#define GDOI_REREG_BEFORE	60		/* s before the TEK expires */
#define GDOI_TEK_RENEW		120	/* KS: new TEK when less is left */

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
};

struct gdoi_member {
	uint32_t	 addr;			/* GM (its IKE address) */
	uint32_t	 ks;			/* our address it used */
	vtime_t		 registered;
	/* Unicast rekeys (gdoi_push.c). */
	uint64_t	 n_rekeys, n_retries, n_acks, n_missed_total;
	int		 missed;		/* consecutive missed ACKs */
	bool		 acked;			/* the current seq */
	uint32_t	 rcvd_seq;		/* last ACKed seq */
	uint32_t	 sent_seq;		/* last seq sent to it */
	TAILQ_ENTRY(gdoi_member) entry;
};
TAILQ_HEAD(gdoi_member_list, gdoi_member);

struct gdoi_ksg {
	char		 name[GDOI_NAME_MAX];
	struct gdoi_kek_st kek;
	struct gdoi_tek_st tek;
	struct acl_entry_view aces[GDOI_MAX_ACES];	/* policy at TEK gen */
	int		 n_aces;
	char		 acl[GDOI_NAME_MAX];
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
	vtime_t		 rekey_at;
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
/* A new TEK for the group (the old one is forgotten). */
bool	gdoi_ks_make_tek(struct router *, struct gdoi_ksg *,
	    const struct gdoi_ks_cfg *);
/* A new KEK for the group (the old one is forgotten). */
void	gdoi_ks_make_kek(struct router *, struct gdoi_ksg *,
	    const struct gdoi_ks_cfg *);
/* SATs of the group's current TEK and policy into sa->tek[]. */
void	gdoi_ks_fill_sats(struct gdoi_ksg *, struct gdoi_sa *);

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

/* ---- gdoi_push.c: GROUPKEY-PUSH (unicast rekey) and the vpnsim ACK ---- */
/* KS: arm the group's next TEK rekey (after a new TEK). */
void	gdoi_push_ks_arm(struct gdoi_proto *, struct gdoi_ksg *);
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

/* ---- gdoi_show.c ---------------------------------------------------------- */
void	gdoi_show_init(void);

#endif
