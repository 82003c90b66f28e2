/* IOS PKI commands over the lab CA (pki_ca.c):
 *   crypto pki trustpoint NAME   (enrollment url|selfsigned, subject-name,
 *                                 revocation-check, rsakeypair)
 *   crypto pki authenticate NAME / crypto pki enroll NAME (dialogues)
 *   show crypto pki certificates [NAME], show crypto pki trustpoints
 *   running-config: the trustpoint blocks and `crypto pki certificate
 *   chain NAME` with the certificates in hex, as IOS prints them.
 *
 * Any enrollment URL reaches the lab CA.  A router's trustpoints live here
 * (not in crypto_cfg.h's ipsec_state), keyed by router, and are freed with
 * the lab.  Loading a certificate chain from configuration text is
 * accepted and ignored: the hex lines parse, but nothing is re-imported, so
 * a reloaded router has its trustpoints and must authenticate and enroll
 * again (the chain disappears from its running-config until then). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "iface.h"
#include "pki_ca.h"
#include "router.h"

#define TP_NAME_MAX	64
#define MAX_TP		16

enum revocation { REVOKE_UNSET = 0, REVOKE_NONE, REVOKE_CRL };

struct trustpoint {
	char		 name[TP_NAME_MAX];
	char		*url;		/* enrollment url */
	bool		 selfsigned;	/* enrollment selfsigned */
	char		*subject;	/* subject-name */
	int		 revocation;	/* enum revocation */
	char		*keypair;	/* rsakeypair */
	X509		*ca;		/* after `crypto pki authenticate` */
	X509		*cert;		/* after `crypto pki enroll` */
};

struct pki_router {
	struct router	*r;
	struct trustpoint **tps;	/* in creation order */
	int		 n;
};

static struct pki_router **prs;
static int n_prs;

static void
tp_free(struct trustpoint *tp)
{
	free(tp->url);
	free(tp->subject);
	free(tp->keypair);
	X509_free(tp->ca);
	X509_free(tp->cert);
	free(tp);
}

void
pki_lab_free(void)
{
	for (int i = 0; i < n_prs; i++) {
		for (int j = 0; j < prs[i]->n; j++)
			tp_free(prs[i]->tps[j]);
		free(prs[i]->tps);
		free(prs[i]);
	}
	free(prs);
	prs = NULL;
	n_prs = 0;
	pki_ca_free();
}

static struct pki_router *
pr_get(struct router *r, bool create)
{
	struct pki_router *p;

	for (int i = 0; i < n_prs; i++)
		if (prs[i]->r == r)
			return prs[i];
	if (!create)
		return NULL;
	prs = realloc(prs, (size_t)(n_prs + 1) * sizeof(*prs));
	if (prs == NULL || (p = calloc(1, sizeof(*p))) == NULL)
		abort();
	p->r = r;
	prs[n_prs++] = p;
	return p;
}

static struct trustpoint *
tp_find(struct router *r, const char *name)
{
	struct pki_router *p = pr_get(r, false);

	for (int i = 0; p != NULL && i < p->n; i++)
		if (strcmp(p->tps[i]->name, name) == 0)
			return p->tps[i];
	return NULL;
}

static struct trustpoint *
tp_get(struct router *r, const char *name)
{
	struct pki_router *p;
	struct trustpoint *tp = tp_find(r, name);

	if (tp != NULL)
		return tp;
	p = pr_get(r, true);
	if (p->n >= MAX_TP)
		return NULL;
	p->tps = realloc(p->tps, (size_t)(p->n + 1) * sizeof(*p->tps));
	if (p->tps == NULL || (tp = calloc(1, sizeof(*tp))) == NULL)
		abort();
	snprintf(tp->name, sizeof(tp->name), "%s", name);
	p->tps[p->n++] = tp;
	return tp;
}

static void
tp_delete(struct router *r, const char *name)
{
	struct pki_router *p = pr_get(r, false);

	for (int i = 0; p != NULL && i < p->n; i++)
		if (strcmp(p->tps[i]->name, name) == 0) {
			tp_free(p->tps[i]);
			memmove(&p->tps[i], &p->tps[i + 1],
			    (size_t)(p->n - i - 1) * sizeof(*p->tps));
			p->n--;
			return;
		}
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s != NULL ? strdup(s) : NULL;
	if (s != NULL && *dst == NULL)
		abort();
}

