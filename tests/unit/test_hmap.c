/* lib/hmap: insert, find, duplicates, remove, growth, hashes. */
#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"

struct item {
	uint32_t	 key;
	int		 tag;
	struct hmap_node node;
};

static struct item *
find(const struct hmap *m, uint32_t key)
{
	struct hmap_node *n;

	for (n = hmap_first(m, hmap_hash_u32(key)); n != NULL;
	    n = hmap_next(n)) {
		struct item *it = HMAP_ENTRY(n, struct item, node);

		if (it->key == key)
			return it;
	}
	return NULL;
}

static void
test_empty(void)
{
	struct hmap m = HMAP_INIT;
	struct hmap z;

	memset(&z, 0, sizeof(z));
	CU_ASSERT_PTR_NULL(hmap_first(&m, 1));
	CU_ASSERT_PTR_NULL(hmap_first(&z, 0));
	CU_ASSERT_EQUAL(hmap_count(&m), 0);
	hmap_clear(&m);
	hmap_clear(&z);
}

static void
test_many(void)
{
	enum { N = 20000 };
	struct hmap m = HMAP_INIT;
	struct item *it = calloc(N, sizeof(*it));
	size_t	 removed = 0;

	CU_ASSERT_FATAL(it != NULL);
	for (int i = 0; i < N; i++) {
		it[i].key = (uint32_t)i * 7919u;
		it[i].tag = i;
		hmap_insert(&m, &it[i].node, hmap_hash_u32(it[i].key));
	}
	CU_ASSERT_EQUAL(hmap_count(&m), N);
	CU_ASSERT(m.mask + 1 >= N);		/* it grew */
	for (int i = 0; i < N; i++)
		CU_ASSERT_PTR_EQUAL(find(&m, (uint32_t)i * 7919u), &it[i]);
	CU_ASSERT_PTR_NULL(find(&m, 1));
	for (int i = 0; i < N; i += 3) {
		hmap_remove(&m, &it[i].node);
		removed++;
	}
	CU_ASSERT_EQUAL(hmap_count(&m), N - removed);
	for (int i = 0; i < N; i++)
		CU_ASSERT_PTR_EQUAL(find(&m, (uint32_t)i * 7919u),
		    i % 3 == 0 ? NULL : &it[i]);
	/* Re-insert after removal. */
	hmap_insert(&m, &it[0].node, hmap_hash_u32(it[0].key));
	CU_ASSERT_PTR_EQUAL(find(&m, 0), &it[0]);
	hmap_clear(&m);
	CU_ASSERT_EQUAL(hmap_count(&m), 0);
	CU_ASSERT_PTR_NULL(hmap_first(&m, hmap_hash_u32(7919u)));
	free(it);
}

/* Several nodes under one key (and one hash): all are found. */
static void
test_duplicates(void)
{
	struct hmap m = HMAP_INIT;
	struct item a = { 5, 1, { NULL, 0 } }, b = { 5, 2, { NULL, 0 } },
	    c = { 6, 3, { NULL, 0 } };
	struct hmap_node *n;
	int	 seen = 0, cnt = 0;

	hmap_insert(&m, &a.node, 42);
	hmap_insert(&m, &b.node, 42);
	hmap_insert(&m, &c.node, 42 + 16);	/* same bucket, other hash */
	for (n = hmap_first(&m, 42); n != NULL; n = hmap_next(n)) {
		seen |= HMAP_ENTRY(n, struct item, node)->tag;
		cnt++;
	}
	CU_ASSERT_EQUAL(cnt, 2);
	CU_ASSERT_EQUAL(seen, 3);
	hmap_remove(&m, &a.node);
	n = hmap_first(&m, 42);
	CU_ASSERT_PTR_EQUAL(n, &b.node);
	CU_ASSERT_PTR_NULL(hmap_next(n));
	CU_ASSERT_PTR_EQUAL(hmap_first(&m, 42 + 16), &c.node);
	hmap_clear(&m);
}

static void
test_hashes(void)
{
	uint8_t	 k1[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, k2[8];

	memcpy(k2, k1, 8);
	CU_ASSERT_EQUAL(hmap_hash_bytes(k1, 8), hmap_hash_bytes(k2, 8));
	k2[7] ^= 1;
	CU_ASSERT_NOT_EQUAL(hmap_hash_bytes(k1, 8), hmap_hash_bytes(k2, 8));
	CU_ASSERT_EQUAL(hmap_hash_strcase("GetVPN"),
	    hmap_hash_strcase("gETvpn"));
	CU_ASSERT_NOT_EQUAL(hmap_hash_str("GetVPN"), hmap_hash_str("gETvpn"));
	CU_ASSERT_EQUAL(hmap_hash_str("G1"), hmap_hash_bytes("G1", 2));
	CU_ASSERT_NOT_EQUAL(hmap_hash_u32(1), hmap_hash_u32(2));
	CU_ASSERT_NOT_EQUAL(hmap_hash_u64(1), hmap_hash_u64(1ull << 32));
	/* Fixed functions: the same value in every run. */
	CU_ASSERT_EQUAL(hmap_hash_u32(0), 0);
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("hmap", NULL, NULL);
	CU_add_test(s, "empty", test_empty);
	CU_add_test(s, "many", test_many);
	CU_add_test(s, "duplicates", test_duplicates);
	CU_add_test(s, "hashes", test_hashes);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
