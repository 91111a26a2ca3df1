#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh <short>: the real `dkms add` + `dkms build` of this tree for a
# matrix kernel, in private trees under $HVL_CACHE/dkms, so that nothing on the
# machine changes (no /var/lib/dkms, /usr/src or /lib/modules writes; the MOK
# signing key is generated in the private tree too). Checks:
#   dkms/<short>            dkms reports "built", every module the stack's
#                           dkms.conf lists exists, and the build log has no
#                           warning; on a kernel with VMBus built in
#                           (CONFIG_HYPERV_VMBUS), dkms skips the stack instead
#                           (BUILD_EXCLUSIVE_CONFIG) and nothing is built
#   dkms/<short>-signed     every module DKMS built is signed with the MOK
#                           key DKMS generated (signer and key serial of its
#                           certificate, as modinfo shows them)
#   dkms/<short>-exclusive  dkms refuses a kernel outside BUILD_EXCLUSIVE_KERNEL
#   dkms/<short>-sim        the primary kernel only: the simulator's own DKMS
#                           module (hvl-sim, packaging/dkms-conf.sh sim) builds
#                           hv_sim.ko and nothing else
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../vm/lib/common.sh"
short=${1:?usage: dkms-test.sh <short>}
command -v dkms > /dev/null || { echo "FAIL dkms/$short (dkms not installed: scripts/install-deps.sh dkms)"; exit 1; }
envtxt=$("$HVL_ROOT/tests/vm/kernel.sh" env "$short") || { echo "FAIL dkms/$short (kernel.sh env failed)"; exit 1; }
eval "$envtxt"

name=$(hvl_dkms_var PACKAGE_NAME)
ver=$(hvl_dkms_var PACKAGE_VERSION)
D=$HVL_CACHE/dkms/$KVER
rm -rf "$D"
mkdir -p "$D/src/$name-$ver" "$D/src/$name-sim-$ver" "$D/tree" "$D/install" "$D/keys"
"$HVL_ROOT/packaging/source.sh" stack "$D/src/$name-$ver"
"$HVL_ROOT/packaging/source.sh" sim "$D/src/$name-sim-$ver"
export mok_signing_key=$D/keys/mok.key mok_certificate=$D/keys/mok.pub
signfile=$(ls "$KDIR"/scripts/sign-file 2> /dev/null || ls "$(dirname "$KDIR")"/../lib/linux-kbuild-*/scripts/sign-file 2> /dev/null | head -1 || true)
[ -n "$signfile" ] && export sign_file=$signfile
export PATH=$KPATH:$PATH
C=(--sourcetree "$D/src" --dkmstree "$D/tree" --installtree "$D/install")

# dkms_build <module> <log>: add and build it for this kernel; echoes dkms's rc
dkms_build() {
	dkms add -m "$1" -v "$ver" "${C[@]}" > "$D/$1-add.log" 2>&1
	dkms build -m "$1" -v "$ver" -k "$KVER" --kernelsourcedir "$KDIR" "${C[@]}" > "$2" 2>&1
	echo $?
}
# built_check <module> <dkms.conf>: "" when every module it lists was built
# and its make.log has no warning, else what is wrong
built_check() {
	local mlog=$D/tree/$1/$ver/$KVER/x86_64/log/make.log m missing="" warn
	warn="no make.log"
	[ -f "$mlog" ] && warn=$(grep -cE 'warning:|error:|^WARNING:' "$mlog")
	while read -r m _ _; do
		compgen -G "$D/tree/$1/$ver/$KVER/x86_64/module/$m.ko*" > /dev/null || missing="$missing $m"
	done < <("$HVL_ROOT/scripts/modules.sh" "$2")
	[ "$warn" = 0 ] || echo "warnings=$warn"
	[ -z "$missing" ] || echo "missing:$missing"
}

