/* IOS command engine: modes, declarative commands, matching, help,
 * completion, errors with the caret, output filters and paging.
 *
 * Commands are declared with a spec string and one help line per token
 * (FRR DEFUN style) and installed into a mode:
 *
 *   DEFUN(show_ip_route, "show ip route [A.B.C.D]",
 *         SHOW_STR IP_STR "IP routing table\n" "Network to display information about\n")
 *   {
 *       ... argv[i] holds the typed word for values and the full keyword
 *       for keywords ("route"), in spec order of the tokens that matched.
 *   }
 *   cli_install(ENABLE_NODE, &show_ip_route_cmd);
 *
 * Spec grammar:
 *   word          keyword, may be abbreviated to a unique prefix
 *   A.B.C.D       IPv4 address           A.B.C.D/M   prefix
 *   WORD          any single word         LINE        the rest of the line
 *   (1-65535)     number in range         H.H.H       MAC address
 *   IFNAME        interface name: "Serial1/0", "se1/0" or "serial 1/0"
 *   [x y]         optional sequence       (a|b c)     alternatives
 *   {a|b}         zero or more of, any order (IOS ping/extended options)
 * Help strings: one "\n"-terminated line per token in spec order; a bracket
 * or parenthesis consumes none.
 *
 * The engine knows nothing of routers beyond the struct router pointer it
 * keeps in the session; subsystems own their commands. */
#ifndef VPNSIM_CLI_H
#define VPNSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

struct router;
struct vty;
struct iface;

/* Modes.  Later issues append their sub-modes before NODE_MAX. */
enum node_id {
	VIEW_NODE,		/* R1>        user exec */
	ENABLE_NODE,		/* R1#        privileged exec */
	CONFIG_NODE,		/* R1(config)# */
	INTERFACE_NODE,		/* R1(config-if)# */
	ACL_STD_NODE,		/* R1(config-std-nacl)# */
	ACL_EXT_NODE,		/* R1(config-ext-nacl)# */
	LINE_NODE,		/* R1(config-line)# */
	/* ipsec/ (IKEv1, crypto maps) */
	ISAKMP_POLICY_NODE,	/* R1(config-isakmp)# */
	KEYRING_NODE,		/* R1(conf-keyring)# */
	ISAKMP_PROFILE_NODE,	/* R1(conf-isa-prof)# */
	TRANSFORM_NODE,		/* R1(cfg-crypto-trans)# */
	IPSEC_PROFILE_NODE,	/* R1(ipsec-profile)# */
	CRYPTO_MAP_NODE,	/* R1(config-crypto-map)# */
	/* gdoi/ */
	GDOI_GROUP_NODE,	/* R1(config-gdoi-group)# */
	GDOI_SERVER_NODE,	/* R1(gdoi-local-server)# */
	GDOI_SA_NODE,		/* R1(gdoi-sa-ipsec)# */
	GDOI_COOP_NODE,		/* R1(gdoi-coop-ks-config)# */
	GDOI_FAILCLOSE_NODE,	/* R1(crypto-map-fail-close)# (gdoi/) */
	/* ipsec/pki_cli.c */
	PKI_TRUSTPOINT_NODE,	/* R1(ca-trustpoint)# */
	PKI_CHAIN_NODE,		/* R1(config-cert-chain)# */
	/* gdoi/gdoi_authz_cli.c */
	CRYPTO_IDENTITY_NODE,	/* R1(config-crypto-identity)# */
	NODE_MAX
};

enum cmd_result {
	CMD_SUCCESS = 0,
	CMD_WARNING,		/* handler printed its own error */
	CMD_ERR_NO_MATCH,	/* % Invalid input detected at '^' marker. */
	CMD_ERR_AMBIGUOUS,	/* % Ambiguous command:  "..." */
	CMD_ERR_INCOMPLETE,	/* % Incomplete command. */
	CMD_EXIT,		/* session asked to leave (exit at exec) */
};

struct cmd;
typedef int (*cmd_fn)(const struct cmd *self, struct vty *vty, int argc,
    const char **argv);

struct cmd {
	const char	*spec;
	const char	*help;
	cmd_fn		 fn;
	unsigned	 attr;		/* CMD_ATTR_* */
	void		*graph;		/* engine private, built on install */
};

#define CMD_ATTR_HIDDEN	0x1		/* works, not shown by ? or TAB */

#define DEFUN(fname, specstr, helpstr)					\
	static int fname(const struct cmd *, struct vty *, int,		\
	    const char **);						\
	static struct cmd fname##_cmd = { specstr, helpstr, fname, 0, NULL }; \
	static int fname(const struct cmd *self, struct vty *vty,	\
	    int argc, const char **argv)

