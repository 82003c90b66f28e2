/* IPsec SAs: one direction of one ESP security association.
 *
 * An SA holds what the data plane needs (SPI, endpoints, transform, keys,
 * sequence number or replay window), its lifetime on the virtual clock and
 * the per-SA counters behind `show crypto ipsec sa [detail]` and
 * `show crypto session detail`.  The negotiating code (IKE engine, crypto
 * maps, GDOI) creates it, fills the public fields, adds it to a router's
 * SADB (sadb.h) which then owns it, and reads counters for show commands.
 *
 * Addresses are host byte order throughout. */
#ifndef VPNSIM_SA_H
#define VPNSIM_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "replay.h"
#include "sched.h"
#include "xform.h"

#define IPSEC_DEFAULT_LIFE_SECS	3600u		/* IOS defaults */
#define IPSEC_DEFAULT_LIFE_KB	4608000u
#define IPSEC_SOFT_SECS_BEFORE	30u	/* rekey 30 s before the end ... */
#define IPSEC_SOFT_KB_PERCENT	90u	/* ... or at 90 % of the volume */

enum ipsec_dir { IPSEC_DIR_IN, IPSEC_DIR_OUT };
enum ipsec_mode { IPSEC_MODE_TUNNEL, IPSEC_MODE_TRANSPORT };
enum ipsec_sa_state { IPSEC_SA_ACTIVE, IPSEC_SA_EXPIRED };

/* GETVPN: the outer header copies the inner addresses (tunnel mode with
 * address preservation); an inbound SA with this flag and local == 0
 * matches its SPI for any destination. */
#define IPSEC_SA_F_PRESERVE	0x01

/* A proxy identity (`local ident (addr/mask/prot/port)`); mask 0 and
 * proto/port 0 are wildcards. */
struct ipsec_proxy {
	uint32_t	addr, mask;
	uint8_t		proto;
	uint16_t	port;
};

/* Every counter of `show crypto ipsec sa detail` (seed 004), per SA.  The
 * show code sums the inbound and outbound SAs of a flow.  send_errors and
 * recv_errors are the short-form totals ("#send errors N, #recv errors N";
 * the "drop" of `show crypto session detail`): each specific error also
 * counts there. */
struct ipsec_sa_stats {
	uint64_t	encaps, encrypt, digest;	/* outbound SA */
	uint64_t	decaps, decrypt, verify;	/* inbound SA */
	uint64_t	compressed, decompressed;	/* IPComp: always 0 */
	uint64_t	not_compressed, compr_failed;
	uint64_t	not_decompressed, decompress_failed;
	uint64_t	no_sa_send, invalid_sa_rcv;	/* filled by the owner */
	uint64_t	encaps_failed, decaps_failed;
	uint64_t	invalid_prot, verify_failed;
	uint64_t	invalid_identity, invalid_len;
	uint64_t	replay_rollover_send, replay_rollover_rcv;
	uint64_t	replay_failed;
	uint64_t	internal_err_send, internal_err_rcv;
	uint64_t	send_errors, recv_errors;
	uint64_t	bytes;		/* protected plaintext, for kilobytes */
};

struct ipsec_sa;
struct sadb;
/* Lifetime callback: hard = false at the soft limit (time to rekey),
 * true at the hard limit (state is IPSEC_SA_EXPIRED, the data plane
 * refuses the SA).  Runs from the scheduler, never inside esp_encap() or
 * esp_decap(), so it may delete the SA (sadb_del). */
typedef void (*ipsec_sa_expire_fn)(struct ipsec_sa *, bool hard, void *ctx);

struct ipsec_sa {
	/* --- set by the creator before use ------------------------------ */
	uint32_t		 spi;		/* host order */
	enum ipsec_dir		 dir;
	enum ipsec_mode		 mode;
	unsigned		 flags;		/* IPSEC_SA_F_* */
	uint32_t		 local, peer;	/* crypto endpoints */
	uint16_t		 udp_local;	/* NAT-T (RFC 3948): ports of */
	uint16_t		 udp_peer;	/* the UDP header, 0 = plain ESP */
	struct ipsec_proxy	 lid, rid;	/* local / remote ident */
	uint32_t		 conn_id;	/* for show output, owner's */
	void			*owner;		/* owner's pointer, not freed */

