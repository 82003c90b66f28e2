/* Phase 1 main mode (RFC 2409 §5) with pre-shared keys, initiator and
 * responder, and the phase-1 pieces aggressive mode shares: the SA
 * payload from `crypto isakmp policy`, proposal matching exactly as IOS
 * prints it, the pre-shared key, DH and SKEYID, ID and HASH payloads.
 *
 *	I -> R	SA, VID(NAT-T)			R -> I	SA, VID
 *	I -> R	KE, Ni, VID(DPD), NAT-D*2	R -> I	KE, Nr, VID, NAT-D*2
 *	I -> R	*ID, HASH_I, [N(INITIAL-CONTACT)]  R -> I  *ID, HASH_R */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "dh.h"
#include "ike_int.h"
#include "ipv4.h"
#include "pki_ca.h"
#include "rng.h"
#include "router.h"
#include "xform.h"

#define MAX_POLICIES	64

/* ---- pre-shared key --------------------------------------------------- */

const char *
ike_p1_psk(struct ike_sa *sa)
{
	struct router *r = sa->ctx->r;
	struct isakmp_profile *prof = NULL;
	const char *key = NULL, *kr = NULL;

	if (sa->psk != NULL)
		return sa->psk;
	if (sa->profile[0] != '\0')
		prof = ipsec_isakmp_profile_find(r, sa->profile);
	else if (!sa->initiator && (prof = ipsec_isakmp_profile_match(r,
	    sa->peer)) != NULL)
		snprintf(sa->profile, sizeof(sa->profile), "%s", prof->name);
	if (prof != NULL && prof->keyring[0] != '\0')
		key = ipsec_psk_lookup(r, sa->peer, prof->keyring);
	if (key == NULL)
		key = ipsec_psk_find_any(r, sa->peer, &kr);
	if (key == NULL)
		return NULL;
	sa->psk = strdup(key);
	return sa->psk;
}

/* ---- SA payload ----------------------------------------------------------- */

static bool
auth_usable(struct ike_sa *sa, uint16_t auth)
{
	if (auth == OAKLEY_AUTH_PSK)
		return ike_p1_psk(sa) != NULL;
	if (auth == OAKLEY_AUTH_RSA_SIG)
		return ike_rsa_usable(sa);	/* ike_rsa.c: enrolled cert */
	return false;
}

