/* ISAKMP (RFC 2408) message codec for IKEv1 (RFC 2409) and the IPsec DOI
 * (RFC 2407): header, the generic payload chain, typed payload decoders,
 * a builder that links payloads and fixes lengths, and the IOS-style
 * names and debug text the IKE engine prints.
 *
 * Parsing never copies: a parsed message is a header plus an array of
 * views (pointer + length) into the caller's buffer, every one checked
 * against the bounds of its container.  Every malformation has its own
 * negative error code (isakmp_strerror() gives the text IOS would print
 * before %CRYPTO-4-IKMP_BAD_MESSAGE).  Numbers on the wire are big-endian;
 * in the structs they are host order. */
#ifndef VPNSIM_ISAKMP_H
#define VPNSIM_ISAKMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define ISAKMP_PORT		500
#define ISAKMP_NATT_PORT	4500
#define ISAKMP_HDR_LEN		28
#define ISAKMP_GEN_LEN		4	/* generic payload header */
#define ISAKMP_VERSION		0x10	/* major 1, minor 0 */
#define ISAKMP_COOKIE_LEN	8
#define ISAKMP_MAX_PAYLOADS	32	/* per message */
#define ISAKMP_MAX_PROPOSALS	16	/* per SA payload */
#define ISAKMP_MAX_TRANSFORMS	32	/* per proposal */

/* Payload types ("Next Payload"). */
enum isakmp_np {
	ISAKMP_NP_NONE = 0,
	ISAKMP_NP_SA = 1,
	ISAKMP_NP_P = 2,		/* only inside SA */
	ISAKMP_NP_T = 3,		/* only inside a proposal */
	ISAKMP_NP_KE = 4,
	ISAKMP_NP_ID = 5,
	ISAKMP_NP_CERT = 6,
	ISAKMP_NP_CR = 7,
	ISAKMP_NP_HASH = 8,
	ISAKMP_NP_SIG = 9,
	ISAKMP_NP_NONCE = 10,
	ISAKMP_NP_N = 11,
	ISAKMP_NP_D = 12,
	ISAKMP_NP_VID = 13,
	ISAKMP_NP_ATTR = 14,		/* mode config / XAUTH */
	ISAKMP_NP_SAK = 15,		/* GDOI (RFC 6407) */
	ISAKMP_NP_SAT = 16,
	ISAKMP_NP_KD = 17,
	ISAKMP_NP_SEQ = 18,
	ISAKMP_NP_POP = 19,
	ISAKMP_NP_NATD = 20,		/* RFC 3947 */
	ISAKMP_NP_NATOA = 21,
	ISAKMP_NP_GAP = 22,
	ISAKMP_NP_NATD_DRAFT = 130,	/* draft-ietf-ipsec-nat-t-ike-02/03 */
	ISAKMP_NP_NATOA_DRAFT = 131,
	ISAKMP_NP_FRAG = 132,		/* Cisco IKE fragmentation */
};

/* Exchange types. */
enum isakmp_exch {
	ISAKMP_EXCH_BASE = 1,
	ISAKMP_EXCH_MAIN = 2,		/* identity protection */
	ISAKMP_EXCH_AUTH_ONLY = 3,
	ISAKMP_EXCH_AGGRESSIVE = 4,
	ISAKMP_EXCH_INFO = 5,
	ISAKMP_EXCH_TRANSACTION = 6,	/* mode config */
	ISAKMP_EXCH_QUICK = 32,		/* also GDOI GROUPKEY-PULL */
	ISAKMP_EXCH_NEW_GROUP = 33,	/* also GDOI GROUPKEY-PUSH */
};

/* Header flags. */
#define ISAKMP_FLAG_E	0x01		/* payloads after the header encrypted */
#define ISAKMP_FLAG_C	0x02		/* commit */
#define ISAKMP_FLAG_A	0x04		/* authentication only */

/* DOI and situation. */
#define ISAKMP_DOI_ISAKMP	0
#define ISAKMP_DOI_IPSEC	1
#define ISAKMP_DOI_GDOI		2
#define IPSEC_SIT_IDENTITY_ONLY	1

