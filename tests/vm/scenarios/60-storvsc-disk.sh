# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 300
# storvsc.ko's first increment end to end: a synthetic SCSI controller offered
# by hv_sim with two RAM-backed LUNs (512- and 4096-byte sectors) binds
# storvsc (by its modalias), negotiates the newest VSTOR version, and its
# LUNs become sd disks that lsscsi lists as Msft Virtual Disk. sg3-utils
# read the capacity and the VPD pages (serial, device identification, block
# limits, characteristics, provisioning) through the driver; an ext4 file
# system is made, mounted, written, unmounted and checked clean; fio writes
# and verifies (crc32c) random blocks at queue depth 32 with zero errors;
# discard reaches the host (its pages are freed). An older host (VSTOR 5.1,
# 4.2) is spoken to in its own format. Every module unloads with the disks
# present, and nothing storvsc or hv_sim allocated outlives them.
# checks: load bind modalias protocol lsscsi capacity sector_4k inquiry vpd_pages vpd_serial
# checks: vpd_ident vpd_limits vpd_rotation vpd_lbp mkfs mount write umount fsck fio_verify
# checks: discard host_counters stats_clean old_host_win8 old_host_win7 ide unload slab vmalloc
G1=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0001
G2=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0002
G3=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0003
# the class GUID ba6163d9-04a1-4d29-b605-72e2ffb1dc7f as stored
ALIAS=vmbus:d96361baa104294db60572e2ffb1dc7f
on_exit "umount /mnt 2>/dev/null; rmmod storvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

vstat() { cat /sys/bus/vmbus/devices/$1/stats/$2; }

leak_mark
kmsg_mark
modprobe sd_mod 2>/dev/null
modprobe ext4 2>/dev/null
if insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod storvsc)"; then
	pass load
else
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi

echo "disk id=$G1 luns=1 size=256M" > $D/hv_sim/new_device
echo "$G1 add_lun=1 size=32M sector=4096" > $D/hv_sim/stor_ctl
wait_until 100 "disk_of $G1 0 > /dev/null && disk_of $G1 1 > /dev/null"
S0=$(disk_of $G1 0) S1=$(disk_of $G1 1)
drv=$(basename "$(readlink /sys/bus/vmbus/devices/$G1/driver)")
[ -n "$S0" ] && [ -n "$S1" ] && [ "$drv" = hv_storvsc ] && pass bind "$S0 $S1 driver=$drv" ||
	fail bind "'$S0' '$S1' driver=$drv: $(kmsg_since | tail -5 | tr '\n' '|') $(stor_line $G1)"
[ -n "$S0" ] || exit 0

al=$(modinfo -F alias "$(mod storvsc)" 2>/dev/null | grep -c "^$ALIAS$")
[ "$(cat /sys/bus/vmbus/devices/$G1/modalias)" = "$ALIAS" ] && [ "$al" = 1 ] &&
	pass modalias || fail modalias "device $(cat /sys/bus/vmbus/devices/$G1/modalias), module has it: $al"

p=$(cat /sys/bus/vmbus/devices/$G1/storvsc/protocol)
[ "$p" = 6.2 ] && [ "$(sval $G1 vstor)" = 0x602 ] && [ "$(sval $G1 state)" = ready ] &&
	pass protocol "guest $p, host $(sval $G1 vstor) $(sval $G1 state)" ||
	fail protocol "guest $p: $(stor_line $G1)"

out=$(lsscsi 2>&1)
[ "$(echo "$out" | grep -c 'Msft.*Virtual Disk')" = 2 ] && echo "$out" | grep -qF ':0:0:0]' &&
	echo "$out" | grep -qF ':0:0:1]' &&
	pass lsscsi "$(echo "$out" | tr -s ' ' | tr '\n' '|')" || fail lsscsi "$(echo "$out" | tr '\n' '|')"

c0=$(cat /sys/block/$S0/size) b1=$(cat /sys/block/$S1/queue/logical_block_size)
c1=$(cat /sys/block/$S1/size)
[ "$c0" = 524288 ] && pass capacity "$S0: $c0 sectors" || fail capacity "$S0: $c0 sectors"
[ "$b1" = 4096 ] && [ "$c1" = 65536 ] && pass sector_4k "$S1: $b1-byte blocks, $c1 512-byte sectors" ||
	fail sector_4k "$S1: $b1-byte blocks, $c1 sectors"

