#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - `make check`: the userspace tier. Seconds, no VM, no kernel tree.
#   - tests/unit: the portable .c files of the modules, unmodified, against a
#     shim of kernel headers;
#   - tests/fuzz: every committed fuzz corpus replayed once (ASan, UBSan);
#   - source rules: no kernel-version tests outside compat/, every module
#     dkms.conf lists is built by a Kbuild, the pinned kernels lie inside the
#     supported range dkms.conf declares;
#   - the VM harness's own result parser, fed logs that must pass and fail;
#   - packaging: the modprobe install rule that picks the stack per kernel,
#     the initramfs-tools hook and the dracut module.
# One PASS/FAIL line per check, then "check: N passed, N failed".
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
results=$out/results

r() { # <PASS|FAIL> <name> [detail]
	printf '%s %s%s\n' "$1" "$2" "${3:+ ($3)}" | tee -a "$results"
}

# ---------------------------------------------------------------- unit tests
if make -s -C tests/unit > "$out/unit-build.log" 2>&1; then
	tests/unit/build/unit > "$out/unit.log" 2>&1
	grep -E '^(PASS|FAIL) ' "$out/unit.log" | sed 's/^\(PASS\|FAIL\) /\1 unit\//' | tee -a "$results"
	grep -q '^unit: [0-9]* passed, 0 failed$' "$out/unit.log" ||
		r FAIL unit/runner "$(grep -v -E '^(PASS|FAIL) ' "$out/unit.log" | tail -3 | tr '\n' ' ')"
else
	r FAIL unit/build "$(tail -5 "$out/unit-build.log" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- fuzz corpora
if make -s -C tests/fuzz replay > "$out/fuzz.log" 2>&1; then
	grep -E '^(PASS|FAIL) ' "$out/fuzz.log" | tee -a "$results"
else
	r FAIL fuzz/replay "$(tail -5 "$out/fuzz.log" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- source rules
files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]')
hits=$(grep -nE 'LINUX_VERSION_CODE|KERNEL_VERSION\(' $(grep -v '^compat/' <<< "$files" | grep -v '^tests/unit/shim/') 2>/dev/null)
[ -z "$hits" ] && r PASS src/version-tests-only-in-compat ||
	r FAIL src/version-tests-only-in-compat "$(head -3 <<< "$hits" | tr '\n' ' ')"

bad=
while read -r name dir _; do
	grep -qE "^obj-m[[:space:]]*[:+]?=[[:space:]]*$name\.o" "$dir/Kbuild" 2>/dev/null || bad="$bad $dir/Kbuild:$name"
	grep -qE "^obj-(m|\\\$\\(HVL_[A-Z]+\\))[[:space:]]*\+=[[:space:]]*$dir/" Kbuild || bad="$bad Kbuild:$dir"
done < <(scripts/modules.sh)
[ -z "$bad" ] && r PASS src/dkms-modules-have-kbuild || r FAIL src/dkms-modules-have-kbuild "$bad"

range=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"$/\1/p' dkms.conf)
bad=
for k in $(awk '!/^#/ && NF == 4 { print $3 }' tests/vm/kernels.conf); do
	grep -qE "$range" <<< "$k" || bad="$bad $k"
done
for k in 4.19.0-27-amd64 5.4.0-1-generic 5.9.16 8.0.0-1-amd64; do
	grep -qE "$range" <<< "$k" && bad="$bad accepts:$k"
done
[ -n "$range" ] && [ -z "$bad" ] && r PASS src/kernel-range "$range" ||
	r FAIL src/kernel-range "range '$range':$bad"

# every repetition count a scenario asks for is in sizes.conf, and every
# count there is used: the counts live in that one place
used=$(grep -hoE '\$\(size [a-z_]{2,}\)' tests/vm/scenarios/[0-9]*.sh tests/vm/scenarios/lib.sh | sed 's/.* \(.*\))/\1/' | sort -u)
have=$(awk '!/^#/ && NF >= 4 && $2 $3 $4 ~ /^[0-9]+$/ { print $1 }' tests/vm/sizes.conf | sort -u)
bad=$(comm -3 <(echo "$used") <(echo "$have") | tr -s '\t\n' '  ')
[ -n "$used" ] && [ -z "$bad" ] && grep -q '^primary ' tests/vm/sizes.conf &&
	r PASS src/sizes-in-one-place "$(echo $used)" || r FAIL src/sizes-in-one-place "unmatched:$bad"

