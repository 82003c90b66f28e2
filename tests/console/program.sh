#!/bin/sh
# The program interface of DESIGN §3: options, exit statuses, the built-in
# default lab in script mode, `run -`.  Prints "N passed, N failed".
VPNSIM=${VPNSIM:-src/vpnsim}
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vpnsim-prog.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

check() {	# check NAME WANT-STATUS PATTERN -- command...
	name=$1 want=$2 pat=$3
	shift 4
	"$@" >"$tmp/out" 2>&1 </dev/null
	st=$?
	if [ "$st" = "$want" ] && { [ -z "$pat" ] || grep -q -e "$pat" "$tmp/out"; }; then
		passed=$((passed + 1))
	else
		echo "FAIL: $name (status $st, want $want; no \"$pat\")"
		sed 's/^/  | /' "$tmp/out" | head -20
		failed=$((failed + 1))
	fi
}

check version 0 '^vpnsim [0-9]' -- "$VPNSIM" --version
check help 0 'vpnsim run LAB' -- "$VPNSIM" --help
check exercise 0 'no exercises yet' -- "$VPNSIM" exercise
check bad-option 2 'unknown option' -- "$VPNSIM" --frobnicate
check run-no-lab 2 'run needs a lab file' -- "$VPNSIM" run
check missing-lab 2 'nosuch.vlab' -- "$VPNSIM" run "$tmp/nosuch.vlab"
check bad-seed 2 'bad seed' -- "$VPNSIM" run --seed x "$tmp/nosuch.vlab"

# Script mode: the default lab is built in and loads silently.
# The first ping loses packets to ARP, as on IOS; the second must not.
printf '@on GM1-host\nping 192.168.14.2\nping 192.168.14.2\n' >"$tmp/ping.txt"
check script-default-lab 0 'Success rate is 100 percent' -- \
    sh -c "'$VPNSIM' <'$tmp/ping.txt'"
# No boot noise: no syslog line before the first typed line.  (The lab's
# own typed command output, such as KS1's RSA key generation, is muted.)
check script-no-boot-noise 0 '^GM1-host>ping' -- \
    sh -c "'$VPNSIM' <'$tmp/ping.txt' | head -n 2"
# `run -` reads the scenario from standard input: an empty lab.
printf '@router R1\n@on R1\nshow clock\n@expect 2002\n@expect 1999\n' >"$tmp/s.txt"
check run-stdin 1 '<stdin>:5: expect failed' -- \
    sh -c "'$VPNSIM' run - <'$tmp/s.txt'"
# A lab file, then script lines from stdin.
printf '@router R1\n@on R1\n' >"$tmp/lab.vlab"
printf 'show clock\n' >"$tmp/cmd.txt"
check lab-then-script 0 '^R1>show clock' -- \
    sh -c "'$VPNSIM' '$tmp/lab.vlab' <'$tmp/cmd.txt'"
# Same seed, same bytes.
printf '@capture all\n@on GM1-host\nping 192.168.14.2\n@routers\n' >"$tmp/det.txt"
"$VPNSIM" --seed 5 --capture "$tmp/c1" <"$tmp/det.txt" >"$tmp/o1" 2>&1
"$VPNSIM" --seed 5 --capture "$tmp/c2" <"$tmp/det.txt" >"$tmp/o2" 2>&1
check deterministic 0 '' -- sh -c "cmp '$tmp/o1' '$tmp/o2' && \
    for f in '$tmp'/c1/*.pcap; do cmp \"\$f\" '$tmp'/c2/\$(basename \"\$f\") || exit 1; done"
check captures 0 'LAN13.pcap' -- ls "$tmp/c1"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
