/* System commands: hostname, enable secret, clock, show version,
 * write memory / copy running-config startup-config, show startup-config,
 * and the console/vty line settings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "iface.h"
#include "lab.h"
#include "log.h"
#include "netsim.h"
#include "router.h"

#define NVRAM_SIZE	262136

enum { LINE_CON, LINE_AUX, LINE_VTY, LINE_MAX };

struct line_cfg {
	int	exec_timeout_min, exec_timeout_sec;	/* -1: default 10 0 */
	bool	logging_sync;
	bool	login;
	int	privilege;				/* 0: default */
	char	password[32];
};

struct sys_state {
	struct line_cfg	line[LINE_MAX];
};

static const char *const line_names[LINE_MAX] = { "con 0", "aux 0", "vty 0 4" };

static struct sys_state *
sys_of(struct router *r)
{
	if (r->sys == NULL) {
		r->sys = calloc(1, sizeof(*r->sys));
		if (r->sys == NULL)
			abort();
		for (int i = 0; i < LINE_MAX; i++)
			r->sys->line[i].exec_timeout_min = -1;
		r->sys->line[LINE_VTY].login = true;
	}
	return r->sys;
}

void
system_router_free(struct router *r)
{
	free(r->sys);
	r->sys = NULL;
}

/* ---- hostname ------------------------------------------------------- */

static bool
hostname_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

DEFUN(hostname, "hostname WORD", "Set system's network name\n" "This system's network name\n")
{
	struct router *r = vty_router(vty);

	if (!hostname_ok(argv[1])) {
		vty_out(vty, "%% Hostname contains one or more illegal characters.\n");
		return CMD_WARNING;
	}
	snprintf(r->hostname, sizeof(r->hostname), "%s", argv[1]);
	return CMD_SUCCESS;
}

DEFUN(no_hostname, "no hostname [WORD]", NO_STR "Set system's network name\n" "This system's network name\n")
{
	snprintf(vty_router(vty)->hostname, ROUTER_NAME_MAX, "Router");
	return CMD_SUCCESS;
}

DEFUN(enable_secret, "enable secret [(0|5)] WORD",
    "Modify enable password parameters\n" "Assign the privileged level secret\n"
    "Specifies an UNENCRYPTED password will follow\n"
    "Specifies a HIDDEN secret will follow\n" "The UNENCRYPTED (cleartext) 'enable' secret\n")
{
	struct router *r = vty_router(vty);

	free(r->enable_secret);
	r->enable_secret = strdup(argv[argc - 1]);
	return CMD_SUCCESS;
}

DEFUN(no_enable_secret, "no enable secret", NO_STR
    "Modify enable password parameters\n" "Assign the privileged level secret\n")
{
	struct router *r = vty_router(vty);

	free(r->enable_secret);
	r->enable_secret = NULL;
	return CMD_SUCCESS;
}

/* ---- clock ------------------------------------------------------------ */

static const char *const mon_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};
static const char *const wday_abbr[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

/* "00:01:23.456 UTC Fri Mar 1 2002" */
static void
fmt_clock(char *buf, size_t len, int64_t wall_ns)
{
	time_t t = (time_t)(wall_ns / 1000000000LL);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d:%02d:%02d.%03d UTC %s %.3s %d %d", tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)((wall_ns / 1000000LL) % 1000),
	    wday_abbr[tm.tm_wday], mon_names[tm.tm_mon], tm.tm_mday,
	    tm.tm_year + 1900);
}

DEFUN(show_clock, "show clock [detail]", SHOW_STR "Display the system clock\n"
    "Display detailed information\n")
{
	char buf[64];

	fmt_clock(buf, sizeof(buf), router_wall_ns(vty_router(vty)));
	vty_out(vty, "*%s\n", buf);
	if (argc > 2)
		vty_out(vty, "No time source\n");
	return CMD_SUCCESS;
}

/* "00:01:23.456 UTC ..." -> "00:01:23 UTC ..." */
static void
strip_msec(char *buf)
{
	char *dot = strchr(buf, '.');

	if (dot != NULL)
		memmove(dot, dot + 4, strlen(dot + 4) + 1);
}