# ---------------------------------------------------------------- harness self-test
# parse.sh must fail a run for each of these, and pass the clean one.
mkdir -p "$out/sc"
printf '# checks: a b\n' > "$out/sc/01-x.sh"
good='HVLTEST BOOTED kernel=t cpus=2
HVLTEST BEGIN 01-x
HVLTEST RESULT 01-x/a PASS
HVLTEST RESULT 01-x/b PASS
HVLTEST RESULT 01-x/dmesg_clean PASS
HVLTEST END 01-x rc=0
HVLTEST DONE'
declare -A bad_logs=(
	[warn]="${good/HVLTEST DONE/[ 1.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x0/0x0
HVLTEST DONE}"
	[missing-check]="${good/HVLTEST RESULT 01-x\/b PASS/}"
	[failed-check]="${good/01-x\/b PASS/01-x/b FAIL oops}"
	[no-end]="${good/HVLTEST END 01-x rc=0/}"
	[nonzero-rc]="${good/rc=0/rc=1}"
	[panic]="${good/HVLTEST DONE/Kernel panic - not syncing: panic_on_warn set}"
	[no-boot]="${good/HVLTEST BOOTED kernel=t cpus=2/}"
	[unlisted-check]="${good/HVLTEST END/HVLTEST RESULT 01-x/c PASS
HVLTEST END}"
	[late-fail]="${good/HVLTEST END/HVLTEST RESULT 01-x/b FAIL later
HVLTEST END}"
	[twice-pass]="${good/HVLTEST END/HVLTEST RESULT 01-x/b PASS
HVLTEST END}"
	[bad-status]="${good/01-x\/b PASS/01-x/b MAYBE}"
	[outside-section]="HVLTEST RESULT 01-x/b PASS
${good/HVLTEST RESULT 01-x\/b PASS/}"
	[failed-rc-suffix]="${good/rc=0/rc=137 secs=300}"
	[failed-rc-interleaved]="${good/rc=0/rc=1[    4.0] rc=0}"
	[kmemleak-fail]="${good/cpus=2/cpus=2 kmemleak=on}
HVLTEST KMEMLEAK FAIL 1 objects; the first: unreferenced object 0x1 (size 8):"
	[kmemleak-missing]="${good/cpus=2/cpus=2 kmemleak=on}"
)
echo "$good" > "$out/good.log"
tests/vm/lib/parse.sh "$out/good.log" "$out/sc" self > /dev/null &&
	r PASS harness/parse-clean-run || r FAIL harness/parse-clean-run
# the kernel printing onto the end of the guest's marker lines is no failure
interleaved="${good/HVLTEST BEGIN 01-x/HVLTEST BEGIN 01-x[    3.9] hvltest: begin 01-x}"
interleaved="${interleaved/rc=0/rc=0 secs=0.4[    4.0] hvltest: end 01-x}"
echo "$interleaved" > "$out/interleaved.log"
tests/vm/lib/parse.sh "$out/interleaved.log" "$out/sc" self > /dev/null &&
	r PASS harness/parse-interleaved-run || r FAIL harness/parse-interleaved-run
# the debug kernel's one scan per boot, clean
kml="${good/cpus=2/cpus=2 kmemleak=on}"
echo "${kml/HVLTEST DONE/HVLTEST KMEMLEAK PASS
HVLTEST DONE}" > "$out/kmemleak.log"
tests/vm/lib/parse.sh "$out/kmemleak.log" "$out/sc" self > "$out/kmemleak.out" &&
	grep -q '^PASS self/kmemleak ' "$out/kmemleak.out" &&
	r PASS harness/parse-kmemleak-run || r FAIL harness/parse-kmemleak-run
for k in "${!bad_logs[@]}"; do
	echo "${bad_logs[$k]}" > "$out/$k.log"
	if tests/vm/lib/parse.sh "$out/$k.log" "$out/sc" self > "$out/$k.out"; then
		r FAIL "harness/parse-rejects-$k" "parse.sh passed a bad log"
	else
		r PASS "harness/parse-rejects-$k"
	fi
done

# a "# expect: panic" scenario: passes on the panic and the EXPECT text after
# it, fails without either
printf '# expect: panic\n# checks: a shown\n' > "$out/sc/02-p.sh"
panic_log='HVLTEST BOOTED kernel=t cpus=2
HVLTEST BEGIN 02-p
HVLTEST RESULT 02-p/a PASS
HVLTEST EXPECT 02-p/shown host: P1=0x1
[ 2.0] host: P1=0x1 P2=0x2
[ 2.0] Kernel panic - not syncing: sysrq'
echo "$panic_log" > "$out/panic.log"
tests/vm/lib/parse.sh "$out/panic.log" "$out/sc" self 02-p > /dev/null &&
	r PASS harness/parse-panic-run || r FAIL harness/parse-panic-run
