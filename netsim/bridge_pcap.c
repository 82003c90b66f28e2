/* libpcap back end: a live capture on an existing host interface, in
 * promiscuous mode (the router's MAC is not the host's), incoming
 * direction only, filtered to what this router interface's NIC would take:
 * frames to its MAC, broadcast and multicast.  Frames are sent with
 * pcap_inject.  The capture is non-blocking and polled through
 * pcap_get_selectable_fd. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge_priv.h"
#include "iface.h"
#include "pkt.h"

struct rxq {
	uint8_t		*buf[BRIDGE_READ_BURST];
	size_t		 len[BRIDGE_READ_BURST];
	int		 n;
};

static void
perr(char *err, size_t errlen, const char *dev, const char *what)
{
	snprintf(err, errlen, "cannot capture on %s: %s", dev, what);
}

/* pcap_activate's result as a sentence. */
static void
activate_error(pcap_t *pd, int rc, const char *dev, char *err, size_t errlen)
{
	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		perr(err, errlen, dev, "no such interface");
		break;
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		perr(err, errlen, dev, bridge_errno_text(EPERM));
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		perr(err, errlen, dev, "interface is down");
		break;
	default:
		perr(err, errlen, dev, pcap_geterr(pd));
		break;
	}
}

static int
pcap_open_bridge(struct bridge *b, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "", filter[160];
	const char *dev = b->spec.dev;
	const uint8_t *m = b->ifp->mac;
	struct bpf_program prog;
	pcap_t *pd;
	int rc, fd;

	if ((pd = pcap_create(dev, ebuf)) == NULL) {
		perr(err, errlen, dev, ebuf);
		return -1;
	}
	pcap_set_snaplen(pd, BRIDGE_MAX_FRAME);
	pcap_set_promisc(pd, 1);
	pcap_set_immediate_mode(pd, 1);
	pcap_set_timeout(pd, 1);
	if ((rc = pcap_activate(pd)) < 0) {
		activate_error(pd, rc, dev, err, errlen);
		pcap_close(pd);
		return -1;
	}
	if (pcap_datalink(pd) != DLT_EN10MB) {
		perr(err, errlen, dev, "not an Ethernet interface");
		pcap_close(pd);
		return -1;
	}
	/* Our own injected frames must not come back in. */
	if (pcap_setdirection(pd, PCAP_D_IN) != 0) {
		perr(err, errlen, dev, pcap_geterr(pd));
		pcap_close(pd);
		return -1;
	}
	snprintf(filter, sizeof(filter),
	    "(ether dst %02x:%02x:%02x:%02x:%02x:%02x or ether broadcast or "
	    "ether multicast) and not ether src %02x:%02x:%02x:%02x:%02x:%02x",
	    m[0], m[1], m[2], m[3], m[4], m[5], m[0], m[1], m[2], m[3], m[4], m[5]);
	if (pcap_compile(pd, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		perr(err, errlen, dev, pcap_geterr(pd));
		pcap_close(pd);
		return -1;
	}
	rc = pcap_setfilter(pd, &prog);
	pcap_freecode(&prog);
	if (rc != 0 || pcap_setnonblock(pd, 1, ebuf) != 0) {
		perr(err, errlen, dev, rc != 0 ? pcap_geterr(pd) : ebuf);
		pcap_close(pd);
		return -1;
	}
	if ((fd = pcap_get_selectable_fd(pd)) < 0) {
		perr(err, errlen, dev, "no selectable descriptor");
		pcap_close(pd);
		return -1;
	}
	b->priv = pd;
	b->fd = fd;
	return 0;
}

static int
pcap_send_bridge(struct bridge *b, const uint8_t *frame, size_t len)
{
	errno = 0;
	if (pcap_inject(b->priv, frame, len) < 0) {
		/* Linux sets errno from send(); make sure there is one. */
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* Frames are copied and delivered after pcap_dispatch returns: delivering
 * may send (pcap_inject) on the same handle. */
static void
on_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct rxq *q = (struct rxq *)user;

	if (q->n >= BRIDGE_READ_BURST)
		return;
	if (h->caplen < h->len) {
		q->buf[q->n] = NULL;	/* truncated: counted as an error */
		q->len[q->n++] = 0;
		return;
	}
	q->buf[q->n] = malloc(h->caplen ? h->caplen : 1);
	if (q->buf[q->n] == NULL)
		abort();
	memcpy(q->buf[q->n], bytes, h->caplen);
	q->len[q->n++] = h->caplen;
}

static int
pcap_readable(struct bridge *b)
{
	struct rxq q;
	int rc;

	q.n = 0;
	rc = pcap_dispatch(b->priv, BRIDGE_READ_BURST, on_frame, (u_char *)&q);
	for (int i = 0; i < q.n; i++) {
		/* Each delivery may close nothing of ours: the bridge lives
		 * until this loop ends (bridges close from the CLI only). */
		bridge_input(b, q.buf[i], q.len[i]);
		free(q.buf[i]);
	}
	if (rc == PCAP_ERROR) {
		snprintf(b->failure, sizeof(b->failure), "%s", pcap_geterr(b->priv));
		return -1;
	}
	return 0;
}

static void
pcap_close_bridge(struct bridge *b)
{
	if (b->priv != NULL)
		pcap_close(b->priv);
	b->priv = NULL;
}

const struct bridge_ops bridge_pcap_ops = {
	pcap_open_bridge, pcap_send_bridge, pcap_readable, pcap_close_bridge
};
