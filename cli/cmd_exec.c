/* Executing one line: `do`, pipes, matching with walk-up, IOS errors.
 *
 * Walk-up rule (IOS): a line that matches nothing in a config sub-mode is
 * tried in the parent modes up to CONFIG_NODE.  The first parent where it
 * matches (or is incomplete/ambiguous) decides: on success the session
 * leaves the sub-modes (their exit_fn run) and the command runs there, so
 * `interface Serial1/1` typed in config-if switches interfaces and
 * `ip route ...` typed in config-if ends up at (config)#. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli_int.h"
#include "router.h"

static bool
filter_kw_prefix(const char *p)
{
	static const char *const kws[] = {
		"begin", "count", "exclude", "include", "section"
	};
	size_t n = 0, i;

	while (*p == ' ' || *p == '\t')
		p++;
	while (p[n] && p[n] != ' ' && p[n] != '\t')
		n++;
	if (n == 0)
		return true;	/* a `|` at the end: a filter is coming */
	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (n <= strlen(kws[i]) && strncasecmp(p, kws[i], n) == 0)
			return true;
	return false;
}

void
lineprep_init(struct vty *v, const char *line, struct lineprep *lp)
{
	const char *pipe, *q;
	int start = 0, cmd_end, end;

	memset(lp, 0, sizeof(*lp));
	lp->line = strdup(line ? line : "");
	if (lp->line == NULL)
		abort();
	lp->len = (int)strcspn(lp->line, "\r\n");
	lp->line[lp->len] = 0;
	lp->plen = (int)strlen(vty_prompt(v));
	lp->node = v->node;

	mline_split(&lp->ml, lp->line, 0, lp->len);
	if (cli_node_is_config(lp->node) && lp->ml.n >= 2 &&
	    strcasecmp(lp->ml.w[0].s, "do") == 0) {
		lp->node = ENABLE_NODE;
		lp->first = 1;
		start = lp->ml.w[1].off;
	}
	if (!cli_node_is_exec(lp->node))
		return;
	pipe = strchr(lp->line + start, '|');
	if (pipe == NULL)
		return;
	cmd_end = (int)(pipe - lp->line);
	mline_free(&lp->ml);
	mline_split(&lp->ml, lp->line, 0, cmd_end);
	/* Segments: a `|` starts a new one only after a blank and before a
	 * filter keyword, so `include a|b` keeps its regex alternation. */
	while (lp->nseg < CLI_MAX_SEG) {
		lp->seg_start[lp->nseg] = cmd_end + 1;
		end = lp->len;
		for (q = lp->line + cmd_end + 1; (q = strchr(q, '|')) != NULL;
		    q++) {
			if ((q[-1] == ' ' || q[-1] == '\t') &&
			    filter_kw_prefix(q + 1)) {
				end = (int)(q - lp->line);
				break;
			}
		}
		lp->seg_end[lp->nseg++] = end;
		if (end == lp->len)
			break;
		cmd_end = end;
	}
}

void
lineprep_free(struct lineprep *lp)
{
	mline_free(&lp->ml);
	free(lp->line);
	memset(lp, 0, sizeof(*lp));
}

void
cli_match_node(struct mctx *m, enum node_id node, const struct mline *ml,
    int first, int last)
{
	struct node_info *ni = cli_node_info(node);

	mctx_init(m, ni->cmds.v, ni->cmds.n, ml, first, last);
	m->allow_default = cli_node_is_config(node);
	match_words(m);
}

void
cli_print_caret(struct vty *v, int plen, int off)
{
	vty_out(v, "%*s^\n", plen + off, "");
	vty_out(v, "%% Invalid input detected at '^' marker.\n\n");
}

static int
trimmed_len(const char *s, int len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len;
}

void
cli_print_match_error(struct vty *v, const struct lineprep *lp,
    const struct mctx *m, bool exec)
{
	const struct mline *ml = m->ml;
	int k;

	switch (m->status) {
	case CMD_ERR_NO_MATCH:
		if (exec && m->bad_word == m->first_word &&
		    ml->n - m->first_word == 1 && lp->nseg == 0) {
			vty_out(v, "%% Unknown command or computer name, or "
			    "unable to find computer address\n");
			return;
		}
		cli_print_caret(v, lp->plen, ml->w[m->bad_word].off);
		break;
	case CMD_ERR_AMBIGUOUS:
		vty_out(v, "%% Ambiguous command:  \"%.*s\"\n",
		    trimmed_len(lp->line, lp->len), lp->line);
		break;
	case CMD_ERR_INCOMPLETE:
		if (exec && m->last_word - m->first_word == 1 && m->nst > 0) {
			for (k = 0; k < m->nst; k++)
				if (m->st[k].nargs == 1 &&
				    strcmp(m->st[k].args[0].val, "show") == 0) {
					vty_out(v, "%% Type \"show ?\" for a "
					    "list of subcommands\n");
					return;
				}
		}
		vty_out(v, "%% Incomplete command.\n\n");
		break;
	default:
		break;
	}
}

