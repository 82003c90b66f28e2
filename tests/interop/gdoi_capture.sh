#!/bin/sh
# A capture of the default GETVPN lab read by outside tools with the key
# files vpnsim writes next to it (ipsec/keyexport.h).
#
# The lab is scenarios/default.vlab with `@capture all` before the routers
# boot: both GMs register to KS1 (phase-1 main mode on UDP 848, then
# GROUPKEY-PULL), then ~1700 s of unicast rekeys (TEK 900 s, KEK 1200 s:
# TEK rekeys at 761 s and ~1546 s, a KEK rekey at ~1031 s, each ACKed),
# and GM1-host pings GM2-host three times, once under each TEK.
#  (a) tshark with `-d udp.port==848,isakmp` dissects every UDP 848 frame
#      of every capture as ISAKMP (main mode, PULL 32, PUSH/ACK 33): their
#      number is the one the transcript predicts; no frame is malformed
#      and there is no expert error (the ESP sequence warnings are
#      expected: every GM sends its own counter on the one group SPI);
#  (b) tshark, pointed at DIR/ikev1_decryption_table as its configuration
#      directory, decrypts main-mode messages 5/6 (ID, HASH) and all four
#      GROUPKEY-PULL messages of both registrations (HASH, NONCE, the group
#      id 3333 as ID_KEY_ID, the GDOI SA with its SAK and SAT, SEQ 0 and
#      the KD with the KEK and TEK key packets).  tshark cannot decrypt a
#      GROUPKEY-PUSH by design (Wireshark has no KEK key table, and its
#      IKEv1 state is keyed by the KE payloads of a main mode; gdoi-wire.md
#      §7.2), so for the PUSH it shows the header (exchange 33, E flag) and
#      the encrypted data; the GM's ACKs are in clear (HASH, SEQ, ID);
#  (c) gdoi_capture.py (Python `cryptography` + scapy, none of vpnsim's or
#      tshark's code) decrypts the same registrations from the same key
#      file, then every PUSH with the KEK they delivered (and the KEK the
#      KEK rekey delivered for the rekeys after it), verifies each PUSH
#      signature with the KS public key from the KD and each ACK hash, and
#      decrypts every ESP packet of both GM captures, with the TEKs of that
#      chain and (scapy) with DIR/esp_sa, the TEK keys the GMs installed:
#      an ICMP echo between 192.168.13.2 and 192.168.14.2 whose outer
#      header carries the same addresses (address preservation).
# Skips (77) only when neither tshark nor scapy is installed; runs the
# half that can run when only one is.
set -u
: "${VPNSIM:?}" "${top_srcdir:?}"
python=${PYTHON_SCAPY:-/usr/bin/python3}

have_tshark=0; have_scapy=0
command -v tshark >/dev/null 2>&1 && have_tshark=1
"$python" -c 'import scapy.layers.ipsec, cryptography' >/dev/null 2>&1 &&
    have_scapy=1
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

# The default lab, capturing from the first packet: its config paths made
# absolute and `@capture all` once the links exist, before the routers
# start registering.
mkdir "$dir/cap"
sed -e "s#^@router \([^ ]*\) config default/#@router \1 config $top_srcdir/scenarios/default/#" \
    -e '/^@segment LAN14 /a @capture all' \
    "$top_srcdir/scenarios/default.vlab" >"$dir/lab.vlab"
grep -q '^@capture all' "$dir/lab.vlab" ||
    { bad "default lab has the LAN14 segment"; exit 1; }
cat >>"$dir/lab.vlab" <<'LAB'
@on GM1-host
enable
ping 192.168.14.2
ping 192.168.14.2
@wait 1100
@on GM1-host
ping 192.168.14.2
@wait 600
@on GM1-host
ping 192.168.14.2
@on GM1
enable
show crypto gdoi
show crypto ipsec sa
@on KS1
enable
show crypto gdoi ks members
LAB

