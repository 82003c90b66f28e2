/* The crypto configuration model: storage, IOS defaults, and the queries
 * the IKE/ESP engine and the show commands use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "acl.h"
#include "crypto_cfg.h"
#include "dp.h"
#include "ike.h"
#include "iface.h"
#include "ipsec.h"
#include "log.h"
#include "router.h"

void (*ipsec_cfg_hook)(struct router *, enum ipsec_cfg_event, const char *);

void
ipsec_cfg_changed(struct router *r, enum ipsec_cfg_event ev, const char *name)
{
	if (ipsec_cfg_hook != NULL)
		ipsec_cfg_hook(r, ev, name);
}

static void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n, sz);

	if (p == NULL)
		abort();
	return p;
}

static char *
xstrdup(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL)
		abort();
	return p;
}

/* Pointer arrays: append, remove by index. */
static void
parr_push(void *arrp, int *n, void *p)
{
	void ***arr = arrp;
	void **na = realloc(*arr, (size_t)(*n + 1) * sizeof(void *));

	if (na == NULL)
		abort();
	na[(*n)++] = p;
	*arr = na;
}

static void
parr_remove(void *arrp, int *n, int i)
{
	void ***arr = arrp;

	memmove(&(*arr)[i], &(*arr)[i + 1], (size_t)(*n - i - 1) *
	    sizeof(void *));
	(*n)--;
}

