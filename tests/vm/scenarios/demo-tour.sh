# SPDX-License-Identifier: GPL-2.0
# boot: own
# expect: panic
# timeout: 120
# make demo's tour (never part of make test, which runs only the numbered
# scenarios): the stack on hv_sim's "azure" host, told in "HVLDEMO" lines
# that scripts/demo.sh shows as they are. It loads the partition layer, the
# timer and the VMBus stack, offers two echo devices, pushes verified traffic
# through every channel, pings between two netvsc NICs, puts ext4 on a
# storvsc disk, shows the integration services (heartbeats, the PTP clock,
# a time step from the host), and ends with a panic whose crash report the host prints. The checks are the harness's guarantee that what it says is true;
# make demo shows them only when one fails.
# checks: partition timer bus devices traffic network storage ic crash_report
say() { echo "HVLDEMO $*"; }
G1=d3e40000-0000-4000-8000-000000000001
G2=d3e40000-0000-4000-8000-000000000002
field() { sed -n "s/^$2: *//p" "$1" | head -1; }

# ---- the partition
insmod "$(mod hv_sim)" host=azure && insmod "$(mod hv_core)" ||
	{ fail partition "$(dmesg | tail -2 | tr '\n' '|')"; exit 1; }
hv=$(dmesg | sed -n 's/.*hv_core: \(Hyper-V .*\)/\1/p' | tail -1)
say "partition"
say "  host            hv_sim, host generation \"azure\" (ws2012r2 ws2016 ws2019 ws2022 azure)"
say "  hypervisor      $hv"
say "  guest OS ID     $(field $D/hv_core/partition guest_os_id)"
say "  hypercall page  $(field $D/hv_core/partition hypercall_msr)"
say "  SynIC           $(grep -c ': up' $D/hv_core/synic) of $(nproc) CPUs up, vector $(field $D/hv_core/synic synic_vector)"
say "  crash reports   $(field $D/hv_core/partition crash_reporting)"
pass partition "$hv"

# ---- the timer: the TSC page as clocksource, stimer0 as CPU 1's tick
insmod "$(mod hv_timer)" || { fail timer "insmod hv_timer: $(dmesg | tail -1)"; exit 1; }
CS=/sys/devices/system/clocksource/clocksource0/current_clocksource
e0=$(sim_count stimer_expirations_direct); sleep 1; e1=$(sim_count stimer_expirations_direct)
say ""
say "timer"
say "  clocksource     $(cat $CS) (the reference TSC page)"
say "  CPU 1 tick      $(tick_dev 1): $((e1 - e0)) stimer expirations in 1 s"
[ "$(cat $CS)" = hvl_tsc_page ] && [ "$(tick_dev 1)" = hvl_stimer0 ] && [ $((e1 - e0)) -gt 0 ] &&
	pass timer || fail timer "clocksource $(cat $CS), tick $(tick_dev 1), $((e1 - e0)) expirations"

# ---- the bus
insmod "$(mod vmbus)" && insmod "$(mod vmbus_echo)" ||
	{ fail bus "$(dmesg | tail -2 | tr '\n' '|')"; exit 1; }
say ""
say "VMBus"
say "  connection      $(field $D/vmbus/connection state), version $(field $D/vmbus/connection version) (the host offers up to $(field $D/hv_sim/vmbus host_max_version); we ask newest first)"
[ "$(field $D/vmbus/connection state)" = connected ] && pass bus || fail bus "$(cat $D/vmbus/connection | head -3 | tr '\n' ' ')"

