/* Event-trace rings (IOS `monitor event-trace`). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtrace.h"
#include "log.h"

struct evtrace {
	struct evtrace	*next;
	struct evtrace_set *set;
	char		 comp[16];
	char		 area[24];
	struct evtrace_entry *ring;
	size_t		 cap;		/* ring size */
	size_t		 head;		/* index of oldest */
	size_t		 n;		/* entries held */
	bool		 enabled;
	bool		 disabled_cfg;	/* disabled from config (else exec) */
	uint64_t	 shown_seq;	/* newest seq shown (for latest) */
};

struct evtrace_set {
	struct evtrace	*first, *last;
	void		(*now)(void *, int64_t *, vtime_t *);
	void		*now_ctx;
	uint64_t	 seq;
	uint64_t	 merged_shown;
};

const char *const evtrace_gdoi_areas[] = {
	"coop", "exit", "infra", "registration", "rekey", NULL
};

struct evtrace_set *
evtrace_set_new(void)
{
	struct evtrace_set *s;
	int i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		abort();
	for (i = 0; evtrace_gdoi_areas[i] != NULL; i++)
		evtrace_create(s, "gdoi", evtrace_gdoi_areas[i], 0);
	return s;
}

static void
ring_free(struct evtrace *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->ring[(t->head + i) % t->cap].text);
	free(t->ring);
	t->ring = NULL;
	t->n = t->head = 0;
}

void
evtrace_set_free(struct evtrace_set *s)
{
	struct evtrace *t, *n;

	if (s == NULL)
		return;
	for (t = s->first; t != NULL; t = n) {
		n = t->next;
		ring_free(t);
		free(t);
	}
	free(s);
}

void
evtrace_set_clock(struct evtrace_set *s,
    void (*now)(void *, int64_t *, vtime_t *), void *ctx)
{
	s->now = now;
	s->now_ctx = ctx;
}

struct evtrace *
evtrace_get(struct evtrace_set *s, const char *comp, const char *area)
{
	struct evtrace *t;

	if (s == NULL)
		return NULL;
	for (t = s->first; t != NULL; t = t->next)
		if (strcmp(t->comp, comp) == 0 && strcmp(t->area, area) == 0)
			return t;
	return NULL;
}

struct evtrace *
evtrace_create(struct evtrace_set *s, const char *comp, const char *area,
    size_t size)
{
	struct evtrace *t;

	if ((t = evtrace_get(s, comp, area)) != NULL)
		return t;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		abort();
	snprintf(t->comp, sizeof(t->comp), "%s", comp);
	snprintf(t->area, sizeof(t->area), "%s", area);
	t->set = s;
	t->cap = size ? size : EVTRACE_DEFAULT_SIZE;
	if (t->cap > EVTRACE_MAX_SIZE)
		t->cap = EVTRACE_MAX_SIZE;
	/* The ring is allocated on first use: most traces stay empty. */
	t->enabled = true;
	if (s->last != NULL)
		s->last->next = t;
	else
		s->first = t;
	s->last = t;
	return t;
}

void
evtrace_add(struct evtrace *t, const char *fmt, ...)
{
	struct evtrace_entry *e;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (t == NULL || !t->enabled || t->cap == 0)
		return;
	if (t->ring == NULL &&
	    (t->ring = calloc(t->cap, sizeof(*t->ring))) == NULL)
		abort();
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (t->n == t->cap) {		/* full: overwrite the oldest */
		e = &t->ring[t->head];
		free(e->text);
		t->head = (t->head + 1) % t->cap;
		t->n--;
	}
	e = &t->ring[(t->head + t->n) % t->cap];
	t->n++;
	memset(e, 0, sizeof(*e));
	e->lab_time = sched_now();
	if (t->set->now != NULL) {
		t->set->now(t->set->now_ctx, &e->wall_ns, &e->uptime);
		e->has_wall = true;
	}
	e->seq = ++t->set->seq;
	e->text = sb_steal(&sb);
}

void
evtrace_resize(struct evtrace *t, size_t n)
{
	struct evtrace_entry *nr;
	size_t keep, skip, i;

	if (t == NULL || n == 0)
		return;
	if (n > EVTRACE_MAX_SIZE)
		n = EVTRACE_MAX_SIZE;
	if (t->ring == NULL) {
		t->cap = n;
		return;
	}
	if ((nr = calloc(n, sizeof(*nr))) == NULL)
		abort();
	keep = t->n < n ? t->n : n;
	skip = t->n - keep;
	for (i = 0; i < skip; i++)
		free(t->ring[(t->head + i) % t->cap].text);
	for (i = 0; i < keep; i++)
		nr[i] = t->ring[(t->head + skip + i) % t->cap];
	free(t->ring);
	t->ring = nr;
	t->cap = n;
	t->head = 0;
	t->n = keep;
}

