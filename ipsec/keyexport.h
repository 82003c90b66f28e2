/* Wireshark key files, so a capture of the lab decrypts in Wireshark or
 * tshark (DESIGN §8, research gdoi-wire.md §7, emulators-interop.md §4.3).
 *
 * Rows are appended to two files in one directory, which is used as a
 * Wireshark configuration directory:
 *	WIRESHARK_CONFIG_DIR=DIR tshark -r cap.pcap \
 *	    -o esp.enable_encryption_decode:TRUE ...
 *  - DIR/esp_sa: the esp_sa UAT, one row per ESP SA:
 *	"IPv4","SRC","DST","0xSPI","ENCRYPTION","0xKEY","AUTH","0xAUTHKEY"
 *    (GETVPN address-preserving SAs get "*" addresses; GCM keys include
 *    the 4-byte salt, as Wireshark expects);
 *  - DIR/ikev1_decryption_table: initiator cookie and the phase-1 cipher
 *    key (after RFC 2409 App. B expansion), bare hex:
 *	0011223344556677,000102...
 * The same rows, without the file, serve `-o uat:esp_sa:ROW` options. */
#ifndef VPNSIM_KEYEXPORT_H
#define VPNSIM_KEYEXPORT_H

#include <stddef.h>
#include <stdint.h>

struct ipsec_sa;

#define KEYEXPORT_ESP_FILE	"esp_sa"
#define KEYEXPORT_IKEV1_FILE	"ikev1_decryption_table"

/* One row, without newline, into buf (NUL-terminated).  Returns the row
 * length, or -1 if it does not fit. */
int	keyexport_esp_row(const struct ipsec_sa *sa, char *buf, size_t cap);
int	keyexport_ikev1_row(const uint8_t cky_i[8], const uint8_t *key,
	    size_t key_len, char *buf, size_t cap);

/* Append the row to the file in dir (created if missing).  0 / -1. */
int	keyexport_esp_sa(const char *dir, const struct ipsec_sa *sa);
int	keyexport_ikev1(const char *dir, const uint8_t cky_i[8],
	    const uint8_t *key, size_t key_len);

/* Into the lab's key files (the_lab->capture_dir, from `--capture DIR`),
 * each distinct row once; nothing without --capture.  For SAs installed
 * outside quick mode: a GETVPN group member calls it for each TEK it
 * installs (registration and rekeys), so a capture's group ESP decrypts
 * with the keys the member used.  Inbound and outbound SAs of one TEK
 * give the same row ("*" addresses), written once.  0 / -1. */
int	keyexport_lab_esp_sa(const struct ipsec_sa *sa);

#endif