static void
copy_name(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

struct ipsec_state *
ipsec_state(struct router *r)
{
	return r == NULL ? NULL : r->ipsec;
}

/* ---- init / free --------------------------------------------------------- */

void
ipsec_router_init(struct router *r)
{
	struct ipsec_state *st = xcalloc(1, sizeof(*st));

	st->default_policies = true;
	st->nat_traversal = true;
	st->keepalive_retry = 2;
	st->sa_life_sec = CRYPTO_DEFAULT_LIFE_SEC;
	st->sa_life_kb = CRYPTO_DEFAULT_LIFE_KB;
	st->replay_window = CRYPTO_DEFAULT_WINDOW;
	r->ipsec = st;
	dp_router_init(r);
	ike_router_init(r);
}

static void
keyring_free(struct keyring *k)
{
	for (int i = 0; i < k->n_psks; i++)
		free(k->psks[i].key);
	free(k->psks);
	free(k->description);
	free(k);
}

static void
profile_free(struct isakmp_profile *p)
{
	free(p->match);
	free(p->self_fqdn);
	free(p);
}

static void
entry_free(struct crypto_map_entry *e)
{
	free(e->description);
	free(e);
}

static void
map_free(struct crypto_map *m)
{
	for (int i = 0; i < m->n_ents; i++)
		entry_free(m->ents[i]);
	free(m->ents);
	free(m);
}

void
ipsec_router_free(struct router *r)
{
	struct ipsec_state *st = r->ipsec;
	int	 i;

	if (st == NULL)
		return;
	dp_router_free(r);
	ike_router_free(r);
	if (st->engine_free != NULL)
		st->engine_free(st->engine);
	free(st->policies);
	for (i = 0; i < st->n_keys; i++)
		free(st->keys[i].key);
	free(st->keys);
	for (i = 0; i < st->n_keyrings; i++)
		keyring_free(st->keyrings[i]);
	free(st->keyrings);
	for (i = 0; i < st->n_profiles; i++)
		profile_free(st->profiles[i]);
	free(st->profiles);
	for (i = 0; i < st->n_ts; i++)
		free(st->ts[i]);
	free(st->ts);
	for (i = 0; i < st->n_ipsec_profiles; i++)
		free(st->ipsec_profiles[i]);
	free(st->ipsec_profiles);
	for (i = 0; i < st->n_maps; i++)
		map_free(st->maps[i]);
	free(st->maps);
	for (i = 0; i < st->n_bindings; i++) {
		struct iface *ifp = router_find_iface(r,
		    st->bindings[i]->ifname);

		if (ifp != NULL && ifp->crypto_map == st->bindings[i])
			ifp->crypto_map = NULL;
		free(st->bindings[i]);
	}
	free(st->bindings);
	for (i = 0; i < st->n_rsa; i++)
		ipsec_rsa_free(st->rsa[i]);
	free(st->rsa);
	free(st);
	r->ipsec = NULL;
}

/* ---- ISAKMP policies ------------------------------------------------------ */

#define SUITE(p, e, k, h, a, g) \
	{ p, e, k, h, a, g, ISAKMP_DEFAULT_LIFETIME, true }

/* IOS 15 default protection suites (`show crypto isakmp default policy`). */
#define AES	OAKLEY_ENCR_AES
#define TDES	OAKLEY_ENCR_3DES
#define SHA	OAKLEY_HASH_SHA
#define MD5	OAKLEY_HASH_MD5
#define RSA	OAKLEY_AUTH_RSA_SIG
#define PSK	OAKLEY_AUTH_PSK
static const struct isakmp_policy default_suites[] = {
	SUITE(65507, AES, 128, SHA, RSA, 5),
	SUITE(65508, AES, 128, SHA, PSK, 5),
	SUITE(65509, AES, 128, MD5, RSA, 5),
	SUITE(65510, AES, 128, MD5, PSK, 5),
	SUITE(65511, TDES, 0, SHA, RSA, 2),
	SUITE(65512, TDES, 0, SHA, PSK, 2),
	SUITE(65513, TDES, 0, MD5, RSA, 2),
	SUITE(65514, TDES, 0, MD5, PSK, 2),
};
#undef AES
#undef TDES
#undef SHA
#undef MD5
#undef RSA
#undef PSK

/* The lowest-priority suite: the values of an unset policy. */
static const struct isakmp_policy default_suite =
	SUITE(ISAKMP_DEFAULT_PRIORITY, OAKLEY_ENCR_DES, 0, OAKLEY_HASH_SHA,
	    OAKLEY_AUTH_RSA_SIG, 1);

int
ipsec_default_policies(const struct isakmp_policy **out)
{
	*out = default_suites;
	return (int)(sizeof(default_suites) / sizeof(default_suites[0]));
}

const struct isakmp_policy *
ipsec_default_suite(void)
{
	return &default_suite;
}

int
ipsec_policy_list(struct router *r, struct isakmp_policy *out, int max)
{
	struct ipsec_state *st = ipsec_state(r);
	int	 n = 0, i;

#define ADD(p) do { if (n < max) out[n] = (p); n++; } while (0)
	for (i = 0; i < st->n_policies; i++)
		ADD(st->policies[i]);
	if (st->n_policies == 0 && st->default_policies) {
		for (i = 0; i < (int)(sizeof(default_suites) /
		    sizeof(default_suites[0])); i++)
			ADD(default_suites[i]);
	} else
		ADD(default_suite);
#undef ADD
	return n;
}

struct isakmp_policy *
ipsec_policy_find(struct router *r, int priority)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_policies; i++)
		if (st->policies[i].priority == priority)
			return &st->policies[i];
	return NULL;
}

struct isakmp_policy *
ipsec_policy_get(struct router *r, int priority)
{
	struct ipsec_state *st = ipsec_state(r);
	struct isakmp_policy *np, p;
	int	 i;

	if ((np = ipsec_policy_find(r, priority)) != NULL)
		return np;
	p = default_suite;
	p.priority = priority;
	p.is_default = false;
	np = realloc(st->policies, (size_t)(st->n_policies + 1) * sizeof(p));
	if (np == NULL)
		abort();
	st->policies = np;
	for (i = 0; i < st->n_policies && np[i].priority < priority; i++)
		;
	memmove(&np[i + 1], &np[i], (size_t)(st->n_policies - i) * sizeof(p));
	np[i] = p;
	st->n_policies++;
	ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
	return &np[i];
}

void
ipsec_policy_delete(struct router *r, int priority)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_policies; i++)
		if (st->policies[i].priority == priority) {
			memmove(&st->policies[i], &st->policies[i + 1],
			    (size_t)(st->n_policies - i - 1) *
			    sizeof(st->policies[0]));
			st->n_policies--;
			ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
			return;
		}
}

/* ---- keys and keyrings --------------------------------------------------- */

