#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh --kdir <dir>   `make install`: install the modules built in the
#                           tree for that kernel under updates/hvl, then depmod
# install.sh --dkms         `make dkms-install`: copy the source to
#                           /usr/src/<name>-<version>, dkms add, build, install
#                           for the running kernel
set -eu -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/vm/lib/common.sh"
[ "$(id -u)" = 0 ] || { echo "error: installing modules needs root" >&2; exit 1; }
case ${1:-} in
--kdir)
	kdir=$2
	make -C "$kdir" M="$root" INSTALL_MOD_DIR=updates/hvl modules_install
	krel=$(make -s -C "$kdir" kernelrelease 2> /dev/null || basename "$(dirname "$kdir")")
	depmod -a "$krel"
	;;
--dkms)
	name=$(hvl_dkms_var PACKAGE_NAME)
	ver=$(hvl_dkms_var PACKAGE_VERSION)
	dst=/usr/src/$name-$ver
	rm -rf "$dst"
	mkdir -p "$dst"
	"$root/packaging/source.sh" stack "$dst"
	dkms status -m "$name" -v "$ver" | grep -q . && dkms remove -m "$name" -v "$ver" --all
	dkms add -m "$name" -v "$ver"
	dkms install -m "$name" -v "$ver"
	;;
*) sed -n '4,10p' "$0" >&2; exit 2 ;;
esac
