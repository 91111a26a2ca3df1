# SPDX-License-Identifier: GPL-2.0
# tier: deep
# timeout: 90
# vmbus.ko beside the in-tree bus, and against older and misbehaving hosts
# (hv_sim's host generations and vmbus_faults knobs): a registered bus named
# vmbus makes it refuse to load, and so does a bad max_version; max_version
# caps the negotiation and an old host is met at its version (newest first,
# down to 3.0), with traffic working on the pre-5.0 path (interrupt page,
# message connection 1), where channels cannot move (the cpu file refuses,
# CPU offline is refused); completions with transaction IDs we never issued
# are refused and counted; a malformed packet breaks its channel (counted, no
# crash) and the device can still be rescinded; a rescind in the middle of
# traffic ends the run and removes the device cleanly.
# checks: refuse_intree bad_param bad_timeout cap cap_echo cpu_old offline_refused
# checks: fallback fallback_echo bad_trans_id broken broken_rescind rescind_io unload
G=7b3c4d5e-2f3a-4b5c-9d7e-8f9a0b1c2d3e
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
F=$D/hv_sim/vmbus_faults
on_exit "echo 1 > /sys/devices/system/cpu/cpu1/online; rmmod vmbus_fakebus 2>/dev/null; rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
up() { cut -d" " -f1 /proc/uptime; }
version() { sed -n 's/^version: //p' $D/vmbus/connection; }
new_dev() { # new_dev <channels>: offer the echo device and wait for the driver
	echo "echo id=$G channels=$1" > $D/hv_sim/new_device
	for i in $(seq 50); do [ -f $ES ] && return 0; usleep 100000; done
	return 1
}
# gone: the bus drops the device's entry before the driver's remove runs,
# so wait for the driver's state to go too
gone() { [ ! -d $DEV ] && [ ! -d $D/vmbus_echo/$G ]; }
del_dev() {
	echo "$G" > $D/hv_sim/del_device
	wait_until 300 gone
}
run_clean() { # run_clean <count> <channels>: every request answered correctly
	local s0=$(estat sent) k0=$(estat ok)
	echo "count=$1 mode=mix channels=$2" > $D/vmbus_echo/$G/run &&
		[ $(($(estat ok) - k0)) = "$1" ] && [ $(($(estat sent) - s0)) = "$1" ] &&
		[ "$(estat bad)" = 0 ] && [ "$(estat timeouts)" = 0 ]
}
stack_down() { # every module out, in order, whatever failed before
	local m ret=0
	for m in vmbus_echo vmbus hv_core hv_sim; do
		grep -q "^$m " /proc/modules || continue
		rmmod $m || ret=1
	done
	return $ret
}

# --- beside the kernel's own bus (a stand-in registers /sys/bus/vmbus)
insmod "$(mod hv_sim)" host=ws2019 && insmod "$(mod hv_core)"
insmod "$(mod vmbus_fakebus)"
kmsg_mark
if insmod "$(mod vmbus)" 2>/dev/null; then
	fail refuse_intree "vmbus.ko loaded beside another vmbus bus"
	rmmod vmbus
else
	kmsg_since | grep -q "kernel's own VMBus driver" && pass refuse_intree "$(kmsg_since | grep -m1 -o 'the kernel.s own.*refusing to load')" ||
		fail refuse_intree "refused without the message: $(kmsg_since | tail -2 | tr '\n' '|')"
fi
rmmod vmbus_fakebus

# --- parameters
kmsg_mark
if insmod "$(mod vmbus)" max_version=banana 2>/dev/null; then
	fail bad_param "max_version=banana was accepted"
	rmmod vmbus
else
	kmsg_since | grep -q 'max_version=banana' && pass bad_param "$(kmsg_since | grep max_version | head -1)" ||
		fail bad_param "refused without a log line"
fi
why=
for bad in 50 600001 x; do
	kmsg_mark
	if insmod "$(mod vmbus)" response_timeout_ms=$bad 2>/dev/null; then
		why="response_timeout_ms=$bad was accepted"
		rmmod vmbus
		break
	fi
	# the range check's own line; a non-number fails in the kernel's parser
	case $bad in
	x) kmsg_since | grep -q "vmbus: .*response_timeout_ms" ;;
	*) kmsg_since | grep -q "response_timeout_ms=$bad: must be 100 to 600000" ;;
	esac || { why="response_timeout_ms=$bad refused without a log line"; break; }
done
[ -z "$why" ] && pass bad_timeout "50, 600001 and x refused, each with a line" || fail bad_timeout "$why"
insmod "$(mod vmbus)" max_version=4.0 && insmod "$(mod vmbus_echo)"
[ "$(version)" = 4.0 ] && pass cap "ws2019 host, max_version=4.0: $(version), message connection $(sed -n 's/^msg_conn_id: //p' $D/vmbus/connection)" ||
	fail cap "negotiated '$(version)'"
