#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# imagetest.sh: `make imagetest`. hvl-dkms installed into a debootstrapped
# Debian bookworm image (minbase, systemd, udev, kmod, dkms,
# initramfs-tools, iproute2, hyperv-daemons) with two kernels: the pinned
# 6.1 with its headers, which DKMS builds for, and the pinned 5.10 image
# alone (no headers: the kernel our modules are not built for). Worked on
# as a chroot under $HVL_CACHE/image, in a mount namespace of its own;
# nothing outside the cache changes. Then the image is booted. Checks:
#   image/build-fails      apt-get install of the .deb with DKMS's build
#                          made to fail (/etc/dkms/hvl.conf): the package
#                          unconfigured, nothing of ours built or in any
#                          initramfs, each initramfs untouched or remade
#                          with the rule and its script alone
#   image/install          that install finished (dpkg --configure -a) once
#                          the cause is gone: DKMS built and installed for
#                          6.1, not for 5.10
#   image/modules          6.1's updates/dkms holds the stack, 5.10 has none
#   image/initramfs-ours   6.1's initramfs (the real mkinitramfs and hook):
#                          our boot modules, the rule and its script
#   image/initramfs-other  5.10's: the rule and its script, its in-tree
#                          hv_storvsc, nothing of ours
#   image/sim-install      hvl-sim-dkms installed too, for the boot
#   image/boot-<k>/...     the image booted under QEMU/TCG from an ext4 disk
#                          with its own kernel, initramfs and systemd, the
#                          ACPI VMBus device of Hyper-V's firmware in its
#                          tables; the scenarios of tests/image/scenarios
#                          run in it (tests/image/guest: a unit that runs
#                          them, with the VM harness's lib.sh, once the boot
#                          has finished) and report on the serial console,
#                          parsed as the VM harness's are: on 6.1, its root
#                          file system on a synthetic SCSI disk, "ours"
#                          (our drivers autoloaded, the root disk found in
#                          the initramfs, the daemons running) and
#                          "poweroff" (the host's shutdown request); on
#                          5.10, its root on a virtio disk, "intree"
#   image/remove           apt-get remove: DKMS has nothing, no module, no
#                          rule, both initramfs images without anything of ours
# The boot's configuration is the test's alone and goes before the remove:
# hv_sim loaded ahead of hv_core (a modprobe softdep, and listed in the
# initramfs's modules) with every IC service and the root disk's
# controller, a host name, an fstab, the runner and its unit,
# the serial getty masked (its hangup of the console would cut the
# runner's output).
# Usage: imagetest.sh [--no-package] (the packages are built first unless
# told they are fresh). The image with its kernels is cached (keyed by the
# pins, the package list and the recipe number);
# a warm run takes about 8.5 minutes (DKMS's builds, seven initramfs runs,
# the ext4 image, two boots).
set -u -o pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. tests/vm/lib/common.sh
r() { printf '%s image/%s%s\n' "$1" "$2" "${3:+ ($3)}"; }
ver=$(hvl_dkms_var PACKAGE_VERSION)
I=$HVL_CACHE/image
mkdir -p "$I"
K1=$(pin_line 6.1 | awk '{ print $3 }') K2=$(pin_line 5.10 | awk '{ print $3 }')
[ -n "$K1" ] && [ -n "$K2" ] || { r FAIL setup "no 6.1 or 5.10 pin in kernels.conf"; exit 1; }
pkgs=systemd-sysv,udev,kmod,dkms,initramfs-tools,iproute2,hyperv-daemons
# the base image's recipe: bump it when the debootstrap part below changes
recipe=1
key=$(echo "$K1 $K2 $pkgs $recipe" | sha256sum | cut -c1-12)
base=$I/base-$key.tar

# chroot_run <cmd...>: in the image, /proc /sys /dev mounted in a mount
# namespace that goes away with the command
chroot_run() {
	unshare -m --propagation private sh -c '
		R=$1; shift
		mount -t proc proc "$R/proc" && mount -t sysfs sys "$R/sys" && mount --bind /dev "$R/dev" &&
			chroot "$R" env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"' _ "$R" "$@"
}

