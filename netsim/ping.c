/* IOS `ping` (plain, extended, multicast) and `traceroute`.
 *
 * Both run the lab while they wait: each probe is sent, then scheduler
 * events run until its answer arrives or its timeout passes, and the next
 * probe goes out at that virtual time, as IOS sends the next echo after
 * the previous reply or timeout.
 *
 * Round-trip times come from the virtual clock, rounded to the nearest
 * millisecond.  Ping reports at least 1 ms per reply, as IOS does on fast
 * links ("1/1/1 ms"); traceroute prints the rounded value ("0 msec"), as
 * IOS does. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "pkt.h"
#include "router.h"

#define PING_LINE	70	/* IOS wraps the !!!! line at 70 marks */
#define TR_PORT		33434
#define TR_TIMEOUT	3
#define TR_PROBES	3
#define TR_MAXTTL	30

/* ---- answers from ICMP ------------------------------------------------ */

void
waiter_match_icmp(struct ip_state *ips, uint8_t type, uint8_t code,
    uint32_t from, const uint8_t *icmp, size_t len)
{
	struct ip_waiter *w;
	uint16_t id = 0, seq = 0, sport = 0, dport = 0;
	int kind;

	if (type == 0) {
		kind = WAIT_ECHO;
		id = rd16(icmp + 4);
		seq = rd16(icmp + 6);
	} else {
		/* An error quotes the offending header + 8 bytes. */
		const uint8_t *q = icmp + 8;
		size_t qlen = len - 8;
		unsigned qh;

		if (len < 8 + IP_HDR_MIN)
			return;
		qh = (unsigned)(q[0] & 0x0f) * 4;
		if (qh < IP_HDR_MIN || qlen < qh + 8)
			return;
		if (q[9] == IP_PROTO_ICMP && q[qh] == 8) {
			kind = WAIT_ECHO;
			id = rd16(q + qh + 4);
			seq = rd16(q + qh + 6);
		} else if (q[9] == IP_PROTO_UDP) {
			kind = WAIT_UDP;
			sport = rd16(q + qh);
			dport = rd16(q + qh + 2);
		} else
			return;
	}
	LIST_FOREACH(w, &ips->waiters, entry) {
		if (w->kind != kind)
			continue;
		if (kind == WAIT_ECHO && (w->id != id || w->seq != seq))
			continue;
		if (kind == WAIT_UDP && (w->sport != sport || w->dport != dport))
			continue;
		if (w->done && !w->multi)
			continue;
		w->done = true;
		w->type = type;
		w->code = code;
		w->from = from;
		w->when = sched_now();
		if (w->on_reply != NULL && type == 0)
			w->on_reply(w, from, w->when);
		return;
	}
}

/* Run the lab until w is answered (unless it collects several answers)
 * or the deadline passes. */
static void
wait_for(struct ip_waiter *w, vtime_t deadline)
{
	while (w->multi || !w->done)
		if (!sched_run_one(deadline))
			break;
	if ((w->multi || !w->done) && sched_now() < deadline)
		sched_run_until(deadline);
}

static unsigned
rtt_ms(vtime_t d)
{
	return (unsigned)((d + VT_MSEC / 2) / VT_MSEC);
}

/* ---- ping ------------------------------------------------------------- */

struct ping_job {
	struct router	*r;
	struct vty	*vty;
	uint32_t	 dst, src;
	bool		 src_given;
	int		 repeat;
	int		 smin, smax, sstep;
	bool		 sweep;
	int		 timeout_s;
	uint8_t		 tos;
	bool		 df, validate, verbose;
	uint16_t	 pattern;
	/* results */
	int		 sent, rcvd;
	unsigned	 min, max;
	uint64_t	 sum;
	char		*marks;
	size_t		 mlen, mpos;
	int		 col;
	int		 cur_req;
	int		 req_replies;
};

static void
ping_defaults(struct ping_job *j)
{
	memset(j, 0, sizeof(*j));
	j->repeat = 5;
	j->smin = j->smax = 100;
	j->sstep = 1;
	j->timeout_s = 2;
	j->pattern = 0xabcd;
}