static int
month_index(const char *s)
{
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, mon_names[i], strlen(s) < 3 ? 3 : strlen(s)) == 0)
			return i;
	return -1;
}

static int
do_clock_set(struct vty *vty, const char *hms, const char *day, const char *mon,
    const char *year)
{
	struct router *r = vty_router(vty);
	int h, m, s, mo = month_index(mon);
	struct tm tm;
	char from[64], to[64];
	int64_t old = router_wall_ns(r), now;

	if (sscanf(hms, "%d:%d:%d", &h, &m, &s) != 3 || h < 0 || h > 23 ||
	    m < 0 || m > 59 || s < 0 || s > 59 || mo < 0) {
		vty_out(vty, "%% Invalid input detected.\n");
		return CMD_WARNING;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = s;
	tm.tm_mday = atoi(day);
	tm.tm_mon = mo;
	tm.tm_year = atoi(year) - 1900;
	now = (int64_t)timegm(&tm) * 1000000000LL;
	router_set_wall_ns(r, now);
	fmt_clock(from, sizeof(from), old);
	fmt_clock(to, sizeof(to), now);
	strip_msec(from);
	strip_msec(to);
	rlog(r, SEV_INFO, "SYS", "CLOCKUPDATE",
	    "System clock has been updated from %s to %s, configured from console by console.",
	    from, to);
	return CMD_SUCCESS;
}

#define MONTHS "(January|February|March|April|May|June|July|August|September|October|November|December)"
#define MONTH_HELP "Month of the year\n" "Month of the year\n" "Month of the year\n" \
	"Month of the year\n" "Month of the year\n" "Month of the year\n" \
	"Month of the year\n" "Month of the year\n" "Month of the year\n" \
	"Month of the year\n" "Month of the year\n" "Month of the year\n"

DEFUN(clock_set_dm, "clock set WORD (1-31) " MONTHS " (1993-2035)",
    "Manage the system clock\n" "Set the time and date\n" "Current Time (hh:mm:ss)\n"
    "Day of the month\n" MONTH_HELP "Year\n")
{
	return do_clock_set(vty, argv[2], argv[3], argv[4], argv[5]);
}

DEFUN(clock_set_md, "clock set WORD " MONTHS " (1-31) (1993-2035)",
    "Manage the system clock\n" "Set the time and date\n" "Current Time (hh:mm:ss)\n"
    MONTH_HELP "Day of the month\n" "Year\n")
{
	return do_clock_set(vty, argv[2], argv[4], argv[3], argv[5]);
}

/* ---- show version ---------------------------------------------------- */

static void
fmt_uptime(char *buf, size_t len, vtime_t up)
{
	uint64_t s = up / VT_SEC;
	unsigned long w = (unsigned long)(s / 604800), d = (unsigned long)(s % 604800 / 86400),
	    h = (unsigned long)(s % 86400 / 3600), m = (unsigned long)(s % 3600 / 60);
	size_t n = 0;

	buf[0] = '\0';
#define PART(v, word) do { if ((v) > 0 || (word[0] == 'm' && n == 0)) \
	n += (size_t)snprintf(buf + n, len - n, "%s%lu %s%s", n ? ", " : "", \
	    (unsigned long)(v), word, (v) == 1 ? "" : "s"); } while (0)
	PART(w, "week");
	PART(d, "day");
	PART(h, "hour");
	PART(m, "minute");
#undef PART
}

