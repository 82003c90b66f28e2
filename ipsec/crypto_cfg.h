/* The crypto configuration of one router (router->ipsec): ISAKMP policies
 * and keys, keyrings, ISAKMP profiles, transform sets, IPsec profiles,
 * crypto maps and their interfaces, global IPsec SA settings, RSA keys.
 *
 * The CLI (crypto_cli.c) edits it; the show commands (crypto_show.c) and
 * the IKE/ESP engine read it through the query functions at the end.
 * Algorithm fields hold the IKE/IPsec wire values of isakmp.h so the
 * engine can put them in proposals as they are. */
#ifndef VPNSIM_CRYPTO_CFG_H
#define VPNSIM_CRYPTO_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isakmp.h"
#include "strbuf.h"

struct router;
struct iface;
struct evp_pkey_st;

#define CRYPTO_NAME_MAX		64
#define CRYPTO_MAP_MAX_PEERS	10
#define CRYPTO_MAP_MAX_TS	6

/* IOS defaults. */
#define ISAKMP_DEFAULT_LIFETIME	86400
#define CRYPTO_DEFAULT_LIFE_SEC	3600
#define CRYPTO_DEFAULT_LIFE_KB	4608000
#define CRYPTO_DEFAULT_WINDOW	64
#define ISAKMP_DEFAULT_PRIORITY	65535	/* "Default protection suite" */

/* ---- ISAKMP ------------------------------------------------------------- */

struct isakmp_policy {
	int		 priority;	/* 1-10000; 65507.. for defaults */
	uint16_t	 encr;		/* OAKLEY_ENCR_* */
	uint16_t	 keylen;	/* AES: 128/192/256, else 0 */
	uint16_t	 hash;		/* OAKLEY_HASH_* */
	uint16_t	 auth;		/* OAKLEY_AUTH_* */
	uint16_t	 group;		/* DH group number */
	uint32_t	 lifetime;	/* seconds */
	bool		 is_default;	/* a built-in suite */
};

/* `crypto isakmp key` and keyring `pre-shared-key address`. */
struct psk {
	uint32_t	 addr, mask;	/* host order */
	char		*key;
	bool		 no_xauth;
};

struct keyring {
	char		 name[CRYPTO_NAME_MAX];
	struct psk	*psks;
	int		 n_psks;
	char		*description;
};

enum isakmp_identity { IDENT_ADDRESS = 0, IDENT_HOSTNAME, IDENT_DN };

struct isakmp_profile {
	char		 name[CRYPTO_NAME_MAX];
	char		 keyring[CRYPTO_NAME_MAX];	/* "" none */
	struct { uint32_t addr, mask; } *match;	/* match identity address */
	int		 n_match;
	int		 self_identity;	/* -1 unset, else enum isakmp_identity */
	char		*self_fqdn;	/* self-identity fqdn (hostname form) */
};

/* ---- IPsec -------------------------------------------------------------- */

/* One `crypto ipsec transform-set`.  0 = that slot unused. */
struct transform_set {
	char		 name[CRYPTO_NAME_MAX];
	uint8_t		 esp_encr;	/* ESP_DES, ESP_3DES, ESP_AES,
					 * ESP_AES_GCM_16, ESP_NULL_AUTH_AES_GMAC,
					 * ESP_NULL */
	uint16_t	 keylen;	/* AES/GCM/GMAC bits (128 default) */
	uint16_t	 esp_auth;	/* IPSEC_AUTH_HMAC_* */
	uint8_t		 ah;		/* AH_* */
	uint16_t	 mode;		/* IPSEC_ENCAP_TUNNEL / _TRANSPORT */
};

struct ipsec_profile {
	char		 name[CRYPTO_NAME_MAX];
	char		 ts[CRYPTO_MAP_MAX_TS][CRYPTO_NAME_MAX];
	int		 n_ts;
	uint32_t	 life_sec, life_kb;	/* 0 = global */
	int		 pfs;			/* 0 off, else DH group */
	char		 isakmp_profile[CRYPTO_NAME_MAX];
};

enum crypto_map_type {
	CMAP_IPSEC_ISAKMP = 0,		/* crypto map NAME SEQ ipsec-isakmp */
	CMAP_GDOI,			/* crypto map NAME SEQ gdoi (gdoi/) */
};

struct crypto_map_entry {
	int		 seq;
	int		 type;		/* enum crypto_map_type */
	char		 gdoi_group[CRYPTO_NAME_MAX];	/* CMAP_GDOI: set group */
	char		*description;
	uint32_t	 peers[CRYPTO_MAP_MAX_PEERS];	/* `set peer`, in order */
	int		 n_peers;
	int		 cur_peer;	/* index in peers[]: set by the engine */
	char		 acl[CRYPTO_NAME_MAX];		/* match address */
	char		 ts[CRYPTO_MAP_MAX_TS][CRYPTO_NAME_MAX];
	int		 n_ts;
	int		 pfs;		/* 0 off, else DH group */
	uint32_t	 life_sec, life_kb;	/* 0 = global */
	char		 isakmp_profile[CRYPTO_NAME_MAX];
	bool		 rri, rri_static;
};