/* The key a trustpoint enrolls with: its rsakeypair, else the router's
 * general-purpose key. */
static struct rsa_keypair *
tp_key(struct router *r, const struct trustpoint *tp)
{
	struct rsa_keypair *k = ipsec_rsa_find(r, tp->keypair);

	return k != NULL && k->pkey != NULL ? k : NULL;
}

/* ---- queries (ike_rsa.c) ---------------------------------------------- */

X509 *
pki_router_cert(struct router *r, EVP_PKEY **key)
{
	struct pki_router *p = pr_get(r, false);

	for (int i = 0; p != NULL && i < p->n; i++) {
		struct trustpoint *tp = p->tps[i];
		struct rsa_keypair *k;

		if (tp->cert == NULL || (k = tp_key(r, tp)) == NULL)
			continue;
		/* A key regenerated since enrollment no longer matches. */
		if (EVP_PKEY_eq(k->pkey, X509_get0_pubkey(tp->cert)) != 1)
			continue;
		if (key != NULL)
			*key = k->pkey;
		return tp->cert;
	}
	return NULL;
}

int
pki_router_cas(struct router *r, X509 **out, int max)
{
	struct pki_router *p = pr_get(r, false);
	int	 n = 0;

	for (int i = 0; p != NULL && i < p->n; i++)
		if (p->tps[i]->ca != NULL && n < max)
			out[n++] = p->tps[i]->ca;
	return n;
}

/* ---- authenticate and enroll ------------------------------------------ */

int
pki_trustpoint_add(struct router *r, const char *name, const char *url)
{
	struct trustpoint *tp = tp_get(r, name);

	if (tp == NULL)
		return -1;
	set_str(&tp->url, url);
	return 0;
}

int
pki_authenticate(struct router *r, const char *name, const char **err)
{
	struct trustpoint *tp = tp_find(r, name);
	X509	*ca;

	if (tp == NULL) {
		*err = "% Trustpoint not found";
		return -1;
	}
	if (tp->url == NULL) {
		*err = "% Please configure an enrollment URL for this trustpoint";
		return -1;
	}
	if ((ca = pki_ca_cert()) == NULL) {
		*err = "% Error in receiving Certificate Authority certificate: "
		    "status = FAIL, cert length = 0";
		return -1;
	}
	X509_free(tp->ca);
	X509_up_ref(ca);
	tp->ca = ca;
	return 0;
}

/* The router's addresses for subjectAltName, in interface order. */
static int
router_ips(struct router *r, uint32_t *out, int max)
{
	int	 n = 0;

	for (int i = 0; i < r->n_ifaces && n < max; i++)
		if (r->ifaces[i]->addr != 0)
			out[n++] = r->ifaces[i]->addr;
	return n;
}

/* The router's fully qualified name: "hostname.domain", or the bare host
 * name without `ip domain name`. */
static void
router_fqdn(struct router *r, char *buf, size_t len)
{
	struct ipsec_state *st = ipsec_state(r);
	const char *dom = st != NULL ? st->domain_name : "";

	snprintf(buf, len, "%s%s%s", r->hostname, dom[0] ? "." : "", dom);
}

/* The subject the router asks for: its FQDN as hostname= (the most
 * specific name, as IOS puts it in every router certificate: "Subject:
 * Name: R1.example.com / hostname=R1.example.com"; the GETVPN guide's
 * "Dist.name: hostname=GroupMember-1, ou=TEST"), then the trustpoint's
 * subject-name. */
static void
enroll_subject(struct router *r, const struct trustpoint *tp, char *buf,
    size_t len)
{
	char	 fq[256];

	router_fqdn(r, fq, sizeof(fq));
	snprintf(buf, len, "hostname=%s%s%s", fq, tp->subject != NULL ? "," :
	    "", tp->subject != NULL ? tp->subject : "");
}

