#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs-hooks.sh: the initramfs-tools hook and the dracut module of
# packaging/, run against stubs of what they call (hook-functions and
# dracut's instmods/inst_simple, a modprobe that knows our vmbus.ko for the
# kernel "ours" only): the modprobe rule's script for every kernel (hvl.conf
# is in every initramfs), the stack's boot modules for a kernel DKMS built
# them for only. (mkinitramfs and dracut themselves run in the image test.)
set -u -o pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/bin"
cat > "$w/bin/modprobe" <<'STUB'
#!/bin/sh
[ "$*" = "--set-version=ours --dry-run --quiet vmbus" ]
STUB
chmod +x "$w/bin/modprobe"
cat > "$w/hook-functions" <<'STUB'
manual_add_modules() { echo "modules $*" >> "$LOG"; }
copy_exec() { echo "exec $*" >> "$LOG"; }
STUB
sed "s|/usr/share/initramfs-tools/hook-functions|$w/hook-functions|" \
	"$root/packaging/initramfs-tools/hvl" > "$w/hook"
r() { printf '%s packaging/%s%s\n' "$1" "$2" "${3:+ ($3)}"; }
want_mods="hv_core hv_timer vmbus storvsc netvsc"

for k in ours other; do
	: > "$w/log"
	PATH=$w/bin:$PATH LOG=$w/log version=$k sh "$w/hook"
	rc=$?
	got=$(paste -sd';' "$w/log")
	want="exec /usr/lib/hvl/hvl-modprobe$([ $k = ours ] && echo ";modules $want_mods")"
	[ $rc = 0 ] && [ "$got" = "$want" ] && r PASS "initramfs-tools-$k" "$got" ||
		r FAIL "initramfs-tools-$k" "rc $rc, added '$got', want '$want'"
done
[ -z "$(sh "$root/packaging/initramfs-tools/hvl" prereqs)" ] && r PASS initramfs-tools-prereqs ||
	r FAIL initramfs-tools-prereqs "$(sh "$root/packaging/initramfs-tools/hvl" prereqs)"

for k in ours other; do
	got=$(PATH=$w/bin:$PATH bash -c '
		instmods() { echo "instmods $*"; }
		inst_simple() { echo "inst $*"; }
		. "$1"
		kernel=$2
		check; echo "check $?"
		installkernel; install' _ "$root/packaging/dracut/90hvl/module-setup.sh" $k | paste -sd';')
	if [ $k = ours ]; then
		want="check 0;instmods $want_mods;inst /usr/lib/hvl/hvl-modprobe"
	else
		want="check 0;inst /usr/lib/hvl/hvl-modprobe"
	fi
	[ "$got" = "$want" ] && r PASS "dracut-$k" "$got" || r FAIL "dracut-$k" "'$got', want '$want'"
done

# what they add is the stack's (dkms.conf), hv_ic aside: not needed to boot
stack=$("$root/scripts/modules.sh" "$root/dkms.conf" | cut -d' ' -f1)
bad=
for m in $want_mods; do grep -qx "$m" <<< "$stack" || bad="$bad $m"; done
[ -z "$bad" ] && r PASS initramfs-modules-are-the-stacks || r FAIL initramfs-modules-are-the-stacks "not in dkms.conf:$bad"