static void
psk_set(struct psk **arr, int *n, uint32_t addr, uint32_t mask,
    const char *key, bool no_xauth)
{
	struct psk *na;
	int	 i;

	addr &= mask;
	for (i = 0; i < *n; i++)
		if ((*arr)[i].addr == addr && (*arr)[i].mask == mask) {
			free((*arr)[i].key);
			(*arr)[i].key = xstrdup(key);
			(*arr)[i].no_xauth = no_xauth;
			return;
		}
	na = realloc(*arr, (size_t)(*n + 1) * sizeof(**arr));
	if (na == NULL)
		abort();
	na[*n].addr = addr;
	na[*n].mask = mask;
	na[*n].key = xstrdup(key);
	na[*n].no_xauth = no_xauth;
	(*n)++;
	*arr = na;
}

static bool
psk_del(struct psk *arr, int *n, uint32_t addr, uint32_t mask)
{
	addr &= mask;
	for (int i = 0; i < *n; i++)
		if (arr[i].addr == addr && arr[i].mask == mask) {
			free(arr[i].key);
			memmove(&arr[i], &arr[i + 1], (size_t)(*n - i - 1) *
			    sizeof(arr[0]));
			(*n)--;
			return true;
		}
	return false;
}

/* Most specific entry covering peer. */
static const struct psk *
psk_match(const struct psk *arr, int n, uint32_t peer)
{
	const struct psk *best = NULL;

	for (int i = 0; i < n; i++)
		if ((peer & arr[i].mask) == arr[i].addr &&
		    (best == NULL || arr[i].mask > best->mask))
			best = &arr[i];
	return best;
}

void
ipsec_key_set(struct router *r, uint32_t addr, uint32_t mask, const char *key,
    bool no_xauth)
{
	struct ipsec_state *st = ipsec_state(r);

	psk_set(&st->keys, &st->n_keys, addr, mask, key, no_xauth);
	ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
}

bool
ipsec_key_delete(struct router *r, uint32_t addr, uint32_t mask)
{
	struct ipsec_state *st = ipsec_state(r);

	ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
	return psk_del(st->keys, &st->n_keys, addr, mask);
}

struct keyring *
ipsec_keyring_find(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_keyrings; i++)
		if (strcmp(st->keyrings[i]->name, name) == 0)
			return st->keyrings[i];
	return NULL;
}

struct keyring *
ipsec_keyring_get(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);
	struct keyring *k;

	if ((k = ipsec_keyring_find(r, name)) != NULL)
		return k;
	k = xcalloc(1, sizeof(*k));
	copy_name(k->name, sizeof(k->name), name);
	parr_push(&st->keyrings, &st->n_keyrings, k);
	return k;
}

void
ipsec_keyring_delete(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_keyrings; i++)
		if (strcmp(st->keyrings[i]->name, name) == 0) {
			keyring_free(st->keyrings[i]);
			parr_remove(&st->keyrings, &st->n_keyrings, i);
			ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
			return;
		}
}

void
ipsec_keyring_set_psk(struct keyring *k, uint32_t addr, uint32_t mask,
    const char *key)
{
	psk_set(&k->psks, &k->n_psks, addr, mask, key, false);
}

bool
ipsec_keyring_del_psk(struct keyring *k, uint32_t addr, uint32_t mask)
{
	return psk_del(k->psks, &k->n_psks, addr, mask);
}

const char *
ipsec_psk_lookup(struct router *r, uint32_t peer, const char *keyring)
{
	struct ipsec_state *st = ipsec_state(r);
	const struct psk *p;
	struct keyring *k;

	if (keyring != NULL && keyring[0] != '\0') {
		if ((k = ipsec_keyring_find(r, keyring)) == NULL)
			return NULL;
		p = psk_match(k->psks, k->n_psks, peer);
	} else
		p = psk_match(st->keys, st->n_keys, peer);
	return p == NULL ? NULL : p->key;
}

const char *
ipsec_psk_find_any(struct router *r, uint32_t peer, const char **keyring_out)
{
	struct ipsec_state *st = ipsec_state(r);
	const struct psk *best, *p;
	const char *kr = "";

	best = psk_match(st->keys, st->n_keys, peer);
	for (int i = 0; i < st->n_keyrings; i++) {
		p = psk_match(st->keyrings[i]->psks, st->keyrings[i]->n_psks,
		    peer);
		if (p != NULL && (best == NULL || p->mask > best->mask)) {
			best = p;
			kr = st->keyrings[i]->name;
		}
	}
	if (keyring_out != NULL)
		*keyring_out = kr;
	return best == NULL ? NULL : best->key;
}

