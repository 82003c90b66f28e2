#!/bin/sh
# IKEv1 interop with strongSwan 5.9 (charon + swanctl, kernel-libipsec) in a
# network namespace of the test's own, joined to a vpnsim router by a TAP:
#
#   vpnsim R1  Loopback0 192.168.1.1/24
#              Gi0/0 10.199.4.1 ==TAP== 10.199.4.2 charon   lo 192.168.2.1/32
#
# vpnsim runs inside the namespace (`ip netns exec`) and attaches to a
# persistent TAP made there beforehand, so charon can be up, with its address,
# before vpnsim sends anything.  kernel-libipsec forces UDP encapsulation:
# the exchange has to float to 4500 and ESP has to travel in UDP (RFC 3947 /
# 3948) -- that is what this test is about.
#
# Two rounds, each a fresh charon and a fresh `vpnsim run`:
#   r1  3des-sha1-modp1024,     ESP 3des-sha1      vpnsim initiates (a ping)
#   r2  aes128-sha256-modp2048, ESP aes128-sha256  strongSwan initiates
# Each checks main mode + quick mode, pings both ways through the tunnel,
# that both SA views agree (our inbound SPI is strongSwan's outbound and vice
# versa), that vpnsim's ESP and IKE went to UDP 4500, and -- when tshark is
# installed -- that the capture of the bridged link decrypts with the key
# files vpnsim wrote.  Needs root, netns, /dev/net/tun and strongSwan (skip
# 77 otherwise).
set -u
. "$top_srcdir/tests/bridge/lib.sh"
br_need_netns
br_need_tun
charon=/usr/lib/ipsec/charon
[ -x "$charon" ] || br_skip "no strongSwan charon ($charon)"
command -v swanctl >/dev/null 2>&1 || br_skip "no swanctl"
command -v unshare >/dev/null 2>&1 || br_skip "no unshare (util-linux)"
ssdir=$top_srcdir/tests/interop/strongswan

ns=vss$$
tap=vss$$
dir=$(mktemp -d /tmp/vpnsim-ss.XXXXXX)
chmod 755 "$dir"
psk=interop-$$
charon_pid=
vpnsim_pid=
t0=$(date +%s)

