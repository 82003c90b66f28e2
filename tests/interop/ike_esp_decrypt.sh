#!/bin/sh
# A capture of the hub-and-spoke lab decrypts in tshark and scapy with the
# key files vpnsim wrote (ipsec/keyexport.h: DIR/esp_sa and
# DIR/ikev1_decryption_table next to the pcaps of `--capture DIR`).
#
# The lab negotiates twice: first as scenarios/hub-spoke.vlab configures it
# (phase 1 aes/sha/group 2, ESP esp-3des esp-sha-hmac), then, after both ends
# change to 3des/sha256/group 14 and esp-aes 256 esp-sha256-hmac and clear
# their sessions, again.  H1 and H2 ping across each time.  On the WAN
# capture (HUB Gi0/1):
#  (a) tshark, pointed at the key files as its configuration directory,
#      decrypts main-mode messages 5 and 6 (identities and hashes), the
#      three quick-mode messages (hash, nonce, SA, proxy identities) and the
#      informational deletes of `clear crypto session`, and every ESP packet
#      to an ICMP echo with a correct ICV, for the SPIs `show crypto ipsec
#      sa` lists; no frame is malformed;
#  (b) scapy (tests/interop/ike_esp_decrypt.py) decrypts the ESP on its own
#      from the esp_sa rows, on both WAN captures.
# Skips (77) when neither tshark nor scapy is installed; runs the half that
# is when only one is.
set -u
: "${VPNSIM:?}" "${top_srcdir:?}"
python=${PYTHON_SCAPY:-/usr/bin/python3}

have_tshark=0; have_scapy=0
command -v tshark >/dev/null 2>&1 && have_tshark=1
"$python" -c 'import scapy.layers.ipsec' >/dev/null 2>&1 && have_scapy=1
if [ $have_tshark -eq 0 ] && [ $have_scapy -eq 0 ]; then
	echo "SKIP: tshark and scapy not installed"; exit 77
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM HUP
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1${2:+: $2}"; }
# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else bad "$1" "got $2, want $3"; fi
}

mkdir "$dir/cap"
cat >"$dir/lab.vlab" <<LAB
@include $top_srcdir/scenarios/hub-spoke.vlab
@capture all
@on H1
ping 4.1.1.10 repeat 10
@on H2
ping 3.1.1.10 repeat 5
@on HUB
show crypto ipsec sa
configure terminal
crypto isakmp policy 10
 encr 3des
 hash sha256
 group 14
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
end
clear crypto session
@wait 1
@on SPOKE
configure terminal
crypto isakmp policy 10
 encr 3des
 hash sha256
 group 14
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
end
clear crypto session
@wait 5
@on H2
ping 3.1.1.10 repeat 10 size 1400
@on HUB
show crypto isakmp sa
show crypto ipsec sa
LAB

if "$VPNSIM" run --seed 1 --capture "$dir/cap" "$dir/lab.vlab" \
    >"$dir/out" 2>&1; then
	ok "vpnsim run exits 0"
else
	bad "vpnsim run exits 0" "status $?"; cat "$dir/out"; exit 1
fi
cap=$dir/cap
wan=$cap/HUB-GigabitEthernet0_1.pcap
for f in "$wan" "$cap/SPOKE-GigabitEthernet0_1.pcap" "$cap/esp_sa" \
    "$cap/ikev1_decryption_table"; do
	[ -s "$f" ] || { bad "vpnsim wrote $(basename "$f")"; cat "$dir/out"; exit 1; }
done
# Echoes that crossed the tunnel: the successes of the three pings (the
# first packet of a negotiation is dropped before ESP, as on IOS).
echoes=$(sed -n 's/^Success rate is [0-9]* percent (\([0-9]*\)\/.*/\1/p' \
    "$dir/out" | awk '{ n += $1 } END { print n + 0 }')
# SPIs of both negotiations from HUB's `show crypto ipsec sa`.
spis=$(sed -n 's/^ *spi: 0x\([0-9A-F]*\)(.*/\1/p' "$dir/out" |
    tr 'A-F' 'a-f' | while read -r s; do printf '0x%08x\n' "0x$s"; done |
    sort -u)
nspi=$(echo "$spis" | wc -l)
expect "show crypto ipsec sa: SPIs of two negotiations" "$nspi" 4
expect "esp_sa: one row per SA" "$(wc -l <"$cap/esp_sa")" 4
expect "ikev1_decryption_table: one row per IKE SA" \
    "$(wc -l <"$cap/ikev1_decryption_table")" 2

