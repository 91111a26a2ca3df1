# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 400
# storvsc.ko's second increment: sub-channels and queueing, LUN hot add and
# remove, rescind. A controller of two channels gets its sub-channel from
# the host (CREATE_SUB_CHANNELS) and two blk-mq hardware queues; fio with
# two jobs, one per CPU, verifies (crc32c) random writes at queue depth 32
# with zero errors while the host sees commands on both channels. The
# per-device queue depth is changeable in sysfs, and refused out of range.
# With max_channels=1 the controller keeps one queue. While fio runs on LUN
# 0, a LUN is hot-added (the host's ENUMERATE_BUS: a new sd appears) and
# removed again (it goes), and fio on LUN 0 ends clean. A LUN removed while
# I/O runs on it fails that I/O and goes, and so does a controller the host
# rescinds under I/O, in the host's order (sub-channels first) and with the
# primary first: no hung task, no oops, no channel left open. Load/bind/unload cycles leave
# nothing behind (slab per call site, vmalloc areas).
# checks: load bind channels hw_queues fio_mq both_channels qdepth qdepth_bad one_channel params_bad
# checks: hot_add hot_add_io hot_remove fio_during_hotplug remove_busy_lun rescind_io
# checks: rescind_gone rescind_primary_first cycles unload slab vmalloc
G1=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0101
G2=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0102
on_exit "rmmod storvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