static struct pkt *
build_echo(struct ping_job *j, uint16_t id, uint16_t seq, int size)
{
	struct ip_state *ips = j->r->ip;
	size_t dlen = (size_t)size - IP_HDR_MIN - 8;
	struct pkt *p = pkt_new(8 + dlen);
	uint8_t *h;
	uint32_t src = j->src;

	p->data[0] = 8;
	wr16(p->data + 4, id);
	wr16(p->data + 6, seq);
	for (size_t i = 0; i < dlen; i++)
		p->data[8 + i] = (uint8_t)(i % 2 ? j->pattern : j->pattern >> 8);
	wr16(p->data + 2, ip_cksum(p->data, p->len));
	if (src == 0) {
		struct iface *oif;

		if (ip_local_iface(j->r, j->dst) != NULL)
			src = j->dst;
		else if (ip_is_mcast(j->dst)) {
			for (int i = 0; i < j->r->n_ifaces && src == 0; i++)
				if (iface_ip_usable(j->r->ifaces[i]) &&
				    j->r->ifaces[i]->type != IFT_LOOPBACK)
					src = j->r->ifaces[i]->addr;
		} else if (ip_route_lookup(j->r, j->dst, &oif, NULL))
			src = oif->addr;
	}
	h = pkt_push(p, IP_HDR_MIN);
	ip_hdr_build(h, j->tos, (uint16_t)size, ips->next_id++,
	    j->df ? IP_DF : 0, IP_TTL_DEFAULT, IP_PROTO_ICMP, src, j->dst);
	return p;
}

static void
mcast_reply(struct ip_waiter *w, uint32_t from, vtime_t when)
{
	struct ping_job *j = w->ctx;
	unsigned ms = rtt_ms(when - w->sent);
	char a[16];

	j->req_replies++;
	j->rcvd++;
	if (ms == 0)
		ms = 1;
	if (j->vty != NULL)
		vty_out(j->vty, "Reply to request %d from %s, %u ms\n",
		    j->cur_req, ip_ntoa(from, a), ms);
}

static char
mark_of(const struct ip_waiter *w)
{
	if (!w->done)
		return '.';
	switch (w->type) {
	case 0:
		return '!';
	case 3:
		return w->code == 4 ? 'M' : 'U';
	case 4:
		return 'Q';
	case 11:
		return '&';
	default:
		return '?';
	}
}

static void
put_mark(struct ping_job *j, char c, int seq, unsigned ms)
{
	if (j->marks != NULL && j->mpos + 1 < j->mlen) {
		j->marks[j->mpos++] = c;
		j->marks[j->mpos] = '\0';
	}
	if (j->vty == NULL)
		return;
	if (j->verbose) {
		if (c == '!')
			vty_out(j->vty, "Reply to request %d (%u ms)\n", seq, ms);
		else if (c == '.')
			vty_out(j->vty, "Request %d timed out\n", seq);
		else
			vty_out(j->vty, "%c\n", c);
		return;
	}
	if (j->col == PING_LINE) {
		vty_out(j->vty, "\n");
		j->col = 0;
	}
	vty_out(j->vty, "%c", c);
	j->col++;
}