if "$VPNSIM" run --seed 1 --capture "$dir/cap" "$dir/lab.vlab" \
    >"$dir/out" 2>&1; then
	ok "vpnsim run exits 0"
else
	bad "vpnsim run exits 0" "status $?"; cat "$dir/out"; exit 1
fi
cap=$dir/cap
ks=$cap/KS1-Serial1_0.pcap
gm1=$cap/GM1-Serial1_0.pcap
gm2=$cap/GM2-Serial1_0.pcap
for f in "$ks" "$gm1" "$gm2" "$cap/ikev1_decryption_table"; do
	[ -s "$f" ] || { bad "vpnsim wrote $(basename "$f")"; cat "$dir/out"; exit 1; }
done
if [ -s "$cap/esp_sa" ]; then
	ok "vpnsim wrote esp_sa (the TEK keys the GMs installed)"
else
	bad "vpnsim wrote esp_sa" "no TEK rows: the GM does not call keyexport_lab_esp_sa()"
fi

# What the transcript says happened.
cnt() { grep -c -- "$1" "$dir/out"; }
regs=$(cnt '%GDOI-5-GM_REGS_COMPL')
sent=$(cnt '%GDOI-5-KS_SEND_UNICAST_REKEY')
recv=$(cnt '%GDOI-5-GM_RECV_REKEY')
kekup=$(cnt '%GDOI-5-SA_KEK_UPDATED')
echoes=$(sed -n 's/^Success rate is [0-9]* percent (\([0-9]*\)\/.*/\1/p' \
    "$dir/out" | awk '{ n += $1 } END { print n + 0 }')
expect "both GMs registered" "$regs" 2
if [ "$sent" -ge 3 ]; then ok "KS sent $sent unicast rekeys"
else bad "KS sent at least 3 unicast rekeys" "$sent"; fi
expect "every rekey reached both GMs" "$recv" $((2 * sent))
# One SA_KEK_UPDATED per GM at registration, one per GM per KEK rekey.
if [ "$kekup" -ge 4 ]; then ok "a KEK rekey reached both GMs"
else bad "a KEK rekey reached both GMs" "SA_KEK_UPDATED $kekup times"; fi
if [ "$echoes" -ge 13 ]; then ok "pings across the group SA ($echoes echoes)"
else bad "pings across the group SA" "$echoes echoes"; fi
# UDP 848 frames on KS1's link: main mode (6) and PULL (4) per
# registration, then a PUSH and an ACK per rekey received.
ngdoi=$((10 * regs + 2 * recv))

