#!/bin/sh
# write memory persists a router's startup config under the lab directory
# (--nvram DIR); the next run of the lab boots the router from it.
set -u
: "${VPNSIM:?}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '@router R1\n@on R1\nenable\nconfigure terminal\nhostname SAVED\nend\nwrite memory\n' > "$dir/one.vlab"
printf '@router R1\n@on R1\nenable\nshow running-config | include ^hostname\n@expect hostname SAVED\nshow startup-config | include ^hostname\n@expect hostname SAVED\n' > "$dir/two.vlab"
"$VPNSIM" run --nvram "$dir" "$dir/one.vlab" > "$dir/out1" 2>&1 || { cat "$dir/out1"; echo "0 passed, 1 failed"; exit 1; }
grep -q '^hostname SAVED$' "$dir/nvram/R1.cfg" || { echo "FAIL: nvram/R1.cfg not written"; echo "0 passed, 1 failed"; exit 1; }
"$VPNSIM" run --nvram "$dir" "$dir/two.vlab" > "$dir/out2" 2>&1 || { cat "$dir/out2"; echo "0 passed, 1 failed"; exit 1; }
# Without --nvram a scripted run keeps NVRAM in memory only.
rm -rf "$dir/nvram"
"$VPNSIM" run "$dir/one.vlab" > /dev/null 2>&1
[ ! -e "$dir/nvram" ] || { echo "FAIL: run without --nvram wrote $dir/nvram"; echo "0 passed, 1 failed"; exit 1; }
echo "1 passed, 0 failed"
