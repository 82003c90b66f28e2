/* The GETVPN policy on the wire: the key server's `match address ipv4 ACL`
 * travels as one SAT per ACE, in ACL order (gdoi-wire.md §2.3 "GETVPN
 * mapping"), and the group member turns each SAT back into an ACE of its
 * downloaded ACL ("ACL Downloaded From KS").
 *
 * What a SAT carries natively: the IP protocol, source and destination as
 * ID_IPV4_ADDR_SUBNET (address and mask: the ACE's wildcard inverted, so
 * `any` is 0.0.0.0/0.0.0.0 and `host A` is A/255.255.255.255) and one port
 * per side (0 = any).  What GETVPN needs beyond that rides in vpnsim's
 * private-use attributes (gdoi_codec.h): the deny action, port ranges
 * (range, gt, lt) and the counter replay window.  `neq` reaches us as
 * "any port" (acl_walk cannot express it): the GM then covers every port
 * of that protocol. */
#include <string.h>

#include "gdoi_codec.h"
#include "gdoi_proto.h"

/* One side's ports: a single port in the ID, a range in the attribute,
 * nothing for "any" (and for protocols without ports). */
static void
ports_out(uint8_t proto, uint16_t lo, uint16_t hi, uint16_t *id_port,
    bool *has_range, uint16_t *rlo, uint16_t *rhi)
{
	*id_port = 0;
	*has_range = false;
	*rlo = *rhi = 0;
	if ((proto != 6 && proto != 17) || (lo == 0 && hi == 65535))
		return;
	if (lo == hi && lo != 0)
		*id_port = lo;
	else {
		*has_range = true;
		*rlo = lo;
		*rhi = hi;
	}
}

void
gdoi_ace_to_sat(const struct acl_entry_view *v, struct gdoi_sat *t)
{
	uint16_t sp, dp;

	t->prot_id = GDOI_PROTO_IPSEC_ESP;
	t->ip_proto = v->proto;
	t->deny = !v->permit;
	ports_out(v->proto, v->sport_lo, v->sport_hi, &sp, &t->has_sport_range,
	    &t->sport_lo, &t->sport_hi);
	ports_out(v->proto, v->dport_lo, v->dport_hi, &dp, &t->has_dport_range,
	    &t->dport_lo, &t->dport_hi);
	gdoi_id_subnet(&t->src, v->src & ~v->src_wild, ~v->src_wild, sp);
	gdoi_id_subnet(&t->dst, v->dst & ~v->dst_wild, ~v->dst_wild, dp);
}

/* An ID into address and wildcard: a single address is a host. */
static void
id_in(const struct gdoi_id *id, uint32_t *addr, uint32_t *wild)
{
	switch (id->type) {
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
		*wild = ~id->addr2;
		*addr = id->addr & id->addr2;
		break;
	case ISAKMP_ID_IPV4_ADDR:
		*wild = 0;
		*addr = id->addr;
		break;
	default:
		/* IPv6 or an address range: not a GETVPN IPv4 selector; the
		 * line matches nothing rather than everything. */
		*addr = 0;
		*wild = 0;
		break;
	}
}

void
gdoi_sat_to_ace(const struct gdoi_sat *t, struct acl_entry_view *v)
{
	memset(v, 0, sizeof(*v));
	v->permit = !t->deny;
	v->proto = t->ip_proto;
	id_in(&t->src, &v->src, &v->src_wild);
	id_in(&t->dst, &v->dst, &v->dst_wild);
	if (t->has_sport_range) {
		v->sport_lo = t->sport_lo;
		v->sport_hi = t->sport_hi;
	} else {
		v->sport_lo = t->src.port;
		v->sport_hi = t->src.port ? t->src.port : 65535;
	}
	if (t->has_dport_range) {
		v->dport_lo = t->dport_lo;
		v->dport_hi = t->dport_hi;
	} else {
		v->dport_lo = t->dst.port;
		v->dport_hi = t->dst.port ? t->dst.port : 65535;
	}
}

void
gdoi_sat_replay(const struct gdoi_sat *s, struct gdoi_tek_st *t)
{
	if (s->tbar) {
		t->replay = GDOI_REPLAY_TIME;
		t->replay_window = s->tbar_window;
	} else if (s->replay_window != 0) {
		t->replay = GDOI_REPLAY_COUNTER;
		t->replay_window = s->replay_window;
	} else {
		t->replay = GDOI_REPLAY_NONE;
		t->replay_window = 0;
	}
}
