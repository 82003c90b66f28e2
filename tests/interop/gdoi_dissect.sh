#!/bin/sh
# GDOI messages written by gdoi/gdoi_codec.c (tests/interop/gdoi_vectors)
# dissect in tshark with `-d udp.port==848,isakmp` with no malformed packet
# and no dissector error, and every GDOI field comes out with the value
# the encoder put in: a PULL message 2 (SA with SAK and two SATs), a PULL
# message 4 (SEQ and KD with KEK and TEK key packets), a TEK rekey PUSH
# and a KEK rekey PUSH with a Delete.  Skips (77) without tshark.
set -u
: "${top_builddir:?}"
gen=$top_builddir/tests/interop/gdoi_vectors

command -v tshark >/dev/null 2>&1 || { echo "tshark not installed: skip"; exit 77; }
[ -x "$gen" ] || { echo "FAIL: $gen not built"; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" "$dir" || { echo "FAIL: gdoi_vectors"; exit 1; }
fail=0

# 1. The whole dissection: no malformed packet, no expert error.
tshark -r "$dir/gdoi.pcap" -n -d udp.port==848,isakmp -V \
    >"$dir/v.txt" 2>"$dir/v.err"
rc=$?
grep -v 'Running as user' "$dir/v.err" >"$dir/v.err2"
if [ $rc -ne 0 ] || [ -s "$dir/v.err2" ]; then
	echo "FAIL: tshark exit $rc:"; cat "$dir/v.err2"; fail=1
fi
if grep -n -i -E 'malformed|exception|\[Expert Info \(Error' "$dir/v.txt"; then
	echo "FAIL: tshark reports malformed packets"; fail=1
fi

# 2. The fields, one line per frame.
tshark -r "$dir/gdoi.pcap" -n -d udp.port==848,isakmp -T fields \
    -E separator=';' -E aggregator=, \
    -e frame.number -e isakmp.exchangetype -e isakmp.sa.doi \
    -e isakmp.sak.spi -e isakmp.sat.spi -e isakmp.sat.transform_id \
    -e isakmp.sat.src_id_length -e isakmp.seq.seq -e isakmp.kd.num_pkt \
    -e isakmp.kd.payload.type -e isakmp.kd.payload.length \
    -e isakmp.delete.spi -e isakmp.sig \
    2>/dev/null | sed 's/[0-9a-f]\{256\}$/SIG/' >"$dir/f.txt"
cat >"$dir/want.txt" <<'WANT'
1;32;2;61626364656667683031323334353637;8bf147ef,2e22fbb7;3,12;8,8;;;;;;
2;32;;;;;;0;3;2,1,1;239,61,69;;
3;33;2;;8bf147ef,2e22fbb7;3,12;8,8;1;2;1,1;61,69;;SIG
4;33;2;61626364656667683031323334353637;8bf147ef;3;8;2;2;2,1;239,61;11aa22bb;SIG
WANT
if ! diff -u "$dir/want.txt" "$dir/f.txt"; then
	echo "FAIL: tshark fields differ"; fail=1
fi
# 3. Negative control: the 1-byte SAT ID form is malformed for tshark, so
# the check above can see a malformed packet when there is one.
if ! tshark -r "$dir/gdoi_len1.pcap" -n -d udp.port==848,isakmp -V 2>/dev/null |
    grep -q -i 'malformed'; then
	echo "FAIL: 1-byte SAT IDs not reported malformed (check is blind)"; fail=1
fi
[ $fail -eq 0 ] && echo "ok: tshark dissects 4 GDOI messages (PULL 2/4, PUSH TEK and KEK rekeys) without malformed packets"
exit $fail
