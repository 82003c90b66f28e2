/* Stand-alone driver for libFuzzer targets: a smoke test for `make check`.
 *
 * Linked with any file that defines LLVMFuzzerTestOneInput (and optionally
 * LLVMFuzzerInitialize), it runs every corpus file once, then N inputs made
 * from the lab's seeded generator: random bytes or mutations of corpus
 * entries.  No clang, no coverage feedback: it only proves that a parser
 * survives a few thousand hostile inputs, under ASan/UBSan in the sanitizer
 * pass of `make check`.  The real fuzzing is the libFuzzer build
 * (--enable-fuzzing); see tests/fuzz/README.
 *
 * Every iteration reseeds the generator from (seed, iteration), so one
 * failing input is rebuilt with `PROG -s SEED -i ITER` (and written to
 * crash-ITER.bin when the process dies on a signal or a sanitizer report).
 *
 * usage: PROG [-n ITERATIONS] [-s SEED] [-m MAXLEN] [-i ITER] [-q]
 *             [FILE|DIR ...]
 * Environment: FUZZ_ITERATIONS, FUZZ_SEED, FUZZ_MAXLEN set the defaults.
 * A program named smoke_NAME also reads $top_srcdir/tests/fuzz/corpus/NAME/
 * when that directory exists. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rng.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
void	__sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

#define DEF_ITERATIONS	20000
#define DEF_MAXLEN	4096
#define CORPUS_MAX_FILE	(1 << 20)

struct input {
	uint8_t	*data;
	size_t	 len;
	char	*name;
};

static struct input	*corpus;
static size_t		 n_corpus, cap_corpus;

/* What is running now, for the crash report. */
static const uint8_t	*cur_data;
static size_t		 cur_len;
static long		 cur_iter = -1;
static const char	*cur_name;
static uint64_t		 opt_seed = 1;
static const char	*progname = "fuzz";

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("%s", "out of memory");
	return p;
}

/* Async-signal-safe report: write(2) only. */
static void
put(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));

	(void)r;
}

static void
put_num(unsigned long long v)
{
	char buf[32];
	int i = (int)sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && i > 0);
	put(buf + i);
}

static void
report_crash(void)
{
	char path[64];
	int fd;

	if (cur_data == NULL)
		return;
	put(progname);
	if (cur_iter < 0) {
		put(": died on corpus file ");
		put(cur_name != NULL ? cur_name : "?");
		put("\n");
		return;
	}
	put(": died on iteration ");
	put_num((unsigned long long)cur_iter);
	put("; rebuild the input with: ");
	put(progname);
	put(" -s ");
	put_num(opt_seed);
	put(" -i ");
	put_num((unsigned long long)cur_iter);
	put("\n");
	snprintf(path, sizeof(path), "crash-%ld.bin", cur_iter);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		ssize_t r = write(fd, cur_data, cur_len);

		(void)r;
		close(fd);
		put(progname);
		put(": input written to ");
		put(path);
		put("\n");
	}
}

static void
on_signal(int sig)
{
	report_crash();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
corpus_add(uint8_t *data, size_t len, const char *name)
{
	if (n_corpus == cap_corpus) {
		cap_corpus = cap_corpus ? cap_corpus * 2 : 16;
		corpus = realloc(corpus, cap_corpus * sizeof(*corpus));
		if (corpus == NULL)
			die("%s", "out of memory");
	}
	corpus[n_corpus].data = data;
	corpus[n_corpus].len = len;
	corpus[n_corpus].name = strdup(name);
	n_corpus++;
}

static void
load_file(const char *path)
{
	FILE *f;
	uint8_t *buf, *buf2;
	size_t len;

	if ((f = fopen(path, "rb")) == NULL)
		die("cannot open %s", path);
	buf = xmalloc(CORPUS_MAX_FILE);
	len = fread(buf, 1, CORPUS_MAX_FILE, f);
	fclose(f);
	if ((buf2 = realloc(buf, len ? len : 1)) != NULL)
		buf = buf2;
	corpus_add(buf, len, path);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a directory, in name order so runs repeat. */
static void
load_path(const char *path, int must_exist)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &st) != 0) {
		if (must_exist)
			die("cannot open %s", path);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		load_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		die("cannot open %s", path);
	while ((de = readdir(d)) != NULL) {
		char full[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, de->d_name);
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				die("%s", "out of memory");
		}
		names[n++] = strdup(full);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		load_file(names[i]);
		free(names[i]);
	}
	free(names);
}

