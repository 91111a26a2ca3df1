# SPDX-License-Identifier: GPL-2.0
# hv_core's rep hypercall path against hv_sim's HvCallFlushVirtualAddressList
# (sim/hc_flush.c), driven by tests/selftest: a list longer than the sim
# completes per call is finished by continuation (40 elements, 16 per call:
# 3 calls); a bad flag is refused with INVALID_PARAMETER and nothing done; a
# hypervisor that reports more elements completed than asked for is refused
# by hv_core with a log line; a bad user write is -EINVAL.
# checks: load continuation one_call bad_flags bogus_count bad_write
ST=$D/hvcore_selftest
on_exit "rmmod hvcore_selftest 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
rep() { sed -n "s/^rep: .*$1=\([0-9a-fx]*\).*/\1/p" $ST/stats; }
flush() { sed -n "s/^flush_va_list: .*$1=\([0-9]*\).*/\1/p" $D/hv_sim/partition; }
P=/sys/module/hv_sim/parameters

insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod hvcore_selftest)" &&
	pass load "rep_batch=$(cat $P/rep_batch)" || fail load "$(dmesg | tail -2 | tr '\n' '|')"

c0=$(flush calls) g0=$(flush gvas)
echo 40 > $ST/rep_flush
[ $(($(rep status))) = 0 ] && [ "$(rep done)" = 40 ] && [ $(($(flush gvas) - g0)) = 40 ] && [ $(($(flush calls) - c0)) = 3 ] &&
	pass continuation "40 elements in $(($(flush calls) - c0)) calls" ||
	fail continuation "$(grep ^rep: $ST/stats) $(grep ^flush $D/hv_sim/partition) calls before: $c0"

echo 0 > $P/rep_batch
c0=$(flush calls) g0=$(flush gvas)
echo 509 > $ST/rep_flush
[ $(($(rep status))) = 0 ] && [ "$(rep done)" = 509 ] && [ $(($(flush gvas) - g0)) = 509 ] && [ $(($(flush calls) - c0)) = 1 ] &&
	pass one_call "509 elements (a full input page) in one call with rep_batch=0" ||
	fail one_call "$(grep ^rep: $ST/stats) $(grep ^flush $D/hv_sim/partition)"
echo 16 > $P/rep_batch

echo "4 0x10" > $ST/rep_flush
[ $(($(rep status))) = 5 ] && [ "$(rep done)" = 0 ] && pass bad_flags "status 0x5 (INVALID_PARAMETER), 0 done" ||
	fail bad_flags "$(grep ^rep: $ST/stats)"

kmsg_mark
echo 1 > $P/rep_bogus
echo 2 > $ST/rep_flush
echo 0 > $P/rep_bogus
[ $(($(rep status))) = 3 ] && kmsg_since | grep -q 'bogus rep count 3 (had 0 of 2)' &&
	pass bogus_count "$(kmsg_since | grep -o 'hypercall.*bogus.*' | head -1)" ||
	fail bogus_count "$(grep ^rep: $ST/stats) $(kmsg_since | tail -2 | tr '\n' '|')"

kmsg_mark
out=$(echo 0 2>&1 > $ST/rep_flush)
[ $? -ne 0 ] && kmsg_since | grep -q 'rep_flush: want' && pass bad_write "$out" || fail bad_write "$out"
