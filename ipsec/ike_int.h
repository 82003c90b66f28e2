/* IKEv1 engine internals, shared by the ike*.c files (see ike.h).
 *
 * One struct ike_ctx per router (ipsec_engine()->ike) holds the UDP 500 and
 * 4500 sockets, the IKE SA table and the connection-id counter.  An IKE SA
 * (struct ike_sa) is one phase-1 negotiation or its result; its phase-2
 * exchanges (quick mode) are struct ike_qm nodes hanging off it.  IPsec SA
 * pairs made by quick mode are remembered as struct ike_pair so a delete
 * notification for one SPI removes both directions. */
#ifndef VPNSIM_IKE_INT_H
#define VPNSIM_IKE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "crypto_cfg.h"
#include "hmap.h"
#include "ike.h"
#include "isakmp.h"
#include "prf.h"
#include "sa.h"
#include "sched.h"

struct dh;
struct udp_sock;
struct iface;
struct ipsec_flow;

#define IKE_NONCE_LEN		20	/* IOS sends 20-byte nonces */
#define IKE_RETX_INTERVAL	(10 * VT_SEC)	/* retransmit the last message */
#define IKE_RETX_MAX		5	/* ... this many times, then give up */
#define IKE_PURGE_DELAY		(60 * VT_SEC)	/* deleted SAs stay listed */
#define IKE_DPD_MAX_ERRORS	5	/* "DPD incrementing error counter (n/5)" */
#define IKE_MAX_PENDING		8	/* flows waiting for phase 1 */
#define IKE_DUP_HOLDOFF		(2 * VT_SEC)	/* copies answered at most this often */
#define IKE_GDOI_PORT		848	/* GETVPN (ike_gdoi.c) */
#define IKE_EXCH_GDOI_PUSH	33	/* GROUPKEY-PUSH */
#define IKE_ENGINE_BASE		1000	/* conn-id = 1000 + engine slot */

/* Internal states, as IOS names them in "Old State = X  New State = Y". */
enum ike_state {
	IKE_READY = 0,
	IKE_I_MM1, IKE_I_MM2, IKE_I_MM3, IKE_I_MM4, IKE_I_MM5, IKE_I_MM6,
	IKE_R_MM1, IKE_R_MM2, IKE_R_MM3, IKE_R_MM4, IKE_R_MM5, IKE_R_MM6,
	IKE_I_AM1, IKE_I_AM2,
	IKE_R_AM1, IKE_R_AM2, IKE_R_AM3,
	IKE_P1_COMPLETE,
	IKE_DEST_SA,
	IKE_STATE_MAX
};

/* What `show crypto isakmp sa` prints. */
enum ike_ios_state {
	MM_NO_STATE = 0, MM_SA_SETUP, MM_KEY_EXCH, MM_KEY_AUTH,
	AG_NO_STATE, AG_INIT_EXCH, AG_AUTH, QM_IDLE,
	GDOI_IDLE,		/* GDOI registration SA (ike_gdoi.c) */
};

/* Quick-mode node states. */
enum ike_qm_state {
	IKE_QM_READY = 0, IKE_QM_I_QM1, IKE_QM_R_QM1, IKE_QM_R_QM2,
	IKE_QM_PHASE2_COMPLETE,
};

/* A crypto map flow by identity (flows may vanish under us: `clear crypto
 * sa`), looked up again with ipsec_flow_lookup() when needed. */
struct ike_flow_id {
	char			 map[CRYPTO_NAME_MAX];
	int			 seq;
	char			 ifname[32];
	uint32_t		 peer;
	struct ipsec_proxy	 lid, rid;
};

struct ike_sa;

