# SPDX-License-Identifier: GPL-2.0
# dmesg-check.sh <scenario>: fail the scenario if its slice of the kernel log
# (between the begin/end markers /init writes to /dev/kmsg) shows a warning,
# a BUG, an oops, a lockdep report or a refcount complaint. (kmemleak's scan
# runs once per boot, after the last scenario: /init.)
s=$1
bad=$(dmesg | awk -v b="hvltest: begin $s" -v e="hvltest: end $s" '
	index($0, b) { on = 1; next } index($0, e) { on = 0 } on' |
	grep -E 'WARNING:|BUG:|Oops|general protection|lockdep|possible (recursive|circular) locking|inconsistent lock state|refcount|UBSAN|KASAN|kmemleak|Call Trace' | head -3)
if [ -z "$bad" ]; then
	echo "HVLTEST RESULT $s/dmesg_clean PASS"
else
	echo "HVLTEST RESULT $s/dmesg_clean FAIL $(echo "$bad" | tr '\n' '|')"
fi
