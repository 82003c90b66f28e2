/* Logging core: stamps, severity filtering, the logging buffer (a queue of
 * whole messages trimmed by bytes, as IOS does), counters and the text of
 * `show logging` and of the running-config lines. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"

struct logmsg {
	struct logmsg	*next;
	size_t		 len;		/* strlen(text) */
	char		 text[];
};

struct logger {
	struct logger_ops ops;
	void		*ctx;
	struct logger_conf conf;
	struct logmsg	*head, *tail;	/* buffer, oldest first */
	size_t		 nmsg;
	size_t		 bytes;		/* sum of len + 1 (newline) */
	struct logmsg	**index;	/* lazily built for logger_buffer_line */
	size_t		 index_n;
};

static const char *const sev_names[] = {
	"emergencies", "alerts", "critical", "errors",
	"warnings", "notifications", "informational", "debugging"
};

const char *
sev_name(int sev)
{
	if (sev < SEV_EMERG || sev > SEV_DEBUG)
		return NULL;
	return sev_names[sev];
}

int
sev_parse(const char *w)
{
	size_t n;
	int i, found = -1;

	if (w == NULL || *w == '\0')
		return -1;
	if (w[0] >= '0' && w[0] <= '7' && w[1] == '\0')
		return w[0] - '0';
	n = strlen(w);
	for (i = 0; i <= SEV_DEBUG; i++) {
		if (strncasecmp(sev_names[i], w, n) == 0) {
			if (found >= 0)
				return -1;	/* ambiguous ("e") */
			found = i;
		}
	}
	return found;
}

/* ---- stamps ---------------------------------------------------------- */

