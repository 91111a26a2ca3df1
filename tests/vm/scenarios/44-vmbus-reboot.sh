# SPDX-License-Identifier: GPL-2.0
# order: last
# The VM powers off with vmbus.ko connected and a channel open (the harness
# ends every boot with poweroff -f): at the end of device shutdown, which
# kexec and reboot pass through too, vmbus.ko's own device sends UNLOAD, the
# host closes the open channel and answers, and the guest says so. Checked
# on the console after the scenario, since it happens after the scenario.
# checks: loaded unload_received unload_answered
G=2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" && echo "echo id=$G channels=1" > $D/hv_sim/new_device
for i in $(seq 50); do [ -f $D/vmbus_echo/$G/stats ] && break; usleep 100000; done
echo "count=100 mode=mix channels=1" > $D/vmbus_echo/$G/run
[ "$(sed -n 's/^ok: //p' $D/vmbus_echo/$G/stats)" = 100 ] &&
	pass loaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ')" ||
	fail loaded "$(cat $D/vmbus_echo/$G/stats 2>&1 | tr '\n' ' ')"
# informational lines reach the console during the poweroff
echo 7 > /proc/sys/kernel/printk
echo "HVLTEST EXPECT 44-vmbus-reboot/unload_received hv_sim: vmbus: UNLOAD from the guest: connection reset, 1 open channels closed"
echo "HVLTEST EXPECT 44-vmbus-reboot/unload_answered vmbus: power off: UNLOAD answered by the host"