struct ike_qm {
	struct ike_sa		*sa;
	uint32_t		 msgid;
	bool			 initiator;
	int			 st;		/* enum ike_qm_state */
	uint8_t			 iv[IKE_MAX_BLOCK];
	uint8_t			 ni[256], nr[256];
	size_t			 ni_len, nr_len;
	struct dh		*dh;		/* PFS */
	int			 pfs;		/* group or 0 */
	uint8_t			*gqm;		/* PFS g^xy */
	size_t			 gqm_len;
	struct ike_flow_id	 fid;		/* our view: lid local */
	bool			 ids_sent;	/* IDci/IDcr on the wire */
	struct transform_set	 ts;		/* chosen */
	uint32_t		 spi_in, spi_out;
	uint32_t		 life_sec, life_kb;
	uint8_t			 prop_num;
	uint16_t		 encap;		/* wire value used */
	/* retransmission of the last message sent */
	uint8_t			*last;
	size_t			 last_len;
	int			 retx;
	uint8_t			 rx_hash[20];	/* last message received */
	bool			 have_rx;
	vtime_t			 last_tx;
	struct event		*retx_ev;
	vtime_t			 done_at;	/* PHASE2_COMPLETE: kept briefly */
	struct event		*purge_ev;
	TAILQ_ENTRY(ike_qm)	 entry;
};
TAILQ_HEAD(ike_qm_list, ike_qm);

struct ike_sa {
	struct ike_ctx		*ctx;
	uint8_t			 icky[8], rcky[8];
	bool			 initiator;
	bool			 aggressive;
	int			 st;		/* enum ike_state */
	int			 ios;		/* enum ike_ios_state */
	bool			 deleted;	/* "ACTIVE (deleted)" */
	uint32_t		 conn_id;	/* 0 until keys exist */
	uint32_t		 engine_id;
	uint32_t		 local, peer;
	uint16_t		 lport, pport;	/* 500, or 4500 after the float */

	/* negotiated */
	struct isakmp_policy	 pol;
	const struct ike_hash	*h;
	const struct ike_cipher	*c;
	char			*psk;
	char			 profile[CRYPTO_NAME_MAX];
	char			 keyring[CRYPTO_NAME_MAX];

	/* exchange material */
	struct dh		*dh;
	uint8_t			*gxi, *gxr;
	size_t			 gx_len;
	uint8_t			 ni[IKE_NONCE_LEN + 236], nr[256];
	size_t			 ni_len, nr_len;
	uint8_t			*sai_b;		/* initiator's SA body */
	size_t			 sai_len;
	uint8_t			*idi_b;		/* aggressive: IDii body */
	size_t			 idi_len;
	uint8_t			*peer_id_b;	/* the peer's ID body, once */
	size_t			 peer_id_len;	/* authenticated (GDOI authz) */
	struct ike_keys		 keys;
	bool			 have_keys;
	uint8_t			 iv[IKE_MAX_BLOCK];
	uint8_t			 p1_last[IKE_MAX_BLOCK];	/* QM IV seed */

	/* capabilities and NAT-T */
	bool			 peer_dpd;	/* peer sent the DPD VID */
	int			 natt_vid;	/* VID_NATT_* agreed, 0 none */
	bool			 nat_local;	/* this end behind NAT */
	bool			 nat_peer;	/* the peer behind NAT */
	bool			 floated;	/* using 4500 */
	bool			 initial_contact;

	/* retransmission / duplicates */
	uint8_t			*last;
	size_t			 last_len;
	int			 retx;
	struct event		*retx_ev;
	uint8_t			 rx_hash[20];
	bool			 have_rx;
	vtime_t			 last_tx;	/* when we last sent */

	/* lifetime */
	vtime_t			 created, established;
	struct event		*life_ev, *purge_ev;

	/* DPD (RFC 3706) */
	uint32_t		 dpd_seq;	/* my last sequence number */
	uint32_t		 dpd_peer_seq;
	bool			 dpd_waiting;
	int			 dpd_errors;
	vtime_t			 last_rx;	/* last authenticated packet */
	uint64_t		 dpd_in, dpd_out;	/* ESP counters seen */
	struct event		*dpd_ev, *natka_ev;

