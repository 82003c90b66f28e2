/* The @ directives of the scenario language (DESIGN §4): building the lab,
 * moving between routers, advancing time, checking output, captures and
 * faults.  Each directive has a grammar of candidates per word position
 * so `?` and TAB work on @ lines as they do on IOS lines. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bridge.h"
#include "cli.h"
#include "console_priv.h"
#include "iface.h"
#include "lab.h"
#include "link.h"
#include "rng.h"
#include "router.h"

#define MAX_WORDS	64

/* ---- candidates for ? and TAB ----------------------------------------- */

struct cand {
	char		 name[72];
	const char	*help;
	bool		 value;		/* placeholder (WORD, DURATION): not completed */
};

struct cands {
	struct cand	 c[256];
	int		 n;
	bool		 cr;		/* the directive may end here */
};

static void
add(struct cands *cl, const char *name, const char *help, bool value)
{
	if (cl->n >= (int)(sizeof(cl->c) / sizeof(cl->c[0])))
		return;
	snprintf(cl->c[cl->n].name, sizeof(cl->c[0].name), "%s", name);
	cl->c[cl->n].help = help;
	cl->c[cl->n].value = value;
	cl->n++;
}

static void
add_routers(struct cands *cl)
{
	struct router *r;

	if (the_lab == NULL)
		return;
	TAILQ_FOREACH(r, &the_lab->routers, entry)
		add(cl, r->name, "Router", false);
}

/* A router named by a unique prefix (case-insensitive) also counts, as IOS
 * keywords do.  *ambiguous tells the two failures apart. */
static struct router *
find_router(const char *name, bool *ambiguous)
{
	struct router *r, *hit = NULL;
	size_t n = strlen(name);
	int hits = 0;

	if (ambiguous)
		*ambiguous = false;
	if ((r = lab_find_router(name)) != NULL)
		return r;
	if (the_lab == NULL || n == 0)
		return NULL;
	TAILQ_FOREACH(r, &the_lab->routers, entry)
		if (strncasecmp(r->name, name, n) == 0) {
			hit = r;
			hits++;
		}
	if (hits == 1)
		return hit;
	if (hits > 1 && ambiguous)
		*ambiguous = true;
	return NULL;
}

static void
add_ifaces(struct cands *cl, const char *rname)
{
	struct router *r = find_router(rname, NULL);

	if (r != NULL)
		for (int i = 0; i < r->n_ifaces; i++)
			add(cl, r->ifaces[i]->name, r->ifaces[i]->link ?
			    "Interface (connected)" : "Interface", false);
	add(cl, "IFNAME", "Interface name: Serial1/0, se1/0, e0/0, gi0/1", true);
}

/* ---- lookups shared by the directives -------------------------------- */

static struct router *
need_router(const char *name)
{
	bool amb;
	struct router *r = find_router(name, &amb);

	if (r == NULL)
		con_lab_error(amb ? "ambiguous router name %s" :
		    "unknown router %s", name);
	return r;
}

static struct iface *
need_iface(struct router *r, const char *name)
{
	struct iface *ifp = router_find_iface(r, name);

	if (ifp == NULL)
		con_lab_error("%s has no interface %s", r->name, name);
	return ifp;
}

static struct link *
need_link(struct router *r, const char *ifname)
{
	struct iface *ifp = need_iface(r, ifname);

	if (ifp == NULL)
		return NULL;
	if (ifp->link == NULL) {
		con_lab_error("%s %s is not connected", r->name, ifp->name);
		return NULL;
	}
	return ifp->link;
}

static bool
kw(const char *word, const char *keyword)
{
	size_t n = strlen(word);

	return n > 0 && strncasecmp(word, keyword, n) == 0;
}

/* ---- link options -------------------------------------------------------- */

struct link_opts {
	bool		 has_delay, has_loss, has_mtu, has_bw;
	vtime_t		 delay;
	double		 loss;
	int		 mtu;
	uint64_t	 bw;
};

static const char *const link_opt_names[] = {
	"bandwidth", "delay", "loss", "mtu", NULL
};

static const char *
link_opt(const char *word)
{
	const char *hit = NULL;

	for (int i = 0; link_opt_names[i] != NULL; i++)
		if (kw(word, link_opt_names[i])) {
			if (hit != NULL)
				return NULL;
			hit = link_opt_names[i];
		}
	return hit;
}

static void
add_link_opt_cands(struct cands *cl, const char *prev_opt)
{
	if (prev_opt == NULL) {
		add(cl, "bandwidth", "Link bandwidth (serialisation delay)", false);
		add(cl, "delay", "One-way propagation delay", false);
		add(cl, "loss", "Frame loss probability", false);
		add(cl, "mtu", "Largest frame payload the wire carries", false);
		cl->cr = true;
	} else if (strcmp(prev_opt, "delay") == 0)
		add(cl, "DELAY", "5ms, 2s, 100us (a bare number is ms)", true);
	else if (strcmp(prev_opt, "loss") == 0)
		add(cl, "PERCENT", "Loss in percent: 5%, 0.1%", true);
	else if (strcmp(prev_opt, "mtu") == 0)
		add(cl, "<64-18000>", "Bytes", true);
	else
		add(cl, "BANDWIDTH", "1544k, 10M, 1G (a bare number is kbit/s)", true);
}