/* ---- helpers for handlers -------------------------------------------- */

bool
cli_is_no(int argc, const char **argv)
{
	return argc > 0 && (strcmp(argv[0], "no") == 0 ||
	    strcmp(argv[0], "default") == 0);
}

bool
cli_is_default(int argc, const char **argv)
{
	return argc > 0 && strcmp(argv[0], "default") == 0;
}

int
cli_argv_find(int argc, const char **argv, const char *word)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], word) == 0)
			return i;
	return -1;
}

int
cli_error_at(struct vty *v, int argi)
{
	v->err_arg = argi;
	return CMD_ERR_NO_MATCH;
}

/* ---- leaving modes ----------------------------------------------------- */

static void (*config_end_hooks[8])(struct vty *);

void
cli_add_config_end_hook(void (*fn)(struct vty *))
{
	for (size_t i = 0; i < sizeof(config_end_hooks) /
	    sizeof(config_end_hooks[0]); i++)
		if (config_end_hooks[i] == NULL || config_end_hooks[i] == fn) {
			config_end_hooks[i] = fn;
			return;
		}
}

void
cli_node_exit(struct vty *v)
{
	const struct node_info *ni = cli_node_info(v->node);
	enum node_id n = v->node;

	if (!cli_node_is_config(n))
		return;
	if (ni->node.exit_fn != NULL)
		ni->node.exit_fn(v);
	for (size_t i = 0; n == CONFIG_NODE && i < sizeof(config_end_hooks) /
	    sizeof(config_end_hooks[0]) && config_end_hooks[i] != NULL; i++)
		config_end_hooks[i](v);
	free(v->ctx[n]);
	v->ctx[n] = NULL;
	v->ctxnum[n] = 0;
	v->node = n == CONFIG_NODE ? ENABLE_NODE : ni->node.parent;
	if (v->node == n || !cli_node_is_config(v->node))
		v->node = n == CONFIG_NODE ? ENABLE_NODE : CONFIG_NODE;
}

void
cli_end(struct vty *v)
{
	int guard = NODE_MAX + 1;

	while (cli_node_is_config(v->node) && guard-- > 0)
		cli_node_exit(v);
}

/* ---- execution ---------------------------------------------------------- */