if [ ! -f "$base" ]; then
	t=$(now)
	for k in 6.1 5.10; do tests/vm/kernel.sh prepare "$k" > /dev/null 2>&1 || { r FAIL setup "kernel.sh prepare $k"; exit 1; }; done
	mir=$(hvl_mirror)
	R=$I/build
	rm -rf "$R"
	debootstrap --variant=minbase --include=$pkgs bookworm "$R" "$mir" > "$I/debootstrap.log" 2>&1 ||
		{ r FAIL setup "debootstrap: $(tail -1 "$I/debootstrap.log")"; exit 1; }
	mkdir -p "$R/tmp/debs"
	cp "$HVL_CACHE/debs/$K1"/*.deb "$HVL_CACHE/debs/$K2"/linux-image-*.deb "$R/tmp/debs/"
	# shellcheck disable=SC2046 # the file names are words
	chroot_run apt-get install -y -q $(cd "$R" && ls tmp/debs/*.deb | sed 's|^|/|') > "$I/kernels.log" 2>&1 ||
		{ r FAIL setup "kernels: $(tail -1 "$I/kernels.log")"; exit 1; }
	rm -rf "$R/tmp/debs"
	tar -C "$R" -cf "$base.tmp" . && mv "$base.tmp" "$base" && rm -rf "$R"
	# an older recipe's image
	find "$I" -maxdepth 1 -name 'base-*.tar' ! -name "${base##*/}" -delete
	log "image: bookworm with $K1 and $K2 in $(since "$t")s"
fi

deb=$HVL_CACHE/pkg/out/hvl-dkms_${ver}_all.deb
sim=$HVL_CACHE/pkg/out/hvl-sim-dkms_${ver}_all.deb
# the packages of this tree (make test has just built them: --no-package)
if [ "${1:-}" != --no-package ]; then
	rm -f "$deb" "$sim"
	scripts/package.sh > "$I/package.log" 2>&1
fi
[ -f "$deb" ] && [ -f "$sim" ] || { r FAIL setup "no $deb or $sim (scripts/package.sh: $I/package.log)"; exit 1; }
R=$I/root
rm -rf "$R"
mkdir -p "$R"
tar -C "$R" -xf "$base"
cp "$deb" "$R/tmp/"

# what of ours an initramfs holds, as "<n> <list>"
ours_in() {
	chroot "$R" lsinitramfs "/boot/initrd.img-$1" | grep -E 'updates/dkms/|usr/lib/hvl/|modprobe\.d/hvl\.conf|/hv_storvsc\.ko' |
		sed 's|.*/||' | sort | paste -sd' '
}

# A DKMS build that fails (the build command replaced through DKMS's own
# per-module override file): the package is left unconfigured, nothing of
# ours is built or installed, and every initramfs either is the one it was
# or (remade by initramfs-tools' trigger for the hook file) has the rule
# with its script and no module of ours: the in-tree drivers boot as before
initrds() { (cd "$R/boot" && md5sum initrd.img-*); }
t=$(now)
before=$(initrds)
echo 'MAKE[0]="false"' > "$R/etc/dkms/hvl.conf"
chroot_run apt-get install -y -q "/tmp/${deb##*/}" > "$I/install-fail.log" 2>&1
rc=$?
st=$(chroot "$R" dkms status 2> /dev/null | paste -sd';')
g1=$(ours_in "$K1") g2=$(ours_in "$K2")
same=$(diff <(echo "$before") <(initrds) > /dev/null && echo "both initramfs images untouched" ||
	echo "remade: $(diff <(echo "$before") <(initrds) | sed -n 's/^> [0-9a-f]* *//p' | paste -sd' ')")
ok=1
for g in "$g1" "$g2"; do
	case $g in "hv_storvsc.ko" | "hv_storvsc.ko hvl-modprobe hvl.conf") ;; *) ok= ;; esac
done
[ $rc != 0 ] && [ "$st" = "hvl/$ver: added" ] && [ ! -e "$R/lib/modules/$K1/updates/dkms" ] && [ -n "$ok" ] &&
	r PASS build-fails "apt-get failed (rc $rc), DKMS '$st', $same; $K1: $g1; $K2: $g2" ||
	r FAIL build-fails "rc $rc, dkms status '$st', $K1 initramfs '$g1', $K2 '$g2', $same; $I/install-fail.log"
rm -f "$R/etc/dkms/hvl.conf"

