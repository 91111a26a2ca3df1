#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# modprobe-rule.sh: packaging/modprobe/hvl-modprobe, the install rule that
# picks the VMBus stack per kernel, run against a stub modprobe (which
# records its calls and says whether this "kernel" has our vmbus.ko) and a
# fake /sys; and hvl.conf as kmod itself parses it. One PASS/FAIL line each.
set -u -o pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rule=$root/packaging/modprobe/hvl-modprobe
conf=$root/packaging/modprobe/hvl.conf
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/bin"
cat > "$w/bin/modprobe" <<'STUB'
#!/bin/sh
echo "$*" >> "$STUB_LOG"
case "$*" in
"-q -n vmbus") [ "$STUB_HAVE" = 1 ] ;;
vmbus) [ "$STUB_LOADS" = 1 ] ;;
*) exit 0 ;;
esac
STUB
chmod +x "$w/bin/modprobe"

r() { printf '%s packaging/%s%s\n' "$1" "$2" "${3:+ ($3)}"; }
# case <name> <have: ours built for this kernel> <loads: ours loads> <running:
# none|ours|intree> <expected calls, ';' between> <expected kmsg: 0|1> <args...>
case_() {
	local name=$1 have=$2 loads=$3 running=$4 want=$5 wantmsg=$6 got msgs
	shift 6
	rm -rf "$w/sys" "$w/log" "$w/kmsg"
	mkdir -p "$w/sys/module"
	case $running in ours) mkdir "$w/sys/module/vmbus" ;; intree) mkdir "$w/sys/module/hv_vmbus" ;; esac
	: > "$w/log"
	PATH=$w/bin:$PATH STUB_LOG=$w/log STUB_HAVE=$have STUB_LOADS=$loads HVL_SYSFS=$w/sys \
		HVL_KMSG=$w/kmsg sh "$rule" "$@"
	got=$(grep -v '^-q -n vmbus$' "$w/log" | paste -sd';')
	msgs=$(grep -c . "$w/kmsg" 2> /dev/null || echo 0)
	[ "$got" = "$want" ] && [ "$msgs" = "$wantmsg" ] && r PASS "modprobe-rule-$name" "$*: ${got:-nothing}" ||
		r FAIL "modprobe-rule-$name" "$*: ran '$got', want '$want'; $msgs kernel-log lines"
}
case_ ours-vmbus        1 1 none   "vmbus"                                  0 hv_vmbus
case_ ours-storvsc      1 1 none   "storvsc"                                0 hv_storvsc
case_ ours-netvsc       1 1 ours   "netvsc"                                 0 hv_netvsc
case_ ours-ic           1 1 ours   "hv_ic"                                  0 hv_utils
case_ ours-vmbus-loaded 1 1 ours   "vmbus"                                  0 hv_vmbus
case_ ours-no-keyboard  1 1 ours   ""                                       1 hyperv_keyboard
case_ ours-no-balloon   1 1 none   ""                                       1 hv_balloon
case_ other-kernel      0 0 none   "--ignore-install hv_storvsc"            0 hv_storvsc
case_ other-kernel-opts 0 0 none   "--ignore-install hv_vmbus max_version=4" 0 hv_vmbus max_version=4
case_ other-keyboard    0 0 none   "--ignore-install hyperv_keyboard"       0 hyperv_keyboard
case_ intree-running    1 1 intree "--ignore-install hv_netvsc"             0 hv_netvsc
case_ ours-fails        1 0 none   "vmbus;--ignore-install hv_vmbus"        1 hv_vmbus

# hvl.conf: kmod reads every line as an install rule that passes its own
# module name, and every module the rule knows has one
shown=$(modprobe -C "$conf" --showconfig 2> "$w/err" | grep '^install ')
bad=$(awk '$4 != $2 || $3 != "/usr/lib/hvl/hvl-modprobe" || $5 != "$CMDLINE_OPTS"' <<< "$shown")
known=$(sed -n 's/^\([a-z_|]*\)) .*/\1/p; s/^\([a-z_]*\))$/\1/p' "$rule" | tr '|' '\n' | sort -u)
missing=$(comm -23 <(echo "$known") <(awk '{ print $2 }' <<< "$shown" | sort -u))
[ "$(grep -c . <<< "$shown")" = "$(grep -c '^install ' "$conf")" ] && [ -z "$bad" ] && [ -z "$missing" ] &&
	[ ! -s "$w/err" ] && r PASS modprobe-conf "$(grep -c . <<< "$shown") install rules" ||
	r FAIL modprobe-conf "bad: $bad; no rule for: $missing; $(head -2 "$w/err" | tr '\n' ' ')"
