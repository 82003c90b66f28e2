/* A small intrusive hash index: chained buckets, power-of-two size,
 * doubled at a load factor of 1.  It indexes objects that live in some
 * other container (usually a TAILQ that keeps the order shows and
 * determinism depend on); the index itself never decides an order, it
 * only finds.  Embed a struct hmap_node in the object, insert it with a
 * hash of its key, and walk the nodes of one hash to compare keys:
 *
 *	struct hmap_node *n;
 *	for (n = hmap_first(&m, h); n != NULL; n = hmap_next(n))
 *		if (HMAP_ENTRY(n, struct foo, node)->key == key) ...
 *
 * A zeroed struct hmap (calloc, memset, HMAP_INIT) is an empty map that
 * allocates its buckets on the first insert.  The hash functions are
 * fixed (no per-process seed), so a lab run is the same every time. */
#ifndef VPNSIM_HMAP_H
#define VPNSIM_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap_node {
	struct hmap_node *next;		/* in the bucket */
	uint32_t	 hash;
};

struct hmap {
	struct hmap_node **b;		/* NULL while never used */
	size_t		 mask;		/* buckets - 1 */
	size_t		 n;		/* nodes */
};

#define HMAP_INIT	{ NULL, 0, 0 }
#define HMAP_ENTRY(node, type, member)					\
	((type *)(void *)((char *)(node) - offsetof(type, member)))

/* Release the buckets (not the nodes); the map is empty and usable. */
void	hmap_clear(struct hmap *);
/* node must not be in a map; duplicates of a key are allowed. */
void	hmap_insert(struct hmap *, struct hmap_node *, uint32_t hash);
/* node must be in this map. */
void	hmap_remove(struct hmap *, struct hmap_node *);
/* The first / next node whose hash is hash (key still to be compared). */
struct hmap_node *hmap_first(const struct hmap *, uint32_t hash);
struct hmap_node *hmap_next(const struct hmap_node *);
size_t	hmap_count(const struct hmap *);

uint32_t hmap_hash_u32(uint32_t);
uint32_t hmap_hash_u64(uint64_t);
uint32_t hmap_hash_bytes(const void *, size_t);
uint32_t hmap_hash_str(const char *);
uint32_t hmap_hash_strcase(const char *);	/* ASCII case folded */

#endif
