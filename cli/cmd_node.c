/* The mode table and command installation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

static struct node_info nodes[NODE_MAX];
static struct cmdlist all_cmds;		/* every command with a graph */
static bool inited;

/* IOS prompts, parents and `?` titles of the modes in enum node_id. */
static const struct {
	enum node_id	 id;
	const char	*prompt;
	enum node_id	 parent;
	const char	*title;
} defaults[] = {
	{ VIEW_NODE, "%s>", VIEW_NODE, "Exec commands:" },
	{ ENABLE_NODE, "%s#", VIEW_NODE, "Exec commands:" },
	{ CONFIG_NODE, "%s(config)#", ENABLE_NODE, "Configure commands:" },
	{ INTERFACE_NODE, "%s(config-if)#", CONFIG_NODE,
	    "Interface configuration commands:" },
	{ ACL_STD_NODE, "%s(config-std-nacl)#", CONFIG_NODE,
	    "Standard Access List configuration commands:" },
	{ ACL_EXT_NODE, "%s(config-ext-nacl)#", CONFIG_NODE,
	    "Ext Access List configuration commands:" },
	{ LINE_NODE, "%s(config-line)#", CONFIG_NODE,
	    "Line configuration commands:" },
	{ ISAKMP_POLICY_NODE, "%s(config-isakmp)#", CONFIG_NODE,
	    "ISAKMP commands:" },
	{ KEYRING_NODE, "%s(conf-keyring)#", CONFIG_NODE,
	    "Keyring configuration commands:" },
	{ ISAKMP_PROFILE_NODE, "%s(conf-isa-prof)#", CONFIG_NODE,
	    "Crypto ISAKMP Profile Commands:" },
	{ TRANSFORM_NODE, "%s(cfg-crypto-trans)#", CONFIG_NODE,
	    "Crypto transform configuration commands:" },
	{ IPSEC_PROFILE_NODE, "%s(ipsec-profile)#", CONFIG_NODE,
	    "Crypto Ipsec Profile configuration commands:" },
	{ CRYPTO_MAP_NODE, "%s(config-crypto-map)#", CONFIG_NODE,
	    "Crypto Map configuration commands:" },
	{ GDOI_GROUP_NODE, "%s(config-gdoi-group)#", CONFIG_NODE,
	    "GDOI Group configuration commands:" },
	{ GDOI_SERVER_NODE, "%s(gdoi-local-server)#", GDOI_GROUP_NODE,
	    "GDOI Local Server configuration commands:" },
	{ GDOI_SA_NODE, "%s(gdoi-sa-ipsec)#", GDOI_SERVER_NODE,
	    "GDOI SA IPsec configuration commands:" },
	{ GDOI_COOP_NODE, "%s(gdoi-coop-ks-config)#", GDOI_SERVER_NODE,
	    "GDOI COOP KS configuration commands:" },
};

struct node_info *
cli_node_info(enum node_id id)
{
	if ((int)id < 0 || id >= NODE_MAX)
		return NULL;
	return &nodes[id];
}

bool
cli_node_is_exec(enum node_id id)
{
	return id == VIEW_NODE || id == ENABLE_NODE;
}

bool
cli_node_is_config(enum node_id id)
{
	return (int)id >= CONFIG_NODE && id < NODE_MAX;
}

static bool
list_has(const struct cmdlist *l, const struct cmd *c)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == c)
			return true;
	return false;
}

static void
list_add(struct cmdlist *l, struct cmd *c)
{
	if (list_has(l, c))
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = realloc(l->v, (size_t)l->cap * sizeof(*l->v));
		if (l->v == NULL)
			abort();
	}
	l->v[l->n++] = c;
}

void
cli_init(void)
{
	size_t i;

	if (inited)
		return;
	inited = true;
	memset(nodes, 0, sizeof(nodes));
	for (i = 0; i < NODE_MAX; i++) {
		nodes[i].node.id = (enum node_id)i;
		nodes[i].node.prompt = "%s(config)#";
		nodes[i].node.parent = CONFIG_NODE;
		nodes[i].title = "Configure commands:";
	}
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		nodes[defaults[i].id].node.prompt = defaults[i].prompt;
		nodes[defaults[i].id].node.parent = defaults[i].parent;
		nodes[defaults[i].id].title = defaults[i].title;
	}
	cli_filter_init();
	cli_builtin_init();
}

void
cli_free(void)
{
	int i;

	if (!inited)
		return;
	for (i = 0; i < all_cmds.n; i++) {
		cgraph_free(all_cmds.v[i]->graph);
		all_cmds.v[i]->graph = NULL;
	}
	free(all_cmds.v);
	memset(&all_cmds, 0, sizeof(all_cmds));
	for (i = 0; i < NODE_MAX; i++)
		free(nodes[i].cmds.v);
	memset(nodes, 0, sizeof(nodes));
	free(cli_filter_cmds()->v);
	memset(cli_filter_cmds(), 0, sizeof(struct cmdlist));
	cli_runconf_free();
	inited = false;
}

void
cli_install_node(const struct cli_node *n)
{
	struct node_info *ni = cli_node_info(n->id);

	if (ni == NULL)
		return;
	ni->node = *n;
	ni->installed = true;
}

void
cli_node_set_title(enum node_id id, const char *title)
{
	struct node_info *ni = cli_node_info(id);

	if (ni != NULL)
		ni->title = title;
}

/* Build the command's graph once (a command may sit in several modes). */
static bool
cmd_prepare(struct cmd *c)
{
	struct cgraph *g;
	char err[128];

	if (c->graph != NULL)
		return true;
	g = cgraph_build(c->spec, c->help, err, sizeof(err));
	if (g == NULL) {
		fprintf(stderr, "cli: bad command spec \"%s\": %s\n",
		    c->spec ? c->spec : "(null)", err);
		return false;
	}
	if (g->ntokens != g->nhelp)
		fprintf(stderr, "cli: \"%s\": %d tokens but %d help lines\n",
		    c->spec, g->ntokens, g->nhelp);
	c->graph = g;
	list_add(&all_cmds, c);
	return true;
}

void
cli_install(enum node_id id, struct cmd *c)
{
	struct node_info *ni = cli_node_info(id);

	if (!inited)
		cli_init();
	if (ni == NULL || c == NULL || !cmd_prepare(c))
		return;
	list_add(&ni->cmds, c);
	/* User exec commands work in privileged exec as well. */
	if (id == VIEW_NODE)
		list_add(&nodes[ENABLE_NODE].cmds, c);
}

/* Commands after `|`, kept out of the mode table. */
static struct cmdlist filter_cmds;

struct cmdlist *
cli_filter_cmds(void)
{
	return &filter_cmds;
}

void
cli_install_filter(struct cmd *c)
{
	if (cmd_prepare(c))
		list_add(&filter_cmds, c);
}
