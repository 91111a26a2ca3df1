#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh [--vmtest-only | --dkms-only] [<short>]  -- `make test` and friends.
#
# Full run (make test, what CI runs), in this order, every stage even after a
# failure so that one run shows everything that is broken:
#   check     make check (unit tests, source rules, harness self-test)
#   build     W=1 build against every matrix kernel, zero warnings
#   sparse    sparse (C=2) on the 6.1 kernel
#   dkms      real dkms add + build per matrix kernel, private trees
#   vmtest    the VM scenarios on every matrix kernel
# Prints each stage's time, then "N passed, N failed" over every check line;
# exits non-zero on any failure.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. tests/vm/lib/common.sh

mode=all
case ${1:-} in
--vmtest-only) mode=vm; shift ;;
--dkms-only) mode=dkms; shift ;;
esac
kernels=${1:-$(pin_shorts | tr '\n' ' ')}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
declare -a times=()
stage() { # <name> <cmd...>: run, keep its check lines, time it
	local name=$1 t
	shift
	t=$(now)
	echo "=== $name"
	"$@" 2>&1 | tee -a "$results"
	times+=("$(printf '%-16s %6ss' "$name" "$(since "$t")")")
}

if [ $mode = all ]; then
	stage check scripts/check.sh
	for k in $kernels; do stage "build $k" scripts/kbuild.sh --kver "$k"; done
	stage "sparse 6.1" scripts/kbuild.sh --kver 6.1 --sparse
fi
if [ $mode != vm ]; then
	for k in $kernels; do stage "dkms $k" tests/dkms/dkms-test.sh "$k"; done
fi
if [ $mode != dkms ]; then
	for k in $kernels; do stage "vmtest $k" tests/vm/vmtest.sh "$k"; done
fi

echo "=== stage times"
printf '  %s\n' "${times[@]}"
p=$(grep -c '^PASS ' "$results")
f=$(grep -c '^FAIL ' "$results")
if [ "$f" -gt 0 ]; then
	echo "=== failed checks"
	grep '^FAIL ' "$results" | sed 's/^/  /'
fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
