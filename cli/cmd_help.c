/* `?` and TAB.  Both run the matcher over the complete words and then look
 * at what the surviving states accept next:
 *   "show ip ?"  rows of next tokens with help, values first, keywords
 *                sorted, then "|" (show commands) and "<cr>";
 *   "sh?"        the words the partial word can become, on one line;
 *   TAB          the partial word completed when that is unique. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

#define TERM_WIDTH	80

struct row {
	char		*word;
	const char	*help;
	char		*help_own;	/* made up here ("Serial interface
					   number"), freed with the row */
	bool		 value;
};

struct rows {
	struct row	*v;
	int		 n, cap;
	bool		 cr;
	bool		 pipe;
	int		 nvalues;
};

static struct row *
rows_add(struct rows *r, const char *word, const char *help, bool value)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].word, word) == 0)
			return NULL;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = realloc(r->v, (size_t)r->cap * sizeof(*r->v));
		if (r->v == NULL)
			abort();
	}
	r->v[r->n].word = strdup(word);
	if (r->v[r->n].word == NULL)
		abort();
	r->v[r->n].help = help ? help : "";
	r->v[r->n].help_own = NULL;
	r->v[r->n].value = value;
	if (value)
		r->nvalues++;
	return &r->v[r->n++];
}

static void
rows_free(struct rows *r)
{
	int i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].word);
		free(r->v[i].help_own);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Values first in the order found, then keywords alphabetically. */
static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->value != y->value)
		return x->value ? -1 : 1;
	if (x->value)
		return 0;
	return strcasecmp(x->word, y->word);
}

static void
rows_sort(struct rows *r)
{
	int i, j;
	struct row t;

	/* Stable insertion sort: values keep their order. */
	for (i = 1; i < r->n; i++) {
		t = r->v[i];
		for (j = i; j > 0 && row_cmp(&r->v[j - 1], &t) > 0; j--)
			r->v[j] = r->v[j - 1];
		r->v[j] = t;
	}
}

struct collect {
	struct rows	*rows;
	const char	*partial;	/* NULL: next-token rows */
	bool		 exec;
};

static bool
plausible_value(const struct gnode *n, const char *p)
{
	size_t i;

	switch (n->type) {
	case TK_IPV4:
		return strspn(p, "0123456789.") == strlen(p);
	case TK_PREFIX:
		return strspn(p, "0123456789./") == strlen(p);
	case TK_MAC:
		for (i = 0; p[i]; i++)
			if (!isxdigit((unsigned char)p[i]) && p[i] != '.')
				return false;
		return true;
	case TK_RANGE:
		if (strspn(p, "0123456789") != strlen(p) || strlen(p) > 18)
			return false;
		return strtoll(p, NULL, 10) <= n->max;
	case TK_WORD:
	case TK_LINE:
		return true;
	default:
		return false;
	}
}

static bool
has_prefix(const char *word, const char *p)
{
	size_t n = strlen(p);

	return n <= strlen(word) && strncasecmp(word, p, n) == 0;
}

static void
collect_leaf(void *arg, const struct mctx *m, const struct mstate *s, int gn)
{
	struct collect *c = arg;
	const struct cmd *cmd = m->cmds[s->cmd];
	const struct cgraph *g = cmd_graph(cmd);
	const struct gnode *n;
	char disp[64];
	int i;

	if (cmd->attr & CMD_ATTR_HIDDEN)
		return;
	if (gn < 0) {
		if (c->partial == NULL) {
			c->rows->cr = true;
			if (c->exec && g->is_show)
				c->rows->pipe = true;
		}
		return;
	}
	n = &g->n[gn];
	switch (n->type) {
	case TK_KW:
		if (c->partial == NULL || has_prefix(n->text, c->partial))
			rows_add(c->rows, n->text, n->help, false);
		if (m->allow_default && g->starts_no && n->first &&
		    (c->partial == NULL || has_prefix("default", c->partial)))
			rows_add(c->rows, "default",
			    "Set a command to its defaults", false);
		break;
	case TK_IFNAME:
		for (i = 0; i < cli_n_iftypes; i++)
			if (c->partial == NULL ||
			    has_prefix(cli_iftypes[i].name, c->partial))
				rows_add(c->rows, cli_iftypes[i].name,
				    cli_iftypes[i].help, false);
		break;
	default:
		if (c->partial != NULL && !plausible_value(n, c->partial))
			break;
		tok_display(n, disp, sizeof(disp));
		rows_add(c->rows, disp, n->help, true);
		break;
	}
}

