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
#   --timeout S    wall-clock limit of each VM and of each scenario in it
#                  (default: a scenario's own budget; a VM's is 60 s plus
#                  the budgets of its scenarios)
#   --append STR   extra kernel command line
#   --trace        trace the scenarios' commands on the console (set -x, each
#                  line headed by the guest's uptime): where their time goes
#   --size full|reduced|min
#                  repetition counts (sizes.conf; default: reduced on the
#                  kernel sizes.conf calls primary, min on the others)
#   --tier all|core
#                  core leaves out the scenarios headed "# tier: deep"
#                  (default: all on the debug kernel and on the kernel
#                  sizes.conf calls primary, core on the others); scenarios
#                  named on the command line run whatever the tier
#   --no-build     reuse the last build for this kernel (make test builds once
#                  per kernel in its build stage)
#   --groups LIST  boot only these VMs (comma-separated group names: shared,
#                  slab, an own-boot scenario's name), or with a leading '-'
#                  all but these; two runs of one kernel with disjoint LISTs
#                  may run at once (make test splits the debug kernel so)
#   scenario...    names under tests/vm/scenarios (default: all)
#
# Scenario headers that shape the VMs:
#   # boot: own      a VM of its own (it panics, or leaves the kernel in a
#                    state the next one cannot start from)
#   # boot: <group>  one VM per group, scenarios in name order; no header:
#                    the group "shared"
#   # append: ARGS   kernel arguments of its group's VM (all members agree)
#   # order: last    after the rest of its group (its checks are at poweroff)
#   # timeout: S     its time budget (default 30 s; five times that on the
#                    debug kernel)
#   # qemu-cpu: M    QEMU's -cpu model for its VM (default max; all members agree)
#   # mem: MiB       memory of its VM (default --mem; all members agree);
#                    512 for a VM booted for one small scenario: the debug
#                    kernel's kmemleak scans walk every page in use (9 s a
#                    scan at 512 MiB, 15 s at 1 GiB)
#   # numa: N        its VM has N NUMA nodes, CPUs and memory split evenly
#   # acpi: NAME     its VM's firmware gets the SSDT tests/vm/acpi/NAME.asl
#                    (compiled with iasl; all members agree)
#                    (default 1; all members agree)
#   # only: debug    runs on the debug kernel only (its checks need lockdep,
#                    KASAN or kmemleak); not part of the other kernels' runs
#   # only: nodebug  not run on the debug kernel, whose small config lacks
#                    what it needs (the scenario says what)
#   # tier: deep     left out of the core tier (sizes.conf says which
#                    kernels run it in make test)
#
# Logs: $HVL_CACHE/runs/<release>/{serial-<boot>.log,build.log}
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

short=${1:-}
[ -n "$short" ] && shift || { sed -n '4,/^# Logs/p' "$0" >&2; exit 2; }
smp=2 mem=1024 timeout= append= build=1 scen=() size= tier= groups_sel=
while [ $# -gt 0 ]; do
	case $1 in
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--append) append="$append $2"; shift ;;
	--trace) append="$append hvl.trace=1" ;;
	--size) size=$2; shift ;;
	--tier) tier=$2; shift ;;
	--no-build) build= ;;
	--groups) groups_sel=$2; shift ;;
	-*) die "unknown option $1" ;;
	*) scen+=("$1") ;;
	esac
	shift
done

# the defaults: make test's three tiers (sizes.conf)
primary=$(awk '$1 == "primary" { print $2 }' "$here/sizes.conf")
case $size in
full | reduced | min) ;;
"") size=min; [ "$short" = "$primary" ] && size=reduced ;;
*) die "--size $size: must be full, reduced or min" ;;
esac
case $tier in
all | core) ;;
"") tier=core; { [[ $short == *-debug ]] || [ "$short" = "$primary" ]; } && tier=all ;;
*) die "--tier $tier: must be all or core" ;;
esac
envtxt=$("$here/kernel.sh" env "$short") || { echo "FAIL vm/$short/setup (kernel.sh env $short failed)"; exit 1; }
eval "$envtxt"
run=$HVL_CACHE/runs/$KVER
mkdir -p "$run"

if [ -n "$build" ]; then
	"$HVL_ROOT/scripts/kbuild.sh" --kver "$short" --quiet > "$run/build.result" ||
		{ echo "FAIL vm/$short/setup (module build failed: $(cat "$run/build.result"))"; exit 1; }
fi
# a run of some groups has files of its own: another may run beside it
tag=${groups_sel:+-$(tr -c 'A-Za-z0-9\n-' _ <<< "$groups_sel")}
initrd=$run/initrd$tag.cpio
"$here/initramfs.sh" "$short" "$HVL_CACHE/build/$KVER" "$initrd" 2> "$run/initramfs$tag.log" ||
	{ echo "FAIL vm/$short/setup (initramfs: $(tail -1 "$run/initramfs$tag.log"))"; exit 1; }

