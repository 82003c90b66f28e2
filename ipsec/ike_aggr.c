/* Phase 1 aggressive mode (RFC 2409 §5) with pre-shared keys:
 *
 *	I -> R	SA, KE, Ni, IDii, VID
 *	R -> I	SA, KE, Nr, IDir, HASH_R, VID, NAT-D*2
 *	I -> R	*HASH_I, NAT-D*2 [, N(INITIAL-CONTACT)]
 *
 * The initiator can offer one DH group only (its KE goes in the first
 * message): the group of its first usable policy.  `crypto isakmp
 * aggressive-mode disable` makes the responder refuse the first message.
 * IOS states AG_NO_STATE, AG_INIT_EXCH, AG_AUTH, then QM_IDLE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dh.h"
#include "ike_int.h"
#include "ipv4.h"
#include "router.h"

#define MAX_POLICIES	64

static void
send_chain(struct ike_sa *sa, struct isakmp_builder *b, bool enc, bool retx)
{
	uint8_t	 first = b->first_np, *chain, *msg;
	size_t	 clen, mlen;

	chain = isakmp_build_finish(b, &clen);
	if (chain == NULL)
		return;
	msg = ike_seal(sa, ISAKMP_EXCH_AGGRESSIVE, 0, first, chain, clen, enc,
	    sa->iv, &mlen);
	free(chain);
	ike_send(sa, msg, mlen, retx);
}

static void
fail(struct ike_sa *sa, const char *reason)
{
	char	 pb[16];

	rlog(sa->ctx->r, 6, "CRYPTO", "IKMP_MODE_FAILURE", "Processing of "
	    "Aggressive mode failed with peer at %s", ip_ntoa(sa->peer, pb));
	ike_sa_delete(sa, reason);
}

/* The group of the first policy we can use with this peer. */
static int
first_group(struct ike_sa *sa)
{
	struct isakmp_policy pol[MAX_POLICIES];
	int	 n = ipsec_policy_list(sa->ctx->r, pol, MAX_POLICIES);

	if (n > MAX_POLICIES)
		n = MAX_POLICIES;
	for (int i = 0; i < n; i++)
		if (((pol[i].auth == OAKLEY_AUTH_PSK && ike_p1_psk(sa) != NULL) ||
		    (pol[i].auth == OAKLEY_AUTH_RSA_SIG && ike_rsa_usable(sa))) &&
		    dh_group_get(pol[i].group) != NULL)
			return pol[i].group;
	return 0;
}

static void
keep_sa_body(struct ike_sa *sa, const uint8_t *body, size_t len)
{
	free(sa->sai_b);
	sa->sai_b = malloc(len);
	if (sa->sai_b == NULL)
		abort();
	memcpy(sa->sai_b, body, len);
	sa->sai_len = len;
}

int
ike_am_start(struct ike_sa *sa)
{
	struct isakmp_builder b;
	const uint8_t *pub;
	uint8_t	 first, *chain, *msg;
	size_t	 plen, clen, mlen;
	int	 group;
	char	 pb[16];

	sa->aggressive = true;
	sa->ios = AG_NO_STATE;
	ip_ntoa(sa->peer, pb);
	if ((ike_p1_psk(sa) == NULL && !ike_rsa_usable(sa)) ||
	    (group = first_group(sa)) == 0) {
		ikd_err(sa, "No pre-shared key with %s!", pb);
		return -1;
	}
	ikd_sa(sa, "found peer pre-shared key matching %s", pb);
	sa->dh = ike_dh_new(sa->ctx, group);
	if (sa->dh == NULL)
		return -1;
	sa->initial_contact = ike_pair_find(sa->ctx, sa->local, sa->peer, 0,
	    0) == NULL;
	ike_p1_nonce(sa->ni, &sa->ni_len);
	isakmp_build_init_chain(&b);
	ike_p1_build_sa(sa, &b, group);
	pub = dh_public(sa->dh, &plen);
	isakmp_build_payload(&b, ISAKMP_NP_KE, pub, plen);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, sa->ni, sa->ni_len);
	ike_p1_build_id(sa, &b, &sa->idi_b, &sa->idi_len);
	ike_p1_add_vids(sa, &b, 1);
	ike_p1_add_vids(sa, &b, 2);
	first = b.first_np;
	chain = isakmp_build_finish(&b, &clen);
	if (chain == NULL)
		return -1;
	keep_sa_body(sa, chain + ISAKMP_GEN_LEN, ike_rd16(chain + 2) -
	    ISAKMP_GEN_LEN);
	ikd_input(sa, "IKE_MESG_FROM_IPSEC, IKE_SA_REQ_AM");
	ike_sa_set_state(sa, IKE_I_AM1);
	ikd_sa(sa, " beginning Aggressive Mode exchange");
	msg = ike_seal(sa, ISAKMP_EXCH_AGGRESSIVE, 0, first, chain, clen, false,
	    NULL, &mlen);
	free(chain);
	ike_send(sa, msg, mlen, true);
	return 0;
}

