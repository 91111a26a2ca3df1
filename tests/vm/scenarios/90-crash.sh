# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# expect: panic
# A guest panic with vmbus.ko connected and a channel open, on CPU 1, no
# kdump kernel loaded (92-kdump has one):
#  - vmbus.ko's panic notifier posts UNLOAD without sleeping or locking and
#    polls every CPU's message page for the answer (interrupts are off); the
#    host, which here runs on the guest's own CPUs, answers at once while the
#    guest crashes (sim/vmbus_crash.c) and says so: its evidence that the
#    UNLOAD arrived, and the guest's line that it saw the answer;
#  - hv_core's crash report reaches the sim's crash record, which the sim
#    prints as the guest dies: P1 is the CPU that panicked (1), P2 the kernel
#    version, and the message the log tail.
# checks: loaded unload_received unload_answered crash_registers crash_message
G=8c4d5e6f-3a4b-4c5d-8e6f-9a0b1c2d3e4f
ES=$D/vmbus_echo/$G/stats
insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" && insmod "$(mod vmbus_echo)" &&
	echo "echo id=$G channels=1" > $D/hv_sim/new_device
wait_until 50 '[ -f $ES ]'
echo "count=100 mode=mix channels=1" > $D/vmbus_echo/$G/run
[ "$(estat ok)" = 100 ] && grep -q 'crash_reporting: registers+log' $D/hv_core/partition &&
	pass loaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ') $(grep crash_reporting $D/hv_core/partition)" ||
	fail loaded "$(cat $ES 2>&1 | tr '\n' ' ') $(grep crash_reporting $D/hv_core/partition)"
# the kernel version as hv_core encodes it: major << 16 | minor << 8 | min(patch, 255),
# from the upstream version Debian's /proc/version names (uname -r has the ABI)
# (after "#1 SMP ...": the compiler's "Debian 12.2.0" comes before it)
v=$(sed -n 's/.* #[0-9]* .*Debian \([0-9]*\.[0-9]*\.[0-9]*\).*/\1/p' /proc/version)
[ -n "$v" ] || v=$(uname -r | sed 's/[^0-9.].*//')
code=$(echo "$v" | awk -F. '{ p = $3 + 0; if (p > 255) p = 255; printf "%#x", $1 * 65536 + $2 * 256 + p }')
echo "HVLTEST EXPECT 90-crash/unload_received hv_sim: vmbus: UNLOAD at the guest crash: answered at once on VP 0"
echo "HVLTEST EXPECT 90-crash/unload_answered vmbus: panic: UNLOAD answered by the host after"
echo "HVLTEST EXPECT 90-crash/crash_registers hv_sim: guest crash: P0=0x0 P1=0x1 P2=$code "
echo "HVLTEST EXPECT 90-crash/crash_message hv_sim: guest crash message: [ ... sysrq_handle_crash"
taskset 2 sh -c 'echo c > /proc/sysrq-trigger'