static const char *const wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* `terminal exec prompt timestamp` header, before a show command's output. */
static void
exec_timestamp(struct vty *v)
{
	int64_t ns = v->r ? router_wall_ns(v->r) : 0;
	time_t t;
	struct tm tm;
	char buf[192];
	int n;

	if (ns < 0)
		ns = 0;
	t = (time_t)(ns / 1000000000);
	gmtime_r(&t, &tm);
	n = snprintf(buf, sizeof(buf),
	    "Load for five secs: 0%%/0%%; one minute: 0%%; five minutes: 0%%\n"
	    "Time source is hardware calendar, *%02d:%02d:%02d.%03d UTC "
	    "%s %s %d %d\n\n", tm.tm_hour, tm.tm_min, tm.tm_sec,
	    (int)((ns / 1000000) % 1000), wdays[tm.tm_wday],
	    months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
	pager_write(v, buf, (size_t)n);
}

/* Parse the filter segments into a chain; prints errors and returns
 * their status. */
static int
build_filters(struct vty *v, const struct lineprep *lp, struct filter *f,
    int *nf)
{
	struct mline ml;
	struct mctx m;
	struct cmdlist *fl = cli_filter_cmds();
	const char *name;
	int i, status = CMD_SUCCESS;

	*nf = 0;
	for (i = 0; i < lp->nseg && status == CMD_SUCCESS; i++) {
		mline_split(&ml, lp->line, lp->seg_start[i], lp->seg_end[i]);
		mctx_init(&m, fl->v, fl->n, &ml, 0, ml.n);
		match_words(&m);
		match_final(&m);
		if (ml.n == 0)
			m.status = CMD_ERR_INCOMPLETE;
		if (m.status != CMD_SUCCESS) {
			cli_print_match_error(v, lp, &m, false);
			status = m.status;
		} else {
			memset(&f[*nf], 0, sizeof(f[*nf]));
			f[*nf].match_indent = -1;
			name = m.final->args[0].val;
			f[*nf].type = name[0] == 'b' ? FT_BEGIN :
			    name[0] == 'c' ? FT_COUNT : name[0] == 'e' ?
			    FT_EXCLUDE : name[0] == 'i' ? FT_INCLUDE :
			    FT_SECTION;
			if (m.final->nargs > 1) {
				if (cli_regcomp(&f[*nf].re,
				    m.final->args[1].val) != 0) {
					vty_out(v, "%% Invalid regular "
					    "expression\n");
					status = CMD_WARNING;
				} else
					f[*nf].has_re = true;
			}
			(*nf)++;
		}
		mctx_free(&m);
		mline_free(&ml);
	}
	if (status != CMD_SUCCESS) {
		for (i = 0; i < *nf; i++)
			filter_free(&f[i]);
		*nf = 0;
	}
	return status;
}

static int
run_cmd(struct vty *v, const struct lineprep *lp, struct mctx *m,
    enum node_id node)
{
	const struct mstate *s = m->final;
	const struct cmd *c = m->cmds[s->cmd];
	struct filter filters[CLI_MAX_SEG];
	struct filter *saved_f = v->filters;
	int saved_nf = v->nfilters, nf = 0, i, ret, argi;
	bool saved_in = v->in_cmd;
	enum node_id home = v->node;
	const char **argv;

	if ((ret = build_filters(v, lp, filters, &nf)) != CMD_SUCCESS)
		return ret;
	argv = calloc((size_t)s->nargs + 1, sizeof(char *));
	if (argv == NULL)
		abort();
	for (i = 0; i < s->nargs; i++)
		argv[i] = s->args[i].val;

	vty_cmd_begin(v, filters, nf);
	if (cli_node_is_exec(node) && v->exec_timestamp &&
	    cmd_graph(c)->is_show)
		exec_timestamp(v);
	/* `do`: the command runs as in privileged exec, then the session is
	 * back in its config mode. */
	if (lp->first)
		v->node = ENABLE_NODE;
	ret = c->fn(c, v, s->nargs, argv);
	if (lp->first && v->node == ENABLE_NODE)
		v->node = home;
	vty_cmd_end(v);
	for (i = 0; i < nf; i++)
		filter_free(&filters[i]);
	v->filters = saved_f;
	v->nfilters = saved_nf;
	v->in_cmd = saved_in;

	switch (ret) {
	case CMD_ERR_NO_MATCH:
		argi = v->err_arg >= 0 && v->err_arg < s->nargs ? v->err_arg :
		    s->nargs - 1;
		cli_print_caret(v, lp->plen, argi >= 0 ?
		    m->ml->w[s->args[argi].word].off : 0);
		break;
	case CMD_ERR_INCOMPLETE:
		vty_out(v, "%% Incomplete command.\n\n");
		break;
	case CMD_ERR_AMBIGUOUS:
		vty_out(v, "%% Ambiguous command:  \"%.*s\"\n",
		    trimmed_len(lp->line, lp->len), lp->line);
		break;
	}
	free(argv);
	return ret;
}

int
cli_execute(struct vty *v, const char *line)
{
	struct lineprep lp;
	struct mctx m, pm;
	enum node_id node, p;
	int ret, guard;

	lineprep_init(v, line, &lp);
	if (lp.ml.n == 0 || lp.ml.w[0].s[0] == '!') {
		if (lp.ml.n == 0 && lp.nseg > 0) {
			/* "| include x" with no command */
			cli_print_caret(v, lp.plen, lp.seg_start[0] - 1);
			ret = CMD_ERR_NO_MATCH;
		} else
			ret = CMD_SUCCESS;
		if (lp.ml.n > 0 || lp.nseg > 0)
			vty_history_add(v, lp.line);
		lineprep_free(&lp);
		return ret;
	}
	vty_history_add(v, lp.line);
	node = lp.node;
	cli_match_node(&m, node, &lp.ml, lp.first, lp.ml.n);
	match_final(&m);

	/* Walk-up from config sub-modes. */
	if (m.status == CMD_ERR_NO_MATCH && lp.first == 0 &&
	    cli_node_is_config(node) && node != CONFIG_NODE) {
		p = node;
		for (guard = 0; guard < NODE_MAX && p != CONFIG_NODE; guard++) {
			p = cli_node_info(p)->node.parent;
			if (!cli_node_is_config(p))
				p = CONFIG_NODE;
			cli_match_node(&pm, p, &lp.ml, 0, lp.ml.n);
			match_final(&pm);
			if (pm.status == CMD_ERR_NO_MATCH) {
				/* Report the furthest progress. */
				if (pm.bad_word > m.bad_word) {
					mctx_free(&m);
					m = pm;
				} else
					mctx_free(&pm);
				continue;
			}
			mctx_free(&m);
			m = pm;
			if (m.status == CMD_SUCCESS) {
				while (v->node != p &&
				    cli_node_is_config(v->node) &&
				    v->node != CONFIG_NODE)
					cli_node_exit(v);
				v->node = p;
				node = p;
			}
			break;
		}
	}

	if (m.status != CMD_SUCCESS) {
		cli_print_match_error(v, &lp, &m, cli_node_is_exec(node));
		ret = m.status;
	} else
		ret = run_cmd(v, &lp, &m, node);
	mctx_free(&m);
	lineprep_free(&lp);
	return ret;
}
