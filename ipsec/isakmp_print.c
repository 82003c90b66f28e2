/* Names, error texts and debug rendering of ISAKMP messages, in the words
 * IOS uses in `debug crypto isakmp` ("encryption 3DES-CBC", "encaps is 1
 * (Tunnel)", "reserved not zero on ID payload!"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isakmp.h"

/* ---- errors ----------------------------------------------------------- */

static const char *const errtext[ISAKMP_E_MAX] = {
	[ISAKMP_OK] = "no error",
	[ISAKMP_E_SHORT] = "packet too short for an ISAKMP header",
	[ISAKMP_E_VERSION] = "invalid major version",
	[ISAKMP_E_HDR_LENGTH] = "header length invalid",
	[ISAKMP_E_PAYLOAD_TRUNC] = "payload header truncated",
	[ISAKMP_E_PAYLOAD_LENGTH] = "payload length invalid",
	[ISAKMP_E_PAYLOAD_TYPE] = "invalid payload type",
	[ISAKMP_E_RESERVED] = "reserved not zero",
	[ISAKMP_E_PAYLOAD_SIZE] = "payload size invalid",
	[ISAKMP_E_TOO_MANY] = "too many payloads",
	[ISAKMP_E_TRAILING] = "extra data after last payload",
	[ISAKMP_E_SA_DOI] = "DOI not supported",
	[ISAKMP_E_SA_SITUATION] = "situation not supported",
	[ISAKMP_E_PROPOSAL_SYNTAX] = "bad proposal syntax",
	[ISAKMP_E_PROPOSAL_SPI] = "invalid SPI size in proposal",
	[ISAKMP_E_TRANSFORM_SYNTAX] = "bad transform syntax",
	[ISAKMP_E_TRANSFORM_COUNT] = "transform count mismatch",
	[ISAKMP_E_ATTR_SYNTAX] = "attribute length invalid",
	[ISAKMP_E_ATTR_VALUE] = "attribute value invalid",
	[ISAKMP_E_ID_TYPE] = "invalid ID type",
	[ISAKMP_E_ID_LENGTH] = "invalid ID length",
	[ISAKMP_E_NOTIFY_SPI] = "invalid SPI size in notify",
	[ISAKMP_E_DELETE_SPI] = "invalid SPI count in delete",
	[ISAKMP_E_NONCE_LENGTH] = "nonce length invalid",
	[ISAKMP_E_KE_LENGTH] = "key exchange data empty",
	[ISAKMP_E_CERT_LENGTH] = "certificate payload empty",
	[ISAKMP_E_NOMEM] = "out of memory",
};

const char *
isakmp_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= ISAKMP_E_MAX || errtext[err] == NULL)
		return "unknown error";
	return errtext[err];
}

void
isakmp_error_text(int err, uint8_t ptype, char *buf, size_t len)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case ISAKMP_E_RESERVED:
		snprintf(buf, len, "reserved not zero on %s payload!",
		    isakmp_payload_name(ptype));
		break;
	case ISAKMP_E_PAYLOAD_TYPE:
		snprintf(buf, len, "Unknown payload type %u!", ptype);
		break;
	case ISAKMP_E_PAYLOAD_LENGTH:
	case ISAKMP_E_PAYLOAD_TRUNC:
	case ISAKMP_E_PAYLOAD_SIZE:
		snprintf(buf, len, "%s on %s payload!", isakmp_strerror(err),
		    isakmp_payload_name(ptype));
		break;
	default:
		snprintf(buf, len, "%s!", isakmp_strerror(err));
		break;
	}
}

