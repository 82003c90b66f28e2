/* The lab: every router and link in this process, the lab start date and
 * the capture directory.  One lab per process. */
#ifndef VPNSIM_LAB_H
#define VPNSIM_LAB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "sched.h"

struct router;
struct link;
struct iface;

TAILQ_HEAD(router_list, router);

struct lab {
	struct router_list routers;
	int		 n_routers;
	struct link	**links;
	int		 n_links;
	int64_t		 start_wall_ns;		/* wall time at lab time 0 */
	char		*dir;			/* lab directory (NVRAM files) */
	char		*capture_dir;		/* --capture DIR, or NULL */
	uint64_t	 seed;
};

extern struct lab *the_lab;

/* The console installs this to receive each router's console log lines
 * (syslog and debug output).  NULL: lines are dropped. */
extern void (*lab_console_hook)(struct router *r, const char *line);

void		 lab_init(uint64_t seed);	/* fresh lab, clock at 0 */
void		 lab_free(void);
struct router	*lab_add_router(const char *name, const char **err);
struct router	*lab_find_router(const char *name);	/* exact, then case-insensitive */
/* Point-to-point link between two interfaces (created if missing). */
struct link	*lab_add_link(struct router *a, const char *ifa, struct router *b,
		    const char *ifb, const char **err);
/* Multi-access segment; ports added with lab_segment_attach. */
struct link	*lab_add_segment(const char *name, const char **err);
struct link	*lab_find_segment(const char *name);
int		 lab_segment_attach(struct link *, struct router *, const char *ifname,
		    const char **err);
/* NVRAM file of a router, DIR/nvram/NAME.cfg under the lab directory
 * (NULL when the lab has none, or with must_exist when it is absent). */
char		*lab_nvram_path(const char *router, bool must_exist);
/* Lab date: "@clock 2024-11-13 19:29:00" or IOS "19:29:00 13 Nov 2024". */
int		 lab_set_clock(const char *text, const char **err);

#endif
