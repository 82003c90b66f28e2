/* Growable text buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static void
grow(struct strbuf *sb, size_t need)
{
	size_t cap;

	if (sb->len + need + 1 <= sb->cap)
		return;
	cap = sb->cap ? sb->cap : 128;
	while (cap < sb->len + need + 1)
		cap *= 2;
	sb->s = realloc(sb->s, cap);
	if (sb->s == NULL)
		abort();
	sb->cap = cap;
}

void
sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	grow(sb, (size_t)n);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void
sb_add(struct strbuf *sb, const char *s, size_t n)
{
	grow(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

char *
sb_steal(struct strbuf *sb)
{
	char *s = sb->s;

	if (s == NULL) {
		s = malloc(1);
		if (s == NULL)
			abort();
		s[0] = '\0';
	}
	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->s ? sb->s : "";
}
