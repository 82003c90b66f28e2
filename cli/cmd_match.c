/* Matching a line against the commands of a mode.
 *
 * All commands of the mode are matched at once with a set of NFA states.
 * After each word only the states that matched it best survive (a full
 * keyword beats a typed value, which beats a keyword prefix, which beats
 * WORD/LINE), as IOS does: `sh ip` means `ip`, not `ipv6`.  If the best
 * match is a keyword prefix and the survivors matched different keywords,
 * the line is ambiguous even if only one of them could complete (`sh c` with
 * `show clock` and `show crypto ...`).  When no state survives a word, that
 * word is the first bad one: the caret goes under it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

void
mline_split(struct mline *ml, const char *line, int start, int end)
{
	int i = start, b, cap = 0;

	memset(ml, 0, sizeof(*ml));
	ml->line = line;
	while (i < end) {
		while (i < end && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= end)
			break;
		b = i;
		while (i < end && line[i] != ' ' && line[i] != '\t')
			i++;
		if (ml->n == cap) {
			cap = cap ? cap * 2 : 8;
			ml->w = realloc(ml->w, (size_t)cap * sizeof(*ml->w));
			if (ml->w == NULL)
				abort();
		}
		ml->w[ml->n].s = strndup(line + b, (size_t)(i - b));
		if (ml->w[ml->n].s == NULL)
			abort();
		ml->w[ml->n].off = b;
		ml->w[ml->n].len = i - b;
		ml->n++;
	}
	ml->trailing_space = end > start &&
	    (line[end - 1] == ' ' || line[end - 1] == '\t');
}

void
mline_free(struct mline *ml)
{
	int i;

	for (i = 0; i < ml->n; i++)
		free(ml->w[i].s);
	free(ml->w);
	memset(ml, 0, sizeof(*ml));
}

struct cgraph *
cmd_graph(const struct cmd *c)
{
	return c->graph;
}

static const char *
pool_add(struct mctx *m, char *s)
{
	if (s == NULL)
		abort();
	if (m->npool == m->cappool) {
		m->cappool = m->cappool ? m->cappool * 2 : 8;
		m->pool = realloc(m->pool, (size_t)m->cappool * sizeof(char *));
		if (m->pool == NULL)
			abort();
	}
	m->pool[m->npool++] = s;
	return s;
}

void
mctx_init(struct mctx *m, struct cmd **cmds, int ncmds,
    const struct mline *ml, int first, int last)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->cmds = cmds;
	m->ncmds = ncmds;
	m->ml = ml;
	m->first_word = first;
	m->last_word = last;
	m->st = calloc((size_t)(ncmds ? ncmds : 1), sizeof(*m->st));
	if (m->st == NULL)
		abort();
	for (i = 0; i < ncmds; i++) {
		if (cmds[i]->graph == NULL)
			continue;
		m->st[m->nst].cmd = i;
		m->st[m->nst].cont = cmd_graph(cmds[i])->start;
		m->nst++;
	}
	m->status = CMD_SUCCESS;
}

static void
states_free(struct mstate *st, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(st[i].args);
	free(st);
}

void
mctx_free(struct mctx *m)
{
	int i;

	states_free(m->st, m->nst);
	for (i = 0; i < m->npool; i++)
		free(m->pool[i]);
	free(m->pool);
	memset(m, 0, sizeof(*m));
}

/* ---- closure --------------------------------------------------------- */

static void
leaves_rec(const struct mctx *m, const struct mstate *s,
    const struct cgraph *g, int gn, unsigned char *seen, leaf_fn fn,
    void *arg)
{
	int i;

	if (seen[gn])
		return;
	seen[gn] = 1;
	switch (g->n[gn].kind) {
	case GN_TOKEN:
		fn(arg, m, s, gn);
		break;
	case GN_END:
		fn(arg, m, s, -1);
		break;
	case GN_EPS:
		for (i = 0; i < g->n[gn].nsucc; i++)
			leaves_rec(m, s, g, g->n[gn].succ[i], seen, fn, arg);
		break;
	}
}

void
match_leaves(const struct mctx *m, const struct mstate *s, leaf_fn fn,
    void *arg)
{
	const struct cgraph *g = cmd_graph(m->cmds[s->cmd]);
	unsigned char small[256], *seen = small;

	/* A state waiting for an interface unit has no tokens of its own. */
	if (s->ifhalf)
		return;
	if (g->nn > (int)sizeof(small)) {
		seen = calloc((size_t)g->nn, 1);
		if (seen == NULL)
			abort();
	} else
		memset(small, 0, sizeof(small));
	leaves_rec(m, s, g, s->cont, seen, fn, arg);
	if (seen != small)
		free(seen);
}

/* ---- one word against one token -------------------------------------- */

