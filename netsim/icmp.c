/* ICMP (RFC 792): echo replies, errors with IOS rules and rate limit,
 * `show ip traffic` counters and `debug ip icmp` lines. */
#include <stdio.h>
#include <string.h>

#include "debug.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "pkt.h"
#include "router.h"

/* IOS `ip icmp rate-limit unreachable 500`: one unreachable per 500 ms.
 * This is what makes IOS ping show "U.U.U" and traceroute "8 msec *  8
 * msec" at the last hop. */
#define UNREACH_INTERVAL	(500 * VT_MSEC)

static const char *
unreach_name(uint8_t code)
{
	switch (code) {
	case 0:		return "net";
	case 1:		return "host";
	case 2:		return "protocol";
	case 3:		return "port";
	case 4:		return "frag. needed and DF set";
	case 13:	return "administratively prohibited";
	default:	return NULL;
	}
}

static bool
icmp_debug(struct router *r)
{
	return debug_on(r->dbg, DBG_IP_ICMP);
}

static void
echo_reply(struct iface *ifp, struct pkt *p, const struct iphdr_v *h,
    const uint8_t *icmp, size_t len)
{
	struct router *r = ifp->r;
	struct ip_state *ips = r->ip;
	struct iface *own = ip_local_iface(r, h->dst);
	uint32_t src = own ? h->dst : ifp->addr;
	struct pkt *q;
	char s[16], d[16];

	q = pkt_from(icmp, len);
	q->data[0] = 0;			/* echo reply */
	q->data[1] = 0;
	wr16(q->data + 2, 0);
	wr16(q->data + 2, ip_cksum(q->data, len));
	ips->st.icmp_out_echo_reply++;
	if (icmp_debug(r))
		rdebug(r, "ICMP: echo reply sent, src %s, dst %s, topology BASE, "
		    "dscp %u topoid 0", ip_ntoa(src, s), ip_ntoa(h->src, d),
		    (unsigned)(h->tos >> 2));
	/* The reply keeps the request's ToS, as IOS does. */
	ip_send(r, src, h->src, IP_PROTO_ICMP, h->tos, IP_TTL_DEFAULT, q);
	(void)p;
}

void
icmp_input(struct iface *ifp, struct pkt *p, const struct iphdr_v *h)
{
	struct router *r = ifp->r;
	struct ip_state *ips = r->ip;
	const uint8_t *icmp = p->data + h->hlen;
	size_t len = p->len - h->hlen;
	char a[16], b[16];
	uint8_t type, code;

	if (len < 8) {
		ips->st.icmp_in_format++;
		pkt_free(p);
		return;
	}
	if (ip_cksum(icmp, len) != 0) {
		ips->st.icmp_in_cksum++;
		pkt_free(p);
		return;
	}
	type = icmp[0];
	code = icmp[1];
	switch (type) {
	case 0:
		ips->st.icmp_in_echo_reply++;
		if (icmp_debug(r))
			rdebug(r, "ICMP: echo reply rcvd, src %s, dst %s, "
			    "topology BASE, dscp %u topoid 0",
			    ip_ntoa(h->src, a), ip_ntoa(h->dst, b),
			    (unsigned)(h->tos >> 2));
		waiter_match_icmp(ips, type, code, h->src, icmp, len);
		break;
	case 3:
		ips->st.icmp_in_unreach++;
		if (icmp_debug(r)) {
			const char *n = unreach_name(code);

			if (n != NULL)
				rdebug(r, "ICMP: dst (%s) %s unreachable rcv "
				    "from %s", ip_ntoa(h->dst, a), n,
				    ip_ntoa(h->src, b));
			else
				rdebug(r, "ICMP: rcvd type 3, code %u, from %s",
				    code, ip_ntoa(h->src, b));
		}
		waiter_match_icmp(ips, type, code, h->src, icmp, len);
		break;
	case 4:
		ips->st.icmp_in_quench++;
		waiter_match_icmp(ips, type, code, h->src, icmp, len);
		break;
	case 5:
		ips->st.icmp_in_redirect++;
		break;
	case 8:
		ips->st.icmp_in_echo++;
		echo_reply(ifp, p, h, icmp, len);
		break;
	case 11:
		ips->st.icmp_in_time_exceeded++;
		if (icmp_debug(r))
			rdebug(r, "ICMP: time exceeded rcvd from %s",
			    ip_ntoa(h->src, a));
		waiter_match_icmp(ips, type, code, h->src, icmp, len);
		break;
	case 12:
		ips->st.icmp_in_param++;
		waiter_match_icmp(ips, type, code, h->src, icmp, len);
		break;
	case 13:
		ips->st.icmp_in_timestamp++;
		break;
	case 14:
		ips->st.icmp_in_ts_reply++;
		break;
	case 15:
		ips->st.icmp_in_info_req++;
		break;
	case 16:
		ips->st.icmp_in_info_rep++;
		break;
	case 17:
		ips->st.icmp_in_mask_req++;
		break;
	case 18:
		ips->st.icmp_in_mask_rep++;
		break;
	default:
		ips->st.icmp_in_other++;
		break;
	}
	pkt_free(p);
}