t=$(now)
rc=$(dkms_build "$name" "$D/build.log")
status=$(dkms status -m "$name" -v "$ver" -k "$KVER" "${C[@]}" 2> /dev/null)
if grep -qE '^CONFIG_HYPERV_VMBUS=[ym]' "$KDIR/.config"; then
	# refused before anything is built: dkms's "skipped" exit status, 77
	if [ "$rc" = 77 ] && grep -q 'BUILD_EXCLUSIVE' "$D/build.log" &&
	   ! compgen -G "$D/tree/$name/$ver/$KVER/x86_64/module/*.ko*" > /dev/null; then
		echo "PASS dkms/$short (VMBus built in: skipped, rc 77, '$(grep -m1 -o 'BUILD_EXCLUSIVE[^.]*' "$D/build.log")')"
	else
		echo "FAIL dkms/$short (VMBus built in, not skipped: rc=$rc status='$status'; log $D/build.log)"
	fi
else
	bad=$(built_check "$name" "$HVL_ROOT/dkms.conf")
	if [ "$rc" = 0 ] && grep -q ': built' <<< "$status" && [ -z "$bad" ]; then
		echo "PASS dkms/$short ($status; $(since "$t")s)"
	else
		echo "FAIL dkms/$short (rc=$rc status='$status' $bad; log $D/build.log)"
		tail -15 "$D/build.log" >&2
	fi
	# Secure Boot: what mokutil --import would enrol signed every module
	cn=$(openssl x509 -in "$mok_certificate" -inform DER -noout -subject -nameopt multiline 2> /dev/null |
		sed -n 's/^ *commonName *= *//p')
	serial=$(openssl x509 -in "$mok_certificate" -inform DER -noout -serial 2> /dev/null | sed 's/^serial=//')
	n=0 bad=""
	for ko in "$D/tree/$name/$ver/$KVER/x86_64/module"/*.ko*; do
		[ -e "$ko" ] || continue
		n=$((n + 1))
		[ "$(modinfo -F signer "$ko")" = "$cn" ] && [ "$(modinfo -F sig_key "$ko" | tr -d ':')" = "$serial" ] ||
			bad="$bad $(basename "$ko")"
	done
	[ -n "$cn" ] && [ "$n" -gt 0 ] && [ -z "$bad" ] && echo "PASS dkms/$short-signed ($n modules, signer '$cn', key $serial)" ||
		echo "FAIL dkms/$short-signed (signer '$cn' key '$serial', $n modules, not signed by it:$bad)"
fi

# a kernel outside the declared range must be refused before anything is built
dkms build -m "$name" -v "$ver" -k 4.19.0-99-amd64 --kernelsourcedir "$KDIR" "${C[@]}" > "$D/exclusive.log" 2>&1
if grep -qi 'BUILD_EXCLUSIVE' "$D/exclusive.log" && ! compgen -G "$D/tree/$name/$ver/4.19.0-99-amd64/x86_64/module/*.ko*" > /dev/null; then
	echo "PASS dkms/$short-exclusive (4.19 refused)"
else
	echo "FAIL dkms/$short-exclusive ($(tail -2 "$D/exclusive.log" | tr '\n' ' '))"
fi

[ "$short" = "$(awk '$1 == "primary" { print $2 }' "$HVL_ROOT/tests/vm/sizes.conf")" ] || exit 0
t=$(now)
rc=$(dkms_build "$name-sim" "$D/sim-build.log")
status=$(dkms status -m "$name-sim" -v "$ver" -k "$KVER" "${C[@]}" 2> /dev/null)
bad=$(built_check "$name-sim" "$HVL_ROOT/sim/dkms.conf")
others=$(cd "$D/tree/$name-sim/$ver/$KVER/x86_64/module" 2> /dev/null && ls | grep -v '^hv_sim\.ko' | tr '\n' ' ')
if [ "$rc" = 0 ] && grep -q ': built' <<< "$status" && [ -z "$bad" ] && [ -z "$others" ]; then
	echo "PASS dkms/$short-sim ($status; $(since "$t")s)"
else
	echo "FAIL dkms/$short-sim (rc=$rc status='$status' $bad${others:+ also built: $others}; log $D/sim-build.log)"
	tail -15 "$D/sim-build.log" >&2
fi