/* Parses "opt value" pairs from argv[0..argc). */
static int
parse_link_opts(int argc, char **argv, struct link_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 0; i < argc; i += 2) {
		const char *opt = link_opt(argv[i]);

		if (opt == NULL)
			return con_lab_error("unknown link option %s", argv[i]);
		if (i + 1 >= argc)
			return con_lab_error("%s needs a value", opt);
		if (strcmp(opt, "delay") == 0) {
			if (parse_duration(argv[i + 1], VT_MSEC, &o->delay) != 0)
				return con_lab_error("bad delay %s", argv[i + 1]);
			o->has_delay = true;
		} else if (strcmp(opt, "loss") == 0) {
			if (parse_percent(argv[i + 1], &o->loss) != 0)
				return con_lab_error("bad loss %s", argv[i + 1]);
			o->has_loss = true;
		} else if (strcmp(opt, "mtu") == 0) {
			char *end;
			long v = strtol(argv[i + 1], &end, 10);
			if (*end != '\0' || v < 64 || v > 18000)
				return con_lab_error("bad mtu %s", argv[i + 1]);
			o->mtu = (int)v;
			o->has_mtu = true;
		} else {
			if (parse_bandwidth(argv[i + 1], &o->bw) != 0)
				return con_lab_error("bad bandwidth %s", argv[i + 1]);
			o->has_bw = true;
		}
	}
	return 0;
}

static void
apply_link_opts(struct link *l, const struct link_opts *o)
{
	if (o->has_delay)
		l->delay = o->delay;
	if (o->has_loss)
		l->loss = o->loss;
	if (o->has_bw)
		l->bandwidth_bps = o->bw;
	if (o->has_mtu) {
		l->mtu = o->mtu;
		for (int i = 0; i < l->n_ports; i++)
			l->ports[i]->mtu = o->mtu;
	}
}

/* ---- the directives --------------------------------------------------- */

struct directive {
	const char	*name;
	const char	*usage;
	const char	*help;
	/* argv: the words after the name; rest: the text after the name. */
	int		(*fn)(int argc, char **argv, const char *rest);
	/* Candidates for word `pos` (0 = first after the name). */
	void		(*cands)(int pos, char **w, int nw, struct cands *cl);
	bool		 literal;	/* the rest is text: ? and TAB are plain */
};

static const struct directive directives[];

/* @router NAME [config FILE] */
static int
d_router(int argc, char **argv, const char *rest)
{
	struct router *r;
	const char *err = NULL;
	char *nv;

	if (argc != 1 && !(argc == 3 && kw(argv[1], "config")))
		return con_lab_error("usage: @router NAME [config FILE]");
	if ((r = lab_add_router(argv[0], &err)) == NULL)
		return con_lab_error("@router %s: %s", argv[0], err);
	con_router_added(r);
	/* A startup config saved with `write memory` wins over the lab's. */
	if ((nv = lab_nvram_path(r->name, true)) != NULL) {
		int ret = con_load_config(r, nv);
		free(nv);
		return ret;
	}
	if (argc == 3)
		return con_load_config(r, argv[2]);
	return 0;
}

static void
c_router(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add(cl, "NAME", "Name of the new router", true);
	else if (pos == 1) {
		add(cl, "config", "Startup configuration from a file", false);
		cl->cr = true;
	} else if (pos == 2)
		add(cl, "FILE", "Config file, relative to the lab file", true);
	else if (pos == 3)
		cl->cr = true;
}

/* @link A IF B IF [options] */
static int
d_link(int argc, char **argv, const char *rest)
{
	struct router *a, *b;
	struct link_opts o;
	struct link *l;
	const char *err = NULL;

	if (argc < 4)
		return con_lab_error("usage: @link A IF B IF [delay D] [loss P%%] "
		    "[mtu N] [bandwidth B]");
	if ((a = need_router(argv[0])) == NULL ||
	    (b = need_router(argv[2])) == NULL)
		return -1;
	if (parse_link_opts(argc - 4, argv + 4, &o) != 0)
		return -1;
	if ((l = lab_add_link(a, argv[1], b, argv[3], &err)) == NULL)
		return con_lab_error("@link %s %s %s %s: %s", a->name, argv[1],
		    b->name, argv[3], err);
	apply_link_opts(l, &o);
	return 0;
}

static void
c_link(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0 || pos == 2)
		add_routers(cl);
	else if (pos == 1 || pos == 3)
		add_ifaces(cl, w[pos - 1]);
	else if ((pos - 4) % 2 == 1) {
		if (link_opt(w[pos - 1]) != NULL)
			add_link_opt_cands(cl, link_opt(w[pos - 1]));
	} else
		add_link_opt_cands(cl, NULL);
}

/* @segment NAME A IF [B IF ...] [options] */
static int
d_segment(int argc, char **argv, const char *rest)
{
	struct link_opts o;
	struct link *l;
	const char *err = NULL;
	int i;

	if (argc < 1)
		return con_lab_error("usage: @segment NAME A IF [B IF ...]");
	/* Router/interface pairs until the first word that is not a
	 * router name: from there on, link options. */
	for (i = 1; i < argc && find_router(argv[i], NULL) != NULL; i += 2)
		if (i + 1 >= argc)
			return con_lab_error("%s: interface missing", argv[i]);
	if (parse_link_opts(argc - i, argv + i, &o) != 0)
		return -1;
	if ((l = lab_find_segment(argv[0])) == NULL &&
	    (l = lab_add_segment(argv[0], &err)) == NULL)
		return con_lab_error("@segment %s: %s", argv[0], err);
	for (int j = 1; j < i; j += 2) {
		struct router *r = need_router(argv[j]);
		if (r == NULL)
			return -1;
		if (lab_segment_attach(l, r, argv[j + 1], &err) != 0)
			return con_lab_error("@segment %s %s %s: %s", argv[0],
			    r->name, argv[j + 1], err);
	}
	apply_link_opts(l, &o);
	return 0;
}

