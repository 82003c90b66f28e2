/* The multi-router console: reads the scenario language (IOS lines and @
 * directives) from files, standard input or the terminal front end, sends
 * IOS lines to the current router's session, and writes the transcript.
 *
 * Transcript rules:
 *  - a typed line is shown after the router's real prompt ("GM1#ping ..."),
 *    an @ line as it is; comments (#) and blank lines are not shown;
 *  - console log lines (syslog, debug) appear when they are logged: during
 *    @wait at once, during a command after its output (as IOS does);
 *    lines of the current router are bare, other routers' lines carry a
 *    "NAME: " prefix so a multi-router transcript stays readable. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "console_priv.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"

struct console *con;

static void run_source(struct source *src);

/* ---- output --------------------------------------------------------- */

static void
out_raw(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
	if (con->tty)
		fflush(stdout);
}

void
con_write(const char *s, size_t len)
{
	out_raw(s, len);
	sb_add(&con->last, s, len);
}

void
con_printf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	con_write(sb_str(&sb), sb.len);
	sb_free(&sb);
}

/* The echo of a typed line is screen, not command output: not recorded. */
static void
echo(const char *prompt, const char *line, const char *tail)
{
	if (!con->echo)
		return;
	fputs(prompt, stdout);
	fputs(line, stdout);
	fputs(tail, stdout);
	if (con->tty)
		fflush(stdout);
}

void
con_flush_pending(void)
{
	if (con->defer > 0 || con->pending.len == 0)
		return;
	/* Copy first: printing never logs, but stay safe if it did. */
	{
		char *s = sb_steal(&con->pending);
		con_write(s, strlen(s));
		free(s);
	}
}

static void
con_sink(void *ctx, const char *data, size_t len)
{
	if (con->mute)
		return;
	con_write(data, len);
}

static void
con_hook(struct router *r, const char *line)
{
	const char *pfx = r != con->cur ? r->name : NULL;

	if (!con->logs)
		return;
	if (con->defer > 0) {
		sb_printf(&con->pending, "%s%s%s\n", pfx ? pfx : "",
		    pfx ? ": " : "", line);
		return;
	}
	con_printf("%s%s%s\n", pfx ? pfx : "", pfx ? ": " : "", line);
}

int
con_lab_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (con->src == NULL) {
		/* Typed at the terminal: a message, nothing more. */
		out_raw("% ", 2);
		out_raw(msg, strlen(msg));
		out_raw("\n", 1);
		return -1;
	}
	fflush(stdout);
	fprintf(stderr, "%s:%d: %s\n", con->src->name, con->src->lineno, msg);
	fflush(stderr);
	con->status = CON_LAB_ERROR;
	con->stop = true;
	return -1;
}

/* ---- sessions --------------------------------------------------------- */

static bool
con_getline(void *ctx, const char *prompt, char *buf, size_t len)
{
	struct strbuf line = STRBUF_INIT;
	int rc;

	if (len == 0)
		return false;
	if (con->src == NULL) {
		if (con->tty_getline == NULL)
			return false;
		return con->tty_getline(prompt, buf, len);
	}
	con_write(prompt, strlen(prompt));
	rc = lr_read(con->src->lr, &line, true);
	con->src->lineno = lr_lineno(con->src->lr);
	if (rc == LR_EOF) {
		con_write("\n", 1);
		sb_free(&line);
		return false;
	}
	snprintf(buf, len, "%s", sb_str(&line));
	/* IOS does not echo what is typed at a password prompt. */
	if (!console_secret_prompt(prompt))
		con_write(buf, strlen(buf));
	con_write("\n", 1);
	sb_free(&line);
	return true;
}

static int
con_getkey(void *ctx)
{
	return con->tty_getkey != NULL ? con->tty_getkey() : -1;
}

bool
console_secret_prompt(const char *prompt)
{
	return strcasestr(prompt, "password") != NULL;
}

void
con_router_added(struct router *r)
{
	r->vty = vty_new(r, con_sink, NULL);
	vty_set_getline(r->vty, con_getline, NULL);
	vty_set_getkey(r->vty, con_getkey, NULL);
	if (con->tty)
		vty_set_pager(r->vty, true);
	if (con->cur == NULL)
		con->cur = r;
}

