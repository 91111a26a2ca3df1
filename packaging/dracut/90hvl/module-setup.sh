#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dracut module of hvl-dkms (/usr/lib/dracut/modules.d/90hvl): for a kernel
# DKMS built the hvl stack for, the initramfs gets its modules (hv_core,
# hv_timer, vmbus, storvsc, netvsc; modprobe orders them by their
# dependencies) and the modprobe rule's script, so that udev loads our
# storvsc for a root disk on the synthetic SCSI controller. dracut's
# kernel-modules module copies the modprobe.d files, hvl.conf with them,
# into every initramfs: the script goes into every initramfs too (without
# it the rule for hv_storvsc would fail on a kernel without our modules).

# ours, for this kernel? (the question hvl-modprobe asks at boot)
hvl_ours() {
	modprobe --set-version="${kernel:?}" --dry-run --quiet vmbus
}

check() {
	return 0
}

depends() {
	return 0
}

installkernel() {
	hvl_ours || return 0
	instmods hv_core hv_timer vmbus storvsc netvsc
}

install() {
	inst_simple /usr/lib/hvl/hvl-modprobe
}