int
pki_enroll(struct router *r, const char *name, const char **err)
{
	struct trustpoint *tp = tp_find(r, name);
	struct rsa_keypair *k;
	uint32_t ips[ROUTER_MAX_IFACES];
	char	 subj[1024];
	X509	*x;

	if (tp == NULL) {
		*err = "% Trustpoint not found";
		return -1;
	}
	if (tp->ca == NULL) {
		*err = "% You must authenticate the Certificate Authority "
		    "before you can enroll with it.";
		return -1;
	}
	if ((k = tp_key(r, tp)) == NULL) {
		*err = "% Keys for this trustpoint not found: generate them "
		    "with crypto key generate rsa";
		return -1;
	}
	enroll_subject(r, tp, subj, sizeof(subj));
	x = pki_ca_issue(k->pkey, subj, ips, router_ips(r, ips,
	    ROUTER_MAX_IFACES), pki_ca_now());
	if (x == NULL) {
		*err = "% Certificate request failed";
		return -1;
	}
	X509_free(tp->cert);
	tp->cert = x;
	return 0;
}

/* ---- trustpoint mode ---------------------------------------------------- */

#define PKI_HELP	"Public Key components\n"
#define TP_HELP		"Define a CA trustpoint\n"

static struct trustpoint *
cur_tp(struct vty *vty)
{
	return tp_find(vty_router(vty), vty_context(vty));
}

DEFUN(trustpoint, "crypto pki trustpoint WORD",
    CRYPTO_STR PKI_HELP TP_HELP "Trustpoint Name\n")
{
	struct trustpoint *tp = tp_get(vty_router(vty), argv[3]);

	if (tp == NULL) {
		vty_out(vty, "%% Too many trustpoints\n");
		return CMD_WARNING;
	}
	vty_set_node(vty, PKI_TRUSTPOINT_NODE);
	vty_set_context(vty, tp->name);
	return CMD_SUCCESS;
}

static bool
confirm(struct vty *vty, const char *prompt)
{
	char	 buf[32];

	if (!vty_getline(vty, prompt, buf, sizeof(buf)))
		return false;
	return strcmp(buf, "yes") == 0 || strcmp(buf, "y") == 0;
}

DEFUN(no_trustpoint, "no crypto pki trustpoint WORD",
    NO_STR CRYPTO_STR PKI_HELP TP_HELP "Trustpoint Name\n")
{
	struct router *r = vty_router(vty);
	struct trustpoint *tp = tp_find(r, argv[4]);

	if (tp == NULL)
		return CMD_SUCCESS;
	if ((tp->ca != NULL || tp->cert != NULL) && !r->config_loading) {
		vty_out(vty, "%% Removing an enrolled trustpoint will destroy "
		    "all certificates\n received from the related Certificate "
		    "Authority.\n\n");
		if (!confirm(vty, "Are you sure you want to do this? "
		    "[yes/no]: "))
			return CMD_SUCCESS;
		if (tp->cert != NULL)
			vty_out(vty, "%% Be sure to ask the CA administrator "
			    "to revoke your certificates.\n");
	}
	tp_delete(r, argv[4]);
	return CMD_SUCCESS;
}

DEFUN(tp_enroll_url, "enrollment url WORD",
    "Enrollment parameters\n" "CA server enrollment URL\n"
    "http://A.B.C.D[:port][/path] (any URL reaches the lab CA)\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp == NULL)
		return CMD_WARNING;
	set_str(&tp->url, argv[2]);
	tp->selfsigned = false;
	return CMD_SUCCESS;
}

DEFUN(tp_enroll_self, "enrollment selfsigned",
    "Enrollment parameters\n" "Generate a Self Signed Certificate\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp == NULL)
		return CMD_WARNING;
	set_str(&tp->url, NULL);
	tp->selfsigned = true;
	return CMD_SUCCESS;
}

DEFUN(no_tp_enroll, "no enrollment [url|selfsigned]",
    NO_STR "Enrollment parameters\n" "CA server enrollment URL\n"
    "Generate a Self Signed Certificate\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp == NULL)
		return CMD_WARNING;
	set_str(&tp->url, NULL);
	tp->selfsigned = false;
	return CMD_SUCCESS;
}

DEFUN(tp_subject, "subject-name LINE",
    "Subject Name\n" "subject name, e.g. CN=R1.example.com,O=Lab\n")
{
	struct trustpoint *tp = cur_tp(vty);
	const char *p = argv[1];

	if (tp == NULL)
		return CMD_WARNING;
	/* Only KEY=value[,KEY=value]: the CA will parse it. */
	if (strchr(p, '=') == NULL || *p == '=') {
		vty_out(vty, "%% Invalid subject name\n");
		return CMD_WARNING;
	}
	set_str(&tp->subject, p);
	return CMD_SUCCESS;
}

