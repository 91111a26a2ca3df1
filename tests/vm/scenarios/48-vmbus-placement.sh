# SPDX-License-Identifier: GPL-2.0
# Where channels' interrupts go (vmb_pick_cpu): the least loaded CPU,
# counting every channel of every device, so a four-channel device on two
# CPUs gets two channels on each, and a second device's primary goes where
# fewer channels are. Each channel's rings are allocated on its CPU's node
# (one node here: nothing to see but that traffic flows; 48-vmbus-numa has
# two). The same with managed-IRQ isolation is 49-vmbus-isolcpus.
# checks: load spread second_device traffic unload
G=4b5c6d7e-8f90-4a1b-8c2d-3e4f5a6b7c8d
G2=4b5c6d7e-8f90-4a1b-8c2d-3e4f5a6b7c8e
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
# on_cpu <cpu>: channels of all devices whose interrupts go to that CPU
on_cpu() { cat /sys/bus/vmbus/devices/*/channel_vp_mapping | grep -c ":$1\$"; }

kmsg_mark
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" timeout_ms=2000 && echo "echo id=$G channels=4" > $D/hv_sim/new_device &&
	wait_until 50 '[ -f $ES ]' && pass load || fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
# the echo driver opens the sub-channels on the first run that wants them
echo "count=40 mode=mix channels=4" > $D/vmbus_echo/$G/run
# the primary first, on the lowest of two idle CPUs, then each sub-channel
# where fewer are: 0 1 0 1
[ "$(cat $DEV/channel_vp_mapping | cut -d: -f2 | tr -d '\n')" = 0101 ] &&
	[ "$(on_cpu 0)" = 2 ] && [ "$(on_cpu 1)" = 2 ] &&
	pass spread "$(cat $DEV/channel_vp_mapping | tr '\n' ' ')" ||
	fail spread "$(cat $DEV/channel_vp_mapping | tr '\n' ' ')"
# one more channel on CPU 0 (move one there), then a new device's primary
# must take CPU 1, where fewer channels are
c=$(grep -m1 ':1$' $DEV/channel_vp_mapping | cut -d: -f1)
echo 0 > $DEV/channels/$c/cpu
echo "echo id=$G2 channels=1" > $D/hv_sim/new_device
wait_until 50 '[ -f $D/vmbus_echo/$G2/stats ]'
m2=$(cat /sys/bus/vmbus/devices/$G2/channel_vp_mapping 2>/dev/null)
[ "${m2#*:}" = 1 ] && pass second_device "after 3 on CPU0 and 1 on CPU1: the new primary on CPU${m2#*:}" ||
	fail second_device "new primary '$m2'; first device: $(cat $DEV/channel_vp_mapping | tr '\n' ' ')"
echo "count=200 mode=mix channels=4" > $D/vmbus_echo/$G/run
[ "$(estat ok)" = 240 ] && [ "$(estat timeouts)" = 0 ] && [ "$(estat bad)" = 0 ] &&
	pass traffic "$(estat ok) answered" || fail traffic "$(cat $ES | tr '\n' ' ')"
echo "$G" > $D/hv_sim/del_device
echo "$G2" > $D/hv_sim/del_device
wait_until 50 '[ ! -d $DEV ] && [ ! -d /sys/bus/vmbus/devices/$G2 ]'
rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim && pass unload ||
	fail unload "$(lsmod | tr '\n' ' ')"
