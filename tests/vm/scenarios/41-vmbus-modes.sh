# SPDX-License-Identifier: GPL-2.0
# vmbus.ko's other paths on a Windows Server 2022 host (protocol 5.3): a
# device with monitor-page signalling and three channels, one per read mode
# (batched, direct, polled with the ring interrupt masked); taking a CPU
# offline moves the channels that target it (MODIFYCHANNEL, confirmed by
# the host) and traffic keeps flowing; unloading vmbus.ko while the device
# is still offered removes it and sends UNLOAD.
# checks: load version monitor_files echo cpu_offline echo_after_offline online unload
G=6a2b3c4d-1e2f-4a5b-8c6d-7e8f9a0b1c2d
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
on_exit "echo 1 > /sys/devices/system/cpu/cpu1/online; rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
run_ok() { # run <args>: all answered and checked, none bad since the start
	local s0 k0
	s0=$(estat sent) k0=$(estat ok)
	echo "$1" > $D/vmbus_echo/$G/run || return 1
	[ $(($(estat sent) - s0)) = "$2" ] && [ $(($(estat ok) - k0)) = "$2" ] &&
		[ "$(estat bad)" = 0 ] && [ "$(estat timeouts)" = 0 ] && [ "$(estat errors)" = 0 ]
}

kmsg_mark
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" && pass load || fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
v=$(sed -n 's/^version: //p' $D/vmbus/connection)
[ "$v" = 5.3 ] && pass version "5.3" || fail version "negotiated '$v'"

echo "echo id=$G channels=3 monitor=1" > $D/hv_sim/new_device
for i in $(seq 50); do [ -f $ES ] && break; usleep 100000; done
relid=$(cat $DEV/id 2>/dev/null)
c=$DEV/channels/$relid
[ -n "$relid" ] && [ -f $c/monitor_id ] && cat $c/pending $c/latency > /dev/null &&
	pass monitor_files "monitor_id=$(cat $c/monitor_id) pending=$(cat $c/pending) latency=$(cat $c/latency)" ||
	fail monitor_files "$(ls $c 2>&1 | tr '\n' ' ')"

run_ok "count=6000 mode=mix channels=3" 6000 && grep -q 'read polled open 1 sent [1-9]' $ES &&
	pass echo "$(grep '^channel' $ES | tr '\n' ' ')" || fail echo "$(cat $ES | tr '\n' ' ')"

# every channel on CPU 1 must move to CPU 0 when CPU 1 goes away
before=$(cat $DEV/channel_vp_mapping | tr '\n' ' ')
if echo 0 > /sys/devices/system/cpu/cpu1/online; then
	after=$(cat $DEV/channel_vp_mapping | tr '\n' ' ')
	echo "$after" | grep -q ':1 ' && fail cpu_offline "$before -> $after" ||
		pass cpu_offline "$before -> $after"
else
	fail cpu_offline "offlining CPU 1 was refused: $(kmsg_since | tail -2 | tr '\n' '|')"
fi
run_ok "count=3000 mode=mix channels=3" 3000 && pass echo_after_offline "$(grep '^channel' $ES | tr '\n' ' ')" ||
	fail echo_after_offline "$(cat $ES | tr '\n' ' ')"
echo 1 > /sys/devices/system/cpu/cpu1/online
run_ok "count=600 mode=mix channels=3" 600 && pass online || fail online "$(cat $ES | tr '\n' ' ')"

# the echo driver's remove closes three channels; vmbus.ko's exit deletes the device
if rmmod vmbus_echo && rmmod vmbus && [ ! -d /sys/bus/vmbus ] && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | tr '\n' ' ') $(kmsg_since | tail -2 | tr '\n' '|')"
fi
