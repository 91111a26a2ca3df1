#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# package.sh: `make package`, and the package stage of `make test`. Builds
# from this tree (its files as they are, committed or not):
#   hvl-dkms_<v>_all.deb, hvl-sim-dkms_<v>_all.deb   dpkg-buildpackage, dh-dkms
#   hvl-dkms-<v>-1.noarch.rpm, hvl-sim-dkms-...       rpmbuild (Debian's rpm)
# into $HVL_CACHE/pkg/out, and checks them. <v> is dkms.conf's
# PACKAGE_VERSION. One PASS/FAIL line per check:
#   package/deb          both .debs built
#   package/lintian      lintian: no error, no warning
#   package/deb-files    what each .deb holds: the DKMS sources with the
#                        right dkms.conf (the stack's modules; hv_sim alone in
#                        hvl-sim-dkms), the modprobe rule, its script, the
#                        initramfs-tools hook and the dracut module
#                        (executable), the docs; Depends on dkms and kmod
#   package/deb-scripts  the maintainer scripts run DKMS for the right module
#                        and remake every initramfs after install and removal
#   package/rpm          both .rpms built
#   package/rpmlint      rpmlint: no error
#   package/rpm-files    the same files as the .debs, same modes
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. tests/vm/lib/common.sh
ver=$(hvl_dkms_var PACKAGE_VERSION)
P=$HVL_CACHE/pkg
rm -rf "$P/stage" "$P/out" "$P/rpm"
mkdir -p "$P/stage" "$P/out" "$P/rpm"
r() { printf '%s package/%s%s\n' "$1" "$2" "${3:+ ($3)}"; }

# the release tree: what builds the modules, the packaging, the docs
S=$P/stage/hvl-$ver
files=$(git ls-files -co --exclude-standard 2> /dev/null) || files=$(find . -type f ! -path './.git/*' | sed 's|^\./||')
grep -vE '^(tests|\.ci)/' <<< "$files" | tar -cf - -T - | (mkdir -p "$S" && tar -C "$S" -xf -)
tar -C "$P/stage" -czf "$P/rpm/hvl-$ver.tar.gz" "hvl-$ver"

# ---------------------------------------------------------------- deb
cp -r packaging/debian "$S/debian"
when=$(git log -1 --format=%cD 2> /dev/null || date -R)
cat > "$S/debian/changelog" <<CL
hvl ($ver) unstable; urgency=medium

  * Built from the hvl tree$(git describe --always --dirty 2> /dev/null | sed 's/^/ at /').

 -- hvl developers <hvl-devel@lists.hvl.invalid>  $when
