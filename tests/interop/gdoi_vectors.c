/* GDOI messages built by gdoi/gdoi_codec.c for outside tools (used by
 * tests/interop/gdoi_dissect.sh): DIR/gdoi.pcap holds, as raw IPv4/UDP
 * 848 datagrams in clear text (flags 0, the "debug clear-text copy" of
 * gdoi-wire.md §7.2, since tshark cannot decrypt PUSH messages):
 *   1. a GROUPKEY-PULL message 2 (HASH, NONCE, SA{SAK, SAT, SAT}),
 *   2. a GROUPKEY-PULL message 4 (HASH, SEQ 0, KD{KEK, TEK, TEK}),
 *   3. a GROUPKEY-PUSH TEK rekey (SEQ 1, SA{SAT, SAT}, KD{TEK, TEK}, SIG),
 *   4. a GROUPKEY-PUSH KEK rekey (SEQ 2, D, SA{SAK, SAT}, KD{KEK, TEK},
 *      SIG).
 * DIR/gdoi_len1.pcap has message 1 with 1-byte SAT ID lengths (the
 * Cisco reference form), which tshark must call malformed: the check's
 * negative control.
 * With -c DIR it writes the same ISAKMP messages (without IP/UDP) as the
 * fuzz corpus instead (message 1 with a GAP payload in its SA), plus
 * message 1 with 1-byte SAT ID lengths.
 * Key bytes are fixed patterns: only the layout matters here. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "gdoi_codec.h"
#include "isakmp.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))
#define KS	IP(10, 1, 11, 2)
#define GM	IP(10, 1, 13, 2)

static const uint8_t icookie[8] = { 0x2b, 0x6e, 0x41, 0x9d, 0x07, 0xc3, 0x51,
	0xa8 };
static const uint8_t rcookie[8] = { 0x93, 0x10, 0xfe, 0x62, 0x4c, 0x0b, 0xd7,
	0x36 };
static const uint8_t kek_spi[16] = { 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37 };
static uint8_t hash[20], nonce[16], sig[128], spki[162], kek_key[16 + 32];
static uint8_t tek_key[2][32], tek_ikey[2][20];

static void
init_keys(void)
{
	static const uint8_t hdr[22] = { 0x30, 0x81, 0x9f, 0x30, 0x0d, 0x06,
	    0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05,
	    0x00, 0x03, 0x81, 0x8d, 0x00 };

	for (size_t i = 0; i < sizeof(hash); i++)
		hash[i] = (uint8_t)(0x10 + i);
	for (size_t i = 0; i < sizeof(nonce); i++)
		nonce[i] = (uint8_t)(0x80 + i);
	for (size_t i = 0; i < sizeof(sig); i++)
		sig[i] = (uint8_t)(i * 7);
	for (size_t i = 0; i < sizeof(spki); i++)
		spki[i] = (uint8_t)(i * 3);
	memcpy(spki, hdr, sizeof(hdr));
	for (size_t i = 0; i < sizeof(kek_key); i++)
		kek_key[i] = (uint8_t)(0x40 + i);
	memset(tek_key[0], 0x33, sizeof(tek_key[0]));
	memset(tek_key[1], 0x35, sizeof(tek_key[1]));
	memset(tek_ikey[0], 0x44, sizeof(tek_ikey[0]));
	memset(tek_ikey[1], 0x46, sizeof(tek_ikey[1]));
}

static void
sak(struct gdoi_sak *k)
{
	memset(k, 0, sizeof(*k));
	k->proto = 17;
	gdoi_id_addr(&k->src, KS, GDOI_PORT);
	gdoi_id_addr(&k->dst, IP(239, 1, 1, 1), GDOI_PORT);
	memcpy(k->spi, kek_spi, 16);
	k->kek_alg = GDOI_KEK_ALG_AES;
	k->kek_keylen = 256;
	k->kek_lifetime = 1200;
	k->sig_hash = GDOI_SIG_HASH_SHA1;
	k->sig_alg = GDOI_SIG_ALG_RSA;
	k->sig_keylen = 1024;
}

/* The guide's policy: permit ip 192.168.0.0/16 both ways, 3DES/SHA1 and
 * AES-256/SHA1, tunnel mode, TEK 900 s. */
