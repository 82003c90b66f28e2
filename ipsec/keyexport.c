/* Wireshark key file rows (see keyexport.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ipv4.h"
#include "keyexport.h"
#include "lab.h"
#include "sa.h"

/* "0x" + hex of len bytes, or "" for none (NULL algorithms). */
static void
hex(char *out, const uint8_t *b, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	memcpy(out, prefix, n);
	for (size_t i = 0; i < len; i++)
		snprintf(out + n + 2 * i, 3, "%02x", b[i]);
	out[n + 2 * len] = '\0';
}

int
keyexport_esp_row(const struct ipsec_sa *sa, char *buf, size_t cap)
{
	char src[16], dst[16];
	char ekey[2 + 2 * ESP_MAX_KEY + 1], akey[2 + 2 * ESP_MAX_AUTHKEY + 1];
	uint32_t s, d;
	int n;

	/* Wireshark matches the outer header: for inbound SAs the peer is
	 * the source. */
	s = sa->dir == IPSEC_DIR_OUT ? sa->local : sa->peer;
	d = sa->dir == IPSEC_DIR_OUT ? sa->peer : sa->local;
	if (sa->flags & IPSEC_SA_F_PRESERVE) {
		strcpy(src, "*");
		strcpy(dst, "*");
	} else {
		ip_ntoa(s, src);
		ip_ntoa(d, dst);
	}
	hex(ekey, sa->enc_key, sa->enc_key_len, sa->enc_key_len ? "0x" : "");
	hex(akey, sa->auth_key, sa->auth_key_len, sa->auth_key_len ? "0x" : "");
	n = snprintf(buf, cap,
	    "\"IPv4\",\"%s\",\"%s\",\"0x%08x\",\"%s\",\"%s\",\"%s\",\"%s\"",
	    src, dst, sa->spi, sa->cipher->wireshark, ekey,
	    sa->auth != NULL ? sa->auth->wireshark : "NULL", akey);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int
keyexport_ikev1_row(const uint8_t cky_i[8], const uint8_t *key,
    size_t key_len, char *buf, size_t cap)
{
	char c[17], k[2 * 64 + 1];
	int n;

	if (key_len > 64)
		return -1;
	hex(c, cky_i, 8, "");
	hex(k, key, key_len, "");
	n = snprintf(buf, cap, "%s,%s", c, k);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static int
append(const char *dir, const char *file, const char *row)
{
	char path[4096];
	FILE *f;
	int ok;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    (int)sizeof(path))
		return -1;
	if ((f = fopen(path, "a")) == NULL)
		return -1;
	ok = fprintf(f, "%s\n", row) > 0;
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

int
keyexport_esp_sa(const char *dir, const struct ipsec_sa *sa)
{
	char row[512];

	if (keyexport_esp_row(sa, row, sizeof(row)) < 0)
		return -1;
	return append(dir, KEYEXPORT_ESP_FILE, row);
}

int
keyexport_ikev1(const char *dir, const uint8_t cky_i[8], const uint8_t *key,
    size_t key_len)
{
	char row[256];

	if (keyexport_ikev1_row(cky_i, key, key_len, row, sizeof(row)) < 0)
		return -1;
	return append(dir, KEYEXPORT_IKEV1_FILE, row);
}

/* Is row already a line of dir/file?  (Both group members install the
 * same TEK, each as an inbound and an outbound SA.) */
static int
has_row(const char *dir, const char *file, const char *row)
{
	char	 path[4096], line[1024];
	size_t	 n = strlen(row);
	int	 found = 0;
	FILE	*f;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    (int)sizeof(path) || (f = fopen(path, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strncmp(line, row, n) == 0 && line[n] == '\n';
	fclose(f);
	return found;
}

int
keyexport_lab_esp_sa(const struct ipsec_sa *sa)
{
	char row[512];

	if (the_lab == NULL || the_lab->capture_dir == NULL)
		return 0;
	if (keyexport_esp_row(sa, row, sizeof(row)) < 0)
		return -1;
	if (has_row(the_lab->capture_dir, KEYEXPORT_ESP_FILE, row))
		return 0;
	return append(the_lab->capture_dir, KEYEXPORT_ESP_FILE, row);
}
