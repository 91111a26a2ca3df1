#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# modules.sh [dkms.conf]: print "<module> <build dir> <install dir>" for every
# module dkms.conf declares. dkms.conf is the one list of our modules; the
# Makefile, the build check and the VM harness all read it through this.
conf=${1:-$(dirname "$0")/../dkms.conf}
awk -F'"' '
	/^BUILT_MODULE_NAME\[/     { i = $0; sub(/^[^[]*\[/, "", i); sub(/\].*/, "", i); name[i] = $2; n = (i + 1 > n ? i + 1 : n) }
	/^BUILT_MODULE_LOCATION\[/ { i = $0; sub(/^[^[]*\[/, "", i); sub(/\].*/, "", i); loc[i] = $2 }
	/^DEST_MODULE_LOCATION\[/  { i = $0; sub(/^[^[]*\[/, "", i); sub(/\].*/, "", i); dest[i] = $2 }
	END { for (i = 0; i < n; i++) { l = loc[i]; sub(/\/$/, "", l); print name[i], (l == "" ? "." : l), dest[i] } }
' "$conf"
