/* GETVPN at scale, run by hand or by `make bench`: one key server and
 * 1,000 or 10,000 group members, each rate printed next to the raw OpenSSL
 * rate of the cryptographic work it needs, measured in the same run (the
 * ratio is the number to watch: everything around the crypto -- packets,
 * parsers, state machines, routing, links, the scheduler).
 *
 * The lab, built programmatically through the same calls as the other
 * benches (lab_add_router, lab_add_link, router_load_config, a vty for
 * `crypto key generate rsa`): KS (Loopback0 1.1.1.1, group G1 as in the
 * default lab but with the IOS default lifetimes, TEK 3600 s and KEK
 * 86400 s, so that a unicast rekey to 10,000 members, 50 every 5 s, ends
 * long before the GMs would re-register; RSA-1024 key `get`)
 * over a tree of serial links: KS -> N/2,500 aggregation routers -> N/50
 * distribution routers -> 50 GMs each (crypto map gdoi on the GM's link,
 * server address 1.1.1.1, PSK by wildcard on the KS).  Real routers all
 * the way, no shortcut harness: 10,000 GMs are 10,205 routers.  The
 * fan-out of 50 fits ROUTER_MAX_IFACES (64) and keeps every router's
 * interface list and RIB (linear scans) short.
 *
 *  reg:   registrations/s: every GM starts at 1 s of virtual time (main
 *         mode with a pre-shared key, aes/sha, DH group 2 or 14, then the
 *         four GROUPKEY-PULL messages), timed until the KS lists all N
 *         members.  Raw: the DH of one registration, both ends (two key
 *         generations and two derivations, EVP, parameters built once);
 *         the HMACs and AES of the exchanges are a few percent on top.
 *  mem:   heap per GM router (mallinfo2 delta of building and configuring
 *         the GMs with their links, then of their registrations, less the
 *         KS's share) and per registered GM on the KS: the KS's share is
 *         the net of what is allocated and freed while the KS handles a
 *         frame (l2_input, malloc & co. wrapped at link time with
 *         -Wl,--wrap, OpenSSL's allocator set to the same counters), the
 *         frames it receives (allocated by the sender, freed here) and
 *         sends (the reverse) taken out.  What KS timers allocate is not
 *         in it: registration is driven by frames alone.
 *  rekey: a TEK rekey (a GROUPKEY-PUSH built, KEK-encrypted and RSA-signed
 *         once, sent to every member, each verifying, decrypting,
 *         installing and ACKing), started by a policy change (an ACL line
 *         added to the KS policy, rekey at `end`, seed 003 table 2) and
 *         timed until every member's ACK is in: members/s, also with the
 *         cost of the lab's idle timers over the rekey's span of lab time
 *         (measured over the 100 s before it) taken out.  Raw: per member
 *         an RSA-1024 verify, a 3DES-CBC decryption of the PUSH, its SHA-1
 *         and two HMAC-SHA1 (ACK made and checked), plus one RSA-1024
 *         signature per rekey shared by the N members.
 *
 * usage: bench_gdoi [-n N[,N...]] [-g 2|14] [-j 1|2]
 *   default -n 1000,10000 for both groups, the groups in two worker
 *   processes (-j 1: one after the other); `-n 1000` is the quick run.
 *   Times are the process's CPU time (CLOCK_PROCESS_CPUTIME_ID), so the two
 *   workers, or other jobs on the machine, do not skew the rates.
 * This is a benchmark, so unlike lab code it reads a clock. */
#include "config.h"

#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "cli.h"
#include "gdoi_proto.h"
#include "iface.h"
#include "lab.h"
#include "link.h"
#include "netsim.h"
#include "pkt.h"
#include "rng.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"
#include "xform.h"

#define FANOUT		50	/* GMs per distribution router, and
				 * distribution routers per aggregation one */
#define KS_ADDR		"1.1.1.1"
#define GROUP		"G1"
#define RSA_BITS	1024	/* `crypto key generate rsa ... modulus` */

