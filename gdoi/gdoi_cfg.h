/* The GETVPN configuration of one router (router->gdoi): `crypto gdoi
 * group` blocks with their key server (`server local`: rekey policy, `sa
 * ipsec` TEK policies, authorization, COOP settings) or group member
 * (`server address ipv4`, passive, client rekey/transform restrictions)
 * parts, plus the exec-level state of `crypto gdoi gm ... ipsec direction`
 * and `clear crypto gdoi`.
 *
 * The GDOI crypto map entries (`crypto map NAME SEQ gdoi`, `set group`,
 * `match address`) and `crypto map NAME gdoi fail-close` live in the
 * crypto map model of ipsec/crypto_cfg.h (CMAP_GDOI entries, gdoi_fc_*
 * fields of struct crypto_map).
 *
 * The CLI (gdoi_cli.c) edits this model; the protocol (later) reads it
 * and hears about rekey-triggering changes through gdoi_rekey_hook, with
 * the timing of seed 003 table 2 ("Immediately" or "End configuration
 * mode"). */
#ifndef VPNSIM_GDOI_CFG_H
#define VPNSIM_GDOI_CFG_H

#include <stdbool.h>
#include <stdint.h>

struct router;
struct strbuf;

#define GDOI_NAME_MAX		64
#define GDOI_MAX_SERVERS	8	/* `server address ipv4`, in order */
#define GDOI_MAX_CLIENT_TS	6	/* `client transform-sets` */
#define GDOI_MAX_CLIENT_ALGS	8	/* `client rekey encryption/hash` */
#define GDOI_MAX_COOP_PEERS	8

/* IOS defaults (gdoi-wire.md §5.3; seed 003 "KEK lifetime ... 86,400"). */
#define GDOI_DEFAULT_KEK_LIFE		86400
#define GDOI_DEFAULT_RETX_PERIOD	10
#define GDOI_DEFAULT_RETX_NUMBER	2
#define GDOI_DEFAULT_REPLAY_COUNTER	64
#define GDOI_DEFAULT_REPLAY_TIME	10
#define GDOI_DEFAULT_COOP_PRIORITY	1

enum gdoi_identity { GDOI_IDENT_NONE = 0, GDOI_IDENT_NUMBER,
	GDOI_IDENT_ADDRESS };

/* `replay ...` of an `sa ipsec`: not configured, counter, time, `no
 * replay`. */
enum gdoi_replay { GDOI_REPLAY_UNSET = 0, GDOI_REPLAY_COUNTER,
	GDOI_REPLAY_TIME, GDOI_REPLAY_NONE };

/* `rekey retransmit`: default (10 s x 2), configured, `no rekey
 * retransmit`. */
enum gdoi_retx { GDOI_RETX_DEFAULT = 0, GDOI_RETX_SET, GDOI_RETX_OFF };

enum gdoi_rekey_auth { GDOI_AUTH_NONE = 0, GDOI_AUTH_MYPUBKEY,
	GDOI_AUTH_PUBKEY };

/* `client rekey encryption` words (GM restrictions). */
enum gdoi_client_cipher { GDOI_CC_DES = 1, GDOI_CC_3DES, GDOI_CC_AES128,
	GDOI_CC_AES192, GDOI_CC_AES256 };
/* `client rekey hash` words. */
enum gdoi_client_hash { GDOI_CH_SHA = 1, GDOI_CH_SHA256, GDOI_CH_SHA384,
	GDOI_CH_SHA512 };

/* One `sa ipsec N` (a TEK policy). */
struct gdoi_sa_ipsec {
	int		 seq;
	char		 profile[GDOI_NAME_MAX];	/* crypto ipsec profile */
	char		 acl[GDOI_NAME_MAX];	/* match address ipv4 */
	int		 replay;		/* enum gdoi_replay */
	uint32_t	 replay_counter;	/* window-size (packets) */
	uint32_t	 replay_time;		/* window-size (seconds) */
};

/* `server local`: the key server side of a group. */
struct gdoi_ks_cfg {
	uint16_t	 rekey_alg;	/* GDOI_KEK_ALG_*, 0 = default 3DES */
	uint16_t	 rekey_keylen;	/* AES bits */
	char		 rekey_acl[GDOI_NAME_MAX];	/* rekey address ipv4 */
	uint32_t	 kek_life;	/* rekey lifetime seconds, 0 = default */
	int		 retx;		/* enum gdoi_retx */
	int		 retx_period, retx_number;
	int		 auth;		/* enum gdoi_rekey_auth */
	char		 auth_key[GDOI_NAME_MAX * 2];	/* RSA key label */
	bool		 unicast;	/* rekey transport unicast */
	char		 authz_acl[GDOI_NAME_MAX];	/* authorization address */
	char		 authz_identity[GDOI_NAME_MAX];
	struct gdoi_sa_ipsec **sa;	/* sorted by seq */
	int		 n_sa;
	bool		 receive_only;	/* sa receive-only */
	uint32_t	 address;	/* address ipv4, 0 = none */
	/* COOP (`redundancy`): configuration only for now. */
	bool		 redundancy;
	int		 coop_priority;	/* local priority, 0 = default */
	uint32_t	 coop_peers[GDOI_MAX_COOP_PEERS];
	int		 n_coop_peers;
};