/* ---- ISAKMP profiles ------------------------------------------------------ */

struct isakmp_profile *
ipsec_isakmp_profile_find(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_profiles; i++)
		if (strcmp(st->profiles[i]->name, name) == 0)
			return st->profiles[i];
	return NULL;
}

struct isakmp_profile *
ipsec_isakmp_profile_get(struct router *r, const char *name, bool *created)
{
	struct ipsec_state *st = ipsec_state(r);
	struct isakmp_profile *p;

	*created = false;
	if ((p = ipsec_isakmp_profile_find(r, name)) != NULL)
		return p;
	p = xcalloc(1, sizeof(*p));
	copy_name(p->name, sizeof(p->name), name);
	p->self_identity = -1;
	parr_push(&st->profiles, &st->n_profiles, p);
	*created = true;
	return p;
}

void
ipsec_isakmp_profile_delete(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_profiles; i++)
		if (strcmp(st->profiles[i]->name, name) == 0) {
			profile_free(st->profiles[i]);
			parr_remove(&st->profiles, &st->n_profiles, i);
			ipsec_cfg_changed(r, IPSEC_CFG_ISAKMP, NULL);
			return;
		}
}

struct isakmp_profile *
ipsec_isakmp_profile_match(struct router *r, uint32_t addr)
{
	struct ipsec_state *st = ipsec_state(r);
	struct isakmp_profile *best = NULL;
	uint32_t bestmask = 0;

	for (int i = 0; i < st->n_profiles; i++) {
		struct isakmp_profile *p = st->profiles[i];

		for (int j = 0; j < p->n_match; j++)
			if ((addr & p->match[j].mask) == p->match[j].addr &&
			    (best == NULL || p->match[j].mask > bestmask)) {
				best = p;
				bestmask = p->match[j].mask;
			}
	}
	return best;
}

/* ---- transform sets and IPsec profiles ----------------------------------- */

struct transform_set *
ipsec_ts_find(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_ts; i++)
		if (strcmp(st->ts[i]->name, name) == 0)
			return st->ts[i];
	return NULL;
}

struct transform_set *
ipsec_ts_get(struct router *r, const char *name, bool *created)
{
	struct ipsec_state *st = ipsec_state(r);
	struct transform_set *t;

	*created = false;
	if ((t = ipsec_ts_find(r, name)) != NULL)
		return t;
	t = xcalloc(1, sizeof(*t));
	copy_name(t->name, sizeof(t->name), name);
	t->mode = IPSEC_ENCAP_TUNNEL;
	parr_push(&st->ts, &st->n_ts, t);
	*created = true;
	return t;
}

void
ipsec_ts_delete(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_ts; i++)
		if (strcmp(st->ts[i]->name, name) == 0) {
			free(st->ts[i]);
			parr_remove(&st->ts, &st->n_ts, i);
			return;
		}
}

struct ipsec_profile *
ipsec_profile_find(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_ipsec_profiles; i++)
		if (strcmp(st->ipsec_profiles[i]->name, name) == 0)
			return st->ipsec_profiles[i];
	return NULL;
}

struct ipsec_profile *
ipsec_profile_get(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);
	struct ipsec_profile *p;

	if ((p = ipsec_profile_find(r, name)) != NULL)
		return p;
	p = xcalloc(1, sizeof(*p));
	copy_name(p->name, sizeof(p->name), name);
	parr_push(&st->ipsec_profiles, &st->n_ipsec_profiles, p);
	return p;
}

void
ipsec_profile_delete(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_ipsec_profiles; i++)
		if (strcmp(st->ipsec_profiles[i]->name, name) == 0) {
			free(st->ipsec_profiles[i]);
			parr_remove(&st->ipsec_profiles,
			    &st->n_ipsec_profiles, i);
			return;
		}
}

/* ---- crypto maps --------------------------------------------------------- */

