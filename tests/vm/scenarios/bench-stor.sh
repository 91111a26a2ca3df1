# SPDX-License-Identifier: GPL-2.0
# boot: own
# timeout: 300
# The storage benchmark (make bench; never part of make test). fio 4 KiB
# random reads, direct, libaio, queue depth 32, each case for a fixed time
# (8 s after 1 s left out), on same-size RAM disks in one VM: scsi_debug
# (delay=0: the kernel's own RAM-backed SCSI target, for scale) and a
# storvsc LUN over hv_sim; then two jobs (one per CPU) on a controller of
# two channels and on one of one channel. Each disk is written whole first,
# so every read copies real data. One "HVLTEST INFO bench stor" line per
# case carries the IOPS and how busy the vCPUs were (/proc/stat); "HVLTEST
# INFO bench storratio" lines the ratios storvsc/scsi_debug (one job, goal
# 0.8) and 2 channels/1 channel (two jobs, goal 1.6) of issue 12. The
# checks only say that each case ran.
# checks: setup scsi_debug storvsc storvsc_2j_2c storvsc_2j_1c
G1=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0b01
G2=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0b02
T=8
on_exit "rmmod storvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null; rmmod scsi_debug 2>/dev/null"
cpustat() { awk '$1 == "cpu" { print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6, $4, $8 }' /proc/stat; }
# <case> <dev> <jobs> <channels|->
run_case() {
	local name=$1 dev=$2 jobs=$3 ch=$4 out c0 c1 iops cpu
	c0=$(cpustat)
	out=$(fio --name=$name --filename=/dev/$dev --direct=1 --ioengine=libaio --rw=randread --bs=4k \
		--iodepth=32 --numjobs=$jobs --cpus_allowed=0,1 --cpus_allowed_policy=split \
		--time_based --runtime=$T --ramp_time=1 --group_reporting --output-format=terse 2>&1)
	c1=$(cpustat)
	# terse v3: field 8 is the read IOPS of the group
	iops=$(echo "$out" | grep '^3;' | cut -d';' -f8)
	cpu=$(echo "$c0 $c1" | awk '{ t = $5 - $1; if (t <= 0) t = 1
		printf "cpu_busy_pct=%.0f cpu_sys_pct=%.0f cpu_softirq_pct=%.0f", 100 * (t - ($6 - $2)) / t, 100 * ($7 - $3) / t, 100 * ($8 - $4) / t }')
	if [ -n "$iops" ] && [ "$iops" -gt 0 ] 2>/dev/null; then
		echo "HVLTEST INFO bench stor case=$name jobs=$jobs channels=$ch secs=$T iops=$iops $cpu"
		eval "R_$name=$iops"
		pass $name "$iops IOPS, $jobs job(s), channels $ch"
	else
		fail $name "$(echo "$out" | tail -3 | tr '\n' '|')"
	fi
}

modprobe sd_mod
modprobe scsi_debug dev_size_mb=64 delay=0 max_luns=1 num_tgts=1 &&
	insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	insmod "$(mod storvsc)" &&
	echo "disk id=$G1 luns=1 size=64M channels=2" > $D/hv_sim/new_device &&
	echo "disk id=$G2 luns=1 size=64M channels=1" > $D/hv_sim/new_device
wait_until 100 "disk_of $G1 0 > /dev/null && disk_of $G2 0 > /dev/null"
S1=$(disk_of $G1 0) S2=$(disk_of $G2 0)
SD=$(for d in /sys/block/sd*; do grep -q scsi_debug $d/device/model 2>/dev/null && basename $d; done | head -1)
for d in $SD $S1 $S2; do dd if=/dev/urandom of=/dev/$d bs=1M count=64 oflag=direct 2>/dev/null; done
[ -n "$SD" ] && [ -n "$S1" ] && [ -n "$S2" ] &&
	[ "$(cat /sys/bus/vmbus/devices/$G1/storvsc/channels)" = 2 ] &&
	[ "$(cat /sys/bus/vmbus/devices/$G2/storvsc/channels)" = 1 ] &&
	pass setup "scsi_debug $SD, storvsc $S1 (2 channels), $S2 (1 channel)" ||
	{ fail setup "'$SD' '$S1' '$S2': $(dmesg | tail -5 | tr '\n' '|')"; exit 0; }

run_case scsi_debug $SD 1 -
run_case storvsc $S1 1 2
run_case storvsc_2j_2c $S1 2 2
run_case storvsc_2j_1c $S2 2 1
echo "HVLTEST INFO bench-diag hv_sim: $(grep "^$G1 " $D/hv_sim/stor | cut -c1-300)"

ratio() { # <name> <num> <den> <goal>
	[ -n "$2" ] && [ -n "$3" ] && awk -v n="$1" -v a="$2" -v b="$3" -v g="$4" 'BEGIN {
		printf "HVLTEST INFO bench storratio name=%s ratio=%.3f goal=%s\n", n, a / b, g }'
}
ratio storvsc_vs_scsi_debug "${R_storvsc:-}" "${R_scsi_debug:-}" 0.8
ratio 2c_vs_1c_2jobs "${R_storvsc_2j_2c:-}" "${R_storvsc_2j_1c:-}" 1.6
ratio 2jobs_vs_1job_2c "${R_storvsc_2j_2c:-}" "${R_storvsc:-}" -
