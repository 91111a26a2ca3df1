# SPDX-License-Identifier: GPL-2.0
# tier: deep
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 480
# Cycles (sizes.conf: vmbus_cycles) of the whole VMBus stack with traffic: load, an echo device with
# a sub-channel, requests of every kind, a driver GPADL, rescind, a second
# device on the released relids, and unload with that device still offered.
# Every cycle succeeds, and nothing vmbus.ko or the echo driver allocated
# outlives them: slab objects (exact, per call site, as in 25-load-cycles),
# vmalloc areas (rings, GPA buffers), debugfs entries and the sysfs bus.
# checks: cycles slab vmalloc debugfs sysfs
G1=9d5e6f70-4b5c-4d6e-8f70-a1b2c3d4e5f6
G2=ae6f7081-5c6d-4e7f-9081-b2c3d4e5f607
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
ok_of() { sed -n 's/^ok: //p' $D/vmbus_echo/$1/stats; }
wait_for() { for i in $(seq 100); do [ -e "$1" ] && return 0; usleep 50000; done; return 1; }
wait_gone() { for i in $(seq 100); do [ -e "$1" ] || return 0; usleep 50000; done; return 1; }
LAST=
cycle() {
	insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
		insmod "$(mod vmbus_echo)" || { LAST="load"; return 1; }
	echo "echo id=$G1 channels=2" > $D/hv_sim/new_device
	wait_for $D/vmbus_echo/$G1/run || { LAST="no device 1"; return 1; }
	echo "count=60 mode=mix channels=2 gpadl=64" > $D/vmbus_echo/$G1/run &&
		[ "$(ok_of $G1)" = 60 ] || { LAST="run 1: $(cat $D/vmbus_echo/$G1/stats | tr '\n' ' ')"; return 1; }
	echo $G1 > $D/hv_sim/del_device
	wait_gone /sys/bus/vmbus/devices/$G1 || { LAST="rescind"; return 1; }
	echo "echo id=$G2 channels=2" > $D/hv_sim/new_device
	wait_for $D/vmbus_echo/$G2/run || { LAST="no device 2"; return 1; }
	echo "count=30 mode=mix channels=2" > $D/vmbus_echo/$G2/run &&
		[ "$(ok_of $G2)" = 30 ] || { LAST="run 2: $(cat $D/vmbus_echo/$G2/stats | tr '\n' ' ')"; return 1; }
	rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim || { LAST="unload"; return 1; }
}

N=$(size vmbus_cycles) || exit 1
cycle
# RCU-deferred frees of the last cycle: no condition to wait for
leak_mark
fails=0
for c in $(seq $N); do
	cycle || { fails=$((fails + 1)); echo "HVLTEST INFO 41-vmbus-cycles: cycle $c: $LAST"; \
		for m in vmbus_echo vmbus hv_core hv_sim; do rmmod $m 2>/dev/null; done; }
done
[ $fails = 0 ] && pass cycles "$N cycles" || fail cycles "$fails failed cycles, the last: $LAST"
leak_check
[ ! -e $D/vmbus ] && [ ! -e $D/vmbus_echo ] && pass debugfs || fail debugfs "$(ls $D | grep vmbus)"
[ ! -e /sys/bus/vmbus ] && pass sysfs || fail sysfs "/sys/bus/vmbus still there"