void
ike_p1_build_sa(struct ike_sa *sa, struct isakmp_builder *b, int only_group)
{
	struct isakmp_policy pol[MAX_POLICIES];
	int	 n, tnum = 1;

	n = ipsec_policy_list(sa->ctx->r, pol, MAX_POLICIES);
	if (n > MAX_POLICIES)
		n = MAX_POLICIES;
	isakmp_build_sa_begin(b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	for (int i = 0; i < n; i++) {
		const struct isakmp_policy *p = &pol[i];

		if (!auth_usable(sa, p->auth) ||
		    (only_group != 0 && p->group != only_group) ||
		    dh_group_get(p->group) == NULL)
			continue;
		isakmp_build_tr_begin(b, (uint8_t)tnum++, ISAKMP_KEY_IKE);
		isakmp_build_attr(b, IKE_ATTR_ENCR, p->encr);
		if (p->encr == OAKLEY_ENCR_AES)
			isakmp_build_attr(b, IKE_ATTR_KEY_LENGTH,
			    p->keylen ? p->keylen : 128);
		isakmp_build_attr(b, IKE_ATTR_HASH, p->hash);
		isakmp_build_attr(b, IKE_ATTR_GROUP, p->group);
		isakmp_build_attr(b, IKE_ATTR_AUTH, p->auth);
		isakmp_build_attr(b, IKE_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
		isakmp_build_attr(b, IKE_ATTR_LIFE_DURATION, p->lifetime);
		isakmp_build_tr_end(b);
	}
	isakmp_build_prop_end(b);
	isakmp_build_sa_end(b);
	if (tnum == 1)
		b->failed = true;
}

static void
print_attrs(struct ike_sa *sa, const uint8_t *p, size_t n)
{
	struct isakmp_attr a;
	char	 buf[128];

	if (!ikd_on(sa->ctx->r, sa->peer, IKE_LVL_NORMAL))
		return;
	while (isakmp_attr_next(&p, &n, &a) > 0) {
		ike_p1_attr_text(&a, buf, sizeof(buf));
		rdebug(sa->ctx->r, "ISAKMP:      %s", buf);
	}
}

/* Why a transform does not fit a policy, as IOS words it; NULL if it
 * fits. */
static const char *
mismatch(struct ike_sa *sa, const struct ike_p1_attrs *a,
    const struct isakmp_policy *p)
{
	uint16_t kl = a->keylen, pkl = p->keylen;

	if (a->encr != p->encr)
		return "Encryption algorithm offered does not match policy!";
	if (p->encr == OAKLEY_ENCR_AES) {
		if (kl == 0)
			kl = 128;
		if (pkl == 0)
			pkl = 128;
		if (kl != pkl)
			return "Proposed key length does not match policy";
	}
	if (a->hash != p->hash)
		return "Hash algorithm offered does not match policy!";
	if (a->auth == OAKLEY_AUTH_PSK && p->auth == OAKLEY_AUTH_PSK &&
	    ike_p1_psk(sa) == NULL)
		return "Preshared authentication offered but does not match "
		    "policy!";
	if (a->auth != p->auth || !auth_usable(sa, a->auth))
		return "Authentication method offered does not match policy!";
	if (a->group != p->group)
		return "Diffie-Hellman group offered does not match policy!";
	if (a->n_unknown > 0 || a->life_kb != 0)
		return "unsupported attribute offered!";
	return NULL;
}

static void
take(struct ike_sa *sa, const struct ike_p1_attrs *a,
    const struct isakmp_policy *p, bool responder)
{
	uint32_t life = p->lifetime;

	sa->pol = *p;
	sa->pol.keylen = p->encr == OAKLEY_ENCR_AES ?
	    (a->keylen ? a->keylen : 128) : 0;
	/* The responder keeps the shorter lifetime; the initiator takes
	 * what the responder returned. */
	if (a->life_sec != 0 && (!responder || a->life_sec < life))
		life = (uint32_t)a->life_sec;
	sa->pol.lifetime = life;
	sa->h = ike_hash_by_attr(p->hash);
	sa->c = ike_cipher_by_attr(p->encr, sa->pol.keylen);
	ikd_sa(sa, "Acceptable atts:actual life: 0");
	ikd_sa(sa, "Acceptable atts:life: 0");
	ikd_sa(sa, "Fill atts in sa vpi_length:4");
	ikd_sa(sa, "Fill atts in sa life_in_seconds:%u", life);
	ikd_sa(sa, "Returning Actual lifetime: %u", life);
	ikd_sa(sa, ":Started lifetime timer: %u.\n", life);
}

/* Match the (first) proposal of an SA payload against our policies.
 * Responder: chooses; initiator: checks the returned transform.  Returns
 * the index of the chosen transform, -1 when nothing fits, -2 when the
 * payload is malformed. */
int
ike_p1_choose(struct ike_sa *sa, const struct isakmp_pl *sapl, bool responder)
{
	struct isakmp_policy pol[MAX_POLICIES];
	struct isakmp_sa *s = sa->ctx->scratch;
	struct isakmp_proposal *pr;
	char	 lb[16], pb[16];
	int	 n, rc;

	rc = isakmp_sa_decode(sapl->body, sapl->len, s);
	if (rc != 0 || s->n_proposals < 1 ||
	    s->p[0].proto != ISAKMP_PROTO_ISAKMP) {
		char	 text[128];

		isakmp_error_text(rc ? rc : -ISAKMP_E_PROPOSAL_SYNTAX,
		    ISAKMP_NP_SA, text, sizeof(text));
		ikd_err(sa, "%s", text);
		return -2;
	}
	pr = &s->p[0];
	if (responder && ike_p1_psk(sa) != NULL) {
		ikd_sa(sa, "found peer pre-shared key matching %s",
		    ip_ntoa(sa->peer, pb));
		ikd_sa(sa, " local preshared key found");
	}
	ikd(sa->ctx->r, sa->peer, "ISAKMP : Scanning profiles for xauth ...");
	n = ipsec_policy_list(sa->ctx->r, pol, MAX_POLICIES);
	if (n > MAX_POLICIES)
		n = MAX_POLICIES;
	for (int i = 0; i < n; i++) {
		for (int t = 0; t < pr->n_transforms; t++) {
			struct isakmp_transform *tr = &pr->t[t];
			struct ike_p1_attrs a;
			const char *why;
			int	 next = t + 1 < pr->n_transforms ?
			    ISAKMP_NP_T : ISAKMP_NP_NONE;

			if (tr->id != ISAKMP_KEY_IKE)
				continue;
			ikd_sa(sa, "Checking ISAKMP transform %u against "
			    "priority %d policy", tr->num, pol[i].priority);
			print_attrs(sa, tr->attrs, tr->attrs_len);
			if (ike_p1_attrs_decode(tr->attrs, tr->attrs_len,
			    &a) != 0)
				why = "attribute length invalid!";
			else
				why = mismatch(sa, &a, &pol[i]);
			if (why != NULL) {
				ikd_sa(sa, "%s", why);
				ikd_sa(sa, "atts are not acceptable. Next "
				    "payload is %d", next);
				continue;
			}
			ikd_sa(sa, "atts are acceptable. Next payload is %d",
			    next);
			take(sa, &a, &pol[i], responder);
			return t;
		}
	}
	ikd_err(sa, "no offers accepted!");
	ikd_err(sa, " phase 1 SA policy not acceptable! (local %s remote %s)",
	    ip_ntoa(sa->local, lb), ip_ntoa(sa->peer, pb));
	return -1;
}

/* ---- keys ------------------------------------------------------------- */

void
ike_p1_nonce(uint8_t *buf, size_t *len)
{
	rng_bytes(buf, IKE_NONCE_LEN);
	*len = IKE_NONCE_LEN;
}

int
ike_p1_dh_keys(struct ike_sa *sa, const uint8_t *peer_ke, size_t len)
{
	uint8_t	 gxy[DH_MAX_SECRET], skeyid[IKE_MAX_HASH];
	const uint8_t *mine;
	const char *psk = sa->pol.auth == OAKLEY_AUTH_PSK ? ike_p1_psk(sa) :
	    NULL;
	size_t	 mlen;
	int	 n;

	if (sa->dh == NULL || sa->h == NULL || sa->c == NULL ||
	    (psk == NULL && sa->pol.auth == OAKLEY_AUTH_PSK))
		return -1;
	mine = dh_public(sa->dh, &mlen);
	if (len != mlen)
		return -1;
	n = dh_compute(sa->dh, peer_ke, len, gxy, sizeof(gxy));
	if (n < 0)
		return -1;
	sa->gxi = malloc(mlen);
	sa->gxr = malloc(mlen);
	if (sa->gxi == NULL || sa->gxr == NULL)
		abort();
	memcpy(sa->initiator ? sa->gxi : sa->gxr, mine, mlen);
	memcpy(sa->initiator ? sa->gxr : sa->gxi, peer_ke, len);
	sa->gx_len = mlen;
	/* SKEYID: prf(PSK, Ni_b | Nr_b), or prf(Ni_b | Nr_b, g^xy) for
	 * signatures. */
	if ((psk != NULL ? ike_skeyid_psk(sa->h, psk, strlen(psk), sa->ni,
	    sa->ni_len, sa->nr, sa->nr_len, skeyid) :
	    ike_skeyid_sig(sa->h, sa->ni, sa->ni_len, sa->nr, sa->nr_len, gxy,
	    (size_t)n, skeyid)) != 0 ||
	    ike_keys_derive(&sa->keys, sa->h, sa->c, skeyid, gxy, (size_t)n,
	    sa->icky, sa->rcky) != 0 ||
	    ike_iv_phase1(sa->h, sa->gxi, mlen, sa->gxr, mlen, sa->c->block,
	    sa->iv) != 0) {
		memset(gxy, 0, sizeof(gxy));
		return -1;
	}
	memset(gxy, 0, sizeof(gxy));
	memset(skeyid, 0, sizeof(skeyid));
	ike_sa_keys_done(sa);
	return 0;
}

/* HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
 * HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b) */
int
ike_p1_hash(struct ike_sa *sa, bool of_initiator, const uint8_t *id_b,
    size_t id_len, uint8_t *out)
{
	struct prf_buf i[] = {
		{ sa->gxi, sa->gx_len }, { sa->gxr, sa->gx_len },
		{ sa->icky, 8 }, { sa->rcky, 8 }, { sa->sai_b, sa->sai_len },
		{ id_b, id_len } };
	struct prf_buf r[] = {
		{ sa->gxr, sa->gx_len }, { sa->gxi, sa->gx_len },
		{ sa->rcky, 8 }, { sa->icky, 8 }, { sa->sai_b, sa->sai_len },
		{ id_b, id_len } };

	return ike_prf(sa->h, sa->keys.skeyid, sa->h->len,
	    of_initiator ? i : r, 6, out);
}

/* A DER name as IOS prints it in debug lines and logs: attributes most
 * specific first, "hostname=R1.example.com,ou=GETVPN". */
void
ike_dn_text(const uint8_t *der, size_t len, char *buf, size_t blen)
{
	const unsigned char *p = der;
	X509_NAME *nm;
	size_t	 off = 0;

	if (blen == 0)
		return;
	buf[0] = '\0';
	if ((nm = d2i_X509_NAME(NULL, &p, (long)len)) == NULL)
		return;
	for (int i = X509_NAME_entry_count(nm) - 1; i >= 0 && off < blen;
	    i--) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(nm, i);
		ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
		char	 key[32];
		int	 n;

		n = snprintf(buf + off, blen - off, "%s%s=%.*s", off ? "," :
		    "", pki_name_key(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)),
		    key, sizeof(key)), ASN1_STRING_length(v),
		    (const char *)ASN1_STRING_get0_data(v));
		if (n < 0)
			break;
		off += (size_t)n;
	}
	X509_NAME_free(nm);
}

