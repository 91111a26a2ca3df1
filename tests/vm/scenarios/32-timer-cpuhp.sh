# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# qemu-cpu: max,-arat
# timeout: 90
# CPU hotplug under hv_timer, direct mode: CPU1 ticks on stimer0 and goes
# offline and online again (sizes.conf: cpu_cycles); each time hv_timer
# gives its clockevent up (the LAPIC timer takes the tick back, the host
# stops the timer) and registers it again when the CPU returns, as the
# kernel's own Hyper-V stimer does; the CPU keeps ticking and sleeping.
# Hibernation takes CPU1 down and up the same way: the kernel's hibernation
# test mode (pm_test=processors) runs it to the point where the non-boot
# CPUs are offline, waits 5 s, and resumes.
#
# Why the VM has no ARAT: under hv_sim, CPU0 runs every VP's timers and has
# none itself (sim/stimer.c), so it keeps its LAPIC tick, and the LAPIC our
# device displaces on CPU1 is the one the tick core takes as its broadcast
# device when the LAPIC is ARAT-capable. The kernel cannot offline a CPU
# whose LAPIC is the broadcast device (on return, setup_APIC_timer()
# rewrites the device in use), so hv_timer refuses that offline (30-timer-
# direct checks the refusal). On Hyper-V every CPU has a stimer and the
# first LAPIC displaced, CPU0's, takes that role; CPU0 never goes offline.
# Without ARAT the LAPIC is never a broadcast device (the HPET stays one),
# which gives CPU1 the topology it has on Hyper-V.
# 33-timer-cpuhp-message runs this file on a message-mode host.
# checks: load cycles given_up taken_back ticking nanosleep hibernate
host=${TIMER_HOST:-ws2019} mode=${TIMER_MODE:-direct}
insmod "$(mod hv_sim)" host=$host && insmod "$(mod hv_core)" && insmod "$(mod hv_timer)" &&
	grep -q $mode $D/hv_timer/mode && [ "$(tick_dev 1)" = hvl_stimer0 ] &&
	pass load "$(head -1 $D/hv_timer/mode), CPU1 ticks on hvl_stimer0" ||
	{ fail load "mode $(head -1 $D/hv_timer/mode 2>&1), CPU1 tick $(tick_dev 1)"; exit 0; }
timer_cpu_cycles stimer_expirations_$mode
read -r bad max <<EOS
$(taskset 2 sh -c '. /hvl/lib.sh; sleeps 10')
EOS
[ "$bad" = 0 ] && pass nanosleep "10 x 50 ms on CPU1 after the cycles, longest ${max} ms" ||
	fail nanosleep "$bad early returns"

kmsg_mark
e0=$(sim_count stimer_expirations_$mode)
if echo processors > /sys/power/pm_test && echo disk > /sys/power/state; then
	wait_until 50 '[ "$(sim_count stimer_expirations_$mode)" -gt "$e0" ]'
	kmsg_since | grep -q 'CPU 1 is now offline' && kmsg_since | grep -q 'CPU1 is up' &&
		[ "$(tick_dev 1)" = hvl_stimer0 ] && [ "$(sim_count stimer_expirations_$mode)" -gt "$e0" ] &&
		pass hibernate "CPU1 down and up through the hibernation test, ticking on hvl_stimer0 after" ||
		fail hibernate "tick $(tick_dev 1): $(kmsg_since | grep -E 'CPU|hibernation' | tail -4 | tr '\n' '|')"
else
	fail hibernate "refused: $(kmsg_since | grep -E 'CPU|hibernation|PM:' | tail -3 | tr '\n' '|')"
fi
echo none > /sys/power/pm_test
