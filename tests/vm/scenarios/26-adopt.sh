# SPDX-License-Identifier: GPL-2.0
# A guest whose kernel already set the guest OS ID and enabled the hypercall
# page (hv_sim preset_partition=1 stands for that kernel): hv_core adopts
# both, maps the same page (the sim checks the mapping shows what it filled
# in), and on unload leaves them exactly as it found them.
# checks: load adopted same_page untouched
D=/sys/kernel/debug
on_exit "rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
insmod "$(mod hv_sim)" preset_partition=1 && before=$(grep -E '^(guest_os_id|hypercall_msr):' $D/hv_sim/partition) &&
	insmod "$(mod hv_core)" && pass load "$before" || fail load "$(dmesg | tail -3 | tr '\n' '|')"
grep -q '^guest_os_id: .*(adopted)' $D/hv_core/partition && grep -q '^hypercall_msr: .*(adopted)' $D/hv_core/partition &&
	pass adopted "$(grep -E 'guest_os_id|hypercall_msr' $D/hv_core/partition | tr '\n' ' ')" ||
	fail adopted "$(cat $D/hv_core/partition | tr '\n' ' ')"
grep -q '^hypercall_page_mapped_by_guest: yes' $D/hv_sim/partition && pass same_page ||
	fail same_page "$(grep hypercall_page $D/hv_sim/partition | tr '\n' ' ')"
rmmod hv_core
after=$(grep -E '^(guest_os_id|hypercall_msr):' $D/hv_sim/partition)
[ "$before" = "$after" ] && pass untouched "$after" || fail untouched "before: $before after: $after"
