/* GM authorization on the key server (seed 003 "GET VPN GM
 * Authorization"): `authorization address ipv4 ACL` for GMs whose phase-1
 * identity is an address, `authorization identity NAME` with `crypto
 * identity NAME` (`dn` and `fqdn` lines) for GMs that identify with a
 * distinguished name or a host name:
 *
 *   "If a GM sends an IP address as an identity, then only an
 *    authorization address is used for authorization. If a GM sends a
 *    distinguished name (DN) or hostname, then an authorization identity
 *    is used. Using an IP address as an identity will bypass authorization
 *    matching a DN or hostname and vice versa."
 *
 * Refusals log %GDOI-1-UNAUTHORIZED_IPADDR / %GDOI-1-UNAUTHORIZED_IDENTITY
 * with the guide's text; the KS does not answer, the GM stays
 * "Registering".
 *
 * The `crypto identity` lists live with the protocol state of the router
 * (struct gdoi_proto), the CLI that edits them in gdoi_authz_cli.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "acl.h"
#include "gdoi_proto.h"
#include "pki_ca.h"
#include "ipv4.h"
#include "isakmp.h"
#include "log.h"
#include "router.h"
#include "strbuf.h"

bool (*gdoi_peer_id_fn)(struct router *, uint32_t conn_id,
    const uint8_t **id_body, size_t *len);

struct gdoi_cid_line {
	int		 kind;			/* GDOI_CID_DN / _FQDN */
	char		 text[GDOI_CID_TEXT];
};

struct gdoi_cid {
	char		 name[GDOI_NAME_MAX];
	struct gdoi_cid_line lines[GDOI_CID_LINES];
	int		 n;
	struct gdoi_cid	*next;
};

/* ---- the model ------------------------------------------------------------ */

struct gdoi_cid *
gdoi_cid_get(struct router *r, const char *name, bool create)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_cid *c, **pp;

	if (p == NULL)
		return NULL;
	for (pp = &p->cids; (c = *pp) != NULL; pp = &c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	if (!create)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		abort();
	snprintf(c->name, sizeof(c->name), "%s", name);
	*pp = c;		/* creation order: the running config's */
	return c;
}

void
gdoi_cid_delete(struct router *r, const char *name)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_cid *c, **pp;

	if (p == NULL)
		return;
	for (pp = &p->cids; (c = *pp) != NULL; pp = &c->next)
		if (strcmp(c->name, name) == 0) {
			*pp = c->next;
			free(c);
			return;
		}
}

void
gdoi_cids_free(struct gdoi_proto *p)
{
	struct gdoi_cid *c;

	while ((c = p->cids) != NULL) {
		p->cids = c->next;
		free(c);
	}
}

const char *
gdoi_cid_name(const struct gdoi_cid *c)
{
	return c->name;
}

/* One "key=value" of a `dn` line: [*s, end) trimmed. */
struct dn_pair {
	int		 nid;
	const char	*val;
	size_t		 vlen;
};

/* Split a `dn` line ("ou=GETVPN, o=Cisco") into pairs; -1 if malformed
 * or with an attribute IOS does not know. */
static int
dn_parse(const char *text, struct dn_pair *pv, int max)
{
	const char *s = text;
	int	 n = 0;

	while (*s != '\0') {
		const char *e = strchr(s, ','), *eq;
		const char *end = e != NULL ? e : s + strlen(s);

		while (s < end && *s == ' ')
			s++;
		eq = memchr(s, '=', (size_t)(end - s));
		if (eq == NULL || eq == s || n == max)
			return -1;
		pv[n].nid = pki_name_nid(s, (size_t)(eq - s));
		if (pv[n].nid == NID_undef)
			return -1;
		pv[n].val = eq + 1;
		pv[n].vlen = (size_t)(end - eq - 1);
		while (pv[n].vlen > 0 && pv[n].val[pv[n].vlen - 1] == ' ')
			pv[n].vlen--;
		if (pv[n].vlen == 0)
			return -1;
		n++;
		s = e != NULL ? e + 1 : end;
	}
	return n;
}

int
gdoi_cid_add(struct gdoi_cid *c, int kind, const char *text)
{
	struct dn_pair pv[GDOI_CID_LINES];

	if (strlen(text) >= GDOI_CID_TEXT)
		return -1;
	if (kind == GDOI_CID_DN && dn_parse(text, pv, GDOI_CID_LINES) <= 0)
		return -1;
	for (int i = 0; i < c->n; i++)
		if (c->lines[i].kind == kind &&
		    strcmp(c->lines[i].text, text) == 0)
			return 0;
	if (c->n == GDOI_CID_LINES)
		return -2;
	c->lines[c->n].kind = kind;
	snprintf(c->lines[c->n].text, sizeof(c->lines[c->n].text), "%s",
	    text);
	c->n++;
	return 0;
}