uint16_t
isakmp_err_notify(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case ISAKMP_E_VERSION:
		return ISAKMP_N_INVALID_MAJOR_VERSION;
	case ISAKMP_E_PAYLOAD_TYPE:
		return ISAKMP_N_INVALID_PAYLOAD_TYPE;
	case ISAKMP_E_SA_DOI:
		return ISAKMP_N_DOI_NOT_SUPPORTED;
	case ISAKMP_E_SA_SITUATION:
		return ISAKMP_N_SITUATION_NOT_SUPPORTED;
	case ISAKMP_E_PROPOSAL_SYNTAX:
	case ISAKMP_E_TRANSFORM_SYNTAX:
	case ISAKMP_E_TRANSFORM_COUNT:
		return ISAKMP_N_BAD_PROPOSAL_SYNTAX;
	case ISAKMP_E_PROPOSAL_SPI:
	case ISAKMP_E_NOTIFY_SPI:
	case ISAKMP_E_DELETE_SPI:
		return ISAKMP_N_INVALID_SPI;
	case ISAKMP_E_ATTR_SYNTAX:
	case ISAKMP_E_ATTR_VALUE:
		return ISAKMP_N_ATTRIBUTES_NOT_SUPPORTED;
	case ISAKMP_E_ID_TYPE:
	case ISAKMP_E_ID_LENGTH:
		return ISAKMP_N_INVALID_ID_INFORMATION;
	case ISAKMP_E_KE_LENGTH:
		return ISAKMP_N_INVALID_KEY_INFORMATION;
	case ISAKMP_E_CERT_LENGTH:
		return ISAKMP_N_INVALID_CERT_ENCODING;
	default:
		return ISAKMP_N_PAYLOAD_MALFORMED;
	}
}

/* ---- names --------------------------------------------------------------- */

const char *
isakmp_payload_name(uint8_t t)
{
	static const char *const n[] = {
		"NONE", "SA", "PROPOSAL", "TRANSFORM", "KE", "ID", "CERT",
		"CERT-REQ", "HASH", "SIG", "NONCE", "NOTIFY", "DELETE", "VID",
		"ATTR", "SAK", "SAT", "KD", "SEQ", "POP", "NAT-D", "NAT-OA",
		"GAP",
	};

	if (t < sizeof(n) / sizeof(n[0]))
		return n[t];
	if (t == ISAKMP_NP_NATD_DRAFT)
		return "NAT-D";
	if (t == ISAKMP_NP_NATOA_DRAFT)
		return "NAT-OA";
	if (t == ISAKMP_NP_FRAG)
		return "FRAG";
	return "UNKNOWN";
}

const char *
isakmp_exch_name(uint8_t e)
{
	switch (e) {
	case ISAKMP_EXCH_BASE:
		return "Base";
	case ISAKMP_EXCH_MAIN:
		return "Identity Protection (Main Mode)";
	case ISAKMP_EXCH_AUTH_ONLY:
		return "Authentication Only";
	case ISAKMP_EXCH_AGGRESSIVE:
		return "Aggressive";
	case ISAKMP_EXCH_INFO:
		return "Informational";
	case ISAKMP_EXCH_TRANSACTION:
		return "Transaction (Config Mode)";
	case ISAKMP_EXCH_QUICK:
		return "Quick Mode";
	case ISAKMP_EXCH_NEW_GROUP:
		return "New Group Mode";
	default:
		return "Unknown";
	}
}

const char *
isakmp_notify_name(uint16_t t)
{
	static const char *const n[] = {
		NULL, "INVALID_PAYLOAD_TYPE", "DOI_NOT_SUPPORTED",
		"SITUATION_NOT_SUPPORTED", "INVALID_COOKIE",
		"INVALID_MAJOR_VERSION", "INVALID_MINOR_VERSION",
		"INVALID_EXCHANGE_TYPE", "INVALID_FLAGS", "INVALID_MESSAGE_ID",
		"INVALID_PROTOCOL_ID", "INVALID_SPI", "INVALID_TRANSFORM_ID",
		"ATTRIBUTES_NOT_SUPPORTED", "NO_PROPOSAL_CHOSEN",
		"BAD_PROPOSAL_SYNTAX", "PAYLOAD_MALFORMED",
		"INVALID_KEY_INFORMATION", "INVALID_ID_INFORMATION",
		"INVALID_CERT_ENCODING", "INVALID_CERTIFICATE",
		"CERT_TYPE_UNSUPPORTED", "INVALID_CERT_AUTHORITY",
		"INVALID_HASH_INFORMATION", "AUTHENTICATION_FAILED",
		"INVALID_SIGNATURE", "ADDRESS_NOTIFICATION",
		"NOTIFY_SA_LIFETIME", "CERTIFICATE_UNAVAILABLE",
		"UNSUPPORTED_EXCHANGE_TYPE", "UNEQUAL_PAYLOAD_LENGTHS",
	};

	if (t < sizeof(n) / sizeof(n[0]) && n[t] != NULL)
		return n[t];
	switch (t) {
	case ISAKMP_N_CONNECTED:
		return "CONNECTED";
	case ISAKMP_N_RESPONDER_LIFETIME:
		return "RESPONDER_LIFETIME";
	case ISAKMP_N_REPLAY_STATUS:
		return "REPLAY_STATUS";
	case ISAKMP_N_INITIAL_CONTACT:
		return "INITIAL_CONTACT";
	case ISAKMP_N_R_U_THERE:
		return "DPD/R_U_THERE";
	case ISAKMP_N_R_U_THERE_ACK:
		return "DPD/R_U_THERE_ACK";
	default:
		return "UNKNOWN";
	}
}

