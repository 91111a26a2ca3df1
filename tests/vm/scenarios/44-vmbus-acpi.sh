# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# acpi: vmbus
# vmbus.ko binds the VMBus ACPI device as Hyper-V's firmware lays it out
# (tests/vm/acpi/vmbus.asl: "VMBUS" inside the module device VMOD, whose
# _CRS holds the MMIO ranges left for devices). Linux makes it the platform
# device VMBUS:00; vmbus.ko carries its modalias (on Hyper-V udev loads the
# module by it), binds it when loaded, takes the two ranges from the
# ancestor and shows them in debugfs, and every VMBus device is its child,
# as under the kernel's own driver. Unloading unbinds it, a reload binds it
# again.
# checks: acpi_device modalias load bound mmio parent unload reload
G=4a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0044
P=/sys/bus/platform/devices/VMBUS:00
on_exit "rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

[ -e $P ] && pass acpi_device "$(cat $P/modalias)" ||
	fail acpi_device "$(ls /sys/bus/platform/devices | tr '\n' ' ')"
ko=$(mod vmbus)
[ "$(cat $P/modalias 2> /dev/null)" = "acpi:VMBUS:" ] && grep -aq 'alias=acpi\*:VMBUS:\*' "$ko" &&
	grep -aq 'alias=acpi\*:VMBus:\*' "$ko" && pass modalias "acpi*:VMBUS:* and acpi*:VMBus:* in vmbus.ko" ||
	fail modalias "device '$(cat $P/modalias 2>&1)', module: $(grep -ao 'alias=acpi[^[:cntrl:]]*' "$ko" | tr '\n' ' ')"

drv() { basename "$(readlink $P/driver 2> /dev/null)"; }
kmsg_mark
insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$ko" && pass load ||
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
[ "$(drv)" = hvl_vmbus_acpi ] && pass bound "$(drv)" || fail bound "driver '$(drv)'"
want="acpi_device: VMBUS:00|mmio: 0x3000000000-0x300fffffff|mmio: 0xf0000000-0xf07fffff|mmio_skipped: 0|"
got=$(tr '\n' '|' < $D/vmbus/acpi)
[ "$got" = "$want" ] && kmsg_since | grep -q 'VMBUS:00: MMIO for devices: 0x3000000000-0x300fffffff' &&
	pass mmio "$got" || fail mmio "'$got' $(kmsg_since | grep -i mmio | tr '\n' '|')"

# a device offered now hangs under the ACPI device
parent_ok() {
	echo "echo id=$G channels=1" > $D/hv_sim/new_device
	wait_until 50 "[ -e /sys/bus/vmbus/devices/$G ]"
	p=$(readlink -f /sys/bus/vmbus/devices/$G)
	case $p in */VMBUS:00/$G) return 0 ;; esac
	return 1
}
parent_ok && pass parent "$p" || fail parent "'$p'"

echo "$G" > $D/hv_sim/del_device
wait_until 50 "[ ! -e /sys/bus/vmbus/devices/$G ]"
rmmod vmbus && [ -z "$(drv)" ] && [ -e $P ] && pass unload || fail unload "driver '$(drv)'"
insmod "$ko" && [ "$(drv)" = hvl_vmbus_acpi ] && parent_ok && pass reload "$p" ||
	fail reload "driver '$(drv)', device '$p'"
echo "$G" > $D/hv_sim/del_device
wait_until 50 "[ ! -e /sys/bus/vmbus/devices/$G ]"