static double
now_s(void)
{
	struct timespec ts;

	/* CPU time of this process: the machine may be shared (other
	 * builds, the other worker) and the lab is single-threaded. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench_gdoi: %s\n", what);
	exit(1);
}

static size_t
heap(void)
{
	return mallinfo2().uordblks;
}

/* ---- the KS's share of the heap (see the header) -------------------------- */

/* Every allocation made and freed while the KS handles a frame is counted
 * (malloc/calloc/realloc/free/strdup/strndup of libvpnsim wrapped at link
 * time, OpenSSL's through CRYPTO_set_mem_functions); mallinfo2 itself is
 * far too slow to call per frame. */
static struct router *ks;
static bool in_ks;
static long long ks_heap;	/* net bytes kept by the KS's frame handling */
static size_t max_frame;	/* largest frame the KS sent (rekey window) */

void	*__real_malloc(size_t);
void	*__real_calloc(size_t, size_t);
void	*__real_realloc(void *, size_t);
void	 __real_free(void *);
char	*__real_strdup(const char *);
char	*__real_strndup(const char *, size_t);
void	*__wrap_malloc(size_t);
void	*__wrap_calloc(size_t, size_t);
void	*__wrap_realloc(void *, size_t);
void	 __wrap_free(void *);
char	*__wrap_strdup(const char *);
char	*__wrap_strndup(const char *, size_t);
void	__real_l2_input(struct iface *, struct pkt *);
void	__wrap_l2_input(struct iface *, struct pkt *);
void	__real_link_transmit(struct iface *, struct pkt *);
void	__wrap_link_transmit(struct iface *, struct pkt *);

static void *
counted(void *p)
{
	if (in_ks && p != NULL)
		ks_heap += (long long)malloc_usable_size(p);
	return p;
}

void *
__wrap_malloc(size_t n)
{
	return counted(__real_malloc(n));
}

void *
__wrap_calloc(size_t n, size_t m)
{
	return counted(__real_calloc(n, m));
}

void *
__wrap_realloc(void *p, size_t n)
{
	if (in_ks && p != NULL)
		ks_heap -= (long long)malloc_usable_size(p);
	return counted(__real_realloc(p, n));
}

void
__wrap_free(void *p)
{
	if (in_ks && p != NULL)
		ks_heap -= (long long)malloc_usable_size(p);
	__real_free(p);
}

char *
__wrap_strdup(const char *s)
{
	return counted(__real_strdup(s));
}

char *
__wrap_strndup(const char *s, size_t n)
{
	return counted(__real_strndup(s, n));
}

static void *
ossl_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return __wrap_malloc(n);
}

static void *
ossl_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return __wrap_realloc(p, n);
}

static void
ossl_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	__wrap_free(p);
}

static long long
frame_bytes(const struct pkt *p)
{
	return (long long)(malloc_usable_size((void *)p) +
	    malloc_usable_size(p->head));
}

void
__wrap_l2_input(struct iface *ifp, struct pkt *p)
{
	/* The frame was allocated by the sender and is freed in here. */
	long long in = frame_bytes(p);

	if (ifp->r != ks || in_ks) {
		__real_l2_input(ifp, p);
		return;
	}
	in_ks = true;
	ks_heap += in;
	__real_l2_input(ifp, p);
	in_ks = false;
}

void
__wrap_link_transmit(struct iface *from, struct pkt *p)
{
	if (from->r == ks && p->len > max_frame)
		max_frame = p->len;
	if (!in_ks) {
		__real_link_transmit(from, p);
		return;
	}
	/* Sent frames (and their delivery records) are freed elsewhere. */
	ks_heap -= frame_bytes(p);
	in_ks = false;
	__real_link_transmit(from, p);
	in_ks = true;
}

/* ---- the lab ------------------------------------------------------------- */

static struct router **gms;
static int n_gms;

static void
cfg(struct router *r, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	if (router_load_config(r, text, &err) != 0) {
		fprintf(stderr, "%s config: %s", r->name, sb_str(&err));
		exit(1);
	}
	sb_free(&err);
}

static void
sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
}

static struct router *
add(const char *name)
{
	const char *err = NULL;
	struct router *r = lab_add_router(name, &err);

	if (r == NULL)
		die(err != NULL ? err : "lab_add_router");
	return r;
}

static void
link2(struct router *a, const char *ifa, struct router *b, const char *ifb)
{
	const char *err = NULL;

	if (lab_add_link(a, ifa, b, ifb, &err) == NULL)
		die(err != NULL ? err : "lab_add_link");
}

/* KS, aggregation routers A0.. (FANOUT distribution routers each) and
 * distribution routers D0.. (FANOUT GMs each): a router holds at most
 * ROUTER_MAX_IFACES (64) interfaces.  Links KS-Aa 10.255.a.0/30,
 * Aa-Dd 10.254.d.0/30, Dd-GM 10.d.j.0/30. */
