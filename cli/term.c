/* Terminal front end: GNU readline or BSD libedit (configure chooses),
 * through the callback interface, so the lab keeps running in real time
 * while the user types.
 *
 * Only the subset that works the same on both libraries is used (see
 * ../shared/research/cli-style.md §4): `?` is bound with rl_add_defun (on
 * libedit rl_bind_key cannot bind it), TAB goes through
 * rl_attempted_completion_function with filename completion switched off,
 * and output that arrives while the user types is printed above the
 * prompt, which is then redrawn.
 *
 * This is the one place that reads the wall clock outside lib/sched.c: an
 * interactive lab is paced by real time. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* The line editors' headers carry old-style declarations. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#if defined(HAVE_LIBEDIT)
#include <editline/readline.h>
#else
#include <readline/readline.h>
#include <readline/history.h>
#endif
#pragma GCC diagnostic pop

#include "console.h"
#include "sched.h"

static struct {
	char		*line;		/* accepted line waiting to run */
	bool		 have_line;
	bool		 ctrlz;
	bool		 eof;
	bool		 in_getline;	/* a command's question: ? is text */
	struct timespec	 wall0;		/* wall time when virt0 was current */
	vtime_t		 virt0;
	struct termios	 saved_tio;
	bool		 tio_saved;
} T;

#if defined(HAVE_LIBEDIT)
/* libedit puts the terminal's signal characters back while it edits, so
 * ^Z arrives as SIGTSTP instead of a key: the handler turns it into one. */
static volatile sig_atomic_t got_tstp;

static void
on_tstp(int sig)
{
	got_tstp = 1;
}

static void
take_ctrlz(void)
{
	got_tstp = 0;
	free(T.line);
	T.line = strndup(rl_line_buffer ? rl_line_buffer : "", 4096);
	T.have_line = T.line != NULL;
	T.ctrlz = true;
	fputs("^Z\n", stdout);
	fflush(stdout);
	rl_replace_line("", 0);
}
#endif

/* ---- pacing ----------------------------------------------------------- */

static void
anchor(void)
{
	clock_gettime(CLOCK_MONOTONIC, &T.wall0);
	T.virt0 = sched_now();
}

/* Virtual time that corresponds to the wall clock now. */
static vtime_t
virt_now(void)
{
	struct timespec now;
	int64_t d;

	clock_gettime(CLOCK_MONOTONIC, &now);
	d = (int64_t)(now.tv_sec - T.wall0.tv_sec) * 1000000000LL +
	    (now.tv_nsec - T.wall0.tv_nsec);
	if (d < 0)
		d = 0;
	return T.virt0 + (vtime_t)d;
}

/* ---- output while the prompt is shown ------------------------------------ */

/* Draw prompt and line again on the fresh line below some output.  (On
 * libedit rl_redisplay only queues a Ctrl-R, which the editor then reads
 * as a key: reverse history search.) */
static void
redraw(void)
{
#if defined(HAVE_LIBEDIT)
	rl_forced_update_display();
#else
	rl_on_new_line();
	rl_redisplay();
#endif
}

static void
print_above_prompt(const char *text)
{
#if defined(HAVE_RL_CLEAR_VISIBLE_LINE)
	rl_clear_visible_line();
#else
	fputs("\r\033[K", stdout);
#endif
	fputs(text, stdout);
	fflush(stdout);
	redraw();
}

/* ---- key bindings ----------------------------------------------------------- */

static int
key_help(int count, int key)
{
	char *text;

	if (T.in_getline) {
		rl_insert_text("?");
		return 0;
	}
	/* IOS shows the `?` at the end of the line, then the help, then the
	 * prompt again with the line as it was. */
#if !defined(HAVE_LIBEDIT)
	rl_point = rl_end;
	rl_redisplay();
#endif
	fputs("?\n", stdout);
	fflush(stdout);
	text = strndup(rl_line_buffer, (size_t)rl_end);
	if (text != NULL) {
		console_help(text);
		free(text);
	}
	fflush(stdout);
	redraw();
	return 0;
}

