/* Event traces: IOS `monitor event-trace` rings.  Always on, cheap, one
 * ring per (component, area), e.g. ("gdoi", "rekey"); 512 entries by
 * default.  Each router has a set (r->traces).
 *
 *	evtrace_add(evtrace_get(r->traces, "gdoi", "rekey"),
 *	    "GDOI_REKEY_EVENT: ACK_SENT: From %s to %s with seq no %u for "
 *	    "the group %s", ...);
 *
 * Entries are stamped with the set's clock (evtrace_set_clock) at the time
 * of the event; without a clock, with the lab time and the router's clock
 * offset applied when shown. */
#ifndef VPNSIM_EVTRACE_H
#define VPNSIM_EVTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched.h"
#include "strbuf.h"

#define EVTRACE_DEFAULT_SIZE	512
#define EVTRACE_MAX_SIZE	1000000

struct evtrace;
struct evtrace_set;

struct evtrace_set *evtrace_set_new(void);	/* with the GDOI areas */
void		 evtrace_set_free(struct evtrace_set *);	/* NULL safe */
/* Clock for stamps: wall ns since the epoch and uptime (as logger_ops). */
void		 evtrace_set_clock(struct evtrace_set *,
		    void (*now)(void *ctx, int64_t *wall_ns, vtime_t *uptime),
		    void *ctx);

/* The GDOI areas every set has, in IOS order. */
extern const char *const evtrace_gdoi_areas[];	/* NULL-terminated */

/* Find a trace; NULL if the set has none of that name. */
struct evtrace	*evtrace_get(struct evtrace_set *, const char *comp,
		    const char *area);
/* Find or create with the given size (0: default). */
struct evtrace	*evtrace_create(struct evtrace_set *, const char *comp,
		    const char *area, size_t size);

/* Record one event (a single line; "\n" inside starts continuation
 * lines, e.g. "-Traceback= ..." shown only with `detail`).  NULL safe and
 * a no-op when the trace is disabled. */
void	evtrace_add(struct evtrace *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Control. */
void	evtrace_resize(struct evtrace *, size_t n);	/* keeps newest */
void	evtrace_clear(struct evtrace *);
void	evtrace_enable(struct evtrace *, bool on);	/* exec command */
/* `[no] monitor event-trace X Y disable` in config (written to config). */
void	evtrace_config_disable(struct evtrace *, bool disable);
bool	evtrace_enabled(const struct evtrace *);
size_t	evtrace_size(const struct evtrace *);		/* capacity */
size_t	evtrace_count(const struct evtrace *);		/* entries held */
const char *evtrace_area(const struct evtrace *);
const char *evtrace_comp(const struct evtrace *);

/* One entry, oldest first (i < count): its stamp and text. */
struct evtrace_entry {
	vtime_t		 lab_time;	/* sched_now() when recorded */
	int64_t		 wall_ns;	/* valid when has_wall */
	vtime_t		 uptime;
	bool		 has_wall;
	uint64_t	 seq;		/* increasing per set, for merging */
	char		*text;
};
const struct evtrace_entry *evtrace_entry(const struct evtrace *, size_t i);

/* Traces of one component, in creation order. */
size_t		 evtrace_set_count(const struct evtrace_set *, const char *comp);
struct evtrace	*evtrace_set_nth(struct evtrace_set *, const char *comp,
		    size_t i);

/* Newest seq shown by a merged `latest` display (per set). */
uint64_t	*evtrace_set_merged_mark(struct evtrace_set *);

/* Rendering.  wall_offset_ns converts lab time to wall time for entries
 * without their own wall stamp (router clock = lab + offset).
 * detail: show continuation lines.  Filters: */
enum evtrace_filter {
	EVF_ALL,		/* everything held */
	EVF_LATEST,		/* since the last display of this trace */
	EVF_BACK,		/* recorded within `arg_ns` of now */
	EVF_FROM_BOOT,		/* recorded at least arg_ns after boot */
};
void	evtrace_render(struct evtrace *, struct strbuf *, enum evtrace_filter,
	    int64_t arg_ns, int64_t wall_offset_ns, vtime_t boot_time,
	    bool detail);
/* One entry as a line (plus continuation lines with detail); tag, when
 * not NULL, goes after the stamp ("rekey: ...", merged view). */
void	evtrace_render_entry(const struct evtrace_entry *, struct strbuf *,
	    int64_t wall_offset_ns, bool detail, const char *tag);
/* "Trace has 512 entries\nStacktrace is disabled by default\n" */
void	evtrace_parameters(const struct evtrace *, struct strbuf *);
/* Non-default settings as config lines ("monitor event-trace gdoi rekey
 * size 1000"). */
void	evtrace_write_config(const struct evtrace_set *, struct strbuf *);

#endif