/* The subject of our certificate (DER, malloc'd) for ID_DER_ASN1_DN; -1
 * without a certificate. */
static int
my_dn(struct ike_sa *sa, uint8_t **der, size_t *len)
{
	X509	*x = pki_router_cert(sa->ctx->r, NULL);
	unsigned char *p = NULL;
	int	 n;

	if (x == NULL || (n = i2d_X509_NAME(X509_get_subject_name(x), &p)) <= 0)
		return -1;
	*der = malloc((size_t)n);
	if (*der == NULL)
		abort();
	memcpy(*der, p, (size_t)n);
	*len = (size_t)n;
	OPENSSL_free(p);
	return 0;
}

/* Our ID, as IOS sends it: ID_IPV4_ADDR (UDP port 500), or ID_FQDN
 * "hostname.domain" with `crypto isakmp identity hostname` (or the ISAKMP
 * profile's `self-identity fqdn`), or ID_DER_ASN1_DN, the subject of our
 * certificate, with `crypto isakmp identity dn` (seed 003 "Configuring GM
 * Authorization Using PKI").  Without a certificate there is no DN to
 * send: the address goes instead. */
void
ike_p1_build_id(struct ike_sa *sa, struct isakmp_builder *b, uint8_t **id_b,
    size_t *id_len)
{
	struct router *r = sa->ctx->r;
	struct ipsec_state *st = ipsec_state(r);
	struct isakmp_profile *prof = sa->profile[0] != '\0' ?
	    ipsec_isakmp_profile_find(r, sa->profile) : NULL;
	int	 ident = st->identity;
	uint8_t	*body, *dn = NULL;
	size_t	 blen, dnlen = 0;
	char	 ab[16], text[512];
	int	 np = sa->pol.auth == OAKLEY_AUTH_RSA_SIG ? ISAKMP_NP_CERT :
	    ISAKMP_NP_HASH;

	if (prof != NULL && prof->self_identity >= 0)
		ident = prof->self_identity;
	if (ident == IDENT_DN && my_dn(sa, &dn, &dnlen) != 0)
		ident = IDENT_ADDRESS;
	if (ident == IDENT_HOSTNAME) {
		int	 n;

		if (prof != NULL && prof->self_fqdn != NULL)
			n = snprintf(text, sizeof(text), "%s", prof->self_fqdn);
		else
			n = snprintf(text, sizeof(text), "%s%s%s",
			    r->hostname, st->domain_name[0] ? "." : "",
			    st->domain_name);
		if (n < 0 || (size_t)n >= sizeof(text))
			n = (int)strlen(text);
		blen = 4 + (size_t)n;
	} else if (ident == IDENT_DN)
		blen = 4 + dnlen;
	else
		blen = 8;
	if ((body = malloc(blen)) == NULL)
		abort();
	body[1] = 17;
	body[2] = ISAKMP_PORT >> 8;
	body[3] = ISAKMP_PORT & 0xff;
	if (ident == IDENT_HOSTNAME) {
		body[0] = ISAKMP_ID_FQDN;
		memcpy(body + 4, text, blen - 4);
	} else if (ident == IDENT_DN) {
		body[0] = ISAKMP_ID_DER_ASN1_DN;
		memcpy(body + 4, dn, dnlen);
	} else {
		body[0] = ISAKMP_ID_IPV4_ADDR;
		ike_wr32(body + 4, sa->local);
	}
	free(dn);
	isakmp_build_id(b, body[0], body[1], ISAKMP_PORT, body + 4, blen - 4);
	*id_b = body;
	*id_len = blen;
	ikd_sa(sa, "SA is doing %s authentication using id type %s",
	    sa->pol.auth == OAKLEY_AUTH_RSA_SIG ? "RSA signature" :
	    "pre-shared key", isakmp_id_type_name(body[0]));
	if (body[0] == ISAKMP_ID_FQDN)
		ikd(r, sa->peer, "ISAKMP (%u): ID payload\n"
		    "\tnext-payload : %d\n\ttype         : 2\n"
		    "\tFQDN name    : %.*s\n\tprotocol     : 17\n"
		    "\tport         : 500\n\tlength       : %zu", sa->conn_id,
		    np, (int)(blen - 4), (char *)body + 4,
		    blen + ISAKMP_GEN_LEN);
	else if (body[0] == ISAKMP_ID_DER_ASN1_DN) {
		ike_dn_text(body + 4, blen - 4, text, sizeof(text));
		ikd(r, sa->peer, "ISAKMP (%u): ID payload\n"
		    "\tnext-payload : %d\n\ttype         : 9\n"
		    "\tDist. name   : %s\n\tprotocol     : 17\n"
		    "\tport         : 500\n\tlength       : %zu", sa->conn_id,
		    np, text, blen + ISAKMP_GEN_LEN);
	} else
		ikd(r, sa->peer, "ISAKMP (%u): ID payload\n"
		    "\tnext-payload : %d\n\ttype         : 1\n"
		    "\taddress      : %s\n\tprotocol     : 17\n"
		    "\tport         : 500\n\tlength       : 12", sa->conn_id,
		    np, ip_ntoa(sa->local, ab));
	ikd_sa(sa, "Total payload length: %zu", blen + ISAKMP_GEN_LEN);
}