out=$(sg_inq /dev/$S0 2>&1)
echo "$out" | grep -q 'Vendor identification: Msft' &&
	echo "$out" | grep -q 'Product identification: Virtual Disk' &&
	pass inquiry || fail inquiry "$(echo "$out" | head -12 | tr '\n' '|')"
pages=$(sg_vpd -p 0 /dev/$S0 2>&1)
n=0
for pg in sn di bl bdc lbpv; do echo "$pages" | grep -q "\[$pg\]" && n=$((n + 1)); done
[ "$n" = 5 ] && pass vpd_pages || fail vpd_pages "$(echo "$pages" | tr '\n' '|')"
out=$(sg_vpd -p sn /dev/$S0 2>&1)
echo "$out" | grep -q 'Unit serial number: [0-9A-Za-z]' && pass vpd_serial "$(echo "$out" | tail -1)" ||
	fail vpd_serial "$(echo "$out" | tr '\n' '|')"
out=$(sg_vpd -p di /dev/$S0 2>&1)
echo "$out" | grep -qi 'NAA' && pass vpd_ident || fail vpd_ident "$(echo "$out" | tr '\n' '|')"
out=$(sg_vpd -p bl /dev/$S0 2>&1)
echo "$out" | grep -qi 'Maximum unmap LBA count: \([1-9]\|-1 \[unbounded\]\)' &&
	echo "$out" | grep -qi 'Maximum unmap block descriptor count: [1-9]' && pass vpd_limits ||
	fail vpd_limits "$(echo "$out" | tr '\n' '|')"
out=$(sg_vpd -p bdc /dev/$S0 2>&1)
echo "$out" | grep -qi 'Non-rotating medium' && pass vpd_rotation ||
	fail vpd_rotation "$(echo "$out" | tr '\n' '|')"
out=$(sg_vpd -p lbpv /dev/$S0 2>&1)
echo "$out" | grep -qi 'Unmap command supported (LBPU): 1' && pass vpd_lbp ||
	fail vpd_lbp "$(echo "$out" | tr '\n' '|')"

expect mkfs /usr/sbin/mke2fs -q -t ext4 -F /dev/$S0
expect mount mount -t ext4 /dev/$S0 /mnt
dd if=/dev/urandom of=/tmp/blob bs=1M count=8 2>/dev/null
cp /tmp/blob /mnt/blob && sync && cmp /tmp/blob /mnt/blob && w=ok ||
	w="$(kmsg_since | tail -3 | tr '\n' '|')"
expect umount umount /mnt
out=$(/usr/sbin/e2fsck -f -n /dev/$S0 2>&1)
[ $? = 0 ] && pass fsck "$(echo "$out" | tail -1)" || fail fsck "$(echo "$out" | tail -4 | tr '\n' '|')"
# read back through a fresh mount: the data came from the host's RAM, not the page cache
mount -t ext4 -o ro /dev/$S0 /mnt && cmp /tmp/blob /mnt/blob || w="$w; reread differs"
umount /mnt 2>/dev/null
[ "$w" = ok ] && pass write "8 MiB written, read back after remount" || fail write "$w"


out=$(fio --name=v --filename=/dev/$S1 --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
	--iodepth=32 --size=16M --verify=crc32c --do_verify=1 --verify_fatal=1 --output-format=terse \
	--randrepeat=0 2>&1)
rc=$?
errs=$(echo "$out" | tail -1 | cut -d';' -f5)
[ $rc = 0 ] && [ "$errs" = 0 ] && pass fio_verify "16 MiB random 4k at depth 32, verified" ||
	fail fio_verify "rc=$rc errors='$errs': $(echo "$out" | tail -3 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"

