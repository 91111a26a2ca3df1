#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh [--vmtest-only | --dkms-only | --soak] [<short>...]  -- `make test` and friends.
#
# Full run (make test, what CI runs), in this order, every stage even after a
# failure so that one run shows everything that is broken:
#   check     make check (unit tests, source rules, harness self-test)
#   build     W=1 build against every matrix kernel, zero warnings; the VM
#             stage boots these very objects (built once per kernel)
#   sparse    sparse (C=2) over the 6.1 build's sources, nothing recompiled
#   dkms      real dkms add + build per matrix kernel, private trees (DKMS
#             itself is what is tested there, so it builds on its own): the
#             stack, its modules signed with DKMS's MOK key; its refusal
#             where VMBus is built in (7.x); the simulator's own DKMS
#             module on the primary kernel
#   package   the .debs and .rpms (scripts/package.sh), lintian, rpmlint
#   imagetest the .deb installed in a debootstrapped Debian image with two
#             kernels, the image booted with systemd on both
#             (tests/image/imagetest.sh); it runs in a VM lane
#   vmtest    the VM scenarios on every matrix kernel, in the three tiers
#             tests/vm/sizes.conf describes: every scenario on the primary
#             kernel, every scenario at min counts on the debug kernel
#             (6.1-debug: lockdep, KASAN, kmemleak, UBSAN, built from source
#             once and cached; tests/vm/kernel.sh; no DKMS stage), the core
#             tier on the others
# The VM stages run in two lanes at once (HVL_VM_LANES=1: one after the
# other): a VM under TCG keeps about one of the machine's two cores busy on
# average (its vCPUs idle in waits, pings and the shell between
# commands), so two of them share the machine with little loss. The lanes
# take the kernels (and the image test) from one queue, the longest first
# (vm_weight), each the next when it is free; each lane's output is
# printed as a whole when it ends, never interleaved.
# --soak runs the VM stage alone, every scenario at full counts on every kernel given
# (make soak; not in CI). --vmtest-only and --dkms-only run that stage alone
# (building first for the VM stage).
# Prints each stage's time, the slowest scenarios, every extra boot, then
# "N passed, N failed" over every check line; exits non-zero on any failure.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. tests/vm/lib/common.sh

mode=all size=()
case ${1:-} in
--vmtest-only) mode=vm; shift ;;
--dkms-only) mode=dkms; shift ;;
--soak) mode=vm size=(--size full --tier all); shift ;;
esac
kernels=${*:-$(pin_shorts | tr '\n' ' ')}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
declare -a times=()
declare -A built=()
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
	# the W=1 builds that the VM stage boots; a kernel whose build failed
	# is built (and reported) again by vmtest itself
	for k in $kernels; do
		stage "build $k" scripts/kbuild.sh --kver "$k"
		grep -q "^PASS build/$k " "$results" && built[$k]=1
	done
	if [ -n "${built[6.1]:-}" ]; then
		stage "sparse 6.1" scripts/kbuild.sh --kver 6.1 --sparse --reuse
	else
		stage "sparse 6.1" scripts/kbuild.sh --kver 6.1 --sparse
	fi
fi
if [ $mode = all ] || [ $mode = dkms ]; then
	for k in $kernels; do
		# DKMS is tested on the kernels users install, not on ours
		case $k in *-debug) continue ;; esac
		stage "dkms $k" tests/dkms/dkms-test.sh "$k"
	done