#define DEFUN_HIDDEN(fname, specstr, helpstr)				\
	static int fname(const struct cmd *, struct vty *, int,		\
	    const char **);						\
	static struct cmd fname##_cmd = { specstr, helpstr, fname,	\
	    CMD_ATTR_HIDDEN, NULL };					\
	static int fname(const struct cmd *self, struct vty *vty,	\
	    int argc, const char **argv)

/* Handler helpers.  A spec starting with "no" also accepts "default" in
 * config modes (argv[0] is then "default"); cli_is_no() is true for both. */
bool	cli_is_no(int argc, const char **argv);
bool	cli_is_default(int argc, const char **argv);
/* Index of the argv equal to word (a keyword's full spelling), or -1. */
int	cli_argv_find(int argc, const char **argv, const char *word);
/* `return cli_error_at(vty, i);` prints the caret under argv[i]'s word and
 * "% Invalid input detected at '^' marker." (e.g. an unknown interface). */
int	cli_error_at(struct vty *, int argi);

/* Common help lines. */
#define SHOW_STR	"Show running system information\n"
#define NO_STR		"Negate a command or set its defaults\n"
#define IP_STR		"IP information\n"
#define IP_CFG_STR	"Global IP configuration subcommands\n"
#define CLEAR_STR	"Reset functions\n"
#define DEBUG_STR	"Debugging functions (see also 'undebug')\n"
#define CRYPTO_STR	"Encryption module\n"
#define IFNAME_STR	"Interface name\n"

/* Mode table.  The prompt is a printf format taking the hostname.
 * exit_fn runs when leaving the mode (commit of a sub-mode object, e.g. a
 * GDOI policy change that triggers a rekey at `end`). */
struct cli_node {
	enum node_id	 id;
	const char	*prompt;	/* "%s(config-if)#" */
	enum node_id	 parent;	/* where `exit` goes */
	void		(*exit_fn)(struct vty *);
};

void	cli_init(void);			/* engine tables, built-in commands */
void	cli_free(void);
/* Every node of enum node_id exists after cli_init with its IOS prompt and
 * parent; installing a node replaces prompt/parent/exit_fn (e.g. an
 * exit_fn on CONFIG_NODE that logs %SYS-5-CONFIG_I).  Config nodes get
 * `exit`, `end` and `do LINE` automatically. */
void	cli_install_node(const struct cli_node *);
/* Header printed by a bare `?` ("Interface configuration commands:"). */
void	cli_node_set_title(enum node_id, const char *title);
/* Commands installed in VIEW_NODE are available in ENABLE_NODE too. */
void	cli_install(enum node_id, struct cmd *);
/* Grammar self-check over every installed command: help lines equal token
 * count, each command's own spellings match back to it alone.  Returns the
 * number of problems; describes them in *report (may be NULL). */
int	cli_check_grammar(struct strbuf *report);

/* Running-config sections, written in ascending `order` (IOS order). */
enum {
	RC_ORDER_SERVICE = 100,		/* service timestamps ... */
	RC_ORDER_HOSTNAME = 200,
	RC_ORDER_LOGGING = 300,
	RC_ORDER_ENABLE = 400,
	RC_ORDER_IP_GLOBAL = 500,	/* ip multicast-routing, ip cef */
	RC_ORDER_CRYPTO = 600,		/* crypto isakmp/ipsec/map/gdoi */
	RC_ORDER_INTERFACE = 700,
	RC_ORDER_IP_ROUTE = 800,	/* ip forward-protocol, ip route */
	RC_ORDER_ACL = 900,
	RC_ORDER_LINE = 1000,
};
typedef void (*config_write_fn)(struct vty *vty, struct router *r);
void	cli_install_config_writer(int order, config_write_fn);
/* Per-interface lines inside each "interface X" block, in order. */
typedef void (*iface_config_write_fn)(struct vty *vty, struct iface *ifp);
void	cli_install_iface_config_writer(int order, iface_config_write_fn);
/* Whole running config as text (show run, write memory, round-trip).
 * Layout: "Building configuration...", blank, "Current configuration : N
 * bytes", then the body: "!", the sections, "!", "end" (N is the body's
 * length).  `version 15.2` is a section like the others (system_cli).
 * Separators: the engine writes "!" before every section that printed
 * something, unless the text so far ends in "!" or the section starts with
 * "!"; sections ordered below RC_ORDER_HOSTNAME get none (IOS prints
 * `service ...` right under `version`).  A writer that prints several
 * blocks (interfaces) ends each block with "!" itself. */