if [ $have_tshark -eq 1 ]; then
	t() { f=$1; shift; WIRESHARK_CONFIG_DIR=$cap HOME=$dir tshark -r "$f" \
	    -n -d udp.port==848,isakmp -o esp.enable_encryption_decode:TRUE \
	    -o esp.enable_authentication_check:TRUE "$@" 2>/dev/null; }
	count() { t "$1" -Y "$2" | wc -l; }
	# (a) every GDOI packet dissects, nothing malformed, no expert error.
	expect "UDP 848 frames on KS1's link (10/registration + 2/rekey)" \
	    "$(count "$ks" 'udp.port == 848')" "$ngdoi"
	expect "every one dissected as ISAKMP with an exchange type" \
	    "$(count "$ks" 'udp.port == 848 && (isakmp.exchangetype == 2 || isakmp.exchangetype == 32 || isakmp.exchangetype == 33)')" \
	    "$ngdoi"
	for f in "$cap"/*.pcap; do
		n=$(count "$f" 'udp.port == 848')
		m=$(count "$f" '_ws.malformed || _ws.expert.severity >= "Error"')
		e=$(t "$f" -q -z expert,error | grep -c '^Errors')
		if [ "$m" -eq 0 ] && [ "$e" -eq 0 ]; then
			ok "$(basename "$f"): $n GDOI frames, no malformed frame or expert error"
		else
			bad "$(basename "$f"): no malformed frame or expert error" \
			    "$m malformed/error frames"
			t "$f" -V | grep -Ei 'malformed|Expert Info \(Error' | head -n 5
		fi
	done
	gdoi1=$(count "$gm1" 'udp.port == 848')
	expect "GM1's link carries its share (10 + 2/rekey)" "$gdoi1" \
	    $((10 + recv))
	# (b) phase 1 and GROUPKEY-PULL decrypt under the exported key.
	expect "tshark decrypts main mode 5/6 (ID + HASH)" \
	    "$(count "$ks" 'isakmp.exchangetype == 2 && isakmp.hash && isakmp.id.type == 1')" 4
	ids=$(t "$ks" -Y 'isakmp.exchangetype == 2 && isakmp.id.type == 1' \
	    -T fields -e isakmp.id.data.ipv4_addr | sort -u | tr '\n' ' ')
	expect "main mode identities are the GM and KS addresses" "$ids" \
	    "10.1.11.2 10.1.13.2 10.1.14.2 "
	expect "PULL 1 decrypts: HASH, NONCE, ID_KEY_ID" \
	    "$(count "$ks" 'isakmp.exchangetype == 32 && isakmp.hash && isakmp.nonce && isakmp.id.type == 11')" 2
	gid=$(t "$ks" -Y 'isakmp.exchangetype == 32 && isakmp.id.type == 11' \
	    -T fields -e isakmp.id.data.key_id | sort -u)
	expect "group id in PULL 1 is identity number 3333" "$gid" 00000d05
	expect "PULL 2 decrypts: HASH, NONCE, GDOI SA with SAK and SAT" \
	    "$(count "$ks" 'isakmp.exchangetype == 32 && isakmp.hash && isakmp.nonce && isakmp.sa.doi == 2 && isakmp.sak.spi && isakmp.sat.spi && isakmp.sat.transform_id == 3')" 2
	expect "PULL 3 decrypts: HASH alone" \
	    "$(count "$ks" 'isakmp.exchangetype == 32 && isakmp.hash && !isakmp.nonce && !isakmp.sa.doi && !isakmp.kd.num_pkt')" 2
	expect "PULL 4 decrypts: HASH, SEQ 0, KD with KEK and TEK" \
	    "$(count "$ks" 'isakmp.exchangetype == 32 && isakmp.hash && isakmp.seq.seq == 0 && isakmp.kd.num_pkt == 2 && isakmp.kd.payload.type == 2 && isakmp.kd.payload.type == 1')" 2
	sak=$(t "$ks" -Y 'isakmp.exchangetype == 32 && isakmp.sak.spi' \
	    -T fields -e isakmp.sak.spi | sort -u)
	kek=$(t "$ks" -Y 'isakmp.exchangetype == 32 && isakmp.kd.num_pkt' \
	    -T fields -e isakmp.kd.payload.spi | cut -d, -f1 | sort -u)
	expect "KEK SPI in KD = SAK SPI of PULL 2" "$kek" "$sak"
	tek=$(t "$ks" -Y 'isakmp.exchangetype == 32 && isakmp.kd.num_pkt' \
	    -T fields -e isakmp.kd.payload.spi | cut -d, -f2 | sort -u)
	esp1=$(t "$gm1" -Y esp -T fields -e esp.spi | head -n 1 | sed 's/^0x//')
	expect "first ESP SPI = TEK SPI of the registration KD" "$esp1" "$tek"
	# PUSH: header only (no KEK table in Wireshark); ACK: in clear.
	expect "PUSH: exchange 33, E flag, encrypted data (not decryptable)" \
	    "$(count "$ks" 'isakmp.exchangetype == 33 && isakmp.flags == 1 && isakmp.enc.data')" "$recv"
	expect "ACK: exchange 33, HASH, SEQ, ID in clear" \
	    "$(count "$ks" 'isakmp.exchangetype == 33 && isakmp.flags == 0 && isakmp.hash && isakmp.seq.seq >= 1 && isakmp.id.type == 1')" "$recv"
	# ESP: tshark decrypts the group ESP with the exported TEK rows.
	if [ -s "$cap/esp_sa" ]; then
		# The first echo of the first ping is lost to ARP on GM2's LAN
		# after GM1 encrypted it: a reply per success, requests >= that.
		nesp=$(count "$gm1" esp)
		expect "tshark decrypts every ESP frame to ICMP, ICV correct" \
		    "$(count "$gm1" 'esp && esp.icv_good == 1 && icmp')" "$nesp"
		expect "decrypted echo replies = successes" \
		    "$(count "$gm1" 'esp && icmp.type == 0')" "$echoes"
		nreq=$(count "$gm1" 'esp && icmp.type == 8')
		if [ "$nreq" -ge "$echoes" ]; then
			ok "decrypted echo requests ($nreq) >= successes"
		else
			bad "decrypted echo requests >= successes" "$nreq"
		fi
		expect "inner addresses = outer (address preservation)" \
		    "$(t "$gm1" -Y 'esp && icmp' -T fields -e ip.src -e ip.dst -E aggregator=' ' |
		    awk '$1 == $2 && $3 == $4 { n++ } END { print n + 0 }')" "$nesp"
		nspi=$(t "$gm1" -Y esp -T fields -e esp.spi | sort -u | wc -l)
		expect "pings used three TEKs" "$nspi" 3
	fi
else
	echo "SKIP: tshark not installed: tshark half skipped"
fi

# (c) the whole key chain in Python, ESP with scapy.
if [ $have_scapy -eq 1 ]; then
	"$python" "$top_srcdir/tests/interop/gdoi_capture.py" "$cap" "$ks" \
	    "$gm1" "$gm2" >"$dir/py" 2>&1
	grep -E '^(PASS|FAIL):' "$dir/py"
	pass=$((pass + $(grep -c '^PASS:' "$dir/py")))
	fail=$((fail + $(grep -c '^FAIL:' "$dir/py")))
	grep -q '^python: ' "$dir/py" ||
	    { bad "gdoi_capture.py ran to the end"; cat "$dir/py"; }
	pc() { sed -n "s/^count $1 //p" "$dir/py"; }
	expect "python: main mode 5/6 decrypted" "$(pc mm56)" 4
	expect "python: PULL 1/2/3/4 decrypted" \
	    "$(pc pull1)/$(pc pull2)/$(pc pull3)/$(pc pull4)" "2/2/2/2"
	expect "python: group id" "$(sed -n 's/^group ids //p' "$dir/py")" 3333
	expect "python: every PUSH decrypted and its signature verified" \
	    "$(pc push)" "$recv"
	kp=$(pc push_kek)
	if [ "${kp:-0}" -ge 2 ]; then ok "python: KEK rekeys carried a new KEK ($kp)"
	else bad "python: KEK rekeys carried a new KEK" "${kp:-none}"; fi
	expect "python: every ACK hash verified" "$(pc ack)" "$recv"
	nesp=$(pc esp)
	if [ "${nesp:-0}" -ge $((4 * echoes)) ]; then
		ok "python: $nesp ESP packets on both GM links"
	else
		bad "python: ESP packets on both GM links" "${nesp:-none}"
	fi
	expect "python: every ESP decrypts with the chain's TEK to ICMP, addresses preserved" \
	    "$(pc esp_chain)" "$nesp"
	expect "scapy: every ESP decrypts with the exported TEK (esp_sa)" \
	    "$(pc esp_export)" "$nesp"
else
	echo "SKIP: scapy not installed: Python half skipped"
fi

[ $fail -eq 0 ] || { echo "== transcript"; cat "$dir/out"; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