	/* flows waiting for phase 1 */
	struct ike_flow_id	 pending[IKE_MAX_PENDING];
	int			 n_pending;

	struct ike_qm_list	 qms;
	/* GETVPN: phase 1 on UDP 848 between GM and KS; on completion the
	 * GDOI code (ike_gdoi.c) runs instead of quick mode. */
	bool			 gdoi;
	/* Lookup indexes beside the ordered list (ike_sa.c): by icky
	 * (cookie lookups compare rcky / peer on the chain) and by
	 * conn_id once keys exist; seq is the list position, so a lookup
	 * returns the match the list walk would have found first. */
	struct hmap_node	 cky_node, conn_node, peer_node;
	bool			 conn_indexed;
	uint64_t		 seq;
	TAILQ_ENTRY(ike_sa)	 entry;
};
TAILQ_HEAD(ike_sa_list, ike_sa);

/* An IPsec SA pair made by quick mode. */
struct ike_pair {
	uint32_t		 local, peer;
	uint32_t		 spi_in, spi_out;
	uint32_t		 conn_id;	/* IKE SA */
	TAILQ_ENTRY(ike_pair)	 entry;
};
TAILQ_HEAD(ike_pair_list, ike_pair);

struct ike_ctx {
	struct router		*r;
	struct udp_sock		*s500, *s4500;
	struct udp_sock		*s848;		/* GDOI (ike_gdoi.c) */
	struct ike_sa_list	 sas;
	struct hmap		 sa_by_cky, sa_by_conn, sa_by_peer;
						/* indexes of sas */
	uint64_t		 sa_seq;		/* next ike_sa seq */
	struct ike_pair_list	 pairs;
	uint32_t		 next_engine;	/* shared by IKE and IPsec SAs */
	uint64_t		 n_sa_created;	/* IKE SAs ever made (show crypto eli) */
	uint64_t		 n_dh_created;	/* DH pairs ever made (main, aggressive,
						 * PFS) */
	bool			 aggr_initiate;	/* tests: initiate aggressive */
	bool			 natt_force;	/* tests: claim to be behind NAT */
	bool			 session_log;	/* crypto logging session */
	struct isakmp_sa	*scratch;	/* decoded SA payload */
	uint64_t		 rx_bad, rx_nosa, rx_dup;
};

/* ---- ike_sa.c ------------------------------------------------------------ */
struct ike_ctx	*ike_ctx(struct router *);		/* NULL before init */
/* dh_new, counted for `show crypto eli`. */
struct dh	*ike_dh_new(struct ike_ctx *, int group);
struct ike_sa	*ike_sa_new(struct ike_ctx *, bool initiator, uint32_t local,
		    uint32_t peer);
struct ike_sa	*ike_sa_by_cookies(struct ike_ctx *, const uint8_t icky[8],
		    const uint8_t rcky[8]);
struct ike_sa	*ike_sa_by_icky(struct ike_ctx *, const uint8_t icky[8],
		    uint32_t peer);
struct ike_sa	*ike_sa_by_conn(struct ike_ctx *, uint32_t conn_id);
/* A responder learns the initiator cookie after ike_sa_new: set it here
 * so the cookie index follows (never write sa->icky directly). */
void		 ike_sa_set_icky(struct ike_sa *, const uint8_t icky[8]);
/* Delete (ike_sa_delete) every undeleted SA with keep's peer except keep,
 * in list order: INITIAL-CONTACT on a responder, without a walk of the
 * whole table (a key server has an SA per group member). */
void		 ike_sa_delete_peer(struct ike_sa *keep, const char *reason);
/* The newest usable IKE SA with peer: complete (or negotiating when
 * any is true), not deleted. */
struct ike_sa	*ike_sa_find_peer(struct ike_ctx *, uint32_t local,
		    uint32_t peer, bool any);
