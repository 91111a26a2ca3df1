# SPDX-License-Identifier: GPL-2.0
# boot: own
# timeout: 300
# The network benchmark (make bench; never part of make test, which runs
# only the numbered scenarios). iperf3 TCP between two network namespaces,
# a and b, each case for a fixed time (8 s after 1 s left out): over a veth
# pair (the kernel's own, for scale), then over two netvsc NICs of hv_sim,
# joined by its virtual switch, with one stream and two parallel streams,
# at 2 queues and at 1 (ethtool -L combined on both NICs). The NICs offer
# RSC (rsc=1), as Hyper-V's do; one more case runs one stream with it off
# on the receiver (ethtool -K lro off). One "HVLTEST INFO
# bench net" line per case carries the receiver's bits/s, the sender's
# retransmits and how busy the vCPUs were (/proc/stat), "HVLTEST INFO
# bench-diag" lines what netvsc (ethtool -S) and hv_sim (debugfs net)
# counted during a netvsc case; "HVLTEST INFO bench netratio" lines the
# ratios netvsc/veth (one stream) and 2q/1q (two streams) with issue 11's
# goals. The checks only say that each case ran. iperf3 before 3.16 runs
# all its streams in one thread: -P 2 sends from one CPU.
# checks: setup veth netvsc netvsc_nolro netvsc_2s_2q netvsc_1q netvsc_2s_1q
G1=6e7d0a10-1c2d-4e3f-8a4b-5c6d7e8f9b01
G2=6e7d0a10-1c2d-4e3f-8a4b-5c6d7e8f9b02
T=8
IPERF=/usr/bin/iperf3
on_exit "ip netns del a 2>/dev/null; ip netns del b 2>/dev/null; rmmod netvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
on_exit "for p in /tmp/iperf-*.pid; do [ -f \$p ] && kill \$(cat \$p) 2>/dev/null; done"
qcount() { A sh -c "ls -d /sys/class/net/$I1/queues/tx-* | wc -l"; }
# cpu time of all vCPUs from /proc/stat: "total idle system softirq"
cpustat() { awk '$1 == "cpu" { print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6, $4, $8 }' /proc/stat; }
# counters of a NIC, k=v: netvsc's ethtool -S, hv_sim's net line (its
# per-queue receive counts rxq=a/b as rxq0= rxq1=)
nic_ethtool() { "$@" | awk -F': *' 'NR > 1 { gsub(/ /, "", $1); printf "%s=%s ", $1, $2 }'; }
nic_sim() { grep "^$1" $D/hv_sim/net | sed 's|rxq=\([0-9]*\)/\([0-9]*\)|rxq0=\1 rxq1=\2|'; }
# <slot> <k=v text>: the counters that grew since the slot's last text
# (kept in a file: this runs in command substitutions)
delta() {
	local prev
	prev=$(cat /tmp/bench-net-$1 2>/dev/null)
	echo "$2" > /tmp/bench-net-$1
	awk -v prev="$prev" -v cur="$2" 'BEGIN {
		n = split(prev, a, " "); for (i = 1; i <= n; i++) { p = index(a[i], "="); o[substr(a[i], 1, p - 1)] = substr(a[i], p + 1) }
		n = split(cur, a, " "); for (i = 1; i <= n; i++) { p = index(a[i], "="); k = substr(a[i], 1, p - 1); x = substr(a[i], p + 1)
			if (x ~ /^[0-9]+$/ && x - o[k] != 0) printf "%s=%d ", k, x - o[k] } }'
}
# <case> <server address> <port> <streams> <queues|->
run_case() {
	local name=$1 addr=$2 port=$3 streams=$4 q=$5 out c0 c1 mbps retr cpu
	B $IPERF -s -1 -D -p $port -I /tmp/iperf-$port.pid > /dev/null 2>&1
	wait_until 30 "B /usr/bin/ss -ltn | grep -q ':$port '"
	c0=$(cpustat)
	out=$(A $IPERF -c $addr -p $port -t $T -O 1 -P $streams -f m 2>&1)
	c1=$(cpustat)
	# the last receiver line is the sum with -P 2; its Mbits/s and the
	# sender's retransmits (the field before "sender")
	mbps=$(echo "$out" | awk '/receiver$/ { for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1) } END { print v }')
	retr=$(echo "$out" | awk '/sender$/ { v = $(NF - 1) } END { print v }')
	cpu=$(echo "$c0 $c1" | awk '{ t = $5 - $1; if (t <= 0) t = 1
		printf "cpu_busy_pct=%.0f cpu_sys_pct=%.0f cpu_softirq_pct=%.0f", 100 * (t - ($6 - $2)) / t, 100 * ($7 - $3) / t, 100 * ($8 - $4) / t }')
	if [ -n "$mbps" ] && awk -v m="$mbps" 'BEGIN { exit !(m > 0) }'; then
		echo "HVLTEST INFO bench net case=$name streams=$streams queues=$q secs=$T Mbits_per_s=$mbps retransmits=${retr:-0} $cpu"
		eval "R_$name=$mbps"
		pass $name "$mbps Mbit/s, $streams stream(s), queues $q"
	else
		fail $name "$(echo "$out" | tail -3 | tr '\n' '|')"
	fi
	rm -f /tmp/iperf-$port.pid
}
# <case>: what netvsc and hv_sim counted during a case (what changed only)
diag() {
	local e1 e2 s1 s2
	e1=$(delta e1 "$(nic_ethtool A ethtool -S $I1)") e2=$(delta e2 "$(nic_ethtool B ethtool -S $I2)")
	s1=$(delta s1 "$(nic_sim $G1)") s2=$(delta s2 "$(nic_sim $G2)")
	[ -n "$1" ] || return 0
	echo "HVLTEST INFO bench-diag $1 netvsc $I1(a): $e1"
	echo "HVLTEST INFO bench-diag $1 netvsc $I2(b): $e2"
	echo "HVLTEST INFO bench-diag $1 hv_sim $I1: $s1"
	echo "HVLTEST INFO bench-diag $1 hv_sim $I2: $s2"
}
# <queues>: both NICs to that many queues, then a ping goes through
set_queues() {
	A ethtool -L $I1 combined $1 && B ethtool -L $I2 combined $1 &&
		wait_until 50 "A ping -c 1 -W 1 10.61.0.2 > /dev/null 2>&1" && [ "$(qcount)" = $1 ]
}