static void
sat(struct gdoi_sat *t, int i)
{
	memset(t, 0, sizeof(*t));
	t->prot_id = GDOI_PROTO_IPSEC_ESP;
	gdoi_id_subnet(&t->src, IP(192, 168, 0, 0), IP(255, 255, 0, 0), 0);
	gdoi_id_subnet(&t->dst, IP(192, 168, 0, 0), IP(255, 255, 0, 0), 0);
	t->transform = i == 0 ? ESP_3DES : ESP_AES;
	t->keylen = i == 0 ? 0 : 256;
	t->spi = i == 0 ? 0x8bf147ef : 0x2e22fbb7;
	t->encap = IPSEC_ENCAP_TUNNEL;
	t->auth = IPSEC_AUTH_HMAC_SHA;
	t->life_sec = 900;
	if (i == 1) {
		t->tbar = true;
		t->tbar_window = 20;
		t->has_pseudotime = true;
		t->pseudotime = 123456;
	}
}

static void
hdr(struct isakmp_hdr *h, uint8_t exch, uint32_t msgid, bool push)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->icookie, push ? kek_spi : icookie, 8);
	memcpy(h->rcookie, push ? kek_spi + 8 : rcookie, 8);
	h->exch = exch;
	h->msgid = msgid;
	h->flags = 0;		/* clear-text copy for the dissector */
}

static uint8_t *
pull2(size_t *len, unsigned flags, bool gap)
{
	static struct gdoi_sa sa;
	struct isakmp_builder b;
	struct isakmp_hdr h;

	memset(&sa, 0, sizeof(sa));
	sa.has_sak = true;
	sak(&sa.sak);
	/* RFC 6407 GAP (15 s activation) only in the corpus: Wireshark 4.0
	 * silently stops dissecting the SA at a nested GAP. */
	sa.has_gap = gap;
	sa.gap.activation_delay = 15;
	sa.n_tek = 2;
	sat(&sa.tek[0], 0);
	sat(&sa.tek[1], 1);
	hdr(&h, GDOI_EXCH_PULL, 0x3cc1f923, false);
	isakmp_build_init(&b, &h);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, nonce, sizeof(nonce));
	gdoi_build_sa(&b, &sa, flags);
	return isakmp_build_finish(&b, len);
}

static void
kd_fill(struct gdoi_kd *kd, bool kek, int n_tek)
{
	memset(kd, 0, sizeof(*kd));
	if (kek)
		gdoi_keypkt_kek(&kd->pkt[kd->n++], kek_spi, kek_key,
		    sizeof(kek_key), spki, sizeof(spki));
	for (int i = 0; i < n_tek; i++)
		gdoi_keypkt_tek(&kd->pkt[kd->n++], i == 0 ? 0x8bf147ef :
		    0x2e22fbb7, tek_key[i], i == 0 ? 24 : 32, tek_ikey[i], 20);
}

static uint8_t *
pull4(size_t *len)
{
	static struct gdoi_kd kd;
	struct isakmp_builder b;
	struct isakmp_hdr h;

	kd_fill(&kd, true, 2);
	hdr(&h, GDOI_EXCH_PULL, 0x3cc1f923, false);
	isakmp_build_init(&b, &h);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	gdoi_build_seq(&b, 0);
	gdoi_build_kd(&b, &kd);
	return isakmp_build_finish(&b, len);
}

static uint8_t *
push(size_t *len, bool kek_rekey)
{
	static struct gdoi_sa sa;
	static struct gdoi_kd kd;
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint32_t old = 0x11aa22bb;

	memset(&sa, 0, sizeof(sa));
	if (kek_rekey) {
		sa.has_sak = true;
		sak(&sa.sak);
		sa.n_tek = 1;
		sat(&sa.tek[0], 0);
		kd_fill(&kd, true, 1);
	} else {
		sa.n_tek = 2;
		sat(&sa.tek[0], 0);
		sat(&sa.tek[1], 1);
		kd_fill(&kd, false, 2);
	}
	hdr(&h, GDOI_EXCH_PUSH, 0, true);
	isakmp_build_init(&b, &h);
	gdoi_build_seq(&b, kek_rekey ? 2 : 1);
	if (kek_rekey)
		gdoi_build_delete_tek(&b, GDOI_PROTO_IPSEC_ESP, &old, 1);
	gdoi_build_sa(&b, &sa, 0);
	gdoi_build_kd(&b, &kd);
	isakmp_build_payload(&b, ISAKMP_NP_SIG, sig, sizeof(sig));
	return isakmp_build_finish(&b, len);
}

