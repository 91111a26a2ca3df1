#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [<short>]: the benchmarks, on a matrix kernel (default 6.1), one
# VM each:
#   bench-echo  the echo ring throughput through vmbus.ko and hv_sim
#               (packets/s and MB/s at 64 B, 1500 B and 64 KiB, 1 and 2
#               channels, in-band; 1500 B as page buffers and 64 KiB as a
#               multi-page buffer, GPA direct) beside memcpy() of the same
#               bytes in the same VM, and their ratio;
#   bench-net   iperf3 TCP between two network namespaces over a veth pair
#               and over two netvsc NICs of hv_sim (1 and 2 streams, 1 and 2
#               queues), and the ratios netvsc/veth (1 stream, goal 0.5) and
#               2 queues/1 queue (2 streams, goal 1.6) of issue 11;
#   bench-stor  fio 4 KiB random reads at queue depth 32 on scsi_debug and on
#               storvsc LUNs of hv_sim (1 job; 2 jobs on 2 channels and on
#               1), and the ratios storvsc/scsi_debug (goal 0.8) and
#               2 channels/1 channel (2 jobs, goal 1.6) of issue 12.
# Prints a table of each, and writes every case's numbers, the ratios and the
# goals to $HVL_CACHE/runs/bench.json. Numbers under QEMU/TCG compare only
# with each other: they are ratios of one run, never pass/fail marks.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
short=${1:-6.1}
cache=${HVL_CACHE:-$HOME/.cache/hvl}
json=$cache/runs/bench.json
out=$("$here/../tests/vm/vmtest.sh" "$short" --timeout 900 bench-echo bench-net bench-stor 2>&1)
rc=$?
grep '^FAIL' <<< "$out"
# "HVLTEST INFO bench <what> k=v..." lines of one scenario's latest log
info() {
	local log
	log=$(ls -t "$cache"/runs/*/serial-$1.log 2>/dev/null | head -1)
	grep -a "HVLTEST INFO bench $2 " "${log:-/dev/null}" | sed 's/.*HVLTEST INFO bench //' | tr -d '\r'
}
echo_lines=$(info bench-echo echo)
net_lines=$(info bench-net net)
ratio_lines=$(info bench-net netratio)
stor_lines=$(info bench-stor stor)
stor_ratio_lines=$(info bench-stor storratio)
[ -n "$echo_lines$net_lines$stor_lines" ] || { echo "bench: no results (vmtest rc=$rc)"; exit 1; }
# k=v fields of a line into v[]
kv='function kv(   i, p) { delete v; for (i = 2; i <= NF; i++) { p = index($i, "="); v[substr($i, 1, p - 1)] = substr($i, p + 1) } }'
if [ -n "$echo_lines" ]; then
	printf '%-7s %-8s %-4s %8s %10s %10s %14s %9s\n' mode size chan packets pkts/s MB/s memcpy_MB/s ratio
	awk "$kv"'{ kv()
		printf "%-7s %-8s %-4s %8s %10s %10s %14s %9s\n", v["mode"], v["size"], v["channels"],
			v["packets"], v["pkts_per_s"], v["MB_per_s"], v["memcpy_MB_per_s"], v["ratio"] }' <<< "$echo_lines"
else
	echo "bench: no echo results"
fi
echo
if [ -n "$net_lines" ]; then
	printf '%-13s %7s %6s %10s %5s %9s %8s %12s\n' case streams queues Mbit/s retr cpu_busy% cpu_sys% cpu_softirq%
	awk "$kv"'{ kv()
		printf "%-13s %7s %6s %10s %5s %9s %8s %12s\n", v["case"], v["streams"], v["queues"],
			v["Mbits_per_s"], v["retransmits"], v["cpu_busy_pct"], v["cpu_sys_pct"], v["cpu_softirq_pct"] }' <<< "$net_lines"
	awk "$kv"'{ kv(); printf "%-20s %6s  %s\n", v["name"], v["ratio"], v["goal"] == "-" ? "" : "(goal >= " v["goal"] ")" }' <<< "$ratio_lines"
else
	echo "bench: no network results"
fi
echo
if [ -n "$stor_lines" ]; then
	printf '%-15s %5s %9s %8s %9s %8s %12s\n' case jobs channels IOPS cpu_busy% cpu_sys% cpu_softirq%
	awk "$kv"'{ kv()
		printf "%-15s %5s %9s %8s %9s %8s %12s\n", v["case"], v["jobs"], v["channels"], v["iops"],
			v["cpu_busy_pct"], v["cpu_sys_pct"], v["cpu_softirq_pct"] }' <<< "$stor_lines"
	awk "$kv"'{ kv(); printf "%-22s %6s  %s\n", v["name"], v["ratio"], v["goal"] == "-" ? "" : "(goal >= " v["goal"] ")" }' <<< "$stor_ratio_lines"
else
	echo "bench: no storage results"
fi
# the JSON: one object per line of each kind, numbers as numbers
tojson() { # <section> <lines>
	printf '  "%s": [' "$1"
	[ -n "$2" ] && awk '{ s = ""
		for (i = 2; i <= NF; i++) {
			p = index($i, "="); k = substr($i, 1, p - 1); x = substr($i, p + 1)
			if (x == "-") x = "null"
			else if (x !~ /^-?[0-9]+(\.[0-9]+)?$/) x = "\"" x "\""
			s = s (i > 2 ? ", " : "") "\"" k "\": " x
		}
		printf "%s\n    {%s}", (NR > 1 ? "," : ""), s }' <<< "$2"
	printf '\n  ]'
}
kernel=$(ls -td "$cache"/runs/*/ 2>/dev/null | head -1 | xargs -r basename)
mkdir -p "$(dirname "$json")"
{
	printf '{\n  "kernel": "%s",\n  "date": "%s",\n  "vmtest_rc": %d,\n' "$kernel" "$(date -u +%FT%TZ)" "$rc"
	tojson echo "$echo_lines"; printf ',\n'
	tojson net "$net_lines"; printf ',\n'
	tojson net_ratios "$ratio_lines"; printf ',\n'
	tojson stor "$stor_lines"; printf ',\n'
	tojson stor_ratios "$stor_ratio_lines"; printf '\n}\n'
} > "$json.tmp" && mv "$json.tmp" "$json"
echo "bench: $json"
exit $rc
