# SPDX-License-Identifier: GPL-2.0
# Bad user settings: -EINVAL and one log line, nothing loaded.
# checks: sim_bad_host sim_bad_host_log timer_bad_mode timer_bad_mode_log
on_exit "rmmod hv_timer 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
kmsg_mark
out=$(insmod "$(mod hv_sim)" host=ws1999 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q 'Invalid' && ! grep -q '^hv_sim ' /proc/modules &&
	pass sim_bad_host "$out" || fail sim_bad_host "$out"
n=$(kmsg_since | grep -c 'hv_sim.*ws1999')
[ "$n" = 1 ] && pass sim_bad_host_log "$(kmsg_since | grep 'ws1999')" || fail sim_bad_host_log "$n lines"

insmod "$(mod hv_sim)" && insmod "$(mod hv_core)"
kmsg_mark
out=$(insmod "$(mod hv_timer)" mode=bogus 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q 'Invalid' && ! grep -q '^hv_timer ' /proc/modules &&
	pass timer_bad_mode "$out" || fail timer_bad_mode "$out"
# the kernel adds its own "invalid for parameter" line for any rejected value
n=$(kmsg_since | grep 'bogus' | grep -vc 'invalid for parameter')
[ "$n" = 1 ] && pass timer_bad_mode_log "$(kmsg_since | grep bogus | head -1)" || fail timer_bad_mode_log "$n lines: $(kmsg_since | tail -3 | tr '\n' '|')"