# the cause gone, the user finishes the install as apt says
t=$(now)
chroot_run dpkg --configure -a > "$I/install.log" 2>&1
rc=$?
st=$(chroot "$R" dkms status 2> /dev/null | paste -sd';')
[ $rc = 0 ] && [ "$st" = "hvl/$ver, $K1, x86_64: installed" ] &&
	r PASS install "dpkg --configure -a: $st; $(since "$t")s" || r FAIL install "rc $rc, dkms status '$st'; $I/install.log"

mods=$(cd "$R/lib/modules/$K1/updates/dkms" 2> /dev/null && ls | sed 's/\.ko.*//' | sort | paste -sd' ')
want=$(scripts/modules.sh dkms.conf | cut -d' ' -f1 | sort | paste -sd' ')
[ "$mods" = "$want" ] && [ ! -e "$R/lib/modules/$K2/updates/dkms" ] && r PASS modules "$K1: $mods; $K2: none" ||
	r FAIL modules "$K1: '$mods' (want '$want'); $K2: $(ls "$R/lib/modules/$K2/updates/dkms" 2>&1 | paste -sd' ')"

got=$(ours_in "$K1")
want="hv_core.ko hv_storvsc.ko hv_timer.ko hvl-modprobe hvl.conf netvsc.ko storvsc.ko vmbus.ko"
[ "$got" = "$want" ] && r PASS initramfs-ours "$K1: $got" || r FAIL initramfs-ours "$K1: '$got', want '$want'"
got=$(ours_in "$K2")
want="hv_storvsc.ko hvl-modprobe hvl.conf"
[ "$got" = "$want" ] && r PASS initramfs-other "$K2: $got" || r FAIL initramfs-other "$K2: '$got', want '$want'"

# ---------------------------------------------------------------- the boot
cp "$sim" "$R/tmp/"
t=$(now)
chroot_run apt-get install -y -q "/tmp/${sim##*/}" > "$I/sim-install.log" 2>&1
rc=$?
st=$(chroot "$R" dkms status hvl-sim 2> /dev/null)
[ $rc = 0 ] && [ "$st" = "hvl-sim/$ver, $K1, x86_64: installed" ] &&
	r PASS sim-install "$st; $(since "$t")s" || r FAIL sim-install "rc $rc, dkms status '$st'; $I/sim-install.log"