static void
lab_core(int n, int group)
{
	static const char ks_cfg[] =
	    "hostname KS\n"
	    "interface Loopback0\n ip address " KS_ADDR " 255.255.255.255\n"
	    "crypto isakmp policy 10\n encr aes\n hash sha\n"
	    " authentication pre-share\n group %d\n"
	    "crypto isakmp key bench address 0.0.0.0 0.0.0.0\n"
	    "crypto ipsec transform-set gdoi-trans esp-3des esp-sha-hmac\n"
	    "crypto ipsec profile gdoi-p\n"
	    " set security-association lifetime seconds %d\n"
	    " set transform-set gdoi-trans\n"
	    "ip access-list extended ENCPOL\n"
	    " permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255\n"
	    "crypto gdoi group " GROUP "\n identity number 3333\n server local\n"
	    "  rekey lifetime seconds 86400\n  rekey retransmit 10 number 2\n"
	    "  rekey authentication mypubkey rsa get\n"
	    "  rekey transport unicast\n"
	    "  sa ipsec 1\n   profile gdoi-p\n   match address ipv4 ENCPOL\n"
	    "  address ipv4 " KS_ADDR "\n";
	int nd = (n + FANOUT - 1) / FANOUT, na = (nd + FANOUT - 1) / FANOUT;
	struct strbuf sb = STRBUF_INIT, ab = STRBUF_INIT;
	struct vty *v;
	char name[32], ifn[32], buf[1024];

	if (nd > 250)
		die("at most 12,500 GMs (addressing)");
	lab_init(1);
	ks = add("KS");
	sb_printf(&sb, ks_cfg, group, 3600);
	for (int a = 0; a < na; a++) {
		struct router *ar;

		snprintf(name, sizeof(name), "A%d", a);
		ar = add(name);
		snprintf(ifn, sizeof(ifn), "Serial1/%d", a);
		link2(ks, ifn, ar, "Serial0/0");
		sb_printf(&sb, "interface %s\n ip address 10.255.%d.1 "
		    "255.255.255.252\n no shutdown\n", ifn, a);
		sb_reset(&ab);
		sb_printf(&ab, "hostname %s\ninterface Serial0/0\n"
		    " ip address 10.255.%d.2 255.255.255.252\n no shutdown\n"
		    "ip route 0.0.0.0 0.0.0.0 10.255.%d.1\n", name, a, a);
		for (int d = a * FANOUT; d < nd && d < (a + 1) * FANOUT; d++) {
			struct router *dr;

			snprintf(name, sizeof(name), "D%d", d);
			dr = add(name);
			snprintf(ifn, sizeof(ifn), "Serial1/%d", d % FANOUT);
			link2(ar, ifn, dr, "Serial0/0");
			sb_printf(&sb, "ip route 10.%d.0.0 255.255.0.0 "
			    "10.255.%d.2\n", d, a);
			sb_printf(&ab, "interface %s\n ip address 10.254.%d.1 "
			    "255.255.255.252\n no shutdown\n"
			    "ip route 10.%d.0.0 255.255.0.0 10.254.%d.2\n", ifn,
			    d, d, d);
			snprintf(buf, sizeof(buf), "hostname %s\n"
			    "interface Serial0/0\n ip address 10.254.%d.2 "
			    "255.255.255.252\n no shutdown\n"
			    "ip route 0.0.0.0 0.0.0.0 10.254.%d.1\n", name, d,
			    d);
			cfg(dr, buf);
		}
		cfg(ar, sb_str(&ab));
	}
	cfg(ks, sb_str(&sb));
	sb_free(&sb);
	sb_free(&ab);
	/* The key pair an operator makes (it is never in a config). */
	v = vty_new(ks, sink, NULL);
	cli_execute(v, "enable");
	cli_execute(v, "configure terminal");
	cli_execute(v, "crypto key generate rsa general-keys label get "
	    "modulus 1024");
	cli_execute(v, "end");
	vty_free(v);
}

