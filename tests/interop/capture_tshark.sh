#!/bin/sh
# A capture of a lab ping opens in tshark: every frame decodes, nothing is
# malformed, ICMP echo requests and replies are seen on the Ethernet and the
# serial (Cisco HDLC) link, fragments are reassembled by Wireshark.
set -u
: "${VPNSIM:?}" "${top_srcdir:?}"
command -v tshark >/dev/null 2>&1 || { echo "tshark not installed: skip"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$VPNSIM" run --seed 1 --capture "$dir" "$top_srcdir/tests/interop/capture_ping.vlab" > "$dir/transcript" || {
	cat "$dir/transcript"; echo "FAIL: scenario failed"; exit 1; }
fail=0
n=0
for f in "$dir"/*.pcap; do
	[ -e "$f" ] || { echo "FAIL: no capture written"; exit 1; }
	n=$((n + 1))
	out=$(tshark -r "$f" -n 2>&1) || { echo "FAIL: tshark cannot read $f"; fail=1; continue; }
	echo "== $(basename "$f")"; echo "$out" | head -n 12
	if echo "$out" | grep -qi malformed; then echo "FAIL: malformed frame in $f"; fail=1; fi
	req=$(tshark -r "$f" -n -Y 'icmp.type == 8' 2>/dev/null | wc -l)
	rep=$(tshark -r "$f" -n -Y 'icmp.type == 0' 2>/dev/null | wc -l)
	if [ "$req" -lt 5 ] || [ "$rep" -lt 5 ]; then
		echo "FAIL: $f has $req echo requests and $rep replies (want 5 each)"; fail=1
	fi
	frags=$(tshark -r "$f" -n -Y 'ip.flags.mf == 1' 2>/dev/null | wc -l)
	[ "$frags" -ge 5 ] || { echo "FAIL: $f shows no fragments for a 3000-byte ping"; fail=1; }
done
[ "$n" -ge 2 ] || { echo "FAIL: expected 2 captures, found $n"; fail=1; }
hdlc=$(for f in "$dir"/*.pcap; do tshark -r "$f" -n -T fields -e frame.protocols 2>/dev/null | head -n1; done | grep -c chdlc)
[ "$hdlc" -ge 1 ] || { echo "FAIL: no Cisco HDLC capture"; fail=1; }
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
