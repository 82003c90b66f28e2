#!/bin/sh
# The sanitizer pass of `make check`: build the whole tree once more with
# ASan+UBSan in a tree of its own and run its `make check` there.
#
# usage (from tests/subdir.am): asan-check.sh ABS_TOP_SRCDIR ABS_TOP_BUILDDIR
# Out-of-tree builds get $builddir/_asan as a second VPATH tree.  An in-tree
# build cannot host another VPATH build of the same sources, so there the
# sources are copied to _asan/src, cleaned with `make distclean`, and built.
# VPNSIM_ASAN_PASS=1 in the inner run stops the recursion and makes
# valgrind tests skip.  MAKE comes from make (with its jobserver).
set -eu

src=$1
build=$2
: "${MAKE:=make}"
asan=$build/_asan

# Same configure options as the main build, plus the sanitizers.
args=$(cd "$build" && ./config.status --config |
    sed -e "s/'--enable-werror'//g; s/'--enable-sanitizers'//g" \
	-e 's/\(^\| \)--enable-\(werror\|sanitizers\)\( \|$\)/ /g')
args="$(echo "$args" | sed 's/^ *//') --enable-sanitizers --enable-werror"
# The second pass also builds with the other line editor, so both readline
# and libedit are compiled and tested (the pty test runs on each).
case $args in
*--with-libedit*) args=$(echo "$args" | sed "s/'*--with-libedit'*//g") ;;
*) args="$args --with-libedit" ;;
esac

if [ "$src" = "$build" ]; then
	echo "== sanitizer pass: copying the sources to $asan/src (in-tree build)"
	rm -rf "$asan"
	mkdir -p "$asan/src"
	(cd "$src" && tar --exclude=./_asan --exclude=./.git -cf - .) |
	    (cd "$asan/src" && tar -xf -)
	(cd "$asan/src" && $MAKE distclean >/dev/null)
	subsrc=$asan/src
	subbuild=$asan/src
else
	subsrc=$src
	subbuild=$asan
fi

mkdir -p "$subbuild"
cd "$subbuild"
if [ ! -f config.status ] || [ ! -f Makefile ] ||
    [ "$(cat .asan-configure-args 2>/dev/null)" != "$args" ]; then
	echo "== sanitizer pass: configure $args"
	eval "\"\$subsrc/configure\" -q $args"
	printf '%s' "$args" >.asan-configure-args
fi

VPNSIM_ASAN_PASS=1
ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export VPNSIM_ASAN_PASS ASAN_OPTIONS UBSAN_OPTIONS

echo "== sanitizer pass: make check in $subbuild"
rm -f test-suite.log
set +e
$MAKE check
rc=$?
set -e
[ $rc -eq 0 ] || echo "== sanitizer pass FAILED (exit $rc): see $subbuild/test-suite.log"
# Closing line of the whole `make check`: both passes together.
[ $rc -eq 0 ] || export SUMMARY_FAILED_MIN=1
sh "$src/tests/test-summary.sh" total "$build/test-suite.log" \
    "$subbuild/test-suite.log"
exit $rc