const char *
isakmp_proto_name(uint8_t p)
{
	switch (p) {
	case ISAKMP_PROTO_ISAKMP:
		return "PROTO_ISAKMP";
	case ISAKMP_PROTO_AH:
		return "PROTO_IPSEC_AH";
	case ISAKMP_PROTO_ESP:
		return "PROTO_IPSEC_ESP";
	case ISAKMP_PROTO_IPCOMP:
		return "PROTO_IPCOMP";
	default:
		return "PROTO_UNKNOWN";
	}
}

const char *
isakmp_id_type_name(uint8_t t)
{
	static const char *const n[] = {
		"ID_RESERVED", "ID_IPV4_ADDR", "ID_FQDN", "ID_USER_FQDN",
		"ID_IPV4_ADDR_SUBNET", "ID_IPV6_ADDR", "ID_IPV6_ADDR_SUBNET",
		"ID_IPV4_ADDR_RANGE", "ID_IPV6_ADDR_RANGE", "ID_DER_ASN1_DN",
		"ID_DER_ASN1_GN", "ID_KEY_ID",
	};

	return t < sizeof(n) / sizeof(n[0]) ? n[t] : "ID_UNKNOWN";
}

const char *
ipsec_esp_name(uint8_t id)
{
	switch (id) {
	case ESP_DES:
		return "ESP_DES";
	case ESP_3DES:
		return "ESP_3DES";
	case ESP_NULL:
		return "ESP_NULL";
	case ESP_AES:
		return "ESP_AES";
	case ESP_AES_GCM_8:
	case ESP_AES_GCM_12:
	case ESP_AES_GCM_16:
		return "ESP_GCM";
	case ESP_NULL_AUTH_AES_GMAC:
		return "ESP_GMAC";
	default:
		return "ESP_UNKNOWN";
	}
}

const char *
ipsec_ah_name(uint8_t id)
{
	switch (id) {
	case AH_MD5:
		return "AH_MD5";
	case AH_SHA:
		return "AH_SHA";
	case AH_SHA2_256:
		return "AH_SHA256";
	case AH_SHA2_384:
		return "AH_SHA384";
	case AH_SHA2_512:
		return "AH_SHA512";
	default:
		return "AH_UNKNOWN";
	}
}

/* ---- attribute text ------------------------------------------------------ */

/* "(basic) of 7200" or "(VPI) of  0x0 0x46 0x50 0x0 " as IOS prints
 * durations. */
static void
duration_text(const struct isakmp_attr *a, const char *what, char *buf,
    size_t len)
{
	size_t	 n;

	if (a->basic) {
		snprintf(buf, len, "%s (basic) of %u", what, (unsigned)a->num);
		return;
	}
	n = (size_t)snprintf(buf, len, "%s (VPI) of ", what);
	for (uint16_t i = 0; i < a->len && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " 0x%X", a->val[i]);
	if (n < len)
		snprintf(buf + n, len - n, " ");
}

