# SPDX-License-Identifier: GPL-2.0
# boot: own
# append: memmap=4K$0x30000000 crashkernel=384M
# mem: 1536
# expect: kdump
# timeout: 150
# A crash into a kdump kernel with the whole stack loaded and a channel
# open, on CPU 1, the kernel's default order (crash_kexec before the panic
# notifiers: vmbus.ko's panic notifier never runs). The kernel's machine
# crash shutdown calls the platform's crash handler (hv_sim's platform hook
# where Hyper-V's would be): hv_core runs its crash chain, vmbus.ko posts
# UNLOAD and polls every CPU's message page for the answer (the host answers
# on VP 0's, while CPU 1 crashes), hv_timer stops CPU 1's stimer, and CPU 1's
# SynIC goes off. The kdump kernel (one CPU) finds the rest as Hyper-V would
# leave it (sim/handoff.c): CPU 0's SynIC still on, the hypercall page and
# guest OS ID set, the VMBus unloaded. hv_core takes the stale SynIC and
# hypercall page over instead of refusing, vmbus connects, the echo channel
# works, and /proc/vmcore holds the crashed kernel's memory. 1.5 GiB: on the
# debug kernel, its KASAN shadow, a 100 MB initramfs and the 384 MB crash
# region no longer fit in 1 GiB side by side (the reservation failed).
# The crash path's own lines are checked in the crashed kernel's log, read
# from /proc/vmcore with kexec-tools' vmcore-dmesg.
# checks: loaded kdump_loaded crash_unload_answered host_unload crash_synic_off handoff_state takeover reloaded traffic_after vmcore
G=4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e
ES=$D/vmbus_echo/$G/stats
HO=0x30000000
if [ "$(stage)" = 1 ]; then
	stack_up $G handoff=$HO && echo_ok $G 200 && grep -q 'crash_handler: hooked' $D/hv_core/partition &&
		pass loaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ') $(cat $D/hv_timer/mode)" ||
		fail loaded "$(cat $ES 2>&1 | tr '\n' ' ') $(grep _handler $D/hv_core/partition)"
	next_initrd /tmp/next.cpio
	args=$(tr ' ' '\n' < /proc/cmdline | grep -v '^crashkernel=' | tr '\n' ' ')
	expect kdump_loaded kexec -p /hvl/vmlinuz --initrd=/tmp/next.cpio \
		--append="$args hvl.stage=2 nr_cpus=1 irqpoll reset_devices"
	taskset 2 sh -c 'echo c > /proc/sysrq-trigger'
	fail kdump_loaded "the crash returned"
	exit 1
fi
# stage 2: the kdump kernel
# The crash path's lines are read from the crashed kernel's own log in
# /proc/vmcore, not from the console: a CPU stopped by the crash while it
# held the console lock leaves them in the log buffer, unprinted (5.10 did).
log=$(/usr/sbin/vmcore-dmesg /proc/vmcore 2>&1)
crash_line() { # check, text
	printf '%s\n' "$log" | grep -q -F "$2" && pass "$1" ||
		fail "$1" "not in the crashed kernel's log: $2 ($(printf '%s\n' "$log" | grep -E 'vmbus|hv_core|hv_sim' | tail -2 | tr '\n' '|'))"
}
crash_line host_unload "hv_sim: vmbus: UNLOAD at the guest crash: answered at once on VP 0"
crash_line crash_unload_answered "vmbus: crash: UNLOAD answered by the host after"
crash_line crash_synic_off "hv_core: crash: SynIC of CPU1 disabled"
kmsg_mark
stack_up $G handoff=$HO &&
	pass reloaded "$(grep -E '^(state|version):' $D/vmbus/connection | tr '\n' ' ')" ||
	fail reloaded "$(kmsg_since | grep -E 'hv_core|vmbus' | tail -3 | tr '\n' '|')"
ho=$(kmsg_since | grep -m1 'hv_sim: handoff')
case $ho in
*"handoff after crash: the previous kernel left: SynIC on VPs 0; hypercall page overlaying GPA"*"guest OS ID"*)
	case $ho in
	*VMBus*) fail handoff_state "${ho#*] }" ;;
	*) pass handoff_state "${ho#*] }" ;;
	esac ;;
*) fail handoff_state "${ho:-no handoff line}" ;;
esac
t=$(kmsg_since | grep -c -e 'hv_core: kdump kernel: the crashed kernel left the SynIC enabled (CPU0' \
	-e "hv_core: kdump kernel: replacing the crashed kernel's hypercall page")
[ "$t" = 2 ] && pass takeover || fail takeover "$(kmsg_since | grep hv_core | head -3 | tr '\n' '|')"
echo_ok $G 200 && pass traffic_after || fail traffic_after "$(cat $ES 2>&1 | tr '\n' ' ')"
# the crashed kernel's memory: an ELF core with its notes
h=$(head -c 4 /proc/vmcore 2> /dev/null | od -An -c | tr -d ' ')
[ "$h" = '177ELF' ] && pass vmcore "$(ls -l /proc/vmcore | awk '{ print $5 }') bytes" ||
	fail vmcore "$(ls -l /proc/vmcore 2>&1) head '$h'"