DEFUN(show_version, "show version", SHOW_STR "System hardware and software status\n")
{
	struct router *r = vty_router(vty);
	char up[96], boot[64];
	int eth = 0, ser = 0;

	fmt_uptime(up, sizeof(up), router_uptime(r));
	fmt_clock(boot, sizeof(boot), router_wall_ns(r) - (int64_t)router_uptime(r));
	strip_msec(boot);
	for (int i = 0; i < r->n_ifaces; i++) {
		if (r->ifaces[i]->type == IFT_SERIAL)
			ser++;
		else if (r->ifaces[i]->type != IFT_LOOPBACK && r->ifaces[i]->type != IFT_TUNNEL)
			eth++;
	}
	vty_out(vty, "vpnsim IOS-style Software (VPNSIM-ADVSECURITYK9-M), Version 15.2(4)M, SIMULATOR (vpnsim %s)\n", PACKAGE_VERSION);
	vty_out(vty, "Technical Support: see the vpnsim README\n");
	vty_out(vty, "Not Cisco IOS: a simulator of its command line and protocols\n");
	vty_out(vty, "\n");
	vty_out(vty, "ROM: vpnsim virtual ROMMON\n");
	vty_out(vty, "\n");
	vty_out(vty, "%s uptime is %s\n", r->hostname, up);
	vty_out(vty, "System returned to ROM by power-on\n");
	vty_out(vty, "System restarted at %s\n", boot);
	vty_out(vty, "System image file is \"vpnsim:%s\"\n", r->name);
	vty_out(vty, "Last reload reason: power-on\n");
	vty_out(vty, "\n");
	vty_out(vty, "vpnsim (simulated) processor with 262144K/65536K bytes of memory.\n");
	vty_out(vty, "Processor board ID SIM%08X\n", (unsigned)(r->id + 1) * 0x1001u);
	if (eth)
		vty_out(vty, "%d Ethernet interface%s\n", eth, eth == 1 ? "" : "s");
	if (ser)
		vty_out(vty, "%d Serial interface%s\n", ser, ser == 1 ? "" : "s");
	vty_out(vty, "%dK bytes of NVRAM.\n", NVRAM_SIZE / 1024);
	vty_out(vty, "\n");
	vty_out(vty, "Configuration register is 0x2102\n");
	vty_out(vty, "\n");
	return CMD_SUCCESS;
}

/* ---- NVRAM ------------------------------------------------------------ */

/* The startup config lives in memory and, when the lab has a directory,
 * in DIR/nvram/NAME.cfg so it survives the process. */
static void
persist(struct router *r)
{
	char *path = lab_nvram_path(r->name, false), *dir, *slash;
	FILE *f;

	if (path == NULL)
		return;
	dir = strdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		free(dir);
		free(path);
		return;
	}
	free(dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(r->startup_config, f);
		fclose(f);
	}
	free(path);
}

/* Startup config text: the running config from its first "!" on. */
static void
save_config(struct vty *vty)
{
	struct router *r = vty_router(vty);
	char *all = cli_running_config(r), *body = strstr(all, "\n!");

	free(r->startup_config);
	r->startup_config = strdup(body ? body + 1 : all);
	free(all);
	persist(r);
}

DEFUN(write_memory, "write [memory]", "Write running configuration to memory, network, or terminal\n"
    "Write to NV memory\n")
{
	vty_out(vty, "Building configuration...\n");
	save_config(vty);
	vty_out(vty, "[OK]\n");
	return CMD_SUCCESS;
}

DEFUN(copy_run_start, "copy running-config startup-config",
    "Copy from one file to another\n" "Copy from current system configuration\n"
    "Copy to startup configuration\n")
{
	char ans[128];

	if (!vty_getline(vty, "Destination filename [startup-config]? ", ans, sizeof(ans)))
		return CMD_SUCCESS;
	if (ans[0] != '\0' && strcmp(ans, "startup-config") != 0) {
		vty_out(vty, "%%Error opening %s (Permission denied)\n", ans);
		return CMD_WARNING;
	}
	vty_out(vty, "Building configuration...\n");
	save_config(vty);
	vty_out(vty, "[OK]\n");
	return CMD_SUCCESS;
}

DEFUN(show_startup, "show startup-config", SHOW_STR "Contents of startup configuration\n")
{
	struct router *r = vty_router(vty);

	if (r->startup_config == NULL) {
		vty_out(vty, "startup-config is not present\n");
		return CMD_SUCCESS;
	}
	vty_out(vty, "Using %zu out of %d bytes\n", strlen(r->startup_config), NVRAM_SIZE);
	vty_write(vty, r->startup_config, strlen(r->startup_config));
	return CMD_SUCCESS;
}

