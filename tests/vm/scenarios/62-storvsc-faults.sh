# SPDX-License-Identifier: GPL-2.0
# tier: deep
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 400
# storvsc.ko's error handling against every StorVSP fault knob. Each fault
# has its SCSI-level outcome, a counter on both sides, no oops and no
# silently corrupted data (fio verifies crc32c through every one that the
# midlayer retries): a medium error fails exactly the blocks it covers
# (EIO, sense logged) and clears; busy, queue full, a bad SRB status, an
# oversized sense length (clamped, counted) and a short transfer (the rest
# retried) are retried to success. A command never answered, or answered
# with a transaction ID the guest never used (refused by vmbus.ko), times
# out after its timer resets; the error handler resets the bus, the host
# gives the command back and the retry succeeds. A host that keeps a
# command through the reset gets its channels closed: the controller is
# disabled, its I/O fails at once, nothing hangs and it still goes away
# cleanly. Bad knob values are refused with one log line.
# checks: load bind medium_read medium_clear busy queue_full bad_srb big_sense short_xfer
# checks: no_answer no_answer_counts bad_trans_id ctl_bad reset_ignored disabled_fails
# checks: disabled_removed unload slab vmalloc
G1=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0201
G2=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0202
on_exit "rmmod storvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

gst() { cat /sys/bus/vmbus/devices/$1/stats/$2; }
ctl() { sh -c "echo '$1' > $D/hv_sim/stor_ctl" 2>&1 && echo ok; }
fiov() {
	local out rc
	out=$(fio --name=f --filename=/dev/$1 --direct=1 --ioengine=libaio --rw=randwrite --bs=${3:-4k} \
		--iodepth=16 --size=$2 --verify=crc32c --do_verify=1 --verify_fatal=1 --randrepeat=0 \
		--output-format=terse 2>&1)
	rc=$?
	echo "$rc $(echo "$out" | grep '^3;' | cut -d';' -f5)"
}
# <name> <knob> <count> <guest stat or -> [fio block size]: armed, fio verified, all shots used
knob() {
	local f0 f1 g0 g1 r
	f0=$(sval $G1 faults_injected) g0=0
	[ "$4" = - ] || g0=$(gst $G1 $4)
	[ "$(ctl "$G1 $2=$3")" = ok ] || { fail $1 "knob refused"; return; }
	r=$(fiov $S0 2M ${5:-4k})
	f1=$(sval $G1 faults_injected) g1=0
	[ "$4" = - ] || g1=$(gst $G1 $4)
	[ "$r" = "0 0" ] && [ $((f1 - f0)) = "$3" ] && [ "$(sval $G1 f_$2)" = 0 ] &&
		{ [ "$4" = - ] || [ $((g1 - g0)) -ge "$3" ]; } &&
		pass $1 "$3 hit, fio verified; guest $4: $g0 -> $g1" ||
		fail $1 "fio '$r', injected $f0 -> $f1, left $(sval $G1 f_$2), $4 $g0 -> $g1: $(kmsg_since | tail -3 | tr '\n' '|')"
}

leak_mark
kmsg_mark
modprobe sd_mod 2>/dev/null
if insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod storvsc)" timeout_resets=1; then
	pass load
else
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi
echo "disk id=$G1 luns=1 size=64M channels=2" > $D/hv_sim/new_device
wait_until 100 "disk_of $G1 0 > /dev/null"
S0=$(disk_of $G1 0)
[ -n "$S0" ] && pass bind "$S0" || { fail bind "$(kmsg_since | tail -5 | tr '\n' '|')"; exit 0; }
echo 2 > /sys/block/$S0/device/timeout

# a medium error on blocks 2048..2055: reads there fail, reads around do not
dd if=/dev/urandom of=/dev/$S0 bs=4k count=1024 oflag=direct 2>/dev/null
ctl "$G1 medium_error=0:2048:8" > /dev/null
c0=$(sval $G1 check_condition)
dd if=/dev/$S0 of=/dev/null bs=512 skip=2048 count=8 iflag=direct 2>/dev/null && bad=read || bad=failed
dd if=/dev/$S0 of=/dev/null bs=512 skip=1024 count=8 iflag=direct 2>/dev/null && good=read || good=failed
[ "$bad" = failed ] && [ "$good" = read ] && [ "$(sval $G1 check_condition)" -gt "$c0" ] &&
	kmsg_since | grep -qi 'medium error' &&
	pass medium_read "blocks 2048+8 fail with MEDIUM ERROR, 1024+8 read" ||
	fail medium_read "bad range $bad, good range $good: $(stor_line $G1 | cut -c1-300) $(kmsg_since | tail -3 | tr '\n' '|')"
