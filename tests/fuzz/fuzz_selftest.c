/* A target for the fuzz driver itself: checks, at exit, that the smoke run
 * delivered many different inputs of many sizes, including the corpus file,
 * so a broken driver cannot pass every smoke test by feeding nothing. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

static unsigned long	calls;
static unsigned char	sizes_seen[4097];
static uint64_t		hash_xor;
static int		saw_corpus;

static void
check_at_exit(void)
{
	unsigned n_sizes = 0;

	for (size_t i = 0; i < sizeof(sizes_seen); i++)
		n_sizes += sizes_seen[i];
	/* Under `make check` top_srcdir is set and the corpus must be read. */
	if (calls >= 1000 && (n_sizes < 100 || hash_xor == 0 ||
	    (getenv("top_srcdir") != NULL && !saw_corpus))) {
		fprintf(stderr, "fuzz driver self-test: %lu calls, %u sizes, "
		    "corpus seen %d\n", calls, n_sizes, saw_corpus);
		_Exit(1);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	atexit(check_at_exit);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t h = 1469598103934665603ULL;

	calls++;
	sizes_seen[size < 4096 ? size : 4096] = 1;
	for (size_t i = 0; i < size; i++)	/* reads every byte: ASan checks */
		h = (h ^ data[i]) * 1099511628211ULL;
	hash_xor ^= h;
	if (size >= 8 && memcmp(data, "VPNSIM-S", 8) == 0)
		saw_corpus = 1;
	return 0;
}