static void
c_segment(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0) {
		if (the_lab != NULL)
			for (int i = 0; i < the_lab->n_links; i++)
				if (the_lab->links[i]->kind == LINK_SEGMENT)
					add(cl, the_lab->links[i]->name,
					    "Existing segment", false);
		add(cl, "NAME", "Name of the segment", true);
	} else if (pos % 2 == 1) {
		add_routers(cl);
		if (pos >= 3)
			add_link_opt_cands(cl, NULL);
	} else if (link_opt(w[pos - 1]) != NULL &&
	    find_router(w[pos - 1], NULL) == NULL)
		add_link_opt_cands(cl, link_opt(w[pos - 1]));
	else
		add_ifaces(cl, w[pos - 1]);
}

/* @bridge R IF tap:NAME | pcap:IFNAME | udp:LPORT:RHOST:RPORT | none */
static int
d_bridge(int argc, char **argv, const char *rest)
{
	struct bridge_spec spec;
	struct router *r;
	struct iface *ifp;
	const char *err = NULL;
	char msg[320];

	if (argc != 3)
		return con_lab_error("usage: @bridge R IF tap:NAME|pcap:IFNAME|"
		    "udp:LPORT:RHOST:RPORT|none");
	if ((r = need_router(argv[0])) == NULL)
		return -1;
	if (strcasecmp(argv[2], "none") == 0) {
		if ((ifp = need_iface(r, argv[1])) == NULL)
			return -1;
		if (ifp->br == NULL)
			return con_lab_error("%s %s is not bridged", r->name,
			    ifp->name);
		bridge_detach(ifp);
		return 0;
	}
	if (bridge_parse(argv[2], &spec, msg, sizeof(msg)) != 0)
		return con_lab_error("@bridge %s %s %s: %s", r->name, argv[1],
		    argv[2], msg);
	/* Created if missing, as @link does. */
	if ((ifp = router_get_iface(r, argv[1], &err)) == NULL)
		return con_lab_error("@bridge %s %s: %s", r->name, argv[1], err);
	if (bridge_attach(ifp, &spec, false, msg, sizeof(msg)) != 0)
		return con_lab_error("@bridge %s %s %s: %s", r->name, ifp->name,
		    argv[2], msg);
	return 0;
}

static void
c_bridge(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add_routers(cl);
	else if (pos == 1)
		add_ifaces(cl, w[0]);
	else if (pos == 2) {
		add(cl, "none", "Remove the interface's bridge", false);
		add(cl, "pcap:IFNAME", "Existing host interface through libpcap", true);
		add(cl, "tap:NAME", "Linux TAP device (created if missing)", true);
		add(cl, "udp:LPORT:RHOST:RPORT", "UDP tunnel, one frame per datagram "
		    "(GNS3/Dynamips NIO)", true);
	} else if (pos == 3)
		cl->cr = true;
}

static int
d_on(int argc, char **argv, const char *rest)
{
	struct router *r;

	if (argc != 1)
		return con_lab_error("usage: @on NAME");
	if ((r = need_router(argv[0])) == NULL)
		return -1;
	con_set_current(r);
	return 0;
}

static void
c_on(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add_routers(cl);
	else if (pos == 1)
		cl->cr = true;
}

static int
d_wait(int argc, char **argv, const char *rest)
{
	vtime_t d;
	bool rt;

	if (argc != 1)
		return con_lab_error("usage: @wait DURATION");
	if (parse_duration(argv[0], VT_SEC, &d) != 0)
		return con_lab_error("bad duration %s: use 90, 15m, 2h, 1d, 1h30m",
		    argv[0]);
	/* As fast as the CPU allows, even in a real-time lab; but a lab
	 * bridged to a real network waits the real time, hearing its
	 * bridges meanwhile. */
	rt = sched_realtime();
	if (rt != (bridge_count() > 0))
		sched_set_realtime(!rt);
	sched_run_until(sched_now() + d);
	if (rt != sched_realtime())
		sched_set_realtime(rt);
	return 0;
}

static void
c_wait(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add(cl, "DURATION", "Time to run: 90 (seconds), 15m, 2h, 1d, 1h30m", true);
	else if (pos == 1)
		cl->cr = true;
}

