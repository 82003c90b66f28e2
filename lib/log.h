/* Logging core: IOS syslog (%FAC-SEV-MNEMONIC: text), debug lines, the
 * logging buffer and console logging, with `service timestamps` stamping.
 *
 * lib/ knows nothing of routers: a logger asks its owner for the time and
 * hands finished console lines to its owner through logger_ops. */
#ifndef VPNSIM_LOG_H
#define VPNSIM_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sched.h"
#include "strbuf.h"

enum sev {
	SEV_EMERG = 0, SEV_ALERT, SEV_CRIT, SEV_ERR,
	SEV_WARNING, SEV_NOTICE, SEV_INFO, SEV_DEBUG
};

struct logger_ops {
	/* Wall time of the owner's clock (ns since the Unix epoch) and its
	 * uptime (ns since boot). */
	void	(*now)(void *ctx, int64_t *wall_ns, vtime_t *uptime);
	/* One finished line (no newline) for the console. */
	void	(*console)(void *ctx, const char *line);
};

struct logger;

struct logger	*logger_new(const struct logger_ops *ops, void *ctx);
void		 logger_free(struct logger *);		/* NULL safe */

/* "%FAC-SEV-MNEMONIC: text" with the log timestamp, to buffer and console
 * when sev passes their levels. */
void	logger_syslog(struct logger *, int sev, const char *fac,
	    const char *mnemonic, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* A debug line ("GDOI:GM: ..."), stamped per `service timestamps debug`;
 * logged at severity debugging. */
void	logger_debug(struct logger *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* ---- severities ------------------------------------------------------ */

/* "emergencies" .. "debugging"; NULL when out of range. */
const char	*sev_name(int sev);
/* A level word as IOS takes it: a name (unique prefix) or 0-7; -1 if bad. */
int		 sev_parse(const char *word);

/* ---- timestamps ------------------------------------------------------ */

enum ts_kind { TS_NONE, TS_UPTIME, TS_DATETIME };

/* `service timestamps log|debug datetime [msec] [localtime]
 * [show-timezone] [year]` or `... uptime` or `no service timestamps`. */
struct ts_fmt {
	enum ts_kind	 kind;
	bool		 msec;
	bool		 localtime;
	bool		 show_tz;
	bool		 year;
};

enum ts_which { TS_LOG = 0, TS_DEBUG = 1 };

/* Formats the stamp including the trailing ": " into buf (empty for
 * TS_NONE).  The "*" marks a clock that is not authoritative (no NTP, no
 * calendar); tz_name/tz_off_min come from `clock timezone`. */
void	log_format_stamp(char *buf, size_t len, const struct ts_fmt *,
	    int64_t wall_ns, vtime_t uptime, const char *tz_name,
	    int tz_off_min, bool authoritative);
/* The uptime form IOS uses in stamps: "00:01:23", "1d02h", "2w3d". */
void	log_format_uptime(char *buf, size_t len, vtime_t uptime);

/* ---- configuration ------------------------------------------------------ */

#define LOG_BUF_DEFAULT		4096		/* IOS 15 default buffer */
#define LOG_BUF_MIN		4096
#define LOG_BUF_MAX		2147483647

/* One destination: console, monitor, buffer or trap. */
struct log_dest {
	bool		 on;
	int		 level;		/* enum sev: messages <= level pass */
	uint64_t	 logged;	/* messages sent to it */
};

struct logger_conf {
	struct ts_fmt	 ts[2];		/* indexed by enum ts_which */
	struct log_dest	 console, monitor, buffer, trap;
	size_t		 buf_size;	/* `logging buffered SIZE` */
	char		 tz_name[16];	/* `clock timezone NAME H [M]` */
	int		 tz_off_min;
	bool		 authoritative;	/* clock set by NTP/calendar */
};

const struct logger_conf *logger_conf(const struct logger *);
void	logger_set_timestamps(struct logger *, enum ts_which,
	    const struct ts_fmt *);
void	logger_set_console(struct logger *, bool on, int level);
void	logger_set_monitor(struct logger *, bool on, int level);
void	logger_set_trap(struct logger *, bool on, int level);
/* size 0 keeps the current size; a smaller size trims old messages. */
void	logger_set_buffered(struct logger *, bool on, size_t size, int level);
void	logger_set_timezone(struct logger *, const char *name, int off_min);
void	logger_set_authoritative(struct logger *, bool);
void	logger_clear_buffer(struct logger *);

/* The stamp for "now" per `service timestamps log|debug` ("" when off). */
void	logger_stamp(struct logger *, enum ts_which, char *buf, size_t len);

/* Buffered messages, oldest first, and their byte count (each counts its
 * newline). */
size_t	logger_buffer_count(const struct logger *);
size_t	logger_buffer_bytes(const struct logger *);
const char *logger_buffer_line(const struct logger *, size_t i);

/* `show logging` in the IOS 15 layout. */
void	logger_show(const struct logger *, struct strbuf *);
/* Running-config lines: `service timestamps ...` (always printed, as IOS
 * does) and the non-default `logging ...` lines. */
void	logger_write_service_config(const struct logger *, struct strbuf *);
void	logger_write_logging_config(const struct logger *, struct strbuf *);
/* `logging trap` is written by IOS near the end, after the ACLs. */
void	logger_write_trap_config(const struct logger *, struct strbuf *);
/* The `service timestamps` text of one ts_fmt ("debug datetime msec"). */
void	logger_ts_config_text(enum ts_which, const struct ts_fmt *,
	    struct strbuf *);

#endif
