/* vpnsim: an IOS-style router simulator for GETVPN/GDOI and IPsec labs.
 *
 *   vpnsim [LAB]            the console on LAB (default: the built-in
 *                           GETVPN reference lab); interactive on a
 *                           terminal, script mode when stdin is not one
 *   vpnsim run LAB          run a scenario, print its transcript
 *   vpnsim exercise [NAME]  training exercises */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "lab.h"
#include "netsim.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
"Usage: vpnsim [--seed N] [--capture DIR] [--nvram DIR] [LAB]\n"
"       vpnsim run LAB [--seed N] [--capture DIR] [--nvram DIR]\n"
"       vpnsim exercise [NAME]\n"
"       vpnsim --help | --version\n"
"\n"
"Without LAB the built-in GETVPN reference lab is loaded.  On a terminal\n"
"vpnsim opens an interactive console; otherwise it reads console lines (IOS\n"
"commands and @ directives) from standard input and prints the transcript.\n"
"\n"
"  run LAB        run a scenario file (\"-\": standard input) and print its\n"
"                 transcript; exit status 1 if an @expect failed, 2 on a lab\n"
"                 error (reported as FILE:LINE: message)\n"
"  --seed N       seed of the lab's random generator (default 1)\n"
"  --capture DIR  directory for @capture files (default: current directory)\n"
"  --nvram DIR    keep startup configs (write memory) in DIR/nvram/\n"
"                 (default: the lab file's directory; none for `run`)\n"
"\n"
"In the console, @help lists the lab directives; `?` and TAB work as on IOS.\n");
}

static int
parse_seed(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

/* "--opt VALUE" or "--opt=VALUE"; advances *i past the value. */
static const char *
opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], opt) != 0)
		return NULL;
	if (*i + 1 >= argc) {
		fprintf(stderr, "vpnsim: %s needs a value\n", opt);
		exit(2);
	}
	return argv[++*i];
}

/* Directory part of a path ("." for a bare file name). */
static const char *
lab_dirname(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return ".";
	snprintf(buf, len, "%.*s", (int)(slash - path), path);
	if (buf[0] == '\0')
		snprintf(buf, len, "/");
	return buf;
}

int
main(int argc, char **argv)
{
	enum { M_CONSOLE, M_RUN, M_EXERCISE } mode = M_CONSOLE;
	const char *lab = NULL, *capture = NULL, *nvram = NULL, *v;
	char nvbuf[4096];
	uint64_t seed = 1;
	int status, i = 1;

	if (argc > 1 && strcmp(argv[1], "run") == 0) {
		mode = M_RUN;
		i = 2;
	} else if (argc > 1 && strcmp(argv[1], "exercise") == 0) {
		mode = M_EXERCISE;
		i = 2;
	}
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
			printf("vpnsim %s\n", PACKAGE_VERSION);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--seed")) != NULL) {
			if (parse_seed(v, &seed) != 0) {
				fprintf(stderr, "vpnsim: bad seed %s\n", v);
				return 2;
			}
		} else if ((v = opt_value(argc, argv, &i, "--capture")) != NULL) {
			capture = v;
		} else if ((v = opt_value(argc, argv, &i, "--nvram")) != NULL) {
			nvram = v;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "vpnsim: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (lab == NULL) {
			lab = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (mode == M_EXERCISE) {
		printf("no exercises yet\n");
		return 0;
	}
	if (mode == M_RUN && lab == NULL) {
		fprintf(stderr, "vpnsim: run needs a lab file\n");
		usage(stderr);
		return 2;
	}

	vpnsim_init();
	lab_init(seed);
	if (capture != NULL && (the_lab->capture_dir = strdup(capture)) == NULL)
		abort();
	/* NVRAM (write memory) persists beside an interactive lab file, or
	 * wherever --nvram says; scripted runs keep it in memory. */
	if (nvram == NULL && mode != M_RUN && lab != NULL && strcmp(lab, "-") != 0)
		nvram = lab_dirname(lab, nvbuf, sizeof(nvbuf));
	if (nvram != NULL && (the_lab->dir = strdup(nvram)) == NULL)
		abort();
	console_init();

	if (mode == M_RUN) {
		console_run_file(lab);
	} else {
		bool tty = isatty(STDIN_FILENO);

		/* The lab loads quietly: no echo, no boot messages (they stay
		 * in each router's log buffer); command output still shows. */
		console_set_echo(false);
		console_set_logs(false);
		console_set_mute(true);
		if (lab != NULL)
			console_run_file(lab);
		else
			console_run_embedded(default_lab_files, "default.vlab");
		console_set_mute(false);
		console_set_logs(true);
		if (console_status() != CON_LAB_ERROR && !console_quit()) {
			if (tty) {
				console_set_tty(true);
				printf("vpnsim %s: %s.  @help lists the lab commands, "
				    "Ctrl-D leaves.\n\n", PACKAGE_VERSION,
				    lab ? lab : "GETVPN reference lab");
				term_run();
				/* A terminal session ends well however many
				 * typos it saw. */
				fflush(stdout);
				console_free();
				vpnsim_shutdown();
				return 0;
			} else {
				console_set_echo(true);
				console_run_stream(stdin, "<stdin>");
			}
		}
	}
	status = console_status();
	fflush(stdout);
	console_free();
	vpnsim_shutdown();
	return status;
}
