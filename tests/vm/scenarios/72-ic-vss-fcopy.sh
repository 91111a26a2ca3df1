# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 240
# hv_ic's VSS and file-copy services with Debian's unmodified hv_vss_daemon
# and hv_fcopy_daemon (hyperv-daemons) serving /dev/vmbus/hv_vss and
# /dev/vmbus/hv_fcopy.
# VSS: without a daemon the host's freeze fails at once; with it, the
# hot-backup check is answered with the guest's flags, GET_DM_INFO by the
# driver alone; a freeze freezes the ext4 on a storvsc disk (a writer blocks
# in the kernel, uninterruptible, and nothing reaches the file system) and
# the thaw lets the writer through; an operation the version lacks is
# answered "not supported"; a truncated request is failed; a stand-in daemon
# that never answers has its request failed after daemon_timeout_ms.
# File copy: a small file into a directory the daemon creates (the daemon
# creates the components up to the directory's last '/': the host's
# directory ends in one) and a 1 MiB
# file in 6 KiB fragments arrive intact; a copy onto an existing file fails
# with the daemon's "already exists" unless the host asks to overwrite; a
# cancelled copy leaves no file; a file name without its terminator and a
# fragment size past its field are failed and counted. Everything unloads
# (daemons stopped first) and nothing outlives it.
# checks: load vss_no_daemon vss_registered vss_hot_backup vss_dm_info vss_freeze
# checks: vss_thaw vss_unsupported vss_truncated vss_timeout fcopy_registered
# checks: fcopy_small fcopy_large fcopy_exists fcopy_overwrite fcopy_cancel
# checks: fcopy_no_nul fcopy_bad_size host_clean unload slab vmalloc
G1=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0072
on_exit "killall hv_vss_daemon hv_fcopy_daemon 2>/dev/null; exec 3>&- 2>/dev/null; umount /mnt 2>/dev/null; rmmod hv_ic 2>/dev/null; rmmod storvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