struct gdoi_group {
	char		 name[GDOI_NAME_MAX];
	int		 ident;		/* enum gdoi_identity */
	uint32_t	 ident_value;	/* number or address (host order) */
	struct gdoi_ks_cfg *ks;		/* `server local`, or NULL */
	/* Group member side. */
	uint32_t	 servers[GDOI_MAX_SERVERS];
	int		 n_servers;
	bool		 passive;
	uint8_t		 client_ciphers[GDOI_MAX_CLIENT_ALGS];
	int		 n_client_ciphers;
	uint8_t		 client_hashes[GDOI_MAX_CLIENT_ALGS];
	int		 n_client_hashes;
	char		 client_ts[GDOI_MAX_CLIENT_TS][GDOI_NAME_MAX];
	int		 n_client_ts;
	/* Rekey-triggering changes waiting for the end of config mode. */
	unsigned	 pending;	/* GDOI_CHG_* */
};

/* `crypto gdoi gm [group G] ipsec direction ...` (exec, not saved). */
enum gdoi_direction { GDOI_DIR_DEFAULT = 0, GDOI_DIR_INBOUND_OPTIONAL,
	GDOI_DIR_INBOUND_ONLY, GDOI_DIR_BOTH };

struct gdoi_state {
	struct gdoi_group **groups;	/* creation order */
	int		 n_groups;
	/* Exec state, recorded for the protocol. */
	int		 gm_direction;	/* enum gdoi_direction */
	char		 gm_direction_group[GDOI_NAME_MAX];	/* "" all */
	unsigned	 n_clears;	/* clear crypto gdoi count */
	char		 last_clear_group[GDOI_NAME_MAX];	/* "" all */
	/* The protocol engine's per-router state, freed first at router
	 * free. */
	void		*proto;
	void		(*proto_free)(void *proto);
};

/* ---- query ----------------------------------------------------------- */

struct gdoi_state *gdoi_state(struct router *);
struct gdoi_group *gdoi_group_find(struct router *, const char *name);
struct gdoi_sa_ipsec *gdoi_sa_find(const struct gdoi_ks_cfg *, int seq);
/* Effective values (IOS defaults applied). */
uint32_t gdoi_kek_lifetime(const struct gdoi_ks_cfg *);
uint16_t gdoi_rekey_alg(const struct gdoi_ks_cfg *);	/* GDOI_KEK_ALG_* */
uint16_t gdoi_rekey_keylen(const struct gdoi_ks_cfg *);	/* bits */
/* Retransmit period/number; false with `no rekey retransmit`. */
bool	gdoi_retransmit(const struct gdoi_ks_cfg *, int *period, int *number);

/* ---- edits (CLI, tests) ---------------------------------------------- */

struct gdoi_group *gdoi_group_get(struct router *, const char *name,
	    bool *created);
void	gdoi_group_delete(struct router *, const char *name);
struct gdoi_ks_cfg *gdoi_ks_get(struct gdoi_group *);	/* server local */
void	gdoi_ks_delete(struct gdoi_group *);
struct gdoi_sa_ipsec *gdoi_sa_get(struct gdoi_ks_cfg *, int seq,
	    bool *created);
void	gdoi_sa_delete(struct gdoi_ks_cfg *, int seq);
/* Key servers of a GM, in order; false when all 8 are in use. */
bool	gdoi_server_add(struct gdoi_group *, uint32_t addr);
void	gdoi_server_del(struct gdoi_group *, uint32_t addr);

/* ---- rekey-triggering changes (seed 003 tables 1 and 2) -------------- */

enum gdoi_change {
	GDOI_CHG_TEK = 0x01,		/* sa ipsec profile/ACL/replay on-off */
	GDOI_CHG_RECEIVE_ONLY = 0x02,	/* sa receive-only on/off */
	GDOI_CHG_TRANSPORT = 0x04,	/* rekey transport unicast */
	GDOI_CHG_REKEY_ADDR = 0x08,	/* rekey address ipv4 */
	GDOI_CHG_REKEY_AUTH = 0x10,	/* rekey authentication (on/change) */
	GDOI_CHG_REKEY_ALG = 0x20,	/* rekey algorithm */
};
/* Set by the protocol; called for a change that triggers a rekey of
 * group (`changes`: a mask of enum gdoi_change).  NULL: nobody listens. */
extern void (*gdoi_rekey_hook)(struct router *, const char *group,
	    unsigned changes);
/* A change: now (table 2 "Immediately") or at the end of config mode
 * (`end`, which leaves the group mode). */
void	gdoi_cfg_change(struct router *, struct gdoi_group *, unsigned change,
	    bool immediate);
/* Fire the pending changes of every group (the group mode's exit). */
void	gdoi_cfg_commit(struct router *);

/* `clear crypto gdoi [group G]` (group NULL: all).  The protocol's hook
 * re-registers GMs / regenerates keys; the model only counts. */
extern void (*gdoi_clear_hook)(struct router *, const char *group);
void	gdoi_clear(struct router *, const char *group);

/* ---- text ------------------------------------------------------------- */

/* Running-config text of every `crypto gdoi group` block (IOS order,
 * each block ends with "!"). */
void	gdoi_write_config(struct router *, struct strbuf *);
/* One ACL as GDOI prints it (`show crypto gdoi ks acl`, fail-close and the
 * GM's downloaded ACL): prefix + "access-list " + name + sep + ACE, with
 * ports as "port = N" ("deny udp any port = 848 any port = 848"). */
struct acl_entry_view;
/* One entry in the same form (the GM's downloaded policy). */
void	gdoi_ace_text(const struct acl_entry_view *, const char *prefix,
	    const char *acl, const char *sep, struct strbuf *);
void	gdoi_acl_lines(struct router *, const char *acl, const char *prefix,
	    const char *sep, struct strbuf *);

#endif
