/* Internals of the GROUPKEY-PUSH engine, shared by its files only:
 *	gdoi_push.c		the key server's rekey engine (timers, unicast
 *				batches, multicast, retransmissions, ACKs)
 *	gdoi_push_msg.c		the PUSH and ACK messages (KEK cipher,
 *				RSA signature, ACK hash)
 *	gdoi_push_gm.c		the group member's side
 *	gdoi_rekey_policy.c	policy-change rekeys (seed 003 tables 1, 2) */
#ifndef VPNSIM_GDOI_PUSH_INT_H
#define VPNSIM_GDOI_PUSH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi_proto.h"

#define GDOI_ACK_HASH_LEN	20	/* HMAC-SHA1 */

/* ---- gdoi_push_msg.c ------------------------------------------------------ */

/* CBC over buf[0..len) in place with the KEK's static IV (len a multiple
 * of the block); enc 1 encrypts, 0 decrypts. */
bool	gdoi_kek_crypt(const struct gdoi_kek_st *, uint8_t *buf, size_t len,
	    int enc);
/* vpnsim's ACK hash: HMAC-SHA1 keyed with the KEK key. */
bool	gdoi_ack_hash(const struct gdoi_kek_st *, const uint8_t *data,
	    size_t len, uint8_t out[GDOI_ACK_HASH_LEN]);
bool	gdoi_sha1(const uint8_t *data, size_t len, uint8_t out[20]);

/* What one PUSH carries besides SEQ, the current TEK's SATs and key: */
struct gdoi_push_opts {
	uint32_t	 seq;
	bool		 kek;		/* a new KEK (k->kek) under k->okek */
	bool		 sak;		/* the KEK policy (SAK) even without */
	uint32_t	 sak_src, sak_dst;	/* its transport */
	bool		 bad_sig;	/* test hook: corrupt the signature */
};
/* The whole PUSH, signed and encrypted; NULL without an RSA key.  It is
 * signed with the key whose public half the members hold (the SPKI of
 * the KEK it travels under), else with the configured one. */
uint8_t	*gdoi_push_build(struct router *, struct gdoi_ksg *,
	    const struct gdoi_ks_cfg *, const struct gdoi_push_opts *,
	    size_t *outlen);
/* The GM's ACK of seq under kek, from local; NULL on failure. */
uint8_t	*gdoi_ack_build(const struct gdoi_kek_st *, uint32_t local,
	    uint32_t seq, size_t *outlen);

/* ---- gdoi_push.c ---------------------------------------------------------- */

/* The KS group's configuration (NULL when gone or not a KS). */
const struct gdoi_group *gdoi_push_ks_cfg(struct router *, const char *name);
/* An ACK for KS group k, under KEK ek. */
void	gdoi_push_ks_ack(struct gdoi_proto *, struct gdoi_ksg *,
	    const struct gdoi_kek_st *, uint32_t src,
	    const struct isakmp_msg *);

/* ---- gdoi_push_gm.c ------------------------------------------------------- */

/* A PUSH (E flag) for GM group g from src to dst (our address or the
 * multicast rekey group). */
void	gdoi_push_gm_input(struct gdoi_proto *, struct gdoi_gmg *,
	    uint32_t src, uint32_t dst, const uint8_t *raw, size_t len);

#endif