/* Keep the authenticated peer's ID body (GDOI authorization asks). */
static void
keep_peer_id(struct ike_sa *sa, const uint8_t *idb, size_t idlen)
{
	free(sa->peer_id_b);
	sa->peer_id_b = NULL;
	sa->peer_id_len = 0;
	if (idb == NULL || idlen == 0 || (sa->peer_id_b = malloc(idlen)) ==
	    NULL)
		return;
	memcpy(sa->peer_id_b, idb, idlen);
	sa->peer_id_len = idlen;
}

/* Check the peer's ID and HASH (MM5/MM6, AM2/AM3). */
int
ike_p1_check_auth(struct ike_sa *sa, const struct isakmp_msg *m,
    bool from_initiator)
{
	const struct isakmp_pl *id = NULL, *hp;
	struct isakmp_id idv;
	uint8_t	 want[IKE_MAX_HASH];
	const uint8_t *idb;
	size_t	 idlen;
	char	 ab[16];

	if (!sa->aggressive || !from_initiator) {
		id = isakmp_find(m, ISAKMP_NP_ID);
		if (id == NULL || isakmp_id_decode(id->body, id->len,
		    &idv) != 0) {
			ikd_err(sa, "ID payload missing or malformed");
			return -1;
		}
		ikd_sa(sa, " processing ID payload. message ID = 0");
		if (idv.type == ISAKMP_ID_IPV4_ADDR)
			ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): ID payload\n"
			    "\tnext-payload : %d\n\ttype         : %u\n"
			    "\taddress      : %s\n\tprotocol     : %u\n"
			    "\tport         : %u\n\tlength       : %zu",
			    sa->conn_id, id->np, idv.type, ip_ntoa(idv.addr,
			    ab), idv.proto, idv.port, id->len + ISAKMP_GEN_LEN);
		else if (idv.type == ISAKMP_ID_FQDN ||
		    idv.type == ISAKMP_ID_USER_FQDN)
			ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): ID payload\n"
			    "\tnext-payload : %d\n\ttype         : %u\n"
			    "\tFQDN name    : %.*s\n\tprotocol     : %u\n"
			    "\tport         : %u\n\tlength       : %zu",
			    sa->conn_id, id->np, idv.type,
			    (int)(idv.len > 255 ? 255 : idv.len),
			    (const char *)idv.data, idv.proto, idv.port,
			    id->len + ISAKMP_GEN_LEN);
		else if (idv.type == ISAKMP_ID_DER_ASN1_DN) {
			char	 dn[512];

			ike_dn_text(idv.data, idv.len, dn, sizeof(dn));
			ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): ID payload\n"
			    "\tnext-payload : %d\n\ttype         : %u\n"
			    "\tDist. name   : %s\n\tprotocol     : %u\n"
			    "\tport         : %u\n\tlength       : %zu",
			    sa->conn_id, id->np, idv.type, dn, idv.proto,
			    idv.port, id->len + ISAKMP_GEN_LEN);
		} else
			ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): ID payload\n"
			    "\tnext-payload : %d\n\ttype         : %u\n"
			    "\tprotocol     : %u\n\tport         : %u\n"
			    "\tlength       : %zu", sa->conn_id, id->np,
			    idv.type, idv.proto, idv.port,
			    id->len + ISAKMP_GEN_LEN);
		idb = id->body;
		idlen = id->len;
	} else {
		idb = sa->idi_b;
		idlen = sa->idi_len;
	}
	if (sa->pol.auth == OAKLEY_AUTH_RSA_SIG) {
		const struct isakmp_pl *cp = isakmp_find(m, ISAKMP_NP_CERT);
		const struct isakmp_pl *sp = isakmp_find(m, ISAKMP_NP_SIG);
		struct isakmp_cert cert;
		char	 subj[256];

		if (cp == NULL || sp == NULL ||
		    isakmp_cert_decode(cp->body, cp->len, &cert) != 0 ||
		    cert.encoding != ISAKMP_CERT_X509_SIG) {
			ikd_err(sa, "Certificate or signature payload missing");
			return -1;
		}
		ikd_sa(sa, " processing CERT payload. message ID = 0");
		ikd_sa(sa, " processing SIG payload. message ID = 0");
		if (ike_p1_hash(sa, from_initiator, idb, idlen, want) != 0 ||
		    ike_rsa_verify(sa, idb, idlen, cert.data, cert.len, want,
		    sa->h->len, sp->body, sp->len, subj, sizeof(subj)) != 0) {
			ikd_sa(sa, "SA authentication status:\n"
			    "\tnot authenticated");
			return -1;
		}
		ikd_sa(sa, "peer's certificate: %s", subj);	/* pki_ca.c */
		ikd_sa(sa, "SA authentication status:\n\tauthenticated");
		ikd_sa(sa, "SA has been authenticated with %s",
		    ip_ntoa(sa->peer, ab));
		keep_peer_id(sa, idb, idlen);
		return 0;
	}
	hp = isakmp_find(m, ISAKMP_NP_HASH);
	if (hp == NULL) {
		ikd_err(sa, "Hash payload missing");
		return -1;
	}
	ikd_sa(sa, " processing HASH payload. message ID = 0");
	if (ike_p1_hash(sa, from_initiator, idb, idlen, want) != 0 ||
	    hp->len != sa->h->len || memcmp(want, hp->body, hp->len) != 0) {
		ikd_sa(sa, "SA authentication status:\n\tnot authenticated");
		return -1;
	}
	ikd_sa(sa, "SA authentication status:\n\tauthenticated");
	ikd_sa(sa, "SA has been authenticated with %s", ip_ntoa(sa->peer, ab));
	keep_peer_id(sa, idb, idlen);
	return 0;
}

