/* Commands of the engine itself: moving between modes, terminal settings,
 * history and the running configuration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "router.h"

#define TERMINAL_STR	"Set terminal line parameters\n"
#define EXEC_PROMPT_STR	"Configure EXEC\n" "EXEC prompt\n" \
	"Print timestamps for show commands\n"

DEFUN(enable, "enable", "Turn on privileged commands\n")
{
	struct router *r = vty_router(vty);
	char buf[256];
	int i;
	bool ok = false;

	if (r != NULL && r->enable_secret != NULL) {
		for (i = 0; i < 3 && !ok; i++) {
			if (!vty_getline(vty, "Password: ", buf, sizeof(buf)))
				return CMD_WARNING;
			buf[strcspn(buf, "\r\n")] = 0;
			ok = strcmp(buf, r->enable_secret) == 0;
		}
		if (!ok) {
			vty_out(vty, "%% Bad secrets\n\n");
			return CMD_WARNING;
		}
	}
	vty_set_node(vty, ENABLE_NODE);
	return CMD_SUCCESS;
}

DEFUN(disable, "disable", "Turn off privileged commands\n")
{
	vty_set_node(vty, VIEW_NODE);
	return CMD_SUCCESS;
}

DEFUN(exec_exit, "exit", "Exit from the EXEC\n")
{
	return CMD_EXIT;
}

DEFUN(exec_logout, "logout", "Exit from the EXEC\n")
{
	return CMD_EXIT;
}

DEFUN_HIDDEN(exec_quit, "quit", "Exit from the EXEC\n")
{
	return CMD_EXIT;
}

static void
enter_config(struct vty *vty)
{
	vty_out(vty, "Enter configuration commands, one per line.  "
	    "End with CNTL/Z.\n");
	vty_set_node(vty, CONFIG_NODE);
}

DEFUN(config_term, "configure terminal",
    "Enter configuration mode\n"
    "Configure from the terminal\n")
{
	enter_config(vty);
	return CMD_SUCCESS;
}

DEFUN(config_ask, "configure", "Enter configuration mode\n")
{
	char buf[64];
	size_t n;

	if (!vty_getline(vty, "Configuring from terminal, memory, or network "
	    "[terminal]? ", buf, sizeof(buf)))
		return CMD_WARNING;
	buf[strcspn(buf, "\r\n")] = 0;
	n = strlen(buf);
	if (n > 0 && strncmp(buf, "terminal", n) != 0) {
		vty_out(vty, "?Must be \"terminal\", \"memory\" or "
		    "\"network\"\n");
		return CMD_WARNING;
	}
	enter_config(vty);
	return CMD_SUCCESS;
}

DEFUN(config_exit, "exit", "Exit from configure mode\n")
{
	cli_node_exit(vty);
	return CMD_SUCCESS;
}

DEFUN(config_end, "end", "Exit from configure mode\n")
{
	cli_end(vty);
	return CMD_SUCCESS;
}

/* Runs only for a bare `do` (incomplete); `do CMD` is taken apart by the
 * engine before matching so that `?`, TAB and errors see CMD. */
DEFUN(config_do, "do LINE",
    "To run exec commands in config mode\n"
    "Exec Command\n")
{
	return CMD_SUCCESS;
}

DEFUN(term_length, "terminal length (0-512)",
    TERMINAL_STR
    "Set number of lines on a screen\n"
    "Number of lines on screen (0 for no pausing)\n")
{
	vty_set_term_length(vty, atoi(argv[2]));
	return CMD_SUCCESS;
}

DEFUN(term_no_length, "terminal no length",
    TERMINAL_STR
    NO_STR
    "Set number of lines on a screen\n")
{
	vty_set_term_length(vty, 24);
	return CMD_SUCCESS;
}

DEFUN(term_exec_ts, "terminal exec prompt timestamp",
    TERMINAL_STR
    EXEC_PROMPT_STR)
{
	vty_set_exec_timestamp(vty, true);
	return CMD_SUCCESS;
}

DEFUN(term_no_exec_ts, "terminal no exec prompt timestamp",
    TERMINAL_STR
    NO_STR
    EXEC_PROMPT_STR)
{
	vty_set_exec_timestamp(vty, false);
	return CMD_SUCCESS;
}

DEFUN(show_history, "show history",
    SHOW_STR
    "Display the session command history\n")
{
	int k = cli_node_is_exec(vty->node) ? 0 : 1, i;

	for (i = 0; i < vty->nhist[k]; i++)
		vty_out(vty, "  %s\n", vty->hist[k][i]);
	return CMD_SUCCESS;
}

DEFUN(show_run, "show running-config",
    SHOW_STR
    "Current operating configuration\n")
{
	char *text = cli_running_config(vty_router(vty));

	vty_out(vty, "%s\n", text);
	free(text);
	return CMD_SUCCESS;
}

DEFUN(show_run_if, "show running-config interface IFNAME",
    SHOW_STR
    "Current operating configuration\n"
    "Show interface configuration\n"
    IFNAME_STR)
{
	struct router *r = vty_router(vty);
	struct iface *ifp = r ? router_find_iface(r, argv[3]) : NULL;
	char *text;

	if (ifp == NULL)
		return cli_error_at(vty, 3);
	text = cli_running_config_iface(ifp);
	vty_out(vty, "%s\n", text);
	free(text);
	return CMD_SUCCESS;
}

void
cli_builtin_init(void)
{
	int n;

	cli_install(VIEW_NODE, &enable_cmd);
	cli_install(VIEW_NODE, &exec_exit_cmd);
	cli_install(VIEW_NODE, &exec_logout_cmd);
	cli_install(VIEW_NODE, &exec_quit_cmd);
	cli_install(VIEW_NODE, &term_length_cmd);
	cli_install(VIEW_NODE, &term_no_length_cmd);
	cli_install(VIEW_NODE, &term_exec_ts_cmd);
	cli_install(VIEW_NODE, &term_no_exec_ts_cmd);
	cli_install(VIEW_NODE, &show_history_cmd);

	cli_install(ENABLE_NODE, &disable_cmd);
	cli_install(ENABLE_NODE, &config_term_cmd);
	cli_install(ENABLE_NODE, &config_ask_cmd);
	cli_install(ENABLE_NODE, &show_run_cmd);
	cli_install(ENABLE_NODE, &show_run_if_cmd);

	for (n = CONFIG_NODE; n < NODE_MAX; n++) {
		cli_install((enum node_id)n, &config_exit_cmd);
		cli_install((enum node_id)n, &config_end_cmd);
		cli_install((enum node_id)n, &config_do_cmd);
	}
}