/* Send every echo of the job and collect the answers. */
static void
ping_run(struct ping_job *j)
{
	struct ip_state *ips = j->r->ip;
	bool mc = ip_is_mcast(j->dst);
	uint16_t id = ips->next_echo_id++;
	int seq = 0;

	j->min = ~0u;
	if (mc && j->vty != NULL)
		vty_out(j->vty, "\n");
	for (int rep = 0; rep < j->repeat; rep++)
		for (int size = j->smin; size <= j->smax; size += j->sstep) {
			struct ip_waiter w;
			struct pkt *p = build_echo(j, id, (uint16_t)seq, size);
			unsigned ms;
			char c;

			memset(&w, 0, sizeof(w));
			w.kind = WAIT_ECHO;
			w.dst = j->dst;
			w.id = id;
			w.seq = (uint16_t)seq;
			w.multi = mc;
			w.sent = sched_now();
			if (mc) {
				w.on_reply = mcast_reply;
				w.ctx = j;
				j->cur_req = seq;
				j->req_replies = 0;
			}
			LIST_INSERT_HEAD(&ips->waiters, &w, entry);
			ips->st.icmp_out_echo++;
			j->sent++;
			ip_output(j->r, p);
			wait_for(&w, w.sent + (vtime_t)j->timeout_s * VT_SEC);
			LIST_REMOVE(&w, entry);
			seq++;
			if (mc) {
				if (j->req_replies == 0)
					put_mark(j, '.', seq - 1, 0);
			} else {
				c = mark_of(&w);
				ms = c == '!' ? rtt_ms(w.when - w.sent) : 0;
				if (c == '!') {
					if (ms == 0)
						ms = 1;
					j->rcvd++;
					j->sum += ms;
					if (ms < j->min)
						j->min = ms;
					if (ms > j->max)
						j->max = ms;
				}
				put_mark(j, c, seq - 1, ms);
			}
			if (j->smax - size < j->sstep)
				break;
		}
	if (j->vty == NULL)
		return;
	if (mc) {
		if (j->col > 0)
			vty_out(j->vty, "\n");
		return;
	}
	if (!j->verbose)
		vty_out(j->vty, "\n");
	if (j->rcvd > 0)
		vty_out(j->vty, "Success rate is %d percent (%d/%d), round-trip "
		    "min/avg/max = %u/%u/%u ms\n", j->rcvd * 100 / j->sent,
		    j->rcvd, j->sent, j->min,
		    (unsigned)(j->sum / (uint64_t)j->rcvd), j->max);
	else
		vty_out(j->vty, "Success rate is 0 percent (0/%d)\n", j->sent);
}

static void
ping_header(struct ping_job *j)
{
	char a[16];
	int total = j->repeat * ((j->smax - j->smin) / j->sstep + 1);

	vty_out(j->vty, "Type escape sequence to abort.\n");
	if (j->sweep)
		vty_out(j->vty, "Sending %d, [%d..%d]-byte ICMP Echos to %s, "
		    "timeout is %d seconds:\n", total, j->smin, j->smax,
		    ip_ntoa(j->dst, a), j->timeout_s);
	else
		vty_out(j->vty, "Sending %d, %d-byte ICMP Echos to %s, timeout "
		    "is %d seconds:\n", j->repeat, j->smin, ip_ntoa(j->dst, a),
		    j->timeout_s);
	if (j->src_given)
		vty_out(j->vty, "Packet sent with a source address of %s\n",
		    ip_ntoa(j->src, a));
	if (j->df)
		vty_out(j->vty, "Packet sent with the DF bit set\n");
	if (j->validate)
		vty_out(j->vty, "Reply data will be validated\n");
}

int
ip_ping(struct router *r, uint32_t dst, uint32_t src, int count, int size,
    vtime_t timeout, bool df, struct ping_result *res, char *marks,
    size_t marks_len)
{
	struct ping_job j;

	if (r->ip == NULL || count <= 0 || size < 36 || size > 18024)
		return -1;
	ping_defaults(&j);
	j.r = r;
	j.dst = dst;
	j.src = src;
	j.repeat = count;
	j.smin = j.smax = size;
	j.timeout_s = (int)(timeout / VT_SEC);
	j.df = df;
	j.marks = marks;
	j.mlen = marks_len;
	if (marks && marks_len)
		marks[0] = '\0';
	ping_run(&j);
	if (res != NULL) {
		res->sent = j.sent;
		res->rcvd = j.rcvd;
		res->min_ms = j.rcvd ? j.min : 0;
		res->max_ms = j.max;
		res->avg_ms = j.rcvd ? (unsigned)(j.sum / (uint64_t)j.rcvd) : 0;
	}
	return 0;
}

/* ---- source option ---------------------------------------------------- */