modprobe veth && insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod netvsc)" &&
	echo "net id=$G1 rsc=1" > $D/hv_sim/new_device && echo "net id=$G2 rsc=1" > $D/hv_sim/new_device
wait_until 100 '[ -n "$(nic_if $G1)" ] && [ -n "$(nic_if $G2)" ]'
I1=$(nic_if $G1) I2=$(nic_if $G2)
ip netns add a && ip netns add b && A ip link set lo up && B ip link set lo up &&
	ip link add va type veth peer name vb && ip link set va netns a && ip link set vb netns b &&
	A ip addr add 10.62.0.1/24 dev va && B ip addr add 10.62.0.2/24 dev vb &&
	A ip link set va up && B ip link set vb up &&
	ip link set $I1 netns a && ip link set $I2 netns b &&
	A ip addr add 10.61.0.1/24 dev $I1 && B ip addr add 10.61.0.2/24 dev $I2 &&
	A ip link set $I1 up && B ip link set $I2 up &&
	wait_until 50 'A ping -c 1 -W 1 10.61.0.2 > /dev/null 2>&1' &&
	A ping -c 1 -W 2 10.62.0.2 > /dev/null && [ "$(qcount)" = 2 ] &&
	pass setup "$I1 $I2 with $(qcount) queues, va vb" ||
	{ fail setup "'$I1' '$I2' queues $(qcount 2>/dev/null): $(dmesg | tail -5 | tr '\n' '|')"; exit 0; }

run_case veth 10.62.0.2 5201 1 -
diag ""
run_case netvsc 10.61.0.2 5202 1 2
diag netvsc
B ethtool -K $I2 lro off
run_case netvsc_nolro 10.61.0.2 5206 1 2
diag netvsc_nolro
B ethtool -K $I2 lro on
run_case netvsc_2s_2q 10.61.0.2 5203 2 2
diag netvsc_2s_2q
if set_queues 1; then
	run_case netvsc_1q 10.61.0.2 5204 1 1
	diag netvsc_1q
	run_case netvsc_2s_1q 10.61.0.2 5205 2 1
	diag netvsc_2s_1q
else
	fail netvsc_1q "ethtool -L combined 1: $(qcount) queues, $(dmesg | tail -3 | tr '\n' '|')"
	fail netvsc_2s_1q "no 1-queue setup"
fi

ratio() { # <name> <num> <den> <goal>
	[ -n "$2" ] && [ -n "$3" ] && awk -v n="$1" -v a="$2" -v b="$3" -v g="$4" 'BEGIN {
		printf "HVLTEST INFO bench netratio name=%s ratio=%.3f goal=%s\n", n, a / b, g }'
}
ratio netvsc_vs_veth "${R_netvsc:-}" "${R_veth:-}" 0.5
ratio 2q_vs_1q_2streams "${R_netvsc_2s_2q:-}" "${R_netvsc_2s_1q:-}" 1.6
ratio 2q_vs_1q_1stream "${R_netvsc:-}" "${R_netvsc_1q:-}" -
ratio lro_vs_nolro "${R_netvsc:-}" "${R_netvsc_nolro:-}" -