static int
key_ctrlz(int count, int key)
{
	if (T.in_getline)
		return 0;
	free(T.line);
	T.line = strndup(rl_line_buffer, (size_t)rl_end);
	T.have_line = T.line != NULL;
	T.ctrlz = true;
#if !defined(HAVE_LIBEDIT)
	rl_point = rl_end;
	rl_redisplay();
#endif
	fputs("^Z\n", stdout);
	fflush(stdout);
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	return 0;
}

static char *
no_filenames(const char *text, int state)
{
	return NULL;
}

static char **
complete(const char *text, int start, int end)
{
	char *upto, *res, **m;

	rl_attempted_completion_over = 1;
	rl_completion_append_character = '\0';
	if (T.in_getline)
		return NULL;
	/* `end` is the cursor: libedit does not update rl_point here. */
	if ((upto = strndup(rl_line_buffer, (size_t)end)) == NULL)
		return NULL;
	res = console_complete(upto);
	if (res == NULL || strncmp(res, upto, (size_t)start) != 0 ||
	    strlen(res) < (size_t)start) {
		if (res != NULL) {
			/* The engine rewrote an earlier word: replace the
			 * whole text before the cursor. */
			rl_delete_text(0, end);
			rl_point = 0;
			rl_insert_text(res);
		}
		free(upto);
		free(res);
		return NULL;
	}
	/* The substitution, then the list of matches (just the one):
	 * libedit reads m[2] even for a single match. */
	m = calloc(3, sizeof(*m));
	if (m == NULL)
		abort();
	m[0] = strdup(res + start);
	m[1] = strdup(res + start);
	free(upto);
	free(res);
	return m;
}

#if defined(HAVE_LIBEDIT)
/* libedit rings the bell even after a unique completion through
 * rl_attempted_completion_function, so TAB is bound directly there. */
static int
key_tab(int count, int key)
{
	char *upto, *res;

	if (T.in_getline)
		return 0;
	if ((upto = strndup(rl_line_buffer, (size_t)rl_point)) == NULL)
		return 0;
	res = console_complete(upto);
	if (res != NULL && strncmp(res, upto, strlen(upto)) == 0) {
		/* The usual case: the word grows at the cursor. */
		rl_insert_text(res + strlen(upto));
		rl_forced_update_display();
	} else if (res != NULL) {
		/* libedit deletes only before the cursor: replace the whole
		 * line (the cursor stays where it was). */
		size_t n = strlen(res), rest = strlen(rl_line_buffer + rl_point);
		char *full = malloc(n + rest + 1);

		if (full != NULL) {
			memcpy(full, res, n);
			memcpy(full + n, rl_line_buffer + rl_point, rest + 1);
			rl_replace_line(full, 0);
			free(full);
		}
		rl_forced_update_display();
	} else
		rl_ding();
	free(upto);
	free(res);
	return 0;
}
#endif

/* ---- line handling ------------------------------------------------------ */

static void
on_line(char *line)
{
	/* Removed here, not later: readline would otherwise print the old
	 * prompt again before the command runs. */
	rl_callback_handler_remove();
	if (line == NULL) {
		T.eof = true;
		return;
	}
	free(T.line);
	T.line = line;
	T.have_line = true;
	T.ctrlz = false;
}