DEFUN(no_tp_subject, "no subject-name [LINE]",
    NO_STR "Subject Name\n" "subject name\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp != NULL)
		set_str(&tp->subject, NULL);
	return tp != NULL ? CMD_SUCCESS : CMD_WARNING;
}

DEFUN(tp_revocation, "revocation-check (none|crl)",
    "Revocation checking options\n" "Ignore revocation check\n"
    "Revocation check by CRL\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp == NULL)
		return CMD_WARNING;
	tp->revocation = strcmp(argv[1], "none") == 0 ? REVOKE_NONE :
	    REVOKE_CRL;
	return CMD_SUCCESS;
}

DEFUN(no_tp_revocation, "no revocation-check [none|crl]",
    NO_STR "Revocation checking options\n" "Ignore revocation check\n"
    "Revocation check by CRL\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp != NULL)
		tp->revocation = REVOKE_UNSET;
	return tp != NULL ? CMD_SUCCESS : CMD_WARNING;
}

DEFUN(tp_keypair, "rsakeypair WORD",
    "Specify rsakeypair\n" "rsakeypair label\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp == NULL)
		return CMD_WARNING;
	set_str(&tp->keypair, argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_tp_keypair, "no rsakeypair [WORD]",
    NO_STR "Specify rsakeypair\n" "rsakeypair label\n")
{
	struct trustpoint *tp = cur_tp(vty);

	if (tp != NULL)
		set_str(&tp->keypair, NULL);
	return tp != NULL ? CMD_SUCCESS : CMD_WARNING;
}

/* ---- authenticate / enroll dialogues ------------------------------------ */

DEFUN(pki_auth, "crypto pki authenticate WORD",
    CRYPTO_STR PKI_HELP "Get the certification authority certificate\n"
    "Trustpoint Name\n")
{
	struct router *r = vty_router(vty);
	struct trustpoint *tp = tp_find(r, argv[3]);
	const char *err = NULL;
	char	 fp[128];
	X509	*ca;

	if (tp == NULL) {
		vty_out(vty, "%% Trustpoint %s not found\n", argv[3]);
		return CMD_WARNING;
	}
	if (tp->selfsigned) {
		vty_out(vty, "%% Trustpoint %s is self-signed: there is no "
		    "CA to authenticate\n", tp->name);
		return CMD_WARNING;
	}
	if (tp->url == NULL || (ca = pki_ca_cert()) == NULL) {
		vty_out(vty, "%% Error in receiving Certificate Authority "
		    "certificate: status = FAIL, cert length = 0\n");
		return CMD_WARNING;
	}
	vty_out(vty, "Certificate has the following attributes:\n");
	pki_fingerprint(ca, "MD5", fp, sizeof(fp));
	vty_out(vty, "       Fingerprint MD5: %s\n", fp);
	pki_fingerprint(ca, "SHA1", fp, sizeof(fp));
	vty_out(vty, "      Fingerprint SHA1: %s\n\n", fp);
	if (!confirm(vty, "% Do you accept this certificate? [yes/no]: ")) {
		vty_out(vty, "%% Trustpoint CA certificate not accepted\n");
		return CMD_SUCCESS;
	}
	if (pki_authenticate(r, tp->name, &err) != 0) {
		vty_out(vty, "%s\n", err);
		return CMD_WARNING;
	}
	vty_out(vty, "Trustpoint CA certificate accepted.\n");
	return CMD_SUCCESS;
}

DEFUN(pki_enroll_cmd_fn, "crypto pki enroll WORD",
    CRYPTO_STR PKI_HELP "Request a certificate from a CA\n"
    "Trustpoint Name\n")
{
	struct router *r = vty_router(vty);
	struct trustpoint *tp = tp_find(r, argv[3]);
	const char *err = NULL;
	char	 subj[256], pw[64], pw2[64], buf[32];

	if (tp == NULL) {
		vty_out(vty, "%% Trustpoint %s not found\n", argv[3]);
		return CMD_WARNING;
	}
	if (tp->selfsigned) {
		vty_out(vty, "%% vpnsim: self-signed trustpoints are not "
		    "supported; use enrollment url\n");
		return CMD_WARNING;
	}
	if (tp->ca == NULL) {
		vty_out(vty, "%% You must authenticate the Certificate "
		    "Authority before\n   you can enroll with it.\n");
		return CMD_WARNING;
	}
	if (tp_key(r, tp) == NULL) {
		vty_out(vty, "%% Keys for this trustpoint not found: "
		    "generate them with crypto key generate rsa\n");
		return CMD_WARNING;
	}
	vty_out(vty, "%%\n%% Start certificate enrollment .. \n"
	    "%% Create a challenge password. You will need to verbally "
	    "provide this\n   password to the CA Administrator in order to "
	    "revoke your certificate.\n   For security reasons your password "
	    "will not be saved in the configuration.\n   Please make a note "
	    "of it.\n\n");
	if (!vty_getline(vty, "Password: ", pw, sizeof(pw)) ||
	    !vty_getline(vty, "Re-enter password: ", pw2, sizeof(pw2)))
		return CMD_SUCCESS;
	if (strcmp(pw, pw2) != 0) {
		vty_out(vty, "%% Password mismatch.\n");
		return CMD_WARNING;
	}
	/* IOS names the subject-name first, then the FQDN it adds. */
	if (tp->subject != NULL)
		vty_out(vty, "\n%% The subject name in the certificate will "
		    "include: %s", tp->subject);
	router_fqdn(r, subj, sizeof(subj));
	vty_out(vty, "\n%% The subject name in the certificate will include: "
	    "%s\n", subj);
	if (!vty_getline(vty, "% Include the router serial number in the subject "
	    "name? [yes/no]: ", buf, sizeof(buf)) ||
	    !vty_getline(vty, "% Include an IP address in the subject name? [no]: ",
	    buf, sizeof(buf)))
		return CMD_SUCCESS;
	if (!confirm(vty, "Request certificate from CA? [yes/no]: "))
		return CMD_SUCCESS;
	vty_out(vty, "%% Certificate request sent to Certificate Authority\n"
	    "%% The 'show crypto pki certificate verbose %s' command"
	    "will show the fingerprint.\n\n", tp->name);
	if (pki_enroll(r, tp->name, &err) != 0) {
		vty_out(vty, "%s\n", err);
		return CMD_WARNING;
	}
	/* The lab CA answers at once: the certificate is there when the
	 * command returns. */
	rlog(r, 6, "PKI", "CERTRET", "Certificate received from Certificate "
	    "Authority");
	return CMD_SUCCESS;
}

/* ---- certificate chain (running-config) --------------------------------- */

DEFUN(chain, "crypto pki certificate chain WORD",
    CRYPTO_STR PKI_HELP "Certificate commands\n"
    "Certificate chain commands\n" "Trustpoint Name\n")
{
	vty_set_node(vty, PKI_CHAIN_NODE);
	vty_set_context(vty, argv[4]);
	return CMD_SUCCESS;
}

DEFUN(chain_cert, "certificate [ca] WORD",
    "Enter a certificate\n" "a CA certificate\n" "serial number\n")
{
	return CMD_SUCCESS;	/* accepted and ignored (see the top) */
}

DEFUN_HIDDEN(chain_quit, "quit", "End of a certificate\n")
{
	return CMD_SUCCESS;
}

/* A line of hex in a certificate: ignored.  Anything else goes back to
 * global configuration, as IOS leaves a sub-mode for a command it does
 * not know there. */
DEFUN_HIDDEN(chain_hex, "WORD [LINE]", "hex data\n" "hex data\n")
{
	struct strbuf sb = STRBUF_INIT;
	bool	 hex = true;
	int	 rc;

	for (int i = 0; i < argc; i++)
		for (const char *p = argv[i]; *p; p++)
			if (!isxdigit((unsigned char)*p) && *p != ' ' &&
			    *p != '\t')
				hex = false;
	if (hex)
		return CMD_SUCCESS;
	for (int i = 0; i < argc; i++)
		sb_printf(&sb, "%s%s", i ? " " : "", argv[i]);
	vty_set_node(vty, CONFIG_NODE);
	rc = cli_execute(vty, sb_str(&sb));
	sb_free(&sb);
	return rc;
}

/* ---- shows -------------------------------------------------------------- */

/* Name entries, most specific first as IOS lists them ("hostname=..",
 * "cn=..", "o=.."); a certificate's own "Name:" is its hostname= (what
 * IOS enrollment puts there), else its CN. */
static void
show_name(struct vty *vty, X509_NAME *nm, bool with_name)
{
	int	 n = X509_NAME_entry_count(nm);
	char	 cn[256];

	if (with_name && (X509_NAME_get_text_by_NID(nm,
	    NID_pkcs9_unstructuredName, cn, sizeof(cn)) >= 0 ||
	    X509_NAME_get_text_by_NID(nm, NID_commonName, cn,
	    sizeof(cn)) >= 0))
		vty_out(vty, "    Name: %s\n", cn);
	for (int i = n - 1; i >= 0; i--) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(nm, i);
		ASN1_OBJECT *o = X509_NAME_ENTRY_get_object(e);
		ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
		char	 key[32];

		vty_out(vty, "    %s=%.*s\n", pki_name_key(OBJ_obj2nid(o), key,
		    sizeof(key)), ASN1_STRING_length(v),
		    (const char *)ASN1_STRING_get0_data(v));
	}
}

