/* Private to the group member's data plane and modes (gdoi_gm.c,
 * gdoi_gm_dp.c, gdoi_gm_dir.c, gdoi_failclose.c, gdoi_vfr.c): the
 * selector of a packet and the ACL matching the GM shares between its
 * policy, its own `match address` and the fail-close ACL.  Other areas
 * use gdoi_proto.h. */
#ifndef VPNSIM_GDOI_GM_INT_H
#define VPNSIM_GDOI_GM_INT_H

#include <stdbool.h>
#include <stdint.h>

struct crypto_map;
struct crypto_map_entry;
struct gdoi_gmg;
struct iface;
struct pkt;
struct router;

/* The selector fields of an IPv4 packet (host order); ports are 0 for
 * protocols without them and in non-first fragments. */
struct gdoi_psel {
	uint8_t		 proto;
	uint32_t	 src, dst;
	uint16_t	 sport, dport;
	bool		 frag;		/* MF set or offset != 0 */
};

bool	gdoi_psel_parse(const struct pkt *, struct gdoi_psel *);
/* The selector seen from the other side (inbound traffic is matched
 * against the mirrored ACL, seed 003 "Fail-Close Mode"). */
void	gdoi_psel_mirror(const struct gdoi_psel *, struct gdoi_psel *);

enum { GDOI_ACL_NONE = 0, GDOI_ACL_PERMIT, GDOI_ACL_DENY };
/* First match of s in the named ACL: GDOI_ACL_*. */
int	gdoi_acl_first(struct router *, const char *acl,
	    const struct gdoi_psel *);

/* The first GDOI entry of the map on ifp, NULL when none. */
struct crypto_map_entry *gdoi_map_entry(struct iface *);

/* ---- fail-close (gdoi_failclose.c) --------------------------------------- */

/* While it is in force: may this packet pass in clear?  Deny lines of the
 * fail-close ACL (mirrored for inbound traffic) and the member's own
 * registration with its key servers pass; everything else is dropped
 * (the implicit `permit ip any any`). */
bool	gdoi_failclose_clear(struct router *, const struct crypto_map *,
	    const struct gdoi_psel *, bool inbound);
/* Count a fail-close drop on the map's groups. */
void	gdoi_failclose_count(struct router *, const struct crypto_map *);

/* ---- VFR (gdoi_vfr.c) ---------------------------------------------------- */

/* A fragment of ESP arriving on a group member's interface: reassemble
 * it (netsim's IPv4 reassembly) so that it can be decrypted.  Consumes p;
 * returns the whole datagram when it is complete, NULL while waiting (or
 * when reassembly failed). */
struct pkt *gdoi_vfr_reassemble(struct iface *, struct pkt *);

/* ---- directions (gdoi_gm_dir.c) ------------------------------------------ */

/* Make the SADB follow the effective direction of g: no outbound SA
 * while inbound only, the current TEK's outbound SA otherwise. */
void	gdoi_gm_dir_sync(struct gdoi_gmg *);
/* The outbound SA of g's current TEK, made again when a direction
 * change removed it; NULL when there is none. */
struct ipsec_sa *gdoi_gm_out_sa(struct gdoi_gmg *);
/* Multi-TEK: the same for TEK idx (0: tek, i: xt[i - 1]). */
struct ipsec_sa *gdoi_gm_out_sa_tek(struct gdoi_gmg *, int idx);

#endif