# Boot the ELF vmlinux through its PVH entry: no in-guest decompression, which
# costs seconds under TCG. Extracted once per kernel. A kernel whose env names
# KBOOT (the debug kernel) boots that image instead.
vmlinux=$HVL_CACHE/k/$KVER/vmlinux
if [ -n "${KBOOT:-}" ]; then
	vmlinux=$KBOOT
elif [ ! -s "$vmlinux" ]; then
	extract() { # <magic> <decompressor>: first payload that decompresses to ELF
		local off
		for off in $(LC_ALL=C grep -obUaP "$1" "$KIMAGE" | cut -d: -f1); do
			tail -c +$((off + 1)) "$KIMAGE" | $2 > "$vmlinux.tmp$$" 2> /dev/null
			[ "$(head -c4 "$vmlinux.tmp$$")" = $'\x7fELF' ] && return 0
		done
		return 1
	}
	if extract '\x28\xb5\x2f\xfd' 'zstd -dcq' || extract '\xfd\x37\x7a\x58\x5a\x00' 'xz -dcq' ||
	   extract '\x1f\x8b\x08' 'gzip -dcq'; then
		mv "$vmlinux.tmp$$" "$vmlinux"
	else
		rm -f "$vmlinux.tmp$$"
		vmlinux=$KIMAGE
	fi
fi

# The debug kernel (lockdep, KASAN, a kmemleak scan after each scenario)
# runs everything several times slower under TCG: its budgets are scaled.
slow=1
case $short in *-debug) slow=5 ;; esac
# ... and boots without 5-level paging. Linux 6.1's identify_cpu() zeroes
# boot_cpu_data's feature bits and reads them back with interrupts on; in
# between, pgtable_l5_enabled() says no, so KASAN takes every direct-map
# address for a wild one. Under TCG the gap is wide enough for a timer
# interrupt: a report at 0.005 s of the boot (handle_edge_irq, from
# identify_cpu) and, with panic_on_warn, a dead VM, in about one kdump boot
# of three and now and then in a first boot. The other kernels keep LA57
# (-cpu max has it, as have Hyper-V hosts on Ice Lake and later).
cpuopt=
case $short in *-debug) cpuopt=,la57=off ;; esac

# One VM per group (the headers above); a scenario's header lines are read
# here and nowhere else.
hdr() { sed -n "s/^# $2: *//p" "$here/scenarios/$1.sh" | head -1; }
named=${#scen[@]}
[ "$named" -gt 0 ] || mapfile -t scen < <(cd "$here/scenarios" && ls [0-9]*.sh | sed 's/\.sh$//')
declare -A members=() gappend=() gbudget=() gcpu=() gmem=() gnuma=() gacpi=() sbudget=()
groups=()
for s in "${scen[@]}"; do
	[ -f "$here/scenarios/$s.sh" ] || { echo "FAIL vm/$short/$s (no such scenario)"; exit 1; }
	case $(hdr "$s" only) in
	"") ;;
	debug) [[ $short == *-debug ]] || continue ;;
	nodebug) [[ $short != *-debug ]] || continue ;;
	*) echo "FAIL vm/$short/$s/header (only: '$(hdr "$s" only)' is not 'debug' or 'nodebug')"; exit 1 ;;
	esac
	case $(hdr "$s" tier) in
	"") ;;
	deep) [ "$tier" = all ] || [ "$named" -gt 0 ] || continue ;;
	*) echo "FAIL vm/$short/$s/header (tier: '$(hdr "$s" tier)' is not 'deep')"; exit 1 ;;
	esac
	g=$(hdr "$s" boot)
	case $g in
	"") g=shared ;;
	own) g=$s ;;
	esac
	a=$(hdr "$s" append) b=$(hdr "$s" timeout) m=$(hdr "$s" qemu-cpu) r=$(hdr "$s" mem)
	u=$(hdr "$s" numa) c=$(hdr "$s" acpi)
	[ -z "$c" ] || [ -f "$here/acpi/$c.asl" ] ||
		{ echo "FAIL vm/$short/$s/header (acpi '$c': no tests/vm/acpi/$c.asl)"; exit 1; }
	[[ ${u:=1} =~ ^[1-9]$ ]] && [ $((smp % u)) = 0 ] ||
		{ echo "FAIL vm/$short/$s/header (numa '$u' is not 1-9 or does not divide $smp CPUs)"; exit 1; }
	[[ ${b:=30} =~ ^[0-9]+$ ]] || { echo "FAIL vm/$short/$s/header (timeout '$b' is not a number)"; exit 1; }
	[[ ${r:=$mem} =~ ^[0-9]+$ ]] || { echo "FAIL vm/$short/$s/header (mem '$r' is not a number)"; exit 1; }
	b=$((b * slow))
	if [ -z "${members[$g]+x}" ]; then
		groups+=("$g") members[$g]= gappend[$g]=$a gbudget[$g]=60 gcpu[$g]=$m gmem[$g]=$r gnuma[$g]=$u
		gacpi[$g]=$c
	elif [ "${gappend[$g]}" != "$a" ] || [ "${gcpu[$g]}" != "$m" ] || [ "${gmem[$g]}" != "$r" ] ||
	     [ "${gnuma[$g]}" != "$u" ] || [ "${gacpi[$g]}" != "$c" ]; then
		echo "FAIL vm/$short/$s/header (append '$a' / qemu-cpu '$m' / mem '$r' / numa '$u' / acpi '$c' differ from its group $g's)"
		exit 1
	fi
	gbudget[$g]=$((gbudget[$g] + b)) sbudget[$s]=$b
	members[$g]+=" $s"
