# SPDX-License-Identifier: GPL-2.0
# boot: own
# timeout: 600
# The echo ring benchmark (make bench; never part of make test, which runs
# only the numbered scenarios). For each payload size (64 B, 1500 B, 64 KiB,
# fixed) and 1 or 2 channels: in-band echo requests through vmbus.ko and
# hv_sim's echo device, every reply checked, then memcpy() of the same sizes
# as often, in the same VM; and 1500 B as GPA-direct page buffers, 64 KiB as
# one multi-page buffer (the forms netvsc and storvsc send). One "HVLTEST
# INFO bench" line per case carries the numbers; the checks only say that
# each case ran without a bad reply.
# checks: setup b64_1 b64_2 b1500_1 b1500_2 b65536_1 b65536_2 b1500_1_gpa b65536_1_mpb
G=6c0ffee0-b0b0-4e11-8c40-000000000001
ES=$D/vmbus_echo/$G/stats
on_exit "rmmod vmbus_echo 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
last() { sed -n "s/^last_run: .*$1=\([0-9]*\).*/\1/p" $ES; }
stat() { sed -n "s/^$1: //p" $ES; }

insmod "$(mod hv_sim)" host=azure && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
	echo "echo id=$G channels=2" > $D/hv_sim/new_device && insmod "$(mod vmbus_echo)" &&
	echo "count=1 mode=inband channels=2" > $D/vmbus_echo/$G/run && [ "$(stat channels)" = 2 ] &&
	pass setup "$(sed -n 's/^version: //p' $D/vmbus/connection 2>/dev/null) 2 channels" ||
	fail setup "$(dmesg | tail -3 | tr '\n' '|')"

# <size> <channels> <count> [<mode>, default inband]
bench() {
	local bad0=$(stat bad) to0=$(stat timeouts) p n ns b mns mb mode=${4:-inband} name
	name=b$1_$2${4:+_$4}
	echo "count=$3 mode=$mode channels=$2 sizes=fixed max=$1 window=32" > $D/vmbus_echo/$G/run
	p=$(last packets) ns=$(last ns) b=$(last bytes)
	echo "count=$3 mode=memcpy sizes=fixed max=$1" > $D/vmbus_echo/$G/run
	mns=$(last ns) mb=$(last bytes)
	if [ "$p" = "$3" ] && [ "$(stat bad)" = "$bad0" ] && [ "$(stat timeouts)" = "$to0" ] && [ "$ns" -gt 0 ]; then
		awk -v s=$1 -v c=$2 -v p=$p -v ns=$ns -v b=$b -v mns=$mns -v mb=$mb -v m=$mode 'BEGIN {
			mbs = b * 1000 / ns; mmbs = mb * 1000 / mns
			printf "HVLTEST INFO bench echo mode=%s size=%d channels=%d packets=%d pkts_per_s=%.0f MB_per_s=%.2f memcpy_MB_per_s=%.1f ratio=%.5f\n",
				m, s, c, p, p * 1e9 / ns, mbs, mmbs, mbs / mmbs }'
		pass $name "$p packets in $ns ns"
	else
		fail $name "packets=$p of $3, ns=$ns, $(tr '\n' ' ' < $ES)"
	fi
}
bench 64 1 20000
bench 64 2 20000
bench 1500 1 20000
bench 1500 2 20000
bench 65536 1 2000
bench 65536 2 2000
bench 1500 1 20000 gpa
bench 65536 1 2000 mpb
