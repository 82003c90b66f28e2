/* State shared by the console files (console.c, directives.c).  Nothing
 * outside cli/console*.c and cli/directives.c includes this. */
#ifndef VPNSIM_CONSOLE_PRIV_H
#define VPNSIM_CONSOLE_PRIV_H

#include <stdbool.h>
#include <stdio.h>

#include "console.h"
#include "linereader.h"
#include "strbuf.h"

struct router;

/* One input being read: a scenario file, an included file, a config file,
 * standard input.  Sources nest (@include, @router ... config FILE). */
struct source {
	char		*name;		/* for "file:line:" messages */
	char		*dir;		/* relative paths start here ("" = cwd) */
	const struct embedded_file *vfs; /* embedded files, or NULL */
	FILE		*fp;
	bool		 own_fp;
	struct linereader *lr;
	int		 lineno;	/* line being run */
	struct source	*up;
};

struct console {
	struct router	*cur;		/* the router typed lines go to */
	struct source	*src;		/* innermost input, NULL at the tty */
	bool		 echo;		/* transcript: show prompt + line */
	bool		 logs;		/* show console log lines */
	bool		 mute;		/* drop command output (quiet load) */
	bool		 tty;

	/* Output of the last command or directive, for @expect. */
	struct strbuf	 last;
	/* Console log lines held back while a command runs: IOS prints
	 * them after the command's output. */
	struct strbuf	 pending;
	int		 defer;		/* >0: hold log lines in `pending` */

	int		 status;	/* CON_* */
	bool		 stop;		/* fatal lab error or @quit */
	bool		 quit;		/* @quit */
	int		 include_depth;
	console_getline_fn tty_getline;
	console_getkey_fn tty_getkey;
};

extern struct console *con;

/* Output to the transcript (stdout), also recorded for @expect. */
void	con_write(const char *s, size_t len);
void	con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A lab error: "file:line: message" on stderr, stop (script) or "% message"
 * (terminal).  Always returns -1. */
int	con_lab_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print held-back log lines. */
void	con_flush_pending(void);
/* Run a nested file (@include); path relative to the current source. */
int	con_run_path(const char *path);
/* Read a file relative to the current source (fs or embedded). */
char	*con_read_file(const char *path, char **display_name);
/* The router typed lines go to (@on). */
void	con_set_current(struct router *r);
/* Feed a config file to a router as if typed in config mode. */
int	con_load_config(struct router *r, const char *path);
/* Attach a console session to a new router. */
void	con_router_added(struct router *r);

/* ---- directives.c ------------------------------------------------------ */

/* Run one @ line (without echo).  Returns 0 or -1. */
int	directive_exec(const char *line);
/* `?` / TAB on an @ line. */
void	directive_help(const char *text);
char	*directive_complete(const char *text);
/* True if `?`/TAB are plain characters in an @ line starting like this
 * (the text of @expect). */
bool	directive_literal(const char *text);

#endif