static void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

/* IPv4 + UDP 848 -> 848 around msg. */
static void
dump(pcap_dumper_t *d, int i, uint32_t src, uint32_t dst,
    const uint8_t *msg, size_t len)
{
	uint8_t	 pkt[2048];
	struct pcap_pkthdr ph;
	uint32_t sum = 0;
	size_t	 tot = 28 + len;

	if (tot > sizeof(pkt))
		return;
	memset(pkt, 0, 28);
	pkt[0] = 0x45;
	wr16(pkt + 2, (uint16_t)tot);
	wr16(pkt + 4, (uint16_t)(0x100 + i));
	pkt[8] = 255;
	pkt[9] = 17;
	wr32(pkt + 12, src);
	wr32(pkt + 16, dst);
	for (int k = 0; k < 20; k += 2)
		sum += (uint32_t)(pkt[k] << 8 | pkt[k + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	wr16(pkt + 10, (uint16_t)~sum);
	wr16(pkt + 20, GDOI_PORT);
	wr16(pkt + 22, GDOI_PORT);
	wr16(pkt + 24, (uint16_t)(8 + len));
	memcpy(pkt + 28, msg, len);
	memset(&ph, 0, sizeof(ph));
	ph.ts.tv_sec = 1014940800 + i;
	ph.caplen = ph.len = (bpf_u_int32)tot;
	pcap_dump((u_char *)d, &ph, pkt);
}

static int
write_file(const char *dir, const char *name, const uint8_t *m, size_t len)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(m, 1, len, f) != len) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return 1;
	}
	return fclose(f) != 0;
}

int
main(int argc, char **argv)
{
	uint8_t	*m[5];
	size_t	 len[5];
	int	 rc = 0;
	bool	 corpus = argc == 3 && strcmp(argv[1], "-c") == 0;

	if (argc != 2 && !corpus) {
		fprintf(stderr, "usage: gdoi_vectors DIR | -c CORPUSDIR\n");
		return 2;
	}
	init_keys();
	m[0] = pull2(&len[0], 0, corpus);
	m[1] = pull4(&len[1]);
	m[2] = push(&len[2], false);
	m[3] = push(&len[3], true);
	m[4] = pull2(&len[4], GDOI_ENC_SAT_ID_LEN1, false);
	for (int i = 0; i < 5; i++)
		if (m[i] == NULL) {
			fprintf(stderr, "gdoi_vectors: message %d failed\n", i);
			rc = 1;
		}
	if (rc == 0 && corpus) {
		static const char *const names[5] = { "pull2", "pull4", "push",
		    "push_delete", "pull2_len1" };

		for (int i = 0; i < 5; i++)
			rc |= write_file(argv[2], names[i], m[i], len[i]);
	} else if (rc == 0) {
		char	 path[1024];
		pcap_t	*pd = pcap_open_dead(DLT_RAW, 65535);
		pcap_dumper_t *d;

		snprintf(path, sizeof(path), "%s/gdoi.pcap", argv[1]);
		if (pd == NULL || (d = pcap_dump_open(pd, path)) == NULL) {
			fprintf(stderr, "gdoi_vectors: cannot write %s\n", path);
			rc = 1;
		} else {
			dump(d, 1, KS, GM, m[0], len[0]);
			dump(d, 2, KS, GM, m[1], len[1]);
			dump(d, 3, KS, GM, m[2], len[2]);
			dump(d, 4, KS, IP(239, 1, 1, 1), m[3], len[3]);
			pcap_dump_close(d);
		}
		/* The negative control: 1-byte SAT ID lengths, which
		 * Wireshark reports as malformed (gdoi-wire.md §0.4). */
		snprintf(path, sizeof(path), "%s/gdoi_len1.pcap", argv[1]);
		if (rc == 0 && (d = pcap_dump_open(pd, path)) != NULL) {
			dump(d, 1, KS, GM, m[4], len[4]);
			pcap_dump_close(d);
		} else
			rc = 1;
		if (pd != NULL)
			pcap_close(pd);
	}
	for (int i = 0; i < 5; i++)
		free(m[i]);
	return rc;
}