static int
expect(const char *rest, bool negate)
{
	const char *out = sb_str(&con->last);
	size_t n = strlen(rest);
	bool found;

	while (n > 0 && (rest[n - 1] == ' ' || rest[n - 1] == '\t'))
		n--;
	if (n == 0)
		return con_lab_error("@expect needs a text or /REGEX/");
	if (n >= 2 && rest[0] == '/' && rest[n - 1] == '/') {
		char *pat = strndup(rest + 1, n - 2);
		regex_t re;
		int rc;

		if (pat == NULL)
			abort();
		/* REG_NEWLINE: ^ and $ match at each line, . stops at the
		 * end of a line: the pattern is tried on every line. */
		rc = regcomp(&re, pat, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);
		free(pat);
		if (rc != 0) {
			char msg[128];
			regerror(rc, &re, msg, sizeof(msg));
			return con_lab_error("bad regular expression: %s", msg);
		}
		found = regexec(&re, out, 0, NULL, 0) == 0;
		regfree(&re);
	} else {
		char *text = strndup(rest, n);
		if (text == NULL)
			abort();
		found = strstr(out, text) != NULL;
		free(text);
	}
	if (found != negate)
		return 0;
	/* Not recorded as output: the next @expect still sees the command's
	 * output. */
	fprintf(stdout, "%% @expect%s failed: %.*s\n", negate ? "-not" : "",
	    (int)n, rest);
	fflush(stdout);
	if (con->src != NULL) {
		fprintf(stderr, "%s:%d: expect failed\n", con->src->name,
		    con->src->lineno);
		fflush(stderr);
		if (con->status < CON_EXPECT_FAILED)
			con->status = CON_EXPECT_FAILED;
	}
	return 0;
}

static int
d_expect(int argc, char **argv, const char *rest)
{
	return expect(rest, false);
}

static int
d_expect_not(int argc, char **argv, const char *rest)
{
	return expect(rest, true);
}

static void
c_expect(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0) {
		add(cl, "/REGEX/", "Extended regular expression, any line", true);
		add(cl, "TEXT", "Text in the output of the previous command", true);
	}
}