static int
take_ke_nonce(struct ike_sa *sa, const struct isakmp_msg *m)
{
	const struct isakmp_pl *k = isakmp_find(m, ISAKMP_NP_KE);
	const struct isakmp_pl *n = isakmp_find(m, ISAKMP_NP_NONCE);

	if (k == NULL || n == NULL || n->len > sizeof(sa->nr))
		return -1;
	ikd_sa(sa, " processing KE payload. message ID = 0");
	ikd_sa(sa, " processing NONCE payload. message ID = 0");
	if (sa->initiator) {
		memcpy(sa->nr, n->body, n->len);
		sa->nr_len = n->len;
	} else {
		memcpy(sa->ni, n->body, n->len);
		sa->ni_len = n->len;
	}
	return ike_p1_dh_keys(sa, k->body, k->len);
}

/* R: AM1 -> AM2 */
static void
r_am1(struct ike_sa *sa, struct isakmp_msg *m)
{
	const struct isakmp_pl *sapl = isakmp_find(m, ISAKMP_NP_SA);
	const struct isakmp_pl *id = isakmp_find(m, ISAKMP_NP_ID);
	struct isakmp_proposal *pr;
	struct isakmp_transform *tr;
	struct isakmp_builder b;
	uint8_t	*id_b = NULL;
	const uint8_t *pub;
	size_t	 id_len, plen;
	int	 t;
	char	 pb[16];

	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_AM_EXCH");
	ike_sa_set_state(sa, IKE_R_AM1);
	if (ipsec_state(sa->ctx->r)->aggressive_disable) {
		ikd_err(sa, "Aggressive mode is disabled: rejecting the offer "
		    "from %s", ip_ntoa(sa->peer, pb));
		ike_sa_delete(sa, "Aggressive mode disabled");
		return;
	}
	if (sapl == NULL || id == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		ike_sa_delete(sa, "Malformed aggressive mode offer");
		return;
	}
	ikd_sa(sa, " processing SA payload. message ID = 0");
	ike_p1_process_vids(sa, m);
	t = ike_p1_choose(sa, sapl, true);
	if (t < 0) {
		ike_info_notify_plain(sa, ISAKMP_N_NO_PROPOSAL_CHOSEN);
		fail(sa, "Phase1 SA policy proposal not accepted");
		return;
	}
	keep_sa_body(sa, sapl->body, sapl->len);
	sa->idi_b = malloc(id->len);
	if (sa->idi_b == NULL)
		abort();
	memcpy(sa->idi_b, id->body, id->len);
	sa->idi_len = id->len;
	ikd_sa(sa, " processing ID payload. message ID = 0");
	pr = &sa->ctx->scratch->p[0];
	tr = &pr->t[t];
	sa->dh = ike_dh_new(sa->ctx, sa->pol.group);
	ike_p1_nonce(sa->nr, &sa->nr_len);
	if (sa->dh == NULL || take_ke_nonce(sa, m) != 0) {
		fail(sa, "Key exchange failed");
		return;
	}
	ikd_sa(sa, "found peer pre-shared key matching %s",
	    ip_ntoa(sa->peer, pb));
	isakmp_build_init_chain(&b);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, pr->num, ISAKMP_PROTO_ISAKMP, NULL, 0);
	isakmp_build_tr_begin(&b, tr->num, tr->id);
	isakmp_build_put(&b, tr->attrs, tr->attrs_len);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	pub = dh_public(sa->dh, &plen);
	isakmp_build_payload(&b, ISAKMP_NP_KE, pub, plen);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, sa->nr, sa->nr_len);
	ike_p1_build_id(sa, &b, &id_b, &id_len);
	ike_p1_build_auth(sa, &b, false, id_b, id_len);
	free(id_b);
	ike_natt_add_vids(sa, &b);
	ike_p1_add_vids(sa, &b, 2);
	ike_natt_add_natd(sa, &b);
	sa->ios = AG_INIT_EXCH;
	send_chain(sa, &b, false, true);
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_R_AM2);
}