static bool
is_error_type(uint8_t t)
{
	return t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
}

void
icmp_send_error(struct router *r, const struct pkt *orig, struct iface *in_if,
    uint8_t type, uint8_t code, uint16_t mtu)
{
	struct ip_state *ips = r->ip;
	unsigned hlen;
	uint32_t src, dst, from = 0;
	size_t qlen;
	struct pkt *q;
	char a[16], b[16];

	if (ips == NULL || orig->len < IP_HDR_MIN)
		return;
	hlen = (unsigned)(orig->data[0] & 0x0f) * 4;
	if (hlen < IP_HDR_MIN || hlen > orig->len)
		return;
	src = rd32(orig->data + 12);
	dst = rd32(orig->data + 16);
	if (ip_is_mcast(dst) || dst == 0xffffffffu ||
	    (in_if != NULL && ip_is_bcast_on(in_if, dst)))
		return;
	if (src == 0 || ip_is_mcast(src) || src == 0xffffffffu)
		return;
	if (rd16(orig->data + 6) & IP_OFFMASK)
		return;
	if (orig->data[9] == IP_PROTO_ICMP && orig->len > hlen &&
	    is_error_type(orig->data[hlen]))
		return;
	if (type == 3) {
		vtime_t now = sched_now();

		if (ips->unreach_sent && now - ips->last_unreach < UNREACH_INTERVAL)
			return;
		ips->unreach_sent = true;
		ips->last_unreach = now;
	}
	/* IOS quotes the offending header and 8 bytes of its payload. */
	qlen = hlen + 8 < orig->len ? hlen + 8 : orig->len;
	q = pkt_new(8 + qlen);
	q->data[0] = type;
	q->data[1] = code;
	if (type == 3 && code == 4)
		wr16(q->data + 6, mtu);
	memcpy(q->data + 8, orig->data, qlen);
	wr16(q->data + 2, ip_cksum(q->data, q->len));

	if (in_if != NULL && in_if->addr != 0)
		from = in_if->addr;
	switch (type) {
	case 3:
		ips->st.icmp_out_unreach++;
		if (debug_on(r->dbg, DBG_IP_ICMP)) {
			const char *n = unreach_name(code);

			rdebug(r, "ICMP: dst (%s) %s unreachable sent to %s",
			    ip_ntoa(dst, a), n ? n : "", ip_ntoa(src, b));
		}
		break;
	case 11:
		ips->st.icmp_out_time_exceeded++;
		if (debug_on(r->dbg, DBG_IP_ICMP))
			rdebug(r, "ICMP: time exceeded (time to live) sent to "
			    "%s (dest was %s), topology BASE, dscp 0 topoid 0",
			    ip_ntoa(src, a), ip_ntoa(dst, b));
		break;
	case 12:
		ips->st.icmp_out_param++;
		break;
	}
	/* Precedence internet (0xc0), as IOS marks its ICMP errors. */
	ip_send(r, from, src, IP_PROTO_ICMP, 0xc0, IP_TTL_DEFAULT, q);
}
