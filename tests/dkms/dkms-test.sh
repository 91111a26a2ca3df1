#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh <short>: the real `dkms add` + `dkms build` of this tree for a
# matrix kernel, in private trees under $HVL_CACHE/dkms, so that nothing on the
# machine changes (no /var/lib/dkms, /usr/src or /lib/modules writes; the MOK
# signing key is generated in the private tree too). Checks:
#   dkms/<short>            dkms reports "built", every module dkms.conf lists
#                           exists, and the build log has no warning
#   dkms/<short>-exclusive  dkms refuses a kernel outside BUILD_EXCLUSIVE_KERNEL
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../vm/lib/common.sh"
short=${1:?usage: dkms-test.sh <short>}
command -v dkms > /dev/null || { echo "FAIL dkms/$short (dkms not installed: scripts/install-deps.sh dkms)"; exit 1; }
envtxt=$("$HVL_ROOT/tests/vm/kernel.sh" env "$short") || { echo "FAIL dkms/$short (kernel.sh env failed)"; exit 1; }
eval "$envtxt"

name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$HVL_ROOT/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$HVL_ROOT/dkms.conf")
D=$HVL_CACHE/dkms/$KVER
rm -rf "$D"
mkdir -p "$D/src/$name-$ver" "$D/tree" "$D/install" "$D/keys"
hvl_copy_source "$D/src/$name-$ver"
export mok_signing_key=$D/keys/mok.key mok_certificate=$D/keys/mok.pub
signfile=$(ls "$KDIR"/scripts/sign-file 2> /dev/null || ls "$(dirname "$KDIR")"/../lib/linux-kbuild-*/scripts/sign-file 2> /dev/null | head -1 || true)
[ -n "$signfile" ] && export sign_file=$signfile
export PATH=$KPATH:$PATH
C=(--sourcetree "$D/src" --dkmstree "$D/tree" --installtree "$D/install")
t=$(now)
dkms add -m "$name" -v "$ver" "${C[@]}" > "$D/add.log" 2>&1
dkms build -m "$name" -v "$ver" -k "$KVER" --kernelsourcedir "$KDIR" "${C[@]}" > "$D/build.log" 2>&1
rc=$?
status=$(dkms status -m "$name" -v "$ver" -k "$KVER" "${C[@]}" 2> /dev/null)
mlog=$D/tree/$name/$ver/$KVER/x86_64/log/make.log
warn="no make.log"
[ -f "$mlog" ] && warn=$(grep -cE 'warning:|error:|^WARNING:' "$mlog")
missing=
while read -r m _ _; do
	compgen -G "$D/tree/$name/$ver/$KVER/x86_64/module/$m.ko*" > /dev/null || missing="$missing $m"
done < <("$HVL_ROOT/scripts/modules.sh")
if [ $rc -eq 0 ] && grep -q ': built' <<< "$status" && [ -z "$missing" ] && [ "$warn" = 0 ]; then
	echo "PASS dkms/$short ($status; $(since "$t")s)"
else
	echo "FAIL dkms/$short (rc=$rc status='$status' warnings=$warn${missing:+ missing:$missing}; log $D/build.log)"
	tail -15 "$D/build.log" >&2
fi

# a kernel outside the declared range must be refused before anything is built
dkms build -m "$name" -v "$ver" -k 4.19.0-99-amd64 --kernelsourcedir "$KDIR" "${C[@]}" > "$D/exclusive.log" 2>&1
if grep -qi 'BUILD_EXCLUSIVE' "$D/exclusive.log" && ! compgen -G "$D/tree/$name/$ver/4.19.0-99-amd64/x86_64/module/*.ko*" > /dev/null; then
	echo "PASS dkms/$short-exclusive (4.19 refused)"
else
	echo "FAIL dkms/$short-exclusive ($(tail -2 "$D/exclusive.log" | tr '\n' ' '))"
fi
