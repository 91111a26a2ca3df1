# SPDX-License-Identifier: GPL-2.0
# timeout: 120
# No event is lost while CPUs come and go under traffic: a four-channel echo
# device carries requests on every channel while CPU 1 goes offline and
# online again and again. Before each offline every channel is moved onto
# CPU 1 (the sysfs cpu file: MODIFYCHANNEL), so that each offline has to
# move all of them off again with the host still signalling them; hv_core
# then hands the dying CPU's pending event flags over before its SynIC goes
# (synic.c). A lost event is a request that never completes: the echo
# driver's timeouts (2 s here) and the final count say whether any was.
# Every move reaches the driver through on_cpu_change, naming the new CPU.
# checks: load traffic cycles all_answered told
G=7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
CPU1=/sys/devices/system/cpu/cpu1/online
n=$(size chan_cpu_cycles) || exit 1
on_exit "echo 1 > $CPU1"
kmsg_mark
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" timeout_ms=2000 && echo "echo id=$G channels=4" > $D/hv_sim/new_device &&
	wait_until 50 '[ -f $ES ]' && pass load || fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
# traffic on every channel until told to stop, one run after another
rm -f /tmp/46-stop
( while [ ! -e /tmp/46-stop ]; do echo "count=2000 mode=mix channels=4" > $D/vmbus_echo/$G/run || exit 1; done ) &
bg=$!
wait_until 50 '[ "$(estat sent)" -gt 1000 ]' && pass traffic "$(estat sent) sent" || fail traffic "$(cat $ES | tr '\n' ' ')"
done_n=0 moved=0
for i in $(seq "$n"); do
	kill -0 $bg 2> /dev/null || break
	for c in $DEV/channels/*/cpu; do echo 1 > "$c" 2> /dev/null && moved=$((moved + 1)); done
	echo 0 > $CPU1 || break
	echo 1 > $CPU1 || break
	done_n=$i
done
running=$(kill -0 $bg 2> /dev/null && echo yes || echo no)
touch /tmp/46-stop
wait $bg
[ "$done_n" = "$n" ] && [ "$running" = yes ] &&
	pass cycles "$n offline/online cycles under traffic, $moved channel moves onto CPU 1" ||
	fail cycles "$done_n of $n cycles, traffic still running at the end: $running; $(kmsg_since | grep -i 'cpu' | tail -2 | tr '\n' '|')"
[ "$(estat ok)" = "$(estat sent)" ] && [ "$(estat timeouts)" = 0 ] && [ "$(estat bad)" = 0 ] &&
	[ "$(estat errors)" = 0 ] && pass all_answered "$(estat ok) requests, all answered" ||
	fail all_answered "$(cat $ES | tr '\n' ' ')"
# every move, by sysfs or by the offline, reached the driver (on_cpu_change):
# at least one per cycle, and each channel's last notice names its CPU now
stale=$(sed -n 's/^channel \([0-9]*\): relid [0-9]* cpu \([0-9]*\) .* notified_cpu \([-0-9]*\) .*/\1 \2 \3/p' $ES |
	awk '$2 != $3 { printf "channel %s on CPU%s told %s; ", $1, $2, $3 }')
[ "$(estat cpu_changes)" -ge "$n" ] && [ -z "$stale" ] &&
	pass told "$(estat cpu_changes) moves reported to the driver, every channel's last one right" ||
	fail told "cpu_changes $(estat cpu_changes) for $n cycles; $stale"
rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim
