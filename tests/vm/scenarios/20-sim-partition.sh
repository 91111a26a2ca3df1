# SPDX-License-Identifier: GPL-2.0
# tier: deep
# timeout: 90
# hv_core on hv_sim, once per emulated host generation: what hv_core parsed
# from CPUID matches what the sim emulates, the sim sees our guest OS ID and
# hypercall page, the SynIC is up on every CPU, and unloading hv_core leaves
# the sim's MSRs as they were before.
# checks: ws2012r2_load ws2012r2_info ws2012r2_guest_id ws2012r2_hypercall ws2012r2_synic ws2012r2_restore
# checks: ws2016_load ws2016_info ws2016_guest_id ws2016_hypercall ws2016_synic ws2016_restore
# checks: ws2019_load ws2019_info ws2019_guest_id ws2019_hypercall ws2019_synic ws2019_restore
# checks: ws2022_load ws2022_info ws2022_guest_id ws2022_hypercall ws2022_synic ws2022_restore
# checks: azure_load azure_info azure_guest_id azure_hypercall azure_synic azure_restore
on_exit "rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"


for h in ws2012r2 ws2016 ws2019 ws2022 azure; do
	if ! out=$(insmod "$(mod hv_sim)" host=$h 2>&1); then
		fail ${h}_load "hv_sim: $out"; continue
	fi
	if ! out=$(insmod "$(mod hv_core)" 2>&1); then
		fail ${h}_load "hv_core: $out $(dmesg | tail -3 | tr '\n' '|')"; rmmod hv_sim; continue
	fi
	pass ${h}_load "$(dmesg | grep 'hv_core: Hyper-V' | tail -1 | cut -c16-)"

	I=$D/hv_core/info S=$D/hv_sim/partition P=$D/hv_core/partition
	bad=
	for k in max_leaf privileges recommendations; do
		[ "$(num $I $k)" = "$(num $S $k)" ] || bad="$bad $k:core=$(num $I $k),sim=$(num $S $k)"
	done
	[ "$(num $I features_edx)" = "$(num $S features)" ] || bad="$bad features"
	sv=$(sed -n 's/^version: \([0-9]*\)\.\([0-9]*\)\.\([0-9]*\)/\1.\2 build \3/p' $S)
	grep -q "^version: $sv " $I || bad="$bad version:sim=$sv,core=$(grep ^version: $I)"
	grep -q '^vendor: Microsoft Hv$' $I || bad="$bad vendor"
	[ -z "$bad" ] && pass ${h}_info "max_leaf $(num $I max_leaf), privileges $(num $I privileges)" || fail ${h}_info "$bad"

	gid=$(hex $P guest_os_id)
	[ -n "$gid" ] && [ "$gid" != 0 ] && [ "$gid" = "$(hex $S guest_os_id)" ] &&
		pass ${h}_guest_id "$(grep guest_os_id $S)" || fail ${h}_guest_id "core=$gid sim=$(hex $S guest_os_id)"
	hc=$(num $S hypercall_msr)
	[ -n "$hc" ] && [ $((hc & 1)) = 1 ] && [ "$hc" = "$(num $P hypercall_msr)" ] &&
		pass ${h}_hypercall "$(grep '^hypercall_msr' $S)" || fail ${h}_hypercall "core=$(num $P hypercall_msr) sim=$hc"

	bad=
	for c in $(seq 0 $(($(nproc) - 1))); do
		grep -q "^cpu$c: up" $D/hv_core/synic || bad="$bad cpu$c:core"
		simp=$(num $D/hv_sim/vp$c simp)
		[ -n "$simp" ] && [ $((simp & 1)) = 1 ] || bad="$bad cpu$c:simp=$simp"
	done
	[ -z "$bad" ] && pass ${h}_synic "$(nproc) CPUs" || fail ${h}_synic "$bad"

	rmmod hv_core
	[ "$(hex $S guest_os_id)" = 0 ] && [ $(( $(num $S hypercall_msr) & 1 )) = 0 ] &&
		pass ${h}_restore || fail ${h}_restore "guest_os_id=$(hex $S guest_os_id) hypercall=$(num $S hypercall_msr)"
	rmmod hv_sim
done
