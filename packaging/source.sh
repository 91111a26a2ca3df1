#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# source.sh <stack|sim> <dest> [extra path...]: the source of a DKMS module as
# it is shipped in /usr/src/<module>-<version>: Kbuild, compat/, every module
# directory Kbuild names (the stack and the simulator build from one tree:
# each dkms.conf picks its part) and that module's dkms.conf
# (packaging/dkms-conf.sh), without build products. Extra paths of the tree
# may be added (the project's own builds add the test modules).
set -eu
what=${1:-}
dest=${2:-}
case $what in stack | sim) ;; *) echo "usage: $0 <stack|sim> <dest> [extra path...]" >&2; exit 2 ;; esac
[ -n "$dest" ] || { echo "usage: $0 <stack|sim> <dest> [extra path...]" >&2; exit 2; }
shift 2
here=$(cd "$(dirname "$0")" && pwd)
tree=$(dirname "$here")
mkdir -p "$dest"
# shellcheck disable=SC2046 # the module directories are words
(cd "$tree" && tar -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.order' --exclude=Module.symvers \
	Kbuild compat $(sed -n 's/^obj-\$(HVL_[A-Z]*) += \(.*\)\/$/\1/p' Kbuild) "$@") |
	tar -C "$dest" -xf -
"$here/dkms-conf.sh" "$what" "$tree" > "$dest/dkms.conf"
