#!/bin/sh
# usage: test-summary.sh LABEL TEST-SUITE-LOG...
# Print "LABEL: N passed, N failed[, N skipped]" from automake test-suite.log
# headers (missing logs count as nothing).  PASS and XFAIL count as passed;
# FAIL, XPASS and ERROR as failed.  SUMMARY_FAILED_MIN raises the failed
# count (a build that broke before any test ran is still a failure).
label=$1
shift
logs=
for f in "$@"; do
	[ -f "$f" ] && logs="$logs $f"
done
# Only the header of each log: failing tests' own logs follow it.
# shellcheck disable=SC2086
awk -v label="$label" -v fmin="${SUMMARY_FAILED_MIN:-0}" '
	FNR <= 16 && /^# (PASS|XFAIL): / { p += $3 }
	FNR <= 16 && /^# (FAIL|XPASS|ERROR): / { f += $3 }
	FNR <= 16 && /^# SKIP: / { s += $3 }
	END {
		if (f < fmin) f = fmin
		line = sprintf("%s: %d passed, %d failed", label, p, f)
		if (s > 0) line = line sprintf(", %d skipped", s)
		print line
	}' $logs /dev/null
