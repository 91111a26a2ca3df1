# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# only: debug
# expect: reports
# The debug kernel's checkers catch what they are there for: a test module
# (tests/selftest/debug_canary.c) plants a lock-order inversion and a leak,
# and lockdep and kmemleak must report them, naming the function that did
# it. This proves that a clean dmesg_clean on the debug kernel means
# something. Its own VM: lockdep turns itself off after one report. This
# scenario is not held to dmesg_clean or to a clean console (header
# "expect: reports").
# checks: inversion_caught leak_caught
kmsg_mark
insmod "$(mod debug_canary)" plant=inversion && rmmod debug_canary
r=$(kmsg_since | grep -A40 'WARNING: possible circular locking dependency detected' | grep -m1 -o 'canary_[ab]')
[ -n "$r" ] && pass inversion_caught "lockdep: circular dependency on $r" ||
	fail inversion_caught "$(kmsg_since | grep -i -m2 'lock\|canary' | tr '\n' '|')"
K=$D/kmemleak
echo clear > $K
insmod "$(mod debug_canary)" plant=leak
# kmemleak reports an object once it is 5 s old, and not while a stale copy
# of its address still sits in memory it scans (insmod's old stack, seen
# once): scan a few times. The module stays loaded until the report is read,
# so that its backtrace has names.
sleep 5
for i in 1 2 3 4 5 6; do
	echo scan > $K
	r=$(grep -A12 '^unreferenced object' $K | grep -m1 -o 'canary_leak')
	[ -n "$r" ] && break
	sleep 2
done
[ -n "$r" ] && pass leak_caught "kmemleak: $(grep -m1 '^unreferenced object' $K)" ||
	fail leak_caught "$(head -5 $K 2>&1 | tr '\n' '|')"
echo clear > $K
rmmod debug_canary
