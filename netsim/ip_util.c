/* IPv4 text helpers, the internet checksum and header parse/build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip_int.h"
#include "ipv4.h"

void *
ip_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		abort();
	return p;
}

const char *
ip_ntoa(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

/* Strict: four decimal parts 0-255, no leading '+', no empty parts. */
bool
ip_aton(const char *s, uint32_t *out)
{
	uint32_t a = 0;
	int parts = 0;

	if (s == NULL)
		return false;
	while (parts < 4) {
		unsigned v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (unsigned)(*s - '0');
			if (++digits > 3 || v > 255)
				return false;
			s++;
		}
		if (digits == 0)
			return false;
		a = (a << 8) | v;
		parts++;
		if (parts < 4) {
			if (*s != '.')
				return false;
			s++;
		}
	}
	if (*s != '\0')
		return false;
	*out = a;
	return true;
}

int
ip_masklen(uint32_t mask)
{
	int len = 0;

	while (len < 32 && (mask & (0x80000000u >> len)))
		len++;
	if (len < 32 && (mask << len) != 0)
		return -1;
	return len;
}

uint32_t
ip_lenmask(int len)
{
	if (len <= 0)
		return 0;
	if (len >= 32)
		return 0xffffffffu;
	return ~(0xffffffffu >> len);
}

uint16_t
ip_cksum(const void *data, size_t len)
{
	const uint8_t *b = data;
	uint32_t sum = 0;

	while (len > 1) {
		sum += (uint32_t)((b[0] << 8) | b[1]);
		b += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)(b[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int
ip_hdr_parse(const uint8_t *b, size_t len, struct iphdr_v *h)
{
	if (len < IP_HDR_MIN || (b[0] >> 4) != 4)
		return IPH_FORMAT;
	h->hlen = (unsigned)(b[0] & 0x0f) * 4;
	if (h->hlen < IP_HDR_MIN || h->hlen > len)
		return IPH_FORMAT;
	h->tot_len = rd16(b + 2);
	if (h->tot_len < h->hlen || h->tot_len > len)
		return IPH_FORMAT;
	if (ip_cksum(b, h->hlen) != 0)
		return IPH_CKSUM;
	h->tos = b[1];
	h->id = rd16(b + 4);
	h->frag = rd16(b + 6);
	h->ttl = b[8];
	h->proto = b[9];
	h->src = rd32(b + 12);
	h->dst = rd32(b + 16);
	return IPH_OK;
}

void
ip_hdr_fix_cksum(uint8_t *b)
{
	unsigned hlen = (unsigned)(b[0] & 0x0f) * 4;

	wr16(b + 10, 0);
	wr16(b + 10, ip_cksum(b, hlen));
}

void
ip_hdr_build(uint8_t *b, uint8_t tos, uint16_t tot_len, uint16_t id,
    uint16_t frag, uint8_t ttl, uint8_t proto, uint32_t src, uint32_t dst)
{
	b[0] = 0x45;
	b[1] = tos;
	wr16(b + 2, tot_len);
	wr16(b + 4, id);
	wr16(b + 6, frag);
	b[8] = ttl;
	b[9] = proto;
	wr16(b + 10, 0);
	wr32(b + 12, src);
	wr32(b + 16, dst);
	wr16(b + 10, ip_cksum(b, IP_HDR_MIN));
}
