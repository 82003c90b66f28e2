/* RSA key pairs: `crypto key generate rsa`, `crypto key zeroize rsa`,
 * `show crypto key mypubkey rsa`.  Keys come from OpenSSL in the lab's
 * library context, whose random generator is the seeded lab RNG, so a
 * run under --seed N generates the same keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "crypto_int.h"
#include "log.h"
#include "rng.h"
#include "router.h"

void
ipsec_rsa_free(struct rsa_keypair *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

/* hostname.domain, or "" when there is no domain name. */
static void
default_label(struct router *r, char *buf, size_t len)
{
	struct ipsec_state *st = ipsec_state(r);

	if (st->domain_name[0] == '\0')
		buf[0] = '\0';
	else
		snprintf(buf, len, "%s.%s", r->hostname, st->domain_name);
}

struct rsa_keypair *
ipsec_rsa_find(struct router *r, const char *label)
{
	struct ipsec_state *st = ipsec_state(r);
	char	 def[CRYPTO_NAME_MAX * 2];

	if (st == NULL)
		return NULL;
	if (label == NULL) {
		default_label(r, def, sizeof(def));
		label = def;
	}
	for (int i = 0; i < st->n_rsa; i++)
		if (strcmp(st->rsa[i]->name, label) == 0)
			return st->rsa[i];
	return NULL;
}

static EVP_PKEY *
rsa_generate(int bits)
{
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pkey = NULL;

	ctx = EVP_PKEY_CTX_new_from_name(rng_ossl_libctx(), "RSA", NULL);
	if (ctx == NULL)
		return NULL;
	if (EVP_PKEY_keygen_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) <= 0 ||
	    EVP_PKEY_generate(ctx, &pkey) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static bool
confirm(struct vty *vty, const char *prompt)
{
	char	 buf[32];

	if (!vty_getline(vty, prompt, buf, sizeof(buf)))
		return false;
	return strcmp(buf, "yes") == 0 || strcmp(buf, "y") == 0;
}

/* crypto key generate rsa {general-keys|label L|modulus N|exportable} */
DEFUN(key_generate,
    "crypto key generate rsa {general-keys|label WORD|modulus (360-4096)|"
    "exportable}",
    CRYPTO_STR KEY_HELP
    "Generate new keys\n"
    "Generate RSA keys\n"
    "Generate a general purpose RSA key pair for signing and encryption\n"
    "Provide a label\n"
    "RSA keypair label\n"
    "Provide number of modulus bits on the command line\n"
    "size of the key modulus [360-4096]\n"
    "Allow the key to be exported\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	char	 label[CRYPTO_NAME_MAX * 2], buf[32], prompt[128];
	struct rsa_keypair *k, *old;
	bool	 exportable = false, first;
	int	 i, bits = 0;

	if (st == NULL)
		return CMD_WARNING;
	default_label(r, label, sizeof(label));
	for (i = 4; i < argc; i++) {
		if (strcmp(argv[i], "label") == 0 && i + 1 < argc)
			snprintf(label, sizeof(label), "%s", argv[++i]);
		else if (strcmp(argv[i], "modulus") == 0 && i + 1 < argc)
			bits = atoi(argv[++i]);
		else if (strcmp(argv[i], "exportable") == 0)
			exportable = true;
	}
	if (label[0] == '\0') {
		vty_out(vty, "%% Please define a domain-name first.\n");
		return CMD_WARNING;
	}
	if ((old = ipsec_rsa_find(r, label)) != NULL) {
		vty_out(vty, "%% You already have RSA keys defined named %s.\n",
		    label);
		if (!confirm(vty, "% Do you really want to replace them? "
		    "[yes/no]: "))
			return CMD_SUCCESS;
	}
	vty_out(vty, "The name for the keys will be: %s\n", label);
	if (bits == 0) {
		vty_out(vty, "Choose the size of the key modulus in the range "
		    "of 360 to 4096 for your\n  General Purpose Keys. Choosing "
		    "a key modulus greater than 512 may take\n  a few "
		    "minutes.\n\n");
		snprintf(prompt, sizeof(prompt),
		    "How many bits in the modulus [512]: ");
		bits = 512;
		if (vty_getline(vty, prompt, buf, sizeof(buf)) &&
		    buf[0] != '\0') {
			char *end;
			long v = strtol(buf, &end, 10);

			if (*end != '\0' || v < 360 || v > 4096) {
				vty_out(vty, "%% Key modulus must be in the "
				    "range of 360 to 4096\n");
				return CMD_WARNING;
			}
			bits = (int)v;
		}
	} else
		vty_out(vty, "\n%% The key modulus size is %d bits\n", bits);
	vty_out(vty, "%% Generating %d bit RSA keys, keys will be %s"
	    "exportable...\n", bits, exportable ? "" : "non-");
	k = calloc(1, sizeof(*k));
	if (k == NULL || (k->pkey = rsa_generate(bits)) == NULL) {
		free(k);
		vty_out(vty, "%% Key generation failed\n");
		return CMD_WARNING;
	}
	snprintf(k->name, sizeof(k->name), "%s", label);
	k->bits = bits;
	k->exportable = exportable;
	k->generated_wall_ns = router_wall_ns(r);
	/* Key generation takes no virtual time. */
	vty_out(vty, "[OK] (elapsed time was 0 seconds)\n");
	first = st->n_rsa == 0;
	if (old != NULL) {
		for (i = 0; i < st->n_rsa; i++)
			if (st->rsa[i] == old)
				st->rsa[i] = k;
		ipsec_rsa_free(old);
	} else {
		struct rsa_keypair **n = realloc(st->rsa,
		    (size_t)(st->n_rsa + 1) * sizeof(*n));

		if (n == NULL)
			abort();
		st->rsa = n;
		st->rsa[st->n_rsa++] = k;
	}
	if (first)
		rlog(r, SEV_NOTICE, "SSH", "ENABLED",
		    "SSH 1.99 has been enabled");
	return CMD_SUCCESS;
}

DEFUN(key_zeroize, "crypto key zeroize rsa [WORD]",
    CRYPTO_STR KEY_HELP
    "Remove keys\n"
    "Remove RSA keys\n"
    "RSA keypair label\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	int	 i;

	if (st == NULL)
		return CMD_WARNING;
	if (argc > 4) {
		struct rsa_keypair *k = ipsec_rsa_find(r, argv[4]);

		if (k == NULL) {
			vty_out(vty, "%% No Signature RSA Keys found in "
			    "configuration.\n");
			return CMD_WARNING;
		}
		vty_out(vty, "%% Keys to be removed are named '%s'.\n",
		    k->name);
		vty_out(vty, "%% All router certs issued using these keys will "
		    "also be removed.\n");
		if (!confirm(vty, "Do you really want to remove these keys? "
		    "[yes/no]: "))
			return CMD_SUCCESS;
		for (i = 0; i < st->n_rsa; i++)
			if (st->rsa[i] == k) {
				memmove(&st->rsa[i], &st->rsa[i + 1],
				    (size_t)(st->n_rsa - i - 1) *
				    sizeof(st->rsa[0]));
				st->n_rsa--;
				break;
			}
		ipsec_rsa_free(k);
	} else {
		if (st->n_rsa == 0) {
			vty_out(vty, "%% No Signature RSA Keys found in "
			    "configuration.\n");
			return CMD_WARNING;
		}
		vty_out(vty, "%% All keys will be removed.\n");
		vty_out(vty, "%% All router certs issued using these keys will "
		    "also be removed.\n");
		if (!confirm(vty, "Do you really want to remove these keys? "
		    "[yes/no]: "))
			return CMD_SUCCESS;
		for (i = 0; i < st->n_rsa; i++)
			ipsec_rsa_free(st->rsa[i]);
		st->n_rsa = 0;
	}
	if (st->n_rsa == 0)
		rlog(r, SEV_NOTICE, "SSH", "DISABLED",
		    "SSH 1.99 has been disabled");
	return CMD_SUCCESS;
}

/* "00:10:12 UTC Mar 1 2002" in the router's clock and time zone. */
static void
gen_time(struct router *r, int64_t wall_ns, char *buf, size_t len)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const struct logger_conf *lc = logger_conf(r->log);
	const char *tz = "UTC";
	time_t	 t;
	struct tm tm;

	t = (time_t)(wall_ns / 1000000000LL);
	if (lc != NULL && lc->tz_name[0] != '\0') {
		t += (time_t)lc->tz_off_min * 60;
		tz = lc->tz_name;
	}
	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d:%02d:%02d %s %s %d %d", tm.tm_hour,
	    tm.tm_min, tm.tm_sec, tz, mon[tm.tm_mon], tm.tm_mday,
	    tm.tm_year + 1900);
}