/* Values that tend to sit on parser boundaries (lengths, signs, limits). */
static const uint32_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 20, 28, 31, 32, 63, 64, 100, 127,
	128, 255, 256, 512, 1000, 1024, 1500, 4096, 32767, 32768, 65535,
	65536, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff
};
#define N_INTERESTING (sizeof(interesting) / sizeof(interesting[0]))

static void
put_value(uint8_t *buf, size_t len, size_t width)
{
	uint32_t v = interesting[rng_below(N_INTERESTING)];
	int big_endian = rng_below(4) != 0;	/* network order first */
	size_t pos;

	if (len < width)
		return;
	pos = rng_below((uint32_t)(len - width + 1));
	for (size_t i = 0; i < width; i++) {
		size_t shift = big_endian ? (width - 1 - i) * 8 : i * 8;

		buf[pos + i] = (uint8_t)(v >> shift);
	}
}

/* Apply a few random edits to buf[0..len) (capacity maxlen); new length. */
static size_t
mutate(uint8_t *buf, size_t len, size_t maxlen)
{
	int edits = 1 + (int)rng_below(6);

	for (int e = 0; e < edits; e++) {
		size_t pos, n, src;

		switch (rng_below(11)) {
		case 0:		/* flip one bit */
			if (len > 0)
				buf[rng_below((uint32_t)len)] ^=
				    (uint8_t)(1u << rng_below(8));
			break;
		case 1:		/* random byte */
			if (len > 0)
				buf[rng_below((uint32_t)len)] = (uint8_t)rng_u32();
			break;
		case 2:		/* small arithmetic on a byte */
			if (len > 0) {
				pos = rng_below((uint32_t)len);
				buf[pos] = (uint8_t)(buf[pos] + rng_below(33) - 16);
			}
			break;
		case 3:
			put_value(buf, len, 1);
			break;
		case 4:
			put_value(buf, len, 2);
			break;
		case 5:
			put_value(buf, len, 4);
			break;
		case 6:		/* insert random bytes */
			n = 1 + rng_below(16);
			if (len + n > maxlen)
				break;
			pos = rng_below((uint32_t)len + 1);
			memmove(buf + pos + n, buf + pos, len - pos);
			rng_bytes(buf + pos, n);
			len += n;
			break;
		case 7:		/* delete a range */
			if (len == 0)
				break;
			pos = rng_below((uint32_t)len);
			n = 1 + rng_below((uint32_t)(len - pos));
			memmove(buf + pos, buf + pos + n, len - pos - n);
			len -= n;
			break;
		case 8:		/* copy a range over another place */
			if (len < 2)
				break;
			src = rng_below((uint32_t)len);
			pos = rng_below((uint32_t)len);
			n = 1 + rng_below((uint32_t)(len - (src > pos ? src : pos)));
			memmove(buf + pos, buf + src, n);
			break;
		case 9:		/* truncate */
			len = rng_below((uint32_t)len + 1);
			break;
		default:	/* splice: overwrite a chunk from another entry */
			if (n_corpus == 0 || len == 0)
				break;
			{
				const struct input *o = &corpus[rng_below((uint32_t)n_corpus)];

				if (o->len == 0)
					break;
				src = rng_below((uint32_t)o->len);
				pos = rng_below((uint32_t)len);
				n = o->len - src;
				if (n > len - pos)
					n = len - pos;
				memcpy(buf + pos, o->data + src, n);
			}
			break;
		}
	}
	return len;
}