/* Protocol ids (proposal, notify, delete). */
enum isakmp_proto {
	ISAKMP_PROTO_ISAKMP = 1,
	ISAKMP_PROTO_AH = 2,
	ISAKMP_PROTO_ESP = 3,
	ISAKMP_PROTO_IPCOMP = 4,
};

/* Transform ids. */
#define ISAKMP_KEY_IKE		1	/* phase 1 */
enum ipsec_esp_id {
	ESP_DES = 2, ESP_3DES = 3, ESP_NULL = 11, ESP_AES = 12,
	ESP_AES_GCM_8 = 18, ESP_AES_GCM_12 = 19, ESP_AES_GCM_16 = 20,
	ESP_NULL_AUTH_AES_GMAC = 23,
};
enum ipsec_ah_id {
	AH_MD5 = 2, AH_SHA = 3, AH_SHA2_256 = 5, AH_SHA2_384 = 6,
	AH_SHA2_512 = 7,
};

/* Phase-1 (Oakley) attribute types and values. */
enum ike_attr {
	IKE_ATTR_ENCR = 1, IKE_ATTR_HASH = 2, IKE_ATTR_AUTH = 3,
	IKE_ATTR_GROUP = 4, IKE_ATTR_GROUP_TYPE = 5, IKE_ATTR_PRIME = 6,
	IKE_ATTR_GEN1 = 7, IKE_ATTR_GEN2 = 8, IKE_ATTR_CURVE_A = 9,
	IKE_ATTR_CURVE_B = 10, IKE_ATTR_LIFE_TYPE = 11,
	IKE_ATTR_LIFE_DURATION = 12, IKE_ATTR_PRF = 13,
	IKE_ATTR_KEY_LENGTH = 14, IKE_ATTR_FIELD_SIZE = 15,
	IKE_ATTR_GROUP_ORDER = 16,
};
enum oakley_encr {
	OAKLEY_ENCR_DES = 1, OAKLEY_ENCR_3DES = 5, OAKLEY_ENCR_AES = 7,
};
enum oakley_hash {
	OAKLEY_HASH_MD5 = 1, OAKLEY_HASH_SHA = 2, OAKLEY_HASH_SHA256 = 4,
	OAKLEY_HASH_SHA384 = 5, OAKLEY_HASH_SHA512 = 6,
};
enum oakley_auth {
	OAKLEY_AUTH_PSK = 1, OAKLEY_AUTH_DSS = 2, OAKLEY_AUTH_RSA_SIG = 3,
	OAKLEY_AUTH_RSA_ENCR = 4, OAKLEY_AUTH_RSA_REV_ENCR = 5,
	OAKLEY_AUTH_XAUTH_PSK = 65001, OAKLEY_AUTH_XAUTH_RSA_SIG = 65005,
};
#define IKE_LIFE_SECONDS	1
#define IKE_LIFE_KILOBYTES	2

/* IPsec (phase-2) attribute types and values. */
enum ipsec_attr {
	IPSEC_ATTR_LIFE_TYPE = 1, IPSEC_ATTR_LIFE_DURATION = 2,
	IPSEC_ATTR_GROUP = 3, IPSEC_ATTR_ENCAP = 4, IPSEC_ATTR_AUTH = 5,
	IPSEC_ATTR_KEY_LENGTH = 6, IPSEC_ATTR_KEY_ROUNDS = 7,
	IPSEC_ATTR_COMP_DICT = 8, IPSEC_ATTR_COMP_ALG = 9,
};
enum ipsec_encap {
	IPSEC_ENCAP_TUNNEL = 1, IPSEC_ENCAP_TRANSPORT = 2,
	IPSEC_ENCAP_UDP_TUNNEL = 3, IPSEC_ENCAP_UDP_TRANSPORT = 4,
	IPSEC_ENCAP_UDP_TUNNEL_DRAFT = 61443,
	IPSEC_ENCAP_UDP_TRANSPORT_DRAFT = 61444,
};
enum ipsec_auth {
	IPSEC_AUTH_NONE = 0,
	IPSEC_AUTH_HMAC_MD5 = 1, IPSEC_AUTH_HMAC_SHA = 2,
	IPSEC_AUTH_HMAC_SHA256 = 5, IPSEC_AUTH_HMAC_SHA384 = 6,
	IPSEC_AUTH_HMAC_SHA512 = 7,
};

