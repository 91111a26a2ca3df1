# SPDX-License-Identifier: GPL-2.0
# boot: own
# numa: 2
# only: nodebug
# Channel placement across NUMA nodes (vmb_pick_cpu), in a VM of two nodes
# of one CPU each: a primary takes the next node in turn and its
# sub-channels stay on its node, so a first two-channel device lands on
# CPU 0 twice and a second on CPU 1 twice; each channel's rings come from
# its node (nothing to see there but that traffic flows). Not on the debug
# kernel: its small config has no CONFIG_NUMA.
# checks: nodes first_device second_device traffic unload
G=6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0a
G2=6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0b
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
cpus_of() { cut -d: -f2 /sys/bus/vmbus/devices/$1/channel_vp_mapping | tr -d '\n'; }
dev_up() { # dev_up <guid>: offer a two-channel echo device, open both channels
	echo "echo id=$1 channels=2" > $D/hv_sim/new_device &&
		wait_until 50 "[ -f $D/vmbus_echo/$1/stats ]" &&
		echo "count=20 mode=mix channels=2" > $D/vmbus_echo/$1/run
}

n0=$(cat /sys/devices/system/node/node0/cpulist 2>/dev/null)
n1=$(cat /sys/devices/system/node/node1/cpulist 2>/dev/null)
[ "$n0" = 0 ] && [ "$n1" = 1 ] && pass nodes "node0: CPU $n0, node1: CPU $n1" ||
	fail nodes "node0: '$n0', node1: '$n1'"
kmsg_mark
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)" timeout_ms=2000
dev_up $G && [ "$(cpus_of $G)" = 00 ] && pass first_device "node 0: CPUs $(cpus_of $G)" ||
	fail first_device "CPUs '$(cpus_of $G)' $(kmsg_since | tail -2 | tr '\n' '|')"
dev_up $G2 && [ "$(cpus_of $G2)" = 11 ] && pass second_device "node 1: CPUs $(cpus_of $G2)" ||
	fail second_device "CPUs '$(cpus_of $G2)' $(kmsg_since | tail -2 | tr '\n' '|')"
ok=0
for g in $G $G2; do
	echo "count=200 mode=mix channels=2" > $D/vmbus_echo/$g/run &&
		[ "$(sed -n 's/^timeouts: //p' $D/vmbus_echo/$g/stats)" = 0 ] && ok=$((ok + 1))
done
[ $ok = 2 ] && pass traffic "both devices answered everything" ||
	fail traffic "$(cat $D/vmbus_echo/$G/stats $D/vmbus_echo/$G2/stats | tr '\n' ' ')"
echo "$G" > $D/hv_sim/del_device
echo "$G2" > $D/hv_sim/del_device
wait_until 50 '[ ! -d /sys/bus/vmbus/devices/$G ] && [ ! -d /sys/bus/vmbus/devices/$G2 ]'
rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim && pass unload ||
	fail unload "$(lsmod | tr '\n' ' ')"
