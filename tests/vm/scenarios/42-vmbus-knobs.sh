# SPDX-License-Identifier: GPL-2.0
# tier: deep
# timeout: 120
# Every fault knob of hv_sim's host, end to end through vmbus.ko and the
# echo driver (41-vmbus-faults covers bad_trans_id, oversize and rescind):
# each one is injected as often as armed (the host's own counter), and the
# guest either rides it out (delay, reorder, a duplicated answer refused by
# its request ID) or reports it with a log line and a counter (a dropped or
# truncated answer, a bogus ring index, a message the host never answers,
# a duplicated offer), or waits for it (slow answers to OPENCHANNEL, a
# GPADL and UNLOAD; messages held in the SynIC slot). Never an oops;
# afterwards the device is rescinded, offered again and carries clean
# traffic, and everything unloads.
# checks: load delay reorder dup drop truncate bad_ring_index dup_offer
# checks: no_answer_open rebind no_answer_gpadl drop_msg recovered bad_conn held slow_open slow_gpadl early_signal unload
G=8c4d5e6f-3a4b-4c5d-8e6f-9a0b1c2d3e4f
DEV=/sys/bus/vmbus/devices/$G
ES=$D/vmbus_echo/$G/stats
F=$D/hv_sim/vmbus_faults
on_exit "echo clear > $F 2>/dev/null; rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
injected() { sed -n "s/^$1 .* injected=\([0-9]*\).*/\1/p" $F; }
conn() { sed -n "s/^$1: //p" $D/vmbus/connection; }
new_dev() { # new_dev: offer the echo device and wait for the driver
	echo "echo id=$G channels=1" > $D/hv_sim/new_device
	for i in $(seq 100); do [ -f $ES ] && return 0; usleep 100000; done
	return 1
}
del_dev() { # del_dev: rescind it and wait until the host freed it
	echo "$G" > $D/hv_sim/del_device
	for i in $(seq 100); do [ -d $DEV ] || break; usleep 100000; done
	for i in $(seq 100); do grep -q "$G" $D/hv_sim/devices || return 0; usleep 100000; done
	return 1
}
fresh() { del_dev && new_dev; }
# run <count> [mode]: prints "sent ok bad timeouts" of this run alone
run() {
	local s0=$(estat sent) k0=$(estat ok) b0=$(estat bad) t0=$(estat timeouts)
	echo "count=$1 mode=${2:-inband} channels=1 window=8" > $D/vmbus_echo/$G/run 2>/dev/null
	echo "$(($(estat sent) - s0)) $(($(estat ok) - k0)) $(($(estat bad) - b0)) $(($(estat timeouts) - t0))"
}
arm() { echo clear > $F && echo "$*" > $F; }

kmsg_mark
# answers the host never sends are waited for 2 s (vmbus.ko's and the echo
# driver's timeouts; 10 s by default), so that the four waits below stay short
insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" response_timeout_ms=2000 &&
	insmod "$(mod vmbus_echo)" timeout_ms=2000 && new_dev && [ "$(run 50)" = "50 50 0 0" ] &&
	pass load "$(conn version)" || { fail load "$(kmsg_since | tail -3 | tr '\n' '|')"; exit 0; }

# delay: before each ring packet; everything still answered, in time
arm delay every=1 count=40 arg=2000
r=$(run 100)
[ "$r" = "100 100 0 0" ] && [ "$(injected delay)" = 40 ] && pass delay "40 x 2 ms, run: $r" ||
	fail delay "run: $r, injected $(injected delay)"

# reorder: an answer is held back behind the next one; IDs match them up
arm reorder every=4 count=10 arg=0
r=$(run 100 mix)
[ "$r" = "100 100 0 0" ] && [ "$(injected reorder)" = 10 ] && pass reorder "10 answers overtaken, run: $r" ||
	fail reorder "run: $r, injected $(injected reorder)"