done
# "# order: last" members after the others, each list in name order
for g in "${groups[@]}"; do
	first= last=
	for s in ${members[$g]}; do
		[ "$(hdr "$s" order)" = last ] && last+=" $s" || first+=" $s"
	done
	members[$g]="$first$last"
done
# --groups: the VMs this run boots
if [ -n "$groups_sel" ]; then
	kept=()
	for g in "${groups[@]}"; do
		hit=
		case ",${groups_sel#-}," in *",$g,"*) hit=1 ;; esac
		if [ "${groups_sel#-}" != "$groups_sel" ]; then
			[ -z "$hit" ] && kept+=("$g")
		else
			[ -n "$hit" ] && kept+=("$g")
		fi
	done
	[ ${#kept[@]} -gt 0 ] || { echo "FAIL vm/$short/setup (--groups $groups_sel: no VM of this run is left)"; exit 1; }
	groups=("${kept[@]}")
fi

# watch_vm <pid> <serial log>: stop a VM that hangs rather than wait for its
# overall limit: no HVLTEST BOOTED line within $boot_limit s (90 s; set
# HVL_BOOT_LIMIT to try the watchdog; scaled for the debug kernel), a kernel
# panic that no (kdump) kernel's HVLTEST BOOTED line follows within as long
# (a panic without kdump ends the VM itself: -no-reboot), or a scenario
# still running past its budget. Prints why it stopped the VM; nothing when
# the VM ended by itself.
# A VM stopped before it booted is booted once more (as a kernel that died
# there: seen on 7.2, a hang at 1 s of boot); one stopped in a scenario fails.
boot_limit=${HVL_BOOT_LIMIT:-$((90 * slow))}
watch_vm() {
	local pid=$1 logf=$2 t0=$SECONDS cur= since=0 panic=0 line s b
	while kill -0 "$pid" 2> /dev/null; do
		sleep 1
		line=$(grep -a -e '^HVLTEST \(BOOTED\|BEGIN\|END\) ' -e 'Kernel panic - not syncing' "$logf" |
			tail -1 | tr -d '\r')
		case $line in
		"")
			[ $((SECONDS - t0)) -lt $boot_limit ] && continue
			echo "no HVLTEST BOOTED line within ${boot_limit}s"
			;;
		*"Kernel panic - not syncing"*)
			[ $panic = 0 ] && panic=$SECONDS
			[ $((SECONDS - panic)) -lt $boot_limit ] && continue
			echo "the kernel panicked in scenario $cur and no kernel booted within ${boot_limit}s after"
			;;
		"HVLTEST BEGIN "*)
			panic=0
			s=${line#HVLTEST BEGIN }
			[ "$s" = "$cur" ] || cur=$s since=$SECONDS
			# --timeout, when given, is every scenario's budget too
			b=${timeout:-${sbudget[$s]:-30}}
			[ $((SECONDS - since)) -le "$b" ] && continue
			echo "scenario $s still running after its budget of ${b}s"
			;;
		*) continue ;;
		esac
		kill "$pid"
		return
	done
}