/* ID types (RFC 2407 4.6.2.1). */
enum isakmp_id_type {
	ISAKMP_ID_IPV4_ADDR = 1, ISAKMP_ID_FQDN = 2, ISAKMP_ID_USER_FQDN = 3,
	ISAKMP_ID_IPV4_ADDR_SUBNET = 4, ISAKMP_ID_IPV6_ADDR = 5,
	ISAKMP_ID_IPV6_ADDR_SUBNET = 6, ISAKMP_ID_IPV4_ADDR_RANGE = 7,
	ISAKMP_ID_IPV6_ADDR_RANGE = 8, ISAKMP_ID_DER_ASN1_DN = 9,
	ISAKMP_ID_DER_ASN1_GN = 10, ISAKMP_ID_KEY_ID = 11,
};

/* Notify message types. */
enum isakmp_notify_type {
	ISAKMP_N_INVALID_PAYLOAD_TYPE = 1,
	ISAKMP_N_DOI_NOT_SUPPORTED = 2,
	ISAKMP_N_SITUATION_NOT_SUPPORTED = 3,
	ISAKMP_N_INVALID_COOKIE = 4,
	ISAKMP_N_INVALID_MAJOR_VERSION = 5,
	ISAKMP_N_INVALID_MINOR_VERSION = 6,
	ISAKMP_N_INVALID_EXCHANGE_TYPE = 7,
	ISAKMP_N_INVALID_FLAGS = 8,
	ISAKMP_N_INVALID_MESSAGE_ID = 9,
	ISAKMP_N_INVALID_PROTOCOL_ID = 10,
	ISAKMP_N_INVALID_SPI = 11,
	ISAKMP_N_INVALID_TRANSFORM_ID = 12,
	ISAKMP_N_ATTRIBUTES_NOT_SUPPORTED = 13,
	ISAKMP_N_NO_PROPOSAL_CHOSEN = 14,
	ISAKMP_N_BAD_PROPOSAL_SYNTAX = 15,
	ISAKMP_N_PAYLOAD_MALFORMED = 16,
	ISAKMP_N_INVALID_KEY_INFORMATION = 17,
	ISAKMP_N_INVALID_ID_INFORMATION = 18,
	ISAKMP_N_INVALID_CERT_ENCODING = 19,
	ISAKMP_N_INVALID_CERTIFICATE = 20,
	ISAKMP_N_CERT_TYPE_UNSUPPORTED = 21,
	ISAKMP_N_INVALID_CERT_AUTHORITY = 22,
	ISAKMP_N_INVALID_HASH_INFORMATION = 23,
	ISAKMP_N_AUTHENTICATION_FAILED = 24,
	ISAKMP_N_INVALID_SIGNATURE = 25,
	ISAKMP_N_ADDRESS_NOTIFICATION = 26,
	ISAKMP_N_NOTIFY_SA_LIFETIME = 27,
	ISAKMP_N_CERTIFICATE_UNAVAILABLE = 28,
	ISAKMP_N_UNSUPPORTED_EXCHANGE_TYPE = 29,
	ISAKMP_N_UNEQUAL_PAYLOAD_LENGTHS = 30,
	ISAKMP_N_CONNECTED = 16384,
	ISAKMP_N_RESPONDER_LIFETIME = 24576,
	ISAKMP_N_REPLAY_STATUS = 24577,
	ISAKMP_N_INITIAL_CONTACT = 24578,
	ISAKMP_N_R_U_THERE = 36136,
	ISAKMP_N_R_U_THERE_ACK = 36137,
};

/* Certificate encodings (CERT/CR). */
#define ISAKMP_CERT_X509_SIG	4

/* ---- errors ----------------------------------------------------------- */

