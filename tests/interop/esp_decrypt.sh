#!/bin/sh
# ESP written by ipsec/esp.c decrypts in two independent implementations:
# tshark (with the esp_sa key file from ipsec/keyexport.c, used as a
# Wireshark configuration directory) and scapy's SecurityAssociation.
# Every transform (DES, 3DES, AES-128/192/256, AES-GCM-128/256, NULL with
# MD5/SHA-1/SHA-256/384/512 HMAC), tunnel and transport mode, ESP-in-UDP
# and GETVPN address preservation; each packet must decrypt, pass its ICV
# and show the ICMP echo with its marker text.  No network is involved:
# tests/interop/esp_vectors writes the capture.
# Skips (77) when neither tshark nor scapy is installed; runs the half that
# is when only one is.
set -u
: "${top_builddir:?}"
gen=$top_builddir/tests/interop/esp_vectors
python=${PYTHON_SCAPY:-/usr/bin/python3}

have_tshark=0; have_scapy=0
command -v tshark >/dev/null 2>&1 && have_tshark=1
"$python" -c 'import scapy.layers.ipsec' >/dev/null 2>&1 && have_scapy=1
if [ $have_tshark -eq 0 ] && [ $have_scapy -eq 0 ]; then
	echo "tshark and scapy not installed: skip"; exit 77
fi
[ -x "$gen" ] || { echo "FAIL: $gen not built"; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" "$dir" || { echo "FAIL: esp_vectors"; exit 1; }
nsa=$(wc -l <"$dir/sas.txt")
want=$(awk '{ n += $9 } END { print n }' "$dir/sas.txt")
pass=0; fail=0

if [ $have_tshark -eq 1 ]; then
	# -T fields: frame, SPI, ICV good, ICMP type, payload as hex.
	WIRESHARK_CONFIG_DIR=$dir tshark -r "$dir/esp.pcap" -n \
	    -o esp.enable_encryption_decode:TRUE \
	    -o esp.enable_authentication_check:TRUE \
	    -T fields -e frame.number -e esp.spi -e esp.icv_good \
	    -e icmp.type -e data.data >"$dir/tshark.out" 2>"$dir/tshark.raw"
	rc=$?
	grep -v 'Running as user' "$dir/tshark.raw" >"$dir/tshark.err"
	if [ $rc -ne 0 ] || [ -s "$dir/tshark.err" ]; then
		echo "FAIL: tshark exit $rc:"; cat "$dir/tshark.err"; fail=$((fail + 1))
	else
		# Marker text "vpnsim-esp-" in hex; the GCM rows have no separate
		# ICV check in Wireshark (the AEAD tag is checked by decryption).
		bad=$(awk -F'\t' -v want="$want" '
		    { n++ }
		    $4 != "8" || index($5, "76706e73696d2d6573702d") == 0 { print "frame " $1 " spi " $2 ": not decrypted"; next }
		    $3 != "" && $3 != "1" && $3 != "True" { print "frame " $1 " spi " $2 ": ICV not good (" $3 ")" }
		    END { if (n != want) print "frames: " n ", want " want }' "$dir/tshark.out")
		if [ -n "$bad" ]; then
			echo "FAIL: tshark:"; echo "$bad"
			echo "--- key file"; cat "$dir/esp_sa"
			fail=$((fail + 1))
		else
			good=$(awk -F'\t' '$3 == "1" || $3 == "True"' "$dir/tshark.out" | wc -l)
			echo "ok: tshark decrypted $want frames of $nsa SAs ($good with ICV [correct])"
			pass=$((pass + 1))
		fi
	fi
	# tshark takes the IKEv1 table file without complaint.
	WIRESHARK_CONFIG_DIR=$dir tshark -r "$dir/esp.pcap" -c 1 >/dev/null 2>"$dir/ike.raw"
	grep -v 'Running as user' "$dir/ike.raw" >"$dir/ike.err"
	if [ -s "$dir/ike.err" ]; then
		echo "FAIL: tshark and the ikev1_decryption_table file:"; cat "$dir/ike.err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
else
	echo "tshark not installed: tshark half skipped"
fi

if [ $have_scapy -eq 1 ]; then
	if "$python" - "$dir" <<'EOF'
import sys
from scapy.all import rdpcap, IP, UDP, Raw, conf
from scapy.layers.ipsec import SecurityAssociation, ESP
conf.verb = 0
d = sys.argv[1]
sas = {}
for line in open(d + "/sas.txt"):
    spi, calg, ckey, aalg, akey, mode, udp, keep, n = line.split()
    kw = dict(crypt_algo=calg, auth_algo=aalg,
              crypt_key=None if ckey == "-" else bytes.fromhex(ckey),
              auth_key=None if akey == "-" else bytes.fromhex(akey))
    if mode == "tunnel":
        kw["tunnel_header"] = IP()
    if udp != "0":
        kw["nat_t_header"] = UDP(sport=int(udp), dport=int(udp))
    sas[int(spi, 16)] = SecurityAssociation(ESP, spi=int(spi, 16), **kw)
ok = bad = 0
for i, p in enumerate(rdpcap(d + "/esp.pcap")):
    p = IP(bytes(p))
    if ESP not in p:
        print("frame %d: scapy sees no ESP" % (i + 1)); bad += 1; continue
    spi = p[ESP].spi
    try:
        inner = sas[spi].decrypt(p)
    except Exception as e:
        print("frame %d spi %#x: %s" % (i + 1, spi, e)); bad += 1; continue
    if b"vpnsim-esp-" not in bytes(inner) or inner[IP].proto != 1:
        print("frame %d spi %#x: wrong plaintext %r" % (i + 1, spi, bytes(inner)))
        bad += 1; continue
    ok += 1
print("ok: scapy decrypted and verified %d frames" % ok if not bad else "scapy: %d bad" % bad)
sys.exit(1 if bad or ok == 0 else 0)
EOF
	then pass=$((pass + 1)); else echo "FAIL: scapy"; fail=$((fail + 1)); fi
else
	echo "scapy not installed: scapy half skipped"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
