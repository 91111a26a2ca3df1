# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# hv_timer on hv_sim (ws2019: direct-mode stimers): the TSC-page clocksource
# is selectable and runs at the TSC's rate; the stimer clockevent drives the
# tick of the CPU whose timers the sim can back (CPU1; CPU0 is the sim's host
# CPU and keeps its LAPIC); sleeps are not cut short; expirations arrive in
# direct mode; the tick does its timer-wheel work (the TIMER softirq runs on
# CPU1); an invalid TSC page falls back to the MSR; while it ticks, rmmod and
# taking CPU1 offline are refused (EBUSY) and nothing breaks.
# checks: load clocksource rate tick wheel nanosleep direct_mode fallback unload_refused offline_refused
CS=/sys/devices/system/clocksource/clocksource0

insmod "$(mod hv_sim)" host=ws2019 && insmod "$(mod hv_core)" &&
	insmod "$(mod hv_timer)" && pass load "$(head -1 $D/hv_timer/mode)" ||
	fail load "$(dmesg | tail -3 | tr '\n' '|')"

grep -qw hvl_tsc_page $CS/available_clocksource && echo hvl_tsc_page > $CS/current_clocksource &&
	[ "$(cat $CS/current_clocksource)" = hvl_tsc_page ] && pass clocksource "$(cat $CS/available_clocksource)" ||
	fail clocksource "available: $(cat $CS/available_clocksource) current: $(cat $CS/current_clocksource)"

# our counter against the TSC over one second, both read in one kernel sample
# (a measurement window, not a wait)
s0=$(sed -n 's/^sample: //p' $D/hv_timer/stats); sleep 1; s1=$(sed -n 's/^sample: //p' $D/hv_timer/stats)
ratio=$(echo "$s0 $s1" | tr '=' ' ' | awk '{ dt = $8 - $2; dr = $10 - $4; khz = $6;
	if (dt <= 0 || khz <= 0) { print "bad"; exit } printf "%.6f", (dr * 100) / (dt * 1000000 / khz) }')
awk -v r="$ratio" 'BEGIN { exit !(r > 0.999 && r < 1.001) }' && pass rate "ref/tsc rate $ratio" ||
	fail rate "ratio=$ratio samples: $s0 / $s1"

dev=$(tick_dev 1)
[ "$dev" = hvl_stimer0 ] && pass tick "CPU1 tick device: $dev, CPU0: $(tick_dev 0)" || fail tick "CPU1 tick device: $dev"
w0=$(wheel_runs 1); wait_until 50 '[ "$(wheel_runs 1)" -gt "$w0" ]'; w1=$(wheel_runs 1)
[ "$w1" -gt "$w0" ] && pass wheel "CPU1 TIMER softirqs $w0 -> $w1" || fail wheel "CPU1 TIMER softirqs $w0 -> $w1"

# 20 sleeps of 50 ms: none may return early; a dead clockevent would hang here
read -r bad max <<EOS
$(sleeps 20)
EOS
exp0=$(stat_total expirations)
[ $bad = 0 ] && [ "${exp0:-0}" -gt 0 ] && pass nanosleep "20 x 50 ms, longest ${max} ms, $exp0 stimer expirations" ||
	fail nanosleep "$bad early returns, expirations=$exp0"

d0=$(sim_count stimer_expirations_direct)
wait_until 30 '[ "$(sim_count stimer_expirations_direct)" -gt "$d0" ]'; d1=$(sim_count stimer_expirations_direct)
grep -q direct $D/hv_timer/mode && [ "$d1" -gt "$d0" ] && pass direct_mode "direct expirations $d0 -> $d1" ||
	fail direct_mode "mode=$(head -1 $D/hv_timer/mode) direct $d0 -> $d1"

f0=$(stat_total fallback_reads)
echo 1 > $D/hv_sim/tsc_page_invalid
wait_until 30 '[ "$(stat_total fallback_reads)" -gt "${f0:-0}" ]'
echo 0 > $D/hv_sim/tsc_page_invalid
f1=$(stat_total fallback_reads)
[ "${f1:-0}" -gt "${f0:-0}" ] && pass fallback "$((f1 - f0)) reads through TIME_REF_COUNT" || fail fallback "$f0 -> $f1"

out=$(rmmod hv_timer 2>&1)
[ $? -ne 0 ] && grep -q '^hv_timer ' /proc/modules && [ "$(tick_dev 1)" = hvl_stimer0 ] && usleep 100000 &&
	pass unload_refused "$out" || fail unload_refused "rc=$? $out tick=$(tick_dev 1)"

check_offline_refused stimer_expirations_direct