# the EXPECT text must come from the kernel: not echoed by the scenario,
# not in a harness mark, not before the EXPECT line
for k in no-panic no-expect-text no-result expect-echoed expect-mark expect-before twice-expect; do
	case $k in
	no-panic) echo "${panic_log/Kernel panic/Oops}" ;;
	no-expect-text) echo "${panic_log/host: P1=0x1 P2/host: P1=0x0 P2}" ;;
	no-result) echo "${panic_log/HVLTEST RESULT 02-p\/a PASS/}" ;;
	expect-echoed) echo "${panic_log/\[ 2.0\] host: P1=0x1/host: P1=0x1}" ;;
	expect-mark) echo "${panic_log/\[ 2.0\] host: P1=0x1/[ 2.0] hvltest: mark host: P1=0x1}" ;;
	expect-before) echo "${panic_log/HVLTEST BEGIN 02-p/HVLTEST BEGIN 02-p
[ 1.0] host: P1=0x1 P2=0x2}" | sed '/^\[ 2.0\] host/d' ;;
	twice-expect) echo "${panic_log/HVLTEST EXPECT/HVLTEST RESULT 02-p/shown PASS
HVLTEST EXPECT}" ;;
	esac > "$out/$k.log"
	tests/vm/lib/parse.sh "$out/$k.log" "$out/sc" self 02-p > /dev/null &&
		r FAIL "harness/parse-rejects-panic-$k" "parse.sh passed a bad log" ||
		r PASS "harness/parse-rejects-panic-$k"
done

# a "# expect: kdump" scenario: the panic, the kdump kernel's boot, its
# second stage to END; the panic and what the dying kernel printed after it
# are not held against the console, anything before the panic or after the
# kdump kernel's boot is
printf '# expect: kdump\n# checks: a b\n' > "$out/sc/03-k.sh"
kdump_log='HVLTEST BOOTED kernel=t cpus=2
HVLTEST BEGIN 03-k
HVLTEST RESULT 03-k/a PASS
[ 2.0] Kernel panic - not syncing: sysrq triggered crash
[ 2.0] Call Trace:
HVLTEST BOOTED kernel=t cpus=1
HVLTEST BEGIN 03-k
HVLTEST RESULT 03-k/b PASS
HVLTEST RESULT 03-k/dmesg_clean PASS
HVLTEST END 03-k rc=0
HVLTEST DONE'
echo "$kdump_log" > "$out/kdump.log"
tests/vm/lib/parse.sh "$out/kdump.log" "$out/sc" self 03-k > /dev/null &&
	r PASS harness/parse-kdump-run || r FAIL harness/parse-kdump-run
for k in no-panic no-second-boot warn-before warn-after no-end; do
	case $k in
	no-panic) echo "${kdump_log/Kernel panic - not syncing: sysrq triggered crash/sysrq: crash}" ;;
	no-second-boot) echo "${kdump_log/HVLTEST BOOTED kernel=t cpus=1/}" ;;
	warn-before) echo "${kdump_log/HVLTEST RESULT 03-k\/a PASS/HVLTEST RESULT 03-k/a PASS
[ 1.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x0/0x0}" ;;
	warn-after) echo "${kdump_log/HVLTEST DONE/[ 9.0] BUG: unable to handle page fault
HVLTEST DONE}" ;;
	no-end) echo "${kdump_log/HVLTEST END 03-k rc=0/}" ;;
	esac > "$out/kdump-$k.log"
	tests/vm/lib/parse.sh "$out/kdump-$k.log" "$out/sc" self 03-k > /dev/null &&
		r FAIL "harness/parse-rejects-kdump-$k" "parse.sh passed a bad log" ||
		r PASS "harness/parse-rejects-kdump-$k"
done
# a "# expect: reports" scenario is judged by its own checks, not by
# dmesg_clean nor by the console inside its section; outside, the console is
# held clean as always
printf '# expect: reports\n# checks: caught\n' > "$out/sc/04-r.sh"
reports_log='HVLTEST BOOTED kernel=t cpus=2
HVLTEST BEGIN 04-r
[ 1.0] WARNING: possible circular locking dependency detected
HVLTEST RESULT 04-r/caught PASS
HVLTEST RESULT 04-r/dmesg_clean FAIL possible circular locking
HVLTEST END 04-r rc=0
HVLTEST DONE'
echo "$reports_log" > "$out/reports.log"
tests/vm/lib/parse.sh "$out/reports.log" "$out/sc" self 04-r > /dev/null &&
	r PASS harness/parse-reports-run || r FAIL harness/parse-reports-run