static void
show_cert(struct vty *vty, X509 *x, bool is_ca, const char *tps)
{
	char	 serial[80], d1[40], d2[40];

	pki_cert_serial(x, serial, sizeof(serial));
	pki_time_text(pki_cert_not_before(x), d1, sizeof(d1));
	pki_time_text(pki_cert_not_after(x), d2, sizeof(d2));
	vty_out(vty, "%s\n  Status: Available\n"
	    "  Certificate Serial Number (hex): %s\n"
	    "  Certificate Usage: %s\n  Issuer: \n",
	    is_ca ? "CA Certificate" : "Certificate", serial,
	    is_ca ? "Signature" : "General Purpose");
	show_name(vty, X509_get_issuer_name(x), false);
	vty_out(vty, "  Subject:%s\n", is_ca ? " " : "");
	show_name(vty, X509_get_subject_name(x), !is_ca);
	vty_out(vty, "  Validity Date: \n    start date: %s\n"
	    "    end   date: %s\n  Associated Trustpoints: %s \n", d1, d2, tps);
}

DEFUN(show_pki_certs, "show crypto pki certificates [WORD]",
    SHOW_STR CRYPTO_STR PKI_HELP "Show certificates\n" "Trustpoint Name\n")
{
	struct pki_router *p = pr_get(vty_router(vty), false);
	const char *want = argc > 4 ? argv[4] : NULL;

	for (int i = 0; p != NULL && i < p->n; i++) {
		struct trustpoint *tp = p->tps[i];

		if (want != NULL && strcmp(want, tp->name) != 0)
			continue;
		if (tp->cert != NULL) {
			vty_out(vty, "\n");
			show_cert(vty, tp->cert, false, tp->name);
		}
		if (tp->ca != NULL) {
			vty_out(vty, "\n");
			show_cert(vty, tp->ca, true, tp->name);
		}
	}
	return CMD_SUCCESS;
}

