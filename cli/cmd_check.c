/* Grammar self-check (for unit tests and `make check`): every command of
 * every mode has one help line per token, and every spelling of it built
 * from its own spec (each path through its graph, values filled with
 * samples) matches back to that command alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

#define MAX_PATHS	32
#define MAX_TOKS	64

struct walk {
	enum node_id	 node;
	struct cmd	*cmd;
	const struct cgraph *g;
	unsigned char	*visits;
	int		 toks[MAX_TOKS];
	int		 ntoks;
	int		 npaths;
	int		 problems;
	struct strbuf	*report;
};

static void
sample(const struct gnode *n, struct strbuf *sb)
{
	switch (n->type) {
	case TK_KW:
		sb_puts(sb, n->text);
		break;
	case TK_IPV4:
		sb_puts(sb, "10.0.0.1");
		break;
	case TK_PREFIX:
		sb_puts(sb, "10.0.0.0/8");
		break;
	case TK_MAC:
		sb_puts(sb, "0000.0c07.ac01");
		break;
	case TK_RANGE:
		sb_printf(sb, "%lld", n->min);
		break;
	case TK_WORD:
		sb_puts(sb, "zzsample");
		break;
	case TK_LINE:
		sb_puts(sb, "zzsample text");
		break;
	case TK_IFNAME:
		sb_puts(sb, "Serial1/0");
		break;
	}
}

static void
problem(struct walk *w, const char *fmt, const char *a, const char *b)
{
	w->problems++;
	if (w->report == NULL)
		return;
	sb_printf(w->report, "node %d: \"%s\": ", (int)w->node, w->cmd->spec);
	sb_printf(w->report, fmt, a, b);
	sb_puts(w->report, "\n");
}

static void
check_path(struct walk *w)
{
	struct strbuf line = STRBUF_INIT;
	struct mline ml;
	struct mctx m;
	int i;
	static const char *const names[] = {
		"ok", "warning", "no match", "ambiguous", "incomplete", "exit"
	};

	for (i = 0; i < w->ntoks; i++) {
		if (i)
			sb_puts(&line, " ");
		sample(&w->g->n[w->toks[i]], &line);
	}
	mline_split(&ml, sb_str(&line), 0, (int)line.len);
	cli_match_node(&m, w->node, &ml, 0, ml.n);
	match_final(&m);
	if (m.status != CMD_SUCCESS)
		problem(w, "\"%s\" gives %s", sb_str(&line),
		    names[m.status]);
	else if (m.cmds[m.final->cmd] != w->cmd)
		problem(w, "\"%s\" runs \"%s\"", sb_str(&line),
		    m.cmds[m.final->cmd]->spec);
	mctx_free(&m);
	mline_free(&ml);
	sb_free(&line);
}

static void
walk(struct walk *w, int gn)
{
	const struct gnode *n = &w->g->n[gn];
	int i;

	if (w->npaths >= MAX_PATHS)
		return;
	switch (n->kind) {
	case GN_END:
		w->npaths++;
		check_path(w);
		return;
	case GN_EPS:
		/* Loops ({..}) are taken at most twice. */
		if (w->visits[gn] >= 2)
			return;
		w->visits[gn]++;
		for (i = 0; i < n->nsucc; i++)
			walk(w, n->succ[i]);
		w->visits[gn]--;
		return;
	case GN_TOKEN:
		if (w->ntoks >= MAX_TOKS)
			return;
		w->toks[w->ntoks++] = gn;
		walk(w, n->succ[0]);
		w->ntoks--;
		return;
	}
}

int
cli_check_grammar(struct strbuf *report)
{
	struct walk w;
	struct node_info *ni;
	char a[16], b[16];
	int node, i, problems = 0;

	for (node = 0; node < NODE_MAX; node++) {
		ni = cli_node_info((enum node_id)node);
		for (i = 0; i < ni->cmds.n; i++) {
			memset(&w, 0, sizeof(w));
			w.node = (enum node_id)node;
			w.cmd = ni->cmds.v[i];
			w.g = cmd_graph(w.cmd);
			w.report = report;
			if (w.g->ntokens != w.g->nhelp) {
				snprintf(a, sizeof(a), "%d", w.g->ntokens);
				snprintf(b, sizeof(b), "%d", w.g->nhelp);
				problem(&w, "%s tokens, %s help lines", a, b);
			}
			w.visits = calloc((size_t)w.g->nn, 1);
			if (w.visits == NULL)
				abort();
			walk(&w, w.g->start);
			free(w.visits);
			problems += w.problems;
		}
	}
	return problems;
}
