# SPDX-License-Identifier: GPL-2.0
# The image booted with its other kernel, which DKMS did not build for (it
# has no headers): the in-tree drivers' kernel, as before the package. No
# module of ours is installed for it or loaded; the install rule, in its
# initramfs too, leaves the in-tree names to the in-tree modules:
# hv_vmbus, asked for as udev asks for the ACPI VMBus device's modules,
# runs the rule, which loads the in-tree hv_vmbus, and that refuses a
# machine that is not Hyper-V (ENODEV). systemd reports the system running
# with no failed unit.
# checks: not_ours rule_intree units
M=/lib/modules/$(uname -r)
ours=$(ours_loaded)
[ ! -e $M/updates/dkms ] && [ -z "$ours" ] && pass not_ours "no $M/updates/dkms, nothing of ours loaded" ||
	fail not_ours "$(ls $M/updates/dkms 2>&1 | paste -sd' '); loaded:$ours"

out=$(modprobe -v hv_vmbus 2>&1)
rc=$?
echo "$out" | grep -q '^install /usr/lib/hvl/hvl-modprobe hv_vmbus' && [ $rc != 0 ] &&
	echo "$out" | grep -q "could not insert 'hv_vmbus': No such device" &&
	pass rule_intree "$(echo "$out" | paste -sd'|')" || fail rule_intree "rc $rc: $(echo "$out" | paste -sd'|')"

units_check