void
ike_p1_attr_text(const struct isakmp_attr *a, char *buf, size_t len)
{
	unsigned v = (unsigned)a->num;

	switch (a->type) {
	case IKE_ATTR_ENCR:
		snprintf(buf, len, "encryption %s",
		    v == OAKLEY_ENCR_DES ? "DES-CBC" : v == OAKLEY_ENCR_3DES ?
		    "3DES-CBC" : v == OAKLEY_ENCR_AES ? "AES-CBC" : "unknown");
		return;
	case IKE_ATTR_HASH:
		snprintf(buf, len, "hash %s",
		    v == OAKLEY_HASH_MD5 ? "MD5" : v == OAKLEY_HASH_SHA ? "SHA" :
		    v == OAKLEY_HASH_SHA256 ? "SHA256" : v == OAKLEY_HASH_SHA384 ?
		    "SHA384" : v == OAKLEY_HASH_SHA512 ? "SHA512" : "unknown");
		return;
	case IKE_ATTR_AUTH:
		snprintf(buf, len, "auth %s",
		    v == OAKLEY_AUTH_PSK ? "pre-share" : v == OAKLEY_AUTH_RSA_SIG ?
		    "RSA sig" : v == OAKLEY_AUTH_RSA_ENCR ? "RSA encr" :
		    v == OAKLEY_AUTH_XAUTH_PSK ? "XAUTHInitPreShared" :
		    v == OAKLEY_AUTH_XAUTH_RSA_SIG ? "XAUTHInitRSA" : "unknown");
		return;
	case IKE_ATTR_GROUP:
		snprintf(buf, len, "default group %u", v);
		return;
	case IKE_ATTR_KEY_LENGTH:
		snprintf(buf, len, "keylength of %u", v);
		return;
	case IKE_ATTR_LIFE_TYPE:
		snprintf(buf, len, "life type in %s",
		    v == IKE_LIFE_SECONDS ? "seconds" : v == IKE_LIFE_KILOBYTES ?
		    "kilobytes" : "unknown");
		return;
	case IKE_ATTR_LIFE_DURATION:
		duration_text(a, "life duration", buf, len);
		return;
	default:
		snprintf(buf, len, "unknown attribute %u", a->type);
		return;
	}
}

void
ipsec_p2_attr_text(const struct isakmp_attr *a, char *buf, size_t len)
{
	unsigned v = (unsigned)a->num;
	const char *s;

	switch (a->type) {
	case IPSEC_ATTR_ENCAP:
		s = v == IPSEC_ENCAP_TUNNEL ? "Tunnel" :
		    v == IPSEC_ENCAP_TRANSPORT ? "Transport" :
		    v == IPSEC_ENCAP_UDP_TUNNEL ||
		    v == IPSEC_ENCAP_UDP_TUNNEL_DRAFT ? "Tunnel-UDP" :
		    v == IPSEC_ENCAP_UDP_TRANSPORT ||
		    v == IPSEC_ENCAP_UDP_TRANSPORT_DRAFT ? "Transport-UDP" :
		    "unknown";
		snprintf(buf, len, "encaps is %u (%s)", v, s);
		return;
	case IPSEC_ATTR_LIFE_TYPE:
		snprintf(buf, len, "SA life type in %s",
		    v == IKE_LIFE_SECONDS ? "seconds" : v == IKE_LIFE_KILOBYTES ?
		    "kilobytes" : "unknown");
		return;
	case IPSEC_ATTR_LIFE_DURATION:
		duration_text(a, "SA life duration", buf, len);
		return;
	case IPSEC_ATTR_AUTH:
		s = v == IPSEC_AUTH_HMAC_MD5 ? "HMAC-MD5" :
		    v == IPSEC_AUTH_HMAC_SHA ? "HMAC-SHA" :
		    v == IPSEC_AUTH_HMAC_SHA256 ? "HMAC-SHA256" :
		    v == IPSEC_AUTH_HMAC_SHA384 ? "HMAC-SHA384" :
		    v == IPSEC_AUTH_HMAC_SHA512 ? "HMAC-SHA512" : "unknown";
		snprintf(buf, len, "authenticator is %s", s);
		return;
	case IPSEC_ATTR_KEY_LENGTH:
		snprintf(buf, len, "key length is %u", v);
		return;
	case IPSEC_ATTR_GROUP:
		snprintf(buf, len, "group is %u", v);
		return;
	default:
		snprintf(buf, len, "unknown attribute %u", a->type);
		return;
	}
}

/* ---- packet dump ------------------------------------------------------- */

static void
hex(struct strbuf *sb, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, "%02X", p[i]);
}

static void
print_attrs(struct strbuf *sb, const uint8_t *p, size_t n, bool p1)
{
	struct isakmp_attr a;
	char	 buf[128];

	while (isakmp_attr_next(&p, &n, &a) > 0) {
		if (p1)
			ike_p1_attr_text(&a, buf, sizeof(buf));
		else
			ipsec_p2_attr_text(&a, buf, sizeof(buf));
		sb_printf(sb, "          %s\n", buf);
	}
}