CL
t=$(now)
if (cd "$S" && dpkg-buildpackage -us -uc -b) > "$P/deb.log" 2>&1 &&
   mv "$P/stage"/*.deb "$P/stage"/*.changes "$P/stage"/*.buildinfo "$P/out/"; then
	r PASS deb "$(cd "$P/out" && ls ./*.deb | tr '\n' ' ')$(since "$t")s"
else
	r FAIL deb "$(tail -3 "$P/deb.log" | tr '\n' ' ')"
fi
D1=$P/out/hvl-dkms_${ver}_all.deb D2=$P/out/hvl-sim-dkms_${ver}_all.deb

if [ -f "$D1" ] && [ -f "$D2" ]; then
	lintian --fail-on error,warning --display-level '>=warning' "$P/out"/*.changes > "$P/lintian.log" 2>&1
	rc=$?
	[ $rc = 0 ] && r PASS lintian "no error, no warning" ||
		r FAIL lintian "rc $rc: $(grep -E '^[EW]:' "$P/lintian.log" | head -4 | tr '\n' ' ')"

	bad=
	c1=$(dpkg-deb -c "$D1") c2=$(dpkg-deb -c "$D2")
	for f in usr/src/hvl-$ver/dkms.conf usr/src/hvl-$ver/Kbuild usr/src/hvl-$ver/vmbus/Kbuild \
		 usr/src/hvl-$ver/compat/compat.h lib/modprobe.d/hvl.conf usr/share/doc/hvl-dkms/README.md \
		 usr/share/doc/hvl-dkms/README.packaging.md usr/share/doc/hvl-dkms/copyright; do
		# (dh_compress compresses the larger documents)
		grep -qE " \./$f(\.gz)?\$" <<< "$c1" || bad="$bad hvl-dkms:$f"
	done
	for f in usr/lib/hvl/hvl-modprobe usr/share/initramfs-tools/hooks/hvl usr/lib/dracut/modules.d/90hvl/module-setup.sh; do
		grep -qE "^-rwxr-xr-x .* \./$f\$" <<< "$c1" || bad="$bad hvl-dkms:$f-not-0755"
	done
	grep -q " \./usr/src/hvl-sim-$ver/sim/Kbuild\$" <<< "$c2" || bad="$bad hvl-sim-dkms:sim"
	grep -qE 'modprobe\.d|usr/lib/hvl' <<< "$c2" && bad="$bad hvl-sim-dkms:has-the-rule"
	x=$(mktemp -d)
	dpkg-deb -x "$D1" "$x/1" && dpkg-deb -x "$D2" "$x/2"
	mods1=$(scripts/modules.sh "$x/1/usr/src/hvl-$ver/dkms.conf" | cut -d' ' -f1 | paste -sd' ')
	mods2=$(scripts/modules.sh "$x/2/usr/src/hvl-sim-$ver/dkms.conf" | cut -d' ' -f1 | paste -sd' ')
	[ "$mods1" = "$(scripts/modules.sh dkms.conf | cut -d' ' -f1 | paste -sd' ')" ] || bad="$bad stack-modules:$mods1"
	[ "$mods2" = hv_sim ] || bad="$bad sim-modules:$mods2"
	grep -q '^PACKAGE_VERSION="'"$ver"'"$' "$x/2/usr/src/hvl-sim-$ver/dkms.conf" || bad="$bad sim-version"
	cmp -s packaging/modprobe/hvl.conf "$x/1/lib/modprobe.d/hvl.conf" || bad="$bad hvl.conf-differs"
	dep=$(dpkg-deb -f "$D1" Depends)
	grep -q 'dkms' <<< "$dep" && grep -q 'kmod' <<< "$dep" || bad="$bad depends:'$dep'"
	[ -z "$bad" ] && r PASS deb-files "stack: $mods1; sim: $mods2; Depends: $dep" || r FAIL deb-files "$bad"

	bad=
	dpkg-deb -e "$D1" "$x/c1" && dpkg-deb -e "$D2" "$x/c2"
	grep -q 'dkms_configure\|common.postinst' "$x/c1/postinst" && grep -q "NAME=.\?hvl.\?$" "$x/c1/postinst" ||
		bad="$bad hvl-dkms-postinst"
	grep -q 'dkms remove' "$x/c1/prerm" || bad="$bad hvl-dkms-prerm"
	grep -q 'update-initramfs -u -k all' "$x/c1/postinst" || bad="$bad hvl-dkms-postinst-initramfs"
	grep -q 'update-initramfs -u -k all' "$x/c1/postrm" || bad="$bad hvl-dkms-postrm-initramfs"
	grep -q "NAME=.\?hvl-sim.\?$" "$x/c2/postinst" && grep -q "^DKMS_VERSION=$ver$" "$x/c2/postinst" ||
		bad="$bad hvl-sim-dkms-postinst"
	[ -z "$bad" ] && r PASS deb-scripts "postinst: dkms add/build/install, every initramfs; prerm: dkms remove; postrm: every initramfs" ||
		r FAIL deb-scripts "$bad: $(head -c 300 "$x/c1/postinst" 2> /dev/null | tr '\n' ' ')"
	rm -rf "$x"
fi

# ---------------------------------------------------------------- rpm
t=$(now)
if rpmbuild -bb --nodeps --define "_topdir $P/rpm/top" --define "_sourcedir $P/rpm" \
	--define "hvl_version $ver" packaging/rpm/hvl.spec > "$P/rpm.log" 2>&1; then
	find "$P/rpm/top/RPMS" -name '*.rpm' -exec mv {} "$P/out/" \;
	r PASS rpm "$(cd "$P/out" && ls ./*.rpm | tr '\n' ' ')$(since "$t")s"
else
	r FAIL rpm "$(tail -3 "$P/rpm.log" | tr '\n' ' ')"
fi
R1=$(ls "$P/out"/hvl-dkms-"$ver"-*.noarch.rpm 2> /dev/null) R2=$(ls "$P/out"/hvl-sim-dkms-"$ver"-*.noarch.rpm 2> /dev/null)
if [ -n "$R1" ] && [ -n "$R2" ]; then
	rpmlint -r packaging/rpm/hvl.rpmlintrc "$R1" "$R2" > "$P/rpmlint.log" 2>&1
	rc=$?
	errs=$(grep -c ': E: ' "$P/rpmlint.log")
	[ "$errs" = 0 ] && r PASS rpmlint "no error; $(grep -o '[0-9]* warnings' "$P/rpmlint.log")" ||
		r FAIL rpmlint "rc $rc: $(grep ': E: ' "$P/rpmlint.log" | head -4 | tr '\n' ' ')"

	bad=
	l1=$(rpm -qlvp "$R1" 2> /dev/null) l2=$(rpm -qlp "$R2" 2> /dev/null)
	for f in /usr/src/hvl-$ver/dkms.conf /usr/src/hvl-$ver/vmbus/Kbuild /usr/lib/modprobe.d/hvl.conf; do
		grep -q " $f\$" <<< "$l1" || bad="$bad hvl-dkms:$f"
	done
	for f in /usr/lib/hvl/hvl-modprobe /usr/lib/dracut/modules.d/90hvl/module-setup.sh; do
		grep -qE "^-rwxr-xr-x .* $f\$" <<< "$l1" || bad="$bad hvl-dkms:$f-not-0755"
	done
	grep -qx "/usr/src/hvl-sim-$ver/dkms.conf" <<< "$l2" || bad="$bad hvl-sim-dkms:dkms.conf"
	n1=$(grep -c " /usr/src/hvl-$ver/" <<< "$l1")
	n0=$( ([ -f "$D1" ] && dpkg-deb -c "$D1" | grep -c " \./usr/src/hvl-$ver/.") || echo "?")
	[ "$n1" = "$n0" ] || bad="$bad sources:rpm-$n1-deb-$n0"
	rpm -qp --scripts "$R1" 2> /dev/null | grep -q 'dkms add -m hvl -v' || bad="$bad scripts"
	[ -z "$bad" ] && r PASS rpm-files "$n1 source entries as in the .deb, the rule, its script" ||
		r FAIL rpm-files "$bad"
fi
echo ">>> packages in $P/out" >&2
