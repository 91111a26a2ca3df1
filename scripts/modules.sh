#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# modules.sh [dkms.conf...]: print "<module> <build dir> <install dir>" for every
# module the dkms.conf files declare (default: the stack's, then the
# simulator's, sim/dkms.conf). They are the one list of our modules; the
# Makefile, the build check and the VM harness all read it through this.
root=$(dirname "$0")/..
[ $# -gt 0 ] || set -- "$root/dkms.conf" "$root/sim/dkms.conf"
for conf; do
	awk -F'"' '
		/^BUILT_MODULE_NAME\[/     { i = $0; sub(/^[^[]*\[/, "", i); sub(/\].*/, "", i); name[i] = $2; n = (i + 1 > n ? i + 1 : n) }
		/^BUILT_MODULE_LOCATION\[/ { i = $0; sub(/^[^[]*\[/, "", i); sub(/\].*/, "", i); loc[i] = $2 }
		/^DEST_MODULE_LOCATION\[/  { i = $0; sub(/^[^[]*\[/, "", i); sub(/\].*/, "", i); dest[i] = $2 }
		END { for (i = 0; i < n; i++) { l = loc[i]; sub(/\/$/, "", l); print name[i], (l == "" ? "." : l), dest[i] } }
	' "$conf"
done