ctl "$G1 medium_error=0:0:0" > /dev/null
dd if=/dev/$S0 of=/dev/null bs=512 skip=2048 count=8 iflag=direct 2>/dev/null &&
	pass medium_clear || fail medium_clear "$(stor_line $G1 | cut -c1-300)"

knob busy busy 4 host_busy
knob queue_full queue_full 4 host_busy
knob bad_srb bad_srb 3 bad_srb_status
knob big_sense big_sense 3 bad_sense_len
knob short_xfer short_xfer 6 - 64k

# never answered: timer reset once, then the error handler's bus reset
t0=$(gst $G1 timeout_reset) h0=$(gst $G1 host_reset) r0=$(sval $G1 released)
ctl "$G1 no_answer=1" > /dev/null
dd if=/dev/$S0 of=/tmp/blk bs=4k count=1 iflag=direct 2>/dev/null && st=read || st=failed
dd if=/dev/$S0 of=/tmp/blk2 bs=4k count=1 iflag=direct 2>/dev/null
[ "$st" = read ] && cmp -s /tmp/blk /tmp/blk2 && pass no_answer "read after the bus reset" ||
	fail no_answer "$st: $(kmsg_since | tail -4 | tr '\n' '|')"
[ "$(gst $G1 timeout_reset)" -gt "$t0" ] && [ "$(gst $G1 host_reset)" -gt "$h0" ] &&
	[ "$(sval $G1 released)" -gt "$r0" ] && [ "$(gst $G1 reset_failed)" = 0 ] &&
	pass no_answer_counts "timer resets $t0 -> $(gst $G1 timeout_reset), bus resets $h0 -> $(gst $G1 host_reset), host released $(sval $G1 released)" ||
	fail no_answer_counts "$(grep . /sys/bus/vmbus/devices/$G1/stats/* | sed 's|.*/||' | tr '\n' ' ') $(stor_line $G1 | cut -c1-400)"
h0=$(gst $G1 host_reset)
ctl "$G1 bad_trans_id=1" > /dev/null
dd if=/dev/$S0 of=/tmp/blk bs=4k count=1 iflag=direct 2>/dev/null && st=read || st=failed
[ "$st" = read ] && [ "$(gst $G1 host_reset)" -gt "$h0" ] && [ "$(sval $G1 f_bad_trans_id)" = 0 ] &&
	pass bad_trans_id "stray completion refused, the command came back at the reset" ||
	fail bad_trans_id "$st $(gst $G1 host_reset): $(kmsg_since | tail -4 | tr '\n' '|')"

# bad knob values: refused, one line each, nothing armed
kmsg_mark
n=0
for v in "busy=-1" "busy=x" "no_answer=2000000" "medium_error=0:1" "medium_error=70:0:1" \
	 "medium_error=0:999999999:8" "busy=1 busy=2" "frobnicate=1"; do
	[ "$(ctl "$G1 $v")" = ok ] || n=$((n + 1))
done
[ "$n" = 8 ] && [ "$(kmsg_since | grep -c 'stor_ctl')" = 8 ] && [ "$(sval $G1 f_busy)" = 0 ] &&
	pass ctl_bad "8 refused, 8 lines" || fail ctl_bad "$n refused: $(kmsg_since | grep stor_ctl | tr '\n' '|')"

# a host that keeps a command through the reset: the controller is disabled
echo "disk id=$G2 luns=1 size=16M channels=2" > $D/hv_sim/new_device
wait_until 100 "disk_of $G2 0 > /dev/null"
S2=$(disk_of $G2 0)
echo 2 > /sys/block/$S2/device/timeout
ctl "$G2 no_answer=1 ignore_reset=1" > /dev/null
dd if=/dev/$S2 of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null && st=read || st=failed
[ "$st" = failed ] && [ "$(gst $G2 reset_failed)" -ge 1 ] &&
	kmsg_since | grep -q 'controller disabled' &&
	pass reset_ignored "I/O failed, controller disabled" ||
	fail reset_ignored "$st $(grep . /sys/bus/vmbus/devices/$G2/stats/* 2>&1 | sed 's|.*/||' | tr '\n' ' ')"
dd if=/dev/$S2 of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null && st=read || st=failed
[ "$st" = failed ] && pass disabled_fails || fail disabled_fails "$st"
echo "$G2" > $D/hv_sim/del_device
wait_until 100 "[ -z \"\$(stor_line $G2)\" ] && [ ! -e /sys/block/$S2 ]"
[ -z "$(stor_line $G2)" ] && [ ! -e /sys/block/$S2 ] && pass disabled_removed ||
	fail disabled_removed "$(stor_line $G2 | cut -c1-200) $(ls /sys/block)"

if rmmod storvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | head -5 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
leak_check
