/* The group members' decoded KS public keys.  Every rekey (GROUPKEY-PUSH)
 * is RSA-signed and verified against the public key the registration or
 * the last KEK rekey delivered (the KEK's SPKI, DER).  Decoding that DER
 * (d2i_PUBKEY, an OSSL_DECODER run) costs more than the verification
 * itself, so it is decoded once and kept:
 *   - per router, a few slots keyed by the DER bytes (struct gdoi_kek_st
 *     is copied by value, kek <- nkek, so a key found by its content
 *     survives those copies without owning anything in them);
 *   - behind them one decoded key per distinct DER for the whole lab,
 *     shared by every member of the group (the key is immutable once
 *     decoded; verifying does not change it) and freed with its last
 *     user, so a lab's thousands of members hold one key, not thousands. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "gdoi_proto.h"
#include "hmap.h"

#define PK_SLOTS	4	/* per router: the KEKs in use and next */

struct pk_ent {
	struct hmap_node node;		/* in shared, by the DER */
	uint8_t		*der;
	size_t		 len;
	EVP_PKEY	*pkey;
	unsigned	 refs;		/* routers holding it */
};

struct gdoi_pk_cache {
	struct pk_ent	*e;
};

static struct hmap shared;

static struct pk_ent *
ent_get(const uint8_t *der, size_t len)
{
	uint32_t h = hmap_hash_bytes(der, len);
	const unsigned char *d = der;
	struct hmap_node *n;
	struct pk_ent *e;
	EVP_PKEY *pk;

	for (n = hmap_first(&shared, h); n != NULL; n = hmap_next(n)) {
		e = HMAP_ENTRY(n, struct pk_ent, node);
		if (e->len == len && memcmp(e->der, der, len) == 0) {
			e->refs++;
			return e;
		}
	}
	if ((pk = d2i_PUBKEY(NULL, &d, (long)len)) == NULL)
		return NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->der = malloc(len)) == NULL)
		abort();
	memcpy(e->der, der, len);
	e->len = len;
	e->pkey = pk;
	e->refs = 1;
	hmap_insert(&shared, &e->node, h);
	return e;
}

static void
ent_put(struct pk_ent *e)
{
	if (--e->refs > 0)
		return;
	hmap_remove(&shared, &e->node);
	EVP_PKEY_free(e->pkey);
	free(e->der);
	free(e);
	if (hmap_count(&shared) == 0)
		hmap_clear(&shared);	/* nothing left behind a lab */
}

EVP_PKEY *
gdoi_gm_pubkey(struct gdoi_proto *p, const uint8_t *spki, size_t len)
{
	struct pk_ent *e;
	int	 i;

	if (spki == NULL || len == 0 || len > (size_t)LONG_MAX)
		return NULL;
	for (i = 0; i < p->n_pk; i++) {
		e = p->pk[i].e;
		if (e->len == len && memcmp(e->der, spki, len) == 0)
			return e->pkey;
	}
	if ((e = ent_get(spki, len)) == NULL)
		return NULL;
	if (p->pk == NULL && (p->pk = calloc(PK_SLOTS, sizeof(*p->pk))) ==
	    NULL)
		abort();
	if (p->n_pk == PK_SLOTS) {
		/* Full: the oldest goes (slot 0), the rest move up. */
		ent_put(p->pk[0].e);
		memmove(&p->pk[0], &p->pk[1], (PK_SLOTS - 1) * sizeof(*p->pk));
		p->n_pk--;
	}
	p->pk[p->n_pk++].e = e;
	return e->pkey;
}

void
gdoi_pk_cache_free(struct gdoi_proto *p)
{
	for (int i = 0; i < p->n_pk; i++)
		ent_put(p->pk[i].e);
	free(p->pk);
	p->pk = NULL;
	p->n_pk = 0;
}
