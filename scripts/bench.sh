#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [<short>]: the benchmarks, in one VM of a matrix kernel (default
# 6.1): the echo ring throughput through vmbus.ko and hv_sim (packets/s and
# MB/s at 64 B, 1500 B and 64 KiB, 1 and 2 channels, in-band; 1500 B as page
# buffers and 64 KiB as a multi-page buffer, GPA direct) beside memcpy() of the
# same bytes in the same VM, and their ratio. Numbers under QEMU/TCG compare
# only with each other: they are ratios of one run, never pass/fail marks.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
short=${1:-6.1}
out=$("$here/../tests/vm/vmtest.sh" "$short" --timeout 900 bench-echo 2>&1)
rc=$?
grep '^FAIL' <<< "$out"
log=$(ls -t "${HVL_CACHE:-$HOME/.cache/hvl}"/runs/*/serial-bench-echo.log 2>/dev/null | head -1)
lines=$(grep -a 'HVLTEST INFO bench' "${log:-/dev/null}" |
	sed 's/.*HVLTEST INFO bench //' | tr -d '\r')
[ -n "$lines" ] || { echo "bench: no results (vmtest rc=$rc)"; exit 1; }
printf '%-7s %-8s %-4s %8s %10s %10s %14s %9s\n' mode size chan packets pkts/s MB/s memcpy_MB/s ratio
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	printf "%-7s %-8s %-4s %8s %10s %10s %14s %9s\n", v["mode"], v["size"], v["channels"],
		v["packets"], v["pkts_per_s"], v["MB_per_s"], v["memcpy_MB_per_s"], v["ratio"] }' <<< "$lines"
exit $rc