if [ $have_tshark -eq 1 ]; then
	t() { WIRESHARK_CONFIG_DIR=$cap HOME=$dir tshark -r "$wan" -n \
	    -o esp.enable_encryption_decode:TRUE \
	    -o esp.enable_authentication_check:TRUE "$@" 2>/dev/null; }
	# count FILTER: frames matching a display filter.
	count() { t -Y "$1" | wc -l; }
	if ! t >"$dir/summary" 2>&1; then
		bad "tshark reads the WAN capture"
	elif t -V | grep -Eqi 'malformed|Expert Info \(Error'; then
		bad "no malformed frame"
		t -V | grep -Ei 'malformed|Expert Info \(Error' | head -n 5
	else
		ok "tshark reads the WAN capture, nothing malformed"
	fi
	# Main mode 5 and 6 of both negotiations: identity and hash in clear.
	expect "tshark decrypts main mode 5/6 (ID + hash)" \
	    "$(count 'isakmp.exchangetype == 2 && isakmp.hash && isakmp.id.type == 1')" 4
	mmids=$(t -Y 'isakmp.exchangetype == 2 && isakmp.id.type == 1' \
	    -T fields -e isakmp.id.data.ipv4_addr | sort -u | tr '\n' ' ')
	expect "main mode identities are the WAN addresses" "$mmids" \
	    "30.3.1.1 40.10.1.1 "
	# Quick mode: 3 hashes, nonce + SA + proxy ids in the first two.
	expect "tshark decrypts quick mode (hash)" \
	    "$(count 'isakmp.exchangetype == 32 && isakmp.hash')" 6
	expect "tshark decrypts quick mode (SA, nonce, subnet ids)" \
	    "$(count 'isakmp.exchangetype == 32 && isakmp.sa.doi == 1 &&
		isakmp.nonce && isakmp.id.type == 4 &&
		isakmp.id.data.ipv4_addr == 3.1.1.0 &&
		isakmp.id.data.ipv4_addr == 4.1.1.0')" 4
	# Round 1 ESP hmac-sha (2), round 2 hmac-sha256 (5), as configured.
	auths=$(t -Y 'isakmp.exchangetype == 32 && isakmp.sa.doi' \
	    -T fields -e isakmp.ipsec.attr.auth_algorithm | sort -u | tr '\n' ' ')
	expect "quick mode ESP authentication algorithms" "$auths" "2 5 "
	# `clear crypto session`: deletes under the old IKE SA, hash first.
	dels=$(count 'isakmp.exchangetype == 5 && isakmp.hash && isakmp.delete.spi')
	if [ "$dels" -ge 2 ]; then ok "tshark decrypts the informational deletes ($dels)"
	else bad "tshark decrypts the informational deletes" "$dels"; fi
	# ESP: every packet decrypts to an ICMP echo with a good ICV.
	nesp=$(count esp)
	nicmp=$(count 'esp && esp.icv_good == 1 && icmp')
	nreq=$(count 'esp && icmp.type == 8')
	nrep=$(count 'esp && icmp.type == 0')
	expect "ESP frames on the WAN (an echo and a reply per success)" \
	    "$nesp" $((2 * echoes))
	expect "tshark decrypts every ESP frame to ICMP, ICV correct" \
	    "$nicmp" "$nesp"
	expect "decrypted echo requests = replies = successes" "$nreq/$nrep" \
	    "$echoes/$echoes"
	tspis=$(t -Y esp -T fields -e esp.spi | sort -u)
	if [ "$tspis" = "$spis" ]; then
		ok "decrypted SPIs are the ones show crypto ipsec sa lists"
	else
		bad "decrypted SPIs are the ones show crypto ipsec sa lists" \
		    "tshark: $(echo $tspis), vpnsim: $(echo $spis)"
	fi
	# The 1400-byte echoes of round 2 came out whole.
	expect "1400-byte echoes decrypted" \
	    "$(count 'esp && icmp && ip.len == 1400')" 18
else
	echo "SKIP: tshark not installed: tshark half skipped"
fi

if [ $have_scapy -eq 1 ]; then
	if "$python" "$top_srcdir/tests/interop/ike_esp_decrypt.py" \
	    "$cap/esp_sa" "$wan" "$cap/SPOKE-GigabitEthernet0_1.pcap" \
	    >"$dir/scapy" 2>&1; then
		n=$(sed -n 's/^scapy: \([0-9]*\) ESP packets.*/\1/p' "$dir/scapy")
		expect "scapy decrypts every ESP packet of both WAN captures" \
		    "$n" $((4 * echoes))
	else
		bad "scapy decrypts the ESP"
	fi
	cat "$dir/scapy"
else
	echo "SKIP: scapy not installed: scapy half skipped"
fi

[ $fail -eq 0 ] || { echo "== transcript"; cat "$dir/out"; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
