#!/bin/sh
# Run the default lab under valgrind, with some traffic and commands on top
# (pings, traceroute, shows, a config change, an hour of virtual time): any
# definite/indirect leak or memory error fails the test.  Skipped (exit 77) when valgrind, the program
# or the scenario is missing, and in the sanitizer pass (ASan binaries do not
# run under valgrind, and ASan checks the same things there).
#
# Environment (set by `make check`): VPNSIM, top_srcdir, top_builddir.
# VALGRIND_SCENARIOS: space-separated scenario files to run instead.
set -u

if [ -n "${VPNSIM_ASAN_PASS:-}" ]; then
	echo "SKIP: sanitizer pass"
	exit 77
fi
vpnsim=${VPNSIM:-${top_builddir:-.}/src/vpnsim}
srcdir=${top_srcdir:-.}
default_lab=$srcdir/scenarios/default.vlab

if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: valgrind not installed (apt-get install valgrind)"
	exit 77
fi
if [ ! -x "$vpnsim" ]; then
	echo "SKIP: $vpnsim not built"
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "${VALGRIND_SCENARIOS:-}" ] && [ -f "$default_lab" ]; then
	# Beside a copy of scenarios/ so the lab's relative config paths work.
	cp -R "$srcdir/scenarios/." "$tmp/"
	{
		cat "$default_lab"
		cat <<'EOS'

@on GM1-host
enable
ping 192.168.14.2
traceroute 192.168.14.2
show ip route
@on GM1
enable
show ip interface brief
show ip traffic
show interfaces
show arp
show logging
configure terminal
interface Loopback0
ip address 10.99.99.1 255.255.255.255
no shutdown
end
show running-config
@wait 1h
ping 10.1.14.2 size 1500 repeat 3
EOS
	} >"$tmp/valgrind.vlab"
	scenarios=$tmp/valgrind.vlab
else
	scenarios=${VALGRIND_SCENARIOS:-$default_lab}
fi

ran=0
for scen in $scenarios; do
	if [ ! -f "$scen" ]; then
		echo "SKIP: $scen not there yet"
		continue
	fi
	ran=$((ran + 1))
	echo "== valgrind $vpnsim run --seed 1 $scen"
	# The transcript itself is checked by the golden tests; here only the
	# memory checker's verdict matters (all output lands in the test log).
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=3 "$vpnsim" run --seed 1 "$scen"
	rc=$?
	case $rc in
	0)	echo "ok: no leaks or memory errors" ;;
	3)	echo "FAIL: valgrind found leaks or memory errors in $scen"
		exit 1 ;;
	*)	echo "FAIL: vpnsim run exited with status $rc on $scen"
		exit 1 ;;
	esac
done
if [ $ran -eq 0 ]; then
	exit 77
fi
exit 0
