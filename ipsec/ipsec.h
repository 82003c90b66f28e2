/* ipsec/: classic site-to-site IPsec (IKEv1, crypto maps, ESP).
 * Entry points called from netsim/lab.c.  The configuration model and its
 * query API are in crypto_cfg.h; the ISAKMP codec in isakmp.h. */
#ifndef VPNSIM_IPSEC_H
#define VPNSIM_IPSEC_H

struct router;

/* router->ipsec: a struct ipsec_state (crypto_cfg.h). */
void	ipsec_router_init(struct router *);
void	ipsec_router_free(struct router *);	/* NULL-state safe */
/* Config, show and interface commands, running-config writers. */
void	ipsec_cli_init(void);

#endif
