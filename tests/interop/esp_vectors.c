/* Writes ESP traffic for independent decryption (tests/interop/
 * esp_decrypt.sh): DIR/esp.pcap (raw IPv4), the Wireshark key files made
 * by ipsec/keyexport.c (DIR/esp_sa, DIR/ikev1_decryption_table) and
 * DIR/sas.txt, one line per SA for the scapy check:
 *	SPI SCAPY-CIPHER KEYHEX SCAPY-AUTH AUTHKEYHEX MODE UDP PRESERVE COUNT
 * Every transform and mode gets a few ICMP echoes whose payload is the
 * text "vpnsim-esp-N" so the checkers can look for it.
 * usage: esp_vectors DIR */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "esp.h"
#include "ipv4.h"
#include "keyexport.h"
#include "pkt.h"
#include "rng.h"
#include "sa.h"
#include "xform.h"

#define A(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define NPKT	3

struct spec {
	const char	*cipher;
	unsigned	 bits;
	const char	*auth;
	enum ipsec_mode	 mode;
	uint16_t	 udp;
	unsigned	 flags;
};

static const struct spec specs[] = {
	{ "esp-aes", 128, "esp-sha-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-aes", 192, "esp-sha256-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-aes", 256, "esp-sha384-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-aes", 256, "esp-sha512-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-3des", 0, "esp-sha-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-3des", 0, "esp-md5-hmac", IPSEC_MODE_TRANSPORT, 0, 0 },
	{ "esp-des", 0, "esp-md5-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-gcm", 128, NULL, IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-gcm", 256, NULL, IPSEC_MODE_TRANSPORT, 0, 0 },
	{ "esp-null", 0, "esp-sha-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ "esp-aes", 128, "esp-sha-hmac", IPSEC_MODE_TUNNEL, ESP_UDP_PORT, 0 },
	{ "esp-aes", 128, "esp-sha-hmac", IPSEC_MODE_TUNNEL, 0,
	    IPSEC_SA_F_PRESERVE },
};

/* ICMP echo request src -> dst carrying text. */
static struct pkt *
echo(uint32_t src, uint32_t dst, uint16_t seq, const char *text)
{
	size_t tl = strlen(text), len = 28 + tl;
	struct pkt *p = pkt_new(len);
	uint8_t *b = p->data;
	uint16_t ck;

	b[0] = 0x45;
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	b[5] = (uint8_t)seq;
	b[6] = 0x40;		/* DF */
	b[8] = 255;
	b[9] = IP_PROTO_ICMP;
	for (int i = 0; i < 4; i++) {
		b[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		b[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	ck = ip_cksum(b, 20);
	b[10] = (uint8_t)(ck >> 8);
	b[11] = (uint8_t)ck;
	b[20] = 8;
	b[25] = 1;
	b[27] = (uint8_t)seq;
	memcpy(b + 28, text, tl);
	ck = ip_cksum(b + 20, 8 + tl);
	b[22] = (uint8_t)(ck >> 8);
	b[23] = (uint8_t)ck;
	return p;
}

static void
hexs(FILE *f, const uint8_t *b, size_t n)
{
	if (n == 0)
		fputs("-", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

int
main(int argc, char **argv)
{
	char path[4096];
	pcap_t *pd;
	pcap_dumper_t *dump;
	FILE *sas;
	long frame = 0;
	uint8_t cky[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, ikekey[24];

	if (argc != 2) {
		fprintf(stderr, "usage: esp_vectors DIR\n");
		return 2;
	}
	rng_seed(1);
	pd = pcap_open_dead(DLT_RAW, 65535);
	snprintf(path, sizeof(path), "%s/esp.pcap", argv[1]);
	if (pd == NULL || (dump = pcap_dump_open(pd, path)) == NULL) {
		fprintf(stderr, "esp_vectors: cannot write %s\n", path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/sas.txt", argv[1]);
	if ((sas = fopen(path, "w")) == NULL)
		return 1;

	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		const struct spec *s = &specs[i];
		const struct esp_cipher *c = esp_cipher_by_keyword(s->cipher,
		    s->bits);
		const struct esp_auth *a = s->auth ?
		    esp_auth_by_keyword(s->auth) : NULL;
		uint8_t km[ESP_MAX_KEY + ESP_MAX_AUTHKEY];
		uint32_t spi = 0x1000 + (uint32_t)i * 0x111;
		/* Transport mode: the hosts are the crypto endpoints. */
		uint32_t src = s->mode == IPSEC_MODE_TRANSPORT ?
		    A(30, 3, 1, 1) : A(3, 1, 1, 1 + i);
		uint32_t dst = s->mode == IPSEC_MODE_TRANSPORT ?
		    A(40, 10, 1, 1) : A(4, 1, 1, 1 + i);
		struct ipsec_sa *sa = ipsec_sa_new(IPSEC_DIR_OUT, spi, c, a);

		if (c == NULL || sa == NULL)
			return 1;
		rng_bytes(km, esp_keymat_len(c, a));
		if (ipsec_sa_set_keys(sa, km, esp_keymat_len(c, a)) != 0)
			return 1;
		sa->mode = s->mode;
		sa->flags = s->flags;
		sa->udp_local = sa->udp_peer = s->udp;
		sa->local = A(30, 3, 1, 1);
		sa->peer = A(40, 10, 1, 1);
		for (int n = 0; n < NPKT; n++) {
			char text[32];
			struct pcap_pkthdr h;
			struct pkt *p;

			snprintf(text, sizeof(text), "vpnsim-esp-%zu", i);
			p = echo(src, dst, (uint16_t)(n + 1), text);
			if (esp_encap(sa, p) != ESP_OK)
				return 1;
			memset(&h, 0, sizeof(h));
			h.ts.tv_sec = 1700000000 + frame++;
			h.caplen = h.len = (bpf_u_int32)p->len;
			pcap_dump((u_char *)dump, &h, p->data);
			pkt_free(p);
		}
		if (keyexport_esp_sa(argv[1], sa) != 0)
			return 1;
		fprintf(sas, "0x%08x %s ", spi, c->scapy);
		hexs(sas, sa->enc_key, sa->enc_key_len);
		fprintf(sas, " %s ", a ? a->scapy : "NULL");
		hexs(sas, sa->auth_key, sa->auth_key_len);
		fprintf(sas, " %s %u %d %d\n", s->mode == IPSEC_MODE_TUNNEL ?
		    "tunnel" : "transport", s->udp,
		    (s->flags & IPSEC_SA_F_PRESERVE) != 0, NPKT);
		ipsec_sa_free(sa);
	}
	/* An IKEv1 row too, so the script can check tshark takes the file. */
	rng_bytes(ikekey, sizeof(ikekey));
	if (keyexport_ikev1(argv[1], cky, ikekey, sizeof(ikekey)) != 0)
		return 1;
	fclose(sas);
	pcap_dump_close(dump);
	pcap_close(pd);
	rng_ossl_free();
	return 0;
}
