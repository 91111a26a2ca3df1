# SPDX-License-Identifier: GPL-2.0
# hv_core's SINT API with a consumer (tests/selftest): messages that queued in
# hv_sim while the SINT was masked are all delivered once it is registered,
# one slot at a time through the TLFS pending/EOM protocol; event flags reach
# the consumer through hvcore_event_scan(), on the right CPU, with the right
# bit; unregistering masks the SINT again.
# checks: load queued pending_eom events bad_sint unregister
ST=$D/hvcore_selftest/stats
on_exit "rmmod hvcore_selftest 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
field() { sed -n "s/^cpu$1: .*$2=\([0-9a-fx]*\).*/\1/p" $ST; }
eoms() { sed -n "s/^cpu$1: .*eoms=\([0-9]*\).*/\1/p" $D/hv_core/synic; }

insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && pass load || fail load "$(dmesg | tail -2 | tr '\n' '|')"
# three messages for VP1's SINT 5 while nobody consumes it: one in the slot,
# two queued behind it with MessagePending set
for t in 0x101 0x102 0x103; do echo "1 5 $t" > $D/hv_sim/post_test_message; done
e0=$(eoms 1)
insmod "$(mod hvcore_selftest)" sint=5
wait_until 30 '[ "$(field 1 messages)" = 3 ]'
n=$(field 1 messages) last=$(field 1 last_type)
[ "$n" = 3 ] && [ "$last" = 0x103 ] && pass queued "cpu1: 3 messages, last type $last" ||
	fail queued "$(cat $ST | tr '\n' ' ')"
e1=$(eoms 1)
[ $((e1 - e0)) -ge 2 ] && pass pending_eom "EOMs on cpu1: $e0 -> $e1" || fail pending_eom "EOMs $e0 -> $e1"

echo "1 5 7" > $D/hv_sim/signal_test_event
echo "1 5 2047" > $D/hv_sim/signal_test_event
echo "0 5 64" > $D/hv_sim/signal_test_event
wait_until 30 '[ "$(field 1 events)" = 2 ] && [ "$(field 0 events)" = 1 ]'
[ "$(field 1 events)" = 2 ] && [ "$(field 1 last_bit)" = 2047 ] && [ "$(field 0 events)" = 1 ] &&
	[ "$(field 0 last_bit)" = 64 ] && pass events "$(cat $ST | tr '\n' ' ')" || fail events "$(cat $ST | tr '\n' ' ')"

out=$(echo "1 16 1" > $D/hv_sim/signal_test_event 2>&1)
[ $? -ne 0 ] && pass bad_sint "signal_test_event rejects SINT 16" || fail bad_sint "$out"

rmmod hvcore_selftest && ! grep -q '^sints:.* 5' $D/hv_core/synic && pass unregister "$(grep ^sints: $D/hv_core/synic)" ||
	fail unregister "$(grep ^sints: $D/hv_core/synic)"
