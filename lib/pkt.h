/* Packet buffers: one contiguous byte buffer with headroom so headers can be
 * pushed in front (IP -> HDLC/Ethernet, later ESP/UDP) without copying. */
#ifndef VPNSIM_PKT_H
#define VPNSIM_PKT_H

#include <stddef.h>
#include <stdint.h>

#define PKT_HEADROOM	128

struct iface;

struct pkt {
	uint8_t		*data;		/* first valid byte */
	size_t		 len;		/* valid bytes from data */
	uint8_t		*head;		/* start of allocation */
	size_t		 cap;		/* allocation size */
	struct iface	*in_if;		/* interface it arrived on, if any */
	uint32_t	 flags;		/* PKT_F_* */
};

#define PKT_F_LOCAL	0x01		/* originated by this router */
#define PKT_F_NOCRYPTO	0x02		/* already processed by crypto */

struct pkt	*pkt_new(size_t len);		/* len zeroed bytes + headroom */
struct pkt	*pkt_from(const void *bytes, size_t len);
struct pkt	*pkt_clone(const struct pkt *);
void		 pkt_free(struct pkt *);	/* NULL safe */
uint8_t		*pkt_push(struct pkt *, size_t n);	/* grow at front */
uint8_t		*pkt_pull(struct pkt *, size_t n);	/* drop n at front; NULL if short */
uint8_t		*pkt_put(struct pkt *, size_t n);	/* grow at tail, returns new tail */
void		 pkt_trim(struct pkt *, size_t len);	/* shorten to len */

#endif