/* I: AM2 -> AM3 */
static void
i_am2(struct ike_sa *sa, struct isakmp_msg *m)
{
	const struct isakmp_pl *sapl = isakmp_find(m, ISAKMP_NP_SA);
	struct isakmp_builder b;

	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_AM_EXCH");
	ike_sa_set_state(sa, IKE_I_AM2);
	if (sapl == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		return;
	}
	ikd_sa(sa, " processing SA payload. message ID = 0");
	ike_p1_process_vids(sa, m);
	if (ike_p1_choose(sa, sapl, false) < 0) {
		fail(sa, "Phase1 SA policy proposal not accepted");
		return;
	}
	if (take_ke_nonce(sa, m) != 0) {
		fail(sa, "Key exchange failed");
		return;
	}
	if (ike_p1_check_auth(sa, m, false) != 0) {
		ike_bad_message(sa->ctx, sa->peer);
		fail(sa, "Authentication failed");
		return;
	}
	ike_natt_check_natd(sa, m);
	ike_natt_float(sa);
	sa->ios = AG_AUTH;
	isakmp_build_init_chain(&b);
	ike_p1_build_auth(sa, &b, true, sa->idi_b, sa->idi_len);
	ike_natt_add_natd(sa, &b);
	if (sa->initial_contact) {
		uint8_t spi[16];

		ikd_sa(sa, "Send initial contact");
		memcpy(spi, sa->icky, 8);
		memcpy(spi + 8, sa->rcky, 8);
		isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP,
		    spi, 16, ISAKMP_N_INITIAL_CONTACT, NULL, 0);
	}
	send_chain(sa, &b, true, false);
	memcpy(sa->p1_last, sa->iv, sizeof(sa->p1_last));
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_P1_COMPLETE);
	ike_session_log(sa, true);
	ike_sa_complete(sa);
}

/* R: AM3 -> complete */
static void
r_am3(struct ike_sa *sa, struct isakmp_msg *m)
{
	uint8_t	 iv[IKE_MAX_BLOCK], *plain;
	size_t	 plen;

	if (!(m->hdr.flags & ISAKMP_FLAG_E)) {
		/* RFC 2409 allows a clear AM3. */
		plain = NULL;
	} else {
		memcpy(iv, sa->iv, sizeof(iv));
		plain = ike_open(sa, m->raw, m->rawlen, iv, &plen);
		if (plain == NULL) {
			ike_bad_message(sa->ctx, sa->peer);
			return;
		}
		if (ike_parse_plain(sa, m, m->hdr.np, plain, plen, m->raw,
		    m->rawlen) != 0) {
			free(plain);
			return;
		}
		memcpy(sa->iv, iv, sizeof(iv));
	}
	ikd_input(sa, "IKE_MESG_FROM_PEER, IKE_AM_EXCH");
	ike_sa_set_state(sa, IKE_R_AM3);
	if (ike_p1_check_auth(sa, m, true) != 0) {
		free(plain);
		ike_bad_message(sa->ctx, sa->peer);
		ike_sa_set_state(sa, IKE_R_AM2);
		return;
	}
	ike_natt_check_natd(sa, m);
	free(plain);
	memcpy(sa->p1_last, sa->iv, sizeof(sa->p1_last));
	ikd_input(sa, "IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE");
	ike_sa_set_state(sa, IKE_P1_COMPLETE);
	ike_sa_complete(sa);
	ike_session_log(sa, true);
}

void
ike_am_input(struct ike_sa *sa, struct isakmp_msg *m, struct iface *in_if)
{
	(void)in_if;
	if (sa->st == IKE_READY && !sa->initiator)
		r_am1(sa, m);
	else if (sa->st == IKE_I_AM1 && sa->initiator)
		i_am2(sa, m);
	else if (sa->st == IKE_R_AM2 && !sa->initiator)
		r_am3(sa, m);
	else
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): Unknown Input "
		    "IKE_MESG_FROM_PEER, IKE_AM_EXCH:  state = %s", sa->conn_id,
		    ike_state_name(sa->st));
}
