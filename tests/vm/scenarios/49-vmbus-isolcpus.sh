# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# append: isolcpus=managed_irq,1
# With CPU 1 isolated from managed interrupts (isolcpus=managed_irq,1, the
# setting latency-sensitive hosts use), every channel's interrupts go to
# CPU 0, the one housekeeping CPU, and traffic flows. A channel may still be
# moved to CPU 1 by hand (sysfs cpu), as the kernel allows.
# checks: load all_on_housekeeping traffic moved_by_hand unload
G=5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

kmsg_mark
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" timeout_ms=2000 && echo "echo id=$G channels=4" > $D/hv_sim/new_device &&
	wait_until 50 '[ -f $ES ]' && pass load "isolated: $(cat /sys/devices/system/cpu/isolated 2>/dev/null)" ||
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
echo "count=40 mode=mix channels=4" > $D/vmbus_echo/$G/run
[ "$(grep -c ':0$' $DEV/channel_vp_mapping)" = 4 ] &&
	pass all_on_housekeeping "$(cat $DEV/channel_vp_mapping | tr '\n' ' ')" ||
	fail all_on_housekeeping "$(cat $DEV/channel_vp_mapping | tr '\n' ' ')"
[ "$(estat ok)" = 40 ] && [ "$(estat timeouts)" = 0 ] && pass traffic "$(estat ok) answered" ||
	fail traffic "$(cat $ES | tr '\n' ' ')"
c=$(head -1 $DEV/channel_vp_mapping | cut -d: -f1)
echo 1 > $DEV/channels/$c/cpu && echo "count=40 mode=mix channels=4" > $D/vmbus_echo/$G/run &&
	[ "$(cat $DEV/channels/$c/cpu)" = 1 ] && [ "$(estat ok)" = 80 ] &&
	pass moved_by_hand "relid $c on CPU 1, $(estat ok) answered" ||
	fail moved_by_hand "cpu=$(cat $DEV/channels/$c/cpu) $(cat $ES | tr '\n' ' ')"
echo "$G" > $D/hv_sim/del_device
wait_until 50 '[ ! -d $DEV ]'
rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim && pass unload ||
	fail unload "$(lsmod | tr '\n' ' ')"
