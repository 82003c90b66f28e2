/* " --More-- " paging between the filters and the sink.
 *
 * Only while a command runs, only when the front end turned the pager on
 * (a terminal) and `terminal length` is not 0.  The prompt is shown lazily,
 * before the first line that would not fit, so output that ends exactly at
 * the bottom of the screen never asks for a key.  Counting restarts with
 * every command. */
#include <string.h>

#include "cli_int.h"

static const char more[] = " --More-- ";
static const char erase[] =
    "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b";

static void
sink(struct vty *v, const char *data, size_t len)
{
	if (v->sink != NULL && len > 0)
		v->sink(v->sink_ctx, data, len);
}

/* Returns false when the user asked to stop. */
static bool
ask_more(struct vty *v)
{
	int key;

	sink(v, more, sizeof(more) - 1);
	key = v->getkey(v->getkey_ctx);
	sink(v, erase, sizeof(erase) - 1);
	switch (key) {
	case ' ':
		v->pager_lines = 0;
		return true;
	case '\r':
	case '\n':
		v->pager_lines = v->term_length - 2;
		return true;
	default:
		v->discard = true;
		return false;
	}
}

void
pager_write(struct vty *v, const char *data, size_t len)
{
	const char *nl;
	size_t n;
	bool paging;

	if (v->discard || len == 0)
		return;
	paging = v->in_cmd && v->pager_on && v->term_length > 0 &&
	    v->getkey != NULL;
	if (!paging) {
		sink(v, data, len);
		v->at_bol = data[len - 1] == '\n';
		return;
	}
	while (len > 0) {
		if (v->at_bol && v->pager_lines >= v->term_length - 1 &&
		    !ask_more(v))
			return;
		nl = memchr(data, '\n', len);
		n = nl ? (size_t)(nl - data) + 1 : len;
		sink(v, data, n);
		if (nl != NULL) {
			v->pager_lines++;
			v->at_bol = true;
		} else
			v->at_bol = false;
		data += n;
		len -= n;
	}
}