static void
capture_name(struct link *l, char *buf, size_t len)
{
	if (l->kind == LINK_SEGMENT || l->n_ports == 0)
		snprintf(buf, len, "%s.pcap", l->name);
	else
		snprintf(buf, len, "%s-%s.pcap", l->ports[0]->r->name,
		    l->ports[0]->name);
	for (char *p = buf; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ')
			*p = '_';
}

static int
start_capture(struct link *l, const char *dir, const char *file)
{
	char name[128], *path;
	struct strbuf sb = STRBUF_INIT;

	if (file == NULL) {
		capture_name(l, name, sizeof(name));
		file = name;
	}
	if (file[0] == '/' || dir == NULL || dir[0] == '\0')
		sb_puts(&sb, file);
	else
		sb_printf(&sb, "%s/%s", dir, file);
	path = sb_steal(&sb);
	if (link_capture_start(l, path) != 0) {
		con_lab_error("cannot write capture %s", path);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static int
d_capture(int argc, char **argv, const char *rest)
{
	const char *dir = the_lab->capture_dir ? the_lab->capture_dir : ".";
	struct router *r;
	struct link *l;

	if (argc == 0)
		return con_lab_error("usage: @capture all [DIR] | R IF [FILE] | stop");
	if (strcmp(argv[0], "all") == 0) {
		if (argc > 2)
			return con_lab_error("usage: @capture all [DIR]");
		if (argc == 2)
			dir = argv[1];
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			return con_lab_error("cannot create %s: %s", dir,
			    strerror(errno));
		for (int i = 0; i < the_lab->n_links; i++)
			if (start_capture(the_lab->links[i], dir, NULL) != 0)
				return -1;
		for (int i = 0; bridge_link(i) != NULL; i++)
			if (start_capture(bridge_link(i), dir, NULL) != 0)
				return -1;
		return 0;
	}
	if (strcmp(argv[0], "stop") == 0) {
		for (int i = 0; i < the_lab->n_links; i++)
			link_capture_stop(the_lab->links[i]);
		for (int i = 0; bridge_link(i) != NULL; i++)
			link_capture_stop(bridge_link(i));
		return 0;
	}
	if (argc < 2 || argc > 3)
		return con_lab_error("usage: @capture R IF [FILE]");
	if ((r = need_router(argv[0])) == NULL ||
	    (l = need_link(r, argv[1])) == NULL)
		return -1;
	if (argc == 3)
		return start_capture(l, dir, argv[2]);
	{
		/* Named after the side asked for. */
		char name[128];
		struct iface *ifp = router_find_iface(r, argv[1]);
		snprintf(name, sizeof(name), "%s-%s.pcap", r->name, ifp->name);
		for (char *p = name; *p; p++)
			if (*p == '/' || *p == ':')
				*p = '_';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			return con_lab_error("cannot create %s: %s", dir,
			    strerror(errno));
		return start_capture(l, dir, name);
	}
}

static void
c_capture(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0) {
		add(cl, "all", "Every link, one file each", false);
		add(cl, "stop", "Close every capture", false);
		add_routers(cl);
	} else if (strcmp(w[0], "all") == 0) {
		if (pos == 1) {
			add(cl, "DIR", "Directory (default: --capture DIR or .)", true);
			cl->cr = true;
		} else if (pos == 2)
			cl->cr = true;
	} else if (strcmp(w[0], "stop") == 0) {
		if (pos == 1)
			cl->cr = true;
	} else if (pos == 1)
		add_ifaces(cl, w[0]);
	else if (pos == 2) {
		add(cl, "FILE", "pcap file (default: ROUTER-IFACE.pcap)", true);
		cl->cr = true;
	} else if (pos == 3)
		cl->cr = true;
}

static int
d_fault(int argc, char **argv, const char *rest)
{
	struct router *r;
	struct link *l;

	if (argc >= 1 && kw(argv[0], "clock")) {
		char *end;
		double s;

		if (argc != 3)
			return con_lab_error("usage: @fault clock R +-SECONDS");
		if ((r = need_router(argv[1])) == NULL)
			return -1;
		errno = 0;
		s = strtod(argv[2], &end);
		if (*end != '\0' || end == argv[2] || errno != 0 ||
		    !(fabs(s) < 1e9))
			return con_lab_error("bad clock offset %s", argv[2]);
		/* A fault moves the clock from where it is now, so it
		 * composes with `clock set` and earlier faults. */
		r->clock_offset_ns += (int64_t)llround(s * 1e9);
		return 0;
	}
	if (argc < 4 || !kw(argv[0], "link"))
		return con_lab_error("usage: @fault link A IF down|up|loss P%% "
		    "[in|out]|delay D or @fault clock R +-SECONDS");
	if ((r = need_router(argv[1])) == NULL ||
	    (l = need_link(r, argv[2])) == NULL)
		return -1;
	if (argc == 4 && kw(argv[3], "down"))
		link_set_up(l, false);
	else if (argc == 4 && kw(argv[3], "up"))
		link_set_up(l, true);
	else if (argc == 5 && (kw(argv[3], "loss") || kw(argv[3], "delay"))) {
		struct link_opts o;
		char *av[2] = { argv[3], argv[4] };
		if (parse_link_opts(2, av, &o) != 0)
			return -1;
		/* Loss both ways ends any one-way loss. */
		if (o.has_loss)
			link_set_loss(l, o.loss);
		o.has_loss = false;
		apply_link_opts(l, &o);
	} else if (argc == 6 && kw(argv[3], "loss")) {
		/* loss P% out|in: one way only, seen from R IF: the frames
		 * it sends (out) or the frames sent to it (in). */
		double p;
		bool out = kw(argv[5], "out");

		if (parse_percent(argv[4], &p) != 0)
			return con_lab_error("bad loss %s", argv[4]);
		if (!out && !kw(argv[5], "in"))
			return con_lab_error("bad loss direction %s (in or out)",
			    argv[5]);
		if (link_set_oneway_loss(l, need_iface(r, argv[2]), out,
		    p) != 0)
			return con_lab_error("%s %s is not on the link",
			    argv[1], argv[2]);
	} else if ((argc == 5 || argc == 7) && kw(argv[3], "reorder")) {
		/* reorder P% [delay D]: each frame is held back by D (10 ms
		 * by default) with probability P, so later frames overtake
		 * it (anti-replay exercises). */
		double p;
		vtime_t d = 10 * VT_MSEC;

		if (parse_percent(argv[4], &p) != 0)
			return con_lab_error("bad reorder %s", argv[4]);
		if (argc == 7 && (!kw(argv[5], "delay") ||
		    parse_duration(argv[6], VT_MSEC, &d) != 0))
			return con_lab_error("bad reorder delay %s", argv[6]);
		l->reorder = p;
		l->reorder_delay = d;
	} else
		return con_lab_error("usage: @fault link A IF down|up|loss P%% "
		    "[in|out]|delay D|reorder P%% [delay D]");
	return 0;
}

static void
c_fault(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0) {
		add(cl, "clock", "Skew a router's clock", false);
		add(cl, "link", "Impair a link", false);
	} else if (kw(w[0], "clock")) {
		if (pos == 1)
			add_routers(cl);
		else if (pos == 2)
			add(cl, "+-SECONDS", "Seconds to move the clock (+30, -2.5)", true);
		else if (pos == 3)
			cl->cr = true;
	} else if (kw(w[0], "link")) {
		if (pos == 1)
			add_routers(cl);
		else if (pos == 2)
			add_ifaces(cl, w[1]);
		else if (pos == 3) {
			add(cl, "delay", "Set the one-way delay", false);
			add(cl, "down", "Cut the link", false);
			add(cl, "loss", "Set the frame loss", false);
			add(cl, "reorder", "Hold frames back so later ones "
			    "overtake them", false);
			add(cl, "up", "Restore the link", false);
		} else if (pos == 4 && kw(w[3], "reorder"))
			add(cl, "PERCENT", "Frames held back in percent: 10%",
			    true);
		else if (pos == 5 && kw(w[3], "reorder")) {
			add(cl, "delay", "How long a held frame waits (default "
			    "10ms)", false);
			cl->cr = true;
		} else if (pos == 6 && kw(w[3], "reorder"))
			add_link_opt_cands(cl, "delay");
		else if (pos == 4 && (kw(w[3], "loss") || kw(w[3], "delay")))
			add_link_opt_cands(cl, kw(w[3], "loss") ? "loss" : "delay");
		else if (pos == 5 && kw(w[3], "loss")) {
			add(cl, "in", "Only frames sent to this interface", false);
			add(cl, "out", "Only frames this interface sends", false);
			cl->cr = true;
		} else if (pos == 6 && kw(w[3], "loss"))
			cl->cr = true;
		else if (pos == 4 || pos == 5 || pos == 7)
			cl->cr = true;
	}
}

static int
d_seed(int argc, char **argv, const char *rest)
{
	char *end;
	unsigned long long v;

	if (argc != 1)
		return con_lab_error("usage: @seed N");
	errno = 0;
	v = strtoull(argv[0], &end, 10);
	if (*end != '\0' || errno != 0 || !isdigit((unsigned char)argv[0][0]))
		return con_lab_error("bad seed %s", argv[0]);
	rng_seed(v);
	the_lab->seed = v;
	return 0;
}

static void
c_seed(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add(cl, "N", "Seed of the lab's random generator", true);
	else if (pos == 1)
		cl->cr = true;
}

static int
d_clock(int argc, char **argv, const char *rest)
{
	const char *err = NULL;

	if (argc == 0)
		return con_lab_error("usage: @clock YYYY-MM-DD HH:MM:SS");
	if (lab_set_clock(rest, &err) != 0)
		return con_lab_error("@clock %s: %s", rest, err);
	return 0;
}

static void
c_clock(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add(cl, "YYYY-MM-DD", "Lab date", true);
	else if (pos == 1)
		add(cl, "HH:MM:SS", "Lab time of day", true);
	else if (pos == 2)
		cl->cr = true;
}

static void
iface_state(const struct iface *ifp, char *buf, size_t len)
{
	if (ifp->shutdown)
		snprintf(buf, len, "admin-down");
	else
		snprintf(buf, len, "%s/%s", ifp->hw_up ? "up" : "down",
		    ifp->line_up ? "up" : "down");
}

static void
iface_peer(const struct iface *ifp, char *buf, size_t len)
{
	const struct link *l = ifp->link;

	if (l == NULL)
		snprintf(buf, len, "-");
	else if (ifp->bridge != NULL)
		snprintf(buf, len, "bridge %s", ifp->bridge);
	else if (l->kind == LINK_SEGMENT)
		snprintf(buf, len, "segment %s", l->name);
	else if (l->n_ports == 2) {
		const struct iface *o = l->ports[l->ports[0] == ifp ? 1 : 0];
		snprintf(buf, len, "%s %s", o->r->name, o->name);
	} else
		snprintf(buf, len, "-");
}

static int
d_routers(int argc, char **argv, const char *rest)
{
	struct router *r;

	if (argc != 0)
		return con_lab_error("usage: @routers");
	con_printf("  %-15s %-22s %-18s %-11s %s\n", "Router", "Interface",
	    "IP-Address", "Status", "Connected to");
	TAILQ_FOREACH(r, &the_lab->routers, entry) {
		const char *mark = r == con->cur ? "*" : " ";

		if (r->n_ifaces == 0)
			con_printf("%s %-15s %s\n", mark, r->name, "-");
		for (int i = 0; i < r->n_ifaces; i++) {
			struct iface *ifp = r->ifaces[i];
			char addr[32], st[24], peer[128];

			if (ifp->addr != 0)
				snprintf(addr, sizeof(addr), "%u.%u.%u.%u/%d",
				    ifp->addr >> 24, (ifp->addr >> 16) & 0xff,
				    (ifp->addr >> 8) & 0xff, ifp->addr & 0xff,
				    __builtin_popcount(ifp->mask));
			else
				snprintf(addr, sizeof(addr), "unassigned");
			iface_state(ifp, st, sizeof(st));
			iface_peer(ifp, peer, sizeof(peer));
			con_printf("%s %-15s %-22s %-18s %-11s %s\n",
			    i == 0 ? mark : " ", i == 0 ? r->name : "",
			    ifp->name, addr, st, peer);
		}
	}
	return 0;
}

static void
fmt_bw(uint64_t bps, char *buf, size_t len)
{
	if (bps == 0)
		snprintf(buf, len, "-");
	else if (bps % 1000000000 == 0)
		snprintf(buf, len, "%lluG", (unsigned long long)(bps / 1000000000));
	else if (bps % 1000000 == 0)
		snprintf(buf, len, "%lluM", (unsigned long long)(bps / 1000000));
	else if (bps % 1000 == 0)
		snprintf(buf, len, "%lluk", (unsigned long long)(bps / 1000));
	else
		snprintf(buf, len, "%llubps", (unsigned long long)bps);
}

static int
d_links(int argc, char **argv, const char *rest)
{
	if (argc != 0)
		return con_lab_error("usage: @links");
	con_printf("%-32s %-8s %-5s %-7s %-6s %-5s %-9s %s\n", "Link", "Type",
	    "State", "Delay", "Loss", "MTU", "Bandwidth", "Frames/Lost");
	for (int i = 0; i < the_lab->n_links; i++) {
		struct link *l = the_lab->links[i];
		char delay[32], loss[16], mtu[16], bw[24];

		format_duration(l->delay, delay, sizeof(delay));
		snprintf(loss, sizeof(loss), "%g%%", l->loss * 100.0);
		if (l->mtu > 0)
			snprintf(mtu, sizeof(mtu), "%d", l->mtu);
		else
			snprintf(mtu, sizeof(mtu), "-");
		fmt_bw(l->bandwidth_bps, bw, sizeof(bw));
		con_printf("%-32s %-8s %-5s %-7s %-6s %-5s %-9s %llu/%llu\n",
		    l->name, l->kind == LINK_SEGMENT ? "segment" :
		    l->kind == LINK_P2P_SERIAL ? "serial" : "ethernet",
		    l->up ? "up" : "down", delay, loss, mtu, bw,
		    (unsigned long long)l->st.frames,
		    (unsigned long long)l->st.lost);
		if (l->kind == LINK_SEGMENT)
			for (int j = 0; j < l->n_ports; j++)
				con_printf("  %s %s\n", l->ports[j]->r->name,
				    l->ports[j]->name);
		/* One-way losses, as the @fault that set them reads. */
		for (int j = 0; j < l->n_ports; j++) {
			if (l->loss_out[j] > 0)
				con_printf("  %s %s loss %g%% out\n",
				    l->ports[j]->r->name, l->ports[j]->name,
				    l->loss_out[j] * 100.0);
			if (l->loss_in[j] > 0)
				con_printf("  %s %s loss %g%% in\n",
				    l->ports[j]->r->name, l->ports[j]->name,
				    l->loss_in[j] * 100.0);
		}
	}
	return 0;
}

static int
d_help(int argc, char **argv, const char *rest)
{
	/* Usage, then the help in a column; a usage too long for it puts
	 * its help on the next line, so the list fits 80 columns. */
	enum { COL = 34 };

	con_printf("Lab directives (any other line goes to the current router):\n");
	for (const struct directive *d = directives; d->name; d++) {
		char u[160];
		snprintf(u, sizeof(u), "@%s%s%s", d->name, d->usage[0] ? " " : "",
		    d->usage);
		if (strlen(u) <= COL - 4)
			con_printf("  %-*s%s\n", COL - 2, u, d->help);
		else
			con_printf("  %s\n%*s%s\n", u, COL, "", d->help);
	}
	con_printf("Durations: 90 (seconds), 15m, 2h, 1d, 1h30m.  `?` and TAB "
	    "work here as on IOS;\n`#` starts a comment line.\n");
	return 0;
}

static int
d_include(int argc, char **argv, const char *rest)
{
	if (argc != 1)
		return con_lab_error("usage: @include FILE");
	return con_run_path(argv[0]);
}

static void
c_include(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		add(cl, "FILE", "Lab file, relative to this one", true);
	else if (pos == 1)
		cl->cr = true;
}

static int
d_quit(int argc, char **argv, const char *rest)
{
	con->quit = true;
	con->stop = true;
	return 0;
}

static void
c_none(int pos, char **w, int nw, struct cands *cl)
{
	if (pos == 0)
		cl->cr = true;
}

static const struct directive directives[] = {
	{ "bridge", "R IF tap:NAME|pcap:IFNAME|udp:LPORT:RHOST:RPORT",
	  "Bridge an interface to a real network", d_bridge, c_bridge, false },
	{ "capture", "all [DIR] | R IF [FILE] | stop",
	  "Write pcap files of links", d_capture, c_capture, false },
	{ "clock", "YYYY-MM-DD HH:MM:SS", "Set the lab's date and time",
	  d_clock, c_clock, false },
	{ "expect", "TEXT | /REGEX/", "Check the output of the previous line",
	  d_expect, c_expect, true },
	{ "expect-not", "TEXT | /REGEX/", "Check that it is not there",
	  d_expect_not, c_expect, true },
	{ "fault", "link R IF down|up|loss P% [in|out]|delay D | clock R "
	  "+-SECONDS",
	  "Impair a link or skew a clock", d_fault, c_fault, false },
	{ "help", "", "This list", d_help, c_none, false },
	{ "include", "FILE", "Run another lab file", d_include, c_include, false },
	{ "link", "A IF B IF [delay D] [loss P%] [mtu N] [bandwidth B]",
	  "Connect two interfaces", d_link, c_link, false },
	{ "links", "", "List the links", d_links, c_none, false },
	{ "on", "NAME", "Type at this router's console", d_on, c_on, false },
	{ "quit", "", "Leave the console", d_quit, c_none, false },
	{ "router", "NAME [config FILE]", "Add a router", d_router, c_router, false },
	{ "routers", "", "List the routers and their interfaces", d_routers,
	  c_none, false },
	{ "seed", "N", "Seed the random generator", d_seed, c_seed, false },
	{ "segment", "NAME A IF [B IF ...]", "Ethernet segment (a switch)",
	  d_segment, c_segment, false },
	{ "wait", "DURATION", "Run the lab for that long", d_wait, c_wait, false },
	{ NULL, NULL, NULL, NULL, NULL, false }
};

/* ---- dispatch --------------------------------------------------------- */

/* Exact name, else a unique prefix.  *amb: more than one prefix match. */
static const struct directive *
find_directive(const char *name, size_t len, bool *amb)
{
	const struct directive *hit = NULL;
	int hits = 0;

	*amb = false;
	if (len == 0)
		return NULL;
	for (const struct directive *d = directives; d->name; d++)
		if (strlen(d->name) == len && strncasecmp(d->name, name, len) == 0)
			return d;
	for (const struct directive *d = directives; d->name; d++)
		if (strncasecmp(d->name, name, len) == 0) {
			hit = d;
			hits++;
		}
	if (hits == 1)
		return hit;
	*amb = hits > 1;
	return NULL;
}

/* Splits at blanks into at most MAX_WORDS words (in place). */
static int
split(char *s, char **w)
{
	int n = 0;

	for (char *p = s; *p != '\0';) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == MAX_WORDS)
			break;
		w[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
	}
	return n;
}