# dup: the second copy names a request already completed: refused, counted
kmsg_mark
b0=$(conn_sum bad_completions)
arm dup every=20 count=3 arg=0
r=$(run 100)
b1=$(conn_sum bad_completions)
[ "$r" = "100 100 0 0" ] && [ "$(injected dup)" = 3 ] && [ $((b1 - b0)) = 3 ] &&
	kmsg_since | grep -q 'which is not outstanding' &&
	pass dup "3 duplicates refused (bad_completions $b0 -> $b1), run: $r" ||
	fail dup "run: $r, injected $(injected dup), bad_completions $b0 -> $b1"

# drop: two answers never come; their requests time out and are reported
kmsg_mark
arm drop every=25 count=2 arg=0
r=$(run 100)
[ "$r" = "100 98 0 2" ] && [ "$(injected drop)" = 2 ] && kmsg_since | grep -q '2 requests unanswered' &&
	pass drop "$(kmsg_since | grep -m1 -o 'channel .*unanswered'), run: $r" ||
	fail drop "run: $r, injected $(injected drop), $(kmsg_since | tail -2 | tr '\n' '|')"
echo clear > $F
fresh || fail drop "device not offered again"

# truncate: a well-formed answer with half its payload: a bad answer
kmsg_mark
arm truncate every=20 count=2 arg=0
r=$(run 100)
# (the driver's line is ratelimited, and 41-vmbus-faults may have used up the
# burst seconds before: the counts are the check, the line only the detail)
[ "$r" = "100 98 2 0" ] && [ "$(injected truncate)" = 2 ] &&
	pass truncate "$(kmsg_since | grep -m1 -o 'bad answer.*' || echo 'log line ratelimited'), run: $r" ||
	fail truncate "run: $r, injected $(injected truncate)"

# bad_ring_index: the host publishes a write index past the ring's end
# after the run's last answer (so that no later write replaces it) and
# signals: the channel is broken (logged, counted), the run ends, and the
# device can still be rescinded
kmsg_mark
p0=$(conn_sum bad_packets)
arm bad_ring_index every=50 count=1 arg=0
r=$(run 50)
p1=$(conn_sum bad_packets) inj=$(injected bad_ring_index)
echo clear > $F
[ "$inj" = 1 ] && [ $((p1 - p0)) -ge 1 ] && kmsg_since | grep -q 'channel broken by the host' &&
	del_dev && pass bad_ring_index "$(kmsg_since | grep -m1 -o 'channel broken.*'), bad_packets $p0 -> $p1, run: $r" ||
	fail bad_ring_index "run: $r, injected $inj, bad_packets $p0 -> $p1, $(kmsg_since | tail -2 | tr '\n' '|')"
grep -q "$G" $D/hv_sim/devices && del_dev

# dup of a message: the same OFFERCHANNEL twice: the second is refused
kmsg_mark
m0=$(conn messages_bad)
arm dup every=1 count=1 arg=1
new_dev
m1=$(conn messages_bad)
echo clear > $F
r=$(run 20)
[ "$(ls /sys/bus/vmbus/devices | grep -c $G)" = 1 ] && [ $((m1 - m0)) = 1 ] && [ "$r" = "20 20 0 0" ] &&
	pass dup_offer "messages_bad $m0 -> $m1: $(kmsg_since | grep -m1 -i 'offer' | cut -c1-120)" ||
	fail dup_offer "messages_bad $m0 -> $m1, run: $r, $(kmsg_since | tail -2 | tr '\n' '|')"
del_dev

# no_answer: the host ignores OPENCHANNEL: the driver's probe fails after
# the response timeout with a line naming the missing answer
kmsg_mark
arm no_answer every=1 count=1 arg=5
echo "echo id=$G channels=1" > $D/hv_sim/new_device
# (a failing probe holds the device lock: the bind below waits for it to end)
no_open_answer() { kmsg_since | grep -q 'no OPENCHANNEL_RESULT'; }
wait_until 200 no_open_answer
echo clear > $F
[ -d $DEV ] && [ ! -e $DEV/driver ] && kmsg_since | grep -q 'no OPENCHANNEL_RESULT from the host' &&
	pass no_answer_open "$(kmsg_since | grep -m1 -o 'relid.*no OPENCHANNEL_RESULT.*')" ||
	fail no_answer_open "driver=$(readlink $DEV/driver), $(kmsg_since | tail -3 | tr '\n' '|')"