pg0=$(stor_line $G1 | sed -n 's/.*luns=\([^ ]*\).*/\1/p' | cut -d, -f1 | cut -d: -f3)
busybox blkdiscard /dev/$S0 2>/dev/null
pg1=$(stor_line $G1 | sed -n 's/.*luns=\([^ ]*\).*/\1/p' | cut -d, -f1 | cut -d: -f3)
[ -n "$pg0" ] && [ "$pg0" -gt 0 ] && [ "$pg1" = 0 ] && pass discard "LUN 0 pages $pg0 -> $pg1" ||
	fail discard "LUN 0 pages '$pg0' -> '$pg1': $(cat /sys/block/$S0/queue/discard_max_bytes)"

srbs=$(sval $G1 srbs) rb=$(sval $G1 read_bytes) wb=$(sval $G1 write_bytes)
[ "$srbs" -gt 1000 ] && [ "$rb" -gt 16000000 ] && [ "$wb" -gt 16000000 ] &&
	[ "$(sval $G1 bad_packet)" = 0 ] && [ "$(sval $G1 bad_request)" = 0 ] &&
	pass host_counters "srbs=$srbs read=$rb write=$wb" ||
	fail host_counters "$(stor_line $G1) $(kmsg_since | grep hv_sim | tail -3 | tr '\n' '|')"
bad=0
for s in bad_packet bad_sense_len bad_xfer_len bad_srb_status cancelled; do
	[ "$(vstat $G1 $s)" = 0 ] || bad=$((bad + 1))
done
[ $bad = 0 ] && pass stats_clean || fail stats_clean "$(grep . /sys/bus/vmbus/devices/$G1/stats/* | tr '\n' ' ')"

# older hosts: the guest falls back and speaks their shorter format
echo "disk id=$G2 vstor=0x501" > $D/hv_sim/new_device
wait_until 100 "disk_of $G2 0 > /dev/null"
S2=$(disk_of $G2 0)
[ -n "$S2" ] && [ "$(cat /sys/bus/vmbus/devices/$G2/storvsc/protocol)" = 5.1 ] &&
	dd if=/dev/$S2 of=/dev/null bs=64k count=16 2>/dev/null &&
	pass old_host_win8 "$S2 at $(cat /sys/bus/vmbus/devices/$G2/storvsc/protocol)" ||
	fail old_host_win8 "'$S2': $(stor_line $G2) $(kmsg_since | tail -3 | tr '\n' '|')"
echo "disk id=$G3 vstor=0x402" > $D/hv_sim/new_device
wait_until 100 "disk_of $G3 0 > /dev/null"
S2=$(disk_of $G3 0)
[ -n "$S2" ] && [ "$(cat /sys/bus/vmbus/devices/$G3/storvsc/protocol)" = 4.2 ] &&
	dd if=/dev/urandom of=/dev/$S2 bs=64k count=16 oflag=direct 2>/dev/null &&
	dd if=/dev/$S2 of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null &&
	[ "$(sval $G3 bad_packet)" = 0 ] &&
	pass old_host_win7 "$S2 at $(cat /sys/bus/vmbus/devices/$G3/storvsc/protocol)" ||
	fail old_host_win7 "'$S2': $(stor_line $G3) $(kmsg_since | tail -3 | tr '\n' '|')"

# the IDE accelerator: its own class, the same protocol, one channel
G4=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0004
echo "ide id=$G4 size=16M" > $D/hv_sim/new_device
wait_until 100 "disk_of $G4 0 > /dev/null"
S4=$(disk_of $G4 0)
drv=$(basename "$(readlink /sys/bus/vmbus/devices/$G4/driver)" 2>/dev/null)
[ -n "$S4" ] && [ "$drv" = hv_storvsc ] && [ "$(cat /sys/bus/vmbus/devices/$G4/storvsc/channels)" = 1 ] &&
	dd if=/dev/urandom of=/tmp/ide bs=64k count=8 2>/dev/null &&
	dd if=/tmp/ide of=/dev/$S4 bs=64k oflag=direct 2>/dev/null &&
	dd if=/dev/$S4 of=/tmp/ide2 bs=64k count=8 iflag=direct 2>/dev/null && cmp -s /tmp/ide /tmp/ide2 &&
	pass ide "$S4 on the IDE accelerator class, data read back" ||
	fail ide "'$S4' driver '$drv': $(stor_line $G4) $(kmsg_since | tail -3 | tr '\n' '|')"

if rmmod storvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | head -5 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
rmmod ext4 2>/dev/null
leak_check
