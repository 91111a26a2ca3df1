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

What it shows today: without Hyper-V, hv_core refuses with -ENODEV; with hv_sim
(the simulated hypervisor and host) loaded, hv_core detects each emulated host
generation, sets the guest OS ID, enables the hypercall page and brings up the
SynIC on both CPUs; hv_timer's TSC-page clocksource and stimer clockevent take
over timekeeping and the tick; vmbus.ko connects to hv_sim's VMBus server,
negotiates a version, binds the simulated echo device on the `vmbus` bus and
carries 100,000 packets of every kind over two channels, every byte checked;
a panic is reported to the "host" through the crash MSRs. Then the echo ring
benchmark (make bench) runs in one more VM. What it does not show yet: network
and storage devices (netvsc, storvsc and hv_ic are not written).
TXT
echo
"$root/tests/vm/vmtest.sh" "$short"
rc=$?
eval "$("$root/tests/vm/kernel.sh" env "$short")"
echo
echo "--- from the VM's console ($KVER):"
grep -hE 'HVLTEST BOOTED|hv_core:|hv_timer:|hv_sim: guest crash:|vmbus: |RESULT (20-sim-partition/ws2019|30-timer-direct/(rate|tick)|41-vmbus-echo/(load|bind|modalias|echo|rescind)|90-crash)' \
	"$HVL_CACHE/runs/$KVER"/serial-*.log | sed 's/^/  | /'
echo
echo "--- make bench: echo ring throughput against memcpy in the same VM ($KVER):"
"$root/scripts/bench.sh" "$short" || rc=1
exit $rc