fi
[ $mode = all ] && stage package scripts/package.sh
# <kernel|image>: its expected VM-stage work, in seconds of the run
# of 12187c3 (soak: every kernel at full counts); only the order matters:
# the lanes take the items longest first
vm_weight() {
	if [ ${#size[@]} -gt 0 ]; then
		case $1 in *-debug) echo 3000 ;; *) echo 1000 ;; esac
		return
	fi
	case $1 in
	image) echo 600 ;;
	*-debug) echo 3220 ;;
	"$(awk '$1 == "primary" { print $2 }' tests/vm/sizes.conf)") echo 990 ;;
	*) echo 640 ;;
	esac
}
# next_item <queue>: the queue's first line, taken off it; fails when empty
# (the lock is a file of its own: sed -i replaces the queue's inode)
next_item() {
	flock "$1.lock" sh -c 'head -1 "$1"; sed -i 1d "$1"' sh "$1" | grep .
}
# <queue> <times>: one lane: VM stages taken from the shared queue, one after
# the other, until it is empty; their stage times into the file <times>
vm_lane() {
	local qf=$1 tf=$2 k nb t
	while k=$(next_item "$qf"); do
		t=$(now)
		if [ "$k" = image ]; then
			# the packages the package stage has just built
			echo "=== imagetest"
			tests/image/imagetest.sh --no-package 2>&1
			printf '%-16s %6ss\n' imagetest "$(since "$t")" >> "$tf"
			continue
		fi
		nb=$([ -n "${built[$k]:-}" ] && echo --no-build)
		echo "=== vmtest $k"
		tests/vm/vmtest.sh "$k" ${nb:-} "${size[@]}" 2>&1
		printf '%-16s %6ss\n' "vmtest $k" "$(since "$t")" >> "$tf"
	done
}
if [ $mode != dkms ]; then
	lanes=${HVL_VM_LANES:-2}
	case $lanes in 1 | 2) ;; *) die "HVL_VM_LANES=$lanes: 1 or 2" ;; esac
	# the image test (a Debian image booted with the packages) shares the
	# lanes: it is mostly a VM too. Each lane takes the next item when it
	# is free, the longest first, so that neither waits on a guess.
	# (the debug kernel could go as two items, its slab VM and the rest:
	# vmtest.sh --groups; with the run of 12187c3's times, debug 3220 s of
	# 6720, longest-first finds no better split than the one it has)
	items=$kernels
	[ $mode = all ] && items="$items image"
	lt=$(mktemp -d)
	for k in $items; do echo "$(vm_weight "$k") $k"; done | sort -k1,1nr -s | cut -d' ' -f2 > "$lt/queue"
	t=$(now)
	echo "=== vmtest in ${lanes} lane(s), longest first: $(tr '\n' ' ' < "$lt/queue")"
	pid2=
	if [ "$lanes" = 2 ]; then
		vm_lane "$lt/queue" "$lt/times2" > "$lt/out2" 2>&1 &
		pid2=$!
	fi
	vm_lane "$lt/queue" "$lt/times1" | tee -a "$results"
	if [ -n "$pid2" ]; then
		wait "$pid2"
		tee -a "$results" < "$lt/out2"
	fi
	while read -r line; do times+=("$line"); done < <(cat "$lt/times1" "$lt/times2" 2> /dev/null)
	times+=("$(printf '%-16s %6ss' "vmtest (wall)" "$(since "$t")")")
	rm -rf "$lt"
fi

echo "=== stage times"
printf '  %s\n' "${times[@]}"
if grep -q '^TIME ' "$results"; then
	echo "=== slowest scenarios (seconds in the guest)"
	grep '^TIME ' "$results" | sort -k3 -n -r | head -8 | awk '{ printf "  %-40s %7s\n", $2, $3 }'
fi
eb=$(grep -c '^EXTRA-BOOT ' "$results")
if [ "$eb" -gt 0 ]; then
	echo "=== extra boots: $eb (a VM died before it met our code, or QEMU ran stale code; booted once more)"
	grep '^EXTRA-BOOT ' "$results" | sed 's/^EXTRA-BOOT /  /'
fi
p=$(grep -c '^PASS ' "$results")
f=$(grep -c '^FAIL ' "$results")
if [ "$f" -gt 0 ]; then
	echo "=== failed checks"
	grep '^FAIL ' "$results" | sed 's/^/  /'
fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