void
con_set_current(struct router *r)
{
	con->cur = r;
}

/* ---- files ------------------------------------------------------------ */

/* "a/./b/../c" -> "a/c" for lookups among embedded files. */
static void
normalize_path(char *p)
{
	char *parts[64];
	int n = 0;
	char *save = NULL, *tok, *copy = strdup(p);

	if (copy == NULL)
		abort();
	for (tok = strtok_r(copy, "/", &save); tok != NULL;
	    tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0 && n > 0 && strcmp(parts[n - 1], "..") != 0) {
			n--;
			continue;
		}
		if (n < 64)
			parts[n++] = tok;
	}
	p[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strcat(p, "/");
		strcat(p, parts[i]);
	}
	free(copy);
}

static char *
join_path(const char *dir, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (path[0] == '/' || dir == NULL || dir[0] == '\0')
		sb_puts(&sb, path);
	else
		sb_printf(&sb, "%s/%s", dir, path);
	return sb_steal(&sb);
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return strdup("");
	if (slash == path)
		return strdup("/");
	d = strndup(path, (size_t)(slash - path));
	return d;
}

static char *
read_fs_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		sb_free(&sb);
		errno = e;
		return NULL;
	}
	fclose(fp);
	return sb_steal(&sb);
}

char *
con_read_file(const char *path, char **display)
{
	struct source *src = con->src;
	char *full = join_path(src ? src->dir : "", path);
	char *text = NULL;

	if (src != NULL && src->vfs != NULL && path[0] != '/') {
		normalize_path(full);
		for (const struct embedded_file *f = src->vfs; f->name; f++)
			if (strcmp(f->name, full) == 0) {
				text = strdup(f->text);
				break;
			}
		if (text == NULL)
			errno = ENOENT;
	} else
		text = read_fs_file(full);
	if (text == NULL) {
		free(full);
		return NULL;
	}
	if (display != NULL)
		*display = full;
	else
		free(full);
	return text;
}

static struct source *
push_source(const char *name, char *dir, const struct embedded_file *vfs,
    FILE *fp, bool own_fp)
{
	struct source *s = calloc(1, sizeof(*s));

	if (s == NULL)
		abort();
	s->name = strdup(name);
	s->dir = dir;
	s->vfs = vfs;
	s->fp = fp;
	s->own_fp = own_fp;
	s->up = con->src;
	con->src = s;
	return s;
}

static void
pop_source(void)
{
	struct source *s = con->src;

	con->src = s->up;
	lr_free(s->lr);
	if (s->own_fp)
		fclose(s->fp);
	free(s->name);
	free(s->dir);
	free(s);
}

/* Runs text as a nested source named `name`. */
static void
run_text(const char *name, char *dir, const struct embedded_file *vfs,
    char *text)
{
	FILE *fp = fmemopen(text, strlen(text), "r");
	struct source *s;

	if (fp == NULL) {
		free(dir);
		con_lab_error("cannot read %s: %s", name, strerror(errno));
		return;
	}
	s = push_source(name, dir, vfs, fp, true);
	run_source(s);
	pop_source();
}

int
con_run_path(const char *path)
{
	const struct embedded_file *vfs = con->src ? con->src->vfs : NULL;
	char *display = NULL, *text;

	if (con->include_depth >= 16)
		return con_lab_error("@include nested too deeply");
	if ((text = con_read_file(path, &display)) == NULL)
		return con_lab_error("cannot open %s: %s", path, strerror(errno));
	con->include_depth++;
	{
		/* Typed at the terminal: show the file's lines as they run,
		 * like a transcript. */
		bool echo = con->echo;

		if (con->tty && con->src == NULL)
			con->echo = true;
		run_text(display, dir_of(display), path[0] == '/' ? NULL : vfs,
		    text);
		con->echo = echo;
	}
	con->include_depth--;
	free(display);
	free(text);
	return con->stop ? -1 : 0;
}

/* ---- config files ------------------------------------------------------ */

/* The first IOS message ("% Invalid input ...") of router_load_config's
 * error report, and the number of the line it is about. */