static void
print_sa(struct strbuf *sb, const struct isakmp_pl *pl)
{
	struct isakmp_sa *sa;
	int	 i, j, rc;

	sa = calloc(1, sizeof(*sa));
	if (sa == NULL)
		return;
	rc = isakmp_sa_decode(pl->body, pl->len, sa);
	sb_printf(sb, "    DOI: %s\n", sa->doi == ISAKMP_DOI_IPSEC ? "IPsec" :
	    sa->doi == ISAKMP_DOI_GDOI ? "GDOI" : "Unknown");
	sb_printf(sb, "    Situation: %s\n",
	    sa->situation == IPSEC_SIT_IDENTITY_ONLY ? "SIT_IDENTITY_ONLY" :
	    "Unknown");
	if (rc < 0) {
		sb_printf(sb, "    (malformed: %s)\n", isakmp_strerror(rc));
		free(sa);
		return;
	}
	for (i = 0; i < sa->n_proposals; i++) {
		const struct isakmp_proposal *p = &sa->p[i];

		sb_printf(sb, "    Proposal #%u: %s, SPI size %u, %d transforms",
		    p->num, isakmp_proto_name(p->proto), p->spi_size,
		    p->n_transforms);
		if (p->spi_size > 0) {
			sb_puts(sb, ", SPI 0x");
			hex(sb, p->spi, p->spi_size);
		}
		sb_puts(sb, "\n");
		for (j = 0; j < p->n_transforms; j++) {
			const struct isakmp_transform *t = &p->t[j];
			const char *id = p->proto == ISAKMP_PROTO_ISAKMP ?
			    (t->id == ISAKMP_KEY_IKE ? "KEY_IKE" : "UNKNOWN") :
			    p->proto == ISAKMP_PROTO_ESP ? ipsec_esp_name(t->id) :
			    p->proto == ISAKMP_PROTO_AH ? ipsec_ah_name(t->id) :
			    "UNKNOWN";

			sb_printf(sb, "      Transform #%u: %s\n", t->num, id);
			print_attrs(sb, t->attrs, t->attrs_len,
			    p->proto == ISAKMP_PROTO_ISAKMP);
		}
	}
	free(sa);
}

void
isakmp_print_payload(const struct isakmp_pl *pl, uint8_t exch,
    struct strbuf *sb)
{
	char	 a[16], b[16];

