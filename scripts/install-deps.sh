#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# install-deps.sh <build|check|vm|dkms|pkg|fuzz|all>: make sure the host packages a
# target needs are installed. As root, installs them with apt-get; otherwise
# prints the exact apt-get line and fails. Matrix kernels and their compilers
# are not host packages: tests/vm/kernel.sh fetches those into the cache.
set -eu
what=${1:-all}
build="make gcc libc6-dev bc flex bison libelf-dev kmod"
check="make gcc libc6-dev git"
# (the libraries at the end: chronyd's, unpacked from its package into the
# VM's initramfs, which takes the libraries its tools link from the host;
# acpica-tools: iasl, for the SSDTs of tests/vm/acpi)
vm="qemu-system-x86 busybox-static cpio xz-utils zstd kmod patchelf ca-certificates
    iproute2 ethtool iperf3 fio lsscsi sg3-utils e2fsprogs gawk sparse dkms openssl git
    libcap2 libseccomp2 libgnutls30 libnettle8 acpica-tools"
fuzz="clang libclang-rt-14-dev"
# the packages: .deb (dh-dkms, lintian) and .rpm (Debian's rpm has rpmbuild);
# the image they are installed in (make imagetest)
pkg="debhelper dh-dkms lintian rpm rpmlint debootstrap"
case $what in
build) pkgs=$build ;;
fuzz) pkgs="$check $fuzz" ;;
check) pkgs=$check ;;
vm | dkms) pkgs="$build $check $vm" ;;
pkg) pkgs="$check $pkg" ;;
all) pkgs="$build $check $vm $pkg" ;;
*) echo "usage: $0 <build|check|vm|dkms|pkg|fuzz|all>" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "missing packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo ">>> installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -q update > /dev/null
# shellcheck disable=SC2086
apt-get -q install -y --no-install-recommends $missing > /tmp/hvl-apt.log 2>&1 ||
	{ tail -20 /tmp/hvl-apt.log >&2; exit 1; }