static int
first_error(const char *errs, char *msg, size_t len)
{
	const char *p = errs, *best = NULL;
	int lineno = 0;

	if (sscanf(errs, "line %d:", &lineno) != 1)
		lineno = 0;
	while (p != NULL && *p != '\0') {
		const char *q = p;
		if (strncmp(p, "line ", 5) == 0 && p != errs)
			break;		/* the next failed line */
		while (*q == ' ')
			q++;
		if (*q == '%' && best == NULL)
			best = q;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	snprintf(msg, len, "%.*s", best ? (int)strcspn(best, "\n") : 14,
	    best ? best : "command failed");
	return lineno;
}

/* The text of line n (1-based) of text, trimmed. */
static void
nth_line(const char *text, int n, char *buf, size_t len)
{
	for (int i = 1; i < n && text != NULL; i++)
		if ((text = strchr(text, '\n')) != NULL)
			text++;
	if (text == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	while (*text == ' ' || *text == '\t')
		text++;
	snprintf(buf, len, "%.*s", (int)strcspn(text, "\r\n"), text);
}

int
con_load_config(struct router *r, const char *path)
{
	struct strbuf errs = STRBUF_INIT;
	char *display = NULL, *text;
	int ret = 0, nerr;

	if ((text = con_read_file(path, &display)) == NULL)
		return con_lab_error("cannot open %s: %s", path, strerror(errno));
	/* Boot messages are console lines like any other: shown after the
	 * directive. */
	con->defer++;
	nerr = router_boot_config(r, text, &errs);
	con->defer--;
	con_flush_pending();
	if (nerr > 0) {
		char msg[256], cmd[256];
		int n = first_error(sb_str(&errs), msg, sizeof(msg));
		struct source *s;

		nth_line(text, n, cmd, sizeof(cmd));
		/* Reported at the config file's line. */
		s = push_source(display, strdup(""), NULL, NULL, false);
		s->lineno = n;
		ret = con_lab_error("%s: %s", cmd, msg);
		pop_source();
	}
	sb_free(&errs);
	free(display);
	free(text);
	return ret;
}

/* ---- lines --------------------------------------------------------------- */

const char *
console_prompt(void)
{
	if (con->cur == NULL || con->cur->vty == NULL)
		return "vpnsim> ";
	return vty_prompt(con->cur->vty);
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool
is_directive(const char *s)
{
	return *skip_ws(s) == '@';
}

static void
exec_router_line(const char *line)
{
	struct vty *vty;
	int rc;

	if (con->cur == NULL) {
		con_lab_error("no router to type at: add one with @router NAME");
		return;
	}
	vty = con->cur->vty;
	sb_reset(&con->last);
	con->defer++;
	rc = cli_execute(vty, line);
	con->defer--;
	con_flush_pending();
	if (rc == CMD_EXIT) {
		/* `exit` at exec ends a console session; the console line
		 * comes back in user mode, as after "Press RETURN". */
		vty_set_node(vty, VIEW_NODE);
	}
}

/* One complete line from any input. */
static void
exec_line(const char *line, bool ctrlz)
{
	const char *t = skip_ws(line);

	if (*t == '\0' && !ctrlz)
		return;
	if (*t == '#')
		return;
	if (*t == '@') {
		echo("", line, "\n");
		directive_exec(t);
		return;
	}
	echo(console_prompt(), line, ctrlz ? "^Z\n" : "\n");
	if (*t != '\0')
		exec_router_line(line);
	if (ctrlz && con->cur != NULL) {
		con->defer++;
		cli_end(con->cur->vty);
		con->defer--;
		con_flush_pending();
	}
}

static void
script_help(void *ctx, const char *text)
{
	echo(is_directive(text) ? "" : console_prompt(), text, "?\n");
	console_help(text);
}

static char *
script_complete(void *ctx, const char *text)
{
	return console_complete(text);
}

static bool
script_literal(void *ctx, const char *text)
{
	const char *t = skip_ws(text);

	if (*t == '#')
		return true;
	return *t == '@' && directive_literal(t);
}

static const struct lr_ops script_ops = {
	script_help, script_complete, script_literal
};

static void
run_source(struct source *src)
{
	struct strbuf line = STRBUF_INIT;
	int rc;

	src->lr = lr_new(src->fp, &script_ops, NULL);
	while (!con->stop && (rc = lr_read(src->lr, &line, false)) != LR_EOF) {
		src->lineno = lr_lineno(src->lr);
		exec_line(sb_str(&line), rc == LR_CTRLZ);
	}
	sb_free(&line);
}

/* ---- front-end entry points --------------------------------------------- */

void
console_help(const char *text)
{
	sb_reset(&con->last);
	if (is_directive(text)) {
		directive_help(skip_ws(text));
		return;
	}
	if (con->cur == NULL) {
		con_printf("%% No router yet: add one with @router NAME\n");
		return;
	}
	con->defer++;
	cli_describe(con->cur->vty, text);
	con->defer--;
	con_flush_pending();
}

char *
console_complete(const char *text)
{
	struct strbuf list = STRBUF_INIT;
	char *s;

	if (is_directive(text)) {
		const char *t = skip_ws(text);
		char *d = directive_complete(t);
		struct strbuf sb = STRBUF_INIT;

		if (d == NULL)
			return NULL;
		/* Keep the leading blanks the user typed. */
		sb_add(&sb, text, (size_t)(t - text));
		sb_puts(&sb, d);
		free(d);
		return sb_steal(&sb);
	}
	if (con->cur == NULL)
		return NULL;
	s = cli_complete(con->cur->vty, text, &list);
	sb_free(&list);
	return s;
}

void
console_exec_typed(const char *line)
{
	exec_line(line, false);
	/* At the terminal an error ends the typed line, not the session. */
	con->stop = con->quit;
}

void
console_exec_ctrlz(const char *line)
{
	exec_line(line, true);
	con->stop = con->quit;
}

char *
console_advance(vtime_t t)
{
	con->defer++;
	sched_run_until(t);
	con->defer--;
	if (con->pending.len == 0)
		return NULL;
	return sb_steal(&con->pending);
}

void
console_set_tty_getline(console_getline_fn fn)
{
	con->tty_getline = fn;
}

void
console_set_tty_getkey(console_getkey_fn fn)
{
	con->tty_getkey = fn;
}

/* ---- setup ---------------------------------------------------------------- */

void
console_init(void)
{
	con = calloc(1, sizeof(*con));
	if (con == NULL)
		abort();
	con->echo = true;
	con->logs = true;
	lab_console_hook = con_hook;
}

void
console_free(void)
{
	struct router *r;

	if (con == NULL)
		return;
	lab_console_hook = NULL;
	while (con->src != NULL)
		pop_source();
	if (the_lab != NULL)
		TAILQ_FOREACH(r, &the_lab->routers, entry) {
			vty_free(r->vty);
			r->vty = NULL;
		}
	sb_free(&con->last);
	sb_free(&con->pending);
	free(con);
	con = NULL;
}

void
console_set_echo(bool on)
{
	con->echo = on;
}

void
console_set_logs(bool on)
{
	con->logs = on;
}

void
console_set_mute(bool on)
{
	con->mute = on;
}

void
console_set_tty(bool on)
{
	struct router *r;

	con->tty = on;
	if (the_lab != NULL)
		TAILQ_FOREACH(r, &the_lab->routers, entry)
			if (r->vty != NULL)
				vty_set_pager(r->vty, on);
}

int
console_status(void)
{
	return con->status;
}

bool
console_quit(void)
{
	return con->stop || con->quit;
}

int
console_run_stream(FILE *fp, const char *name)
{
	struct source *s = push_source(name, strdup(""), NULL, fp, false);

	run_source(s);
	pop_source();
	return con->status;
}

int
console_run_file(const char *path)
{
	struct source *s;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return console_run_stream(stdin, "<stdin>");
	if ((fp = fopen(path, "r")) == NULL) {
		fflush(stdout);
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		con->status = CON_LAB_ERROR;
		con->stop = true;
		return con->status;
	}
	s = push_source(path, dir_of(path), NULL, fp, true);
	run_source(s);
	pop_source();
	return con->status;
}

int
console_run_embedded(const struct embedded_file *files, const char *name)
{
	for (const struct embedded_file *f = files; f->name; f++)
		if (strcmp(f->name, name) == 0) {
			char *text = strdup(f->text);
			if (text == NULL)
				abort();
			run_text(name, strdup(""), files, text);
			free(text);
			return con->status;
		}
	fprintf(stderr, "%s: not built in\n", name);
	con->status = CON_LAB_ERROR;
	return con->status;
}