extra_boots=0
boot() { # <group>: boot its VM, run its scenarios, parse the console
	local g=$1 name label t qrc why try limit kd
	local list=(${members[$g]})
	name=$g
	label=vm/$short$([ "$g" = shared ] || echo "/$g")
	limit=${timeout:-${gbudget[$g]}}
	local cmdline="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic quiet loglevel=5 printk.time=1 hvl.smp=$smp hvl.size=$size hvl.scenarios=$(IFS=,; echo "${list[*]}") $append ${gappend[$g]}"
	local qpid hung numa=() n qsmp=$smp acpi=()
	if [ -n "${gacpi[$g]}" ]; then
		iasl -vw 6033 -p "$run/$g-${gacpi[$g]}" "$here/acpi/${gacpi[$g]}.asl" > "$run/$g-${gacpi[$g]}.iasl.log" 2>&1 ||
			{ echo "FAIL $label/setup (iasl: $(grep -m1 Error "$run/$g-${gacpi[$g]}.iasl.log"))"; return; }
		acpi=(-acpitable "file=$run/$g-${gacpi[$g]}.aml")
	fi
	# N nodes: node n gets CPUs n*smp/N.. and mem/N MiB of RAM; one socket
	# each, or the kernel warns of a shared cache across nodes
	[ "${gnuma[$g]}" -gt 1 ] && qsmp=$smp,sockets=${gnuma[$g]}
	for ((n = 0; n < ${gnuma[$g]} && ${gnuma[$g]} > 1; n++)); do
		numa+=(-object "memory-backend-ram,id=m$n,size=$((gmem[$g] / gnuma[$g]))M"
		       -numa "node,nodeid=$n,memdev=m$n,cpus=$((n * smp / gnuma[$g]))-$(((n + 1) * smp / gnuma[$g] - 1))")
	done
	for try in 1 2; do
		t=$(now)
		: > "$run/serial-$name.log"
		timeout "$limit" qemu-system-x86_64 -accel tcg -cpu "${gcpu[$g]:-max}$cpuopt" -smp "$qsmp" -m "${gmem[$g]}" \
			"${numa[@]}" "${acpi[@]}" -nodefaults -display none -serial stdio -no-reboot \
			-kernel "$vmlinux" -initrd "$initrd" -append "$cmdline" \
			< /dev/null > "$run/serial-$name.log" 2>&1 &
		qpid=$!
		hung=$(watch_vm $qpid "$run/serial-$name.log")
		wait $qpid
		qrc=$?
		# a scenario past its budget counts as the VM's timeout
		[ -n "$hung" ] && [ "${hung#no HVLTEST BOOTED}" = "$hung" ] && qrc=124
		log "vm $short ($name): qemu rc=$qrc in $(since "$t")s${hung:+ (stopped: $hung)}"
		# A kernel that dies before our init runs has not met our code,
		# and a stale int3 (stale_int3, lib/common.sh) is the emulator's: TCG's cross-CPU code
		# patching has been seen to oops Debian's 7.2 kernel in early boot
		# and during module loads (int3 in a patched timekeeping function).
		# A kdump kernel that dies before its /init (kdump_died) has not
		# met our code either; the crashed kernel's checks are made anyway
		# in the boot that follows.
		# Boot once more, and say so: the extra boot is counted and named
		# in make test's summary. A second such death fails as usual.
		kd=
		if ! grep -qa '^HVLTEST BOOTED' "$run/serial-$name.log"; then
			why="the kernel died or hung before the harness started (${hung:-$(grep -am1 'Oops\|panic' "$run/serial-$name.log" | tr -d '\r')})"
		elif why=$(stale_int3 "$run/serial-$name.log"); then
			why="QEMU ran stale code: $why"
		elif why=$(kdump_died "$run/serial-$name.log"); then
			why="the kdump kernel died or hung before the harness started in it (${why#\[*\] })"
			kd=1
		else
			break
		fi
		# (a kdump kernel that hung was stopped as a timeout: still booted again)
		[ $qrc -eq 124 ] && [ -z "$kd" ] && break
		[ $try = 1 ] || { echo "FAIL $label/boot-again (died twice: $why)"; break; }
		cp "$run/serial-$name.log" "$run/serial-$name.try1.log"
		extra_boots=$((extra_boots + 1))
		echo "EXTRA-BOOT $label: $why"
	done
	if [ $qrc -eq 124 ]; then
		echo "FAIL $label/timeout (${hung:-no poweroff within ${limit}s: $(grep -a '^HVLTEST BEGIN' "$run/serial-$name.log" | tail -1)})"
		# what the VM said last: all a CI log shows of a hang
		tr -d '\r' < "$run/serial-$name.log" | tr -c '[:print:]\n' '?' | tail -25 | sed "s|^|CONSOLE $label: |"
	fi
	# how long each scenario took, for the budgets (make test prints the slowest)
	tr -d '\r' < "$run/serial-$name.log" | sed -n "s|^HVLTEST END \([^ ]*\) rc=[0-9]* secs=\([0-9.]*\).*|TIME vm/$short/\1 \2|p"
	"$here/lib/parse.sh" "$run/serial-$name.log" "$here/scenarios" "$label" "${list[@]}" && [ $qrc -ne 124 ]
}

rc=0
for g in "${groups[@]}"; do rm -f "$run/serial-$g.log" "$run/serial-$g.try1.log"; done
for g in "${groups[@]}"; do
	boot "$g" || rc=1
done
echo "vmtest $short: size $size, tier $tier, ${#groups[@]} VMs, $extra_boots extra boots"
[ $rc -eq 0 ] && rm -f "$initrd"
exit $rc
