# SPDX-License-Identifier: GPL-2.0
# tier: deep
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 360
# Hot-add/rescind cycles (sizes.conf: hotplug_cycles) during traffic: each cycle offers an echo device
# with two channels (del_device/new_device of hv_sim's control files), lets
# the echo driver bind and open both, starts a long run of requests of every
# kind in the background, and rescinds the device through del_device while
# requests are in flight. Every cycle: the run ends by itself, no answer was
# corrupt, the device and its driver state are gone, and the host frees it
# once the guest released every relid. After the cycles the stack still
# carries clean traffic, and once unloaded nothing that vmbus.ko or the echo
# driver allocated is left (slab per call site, vmalloc areas).
# checks: load cycles no_bad traffic_after unload slab vmalloc
G=4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
up() { cut -d' ' -f1 /proc/uptime; }
load() { insmod "$(mod hv_sim)" host=azure && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod vmbus_echo)"; }
unload() { rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim; }
new_dev() {
	echo "echo id=$G channels=2" > $D/hv_sim/new_device || return 1
	for i in $(seq 100); do [ -f $ES ] && return 0; usleep 50000; done
	return 1
}
# the device is gone from the guest, and the host freed it (every relid released)
gone() {
	for i in $(seq 200); do [ -d $DEV ] || break; usleep 50000; done
	[ -d $DEV ] && return 1
	for i in $(seq 200); do grep -q "$G" $D/hv_sim/devices || return 0; usleep 50000; done
	return 1
}

# a baseline after one full cycle, so that first-use allocations are not counted
load && new_dev && echo "count=20 mode=mix channels=2" > $D/vmbus_echo/$G/run &&
	echo $G > $D/hv_sim/del_device && gone && unload
# RCU-deferred frees of the last cycle: no condition to wait for
leak_mark

N=$(size hotplug_cycles) || exit 1
kmsg_mark
load && pass load || { fail load "$(kmsg_since | tail -3 | tr '\n' '|')"; exit 0; }

fails=0 bad=0 last= t0=$(up)
for c in $(seq $N); do
	if ! new_dev; then
		fails=$((fails + 1)); last="cycle $c: no bind: $(kmsg_since | tail -2 | tr '\n' '|')"
		echo $G > $D/hv_sim/del_device 2>/dev/null; gone
		continue
	fi
	# both channels open before the traffic starts
	echo "count=4 mode=inband channels=2" > $D/vmbus_echo/$G/run
	s=$(estat sent)
	echo "count=1000000 mode=mix channels=2" > $D/vmbus_echo/$G/run 2>/dev/null &
	job=$!
	# traffic flows; then rescind at a different moment each cycle
	for n in $(seq 100); do [ "$(estat sent)" -gt $((s + 20)) ] && break; usleep 20000; done
	usleep $(((c % 5) * 10000))
	s=$(estat sent) k=$(estat ok) b=$(estat bad)
	echo $G > $D/hv_sim/del_device
	if ! gone; then
		fails=$((fails + 1)); last="cycle $c: not removed: $(ls $DEV 2>&1 | head -3 | tr '\n' ' ') $(grep "$G" $D/hv_sim/devices | tr '\n' ' ')"
		break
	fi
	wait $job
	[ "${b:-0}" = 0 ] || { bad=$((bad + b)); last="cycle $c: $b bad answers"; }
done
t1=$(up)
lost=$(kmsg_since | sed -n 's/.*: \([0-9]*\) requests unanswered/\1/p' | awk '{ n += $1 } END { print n + 0 }')
[ $fails = 0 ] && [ $lost -gt 0 ] &&
	pass cycles "$N cycles in $(awk -v a=$t0 -v b=$t1 'BEGIN { printf "%.0f", b - a }') s; $lost requests were in flight at the rescinds" ||
	fail cycles "$fails failed, $lost requests in flight at the rescinds; the last: $last"
# the stats vanish with the device: bad answers after the last sample show
# in the log only
badlog=$(kmsg_since | grep -c 'bad answer to request')
[ $bad = 0 ] && [ "$badlog" = 0 ] && pass no_bad || fail no_bad "$bad bad answers sampled, $badlog logged; $last"

new_dev && echo "count=2000 mode=mix channels=2" > $D/vmbus_echo/$G/run &&
	[ "$(estat ok)" = 2000 ] && [ "$(estat bad)" = 0 ] && pass traffic_after "$(grep '^channel' $ES | tr '\n' ' ')" ||
	fail traffic_after "$(cat $ES 2>&1 | tr '\n' ' ')"
echo $G > $D/hv_sim/del_device; gone
# what our modules hold in vmalloc space now, by caller (named while loaded)
echo "HVLTEST INFO 43-vmbus-hotplug: vmalloc callers: $(awk '/ vmalloc/ && /\[(vmbus|vmbus_echo|hv_sim|hv_core)\]/ { print $3 }' /proc/vmallocinfo | sort | uniq -c | tr '\n' ' ')"

unload && [ ! -d /sys/bus/vmbus ] && pass unload || fail unload "$(lsmod | tr '\n' ' ')"
leak_check
