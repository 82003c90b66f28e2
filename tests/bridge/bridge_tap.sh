#!/bin/sh
# A Linux host in a network namespace pings a vpnsim router through a TAP
# bridge, the router pings the host back, `show interfaces` says where the
# interface is bridged, the capture of the bridged link decodes in tshark,
# and the TAP vpnsim created is gone when vpnsim exits.
#
# vpnsim runs in the root namespace and creates the TAP; once it exists the
# test moves it into the host's namespace (the descriptor vpnsim holds keeps
# working across the move) and configures it there.
set -u
. "$top_srcdir/tests/bridge/lib.sh"
br_need_netns
br_need_tun

ns=vbt$$
tap=vbt$$
dir=$(mktemp -d)
cleanup() {
	br_kill
	ip netns del "$ns" 2>/dev/null
	ip link del "$tap" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns" || { echo "FAIL: ip netns add"; exit 1; }
ip -n "$ns" link set lo up

cat >"$dir/tap.vlab" <<LAB
@router R1
@bridge R1 GigabitEthernet0/0 tap:$tap
@capture R1 GigabitEthernet0/0 tap.pcap
@on R1
enable
configure terminal
interface GigabitEthernet0/0
 ip address 10.199.1.1 255.255.255.0
 no shutdown
end
# The host pings us meanwhile (real seconds: the lab is bridged).
@wait 5
show interfaces GigabitEthernet0/0
ping 10.199.1.2
show ip interface brief
@routers
LAB

start=$(date +%s)
br_start tap run --capture "$dir" "$dir/tap.vlab"
if wait_for 10 ip link show "$tap"; then
	ok "vpnsim created TAP $tap"
	ip link set "$tap" netns "$ns" &&
	ip -n "$ns" addr add 10.199.1.2/24 dev "$tap" &&
	ip -n "$ns" link set "$tap" up
	if ip netns exec "$ns" ping -c 3 -i 0.5 -W 2 10.199.1.1 >"$dir/host-ping" 2>&1; then
		ok "host pings the router through the TAP"
	else
		bad "host pings the router through the TAP"
		cat "$dir/host-ping"
	fi
else
	bad "vpnsim created TAP $tap"
fi
br_wait
end=$(date +%s)
echo "vpnsim ran $((end - start)) s"

rc=$(cat "$dir/tap.rc" 2>/dev/null || echo none)
if [ "$rc" = 0 ]; then ok "vpnsim run exits 0"; else
	bad "vpnsim run exits 0" "status $rc"; cat "$dir/tap.err"; fi
out=$dir/tap.out
grep_out "show interfaces: bridged to tap:$tap" "$out" "^  Bridged to tap:$tap\$"
grep_out "show interfaces: up, line protocol up" "$out" \
    '^GigabitEthernet0/0 is up, line protocol is up'
grep_out "router pings the host" "$out" 'Success rate is (80|100) percent'
grep_out "show ip interface brief unchanged" "$out" \
    '^GigabitEthernet0/0     10\.199\.1\.1      YES manual up                    up      $'
grep_out "@routers shows the bridge" "$out" "bridge tap:$tap\$"
# @wait 5 took real seconds.
if [ $((end - start)) -ge 5 ]; then ok "@wait runs in real time"; else
	bad "@wait runs in real time" "$((end - start)) s"; fi
check_capture "$dir/tap.pcap" 3
if ip -n "$ns" link show "$tap" >/dev/null 2>&1 || ip link show "$tap" >/dev/null 2>&1; then
	bad "TAP removed when vpnsim exits"
else
	ok "TAP removed when vpnsim exits"
fi
[ "$br_fail" -eq 0 ] || { echo "== transcript"; cat "$out"; }
br_finish
