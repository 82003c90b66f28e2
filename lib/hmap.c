/* Intrusive hash index (see hmap.h). */
#include <stdlib.h>

#include "hmap.h"

#define HMAP_MIN_BUCKETS	4

/* The finaliser of MurmurHash3: every input bit moves every output bit,
 * so sequential ids and addresses spread over the buckets. */
static uint32_t
fmix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

uint32_t
hmap_hash_u32(uint32_t v)
{
	return fmix32(v);
}

uint32_t
hmap_hash_u64(uint64_t v)
{
	return fmix32((uint32_t)v ^ fmix32((uint32_t)(v >> 32)));
}

/* FNV-1a, then the finaliser (FNV's low bits alone are weak). */
uint32_t
hmap_hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return fmix32(h);
}

uint32_t
hmap_hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return fmix32(h);
}

uint32_t
hmap_hash_strcase(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return fmix32(h);
}

void
hmap_clear(struct hmap *m)
{
	free(m->b);
	m->b = NULL;
	m->mask = 0;
	m->n = 0;
}

static void
resize(struct hmap *m, size_t nb)
{
	struct hmap_node **b = calloc(nb, sizeof(*b)), *x, *nx;

	if (b == NULL)
		abort();
	for (size_t i = 0; m->b != NULL && i <= m->mask; i++)
		for (x = m->b[i]; x != NULL; x = nx) {
			nx = x->next;
			x->next = b[x->hash & (nb - 1)];
			b[x->hash & (nb - 1)] = x;
		}
	free(m->b);
	m->b = b;
	m->mask = nb - 1;
}

void
hmap_insert(struct hmap *m, struct hmap_node *x, uint32_t hash)
{
	struct hmap_node **head;

	if (m->b == NULL)
		resize(m, HMAP_MIN_BUCKETS);
	else if (m->n > m->mask)
		resize(m, (m->mask + 1) * 2);
	x->hash = hash;
	head = &m->b[hash & m->mask];
	x->next = *head;
	*head = x;
	m->n++;
}

void
hmap_remove(struct hmap *m, struct hmap_node *x)
{
	struct hmap_node **pp;

	if (m->b == NULL)
		return;
	for (pp = &m->b[x->hash & m->mask]; *pp != NULL; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			x->next = NULL;
			m->n--;
			return;
		}
}

struct hmap_node *
hmap_first(const struct hmap *m, uint32_t hash)
{
	struct hmap_node *x;

	if (m->b == NULL)
		return NULL;
	for (x = m->b[hash & m->mask]; x != NULL; x = x->next)
		if (x->hash == hash)
			return x;
	return NULL;
}

struct hmap_node *
hmap_next(const struct hmap_node *x)
{
	uint32_t hash = x->hash;

	for (x = x->next; x != NULL; x = x->next)
		if (x->hash == hash)
			return (struct hmap_node *)(uintptr_t)x;
	return NULL;
}

size_t
hmap_count(const struct hmap *m)
{
	return m->n;
}