stop_charon() {
	[ -n "$charon_pid" ] || return 0
	kill "$charon_pid" 2>/dev/null
	wait "$charon_pid" 2>/dev/null
	charon_pid=
}
stop_vpnsim() {
	[ -n "$vpnsim_pid" ] || return 0
	kill "$vpnsim_pid" 2>/dev/null
	wait "$vpnsim_pid"
	echo $? >"$dir/$n.rc"
	vpnsim_pid=
}
cleanup() {
	stop_vpnsim
	stop_charon
	ip netns del "$ns" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The namespace: lo carries strongSwan's protected address (this kernel has
# no dummy links), the persistent TAP its public one.
{
	ip netns add "$ns" &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" addr add 192.168.2.1/32 dev lo &&
	ip -n "$ns" tuntap add dev "$tap" mode tap &&
	ip -n "$ns" addr add 10.199.4.2/24 dev "$tap" &&
	ip -n "$ns" link set "$tap" up
} || { echo "FAIL: namespace and TAP setup"; exit 1; }

vici=unix://$dir/charon.vici
sed "s|@DIR@|$dir|g" "$ssdir/strongswan.conf.in" >"$dir/strongswan.conf"

# start_charon IKE-PROPOSAL ESP-PROPOSAL: a charon with the s2s connection.
# charon hard-codes /var/run/charon.pid, so it gets a private /run in a
# mount namespace of its own; exec keeps $! its PID.
start_charon() {
	sed -e "s|@LOCAL@|10.199.4.2|g" -e "s|@REMOTE@|10.199.4.1|g" \
	    -e "s|@LOCAL_TS@|192.168.2.1/32|" -e "s|@REMOTE_TS@|192.168.1.0/24|" \
	    -e "s|@IKE@|$1|" -e "s|@ESP@|$2|" -e "s|@PSK@|$psk|" \
	    "$ssdir/swanctl.conf.in" >"$dir/swanctl.conf"
	rm -f "$dir/charon.vici" "$dir/charon.log"
	ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs tmpfs /run &&
	    exec env STRONGSWAN_CONF=$dir/strongswan.conf $charon" \
	    >"$dir/charon.stdout" 2>&1 &
	charon_pid=$!
	wait_for 10 test -S "$dir/charon.vici" || return 1
	swanctl --load-all --file "$dir/swanctl.conf" --uri "$vici" \
	    >"$dir/swanctl.load" 2>&1
}

# lab NAME ISAKMP-POLICY-LINES TRANSFORMS FIRST-PING: the scenario.  R1
# warms its ARP entry, optionally pings into the tunnel at once (which makes
# it the initiator), waits real seconds while the namespace side works, then
# pings through the tunnel and shows both SA tables.
lab() {
	cat >"$dir/$1.vlab" <<LAB
@router R1
@bridge R1 GigabitEthernet0/0 tap:$tap
@capture R1 GigabitEthernet0/0 $1.pcap
@on R1
enable
configure terminal
interface Loopback0
 ip address 192.168.1.1 255.255.255.0
interface GigabitEthernet0/0
 ip address 10.199.4.1 255.255.255.0
 no shutdown
ip route 192.168.2.0 255.255.255.0 10.199.4.2
ip access-list extended S2S
 permit ip 192.168.1.0 0.0.0.255 host 192.168.2.1
crypto isakmp policy 10
$2
 authentication pre-share
crypto isakmp key $psk address 10.199.4.2
crypto ipsec transform-set TS $3
crypto map CMAP 10 ipsec-isakmp
 set peer 10.199.4.2
 set transform-set TS
 match address S2S
interface GigabitEthernet0/0
 crypto map CMAP
end
ping 10.199.4.2 repeat 2 timeout 1
$4
# Real seconds (the lab is bridged): the namespace pings meanwhile.
@wait 9
ping 192.168.2.1 source Loopback0 repeat 5
show crypto isakmp sa
show crypto ipsec sa
show crypto session
LAB
}

# round NAME IKE ESP POLICY TRANSFORMS INITIATOR
round() {
	n=$1
	mkdir -p "$dir/$n"
	if [ "$6" = vpnsim ]; then
		first="ping 192.168.2.1 source Loopback0 repeat 5 timeout 1"
	else
		first=
	fi
	lab "$n" "$4" "$5" "$first"
	if start_charon "$2" "$3"; then ok "$n: charon up, s2s loaded"; else
		bad "$n: charon up, s2s loaded"
		cat "$dir/charon.stdout" "$dir/swanctl.load" 2>/dev/null
		stop_charon
		return
	fi
	# ip netns exec execs timeout: $! is timeout, which passes a TERM on.
	ip netns exec "$ns" timeout 40 "$VPNSIM" run --capture "$dir/$n" \
	    "$dir/$n.vlab" >"$dir/$n.out" 2>"$dir/$n.err" &
	vpnsim_pid=$!
	# R1 answers on the TAP once vpnsim has attached and configured it.
	if ! wait_for 10 ip netns exec "$ns" ping -c 1 -W 1 10.199.4.1; then
		bad "$n: R1 reachable through the TAP"
	fi
	if [ "$6" = strongswan ]; then
		if swanctl --initiate --child net --uri "$vici" --timeout 15 \
		    >"$dir/$n.initiate" 2>&1; then
			ok "$n: strongSwan initiates main mode + quick mode"
		else
			bad "$n: strongSwan initiates main mode + quick mode"
			cat "$dir/$n.initiate"
		fi
	else
		if wait_for 8 sh -c "swanctl --list-sas --uri '$vici' |
		    grep -q INSTALLED"; then
			ok "$n: vpnsim initiates main mode + quick mode"
		else
			bad "$n: vpnsim initiates main mode + quick mode"
		fi
	fi
	if ip netns exec "$ns" ping -c 3 -i 0.3 -W 2 -I 192.168.2.1 \
	    192.168.1.1 >"$dir/$n.hostping" 2>&1; then
		ok "$n: strongSwan side pings R1's LAN through the tunnel"
	else
		bad "$n: strongSwan side pings R1's LAN through the tunnel"
		cat "$dir/$n.hostping"
	fi
	swanctl --list-sas --uri "$vici" >"$dir/$n.sas" 2>&1
	wait "$vpnsim_pid"
	echo $? >"$dir/$n.rc"
	vpnsim_pid=
	stop_charon
	check_round "$n" "$7" "$8"
}

# check_round NAME STRONGSWAN-IKE-ALGS STRONGSWAN-ESP-ALGS
check_round() {
	n=$1
	out=$dir/$n.out
	sas=$dir/$n.sas
	rc=$(cat "$dir/$n.rc" 2>/dev/null || echo none)
	if [ "$rc" = 0 ]; then ok "$n: vpnsim run exits 0"; else
		bad "$n: vpnsim run exits 0" "status $rc"; cat "$dir/$n.err"; fi
	# The scenario's last ping (after the @wait) is the one that counts.
	last=$(grep 'Success rate is' "$out" | tail -n 1)
	case $last in
	*"Success rate is 100 percent (5/5)"*)
		ok "$n: R1 pings strongSwan's LAN through the tunnel" ;;
	*)	bad "$n: R1 pings strongSwan's LAN through the tunnel" "$last" ;;
	esac
	grep_out "$n: vpnsim phase 1 QM_IDLE" "$out" \
	    '^10\.199\.4\.[12] +10\.199\.4\.[12] +QM_IDLE +[0-9]+ ACTIVE'
	grep_out "$n: vpnsim session UP-ACTIVE" "$out" 'Session status: UP-ACTIVE'
	grep_out "$n: vpnsim ESP to UDP 4500" "$out" \
	    'current_peer 10\.199\.4\.2 port 4500'
	grep_out "$n: strongSwan ESTABLISHED IKEv1 $2" "$sas" \
	    "ESTABLISHED, IKEv1"
	grep_out "$n: strongSwan phase-1 algorithms" "$sas" "$2"
	grep_out "$n: strongSwan peer at UDP 4500" "$sas" \
	    "remote '10\.199\.4\.1' @ 10\.199\.4\.1\[4500\]"
	grep_out "$n: strongSwan child INSTALLED, TUNNEL-in-UDP, $3" "$sas" \
	    "INSTALLED, TUNNEL-in-UDP, ESP:$3"
	# Both SA views agree.  swanctl: "in  SPI (...)" / "out SPI (...)".
	in=$(sed -n 's/^ *in  \([0-9a-f]\{8\}\)[ ,].*/\1/p' "$sas" | head -n 1)
	outspi=$(sed -n 's/^ *out \([0-9a-f]\{8\}\)[ ,].*/\1/p' "$sas" | head -n 1)
	# vpnsim: "current outbound spi: 0x...(dec)", inbound "spi: 0x...(dec)".
	v_out=$(sed -n 's/.*current outbound spi: 0x\([0-9A-Fa-f]*\)(.*/\1/p' \
	    "$out" | tail -n 1)
	v_in=$(awk '/inbound esp sas:/ { f = 1; next }
	    /inbound ah sas:/ { f = 0 }
	    f && /spi: 0x/ { sub(/.*spi: 0x/, ""); sub(/\(.*/, ""); print }' \
	    "$out" | tail -n 1)
	norm() { printf '%08x' "0x${1:-0}"; }
	if [ -n "$in" ] && [ -n "$outspi" ] && [ -n "$v_out" ] &&
	    [ -n "$v_in" ] && [ "$(norm "$v_out")" = "$in" ] &&
	    [ "$(norm "$v_in")" = "$outspi" ]; then
		ok "$n: SA views agree (vpnsim in $v_in out $v_out, strongSwan in $in out $outspi)"
	else
		bad "$n: SA views agree" \
		    "vpnsim in '$v_in' out '$v_out', strongSwan in '$in' out '$outspi'"
	fi
	# vpnsim counted the pings both ways.
	enc=$(sed -n 's/.*#pkts encaps: \([0-9]*\),.*/\1/p' "$out" | tail -n 1)
	dec=$(sed -n 's/.*#pkts decaps: \([0-9]*\),.*/\1/p' "$out" | tail -n 1)
	if [ "${enc:-0}" -ge 8 ] && [ "${dec:-0}" -ge 8 ]; then
		ok "$n: vpnsim counters (encaps $enc, decaps $dec)"
	else
		bad "$n: vpnsim counters" "encaps '$enc', decaps '$dec', want >= 8"
	fi
	check_wire "$n"
	if [ "$br_fail" -ne 0 ] && [ -z "${dumped:-}" ]; then
		dumped=1
		echo "== $n transcript"; cat "$out"; cat "$dir/$n.err"
		echo "== $n swanctl --list-sas"; cat "$sas"
		echo "== charon log"; tail -n 80 "$dir/charon.log"
	fi
}

# check_wire NAME: the capture of the bridged link, decrypted with the key
# files vpnsim wrote next to it (keys strongSwan agreed to, since the pings
# passed): IKE on 500 then 4500, ESP only in UDP, ICMP inside both ways --
# by tshark, and by scapy on its own when it is installed.
check_wire() {
	n=$1
	pcap=$dir/$n/$n.pcap
	py=${PYTHON_SCAPY:-/usr/bin/python3}
	if "$py" -c 'import scapy.layers.ipsec' >/dev/null 2>&1; then
		if "$py" "$top_srcdir/tests/interop/ike_esp_decrypt.py" \
		    "$dir/$n/esp_sa" "$pcap" >"$dir/$n.scapy" 2>&1; then
			ok "$n: scapy decrypts the ESP-in-UDP: $(tail -n 1 "$dir/$n.scapy")"
		else
			bad "$n: scapy decrypts the ESP-in-UDP"; cat "$dir/$n.scapy"
		fi
	else
		echo "SKIP: $n: scapy not installed: ESP not decrypted by scapy"
	fi
	command -v tshark >/dev/null 2>&1 || {
		echo "SKIP: $n: tshark not installed: capture not decrypted"; return; }
	for f in esp_sa ikev1_decryption_table; do
		if [ -s "$dir/$n/$f" ]; then ok "$n: vpnsim wrote $f"; else
			bad "$n: vpnsim wrote $f"; fi
	done
	t() { WIRESHARK_CONFIG_DIR=$dir/$n HOME=$dir tshark -r "$pcap" -n \
	    -o esp.enable_encryption_decode:TRUE \
	    -o esp.enable_authentication_check:TRUE "$@" 2>/dev/null; }
	if ! t >/dev/null; then
		bad "$n: tshark reads the capture"
	elif t | grep -qi malformed; then
		bad "$n: no malformed frame in the capture"
		t | grep -i malformed | head -n 5
	else
		ok "$n: no malformed frame in the capture"
	fi
	c500=$(t -Y 'udp.port == 500 && isakmp' | wc -l)
	c4500=$(t -Y 'udp.port == 4500 && isakmp' | wc -l)
	raw=$(t -Y 'esp && !udp' | wc -l)
	if [ "$c500" -ge 4 ] && [ "$c4500" -ge 5 ] && [ "$raw" -eq 0 ]; then
		ok "$n: IKE floats to 4500 ($c500 on 500, $c4500 on 4500), no raw ESP"
	else
		bad "$n: IKE floats to 4500" \
		    "$c500 on 500, $c4500 on 4500 (want >= 4, >= 5), raw ESP $raw"
	fi
	# Main mode 5/6 and quick mode decrypt: their hash payloads (and the
	# phase-1 identities, quick mode's ESP transform) decode.
	mm=$(t -Y 'isakmp.exchangetype == 2 && isakmp.hash && isakmp.id.type' | wc -l)
	if [ "$mm" -eq 2 ]; then ok "$n: tshark decrypts main mode 5 and 6"; else
		bad "$n: tshark decrypts main mode 5 and 6" "$mm with ID and hash"; fi
	qm=$(t -Y 'isakmp.exchangetype == 32 && isakmp.hash' | wc -l)
	qsa=$(t -Y 'isakmp.exchangetype == 32 && isakmp.sa.doi' | wc -l)
	if [ "$qm" -eq 3 ] && [ "$qsa" -eq 2 ]; then
		ok "$n: tshark decrypts quick mode (3 hashes, 2 SA payloads)"
	else
		bad "$n: tshark decrypts quick mode" "$qm hashes, $qsa SA payloads"
	fi
	good=$(t -Y 'udp.port == 4500 && esp && icmp' | wc -l)
	req=$(t -Y 'esp && icmp.type == 8 && ip.src == 192.168.1.1' | wc -l)
	rep=$(t -Y 'esp && icmp.type == 0 && ip.src == 192.168.1.1' | wc -l)
	bad_icv=$(t -V -Y esp | grep -c 'ICV.*incorrect')
	if [ "$req" -ge 5 ] && [ "$rep" -ge 3 ] && [ "$bad_icv" -eq 0 ]; then
		ok "$n: tshark decrypts ESP-in-UDP both ways ($good ICMP, ICVs correct)"
	else
		bad "$n: tshark decrypts ESP-in-UDP both ways" \
		    "$req requests and $rep replies from R1's LAN, $bad_icv bad ICVs"
	fi
}

round r1 3des-sha1-modp1024 3des-sha1 \
    " encr 3des
 hash sha
 group 2" "esp-3des esp-sha-hmac" vpnsim \
    '3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024' '3DES_CBC/HMAC_SHA1_96'
round r2 aes128-sha256-modp2048 aes128-sha256 \
    " encr aes 128
 hash sha256
 group 14" "esp-aes 128 esp-sha256-hmac" strongswan \
    'AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048' \
    'AES_CBC-128/HMAC_SHA2_256_128'

echo "interop took $(($(date +%s) - t0)) s"
br_finish