void
log_format_uptime(char *buf, size_t len, vtime_t up)
{
	uint64_t s = up / VT_SEC;
	uint64_t d = s / 86400;

	if (d == 0)
		snprintf(buf, len, "%02u:%02u:%02u", (unsigned)(s / 3600),
		    (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	else if (d < 7)
		snprintf(buf, len, "%ud%02uh", (unsigned)d,
		    (unsigned)(s / 3600 % 24));
	else if (d < 365)
		snprintf(buf, len, "%uw%ud", (unsigned)(d / 7),
		    (unsigned)(d % 7));
	else
		snprintf(buf, len, "%uy%uw", (unsigned)(d / 365),
		    (unsigned)(d % 365 / 7));
}

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

void
log_format_stamp(char *buf, size_t len, const struct ts_fmt *f,
    int64_t wall_ns, vtime_t uptime, const char *tz_name, int tz_off_min,
    bool authoritative)
{
	char up[32], ms[16] = "", yr[16] = "", tz[24] = "";
	struct tm tm;
	time_t t;
	int64_t sec, rem;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (f == NULL || f->kind == TS_NONE)
		return;
	if (f->kind == TS_UPTIME) {
		log_format_uptime(up, sizeof(up), uptime);
		snprintf(buf, len, "%s: ", up);
		return;
	}
	/* Without `localtime` IOS stamps in UTC. */
	if (f->localtime)
		wall_ns += (int64_t)tz_off_min * 60 * 1000000000LL;
	sec = wall_ns / 1000000000LL;
	rem = wall_ns % 1000000000LL;
	if (rem < 0) {
		rem += 1000000000LL;
		sec--;
	}
	t = (time_t)sec;
	gmtime_r(&t, &tm);
	if (f->msec)
		snprintf(ms, sizeof(ms), ".%03d", (int)(rem / 1000000));
	if (f->year)
		snprintf(yr, sizeof(yr), " %d", tm.tm_year + 1900);
	if (f->show_tz)
		snprintf(tz, sizeof(tz), " %s",
		    f->localtime && tz_name && *tz_name ? tz_name : "UTC");
	snprintf(buf, len, "%s%s %2d%s %02d:%02d:%02d%s%s: ",
	    authoritative ? "" : "*", months[tm.tm_mon], tm.tm_mday, yr,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, ms, tz);
}

/* ---- logger ------------------------------------------------------------ */

struct logger *
logger_new(const struct logger_ops *ops, void *ctx)
{
	struct logger *l;
	static const struct ts_fmt dflt = { TS_DATETIME, true, false,
	    false, false };

	if ((l = calloc(1, sizeof(*l))) == NULL)
		abort();
	if (ops != NULL)
		l->ops = *ops;
	l->ctx = ctx;
	l->conf.ts[TS_LOG] = dflt;
	l->conf.ts[TS_DEBUG] = dflt;
	l->conf.console = (struct log_dest){ true, SEV_DEBUG, 0 };
	l->conf.monitor = (struct log_dest){ true, SEV_DEBUG, 0 };
	l->conf.buffer = (struct log_dest){ true, SEV_DEBUG, 0 };
	l->conf.trap = (struct log_dest){ true, SEV_INFO, 0 };
	l->conf.buf_size = LOG_BUF_DEFAULT;
	snprintf(l->conf.tz_name, sizeof(l->conf.tz_name), "UTC");
	return l;
}

static void
index_drop(struct logger *l)
{
	free(l->index);
	l->index = NULL;
	l->index_n = 0;
}

void
logger_clear_buffer(struct logger *l)
{
	struct logmsg *m, *n;

	if (l == NULL)
		return;
	for (m = l->head; m != NULL; m = n) {
		n = m->next;
		free(m);
	}
	l->head = l->tail = NULL;
	l->nmsg = 0;
	l->bytes = 0;
	index_drop(l);
}

void
logger_free(struct logger *l)
{
	if (l == NULL)
		return;
	logger_clear_buffer(l);
	free(l);
}

const struct logger_conf *
logger_conf(const struct logger *l)
{
	return &l->conf;
}

/* Drop the oldest whole messages until the buffer fits its size. */
static void
trim(struct logger *l)
{
	struct logmsg *m;

	while (l->head != NULL && l->bytes > l->conf.buf_size) {
		m = l->head;
		l->head = m->next;
		if (l->head == NULL)
			l->tail = NULL;
		l->bytes -= m->len + 1;
		l->nmsg--;
		free(m);
	}
	index_drop(l);
}

static void
buffer_add(struct logger *l, const char *line)
{
	struct logmsg *m;
	size_t n = strlen(line);

	/* A message bigger than the whole buffer cannot be kept. */
	if (n + 1 > l->conf.buf_size)
		return;
	if ((m = malloc(sizeof(*m) + n + 1)) == NULL)
		abort();
	m->next = NULL;
	m->len = n;
	memcpy(m->text, line, n + 1);
	if (l->tail != NULL)
		l->tail->next = m;
	else
		l->head = m;
	l->tail = m;
	l->nmsg++;
	l->bytes += n + 1;
	trim(l);
}

void
logger_stamp(struct logger *l, enum ts_which w, char *buf, size_t len)
{
	int64_t wall = 0;
	vtime_t up = 0;

	if (l->ops.now != NULL)
		l->ops.now(l->ctx, &wall, &up);
	else
		up = sched_now();
	log_format_stamp(buf, len, &l->conf.ts[w], wall, up,
	    l->conf.tz_name, l->conf.tz_off_min, l->conf.authoritative);
}

/* Deliver one finished line to every destination whose level passes. */
static void
deliver(struct logger *l, int sev, const char *line)
{
	struct logger_conf *c = &l->conf;

	if (c->console.on && sev <= c->console.level) {
		c->console.logged++;
		if (l->ops.console != NULL)
			l->ops.console(l->ctx, line);
	}
	/* No vty sessions with `terminal monitor` exist: count only. */
	if (c->monitor.on && sev <= c->monitor.level)
		c->monitor.logged++;
	if (c->buffer.on && sev <= c->buffer.level) {
		c->buffer.logged++;
		buffer_add(l, line);
	}
	if (c->trap.on && sev <= c->trap.level)
		c->trap.logged++;
}

void
logger_syslog(struct logger *l, int sev, const char *fac,
    const char *mnemonic, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char stamp[64];
	va_list ap;

	if (l == NULL)
		return;
	if (sev < SEV_EMERG)
		sev = SEV_EMERG;
	if (sev > SEV_DEBUG)
		sev = SEV_DEBUG;
	logger_stamp(l, TS_LOG, stamp, sizeof(stamp));
	sb_printf(&sb, "%s%%%s-%d-%s: ", stamp, fac, sev, mnemonic);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	deliver(l, sev, sb_str(&sb));
	sb_free(&sb);
}

void
logger_debug(struct logger *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char stamp[64];
	va_list ap;

	if (l == NULL)
		return;
	logger_stamp(l, TS_DEBUG, stamp, sizeof(stamp));
	sb_puts(&sb, stamp);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	deliver(l, SEV_DEBUG, sb_str(&sb));
	sb_free(&sb);
}

/* ---- configuration ------------------------------------------------------ */

static int
clamp_level(int level)
{
	if (level < SEV_EMERG)
		return SEV_EMERG;
	if (level > SEV_DEBUG)
		return SEV_DEBUG;
	return level;
}

void
logger_set_timestamps(struct logger *l, enum ts_which w,
    const struct ts_fmt *f)
{
	l->conf.ts[w] = *f;
}

void
logger_set_console(struct logger *l, bool on, int level)
{
	l->conf.console.on = on;
	l->conf.console.level = clamp_level(level);
}

void
logger_set_monitor(struct logger *l, bool on, int level)
{
	l->conf.monitor.on = on;
	l->conf.monitor.level = clamp_level(level);
}

void
logger_set_trap(struct logger *l, bool on, int level)
{
	l->conf.trap.on = on;
	l->conf.trap.level = clamp_level(level);
}

void
logger_set_buffered(struct logger *l, bool on, size_t size, int level)
{
	l->conf.buffer.on = on;
	l->conf.buffer.level = clamp_level(level);
	if (size != 0) {
		/* IOS allocates a new buffer when the size changes. */
		if (size != l->conf.buf_size)
			logger_clear_buffer(l);
		l->conf.buf_size = size;
	}
	trim(l);
}

void
logger_set_timezone(struct logger *l, const char *name, int off_min)
{
	snprintf(l->conf.tz_name, sizeof(l->conf.tz_name), "%s",
	    name ? name : "UTC");
	l->conf.tz_off_min = off_min;
}

void
logger_set_authoritative(struct logger *l, bool on)
{
	l->conf.authoritative = on;
}

size_t
logger_buffer_count(const struct logger *l)
{
	return l->nmsg;
}

size_t
logger_buffer_bytes(const struct logger *l)
{
	return l->bytes;
}

const char *
logger_buffer_line(const struct logger *cl, size_t i)
{
	struct logger *l = (struct logger *)cl;	/* the index is a cache */
	struct logmsg *m;
	size_t k = 0;

	if (i >= l->nmsg)
		return NULL;
	if (l->index == NULL || l->index_n != l->nmsg) {
		free(l->index);
		if ((l->index = calloc(l->nmsg, sizeof(*l->index))) == NULL)
			abort();
		for (m = l->head; m != NULL; m = m->next)
			l->index[k++] = m;
		l->index_n = l->nmsg;
	}
	return l->index[i]->text;
}

/* ---- show logging ---------------------------------------------------- */

static void
show_dest(struct strbuf *sb, const char *label, const struct log_dest *d,
    const char *pad)
{
	if (!d->on) {
		sb_printf(sb, "    %s disabled\n", label);
		return;
	}
	sb_printf(sb, "    %s level %s, %llu messages logged, xml disabled,\n"
	    "%sfiltering disabled\n", label, sev_name(d->level),
	    (unsigned long long)d->logged, pad);
}

/* Layout of a real IOS 15 `show logging` (reference ios/show_logging__3):
 * labels, blank lines and the continuation indents are IOS's own. */
void
logger_show(const struct logger *l, struct strbuf *sb)
{
	const struct logger_conf *c = &l->conf;
	const struct logmsg *m;

	sb_puts(sb, "Syslog logging: enabled (0 messages dropped, "
	    "0 messages rate-limited, 0 flushes, 0 overruns, "
	    "xml disabled, filtering disabled)\n\n");
	sb_puts(sb, "No Active Message Discriminator.\n\n\n\n");
	sb_puts(sb, "No Inactive Message Discriminator.\n\n\n");
	show_dest(sb, "Console logging:", &c->console,
	    "                     ");
	show_dest(sb, "Monitor logging:", &c->monitor,
	    "                     ");
	if (c->buffer.on)
		show_dest(sb, "Buffer logging: ", &c->buffer,
		    "                    ");
	else
		sb_puts(sb, "    Buffer logging:  disabled, xml disabled,\n"
		    "                    filtering disabled\n");
	sb_puts(sb, "    Exception Logging: size (4096 bytes)\n");
	sb_puts(sb, "    Count and timestamp logging messages: disabled\n");
	sb_puts(sb, "    Persistent logging: disabled\n\n");
	sb_puts(sb, "No active filter modules.\n\n");
	if (c->trap.on)
		sb_printf(sb, "    Trap logging: level %s, %llu message lines "
		    "logged\n", sev_name(c->trap.level),
		    (unsigned long long)c->trap.logged);
	else
		sb_puts(sb, "    Trap logging: disabled\n");
	sb_puts(sb, "        Logging Source-Interface:       VRF Name:\n");
	if (!c->buffer.on)
		return;
	sb_printf(sb, "\nLog Buffer (%zu bytes):\n\n", c->buf_size);
	for (m = l->head; m != NULL; m = m->next) {
		sb_add(sb, m->text, m->len);
		sb_puts(sb, "\n");
	}
}

/* ---- running-config -------------------------------------------------- */

void
logger_ts_config_text(enum ts_which w, const struct ts_fmt *f,
    struct strbuf *sb)
{
	const char *what = w == TS_LOG ? "log" : "debug";

	switch (f->kind) {
	case TS_NONE:
		/* IOS NVGENs the disabled form with "uptime". */
		sb_printf(sb, "no service timestamps %s uptime", what);
		return;
	case TS_UPTIME:
		sb_printf(sb, "service timestamps %s uptime", what);
		return;
	case TS_DATETIME:
		sb_printf(sb, "service timestamps %s datetime", what);
		if (f->msec)
			sb_puts(sb, " msec");
		if (f->localtime)
			sb_puts(sb, " localtime");
		if (f->show_tz)
			sb_puts(sb, " show-timezone");
		if (f->year)
			sb_puts(sb, " year");
		return;
	}
}

void
logger_write_service_config(const struct logger *l, struct strbuf *sb)
{
	/* IOS prints debug before log. */
	logger_ts_config_text(TS_DEBUG, &l->conf.ts[TS_DEBUG], sb);
	sb_puts(sb, "\n");
	logger_ts_config_text(TS_LOG, &l->conf.ts[TS_LOG], sb);
	sb_puts(sb, "\n");
}

void
logger_write_logging_config(const struct logger *l, struct strbuf *sb)
{
	const struct logger_conf *c = &l->conf;

	if (!c->buffer.on)
		sb_puts(sb, "no logging buffered\n");
	else if (c->buf_size != LOG_BUF_DEFAULT)
		sb_printf(sb, "logging buffered %zu %s\n", c->buf_size,
		    sev_name(c->buffer.level));
	else if (c->buffer.level != SEV_DEBUG)
		sb_printf(sb, "logging buffered %s\n",
		    sev_name(c->buffer.level));
	if (!c->console.on)
		sb_puts(sb, "no logging console\n");
	else if (c->console.level != SEV_DEBUG)
		sb_printf(sb, "logging console %s\n",
		    sev_name(c->console.level));
	if (!c->monitor.on)
		sb_puts(sb, "no logging monitor\n");
	else if (c->monitor.level != SEV_DEBUG)
		sb_printf(sb, "logging monitor %s\n",
		    sev_name(c->monitor.level));
}

void
logger_write_trap_config(const struct logger *l, struct strbuf *sb)
{
	const struct logger_conf *c = &l->conf;

	if (!c->trap.on)
		sb_puts(sb, "no logging trap\n");
	else if (c->trap.level != SEV_INFO)
		sb_printf(sb, "logging trap %s\n", sev_name(c->trap.level));
}
