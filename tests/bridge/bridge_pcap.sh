#!/bin/sh
# A Linux host in a network namespace pings a vpnsim router bridged with
# libpcap to the root-namespace end of a veth pair whose other end is in the
# host's namespace; the router pings back; the capture of the bridged link
# decodes in tshark and holds no frame twice (our own injected frames do not
# come back in).
set -u
. "$top_srcdir/tests/bridge/lib.sh"
br_need_netns

ns=vbp$$
va=vpa$$
vb=vpb$$
dir=$(mktemp -d)
cleanup() {
	br_kill
	ip netns del "$ns" 2>/dev/null
	ip link del "$va" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns" &&
ip link add "$va" type veth peer name "$vb" netns "$ns" &&
ip link set "$va" up &&
ip -n "$ns" link set lo up &&
ip -n "$ns" addr add 10.199.2.2/24 dev "$vb" &&
ip -n "$ns" link set "$vb" up || { echo "FAIL: namespace and veth setup"; exit 1; }

cat >"$dir/pcap.vlab" <<LAB
@router R1
@bridge R1 FastEthernet0/0 pcap:$va
@capture R1 FastEthernet0/0 pcap.pcap
@on R1
enable
configure terminal
interface FastEthernet0/0
 ip address 10.199.2.1 255.255.255.0
 no shutdown
end
@wait 4
show interfaces FastEthernet0/0
ping 10.199.2.2 repeat 3
ping 10.199.2.2 size 1500
LAB

br_start pcap run --capture "$dir" "$dir/pcap.vlab"
# The bridge is open once the capture file exists.
wait_for 10 test -s "$dir/pcap.pcap" || bad "vpnsim opened the capture"
if ip netns exec "$ns" ping -c 3 -i 0.5 -W 2 10.199.2.1 >"$dir/host-ping" 2>&1; then
	ok "host pings the router through the pcap bridge"
else
	bad "host pings the router through the pcap bridge"
	cat "$dir/host-ping"
fi
br_wait

rc=$(cat "$dir/pcap.rc" 2>/dev/null || echo none)
if [ "$rc" = 0 ]; then ok "vpnsim run exits 0"; else
	bad "vpnsim run exits 0" "status $rc"; cat "$dir/pcap.err"; fi
out=$dir/pcap.out
grep_out "show interfaces: bridged to pcap:$va" "$out" "^  Bridged to pcap:$va\$"
grep_out "show interfaces: up, line protocol up" "$out" \
    '^FastEthernet0/0 is up, line protocol is up'
grep_out "router pings the host" "$out" 'Success rate is (66|100) percent \([23]/3\)'
grep_out "router pings the host with full-size frames" "$out" \
    'Success rate is 100 percent \(5/5\)'
check_capture "$dir/pcap.pcap" 3
if command -v tshark >/dev/null 2>&1; then
	# Each echo request of the router's second ping appears once.
	dup=$(ts -r "$dir/pcap.pcap" -n -T fields -e icmp.ident -e icmp.seq \
	    -e ip.src -Y 'icmp.type == 8 && ip.src == 10.199.2.1' 2>/dev/null |
	    sort | uniq -d | wc -l)
	if [ "$dup" -eq 0 ]; then ok "no injected frame captured back"; else
		bad "no injected frame captured back" "$dup duplicates"; fi
fi
[ "$br_fail" -eq 0 ] || { echo "== transcript"; cat "$out"; }
br_finish
