#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# dkms-conf.sh <stack|sim> [tree]: print the dkms.conf of a DKMS module of the
# tree (default: this one). The stack's is the top-level dkms.conf as it is;
# the simulator's is sim/dkms.conf with the stack's PACKAGE_VERSION and
# BUILD_EXCLUSIVE_KERNEL, which only the top-level file declares.
set -eu
tree=${2:-$(cd "$(dirname "$0")/.." && pwd)}
case ${1:-} in
stack) cat "$tree/dkms.conf" ;;
sim)
	echo "# Made by packaging/dkms-conf.sh from sim/dkms.conf and the stack's dkms.conf."
	grep -E '^(PACKAGE_VERSION|BUILD_EXCLUSIVE_KERNEL)=' "$tree/dkms.conf"
	cat "$tree/sim/dkms.conf"
	;;
*) echo "usage: $0 <stack|sim> [tree]" >&2; exit 2 ;;
esac
