/* Sessions: mode, sub-mode context, prompt, history and the output path
 * (vty_out -> line buffer -> filters -> pager -> sink). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "router.h"

struct vty *
vty_new(struct router *r, vty_sink_fn sink, void *sink_ctx)
{
	struct vty *v = calloc(1, sizeof(*v));

	if (v == NULL)
		abort();
	v->r = r;
	v->node = VIEW_NODE;
	v->sink = sink;
	v->sink_ctx = sink_ctx;
	v->term_length = 24;
	v->at_bol = true;
	return v;
}

void
vty_free(struct vty *v)
{
	int i, k;

	if (v == NULL)
		return;
	for (i = 0; i < NODE_MAX; i++)
		free(v->ctx[i]);
	free(v->ctx_prev);
	for (k = 0; k < 2; k++)
		for (i = 0; i < v->nhist[k]; i++)
			free(v->hist[k][i]);
	for (i = 0; i < v->nfilters; i++)
		filter_free(&v->filters[i]);
	sb_free(&v->lbuf);
	free(v);
}

struct router *
vty_router(const struct vty *v)
{
	return v->r;
}

enum node_id
vty_node(const struct vty *v)
{
	return v->node;
}

void
vty_set_node(struct vty *v, enum node_id n)
{
	if ((int)n < 0 || n >= NODE_MAX)
		return;
	if (v->ctx_moved && v->ctx_node == v->node && n != v->node) {
		free(v->ctx[n]);
		v->ctx[n] = v->ctx[v->node];
		v->ctxnum[n] = v->ctxnum[v->node];
		v->ctx[v->node] = v->ctx_prev;
		v->ctxnum[v->node] = v->ctxnum_prev;
		v->ctx_prev = NULL;
		v->ctx_moved = false;
	}
	v->node = n;
}

/* First context change of this command: remember what the node had. */
static void
ctx_touch(struct vty *v)
{
	if (!v->in_cmd || v->ctx_moved)
		return;
	v->ctx_moved = true;
	v->ctx_node = v->node;
	v->ctx_prev = v->ctx[v->node] ? strdup(v->ctx[v->node]) : NULL;
	v->ctxnum_prev = v->ctxnum[v->node];
}

void
vty_ctx_settle(struct vty *v)
{
	free(v->ctx_prev);
	v->ctx_prev = NULL;
	v->ctx_moved = false;
}

const char *
vty_context_of(const struct vty *v, enum node_id n)
{
	if ((int)n < 0 || n >= NODE_MAX || v->ctx[n] == NULL)
		return "";
	return v->ctx[n];
}

int
vty_context_num_of(const struct vty *v, enum node_id n)
{
	if ((int)n < 0 || n >= NODE_MAX)
		return 0;
	return v->ctxnum[n];
}

const char *
vty_context(const struct vty *v)
{
	return vty_context_of(v, v->node);
}

void
vty_set_context(struct vty *v, const char *ctx)
{
	ctx_touch(v);
	free(v->ctx[v->node]);
	v->ctx[v->node] = ctx ? strdup(ctx) : NULL;
}

int
vty_context_num(const struct vty *v)
{
	return v->ctxnum[v->node];
}

void
vty_set_context_num(struct vty *v, int n)
{
	ctx_touch(v);
	v->ctxnum[v->node] = n;
}

void
vty_set_getline(struct vty *v, vty_getline_fn fn, void *ctx)
{
	v->getline = fn;
	v->getline_ctx = ctx;
}

bool
vty_getline(struct vty *v, const char *prompt, char *buf, size_t len)
{
	if (v->getline == NULL || len == 0)
		return false;
	/* The question must be on screen before the front end reads. */
	if (v->lbuf.len) {
		pager_write(v, v->lbuf.s, v->lbuf.len);
		sb_reset(&v->lbuf);
	}
	return v->getline(v->getline_ctx, prompt, buf, len);
}

void
vty_set_getkey(struct vty *v, vty_getkey_fn fn, void *ctx)
{
	v->getkey = fn;
	v->getkey_ctx = ctx;
}

void
vty_set_term_length(struct vty *v, int lines)
{
	v->term_length = lines < 0 ? 0 : lines;
}

int
vty_term_length(const struct vty *v)
{
	return v->term_length;
}

void
vty_set_pager(struct vty *v, bool on)
{
	v->pager_on = on;
}

void
vty_set_exec_timestamp(struct vty *v, bool on)
{
	v->exec_timestamp = on;
}

const char *
vty_prompt(struct vty *v)
{
	const struct node_info *ni = cli_node_info(v->node);
	const char *host = "Router";

	if (v->r != NULL && v->r->hostname[0])
		host = v->r->hostname;
	else if (v->r != NULL && v->r->name[0])
		host = v->r->name;
	snprintf(v->prompt, sizeof(v->prompt), ni && ni->node.prompt ?
	    ni->node.prompt : "%s>", host);
	return v->prompt;
}

/* ---- history ---------------------------------------------------------- */

void
vty_history_add(struct vty *v, const char *line)
{
	int k = cli_node_is_exec(v->node) ? 0 : 1;
	char *s = strdup(line);

	if (s == NULL)
		abort();
	if (v->nhist[k] == VTY_HIST_MAX) {
		free(v->hist[k][0]);
		memmove(&v->hist[k][0], &v->hist[k][1],
		    (VTY_HIST_MAX - 1) * sizeof(char *));
		v->nhist[k]--;
	}
	v->hist[k][v->nhist[k]++] = s;
}

/* ---- output ------------------------------------------------------------ */

void
vty_cmd_begin(struct vty *v, struct filter *f, int nf)
{
	vty_ctx_settle(v);
	v->in_cmd = true;
	v->filters = f;
	v->nfilters = nf;
	v->pager_lines = 0;
	v->discard = false;
	v->at_bol = true;
	v->err_arg = -1;
}

void
vty_cmd_end(struct vty *v)
{
	if (v->lbuf.len) {
		/* A last line without its newline. */
		if (v->nfilters)
			filter_line(v, 0, v->lbuf.s, v->lbuf.len);
		else
			pager_write(v, v->lbuf.s, v->lbuf.len);
		sb_reset(&v->lbuf);
	}
	if (v->nfilters)
		filter_finish(v, 0);
	v->in_cmd = false;
	v->filters = NULL;
	v->nfilters = 0;
	v->discard = false;
	vty_ctx_settle(v);
}

void
vty_write(struct vty *v, const char *data, size_t len)
{
	const char *nl;
	size_t n;

	if (v->discard || len == 0)
		return;
	if (v->nfilters == 0) {
		/* Unfiltered output goes out at once, partial lines too, so
		 * ping's "!!!" shows while it runs. */
		pager_write(v, data, len);
		return;
	}
	while (len > 0) {
		nl = memchr(data, '\n', len);
		if (nl == NULL) {
			sb_add(&v->lbuf, data, len);
			return;
		}
		n = (size_t)(nl - data);
		if (v->lbuf.len) {
			sb_add(&v->lbuf, data, n);
			filter_line(v, 0, v->lbuf.s, v->lbuf.len);
			sb_reset(&v->lbuf);
		} else
			filter_line(v, 0, data, n);
		data += n + 1;
		len -= n + 1;
	}
}

void
vty_out(struct vty *v, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n;

	if (v == NULL || v->discard)
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		vty_write(v, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL)
		abort();
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	vty_write(v, big, (size_t)n);
	free(big);
}
