# SPDX-License-Identifier: GPL-2.0
# SynIC across CPU hotplug: a CPU going offline takes its SynIC down, coming
# back brings it up again; hv_core unloads cleanly afterwards.
# checks: load offline online unload
on_exit "echo 1 > /sys/devices/system/cpu/cpu1/online; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

expect load sh -c "insmod $(mod hv_sim) && insmod $(mod hv_core)"
echo 0 > /sys/devices/system/cpu/cpu1/online
simp=$(num $D/hv_sim/vp1 simp)
grep -q '^cpu1: down' $D/hv_core/synic && [ "$simp" = 0 ] &&
	pass offline || fail offline "$(grep cpu1 $D/hv_core/synic) simp=$simp"
echo 1 > /sys/devices/system/cpu/cpu1/online
simp=$(num $D/hv_sim/vp1 simp)
grep -q '^cpu1: up' $D/hv_core/synic && [ $((simp & 1)) = 1 ] &&
	pass online || fail online "$(grep cpu1 $D/hv_core/synic) simp=$simp"
expect unload sh -c "rmmod hv_core && rmmod hv_sim"