static int
kw_level(const char *word, const char *kw)
{
	size_t wl = strlen(word), kl = strlen(kw);

	if (wl == 0 || wl > kl || strncasecmp(word, kw, wl) != 0)
		return LV_NONE;
	return wl == kl ? LV_EXACT : LV_PARTIAL;
}

int
match_token(const struct mctx *m, const struct cmd *c, int gn,
    const char *word, const char **kw, int *iftype)
{
	const struct cgraph *g = cmd_graph(c);
	const struct gnode *n = &g->n[gn];
	int lv, lv2, i;
	size_t alpha;

	*kw = NULL;
	*iftype = -1;
	switch (n->type) {
	case TK_KW:
		lv = kw_level(word, n->text);
		*kw = n->text;
		if (m->allow_default && g->starts_no && n->first) {
			lv2 = kw_level(word, "default");
			if (lv2 > lv) {
				lv = lv2;
				*kw = "default";
			}
		}
		return lv;
	case TK_IPV4:
		return match_ipv4(word) ? LV_VALUE : LV_NONE;
	case TK_PREFIX:
		return match_prefix(word) ? LV_VALUE : LV_NONE;
	case TK_MAC:
		return match_mac(word) ? LV_VALUE : LV_NONE;
	case TK_RANGE:
		return match_range(word, n->min, n->max) ? LV_VALUE : LV_NONE;
	case TK_WORD:
	case TK_LINE:
		return LV_VAR;
	case TK_IFNAME:
		for (alpha = 0; isalpha((unsigned char)word[alpha]); alpha++)
			;
		if (alpha == 0)
			return LV_NONE;
		for (i = 0; i < cli_n_iftypes; i++) {
			if (alpha > strlen(cli_iftypes[i].name) ||
			    strncasecmp(word, cli_iftypes[i].name, alpha) != 0)
				continue;
			*iftype = i;
			*kw = cli_iftypes[i].name;
			if (word[alpha] == 0)
				return alpha == strlen(cli_iftypes[i].name) ?
				    LV_EXACT : LV_PARTIAL;
			return ifunit_valid(word + alpha) ? LV_VALUE :
			    LV_NONE;
		}
		return LV_NONE;
	}
	return LV_NONE;
}

/* ---- stepping ---------------------------------------------------------- */

struct step {
	struct mctx	*m;
	const struct mstate *from;
	int		 word;
	struct mstate	*out;
	int		 nout, capout;
};

static struct mstate *
push_state(struct step *sp, const struct mstate *from, int cont, int level,
    const char *kw)
{
	struct mstate *s;

	if (sp->nout == sp->capout) {
		sp->capout = sp->capout ? sp->capout * 2 : 16;
		sp->out = realloc(sp->out, (size_t)sp->capout * sizeof(*s));
		if (sp->out == NULL)
			abort();
	}
	s = &sp->out[sp->nout++];
	*s = *from;
	s->cont = cont;
	s->level = level;
	s->kw = kw;
	s->ifhalf = 0;
	s->args = malloc(((size_t)from->nargs + 1) * sizeof(struct marg));
	if (s->args == NULL)
		abort();
	if (from->nargs)
		memcpy(s->args, from->args, (size_t)from->nargs *
		    sizeof(struct marg));
	return s;
}

static void
add_arg(struct mstate *s, int gn, int word, const char *val)
{
	s->args[s->nargs].gn = gn;
	s->args[s->nargs].word = word;
	s->args[s->nargs].val = val;
	s->nargs++;
}

static char *
join_ifname(int type, const char *unit)
{
	size_t n = strlen(cli_iftypes[type].name) + strlen(unit) + 1;
	char *s = malloc(n);

	if (s == NULL)
		abort();
	snprintf(s, n, "%s%s", cli_iftypes[type].name, unit);
	return s;
}

static void
step_leaf(void *arg, const struct mctx *cm, const struct mstate *from,
    int gn)
{
	struct step *sp = arg;
	struct mctx *m = sp->m;
	const struct cmd *c = m->cmds[from->cmd];
	const struct cgraph *g = cmd_graph(c);
	const struct mword *w = &m->ml->w[sp->word];
	const struct mword *lw;
	const char *kw;
	struct mstate *s;
	int lv, iftype;
	size_t n;

	(void)cm;
	if (gn < 0)
		return;
	lv = match_token(m, c, gn, w->s, &kw, &iftype);
	if (lv == LV_NONE)
		return;
	switch (g->n[gn].type) {
	case TK_LINE:
		lw = &m->ml->w[m->last_word - 1];
		n = (size_t)(lw->off + lw->len - w->off);
		s = push_state(sp, from, g->n[gn].succ[0], lv, NULL);
		s->rest = true;
		s->linegn = gn;
		add_arg(s, gn, sp->word, pool_add(m, strndup(m->ml->line +
		    w->off, n)));
		break;
	case TK_IFNAME:
		if (lv == LV_VALUE) {
			s = push_state(sp, from, g->n[gn].succ[0], lv, NULL);
			n = 0;
			while (isalpha((unsigned char)w->s[n]))
				n++;
			add_arg(s, gn, sp->word, pool_add(m, join_ifname(iftype,
			    w->s + n)));
		} else {
			s = push_state(sp, from, from->cont, lv, kw);
			s->ifhalf = iftype + 1;
			s->ifgn = gn;
		}
		break;
	case TK_KW:
		s = push_state(sp, from, g->n[gn].succ[0], lv, kw);
		add_arg(s, gn, sp->word, kw);
		break;
	default:
		s = push_state(sp, from, g->n[gn].succ[0], lv, NULL);
		add_arg(s, gn, sp->word, w->s);
		break;
	}
}

