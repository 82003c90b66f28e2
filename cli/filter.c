/* Output modifiers after `|`: begin, count, exclude, include, section.
 *
 * Filters form a chain per command execution; each complete output line
 * enters at filter 0 and goes on to the next filter or, past the last one,
 * to the pager.  Regular expressions are POSIX extended with IOS's `_`
 * (start, end, blank, comma, braces, parentheses).
 *
 * `section REGEX` (IOS rule): a line that matches is printed with all lines
 * indented below it; a deeper line that matches is printed on its own,
 * without its parent (`show ip traffic | section Frags` prints the two
 * Frags lines, not the "IP statistics:" heading above them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

DEFUN(filt_begin, "begin LINE",
    "Begin with the line that matches\n"
    "Regular Expression\n")
{
	return CMD_SUCCESS;
}

DEFUN(filt_count, "count LINE",
    "Count number of lines which match regexp\n"
    "Regular Expression\n")
{
	return CMD_SUCCESS;
}

DEFUN(filt_exclude, "exclude LINE",
    "Exclude lines that match\n"
    "Regular Expression\n")
{
	return CMD_SUCCESS;
}

DEFUN(filt_include, "include LINE",
    "Include lines that match\n"
    "Regular Expression\n")
{
	return CMD_SUCCESS;
}

DEFUN(filt_section, "section LINE",
    "Filter a section of output\n"
    "Regular Expression\n")
{
	return CMD_SUCCESS;
}

void
cli_filter_init(void)
{
	cli_install_filter(&filt_begin_cmd);
	cli_install_filter(&filt_count_cmd);
	cli_install_filter(&filt_exclude_cmd);
	cli_install_filter(&filt_include_cmd);
	cli_install_filter(&filt_section_cmd);
}

int
cli_regcomp(regex_t *re, const char *ios)
{
	static const char delim[] = "(^|$|[ ,{}()])";
	char *buf, *o;
	const char *p;
	bool bracket = false;
	int rc;

	buf = malloc(strlen(ios) * (sizeof(delim) - 1) + 1);
	if (buf == NULL)
		abort();
	for (p = ios, o = buf; *p; p++) {
		if (*p == '\\' && p[1]) {
			*o++ = *p++;
			*o++ = *p;
			continue;
		}
		if (*p == '[')
			bracket = true;
		else if (*p == ']')
			bracket = false;
		if (*p == '_' && !bracket) {
			memcpy(o, delim, sizeof(delim) - 1);
			o += sizeof(delim) - 1;
			continue;
		}
		*o++ = *p;
	}
	*o = 0;
	rc = regcomp(re, buf, REG_EXTENDED | REG_NOSUB);
	free(buf);
	return rc;
}

static bool
line_matches(struct filter *f, const char *line, size_t len)
{
	char small[512], *s = small;
	bool m;

	if (!f->has_re)
		return true;
	if (len >= sizeof(small)) {
		s = malloc(len + 1);
		if (s == NULL)
			abort();
	}
	memcpy(s, line, len);
	s[len] = 0;
	m = regexec(&f->re, s, 0, NULL, 0) == 0;
	if (s != small)
		free(s);
	return m;
}

static void
next(struct vty *v, int i, const char *line, size_t len)
{
	if (i + 1 < v->nfilters) {
		filter_line(v, i + 1, line, len);
		return;
	}
	pager_write(v, line, len);
	pager_write(v, "\n", 1);
}

static int
indent_of(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return (int)i;
}

static void
section_line(struct vty *v, int i, const char *line, size_t len)
{
	struct filter *f = &v->filters[i];
	struct sect_line *sl;
	int ind = indent_of(line, len);
	bool printed = false;

	/* Blank lines close every block. */
	if (ind == (int)len)
		ind = 0;
	while (f->nstack > 0 && f->stack[f->nstack - 1].indent >= ind) {
		free(f->stack[f->nstack - 1].text);
		f->nstack--;
	}
	if (f->match_indent >= 0 && ind <= f->match_indent)
		f->match_indent = -1;
	if (f->match_indent >= 0) {
		next(v, i, line, len);
		printed = true;
	} else if (line_matches(f, line, len)) {
		next(v, i, line, len);
		f->match_indent = ind;
		printed = true;
	}
	if (f->nstack == f->capstack) {
		f->capstack = f->capstack ? f->capstack * 2 : 8;
		f->stack = realloc(f->stack, (size_t)f->capstack *
		    sizeof(*f->stack));
		if (f->stack == NULL)
			abort();
	}
	sl = &f->stack[f->nstack++];
	sl->indent = ind;
	sl->text = strndup(line, len);
	if (sl->text == NULL)
		abort();
	sl->printed = printed;
}

void
filter_line(struct vty *v, int i, const char *line, size_t len)
{
	struct filter *f = &v->filters[i];

	if (v->discard)
		return;
	switch (f->type) {
	case FT_BEGIN:
		if (!f->begun && line_matches(f, line, len))
			f->begun = true;
		if (f->begun)
			next(v, i, line, len);
		break;
	case FT_COUNT:
		if (line_matches(f, line, len))
			f->count++;
		break;
	case FT_EXCLUDE:
		if (!line_matches(f, line, len))
			next(v, i, line, len);
		break;
	case FT_INCLUDE:
		if (line_matches(f, line, len))
			next(v, i, line, len);
		break;
	case FT_SECTION:
		section_line(v, i, line, len);
		break;
	}
}

/* End of output: `count` prints its total (then nothing follows it). */
void
filter_finish(struct vty *v, int i)
{
	char buf[80];
	int n;

	for (; i < v->nfilters; i++) {
		if (v->filters[i].type != FT_COUNT)
			continue;
		n = snprintf(buf, sizeof(buf),
		    "Number of lines which match regexp = %ld\n",
		    v->filters[i].count);
		pager_write(v, buf, (size_t)n);
		return;
	}
}

void
filter_free(struct filter *f)
{
	int k;

	if (f->has_re)
		regfree(&f->re);
	for (k = 0; k < f->nstack; k++)
		free(f->stack[k].text);
	free(f->stack);
	memset(f, 0, sizeof(*f));
}
