# SPDX-License-Identifier: GPL-2.0
# expect: poweroff
# The host's shutdown request ends the booted image as systemd shuts a
# system down: hv_ic answers it and runs the kernel's orderly_poweroff(),
# whose poweroff_cmd (/sbin/poweroff) asks systemd; systemd stops every
# unit (hyperv-daemons' with them) and unmounts an ext4 file system on a
# storvsc disk, and the kernel powers off with our drivers bound: sd
# flushes the disk's cache through storvsc, vmbus.ko's UNLOAD is answered,
# then the kernel's power-down line (harness: powered_off), on a clean
# console.
# checks: ready mounted cache_flushed unload_answered
G=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f1003
wait_until 100 'grep -q " shutdown state=ready " $D/hv_sim/ic' && pass ready ||
	fail ready "$(cat $D/hv_sim/ic 2>&1 | tr '\n' '|')"
ext4_disk $G && echo "written before the shutdown" > /mnt/f && pass mounted "/dev/$S0 on /mnt" ||
	fail mounted "'$S0': $(dmesg | tail -3 | tr '\n' '|')"
echo "HVLTEST EXPECT $HVL_SCENARIO/cache_flushed [$S0] Synchronizing SCSI cache"
echo "HVLTEST EXPECT $HVL_SCENARIO/unload_answered vmbus: power off: UNLOAD answered by the host"
# the kernel's informational lines reach the console from here on (not
# before: they could land inside the lines above)
echo 7 > /proc/sys/kernel/printk
: > /run/hvl-poweroff
echo "shutdown action=poweroff" > $D/hv_sim/ic_ctl
# the system ends here; if it does not, this scenario reaches its END line
wait_until 600 false
