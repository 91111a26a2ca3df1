# SPDX-License-Identifier: GPL-2.0
# boot: own
# expect: poweroff
# timeout: 120
# The host's shutdown request powers the VM off, the whole way: hv_ic
# answers it and runs the kernel's orderly_poweroff(), which starts
# poweroff_cmd. /init here is a shell, not an init that shuts a system
# down, so poweroff_cmd is a stand-in for one: it records that it ran and
# that the host saw the answer, syncs, and powers off with the kernel's
# reboot(POWER_OFF). The kernel's power-down line must follow (harness:
# powered_off), with a clean console: no warning from vmbus.ko, hv_ic or
# the simulator while the kernel shuts its devices down with them bound. A
# VM the request does not end runs this scenario to its END line, and
# fails. (With a storvsc disk attached the power-off hangs today: vmbus.ko
# unloads the connection in its reboot notifier, before the SCSI disk's
# shutdown flushes its cache through storvsc; that is the next fix, and
# then a disk joins this scenario.)
# checks: load shutdown_cmd host_answered
# hv_ic's PTP clock needs ptp.ko (a module on 5.10)
modprobe ptp 2>/dev/null
if insmod "$(mod hv_sim)" ic=shutdown && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod hv_ic)" && wait_until 100 'grep -q " shutdown state=ready " $D/hv_sim/ic'; then
	pass load
else
	fail load "$(cat $D/hv_sim/ic 2>&1 | tr '\n' '|') $(dmesg | tail -3 | tr '\n' '|')"
	exit 0
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
exec /bin/busybox poweroff -f
EOF
chmod +x /tmp/hvl-poweroff
echo /tmp/hvl-poweroff > /proc/sys/kernel/poweroff_cmd
echo "shutdown action=poweroff" > $D/hv_sim/ic_ctl
# the VM ends here; if it does not, this scenario reaches its END line
wait_until 600 false
