#!/bin/sh
# `make bench`: every benchmark, one line each.  Not a timed test: the
# numbers (and the ratios against baselines measured in the same run) are
# for the README and issue notes.
# usage: run-bench.sh ABS_TOP_SRCDIR   (VPNSIM, BENCH_SCHED from make)
set -eu
srcdir=${1:-.}
vpnsim=${VPNSIM:-./src/vpnsim}
bench_sched=${BENCH_SCHED:-./tests/bench/bench_sched}

"$bench_sched" ${BENCH_SCHED_ARGS:-}

# A day of virtual time on the default lab.
lab=$srcdir/scenarios/default.vlab
if [ ! -f "$lab" ] || [ ! -x "$vpnsim" ]; then
	echo "wait24h: skipped ($lab or $vpnsim missing)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Beside a copy of scenarios/, so the lab's relative config paths resolve.
cp -R "$srcdir/scenarios/." "$tmp/"
{ cat "$lab"; echo; echo "@wait 24h"; } >"$tmp/wait24h.vlab"
t0=$(date +%s%N)
if "$vpnsim" run --seed 1 "$tmp/wait24h.vlab" >"$tmp/out" 2>&1; then
	status=ok
else
	status="exit $?"
fi
t1=$(date +%s%N)
awk -v ns=$((t1 - t0)) -v st="$status" -v lines="$(wc -l <"$tmp/out")" \
    'BEGIN { printf "wait24h: default lab, @wait 24h in %.2f s wall (%s, %d transcript lines)\n", ns / 1e9, st, lines }'