uint32_t	 ike_engine_alloc(struct ike_ctx *);
void		 ike_sa_set_state(struct ike_sa *, int st);
void		 ike_sa_keys_done(struct ike_sa *);	/* conn-id, export */
bool		 ike_keyfile_has(const char *dir, const char *file,
		    const char *row);
void		 ike_sa_complete(struct ike_sa *);	/* P1 done: QMs, DPD */
/* Mark deleted (listed until purged), stop timers; reason for debug. */
void		 ike_sa_delete(struct ike_sa *, const char *reason);
void		 ike_sa_free(struct ike_sa *);
const char	*ike_state_name(int st);
const char	*ike_ios_state_name(int ios);
const char	*ike_qm_state_name(int st);
void		 ike_sa_add_pending(struct ike_sa *, const struct ike_flow_id *);
void		 ike_flow_id_of(struct ike_flow_id *, const struct ipsec_flow *);
/* Peer failover after a dead peer: the next `set peer` of map entries
 * that point at peer. */
void		 ike_peer_failover(struct ike_ctx *, uint32_t peer);

/* ---- ike_io.c ------------------------------------------------------------ */
void		 ike_io_open(struct ike_ctx *);
void		 ike_io_close(struct ike_ctx *);
void		 ike_io_open_gdoi(struct ike_ctx *);	/* UDP 848 */
/* Send a whole message (header included) for sa; keep it for
 * retransmission when retx is true.  Takes ownership of msg. */
void		 ike_send(struct ike_sa *, uint8_t *msg, size_t len, bool retx);
/* Send on the 500/4500 socket without an SA (notifies to strangers). */
void		 ike_send_raw(struct ike_ctx *, uint32_t local, uint32_t peer,
		    uint16_t lport, uint16_t pport, const uint8_t *msg,
		    size_t len);
void		 ike_retx_stop(struct ike_sa *);
/* Send now with the "sending packet to" debug lines, keep nothing. */
void		 ike_xmit(struct ike_sa *, const uint8_t *msg, size_t len);
/* Header + chain -> message; with enc, the chain is padded and encrypted
 * with iv (updated to the last ciphertext block). */
uint8_t		*ike_seal(struct ike_sa *, uint8_t exch, uint32_t msgid,
		    uint8_t first_np, const uint8_t *chain, size_t chain_len,
		    bool enc, uint8_t *iv, size_t *out_len);
/* Decrypt raw[28..) with iv (updated only on success... the caller
 * restores it on failure).  Returns malloc'd plaintext or NULL. */
uint8_t		*ike_open(struct ike_sa *, const uint8_t *raw, size_t len,
		    uint8_t *iv, size_t *plen);
/* Parse a decrypted chain: IOS checks the first payload's reserved byte
 * before anything else.  Logs the error and IKMP_BAD_MESSAGE on failure. */
int		 ike_parse_plain(struct ike_sa *, struct isakmp_msg *,
		    uint8_t first, const uint8_t *plain, size_t plen,
		    const uint8_t *raw, size_t rawlen);
void		 ike_bad_message(struct ike_ctx *, uint32_t peer);
void		 ike_msg_hash(const uint8_t *msg, size_t len, uint8_t out[20]);

/* ---- ike_main.c ---------------------------------------------------------- */
int		 ike_mm_start(struct ike_sa *);
void		 ike_mm_input(struct ike_sa *, struct isakmp_msg *,
		    struct iface *in_if);
/* Phase-1 pieces shared with aggressive mode. */
void		 ike_p1_build_sa(struct ike_sa *, struct isakmp_builder *,
		    int only_group);
int		 ike_p1_choose(struct ike_sa *, const struct isakmp_pl *sapl,
		    bool responder);
const char	*ike_p1_psk(struct ike_sa *);
int		 ike_p1_dh_keys(struct ike_sa *, const uint8_t *peer_ke,
		    size_t len);
