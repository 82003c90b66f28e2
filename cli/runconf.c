/* Running-config framework: section writers in IOS order, the
 * "Building configuration..." frame and its byte count.
 *
 * Each section writer prints into a scratch buffer; a section that printed
 * something is preceded by "!" unless the text already ends in "!" or the
 * section starts with one (sections ordered below RC_ORDER_HOSTNAME sit
 * directly under "version", as IOS prints `service ...`).  The text
 * always comes from the model, never from stored command lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "iface.h"

struct writer {
	int		 order;
	config_write_fn	 fn;
};

struct iwriter {
	int		 order;
	iface_config_write_fn fn;
};

static struct writer *writers;
static int nwriters;
static struct iwriter *iwriters;
static int niwriters;

void
cli_install_config_writer(int order, config_write_fn fn)
{
	int i;

	writers = realloc(writers, (size_t)(nwriters + 1) * sizeof(*writers));
	if (writers == NULL)
		abort();
	/* Stable: equal orders keep installation order. */
	for (i = nwriters; i > 0 && writers[i - 1].order > order; i--)
		writers[i] = writers[i - 1];
	writers[i].order = order;
	writers[i].fn = fn;
	nwriters++;
}

void
cli_install_iface_config_writer(int order, iface_config_write_fn fn)
{
	int i;

	iwriters = realloc(iwriters, (size_t)(niwriters + 1) *
	    sizeof(*iwriters));
	if (iwriters == NULL)
		abort();
	for (i = niwriters; i > 0 && iwriters[i - 1].order > order; i--)
		iwriters[i] = iwriters[i - 1];
	iwriters[i].order = order;
	iwriters[i].fn = fn;
	niwriters++;
}

void
cli_runconf_free(void)
{
	free(writers);
	writers = NULL;
	nwriters = 0;
	free(iwriters);
	iwriters = NULL;
	niwriters = 0;
}

void
cli_write_iface_config(struct vty *v, struct iface *ifp)
{
	int i;

	for (i = 0; i < niwriters; i++)
		iwriters[i].fn(v, ifp);
}

static void
sb_sink(void *ctx, const char *data, size_t len)
{
	sb_add(ctx, data, len);
}

/* One "!" between sections: none when the text so far ends in "!" or the
 * next section starts with one (writers may frame themselves). */
static void
separate(struct strbuf *body, const char *next)
{
	if (body->len >= 2 && strcmp(body->s + body->len - 2, "!\n") == 0)
		return;
	if (next != NULL && next[0] == '!')
		return;
	sb_puts(body, "!\n");
}

/* The body: "!" through "end". */
static char *
config_body(struct router *r)
{
	struct strbuf body = STRBUF_INIT, sect = STRBUF_INIT;
	struct vty *v = vty_new(r, sb_sink, &sect);
	int i;

	v->node = CONFIG_NODE;
	sb_puts(&body, "!\n");
	for (i = 0; i < nwriters; i++) {
		sb_reset(&sect);
		writers[i].fn(v, r);
		if (sect.len == 0)
			continue;
		if (writers[i].order >= RC_ORDER_HOSTNAME)
			separate(&body, sect.s);
		sb_add(&body, sect.s, sect.len);
		if (sect.s[sect.len - 1] != '\n')
			sb_puts(&body, "\n");
	}
	separate(&body, NULL);
	sb_puts(&body, "end\n");
	vty_free(v);
	sb_free(&sect);
	return sb_steal(&body);
}

static char *
frame(char *body)
{
	struct strbuf out = STRBUF_INIT;

	sb_printf(&out, "Building configuration...\n\n"
	    "Current configuration : %zu bytes\n%s", strlen(body), body);
	free(body);
	return sb_steal(&out);
}

char *
cli_running_config(struct router *r)
{
	return frame(config_body(r));
}

/* `show running-config interface X`: "!", the block, "end". */
char *
cli_running_config_iface(struct iface *ifp)
{
	struct strbuf body = STRBUF_INIT;
	struct vty *v = vty_new(ifp->r, sb_sink, &body);

	v->node = CONFIG_NODE;
	sb_puts(&body, "!\n");
	vty_out(v, "interface %s\n", ifp->name);
	cli_write_iface_config(v, ifp);
	sb_puts(&body, "end\n");
	vty_free(v);
	return frame(sb_steal(&body));
}