DEFUN(erase_startup, "erase startup-config", "Erase a filesystem\n"
    "Erase contents of configuration memory\n")
{
	struct router *r = vty_router(vty);
	char ans[16];

	if (!vty_getline(vty, "Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]",
	    ans, sizeof(ans)) || (ans[0] != '\0' && ans[0] != 'y' && ans[0] != 'Y'))
		return CMD_SUCCESS;
	free(r->startup_config);
	r->startup_config = NULL;
	vty_out(vty, "[OK]\n");
	vty_out(vty, "Erase of nvram: complete\n");
	rlog(r, SEV_NOTICE, "SYS", "CONFIG_NV_ERASE", "NVRAM erased by console");
	return CMD_SUCCESS;
}

/* ---- lines -------------------------------------------------------------- */

static struct line_cfg *
cur_line(struct vty *vty)
{
	return &sys_of(vty_router(vty))->line[vty_context_num(vty)];
}

DEFUN(line_con, "line (console|aux) (0-0)", "Configure a terminal line\n"
    "Primary terminal line\n" "Auxiliary line\n" "First Line number\n")
{
	vty_set_node(vty, LINE_NODE);
	vty_set_context_num(vty, argv[1][0] == 'c' ? LINE_CON : LINE_AUX);
	return CMD_SUCCESS;
}

DEFUN(line_vty, "line vty (0-15) [(0-15)]", "Configure a terminal line\n"
    "Virtual terminal\n" "First Line number\n" "Last Line number\n")
{
	vty_set_node(vty, LINE_NODE);
	vty_set_context_num(vty, LINE_VTY);
	return CMD_SUCCESS;
}

DEFUN(exec_timeout, "exec-timeout (0-35791) [(0-2147483)]",
    "Set the EXEC timeout\n" "Timeout in minutes\n" "Timeout in seconds\n")
{
	struct line_cfg *l = cur_line(vty);

	l->exec_timeout_min = atoi(argv[1]);
	l->exec_timeout_sec = argc > 2 ? atoi(argv[2]) : 0;
	return CMD_SUCCESS;
}

DEFUN(no_exec_timeout, "no exec-timeout", NO_STR "Set the EXEC timeout\n")
{
	cur_line(vty)->exec_timeout_min = -1;
	return CMD_SUCCESS;
}

DEFUN(logging_sync, "logging synchronous", "Modify message logging facilities\n"
    "Synchronized message output\n")
{
	cur_line(vty)->logging_sync = true;
	return CMD_SUCCESS;
}

DEFUN(no_logging_sync, "no logging synchronous", NO_STR "Modify message logging facilities\n"
    "Synchronized message output\n")
{
	cur_line(vty)->logging_sync = false;
	return CMD_SUCCESS;
}

DEFUN(line_login, "login", "Enable password checking\n")
{
	cur_line(vty)->login = true;
	return CMD_SUCCESS;
}

DEFUN(no_line_login, "no login", NO_STR "Enable password checking\n")
{
	cur_line(vty)->login = false;
	return CMD_SUCCESS;
}

DEFUN(line_privilege, "privilege level (0-15)", "Change privilege level for line\n"
    "Assign default privilege level for line\n" "Default privilege level for line\n")
{
	cur_line(vty)->privilege = atoi(argv[2]);
	return CMD_SUCCESS;
}

DEFUN(line_password, "password WORD", "Set a password\n" "The UNENCRYPTED (cleartext) line password\n")
{
	snprintf(cur_line(vty)->password, sizeof(cur_line(vty)->password), "%s", argv[1]);
	return CMD_SUCCESS;
}

/* Lines IOS writes into every config and accepts back. */
DEFUN_HIDDEN(version_cfg, "version WORD", "Version\n" "Version number\n")
{
	return CMD_SUCCESS;
}

DEFUN_HIDDEN(boot_marker, "(boot-start-marker|boot-end-marker)",
    "Boot start marker\n" "Boot end marker\n")
{
	return CMD_SUCCESS;
}

/* ---- running-config sections ---------------------------------------- */