void
evtrace_clear(struct evtrace *t)
{
	size_t cap;

	if (t == NULL)
		return;
	cap = t->cap;
	ring_free(t);
	t->cap = cap;
	t->shown_seq = 0;
}

void
evtrace_enable(struct evtrace *t, bool on)
{
	if (t != NULL) {
		t->enabled = on;
		t->disabled_cfg = false;
	}
}

void
evtrace_config_disable(struct evtrace *t, bool disable)
{
	if (t != NULL) {
		t->enabled = !disable;
		t->disabled_cfg = disable;
	}
}

bool
evtrace_enabled(const struct evtrace *t)
{
	return t != NULL && t->enabled;
}

size_t
evtrace_size(const struct evtrace *t)
{
	return t->cap;
}

size_t
evtrace_count(const struct evtrace *t)
{
	return t->n;
}

const char *
evtrace_area(const struct evtrace *t)
{
	return t->area;
}

const char *
evtrace_comp(const struct evtrace *t)
{
	return t->comp;
}

const struct evtrace_entry *
evtrace_entry(const struct evtrace *t, size_t i)
{
	if (t == NULL || i >= t->n)
		return NULL;
	return &t->ring[(t->head + i) % t->cap];
}

size_t
evtrace_set_count(const struct evtrace_set *s, const char *comp)
{
	const struct evtrace *t;
	size_t n = 0;

	for (t = s->first; t != NULL; t = t->next)
		if (strcmp(t->comp, comp) == 0)
			n++;
	return n;
}

struct evtrace *
evtrace_set_nth(struct evtrace_set *s, const char *comp, size_t i)
{
	struct evtrace *t;

	for (t = s->first; t != NULL; t = t->next)
		if (strcmp(t->comp, comp) == 0 && i-- == 0)
			return t;
	return NULL;
}

uint64_t *
evtrace_set_merged_mark(struct evtrace_set *s)
{
	return &s->merged_shown;
}

/* ---- rendering ------------------------------------------------------- */

void
evtrace_render_entry(const struct evtrace_entry *e, struct strbuf *sb,
    int64_t wall_offset_ns, bool detail, const char *tag)
{
	static const struct ts_fmt fmt = { TS_DATETIME, true, false, false,
	    false };
	char stamp[64];
	int64_t wall;
	const char *nl;

	wall = e->has_wall ? e->wall_ns : (int64_t)e->lab_time + wall_offset_ns;
	log_format_stamp(stamp, sizeof(stamp), &fmt, wall, e->uptime, NULL, 0,
	    false);
	sb_puts(sb, stamp);
	if (tag != NULL)
		sb_printf(sb, "%s: ", tag);
	nl = strchr(e->text, '\n');
	if (nl == NULL || detail)
		sb_printf(sb, "%s\n", e->text);
	else
		sb_printf(sb, "%.*s\n", (int)(nl - e->text), e->text);
}

void
evtrace_render(struct evtrace *t, struct strbuf *sb, enum evtrace_filter f,
    int64_t arg_ns, int64_t wall_offset_ns, vtime_t boot_time, bool detail)
{
	const struct evtrace_entry *e;
	vtime_t now = sched_now();
	size_t i;

	if (!t->enabled) {
		sb_printf(sb, "Tracing currently disabled, from %s command\n",
		    t->disabled_cfg ? "config" : "exec");
		return;
	}
	for (i = 0; i < t->n; i++) {
		e = evtrace_entry(t, i);
		switch (f) {
		case EVF_ALL:
			break;
		case EVF_LATEST:
			if (e->seq <= t->shown_seq)
				continue;
			break;
		case EVF_BACK:
			if ((int64_t)(now - e->lab_time) > arg_ns)
				continue;
			break;
		case EVF_FROM_BOOT:
			if ((int64_t)(e->lab_time - boot_time) < arg_ns)
				continue;
			break;
		}
		evtrace_render_entry(e, sb, wall_offset_ns, detail, NULL);
	}
	if (t->n > 0)
		t->shown_seq = evtrace_entry(t, t->n - 1)->seq;
}

void
evtrace_parameters(const struct evtrace *t, struct strbuf *sb)
{
	sb_printf(sb, "Trace has %zu entries\n", t->cap);
	sb_puts(sb, "Stacktrace is disabled by default\n");
}

void
evtrace_write_config(const struct evtrace_set *s, struct strbuf *sb)
{
	const struct evtrace *t;

	for (t = s->first; t != NULL; t = t->next) {
		if (t->cap != EVTRACE_DEFAULT_SIZE)
			sb_printf(sb, "monitor event-trace %s %s size %zu\n",
			    t->comp, t->area, t->cap);
		if (!t->enabled && t->disabled_cfg)
			sb_printf(sb, "monitor event-trace %s %s disable\n",
			    t->comp, t->area);
	}
}
