# SPDX-License-Identifier: GPL-2.0
# The image booted with its own kernel, initramfs and systemd, hvl-dkms
# installed, its root file system on a synthetic SCSI disk. The test's
# configuration only has hv_sim loaded ahead of hv_core (a modprobe
# softdep, and hv_sim in the initramfs), with every integration service
# and the root disk's controller (devices=: LUN 0 holds the image, see
# imagetest.sh); the test loads no module itself. The rest is the
# package's. In the initramfs, udev asks for the ACPI VMBus device's
# modules, the install rule loads our vmbus for the in-tree hv_vmbus, and
# it binds the device and connects; udev loads storvsc for the controller
# and the initramfs mounts the root file system (by its UUID) from its
# disk, all before systemd starts. After the switch to the root file
# system, systemd-udevd loads hv_ic for the integration services by their
# modalias, hyperv-daemons' udev rules start its three daemons on
# /dev/vmbus/*, and the KVP daemon answers the host's ENUMERATE with the
# image's host name. A NIC and a disk offered now load netvsc and bind
# storvsc the same way; the NIC comes up, the disk reads. Their drivers
# carry the in-tree names userspace matches: hv_netvsc (also as udev's
# ID_NET_DRIVER, which networkd and cloud-init's netplan match),
# hv_storvsc, and hv_utils for the services. No in-tree Hyper-V module is
# loaded, and systemd reports the system running with no failed unit.
# checks: initramfs root_storvsc acpi_bound ic_autoload daemons kvp_hostname
# checks: net_autoload disk_autoload no_intree units
GR=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f1000	# imagetest.sh's root_ctl
GN=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f1001
GD=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f1002
drv() { basename "$(readlink "/sys/bus/vmbus/devices/$1/driver" 2> /dev/null)"; }
# the kernel log's line number of the first line matching
kline() { dmesg | grep -n -m1 "$1" | cut -d: -f1; }

c=$(kline 'vmbus: connected: VMBus protocol') s=$(kline 'systemd\[1\]: systemd [0-9]')
[ -n "$c" ] && [ -n "$s" ] && [ "$c" -lt "$s" ] &&
	pass initramfs "$(dmesg | grep -m1 'vmbus: connected') before systemd's first line" ||
	fail initramfs "vmbus connected at line '$c', systemd started at line '$s'"

src=$(findmnt -n -o SOURCE /) d=$(disk_of $GR 0)
a=$([ -n "$d" ] && kline "\[$d\] Attached SCSI disk")
[ -n "$d" ] && [ "$src" = "/dev/$d" ] && [ "$(drv $GR)" = hv_storvsc ] && [ -n "$a" ] && [ -n "$s" ] && [ "$a" -lt "$s" ] &&
	pass root_storvsc "/ on $src, LUN 0 of $GR ($(drv $GR)), attached before systemd's first line" ||
	fail root_storvsc "/ on '$src', the controller's disk '$d' ($(drv $GR)), attached at line '$a', systemd at '$s'"

P=/sys/bus/platform/devices/VMBUS:00
a=$(basename "$(readlink $P/driver 2> /dev/null)") bad=
for d in /sys/bus/vmbus/devices/*; do
	case $(readlink -f "$d") in */VMBUS:00/*) ;; *) bad="$bad ${d##*/}" ;; esac
done
[ "$a" = hvl_vmbus_acpi ] && [ -z "$bad" ] && pass acpi_bound "VMBUS:00 bound by $a, every VMBus device its child" ||
	fail acpi_bound "driver '$a', not under VMBUS:00:$bad"

# every device but the root disk's controller is an integration service
n=0 bad=
for d in /sys/bus/vmbus/devices/*; do
	[ "${d##*/}" = $GR ] && continue
	if [ "$(drv "${d##*/}")" = hv_utils ]; then n=$((n + 1)); else bad="$bad ${d##*/}:$(drv "${d##*/}")"; fi
done
f=$(modinfo -n hv_ic 2> /dev/null)
[ $n = 6 ] && [ -z "$bad" ] && [ "${f#*/updates/dkms/}" != "$f" ] &&
	pass ic_autoload "6 services bound by $f" || fail ic_autoload "$n bound, others:$bad, module '$f'"

act() { for u in hv-kvp-daemon hv-vss-daemon hv-fcopy-daemon; do systemctl is-active "$u"; done | paste -sd' '; }
wait_until 100 '[ "$(act)" = "active active active" ]'
r=$(dmesg | grep -c -E '(kvp|vss|fcopy): daemon registered')
[ "$(act)" = "active active active" ] && [ "$r" = 3 ] &&
	pass daemons "hv-kvp/vss/fcopy-daemon active and registered" ||
	fail daemons "states '$(act)', $r registered: $(dmesg | grep -E 'kvp|vss|fcopy' | tail -3 | tr '\n' '|')"

found=$(kvp_enum 2)
echo "$found" | grep -qx 'FullyQualifiedDomainName=hvl-image.hvl.test' &&
	pass kvp_hostname "$(echo "$found" | grep FullyQualifiedDomainName)" ||
	fail kvp_hostname "$(echo "$found" | tr '\n' '|')"

i=
if echo "net id=$GN" > $D/hv_sim/new_device && wait_until 100 '[ -n "$(nic_if $GN)" ]' && udevadm settle &&
   i=$(nic_if $GN) && [ "$(drv $GN)" = hv_netvsc ] && ip link set dev "$i" up &&
   wait_until 50 '[ "$(cat /sys/class/net/$i/carrier 2> /dev/null)" = 1 ]' &&
   udevadm info -q property "/sys/class/net/$i" | grep -qx 'ID_NET_DRIVER=hv_netvsc'; then
	pass net_autoload "$i: $(drv $GN) (udev's ID_NET_DRIVER too), $(modinfo -n netvsc), up, carrier"
else
	fail net_autoload "driver '$(drv $GN)', interface '$i' $(ip -br link show dev "$i" 2>&1): $(dmesg | tail -3 | tr '\n' '|')"
fi

S=
if echo "disk id=$GD luns=1 size=32M" > $D/hv_sim/new_device && wait_until 100 'disk_of $GD 0 > /dev/null' &&
   S=$(disk_of $GD 0) && [ "$(drv $GD)" = hv_storvsc ] && dd if=/dev/$S of=/dev/null bs=1M count=8 iflag=direct 2> /dev/null; then
	pass disk_autoload "/dev/$S: $(drv $GD), $(modinfo -n storvsc), 8 MiB read"
else
	fail disk_autoload "driver '$(drv $GD)', disk '$S': $(dmesg | tail -3 | tr '\n' '|')"
fi

intree="hv_vmbus hv_netvsc hv_storvsc hv_utils hv_balloon hv_sock hyperv_keyboard hid_hyperv hyperv_fb hyperv_drm pci_hyperv uio_hv_generic"
bad= ours=$(ours_loaded)
for m in $intree; do [ -d /sys/module/$m ] && bad="$bad $m"; done
[ -z "$bad" ] && pass no_intree "loaded:$ours" || fail no_intree "in-tree loaded:$bad (ours:$ours)"

units_check
