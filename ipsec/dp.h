/* The crypto-map data plane (dp*.c): the IP hooks that protect traffic a
 * crypto map's ACL selects and decapsulate the ESP addressed to us, reverse
 * route injection, and the IOS views of the running SAs (`show crypto ipsec
 * sa`, `show crypto session`, `show crypto engine connections active`,
 * `clear crypto sa|session`).
 *
 * Outbound, a packet leaving an interface with a crypto map that the map
 * selects goes to its flow (engine.h); with an active outbound SA it is
 * encrypted and sent to the peer, otherwise ike_acquire() starts a
 * negotiation and the packet is dropped, as IOS drops the first pings.
 * Inbound, ESP (or ESP-in-UDP on 4500) for one of our addresses is
 * decapsulated and the inner packet re-enters IP; clear-text packets that a
 * flow with SAs should have protected are dropped. */
#ifndef VPNSIM_IPSEC_DP_H
#define VPNSIM_IPSEC_DP_H

#include <stdbool.h>
#include <stdint.h>

struct router;
struct ipsec_flow;

/* From ipsec_router_init / ipsec_router_free / ipsec_cli_init. */
void	dp_router_init(struct router *);
void	dp_router_free(struct router *);
void	dp_cli_init(void);

/* The IKE engine may call this right after it installs a pair with
 * ipsec_flow_install() or after a flow lost its SAs (delete, expiry), so
 * reverse routes follow at once; otherwise the data plane notices on the
 * next packet or show command. */
void	dp_flow_changed(struct router *, struct ipsec_flow *);

/* GETVPN call-outs, set by gdoi/ (NULL: none).  The data plane offers
 * every packet of an interface with a crypto map to them first: out for
 * packets leaving, in for received ESP and clear text.  They return
 * IP_HOOK_PASS or IP_HOOK_STOLEN when the interface's map is a GDOI map
 * (gdoi/ decided), -1 to let the crypto-map data plane carry on. */
struct iface;
struct pkt;
extern int (*dp_gdoi_out)(struct iface *, struct pkt *);
extern int (*dp_gdoi_in)(struct iface *, struct pkt *);

#endif
