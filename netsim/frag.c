/* IPv4 fragmentation (RFC 791) on output and reassembly of fragments
 * addressed to this router, with a 30 s reassembly timeout.
 *
 * Reassembly copies each fragment's payload into one buffer per datagram
 * and marks the 8-byte blocks it covers, so overlaps and duplicates are
 * harmless (later data wins) and completion is a bitmap test. */
#include <stdlib.h>
#include <string.h>

#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "pkt.h"
#include "router.h"

#define REASM_TIMEOUT	(30 * VT_SEC)
#define REASM_MAX	64		/* datagrams in reassembly per router */
#define BLOCKS		(IP_MAXPACKET / 8 + 1)

struct reasm {
	uint32_t	 src, dst;
	uint16_t	 id;
	uint8_t		 proto;
	uint8_t		 hdr[60];	/* header of the first fragment */
	unsigned	 hlen;
	bool		 have_first, have_last;
	size_t		 total;		/* payload length, known with last */
	uint8_t		*buf;
	size_t		 bufsz;
	uint8_t		 bits[BLOCKS / 8 + 1];
	struct iface	*in_if;
	uint32_t	 flags;
	struct event	*ev;
	struct ip_state	*ips;
	LIST_ENTRY(reasm) entry;
};

static void
reasm_free(struct reasm *q)
{
	timer_cancel(&q->ev);
	LIST_REMOVE(q, entry);
	q->ips->n_reasm--;
	free(q->buf);
	free(q);
}

void
ip_reasm_flush(struct ip_state *ips)
{
	struct reasm *q;

	while ((q = LIST_FIRST(&ips->reasm)) != NULL)
		reasm_free(q);
}

static void
reasm_timeout(void *arg)
{
	struct reasm *q = arg;

	q->ips->st.reasm_timeouts++;
	reasm_free(q);
}

static bool
complete(const struct reasm *q)
{
	size_t nb = (q->total + 7) / 8;

	if (!q->have_first || !q->have_last)
		return false;
	for (size_t i = 0; i < nb; i++)
		if (!(q->bits[i / 8] & (1u << (i % 8))))
			return false;
	return true;
}

static struct pkt *
fail(struct ip_state *ips, struct reasm *q, struct pkt *p)
{
	ips->st.reasm_fail++;
	if (q != NULL)
		reasm_free(q);
	pkt_free(p);
	return NULL;
}

struct pkt *
ip_reasm(struct ip_state *ips, struct pkt *p, const struct iphdr_v *h)
{
	size_t off = (size_t)(h->frag & IP_OFFMASK) * 8;
	size_t plen = (size_t)h->tot_len - h->hlen;
	size_t end = off + plen;
	bool mf = (h->frag & IP_MF) != 0;
	struct reasm *q;
	struct pkt *np;

	LIST_FOREACH(q, &ips->reasm, entry)
		if (q->src == h->src && q->dst == h->dst && q->id == h->id &&
		    q->proto == h->proto)
			break;
	if (end + h->hlen > IP_MAXPACKET || (mf && (plen == 0 || plen % 8)))
		return fail(ips, q, p);
	if (q == NULL) {
		if (ips->n_reasm >= REASM_MAX)
			return fail(ips, NULL, p);
		q = ip_xcalloc(1, sizeof(*q));
		q->ips = ips;
		q->src = h->src;
		q->dst = h->dst;
		q->id = h->id;
		q->proto = h->proto;
		LIST_INSERT_HEAD(&ips->reasm, q, entry);
		ips->n_reasm++;
		timer_set(&q->ev, REASM_TIMEOUT, reasm_timeout, q);
	}
	if (off == 0) {
		memcpy(q->hdr, p->data, h->hlen);
		q->hlen = h->hlen;
		q->have_first = true;
	}
	if (!mf) {
		if (q->have_last && q->total != end)
			return fail(ips, q, p);
		q->total = end;
		q->have_last = true;
	}
	if (q->have_last && end > q->total)
		return fail(ips, q, p);
	if (end > q->bufsz) {
		uint8_t *nb = realloc(q->buf, end);

		if (nb == NULL)
			abort();
		memset(nb + q->bufsz, 0, end - q->bufsz);
		q->buf = nb;
		q->bufsz = end;
	}
	if (plen)
		memcpy(q->buf + off, p->data + h->hlen, plen);
	for (size_t b = off / 8; b < (end + 7) / 8; b++)
		q->bits[b / 8] |= (uint8_t)(1u << (b % 8));
	q->in_if = p->in_if;
	q->flags = p->flags;
	pkt_free(p);
	if (!complete(q))
		return NULL;

	np = pkt_new(q->hlen + q->total);
	memcpy(np->data, q->hdr, q->hlen);
	memcpy(np->data + q->hlen, q->buf, q->total);
	wr16(np->data + 2, (uint16_t)(q->hlen + q->total));
	wr16(np->data + 6, rd16(np->data + 6) & IP_DF);
	ip_hdr_fix_cksum(np->data);
	np->in_if = q->in_if;
	np->flags = q->flags;
	ips->st.reassembled++;
	reasm_free(q);
	return np;
}

int
ip_fragment_out(struct iface *oif, struct pkt *p, uint32_t nh, int mtu)
{
	struct router *r = oif->r;
	struct ip_state *ips = r->ip;
	unsigned hlen = (unsigned)(p->data[0] & 0x0f) * 4;
	uint16_t frag = rd16(p->data + 6);
	size_t payload, base, off;
	int sent = 0;

	if (frag & IP_DF) {
		ips->st.frag_fail++;
		ip_debug_pkt(r, p, p->in_if, oif, 0,
		    "sending fragment needed (DF set)");
		icmp_send_error(r, p, p->in_if, 3, 4, (uint16_t)mtu);
		pkt_free(p);
		return -1;
	}
	if (hlen < IP_HDR_MIN || hlen > p->len || (size_t)mtu < hlen + 8) {
		ips->st.frag_fail++;
		pkt_free(p);
		return -1;
	}
	payload = p->len - hlen;
	base = (size_t)(frag & IP_OFFMASK) * 8;
	for (off = 0; off < payload; ) {
		/* Options are not copied into later fragments: vpnsim never
		 * originates options, and a plain header is always valid. */
		unsigned fh = off == 0 ? hlen : IP_HDR_MIN;
		size_t chunk = ((size_t)mtu - fh) & ~(size_t)7;
		size_t n = payload - off < chunk ? payload - off : chunk;
		bool last = off + n >= payload;
		struct pkt *q = pkt_new(fh + n);
		uint16_t nf;

		memcpy(q->data, p->data, IP_HDR_MIN);
		if (fh > IP_HDR_MIN)
			memcpy(q->data + IP_HDR_MIN, p->data + IP_HDR_MIN,
			    fh - IP_HDR_MIN);
		q->data[0] = (uint8_t)(0x40 | (fh / 4));
		memcpy(q->data + fh, p->data + hlen + off, n);
		wr16(q->data + 2, (uint16_t)(fh + n));
		nf = (uint16_t)((base + off) / 8);
		if (!last || (frag & IP_MF))
			nf |= IP_MF;
		wr16(q->data + 6, nf);
		ip_hdr_fix_cksum(q->data);
		q->in_if = p->in_if;
		q->flags = p->flags;
		ips->st.fragments++;
		ip_l2_send(oif, q, nh);
		sent++;
		off += n;
	}
	ips->st.fragmented++;
	pkt_free(p);
	return sent > 0 ? 0 : -1;
}