struct crypto_map *
ipsec_map_find(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_maps; i++)
		if (strcmp(st->maps[i]->name, name) == 0)
			return st->maps[i];
	return NULL;
}

struct crypto_map *
ipsec_map_get(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);
	struct crypto_map *m;

	if ((m = ipsec_map_find(r, name)) != NULL)
		return m;
	m = xcalloc(1, sizeof(*m));
	copy_name(m->name, sizeof(m->name), name);
	parr_push(&st->maps, &st->n_maps, m);
	return m;
}

struct crypto_map_entry *
ipsec_map_entry_find(const struct crypto_map *m, int seq)
{
	if (m == NULL)
		return NULL;
	for (int i = 0; i < m->n_ents; i++)
		if (m->ents[i]->seq == seq)
			return m->ents[i];
	return NULL;
}

struct crypto_map_entry *
ipsec_map_entry_get(struct router *r, const char *name, int seq,
    bool *created)
{
	struct crypto_map *m = ipsec_map_get(r, name);
	struct crypto_map_entry *e;
	int	 i;

	*created = false;
	if ((e = ipsec_map_entry_find(m, seq)) != NULL)
		return e;
	e = xcalloc(1, sizeof(*e));
	e->seq = seq;
	parr_push(&m->ents, &m->n_ents, e);
	/* Keep entries sorted by sequence number. */
	for (i = m->n_ents - 1; i > 0 && m->ents[i - 1]->seq > seq; i--) {
		m->ents[i] = m->ents[i - 1];
		m->ents[i - 1] = e;
	}
	*created = true;
	return e;
}

void
ipsec_map_delete(struct router *r, const char *name)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_maps; i++)
		if (strcmp(st->maps[i]->name, name) == 0) {
			map_free(st->maps[i]);
			parr_remove(&st->maps, &st->n_maps, i);
			ipsec_cfg_changed(r, IPSEC_CFG_MAP_ENTRY, name);
			return;
		}
}

void
ipsec_map_entry_delete(struct router *r, const char *name, int seq)
{
	struct crypto_map *m = ipsec_map_find(r, name);

	if (m == NULL)
		return;
	for (int i = 0; i < m->n_ents; i++)
		if (m->ents[i]->seq == seq) {
			entry_free(m->ents[i]);
			parr_remove(&m->ents, &m->n_ents, i);
			ipsec_cfg_changed(r, IPSEC_CFG_MAP_ENTRY, name);
			break;
		}
	/* A map without entries (and no local-address) disappears. */
	if (m->n_ents == 0 && m->local_if[0] == '\0')
		ipsec_map_delete(r, name);
}

/* ---- interfaces ------------------------------------------------------------ */

/* Forget bindings whose interface is gone (deleted loopbacks). */
static void
purge_bindings(struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);

	for (int i = 0; i < st->n_bindings; i++) {
		struct crypto_map_binding *b = st->bindings[i];
		struct iface *ifp = router_find_iface(r, b->ifname);

		if (ifp == NULL || ifp->crypto_map != b) {
			free(b);
			parr_remove(&st->bindings, &st->n_bindings, i);
			i--;
		}
	}
}

static void
isakmp_on_off(struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	bool	 on;

	purge_bindings(r);
	on = st->n_bindings > 0;
	if (on == st->isakmp_on)
		return;
	st->isakmp_on = on;
	rlog(r, SEV_INFO, "CRYPTO", "ISAKMP_ON_OFF", "ISAKMP is %s",
	    on ? "ON" : "OFF");
}

void
ipsec_iface_set_map(struct iface *ifp, const char *map)
{
	struct router *r = ifp->r;
	struct ipsec_state *st = ipsec_state(r);
	struct crypto_map_binding *b = ifp->crypto_map;

	purge_bindings(r);
	if (b == NULL) {
		b = xcalloc(1, sizeof(*b));
		copy_name(b->ifname, sizeof(b->ifname), ifp->name);
		parr_push(&st->bindings, &st->n_bindings, b);
		ifp->crypto_map = b;
	}
	copy_name(b->map, sizeof(b->map), map);
	isakmp_on_off(r);
	ipsec_cfg_changed(r, IPSEC_CFG_MAP_IFACE, ifp->name);
}

