/* Internals of the ACL engine shared by acl.c (storage, evaluation),
 * acl_parse.c (entry words -> rule, rule -> IOS text) and acl_cli.c
 * (commands).  Unit tests include it too. */
#ifndef VPNSIM_ACL_PRIV_H
#define VPNSIM_ACL_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "acl.h"
#include "sched.h"
#include "strbuf.h"

struct router;

enum acl_port_op { PORT_ANY = 0, PORT_EQ, PORT_NEQ, PORT_GT, PORT_LT,
	PORT_RANGE };

struct acl_portspec {
	uint8_t		 op;		/* enum acl_port_op */
	uint16_t	 lo, hi;	/* hi only for PORT_RANGE */
};

#define ACL_PROTO_IP	(-1)		/* "ip": any protocol */

/* One permit/deny statement, independent of the list it sits in. */
struct acl_rule {
	bool		 permit;
	int		 proto;		/* ACL_PROTO_IP or 0-255 */
	uint32_t	 src, src_wild;	/* host order; src has wild bits cleared */
	uint32_t	 dst, dst_wild;	/* standard lists: unused */
	struct acl_portspec sport, dport;
	int		 icmp_type;	/* -1: any */
	int		 icmp_code;	/* -1: any */
	bool		 established;
	bool		 log;
};

/* Parse the words of an entry after the sequence number, starting at
 * "permit"/"deny".  Returns 0, or -1 with *errpos the index of the first
 * bad word (argc if the entry is incomplete) and *err a message. */
int	acl_parse_std(int argc, const char **argv, struct acl_rule *,
	    int *errpos, const char **err);
int	acl_parse_ext(int argc, const char **argv, struct acl_rule *,
	    int *errpos, const char **err);

/* IOS text of a rule, from "permit"/"deny" on.  config: running-config
 * form ("deny   ip any any", standard "10.1.1.0 0.0.0.255"); otherwise the
 * show access-lists form ("deny ip any any", standard
 * "10.1.1.0, wildcard bits 0.0.0.255"). */
void	acl_rule_format(const struct acl_rule *, bool extended, bool config,
	    struct strbuf *);
bool	acl_rule_equal(const struct acl_rule *, const struct acl_rule *);

/* Port and ICMP names as IOS prints and accepts them. */
bool	acl_port_parse(int proto, const char *word, uint16_t *port);
const char *acl_port_name(int proto, uint16_t port);	/* NULL: numeric */
bool	acl_proto_parse(const char *word, int *proto);
const char *acl_proto_name(int proto);		/* NULL: numeric */
/* ICMP keyword -> type and code (code -1: any). */
bool	acl_icmp_parse(const char *word, int *type, int *code);
const char *acl_icmp_name(int type, int code);	/* NULL: numeric */

/* Tables for building the command grammar (acl_cli.c). */
struct acl_name_num {
	const char	*name;
	int		 num;
	const char	*help;
};
extern const struct acl_name_num acl_tcp_ports[], acl_udp_ports[];
extern const struct acl_name_num acl_protos[];
struct acl_icmp_name {
	const char	*name;
	int		 type, code;
	const char	*help;
};
extern const struct acl_icmp_name acl_icmp_names[];

/* ---- storage (acl.c) ------------------------------------------------ */

struct acl_logflow;

struct acl_ent {
	int		 seq;		/* 0: a remark */
	char		*remark;	/* remark text, or NULL */
	struct acl_rule	 rule;
	uint64_t	 matches;
	struct acl_logflow *flows;	/* `log` aggregation */
	struct acl	*acl;
};

struct acl {
	char		 name[64];
	int		 number;	/* 0: named */
	bool		 extended;
	struct acl_ent	**ents;		/* in order: remarks before their entry */
	int		 n_ents, cap_ents;
};

/* Is `name` a valid numbered list, and of which kind? */
enum acl_numkind { ACLNUM_NONE, ACLNUM_STD, ACLNUM_EXT, ACLNUM_BAD };
enum acl_numkind acl_number_kind(const char *name, int *num);

struct acl *acl_find(struct router *, const char *name);
/* Find or create; NULL and *err when the type conflicts or the name is
 * not valid for the type. */
struct acl *acl_get(struct router *, const char *name, bool extended,
	    const char **err);
void	acl_delete(struct router *, const char *name);
/* Add a rule.  seq 0: last + 10.  Returns 0, 1 if an identical entry
 * exists (ignored as IOS does), -1 with *err on a duplicate seq. */
int	acl_add_rule(struct acl *, int seq, const struct acl_rule *,
	    const char **err);
void	acl_add_remark(struct acl *, const char *text);
bool	acl_del_seq(struct acl *, int seq);
bool	acl_del_rule(struct acl *, const struct acl_rule *);
bool	acl_del_remark(struct acl *, const char *text);
void	acl_clear_counters(struct router *, const char *name);	/* NULL: all */
/* Lists in display order (numbered by number, then named by name). */
int	acl_count(struct router *);
struct acl *acl_nth(struct router *, int i);

/* Renderers (strbuf, so tests need no session). */
void	acl_show(struct router *, const char *name, struct strbuf *);
void	acl_write_config(struct router *, struct strbuf *);

/* The packet fields evaluation looks at (exposed for tests). */
struct acl_pktinfo {
	uint8_t		 proto;
	uint32_t	 src, dst;
	bool		 frag_nonfirst;
	bool		 has_ports, has_icmp, has_tcpflags;
	uint16_t	 sport, dport;
	uint8_t		 icmp_type, icmp_code;
	uint8_t		 tcp_flags;
};
bool	acl_pkt_parse(const uint8_t *ip, size_t len, struct acl_pktinfo *);

#endif
