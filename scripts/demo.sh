#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [<short>]: `make demo`, a tour of the stack in one VM. Builds the
# modules for a Debian kernel (default 6.1), boots it under QEMU/TCG with
# hv_sim as the Hyper-V host, and shows what the guest modules do there:
# what was detected, the devices on the bus, the traffic they carry, and a
# crash report reaching the host (tests/vm/scenarios/demo-tour.sh). It prints
# no test log; when something fails it says what, and exits non-zero.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/vm/lib/common.sh"
short=${1:-6.1}

cat <<TXT
hvl demo: the Hyper-V guest modules in a Debian $short kernel under QEMU (2 vCPUs),
with hv_sim, our simulated Hyper-V host, standing in for the real one.
Building the modules and booting (about a minute after the first download)...
TXT
t=$(now)
out=$("$root/tests/vm/vmtest.sh" "$short" demo-tour 2>&1)
rc=$?
eval "$("$root/tests/vm/kernel.sh" env "$short")"
log=$HVL_CACHE/runs/$KVER/serial-demo-tour.log
console=$(tr -d '\r' < "$log" 2>/dev/null)

echo
echo "kernel $KVER, $(sed -n 's/^HVLTEST BOOTED.*cpus=\([0-9]*\).*/\1/p' <<< "$console") CPUs"
echo
sed -n 's/^HVLDEMO \{0,1\}/  /p' <<< "$console"
# what the host printed as the guest died, from the VM's console
host=$(grep -E '^\[[^]]*\] hv_sim: (guest crash: |vmbus: at the guest crash)' <<< "$console" | sed 's/^\[[^]]*\] hv_sim: //')
lines=$(grep -c 'hv_sim: guest crash message: ' <<< "$console")
if [ -n "$host" ]; then
	sed 's/^/    host: /' <<< "$host"
	# hv_core's encoding: P1 the CPU, P2 major << 16 | minor << 8 | patch
	p1=$(sed -n 's/.*guest crash: .* P1=\(0x[0-9a-f]*\).*/\1/p' <<< "$host")
	p2=$(sed -n 's/.*guest crash: .* P2=\(0x[0-9a-f]*\).*/\1/p' <<< "$host")
	[ -n "$p1" ] && [ -n "$p2" ] &&
		echo "    host: that is: CPU $((p1)), kernel $((p2 >> 16)).$(((p2 >> 8) & 255)).$((p2 & 255))"
	echo "    host: and $lines lines of the guest's log; the panic and the last two:"
	grep 'hv_sim: guest crash message: ' <<< "$console" | sed 's/.*hv_sim: guest crash message: \[[^]]*\] *//' |
		awk '/Kernel panic|sysrq: Trigger/ && !p { print; p = 1 } { l2 = l1; l1 = $0 } END { print l2; print l1 }' |
		sed 's/^/      | /'

fi
echo
if [ $rc -ne 0 ]; then
	echo "demo FAILED after $(since "$t") s; what failed:"
	grep -E '^FAIL ' <<< "$out" | sed 's/^FAIL /  /'
	grep -qE '^FAIL ' <<< "$out" || tail -5 <<< "$out" | sed 's/^/  /'
	echo "the VM's console: $log"
	exit 1
fi
cat <<TXT
That took $(since "$t") s. To go further:
  make test        everything CI runs: unit tests, builds for four kernels, DKMS, VM scenarios
  make bench       the VMBus ring, the network and the disk against their references
  make dkms-install  build and install the modules with DKMS for the running kernel
  (KVP, VSS, file copy and the packages are not written yet: README, status)
TXT