void
ipsec_iface_clear_map(struct iface *ifp)
{
	struct router *r = ifp->r;
	struct ipsec_state *st = ipsec_state(r);

	if (ifp->crypto_map == NULL)
		return;
	for (int i = 0; i < st->n_bindings; i++)
		if (st->bindings[i] == ifp->crypto_map) {
			free(st->bindings[i]);
			parr_remove(&st->bindings, &st->n_bindings, i);
			break;
		}
	ifp->crypto_map = NULL;
	isakmp_on_off(r);
	ipsec_cfg_changed(r, IPSEC_CFG_MAP_IFACE, ifp->name);
}

struct crypto_map *
ipsec_iface_map(struct iface *ifp)
{
	const struct crypto_map_binding *b;

	if (ifp == NULL || ifp->r == NULL || ifp->r->ipsec == NULL ||
	    (b = ifp->crypto_map) == NULL)
		return NULL;
	return ipsec_map_find(ifp->r, b->map);
}

struct iface **
ipsec_map_ifaces(struct router *r, const char *map, int *n)
{
	struct iface **v = xcalloc((size_t)r->n_ifaces + 1, sizeof(*v));

	*n = 0;
	for (int i = 0; i < r->n_ifaces; i++) {
		const struct crypto_map_binding *b = r->ifaces[i]->crypto_map;

		if (b != NULL && strcmp(b->map, map) == 0)
			v[(*n)++] = r->ifaces[i];
	}
	return v;
}

bool
ipsec_map_entry_complete(struct router *r, const struct crypto_map_entry *e)
{
	return e->type == CMAP_IPSEC_ISAKMP && e->n_peers > 0 &&
	    e->acl[0] != '\0' && acl_exists(r, e->acl);
}

struct crypto_map_entry *
ipsec_map_match(struct iface *ifp, const uint8_t *ip, size_t len)
{
	struct crypto_map *m = ipsec_iface_map(ifp);

	if (m == NULL)
		return NULL;
	for (int i = 0; i < m->n_ents; i++) {
		struct crypto_map_entry *e = m->ents[i];

		if (!ipsec_map_entry_complete(ifp->r, e))
			continue;
		if (acl_eval(ifp->r, e->acl, ip, len, false) == ACL_PERMIT)
			return e;
	}
	return NULL;
}

uint32_t
ipsec_map_local_addr(struct router *r, const struct crypto_map *m,
    struct iface *ifp)
{
	struct iface *l;

	if (m != NULL && m->local_if[0] != '\0' &&
	    (l = router_find_iface(r, m->local_if)) != NULL)
		return l->addr;
	return ifp != NULL ? ifp->addr : 0;
}

uint32_t
ipsec_map_life_sec(struct router *r, const struct crypto_map_entry *e)
{
	return e->life_sec != 0 ? e->life_sec : ipsec_state(r)->sa_life_sec;
}

uint32_t
ipsec_map_life_kb(struct router *r, const struct crypto_map_entry *e)
{
	return e->life_kb != 0 ? e->life_kb : ipsec_state(r)->sa_life_kb;
}

uint32_t
ipsec_map_current_peer(const struct crypto_map_entry *e)
{
	if (e->n_peers == 0)
		return 0;
	if (e->cur_peer < 0 || e->cur_peer >= e->n_peers)
		return e->peers[0];
	return e->peers[e->cur_peer];
}

/* ---- text ------------------------------------------------------------------ */

const char *
ike_encr_text(uint16_t encr, uint16_t keylen)
{
	switch (encr) {
	case OAKLEY_ENCR_DES:
		return "DES - Data Encryption Standard (56 bit keys).";
	case OAKLEY_ENCR_3DES:
		return "Three key triple DES";
	case OAKLEY_ENCR_AES:
		return keylen == 256 ?
		    "AES - Advanced Encryption Standard (256 bit keys)." :
		    keylen == 192 ?
		    "AES - Advanced Encryption Standard (192 bit keys)." :
		    "AES - Advanced Encryption Standard (128 bit keys).";
	default:
		return "Unknown";
	}
}

