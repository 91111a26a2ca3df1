# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# hv_timer on hv_sim emulating ws2012r2 (no direct-mode stimers): the
# clockevent runs in message mode on HVCORE_SINT_TIMER (3) and drives CPU1's
# tick; a malformed timer message from the host is counted and dropped; the
# clockevent keeps ticking after it; the tick does its timer-wheel work (the
# TIMER softirq runs on CPU1). Taking CPU1 offline is refused (its tick has
# nowhere else to go and would lose the SynIC it needs), and it keeps ticking
# after the refusal.
# checks: load message_mode tick wheel nanosleep bad_message still_ticking offline_refused

insmod "$(mod hv_sim)" host=ws2012r2 && insmod "$(mod hv_core)" && insmod "$(mod hv_timer)" &&
	pass load "$(head -1 $D/hv_timer/mode)" || fail load "$(dmesg | tail -3 | tr '\n' '|')"
m0=$(sim_count stimer_expirations_message)
wait_until 30 '[ "$(sim_count stimer_expirations_message)" -gt "$m0" ]'; m1=$(sim_count stimer_expirations_message)
grep -q message $D/hv_timer/mode && [ "$m1" -gt "$m0" ] && pass message_mode "timer messages $m0 -> $m1" ||
	fail message_mode "mode=$(head -1 $D/hv_timer/mode) $m0 -> $m1"
[ "$(tick_dev 1)" = hvl_stimer0 ] && pass tick "CPU1 tick device: hvl_stimer0" || fail tick "$(tick_dev 1)"
w0=$(wheel_runs 1); wait_until 50 '[ "$(wheel_runs 1)" -gt "$w0" ]'; w1=$(wheel_runs 1)
[ "$w1" -gt "$w0" ] && pass wheel "CPU1 TIMER softirqs $w0 -> $w1" || fail wheel "CPU1 TIMER softirqs $w0 -> $w1"
read -r bad max <<EOS
$(sleeps 10)
EOS
[ $bad = 0 ] && pass nanosleep "10 x 50 ms, none early, longest ${max} ms" || fail nanosleep "$bad early returns"
# a TIMER_EXPIRED message with no payload, as a broken host might send it
b0=$(stat_total bad_messages)
echo "1 3 0x80000010" > $D/hv_sim/post_test_message
wait_until 30 '[ "$(stat_total bad_messages)" -gt "${b0:-0}" ]'
b1=$(stat_total bad_messages)
[ "${b1:-0}" -gt "${b0:-0}" ] && pass bad_message "bad_messages $b0 -> $b1" || fail bad_message "$b0 -> $b1"
m0=$(sim_count stimer_expirations_message)
wait_until 30 '[ "$(sim_count stimer_expirations_message)" -gt "$m0" ]'; m1=$(sim_count stimer_expirations_message)
[ "$m1" -gt "$m0" ] && [ "$(tick_dev 1)" = hvl_stimer0 ] && pass still_ticking "timer messages $m0 -> $m1" ||
	fail still_ticking "$m0 -> $m1"

check_offline_refused stimer_expirations_message
