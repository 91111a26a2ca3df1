# SPDX-License-Identifier: GPL-2.0
# 100 load/unload cycles of hv_sim + hv_core: every one succeeds, and the
# kernel ends with what it started with: no slab objects, vmap areas or
# debugfs entries left behind (one warm-up cycle first, so that caches the
# first load creates are not counted as leaks).
# An object leaked per cycle shows as 100 or more; the bound leaves room for
# the kernel's own activity meanwhile (RCU-deferred frees, module loader).
# checks: cycles slab vmap debugfs
# live kmalloc objects; shrinking first returns per-CPU slabs SLUB counts as in use
slab() {
	for f in /sys/kernel/slab/*/shrink; do echo 1 > "$f"; done 2>/dev/null
	awk '/^kmalloc-|^dma-kmalloc-/ { n += $2 } END { print n + 0 }' /proc/slabinfo
}
# vmap() areas (hv_core's executable alias of the hypercall page is one)
vmaps() { grep -c ' vmap$' /proc/vmallocinfo; }
cycle() { insmod "$(mod hv_sim)" host=ws2022 && insmod "$(mod hv_core)" && rmmod hv_core && rmmod hv_sim; }

cycle
sync; s0=$(slab); v0=$(vmaps)
fails=0
for i in $(seq 100); do cycle || fails=$((fails + 1)); done
sync; s1=$(slab); v1=$(vmaps)
[ $fails = 0 ] && pass cycles "100 cycles" || fail cycles "$fails failed cycles"
# fewer new kmalloc objects than cycles: a per-cycle leak cannot hide in this
[ $((s1 - s0)) -lt 100 ] && pass slab "kmalloc objects $s0 -> $s1" || fail slab "kmalloc objects $s0 -> $s1"
[ "$v1" -le "$v0" ] && pass vmap "vmap areas $v0 -> $v1" || fail vmap "vmap areas $v0 -> $v1"
[ ! -e /sys/kernel/debug/hv_core ] && [ ! -e /sys/kernel/debug/hv_sim ] && pass debugfs || fail debugfs "$(ls /sys/kernel/debug | grep hv_)"