/* Build input number iter into buf (capacity maxlen); returns its length. */
static size_t
make_input(long iter, uint8_t *buf, size_t maxlen)
{
	size_t len;

	rng_seed(opt_seed * 0x9e3779b97f4a7c15ULL + (uint64_t)iter);
	if (n_corpus > 0 && rng_below(10) < 8) {
		const struct input *base = &corpus[rng_below((uint32_t)n_corpus)];

		len = base->len < maxlen ? base->len : maxlen;
		memcpy(buf, base->data, len);
		return mutate(buf, len, maxlen);
	}
	/* Mostly short inputs: parsers reject most bytes early anyway. */
	if (rng_below(4) == 0)
		len = rng_below((uint32_t)maxlen + 1);
	else
		len = rng_below(maxlen < 64 ? (uint32_t)maxlen + 1 : 65);
	rng_bytes(buf, len);
	if (rng_below(2) == 0)
		len = mutate(buf, len, maxlen);
	return len;
}

/* Run one input from an exactly sized heap copy, so ASan sees overreads. */
static void
run_one(const uint8_t *data, size_t len)
{
	uint8_t *copy = xmalloc(len);

	memcpy(copy, data, len);
	cur_data = copy;
	cur_len = len;
	(void)LLVMFuzzerTestOneInput(copy, len);
	cur_data = NULL;
	free(copy);
}

static unsigned long long
num_arg(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0')
		die("bad %s", what);
	return v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-n iterations] [-s seed] [-m maxlen] "
	    "[-i iteration] [-q] [file|dir ...]\n", progname);
	exit(2);
}

int
main(int argc, char **argv)
{
	long iterations = DEF_ITERATIONS, only = -1;
	size_t maxlen = DEF_MAXLEN;
	int quiet = 0, ch;
	const char *env, *base;
	uint8_t *buf;

	progname = (base = strrchr(argv[0], '/')) != NULL ? base + 1 : argv[0];
	if (strncmp(progname, "lt-", 3) == 0)
		progname += 3;
	if ((env = getenv("FUZZ_ITERATIONS")) != NULL && *env != '\0')
		iterations = (long)num_arg(env, "FUZZ_ITERATIONS");
	if ((env = getenv("FUZZ_SEED")) != NULL && *env != '\0')
		opt_seed = num_arg(env, "FUZZ_SEED");
	if ((env = getenv("FUZZ_MAXLEN")) != NULL && *env != '\0')
		maxlen = (size_t)num_arg(env, "FUZZ_MAXLEN");

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);

	while ((ch = getopt(argc, argv, "n:s:m:i:q")) != -1) {
		switch (ch) {
		case 'n':
			iterations = (long)num_arg(optarg, "-n");
			break;
		case 's':
			opt_seed = num_arg(optarg, "-s");
			break;
		case 'm':
			maxlen = (size_t)num_arg(optarg, "-m");
			break;
		case 'i':
			only = (long)num_arg(optarg, "-i");
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	if (maxlen == 0 || maxlen > UINT32_MAX / 2)
		die("%s", "bad maximum length");

	for (int i = optind; i < argc; i++)
		load_path(argv[i], 1);
	/* Conventional corpus of a smoke program, if the tree has one. */
	if (strncmp(progname, "smoke_", 6) == 0) {
		const char *top = getenv("top_srcdir");
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s",
		    top != NULL ? top : ".", progname + 6);
		load_path(dir, 0);
	}

	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	signal(SIGILL, on_signal);
	signal(SIGABRT, on_signal);
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(report_crash);

	if (only < 0) {
		for (size_t i = 0; i < n_corpus; i++) {
			cur_name = corpus[i].name;
			run_one(corpus[i].data, corpus[i].len);
		}
	}
	cur_name = NULL;
	buf = xmalloc(maxlen);
	for (long it = only < 0 ? 0 : only; it < (only < 0 ? iterations : only + 1); it++) {
		size_t len = make_input(it, buf, maxlen);

		cur_iter = it;
		run_one(buf, len);
	}
	free(buf);

	if (!quiet)
		printf("%s: %zu corpus files, %ld generated inputs (seed %" PRIu64
		    ", max %zu bytes): no crash\n", progname, n_corpus,
		    only < 0 ? iterations : 1L, opt_seed, maxlen);
	for (size_t i = 0; i < n_corpus; i++) {
		free(corpus[i].data);
		free(corpus[i].name);
	}
	free(corpus);
	return 0;
}