# the test's configuration (test_config undo: taken away before the remove;
# the host name, hosts, fstab and machine ID stay, as nothing after needs
# them gone)
test_config() {
	local h=$R/hvl
	if [ "${1:-}" = undo ]; then
		rm -rf "$h" "$R/etc/modprobe.d/hvl-test.conf" "$R/etc/systemd/system/hvl-imagetest.service" \
			"$R/etc/systemd/system/multi-user.target.wants/hvl-imagetest.service" \
			"$R/etc/systemd/system/serial-getty@ttyS0.service"
		sed -i '/^hv_sim$/d' "$R/etc/initramfs-tools/modules"
		return
	fi
	printf '%s\n' 'softdep hv_core pre: hv_sim' \
		"options hv_sim ic=all devices=\"disk id=$root_ctl image=$image_at size=$disk_size\"" \
		> "$R/etc/modprobe.d/hvl-test.conf"
	echo hv_sim >> "$R/etc/initramfs-tools/modules"
	echo hvl-image > "$R/etc/hostname"
	printf '%s\n' '127.0.0.1 localhost' '127.0.1.1 hvl-image.hvl.test hvl-image' > "$R/etc/hosts"
	echo "UUID=$uuid / ext4 defaults 0 1" > "$R/etc/fstab"
	chroot "$R" systemd-machine-id-setup > /dev/null 2>&1
	mkdir -p "$h/scenarios"
	cp tests/vm/guest/run-scenarios tests/vm/guest/dmesg-check.sh tests/image/guest/hvl-imagetest "$h/"
	cp tests/vm/scenarios/lib.sh tests/vm/sizes.conf "$h/"
	cp tests/image/scenarios/*.sh "$h/scenarios/"
	cp tests/image/guest/hvl-imagetest.service "$R/etc/systemd/system/"
	chroot "$R" systemctl -q enable hvl-imagetest.service &&
		chroot "$R" systemctl -q mask serial-getty@ttyS0.service
}

# The root file system: one ext4 image, found by its UUID. For the kernel
# with our drivers it is a synthetic SCSI disk: QEMU's loader puts the
# image into the VM's RAM above 4 GiB, memmap= keeps the kernel off that
# RAM, and hv_sim (devices=, from the initramfs's modprobe.d) offers a
# controller whose LUN 0 starts with it, so that the initramfs must find
# its root through vmbus and storvsc. For the other kernel it is a virtio
# disk, as a machine that is not Hyper-V has.
uuid=6a1e0b5e-1d15-4c0c-9a3b-68766c000001
root_ctl=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f1000
disk_size=1920M
image_at=0x100000000

# boot <kernel> <short> <ours|intree> <scenario>...: the image booted with
# that kernel and its initramfs; the scenarios' results
boot() {
	local k=$1 short=$2 mode=$3 log=$I/serial-$2.log t rc dev=() extra=
	shift 3
	t=$(now)
	if [ "$mode" = ours ]; then
		# pc: RAM past 3.5 GiB lies above 4 GiB, 2 GiB of it here. QEMU loads
		# an image in one read(), which Linux caps just under 2 GiB: hence 1920M
		dev=(-m 5G -device "loader,file=$I/disk.img,addr=$image_at,force-raw=on")
		extra="memmap=$disk_size\$$image_at"
	else
		dev=(-m 1536 -drive "file=$I/disk.img,format=raw,if=virtio")
	fi
	timeout 600 qemu-system-x86_64 -accel tcg -cpu max -smp 2 "${dev[@]}" -acpitable "file=$I/vmbus.aml" \
		-nodefaults -display none -serial stdio -no-reboot \
		-kernel "$R/boot/vmlinuz-$k" -initrd "$R/boot/initrd.img-$k" \
		-append "console=ttyS0 root=UUID=$uuid rw $extra panic=-1 quiet loglevel=5 hvl.scenarios=$(IFS=,; echo "$*")" \
		< /dev/null > "$log" 2>&1
	rc=$?
	log "image: boot $short: qemu rc=$rc in $(since "$t")s"
	[ $rc = 124 ] && r FAIL "boot-$short/timeout" "no poweroff within 600 s: $(grep -a '^HVLTEST BEGIN' "$log" | tail -1)"
	tests/vm/lib/parse.sh "$log" tests/image/scenarios "image/boot-$short" "$@" | sed '$d'
}

t=$(now)
if ! test_config; then
	r FAIL boot-setup "the test's configuration"
elif ! chroot_run update-initramfs -u -k "$K1" > "$I/boot-initramfs.log" 2>&1; then
	r FAIL boot-setup "update-initramfs: $(tail -1 "$I/boot-initramfs.log")"
elif ! iasl -vw 6033 -p "$I/vmbus" tests/vm/acpi/vmbus.asl > "$I/iasl.log" 2>&1; then
	r FAIL boot-setup "iasl: $(grep -m1 Error "$I/iasl.log")"
elif ! { rm -f "$I/disk.img" && truncate -s "$disk_size" "$I/disk.img" &&
	mke2fs -q -t ext4 -U "$uuid" -d "$R" -F "$I/disk.img"; } > "$I/mke2fs.log" 2>&1; then
	r FAIL boot-setup "mke2fs: $(tail -1 "$I/mke2fs.log")"
else
	log "image: boot set up in $(since "$t")s"
	boot "$K1" 6.1 ours ours poweroff
	boot "$K2" 5.10 intree intree
fi
rm -f "$I/disk.img"
test_config undo

t=$(now)
chroot_run apt-get remove -y -q hvl-dkms hvl-sim-dkms > "$I/remove.log" 2>&1
rc=$?
st=$(chroot "$R" dkms status 2> /dev/null)
g1=$(ours_in "$K1") g2=$(ours_in "$K2")
[ $rc = 0 ] && [ -z "$st" ] && [ ! -e "$R/lib/modules/$K1/updates/dkms" ] && [ ! -e "$R/lib/modprobe.d/hvl.conf" ] &&
	[ "$g1" = hv_storvsc.ko ] && [ "$g2" = hv_storvsc.ko ] &&
	r PASS remove "nothing of ours left, both initramfs images with the in-tree hv_storvsc alone; $(since "$t")s" ||
	r FAIL remove "rc $rc, dkms '$st', $K1 initramfs '$g1', $K2 '$g2'; $I/remove.log"
rm -rf "$R"