# the host answers again: binding by hand works and carries traffic
echo $G > /sys/bus/vmbus/drivers/vmbus_echo/bind 2>/dev/null
for i in $(seq 50); do [ -f $ES ] && break; usleep 100000; done
r=$(run 50)
[ -e $DEV/driver ] && [ "$r" = "50 50 0 0" ] && pass rebind "run: $r" || fail rebind "run: $r"

# no_answer to a GPADL_HEADER: the driver's GPADL fails with -ETIMEDOUT,
# and the driver leaks the buffer (the host may still map it)
kmsg_mark
arm no_answer every=1 count=1 arg=8
echo "count=0 gpadl=16" > $D/vmbus_echo/$G/run 2>/dev/null
rc=$?
echo clear > $F
[ $rc != 0 ] && kmsg_since | grep -q 'no GPADL_CREATED from the host' &&
	kmsg_since | grep -q 'GPADL creation not answered: leaking 16 pages' &&
	pass no_answer_gpadl "$(kmsg_since | grep -m1 -o 'relid.*no GPADL_CREATED.*')" ||
	fail no_answer_gpadl "rc=$rc $(kmsg_since | tail -2 | tr '\n' '|')"

# drop of a message: GPADL_TORNDOWN never arrives; the driver is told and
# leaks the buffer rather than free memory the host may still use
kmsg_mark
arm drop every=1 count=1 arg=12
echo "count=0 gpadl=16" > $D/vmbus_echo/$G/run 2>/dev/null
rc=$? inj=$(injected drop)
echo clear > $F
[ "$inj" = 1 ] && kmsg_since | grep -q 'no GPADL_TORNDOWN from the host' &&
	pass drop_msg "rc=$rc: $(kmsg_since | grep -m1 -o 'relid.*no GPADL_TORNDOWN.*')" ||
	fail drop_msg "rc=$rc, injected $inj, $(kmsg_since | tail -2 | tr '\n' '|')"

# afterwards: a fresh offer carries clean traffic of every kind
fresh && r=$(run 500 mix) && [ "$r" = "500 500 0 0" ] && pass recovered "run: $r" ||
	fail recovered "run: $r $(cat $ES 2>&1 | tr '\n' ' ')"

# bad_conn: a busy host refuses posts now and then with
# HV_STATUS_INVALID_CONNECTION_ID; vmbus.ko posts them again, so a GPADL
# (header, bodies, teardown) is made and torn down all the same
kmsg_mark
p0=$(conn post_retries)
arm bad_conn every=1 count=3 arg=0
echo "count=0 gpadl=64" > $D/vmbus_echo/$G/run 2>/dev/null
rc=$? inj=$(injected bad_conn) p1=$(conn post_retries)
echo clear > $F
[ $rc = 0 ] && [ "$inj" = 3 ] && [ $((p1 - p0)) = 3 ] &&
	pass bad_conn "3 posts refused and posted again (post_retries $p0 -> $p1)" ||
	fail bad_conn "rc=$rc, injected $inj, post_retries $p0 -> $p1, $(kmsg_since | tail -2 | tr '\n' '|')"

