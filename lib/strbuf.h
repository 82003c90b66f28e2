/* Growable text buffer.  Renderers in lib/ and netsim/ write show output
 * into one so they need not know about CLI sessions. */
#ifndef VPNSIM_STRBUF_H
#define VPNSIM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char	*s;		/* always NUL terminated once used */
	size_t	 len;
	size_t	 cap;
};

#define STRBUF_INIT	{ NULL, 0, 0 }

void	sb_printf(struct strbuf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	sb_vprintf(struct strbuf *, const char *fmt, va_list);
void	sb_add(struct strbuf *, const char *s, size_t n);
void	sb_puts(struct strbuf *, const char *s);
void	sb_reset(struct strbuf *);	/* empty, keep memory */
void	sb_free(struct strbuf *);	/* release memory */
char	*sb_steal(struct strbuf *);	/* caller owns result ("" if empty) */
const char *sb_str(const struct strbuf *);	/* "" if empty */

#endif
