/* ESP (RFC 4303) encapsulation and decapsulation for IPv4.
 *
 * Modes: tunnel (new outer header local -> peer, inner packet with next
 * header 4), transport (ESP after the original header, next header = the
 * original protocol), GETVPN tunnel mode with address preservation (outer
 * header copies the inner addresses: IPSEC_SA_F_PRESERVE), each optionally
 * in UDP per RFC 3948 (sa->udp_local/udp_peer set, checksum 0).
 *
 * Padding is 1, 2, 3 ... up to the cipher block (4 bytes for NULL/GCM);
 * CBC IVs come from the lab generator, GCM IVs are the sequence number.
 * Receive order: SPI lookup, replay check, ICV, decrypt, padding, inner
 * packet, and only then the replay window moves.
 *
 * Both directions work on a struct pkt whose data starts at an IPv4
 * header; the result starts at an IPv4 header with a valid checksum.  On
 * an error the packet contents are unspecified: the caller drops it.
 * Every error bumps the matching SA counter (sa.h) and its send/recv error
 * total; an unknown SPI bumps sadb_stats()->invalid_spi.  The caller owns
 * p throughout: nothing here frees or keeps it.
 *
 * Use from the IP hooks (netsim/ipv4.h): outbound, esp_encap() then
 * re-inject with PKT_F_NOCRYPTO; inbound, esp_decap() only for packets
 * addressed to this router (or GETVPN group traffic), since an SPI that is
 * not ours counts as invalid.  ESP_NOT_ESP means IP_HOOK_PASS. */
#ifndef VPNSIM_ESP_H
#define VPNSIM_ESP_H

#include <stddef.h>
#include <stdint.h>

struct pkt;
struct sadb;
struct ipsec_sa;

#define ESP_UDP_PORT	4500	/* RFC 3948 */

enum esp_result {
	ESP_OK = 0,
	ESP_NOT_ESP = 1,	/* decap: not ESP for us (IKE on 4500 with the
				 * non-ESP marker, NAT keepalive, fragment):
				 * let IP carry on with the packet */
	ESP_ERR_SHORT = -1,	/* truncated, lengths inconsistent, or
				 * ciphertext not a multiple of the block */
	ESP_ERR_SPI = -2,	/* no SA for (destination, SPI) */
	ESP_ERR_REPLAY = -3,	/* sequence number replayed or too old */
	ESP_ERR_ICV = -4,	/* integrity check failed */
	ESP_ERR_PAD = -5,	/* padding bytes or pad length wrong */
	ESP_ERR_PROTO = -6,	/* inner packet not IPv4 / bad next header,
				 * or encap given a non-IPv4 packet */
	ESP_ERR_IDENTITY = -7,	/* inner addresses outside the SA proxies */
	ESP_ERR_EXPIRED = -8,	/* SA past its hard lifetime */
	ESP_ERR_ROLLOVER = -9,	/* outbound sequence numbers used up */
	ESP_ERR_TOOBIG = -10,	/* result would exceed 65535 bytes */
	ESP_ERR_INTERNAL = -11,	/* OpenSSL failure, SA without keys or wrong
				 * direction */
};

/* Short text for debug lines: "replay check failed" ... */
const char	*esp_strerror(int result);

/* What the outer headers of a received ESP packet say (host order). */
struct esp_info {
	uint32_t	src, dst;	/* outer IPv4 addresses */
	uint32_t	spi, seq;
	uint16_t	sport, dport;	/* UDP encapsulation, else 0 */
	size_t		off;		/* offset of the ESP header */
};

/* Is this IPv4 packet ESP (or ESP-in-UDP to port 4500)?  ESP_OK with info
 * filled, ESP_NOT_ESP, or ESP_ERR_SHORT.  Reads only. */
int	esp_parse(const uint8_t *ip, size_t len, struct esp_info *info);

/* Protect an IPv4 packet with outbound SA sa (sequence number, counters
 * and lifetime bytes advance).  Returns ESP_OK or an error. */
int	esp_encap(struct ipsec_sa *sa, struct pkt *p);

/* Decapsulate a received IPv4 packet: find its SA in db, check, decrypt.
 * On ESP_OK p holds the inner packet (tunnel) or the rebuilt original
 * (transport).  info (may be NULL) gets the outer fields for log lines
 * whenever the headers parsed; *sa (may be NULL) gets the SA whenever one
 * was found, also on errors, so the caller can log with it. */
int	esp_decap(struct sadb *db, struct pkt *p, struct esp_info *info,
	    struct ipsec_sa **sa);
/* The same with a known inbound SA (the SPI must still match). */
int	esp_decap_sa(struct ipsec_sa *sa, struct pkt *p);

/* Bytes ESP adds to an inner packet of len bytes (outer IP header, UDP,
 * ESP header, IV, padding, trailer, ICV): for path MTU arithmetic. */
size_t	esp_overhead(const struct ipsec_sa *sa, size_t len);

#endif
