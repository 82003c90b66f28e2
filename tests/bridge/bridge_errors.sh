#!/bin/sh
# Bridge errors are clear and leave the lab usable: a lab error with
# FILE:LINE from @bridge (vpnsim run then stops with status 2), a `%` line
# from the interface command (the lab goes on).  No permission (run as
# nobody), no such interface, port in use, bad syntax, non-Ethernet
# interfaces; `no vpnsim bridge` and `@bridge R IF none` close the bridge
# and remove the TAP vpnsim made.  Checks that need root say SKIP without.
set -u
. "$top_srcdir/tests/bridge/lib.sh"

dir=$(mktemp -d)
cleanup() {
	br_kill
	ip link del "vbe$$" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
root=no
[ "$(id -u)" -eq 0 ] && root=yes

# run NAME: vpnsim run $dir/NAME.vlab; sets $rc, output in NAME.out/.err.
run() {
	"$VPNSIM" run "$dir/$1.vlab" >"$dir/$1.out" 2>"$dir/$1.err"
	rc=$?
}
# lab_error NAME LINE MESSAGE: exit status 2 and "NAME.vlab:LINE: MESSAGE".
lab_error() {
	if [ "$rc" -eq 2 ] && grep -Fqx "$dir/$1.vlab:$2: $3" "$dir/$1.err"; then
		ok "$1: $3"
	else
		bad "$1: $3" "status $rc, stderr: $(cat "$dir/$1.err")"
	fi
}

# --- syntax --------------------------------------------------------------
p=$((20000 + 2 * ($$ % 6000)))
cat >"$dir/syntax.vlab" <<LAB
@router R1
@bridge R1 Gi0/0 udp:$p:127.0.0.1
LAB
run syntax
lab_error syntax 2 "@bridge R1 Gi0/0 udp:$p:127.0.0.1: bad UDP tunnel \"udp:$p:127.0.0.1\": use udp:LPORT:RHOST:RPORT (ports 1-65535)"
cat >"$dir/kind.vlab" <<LAB
@router R1
@bridge R1 Gi0/0 vde:/tmp/x
LAB
run kind
lab_error kind 2 "@bridge R1 Gi0/0 vde:/tmp/x: unknown bridge \"vde:/tmp/x\": use tap:NAME, pcap:IFNAME or udp:LPORT:RHOST:RPORT"
cat >"$dir/serial.vlab" <<LAB
@router R1
@bridge R1 Serial1/0 udp:$p:127.0.0.1:$((p + 1))
LAB
run serial
lab_error serial 2 "@bridge R1 Serial1/0 udp:$p:127.0.0.1:$((p + 1)): Serial1/0 cannot be bridged: only Ethernet interfaces can"

# --- port in use (by another process) -------------------------------------
cat >"$dir/holder.vlab" <<LAB
@router R9
@bridge R9 Gi0/0 udp:$p:127.0.0.1:$((p + 1))
@wait 3
LAB
cat >"$dir/inuse.vlab" <<LAB
@router R1
@bridge R1 Gi0/0 udp:$p:127.0.0.1:$((p + 1))
LAB
br_start holder run "$dir/holder.vlab"
if command -v ss >/dev/null 2>&1; then
	wait_for 10 sh -c "ss -Huan 'sport = :$p' | grep -q ."
else
	sleep 1
fi
run inuse
lab_error inuse 2 "@bridge R1 GigabitEthernet0/0 udp:$p:127.0.0.1:$((p + 1)): cannot bind UDP port $p: port in use"
br_wait

# --- the interface command: errors are % lines, the lab goes on -------------
cat >"$dir/cli.vlab" <<LAB
@router R1
@on R1
enable
configure terminal
interface Serial1/0
 vpnsim bridge udp $p 127.0.0.1 $((p + 1))
interface GigabitEthernet0/1
 vpnsim bridge udp $p 127.0.0.1 $((p + 1))
 no shutdown
interface GigabitEthernet0/2
 vpnsim bridge udp $p 127.0.0.1 $((p + 2))
end
show running-config | include vpnsim
show ip interface brief | include GigabitEthernet0/1
configure terminal
interface GigabitEthernet0/1
 no vpnsim bridge
end
show running-config | include vpnsim
@expect-not vpnsim bridge
show ip interface brief | include GigabitEthernet0/1
LAB
run cli
if [ "$rc" -eq 0 ]; then ok "cli: errors do not stop the lab"; else
	bad "cli: errors do not stop the lab" "status $rc: $(cat "$dir/cli.err")"; fi
grep_out "cli: serial refused" "$dir/cli.out" \
    '^% Serial1/0 cannot be bridged: only Ethernet interfaces can$'
grep_out "cli: one UDP port, one interface" "$dir/cli.out" \
    '^% UDP port [0-9]+ is in use by R1 GigabitEthernet0/1$'
grep_out "cli: running config line" "$dir/cli.out" \
    "^ vpnsim bridge udp $p 127\\.0\\.0\\.1 $((p + 1))\$"
grep_out "cli: bridged interface up/up" "$dir/cli.out" \
    '^GigabitEthernet0/1 +unassigned +YES unset  up +up'
grep_out "cli: no vpnsim bridge takes it down" "$dir/cli.out" \
    'Interface GigabitEthernet0/1, changed state to down'

# --- root only: no such interface, no permission, TAP removal ---------------
if [ "$root" = no ]; then
	echo "SKIP: not root: pcap, TAP and permission checks"
	br_finish
fi

cat >"$dir/nodev.vlab" <<LAB
@router R1
@bridge R1 Gi0/0 pcap:vbnodev$$
LAB
run nodev
lab_error nodev 2 "@bridge R1 GigabitEthernet0/0 pcap:vbnodev$$: cannot capture on vbnodev$$: no such interface"

tap=vbe$$
if [ ! -c /dev/net/tun ]; then
	echo "SKIP: no /dev/net/tun: TAP checks"
	br_finish
fi
cat >"$dir/tapoff.vlab" <<LAB
@router R1
@bridge R1 Gi0/0 tap:$tap
@bridge R1 Gi0/1 tap:$tap
LAB
run tapoff
lab_error tapoff 3 "@bridge R1 GigabitEthernet0/1 tap:$tap: tap:$tap is already bridged to R1 GigabitEthernet0/0"

# The TAP exists while bridged and is gone after `none`; a persistent TAP
# made beforehand is attached and stays.
cat >"$dir/tapnone.vlab" <<LAB
@router R1
@bridge R1 Gi0/0 tap:$tap
@bridge R1 Gi0/0 none
LAB
run tapnone
if [ "$rc" -eq 0 ] && ! ip link show "$tap" >/dev/null 2>&1; then
	ok "@bridge none closes the bridge and its TAP"
else
	bad "@bridge none closes the bridge and its TAP" "status $rc: $(cat "$dir/tapnone.err")"
fi
if ip tuntap add dev "$tap" mode tap 2>/dev/null; then
	run tapnone
	if [ "$rc" -eq 0 ] && ip link show "$tap" >/dev/null 2>&1; then
		ok "a persistent TAP is attached and kept"
	else
		bad "a persistent TAP is attached and kept" "status $rc: $(cat "$dir/tapnone.err")"
	fi
	ip link del "$tap" 2>/dev/null
else
	echo "SKIP: ip tuntap add failed: persistent TAP not checked"
fi

# No permission: the same labs as nobody.
if command -v setpriv >/dev/null 2>&1 &&
    chmod 755 "$dir" && chmod 644 "$dir"/*.vlab &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$VPNSIM" 2>/dev/null; then
	for k in tap pcap; do
		if [ $k = tap ]; then what="cannot open TAP $tap"; else
			what="cannot capture on lo"; fi
		printf '@router R1\n@bridge R1 Gi0/0 %s:%s\n' $k \
		    "$([ $k = tap ] && echo "$tap" || echo lo)" >"$dir/perm$k.vlab"
		chmod 644 "$dir/perm$k.vlab"
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$VPNSIM" run "$dir/perm$k.vlab" >"$dir/perm$k.out" 2>"$dir/perm$k.err"
		rc=$?
		lab_error perm$k 2 "@bridge R1 GigabitEthernet0/0 $k:$([ $k = tap ] && echo "$tap" || echo lo): $what: Operation not permitted: run as root"
	done
else
	echo "SKIP: cannot run vpnsim as nobody: permission messages not checked"
fi
br_finish