echo "${reports_log/04-r\/caught PASS/04-r/caught FAIL nothing reported}" > "$out/reports-missed.log"
tests/vm/lib/parse.sh "$out/reports-missed.log" "$out/sc" self 04-r > /dev/null &&
	r FAIL harness/parse-rejects-reports-missed "parse.sh passed a bad log" ||
	r PASS harness/parse-rejects-reports-missed
echo "${reports_log/HVLTEST DONE/[ 9.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x0/0x0
HVLTEST DONE}" > "$out/reports-after.log"
tests/vm/lib/parse.sh "$out/reports-after.log" "$out/sc" self 04-r > /dev/null &&
	r FAIL harness/parse-rejects-reports-warn-after "parse.sh passed a bad log" ||
	r PASS harness/parse-rejects-reports-warn-after

# a "# expect: poweroff" scenario: the kernel's power-down line after its
# BEGIN, neither its END nor HVLTEST DONE first (a VM that kept running and
# was powered off by /init fails), the console clean to the end
printf '# expect: poweroff\n# checks: a\n' > "$out/sc/05-p.sh"
off_log='HVLTEST BOOTED kernel=t cpus=2 size=reduced kmemleak=on
HVLTEST BEGIN 05-p
HVLTEST RESULT 05-p/a PASS
[ 3.0] reboot: Power down'
echo "$off_log" > "$out/off.log"
tests/vm/lib/parse.sh "$out/off.log" "$out/sc" self 05-p > /dev/null &&
	r PASS harness/parse-poweroff-run || r FAIL harness/parse-poweroff-run
for k in kept-running no-power-down warn; do
	case $k in
	kept-running) echo "${off_log/\[ 3.0\] reboot: Power down/HVLTEST RESULT 05-p/dmesg_clean PASS
HVLTEST END 05-p rc=0
HVLTEST DONE
[ 9.0] reboot: Power down}" ;;
	no-power-down) echo "${off_log/reboot: Power down/reboot: Restarting system}" ;;
	warn) echo "${off_log/HVLTEST RESULT 05-p\/a PASS/HVLTEST RESULT 05-p/a PASS
[ 2.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x0/0x0}" ;;
	esac > "$out/off-$k.log"
	tests/vm/lib/parse.sh "$out/off-$k.log" "$out/sc" self 05-p > /dev/null &&
		r FAIL "harness/parse-rejects-poweroff-$k" "parse.sh passed a bad log" ||
		r PASS "harness/parse-rejects-poweroff-$k"
done

# vmtest.sh boots once more after an int3 trap over code that holds no int3
# (QEMU ran stale code): only then, not over a real 0xcc, not in a module
. tests/vm/lib/common.sh
int3_log='[ 74.5] Oops: int3: 0000 [#1] SMP NOPTI
[ 74.5] RIP: 0010:ktime_get_update_offsets_now+0x3b/0x200
[ 74.5] Code: 8b 3d 3e 87 a2 02 0f <1f> 44 00 00 0f 01 f9 66 90'
for k in stale real-cc module none; do
	case $k in
	stale) echo "$int3_log" ;;
	real-cc) echo "${int3_log/0f <1f>/cc <1f>}" ;;
	module) echo "${int3_log/0x3b\/0x200/0x3b/0x200 [hv_core]}" ;;
	none) echo "${int3_log/int3/general protection fault}" ;;
	esac > "$out/int3-$k.log"
	if stale_int3 "$out/int3-$k.log" > /dev/null; then got=stale; else got=other; fi
	[ $got = $([ $k = stale ] && echo stale || echo other) ] &&
		r PASS "harness/stale-int3-$k" || r FAIL "harness/stale-int3-$k" "judged $got"
done

# ---------------------------------------------------------------- packaging
# the install rule that picks the VMBus stack per kernel, and hvl.conf
tests/packaging/modprobe-rule.sh | tee -a "$results"
# the initramfs-tools hook and the dracut module
tests/packaging/initramfs-hooks.sh | tee -a "$results"

p=$(grep -c '^PASS ' "$results")
f=$(grep -c '^FAIL ' "$results")
echo "check: $p passed, $f failed"
[ "$f" -eq 0 ]