echo "echo id=$G1 channels=2" > $D/hv_sim/new_device
echo "echo id=$G2 channels=4 monitor=1" > $D/hv_sim/new_device
wait_until 100 '[ -f $D/vmbus_echo/$G1/run ]' && wait_until 100 '[ -f $D/vmbus_echo/$G2/run ]'
# open every channel the devices offer (the driver asks for sub-channels)
echo "count=8 mode=inband channels=2" > $D/vmbus_echo/$G1/run
echo "count=8 mode=inband channels=4" > $D/vmbus_echo/$G2/run
say ""
say "devices on the bus (/sys/bus/vmbus/devices)"
say "  $(printf '%-10s %-36s %-10s %-8s %s' class instance driver channels CPUs)"
n=0
for d in /sys/bus/vmbus/devices/*; do
	[ -e "$d/class_id" ] || continue
	case $(cat $d/class_id) in
	"{217bca27-db23-4665-997d-94fcd555cfac}") cls=echo ;;
	*) cls=$(cat $d/class_id) ;;
	esac
	drv=$(basename "$(readlink $d/driver)" 2>/dev/null)
	chans=$(wc -l < $d/channel_vp_mapping)
	cpus=$(cut -d: -f2 $d/channel_vp_mapping | sort -un | tr '\n' ',' | sed 's/,$//')
	say "  $(printf '%-10s %-36s %-10s %-8s %s' $cls "$(cat $d/device_id | tr -d '{}')" "${drv:-none}" $chans $cpus)"
	n=$((n + 1))
done
[ $n = 2 ] && pass devices "$n devices" || fail devices "$n devices on the bus"

# ---- traffic: requests of every kind (in-band, GPA page buffers, multi-page
# buffers; 1 B to 64 KiB), every byte of every answer checked
say ""
say "traffic (echo requests, every byte checked)"
bad=0
for g in $G1 $G2; do
	ES=$D/vmbus_echo/$g/stats
	ch=$(estat channels)
	echo "count=4000 mode=mix channels=$ch" > $D/vmbus_echo/$g/run || bad=1
	set -- $(sed -n 's/^last_run: packets=\([0-9]*\) bytes=\([0-9]*\) ns=\([0-9]*\)/\1 \2 \3/p' $ES)
	say "  ...$(echo $g | cut -c33-36)  $(printf '%d channels  %6d requests  %6.1f MB  %5.2f s  %7.0f requests/s' $ch $1 \
		"$(awk -v b=$2 'BEGIN { print b / 1e6 }')" "$(awk -v n=$3 'BEGIN { print n / 1e9 }')" \
		"$(awk -v p=$1 -v n=$3 'BEGIN { print p * 1e9 / n }')")  bad $(estat bad)"
	[ "$1" = 4000 ] && [ "$(estat bad)" = 0 ] && [ "$(estat timeouts)" = 0 ] || bad=1
done
say "  (under QEMU's software emulation: compare ratios, not these numbers; make bench)"
[ $bad = 0 ] && pass traffic || fail traffic "$(cat $D/vmbus_echo/*/stats | tr '\n' ' ')"

# ---- the synthetic NIC: two netvsc NICs in two namespaces, joined by hv_sim's switch
say ""
say "network (netvsc): two synthetic NICs, one per network namespace, through hv_sim's switch"
N1=6e7d0a10-1c2d-4e3f-8a4b-5c6d7e8fde01 N2=6e7d0a10-1c2d-4e3f-8a4b-5c6d7e8fde02
insmod "$(mod netvsc)" && echo "net id=$N1" > $D/hv_sim/new_device && echo "net id=$N2" > $D/hv_sim/new_device &&
	wait_until 100 '[ -n "$(nic_if $N1)" ] && [ -n "$(nic_if $N2)" ]'
I1=$(nic_if $N1) I2=$(nic_if $N2)
ip netns add a && ip netns add b && ip link set $I1 netns a && ip link set $I2 netns b &&
	A ip addr add 10.99.0.1/24 dev $I1 && B ip addr add 10.99.0.2/24 dev $I2 &&
	A ip link set $I1 up && B ip link set $I2 up
wait_until 50 'A ping -c 1 -W 1 10.99.0.2 > /dev/null 2>&1'
out=$(A ping -c 5 -i 0.2 -W 2 10.99.0.2 2>&1)
say "  $I1 $(A cat /sys/class/net/$I1/address) 10.99.0.1  <->  $I2 $(B cat /sys/class/net/$I2/address) 10.99.0.2, $(A ls /sys/class/net/$I1/queues | grep -c rx) queues each"
say "  ping: $(echo "$out" | grep 'packet loss' | sed 's/, time.*//')"
echo "$out" | grep -q ' 0% packet loss' && pass network "$I1 -> $I2" ||
	fail network "'$I1' '$I2': $(echo "$out" | tail -2 | tr '\n' '|')"

# ---- the synthetic SCSI controller: a RAM-backed LUN as an sd disk with ext4 on it
say ""
say "storage (storvsc): a synthetic SCSI controller with one RAM-backed LUN"
S1=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8fde01
modprobe sd_mod; modprobe ext4
insmod "$(mod storvsc)" && echo "disk id=$S1 luns=1 size=128M" > $D/hv_sim/new_device &&
	wait_until 100 "ls /sys/bus/vmbus/devices/$S1/host*/target*/*/block > /dev/null 2>&1"
