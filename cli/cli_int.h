/* Engine-private declarations shared by the cli/ engine files.  Nothing
 * outside cli/ (engine) includes this. */
#ifndef VPNSIM_CLI_INT_H
#define VPNSIM_CLI_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "strbuf.h"

/* ---- token graph (cmd_graph.c) --------------------------------------- */

enum tok_type {
	TK_KW,			/* keyword, abbreviable */
	TK_IPV4,		/* A.B.C.D */
	TK_PREFIX,		/* A.B.C.D/M */
	TK_WORD,		/* WORD or any upper-case variable name */
	TK_LINE,		/* LINE: rest of the line */
	TK_RANGE,		/* (1-65535) */
	TK_MAC,			/* H.H.H */
	TK_IFNAME,		/* IFNAME: one or two words */
};

enum gn_kind { GN_TOKEN, GN_EPS, GN_END };

/* One graph node.  Tokens have exactly one successor; epsilon nodes (from
 * [..], (..|..), {..}) have several. */
struct gnode {
	enum gn_kind	 kind;
	enum tok_type	 type;
	char		*text;		/* keyword or spec word ("WORD") */
	const char	*help;		/* into cgraph.helps */
	long long	 min, max;	/* TK_RANGE */
	bool		 first;		/* first token of the spec */
	int		*succ;
	int		 nsucc, capsucc;
};

struct cgraph {
	struct gnode	*n;
	int		 nn, capn;
	int		 start;
	int		 ntokens;	/* leaf tokens in the spec */
	int		 nhelp;		/* help lines supplied */
	char		**helps;	/* one per help line */
	bool		 is_show;	/* spec starts with "show": `|` allowed */
	bool		 starts_no;	/* first token is "no" */
};

struct cgraph	*cgraph_build(const char *spec, const char *help,
		    char *err, size_t errlen);
void		 cgraph_free(struct cgraph *);
/* Text shown by `?` for a token: keyword, "<1-65535>", "A.B.C.D". */
void		 tok_display(const struct gnode *, char *buf, size_t len);

/* Interface types for IFNAME. */
struct iftype_info {
	const char	*name;		/* "Serial" */
	const char	*help;		/* "Serial" */
	const char	*units;		/* "<0-9>" for `interface Serial ?` */
};
extern const struct iftype_info cli_iftypes[];
extern const int cli_n_iftypes;
/* The unit part of an interface name: "1/0", "0", "0/1.100". */
bool		 ifunit_valid(const char *s);

/* Value matchers. */
bool		 match_ipv4(const char *s);
bool		 match_prefix(const char *s);
bool		 match_mac(const char *s);
bool		 match_range(const char *s, long long min, long long max);

/* ---- matching (cmd_match.c) ------------------------------------------- */

/* Match quality of one word against one token; higher wins per word. */
enum {
	LV_NONE = 0,
	LV_VAR,			/* WORD / LINE */
	LV_PARTIAL,		/* keyword prefix */
	LV_VALUE,		/* typed value (address, range, ...) */
	LV_EXACT,		/* keyword, full spelling */
};

struct mword {
	char	*s;		/* NUL terminated copy */
	int	 off;		/* byte offset in the full line */
	int	 len;
};

struct mline {
	const char	*line;
	struct mword	*w;
	int		 n;
	bool		 trailing_space;	/* line ends in blank */
};

void	mline_split(struct mline *, const char *line, int start, int end);
void	mline_free(struct mline *);

struct marg {
	int		 gn;		/* token node */
	int		 word;		/* word index it came from */
	const char	*val;		/* keyword text, typed word or pooled */
};

struct mstate {
	int		 cmd;		/* index into mctx.cmds */
	int		 cont;		/* gnode whose closure is next */
	int		 ifhalf;	/* IFNAME: 1 + type awaiting its unit */
	int		 ifgn;		/* the IFNAME token when ifhalf */
	bool		 rest;		/* a LINE ate the rest of the line */
	int		 linegn;	/* that LINE token */
	int		 level;		/* quality for the last word */
	const char	*kw;		/* keyword text matched by the last word */
	struct marg	*args;
	int		 nargs;
};

struct mctx {
	struct cmd	**cmds;
	int		 ncmds;
	bool		 allow_default;	/* `default` may replace a leading `no` */
	const struct mline *ml;
	int		 first_word;	/* words before this are not ours (do) */
	int		 last_word;	/* one past the last word to match */
	struct mstate	*st;
	int		 nst;
	char		**pool;		/* strings owned by this match */
	int		 npool, cappool;
	/* Result. */
	int		 status;	/* CMD_SUCCESS / ERR_* */
	int		 bad_word;	/* NO_MATCH: word index */
	struct mstate	*final;		/* SUCCESS: the state that completes */
};

void	mctx_init(struct mctx *, struct cmd **cmds, int ncmds,
	    const struct mline *ml, int first, int last);
void	mctx_free(struct mctx *);
/* Feed words [first, last); sets status (SUCCESS means states alive). */
void	match_words(struct mctx *);
/* After match_words: pick the command to run; status becomes SUCCESS,
 * INCOMPLETE or AMBIGUOUS. */
void	match_final(struct mctx *);
/* Closure of a state: calls fn for each next token and (gn == -1) for an
 * end-of-command. */
typedef void (*leaf_fn)(void *arg, const struct mctx *, const struct mstate *,
    int gn);