/* Parse results: 0 or one of these, negated. */
enum isakmp_err {
	ISAKMP_OK = 0,
	ISAKMP_E_SHORT = 1,		/* shorter than the 28-byte header */
	ISAKMP_E_VERSION,		/* major version not 1 */
	ISAKMP_E_HDR_LENGTH,		/* header length < 28 or > datagram */
	ISAKMP_E_PAYLOAD_TRUNC,		/* generic header cut off */
	ISAKMP_E_PAYLOAD_LENGTH,	/* payload length < 4 or past the end */
	ISAKMP_E_PAYLOAD_TYPE,		/* unknown or misplaced payload type */
	ISAKMP_E_RESERVED,		/* reserved byte not zero */
	ISAKMP_E_PAYLOAD_SIZE,		/* body too short/long for its type */
	ISAKMP_E_TOO_MANY,		/* more payloads than we keep */
	ISAKMP_E_TRAILING,		/* bytes after the last payload */
	ISAKMP_E_SA_DOI,		/* SA DOI not IPsec */
	ISAKMP_E_SA_SITUATION,		/* situation not SIT_IDENTITY_ONLY */
	ISAKMP_E_PROPOSAL_SYNTAX,	/* proposal header/ordering bad */
	ISAKMP_E_PROPOSAL_SPI,		/* SPI size wrong for the protocol */
	ISAKMP_E_TRANSFORM_SYNTAX,	/* transform header bad */
	ISAKMP_E_TRANSFORM_COUNT,	/* # transforms disagrees */
	ISAKMP_E_ATTR_SYNTAX,		/* attribute runs past its container */
	ISAKMP_E_ATTR_VALUE,		/* variable value too long or empty */
	ISAKMP_E_ID_TYPE,		/* unknown ID type */
	ISAKMP_E_ID_LENGTH,		/* ID data length wrong for its type */
	ISAKMP_E_NOTIFY_SPI,		/* notify SPI size past the payload */
	ISAKMP_E_DELETE_SPI,		/* delete SPI count/size disagree */
	ISAKMP_E_NONCE_LENGTH,		/* nonce not 8..256 bytes */
	ISAKMP_E_KE_LENGTH,		/* empty KE */
	ISAKMP_E_CERT_LENGTH,		/* empty CERT/CR */
	ISAKMP_E_NOMEM,			/* builder out of memory */
	ISAKMP_E_MAX
};
/* IOS-style debug text for err (positive or negative), with the payload
 * type it concerns (0 if none): "reserved not zero on ID payload!". */
const char *isakmp_strerror(int err);
void	isakmp_error_text(int err, uint8_t ptype, char *buf, size_t len);
/* The notify an IKE peer sends back for a parse error (RFC 2408 5.1). */
uint16_t isakmp_err_notify(int err);

/* ---- header ------------------------------------------------------------ */

struct isakmp_hdr {
	uint8_t		 icookie[ISAKMP_COOKIE_LEN];
	uint8_t		 rcookie[ISAKMP_COOKIE_LEN];
	uint8_t		 np;		/* first payload */
	uint8_t		 version;
	uint8_t		 exch;
	uint8_t		 flags;
	uint32_t	 msgid;
	uint32_t	 len;		/* whole message incl. header */
};

int	isakmp_hdr_decode(const uint8_t *buf, size_t len, struct isakmp_hdr *);
void	isakmp_hdr_encode(const struct isakmp_hdr *, uint8_t out[ISAKMP_HDR_LEN]);
/* Patch the length field of an encoded message (after encryption). */
void	isakmp_set_length(uint8_t *msg, uint32_t len);

/* ---- payload chain ----------------------------------------------------- */

struct isakmp_pl {
	uint8_t		 type;		/* from the previous Next Payload */
	uint8_t		 np;		/* its own Next Payload */
	const uint8_t	*body;		/* after the generic header */
	size_t		 len;		/* body length */
	size_t		 off;		/* generic header offset in the message */
};

struct isakmp_msg {
	struct isakmp_hdr hdr;
	const uint8_t	*raw;		/* whole message */
	size_t		 rawlen;
	struct isakmp_pl pl[ISAKMP_MAX_PAYLOADS];
	int		 n;
	/* On error: the payload type being parsed (0 if none). */
	uint8_t		 err_type;
	int		 err;
};

/* A whole message: header and, unless the E flag is set, the chain.
 * An encrypted message gets only its header checked: decrypt
 * raw[28..len) and give the plaintext to isakmp_parse_chain(). */
