/* Access lists: numbered (1-199, 1300-2699) and named standard/extended,
 * match counters, `ip access-group` filtering.  Crypto code uses the same
 * engine for crypto ACLs. */
#ifndef VPNSIM_ACL_H
#define VPNSIM_ACL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct router;

void	acl_router_init(struct router *);
void	acl_router_free(struct router *);
void	acl_cli_init(void);

enum acl_verdict { ACL_NO_MATCH = 0, ACL_PERMIT, ACL_DENY };

/* Evaluate an IPv4 packet (ip points at the IP header, len bytes) against
 * ACL `name` ("101" or "NAME").  count: bump the matching entry's counter.
 * An ACL that does not exist permits everything (as IOS does for an
 * access-group naming a missing list); an existing one ends in implicit
 * deny (ACL_DENY with no counter). */
enum acl_verdict acl_eval(struct router *, const char *name, const uint8_t *ip,
	    size_t len, bool count);
bool	acl_exists(struct router *, const char *name);

/* Iterate entries for crypto code (later issues): permit/deny with a
 * protocol and source/destination address/wildcard and port ranges. */
struct acl_entry_view {
	bool		 permit;
	int		 seq;
	uint8_t		 proto;		/* 0 = ip */
	uint32_t	 src, src_wild, dst, dst_wild;
	uint16_t	 sport_lo, sport_hi, dport_lo, dport_hi;
};
/* Each entry of ACL name as `access-list NAME permit ...` after prefix,
 * one line each (the form `show crypto map` prints crypto ACLs in);
 * nothing if the list does not exist. */
struct strbuf;
void	acl_format_lines(struct router *, const char *name, const char *prefix,
	    struct strbuf *);

typedef bool (*acl_walk_fn)(void *ctx, const struct acl_entry_view *);
int	acl_walk(struct router *, const char *name, acl_walk_fn fn, void *ctx);

#endif
