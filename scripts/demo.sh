#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [<short>]: `make demo`. Boots a matrix kernel (default 6.1) under
# QEMU/TCG with our modules and shows, from the VM's own console, what the
# stack does today. It says what it does not do yet instead of pretending.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/vm/lib/common.sh"
short=${1:-6.1}

cat <<'TXT'
hvl demo: build the modules for a Debian kernel, boot it under QEMU/TCG (2 vCPUs)
with a busybox initramfs, and run the stack's scenarios inside.

What exists today: the build/test foundation and hv_core's Hyper-V detection.
This machine has no Hyper-V, and hv_sim (the simulated hypervisor and host) is
not written yet, so what you will see is hv_core finding no Hyper-V and refusing
to load with -ENODEV and one log line. No VMBus device binds and no traffic flows
yet: vmbus, netvsc, storvsc, hv_timer, hv_ic and hv_sim are open work.
TXT
echo
"$root/tests/vm/vmtest.sh" "$short"
rc=$?
eval "$("$root/tests/vm/kernel.sh" env "$short")"
echo
echo "--- from the VM's console ($KVER):"
grep -E 'HVLTEST BOOTED|hv_core|insmod' "$HVL_CACHE/runs/$KVER/serial.log" | grep -v '^HVLTEST RESULT 00-' | sed 's/^/  | /'
exit $rc