int	isakmp_parse(const uint8_t *buf, size_t len, struct isakmp_msg *);
/* The chain that starts with payload type `first` in buf[0..len).  base is
 * buf's offset in the message (for pl[].off).  allow_pad: bytes after the
 * last payload are padding (decrypted messages), else an error. */
int	isakmp_parse_chain(struct isakmp_msg *, uint8_t first,
	    const uint8_t *buf, size_t len, size_t base, bool allow_pad);
/* First payload of a type, or NULL; and the next one after prev. */
const struct isakmp_pl *isakmp_find(const struct isakmp_msg *, uint8_t type);
const struct isakmp_pl *isakmp_find_next(const struct isakmp_msg *,
	    const struct isakmp_pl *prev, uint8_t type);
int	isakmp_count(const struct isakmp_msg *, uint8_t type);

/* ---- data attributes --------------------------------------------------- */

struct isakmp_attr {
	uint16_t	 type;		/* without the AF bit */
	bool		 basic;		/* TV (AF set) */
	const uint8_t	*val;		/* value bytes (2 for basic) */
	uint16_t	 len;
	uint64_t	 num;		/* value as a number (len <= 8) */
};
/* Next attribute from *p (advances *p and *left).  Returns 1, 0 at the
 * end, or -ISAKMP_E_ATTR_SYNTAX / -ISAKMP_E_ATTR_VALUE. */
int	isakmp_attr_next(const uint8_t **p, size_t *left, struct isakmp_attr *);

/* ---- SA / proposal / transform ----------------------------------------- */

struct isakmp_transform {
	uint8_t		 num;
	uint8_t		 id;
	const uint8_t	*attrs;		/* attribute bytes */
	size_t		 attrs_len;
	const uint8_t	*raw;		/* transform payload incl. its header */
	size_t		 raw_len;
};

struct isakmp_proposal {
	uint8_t		 num;
	uint8_t		 proto;
	uint8_t		 spi_size;
	uint8_t		 spi[16];
	int		 n_transforms;
	struct isakmp_transform t[ISAKMP_MAX_TRANSFORMS];
};

struct isakmp_sa {
	uint32_t	 doi;
	uint32_t	 situation;
	int		 n_proposals;
	struct isakmp_proposal p[ISAKMP_MAX_PROPOSALS];
};
/* IPsec DOI SA body.  Proposals with the same number form one AND-ed
 * offer (ESP+AH bundles); numbers must not decrease. */
int	isakmp_sa_decode(const uint8_t *body, size_t len, struct isakmp_sa *);

/* Decoded phase-1 transform attributes (0 = absent). */
struct ike_p1_attrs {
	uint16_t	 encr, hash, auth, group, keylen, prf;
	uint64_t	 life_sec, life_kb;
	int		 n_unknown;	/* attributes we do not know */
};
int	ike_p1_attrs_decode(const uint8_t *attrs, size_t len,
	    struct ike_p1_attrs *);

/* Decoded IPsec transform attributes (0 = absent). */
struct ipsec_p2_attrs {
	uint16_t	 encap, auth, keylen, group;
	uint64_t	 life_sec, life_kb;
	int		 n_unknown;
};
int	ipsec_p2_attrs_decode(const uint8_t *attrs, size_t len,
	    struct ipsec_p2_attrs *);

/* ---- other payload bodies ---------------------------------------------- */

struct isakmp_id {
	uint8_t		 type;
	uint8_t		 proto;
	uint16_t	 port;
	const uint8_t	*data;
	size_t		 len;
	uint32_t	 addr, addr2;	/* IPv4 forms, host order: address and
					 * mask (SUBNET) or end (RANGE) */
};
int	isakmp_id_decode(const uint8_t *body, size_t len, struct isakmp_id *);

struct isakmp_notify {
	uint32_t	 doi;
	uint8_t		 proto;
	uint8_t		 spi_size;
	uint16_t	 type;
	const uint8_t	*spi;
	const uint8_t	*data;
	size_t		 data_len;
};
int	isakmp_notify_decode(const uint8_t *body, size_t len,
	    struct isakmp_notify *);
