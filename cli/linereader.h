/* Byte-level line reader for input that is not a terminal (scripts,
 * scenario files, pipes).  It gives `?` and TAB inside a line the meaning
 * they have at the terminal, so golden tests exercise help and completion
 * without a pty and without readline or libedit:
 *
 *   "show ?\n"         help for "show " is printed; a `?` that ends the
 *                      line also ends it: the text before it is dropped
 *                      and the next input line starts afresh.
 *   "show ip ?route\n" help for "show ip ", then the line goes on as
 *                      "show ip route".
 *   "sh\tip route\n"   TAB completes "sh" in place ("show ip route").
 *   Ctrl-V ?           a literal `?` (as on IOS).
 *   Ctrl-Z (0x1a)      ends the line; the caller runs it, then `end`.
 *   BS/DEL, Ctrl-U, Ctrl-W edit the line; CR and other control bytes
 *   are ignored.
 *
 * In raw mode (answers to a command's questions, config files) `?` and
 * TAB are plain characters. */
#ifndef VPNSIM_LINEREADER_H
#define VPNSIM_LINEREADER_H

#include <stdbool.h>
#include <stdio.h>

#include "strbuf.h"

struct lr_ops {
	/* `?` typed after `text`. */
	void	(*help)(void *ctx, const char *text);
	/* TAB after `text`: replacement text (malloc'd) or NULL. */
	char	*(*complete)(void *ctx, const char *text);
	/* True when `?` and TAB are plain characters in a line that starts
	 * with `text` (comments, @expect patterns). */
	bool	(*literal)(void *ctx, const char *text);
};

enum lr_result { LR_EOF = 0, LR_LINE, LR_CTRLZ };

struct linereader;

struct linereader *lr_new(FILE *fp, const struct lr_ops *ops, void *ctx);
void		   lr_free(struct linereader *);	/* NULL safe; keeps fp open */
/* Next line into `line` (without newline).  LR_CTRLZ: the line ended with
 * Ctrl-Z.  LR_EOF: end of input (a last line without newline is returned
 * first as LR_LINE). */
int		   lr_read(struct linereader *, struct strbuf *line, bool raw);
/* Input line number of the last line read (1-based). */
int		   lr_lineno(const struct linereader *);

#define LR_MAX_LINE	65536	/* longer lines are cut (never a crash) */

#endif
