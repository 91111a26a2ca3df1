# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the scenarios (sourced by /init, one subshell per scenario).
#
# Every scenario starts with "# checks:" header lines naming each check it reports;
# the host fails the run if any named check has no result line.
#
#   pass <check> [detail]            report a check
#   fail <check> [detail]
#   expect <check> <cmd...>          PASS when cmd exits 0, else FAIL with its output
#   expect_fail <check> <cmd...>     PASS when cmd exits non-zero
#   on_exit <cmd>                    run cmd when the scenario ends (LIFO)
#   kmsg_mark / kmsg_since           the kernel log written after the last mark
#   mod <name>                       path of one of our modules
#   num <file> <key>                 the number after "<key>:" in a debugfs file
#   hex <file> <key>                 the same for 64-bit hex values, canonical
#                                    lower-case hex (busybox printf is signed)
#   sim_count <key>                  a counter of hv_sim's partition file
#   stat_total <key>                 a total of hv_timer's stats file
#   tick_dev <cpu>                   that CPU's tick device, from /proc/timer_list
#   wheel_runs <cpu>                 TIMER softirqs run on that CPU so far
#   check_offline_refused <counter>  check "offline_refused": taking CPU1
#                                    offline fails with hv_timer's line, and
#                                    the sim's <counter> still grows after
#   timer_cpu_cycles <counter>       checks "cycles", "given_up", "taken_back"
#                                    and "ticking": CPU1 goes offline and
#                                    online (sizes.conf: cpu_cycles) while
#                                    hv_timer ticks on it; <counter> is the
#                                    sim's expiration counter of the mode
#   module_objs                      kmalloc objects allocated from module
#                                    code that is no longer loaded (needs
#                                    slub_debug=U,kmalloc-*: 25-load-cycles);
#                                    unloaded_sites: the first such records
#   estat <key>                      a counter of the echo driver's stats file,
#                                    the one named by $ES
#   conn_sum <key>                   a per-channel counter of vmbus.ko's
#                                    debugfs connection file, summed
#   size <name>                      the repetition count <name> for this run
#                                    (tests/vm/sizes.conf, hvl.size=); fails
#                                    on an unknown name: N=$(size x) || exit 1
#   wait_until <tenths> '<cond>'     evaluate the shell condition every 100 ms
#                                    until it holds; fails after <tenths>
#                                    polls, three times as many on the debug
#                                    kernel (single-quote it: it is evaluated
#                                    anew each time)
#   nic_pair <net> <guid1> <guid2> [<keys1> [<keys2>]]
#                                    the netvsc scenarios' set-up: loads the
#                                    stack, offers two NICs (new_device keys
#                                    after the id), moves them into namespaces
#                                    a and b as 10.<net>.0.1 and .2, up, one
#                                    ping; sets I1 and I2; fails on any error
#                                    (the scenario reports it); on_exit takes
#                                    everything down
#   nic_if <guid>                    the interface name of a NIC
#   kv <field> / kvp_req <keys...> / kvp_enum <pool>
#                                    KVP as the host sees it (hv_sim's
#                                    ic_kvp and ic_ctl files)
#   A <cmd...> / B <cmd...>          run in namespace a / b (a command
#                                    that names /sys/ gets the namespace's
#                                    sysfs: netns() below)
#   nic_host <guid> <field>          one field of a NIC's line in hv_sim's
#                                    "net" file
#   nic_unload                       check "unload" (netvsc and the stack),
#                                    then remove the namespaces
#   sleeps <n>                       sleep 50 ms n times; prints how many returned
#                                    early (under 40 ms, /proc/uptime has 10 ms
#                                    steps) and the longest sleep in ms
#
# Module tools are kmod's (/usr/sbin) and network tools iproute2's and
# ethtool's (/usr/bin, /usr/sbin), as on a distribution: busybox's shell
# would otherwise run its own applets, whatever PATH says.
HVL_CLEANUPS=
HVL_MARK=0
M=/lib/modules/$(uname -r)

