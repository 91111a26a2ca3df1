# SPDX-License-Identifier: GPL-2.0
# A guest whose kernel already set the guest OS ID and enabled the hypercall
# and reference TSC pages (hv_sim preset_partition=1 stands for that kernel):
# hv_core adopts the first two, maps the same hypercall page (the sim checks
# the mapping shows what it filled in), and on unload leaves them exactly as
# it found them; hv_timer registers no duplicate clocksource or clockevent.
# checks: load adopted same_page timer_idle untouched
on_exit "rmmod hv_timer 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
insmod "$(mod hv_sim)" preset_partition=1 && before=$(grep -E '^(guest_os_id|hypercall_msr|reference_tsc[a-z_]*):' $D/hv_sim/partition | tr '\n' ' ') &&
	insmod "$(mod hv_core)" && pass load "$before" || fail load "$(dmesg | tail -3 | tr '\n' '|')"
grep -q '^guest_os_id: .*(adopted)' $D/hv_core/partition && grep -q '^hypercall_msr: .*(adopted)' $D/hv_core/partition &&
	pass adopted "$(grep -E 'guest_os_id|hypercall_msr' $D/hv_core/partition | tr '\n' ' ')" ||
	fail adopted "$(cat $D/hv_core/partition | tr '\n' ' ')"
grep -q '^hypercall_page_mapped_by_guest: yes' $D/hv_sim/partition && pass same_page ||
	fail same_page "$(grep hypercall_page $D/hv_sim/partition | tr '\n' ' ')"
insmod "$(mod hv_timer)" && grep -q '^idle: ' $D/hv_timer/mode &&
	! grep -qw hvl_tsc_page /sys/devices/system/clocksource/clocksource0/available_clocksource &&
	! grep -q hvl_stimer0 /proc/timer_list && rmmod hv_timer &&
	pass timer_idle "$(dmesg | grep 'hv_timer: idle' | tail -1 | cut -c16-)" ||
	fail timer_idle "$(cat $D/hv_timer/mode 2>&1 | tr '\n' ' ')"
rmmod hv_core
after=$(grep -E '^(guest_os_id|hypercall_msr|reference_tsc[a-z_]*):' $D/hv_sim/partition | tr '\n' ' ')
[ "$before" = "$after" ] && pass untouched "$after" || fail untouched "before: $before after: $after"
