#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# imagetest.sh: `make imagetest`, first part. hvl-dkms installed into a
# debootstrapped Debian bookworm image (minbase, systemd, udev, kmod, dkms,
# initramfs-tools, hyperv-daemons) with two kernels: the pinned 6.1 with its
# headers, which DKMS builds for, and the pinned 5.10 image alone (no
# headers: the kernel our modules are not built for). Worked on as a
# chroot under $HVL_CACHE/image, in a mount namespace of its own; nothing
# outside the cache changes. Checks:
#   image/install          apt-get install of the .deb: DKMS built and
#                          installed for 6.1, not for 5.10
#   image/modules          6.1's updates/dkms holds the stack, 5.10 has none
#   image/initramfs-ours   6.1's initramfs (the real mkinitramfs and hook):
#                          our boot modules, the rule and its script
#   image/initramfs-other  5.10's: the rule and its script, its in-tree
#                          hv_storvsc, nothing of ours
#   image/remove           apt-get remove: DKMS has nothing, no module, no
#                          rule, both initramfs images without anything of ours
# The image with its kernels is cached (keyed by the pins and this file);
# a warm run takes about 4 minutes (DKMS's build and five initramfs runs).
# Booting the image with systemd is the part to come.
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
pkgs=systemd-sysv,udev,kmod,dkms,initramfs-tools,hyperv-daemons
key=$( (echo "$K1 $K2 $pkgs"; cat "$0") | sha256sum | cut -c1-12)
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
	log "image: bookworm with $K1 and $K2 in $(since "$t")s"
fi

deb=$HVL_CACHE/pkg/out/hvl-dkms_${ver}_all.deb
[ -f "$deb" ] || scripts/package.sh > /dev/null 2>&1
[ -f "$deb" ] || { r FAIL setup "no $deb (scripts/package.sh)"; exit 1; }
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

t=$(now)
chroot_run apt-get install -y -q "/tmp/${deb##*/}" > "$I/install.log" 2>&1
rc=$?
st=$(chroot "$R" dkms status 2> /dev/null | paste -sd';')
[ $rc = 0 ] && [ "$st" = "hvl/$ver, $K1, x86_64: installed" ] &&
	r PASS install "$st; $(since "$t")s" || r FAIL install "rc $rc, dkms status '$st'; $I/install.log"

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

t=$(now)
chroot_run apt-get remove -y -q hvl-dkms > "$I/remove.log" 2>&1
rc=$?
st=$(chroot "$R" dkms status 2> /dev/null)
g1=$(ours_in "$K1") g2=$(ours_in "$K2")
[ $rc = 0 ] && [ -z "$st" ] && [ ! -e "$R/lib/modules/$K1/updates/dkms" ] && [ ! -e "$R/lib/modprobe.d/hvl.conf" ] &&
	[ "$g1" = hv_storvsc.ko ] && [ "$g2" = hv_storvsc.ko ] &&
	r PASS remove "nothing of ours left, both initramfs images with the in-tree hv_storvsc alone; $(since "$t")s" ||
	r FAIL remove "rc $rc, dkms '$st', $K1 initramfs '$g1', $K2 '$g2'; $I/remove.log"
rm -rf "$R"