size() {
	local col=3
	case ${HVL_SIZE:-} in full) col=2 ;; min) col=4 ;; esac
	awk -v n="$1" -v c=$col '!/^#/ && $1 == n && $c ~ /^[0-9]+$/ { print $c; f = 1; exit }
		END { exit !f }' /hvl/sizes.conf && return 0
	echo "HVLTEST INFO $HVL_SCENARIO: no count '$1' in sizes.conf" >&2
	return 1
}
# A bound is a hang guard, not a measurement: the debug kernel (KASAN,
# lockdep, a slab record per object) runs what it waits for several times
# slower under TCG. (61's hot-removed LUN that outlived 10 s, and then 30 s,
# was hv_sim's doing, fixed in sim/vmbus_io.c: not what this is for.)
HVL_WAIT_SCALE=1
[ -e /sys/kernel/debug/kmemleak ] && HVL_WAIT_SCALE=3
wait_until() {
	local _n=$(($1 * HVL_WAIT_SCALE)) _i
	shift
	for _i in $(seq "$_n"); do eval "$*" && return 0; usleep 100000; done
	eval "$*"
}

pass() { echo "HVLTEST RESULT $HVL_SCENARIO/$1 PASS ${2:-}"; }
fail() { echo "HVLTEST RESULT $HVL_SCENARIO/$1 FAIL ${2:-}"; }

expect() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(echo "$* -> $out" | tail -c 300 | tr '\n' ' ')"
	fi
}

expect_fail() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		fail "$name" "unexpectedly succeeded: $*"
	else
		pass "$name" "$(echo "$out" | tail -1)"
	fi
}

on_exit() { HVL_CLEANUPS="$1
$HVL_CLEANUPS"; }

hvl_run_cleanups() {
	local rc=$?
	echo "$HVL_CLEANUPS" | while IFS= read -r c; do [ -n "$c" ] && eval "$c"; done
	exit $rc
}
trap hvl_run_cleanups EXIT

kmsg_mark() {
	HVL_MARK="hvltest: mark $HVL_SCENARIO $$ $(cut -d' ' -f1 /proc/uptime)"
	echo "<7>$HVL_MARK" > /dev/kmsg
}

kmsg_since() { dmesg | awk -v m="$HVL_MARK" 'found { print } index($0, m) { found = 1 }'; }

mod() { echo "$M/extra/$1.ko"; }
# kexec and kdump scenarios: which kernel of the VM this is (hvl.stage=2 on
# the command line of the second), and the initramfs for the next one: this
# one's files, less the large tools the second stage never runs
stage() { case " $(cat /proc/cmdline) " in *" hvl.stage=2 "*) echo 2 ;; *) echo 1 ;; esac; }
# stack_up <guid> <hv_sim args...>: hv_sim with those arguments, hv_core,
# hv_timer, vmbus.ko and the echo driver, and an echo device <guid> of one
# channel, bound (its stats file there)
stack_up() {
	local g=$1
	shift
	insmod "$(mod hv_sim)" "$@" && insmod "$(mod hv_core)" && insmod "$(mod hv_timer)" &&
		insmod "$(mod vmbus)" && insmod "$(mod vmbus_echo)" &&
		echo "echo id=$g channels=1" > $D/hv_sim/new_device &&
		wait_until 50 "[ -f $D/vmbus_echo/$g/stats ]"
}
# echo_ok <guid> <count>: that many mixed requests on its channel, all answered
echo_ok() {
	echo "count=$2 mode=mix channels=1" > $D/vmbus_echo/$1/run &&
		[ "$(sed -n 's/^ok: //p' $D/vmbus_echo/$1/stats)" = "$2" ]
}
next_initrd() {
	(cd / && find . -xdev \( -name 'libicu*' -o -name 'libceph*' -o -name 'librbd*' -o \
		-name 'librados*' -o -name 'fio' -o -name 'iperf3' -o -name 'libiperf*' \) -prune -o -print |
		cpio -o -H newc 2> /dev/null) > "$1"
}