DEFUN(show_pki_tps, "show crypto pki trustpoints [WORD]",
    SHOW_STR CRYPTO_STR PKI_HELP "Show trustpoints\n" "Trustpoint Name\n")
{
	struct pki_router *p = pr_get(vty_router(vty), false);
	const char *want = argc > 4 ? argv[4] : NULL;
	char	 serial[80];

	for (int i = 0; p != NULL && i < p->n; i++) {
		struct trustpoint *tp = p->tps[i];

		if (want != NULL && strcmp(want, tp->name) != 0)
			continue;
		vty_out(vty, "Trustpoint %s:\n", tp->name);
		if (tp->ca == NULL)
			continue;
		pki_cert_serial(tp->ca, serial, sizeof(serial));
		vty_out(vty, "    Subject Name: \n");
		show_name(vty, X509_get_subject_name(tp->ca), false);
		vty_out(vty, "          Serial Number (hex): %s\n"
		    "    Certificate configured.\n", serial);
	}
	return CMD_SUCCESS;
}

/* ---- running-config ----------------------------------------------------- */

/* DER as IOS prints a certificate: groups of 4 bytes, 8 per line. */
static void
write_hex(struct strbuf *sb, X509 *x)
{
	unsigned char *der = NULL;
	int	 n = i2d_X509(x, &der);

	for (int i = 0; i < n; i++) {
		if (i % 32 == 0)
			sb_puts(sb, "  ");
		sb_printf(sb, "%02X", der[i]);
		if (i % 4 == 3 || i == n - 1)
			sb_puts(sb, " ");
		if (i % 32 == 31 || i == n - 1)
			sb_puts(sb, "\n");
	}
	sb_puts(sb, "  \tquit\n");
	OPENSSL_free(der);
}