/* The 4-byte DPD sequence of R-U-THERE / R-U-THERE-ACK. */
bool	isakmp_notify_dpd_seq(const struct isakmp_notify *, uint32_t *seq);
/* RESPONDER-LIFETIME data: IPsec attributes (seconds/kilobytes). */
int	isakmp_notify_lifetime(const struct isakmp_notify *,
	    uint64_t *sec, uint64_t *kb);

struct isakmp_delete {
	uint32_t	 doi;
	uint8_t		 proto;
	uint8_t		 spi_size;
	uint16_t	 n_spi;
	const uint8_t	*spis;		/* n_spi * spi_size bytes */
};
int	isakmp_delete_decode(const uint8_t *body, size_t len,
	    struct isakmp_delete *);
uint32_t isakmp_delete_spi32(const struct isakmp_delete *, int i);

struct isakmp_cert {
	uint8_t		 encoding;
	const uint8_t	*data;
	size_t		 len;
};
int	isakmp_cert_decode(const uint8_t *body, size_t len, struct isakmp_cert *);

/* ---- vendor ids ---------------------------------------------------------- */

enum isakmp_vid {
	VID_UNKNOWN = 0,
	VID_DPD,			/* RFC 3706 */
	VID_NATT_RFC3947,
	VID_NATT_DRAFT_02,
	VID_NATT_DRAFT_02N,
	VID_NATT_DRAFT_03,
	VID_CISCO_UNITY,
	VID_XAUTH,
	VID_CISCO_FRAG,			/* Cisco IKE fragmentation */
	VID_MAX
};
/* Well-known vendor id bytes. */
extern const uint8_t isakmp_vid_dpd[16];
extern const uint8_t isakmp_vid_natt_rfc3947[16];
extern const uint8_t isakmp_vid_natt_draft02[16];
extern const uint8_t isakmp_vid_natt_draft02n[16];
extern const uint8_t isakmp_vid_natt_draft03[16];
extern const uint8_t isakmp_vid_cisco_unity[16];
extern const uint8_t isakmp_vid_xauth[8];
extern const uint8_t isakmp_vid_cisco_frag[16];
const uint8_t *isakmp_vid_bytes(enum isakmp_vid, size_t *len);
/* Which known vendor id this is (prefix match for those with versions). */
enum isakmp_vid isakmp_vid_lookup(const uint8_t *data, size_t len);
/* IOS debug words: "DPD", "NAT-T RFC 3947", "Unity", "XAUTH", ... */
const char *isakmp_vid_name(enum isakmp_vid);

/* ---- builder ---------------------------------------------------------- */

/* Appends payloads to a message; each begin links the previous Next
 * Payload field to the new payload, each end fixes the length.  Any
 * allocation failure makes the builder fail at isakmp_build_finish. */
struct isakmp_builder {
	uint8_t		*buf;
	size_t		 len, cap;
	size_t		 np_off;	/* where the next Next Payload goes */
	size_t		 open[4];	/* offsets of open payloads (nesting) */
	int		 depth;
	size_t		 sa_last_prop;	/* offset of the last proposal + 1 */
	size_t		 prop_last_tr;	/* offset of the last transform + 1 */
	size_t		 prop_ntr_off;	/* "# of transforms" of the open prop */
	bool		 has_hdr;	/* isakmp_build_init (vs _init_chain) */
	uint8_t		 first_np;	/* chain builder: first payload type */
	bool		 failed;
};
void	isakmp_build_init(struct isakmp_builder *, const struct isakmp_hdr *);
/* Builder for a bare payload chain (no header), e.g. to encrypt. */
void	isakmp_build_init_chain(struct isakmp_builder *);
void	isakmp_build_free(struct isakmp_builder *);	/* after a failure */
/* Open a payload of `type`; close it with isakmp_build_end. */
void	isakmp_build_begin(struct isakmp_builder *, uint8_t type);
void	isakmp_build_end(struct isakmp_builder *);
void	isakmp_build_put(struct isakmp_builder *, const void *, size_t);
void	isakmp_build_put8(struct isakmp_builder *, uint8_t);
void	isakmp_build_put16(struct isakmp_builder *, uint16_t);
void	isakmp_build_put32(struct isakmp_builder *, uint32_t);
/* A whole simple payload (KE, NONCE, HASH, SIG, VID, NAT-D). */
void	isakmp_build_payload(struct isakmp_builder *, uint8_t type,
	    const void *body, size_t len);