/* `source A.B.C.D|IFNAME`: an address of one of our up interfaces. */
static bool
resolve_source(struct vty *vty, struct router *r, const char *s, uint32_t *out)
{
	uint32_t a;
	struct iface *ifp;

	if (ip_aton(s, &a)) {
		ifp = ip_local_iface(r, a);
		if (ifp == NULL || !iface_ip_usable(ifp)) {
			vty_out(vty, "%% Invalid source address- IP address not "
			    "on any of our up interfaces\n");
			return false;
		}
		*out = a;
		return true;
	}
	ifp = router_find_iface(r, s);
	if (ifp == NULL || !iface_ip_usable(ifp)) {
		vty_out(vty, "%% Invalid source interface - IP not enabled or "
		    "interface is down\n");
		return false;
	}
	*out = ifp->addr;
	return true;
}

static bool
parse_num(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool
parse_hex16(const char *s, uint16_t *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtoul(s, &end, 16);
	if (*end != '\0' || v > 0xffff)
		return false;
	*out = (uint16_t)v;
	return true;
}

/* ---- ping commands ---------------------------------------------------- */

DEFUN(ping,
    "ping [ip] A.B.C.D {repeat (1-2147483647)|size (36-18024)|source (A.B.C.D|IFNAME)|timeout (0-3600)|tos (0-255)|df-bit|validate|data WORD}",
    "Send echo messages\n"
    "IP echo\n"
    "Ping destination address or hostname\n"
    "specify repeat count\n"
    "repeat count\n"
    "specify datagram size\n"
    "datagram size\n"
    "specify source address or name\n"
    "source address\n"
    "source interface\n"
    "specify timeout interval\n"
    "timeout in seconds\n"
    "specify type of service value\n"
    "type of service value\n"
    "enable do not fragment bit in IP header\n"
    "validate reply data\n"
    "specify data pattern\n"
    "data pattern (hex)\n")
{
	struct router *r = vty_router(vty);
	struct ping_job j;
	bool repeat_given = false;
	long v;
	int i = 1;

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	ping_defaults(&j);
	j.r = r;
	j.vty = vty;
	if (i < argc && strcmp(argv[i], "ip") == 0)
		i++;
	if (i >= argc || !ip_aton(argv[i], &j.dst)) {
		vty_out(vty, "%% Unrecognized host or address, or protocol not "
		    "running.\n");
		return CMD_WARNING;
	}
	for (i++; i < argc; i++) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(k, "repeat") == 0 && parse_num(val, 1, 2147483647L, &v)) {
			j.repeat = (int)v;
			repeat_given = true;
			i++;
		} else if (strcmp(k, "size") == 0 &&
		    parse_num(val, 36, 18024, &v)) {
			j.smin = j.smax = (int)v;
			i++;
		} else if (strcmp(k, "source") == 0 && val != NULL) {
			if (!resolve_source(vty, r, val, &j.src))
				return CMD_WARNING;
			j.src_given = true;
			i++;
		} else if (strcmp(k, "timeout") == 0 &&
		    parse_num(val, 0, 3600, &v)) {
			j.timeout_s = (int)v;
			i++;
		} else if (strcmp(k, "tos") == 0 && parse_num(val, 0, 255, &v)) {
			j.tos = (uint8_t)v;
			i++;
		} else if (strcmp(k, "df-bit") == 0) {
			j.df = true;
		} else if (strcmp(k, "validate") == 0) {
			j.validate = true;
		} else if (strcmp(k, "data") == 0 &&
		    parse_hex16(val, &j.pattern)) {
			i++;
		}
	}
	/* IOS sends one echo to a group unless told otherwise. */
	if (ip_is_mcast(j.dst) && !repeat_given)
		j.repeat = 1;
	ping_header(&j);
	ping_run(&j);
	return CMD_SUCCESS;
}

static void
trim(char *s)
{
	size_t n = strlen(s), k = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[k]))
		k++;
	if (k)
		memmove(s, s + k, n - k + 1);
}