static void
collect_state(struct collect *c, const struct mctx *m, const struct mstate *s)
{
	const struct cgraph *g = cmd_graph(m->cmds[s->cmd]);
	const struct iftype_info *it;
	struct row *row;
	char help[64];

	if (m->cmds[s->cmd]->attr & CMD_ATTR_HIDDEN)
		return;
	if (s->ifhalf) {
		it = &cli_iftypes[s->ifhalf - 1];
		if (c->partial != NULL && strspn(c->partial, "0123456789/.") !=
		    strlen(c->partial))
			return;
		snprintf(help, sizeof(help), "%s interface number", it->name);
		if ((row = rows_add(c->rows, it->units, NULL, true)) != NULL) {
			row->help_own = strdup(help);
			if (row->help_own == NULL)
				abort();
			row->help = row->help_own;
		}
		return;
	}
	if (s->rest) {
		/* A LINE may go on. */
		rows_add(c->rows, g->n[s->linegn].text, g->n[s->linegn].help,
		    true);
	}
	match_leaves(m, s, collect_leaf, c);
}

/* "  word    help" with the help wrapped under its column. */
static void
print_row(struct vty *v, const char *word, const char *help, int width)
{
	int col = 2 + width + 2, pos;
	const char *p = help, *sp;
	int wl;

	if (*help == 0) {
		vty_out(v, "  %s\n", word);
		return;
	}
	vty_out(v, "  %-*s  ", width, word);
	pos = col;
	while (*p) {
		while (*p == ' ')
			p++;
		sp = strchr(p, ' ');
		wl = sp ? (int)(sp - p) : (int)strlen(p);
		if (pos > col && pos + 1 + wl >= TERM_WIDTH) {
			vty_out(v, "\n%*s", col, "");
			pos = col;
		} else if (pos > col) {
			vty_out(v, " ");
			pos++;
		}
		vty_out(v, "%.*s", wl, p);
		pos += wl;
		p += wl;
	}
	vty_out(v, "\n");
}

static void
print_rows(struct vty *v, struct rows *r, const char *title)
{
	int i, width = 0, l;

	rows_sort(r);
	for (i = 0; i < r->n; i++)
		if ((l = (int)strlen(r->v[i].word)) > width)
			width = l;
	if (r->pipe && width < 1)
		width = 1;
	if (title != NULL)
		vty_out(v, "%s\n", title);
	for (i = 0; i < r->n; i++)
		print_row(v, r->v[i].word, r->v[i].help, width);
	if (r->pipe)
		print_row(v, "|", "Output modifiers", width);
	if (r->cr)
		vty_out(v, "  <cr>\n");
	vty_out(v, "\n");
}

static void
print_words(struct vty *v, struct rows *r)
{
	int i, pos = 0, l;

	rows_sort(r);
	for (i = 0; i < r->n; i++) {
		l = (int)strlen(r->v[i].word) + 2;
		if (pos > 0 && pos + l > TERM_WIDTH) {
			vty_out(v, "\n");
			pos = 0;
		}
		vty_out(v, "%s  ", r->v[i].word);
		pos += l;
	}
	vty_out(v, "\n\n");
}

/* Which words are ours: the command part or the last filter segment. */
struct target {
	struct mline	 ml;
	bool		 own_ml;	/* ml allocated here */
	struct cmd	**cmds;
	int		 ncmds;
	int		 first;
	bool		 allow_default;
	bool		 exec;
	const char	*title;
};

/* Returns false (after printing the error when `print`) if the line
 * before the part being helped is bad. */
static bool
target_init(struct vty *v, struct lineprep *lp, struct target *t, bool print)
{
	struct node_info *ni = cli_node_info(lp->node);
	struct cmdlist *fl;
	struct mctx m;
	int s;

	memset(t, 0, sizeof(*t));
	if (lp->nseg == 0) {
		t->ml = lp->ml;
		t->cmds = ni->cmds.v;
		t->ncmds = ni->cmds.n;
		t->first = lp->first;
		t->allow_default = cli_node_is_config(lp->node);
		t->exec = cli_node_is_exec(lp->node);
		if (lp->ml.n == 0 && lp->first == 0)
			t->title = ni->title;
		return true;
	}
	/* Help after `|`: the command must be complete. */
	cli_match_node(&m, lp->node, &lp->ml, lp->first, lp->ml.n);
	match_final(&m);
	if (lp->ml.n - lp->first == 0) {
		m.status = CMD_ERR_NO_MATCH;
		m.bad_word = 0;
	}
	if (m.status != CMD_SUCCESS) {
		if (print && m.status == CMD_ERR_NO_MATCH &&
		    lp->ml.n - lp->first == 0)
			cli_print_caret(v, lp->plen, lp->seg_start[0] - 1);
		else if (print)
			cli_print_match_error(v, lp, &m, false);
		mctx_free(&m);
		return false;
	}
	mctx_free(&m);
	s = lp->nseg - 1;
	mline_split(&t->ml, lp->line, lp->seg_start[s], lp->seg_end[s]);
	t->ml.trailing_space = lp->seg_end[s] > lp->seg_start[s] &&
	    (lp->line[lp->seg_end[s] - 1] == ' ' ||
	    lp->line[lp->seg_end[s] - 1] == '\t');
	if (t->ml.n == 0)
		t->ml.trailing_space = true;
	t->own_ml = true;
	fl = cli_filter_cmds();
	t->cmds = fl->v;
	t->ncmds = fl->n;
	return true;
}

