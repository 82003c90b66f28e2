/* IKEv1 negotiation benchmark, run by hand or by `make bench`:
 *
 *  ike: complete main mode + quick mode negotiations per second between
 *       two vpnsim routers on one link (PSK, aes/sha/group 2 phase 1,
 *       esp-aes esp-sha-hmac phase 2, no PFS; each round is cleared with
 *       `clear crypto session` and negotiated again), next to a baseline
 *       measured in the same run: the Diffie-Hellman work of one
 *       negotiation (two group-2 key pairs and two shared secrets) done
 *       directly with dh.h.  The ratio (vpnsim / raw) is the cost of
 *       everything around the DH: packets, HMACs, CBC, state, debug checks.
 *
 * usage: bench_ike [-n NEGOTIATIONS] [-g GROUP]
 * This is a benchmark, so unlike lab code it reads the wall clock. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dh.h"
#include "engine.h"
#include "ike.h"
#include "ipv4.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
cfg(struct router *r, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	if (router_load_config(r, text, &err) != 0)
		fprintf(stderr, "%s: %s", r->name, err.s ? err.s : "");
	sb_free(&err);
}

static const char common[] =
    "crypto isakmp policy 10\n encr aes\n hash sha\n"
    " authentication pre-share\n group %d\n"
    "crypto isakmp key bench address %s\n"
    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
    "crypto map CMAP 10 ipsec-isakmp\n set peer %s\n"
    " set transform-set TS\n match address 101\n"
    "interface Serial1/0\n crypto map CMAP\n";

static bool
up(struct router *r)
{
	struct ipsec_flow *f = TAILQ_FIRST(&ipsec_engine(r)->flows);

	return f != NULL && f->in != NULL && f->out != NULL;
}

int
main(int argc, char **argv)
{
	struct router *r1, *r2;
	struct ipsec_proxy lid, rid;
	struct ipsec_flow *f;
	const char *err;
	char	 buf[1024];
	int	 n = 200, group = 2, c, done = 0;
	double	 t0, t_vpn, t_raw;

	while ((c = getopt(argc, argv, "n:g:")) != -1) {
		if (c == 'n')
			n = atoi(optarg);
		else if (c == 'g')
			group = atoi(optarg);
		else {
			fprintf(stderr, "usage: bench_ike [-n N] [-g GROUP]\n");
			return 2;
		}
	}
	if (n < 1 || dh_group_get(group) == NULL)
		return 2;
	vpnsim_init();
	lab_init(1);
	r1 = lab_add_router("R1", &err);
	r2 = lab_add_router("R2", &err);
	lab_add_link(r1, "Serial1/0", r2, "Serial1/0", &err);
	cfg(r1, "interface Serial1/0\n ip address 10.0.0.1 255.255.255.0\n"
	    " no shutdown\n"
	    "access-list 101 permit ip 1.1.1.0 0.0.0.255 2.2.2.0 0.0.0.255\n");
	cfg(r2, "interface Serial1/0\n ip address 10.0.0.2 255.255.255.0\n"
	    " no shutdown\n"
	    "access-list 101 permit ip 2.2.2.0 0.0.0.255 1.1.1.0 0.0.0.255\n");
	snprintf(buf, sizeof(buf), common, group, "10.0.0.2", "10.0.0.2");
	cfg(r1, buf);
	snprintf(buf, sizeof(buf), common, group, "10.0.0.1", "10.0.0.1");
	cfg(r2, buf);
	sched_run_until(sched_now() + 5 * VT_SEC);
	memset(&lid, 0, sizeof(lid));
	memset(&rid, 0, sizeof(rid));
	lid.addr = 0x01010100u;
	rid.addr = 0x02020200u;
	lid.mask = rid.mask = 0xffffff00u;

	t0 = now_s();
	for (int i = 0; i < n; i++) {
		f = ipsec_flow_lookup(r1, "CMAP", 10, "Serial1/0", 0x0a000002u,
		    &lid, &rid, true);
		if (ike_acquire(r1, f) != 0)
			break;
		sched_run_until(sched_now() + VT_SEC);
		if (!up(r1) || !up(r2))
			break;
		done++;
		ike_clear_session(r1, 0);
		/* Deleted IKE SAs are purged a minute later. */
		sched_run_until(sched_now() + 61 * VT_SEC);
	}
	t_vpn = now_s() - t0;
	lab_free();

	t0 = now_s();
	for (int i = 0; i < n; i++) {
		struct dh *a = dh_new(group), *b = dh_new(group);
		uint8_t	 s[DH_MAX_SECRET];
		const uint8_t *pa, *pb;
		size_t	 la, lb;

		pa = dh_public(a, &la);
		pb = dh_public(b, &lb);
		if (dh_compute(a, pb, lb, s, sizeof(s)) < 0 ||
		    dh_compute(b, pa, la, s, sizeof(s)) < 0)
			return 1;
		dh_free(a);
		dh_free(b);
	}
	t_raw = now_s() - t0;
	vpnsim_shutdown();
	if (done != n) {
		fprintf(stderr, "bench_ike: only %d of %d negotiations\n", done,
		    n);
		return 1;
	}
	printf("ike: %d MM+QM negotiations (group %d): %.1f/s vpnsim, "
	    "%.1f/s raw DH work, ratio %.2f\n", n, group, n / t_vpn,
	    n / t_raw, t_raw / t_vpn);
	return 0;
}
