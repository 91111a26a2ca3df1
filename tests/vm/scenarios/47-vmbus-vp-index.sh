# SPDX-License-Identifier: GPL-2.0
# tier: deep
# VP indices that are not CPU numbers. On the sim a VP's index normally
# equals its CPU's number, so a guest that passes one where the other
# belongs is never caught; hv_sim's vp_index= preset numbers them otherwise
# ("reverse": CPU n is VP 1 - n here; "offset": VP n + 2). For each preset
# hv_core must read the numbers from the VP_INDEX MSR, and vmbus.ko must
# name VPs, never CPUs, to the host: in INITIATE_CONTACT, OPENCHANNEL and
# MODIFYCHANNEL. A channel moved to each CPU in turn must be interrupted
# by the host on that CPU's VP, and carry traffic with every answer back.
# Last, protocol 2.4 with the reverse preset: before 3.0 the host sends its
# messages to VP 0 whatever INITIATE_CONTACT asks, which is CPU 1 here, so
# vmbus.ko must keep CPU 1 (not CPU 0) online.
# checks: reverse_vps reverse_open reverse_moves reverse_unload
# checks: offset_vps offset_open offset_moves offset_unload
# checks: v24_msg_cpu v24_offline_refused v24_traffic v24_unload
G=3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
CPU1=/sys/devices/system/cpu/cpu1/online
on_exit "echo 1 > $CPU1; rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

vp_of() { sed -n "s/^cpu$1: [a-z]* vp=\([0-9]*\) .*/\1/p" $D/hv_core/synic; }
host_vp() { sed -n "s/.* relid=$1 .* vp=\([0-9]*\) .*/\1/p" $D/hv_sim/devices; }
run_all() { # run_all <count>: mixed requests on both channels, all answered
	local k0=$(estat ok)
	echo "count=$1 mode=mix channels=2" > $D/vmbus_echo/$G/run &&
		[ $(($(estat ok) - k0)) = "$1" ] && [ "$(estat timeouts)" = 0 ] && [ "$(estat bad)" = 0 ]
}
unload() { rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim; }

for p in reverse offset; do
	case $p in
	reverse) want0=1 want1=0 ;;
	offset) want0=2 want1=3 ;;
	esac
	kmsg_mark
	if ! insmod "$(mod hv_sim)" host=ws2022 vp_index=$p || ! insmod "$(mod hv_core)"; then
		fail ${p}_vps "$(kmsg_since | tail -2 | tr '\n' '|')"
		continue
	fi
	v0=$(vp_of 0) v1=$(vp_of 1)
	[ "$v0" = $want0 ] && [ "$v1" = $want1 ] && pass ${p}_vps "CPU0 is VP $v0, CPU1 is VP $v1" ||
		fail ${p}_vps "CPU0 is VP '$v0', CPU1 is VP '$v1' (want $want0, $want1)"

	# INITIATE_CONTACT names CPU 0's VP; OPENCHANNEL each channel's
	insmod "$(mod vmbus)" && insmod "$(mod vmbus_echo)" timeout_ms=2000 &&
		echo "echo id=$G channels=2" > $D/hv_sim/new_device && wait_until 50 '[ -f $ES ]' &&
		run_all 200 && [ "$(sed -n 's/^vp: //p' $D/hv_sim/vmbus)" = $want0 ] &&
		pass ${p}_open "host messages to VP $(sed -n 's/^vp: //p' $D/hv_sim/vmbus), $(estat ok) answered" ||
		fail ${p}_open "$(sed -n 's/^vp: //p' $D/hv_sim/vmbus 2>&1) $(cat $ES 2>&1 | tr '\n' ' ') $(kmsg_since | tail -2 | tr '\n' '|')"

	# MODIFYCHANNEL: every channel to CPU 1, then to CPU 0; the host must
	# interrupt that CPU's VP each time
	bad=
	for cpu in 1 0; do
		want=$v1
		[ $cpu = 0 ] && want=$v0
		for c in $DEV/channels/*; do
			relid=${c##*/}
			echo $cpu > $c/cpu 2>/dev/null || bad="$bad [relid $relid: cpu $cpu refused]"
			[ "$(host_vp $relid)" = "$want" ] || bad="$bad [relid $relid on CPU$cpu: host VP '$(host_vp $relid)', want $want]"
		done
		run_all 200 || bad="$bad [traffic on CPU$cpu: $(cat $ES | tr '\n' ' ')]"
	done
	[ -z "$bad" ] && pass ${p}_moves "both channels to CPU1 (VP $v1) and back to CPU0 (VP $v0), traffic after each" ||
		fail ${p}_moves "$bad"
	echo "$G" > $D/hv_sim/del_device
	wait_until 50 '[ ! -d $DEV ]'
	unload && pass ${p}_unload || fail ${p}_unload "$(lsmod | tr '\n' ' ')"
done

# protocol 2.4: the host's messages go to VP 0 = CPU 1, which must stay
# online, even with no channel on it (before 4.1 channels cannot move, which
# would keep it online for another reason: no device yet)
kmsg_mark
insmod "$(mod hv_sim)" host=ws2012r2 vp_index=reverse && insmod "$(mod hv_core)" &&
	insmod "$(mod vmbus)" max_version=2.4 && insmod "$(mod vmbus_echo)" timeout_ms=2000
kmsg_since | grep -q 'VMBus protocol 2.4, .* messages to CPU1' && [ "$(sed -n 's/^vp: //p' $D/hv_sim/vmbus)" = 0 ] &&
	pass v24_msg_cpu "$(kmsg_since | grep -o 'VMBus protocol 2.4.*')" ||
	fail v24_msg_cpu "host VP '$(sed -n 's/^vp: //p' $D/hv_sim/vmbus 2>&1)', $(kmsg_since | grep 'connected' | tr '\n' '|')"
kmsg_mark
if echo 0 > $CPU1 2>/dev/null; then
	echo 1 > $CPU1
	fail v24_offline_refused "CPU1 went offline"
else
	kmsg_since | grep -q 'CPU1 stays online: the host sends the VMBus messages to it' &&
		pass v24_offline_refused "$(kmsg_since | grep -o 'CPU1 stays online.*')" ||
		fail v24_offline_refused "refused without vmbus.ko's line: $(kmsg_since | tail -2 | tr '\n' '|')"
fi
echo "echo id=$G channels=2" > $D/hv_sim/new_device && wait_until 50 '[ -f $ES ]' &&
	run_all 200 && pass v24_traffic "$(estat ok) answered" || fail v24_traffic "$(cat $ES 2>&1 | tr '\n' ' ')"
echo "$G" > $D/hv_sim/del_device
wait_until 50 '[ ! -d $DEV ]'
unload && pass v24_unload || fail v24_unload "$(lsmod | tr '\n' ' ')"