/* Ask; false on end of input.  An empty answer leaves buf empty. */
static bool
ask(struct vty *vty, const char *prompt, char *buf, size_t len)
{
	if (!vty_getline(vty, prompt, buf, len))
		return false;
	trim(buf);
	return true;
}

static bool
yes(const char *s)
{
	return s[0] == 'y' || s[0] == 'Y';
}

static bool
ask_num(struct vty *vty, const char *prompt, long min, long max, long *val)
{
	char buf[64];

	if (!ask(vty, prompt, buf, sizeof(buf)))
		return false;
	if (buf[0] == '\0')
		return true;
	if (!parse_num(buf, min, max, val)) {
		vty_out(vty, "%% A decimal number between %ld and %ld.\n", min,
		    max);
		return false;
	}
	return true;
}

DEFUN(ping_ext,
    "ping [ip]",
    "Send echo messages\n"
    "IP echo\n")
{
	struct router *r = vty_router(vty);
	struct ping_job j;
	char buf[128];
	long v;

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	ping_defaults(&j);
	j.r = r;
	j.vty = vty;
	if (argc < 2) {
		if (!ask(vty, "Protocol [ip]: ", buf, sizeof(buf)))
			return CMD_SUCCESS;
		if (buf[0] != '\0' && strcasecmp(buf, "ip") != 0) {
			vty_out(vty, "%% Unknown protocol - \"%s\", type \"ping "
			    "?\" for help\n", buf);
			return CMD_WARNING;
		}
	}
	if (!ask(vty, "Target IP address: ", buf, sizeof(buf)))
		return CMD_SUCCESS;
	if (!ip_aton(buf, &j.dst)) {
		vty_out(vty, "%% Unrecognized host or address, or protocol not "
		    "running.\n");
		return CMD_WARNING;
	}
	if (ip_is_mcast(j.dst))
		j.repeat = 1;
	snprintf(buf, sizeof(buf), "Repeat count [%d]: ", j.repeat);
	v = j.repeat;
	if (!ask_num(vty, buf, 1, 2147483647L, &v))
		return CMD_WARNING;
	j.repeat = (int)v;
	v = 100;
	if (!ask_num(vty, "Datagram size [100]: ", 36, 18024, &v))
		return CMD_WARNING;
	j.smin = j.smax = (int)v;
	v = 2;
	if (!ask_num(vty, "Timeout in seconds [2]: ", 0, 3600, &v))
		return CMD_WARNING;
	j.timeout_s = (int)v;
	if (!ask(vty, "Extended commands [n]: ", buf, sizeof(buf)))
		return CMD_SUCCESS;
	if (yes(buf)) {
		if (!ask(vty, "Source address or interface: ", buf, sizeof(buf)))
			return CMD_SUCCESS;
		if (buf[0] != '\0') {
			if (!resolve_source(vty, r, buf, &j.src))
				return CMD_WARNING;
			j.src_given = true;
		}
		v = 0;
		if (!ask_num(vty, "Type of service [0]: ", 0, 255, &v))
			return CMD_WARNING;
		j.tos = (uint8_t)v;
		if (!ask(vty, "Set DF bit in IP header? [no]: ", buf, sizeof(buf)))
			return CMD_SUCCESS;
		j.df = yes(buf);
		if (!ask(vty, "Validate reply data? [no]: ", buf, sizeof(buf)))
			return CMD_SUCCESS;
		j.validate = yes(buf);
		if (!ask(vty, "Data pattern [0xABCD]: ", buf, sizeof(buf)))
			return CMD_SUCCESS;
		if (buf[0] != '\0') {
			const char *h = buf;

			if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
				h += 2;
			if (!parse_hex16(h, &j.pattern)) {
				vty_out(vty, "%% Invalid pattern\n");
				return CMD_WARNING;
			}
		}
		/* Only Verbose is modelled; IOS asks again until empty. */
		for (;;) {
			if (!ask(vty, j.verbose ?
			    "Loose, Strict, Record, Timestamp, Verbose[V]: " :
			    "Loose, Strict, Record, Timestamp, Verbose[none]: ",
			    buf, sizeof(buf)))
				return CMD_SUCCESS;
			if (buf[0] == '\0')
				break;
			if (buf[0] == 'v' || buf[0] == 'V')
				j.verbose = !j.verbose;
		}
	}
	if (!ask(vty, "Sweep range of sizes [n]: ", buf, sizeof(buf)))
		return CMD_SUCCESS;
	if (yes(buf)) {
		long mn = 36, mx = 18024, st = 1;

		if (!ask_num(vty, "Sweep min size [36]: ", 36, 18024, &mn) ||
		    !ask_num(vty, "Sweep max size [18024]: ", mn, 18024, &mx) ||
		    !ask_num(vty, "Sweep interval [1]: ", 1, 18024, &st))
			return CMD_WARNING;
		j.sweep = true;
		j.smin = (int)mn;
		j.smax = (int)mx;
		j.sstep = (int)st;
	}
	ping_header(&j);
	ping_run(&j);
	return CMD_SUCCESS;
}