/* HASH_I/HASH_R, as a HASH payload (pre-shared keys) or as our
 * certificate and the signature of the hash (rsa-sig). */
void
ike_p1_build_auth(struct ike_sa *sa, struct isakmp_builder *b,
    bool of_initiator, const uint8_t *id_b, size_t id_len)
{
	uint8_t	 hash[IKE_MAX_HASH], *der, *sig;
	size_t	 dlen, slen;

	(void)ike_p1_hash(sa, of_initiator, id_b, id_len, hash);
	if (sa->pol.auth != OAKLEY_AUTH_RSA_SIG) {
		isakmp_build_payload(b, ISAKMP_NP_HASH, hash, sa->h->len);
		return;
	}
	if (ike_rsa_cert(sa, &der, &dlen) != 0 ||
	    ike_rsa_sign(sa, hash, sa->h->len, &sig, &slen) != 0) {
		ikd_err(sa, "signing failed");
		b->failed = true;
		return;
	}
	isakmp_build_cert(b, ISAKMP_NP_CERT, ISAKMP_CERT_X509_SIG, der, dlen);
	isakmp_build_payload(b, ISAKMP_NP_SIG, sig, slen);
	free(der);
	free(sig);
}

/* ---- vendor ids ---------------------------------------------------------- */

void
ike_p1_process_vids(struct ike_sa *sa, const struct isakmp_msg *m)
{
	const struct isakmp_pl *v = NULL;

	while ((v = isakmp_find_next(m, v, ISAKMP_NP_VID)) != NULL) {
		enum isakmp_vid id = isakmp_vid_lookup(v->body, v->len);

		ikd_sa(sa, " processing vendor id payload");
		switch (id) {
		case VID_NATT_RFC3947:
		case VID_NATT_DRAFT_02:
		case VID_NATT_DRAFT_02N:
		case VID_NATT_DRAFT_03:
			ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): vendor ID is %s",
			    sa->conn_id, isakmp_vid_name(id));
			ike_natt_vid_seen(sa, id);
			break;
		case VID_DPD:
			ikd_sa(sa, " vendor ID is DPD");
			sa->peer_dpd = true;
			break;
		case VID_UNKNOWN:
			ikd_sa(sa, " vendor ID seems Unity/DPD but major %u "
			    "mismatch", v->len > 0 ? v->body[0] : 0);
			break;
		default:
			ikd_sa(sa, " vendor ID is %s", isakmp_vid_name(id));
			break;
		}
	}
}

/* which: 1 = first message (NAT-T VIDs), 2 = key exchange (DPD). */
void
ike_p1_add_vids(struct ike_sa *sa, struct isakmp_builder *b, int which)
{
	size_t	 len;
	const uint8_t *v;

	if (which == 1) {
		ike_natt_add_vids(sa, b);
		return;
	}
	v = isakmp_vid_bytes(VID_DPD, &len);
	isakmp_build_payload(b, ISAKMP_NP_VID, v, len);
}

/* ---- main mode ------------------------------------------------------------- */

static uint8_t *
finish_chain(struct isakmp_builder *b, size_t *len, uint8_t *first)
{
	uint8_t	*c;

	*first = b->first_np;
	c = isakmp_build_finish(b, len);
	return c;
}

