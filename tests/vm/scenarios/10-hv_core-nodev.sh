# SPDX-License-Identifier: GPL-2.0
# Without Hyper-V and without hv_sim, hv_core must refuse to load with -ENODEV
# and say why in exactly one kernel log line; the modules above it refuse
# with it (modprobe loads hv_core first).
# checks: enodev one_line not_loaded timer_enodev timer_not_loaded
kmsg_mark
out=$(insmod "$(mod hv_core)" 2>&1)
rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q 'No such device'; then
	pass enodev "$out"
else
	fail enodev "rc=$rc: $out"
fi
# the kernel's own taint notes for an unsigned out-of-tree module are not ours
lines=$(kmsg_since | grep 'hv_core' | grep -v -e 'taints kernel' -e 'module verification failed')
n=$(echo "$lines" | grep -c 'hv_core: no Hyper-V found')
total=$(echo "$lines" | grep -c .)
[ "$n" = 1 ] && [ "$total" = 1 ] && pass one_line "$lines" || fail one_line "$total lines: $(echo "$lines" | tr '\n' '|')"
grep -q '^hv_core ' /proc/modules && fail not_loaded "hv_core is in /proc/modules" || pass not_loaded

out=$(modprobe hv_timer 2>&1)
rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q 'No such device'; then
	pass timer_enodev "$out"
else
	fail timer_enodev "rc=$rc: $out"
fi
grep -qE '^(hv_timer|hv_core) ' /proc/modules && fail timer_not_loaded "$(grep -E '^hv_' /proc/modules)" || pass timer_not_loaded
