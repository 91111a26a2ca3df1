#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh - build every module against one kernel, W=1, and demand silence.
#
#   kbuild.sh --kver <short>  [--sparse] [--quiet] [--reuse]
#                                                    a matrix kernel (tests/vm/kernels.conf);
#                                                    builds a copy of the tree under
#                                                    $HVL_CACHE/build/<release>/;
#                                                    --reuse keeps the last copy and
#                                                    its objects (make test's sparse
#                                                    stage: C=2 checks every source
#                                                    and recompiles nothing)
#   kbuild.sh --kdir <dir>    [--sparse] [--quiet]   any kernel build tree; builds in place
#
# Prints one line: "PASS build/<kernel> ..." or "FAIL build/<kernel> ...", the
# build log on failure, and exits non-zero on failure. A build fails on any
# compiler, modpost or sparse warning, and when a module dkms.conf declares
# was not produced. With --kver the kernel's own compiler is used (gcc-N of
# its Debian suite, from the harness's private toolchain).
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/vm/lib/common.sh"

kver= kdir= sparse= quiet= reuse=
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift ;;
	--kdir) kdir=$2; shift ;;
	--sparse) sparse=1 ;;
	--quiet) quiet=1 ;;
	--reuse) reuse=1 ;;
	*) die "unknown option $1" ;;
	esac
	shift
done

t=$(now)
if [ -n "$kver" ]; then
	envtxt=$("$HVL_ROOT/tests/vm/kernel.sh" env "$kver") || die "cannot prepare kernel $kver"
	eval "$envtxt"
	label=$kver
	out=$HVL_CACHE/build/$KVER
	if [ -z "$reuse" ] || [ ! -f "$out/Kbuild" ]; then
		rm -rf "$out"
		mkdir -p "$out"
		# a private copy per kernel, so that builds for several kernels and
		# the developer's in-tree build never share object files
		"$HVL_ROOT/packaging/source.sh" stack "$out" tests/conformance tests/selftest tests/echo
	fi
	export PATH=$KPATH:$PATH
else
	[ -n "$kdir" ] || die "give --kver <short> or --kdir <dir>"
	# /lib/modules/<release>/build is named by its release
	label=$(basename "$kdir")
	[ "$label" = build ] && label=$(basename "$(dirname "$kdir")")
	if [ ! -f "$kdir/Makefile" ]; then
		echo "FAIL build/$label (no kernel build tree at $kdir: install" \
		     "linux-headers-$(uname -r) or build with 'make KVER=<$(pin_shorts | tr '\n' '|' | sed 's/|$//')>')"
		exit 1
	fi
	KDIR=$kdir
	out=$HVL_ROOT
fi

logf=$out.build.log
[ "$out" = "$HVL_ROOT" ] && logf=$HVL_ROOT/.build.log
args=(-C "$KDIR" M="$out" W=1 HVL_TEST_MODULES=m)
[ -n "$sparse" ] && args+=(C=2)
make "${args[@]}" -j"$(nproc)" modules > "$logf" 2>&1
rc=$?

missing=
while read -r name dir _; do
	[ -f "$out/$dir/$name.ko" ] || missing="$missing $name"
done < <("$HVL_ROOT/scripts/modules.sh")
for m in conformance/hvl_conformance selftest/hvcore_selftest selftest/synic_owner selftest/debug_canary \
	 echo/vmbus_echo echo/vmbus_fakebus; do
	[ -f "$out/tests/$m.ko" ] || missing="$missing ${m#*/}"
done
warnings=$(grep -cE 'warning:|error:|^WARNING:' "$logf")
# a sparse run that checked nothing is a failure, not a pass
if [ -n "$sparse" ] && ! grep -q '^  CHECK ' "$logf"; then
	missing="$missing (sparse checked no file: is sparse installed?)"
fi
cc=$(sed -n 's/^CC *= *//p' "$KDIR/.kernelvariables" 2>/dev/null | head -1)
what="${sparse:+sparse, }$(wc -w <<< "$("$HVL_ROOT/scripts/modules.sh" | cut -d' ' -f1)") modules + test modules, $warnings warnings+errors${cc:+, ${cc##*)}}, $(since "$t")s"
if [ $rc -eq 0 ] && [ -z "$missing" ] && [ "$warnings" -eq 0 ]; then
	echo "PASS build/$label${sparse:+-sparse} ($what)"
	exit 0
fi
echo "FAIL build/$label${sparse:+-sparse} (make rc=$rc, $what${missing:+, missing:$missing}; log: $logf)"
[ -n "$quiet" ] || grep -E -B2 -A3 'warning:|error:|^WARNING:' "$logf" | head -60 >&2
[ -n "$quiet" ] || [ $rc -eq 0 ] || tail -20 "$logf" >&2
exit 1
