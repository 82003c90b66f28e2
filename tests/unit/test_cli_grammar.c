/* Grammar self-check over every command of every subsystem (after
 * vpnsim_init): one help line per token, and each command's own spellings
 * match back to it alone, so no two commands are ambiguous with each other
 * on their full spelling. */
#include "config.h"

#include <stdio.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "netsim.h"

static void
test_all_commands(void)
{
	struct strbuf rep = STRBUF_INIT;
	int n;

	vpnsim_init();
	n = cli_check_grammar(&rep);
	if (n != 0)
		fprintf(stderr, "%s", sb_str(&rep));
	CU_ASSERT_EQUAL(n, 0);
	sb_free(&rep);
	vpnsim_shutdown();
}

int
main(void)
{
	CU_pSuite s;
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cli grammar", NULL, NULL);
	CU_add_test(s, "every installed command", test_all_commands);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed() +
	    CU_get_number_of_failures();
	printf("%u passed, %u failed\n", CU_get_number_of_tests_run() -
	    CU_get_number_of_tests_failed(), CU_get_number_of_tests_failed());
	CU_cleanup_registry();
	return failed != 0;
}