static void
wr_version(struct vty *vty, struct router *r)
{
	vty_out(vty, "version 15.2\n");
}

static void
wr_hostname(struct vty *vty, struct router *r)
{
	vty_out(vty, "!\nhostname %s\n!\nboot-start-marker\nboot-end-marker\n!\n", r->hostname);
}

static void
wr_enable(struct vty *vty, struct router *r)
{
	if (r->enable_secret)
		vty_out(vty, "enable secret 0 %s\n!\n", r->enable_secret);
}

static void
wr_lines(struct vty *vty, struct router *r)
{
	struct sys_state *s = sys_of(r);

	for (int i = 0; i < LINE_MAX; i++) {
		struct line_cfg *l = &s->line[i];

		vty_out(vty, "line %s\n", line_names[i]);
		if (l->exec_timeout_min >= 0)
			vty_out(vty, " exec-timeout %d %d\n", l->exec_timeout_min,
			    l->exec_timeout_sec);
		if (l->privilege)
			vty_out(vty, " privilege level %d\n", l->privilege);
		if (l->password[0])
			vty_out(vty, " password %s\n", l->password);
		if (l->logging_sync)
			vty_out(vty, " logging synchronous\n");
		if (l->login && i == LINE_VTY)
			vty_out(vty, " login\n");
		else if (l->login)
			vty_out(vty, " login\n");
		else if (i == LINE_VTY)
			vty_out(vty, " no login\n");
	}
	vty_out(vty, "!\n");
}

/* Leaving config mode is what IOS logs as a configuration change. */
static void
config_exit(struct vty *vty)
{
	rlog(vty_router(vty), SEV_NOTICE, "SYS", "CONFIG_I",
	    "Configured from console by console");
}

static const struct cli_node config_node = {
	CONFIG_NODE, "%s(config)#", ENABLE_NODE, config_exit
};

static const struct cli_node line_node = { LINE_NODE, "%s(config-line)#", CONFIG_NODE, NULL };

void
system_cli_init(void)
{
	cli_install_node(&config_node);
	cli_install_node(&line_node);
	cli_install(CONFIG_NODE, &version_cfg_cmd);
	cli_install(CONFIG_NODE, &boot_marker_cmd);
	cli_install(CONFIG_NODE, &hostname_cmd);
	cli_install(CONFIG_NODE, &no_hostname_cmd);
	cli_install(CONFIG_NODE, &enable_secret_cmd);
	cli_install(CONFIG_NODE, &no_enable_secret_cmd);
	cli_install(CONFIG_NODE, &line_con_cmd);
	cli_install(CONFIG_NODE, &line_vty_cmd);
	cli_install(LINE_NODE, &exec_timeout_cmd);
	cli_install(LINE_NODE, &no_exec_timeout_cmd);
	cli_install(LINE_NODE, &logging_sync_cmd);
	cli_install(LINE_NODE, &no_logging_sync_cmd);
	cli_install(LINE_NODE, &line_login_cmd);
	cli_install(LINE_NODE, &no_line_login_cmd);
	cli_install(LINE_NODE, &line_privilege_cmd);
	cli_install(LINE_NODE, &line_password_cmd);
	cli_install(VIEW_NODE, &show_clock_cmd);
	cli_install(VIEW_NODE, &show_version_cmd);
	cli_install(ENABLE_NODE, &clock_set_dm_cmd);
	cli_install(ENABLE_NODE, &clock_set_md_cmd);
	cli_install(ENABLE_NODE, &write_memory_cmd);
	cli_install(ENABLE_NODE, &copy_run_start_cmd);
	cli_install(ENABLE_NODE, &show_startup_cmd);
	cli_install(ENABLE_NODE, &erase_startup_cmd);

	cli_install_config_writer(RC_ORDER_SERVICE - 50, wr_version);
	cli_install_config_writer(RC_ORDER_HOSTNAME, wr_hostname);
	cli_install_config_writer(RC_ORDER_ENABLE, wr_enable);
	cli_install_config_writer(RC_ORDER_LINE, wr_lines);
}
