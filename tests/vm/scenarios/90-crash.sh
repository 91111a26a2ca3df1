# SPDX-License-Identifier: GPL-2.0
# boot: own
# expect: panic
# A guest panic on hv_sim: hv_core's crash report reaches the sim's crash
# record, which the sim prints on the console as the guest dies: P1 is the
# CPU that panicked (1), P2 the kernel version, and the message the log tail.
# checks: loaded crash_registers crash_message
insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" &&
	grep -q 'crash_reporting: registers+log' /sys/kernel/debug/hv_core/partition &&
	pass loaded "$(grep crash_reporting /sys/kernel/debug/hv_core/partition)" ||
	fail loaded "$(grep crash_reporting /sys/kernel/debug/hv_core/partition)"
# the kernel version as hv_core encodes it: major << 16 | minor << 8 | min(patch, 255),
# from the upstream version Debian's /proc/version names (uname -r has the ABI)
v=$(sed -n 's/.*Debian \([0-9]*\.[0-9]*\.[0-9]*\).*/\1/p' /proc/version)
[ -n "$v" ] || v=$(uname -r | sed 's/[^0-9.].*//')
code=$(echo "$v" | awk -F. '{ p = $3 + 0; if (p > 255) p = 255; printf "%#x", $1 * 65536 + $2 * 256 + p }')
echo "HVLTEST EXPECT 90-crash/crash_registers hv_sim: guest crash: P0=0x0 P1=0x1 P2=$code "
echo "HVLTEST EXPECT 90-crash/crash_message sysrq"
taskset 2 sh -c 'echo c > /proc/sysrq-trigger'