	/* --- set by ipsec_sa_new() / ipsec_sa_set_keys() ------------------ */
	const struct esp_cipher	*cipher;	/* never NULL */
	const struct esp_auth	*auth;		/* NULL: none (or AEAD) */
	uint8_t			 enc_key[ESP_MAX_KEY];	/* key || salt */
	size_t			 enc_key_len;
	uint8_t			 auth_key[ESP_MAX_AUTHKEY];
	size_t			 auth_key_len;

	/* --- data plane state --------------------------------------------- */
	uint32_t		 seq;		/* outbound: last number sent */
	struct replay_win	 replay;	/* inbound */
	enum ipsec_sa_state	 state;
	struct ipsec_sa_stats	 st;

	/* --- lifetime (ipsec_sa_set_lifetime) ----------------------------- */
	vtime_t			 created;
	uint32_t		 life_secs, soft_secs;	/* 0 = no limit */
	uint64_t		 life_kb, soft_kb;	/* 0 = no limit */
	bool			 soft_fired;
	ipsec_sa_expire_fn	 expire;
	void			*expire_ctx;

	/* --- private ------------------------------------------------------ */
	struct event		*soft_ev, *hard_ev, *kb_ev;
	struct sadb		*db;		/* SADB holding it, or NULL */
	struct ipsec_sa		*next, *hnext;	/* SADB lists */
	struct evp_cipher_ctx_st *cctx;		/* keyed cipher context */
	struct evp_mac_ctx_st	*mctx;		/* keyed HMAC context */
	uint16_t		 ip_id;		/* outer IP id counter */
};

/* A new SA (state ACTIVE, replay window 64, no lifetime) for a cipher and
 * an optional authenticator.  NULL if cipher is NULL, or if the cipher is
 * AEAD and auth is not NULL.  Free with ipsec_sa_free() unless an SADB
 * took it. */
struct ipsec_sa	*ipsec_sa_new(enum ipsec_dir, uint32_t spi,
		    const struct esp_cipher *, const struct esp_auth *);
/* Keys from KEYMAT in IKE order: cipher key, salt (GCM), then auth key;
 * len must be esp_keymat_len().  Prepares the OpenSSL contexts.  0 / -1. */
int		 ipsec_sa_set_keys(struct ipsec_sa *, const uint8_t *keymat,
		    size_t len);
/* Replay window size (0 = disabled). */
void		 ipsec_sa_set_replay(struct ipsec_sa *, unsigned window);
/* Hard lifetime from now (0 = unlimited for that dimension); soft limits
 * default to IOS's 30 s before the end (or 90 % if shorter than 60 s) and
 * 90 % of the kilobytes.  Arms timers on the virtual clock. */
void		 ipsec_sa_set_lifetime(struct ipsec_sa *, uint32_t secs,
		    uint64_t kb);
/* Override the soft limits (absolute seconds from creation / kilobytes);
 * call after ipsec_sa_set_lifetime. */
void		 ipsec_sa_set_soft(struct ipsec_sa *, uint32_t secs, uint64_t kb);
void		 ipsec_sa_set_expire_cb(struct ipsec_sa *, ipsec_sa_expire_fn,
		    void *ctx);
/* Remaining hard lifetime as `sa timing: remaining key lifetime (k/sec)`
 * prints it; an unlimited dimension reports 0. */
void		 ipsec_sa_remaining(const struct ipsec_sa *, uint64_t *kb,
		    uint32_t *secs);
/* "replay detection support: Y": authenticated and window on. */
bool		 ipsec_sa_replay_support(const struct ipsec_sa *);
/* Zero the counters (`clear crypto sa counters`). */
void		 ipsec_sa_clear_counters(struct ipsec_sa *);
/* Cancel timers, wipe keys, free.  Not for an SA still in an SADB
 * (use sadb_del).  NULL safe. */
void		 ipsec_sa_free(struct ipsec_sa *);

/* Account n protected bytes (esp.c calls this): may schedule the
 * kilobyte soft/hard callbacks.  Internal to ipsec/. */
void		 ipsec_sa_account(struct ipsec_sa *, size_t n);

#endif