char	*cli_running_config(struct router *r);
#define CLI_CONFIG_VERSION	"15.2"
/* The lines inside one "interface X" block: every interface writer in
 * order; no header, no "!".  The interface section writer (netsim/iface_cli.c)
 * prints "interface X", calls this, then "!"; `show running-config
 * interface X` uses it too. */
void	cli_write_iface_config(struct vty *vty, struct iface *ifp);

/* ---- sessions -------------------------------------------------------- */

/* Where finished output goes (after filters, before paging). */
typedef void (*vty_sink_fn)(void *ctx, const char *data, size_t len);

struct vty	*vty_new(struct router *r, vty_sink_fn sink, void *sink_ctx);
void		 vty_free(struct vty *);	/* NULL safe */
struct router	*vty_router(const struct vty *);
enum node_id	 vty_node(const struct vty *);
void		 vty_set_node(struct vty *, enum node_id);
/* Sub-mode context: an ID (name/number), never a pointer, so a deleted
 * object is noticed.  E.g. interface name, ACL name, "policy 10". */
const char	*vty_context(const struct vty *);	/* "" if unset */
void		 vty_set_context(struct vty *, const char *ctx);
int		 vty_context_num(const struct vty *);
void		 vty_set_context_num(struct vty *, int n);
/* Context of an enclosing mode (the GDOI group from a sub-mode). */
const char	*vty_context_of(const struct vty *, enum node_id);
int		 vty_context_num_of(const struct vty *, enum node_id);

/* Formatted output through the session's filters and pager. */
void	vty_out(struct vty *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	vty_write(struct vty *, const char *data, size_t len);
/* Ask the user a question (extended ping, "Destination filename"); reads
 * the next input line through the front end.  Returns false on EOF. */
typedef bool (*vty_getline_fn)(void *ctx, const char *prompt, char *buf,
    size_t len);
void	vty_set_getline(struct vty *, vty_getline_fn, void *ctx);
bool	vty_getline(struct vty *, const char *prompt, char *buf, size_t len);

/* The prompt of the current mode: "R1(config-if)#". */
const char *vty_prompt(struct vty *);

/* One key for the pager (" --More-- "): space = next page, Enter = one
 * more line, anything else (q) drops the rest.  -1 = EOF (drop). */
typedef int (*vty_getkey_fn)(void *ctx);
void	vty_set_getkey(struct vty *, vty_getkey_fn, void *ctx);

/* Execute one line (with `| filter`).  Prints errors with the caret aligned
 * under the prompt + line as IOS does.  Returns enum cmd_result. */
int	cli_execute(struct vty *, const char *line);
/* `?` typed at the end of `line` (the `?` itself not included; line may end
 * in a partial word or a space): prints the help rows to the vty, then an
 * empty line (the front end then reprints prompt and line, as IOS does).
 * "sh ?": "  keyword  help" rows, values first, keywords sorted, padded to
 * the longest word + 2, then "  |  Output modifiers" for show commands in
 * exec modes, then "  <cr>".  "sh?": "show  " on one line.  A bad line
 * before the `?` prints the caret error; a partial word that matches
 * nothing prints "% Unrecognized command". */
void	cli_describe(struct vty *, const char *line);
/* Ctrl-Z: `end` in config modes, nothing at exec. */
void	cli_end(struct vty *);
/* Work IOS does at "end of configuration mode" (GDOI policy-change
 * rekeys, seed 003 table 2): fn runs each time a session goes from
 * configuration mode back to exec (`end`, Ctrl-Z, `exit` at (config)#),
 * after CONFIG_NODE's exit_fn.  At most 8 hooks, run in order. */
void	cli_add_config_end_hook(void (*fn)(struct vty *));
/* TAB: returns a malloc'd completed line (e.g. "show ") or NULL if there is
 * no unique completion; *list_out gets the candidate list when ambiguous
 * ("clock  crypto": words separated by two blanks, no newline). */
char	*cli_complete(struct vty *, const char *line, struct strbuf *list_out);

/* Terminal settings of the session. */
void	vty_set_term_length(struct vty *, int lines);	/* 0 = no paging */
int	vty_term_length(const struct vty *);
void	vty_set_pager(struct vty *, bool on);		/* only on a tty */
/* `terminal exec prompt timestamp` */
void	vty_set_exec_timestamp(struct vty *, bool on);

#endif
