# SPDX-License-Identifier: GPL-2.0
# boot: own
# expect: panic
# A guest panic with vmbus.ko connected and a channel open: the panic
# notifier posts UNLOAD without sleeping or locking (so that a kdump kernel
# can connect again), says so on the console, and the panic goes on to
# hv_core's crash report. The host's answer cannot be waited for: the sim
# answers from a workqueue, which no longer runs once the kernel panics.
# checks: loaded unload_posted crash_reported
G=8c4d5e6f-3a4b-4c5d-8e6f-9a0b1c2d3e4f
insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" && insmod "$(mod vmbus_echo)" &&
	echo "echo id=$G channels=1" > $D/hv_sim/new_device
for i in $(seq 50); do [ -f $D/vmbus_echo/$G/stats ] && break; usleep 100000; done
echo "count=100 mode=mix channels=1" > $D/vmbus_echo/$G/run
[ "$(sed -n 's/^ok: //p' $D/vmbus_echo/$G/stats)" = 100 ] && pass loaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ')" ||
	fail loaded "$(cat $D/vmbus_echo/$G/stats 2>&1 | tr '\n' ' ')"
echo "HVLTEST EXPECT 41-vmbus-panic/unload_posted vmbus: panic: UNLOAD posted"
echo "HVLTEST EXPECT 41-vmbus-panic/crash_reported hv_sim: guest crash:"
taskset 2 sh -c 'echo c > /proc/sysrq-trigger'
