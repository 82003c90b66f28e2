/* NAT traversal for IKEv1 (RFC 3947, and the draft-02/03 vendor ids IOS
 * also speaks): vendor ids in the first message pair, NAT-D hashes in the
 * key exchange, the float of the initiator to UDP 4500 (with the 4-byte
 * non-ESP marker, ike_io.c) when either end is behind a NAT, the UDP
 * encapsulation modes of quick mode and NAT keepalives.
 *
 * NAT-D = HASH(CKY-I | CKY-R | IP | Port) with the negotiated hash; the
 * first NAT-D is the peer's address as the sender sees it, the next ones
 * the sender's own.  ike_set_natt_force() makes this router send a wrong
 * hash for itself (as strongSwan's forceencaps does), which both ends take
 * as "behind NAT". */
#include <stdio.h>
#include <string.h>

#include "ike_int.h"
#include "ipv4.h"
#include "router.h"

static bool
natt_on(const struct ike_sa *sa)
{
	return ipsec_state(sa->ctx->r)->nat_traversal;
}

static int
rank(enum isakmp_vid id)
{
	switch (id) {
	case VID_NATT_RFC3947:
		return 4;
	case VID_NATT_DRAFT_03:
		return 3;
	case VID_NATT_DRAFT_02N:
		return 2;
	case VID_NATT_DRAFT_02:
		return 1;
	default:
		return 0;
	}
}

void
ike_natt_add_vids(struct ike_sa *sa, struct isakmp_builder *b)
{
	static const struct {
		enum isakmp_vid id;
		const char *word;
	} offer[] = {
		{ VID_NATT_RFC3947, "rfc3947" },
		{ VID_NATT_DRAFT_03, "03" },
		{ VID_NATT_DRAFT_02N, "02N" },
		{ VID_NATT_DRAFT_02, "02" },
	};
	const uint8_t *v;
	size_t	 len;

	if (!natt_on(sa))
		return;
	for (size_t i = 0; i < sizeof(offer) / sizeof(offer[0]); i++) {
		/* The responder echoes the one it chose. */
		if (!sa->initiator && sa->natt_vid != (int)offer[i].id)
			continue;
		v = isakmp_vid_bytes(offer[i].id, &len);
		isakmp_build_payload(b, ISAKMP_NP_VID, v, len);
		ikd_sa(sa, " constructed NAT-T vendor-%s ID", offer[i].word);
	}
}

void
ike_natt_vid_seen(struct ike_sa *sa, enum isakmp_vid id)
{
	if (!natt_on(sa))
		return;
	if (rank(id) > rank((enum isakmp_vid)sa->natt_vid))
		sa->natt_vid = id;
}

bool
ike_natt_vid_ok(const struct ike_sa *sa)
{
	return natt_on(sa) && sa->natt_vid != 0;
}

uint8_t
ike_natt_natd_type(const struct ike_sa *sa)
{
	return sa->natt_vid == VID_NATT_RFC3947 ? ISAKMP_NP_NATD :
	    ISAKMP_NP_NATD_DRAFT;
}

static void
natd_hash(const struct ike_sa *sa, uint32_t addr, uint16_t port, uint8_t *out)
{
	uint8_t	 a[4], p[2];
	struct prf_buf parts[] = { { sa->icky, 8 }, { sa->rcky, 8 }, { a, 4 },
	    { p, 2 } };

	ike_wr32(a, addr);
	p[0] = (uint8_t)(port >> 8);
	p[1] = (uint8_t)port;
	(void)ike_hash(sa->h, parts, 4, out);
}

void
ike_natt_add_natd(struct ike_sa *sa, struct isakmp_builder *b)
{
	uint8_t	 h[IKE_MAX_HASH];
	uint8_t	 type;

	if (!ike_natt_vid_ok(sa) || sa->h == NULL)
		return;
	type = ike_natt_natd_type(sa);
	natd_hash(sa, sa->peer, sa->pport, h);
	isakmp_build_payload(b, type, h, sa->h->len);
	natd_hash(sa, sa->local, sa->lport, h);
	if (sa->ctx->natt_force) {
		h[0] ^= 0xff;		/* "my address is translated" */
		sa->nat_local = true;
	}
	isakmp_build_payload(b, type, h, sa->h->len);
}