struct crypto_map {
	char		 name[CRYPTO_NAME_MAX];
	char		 local_if[32];	/* crypto map NAME local-address IF */
	/* `crypto map NAME gdoi fail-close` (GETVPN; edited by gdoi/) */
	bool		 gdoi_fc;
	char		 gdoi_fc_acl[CRYPTO_NAME_MAX];	/* match address */
	bool		 gdoi_fc_activate;		/* activate */
	struct crypto_map_entry **ents;	/* sorted by seq */
	int		 n_ents;
};

/* `crypto map NAME` on an interface, by interface name; valid while the
 * interface's crypto_map field points back at it. */
struct crypto_map_binding {
	char		 ifname[32];
	char		 map[CRYPTO_NAME_MAX];
};

struct rsa_keypair {
	char		 name[CRYPTO_NAME_MAX * 2];	/* label */
	struct evp_pkey_st *pkey;
	int		 bits;
	bool		 exportable;
	int64_t		 generated_wall_ns;
};

/* ---- per router --------------------------------------------------------- */

struct ipsec_state {
	struct isakmp_policy *policies;	/* user policies, by priority */
	int		 n_policies;
	bool		 default_policies;	/* crypto isakmp default policy */
	struct psk	*keys;		/* crypto isakmp key */
	int		 n_keys;
	struct keyring	**keyrings;
	int		 n_keyrings;
	struct isakmp_profile **profiles;
	int		 n_profiles;
	int		 identity;	/* enum isakmp_identity */
	int		 keepalive;	/* DPD interval s, 0 = off */
	int		 keepalive_retry;
	bool		 keepalive_periodic;
	bool		 aggressive_disable;
	int		 nat_keepalive;	/* s, 0 = off */
	bool		 nat_traversal;	/* default on */

	uint32_t	 sa_life_sec, sa_life_kb;	/* global */
	int		 replay_window;	/* 64..1024 */
	bool		 replay_disable;
	struct transform_set **ts;
	int		 n_ts;
	struct ipsec_profile **ipsec_profiles;
	int		 n_ipsec_profiles;
	struct crypto_map **maps;	/* in creation order */
	int		 n_maps;
	struct crypto_map_binding **bindings;
	int		 n_bindings;
	bool		 isakmp_on;	/* ISAKMP_ON_OFF state */

	struct rsa_keypair **rsa;
	int		 n_rsa;
	char		 domain_name[CRYPTO_NAME_MAX];	/* ip domain name */

	/* The IKE/ESP engine's own state, freed by engine_free at router
	 * free (before the configuration). */
	void		*engine;
	void		(*engine_free)(void *engine);
};

/* ---- query API (IKE engine, shows) --------------------------------------- */

struct ipsec_state *ipsec_state(struct router *);

/* ISAKMP policies in the order IKE checks them: user policies by priority,
 * then (only with none configured) the IOS 15 defaults 65507..65514 unless
 * `no crypto isakmp default policy`; and the 65535 "Default protection
 * suite" after user policies (or alone when nothing else applies).
 * Fills up to max, returns the total count. */
int	ipsec_policy_list(struct router *, struct isakmp_policy *out, int max);
/* The built-in suites. */
int	ipsec_default_policies(const struct isakmp_policy **out);
const struct isakmp_policy *ipsec_default_suite(void);	/* 65535 */

/* Pre-shared key for a peer: the most specific `crypto isakmp key`
 * match, or (keyring != NULL) the keyring's.  NULL if none. */
const char *ipsec_psk_lookup(struct router *, uint32_t peer,
	    const char *keyring);
/* Same over the global keys and every keyring (for a responder that does
 * not know the profile yet); *keyring_out gets the keyring name or "". */
const char *ipsec_psk_find_any(struct router *, uint32_t peer,
	    const char **keyring_out);

struct keyring *ipsec_keyring_find(struct router *, const char *name);
struct isakmp_profile *ipsec_isakmp_profile_find(struct router *,
	    const char *name);
/* The ISAKMP profile whose match identity covers addr, or NULL. */
struct isakmp_profile *ipsec_isakmp_profile_match(struct router *,
	    uint32_t addr);
struct transform_set *ipsec_ts_find(struct router *, const char *name);
struct ipsec_profile *ipsec_profile_find(struct router *, const char *name);
struct crypto_map *ipsec_map_find(struct router *, const char *name);
struct crypto_map_entry *ipsec_map_entry_find(const struct crypto_map *,
	    int seq);