const char *
ike_hash_text(uint16_t hash)
{
	switch (hash) {
	case OAKLEY_HASH_MD5:
		return "Message Digest 5";
	case OAKLEY_HASH_SHA:
		return "Secure Hash Standard";
	case OAKLEY_HASH_SHA256:
		return "Secure Hash Standard 2 (256 bit)";
	case OAKLEY_HASH_SHA384:
		return "Secure Hash Standard 2 (384 bit)";
	case OAKLEY_HASH_SHA512:
		return "Secure Hash Standard 2 (512 bit)";
	default:
		return "Unknown";
	}
}

const char *
ike_auth_text(uint16_t auth)
{
	switch (auth) {
	case OAKLEY_AUTH_PSK:
		return "Pre-Shared Key";
	case OAKLEY_AUTH_RSA_SIG:
		return "Rivest-Shamir-Adleman Signature";
	case OAKLEY_AUTH_RSA_ENCR:
		return "Rivest-Shamir-Adleman Encryption";
	default:
		return "Unknown";
	}
}

static const struct {
	int		 group;
	const char	*text;
} groups[] = {
	{ 1, "#1 (768 bit)" },
	{ 2, "#2 (1024 bit)" },
	{ 5, "#5 (1536 bit)" },
	{ 14, "#14 (2048 bit)" },
	{ 15, "#15 (3072 bit)" },
	{ 16, "#16 (4096 bit)" },
	{ 19, "#19 (256 bit ecp)" },
	{ 20, "#20 (384 bit ecp)" },
	{ 24, "#24 (2048 bit, 256 bit subgroup)" },
};

const char *
ike_group_text(uint16_t group)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].group == group)
			return groups[i].text;
	return "Unknown";
}

bool
ike_group_valid(int group)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].group == group)
			return true;
	return false;
}

void
ipsec_ts_transforms_text(const struct transform_set *t, bool show,
    struct strbuf *sb)
{
	const char *sep = "";

	switch (t->ah) {
	case AH_MD5:
		sb_printf(sb, "%sah-md5-hmac", sep), sep = " ";
		break;
	case AH_SHA:
		sb_printf(sb, "%sah-sha-hmac", sep), sep = " ";
		break;
	case AH_SHA2_256:
		sb_printf(sb, "%sah-sha256-hmac", sep), sep = " ";
		break;
	case AH_SHA2_384:
		sb_printf(sb, "%sah-sha384-hmac", sep), sep = " ";
		break;
	case AH_SHA2_512:
		sb_printf(sb, "%sah-sha512-hmac", sep), sep = " ";
		break;
	default:
		break;
	}
	if (t->esp_encr != 0) {
		const char *n = t->esp_encr == ESP_DES ? "des" :
		    t->esp_encr == ESP_3DES ? "3des" :
		    t->esp_encr == ESP_AES ? "aes" :
		    t->esp_encr == ESP_AES_GCM_16 ? "gcm" :
		    t->esp_encr == ESP_NULL_AUTH_AES_GMAC ? "gmac" : "null";
		bool keyed = t->esp_encr == ESP_AES ||
		    t->esp_encr == ESP_AES_GCM_16 ||
		    t->esp_encr == ESP_NULL_AUTH_AES_GMAC;

		if (keyed && t->keylen != 0 && t->keylen != 128) {
			if (show)
				sb_printf(sb, "%sesp-%u-%s", sep, t->keylen, n);
			else
				sb_printf(sb, "%sesp-%s %u", sep, n, t->keylen);
		} else
			sb_printf(sb, "%sesp-%s", sep, n);
		sep = " ";
	}
	switch (t->esp_auth) {
	case IPSEC_AUTH_HMAC_MD5:
		sb_printf(sb, "%sesp-md5-hmac", sep);
		break;
	case IPSEC_AUTH_HMAC_SHA:
		sb_printf(sb, "%sesp-sha-hmac", sep);
		break;
	case IPSEC_AUTH_HMAC_SHA256:
		sb_printf(sb, "%sesp-sha256-hmac", sep);
		break;
	case IPSEC_AUTH_HMAC_SHA384:
		sb_printf(sb, "%sesp-sha384-hmac", sep);
		break;
	case IPSEC_AUTH_HMAC_SHA512:
		sb_printf(sb, "%sesp-sha512-hmac", sep);
		break;
	default:
		break;
	}
}
