#!/bin/sh
# Golden transcript tests: runs each scenario FILE.vlab with
#   $VPNSIM run --seed 1 FILE.vlab
# and compares what it prints (stdout and stderr, in order) with FILE.out.
#
#   VPNSIM=src/vpnsim sh tests/run-golden.sh tests/golden/*.vlab
#   UPDATE_GOLDEN=1 ...   rewrites the .out files from the current output
#
# A scenario that is meant to fail says so in a comment line:
#   # exit-status: 2
# (default 0).  The run happens in a scratch directory (captures and NVRAM
# files land there); the scenario's directory is stripped from messages so
# the expected output does not depend on where the tree lives.
# Exit status: 0 when every file passed, 1 otherwise.  Prints a final
# "N passed, N failed" line.

VPNSIM=${VPNSIM:-${top_builddir:-.}/src/vpnsim}
case $VPNSIM in
/*) ;;
*) VPNSIM=$(pwd)/$VPNSIM ;;
esac
if [ $# -eq 0 ]; then
	echo "usage: $0 FILE.vlab..." >&2
	exit 1
fi
if [ ! -x "$VPNSIM" ]; then
	echo "run-golden: $VPNSIM not built" >&2
	exit 1
fi

passed=0
failed=0
for f in "$@"; do
	dir=$(cd "$(dirname "$f")" && pwd)
	base=$(basename "$f" .vlab)
	vlab=$dir/$base.vlab
	expected=$dir/$base.out
	want=$(sed -n 's/^# *exit-status: *\([0-9]*\).*/\1/p' "$vlab" | head -n 1)
	want=${want:-0}
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
	(cd "$tmp" && "$VPNSIM" run --seed 1 --capture "$tmp" "$vlab" \
	    >"$tmp/raw" 2>&1)
	status=$?
	# Paths in messages: relative to the scenario's directory.
	sed -e "s|$dir/||g" -e "s|$tmp|CAPTURE|g" "$tmp/raw" >"$tmp/actual"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$tmp/actual" "$expected"
		echo "updated: $expected"
	fi
	ok=1
	if [ "$status" != "$want" ]; then
		echo "FAIL: $f: exit status $status, expected $want"
		ok=0
	fi
	if [ ! -f "$expected" ]; then
		echo "FAIL: $f: no $base.out (UPDATE_GOLDEN=1 creates it)"
		ok=0
	elif ! diff -u "$expected" "$tmp/actual" >"$tmp/diff"; then
		echo "FAIL: $f: transcript differs"
		cat "$tmp/diff"
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "PASS: $f"
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	rm -rf "$tmp"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
