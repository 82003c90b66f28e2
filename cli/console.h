/* The multi-router console: one session that drives every router of the
 * lab, reads the scenario language of DESIGN §4 (IOS lines and @
 * directives) from files, standard input or a terminal, and prints the
 * transcript.
 *
 * Exit status conventions (vpnsim run): 0 fine, 1 an @expect failed,
 * 2 a lab error (bad directive, missing file, invalid config file line). */
#ifndef VPNSIM_CONSOLE_H
#define VPNSIM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sched.h"

struct router;

/* A file built into the program (the default lab and its configs). */
struct embedded_file {
	const char	*name;		/* "default.vlab", "default/KS1.cfg" */
	const char	*text;
};
/* src/default_lab.c, generated from scenarios/default.vlab and
 * scenarios/default/ (NULL-terminated). */
extern const struct embedded_file default_lab_files[];

enum { CON_OK = 0, CON_EXPECT_FAILED = 1, CON_LAB_ERROR = 2 };

void	console_init(void);		/* after lab_init() and vpnsim_init() */
void	console_free(void);		/* before lab_free() */

/* Echo each line after its prompt (transcripts); off while a lab is
 * loaded for the interactive console. */
void	console_set_echo(bool on);
/* Show the routers' console log lines (off while a lab boots for the
 * interactive console: they stay in each router's `show logging`). */
void	console_set_logs(bool on);
/* Drop the output of typed commands (the lab's own setup lines while it
 * loads quietly); lab errors still reach stderr. */
void	console_set_mute(bool on);
/* Terminal session: pager on, lab errors reported as "% ..." lines and
 * not fatal. */
void	console_set_tty(bool on);

/* Run a scenario from a file ("-" is standard input), from a stream, or
 * from the embedded files.  Returns the console status so far. */
int	console_run_file(const char *path);
int	console_run_stream(FILE *fp, const char *name);
int	console_run_embedded(const struct embedded_file *files,
	    const char *name);

int	console_status(void);		/* CON_* (worst so far) */
bool	console_quit(void);		/* @quit seen or fatal lab error */

/* ---- terminal front end (cli/term.c) ----------------------------------- */

/* The prompt of the current router ("GM1#"), or "vpnsim> " without one. */
const char *console_prompt(void);
/* One line typed at the terminal (already shown by the line editor). */
void	console_exec_typed(const char *line);
/* Ctrl-Z: run the line typed so far, then `end`. */
void	console_exec_ctrlz(const char *line);
/* `?` typed after `text`: prints the help (no echo of the line). */
void	console_help(const char *text);
/* TAB after `text`: the completed text (malloc'd) or NULL. */
char	*console_complete(const char *text);
/* Run the lab up to virtual time t while the user is idle at the prompt;
 * returns the console lines logged meanwhile (malloc'd) or NULL. */
char	*console_advance(vtime_t t);
/* Questions asked by a command (extended ping) on the terminal. */
typedef bool (*console_getline_fn)(const char *prompt, char *buf, size_t len);
void	console_set_tty_getline(console_getline_fn);
/* A question whose answer IOS does not echo ("Password: "). */
bool	console_secret_prompt(const char *prompt);
/* One key for the pager's --More-- (-1: none). */
typedef int (*console_getkey_fn)(void);
void	console_set_tty_getkey(console_getkey_fn);
/* The interactive console on a terminal until Ctrl-D or @quit
 * (cli/term.c, linked into the program, not the library). */
void	term_run(void);

/* ---- durations and quantities (cli/durations.c) ------------------------ */

/* "90", "15m", "2h", "1d", "1h30m", "500ms", "1.5s".  A number without a
 * unit counts in `unit` (VT_SEC for @wait, VT_MSEC for link delays).
 * Returns 0, or -1 on a malformed or overflowing value. */
int	parse_duration(const char *s, vtime_t unit, vtime_t *out);
/* "5ms", "2s", "1h30m" ("0" for zero): the shortest exact form. */
void	format_duration(vtime_t d, char *buf, size_t len);
/* "1544k", "10M", "1G", "2000000bps"; a bare number is kbit/s (as the IOS
 * `bandwidth` command).  Returns 0 or -1. */
int	parse_bandwidth(const char *s, uint64_t *bps);
/* "5%", "5", "0.5%" -> 0.05 ...; 0..100 percent.  Returns 0 or -1. */
int	parse_percent(const char *s, double *frac);

#endif
