/* Byte-level line reader: the key handling of the terminal front end for
 * input that is not a terminal (see linereader.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "linereader.h"

struct linereader {
	FILE		*fp;
	const struct lr_ops *ops;
	void		*ctx;
	int		 lineno;	/* lines fully consumed */
};

#define CTRL(c)		((c) & 0x1f)

struct linereader *
lr_new(FILE *fp, const struct lr_ops *ops, void *ctx)
{
	struct linereader *lr = calloc(1, sizeof(*lr));

	if (lr == NULL)
		abort();
	lr->fp = fp;
	lr->ops = ops;
	lr->ctx = ctx;
	return lr;
}

void
lr_free(struct linereader *lr)
{
	free(lr);
}

int
lr_lineno(const struct linereader *lr)
{
	return lr->lineno;
}

static void
add_char(struct strbuf *line, char c)
{
	if (line->len < LR_MAX_LINE)
		sb_add(line, &c, 1);
}

static void
erase_word(struct strbuf *line)
{
	while (line->len > 0 && line->s[line->len - 1] == ' ')
		line->len--;
	while (line->len > 0 && line->s[line->len - 1] != ' ')
		line->len--;
	if (line->s != NULL)
		line->s[line->len] = '\0';
}

static bool
is_literal(struct linereader *lr, struct strbuf *line, bool raw)
{
	if (raw || lr->ops == NULL)
		return true;
	return lr->ops->literal != NULL && lr->ops->literal(lr->ctx, sb_str(line));
}

int
lr_read(struct linereader *lr, struct strbuf *line, bool raw)
{
	bool quoted = false, any = false;
	int c;

	sb_reset(line);
	if (line->s != NULL)
		line->s[0] = '\0';
	while ((c = getc(lr->fp)) != EOF) {
		any = true;
		if (quoted) {
			/* Ctrl-V: the next byte is text, whatever it is. */
			quoted = false;
			if (c != '\n' && c != '\r' && c != '\0') {
				add_char(line, (char)c);
				continue;
			}
		}
		switch (c) {
		case '\n':
			lr->lineno++;
			return LR_LINE;
		case CTRL('Z'):
			/* The rest of the input line after ^Z is dropped, as
			 * the terminal would have sent it as a new line. */
			while ((c = getc(lr->fp)) != EOF && c != '\n')
				;
			lr->lineno++;
			return LR_CTRLZ;
		case CTRL('V'):
			if (raw)
				add_char(line, (char)c);
			else
				quoted = true;
			break;
		case '?':
			if (is_literal(lr, line, raw)) {
				add_char(line, '?');
				break;
			}
			lr->ops->help(lr->ctx, sb_str(line));
			c = getc(lr->fp);
			if (c == '\r')
				c = getc(lr->fp);
			if (c == '\n' || c == EOF) {
				/* `?` at the end of a line: the help was the
				 * point; the next line starts afresh. */
				lr->lineno++;
				sb_reset(line);
				if (line->s != NULL)
					line->s[0] = '\0';
				any = false;
				if (c == EOF)
					return LR_EOF;
				break;
			}
			ungetc(c, lr->fp);
			break;
		case '\t':
			if (is_literal(lr, line, raw)) {
				add_char(line, '\t');
				break;
			}
			{
				char *s = lr->ops->complete(lr->ctx, sb_str(line));
				if (s != NULL) {
					sb_reset(line);
					sb_puts(line, s);
					free(s);
				}
			}
			break;
		case '\b':
		case 0x7f:
			if (raw) {
				add_char(line, (char)c);
			} else if (line->len > 0) {
				line->len--;
				line->s[line->len] = '\0';
			}
			break;
		case CTRL('U'):
			if (!raw) {
				sb_reset(line);
				if (line->s != NULL)
					line->s[0] = '\0';
			}
			break;
		case CTRL('W'):
			if (!raw)
				erase_word(line);
			break;
		default:
			/* CR (CRLF files), NUL and other control bytes have
			 * no place in a command line. */
			if ((unsigned char)c >= 0x20)
				add_char(line, (char)c);
			break;
		}
	}
	if (any) {
		/* Last line without a newline. */
		lr->lineno++;
		return LR_LINE;
	}
	return LR_EOF;
}
