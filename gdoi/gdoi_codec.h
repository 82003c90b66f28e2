/* GDOI (RFC 6407, RFC 3547) payload codec on top of ipsec/isakmp.h:
 * the GDOI SA payload with its nested SA KEK (SAK), GAP and SA TEK (SAT,
 * protocol ESP) payloads, Key Download (KD), Sequence (SEQ), the PULL ID
 * payload (ID_KEY_ID group number) and Delete in a GROUPKEY-PUSH.
 *
 * Every number and layout comes from /work/shared/research/gdoi-wire.md
 * (section numbers in the comments below).  Decoders never copy: key
 * material and ID data are views into the caller's buffer, checked
 * against their container; every malformation has its own error code
 * (gdoi_strerror).  The builders append to an isakmp_builder (the SA
 * payload's nested chain is linked and its lengths fixed here, as the
 * ISAKMP builder has no notion of GDOI nesting).  Numbers in the structs
 * are host order. */
#ifndef VPNSIM_GDOI_CODEC_H
#define VPNSIM_GDOI_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isakmp.h"

/* §1.1 */
#define GDOI_PORT		848
#define GDOI_DOI		ISAKMP_DOI_GDOI	/* 2 */
#define GDOI_SITUATION		0
#define GDOI_EXCH_PULL		ISAKMP_EXCH_QUICK	/* 32 GROUPKEY-PULL */
#define GDOI_EXCH_PUSH		ISAKMP_EXCH_NEW_GROUP	/* 33 GROUPKEY-PUSH */
#define GDOI_KEK_SPI_LEN	16	/* I-cookie || R-cookie (§2.2) */
#define GDOI_TEK_SPI_LEN	4
/* SAT payloads per SA payload: one per ACE of the KS policy, of which
 * IOS honours the first 100 (seed 003 table 3, GDOI_ACL_NUM). */
#define GDOI_MAX_TEKS		100
#define GDOI_MAX_KEYPKTS	17	/* key packets per KD (KEK + TEKs) */

/* §1.3 KEK attributes (inside the SAK). */
enum gdoi_kek_attr {
	GDOI_KEK_MANAGEMENT_ALGORITHM = 1,
	GDOI_KEK_ALGORITHM = 2,
	GDOI_KEK_KEY_LENGTH = 3,
	GDOI_KEK_KEY_LIFETIME = 4,
	GDOI_SIG_HASH_ALGORITHM = 5,
	GDOI_SIG_ALGORITHM = 6,
	GDOI_SIG_KEY_LENGTH = 7,
	GDOI_KE_OAKLEY_GROUP = 8,
	GDOI_KEK_ACK_REQUESTED = 9,
};
enum gdoi_kek_alg { GDOI_KEK_ALG_DES = 1, GDOI_KEK_ALG_3DES = 2,
	GDOI_KEK_ALG_AES = 3 };
#define GDOI_KEK_MGMT_LKH	1
enum gdoi_sig_hash { GDOI_SIG_HASH_MD5 = 1, GDOI_SIG_HASH_SHA1 = 2,
	GDOI_SIG_HASH_SHA256 = 3, GDOI_SIG_HASH_SHA384 = 4,
	GDOI_SIG_HASH_SHA512 = 5 };
enum gdoi_sig_alg { GDOI_SIG_ALG_RSA = 1, GDOI_SIG_ALG_DSS = 2,
	GDOI_SIG_ALG_ECDSS = 3 };

/* §1.3 GAP attributes. */
enum gdoi_gap_attr {
	GDOI_GAP_ACTIVATION_TIME_DELAY = 1,
	GDOI_GAP_DEACTIVATION_TIME_DELAY = 2,
	GDOI_GAP_SENDER_ID_REQUEST = 3,
};

/* §1.3 TEK protocol ids (first byte of the SAT body). */
enum gdoi_tek_proto {
	GDOI_PROTO_IPSEC_ESP = 1,
	GDOI_PROTO_IPSEC_AH = 2,
};

