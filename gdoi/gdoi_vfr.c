/* Group ESP that was fragmented on its way (seed 001 "Fragmentation
 * Probleem": an ECMP core with devices that need "Virtual Fragmentation
 * Reassembly (VFR)").  With address preservation a group ESP packet is
 * not addressed to the receiving member, so IP would forward its
 * fragments untouched to the LAN host; the member has to reassemble them
 * first and decrypt the whole packet, as IOS's VFR does.  The reassembly
 * is netsim's (RFC 815-style, 30 s timeout, counted in `show ip traffic`
 * Frags "reassembled" / "timeouts" / "couldn't reassemble"): the private
 * IP-stack header is included for it, the one use outside netsim/. */
#include "gdoi_gm_int.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "pkt.h"
#include "router.h"

struct pkt *
gdoi_vfr_reassemble(struct iface *ifp, struct pkt *p)
{
	struct ip_state *ips = ifp->r->ip;
	struct iphdr_v h;
	struct pkt *whole;

	if (ips == NULL || ip_hdr_parse(p->data, p->len, &h) != IPH_OK) {
		pkt_free(p);
		return NULL;
	}
	pkt_trim(p, h.tot_len);
	p->in_if = ifp;
	if ((whole = ip_reasm(ips, p, &h)) == NULL)
		return NULL;
	if (ip_hdr_parse(whole->data, whole->len, &h) != IPH_OK) {
		pkt_free(whole);
		return NULL;
	}
	return whole;
}