/* A password: no echo, no line editing. */
static bool
read_secret(const char *prompt, char *buf, size_t len)
{
	struct termios tio, quiet;
	bool ok;
	char *nl;

	fputs(prompt, stdout);
	fflush(stdout);
	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return false;
	quiet = tio;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	ok = fgets(buf, (int)len, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	fputs("\n", stdout);
	fflush(stdout);
	if (!ok)
		return false;
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	return true;
}

static bool
tty_getline(const char *prompt, char *buf, size_t len)
{
	char *l;

	if (console_secret_prompt(prompt))
		return read_secret(prompt, buf, len);
	T.in_getline = true;
	l = readline(prompt);
	T.in_getline = false;
	if (l == NULL)
		return false;
	snprintf(buf, len, "%s", l);
	free(l);
	return true;
}

/* The pager's --More--: one key, unechoed, from a terminal the line
 * editor is not holding (the handler is removed while a command runs). */
static int
tty_getkey(void)
{
	struct termios tio, raw;
	unsigned char c;
	ssize_t n;

	fflush(stdout);
	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return -1;
	raw = tio;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	do
		n = read(STDIN_FILENO, &c, 1);
	while (n < 0 && errno == EINTR);
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	return n == 1 ? c : -1;
}

static void
run_pending(void)
{
	char *line = T.line, *logs;
	bool ctrlz = T.ctrlz;

	T.line = NULL;
	T.have_line = false;
	T.ctrlz = false;
	rl_callback_handler_remove();
	/* Events due while the line was typed first. */
	if ((logs = console_advance(virt_now())) != NULL) {
		fputs(logs, stdout);
		free(logs);
	}
	if (line[0] != '\0' && !ctrlz)
		add_history(line);
	/* Commands that run the lab (ping, traceroute) go at wall speed. */
	sched_set_realtime(true);
	if (ctrlz)
		console_exec_ctrlz(line);
	else
		console_exec_typed(line);
	sched_set_realtime(false);
	fflush(stdout);
	free(line);
	anchor();
	if (!console_quit())
		rl_callback_handler_install(console_prompt(), on_line);
}

static void
term_setup(void)
{
	struct termios tio;

	/* Ctrl-C is ignored at the prompt, Ctrl-Z means `end`: the terminal
	 * must pass ^Z as a key instead of suspending us.  Before the line
	 * editor starts: libedit copies the terminal's settings then. */
	signal(SIGINT, SIG_IGN);
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		T.saved_tio = tio;
		T.tio_saved = true;
#ifdef _POSIX_VDISABLE
		tio.c_cc[VSUSP] = _POSIX_VDISABLE;
#endif
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	}
#if defined(HAVE_LIBREADLINE)
	rl_readline_name = "vpnsim";
	/* Pasted labs must not arrive wrapped in escape sequences. */
	rl_variable_bind("enable-bracketed-paste", "off");
#endif
	rl_catch_signals = 0;
	/* libedit binds keys only once its editor exists. */
	rl_initialize();
	rl_add_defun("vpnsim-help", key_help, '?');
	rl_add_defun("vpnsim-end", key_ctrlz, 0x1a);
#if defined(HAVE_LIBEDIT)
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_tstp;	/* no SA_RESTART: poll wakes */
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTSTP, &sa, NULL);
	}
#endif
	rl_attempted_completion_function = complete;
#if defined(HAVE_LIBEDIT)
	rl_add_defun("vpnsim-complete", key_tab, '\t');
#endif
	rl_completion_entry_function = no_filenames;
	console_set_tty_getline(tty_getline);
	console_set_tty_getkey(tty_getkey);
}

static void
term_restore(void)
{
	if (T.tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &T.saved_tio);
#if defined(HAVE_LIBEDIT)
	signal(SIGTSTP, SIG_DFL);
#endif
	console_set_tty_getline(NULL);
	console_set_tty_getkey(NULL);
	free(T.line);
	T.line = NULL;
}

void
term_run(void)
{
	term_setup();
	anchor();
	rl_callback_handler_install(console_prompt(), on_line);
	while (!T.eof && !console_quit()) {
		struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
		vtime_t now = virt_now(), next;
		char *logs;
		int timeout;

		if ((logs = console_advance(now)) != NULL) {
			print_above_prompt(logs);
			free(logs);
		}
		next = sched_next();
		if (next == VT_NEVER)
			timeout = 1000;
		else if (next <= now)
			timeout = 0;
		else if (next - now > 1000 * VT_MSEC)
			timeout = 1000;
		else
			timeout = (int)((next - now + VT_MSEC - 1) / VT_MSEC);
		if (poll(&pfd, 1, timeout) < 0) {
			if (errno != EINTR)
				break;
			pfd.revents = 0;
		}
		if (pfd.revents & (POLLIN | POLLHUP))
			rl_callback_read_char();
#if defined(HAVE_LIBEDIT)
		if (got_tstp)
			take_ctrlz();
#endif
		if (T.have_line)
			run_pending();
	}
	if (!console_quit())
		rl_callback_handler_remove();
	if (T.eof)
		fputs("\n", stdout);
	fflush(stdout);
	term_restore();
}