/* The crypto map applied to an interface, or NULL. */
struct crypto_map *ipsec_iface_map(struct iface *);
/* Complete entries (a peer and an existing ACL): IOS ignores the rest. */
bool	ipsec_map_entry_complete(struct router *,
	    const struct crypto_map_entry *);
/* The first complete entry (by seq) of ifp's map whose crypto ACL permits
 * the IPv4 packet ip[0..len).  NULL: not protected traffic. */
struct crypto_map_entry *ipsec_map_match(struct iface *ifp,
	    const uint8_t *ip, size_t len);
/* Local IKE/ESP address for a map on an interface: the local-address
 * interface's address if set, else ifp's. */
uint32_t ipsec_map_local_addr(struct router *, const struct crypto_map *,
	    struct iface *ifp);
/* Effective SA lifetime of an entry (map value or the global one). */
uint32_t ipsec_map_life_sec(struct router *, const struct crypto_map_entry *);
uint32_t ipsec_map_life_kb(struct router *, const struct crypto_map_entry *);
/* Peer shown as "Current peer" (peers[cur_peer]); 0 if none. */
uint32_t ipsec_map_current_peer(const struct crypto_map_entry *);

/* RSA key pair by label; NULL label: the router's general-purpose key
 * (hostname.domain). */
struct rsa_keypair *ipsec_rsa_find(struct router *, const char *label);

/* ---- text shared by shows and running-config ---------------------------- */

/* "esp-3des", "esp-aes 256" (config) or "esp-256-aes" (show). */
void	ipsec_ts_transforms_text(const struct transform_set *, bool show,
	    struct strbuf *);
const char *ike_encr_text(uint16_t encr, uint16_t keylen);	/* show text */
const char *ike_hash_text(uint16_t hash);
const char *ike_auth_text(uint16_t auth);
const char *ike_group_text(uint16_t group);	/* "#2 (1024 bit)" */
bool	ike_group_valid(int group);

/* ---- model edits (CLI, tests) -------------------------------------------- */

struct isakmp_policy *ipsec_policy_get(struct router *, int priority);
void	ipsec_policy_delete(struct router *, int priority);
struct isakmp_policy *ipsec_policy_find(struct router *, int priority);
void	ipsec_key_set(struct router *, uint32_t addr, uint32_t mask,
	    const char *key, bool no_xauth);
bool	ipsec_key_delete(struct router *, uint32_t addr, uint32_t mask);
struct keyring *ipsec_keyring_get(struct router *, const char *name);
void	ipsec_keyring_delete(struct router *, const char *name);
void	ipsec_keyring_set_psk(struct keyring *, uint32_t addr, uint32_t mask,
	    const char *key);
bool	ipsec_keyring_del_psk(struct keyring *, uint32_t addr, uint32_t mask);
struct isakmp_profile *ipsec_isakmp_profile_get(struct router *,
	    const char *name, bool *created);
void	ipsec_isakmp_profile_delete(struct router *, const char *name);
struct transform_set *ipsec_ts_get(struct router *, const char *name,
	    bool *created);
void	ipsec_ts_delete(struct router *, const char *name);
struct ipsec_profile *ipsec_profile_get(struct router *, const char *name);
void	ipsec_profile_delete(struct router *, const char *name);
struct crypto_map *ipsec_map_get(struct router *, const char *name);
struct crypto_map_entry *ipsec_map_entry_get(struct router *,
	    const char *name, int seq, bool *created);
void	ipsec_map_entry_delete(struct router *, const char *name, int seq);
void	ipsec_map_delete(struct router *, const char *name);
/* Apply/remove a map on an interface (logs ISAKMP_ON_OFF as IOS does). */
void	ipsec_iface_set_map(struct iface *, const char *map);
void	ipsec_iface_clear_map(struct iface *);
/* Interfaces using a map, in interface order (NULL-terminated, caller
 * frees the array). */
struct iface **ipsec_map_ifaces(struct router *, const char *map, int *n);
void	ipsec_rsa_free(struct rsa_keypair *);

/* A hook the engine sets to hear about configuration changes that can
 * invalidate SAs (map removed from an interface, entry deleted...). */
enum ipsec_cfg_event {
	IPSEC_CFG_MAP_IFACE,		/* map applied/removed on an interface */
	IPSEC_CFG_MAP_ENTRY,		/* entry changed or deleted */
	IPSEC_CFG_ISAKMP,		/* policies/keys/profiles changed */
};
extern void (*ipsec_cfg_hook)(struct router *, enum ipsec_cfg_event,
	    const char *name);
void	ipsec_cfg_changed(struct router *, enum ipsec_cfg_event,
	    const char *name);

#endif