void		 ike_p1_nonce(uint8_t *buf, size_t *len);
int		 ike_p1_hash(struct ike_sa *, bool of_initiator,
		    const uint8_t *id_b, size_t id_len, uint8_t *out);
/* A DER name (ID_DER_ASN1_DN body) as IOS prints it, most specific
 * first: "hostname=R1.example.com,ou=GETVPN". */
void		 ike_dn_text(const uint8_t *der, size_t len, char *buf,
		    size_t blen);
void		 ike_p1_build_id(struct ike_sa *, struct isakmp_builder *,
		    uint8_t **id_b, size_t *id_len);
void		 ike_p1_process_vids(struct ike_sa *, const struct isakmp_msg *);
void		 ike_p1_add_vids(struct ike_sa *, struct isakmp_builder *,
		    int which);
int		 ike_p1_check_auth(struct ike_sa *, const struct isakmp_msg *,
		    bool from_initiator);
void		 ike_p1_build_auth(struct ike_sa *, struct isakmp_builder *,
		    bool of_initiator, const uint8_t *id_b, size_t id_len);

/* ---- ike_rsa.c ----------------------------------------------------------- */
bool		 ike_rsa_usable(struct ike_sa *);
int		 ike_rsa_cert(struct ike_sa *, uint8_t **der, size_t *len);
int		 ike_rsa_sign(struct ike_sa *, const uint8_t *hash, size_t hlen,
		    uint8_t **sig, size_t *slen);
/* The peer's certificate must chain to a CA of one of our authenticated
 * trustpoints (pki_ca.h) and match its ID payload body idb[0..idlen). */
int		 ike_rsa_verify(struct ike_sa *, const uint8_t *idb,
		    size_t idlen, const uint8_t *der, size_t len,
		    const uint8_t *hash, size_t hlen, const uint8_t *sig,
		    size_t slen, char *subject, size_t sublen);

/* ---- ike_aggr.c ---------------------------------------------------------- */
int		 ike_am_start(struct ike_sa *);
void		 ike_am_input(struct ike_sa *, struct isakmp_msg *,
		    struct iface *in_if);

/* ---- ike_quick.c --------------------------------------------------------- */
int		 ike_qm_start(struct ike_sa *, const struct ike_flow_id *);
void		 ike_qm_input(struct ike_sa *, struct isakmp_msg *,
		    struct iface *in_if);
void		 ike_qm_free(struct ike_qm *);
/* Is a negotiation for this flow under way (pending or quick mode)? */
bool		 ike_flow_busy(struct ike_ctx *, const struct ike_flow_id *);
/* IPsec SA expiry callback (soft: rekey, hard: delete). */
void		 ike_ipsec_expired(struct ipsec_sa *, bool hard, void *ctx);
/* The map entry for a flow id, NULL if gone or incomplete. */
struct crypto_map_entry *ike_flow_entry(struct router *,
		    const struct ike_flow_id *, struct crypto_map **mp);

/* ---- ike_info.c ---------------------------------------------------------- */
void		 ike_info_input(struct ike_sa *, struct isakmp_msg *);
/* Unprotected notify (phase 1 not done): NO_PROPOSAL_CHOSEN, ... */
void		 ike_info_notify_plain(struct ike_sa *, uint16_t type);
/* Protected notify / delete under a complete IKE SA. */
void		 ike_info_notify(struct ike_sa *, uint8_t proto, const uint8_t *spi,
		    uint8_t spi_size, uint16_t type, const uint8_t *data,
		    size_t dlen);
void		 ike_info_delete_p1(struct ike_sa *);
void		 ike_info_delete_spi(struct ike_sa *, uint32_t spi_in);
void		 ike_dpd_start(struct ike_sa *);
void		 ike_pair_add(struct ike_ctx *, uint32_t local, uint32_t peer,
		    uint32_t spi_in, uint32_t spi_out, uint32_t conn_id);
