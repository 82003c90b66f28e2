#!/bin/sh
# Two vpnsim processes joined by a UDP tunnel on 127.0.0.1 (the NIO UDP
# convention of GNS3/Dynamips: one Ethernet frame per datagram) form one
# lab: R1 in process A, R2 and R3 in process B.  R1 pings R2 across the
# tunnel and R3 over a static-routed path through R2; B pings back.  A makes
# its bridge with the interface command (and shows it in the running
# config), B with @bridge.  No root or namespace needed.
set -u
. "$top_srcdir/tests/bridge/lib.sh"

dir=$(mktemp -d)
cleanup() {
	br_kill
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Ports below the kernel's ephemeral range, different for each run.
pa=$((20000 + 2 * ($$ % 6000)))
pb=$((pa + 1))

# MACs hash the router's name (aabb.HHRR.RRII), so R1 and R2, each first
# in its own process, still get different ones (checked below).
cat >"$dir/a.vlab" <<LAB
@router R1
@on R1
enable
configure terminal
interface Loopback0
 ip address 10.199.0.1 255.255.255.255
interface GigabitEthernet0/0
 ip address 10.199.3.1 255.255.255.0
 vpnsim bridge udp $pa 127.0.0.1 $pb
 no shutdown
exit
ip route 10.199.4.0 255.255.255.0 10.199.3.2
end
@capture all
show running-config interface GigabitEthernet0/0
# B starts meanwhile.  The first packet of each path is lost while a router
# resolves the next hop (ARP), as IOS does: short timeouts there.
@wait 2
ping 10.199.3.2 timeout 1
ping 10.199.4.3 source Loopback0 timeout 1
ping 10.199.4.3 source Loopback0
@expect Success rate is 100 percent (5/5)
show interfaces GigabitEthernet0/0 | include Bridged|line protocol|address is
# Stay up while B pings us.
@wait 3
LAB

cat >"$dir/b.vlab" <<LAB
@router R2
@router R3
@bridge R2 GigabitEthernet0/0 udp:$pb:127.0.0.1:$pa
@link R2 GigabitEthernet0/1 R3 GigabitEthernet0/1 delay 1ms
@on R3
enable
configure terminal
interface GigabitEthernet0/1
 ip address 10.199.4.3 255.255.255.0
 no shutdown
exit
ip route 0.0.0.0 0.0.0.0 10.199.4.2
end
@on R2
enable
configure terminal
interface GigabitEthernet0/0
 ip address 10.199.3.2 255.255.255.0
 no shutdown
interface GigabitEthernet0/1
 ip address 10.199.4.2 255.255.255.0
 no shutdown
exit
ip route 10.199.0.0 255.255.255.0 10.199.3.1
end
show running-config interface GigabitEthernet0/0
# A pings meanwhile (its lab seconds 2 to about 4) and waits for us until 7.
@wait 6
ping 10.199.0.1
@expect Success rate is 100 percent (5/5)
show interfaces GigabitEthernet0/0 | include Bridged|address is
LAB

start=$(date +%s)
mkdir "$dir/capa"
br_start b run "$dir/b.vlab"
br_start a run --capture "$dir/capa" "$dir/a.vlab"
br_wait
end=$(date +%s)
echo "both ran in $((end - start)) s"

for p in a b; do
	rc=$(cat "$dir/$p.rc" 2>/dev/null || echo none)
	if [ "$rc" = 0 ]; then ok "process $p exits 0"; else
		bad "process $p exits 0" "status $rc"; cat "$dir/$p.err"; fi
done
grep_out "A: running config has the bridge" "$dir/a.out" \
    "^ vpnsim bridge udp $pa 127\\.0\\.0\\.1 $pb\$"
grep_out "A: R1 pings R2 across the tunnel" "$dir/a.out" \
    'Success rate is (80|100) percent \([45]/5\)'
grep_out "A: R1 pings R3 over the static path" "$dir/a.out" \
    'Success rate is 100 percent \(5/5\), round-trip min/avg/max = [0-9]+/[0-9]+/[0-9]+ ms'
mac_a=$(sed -n 's/.*address is \([0-9a-f.]*\) .*/\1/p' "$dir/a.out" | head -n 1)
mac_b=$(sed -n 's/.*address is \([0-9a-f.]*\) .*/\1/p' "$dir/b.out" | head -n 1)
if [ -n "$mac_a" ] && [ -n "$mac_b" ] && [ "$mac_a" != "$mac_b" ]; then
	ok "A/B: R1's MAC ($mac_a) differs from R2's ($mac_b)"
else
	bad "A/B: R1's MAC ($mac_a) differs from R2's ($mac_b)"
fi
grep_out "A: show interfaces says udp" "$dir/a.out" \
    "^  Bridged to udp:$pa:127\\.0\\.0\\.1:$pb\$"
if grep -q 'vpnsim bridge' "$dir/b.out"; then
	bad "B: @bridge is not in the running config"
else
	ok "B: @bridge is not in the running config"
fi
grep_out "B: R2 pings R1 back" "$dir/b.out" 'Success rate is 100 percent \(5/5\)'
check_capture "$(ls "$dir"/capa/*tunnel* "$dir"/capa/*udp* 2>/dev/null | head -n 1)" 5
[ "$br_fail" -eq 0 ] || { echo "== A"; cat "$dir/a.out"; echo "== B"; cat "$dir/b.out"; }
br_finish