/* §1.3 IPsec SA attributes used in a SAT beyond isakmp.h's enum. */
#define GDOI_IPSEC_ATTR_ADDR_PRESERVATION	14	/* RFC 6407 */
#define GDOI_IPSEC_ATTR_SA_DIRECTION		15	/* RFC 6407 */
/* Values of attribute 15 (gdoi-wire.md §1.3, from memory there) and 14. */
#define GDOI_SA_DIR_SENDER_ONLY		1
#define GDOI_SA_DIR_RECEIVER_ONLY	2	/* `sa receive-only` */
#define GDOI_SA_DIR_SYMMETRIC		3
#define GDOI_ADDR_PRESERVE_SRC_DST	4	/* GETVPN tunnel mode */
/* Cisco time-based anti-replay (TBAR) is proprietary (§5.1): these
 * private-use IPsec attributes (RFC 2407 range 32001-32767) are the
 * simulator's own encoding, the documented hook for pseudotime.  Wireshark
 * shows them as unknown attributes, never as malformed. */
#define GDOI_ATTR_TBAR_ENABLE		32001	/* B: 1 on */
#define GDOI_ATTR_TBAR_WINDOW		32002	/* B: window, seconds */
#define GDOI_ATTR_TBAR_PSEUDOTIME	32003	/* V: 4 bytes, KS pseudotime */
/* More of the simulator's own private-use SAT attributes (vpnsim encoding,
 * not Cisco's; see docs/wire-formats-gdoi-policy.md).  GETVPN carries the whole KS
 * policy ACL, one SAT per ACE in ACL order, but RFC 6407 has no field for
 * what GETVPN needs beyond an address/port selector:
 *  - the ACE's action: a deny line is traffic every GM sends in clear
 *    (seed 003: "Policy can be defined by using both deny and permit
 *    ACLs on the key server"); sent only for deny (absent = permit), with
 *    the TEK's SPI and transform like a permit line so that a receiver
 *    reading the TEK from any SAT still finds it;
 *  - port ranges (range/gt/lt), which the SAT ID's single port cannot
 *    express: the ID port is 0 and the range travels here, low || high;
 *  - the `replay counter window-size` of the `sa ipsec` (time-based replay
 *    uses GDOI_ATTR_TBAR_*). */
#define GDOI_ATTR_REPLAY_COUNTER	32004	/* B: window, packets */
#define GDOI_ATTR_ACE_ACTION		32005	/* B: GDOI_ACE_PERMIT/_DENY */
#define GDOI_ATTR_SRC_PORT_RANGE	32006	/* V: 4 bytes, low || high */
#define GDOI_ATTR_DST_PORT_RANGE	32007	/* V: 4 bytes, low || high */
#define GDOI_ACE_PERMIT			1
#define GDOI_ACE_DENY			2

/* §1.3 KD key packet types and their attributes (all variable). */
enum gdoi_kd_type { GDOI_KD_TEK = 1, GDOI_KD_KEK = 2, GDOI_KD_LKH = 3,
	GDOI_KD_SID = 4 };
#define GDOI_KD_TEK_ALGORITHM_KEY	1
#define GDOI_KD_TEK_INTEGRITY_KEY	2
#define GDOI_KD_TEK_SOURCE_AUTH_KEY	3
#define GDOI_KD_KEK_ALGORITHM_KEY	1	/* IV || key (§2.4) */
#define GDOI_KD_KEK_SIG_ALGORITHM_KEY	2	/* KS public key, DER SPKI */

/* ---- errors ----------------------------------------------------------- */

