# SPDX-License-Identifier: GPL-2.0
# boot: own
# append: memmap=4K$0x30000000
# timeout: 150
# A kexec into a second kernel with the whole stack loaded, a channel open,
# an ext4 mounted on a storvsc disk and a slow host, then the stack loaded
# again in the second kernel. hv_sim
# carries the partition's state across in a reserved page (sim/handoff.c),
# as Hyper-V keeps it: the second kernel's hv_sim says what the first left.
# First kernel (stage 1): device shutdown flushes the disk's write cache
# through storvsc, then vmbus.ko's own device, the oldest of them, UNLOADs
# and waits for a host that takes 7 s (the delay fault on UNLOAD), saying
# so every 5 s; then the stimers stop the stimers and the TSC page (hv_timer),
# disables the SynIC on every CPU and the hypercall page (hv_core), from the
# kexec handler (the platform's, hv_sim's after device shutdown). Second
# kernel (stage 2): hv_sim finds a clean partition; hv_core loads (a SynIC
# left on would make it refuse), vmbus connects, the echo channel works.
# checks: loaded disk_mounted kexec_loaded cache_flushed unload_waited unload_answered synic_off
# checks: handoff_clean reloaded traffic_after
G=3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d
GD=3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7e
ES=$D/vmbus_echo/$G/stats
HO=0x30000000
if [ "$(stage)" = 1 ]; then
	stack_up $G handoff=$HO && echo_ok $G 200 && grep -q "kexec_handler: hooked" $D/hv_core/partition &&
		pass loaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ') $(cat $D/hv_timer/mode)" ||
		fail loaded "$(cat $ES 2>&1 | tr '\n' ' ') $(grep _handler $D/hv_core/partition)"
	# the disk: its shutdown flushes the cache through storvsc, which
	# needs the connection; an UNLOAD before it would leave that waiting
	modprobe sd_mod 2>/dev/null
	modprobe ext4 2>/dev/null
	S0=
	insmod "$(mod storvsc)" && ext4_disk $GD && echo "written before the kexec" > /mnt/f &&
		pass disk_mounted "/dev/$S0" ||
		fail disk_mounted "'$S0': $(dmesg | tail -3 | tr '\n' '|')"
	next_initrd /tmp/next.cpio
	expect kexec_loaded kexec -l /hvl/vmlinuz --initrd=/tmp/next.cpio --append="$(cat /proc/cmdline) hvl.stage=2"
	# the host takes 7 s over the UNLOAD (message type 16)
	echo "delay count=1 arg=7000000 type=16" > $D/hv_sim/vmbus_faults
	echo 7 > /proc/sys/kernel/printk
	echo "HVLTEST EXPECT 91-kexec/cache_flushed [$S0] Synchronizing SCSI cache"
	echo "HVLTEST EXPECT 91-kexec/unload_waited vmbus: reboot: still waiting for UNLOAD_RESPONSE (5 s)"
	echo "HVLTEST EXPECT 91-kexec/unload_answered vmbus: reboot: UNLOAD answered by the host"
	echo "HVLTEST EXPECT 91-kexec/synic_off hv_core: kexec: SynIC disabled on 2 CPUs"
	kexec -e
	fail kexec_loaded "kexec -e returned: $?"
	exit 1
fi
# stage 2: the second kernel
kmsg_mark
stack_up $G handoff=$HO &&
	pass reloaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ')" ||
	fail reloaded "$(kmsg_since | grep -E 'hv_core|vmbus' | tail -3 | tr '\n' '|')"
ho=$(kmsg_since | grep -m1 'hv_sim: handoff')
case $ho in
*"handoff after kexec/reboot: the previous kernel left a clean partition"*) pass handoff_clean "${ho#*] }" ;;
*) fail handoff_clean "${ho:-no handoff line}" ;;
esac
echo_ok $G 200 && pass traffic_after || fail traffic_after "$(cat $ES 2>&1 | tr '\n' ' ')"