/* GM i on distribution router i / FANOUT, port i % FANOUT. */
static void
lab_gms(int n, int group)
{
	static const char gm_cfg[] =
	    "hostname %s\n"
	    "crypto isakmp policy 10\n encr aes\n hash sha\n"
	    " authentication pre-share\n group %d\n"
	    "crypto isakmp key bench address " KS_ADDR "\n"
	    "crypto gdoi group " GROUP "\n identity number 3333\n"
	    " server address ipv4 " KS_ADDR "\n"
	    "crypto map gm_map 10 gdoi\n set group " GROUP "\n"
	    "interface Serial1/0\n ip address 10.%d.%d.2 255.255.255.252\n"
	    " crypto map gm_map\n no shutdown\n"
	    "ip route 0.0.0.0 0.0.0.0 10.%d.%d.1\n";
	char name[32], ifn[32], buf[1024];

	gms = calloc((size_t)n, sizeof(*gms));
	if (gms == NULL)
		die("out of memory");
	n_gms = n;
	for (int i = 0; i < n; i++) {
		int d = i / FANOUT, j = i % FANOUT;
		struct router *dr;

		snprintf(name, sizeof(name), "D%d", d);
		if ((dr = lab_find_router(name)) == NULL)
			die("no distribution router");
		snprintf(name, sizeof(name), "GM%d", i + 1);
		gms[i] = add(name);
		snprintf(ifn, sizeof(ifn), "Serial1/%d", j);
		link2(dr, ifn, gms[i], "Serial1/0");
		snprintf(buf, sizeof(buf), "interface %s\n ip address 10.%d.%d.1 "
		    "255.255.255.252\n no shutdown\n", ifn, d, j);
		cfg(dr, buf);
		snprintf(buf, sizeof(buf), gm_cfg, name, group, d, j, d, j);
		cfg(gms[i], buf);
	}
}

static struct gdoi_ksg *
ksg(void)
{
	struct gdoi_ksg *k = gdoi_ksg(gdoi_proto(ks), GROUP, false);

	if (k == NULL)
		die("no key-server group");
	return k;
}

/* Every member's ACK count (rekeys ACKed so far, summed). */
static uint64_t
acks(void)
{
	struct gdoi_member *m;
	uint64_t n = 0;

	TAILQ_FOREACH(m, &ksg()->members, entry)
		n += m->n_acks;
	return n;
}

struct result {
	int	 n, group;
	double	 reg_rate, rekey_rate;
	double	 rekey_rate_busy;	/* lab's idle timers taken out */
	double	 rekey_span, rekey_idle;	/* lab s; CPU s of idle in it */
	uint64_t rekey_retx;		/* retransmitted copies */
	double	 gm_cfg_kb, gm_reg_kb, ks_kb;
	size_t	 push_len;
};

static void
run_lab(int n, int group, bool rekey, struct result *res)
{
	size_t	 h0, h1, h2;
	long long ks0;
	vtime_t	 limit;
	double	 t0;
	int	 members = 0;

	memset(res, 0, sizeof(*res));
	res->n = n;
	res->group = group;
	lab_core(n, group);
	malloc_trim(0);
	h0 = heap();
	lab_gms(n, group);
	h1 = heap();
	/* Registrations: from lab time 0 (the GMs start at 1 s). */
	ks_heap = 0;
	limit = sched_now() + 600 * VT_SEC;
	t0 = now_s();
	/* The KS makes its group state on the first registration. */
	while ((members = gdoi_ksg(gdoi_proto(ks), GROUP, false) == NULL ? 0 :
	    gdoi_ks_members(ksg())) < n) {
		if (sched_now() >= limit) {
			fprintf(stderr, "bench_gdoi: %d of %d GMs registered "
			    "in 600 s of lab time\n", members, n);
			exit(1);
		}
		sched_run_until(sched_now() + VT_SEC / 10);
	}
	res->reg_rate = (double)n / (now_s() - t0);
	/* Let the last exchanges' frames land and be freed. */
	sched_run_until(sched_now() + 2 * VT_SEC);
	h2 = heap();
	ks0 = ks_heap;
	res->gm_cfg_kb = (double)(h1 - h0) / n / 1024.0;
	res->ks_kb = (double)ks0 / n / 1024.0;
	res->gm_reg_kb = ((double)h2 - (double)h1 - (double)ks0) / n / 1024.0;
	if (rekey) {
		uint64_t a0, ack0, retx0;
		double idle;
		vtime_t t1;
		struct vty *v;

		/* What the lab's idle timers cost per second of lab time. */
		t0 = now_s();
		sched_run_until(sched_now() + 100 * VT_SEC);
		idle = (now_s() - t0) / 100.0;
		a0 = acks();
		ack0 = ksg()->n_acks_rcvd;
		retx0 = ksg()->n_retx_total;
		max_frame = 0;
		t1 = sched_now();
		limit = sched_now() + 3000 * VT_SEC;
		t0 = now_s();
		/* A policy change rekeys at `end` (seed 003 table 2): a new
		 * TEK pushed to every member at once, in batches of 50 every
		 * 5 s, with no wait for the lifetime-driven rekey. */
		v = vty_new(ks, sink, NULL);
		cli_execute(v, "enable");
		cli_execute(v, "configure terminal");
		cli_execute(v, "ip access-list extended ENCPOL");
		cli_execute(v, "permit ip 192.168.0.0 0.0.255.255 "
		    "172.16.0.0 0.15.255.255");
		cli_execute(v, "end");
		vty_free(v);
		/* The KS's ACK counter (walking 10,000 members every step
		 * would cost more than the rekey), then each member once. */
		while (ksg()->n_acks_rcvd < ack0 + (uint64_t)n) {
			if (sched_now() >= limit)
				die("not every member ACKed the rekey");
			sched_run_until(sched_now() + VT_SEC / 10);
		}
		t0 = now_s() - t0;
		if (acks() != a0 + (uint64_t)n)
			die("an ACK was counted twice or a member missed one");
		res->rekey_span = (double)(sched_now() - t1) / VT_SEC;
		res->rekey_idle = idle * res->rekey_span;
		res->rekey_rate = (double)n / t0;
		res->rekey_rate_busy = t0 > res->rekey_idle ?
		    (double)n / (t0 - res->rekey_idle) : 0;
		res->push_len = max_frame;
		res->rekey_retx = ksg()->n_retx_total - retx0;
	}
	free(gms);
	gms = NULL;
	ks = NULL;
	lab_free();
}