void	match_leaves(const struct mctx *, const struct mstate *, leaf_fn,
	    void *arg);
/* Level of `word` against token gn of cmd; *kw gets the keyword text.  For
 * IFNAME, *iftype gets the type index (-1 if a full name). */
int	match_token(const struct mctx *, const struct cmd *, int gn,
	    const char *word, const char **kw, int *iftype);
struct cgraph *cmd_graph(const struct cmd *);
/* The state can end here (<cr>). */
bool	state_complete(const struct mctx *, const struct mstate *);

/* ---- nodes (cmd_node.c) ---------------------------------------------- */

struct cmdlist {
	struct cmd	**v;
	int		 n, cap;
};

struct node_info {
	struct cli_node	 node;
	bool		 installed;
	const char	*title;		/* "Exec commands:" for a bare `?` */
	struct cmdlist	 cmds;		/* incl. VIEW's for ENABLE */
};

struct node_info *cli_node_info(enum node_id);
struct cmdlist	*cli_filter_cmds(void);	/* begin/count/... after `|` */
void		 cli_install_filter(struct cmd *);
bool		 cli_node_is_config(enum node_id);
bool		 cli_node_is_exec(enum node_id);
void		 cli_builtin_init(void);	/* builtin_cli.c */
void		 cli_runconf_free(void);		/* runconf.c */
char		*cli_running_config_iface(struct iface *);
void		 cli_filter_init(void);		/* filter.c */

/* Leave the current node for its parent (exit_fn first). */
void		 cli_node_exit(struct vty *);

/* ---- lines (cmd_exec.c) ---------------------------------------------- */

#define CLI_MAX_SEG	16

/* A typed line as the engine sees it: the command words (after `do`) and
 * the filter segments after `|` (exec modes only). */
struct lineprep {
	char		*line;		/* copy without the newline */
	int		 len;
	struct mline	 ml;		/* command part */
	enum node_id	 node;		/* where the command part matches */
	int		 first;		/* 1 after `do` */
	int		 nseg;
	int		 seg_start[CLI_MAX_SEG], seg_end[CLI_MAX_SEG];
	int		 plen;		/* prompt length, for the caret */
};

void	lineprep_init(struct vty *, const char *line, struct lineprep *);
void	lineprep_free(struct lineprep *);
/* Match words [first, last) of ml in node. */
void	cli_match_node(struct mctx *, enum node_id, const struct mline *,
	    int first, int last);
void	cli_print_caret(struct vty *, int plen, int off);
/* Print the error for a failed match (status != SUCCESS). */
void	cli_print_match_error(struct vty *, const struct lineprep *,
	    const struct mctx *, bool exec);

/* ---- sessions (vty.c) ------------------------------------------------ */

enum filter_type { FT_BEGIN, FT_COUNT, FT_EXCLUDE, FT_INCLUDE, FT_SECTION };

struct sect_line {
	int	 indent;
	char	*text;
	bool	 printed;
};

struct filter {
	enum filter_type type;
	regex_t		 re;
	bool		 has_re;
	bool		 begun;		/* begin: matched already */
	long		 count;
	/* section: ancestors of the current line; a matched subtree. */
	struct sect_line *stack;
	int		 nstack, capstack;
	int		 match_indent;	/* -1: not inside a matched subtree */
};

#define VTY_HIST_MAX	10

struct vty {
	struct router	*r;
	enum node_id	 node;
	char		*ctx[NODE_MAX];
	int		 ctxnum[NODE_MAX];
	/* A command that sets a context and then enters a sub-mode means the
	 * sub-mode's context, in whichever order it calls the two: the values
	 * move to the new node and the old node gets its own back. */
	bool		 ctx_moved;	/* set in this command, not yet moved */
	enum node_id	 ctx_node;	/* node it was set on */
	char		*ctx_prev;	/* that node's previous values */
	int		 ctxnum_prev;

	vty_sink_fn	 sink;
	void		*sink_ctx;
	vty_getline_fn	 getline;
	void		*getline_ctx;
	vty_getkey_fn	 getkey;
	void		*getkey_ctx;

	int		 term_length;
	bool		 pager_on;
	bool		 exec_timestamp;

	/* Per command execution. */
	bool		 in_cmd;
	struct filter	*filters;
	int		 nfilters;
	struct strbuf	 lbuf;		/* partial line waiting for filters */
	int		 pager_lines;	/* lines since the last --More-- */
	bool		 at_bol;	/* pager: next byte starts a line */
	bool		 discard;	/* `q` at --More--: drop the rest */
	int		 err_arg;	/* cli_error_at */

	char		 prompt[128];
	char		*hist[2][VTY_HIST_MAX];	/* [0] exec, [1] config */
	int		 nhist[2];
};

void	vty_history_add(struct vty *, const char *line);
void	vty_ctx_settle(struct vty *);
/* Output of one command: through filters and pager to the sink. */
void	vty_cmd_begin(struct vty *, struct filter *f, int nf);
void	vty_cmd_end(struct vty *);
/* Past the filters (pager + sink). */
void	pager_write(struct vty *, const char *data, size_t len);
/* Through filters from index i on; line without its newline. */
void	filter_line(struct vty *, int i, const char *line, size_t len);
void	filter_finish(struct vty *, int i);
void	filter_free(struct filter *);
/* Compile an IOS regex (POSIX extended, `_` as IOS delimiter). */
int	cli_regcomp(regex_t *, const char *ios_re);

#endif
