# SPDX-License-Identifier: GPL-2.0
# tier: deep
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 240
# load/unload cycles (sizes.conf: load_cycles) of hv_sim + hv_core + hv_timer (mode=none: its
# clocksource only, since a ticking clockevent pins the module): every one
# succeeds, and the kernel ends with the clocksource, vmap areas, debugfs
# entries and slab objects it started with (one warm-up cycle first, so that what the first load creates is not
# counted). The slab check is exact and per call site: slub_debug=U records
# who allocated each object, and an object still allocated by code that was
# unloaded is a leak of ours; kernel-wide totals moved by hundreds of objects
# between identical runs and could not be checked exactly. Only the kmalloc
# caches record (kmalloc-*): our modules create no cache of their own, and
# recording every other cache's allocations (dentries, skbs, each fork's)
# slowed the whole VM for nothing.
# checks: cycles clocksource vmap debugfs slab
# vmap() areas (hv_core's executable alias of the hypercall page is one)
vmaps() { grep -c ' vmap$' /proc/vmallocinfo; }
CS=/sys/devices/system/clocksource/clocksource0/current_clocksource
cycle() {
	insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && insmod "$(mod hv_timer)" mode=none &&
		[ "$(cat $CS)" = hvl_tsc_page ] && rmmod hv_timer && rmmod hv_core && rmmod hv_sim
}

N=$(size load_cycles) || exit 1
cs0=$(cat $CS)
cycle
sync; s0=$(module_objs); v0=$(vmaps)
fails=0
for i in $(seq $N); do cycle || fails=$((fails + 1)); done
sync; s1=$(module_objs); v1=$(vmaps)
[ $fails = 0 ] && pass cycles "$N cycles" || fail cycles "$fails failed cycles"
[ "${s1#*/}" -gt 0 ] && [ "${s1%/*}" = "${s0%/*}" ] &&
	pass slab "objects from unloaded module code: ${s0%/*} -> ${s1%/*} (of ${s1#*/} recorded)" ||
	fail slab "objects from unloaded module code: $s0 -> $s1 $(unloaded_sites)"
[ "$(cat $CS)" = "$cs0" ] && pass clocksource "$cs0 before and after, hvl_tsc_page in every cycle" ||
	fail clocksource "$cs0 -> $(cat $CS)"
[ "$v1" -le "$v0" ] && pass vmap "vmap areas $v0 -> $v1" || fail vmap "vmap areas $v0 -> $v1"
[ ! -e /sys/kernel/debug/hv_core ] && [ ! -e /sys/kernel/debug/hv_sim ] && [ ! -e /sys/kernel/debug/hv_timer ] && pass debugfs || fail debugfs "$(ls /sys/kernel/debug | grep hv_)"