	sb_printf(sb, "  %s Payload:\n", isakmp_payload_name(pl->type));
	sb_printf(sb, "    Next Payload: %s\n", isakmp_payload_name(pl->np));
	sb_printf(sb, "    Payload Length: %zu\n", pl->len + ISAKMP_GEN_LEN);
	switch (pl->type) {
	case ISAKMP_NP_SA:
		if (exch != ISAKMP_EXCH_NEW_GROUP &&
		    (pl->len < 4 || pl->body[3] == ISAKMP_DOI_IPSEC))
			print_sa(sb, pl);
		break;
	case ISAKMP_NP_ID: {
		struct isakmp_id id;

		if (isakmp_id_decode(pl->body, pl->len, &id) < 0) {
			sb_puts(sb, "    (malformed)\n");
			break;
		}
		sb_printf(sb, "    ID Type: %s\n", isakmp_id_type_name(id.type));
		sb_printf(sb, "    Protocol: %u, Port: %u\n", id.proto, id.port);
		if (id.type == ISAKMP_ID_IPV4_ADDR)
			sb_printf(sb, "    Address: %u.%u.%u.%u\n",
			    id.data[0], id.data[1], id.data[2], id.data[3]);
		else if (id.type == ISAKMP_ID_IPV4_ADDR_SUBNET ||
		    id.type == ISAKMP_ID_IPV4_ADDR_RANGE) {
			snprintf(a, sizeof(a), "%u.%u.%u.%u", id.data[0],
			    id.data[1], id.data[2], id.data[3]);
			snprintf(b, sizeof(b), "%u.%u.%u.%u", id.data[4],
			    id.data[5], id.data[6], id.data[7]);
			sb_printf(sb, "    Address: %s/%s\n", a, b);
		} else if (id.type == ISAKMP_ID_FQDN ||
		    id.type == ISAKMP_ID_USER_FQDN) {
			sb_puts(sb, "    Name: ");
			for (size_t i = 0; i < id.len; i++)
				sb_printf(sb, "%c", id.data[i] >= 0x20 &&
				    id.data[i] < 0x7f ? id.data[i] : '.');
			sb_puts(sb, "\n");
		} else {
			sb_puts(sb, "    Data: ");
			hex(sb, id.data, id.len);
			sb_puts(sb, "\n");
		}
		break;
	}
	case ISAKMP_NP_N: {
		struct isakmp_notify n;
		uint32_t seq;

		if (isakmp_notify_decode(pl->body, pl->len, &n) < 0) {
			sb_puts(sb, "    (malformed)\n");
			break;
		}
		sb_printf(sb, "    DOI: %u, Protocol: %s, SPI size: %u\n", n.doi,
		    isakmp_proto_name(n.proto), n.spi_size);
		sb_printf(sb, "    Notify Type: %s (%u)\n",
		    isakmp_notify_name(n.type), n.type);
		if (n.spi_size > 0) {
			sb_puts(sb, "    SPI: ");
			hex(sb, n.spi, n.spi_size);
			sb_puts(sb, "\n");
		}
		if (isakmp_notify_dpd_seq(&n, &seq))
			sb_printf(sb, "    Sequence: 0x%X\n", seq);
		else if (n.type == ISAKMP_N_RESPONDER_LIFETIME)
			print_attrs(sb, n.data, n.data_len, false);
		else if (n.data_len > 0) {
			sb_puts(sb, "    Data: ");
			hex(sb, n.data, n.data_len);
			sb_puts(sb, "\n");
		}
		break;
	}
	case ISAKMP_NP_D: {
		struct isakmp_delete d;

		if (isakmp_delete_decode(pl->body, pl->len, &d) < 0) {
			sb_puts(sb, "    (malformed)\n");
			break;
		}
		sb_printf(sb, "    DOI: %u, Protocol: %s, SPI size: %u, "
		    "SPIs: %u\n", d.doi, isakmp_proto_name(d.proto),
		    d.spi_size, d.n_spi);
		for (int i = 0; i < d.n_spi; i++) {
			sb_puts(sb, "    SPI: ");
			hex(sb, d.spis + (size_t)i * d.spi_size, d.spi_size);
			sb_puts(sb, "\n");
		}
		break;
	}
	case ISAKMP_NP_VID:
		sb_puts(sb, "    Vendor ID: ");
		hex(sb, pl->body, pl->len);
		sb_printf(sb, " (%s)\n", isakmp_vid_name(
		    isakmp_vid_lookup(pl->body, pl->len)));
		break;
	case ISAKMP_NP_CERT:
	case ISAKMP_NP_CR:
		sb_printf(sb, "    Encoding: %u\n", pl->body[0]);
		break;
	default:
		if (pl->len > 0) {
			sb_puts(sb, "    Data: ");
			hex(sb, pl->body, pl->len > 64 ? 64 : pl->len);
			if (pl->len > 64)
				sb_puts(sb, "...");
			sb_puts(sb, "\n");
		}
		break;
	}
}

void
isakmp_print(const struct isakmp_msg *m, struct strbuf *sb)
{
	const struct isakmp_hdr *h = &m->hdr;

	sb_puts(sb, "ISAKMP Header\n");
	sb_puts(sb, "  Initiator Cookie: ");
	hex(sb, h->icookie, 8);
	sb_puts(sb, "\n  Responder Cookie: ");
	hex(sb, h->rcookie, 8);
	sb_printf(sb, "\n  Next Payload: %s\n", isakmp_payload_name(h->np));
	sb_printf(sb, "  Version: %u.%u\n", h->version >> 4, h->version & 0xf);
	sb_printf(sb, "  Exchange Type: %s\n", isakmp_exch_name(h->exch));
	sb_printf(sb, "  Flags: %s%s%s\n",
	    h->flags & ISAKMP_FLAG_E ? "Encryption " : "",
	    h->flags & ISAKMP_FLAG_C ? "Commit " : "",
	    h->flags & ISAKMP_FLAG_A ? "Authentication " : "");
	sb_printf(sb, "  Message ID: 0x%08X\n", h->msgid);
	sb_printf(sb, "  Length: %u\n", h->len);
	if ((h->flags & ISAKMP_FLAG_E) && m->n == 0) {
		sb_puts(sb, "  (encrypted payloads)\n");
		return;
	}
	for (int i = 0; i < m->n; i++)
		isakmp_print_payload(&m->pl[i], h->exch, sb);
}
