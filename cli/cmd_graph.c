/* Spec string to token graph.
 *
 * The spec is parsed into a small tree, then compiled right to left into
 * an NFA (Thompson style): a token node has one successor, [x] / (a|b) /
 * {a|b} become epsilon nodes, {..} loops back to itself.  The matcher walks
 * the graph with a set of states, so optional and alternative parts cost
 * nothing at install time and no permutation is ever expanded. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

const struct iftype_info cli_iftypes[] = {
	{ "Ethernet",		"IEEE 802.3",			"<0-9>" },
	{ "FastEthernet",	"FastEthernet IEEE 802.3",	"<0-9>" },
	{ "GigabitEthernet",	"GigabitEthernet IEEE 802.3z",	"<0-9>" },
	{ "Loopback",		"Loopback interface",		"<0-2147483647>" },
	{ "Serial",		"Serial",			"<0-9>" },
	{ "Tunnel",		"Tunnel interface",		"<0-2147483647>" },
};
const int cli_n_iftypes = sizeof(cli_iftypes) / sizeof(cli_iftypes[0]);

enum ast_kind { A_LEAF, A_SEQ, A_OPT, A_ALT, A_SET };

struct ast {
	enum ast_kind	 kind;
	struct ast	**kids;
	int		 nkids;
	/* leaf */
	enum tok_type	 type;
	char		*text;
	long long	 min, max;
	int		 helpidx;
};

struct parser {
	const char	*p;
	int		 nleaf;
	char		*err;
	size_t		 errlen;
	bool		 failed;
};

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	if (p == NULL)
		abort();
	return p;
}

static void *
xrealloc(void *p, size_t sz)
{
	p = realloc(p, sz ? sz : 1);
	if (p == NULL)
		abort();
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *d = xcalloc(n + 1, 1);

	memcpy(d, s, n);
	return d;
}

static void
ast_free(struct ast *a)
{
	int i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nkids; i++)
		ast_free(a->kids[i]);
	free(a->kids);
	free(a->text);
	free(a);
}

static void
ast_add(struct ast *a, struct ast *kid)
{
	a->kids = xrealloc(a->kids, (a->nkids + 1) * sizeof(*a->kids));
	a->kids[a->nkids++] = kid;
}

static void
perr(struct parser *ps, const char *msg)
{
	if (!ps->failed)
		snprintf(ps->err, ps->errlen, "%s near \"%.20s\"", msg, ps->p);
	ps->failed = true;
}

static bool
is_upper_var(const char *w, size_t n)
{
	size_t i;
	bool alpha = false;

	for (i = 0; i < n; i++) {
		if (isupper((unsigned char)w[i]))
			alpha = true;
		else if (!isdigit((unsigned char)w[i]) && w[i] != '_' &&
		    w[i] != '-')
			return false;
	}
	return alpha && n >= 2;
}

static struct ast *
leaf_word(struct parser *ps, const char *w, size_t n)
{
	struct ast *a = xcalloc(1, sizeof(*a));

	a->kind = A_LEAF;
	a->text = xstrndup(w, n);
	a->helpidx = ps->nleaf++;
	if (strcmp(a->text, "A.B.C.D") == 0)
		a->type = TK_IPV4;
	else if (strcmp(a->text, "A.B.C.D/M") == 0)
		a->type = TK_PREFIX;
	else if (strcmp(a->text, "LINE") == 0)
		a->type = TK_LINE;
	else if (strcmp(a->text, "H.H.H") == 0)
		a->type = TK_MAC;
	else if (strcmp(a->text, "IFNAME") == 0)
		a->type = TK_IFNAME;
	else if (is_upper_var(a->text, n))
		a->type = TK_WORD;
	else
		a->type = TK_KW;
	return a;
}

/* "(1-65535)" at ps->p?  Consumes it. */
static struct ast *
try_range(struct parser *ps)
{
	const char *p = ps->p + 1;
	char *end;
	long long lo, hi;
	struct ast *a;

	if (!isdigit((unsigned char)*p))
		return NULL;
	lo = strtoll(p, &end, 10);
	if (*end != '-' || !isdigit((unsigned char)end[1]))
		return NULL;
	hi = strtoll(end + 1, &end, 10);
	if (*end != ')')
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->kind = A_LEAF;
	a->type = TK_RANGE;
	a->min = lo;
	a->max = hi;
	a->text = xstrndup(ps->p, (size_t)(end + 1 - ps->p));
	a->helpidx = ps->nleaf++;
	ps->p = end + 1;
	return a;
}