bool
gdoi_cid_del(struct gdoi_cid *c, int kind, const char *text)
{
	for (int i = 0; i < c->n; i++)
		if (c->lines[i].kind == kind && (text == NULL ||
		    strcmp(c->lines[i].text, text) == 0)) {
			memmove(&c->lines[i], &c->lines[i + 1],
			    (size_t)(c->n - i - 1) * sizeof(c->lines[0]));
			c->n--;
			if (text != NULL)
				return true;
			i--;
		}
	return text == NULL;
}

void
gdoi_cid_write_config(struct router *r, struct strbuf *sb)
{
	struct gdoi_proto *p = r->gdoi != NULL ? gdoi_proto(r) : NULL;

	for (struct gdoi_cid *c = p != NULL ? p->cids : NULL; c != NULL;
	    c = c->next) {
		sb_printf(sb, "crypto identity %s\n", c->name);
		for (int i = 0; i < c->n; i++)
			sb_printf(sb, " %s %s\n", c->lines[i].kind ==
			    GDOI_CID_DN ? "dn" : "fqdn", c->lines[i].text);
		sb_puts(sb, "!\n");
	}
}

/* ---- matching ------------------------------------------------------------- */

/* Does the DER name carry every pair of the `dn` line? */
static bool
dn_line_match(X509_NAME *nm, const char *line)
{
	struct dn_pair pv[GDOI_CID_LINES];
	int	 n = dn_parse(line, pv, GDOI_CID_LINES);

	if (n <= 0)
		return false;
	for (int i = 0; i < n; i++) {
		int	 pos = -1;
		bool	 found = false;

		while (!found && (pos = X509_NAME_get_index_by_NID(nm,
		    pv[i].nid, pos)) >= 0) {
			const ASN1_STRING *v = X509_NAME_ENTRY_get_data(
			    X509_NAME_get_entry(nm, pos));
			unsigned char *u = NULL;
			int	 ul = ASN1_STRING_to_UTF8(&u, v);

			found = ul >= 0 && (size_t)ul == pv[i].vlen &&
			    strncasecmp((const char *)u, pv[i].val,
			    pv[i].vlen) == 0;
			OPENSSL_free(u);
		}
		if (!found)
			return false;
	}
	return true;
}

bool
gdoi_cid_match(struct router *r, const char *name, const uint8_t *idb,
    size_t len)
{
	struct gdoi_cid *c = gdoi_cid_get(r, name, false);
	X509_NAME *nm = NULL;
	bool	 ok = false;

	if (c == NULL || idb == NULL || len < 4)
		return false;
	if (idb[0] == ISAKMP_ID_DER_ASN1_DN) {
		const unsigned char *d = idb + 4;

		if ((nm = d2i_X509_NAME(NULL, &d, (long)(len - 4))) == NULL ||
		    d != idb + len) {
			X509_NAME_free(nm);
			return false;
		}
	}
	for (int i = 0; i < c->n && !ok; i++) {
		const struct gdoi_cid_line *l = &c->lines[i];

		if (l->kind == GDOI_CID_DN && nm != NULL)
			ok = dn_line_match(nm, l->text);
		else if (l->kind == GDOI_CID_FQDN &&
		    idb[0] == ISAKMP_ID_FQDN)
			ok = strlen(l->text) == len - 4 &&
			    strncasecmp(l->text, (const char *)idb + 4,
			    len - 4) == 0;
	}
	X509_NAME_free(nm);
	return ok;
}

/* The identity as the UNAUTHORIZED_IDENTITY message prints it.  A DN as
 * in seed 003 ("Dist.name: hostname=GroupMember-1, ou=TEST": IOS keyword
 * names, in certificate order); a host name bare (vpnsim's choice: no
 * sample shows that form). */