hwq() { ls -d /sys/block/$1/mq/* 2>/dev/null | wc -l; }
# fio <name> <dev> <size> [extra...]: random 4k writes verified, terse; echo "rc errors"
fiov() {
	local n=$1 d=$2 sz=$3 out rc
	shift 3
	out=$(fio --name=$n --filename=/dev/$d --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
		--iodepth=32 --size=$sz --verify=crc32c --do_verify=1 --verify_fatal=1 --randrepeat=0 \
		--output-format=terse "$@" 2>&1)
	rc=$?
	echo "$rc $(echo "$out" | grep '^3;' | cut -d';' -f5 | sort -u | tr '\n' ',')"
}

leak_mark
kmsg_mark
modprobe sd_mod 2>/dev/null
if insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod storvsc)"; then
	pass load
else
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi

echo "disk id=$G1 luns=1 size=128M channels=2" > $D/hv_sim/new_device
wait_until 100 "disk_of $G1 0 > /dev/null"
S0=$(disk_of $G1 0)
[ -n "$S0" ] && pass bind "$S0" || { fail bind "$(kmsg_since | tail -5 | tr '\n' '|')"; exit 0; }
ch=$(cat /sys/bus/vmbus/devices/$G1/storvsc/channels)
[ "$ch" = 2 ] && [ "$(sval $G1 subchannels)" = 1 ] && [ "$(sval $G1 subs)" = 1 ] &&
	pass channels "$ch channels, host: $(sval $G1 subs) sub-channel" ||
	fail channels "guest $ch: $(stor_line $G1) $(kmsg_since | grep storvsc | tail -3 | tr '\n' '|')"
# the queues' sysfs directories come a moment after the disk's
wait_until 50 "[ \"\$(hwq $S0)\" = 2 ]"
q=$(hwq $S0)
[ "$q" = 2 ] && pass hw_queues "$q" || fail hw_queues "$q: $(ls /sys/block/$S0/mq 2>&1 | tr '\n' ' ')"

MB=$(size stor_fio_mb) || exit 1
c0=$(sval $G1 chan_srbs)
r=$(fiov mq $S0 ${MB}M --numjobs=2 --offset_increment=64M --cpus_allowed=0,1 --cpus_allowed_policy=split)
[ "$r" = "0 0," ] && pass fio_mq "2 jobs on 2 CPUs, depth 32, verified" ||
	fail fio_mq "rc/errors: $r $(kmsg_since | tail -3 | tr '\n' '|')"
c1=$(sval $G1 chan_srbs)
a=$(( ${c1%/*} - ${c0%/*} )) b=$(( ${c1#*/} - ${c0#*/} ))
[ "$a" -gt 1000 ] && [ "$b" -gt 1000 ] && pass both_channels "commands per channel: $a / $b" ||
	fail both_channels "commands per channel: $a / $b"

QD=/sys/block/$S0/device/queue_depth
echo 16 > $QD 2>/dev/null
[ "$(cat $QD)" = 16 ] && pass qdepth "16" || fail qdepth "$(cat $QD)"
e1=$(sh -c "echo 0 > $QD" 2>&1 && echo ok) e2=$(sh -c "echo 100000 > $QD" 2>&1 && echo ok)
[ "$e1" != ok ] && [ "$e2" != ok ] && [ "$(cat $QD)" = 16 ] && pass qdepth_bad ||
	fail qdepth_bad "0: $e1, 100000: $e2, now $(cat $QD)"

# the guest's cap: one channel however many the host offers
echo 1 > /sys/module/storvsc/parameters/max_channels
echo "disk id=$G2 luns=1 size=16M channels=2" > $D/hv_sim/new_device
wait_until 100 "disk_of $G2 0 > /dev/null"
S2=$(disk_of $G2 0)
wait_until 50 "[ \"\$(hwq $S2)\" -ge 1 ]"
[ -n "$S2" ] && [ "$(cat /sys/bus/vmbus/devices/$G2/storvsc/channels)" = 1 ] && [ "$(hwq $S2)" = 1 ] &&
	[ "$(sval $G2 subchannels)" = 0 ] && pass one_channel ||
	fail one_channel "'$S2' channels $(cat /sys/bus/vmbus/devices/$G2/storvsc/channels 2>&1) queues $(hwq $S2): $(stor_line $G2 | cut -c1-200)"
echo 16 > /sys/module/storvsc/parameters/max_channels
echo "$G2" > $D/hv_sim/del_device

# bad parameter values: refused, one log line each, the value kept
P=/sys/module/storvsc/parameters
kmsg_mark
n=0
for v in "max_channels 0" "max_channels 17" "max_version 0x500" "max_version x" \
	 "timeout_resets 101" "timeout_resets -1"; do
	sh -c "echo ${v#* } > $P/${v%% *}" 2> /dev/null || n=$((n + 1))
done
[ "$n" = 6 ] && [ "$(kmsg_since | grep -c 'storvsc: ')" = 6 ] && [ "$(cat $P/max_channels)" = 16 ] &&
	[ "$(cat $P/max_version)" = 1538 ] && [ "$(cat $P/timeout_resets)" = 2 ] &&
	pass params_bad "6 refused, 6 lines" ||
	fail params_bad "$n refused: $(kmsg_since | tr '\n' '|') $(grep . $P/* | tr '\n' ' ')"

# LUN hot add and remove while LUN 0 carries verified I/O
e0=$(sval $G1 enumerates)
fiov hp $S0 $((MB * 2))M --numjobs=2 --offset_increment=64M --cpus_allowed=0,1 \
	--cpus_allowed_policy=split > /tmp/fio_hp &
FP=$!
sleep 1
echo "$G1 add_lun=3 size=16M" > $D/hv_sim/stor_ctl
wait_until 100 "disk_of $G1 3 > /dev/null"
S3=$(disk_of $G1 3)
[ -n "$S3" ] && [ "$(sval $G1 enumerates)" -gt "$e0" ] && pass hot_add "$S3 (LUN 3)" ||
	fail hot_add "'$S3': $(stor_line $G1) $(kmsg_since | tail -3 | tr '\n' '|')"
[ -n "$S3" ] && r=$(fiov ha $S3 4M) || r=none
[ "$r" = "0 0," ] && pass hot_add_io "$S3 verified" || fail hot_add_io "$r"
echo "$G1 remove_lun=3" > $D/hv_sim/stor_ctl
wait_until 100 "! disk_of $G1 3 > /dev/null"
! disk_of $G1 3 > /dev/null && [ ! -e /sys/block/$S3 ] && pass hot_remove "$S3 gone" ||
	fail hot_remove "$(ls /sys/block) $(kmsg_since | tail -3 | tr '\n' '|')"
wait $FP
r=$(cat /tmp/fio_hp)
[ "$r" = "0 0," ] && pass fio_during_hotplug "LUN 0: verified through the hot add and remove" ||
	fail fio_during_hotplug "$r $(kmsg_since | tail -3 | tr '\n' '|')"

# a LUN removed under its own I/O: the I/O fails, the disk goes, nothing hangs
echo "$G1 add_lun=4 size=16M" > $D/hv_sim/stor_ctl
wait_until 100 "disk_of $G1 4 > /dev/null"
S4=$(disk_of $G1 4)
fio --name=busy --filename=/dev/$S4 --direct=1 --ioengine=libaio --rw=randrw --bs=4k --iodepth=16 \
	--time_based --runtime=30 > /dev/null 2>&1 &
FP=$!
sleep 2
echo "$G1 remove_lun=4" > $D/hv_sim/stor_ctl
wait_until 150 "! kill -0 $FP 2>/dev/null"
gone=$(kill -0 $FP 2>/dev/null && echo running || echo ended)
wait_until 100 "[ ! -e /sys/block/$S4 ]"
[ -n "$S4" ] && [ "$gone" = ended ] && [ ! -e /sys/block/$S4 ] && pass remove_busy_lun "$S4: fio ended, disk gone" ||
	fail remove_busy_lun "'$S4' fio $gone: $(kmsg_since | tail -3 | tr '\n' '|')"
kill $FP 2>/dev/null
wait $FP 2>/dev/null

# the host rescinds the controller under I/O
fio --name=resc --filename=/dev/$S0 --direct=1 --ioengine=libaio --rw=randrw --bs=4k --iodepth=32 \
	--numjobs=2 --time_based --runtime=30 > /dev/null 2>&1 &
FP=$!
sleep 2
echo "$G1" > $D/hv_sim/del_device
wait_until 150 "! kill -0 $FP 2>/dev/null"
st=$(kill -0 $FP 2>/dev/null && echo running || echo ended)
[ "$st" = ended ] && pass rescind_io "fio ended" || fail rescind_io "fio $st: $(kmsg_since | tail -3 | tr '\n' '|')"
kill $FP 2>/dev/null
wait $FP 2>/dev/null
# hv_sim frees the device once the guest released every relid: after the guest's side
wait_until 100 "[ ! -e /sys/bus/vmbus/devices/$G1 ] && [ ! -e /sys/block/$S0 ] && [ -z \"\$(stor_line $G1)\" ]"
[ ! -e /sys/bus/vmbus/devices/$G1 ] && [ ! -e /sys/block/$S0 ] && [ -z "$(stor_line $G1)" ] &&
	pass rescind_gone || fail rescind_gone "$(ls /sys/block) $(stor_line $G1)"

# again, the primary's rescind first (the reorder fault holds the
# sub-channel's back): it comes while storvsc's remove is closing the
# sub-channel, which vmbus.ko then leaves to the driver
echo "disk id=$G1 luns=1 size=32M channels=2" > $D/hv_sim/new_device
wait_until 100 "disk_of $G1 0 > /dev/null"
S5=$(disk_of $G1 0)
fio --name=resc2 --filename=/dev/$S5 --direct=1 --ioengine=libaio --rw=randrw --bs=4k --iodepth=32 \
	--numjobs=2 --time_based --runtime=30 > /dev/null 2>&1 &
FP=$!
sleep 2
subs=$(sval $G1 subchannels)
kmsg_mark
echo "reorder count=1 arg=2" > $D/hv_sim/vmbus_faults
echo "$G1" > $D/hv_sim/del_device
wait_until 150 "! kill -0 $FP 2>/dev/null"
st=$(kill -0 $FP 2>/dev/null && echo running || echo ended)
wait_until 100 "[ -z \"\$(stor_line $G1)\" ]"
inj=$(sed -n 's/^reorder .*injected=\([0-9]*\).*/\1/p' $D/hv_sim/vmbus_faults)
echo clear > $D/hv_sim/vmbus_faults
[ -n "$S5" ] && [ "$subs" = 1 ] && [ "$st" = ended ] && [ "$inj" = 1 ] && [ -z "$(stor_line $G1)" ] &&
	! kmsg_since | grep -q "left open" && pass rescind_primary_first "fio ended, nothing left open" ||
	fail rescind_primary_first "'$S5' subs $subs fio $st reordered $inj: $(stor_line $G1) $(kmsg_since | grep -v hv_sim | tail -3 | tr '\n' '|')"
kill $FP 2>/dev/null
wait $FP 2>/dev/null

# bind and unbind: a controller comes and goes, the driver comes and goes
n=$(size storvsc_cycles) ok=0
for i in $(seq "$n"); do
	echo "disk id=$G2 luns=2 size=8M channels=2" > $D/hv_sim/new_device
	wait_until 100 "disk_of $G2 1 > /dev/null" || break
	dd if=/dev/$(disk_of $G2 1) of=/dev/null bs=64k count=4 iflag=direct 2>/dev/null || break
	if [ $((i % 2)) = 0 ]; then
		rmmod storvsc && insmod "$(mod storvsc)" || break
		wait_until 100 "disk_of $G2 1 > /dev/null" || break
	fi
	echo "$G2" > $D/hv_sim/del_device
	wait_until 100 "[ -z \"\$(stor_line $G2)\" ]" || break
	ok=$((ok + 1))
done
[ "$ok" = "$n" ] && pass cycles "$n controllers bound, used, rescinded (half with a driver reload)" ||
	fail cycles "$ok of $n: $(kmsg_since | tail -3 | tr '\n' '|')"

if rmmod storvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | head -5 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
leak_check