SD=$(ls /sys/bus/vmbus/devices/$S1/host*/target*/*/block 2>/dev/null | head -1)
say "  $(lsscsi | grep -i msft | tr -s ' \t' ' ')  /dev/$SD, VSTOR $(cat /sys/bus/vmbus/devices/$S1/storvsc/protocol), $(cat /sys/bus/vmbus/devices/$S1/storvsc/channels) channels"
dd if=/dev/urandom of=/tmp/blob bs=1M count=16 2>/dev/null
ok=no
/usr/sbin/mke2fs -q -t ext4 -F /dev/$SD && mount -t ext4 /dev/$SD /mnt && cp /tmp/blob /mnt/blob &&
	umount /mnt && mount -t ext4 -o ro /dev/$SD /mnt && cmp -s /tmp/blob /mnt/blob && umount /mnt &&
	/usr/sbin/e2fsck -f -n /dev/$SD > /dev/null 2>&1 && ok=yes
say "  ext4 made, 16 MiB written, read back after a remount: $([ $ok = yes ] && echo identical || echo FAILED), fsck clean"
[ $ok = yes ] && pass storage "/dev/$SD" || fail storage "'$SD': $(dmesg | tail -3 | tr '\n' '|')"

# ---- the integration services: heartbeat, shutdown, time sync with its PTP clock
say ""
say "integration services (hv_ic): heartbeat, shutdown, time sync"
modprobe ptp 2>/dev/null
ok=no
if insmod "$(mod hv_ic)" && for t in heartbeat shutdown timesync; do echo $t > $D/hv_sim/new_device; done &&
	wait_until 100 '[ "$(grep -c " state=ready " $D/hv_sim/ic)" = 3 ]'; then
	icv() { grep " $1 " $D/hv_sim/ic | tr ' ' '\n' | sed -n "s/^$2=//p"; }
	echo "heartbeat period_ms=100" > $D/hv_sim/ic_ctl
	wait_until 50 '[ "$(icv heartbeat heartbeats)" -ge 5 ]'
	say "  versions        heartbeat $(icv heartbeat version), shutdown $(icv shutdown version), time sync $(icv timesync version) (framework $(icv heartbeat fw))"
	say "  heartbeats      $(icv heartbeat heartbeats) answered with the sequence number plus one"
	P=
	for c in /sys/class/ptp/ptp*; do [ "$(cat $c/clock_name)" = hyperv ] && P=/dev/${c##*/}; done
	say "  PTP clock       $P \"hyperv\": $(phc_ctl $P get 2>&1 | sed -n 's/.*clock time is \([0-9]*\)\..*/\1/p') s, the system clock $(date +%s) s"
	TS=$(grep -lx '{9527e630-d0ae-497b-adce-e80ab0175caf}' /sys/bus/vmbus/devices/*/class_id | xargs dirname)
	s0=$(date +%s)
	echo "timesync offset_ms=86400000 send=sync" > $D/hv_sim/ic_ctl
	wait_until 50 '[ "$(cat $TS/stats/steps)" = 1 ]'
	d=$(($(date +%s) - s0))
	echo "timesync offset_ms=0 send=sync" > $D/hv_sim/ic_ctl
	wait_until 50 '[ "$(cat $TS/stats/steps)" = 2 ]'
	say "  time step       the host says it is a day later: the clock moved $d s; and back ($(cat $TS/stats/steps) steps)"
	[ "$(icv heartbeat heartbeats)" -ge 5 ] && [ -n "$P" ] && [ $d -ge 86390 ] && [ $d -le 86410 ] &&
		[ "$(cat $TS/stats/steps)" = 2 ] && ok=yes
fi
[ $ok = yes ] && pass ic "$(grep -c ' state=ready ' $D/hv_sim/ic) services" ||
	fail ic "$(cat $D/hv_sim/ic 2>&1 | tr '\n' '|') $(dmesg | tail -3 | tr '\n' '|')"

# ---- a crash, reported to the host through the crash MSRs
say ""
say "crash: the guest panics on CPU 1; the host prints what it received"
echo "HVLTEST EXPECT demo-tour/crash_report hv_sim: guest crash: P0=0x0 P1=0x1 "
taskset 2 sh -c 'echo c > /proc/sysrq-trigger'