/* Key Data: the DER SubjectPublicKeyInfo, 4-byte groups, 8 per line. */
static void
key_data(struct strbuf *sb, EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	int	 n, i;

	n = i2d_PUBKEY(pkey, &der);
	if (n <= 0)
		return;
	for (i = 0; i < n; i++) {
		if (i % 32 == 0)
			sb_puts(sb, "  ");
		sb_printf(sb, "%02X", der[i]);
		if (i == n - 1)
			sb_puts(sb, "\n");
		else if (i % 32 == 31)
			sb_puts(sb, " \n");
		else if (i % 4 == 3)
			sb_puts(sb, " ");
	}
	OPENSSL_free(der);
}

DEFUN(show_mypubkey, "show crypto key mypubkey rsa [WORD]",
    SHOW_STR CRYPTO_STR "Show long term public keys\n"
    "Show public keys associated with this router\n"
    "Show RSA public keys\n" "RSA keypair label\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;
	char	 when[64];

	if (st == NULL)
		return CMD_SUCCESS;
	for (int i = 0; i < st->n_rsa; i++) {
		struct rsa_keypair *k = st->rsa[i];

		if (argc > 5 && strcmp(argv[5], k->name) != 0)
			continue;
		gen_time(r, k->generated_wall_ns, when, sizeof(when));
		sb_printf(&sb, "%% Key pair was generated at: %s\n", when);
		sb_printf(&sb, "Key name: %s\n", k->name);
		sb_puts(&sb, "Key type: RSA KEYS\n");
		sb_puts(&sb, " Storage Device: private-config\n");
		sb_puts(&sb, " Usage: General Purpose Key\n");
		sb_printf(&sb, " Key is %sexportable.\n",
		    k->exportable ? "" : "not ");
		sb_puts(&sb, " Key Data:\n");
		key_data(&sb, k->pkey);
	}
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

void
crypto_key_cli_init(void)
{
	cli_install(CONFIG_NODE, &key_generate_cmd);
	cli_install(CONFIG_NODE, &key_zeroize_cmd);
	cli_install(ENABLE_NODE, &show_mypubkey_cmd);
}
