/* Shared between the crypto CLI files (crypto_cli.c, crypto_show.c,
 * crypto_key.c): help strings and their init functions. */
#ifndef VPNSIM_CRYPTO_INT_H
#define VPNSIM_CRYPTO_INT_H

#include "strbuf.h"

struct router;

#define ISAKMP_HELP	"Configure ISAKMP policy\n"
#define IPSEC_HELP	"Configure IPSEC policy\n"
#define MAP_HELP	"Enter a crypto map\n"
#define KEY_HELP	"Long term key operations\n"
#define SA_HELP		"Security association parameters\n"
#define SET_HELP	"Set values for encryption/decryption\n"
#define TS_SET_HELP	"Specify list of transform sets in priority order\n"
#define TS_NAME_HELP	"Proposal tag\n"
#define LIFETIME_HELP	"security association duration\n"
#define SECONDS_HELP	"Time-based key duration in seconds\n"
#define KB_HELP		"Volume-based key duration\n"
#define PFS_HELP	"Specify pfs settings\n"
#define ISAPROF_HELP	"Specify isakmp Profile\n"

void	crypto_show_cli_init(void);	/* crypto_show.c */
void	crypto_key_cli_init(void);	/* crypto_key.c */

/* Running-config text of the whole crypto section (tests use it too). */
void	crypto_write_isakmp(struct router *, struct strbuf *);

#endif
