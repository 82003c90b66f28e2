# Shared by the bridge tests (sourced).  Each test names what it creates
# after its own PID, so tests running at the same time (make -j, the
# sanitizer pass) never meet, and removes all of it on exit, failed or not.

: "${VPNSIM:?}" "${top_srcdir:?}"

br_pass=0
br_fail=0
br_pids=

# ok NAME: a check passed; bad NAME [DETAIL]: it failed.
ok() { br_pass=$((br_pass + 1)); echo "PASS: $1"; }
bad() { br_fail=$((br_fail + 1)); echo "FAIL: $1${2:+: $2}"; }
# check NAME COMMAND...: run COMMAND, pass if it succeeds.
check() {
	_n=$1; shift
	if "$@"; then ok "$_n"; else bad "$_n"; fi
}

# The closing line, and the exit status automake wants.
br_finish() {
	echo "$br_pass passed, $br_fail failed"
	[ "$br_fail" -eq 0 ]
	exit $?
}

br_skip() { echo "SKIP: $*"; exit 77; }

# TAP and pcap tests need root, network namespaces and ping.
br_need_netns() {
	[ "$(id -u)" -eq 0 ] || br_skip "not root"
	command -v ip >/dev/null 2>&1 || br_skip "no ip (iproute2)"
	_probe=vbprobe$$
	ip netns add "$_probe" >/dev/null 2>&1 || br_skip "ip netns unavailable"
	ip netns del "$_probe" >/dev/null 2>&1
	command -v ping >/dev/null 2>&1 || br_skip "no ping (iputils-ping)"
}

# TAP tests need the TUN/TAP device.
br_need_tun() {
	[ -c /dev/net/tun ] || br_skip "no /dev/net/tun"
}

# Run vpnsim in the background: br_start NAME ARGS...; output in
# $dir/NAME.out and $dir/NAME.err, exit status in $dir/NAME.rc.
br_start() {
	_n=$1; shift
	( timeout 40 "$VPNSIM" "$@" >"$dir/$_n.out" 2>"$dir/$_n.err"
	  echo $? >"$dir/$_n.rc" ) &
	br_pids="$br_pids $!"
}

# Wait for every background vpnsim.
br_wait() {
	for _p in $br_pids; do wait "$_p" 2>/dev/null; done
	br_pids=
}

# Kill what is still running (a failed test), then wait for it.
br_kill() {
	for _p in $br_pids; do
		pkill -TERM -P "$_p" 2>/dev/null
		kill -TERM "$_p" 2>/dev/null
	done
	br_wait
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	_t=$(($1 * 10)); shift
	while [ "$_t" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		_t=$((_t - 1))
	done
	return 1
}

# tshark with no user preferences (and none it cannot read).
ts() { HOME=$dir tshark "$@"; }

# A capture opens in tshark, nothing is malformed, ICMP echo requests and
# replies are there (at least $2 of each).
check_capture() {
	_f=$1; _min=$2
	if ! command -v tshark >/dev/null 2>&1; then
		echo "SKIP: tshark not installed: capture $(basename "$_f") not checked"
		return
	fi
	if [ ! -s "$_f" ]; then
		bad "capture $(basename "$_f") written"
		return
	fi
	_out=$(ts -r "$_f" -n 2>&1) || { bad "tshark reads $(basename "$_f")" "$_out"; return; }
	if echo "$_out" | grep -qi malformed; then
		bad "no malformed frame in $(basename "$_f")"
		echo "$_out" | grep -i malformed | head -n 5
		return
	fi
	_req=$(ts -r "$_f" -n -Y 'icmp.type == 8' 2>/dev/null | wc -l)
	_rep=$(ts -r "$_f" -n -Y 'icmp.type == 0' 2>/dev/null | wc -l)
	_eth=$(ts -r "$_f" -n -T fields -e frame.protocols 2>/dev/null | head -n 1)
	case $_eth in
	eth:*) ;;
	*) bad "capture $(basename "$_f") is Ethernet" "$_eth"; return ;;
	esac
	if [ "$_req" -ge "$_min" ] && [ "$_rep" -ge "$_min" ]; then
		ok "capture $(basename "$_f") decodes in tshark ($_req echo requests, $_rep replies)"
	else
		bad "capture $(basename "$_f") has ICMP" "$_req requests, $_rep replies, want $_min"
		echo "$_out" | head -n 20
	fi
}

# grep_out NAME FILE PATTERN: FILE has a line matching the extended regex.
grep_out() {
	if grep -Eq -- "$3" "$2"; then ok "$1"; else bad "$1" "no /$3/ in $(basename "$2")"; fi
}
