# SPDX-License-Identifier: GPL-2.0
# timeout: 120
# vmbus.ko end to end on hv_sim's VMBus server: an echo device offered at run
# time is enumerated on bus "vmbus" with the kernel's sysfs ABI and uevent,
# binds the echo test driver, makes and tears down a 4 MiB GPADL, carries
# request/answer pairs (sizes.conf: echo_packets) (in-band, GPA page buffers, GPA multi-page
# buffers; sizes 1 B - 64 KiB) over a primary channel and a sub-channel with
# every byte checked, moves a channel to another CPU with MODIFYCHANNEL, is
# rescinded cleanly, and every module unloads. The device files beyond the
# stable ABI (state, monitor slots, ring indices) follow the in-tree bus.
# checks: no_intree_bus load bus offer parent bind sysfs_dev sysfs_values modalias uevent channels
# checks: sysfs_chan sysfs_state sysfs_closed driver_override gpadl echo send_more cpu_move rescind relid_released unload
G=5e1f0c3a-8d2b-4c6e-9a71-0b2c3d4e5f60
CLASS=217bca27-db23-4665-997d-94fcd555cfac
# the class GUID's 16 bytes as stored (first three fields little-endian)
ALIAS=vmbus:27ca7b2123db6546997d94fcd555cfac
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

# the kernel's own VMBus driver must not have registered the bus: on 7.2 it
# is built in (CONFIG_HYPERV_VMBUS=y) but stays idle off Hyper-V
intree="hv_vmbus $(grep -qw hv_vmbus /proc/modules && echo loaded || { [ -d /sys/module/hv_vmbus ] && echo 'built in' || echo absent; })"
[ ! -d /sys/bus/vmbus ] && pass no_intree_bus "$intree, no /sys/bus/vmbus" || fail no_intree_bus "$intree, /sys/bus/vmbus exists"

kmsg_mark
if insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)"; then
	pass load "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ')"
else
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi
[ -d /sys/bus/vmbus ] && [ "$(cat /sys/bus/vmbus/hibernation)" = 0 ] &&
	pass bus "hibernation=$(cat /sys/bus/vmbus/hibernation)" || fail bus "$(ls /sys/bus/vmbus 2>&1)"

echo "echo id=$G channels=2" > $D/hv_sim/new_device
for i in $(seq 50); do [ -d $DEV ] && break; usleep 100000; done
[ -d $DEV ] && pass offer "$(ls /sys/bus/vmbus/devices | tr '\n' ' ')" ||
	fail offer "no $DEV: $(ls /sys/bus/vmbus/devices | tr '\n' ' ') $(kmsg_since | tail -3 | tr '\n' '|')"
# no ACPI VMBus device here (44-vmbus-acpi has one): vmbus.ko's own parents it
p=$(readlink -f $DEV)
[ "$p" = /sys/devices/platform/hvl_vmbus/$G ] && pass parent "$p" || fail parent "$p"

insmod "$(mod vmbus_echo)"
drv=$(basename "$(readlink $DEV/driver 2>/dev/null)")
[ "$drv" = vmbus_echo ] && [ -f $ES ] && pass bind "driver=$drv" ||
	fail bind "driver='$drv' $(kmsg_since | tail -3 | tr '\n' '|')"

# every device file of the ABI, readable
bad=
for f in id class_id device_id channel_vp_mapping device vendor numa_node modalias driver_override uevent; do
	cat $DEV/$f > /dev/null 2>&1 || bad="$bad $f"
done
[ -z "$bad" ] && pass sysfs_dev || fail sysfs_dev "unreadable:$bad"
relid=$(cat $DEV/id)
v="id=$relid class_id=$(cat $DEV/class_id) device_id=$(cat $DEV/device_id) vendor=$(cat $DEV/vendor) device=$(cat $DEV/device) numa_node=$(cat $DEV/numa_node)"
[ "$(cat $DEV/class_id)" = "{$CLASS}" ] && [ "$(cat $DEV/device_id)" = "{$G}" ] &&
	[ "$(cat $DEV/vendor)" = 0x1414 ] && [ "$(cat $DEV/device)" = 0x10 ] &&
	[ -d $DEV/channels/$relid ] && echo "$relid" | grep -qE '^[0-9]+$' &&
	pass sysfs_values "$v" || fail sysfs_values "$v"
[ "$(cat $DEV/modalias)" = "$ALIAS" ] && pass modalias "$ALIAS" || fail modalias "$(cat $DEV/modalias)"
grep -qx "MODALIAS=$ALIAS" $DEV/uevent && pass uevent "$(grep MODALIAS $DEV/uevent)" ||
	fail uevent "$(cat $DEV/uevent | tr '\n' ' ')"