enum gdoi_err {
	GDOI_OK = 0,
	GDOI_E_SA_SHORT = 1,		/* SA body < 12 bytes */
	GDOI_E_SA_DOI,			/* SA DOI not 2 */
	GDOI_E_SA_SITUATION,		/* situation not 0 */
	GDOI_E_SA_RESERVED,		/* RESERVED2 of the SA not zero */
	GDOI_E_SA_NEXT,			/* SA attribute-next not SAK/GAP/SAT */
	GDOI_E_NEST_TRUNC,		/* nested generic header cut off */
	GDOI_E_NEST_LENGTH,		/* nested length < 4 or past the SA */
	GDOI_E_NEST_RESERVED,		/* nested reserved byte not zero */
	GDOI_E_NEST_TYPE,		/* nested type not SAK/GAP/SAT */
	GDOI_E_NEST_ORDER,		/* SAK/GAP after a SAT, or repeated */
	GDOI_E_NEST_TRAILING,		/* bytes after the last nested one */
	GDOI_E_TOO_MANY_TEKS,		/* more SATs than GDOI_MAX_TEKS */
	GDOI_E_SAK_SHORT,		/* SAK body too short */
	GDOI_E_SAK_ID,			/* SAK ID runs past the payload */
	GDOI_E_ID_TYPE,			/* unknown ID type in a SAK/SAT */
	GDOI_E_ID_LENGTH,		/* ID data length wrong for its type */
	GDOI_E_SAT_SHORT,		/* SAT body too short */
	GDOI_E_SAT_PROTO,		/* SAT protocol-ID not ESP */
	GDOI_E_SAT_ID,			/* SAT IDs fit neither 2- nor 1-byte */
	GDOI_E_ATTR_SYNTAX,		/* attribute runs past its container */
	GDOI_E_ATTR_VALUE,		/* numeric attribute of a bad size */
	GDOI_E_GAP_ATTR,		/* GAP attribute not basic */
	GDOI_E_KD_SHORT,		/* KD body < 4 bytes */
	GDOI_E_KD_RESERVED,		/* KD RESERVED2 not zero */
	GDOI_E_KD_COUNT,		/* # key packets disagrees with body */
	GDOI_E_KD_TOO_MANY,		/* more than GDOI_MAX_KEYPKTS */
	GDOI_E_KD_PKT_TRUNC,		/* key packet header cut off */
	GDOI_E_KD_PKT_LENGTH,		/* key packet length bad */
	GDOI_E_KD_TYPE,			/* unknown key packet type */
	GDOI_E_KD_SPI_SIZE,		/* SPI size wrong for the type */
	GDOI_E_KD_ATTR,			/* key attribute basic or empty */
	GDOI_E_KD_KEY_MISSING,		/* TEK/KEK packet without its key */
	GDOI_E_SEQ_LENGTH,		/* SEQ body not 4 bytes */
	GDOI_E_ID_GROUP,		/* PULL ID not KEY_ID(4)/IPV4_ADDR */
	GDOI_E_DEL_SHORT,		/* Delete body < 8 bytes */
	GDOI_E_DEL_DOI,			/* Delete DOI not 2 */
	GDOI_E_DEL_SPI,			/* Delete SPI size/protocol/count bad */
	GDOI_E_NOMEM,			/* builder failed */
	GDOI_E_MAX
};
/* Text for err (positive or negative): "SAT ID lengths do not add up". */
const char *gdoi_strerror(int err);

/* ---- IDs in the SAK and SAT (§2.2, §2.3) ------------------------------ */

struct gdoi_id {
	uint8_t		 type;		/* ISAKMP_ID_* */
	uint16_t	 port;
	const uint8_t	*data;		/* decode: view; encode: unused if
					 * the IPv4 form below is used */
	uint16_t	 len;
	uint32_t	 addr, addr2;	/* IPv4, host order: address and
					 * mask (SUBNET) or end (RANGE) */
};
/* Helpers to fill an ID for encoding (IPv4 forms). */
void	gdoi_id_addr(struct gdoi_id *, uint32_t addr, uint16_t port);
void	gdoi_id_subnet(struct gdoi_id *, uint32_t addr, uint32_t mask,
	    uint16_t port);

/* ---- SA KEK (§2.2) ----------------------------------------------------- */

struct gdoi_sak {
	uint8_t		 proto;		/* IP protocol: 17 (UDP) */
	struct gdoi_id	 src, dst;	/* KS; rekey destination */
	uint8_t		 spi[GDOI_KEK_SPI_LEN];	/* KEK cookie pair */
	uint16_t	 pop_alg, pop_keylen;	/* RESERVED2 in RFC 6407 */
	/* KEK attributes, 0 = absent. */
	uint16_t	 mgmt_alg;	/* GDOI_KEK_MGMT_LKH */
	uint16_t	 kek_alg;	/* enum gdoi_kek_alg */
	uint16_t	 kek_keylen;	/* bits */
	uint32_t	 kek_lifetime;	/* seconds */
	uint16_t	 sig_hash;	/* enum gdoi_sig_hash */
	uint16_t	 sig_alg;	/* enum gdoi_sig_alg */
	uint16_t	 sig_keylen;	/* bits */
	uint16_t	 ack_requested;	/* RFC 8263 */
	int		 n_unknown;	/* attributes we do not know */
};

/* ---- GAP (§2.6) -------------------------------------------------------- */

struct gdoi_gap {
	uint16_t	 activation_delay;	/* s, 0 = absent */
	uint16_t	 deactivation_delay;
	uint16_t	 sender_id_request;
	int		 n_unknown;
};