static bool
same_state(const struct mstate *a, const struct mstate *b)
{
	return a->cmd == b->cmd && a->cont == b->cont &&
	    a->ifhalf == b->ifhalf && a->rest == b->rest;
}

/* Advance every state over word i; keep the best; detect ambiguity. */
static void
step_word(struct mctx *m, int i)
{
	struct step sp;
	const struct mstate *s;
	struct mstate *ns;
	const struct cgraph *g;
	const char *kw = NULL;
	int k, j, best = LV_NONE, keep = 0;
	bool ambiguous = false;

	memset(&sp, 0, sizeof(sp));
	sp.m = m;
	sp.word = i;
	for (k = 0; k < m->nst; k++) {
		s = &m->st[k];
		sp.from = s;
		if (s->rest) {
			push_state(&sp, s, s->cont, LV_VAR, NULL);
		} else if (s->ifhalf) {
			if (!ifunit_valid(m->ml->w[i].s))
				continue;
			g = cmd_graph(m->cmds[s->cmd]);
			ns = push_state(&sp, s, g->n[s->ifgn].succ[0],
			    LV_VALUE, NULL);
			add_arg(ns, s->ifgn, i - 1, pool_add(m,
			    join_ifname(s->ifhalf - 1, m->ml->w[i].s)));
		} else
			match_leaves(m, s, step_leaf, &sp);
	}
	for (k = 0; k < sp.nout; k++)
		if (sp.out[k].level > best)
			best = sp.out[k].level;
	/* Keep the best, drop duplicates (same command, same place). */
	for (k = 0; k < sp.nout; k++) {
		ns = &sp.out[k];
		if (ns->level != best)
			goto drop;
		for (j = 0; j < keep; j++)
			if (same_state(&sp.out[j], ns))
				goto drop;
		if (best == LV_PARTIAL && ns->kw != NULL) {
			if (kw != NULL && strcasecmp(kw, ns->kw) != 0)
				ambiguous = true;
			kw = ns->kw;
		}
		sp.out[keep++] = *ns;
		continue;
drop:
		free(ns->args);
	}
	states_free(m->st, m->nst);
	m->st = sp.out;
	m->nst = keep;
	if (keep == 0) {
		m->status = CMD_ERR_NO_MATCH;
		m->bad_word = i;
	} else if (ambiguous)
		m->status = CMD_ERR_AMBIGUOUS;
}

void
match_words(struct mctx *m)
{
	int i;

	for (i = m->first_word; i < m->last_word; i++) {
		step_word(m, i);
		if (m->status != CMD_SUCCESS)
			return;
	}
}

struct endfind {
	bool	end;
};

static void
find_end(void *arg, const struct mctx *m, const struct mstate *s, int gn)
{
	(void)m;
	(void)s;
	if (gn < 0)
		((struct endfind *)arg)->end = true;
}

bool
state_complete(const struct mctx *m, const struct mstate *s)
{
	struct endfind ef = { false };

	if (s->ifhalf)
		return false;
	match_leaves(m, s, find_end, &ef);
	return ef.end;
}

void
match_final(struct mctx *m)
{
	int k, cmd = -1;

	if (m->status != CMD_SUCCESS)
		return;
	m->final = NULL;
	for (k = 0; k < m->nst; k++) {
		if (!state_complete(m, &m->st[k]))
			continue;
		if (m->final == NULL) {
			m->final = &m->st[k];
			cmd = m->st[k].cmd;
		} else if (m->st[k].cmd != cmd &&
		    m->cmds[m->st[k].cmd] != m->cmds[cmd]) {
			m->status = CMD_ERR_AMBIGUOUS;
			m->final = NULL;
			return;
		}
	}
	if (m->final == NULL)
		m->status = m->nst ? CMD_ERR_INCOMPLETE : CMD_ERR_NO_MATCH;
}