D=/sys/kernel/debug
num() { v=$(sed -n "s/^$2: *\([0-9a-fx]*\).*/\1/p" "$1" | head -1); [ -n "$v" ] && printf '%d' "$v"; }
hex() { sed -n "s/^$2: *0x\([0-9a-fA-F]*\).*/\1/p" "$1" | head -1 | tr A-F a-f | sed 's/^0*//; s/^$/0/'; }
sim_count() { sed -n "s/^$1: //p" $D/hv_sim/partition; }
estat() { sed -n "s/^$1: //p" $ES; }
conn_sum() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" $D/vmbus/connection | awk '{ n += $1 } END { print n + 0 }'; }
stat_total() { sed -n "s/^total: .*$1=\([0-9]*\).*/\1/p" $D/hv_timer/stats; }
sleeps() {
	local i t0 t1 ms early=0 max=0
	for i in $(seq "$1"); do
		t0=$(cut -d' ' -f1 /proc/uptime); usleep 50000; t1=$(cut -d' ' -f1 /proc/uptime)
		ms=$(awk -v a=$t0 -v b=$t1 'BEGIN { printf "%d", (b - a) * 1000 }')
		[ "$ms" -ge 40 ] || early=$((early + 1))
		[ "$ms" -gt "$max" ] && max=$ms
	done
	echo "$early $max"
}
tick_dev() {
	awk -v want="$1" '/^Per CPU device:/ { cpu = $4 }
		/^Clock Event Device:/ { if (cpu == want) { print $4; exit } }' /proc/timer_list
}
# per-call-site allocation records of the kmalloc caches, the only ones our
# modules allocate from (they create no cache of their own) and the only ones
# the slab VM's slub_debug=U,kmalloc-* records: debugfs since 5.14, sysfs
# before
alloc_traces() {
	if [ -d $D/slab ]; then
		cat $D/slab/kmalloc-*/alloc_traces
	else
		cat /sys/kernel/slab/kmalloc-*/alloc_calls
	fi 2>/dev/null
}
# the first records of call sites kallsyms cannot name, on one line: what a
# failed slab check shows
unloaded_sites() { alloc_traces | grep ' 0x' | head -3 | tr '\n' '|'; }
module_objs() {
	# the CPUs' own slabs back to the node lists, which the records walk
	for f in /sys/kernel/slab/kmalloc-*/shrink; do echo 1 > "$f"; done 2>/dev/null
	# a call site kallsyms cannot name is code that was unloaded; the total
	# after the slash shows the records exist at all
	alloc_traces | awk '$1 ~ /^[0-9]+$/ { all += $1; if ($2 ~ /^0x/) n += $1 } END { print n + 0 "/" all + 0 }'
}
# Leaks of unloaded code, exact: leak_mark before the modules load,
# leak_check after they are gone passes or fails "slab" (objects per call
# site, after RCU-deferred frees) and "vmalloc" (areas whose caller kallsyms
# cannot name)
vmallocs() { awk '/ vmalloc/ && $3 ~ /^0x/ { n++ } END { print n + 0 }' /proc/vmallocinfo; }
leak_mark() { sync; sleep 1; HVL_S0=$(module_objs); HVL_M0=$(vmallocs); }
leak_check() {
	local s1 m1
	sync; sleep 1; s1=$(module_objs); m1=$(vmallocs)
	[ "${s1#*/}" -gt 0 ] && [ "${s1%/*}" = "${HVL_S0%/*}" ] &&
		pass slab "objects from unloaded module code: ${HVL_S0%/*} -> ${s1%/*} (of ${s1#*/} recorded)" ||
		fail slab "objects from unloaded module code: $HVL_S0 -> $s1 $(unloaded_sites)"
	[ "$m1" = "$HVL_M0" ] &&
		pass vmalloc "vmalloc areas from unloaded module code: $HVL_M0 -> $m1 (of $(grep -c ' vmalloc' /proc/vmallocinfo))" ||
		fail vmalloc "vmalloc areas from unloaded module code: $HVL_M0 -> $m1: $(awk '/ vmalloc/ && $3 ~ /^0x/' /proc/vmallocinfo | head -3 | tr '\n' '|')"
}
nic_if() { ls /sys/bus/vmbus/devices/$1/net 2>/dev/null; }
# KVP from the host's side: one field of hv_sim's ic_kvp file (the last
# answer); kvp_req <keys...> sends one request and awaits its answer;
# kvp_enum <pool> lists a pool as key=value lines, item by item until the
# guest answers anything but S_OK (at most 20)
kv() { sed -n "s/^$1: //p" $D/hv_sim/ic_kvp; }
kvp_req() {
	local n
	n=$(kv answers)
	echo "kvp $*" > $D/hv_sim/ic_ctl &&
		wait_until 100 "[ \"\$(kv answers)\" -gt $n ]"
}
kvp_enum() {
	local i=0
	while [ $i -lt 20 ]; do
		kvp_req op=enumerate pool="$1" index=$i || break
		[ "$(kv status)" = 0x0 ] || break
		echo "$(kv key)=$(kv value)"
		i=$((i + 1))
	done
}
# disk_of <controller GUID> <lun>: the sd disk (sdX) of a storvsc LUN
disk_of() {
	local h t
	h=$(ls -d /sys/bus/vmbus/devices/$1/host* 2>/dev/null | head -1)
	[ -n "$h" ] || return 1
	h=${h##*/host}
	for t in /sys/class/scsi_disk/$h:0:*:$2/device/block/*; do
		[ -e "$t" ] && echo "${t##*/}" && return 0
	done
	return 1
}
# ext4_disk <controller GUID>: offers a storvsc controller with one 32 MiB
# LUN, makes ext4 on its disk and mounts it on /mnt; sets S0 to the disk
# (empty when none came); fails on any step
ext4_disk() {
	S0=
	echo "disk id=$1 luns=1 size=32M" > $D/hv_sim/new_device &&
		wait_until 100 "disk_of $1 0 > /dev/null" && S0=$(disk_of $1 0) &&
		/usr/sbin/mke2fs -q -t ext4 -F "/dev/$S0" > /dev/null 2>&1 && mount -t ext4 "/dev/$S0" /mnt
}
# hv_sim's "stor" line of a controller, and one key=value of it
stor_line() { grep "^$1 " $D/hv_sim/stor; }
sval() { stor_line "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# netns <name> <cmd...>: what reads /sys (its network devices are the
# namespace's only in a sysfs mounted from inside it) runs through `ip netns
# exec`, which mounts one; the rest only enters the network namespace, at a
# fraction of the cost (two mounts and their teardown per command: about 1 s
# each on the debug kernel, which the netvsc scenarios pay dozens of times)
# (busybox's nsenter runs its own applet of a command's name before any file:
# the command is given with its path, as `ip netns exec` finds it)
netns() {
	local n=$1 d c
	shift
	case "$*" in
	*/sys/*) ip netns exec "$n" "$@"; return ;;
	esac
	case $1 in
	*/*) ;;
	*)
		for d in /usr/sbin /usr/bin /sbin /bin; do
			[ -x "$d/$1" ] || continue
			c=$d/$1
			shift
			set -- "$c" "$@"
			break
		done
		;;
	esac
	nsenter --net="/run/netns/$n" "$@"
}
A() { netns a "$@"; }
B() { netns b "$@"; }
nic_host() { grep "^$1 " $D/hv_sim/net | tr ' ' '\n' | sed -n "s/^$2=//p"; }
nic_pair() {
	on_exit "ip netns del a 2>/dev/null; ip netns del b 2>/dev/null; rmmod netvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
	insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
		insmod "$(mod netvsc)" && echo "net id=$2${4:+ $4}" > $D/hv_sim/new_device &&
		echo "net id=$3${5:+ $5}" > $D/hv_sim/new_device || return 1
	wait_until 100 "[ -n \"\$(nic_if $2)\" ] && [ -n \"\$(nic_if $3)\" ]" || return 1
	I1=$(nic_if $2) I2=$(nic_if $3)
	ip netns add a && ip netns add b && ip link set $I1 netns a && ip link set $I2 netns b &&
		A ip addr add 10.$1.0.1/24 dev $I1 && B ip addr add 10.$1.0.2/24 dev $I2 &&
		A ip link set $I1 up && B ip link set $I2 up && A ping -c 1 -W 3 10.$1.0.2 > /dev/null
}
nic_unload() {
	if rmmod netvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
		pass unload
	else
		fail unload "$(dmesg | tail -3 | tr '\n' '|')"
	fi
	ip netns del a; ip netns del b
}
check_offline_refused() {
	local out rc c0 c1 on=/sys/devices/system/cpu/cpu1/online
	kmsg_mark
	out=$(echo 0 2>&1 > $on)
	rc=$?
	local ctr=$1
	c0=$(sim_count $ctr); wait_until 30 '[ "$(sim_count $ctr)" -gt "$c0" ]'; c1=$(sim_count $ctr)
	[ $rc -ne 0 ] && [ "$(cat $on)" = 1 ] &&
		kmsg_since | grep -q 'CPU1: its tick runs on stimer0 and no other clockevent' &&
		[ "$c1" -gt "$c0" ] && [ "$(tick_dev 1)" = hvl_stimer0 ] &&
		pass offline_refused "$out; $1 $c0 -> $c1 after" ||
		fail offline_refused "rc=$rc online=$(cat $on) $1 $c0 -> $c1 $(kmsg_since | tail -2 | tr '\n' '|')"
}
timer_cpu_cycles() {
	local on=/sys/devices/system/cpu/cpu1/online n c bad= gone= back= tick= w0 e0 ctr=$1
	n=$(size cpu_cycles) || return 1
	for c in $(seq "$n"); do
		echo 0 > $on || { bad="cycle $c: offline refused: $(dmesg | tail -1)"; break; }
		# given up: hv_timer's device is gone from CPU1 and the host
		# stopped CPU1's timer (the shutdown wrote CONFIG 0)
		grep -q '^cpu1: unregistered' $D/hv_timer/stats &&
			grep -q '^stimer0: config=0x0 ' $D/hv_sim/vp1 ||
			gone="${gone:-cycle $c: $(grep cpu1 $D/hv_timer/stats) / $(grep stimer0 $D/hv_sim/vp1)}"
		echo 1 > $on || { bad="cycle $c: online failed"; break; }
		[ "$(tick_dev 1)" = hvl_stimer0 ] || back="${back:-cycle $c: CPU1 ticks on '$(tick_dev 1)'}"
		# and it ticks: CPU1's timer wheel runs, and the host counts expirations
		w0=$(wheel_runs 1) e0=$(sim_count $ctr)
		wait_until 50 '[ "$(wheel_runs 1)" -gt "$w0" ] && [ "$(sim_count $ctr)" -gt "$e0" ]' ||
			tick="${tick:-cycle $c: wheel $w0 -> $(wheel_runs 1), $ctr $e0 -> $(sim_count $ctr)}"
	done
	[ -z "$bad" ] && pass cycles "$n offline/online cycles of CPU1" || fail cycles "$bad"
	[ -z "$bad$gone" ] && pass given_up "unregistered and stopped while offline, $n times" || fail given_up "$bad$gone"
	[ -z "$bad$back" ] && pass taken_back "hvl_stimer0 is CPU1's tick device again, $n times" || fail taken_back "$bad$back"
	[ -z "$bad$tick" ] && pass ticking "CPU1's wheel and stimer run after every online" || fail ticking "$bad$tick"
}
wheel_runs() { awk -v c=$(($1 + 2)) '$1 == "TIMER:" { print $c }' /proc/softirqs; }
insmod() { /usr/sbin/insmod "$@"; }
rmmod() { /usr/sbin/rmmod "$@"; }
modprobe() { /usr/sbin/modprobe "$@"; }
lsmod() { /usr/sbin/lsmod "$@"; }
ip() { /usr/bin/ip "$@"; }
ethtool() { /usr/sbin/ethtool "$@"; }