/* ---- traceroute ------------------------------------------------------- */

struct tr_job {
	struct router	*r;
	struct vty	*vty;
	uint32_t	 dst, src;
	int		 probes, timeout_s, min_ttl, max_ttl;
	uint16_t	 port;
};

static void
tr_probe(struct tr_job *t, struct ip_waiter *w, int ttl, uint16_t sport,
    uint16_t dport)
{
	struct ip_state *ips = t->r->ip;
	struct pkt *p = pkt_new(8 + 12);
	uint32_t src = t->src;
	uint16_t ck;
	uint8_t *h;

	if (src == 0) {
		struct iface *oif;

		if (ip_local_iface(t->r, t->dst) != NULL)
			src = t->dst;
		else if (ip_route_lookup(t->r, t->dst, &oif, NULL))
			src = oif->addr;
	}
	wr16(p->data, sport);
	wr16(p->data + 2, dport);
	wr16(p->data + 4, (uint16_t)p->len);
	ck = udp_cksum(src, t->dst, p->data, p->len);
	wr16(p->data + 6, ck ? ck : 0xffff);
	h = pkt_push(p, IP_HDR_MIN);
	ip_hdr_build(h, 0, (uint16_t)p->len, ips->next_id++, 0, (uint8_t)ttl,
	    IP_PROTO_UDP, src, t->dst);
	memset(w, 0, sizeof(*w));
	w->kind = WAIT_UDP;
	w->dst = t->dst;
	w->sport = sport;
	w->dport = dport;
	w->sent = sched_now();
	LIST_INSERT_HEAD(&ips->waiters, w, entry);
	ips->st.udp_sent++;
	ip_output(t->r, p);
}

static const char *
unreach_mark(uint8_t code)
{
	switch (code) {
	case 0:		return "!N";
	case 1:		return "!H";
	case 2:		return "!P";
	case 13:	return "!A";
	default:	return "!?";
	}
}

/* Hop lines follow IOS spacing: "%3d ", then per probe the address when
 * it changes (on a new indented line if the hop already printed
 * something), "N msec " for an answer, "* " for a timeout; anything after
 * a timeout gets one extra leading space:
 *   "  1 10.1.11.1 4 msec 4 msec 4 msec "
 *   "  2 10.1.14.2 8 msec *  8 msec "
 *   "  3  *  *  * " */