/* The SA payload body of a chain we built (SAi_b). */
static void
keep_sai(struct ike_sa *sa, const uint8_t *chain, size_t off)
{
	size_t	 plen = ike_rd16(chain + off + 2);

	free(sa->sai_b);
	sa->sai_len = plen - ISAKMP_GEN_LEN;
	sa->sai_b = malloc(sa->sai_len);
	if (sa->sai_b == NULL)
		abort();
	memcpy(sa->sai_b, chain + off + ISAKMP_GEN_LEN, sa->sai_len);
}

static void
send_chain(struct ike_sa *sa, struct isakmp_builder *b, uint8_t exch,
    bool enc, bool retx)
{
	uint8_t	 first, *chain, *msg;
	size_t	 clen, mlen;

	chain = finish_chain(b, &clen, &first);
	if (chain == NULL)
		return;
	msg = ike_seal(sa, exch, 0, first, chain, clen, enc, sa->iv, &mlen);
	free(chain);
	ike_send(sa, msg, mlen, retx);
}

int
ike_mm_start(struct ike_sa *sa)
{
	struct isakmp_builder b;
	uint8_t	 first, *chain, *msg;
	size_t	 clen, mlen;
	char	 pb[16];

	sa->aggressive = false;
	sa->ios = MM_NO_STATE;
	ikd(sa->ctx->r, sa->peer, "ISAKMP: Created a peer struct for %s, peer "
	    "port %u", ip_ntoa(sa->peer, pb), sa->pport);
	ikd(sa->ctx->r, sa->peer, "ISAKMP: local port %u, remote port %u",
	    sa->lport, sa->pport);
	ikd(sa->ctx->r, sa->peer, "ISAKMP: set new node 0 to QM_IDLE");
	ikd_sa(sa, "Can not start Aggressive mode, trying Main mode.");
	if (ike_p1_psk(sa) == NULL && !ike_rsa_usable(sa)) {
		ikd_err(sa, "No pre-shared key with %s!", pb);
		ikd_err(sa, " No Cert or pre-shared address key.");
		return -1;
	}
	if (ike_p1_psk(sa) != NULL)
		ikd_sa(sa, "found peer pre-shared key matching %s", pb);
	/* INITIAL-CONTACT when nothing else exists with this peer. */
	sa->initial_contact = ike_pair_find(sa->ctx, sa->local, sa->peer, 0,
	    0) == NULL;
	for (struct ike_sa *o = TAILQ_FIRST(&sa->ctx->sas); o != NULL;
	    o = TAILQ_NEXT(o, entry))
		if (o != sa && o->peer == sa->peer && !o->deleted)
			sa->initial_contact = false;
	isakmp_build_init_chain(&b);
	ike_p1_build_sa(sa, &b, 0);
	ike_p1_add_vids(sa, &b, 1);
	chain = finish_chain(&b, &clen, &first);
	if (chain == NULL) {
		ikd_err(sa, " No Cert or pre-shared address key.");
		return -1;
	}
	keep_sai(sa, chain, 0);
	ikd_input(sa, "IKE_MESG_FROM_IPSEC, IKE_SA_REQ_MM");
	ike_sa_set_state(sa, IKE_I_MM1);
	ikd_sa(sa, " beginning Main Mode exchange");
	msg = ike_seal(sa, ISAKMP_EXCH_MAIN, 0, first, chain, clen, false, NULL,
	    &mlen);
	free(chain);
	ike_send(sa, msg, mlen, true);
	return 0;
}

static void
fail(struct ike_sa *sa, const char *reason)
{
	char	 pb[16];

	rlog(sa->ctx->r, 6, "CRYPTO", "IKMP_MODE_FAILURE", "Processing of %s "
	    "mode failed with peer at %s", sa->aggressive ? "Aggressive" :
	    "Main", ip_ntoa(sa->peer, pb));
	ike_sa_delete(sa, reason);
}

/* R: MM1 -> MM2 */
static void
r_mm1(struct ike_sa *sa, struct isakmp_msg *m)
{
	const struct isakmp_pl *sapl = isakmp_find(m, ISAKMP_NP_SA);
	struct isakmp_transform *tr;
	struct isakmp_proposal *pr;
	struct isakmp_builder b;
	int	 t;

	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_MM_EXCH");
	ike_sa_set_state(sa, IKE_R_MM1);
	if (sapl == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		ike_sa_delete(sa, "SA payload missing");
		return;
	}
	ikd_sa(sa, " processing SA payload. message ID = 0");
	ike_p1_process_vids(sa, m);
	t = ike_p1_choose(sa, sapl, true);
	if (t < 0) {
		if (t == -2)
			ike_bad_message(sa->ctx, sa->peer);
		ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_ERROR");
		ikd_trans(sa, "IKE_R_MM1", "IKE_R_MM1");
		ike_info_notify_plain(sa, ISAKMP_N_NO_PROPOSAL_CHOSEN);
		ikd_sa(sa, "peer does not do paranoid keepalives.\n");
		fail(sa, "Phase1 SA policy proposal not accepted");
		return;
	}
	sa->sai_len = sapl->len;
	sa->sai_b = malloc(sapl->len);
	if (sa->sai_b == NULL)
		abort();
	memcpy(sa->sai_b, sapl->body, sapl->len);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ikd_trans(sa, "IKE_R_MM1", "IKE_R_MM1");

	pr = &sa->ctx->scratch->p[0];
	tr = &pr->t[t];
	isakmp_build_init_chain(&b);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, pr->num, ISAKMP_PROTO_ISAKMP, NULL, 0);
	isakmp_build_tr_begin(&b, tr->num, tr->id);
	isakmp_build_put(&b, tr->attrs, tr->attrs_len);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	ike_natt_add_vids(sa, &b);
	sa->ios = MM_SA_SETUP;
	send_chain(sa, &b, ISAKMP_EXCH_MAIN, false, true);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_R_MM2);
}

