# SPDX-License-Identifier: GPL-2.0
# dmesg-check.sh <scenario>: fail the scenario if its slice of the kernel log
# (between the begin/end markers /init writes to /dev/kmsg) shows a warning,
# a BUG, an oops, a lockdep report or a refcount complaint; and, on a kernel
# with kmemleak (the debug kernel), if a scan now finds an object leaked
# since the last scenario's. kmemleak reports an object only once it is
# 5 s old, so a leak in a scenario's last seconds is caught by the next
# scenario's scan (the report's backtrace names the culprit).
s=$1
K=/sys/kernel/debug/kmemleak
leak=
if [ -w $K ]; then
	echo scan > $K
	leak=$(grep -m1 -A12 '^unreferenced object' $K | grep -E 'unreferenced|^    \[<' | head -6 | sed 's/^ *//')
	echo clear > $K
fi
bad=$(dmesg | awk -v b="hvltest: begin $s" -v e="hvltest: end $s" '
	index($0, b) { on = 1; next } index($0, e) { on = 0 } on' |
	grep -E 'WARNING:|BUG:|Oops|general protection|lockdep|possible (recursive|circular) locking|inconsistent lock state|refcount|UBSAN|KASAN|kmemleak|Call Trace' | head -3)
[ -z "$leak" ] || bad="kmemleak: $leak${bad:+
$bad}"
if [ -z "$bad" ]; then
	echo "HVLTEST RESULT $s/dmesg_clean PASS"
else
	echo "HVLTEST RESULT $s/dmesg_clean FAIL $(echo "$bad" | tr '\n' '|')"
fi