/* ---- raw OpenSSL ------------------------------------------------------------ */

static EVP_PKEY *
dh_params(int group)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *prm = NULL;
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(xform_libctx(), "DH",
	    NULL);
	EVP_PKEY *key = NULL;
	BIGNUM *p = NULL, *g = BN_new();
	int ok;

	/* As ipsec/dh.c: group 2 the RFC 2409 prime, group 14 the named
	 * RFC 3526 group. */
	if (group == 2)
		ok = (p = BN_get_rfc2409_prime_1024(NULL)) != NULL &&
		    BN_set_word(g, 2) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g);
	else
		ok = OSSL_PARAM_BLD_push_utf8_string(bld,
		    OSSL_PKEY_PARAM_GROUP_NAME, "modp_2048", 0);
	ok = ok && (prm = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    pc != NULL && EVP_PKEY_fromdata_init(pc) > 0 &&
	    EVP_PKEY_fromdata(pc, &key, EVP_PKEY_KEY_PARAMETERS, prm) > 0;
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(pc);
	BN_free(p);
	BN_free(g);
	if (!ok)
		die("raw DH parameters");
	return key;
}

static EVP_PKEY *
dh_keygen(EVP_PKEY *params)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), params,
	    NULL);
	EVP_PKEY *k = NULL;

	if (kc == NULL || EVP_PKEY_keygen_init(kc) <= 0 ||
	    EVP_PKEY_generate(kc, &k) <= 0)
		die("raw DH keygen");
	EVP_PKEY_CTX_free(kc);
	return k;
}

static void
dh_derive(EVP_PKEY *mine, EVP_PKEY *peer)
{
	EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), mine,
	    NULL);
	uint8_t out[512];
	size_t len = sizeof(out);

	if (dc == NULL || EVP_PKEY_derive_init(dc) <= 0 ||
	    EVP_PKEY_CTX_set_dh_pad(dc, 1) <= 0 ||
	    EVP_PKEY_derive_set_peer(dc, peer) <= 0 ||
	    EVP_PKEY_derive(dc, out, &len) <= 0)
		die("raw DH derive");
	EVP_PKEY_CTX_free(dc);
}

/* Registrations/s of the DH work alone: both ends, keygen + derive. */
static double
raw_dh(int group, int n)
{
	EVP_PKEY *params = dh_params(group);
	double t0;

	t0 = now_s();
	for (int i = 0; i < n; i++) {
		EVP_PKEY *a = dh_keygen(params), *b = dh_keygen(params);

		dh_derive(a, b);
		dh_derive(b, a);
		EVP_PKEY_free(a);
		EVP_PKEY_free(b);
	}
	t0 = now_s() - t0;
	EVP_PKEY_free(params);
	return n / t0;
}