/* KE, nonce, VIDs, NAT-D: MM3 and MM4. */
static void
build_ke(struct ike_sa *sa, struct isakmp_builder *b)
{
	const uint8_t *pub;
	size_t	 plen;

	pub = dh_public(sa->dh, &plen);
	isakmp_build_payload(b, ISAKMP_NP_KE, pub, plen);
	if (sa->initiator)
		isakmp_build_payload(b, ISAKMP_NP_NONCE, sa->ni, sa->ni_len);
	else
		isakmp_build_payload(b, ISAKMP_NP_NONCE, sa->nr, sa->nr_len);
	ike_p1_add_vids(sa, b, 2);
	ike_natt_add_natd(sa, b);
}

/* KE and nonce of the peer (MM3/MM4, AM1/AM2). */
static int
take_ke(struct ike_sa *sa, const struct isakmp_msg *m, const uint8_t **ke,
    size_t *kelen)
{
	const struct isakmp_pl *k = isakmp_find(m, ISAKMP_NP_KE);
	const struct isakmp_pl *n = isakmp_find(m, ISAKMP_NP_NONCE);

	if (k == NULL || n == NULL || n->len > sizeof(sa->nr)) {
		ikd_err(sa, "KE or NONCE payload missing");
		return -1;
	}
	ikd_sa(sa, " processing KE payload. message ID = 0");
	ikd_sa(sa, " processing NONCE payload. message ID = 0");
	if (sa->initiator) {
		memcpy(sa->nr, n->body, n->len);
		sa->nr_len = n->len;
	} else {
		memcpy(sa->ni, n->body, n->len);
		sa->ni_len = n->len;
	}
	*ke = k->body;
	*kelen = k->len;
	return 0;
}

/* R: MM3 -> MM4 */
static void
r_mm3(struct ike_sa *sa, struct isakmp_msg *m)
{
	struct isakmp_builder b;
	const uint8_t *ke;
	size_t	 kelen;
	char	 pb[16];

	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_MM_EXCH");
	ike_sa_set_state(sa, IKE_R_MM3);
	if (take_ke(sa, m, &ke, &kelen) != 0) {
		ike_bad_message(sa->ctx, sa->peer);
		return;
	}
	sa->dh = ike_dh_new(sa->ctx, sa->pol.group);
	ike_p1_nonce(sa->nr, &sa->nr_len);
	if (sa->dh == NULL || ike_p1_dh_keys(sa, ke, kelen) != 0) {
		ikd_err(sa, "DH computation failed");
		fail(sa, "Key exchange failed");
		return;
	}
	ikd_sa(sa, "found peer pre-shared key matching %s",
	    ip_ntoa(sa->peer, pb));
	ike_p1_process_vids(sa, m);
	ike_natt_check_natd(sa, m);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ikd_trans(sa, "IKE_R_MM3", "IKE_R_MM3");
	isakmp_build_init_chain(&b);
	build_ke(sa, &b);
	sa->ios = MM_KEY_EXCH;
	send_chain(sa, &b, ISAKMP_EXCH_MAIN, false, true);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_R_MM4);
}

/* Decrypt and parse MM5/MM6; on failure the IV stays as it was so a
 * retransmission can still be read. */
static int
open_msg(struct ike_sa *sa, struct isakmp_msg *m, uint8_t **plain)
{
	uint8_t	 iv[IKE_MAX_BLOCK];
	size_t	 plen;

	*plain = NULL;
	if (!(m->hdr.flags & ISAKMP_FLAG_E)) {
		ikd_err(sa, "MM message is not encrypted!");
		ike_bad_message(sa->ctx, sa->peer);
		return -1;
	}
	memcpy(iv, sa->iv, sizeof(iv));
	*plain = ike_open(sa, m->raw, m->rawlen, iv, &plen);
	if (*plain == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		return -1;
	}
	if (ike_parse_plain(sa, m, m->hdr.np, *plain, plen, m->raw,
	    m->rawlen) != 0)
		return -1;
	memcpy(sa->iv, iv, sizeof(iv));
	ikd_packet(sa, false, m->raw, m->rawlen, m);
	return 0;
}

static void
initial_contact(struct ike_sa *sa, const struct isakmp_msg *m)
{
	const struct isakmp_pl *n = NULL;
	struct isakmp_notify nt;
	char	 lb[16], pb[16];

	while ((n = isakmp_find_next(m, n, ISAKMP_NP_N)) != NULL) {
		if (isakmp_notify_decode(n->body, n->len, &nt) != 0 ||
		    nt.type != ISAKMP_N_INITIAL_CONTACT)
			continue;
		ikd_sa(sa, "Process initial contact,\nbring down existing "
		    "phase 1 and 2 SA's with local %s remote %s remote port %u",
		    ip_ntoa(sa->local, lb), ip_ntoa(sa->peer, pb), sa->pport);
		ike_sa_delete_peer(sa, "Receive initial contact");
		ike_ipsec_purge_peer(sa->ctx, sa->peer);
	}
}

