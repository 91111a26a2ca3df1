# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# order: last
# The slab leak check's positive control, on every kernel: a test module
# (tests/selftest/debug_canary.c, plant=slab) allocates one kmalloc object
# and is unloaded with it still allocated, and module_objs, which every
# leak_check and 25-load-cycles rest on, must count exactly one object more
# from unloaded code. This proves that "0 -> 0" in those checks means no
# leak: that slub_debug records the caches our modules allocate from on
# this kernel, and that module_objs reads the records. The object stays
# allocated (hidden from kmemleak) until the VM powers off, so this runs
# last in its VM: a module loaded later can take the unloaded code's
# address, and kallsyms then names the call site (seen on 7.2: ext4,
# loaded by 60-storvsc-disk, turned the count 1 into 0 there).
# checks: counted
s0=$(module_objs)
insmod "$(mod debug_canary)" plant=slab && rmmod debug_canary || { fail counted "insmod/rmmod debug_canary"; exit 1; }
s1=$(module_objs)
[ "${s0#*/}" -gt 0 ] && [ "${s1%/*}" = "$((${s0%/*} + 1))" ] &&
	pass counted "objects from unloaded module code: ${s0%/*} -> ${s1%/*} (of ${s1#*/} recorded)" ||
	fail counted "objects from unloaded module code: $s0 -> $s1 (one more expected) $(unloaded_sites)"