void
gdoi_id_text(const uint8_t *idb, size_t len, char *buf, size_t blen)
{
	struct strbuf sb = STRBUF_INIT;
	X509_NAME *nm;
	const unsigned char *d;

	if (blen == 0)
		return;
	buf[0] = '\0';
	if (idb == NULL || len < 4)
		return;
	if (idb[0] == ISAKMP_ID_FQDN || idb[0] == ISAKMP_ID_USER_FQDN) {
		size_t	 n = len - 4;

		for (size_t i = 0; i < n && i + 1 < blen; i++) {
			buf[i] = isprint(idb[4 + i]) ? (char)idb[4 + i] : '.';
			buf[i + 1] = '\0';
		}
		return;
	}
	if (idb[0] == ISAKMP_ID_IPV4_ADDR && len == 8) {
		uint32_t a = (uint32_t)idb[4] << 24 | (uint32_t)idb[5] << 16 |
		    (uint32_t)idb[6] << 8 | idb[7];
		char	 ab[16];

		snprintf(buf, blen, "%s", ip_ntoa(a, ab));
		return;
	}
	if (idb[0] != ISAKMP_ID_DER_ASN1_DN)
		return;
	d = idb + 4;
	if ((nm = d2i_X509_NAME(NULL, &d, (long)(len - 4))) == NULL) {
		snprintf(buf, blen, "Dist.name: ");
		return;
	}
	sb_puts(&sb, "Dist.name: ");
	/* IOS prints the most specific attribute first (the reverse of the
	 * DER order): "hostname=GroupMember-1, ou=TEST". */
	for (int n = X509_NAME_entry_count(nm), i = n - 1; i >= 0; i--) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(nm, i);
		int	 nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		const char *k = pki_name_ios_key(nid);
		unsigned char *u = NULL;
		int	 ul = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(e));

		if (k == NULL)
			k = OBJ_nid2sn(nid);
		if (ul >= 0)
			sb_printf(&sb, "%s%s=%.*s", i < n - 1 ? ", " : "", k, ul,
			    (const char *)u);
		OPENSSL_free(u);
	}
	X509_NAME_free(nm);
	snprintf(buf, blen, "%s", sb_str(&sb));
	sb_free(&sb);
}

/* ---- the decision ---------------------------------------------------------- */

/* `authorization address ipv4 ACL`: a standard or extended ACL checked
 * with the GM's address as the source. */
static bool
addr_permitted(struct router *r, const char *acl, uint32_t gm, uint32_t local)
{
	uint8_t	 ip[20];

	memset(ip, 0, sizeof(ip));
	ip[0] = 0x45;
	ip[3] = 20;
	ip[8] = 255;
	ip[9] = 17;
	for (int i = 0; i < 4; i++) {
		ip[12 + i] = (uint8_t)(gm >> (24 - 8 * i));
		ip[16 + i] = (uint8_t)(local >> (24 - 8 * i));
	}
	return acl_eval(r, acl, ip, sizeof(ip), false) == ACL_PERMIT;
}

bool
gdoi_ks_addr_authorized(struct router *r, const struct gdoi_ks_cfg *ks,
    uint32_t peer, uint32_t local)
{
	return ks == NULL || ks->authz_acl[0] == '\0' ||
	    addr_permitted(r, ks->authz_acl, peer, local);
}

bool
gdoi_ks_addr_identity(struct router *r, uint32_t conn_id)
{
	const uint8_t *idb = NULL;
	size_t	 len = 0;

	if (gdoi_peer_id_fn == NULL ||
	    !gdoi_peer_id_fn(r, conn_id, &idb, &len) || len < 4)
		return true;
	return idb[0] == ISAKMP_ID_IPV4_ADDR;
}

bool
gdoi_ks_authorized(struct router *r, const struct gdoi_group *g,
    uint32_t conn_id, uint32_t peer, uint32_t local)
{
	const struct gdoi_ks_cfg *ks = g->ks;
	const uint8_t *idb = NULL;
	size_t	 len = 0;
	char	 text[256];

	/* Without the IKE layer's answer the GM's identity is its address
	 * (what pre-shared-key labs send). */
	if (gdoi_peer_id_fn == NULL ||
	    !gdoi_peer_id_fn(r, conn_id, &idb, &len) || len < 4)
		idb = NULL;
	if (idb == NULL || idb[0] == ISAKMP_ID_IPV4_ADDR) {
		if (ks->authz_acl[0] == '\0' ||
		    addr_permitted(r, ks->authz_acl, peer, local))
			return true;
		rlog(r, SEV_ALERT, "GDOI", "UNAUTHORIZED_IPADDR", "Group %s "
		    "received registration from unauthorized ip address: %s",
		    g->name, ip_ntoa(peer, text));
		return false;
	}
	if (ks->authz_identity[0] == '\0' ||
	    gdoi_cid_match(r, ks->authz_identity, idb, len))
		return true;
	gdoi_id_text(idb, len, text, sizeof(text));
	rlog(r, SEV_ALERT, "GDOI", "UNAUTHORIZED_IDENTITY", "Group %s received "
	    "registration from unauthorized identity: %s", g->name, text);
	return false;
}
