# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# expect: poweroff
# timeout: 120
# The host's shutdown request powers the VM off, the whole way, with a
# mounted disk: hv_ic answers it and runs the kernel's orderly_poweroff(),
# which starts poweroff_cmd. /init here is a shell, not an init that shuts
# a system down, so poweroff_cmd is a stand-in for one: it records that it
# ran and that the host saw the answer, syncs and unmounts the ext4 on a
# storvsc disk (what an init does on the way down), and powers off with the
# kernel's reboot(POWER_OFF). In device shutdown the disk flushes its write
# cache through storvsc (the harness expects sd's "Synchronizing SCSI
# cache"), and only then does vmbus.ko's own device UNLOAD (expected: "power
# off: UNLOAD answered"): an UNLOAD before the flush would leave the flush
# waiting on a dead connection, and the VM would not power off. The kernel's
# power-down line must follow (harness: powered_off), with a clean console:
# no warning from any of our drivers while the kernel shuts its devices
# down with them bound. A VM the request does not end runs this scenario to
# its END line, and fails.
# checks: load mounted shutdown_cmd host_answered unmounted cache_flushed unload_answered
G=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0073
modprobe sd_mod 2>/dev/null
modprobe ext4 2>/dev/null
# hv_ic's PTP clock needs ptp.ko (a module on 5.10)
modprobe ptp 2>/dev/null
if insmod "$(mod hv_sim)" ic=shutdown && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod storvsc)" && insmod "$(mod hv_ic)" &&
   wait_until 100 'grep -q " shutdown state=ready " $D/hv_sim/ic'; then
	pass load
else
	fail load "$(cat $D/hv_sim/ic 2>&1 | tr '\n' '|') $(dmesg | tail -3 | tr '\n' '|')"
	exit 0
fi
if ext4_disk $G && echo "written before the shutdown" > /mnt/f; then
	pass mounted "/dev/$S0"
else
	fail mounted "'$S0': $(dmesg | tail -3 | tr '\n' '|')"
fi

# the stand-in for an init's shutdown; its results go to the console, as
# it runs outside this shell (a usermode helper of the kernel's)
cat > /tmp/hvl-poweroff <<EOF
#!/bin/sh
r() { echo "HVLTEST RESULT $HVL_SCENARIO/\$1" > /dev/console; }
r "shutdown_cmd PASS started by the kernel: \$0"
i=0
while [ \$i -lt 50 ]; do
	grep " shutdown state=" $D/hv_sim/ic | grep -q ' answers=2 failed=0 ' && break
	i=\$((i + 1))
	usleep 100000
done
l=\$(grep " shutdown state=" $D/hv_sim/ic)
case "\$l" in
*" answers=2 failed=0 "*) r "host_answered PASS negotiation and request answered with S_OK" ;;
*) r "host_answered FAIL \$l" ;;
esac
sync
if umount /mnt; then r "unmounted PASS"; else r "unmounted FAIL /mnt still mounted"; fi
# the kernel's informational lines reach the console from here on (not
# before: they could land inside the result lines above)
echo 7 > /proc/sys/kernel/printk
exec /bin/busybox poweroff -f
EOF
chmod +x /tmp/hvl-poweroff
echo /tmp/hvl-poweroff > /proc/sys/kernel/poweroff_cmd
echo "HVLTEST EXPECT $HVL_SCENARIO/cache_flushed [$S0] Synchronizing SCSI cache"
echo "HVLTEST EXPECT $HVL_SCENARIO/unload_answered vmbus: power off: UNLOAD answered by the host"
echo "shutdown action=poweroff" > $D/hv_sim/ic_ctl
# the VM ends here; if it does not, this scenario reaches its END line
wait_until 600 false