# sub-channels (echo op 3) and a short run over both channels first
echo "count=30 mode=mix channels=2" > $D/vmbus_echo/$G/run
nch=$(ls $DEV/channels | wc -l)
nmap=$(grep -c : $DEV/channel_vp_mapping)
[ "$nch" = 2 ] && [ "$nmap" = 2 ] && [ "$(estat channels)" = 2 ] &&
	pass channels "$(ls $DEV/channels | tr '\n' ' ')/ $(cat $DEV/channel_vp_mapping | tr '\n' ' ')" ||
	fail channels "dirs=$nch mapping=$nmap $(cat $ES | tr '\n' ' ')"

bad=
for c in $DEV/channels/*; do
	for f in cpu in_mask out_mask read_avail write_avail events interrupts subchannel_id \
		 intr_in_full intr_out_empty out_full_first out_full_total; do
		cat $c/$f > /dev/null 2>&1 || bad="$bad ${c##*/}/$f"
	done
	# the monitor files exist only for a channel with a monitor slot
	for f in pending latency monitor_id; do
		[ -e $c/$f ] && { cat $c/$f > /dev/null 2>&1 || bad="$bad ${c##*/}/$f"; }
	done
done
sub=$(for c in $DEV/channels/*; do cat $c/subchannel_id; done | sort | tr '\n' ' ')
[ -z "$bad" ] && [ "$sub" = "0 1 " ] && pass sysfs_chan "subchannel_ids: $sub" ||
	fail sysfs_chan "unreadable:$bad subchannel_ids: $sub"

# the in-tree bus's other device files: the primary channel's state
# (3 = CHANNEL_OPENED_STATE), its rings as the shared headers say (byte
# counts add up to the ring's size), the monitor slot iff the channel has one
bad=
ring="out_intr_mask out_read_index out_write_index out_read_bytes_avail out_write_bytes_avail"
ring="$ring ${ring//out_/in_}"
mon="monitor_id server_monitor_pending client_monitor_pending server_monitor_latency"
mon="$mon client_monitor_latency server_monitor_conn_id client_monitor_conn_id"
for f in state $ring; do
	cat $DEV/$f > /dev/null 2>&1 || bad="$bad $f"
done
if [ -e $DEV/channels/$relid/monitor_id ]; then
	for f in $mon; do cat $DEV/$f > /dev/null 2>&1 || bad="$bad $f"; done
	[ "$(cat $DEV/monitor_id)" = "$(cat $DEV/channels/$relid/monitor_id)" ] || bad="$bad monitor_id!=channel's"
else
	for f in $mon; do [ -e $DEV/$f ] && bad="$bad $f(no monitor slot)"; done
fi
ro=$(($(cat $DEV/out_read_bytes_avail) + $(cat $DEV/out_write_bytes_avail)))
ri=$(($(cat $DEV/in_read_bytes_avail) + $(cat $DEV/in_write_bytes_avail)))
v="state=$(cat $DEV/state) out: $(cat $DEV/out_read_index)/$(cat $DEV/out_write_index) $ro bytes, in: $(cat $DEV/in_read_index)/$(cat $DEV/in_write_index) $ri bytes, monitor: $(cat $DEV/monitor_id 2>/dev/null || echo none)"
# the driver's own view (vmb_chan_write_avail) agrees with sysfs when idle
wa=$(sed -n 's/^channel 0: .* write_avail \([0-9]*\) .*/\1/p' $ES)
[ "$wa" = "$(cat $DEV/out_write_bytes_avail)" ] || bad="$bad write_avail='$wa'"
[ -z "$bad" ] && [ "$(cat $DEV/state)" = 3 ] && [ "$ro" -gt 0 ] && [ "$ri" -gt 0 ] &&
	[ "$(cat $DEV/in_read_index)" -lt "$ri" ] && [ "$(cat $DEV/out_write_index)" -lt "$ro" ] &&
	pass sysfs_state "$v" || fail sysfs_state "unreadable/wrong:$bad; $v"
# unbound: the channel is closed (2 = CHANNEL_OPEN_STATE, "closed again"),
# its rings gone (EINVAL, as in-tree); bound again, open again
echo $G > /sys/bus/vmbus/drivers/vmbus_echo/unbind
st=$(cat $DEV/state) rd=$(cat $DEV/in_read_index 2>&1)
echo $G > /sys/bus/vmbus/drivers/vmbus_echo/bind
for i in $(seq 50); do [ -f $ES ] && break; usleep 100000; done
[ "$st" = 2 ] && echo "$rd" | grep -q "Invalid argument" && [ "$(cat $DEV/state)" = 3 ] &&
	pass sysfs_closed "unbound: state $st, in_read_index: ${rd##*: }; bound: state $(cat $DEV/state)" ||
	fail sysfs_closed "unbound: state $st, in_read_index '$rd'; bound: state $(cat $DEV/state)"

echo nobody > $DEV/driver_override
o1=$(cat $DEV/driver_override)
echo > $DEV/driver_override
o2=$(cat $DEV/driver_override)
[ "$o1" = nobody ] && [ "$o2" = "(null)" ] && pass driver_override "set '$o1', cleared '$o2'" ||
	fail driver_override "set '$o1', cleared '$o2'"

# a driver's own GPADL: 4 MiB, one GPADL_HEADER and 36 GPADL_BODY messages
echo "count=0 gpadl=1024" > $D/vmbus_echo/$G/run && [ "$(estat gpadls)" = 1 ] &&
	pass gpadl "1024 pages made and torn down" || fail gpadl "$(cat $ES | tr '\n' ' ')"

N=$(size echo_packets) || exit 1
s0=$(estat sent) k0=$(estat ok)
t0=$(cut -d' ' -f1 /proc/uptime)
echo "count=$N mode=mix channels=2" > $D/vmbus_echo/$G/run
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
s1=$(estat sent) k1=$(estat ok)
sent=$((s1 - s0)) ok=$((k1 - k0))
res="sent=$sent ok=$ok bad=$(estat bad) timeouts=$(estat timeouts) errors=$(estat errors) unexpected=$(estat unexpected) in $(awk -v a=$t0 -v b=$t1 'BEGIN { printf "%.1f", b - a }') s"
[ $rc = 0 ] && [ $sent = $N ] && [ $ok = $N ] && [ "$(estat bad)" = 0 ] &&
	[ "$(estat timeouts)" = 0 ] && [ "$(estat errors)" = 0 ] && [ "$(estat unexpected)" = 0 ] &&
	pass echo "$res" || fail echo "rc=$rc $res"
echo "HVLTEST INFO 41-vmbus-echo: $(grep '^channel' $ES | tr '\n' ' ')"

# VMB_SEND_MORE: a burst signals the host once, at its end; a signal owed
# and never given would leave requests unanswered (timeouts). The host is
# signalled no more often than the rings asked for.
csum() { cat $DEV/channels/*/$1 | awk '{ n += $1 } END { print n + 0 }'; }
e0=$(csum events) r0=$(($(csum intr_out_empty) + $(csum intr_in_full))) s0=$(estat sent) k0=$(estat ok)
echo "count=4000 mode=mix channels=2 more=1" > $D/vmbus_echo/$G/run
rc=$?
e1=$(csum events) r1=$(($(csum intr_out_empty) + $(csum intr_in_full)))
sent=$(($(estat sent) - s0)) ok=$(($(estat ok) - k0))
res="sent=$sent ok=$ok timeouts=$(estat timeouts); $((e1 - e0)) signals, the rings asked for $((r1 - r0))"
[ $rc = 0 ] && [ $sent = 4000 ] && [ $ok = 4000 ] && [ "$(estat timeouts)" = 0 ] && [ $((e1 - e0)) -le $((r1 - r0)) ] &&
	pass send_more "$res" || fail send_more "rc=$rc $res"

# MODIFYCHANNEL: move the primary channel to the other CPU, then use it
c=$DEV/channels/$relid
from=$(cat $c/cpu)
to=$((1 - from))
cc0=$(estat cpu_changes)
echo $to > $c/cpu
now=$(cat $c/cpu)
echo "count=300 mode=mix channels=2" > $D/vmbus_echo/$G/run
# the driver heard of the move (on_cpu_change), once, naming the new CPU
told=$(sed -n "s/^channel [0-9]*: relid $relid .* notified_cpu \([-0-9]*\) .*/\1/p" $ES)
[ "$now" = $to ] && [ "$(estat bad)" = 0 ] && [ "$(estat timeouts)" = 0 ] &&
	grep -q "^$relid:$to\$" $DEV/channel_vp_mapping && grep -q " relid=$relid .* vp=$to " $D/hv_sim/devices &&
	[ $(($(estat cpu_changes) - cc0)) = 1 ] && [ "$told" = $to ] &&
	pass cpu_move "relid $relid: cpu $from -> $now, the host interrupts VP $to, the driver was told" ||
	fail cpu_move "cpu $from -> $now; told '$told', cpu_changes $cc0 -> $(estat cpu_changes); host: $(grep " relid=$relid " $D/hv_sim/devices); $(cat $ES | tr '\n' ' ')"

kmsg_mark
echo "$G" > $D/hv_sim/del_device
# the bus drops the device's entry before the driver's remove runs
wait_until 50 '[ ! -d $DEV ] && [ ! -d $D/vmbus_echo/$G ]'
[ ! -d $DEV ] && [ ! -d $D/vmbus_echo/$G ] && pass rescind "device and driver state gone" ||
	fail rescind "still there: $(ls -d $DEV $D/vmbus_echo/$G 2>&1 | tr '\n' ' ')"
# the host frees the device once every relid was released
for i in $(seq 30); do grep -q "$G" $D/hv_sim/devices || break; usleep 100000; done
grep -q "$G" $D/hv_sim/devices && fail relid_released "$(cat $D/hv_sim/devices | tr '\n' ' ')" ||
	pass relid_released

if rmmod vmbus_echo && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | tr '\n' ' ')"
fi
