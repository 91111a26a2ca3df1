# SPDX-License-Identifier: GPL-2.0
# 100 load/unload cycles of hv_sim + hv_core: every one succeeds, and the
# kernel ends with the vmap areas and debugfs entries it started with (one
# warm-up cycle first, so that what the first load creates is not counted).
# The kmalloc object count is printed, not checked: on 6.1 it moved by up to
# +-420 objects over 100 cycles between identical runs, so a bound that would
# catch one leaked object per cycle failed at random. A precise per-call-site
# check (slub_debug=U, /sys/kernel/slab/*/alloc_calls) is to come.
# checks: cycles vmap debugfs
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
echo "HVLTEST INFO 25-load-cycles: kmalloc objects $s0 -> $s1 (not checked, see the header)"
[ "$v1" -le "$v0" ] && pass vmap "vmap areas $v0 -> $v1" || fail vmap "vmap areas $v0 -> $v1"
[ ! -e /sys/kernel/debug/hv_core ] && [ ! -e /sys/kernel/debug/hv_sim ] && pass debugfs || fail debugfs "$(ls /sys/kernel/debug | grep hv_)"