static struct ast *parse_seq(struct parser *, const char *stops);

/* Alternatives up to `close`: returns an A_ALT (or the lone sequence). */
static struct ast *
parse_alts(struct parser *ps, char close)
{
	struct ast *alt = xcalloc(1, sizeof(*alt));
	char stops[3] = { '|', close, 0 };

	alt->kind = A_ALT;
	for (;;) {
		ast_add(alt, parse_seq(ps, stops));
		if (ps->failed)
			break;
		if (*ps->p == '|') {
			ps->p++;
			continue;
		}
		if (*ps->p == close) {
			ps->p++;
			break;
		}
		perr(ps, "unbalanced bracket");
		break;
	}
	return alt;
}

static struct ast *
parse_seq(struct parser *ps, const char *stops)
{
	struct ast *seq = xcalloc(1, sizeof(*seq));
	struct ast *a;
	const char *w;

	seq->kind = A_SEQ;
	while (!ps->failed) {
		while (*ps->p == ' ' || *ps->p == '\t')
			ps->p++;
		if (*ps->p == 0 || strchr(stops, *ps->p) != NULL)
			break;
		switch (*ps->p) {
		case '[':
			ps->p++;
			a = xcalloc(1, sizeof(*a));
			a->kind = A_OPT;
			ast_add(a, parse_alts(ps, ']'));
			break;
		case '(':
			if ((a = try_range(ps)) != NULL)
				break;
			ps->p++;
			a = parse_alts(ps, ')');
			break;
		case '{':
			ps->p++;
			a = xcalloc(1, sizeof(*a));
			a->kind = A_SET;
			ast_add(a, parse_alts(ps, '}'));
			break;
		case ']': case ')': case '}': case '|':
			perr(ps, "unexpected bracket");
			return seq;
		default:
			w = ps->p;
			while (*ps->p && !strchr(" \t[](){}|", *ps->p))
				ps->p++;
			a = leaf_word(ps, w, (size_t)(ps->p - w));
			break;
		}
		ast_add(seq, a);
	}
	return seq;
}

/* ---- graph ----------------------------------------------------------- */

static int
gn_new(struct cgraph *g, enum gn_kind kind)
{
	struct gnode *n;

	if (g->nn == g->capn) {
		g->capn = g->capn ? g->capn * 2 : 16;
		g->n = xrealloc(g->n, g->capn * sizeof(*g->n));
	}
	n = &g->n[g->nn];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return g->nn++;
}

static void
gn_link(struct cgraph *g, int from, int to)
{
	struct gnode *n = &g->n[from];

	if (n->nsucc == n->capsucc) {
		n->capsucc = n->capsucc ? n->capsucc * 2 : 2;
		n->succ = xrealloc(n->succ, n->capsucc * sizeof(int));
	}
	n->succ[n->nsucc++] = to;
}

/* Compile `a` so that it continues into node `next`; returns its entry. */
static int
compile(struct cgraph *g, const struct ast *a, int next)
{
	int i, e, k;

	switch (a->kind) {
	case A_LEAF:
		e = gn_new(g, GN_TOKEN);
		g->n[e].type = a->type;
		g->n[e].text = strdup(a->text);
		g->n[e].min = a->min;
		g->n[e].max = a->max;
		g->n[e].help = a->helpidx < g->nhelp ? g->helps[a->helpidx] :
		    "";
		gn_link(g, e, next);
		return e;
	case A_SEQ:
		for (i = a->nkids - 1; i >= 0; i--)
			next = compile(g, a->kids[i], next);
		return next;
	case A_OPT:
		e = gn_new(g, GN_EPS);
		k = compile(g, a->kids[0], next);
		gn_link(g, e, k);
		gn_link(g, e, next);
		return e;
	case A_ALT:
		if (a->nkids == 1)
			return compile(g, a->kids[0], next);
		e = gn_new(g, GN_EPS);
		for (i = 0; i < a->nkids; i++) {
			k = compile(g, a->kids[i], next);
			gn_link(g, e, k);
		}
		return e;
	case A_SET:
		/* Zero or more of the alternatives in any order: a loop. */
		e = gn_new(g, GN_EPS);
		k = compile(g, a->kids[0], e);
		gn_link(g, e, k);
		gn_link(g, e, next);
		return e;
	}
	return next;
}

static void
split_help(struct cgraph *g, const char *help)
{
	const char *p = help ? help : "", *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		g->helps = xrealloc(g->helps, (g->nhelp + 1) * sizeof(char *));
		g->helps[g->nhelp++] = xstrndup(p, (size_t)(nl - p));
		p = *nl ? nl + 1 : nl;
	}
}

