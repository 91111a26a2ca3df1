#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh <short> [options] [scenario...]
#
# Builds our modules against a matrix kernel, packs them with the scenarios
# into an initramfs, boots the kernel under QEMU/TCG and reports one PASS/FAIL
# line per check, then "vmtest <short>: N passed, N failed". Exit status is
# non-zero on any failed or missing check, a WARN (panic_on_warn=1), a panic
# or a timeout.
#
#   --smp N        vCPUs (default 2: MTTCG, so per-CPU code runs on two CPUs)
#   --mem MiB      guest memory (default 1024)
#   --timeout S    wall-clock limit for the VM (default 300)
#   --append STR   extra kernel command line
#   --no-build     reuse the last build for this kernel
#   scenario...    names under tests/vm/scenarios (default: all)
#
# Logs: $HVL_CACHE/runs/<release>/{serial-<boot>.log,build.log}
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

short=${1:-}
[ -n "$short" ] && shift || { sed -n '4,19p' "$0" >&2; exit 2; }
smp=2 mem=1024 timeout=300 append= build=1 scen=()
while [ $# -gt 0 ]; do
	case $1 in
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--append) append=$2; shift ;;
	--no-build) build= ;;
	-*) die "unknown option $1" ;;
	*) scen+=("$1") ;;
	esac
	shift
done

envtxt=$("$here/kernel.sh" env "$short") || { echo "FAIL vm/$short/setup (kernel.sh env $short failed)"; exit 1; }
eval "$envtxt"
run=$HVL_CACHE/runs/$KVER
mkdir -p "$run"

if [ -n "$build" ]; then
	"$HVL_ROOT/scripts/kbuild.sh" --kver "$short" --quiet > "$run/build.result" ||
		{ echo "FAIL vm/$short/setup (module build failed: $(cat "$run/build.result"))"; exit 1; }
fi
"$here/initramfs.sh" "$short" "$HVL_CACHE/build/$KVER" "$run/initrd.cpio" 2> "$run/initramfs.log" ||
	{ echo "FAIL vm/$short/setup (initramfs: $(tail -1 "$run/initramfs.log"))"; exit 1; }

# Boot the ELF vmlinux through its PVH entry: no in-guest decompression, which
# costs seconds under TCG. Extracted once per kernel.
vmlinux=$HVL_CACHE/k/$KVER/vmlinux
if [ ! -s "$vmlinux" ]; then
	extract() { # <magic> <decompressor>: first payload that decompresses to ELF
		local off
		for off in $(LC_ALL=C grep -obUaP "$1" "$KIMAGE" | cut -d: -f1); do
			tail -c +$((off + 1)) "$KIMAGE" | $2 > "$vmlinux.tmp" 2> /dev/null
			[ "$(head -c4 "$vmlinux.tmp")" = $'\x7fELF' ] && return 0
		done
		return 1
	}
	if extract '\x28\xb5\x2f\xfd' 'zstd -dcq' || extract '\xfd\x37\x7a\x58\x5a\x00' 'xz -dcq' ||
	   extract '\x1f\x8b\x08' 'gzip -dcq'; then
		mv "$vmlinux.tmp" "$vmlinux"
	else
		rm -f "$vmlinux.tmp"
		vmlinux=$KIMAGE
	fi
fi

# Scenarios marked "# boot: own" get a VM of their own (they leave the kernel
# in a state the next one cannot start from, or end it); the rest share one.
# A "# append: <args>" line adds kernel arguments to a scenario's own boot
# (and implies it).
[ ${#scen[@]} -gt 0 ] || mapfile -t scen < <(cd "$here/scenarios" && ls [0-9]*.sh | sed 's/\.sh$//')
shared=() own=()
for s in "${scen[@]}"; do
	[ -f "$here/scenarios/$s.sh" ] || { echo "FAIL vm/$short/$s (no such scenario)"; exit 1; }
	if grep -q '^# boot: own\|^# append: ' "$here/scenarios/$s.sh"; then own+=("$s"); else shared+=("$s"); fi
done

boot() { # <log name> <label> <scenario...>
	local name=$1 label=$2 t qrc extra=
	shift 2
	[ $# -eq 1 ] && extra=$(sed -n 's/^# append: //p' "$here/scenarios/$1.sh")
	local cmdline="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic quiet loglevel=5 hvl.smp=$smp hvl.scenarios=$(IFS=,; echo "$*") $append $extra"
	local try why
	for try in 1 2; do
		t=$(now)
		timeout "$timeout" qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem" \
			-nodefaults -display none -serial stdio -no-reboot \
			-kernel "$vmlinux" -initrd "$run/initrd.cpio" -append "$cmdline" \
			< /dev/null > "$run/serial-$name.log" 2>&1
		qrc=$?
		log "vm $short ($name): qemu rc=$qrc in $(since "$t")s"
		# A kernel that dies before our init runs has not met our code,
		# and a stale int3 (stale_int3, lib/common.sh) is the emulator's: TCG's cross-CPU code
		# patching has been seen to oops Debian's 7.2 kernel in early boot
		# and during module loads (int3 in a patched timekeeping function).
		# Boot once more, and say so; a second such death fails as usual.
		if ! grep -qa '^HVLTEST BOOTED' "$run/serial-$name.log"; then
			why="the kernel died before the harness started ($(grep -am1 'Oops\|panic' "$run/serial-$name.log" | tr -d '\r'))"
		elif why=$(stale_int3 "$run/serial-$name.log"); then
			why="QEMU ran stale code: $why"
		else
			break
		fi
		[ $try = 1 ] && [ $qrc -ne 124 ] || break
		cp "$run/serial-$name.log" "$run/serial-$name.try1.log"
		echo "INFO $label/boot: $why; booting once more"
	done
	[ $qrc -eq 124 ] && echo "FAIL $label/timeout (no poweroff within ${timeout}s)"
	"$here/lib/parse.sh" "$run/serial-$name.log" "$here/scenarios" "$label" "$@" && [ $qrc -ne 124 ]
}

rc=0
rm -f "$run"/serial-*.log
if [ ${#shared[@]} -gt 0 ]; then
	boot shared "vm/$short" "${shared[@]}" || rc=1
fi
for s in "${own[@]}"; do
	boot "$s" "vm/$short/$s" "$s" || rc=1
done
[ $rc -eq 0 ] && rm -f "$run/initrd.cpio"
exit $rc