static void
tr_run(struct tr_job *t)
{
	struct ip_state *ips = t->r->ip;
	uint16_t dport = t->port;
	char a[16];

	for (int ttl = t->min_ttl; ttl <= t->max_ttl; ttl++) {
		uint32_t last = 0;
		bool need_space = true, any = false, reached = false;

		vty_out(t->vty, "%3d ", ttl);
		for (int k = 0; k < t->probes; k++) {
			struct ip_waiter w;
			uint16_t sport = ips->next_port++;

			if (ips->next_port < 49152)
				ips->next_port = 49152;
			tr_probe(t, &w, ttl, sport, dport++);
			wait_for(&w, w.sent + (vtime_t)t->timeout_s * VT_SEC);
			LIST_REMOVE(&w, entry);
			if (!w.done) {
				vty_out(t->vty, "%s* ", need_space ? " " : "");
				need_space = true;
				any = true;
				continue;
			}
			if (w.from != last) {
				if (any)
					vty_out(t->vty, "\n    ");
				vty_out(t->vty, "%s ", ip_ntoa(w.from, a));
				last = w.from;
				need_space = false;
			}
			any = true;
			if (w.type == 11 || (w.type == 3 && w.code == 3)) {
				vty_out(t->vty, "%s%u msec ", need_space ? " " : "",
				    rtt_ms(w.when - w.sent));
				need_space = false;
				if (w.type == 3)
					reached = true;
			} else if (w.type == 3) {
				vty_out(t->vty, "%s%s ", need_space ? " " : "",
				    unreach_mark(w.code));
				need_space = true;
				reached = true;
			} else {
				vty_out(t->vty, "%s? ", need_space ? " " : "");
				need_space = true;
			}
		}
		vty_out(t->vty, "\n");
		if (reached)
			break;
	}
}

DEFUN(traceroute,
    "traceroute [ip] A.B.C.D {source (A.B.C.D|IFNAME)|probe (1-65535)|timeout (0-3600)|ttl (0-255) (0-255)|numeric|port (1-65535)}",
    "Trace route to destination\n"
    "IP Trace\n"
    "Trace route to destination address or hostname\n"
    "specify source address or name\n"
    "source address\n"
    "source interface\n"
    "specify number of probes per hop\n"
    "Number of probes\n"
    "specify time out\n"
    "time out in seconds\n"
    "specify minimum and maximum ttl\n"
    "minimum ttl\n"
    "maximum ttl\n"
    "display numeric address\n"
    "specify port number\n"
    "Port number\n")
{
	struct router *r = vty_router(vty);
	struct tr_job t;
	char a[16];
	long v, v2;
	int i = 1;

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.vty = vty;
	t.probes = TR_PROBES;
	t.timeout_s = TR_TIMEOUT;
	t.min_ttl = 1;
	t.max_ttl = TR_MAXTTL;
	t.port = TR_PORT;
	if (i < argc && strcmp(argv[i], "ip") == 0)
		i++;
	if (i >= argc || !ip_aton(argv[i], &t.dst)) {
		vty_out(vty, "%% Unrecognized host or address, or protocol not "
		    "running.\n");
		return CMD_WARNING;
	}
	for (i++; i < argc; i++) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(k, "source") == 0 && val != NULL) {
			if (!resolve_source(vty, r, val, &t.src))
				return CMD_WARNING;
			i++;
		} else if (strcmp(k, "probe") == 0 &&
		    parse_num(val, 1, 65535, &v)) {
			t.probes = (int)v;
			i++;
		} else if (strcmp(k, "timeout") == 0 &&
		    parse_num(val, 0, 3600, &v)) {
			t.timeout_s = (int)v;
			i++;
		} else if (strcmp(k, "ttl") == 0 && parse_num(val, 0, 255, &v) &&
		    i + 2 < argc && parse_num(argv[i + 2], 0, 255, &v2)) {
			t.min_ttl = v < 1 ? 1 : (int)v;
			t.max_ttl = (int)v2;
			i += 2;
		} else if (strcmp(k, "port") == 0 &&
		    parse_num(val, 1, 65535, &v)) {
			t.port = (uint16_t)v;
			i++;
		}
	}
	vty_out(vty, "Type escape sequence to abort.\n");
	vty_out(vty, "Tracing the route to %s\n", ip_ntoa(t.dst, a));
	vty_out(vty, "VRF info: (vrf in name/id, vrf out name/id)\n");
	tr_run(&t);
	return CMD_SUCCESS;
}

void
ping_cli_init(void)
{
	cli_install(VIEW_NODE, &ping_cmd);
	cli_install(VIEW_NODE, &traceroute_cmd);
	/* Extended ping is privileged on IOS. */
	cli_install(ENABLE_NODE, &ping_ext_cmd);
}