static void
mark_first(struct cgraph *g, int gn, bool *seen)
{
	int i;

	if (seen[gn])
		return;
	seen[gn] = true;
	if (g->n[gn].kind == GN_TOKEN) {
		g->n[gn].first = true;
		return;
	}
	for (i = 0; i < g->n[gn].nsucc; i++)
		mark_first(g, g->n[gn].succ[i], seen);
}

struct cgraph *
cgraph_build(const char *spec, const char *help, char *err, size_t errlen)
{
	struct parser ps = { spec ? spec : "", 0, err, errlen, false };
	struct cgraph *g;
	struct ast *root;
	bool *seen;
	int end;

	root = parse_seq(&ps, "");
	if (!ps.failed && *ps.p != 0)
		perr(&ps, "unbalanced bracket");
	if (!ps.failed && root->nkids == 0)
		perr(&ps, "empty spec");
	if (ps.failed) {
		ast_free(root);
		return NULL;
	}
	g = xcalloc(1, sizeof(*g));
	split_help(g, help);
	g->ntokens = ps.nleaf;
	end = gn_new(g, GN_END);
	g->start = compile(g, root, end);
	seen = xcalloc((size_t)g->nn, sizeof(bool));
	mark_first(g, g->start, seen);
	free(seen);
	if (root->kids[0]->kind == A_LEAF && root->kids[0]->type == TK_KW) {
		g->is_show = strcmp(root->kids[0]->text, "show") == 0;
		g->starts_no = strcmp(root->kids[0]->text, "no") == 0;
	}
	ast_free(root);
	return g;
}

void
cgraph_free(struct cgraph *g)
{
	int i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nn; i++) {
		free(g->n[i].text);
		free(g->n[i].succ);
	}
	for (i = 0; i < g->nhelp; i++)
		free(g->helps[i]);
	free(g->helps);
	free(g->n);
	free(g);
}

void
tok_display(const struct gnode *n, char *buf, size_t len)
{
	if (n->type == TK_RANGE)
		snprintf(buf, len, "<%lld-%lld>", n->min, n->max);
	else
		snprintf(buf, len, "%s", n->text);
}

/* ---- value matchers -------------------------------------------------- */

bool
match_ipv4(const char *s)
{
	int part, digits, val;

	for (part = 0; part < 4; part++) {
		digits = val = 0;
		while (isdigit((unsigned char)*s)) {
			val = val * 10 + (*s++ - '0');
			if (++digits > 3)
				return false;
		}
		if (digits == 0 || val > 255)
			return false;
		if (part < 3 && *s++ != '.')
			return false;
	}
	return *s == 0;
}

bool
match_prefix(const char *s)
{
	const char *slash = strchr(s, '/');
	char ip[16];
	int len = 0, digits = 0;

	if (slash == NULL || slash - s >= (int)sizeof(ip))
		return false;
	memcpy(ip, s, (size_t)(slash - s));
	ip[slash - s] = 0;
	if (!match_ipv4(ip))
		return false;
	for (s = slash + 1; isdigit((unsigned char)*s); s++, digits++)
		len = len * 10 + (*s - '0');
	return *s == 0 && digits > 0 && digits <= 2 && len <= 32;
}

bool
match_mac(const char *s)
{
	int part, digits;

	for (part = 0; part < 3; part++) {
		for (digits = 0; isxdigit((unsigned char)*s); s++)
			if (++digits > 4)
				return false;
		if (digits == 0)
			return false;
		if (part < 2 && *s++ != '.')
			return false;
	}
	return *s == 0;
}

bool
match_range(const char *s, long long min, long long max)
{
	long long v = 0;
	int digits = 0;

	for (; isdigit((unsigned char)*s); s++) {
		if (++digits > 18)
			return false;
		v = v * 10 + (*s - '0');
	}
	return *s == 0 && digits > 0 && v >= min && v <= max;
}

bool
ifunit_valid(const char *s)
{
	int digits;

	/* N(/N)*(.N)? */
	for (;;) {
		for (digits = 0; isdigit((unsigned char)*s); s++)
			digits++;
		if (digits == 0 || digits > 10)
			return false;
		if (*s == '/') {
			s++;
			continue;
		}
		break;
	}
	if (*s == '.') {
		s++;
		for (digits = 0; isdigit((unsigned char)*s); s++)
			digits++;
		if (digits == 0 || digits > 10)
			return false;
	}
	return *s == 0;
}