new_dev 2 && run_clean 600 2 && pass cap_echo "$(grep '^channel' $ES | tr '\n' ' ')" ||
	fail cap_echo "$(cat $ES 2>&1 | tr '\n' ' ')"
# before 4.1 a channel cannot move: the cpu file refuses (-EIO, as the
# kernel's), and CPU 1 cannot go offline while an open channel targets it
relid=$(grep ':1$' $DEV/channel_vp_mapping | head -1 | cut -d: -f1)
if [ -z "$relid" ]; then
	fail cpu_old "no channel on CPU 1: $(cat $DEV/channel_vp_mapping | tr '\n' ' ')"
	fail offline_refused "no channel on CPU 1"
else
	out=$(echo 0 2>&1 > $DEV/channels/$relid/cpu)
	[ $? -ne 0 ] && [ "$(cat $DEV/channels/$relid/cpu)" = 1 ] && pass cpu_old "relid $relid: $out" ||
		fail cpu_old "the write succeeded: cpu=$(cat $DEV/channels/$relid/cpu)"
	kmsg_mark
	if echo 0 > /sys/devices/system/cpu/cpu1/online 2>/dev/null; then
		fail offline_refused "CPU 1 went offline under channel $relid"
		echo 1 > /sys/devices/system/cpu/cpu1/online
	else
		# refused by vmbus.ko for this channel, not for another reason
		# (an earlier refusal of some other driver would fail the same write)
		why=$(kmsg_since | grep -m1 "CPU1 stays online: channel $relid cannot move off it")
		[ -n "$why" ] && [ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] && run_clean 300 2 &&
			pass offline_refused "$why" ||
			fail offline_refused "line: '$why', traffic afterwards: $(cat $ES | tr '\n' ' ')"
	fi
fi
stack_down

# --- an old host: 5.3 down to 3.0 are asked for in turn
insmod "$(mod hv_sim)" host=ws2012r2 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)"
[ "$(version)" = 3.0 ] && pass fallback "ws2012r2 host: $(version)" || fail fallback "negotiated '$(version)'"
new_dev 2 && run_clean 600 2 && pass fallback_echo "$(grep '^channel' $ES | tr '\n' ' ')" ||
	fail fallback_echo "$(cat $ES 2>&1 | tr '\n' ' ')"
stack_down

# --- misbehaving host (forged IDs lose their requests: 2 s until they
# count as unanswered, not the default 10 s)
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" timeout_ms=2000
new_dev 1
t0=$(estat timeouts) b0=$(conn_sum bad_completions)
echo "bad_trans_id every=50 count=4" > $F
echo "count=500 mode=inband channels=1" > $D/vmbus_echo/$G/run
echo clear > $F
b1=$(conn_sum bad_completions) t1=$(estat timeouts)
# each answer with a forged ID is refused; its request never completes
[ $((b1 - b0)) = 4 ] && [ $((t1 - t0)) = 4 ] && [ "$(estat bad)" = 0 ] &&
	pass bad_trans_id "refused $((b1 - b0)), requests lost $((t1 - t0))" ||
	fail bad_trans_id "bad_completions $b0 -> $b1, timeouts $t0 -> $t1, $(cat $ES | tr '\n' ' ')"

kmsg_mark
p0=$(conn_sum bad_packets)
echo "oversize every=1 count=1 arg=0" > $F
echo "count=20 mode=inband channels=1" > $D/vmbus_echo/$G/run
echo clear > $F
p1=$(conn_sum bad_packets)
[ $((p1 - p0)) -ge 1 ] && kmsg_since | grep -q 'channel broken by the host' &&
	pass broken "bad_packets $p0 -> $p1: $(kmsg_since | grep -m1 'channel broken')" ||
	fail broken "bad_packets $p0 -> $p1 $(cat $ES | tr '\n' ' ')"
del_dev && [ ! -d $D/vmbus_echo/$G ] && pass broken_rescind "at $(up) s" || fail broken_rescind "$(ls $DEV 2>&1 | tr '\n' ' ')"

# --- rescind while requests are in flight on two channels: the host's
# "rescind" knob rescinds the device from its packet path, in the middle of
# the traffic (43-vmbus-hotplug does the same through del_device)
new_dev 2
echo "count=2 mode=mix channels=2" > $D/vmbus_echo/$G/run
echo "rescind every=3000 count=1" > $F
t0=$(up)
echo "count=1000000 mode=mix channels=2" > $D/vmbus_echo/$G/run 2>/dev/null
wait_until 100 gone
echo clear > $F
gone && pass rescind_io "run ended by the rescind after $(awk -v a=$t0 -v b=$(up) 'BEGIN { printf "%.1f", b - a }') s" ||
	fail rescind_io "still there: $(ls $DEV $D/vmbus_echo 2>&1 | tr '\n' ' ')"

if stack_down && [ ! -d /sys/bus/vmbus ]; then
	pass unload "at $(up) s"
else
	fail unload "$(lsmod | tr '\n' ' ')"
fi