/* Delete an SA pair by either SPI (SADB and pair table). */
void		 ike_pair_delete(struct ike_ctx *, struct ike_pair *);
struct ike_pair	*ike_pair_find(struct ike_ctx *, uint32_t local, uint32_t peer,
		    uint32_t spi_in, uint32_t spi_out);
/* Every IPsec SA with peer goes (dead peer): SADB, flows, pairs. */
void		 ike_ipsec_purge_peer(struct ike_ctx *, uint32_t peer);
void		 ike_session_log(struct ike_sa *, bool up);

/* ---- ike_natt.c ---------------------------------------------------------- */
void		 ike_natt_add_vids(struct ike_sa *, struct isakmp_builder *);
void		 ike_natt_vid_seen(struct ike_sa *, enum isakmp_vid);
void		 ike_natt_add_natd(struct ike_sa *, struct isakmp_builder *);
void		 ike_natt_check_natd(struct ike_sa *, const struct isakmp_msg *);
/* After NAT-D: move to 4500 (initiator) when NAT is detected. */
void		 ike_natt_float(struct ike_sa *);
uint16_t	 ike_natt_encap(const struct ike_sa *, uint16_t mode);
void		 ike_natt_keepalive_start(struct ike_sa *);
bool		 ike_natt_vid_ok(const struct ike_sa *);
uint8_t		 ike_natt_natd_type(const struct ike_sa *);

/* ---- ike_gdoi.c ---------------------------------------------------------- */
/* Phase 1 of a GDOI SA completed: hand over to gdoi/. */
void		 ike_gdoi_complete(struct ike_sa *);
/* A GDOI SA is deleted (hand-over to gdoi/ so it forgets it). */
void		 ike_gdoi_gone(struct ike_sa *);
/* Exchange 32 (GROUPKEY-PULL) on a GDOI SA; 33 (PUSH) on UDP 848. */
void		 ike_gdoi_pull_input(struct ike_sa *, const uint8_t *raw,
		    size_t len);
void		 ike_gdoi_push_input(struct ike_ctx *, uint32_t src,
		    uint32_t dst, const uint8_t *raw, size_t len);

/* ---- ike_debug.c --------------------------------------------------------- */
#define IKE_LVL_ERROR	0x01u	/* debug crypto isakmp error */
#define IKE_LVL_NORMAL	0x02u	/* debug crypto isakmp */
#define IKE_LVL_DETAIL	0x08u	/* ... detail */
#define IKE_LVL_PACKET	0x10u	/* ... packet */

void		 ike_debug_init(void);
bool		 ikd_on(struct router *, uint32_t peer, uint32_t lvl);
/* Whole debug line at the normal level (caller writes the prefix). */
void		 ikd(struct router *, uint32_t peer, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* "ISAKMP:(conn):" + text, normal / error level. */
void		 ikd_sa(const struct ike_sa *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 ikd_err(const struct ike_sa *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* "Input = ..." and "Old State = X  New State = Y". */
void		 ikd_input(const struct ike_sa *, const char *input);
void		 ikd_node_input(const struct ike_sa *, uint32_t msgid,
		    const char *input);
void		 ikd_trans(const struct ike_sa *, const char *oldst,
		    const char *newst);
void		 ikd_packet(struct ike_sa *, bool sent, const uint8_t *msg,
		    size_t len, const struct isakmp_msg *plain);
/* debug crypto ipsec / debug crypto engine */
bool		 ipd_on(struct router *, uint32_t peer);
void		 ipd(struct router *, uint32_t peer, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
bool		 ike_engine_dbg_on(struct router *);
void		 ike_engine_dbg(struct router *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
char		 ike_role(const struct ike_sa *);	/* 'I' or 'R' */

/* ---- small helpers ------------------------------------------------------- */
static inline void
ike_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t
ike_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline uint16_t
ike_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

#endif