static void
target_free(struct target *t)
{
	if (t->own_ml)
		mline_free(&t->ml);
}

/* Match the complete words of the target; collects rows. */
static int
target_collect(struct vty *v, struct lineprep *lp, struct target *t,
    struct rows *r, const char **partial, bool print)
{
	struct mctx m;
	struct collect c;
	int last = t->ml.n, k, status;

	*partial = NULL;
	if (!t->ml.trailing_space && t->ml.n > t->first) {
		last = t->ml.n - 1;
		*partial = t->ml.w[last].s;
	}
	mctx_init(&m, t->cmds, t->ncmds, &t->ml, t->first, last);
	m.allow_default = t->allow_default;
	match_words(&m);
	status = m.status;
	if (status != CMD_SUCCESS) {
		if (print)
			cli_print_match_error(v, lp, &m, false);
		mctx_free(&m);
		return status;
	}
	c.rows = r;
	c.partial = *partial;
	c.exec = t->exec;
	for (k = 0; k < m.nst; k++)
		collect_state(&c, &m, &m.st[k]);
	mctx_free(&m);
	return CMD_SUCCESS;
}

void
cli_describe(struct vty *v, const char *line)
{
	struct lineprep lp;
	struct target t;
	struct rows r;
	const char *partial;

	memset(&r, 0, sizeof(r));
	lineprep_init(v, line, &lp);
	lp.ml.trailing_space = lp.ml.trailing_space || lp.ml.n == 0;
	if (!target_init(v, &lp, &t, true))
		goto out;
	if (target_collect(v, &lp, &t, &r, &partial, true) != CMD_SUCCESS)
		goto done;
	if (partial != NULL) {
		if (r.n == 0)
			vty_out(v, "%% Unrecognized command\n");
		else
			print_words(v, &r);
	} else
		print_rows(v, &r, t.title);
done:
	target_free(&t);
out:
	rows_free(&r);
	lineprep_free(&lp);
}

char *
cli_complete(struct vty *v, const char *line, struct strbuf *list_out)
{
	struct lineprep lp;
	struct target t;
	struct rows r;
	const char *partial, *pick = NULL;
	char *res = NULL;
	struct strbuf sb = STRBUF_INIT;
	int i, nkw = 0, off;

	memset(&r, 0, sizeof(r));
	lineprep_init(v, line, &lp);
	lp.ml.trailing_space = lp.ml.trailing_space || lp.ml.n == 0;
	if (!target_init(v, &lp, &t, false))
		goto out;
	if (target_collect(v, &lp, &t, &r, &partial, false) != CMD_SUCCESS ||
	    partial == NULL)
		goto done;
	rows_sort(&r);
	for (i = 0; i < r.n; i++) {
		if (r.v[i].value)
			continue;
		nkw++;
		if (strcasecmp(r.v[i].word, partial) == 0)
			pick = r.v[i].word;
	}
	if (pick == NULL && nkw == 1 && r.nvalues == 0)
		for (i = 0; i < r.n; i++)
			if (!r.v[i].value)
				pick = r.v[i].word;
	if (pick != NULL) {
		off = t.ml.w[t.ml.n - 1].off;
		sb_add(&sb, lp.line, (size_t)off);
		sb_printf(&sb, "%s ", pick);
		res = sb_steal(&sb);
	} else if (list_out != NULL) {
		for (i = 0; i < r.n; i++)
			sb_printf(list_out, "%s%s", i ? "  " : "",
			    r.v[i].word);
	}
done:
	target_free(&t);
out:
	rows_free(&r);
	lineprep_free(&lp);
	return res;
}