int
directive_exec(const char *line)
{
	const struct directive *d;
	const char *name = line + 1, *rest;
	size_t len = strcspn(name, " \t");
	char *copy, *w[MAX_WORDS];
	bool amb;
	int n, rc;

	if (len == 1 && name[0] == '?')
		len = 0;		/* "@?" typed with a literal ? */
	if (len == 0)
		d = find_directive("help", 4, &amb);
	else
		d = find_directive(name, len, &amb);
	if (d == NULL) {
		if (amb)
			return con_lab_error("ambiguous directive @%.*s", (int)len, name);
		return con_lab_error("unknown directive @%.*s", (int)len, name);
	}
	rest = name + len;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (!d->literal)
		sb_reset(&con->last);
	copy = strdup(rest);
	if (copy == NULL)
		abort();
	n = split(copy, w);
	rc = d->fn(n, w, rest);
	free(copy);
	return rc;
}

bool
directive_literal(const char *text)
{
	const char *name = text + 1;
	size_t len = strcspn(name, " \t");
	const struct directive *d;
	bool amb;

	if (name[len] == '\0')
		return false;		/* still typing the name */
	d = find_directive(name, len, &amb);
	return d != NULL && d->literal;
}

/* Names first (alphabetical, as IOS lists keywords), placeholders after. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->value != y->value)
		return x->value ? 1 : -1;
	return strcasecmp(x->name, y->name);
}

/* Candidates for the word being typed in `text` (an @ line up to the
 * cursor); *prefix gets that word ("" after a blank). */
