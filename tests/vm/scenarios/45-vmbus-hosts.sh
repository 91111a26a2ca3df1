# SPDX-License-Identifier: GPL-2.0
# tier: deep
# timeout: 90
# The VMBus stack against each emulated host generation: vmbus.ko
# negotiates the newest version that host offers (ws2012r2 3.0, ws2016 4.0,
# ws2019 5.2, ws2022 and azure 5.3), the echo device is enumerated with its
# MODALIAS, binds, opens a sub-channel and carries requests of every kind
# over both channels, is rescinded, and the stack unloads.
# checks: ws2012r2 ws2016 ws2019 ws2022 azure
G=3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
ALIAS=vmbus:27ca7b2123db6546997d94fcd555cfac
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

# <host> <version it must negotiate>
generation() {
	local v why=
	kmsg_mark
	insmod "$(mod hv_sim)" host=$1 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
		insmod "$(mod vmbus_echo)" || why="load failed: $(kmsg_since | tail -2 | tr '\n' '|')"
	v=$(sed -n 's/^version: //p' $D/vmbus/connection 2>/dev/null)
	[ -z "$why" ] && [ "$v" != "$2" ] && why="negotiated '$v', not $2"
	if [ -z "$why" ]; then
		echo "echo id=$G channels=2" > $D/hv_sim/new_device
		for i in $(seq 50); do [ -f $ES ] && break; usleep 100000; done
		[ -f $ES ] && grep -qx "MODALIAS=$ALIAS" $DEV/uevent || why="not bound: $(ls $DEV 2>&1 | head -2 | tr '\n' ' ')"
	fi
	if [ -z "$why" ]; then
		echo "count=600 mode=mix channels=2" > $D/vmbus_echo/$G/run
		[ "$(estat ok)" = 600 ] && [ "$(estat bad)" = 0 ] && [ "$(estat channels)" = 2 ] &&
			[ "$(ls $DEV/channels | wc -l)" = 2 ] || why="traffic: $(cat $ES | tr '\n' ' ')"
	fi
	if [ -z "$why" ]; then
		echo $G > $D/hv_sim/del_device
		for i in $(seq 50); do [ -d $DEV ] || break; usleep 100000; done
		[ -d $DEV ] && why="not rescinded"
	fi
	rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim || why="${why:-unload failed}"
	[ -z "$why" ] && pass $1 "version $v, 600 requests over 2 channels" || fail $1 "$why"
}
generation ws2012r2 3.0
generation ws2016 4.0
generation ws2019 5.2
generation ws2022 5.3
generation azure 5.3