/* ---- SA TEK, protocol ESP (§2.3) --------------------------------------- */

struct gdoi_sat {
	uint8_t		 prot_id;	/* GDOI_PROTO_IPSEC_ESP */
	uint8_t		 ip_proto;	/* traffic selector, 0 = any */
	struct gdoi_id	 src, dst;
	bool		 id_len1;	/* decoded with 1-byte ID lengths */
	uint8_t		 transform;	/* ESP_3DES, ESP_AES, ... */
	uint32_t	 spi;
	/* IPsec SA attributes, 0 = absent. */
	uint32_t	 life_sec;
	uint32_t	 life_kb;
	uint16_t	 encap;		/* IPSEC_ENCAP_TUNNEL (GETVPN) */
	uint16_t	 auth;		/* IPSEC_AUTH_HMAC_* */
	uint16_t	 keylen;	/* AES bits */
	uint16_t	 addr_preservation;	/* attr 14 */
	uint16_t	 sa_direction;		/* attr 15 */
	/* TBAR hook (simulator encoding, see GDOI_ATTR_TBAR_*). */
	bool		 tbar;
	uint16_t	 tbar_window;	/* s */
	bool		 has_pseudotime;
	uint32_t	 pseudotime;
	/* Policy attributes (simulator encoding, GDOI_ATTR_* 32004-32007). */
	uint16_t	 replay_window;	/* counter replay window, 0 = off */
	bool		 deny;		/* made from a deny line */
	bool		 has_sport_range, has_dport_range;
	uint16_t	 sport_lo, sport_hi;	/* when has_sport_range */
	uint16_t	 dport_lo, dport_hi;	/* when has_dport_range */
	int		 n_unknown;
};

/* ---- the GDOI SA payload (§2.1) ---------------------------------------- */

struct gdoi_sa {
	uint32_t	 doi, situation;
	uint8_t		 attr_next;	/* first nested type */
	bool		 has_sak;
	struct gdoi_sak	 sak;
	bool		 has_gap;
	struct gdoi_gap	 gap;
	int		 n_tek;
	struct gdoi_sat	 tek[GDOI_MAX_TEKS];
};

/* Decode the body (after the generic header) of a GDOI SA payload and
 * its nested SAK, GAP and SAT payloads.  Order: SAK, GAP, then SATs. */
int	gdoi_sa_decode(const uint8_t *body, size_t len, struct gdoi_sa *);
/* The nested payload bodies on their own (the SA decoder uses them). */
int	gdoi_sak_decode(const uint8_t *body, size_t len, struct gdoi_sak *);
int	gdoi_gap_decode(const uint8_t *body, size_t len, struct gdoi_gap *);
/* SAT: tries 2-byte ID lengths, then 1-byte (§0.4); the first layout
 * whose lengths and attributes add up exactly wins (sat->id_len1). */
int	gdoi_sat_decode(const uint8_t *body, size_t len, struct gdoi_sat *);

/* Encoding flags. */
#define GDOI_ENC_SAT_ID_LEN1	0x1	/* compat: 1-byte SAT ID lengths */

/* Append a whole GDOI SA payload: SAK (if has_sak), GAP (if has_gap),
 * the n_tek SATs.  doi/situation/attr_next of sa are ignored. */
void	gdoi_build_sa(struct isakmp_builder *, const struct gdoi_sa *,
	    unsigned flags);

/* ---- Key Download (§2.4) ----------------------------------------------- */

struct gdoi_keypkt {
	uint8_t		 type;		/* enum gdoi_kd_type */
	uint8_t		 spi_size;
	uint8_t		 spi[GDOI_KEK_SPI_LEN];
	/* attribute 1: TEK_ALGORITHM_KEY / KEK_ALGORITHM_KEY (IV||key) */
	const uint8_t	*alg_key;
	uint16_t	 alg_key_len;
	/* attribute 2: TEK_INTEGRITY_KEY (TEK) */
	const uint8_t	*int_key;
	uint16_t	 int_key_len;
	/* attribute 2: SIG_ALGORITHM_KEY (KEK), DER SubjectPublicKeyInfo */
	const uint8_t	*sig_key;
	uint16_t	 sig_key_len;
	/* attribute 3: TEK_SOURCE_AUTH_KEY (TEK) */
	const uint8_t	*src_auth_key;
	uint16_t	 src_auth_key_len;
	const uint8_t	*raw;		/* LKH/SID: attribute bytes */
	uint16_t	 raw_len;
	int		 n_unknown;
};

struct gdoi_kd {
	int		 n;
	struct gdoi_keypkt pkt[GDOI_MAX_KEYPKTS];
};

int	gdoi_kd_decode(const uint8_t *body, size_t len, struct gdoi_kd *);
/* Append a KD payload (TEK and KEK key packets from the fields above). */
void	gdoi_build_kd(struct isakmp_builder *, const struct gdoi_kd *);
/* Fill a TEK / KEK key packet for encoding (pointers are kept). */
void	gdoi_keypkt_tek(struct gdoi_keypkt *, uint32_t spi,
	    const uint8_t *key, uint16_t key_len, const uint8_t *ikey,
	    uint16_t ikey_len);
void	gdoi_keypkt_kek(struct gdoi_keypkt *, const uint8_t spi[16],
	    const uint8_t *iv_key, uint16_t iv_key_len, const uint8_t *spki,
	    uint16_t spki_len);
/* CBC block size of a KEK algorithm: the IV part of KEK_ALGORITHM_KEY
 * (8 DES/3DES, 16 AES; 0 unknown). */
size_t	gdoi_kek_iv_len(uint16_t kek_alg);
/* Split a KEK key packet's IV||key; false when too short for alg. */
bool	gdoi_kek_split(const struct gdoi_keypkt *, uint16_t kek_alg,
	    const uint8_t **iv, size_t *iv_len, const uint8_t **key,
	    size_t *key_len);
/* TEK SPI of a key packet (0 when its SPI size is not 4). */
uint32_t gdoi_keypkt_spi32(const struct gdoi_keypkt *);

/* ---- SEQ (§2.5), PULL ID (§2.8), Delete (§2.7) -------------------------- */

int	gdoi_seq_decode(const uint8_t *body, size_t len, uint32_t *seq);
void	gdoi_build_seq(struct isakmp_builder *, uint32_t seq);

/* The group identity of PULL message 1: `identity number N` is ID_KEY_ID
 * with a 4-byte number; `identity address ipv4 A` is ID_IPV4_ADDR. */
struct gdoi_group_id {
	uint8_t		 type;		/* ISAKMP_ID_KEY_ID / _IPV4_ADDR */
	uint32_t	 value;		/* number or address (host order) */
};
int	gdoi_id_group_decode(const uint8_t *body, size_t len,
	    struct gdoi_group_id *);
void	gdoi_build_id_group(struct isakmp_builder *,
	    const struct gdoi_group_id *);

/* Delete in a PUSH: DOI 2; TEK: protocol 1 (ESP) or 2 (AH), 4-byte SPIs;
 * KEK: protocol 0, one 16-byte SPI (the cookie pair). */
struct gdoi_delete {
	uint8_t		 proto;
	uint8_t		 spi_size;
	uint16_t	 n_spi;
	const uint8_t	*spis;
};
int	gdoi_delete_decode(const uint8_t *body, size_t len,
	    struct gdoi_delete *);
uint32_t gdoi_delete_spi32(const struct gdoi_delete *, int i);
void	gdoi_build_delete_tek(struct isakmp_builder *, uint8_t proto,
	    const uint32_t *spis, uint16_t n);
void	gdoi_build_delete_kek(struct isakmp_builder *,
	    const uint8_t spi[GDOI_KEK_SPI_LEN]);

/* ---- PUSH signature input (§4.2) ---------------------------------------- */

/* "rekey" || HDR' || payloads, where msg[0..len) is the PUSH built so far
 * (header + every payload before SIG, unencrypted) and HDR' is its header
 * with the E flag set and Length = len + sig_pl_len (the unpadded total
 * with the SIG payload, generic header included).  Returns a malloc'd
 * buffer (*out_len bytes) or NULL. */
uint8_t	*gdoi_push_sig_input(const uint8_t *msg, size_t len,
	    size_t sig_pl_len, size_t *out_len);

/* Names used in debug text. */
const char *gdoi_kd_type_name(uint8_t type);	/* "TEK", "KEK" */
const char *gdoi_kek_alg_name(uint16_t alg);	/* "3DES", "AES" */

#endif