static void
wr_pki(struct vty *vty, struct router *r)
{
	struct pki_router *p = pr_get(r, false);
	struct strbuf sb = STRBUF_INIT;
	char	 serial[80];
	int	 i;

	for (i = 0; p != NULL && i < p->n; i++) {
		struct trustpoint *tp = p->tps[i];

		sb_printf(&sb, "crypto pki trustpoint %s\n", tp->name);
		if (tp->url != NULL)
			sb_printf(&sb, " enrollment url %s\n", tp->url);
		else if (tp->selfsigned)
			sb_puts(&sb, " enrollment selfsigned\n");
		if (tp->subject != NULL)
			sb_printf(&sb, " subject-name %s\n", tp->subject);
		if (tp->revocation != REVOKE_UNSET)
			sb_printf(&sb, " revocation-check %s\n",
			    tp->revocation == REVOKE_NONE ? "none" : "crl");
		if (tp->keypair != NULL)
			sb_printf(&sb, " rsakeypair %s\n", tp->keypair);
		sb_puts(&sb, "!\n");
	}
	for (i = 0; p != NULL && i < p->n; i++) {
		struct trustpoint *tp = p->tps[i];

		if (tp->ca == NULL && tp->cert == NULL)
			continue;
		sb_printf(&sb, "!\ncrypto pki certificate chain %s\n",
		    tp->name);
		if (tp->cert != NULL) {
			pki_cert_serial(tp->cert, serial, sizeof(serial));
			sb_printf(&sb, " certificate %s\n", serial);
			write_hex(&sb, tp->cert);
		}
		if (tp->ca != NULL) {
			pki_cert_serial(tp->ca, serial, sizeof(serial));
			sb_printf(&sb, " certificate ca %s\n", serial);
			write_hex(&sb, tp->ca);
		}
	}
	if (sb.len > 0)
		vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static const struct cli_node pki_nodes[] = {
	{ PKI_TRUSTPOINT_NODE, "%s(ca-trustpoint)#", CONFIG_NODE, NULL },
	{ PKI_CHAIN_NODE, "%s(config-cert-chain)#", CONFIG_NODE, NULL },
};

void
pki_cli_init(void)
{
	static struct cmd *const tp_cmds[] = {
		&tp_enroll_url_cmd, &tp_enroll_self_cmd, &no_tp_enroll_cmd,
		&tp_subject_cmd, &no_tp_subject_cmd, &tp_revocation_cmd,
		&no_tp_revocation_cmd, &tp_keypair_cmd, &no_tp_keypair_cmd,
	};

	for (size_t i = 0; i < sizeof(pki_nodes) / sizeof(pki_nodes[0]); i++)
		cli_install_node(&pki_nodes[i]);
	cli_node_set_title(PKI_TRUSTPOINT_NODE,
	    "CA trustpoint configuration commands:");
	cli_node_set_title(PKI_CHAIN_NODE,
	    "Certificate chain configuration commands:");
	cli_install(CONFIG_NODE, &trustpoint_cmd);
	cli_install(CONFIG_NODE, &no_trustpoint_cmd);
	cli_install(CONFIG_NODE, &pki_auth_cmd);
	cli_install(CONFIG_NODE, &pki_enroll_cmd_fn_cmd);
	cli_install(CONFIG_NODE, &chain_cmd);
	for (size_t i = 0; i < sizeof(tp_cmds) / sizeof(tp_cmds[0]); i++)
		cli_install(PKI_TRUSTPOINT_NODE, tp_cmds[i]);
	cli_install(PKI_CHAIN_NODE, &chain_cert_cmd);
	cli_install(PKI_CHAIN_NODE, &chain_quit_cmd);
	cli_install(PKI_CHAIN_NODE, &chain_hex_cmd);
	cli_install(ENABLE_NODE, &show_pki_certs_cmd);
	cli_install(ENABLE_NODE, &show_pki_tps_cmd);
	cli_install_config_writer(RC_ORDER_CRYPTO - 10, wr_pki);
}