/* SA / proposal / transform / attributes, nested:
 *   sa_begin, (prop_begin, (tr_begin, attr*, tr_end)*, prop_end)*, sa_end */
void	isakmp_build_sa_begin(struct isakmp_builder *, uint32_t doi,
	    uint32_t situation);
void	isakmp_build_sa_end(struct isakmp_builder *);
void	isakmp_build_prop_begin(struct isakmp_builder *, uint8_t num,
	    uint8_t proto, const void *spi, uint8_t spi_size);
void	isakmp_build_prop_end(struct isakmp_builder *);
void	isakmp_build_tr_begin(struct isakmp_builder *, uint8_t num, uint8_t id);
void	isakmp_build_tr_end(struct isakmp_builder *);
/* Attribute: basic (TV) when the value fits 16 bits and force_var is
 * false, else variable (TLV) with the minimal big-endian length (>= 4
 * bytes for life durations, as IOS sends them). */
void	isakmp_build_attr(struct isakmp_builder *, uint16_t type, uint64_t val);
void	isakmp_build_attr_var(struct isakmp_builder *, uint16_t type,
	    const void *val, uint16_t len);
void	isakmp_build_attr_u32(struct isakmp_builder *, uint16_t type,
	    uint32_t val);			/* always TLV, 4 bytes */
void	isakmp_build_id(struct isakmp_builder *, uint8_t id_type, uint8_t proto,
	    uint16_t port, const void *data, size_t len);
void	isakmp_build_notify(struct isakmp_builder *, uint32_t doi, uint8_t proto,
	    const void *spi, uint8_t spi_size, uint16_t type, const void *data,
	    size_t data_len);
void	isakmp_build_delete(struct isakmp_builder *, uint32_t doi, uint8_t proto,
	    uint8_t spi_size, const void *spis, uint16_t n_spi);
void	isakmp_build_cert(struct isakmp_builder *, uint8_t type, uint8_t enc,
	    const void *data, size_t len);	/* CERT or CR */
/* Finish: patch the header length; returns the malloc'd message (caller
 * frees) and its length, or NULL (builder freed) on failure. */
uint8_t	*isakmp_build_finish(struct isakmp_builder *, size_t *len);

/* ---- names and debug text ---------------------------------------------- */

const char *isakmp_payload_name(uint8_t type);	/* "SA", "KE", "ID", ... */
const char *isakmp_exch_name(uint8_t exch);	/* "Main Mode", "Quick Mode" */
const char *isakmp_notify_name(uint16_t type);	/* "INITIAL_CONTACT" */
/* "PROTO_ISAKMP", "PROTO_IPSEC_ESP" */
const char *isakmp_proto_name(uint8_t proto);
const char *isakmp_id_type_name(uint8_t type);	/* "ID_IPV4_ADDR" */
const char *ipsec_esp_name(uint8_t id);		/* "ESP_3DES" */
const char *ipsec_ah_name(uint8_t id);		/* "AH_SHA" */
/* One attribute as `debug crypto isakmp` prints it after "ISAKMP:      ":
 * phase 1 "encryption 3DES-CBC", "life duration (basic) of 7200";
 * IPsec "encaps is 1 (Tunnel)", "SA life duration (VPI) of  0x0 0x46
 * 0x50 0x0 ", "authenticator is HMAC-SHA". */
void	ike_p1_attr_text(const struct isakmp_attr *, char *buf, size_t len);
void	ipsec_p2_attr_text(const struct isakmp_attr *, char *buf, size_t len);
/* `debug crypto isakmp packet`: the header and every payload of a parsed
 * message, one field per line (lines end in "\n", no prefix). */
void	isakmp_print(const struct isakmp_msg *, struct strbuf *);
/* One payload (used by isakmp_print; also for decrypted chains). */
void	isakmp_print_payload(const struct isakmp_pl *, uint8_t exch,
	    struct strbuf *);

#endif