VSS_CLASS=35fa2e29-ea23-4236-96ae-3a6ebacba440
FCOPY_CLASS=34d14be3-dee4-41c8-9ae7-6b174977c192
E_FAIL=0x80004005
E_NOT_SUPPORTED=0x80070032
E_EXISTS=0x80070050
dev_of() { grep -lx "{$1}" /sys/bus/vmbus/devices/*/class_id 2>/dev/null | head -1 | xargs -r dirname; }
# ic_val <service> <key>: a field of the service's line in the "ic" file
ic_val() { grep " $1 state=" $D/hv_sim/ic | tr ' ' '\n' | sed -n "s/^$2=//p"; }
vstat() { cat "$V/stats/$1"; }
fstat() { cat "$F/stats/$1"; }
# vss <op>: one request, its answer awaited
vss() {
	local n
	n=$(ic_val vss vss_answers)
	echo "vss vss=$1" > $D/hv_sim/ic_ctl &&
		wait_until 100 "[ \"\$(ic_val vss vss_answers)\" -gt $n ]"
}
# fcopy <keys...>: one copy, until it ends
fcopy() {
	echo "fcopy $*" > $D/hv_sim/ic_ctl &&
		wait_until 200 '[ "$(ic_val fcopy copy)" != copying ]'
}
daemon_up() {
	kmsg_mark
	"/usr/sbin/hv_$1_daemon" -n > /dev/null 2>&1 &
	wait_until 100 "kmsg_since | grep -q '$1: daemon registered'"
}

# before the mark: what their init sections keep has no name after init
modprobe sd_mod 2>/dev/null
modprobe ext4 2>/dev/null
# hv_ic's PTP clock needs ptp.ko (a module on 5.10)
modprobe ptp 2>/dev/null
leak_mark
kmsg_mark
if insmod "$(mod hv_sim)" ic=vss,fcopy && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod storvsc)" && insmod "$(mod hv_ic)" daemon_timeout_ms=1000 &&
   wait_until 100 'grep -q " vss state=ready " $D/hv_sim/ic && grep -q " fcopy state=ready " $D/hv_sim/ic'; then
	pass load "vss $(ic_val vss version), fcopy $(ic_val fcopy version)"
else
	fail load "$(cat $D/hv_sim/ic 2>&1 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi
V=$(dev_of $VSS_CLASS) F=$(dev_of $FCOPY_CLASS)

# ---- VSS ----
vss freeze
[ "$(ic_val vss vss_status)" = $E_FAIL ] && [ "$(vstat no_daemon)" = 1 ] && pass vss_no_daemon "failed at once" ||
	fail vss_no_daemon "status $(ic_val vss vss_status) no_daemon $(vstat no_daemon)"

ext4_disk $G1 && echo before > /mnt/before || fail vss_freeze "no file system on '$S0'"

daemon_up vss
p=$(pidof hv_vss_daemon)
[ -c /dev/vmbus/hv_vss ] && [ -n "$p" ] && kmsg_since | grep -q 'vss: daemon registered (129)' &&
	pass vss_registered "pid $p" ||
	fail vss_registered "pid '$p': $(ls /dev/vmbus 2>&1 | tr '\n' ' ') $(kmsg_since | grep vss | tail -2 | tr '\n' '|')"

vss hot_backup
[ "$(ic_val vss vss_status)" = 0x0 ] && [ "$(ic_val vss vss_flags)" = 0x5 ] &&
	pass vss_hot_backup "flags no-auto-recovery" ||
	fail vss_hot_backup "status $(ic_val vss vss_status) flags $(ic_val vss vss_flags)"
vss dm_info
[ "$(ic_val vss vss_status)" = 0x0 ] && [ "$(ic_val vss vss_flags)" = 0x0 ] && pass vss_dm_info ||
	fail vss_dm_info "status $(ic_val vss vss_status) flags $(ic_val vss vss_flags)"

vss freeze
st=$(ic_val vss vss_status)
# a writer now blocks in the kernel (uninterruptible) until the thaw
sh -c 'echo during > /mnt/during' &
w=$!
if [ "$st" = 0x0 ] && wait_until 50 "grep -q '^State:.*D' /proc/$w/status" && [ ! -e /mnt/during ]; then
	pass vss_freeze "writer $w blocked"
else
	fail vss_freeze "status $st writer $(grep State /proc/$w/status 2>&1) file $(ls /mnt | tr '\n' ' ')"
fi
vss thaw
st=$(ic_val vss vss_status)
wait_until 50 "! kill -0 $w 2>/dev/null"
[ "$st" = 0x0 ] && [ "$(cat /mnt/during 2>&1)" = during ] && pass vss_thaw "the writer got through" ||
	fail vss_thaw "status $st file '$(cat /mnt/during 2>&1)'"

vss 8
[ "$(ic_val vss vss_status)" = $E_NOT_SUPPORTED ] && [ "$(vstat unsupported)" = 1 ] && pass vss_unsupported ||
	fail vss_unsupported "status $(ic_val vss vss_status) unsupported $(vstat unsupported)"
b=$(vstat bad_message)
echo "vss fault=truncate" > $D/hv_sim/ic_ctl
vss hot_backup
[ "$(ic_val vss vss_status)" = $E_FAIL ] && [ "$(vstat bad_message)" = $((b + 1)) ] && pass vss_truncated ||
	fail vss_truncated "status $(ic_val vss vss_status) bad_message $(vstat bad_message)"

# a stand-in that registers (VSS_OP_REGISTER1), reads the answer, never answers
killall hv_vss_daemon
wait_until 50 '! pidof hv_vss_daemon > /dev/null'
t=$(vstat daemon_timeout)
printf '\201' > /tmp/vss-reg
head -c 11 /dev/zero >> /tmp/vss-reg
exec 3<> /dev/vmbus/hv_vss
dd if=/tmp/vss-reg bs=12 count=1 >&3 2> /dev/null
r=$(dd bs=12 count=1 <&3 2> /dev/null | wc -c)
vss thaw
[ "$r" = 4 ] && [ "$(ic_val vss vss_status)" = $E_FAIL ] && [ "$(vstat daemon_timeout)" = $((t + 1)) ] &&
	pass vss_timeout "version answer of $r bytes; failed after daemon_timeout_ms" ||
	fail vss_timeout "answer $r bytes, status $(ic_val vss vss_status) timeouts $(vstat daemon_timeout)"
exec 3>&-
umount /mnt

# ---- file copy ----
daemon_up fcopy
p=$(pidof hv_fcopy_daemon)
[ -c /dev/vmbus/hv_fcopy ] && [ -n "$p" ] && kmsg_since | grep -q 'fcopy: daemon registered (1)' &&
	pass fcopy_registered "pid $p" ||
	fail fcopy_registered "pid '$p': $(kmsg_since | grep fcopy | tail -2 | tr '\n' '|')"

echo "a small file from the host" > /tmp/small
fcopy src=/tmp/small dir=/tmp/in/sub/ name=small.txt flags=2
[ "$(ic_val fcopy copy)" = done ] && cmp -s /tmp/small /tmp/in/sub/small.txt && pass fcopy_small ||
	fail fcopy_small "$(ic_val fcopy copy) status $(ic_val fcopy copy_status): $(ls -l /tmp/in/sub 2>&1 | tr '\n' '|')"

dd if=/dev/urandom of=/tmp/large bs=1024 count=1024 2> /dev/null
fcopy src=/tmp/large dir=/tmp/in name=large.bin
[ "$(ic_val fcopy copy)" = done ] && [ "$(ic_val fcopy fragments)" = 171 ] && cmp -s /tmp/large /tmp/in/large.bin &&
	pass fcopy_large "1 MiB in $(ic_val fcopy fragments) fragments" ||
	fail fcopy_large "$(ic_val fcopy copy) status $(ic_val fcopy copy_status) fragments $(ic_val fcopy fragments) size $(wc -c < /tmp/in/large.bin 2>&1)"

fcopy src=/tmp/small dir=/tmp/in name=large.bin
[ "$(ic_val fcopy copy)" = failed ] && [ "$(ic_val fcopy copy_status)" = $E_EXISTS ] &&
	cmp -s /tmp/large /tmp/in/large.bin && pass fcopy_exists "refused, file kept" ||
	fail fcopy_exists "$(ic_val fcopy copy) status $(ic_val fcopy copy_status)"
fcopy src=/tmp/small dir=/tmp/in name=large.bin flags=1
[ "$(ic_val fcopy copy)" = done ] && cmp -s /tmp/small /tmp/in/large.bin && pass fcopy_overwrite ||
	fail fcopy_overwrite "$(ic_val fcopy copy) status $(ic_val fcopy copy_status)"

fcopy src=/tmp/large dir=/tmp/in name=cancelled.bin cancel_after=2
[ "$(ic_val fcopy copy)" = cancelled ] && [ ! -e /tmp/in/cancelled.bin ] &&
	pass fcopy_cancel "after $(ic_val fcopy fragments) fragments, no file" ||
	fail fcopy_cancel "$(ic_val fcopy copy) status $(ic_val fcopy copy_status): $(ls /tmp/in | tr '\n' ' ')"

b=$(fstat bad_message)
echo "fcopy fault=fcopy_no_nul" > $D/hv_sim/ic_ctl
fcopy src=/tmp/small dir=/tmp/in name=nonul.txt
[ "$(ic_val fcopy copy)" = failed ] && [ "$(ic_val fcopy copy_status)" = $E_FAIL ] &&
	[ "$(fstat bad_message)" = $((b + 1)) ] && pass fcopy_no_nul ||
	fail fcopy_no_nul "$(ic_val fcopy copy) status $(ic_val fcopy copy_status) bad_message $(fstat bad_message)"
echo "fcopy fault=fcopy_bad_size" > $D/hv_sim/ic_ctl
fcopy src=/tmp/small dir=/tmp/in name=badsize.txt flags=1
[ "$(ic_val fcopy copy)" = failed ] && [ "$(ic_val fcopy copy_status)" = $E_FAIL ] &&
	[ "$(fstat bad_message)" = $((b + 2)) ] && pass fcopy_bad_size ||
	fail fcopy_bad_size "$(ic_val fcopy copy) status $(ic_val fcopy copy_status) bad_message $(fstat bad_message)"

[ "$(ic_val vss bad_answer)" = 0 ] && [ "$(ic_val fcopy bad_answer)" = 0 ] &&
	[ "$(ic_val fcopy no_answer)" = 0 ] && pass host_clean ||
	fail host_clean "$(cat $D/hv_sim/ic | tr '\n' '|')"

killall hv_fcopy_daemon
wait_until 50 '! pidof hv_fcopy_daemon > /dev/null'
echo "$G1" > $D/hv_sim/del_device
if rmmod hv_ic && rmmod storvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | head -5 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
leak_check
