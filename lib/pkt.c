/* Packet buffers.  Headroom lets lower layers prepend headers in place;
 * when it runs out the buffer is reallocated (rare: encapsulations nest a
 * few dozen bytes at most). */
#include <stdlib.h>
#include <string.h>

#include "pkt.h"

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

struct pkt *
pkt_new(size_t len)
{
	struct pkt *p = xmalloc(sizeof(*p));

	p->cap = PKT_HEADROOM + len + 64;
	p->head = xmalloc(p->cap);
	p->data = p->head + PKT_HEADROOM;
	p->len = len;
	memset(p->data, 0, len);
	p->in_if = NULL;
	p->flags = 0;
	return p;
}

struct pkt *
pkt_from(const void *bytes, size_t len)
{
	struct pkt *p = pkt_new(len);

	if (len)
		memcpy(p->data, bytes, len);
	return p;
}

struct pkt *
pkt_clone(const struct pkt *src)
{
	struct pkt *p = pkt_from(src->data, src->len);

	p->in_if = src->in_if;
	p->flags = src->flags;
	return p;
}

void
pkt_free(struct pkt *p)
{
	if (p == NULL)
		return;
	free(p->head);
	free(p);
}

static void
regrow(struct pkt *p, size_t front, size_t back)
{
	size_t cap = front + p->len + back;
	uint8_t *nh = xmalloc(cap);

	memcpy(nh + front, p->data, p->len);
	free(p->head);
	p->head = nh;
	p->cap = cap;
	p->data = nh + front;
}

uint8_t *
pkt_push(struct pkt *p, size_t n)
{
	if ((size_t)(p->data - p->head) < n)
		regrow(p, n + PKT_HEADROOM, p->cap - (size_t)(p->data - p->head) - p->len);
	p->data -= n;
	p->len += n;
	return p->data;
}

uint8_t *
pkt_pull(struct pkt *p, size_t n)
{
	uint8_t *old = p->data;

	if (n > p->len)
		return NULL;
	p->data += n;
	p->len -= n;
	return old;
}

uint8_t *
pkt_put(struct pkt *p, size_t n)
{
	size_t tail = p->cap - (size_t)(p->data - p->head) - p->len;
	uint8_t *t;

	if (tail < n)
		regrow(p, (size_t)(p->data - p->head), n + 64);
	t = p->data + p->len;
	memset(t, 0, n);
	p->len += n;
	return t;
}

void
pkt_trim(struct pkt *p, size_t len)
{
	if (len < p->len)
		p->len = len;
}