# held: no memory for a copy of a channel message (msg_alloc_fail refuses
# the next 6): vmbus.ko leaves it in the SynIC slot, where the host holds
# the later ones back, and takes it a jiffy later; the rescind and the new
# offer both arrive, nothing is lost
h0=$(conn messages_held) s0=$(sed -n 's/^cpu0: .* held=\([0-9]*\).*/\1/p' $D/hv_core/synic)
echo 6 > $D/vmbus/msg_alloc_fail
fresh; rc=$?
r=$(run 50)
h1=$(conn messages_held) s1=$(sed -n 's/^cpu0: .* held=\([0-9]*\).*/\1/p' $D/hv_core/synic)
[ $rc = 0 ] && [ "$r" = "50 50 0 0" ] && [ $((h1 - h0)) = 6 ] && [ $((s1 - s0)) = 6 ] &&
	[ "$(cat $D/vmbus/msg_alloc_fail)" = 0 ] &&
	pass held "6 messages held in the slot and taken later (hv_core held $s0 -> $s1), run: $r" ||
	fail held "rc=$rc, run: $r, held $h0 -> $h1, hv_core $s0 -> $s1, $(kmsg_since | tail -2 | tr '\n' '|')"

# slow: the host takes 1.5 s over an answer, past the first "still
# waiting" line (at 1 s, half the 2 s timeout here): the wait goes on and
# the late answer is taken and counted. First OPENCHANNEL_RESULT of an
# open (the device opens and carries traffic), then GPADL_CREATED.
del_dev
kmsg_mark
w0=$(conn slow_answers)
arm delay every=1 count=1 arg=1500000 type=5	# OPENCHANNEL
new_dev; rc=$?
r=$(run 50) w1=$(conn slow_answers) inj=$(injected delay)
echo clear > $F
[ $rc = 0 ] && [ "$r" = "50 50 0 0" ] && [ "$inj" = 1 ] && [ $((w1 - w0)) = 1 ] &&
	kmsg_since | grep -q 'still waiting for OPENCHANNEL_RESULT' &&
	pass slow_open "$(kmsg_since | grep -o 'OPENCHANNEL_RESULT came after.*'), run: $r" ||
	fail slow_open "rc=$rc, run: $r, injected $inj, slow_answers $w0 -> $w1, $(kmsg_since | tail -3 | tr '\n' '|')"
kmsg_mark
arm delay every=1 count=1 arg=1500000 type=8	# GPADL_HEADER
echo "count=0 gpadl=16" > $D/vmbus_echo/$G/run 2>/dev/null
rc=$? w2=$(conn slow_answers) inj=$(injected delay)
echo clear > $F
[ $rc = 0 ] && [ "$inj" = 1 ] && [ $((w2 - w1)) = 1 ] &&
	kmsg_since | grep -q 'still waiting for GPADL_CREATED' &&
	pass slow_gpadl "$(kmsg_since | grep -o 'GPADL_CREATED came after.*')" ||
	fail slow_gpadl "rc=$rc, injected $inj, slow_answers $w1 -> $w2, $(kmsg_since | tail -3 | tr '\n' '|')"

# early_signal: the device signals the channel before OPENCHANNEL_RESULT
# goes out (a Hyper-V device's task starts before the answer): the guest
# takes the interrupt for a channel still opening, and the open completes
del_dev
kmsg_mark
arm early_signal every=1 count=1
new_dev; rc=$?
r=$(run 50) inj=$(injected early_signal)
echo clear > $F
[ $rc = 0 ] && [ "$r" = "50 50 0 0" ] && [ "$inj" = 1 ] &&
	pass early_signal "signalled before the answer, run: $r" ||
	fail early_signal "rc=$rc, run: $r, injected $inj, $(kmsg_since | tail -3 | tr '\n' '|')"

# slow UNLOAD: the host answers the unload 1.5 s late; rmmod waits for it
# (a line after 1 s), and frees the connection's pages, nothing leaked
del_dev
kmsg_mark
arm delay every=1 count=1 arg=1500000 type=16	# UNLOAD
if rmmod vmbus_echo && rmmod vmbus && kmsg_since | grep -q 'still waiting for UNLOAD_RESPONSE' &&
	kmsg_since | grep -q 'UNLOAD_RESPONSE came after' && ! kmsg_since | grep -q 'leaking' &&
	[ "$(injected delay)" = 1 ] && rmmod hv_core && rmmod hv_sim; then
	pass unload "$(kmsg_since | grep -o 'UNLOAD_RESPONSE came after.*')"
else
	fail unload "$(lsmod | tr '\n' ' ') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
