/* Load configuration text into a router as if typed in config mode:
 * startup configs, `@router R config FILE`, and the running-config
 * round-trip.  Lines that are not commands in a config file (`!`,
 * "Building configuration...", "Current configuration : N bytes") are
 * skipped; `end` stops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "iface.h"
#include "netsim.h"
#include "router.h"

struct load_ctx {
	struct strbuf	*errors;
	int		 lineno;
	bool		 failed_line;
};

static void
load_sink(void *ctx, const char *data, size_t len)
{
	struct load_ctx *lc = ctx;

	/* Any output while loading config is an error report. */
	if (lc->errors != NULL && len > 0) {
		if (!lc->failed_line)
			sb_printf(lc->errors, "line %d:\n", lc->lineno);
		sb_add(lc->errors, data, len);
	}
	lc->failed_line = true;
}

static bool
skip_line(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0' || *s == '!' ||
	    strncmp(s, "Building configuration", 22) == 0 ||
	    strncmp(s, "Current configuration", 21) == 0 ||
	    strncmp(s, "Using ", 6) == 0;
}

int
router_load_config(struct router *r, const char *text, struct strbuf *errors)
{
	struct load_ctx lc = { errors, 0, false };
	struct vty *vty = vty_new(r, load_sink, &lc);
	const char *p = text;
	int nerr = 0;

	vty_set_node(vty, CONFIG_NODE);
	r->config_loading = true;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);

		lc.lineno++;
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		p += n + (nl ? 1 : 0);
		if (skip_line(line)) {
			free(line);
			continue;
		}
		if (strcmp(line, "end") == 0) {
			free(line);
			break;
		}
		lc.failed_line = false;
		if (cli_execute(vty, line) != CMD_SUCCESS || lc.failed_line)
			nerr++;
		free(line);
		if (vty_node(vty) < CONFIG_NODE)
			vty_set_node(vty, CONFIG_NODE);
	}
	r->config_loading = false;
	for (int i = 0; i < r->n_ifaces; i++)
		iface_settle(r->ifaces[i]);
	vty_set_node(vty, ENABLE_NODE);
	vty_free(vty);
	return nerr;
}

int
router_boot_config(struct router *r, const char *text, struct strbuf *errors)
{
	int nerr = router_load_config(r, text, errors);

	/* What a router boots with is its startup config, and the addresses
	 * it set show "NVRAM" as their method. */
	free(r->startup_config);
	r->startup_config = strdup(text);
	for (int i = 0; i < r->n_ifaces; i++)
		if (r->ifaces[i]->addr != 0)
			r->ifaces[i]->addr_from_nvram = true;
	return nerr;
}