/* R: MM5 -> MM6 */
static void
r_mm5(struct ike_sa *sa, struct isakmp_msg *m)
{
	struct isakmp_builder b;
	uint8_t	*plain, *id_b = NULL;
	size_t	 id_len;

	if (open_msg(sa, m, &plain) != 0) {
		free(plain);
		sa->have_rx = false;
		return;
	}
	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_MM_EXCH");
	ike_sa_set_state(sa, IKE_R_MM5);
	if (ike_p1_check_auth(sa, m, true) != 0) {
		free(plain);
		ike_bad_message(sa->ctx, sa->peer);
		ike_sa_set_state(sa, IKE_R_MM4);
		sa->have_rx = false;
		return;
	}
	initial_contact(sa, m);
	if (sa->profile[0] != '\0')
		ikd_sa(sa, " peer matches %s profile", sa->profile);
	else
		ikd_sa(sa, ": peer matches *none* of the profiles");
	free(plain);
	isakmp_build_init_chain(&b);
	ike_p1_build_id(sa, &b, &id_b, &id_len);
	ike_p1_build_auth(sa, &b, false, id_b, id_len);
	free(id_b);
	send_chain(sa, &b, ISAKMP_EXCH_MAIN, true, false);
	memcpy(sa->p1_last, sa->iv, sizeof(sa->p1_last));
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_P1_COMPLETE);
	ike_sa_complete(sa);
	ike_session_log(sa, true);
}

/* I: MM2 -> MM3 */
static void
i_mm2(struct ike_sa *sa, struct isakmp_msg *m)
{
	const struct isakmp_pl *sapl = isakmp_find(m, ISAKMP_NP_SA);
	struct isakmp_builder b;
	int	 t;

	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_MM_EXCH");
	ike_sa_set_state(sa, IKE_I_MM2);
	if (sapl == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		return;
	}
	ikd_sa(sa, " processing SA payload. message ID = 0");
	ike_p1_process_vids(sa, m);
	t = ike_p1_choose(sa, sapl, false);
	if (t < 0) {
		fail(sa, "Phase1 SA policy proposal not accepted");
		return;
	}
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ikd_trans(sa, "IKE_I_MM2", "IKE_I_MM2");
	sa->dh = ike_dh_new(sa->ctx, sa->pol.group);
	if (sa->dh == NULL) {
		fail(sa, "DH group not supported");
		return;
	}
	ike_p1_nonce(sa->ni, &sa->ni_len);
	isakmp_build_init_chain(&b);
	build_ke(sa, &b);
	sa->ios = MM_SA_SETUP;
	send_chain(sa, &b, ISAKMP_EXCH_MAIN, false, true);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_I_MM3);
}

/* I: MM4 -> MM5 */
static void
i_mm4(struct ike_sa *sa, struct isakmp_msg *m)
{
	struct isakmp_builder b;
	const uint8_t *ke;
	uint8_t	*id_b = NULL;
	size_t	 kelen, id_len;
	char	 pb[16];

	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_MM_EXCH");
	ike_sa_set_state(sa, IKE_I_MM4);
	if (take_ke(sa, m, &ke, &kelen) != 0) {
		ike_bad_message(sa->ctx, sa->peer);
		return;
	}
	ikd_sa(sa, "found peer pre-shared key matching %s",
	    ip_ntoa(sa->peer, pb));
	if (ike_p1_dh_keys(sa, ke, kelen) != 0) {
		fail(sa, "Key exchange failed");
		return;
	}
	ike_p1_process_vids(sa, m);
	ike_natt_check_natd(sa, m);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ikd_trans(sa, "IKE_I_MM4", "IKE_I_MM4");
	ike_natt_float(sa);
	isakmp_build_init_chain(&b);
	if (sa->initial_contact)
		ikd_sa(sa, "Send initial contact");
	ike_p1_build_id(sa, &b, &id_b, &id_len);
	ike_p1_build_auth(sa, &b, true, id_b, id_len);
	free(id_b);
	if (sa->initial_contact) {
		uint8_t spi[16];

		memcpy(spi, sa->icky, 8);
		memcpy(spi + 8, sa->rcky, 8);
		isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP,
		    spi, 16, ISAKMP_N_INITIAL_CONTACT, NULL, 0);
	}
	sa->ios = MM_KEY_EXCH;
	send_chain(sa, &b, ISAKMP_EXCH_MAIN, true, true);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_I_MM5);
}

/* I: MM6 -> complete */
static void
i_mm6(struct ike_sa *sa, struct isakmp_msg *m)
{
	uint8_t	*plain;

	if (open_msg(sa, m, &plain) != 0) {
		free(plain);
		sa->have_rx = false;
		return;
	}
	if (ike_p1_check_auth(sa, m, false) != 0) {
		free(plain);
		ike_bad_message(sa->ctx, sa->peer);
		sa->have_rx = false;
		return;
	}
	free(plain);
	memcpy(sa->p1_last, sa->iv, sizeof(sa->p1_last));
	ikd(sa->ctx->r, sa->peer, "ISAKMP AAA: Accounting is not enabled");
	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_MM_EXCH");
	ike_sa_set_state(sa, IKE_I_MM6);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_P1_COMPLETE);
	ike_session_log(sa, true);
	ike_sa_complete(sa);
}

void
ike_mm_input(struct ike_sa *sa, struct isakmp_msg *m, struct iface *in_if)
{
	(void)in_if;
	switch (sa->st) {
	case IKE_READY:
		if (!sa->initiator) {
			r_mm1(sa, m);
			return;
		}
		break;
	case IKE_R_MM2:
		r_mm3(sa, m);
		return;
	case IKE_R_MM4:
		r_mm5(sa, m);
		return;
	case IKE_I_MM1:
		if (!(m->hdr.flags & ISAKMP_FLAG_E) &&
		    isakmp_find(m, ISAKMP_NP_SA) != NULL) {
			i_mm2(sa, m);
			return;
		}
		break;
	case IKE_I_MM3:
		i_mm4(sa, m);
		return;
	case IKE_I_MM5:
		i_mm6(sa, m);
		return;
	default:
		break;
	}
	ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): Unknown Input IKE_MESG_FROM_PEER, "
	    "IKE_MM_EXCH:  state = %s", sa->conn_id, ike_state_name(sa->st));
}