static bool
gather(const char *text, struct cands *cl, char **copy_out, const char **prefix)
{
	char *copy = strdup(text + 1), *w[MAX_WORDS];
	bool trailing = text[1] == '\0' || text[strlen(text) - 1] == ' ' ||
	    text[strlen(text) - 1] == '\t';
	int n;

	if (copy == NULL)
		abort();
	*copy_out = copy;
	memset(cl, 0, sizeof(*cl));
	n = split(copy, w);
	if (n == 0 || (n == 1 && !trailing)) {
		*prefix = n == 0 ? "" : w[0];
		for (const struct directive *d = directives; d->name; d++)
			add(cl, d->name, d->help, false);
		return true;
	}
	{
		const struct directive *d;
		bool amb;
		int pos = trailing ? n - 1 : n - 2;

		d = find_directive(w[0], strlen(w[0]), &amb);
		if (d == NULL)
			return false;
		*prefix = trailing ? "" : w[n - 1];
		d->cands(pos, w + 1, n - 1, cl);
	}
	return true;
}

static bool
matches(const struct cand *c, const char *prefix)
{
	return strncasecmp(c->name, prefix, strlen(prefix)) == 0;
}

static void
help_rows(const char *text)
{
	struct cands cl;
	const char *prefix;
	char *copy;
	int width = 0, shown = 0;
	bool dir_word = strcspn(text + 1, " \t") == strlen(text + 1);

	if (!gather(text, &cl, &copy, &prefix)) {
		con_printf("%% Unrecognized directive\n");
		free(copy);
		return;
	}
	qsort(cl.c, (size_t)cl.n, sizeof(cl.c[0]), cand_cmp);
	if (prefix[0] != '\0') {
		/* "@ro?": the names that fit, on one line as IOS does. */
		struct strbuf sb = STRBUF_INIT;
		for (int i = 0; i < cl.n; i++)
			if (!cl.c[i].value && matches(&cl.c[i], prefix)) {
				sb_printf(&sb, "%s%s  ", dir_word ? "@" : "", cl.c[i].name);
				shown++;
			}
		if (shown > 0) {
			con_printf("%s\n", sb_str(&sb));
			sb_free(&sb);
			free(copy);
			return;
		}
		sb_free(&sb);
		/* A value being typed: show what is expected there. */
		for (int i = 0; i < cl.n; i++)
			if (cl.c[i].value)
				shown++;
		if (shown == 0) {
			con_printf("%% Unrecognized directive\n");
			free(copy);
			return;
		}
	}
	for (int i = 0; i < cl.n; i++) {
		int l = (int)strlen(cl.c[i].name) + (dir_word ? 1 : 0);
		if (l > width)
			width = l;
	}
	for (int i = 0; i < cl.n; i++) {
		if (prefix[0] != '\0' && !cl.c[i].value)
			continue;
		con_printf("  %s%-*s  %s\n", dir_word ? "@" : "",
		    width - (dir_word ? 1 : 0), cl.c[i].name, cl.c[i].help);
	}
	if (cl.cr)
		con_printf("  <cr>\n");
	free(copy);
}

/* Like IOS: the rows, an empty line, then the front end shows the prompt
 * and the line again. */
void
directive_help(const char *text)
{
	help_rows(text);
	con_printf("\n");
}

char *
directive_complete(const char *text)
{
	struct cands cl;
	const char *prefix, *hit = NULL;
	char *copy;
	int hits = 0;
	struct strbuf sb = STRBUF_INIT;

	if (!gather(text, &cl, &copy, &prefix) || prefix[0] == '\0') {
		free(copy);
		return NULL;
	}
	for (int i = 0; i < cl.n; i++) {
		if (cl.c[i].value || !matches(&cl.c[i], prefix))
			continue;
		if (strcasecmp(cl.c[i].name, prefix) == 0) {
			/* An exact name wins over longer ones ("router"). */
			hit = cl.c[i].name;
			hits = 1;
			break;
		}
		hit = cl.c[i].name;
		hits++;
	}
	if (hits != 1) {
		free(copy);
		return NULL;
	}
	sb_add(&sb, text, strlen(text) - strlen(prefix));
	sb_printf(&sb, "%s ", hit);
	free(copy);
	return sb_steal(&sb);
}