struct raw_rekey {
	double	 sign, verify;		/* per second */
	double	 member;		/* per-member work, per second */
};

/* RSA-1024 sign/verify of a raw SHA-1 (PKCS#1 v1.5, no DigestInfo, as a
 * PUSH signature) and the per-member symmetric work of a push_len PUSH. */
static void
raw_rekey(size_t push_len, int n, struct raw_rekey *out)
{
	OSSL_LIB_CTX *lc = xform_libctx();
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(lc, NULL, "RSA", (size_t)RSA_BITS);
	EVP_PKEY_CTX *sc, *vc;
	EVP_CIPHER *des = EVP_CIPHER_fetch(lc, "DES-EDE3-CBC", NULL);
	EVP_MD *sha1 = EVP_MD_fetch(lc, "SHA1", NULL);
	EVP_MAC *hm = EVP_MAC_fetch(lc, "HMAC", NULL);
	OSSL_PARAM mp[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA1", 0),
		OSSL_PARAM_construct_end()
	};
	uint8_t md[64], sig[RSA_BITS / 8], key[24], iv[8], *buf;
	size_t siglen = sizeof(sig), len = (push_len + 7) / 8 * 8, ml;
	unsigned int hl;
	double t0, t_sym;
	int ol;

	if (rsa == NULL || des == NULL || sha1 == NULL || hm == NULL ||
	    (buf = calloc(1, len)) == NULL)
		die("raw rekey setup");
	rng_bytes(md, 20);
	rng_bytes(key, sizeof(key));
	rng_bytes(iv, sizeof(iv));
	sc = EVP_PKEY_CTX_new_from_pkey(lc, rsa, NULL);
	vc = EVP_PKEY_CTX_new_from_pkey(lc, rsa, NULL);
	if (sc == NULL || vc == NULL || EVP_PKEY_sign_init(sc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(sc, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_verify_init(vc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(vc, RSA_PKCS1_PADDING) <= 0)
		die("raw RSA contexts");
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		siglen = sizeof(sig);
		if (EVP_PKEY_sign(sc, sig, &siglen, md, 20) <= 0)
			die("raw RSA sign");
	}
	out->sign = n / (now_s() - t0);
	t0 = now_s();
	for (int i = 0; i < n; i++)
		if (EVP_PKEY_verify(vc, sig, siglen, md, 20) != 1)
			die("raw RSA verify");
	out->verify = n / (now_s() - t0);
	/* Per member: decrypt the PUSH (fresh context, as a GM does), hash
	 * it for the signature check, HMAC the ACK on both ends. */
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		EVP_MAC_CTX *m;

		if (c == NULL || !EVP_CipherInit_ex2(c, des, key, iv, 0, NULL) ||
		    !EVP_CIPHER_CTX_set_padding(c, 0) ||
		    !EVP_CipherUpdate(c, buf, &ol, buf, (int)len))
			die("raw 3DES");
		EVP_CIPHER_CTX_free(c);
		if (!EVP_Digest(buf, len, md, &hl, sha1, NULL))
			die("raw SHA-1");
		for (int k = 0; k < 2; k++) {
			if ((m = EVP_MAC_CTX_new(hm)) == NULL ||
			    !EVP_MAC_init(m, key, 24, mp) ||
			    !EVP_MAC_update(m, buf, 32) ||
			    !EVP_MAC_final(m, md, &ml, sizeof(md)))
				die("raw HMAC");
			EVP_MAC_CTX_free(m);
		}
	}
	t_sym = (now_s() - t0) / n;
	out->member = 1.0 / (1.0 / out->verify + t_sym);
	EVP_PKEY_CTX_free(sc);
	EVP_PKEY_CTX_free(vc);
	EVP_PKEY_free(rsa);
	EVP_CIPHER_free(des);
	EVP_MD_free(sha1);
	EVP_MAC_free(hm);
	free(buf);
}

/* ---- main ---------------------------------------------------------------- */

/* Every size for one DH group, a line per measurement; the rekey (which
 * does not depend on the group) only where asked. */
static void
run_group(int g, const int *sizes, int n_sizes, bool rekey)
{
	rng_seed(1);
	for (int i = 0; i < n_sizes; i++) {
		struct result res;
		struct raw_rekey rr;
		double raw;

		run_lab(sizes[i], g, rekey, &res);
		raw = raw_dh(g, g == 2 ? 400 : 200);
		printf("gdoi-reg: %d GMs, group %d: %.0f registrations/s "
		    "(MM + GROUPKEY-PULL; raw OpenSSL DH keygen+derive both "
		    "ends %.0f/s; ratio %.2f)\n", res.n, g, res.reg_rate, raw,
		    res.reg_rate / raw);
		printf("gdoi-mem: %d GMs, group %d: KS %.1f KB per registered "
		    "GM; GM router %.1f KB configured + %.1f KB registered "
		    "(mallinfo2)\n", res.n, g, res.ks_kb, res.gm_cfg_kb,
		    res.gm_reg_kb);
		fflush(stdout);
		if (!rekey)
			continue;
		raw_rekey(res.push_len - 32, 500, &rr);
		/* Raw for N members: one signature + N x member work. */
		raw = 1.0 / (1.0 / rr.member + 1.0 / rr.sign / res.n);
		printf("gdoi-rekey: %d GMs: %.0f members/s, %.0f/s without the "
		    "lab's idle timers (%.2f s) over the rekey's %.0f s of lab "
		    "time (TEK PUSH frames of %zu bytes, unicast, 50 members "
		    "per 5 s, %llu retransmitted, every ACK in; raw OpenSSL per member RSA-%d "
		    "verify + 3DES + SHA-1 + 2 HMAC %.0f/s, RSA-%d sign %.0f/s, "
		    "verify %.0f/s; ratio %.3f)\n", res.n, res.rekey_rate,
		    res.rekey_rate_busy, res.rekey_idle, res.rekey_span,
		    res.push_len, (unsigned long long)res.rekey_retx, RSA_BITS,
		    raw, RSA_BITS, rr.sign, rr.verify,
		    res.rekey_rate_busy / raw);
		fflush(stdout);
	}
}

int
main(int argc, char **argv)
{
	int	 sizes[8] = { 1000, 10000 }, n_sizes = 2, only = 0, jobs = 2;
	int	 groups[2] = { 2, 14 }, c, rc = 0;
	FILE	*out[2] = { NULL, NULL };
	pid_t	 pid[2] = { -1, -1 };
	char	*s, *tok, buf[1024];

	while ((c = getopt(argc, argv, "n:g:j:")) != -1) {
		switch (c) {
		case 'n':
			n_sizes = 0;
			s = optarg;
			while ((tok = strsep(&s, ",")) != NULL && n_sizes < 8)
				if ((sizes[n_sizes++] = atoi(tok)) < 1)
					return 2;
			break;
		case 'g':
			only = atoi(optarg);
			if (only != 2 && only != 14)
				return 2;
			break;
		case 'j':
			jobs = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: bench_gdoi [-n N[,N...]] "
			    "[-g 2|14] [-j 1|2]\n");
			return 2;
		}
	}
	/* Before OpenSSL allocates anything. */
	if (!CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free))
		die("CRYPTO_set_mem_functions");
	vpnsim_init();
	if (only != 0 || jobs < 2) {
		for (int gi = 0; gi < 2; gi++)
			if (only == 0 || groups[gi] == only)
				run_group(groups[gi], sizes, n_sizes, gi == 0 ||
				    only != 0);
	} else {
		/* Two workers, one per group, on the machine's two cores; the
		 * output in a fixed order once both are done. */
		fflush(stdout);
		for (int gi = 0; gi < 2; gi++) {
			if ((out[gi] = tmpfile()) == NULL ||
			    (pid[gi] = fork()) < 0)
				die("tmpfile/fork");
			if (pid[gi] == 0) {
				if (dup2(fileno(out[gi]), STDOUT_FILENO) < 0)
					_exit(1);
				run_group(groups[gi], sizes, n_sizes, gi == 0);
				fflush(stdout);
				_exit(0);
			}
		}
		for (int gi = 0; gi < 2; gi++) {
			int st;

			if (waitpid(pid[gi], &st, 0) < 0 || !WIFEXITED(st) ||
			    WEXITSTATUS(st) != 0)
				rc = 1;
			rewind(out[gi]);
			while (fgets(buf, sizeof(buf), out[gi]) != NULL)
				fputs(buf, stdout);
			fclose(out[gi]);
		}
	}
	vpnsim_shutdown();
	rng_ossl_free();
	return rc;
}