void
ike_natt_check_natd(struct ike_sa *sa, const struct isakmp_msg *m)
{
	const struct isakmp_pl *p = NULL;
	uint8_t	 mine[IKE_MAX_HASH], his[IKE_MAX_HASH];
	bool	 first = true, his_ok = false, any = false;
	uint8_t	 type;

	if (!ike_natt_vid_ok(sa) || sa->h == NULL)
		return;
	type = ike_natt_natd_type(sa);
	natd_hash(sa, sa->local, sa->lport, mine);
	natd_hash(sa, sa->peer, sa->pport, his);
	while ((p = isakmp_find_next(m, p, type)) != NULL) {
		any = true;
		ikd(sa->ctx->r, sa->peer, "ISAKMP:received payload type %u", type);
		if (p->len != sa->h->len)
			continue;
		if (first) {
			if (memcmp(p->body, mine, p->len) != 0) {
				ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): My hash "
				    "no match -  this node inside NAT",
				    sa->conn_id);
				sa->nat_local = true;
			}
			first = false;
		} else if (memcmp(p->body, his, p->len) == 0)
			his_ok = true;
	}
	if (!any)
		return;
	if (!his_ok) {
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): His hash no match - this "
		    "node outside NAT", sa->conn_id);
		sa->nat_peer = true;
	}
	if (sa->ctx->natt_force)
		sa->nat_local = true;
	if (sa->nat_local && sa->nat_peer)
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): NAT found, both nodes "
		    "inside NAT", sa->conn_id);
	else if (sa->nat_local)
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): NAT found, the node "
		    "inside NAT", sa->conn_id);
	else if (sa->nat_peer)
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): NAT found, the node "
		    "outside NAT", sa->conn_id);
	else
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): No NAT Found for self or "
		    "peer", sa->conn_id);
}

void
ike_natt_float(struct ike_sa *sa)
{
	if (!(sa->nat_local || sa->nat_peer) || sa->lport == ISAKMP_NATT_PORT)
		return;
	sa->lport = ISAKMP_NATT_PORT;
	sa->pport = ISAKMP_NATT_PORT;
	sa->floated = true;
	ikd_sa(sa, "NAT-T: floating to port %u", ISAKMP_NATT_PORT);
}

uint16_t
ike_natt_encap(const struct ike_sa *sa, uint16_t mode)
{
	bool	 rfc = sa->natt_vid == VID_NATT_RFC3947;

	if (!sa->floated || !(sa->nat_local || sa->nat_peer))
		return mode;
	if (mode == IPSEC_ENCAP_TRANSPORT)
		return rfc ? IPSEC_ENCAP_UDP_TRANSPORT :
		    IPSEC_ENCAP_UDP_TRANSPORT_DRAFT;
	return rfc ? IPSEC_ENCAP_UDP_TUNNEL : IPSEC_ENCAP_UDP_TUNNEL_DRAFT;
}

/* RFC 3948 §4: a one-byte 0xFF datagram keeps the NAT mapping open. */
static void
keepalive(void *arg)
{
	struct ike_sa *sa = arg;
	int	 ka = ipsec_state(sa->ctx->r)->nat_keepalive;
	static const uint8_t ff = 0xff;
	char	 pb[16];

	if (sa->deleted || ka <= 0)
		return;
	ikd_sa(sa, "Sending NAT keepalive packet to %s:%u",
	    ip_ntoa(sa->peer, pb), sa->pport);
	if (sa->ctx->s4500 != NULL)
		(void)udp_sendto(sa->ctx->s4500, sa->local, sa->peer, sa->pport,
		    &ff, 1);
	timer_set(&sa->natka_ev, (vtime_t)ka * VT_SEC, keepalive, sa);
}

void
ike_natt_keepalive_start(struct ike_sa *sa)
{
	int	 ka = ipsec_state(sa->ctx->r)->nat_keepalive;

	if (!sa->floated || !sa->nat_local || ka <= 0)
		return;
	timer_set(&sa->natka_ev, (vtime_t)ka * VT_SEC, keepalive, sa);
}
