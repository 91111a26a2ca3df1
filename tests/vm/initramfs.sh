#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh <short> <module build dir> <out.cpio>
#
# The VM's initramfs is two cpio archives concatenated:
#   tools.cpio   kernel-independent, cached: busybox, iproute2 (ip, ss),
#                ethtool, iperf3, fio, lsscsi, sg3-utils, e2fsprogs (mke2fs,
#                e2fsck), hyperv-daemons' hv_kvp_daemon, hv_vss_daemon and
#                hv_fcopy_daemon, kexec and vmcore-dmesg, linuxptp's phc_ctl,
#                chrony's chronyd and the shared libraries they link, taken
#                from the host's own packages (scripts/install-deps.sh
#                installs them) and, for hyperv-daemons, kexec-tools, linuxptp
#                and chrony, from their packages unpacked in the cache (their
#                service files must not land on the host); libraries for
#                features the VM never uses are stubs (STUBS below);
#   kernel part  /init, the scenarios, our modules, the in-tree modules listed
#                in tests/vm/kmods.list with their dependencies, a depmod
#                index so that modprobe works, and the kernel image itself
#                (/hvl/vmlinuz, for the kexec and kdump scenarios).
set -eu -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/stubs.sh"

short=$1 build=$2 outcpio=$3
eval "$("$here/kernel.sh" env "$short")"

TOOLS="/usr/bin/ip /usr/bin/ss /usr/sbin/ethtool /usr/bin/iperf3 /usr/bin/fio /usr/bin/lsscsi
       /usr/sbin/mke2fs /usr/sbin/e2fsck"
SG_TOOLS="sg_inq sg_readcap sg_turs sg_vpd sg_luns sg_map sg_scan"
# Libraries a binary links for features the VM never uses are stubs
# (lib/stubs.sh): mapping and relocating them is most of a process's start
# on the debug kernel under TCG. <binary>:<soname>,...; no other binary in
# the VM may link one of them (checked):
#   fio: its rbd, gluster, nbd, RDMA and pmem engines (and the 50 libraries
#        they pull in: 4.5 s a start on the debug kernel, 1.25 s without);
#   ip:  loading BPF and XDP programs.
STUBS="/usr/bin/fio:libgfapi.so.0,libnbd.so.0,libibverbs.so.1,librdmacm.so.1,librados.so.2,librbd.so.1,libpmemblk.so.1,libpmem.so.1
       /usr/bin/ip:libbpf.so.1,libelf.so.1"
# kmod's module signature (modinfo's signer fields) and compression
# libraries: the VM's modules are decompressed. iperf3 needs the real
# libcrypto, so kmod's stubs have a directory of their own, which an RPATH
# set on the VM's copy of kmod names.
KMOD_STUBS="libcrypto.so.3 libzstd.so.1 liblzma.so.5"
KMOD_STUB_DIR=/usr/lib/hvl-kmod

# unpacked <package> <file>: the host suite's <package> unpacked into
# $HVL_CACHE/initramfs/<package>, unless <file> there is executable already
# (tools_cpio's $suite)
unpacked() {
	local d=$HVL_CACHE/initramfs/$1
	[ -x "$d/$2" ] && return 0
	aptx_init "$suite"
	fetch_debs "$suite" "$HVL_CACHE/debs/host" "$1" || die "cannot download $1"
	rm -rf "$d"
	mkdir -p "$d"
	dpkg -x "$HVL_CACHE/debs/host/$1"_*.deb "$d"
}

tools_cpio() {
	local key r bw b l
	key=$( { echo "$TOOLS $SG_TOOLS"; cat "$here/initramfs.sh";
		 cat "$here/lib/stubs.sh";
		 dpkg-query -W busybox-static iproute2 ethtool iperf3 fio lsscsi sg3-utils e2fsprogs kmod 2>&1; } | md5sum | cut -c1-12)
	TOOLS_CPIO=$HVL_CACHE/initramfs/tools-$key.cpio
	[ -s "$TOOLS_CPIO" ] && return 0
	log "building tools initramfs ($TOOLS_CPIO)"
	for b in /bin/busybox $TOOLS; do
		[ -x "$b" ] || die "$b missing: run scripts/install-deps.sh"
	done
	! ldd /bin/busybox > /dev/null 2>&1 ||
		die "/bin/busybox is not the static build: install busybox-static"
	local suite xen
	suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
	# these ship service files that must not land on the host: the Hyper-V
	# daemons, linuxptp's phc_ctl and chronyd (the PHC refclock on the
	# Hyper-V PTP clock) come from their packages unpacked in the cache
	unpacked hyperv-daemons usr/sbin/hv_kvp_daemon
	unpacked linuxptp usr/sbin/phc_ctl
	unpacked chrony usr/sbin/chronyd
	bw=$HVL_CACHE/initramfs/hyperv-daemons
	local lp=$HVL_CACHE/initramfs/linuxptp cy=$HVL_CACHE/initramfs/chrony
	local kx=$HVL_CACHE/initramfs/kexec-tools
	if [ ! -x "$kx/sbin/kexec" ] && [ ! -x "$kx/usr/sbin/kexec" ]; then
		aptx_init "$suite"
		# Debian's kexec links the Xen libraries, which the host lacks
		xen=$(closure "$suite" kexec-tools | grep '^libxen' || true)
		fetch_debs "$suite" "$HVL_CACHE/debs/host" kexec-tools $xen || die "cannot download kexec-tools"
		rm -rf "$kx"
		mkdir -p "$kx"
		for b in kexec-tools $xen; do dpkg -x "$HVL_CACHE"/debs/host/"${b}"_*.deb "$kx"; done
	fi
	r=$HVL_CACHE/initramfs/tools-root
	rm -rf "$r"
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,usr/lib/x86_64-linux-gnu,lib64,proc,sys,dev,run,tmp,etc,var,mnt,root}
	ln -s usr/lib "$r/lib"
	ln -s ../run "$r/var/run"
	cp /bin/busybox "$r/bin/busybox"
	local bins=() t
	for b in $TOOLS; do cp "$b" "$r$b"; bins+=("$b"); done
	for t in $SG_TOOLS; do cp "/usr/bin/$t" "$r/usr/bin/"; bins+=("/usr/bin/$t"); done
	ln -s mke2fs "$r/usr/sbin/mkfs.ext4"
	ln -s e2fsck "$r/usr/sbin/fsck.ext4"
	# kmod's insmod/modprobe, as on a real system: busybox's insmod retries a
	# failed finit_module() with init_module(), which runs module_init twice
	cp /usr/bin/kmod "$r/usr/bin/kmod"
	bins+=(/usr/bin/kmod)
	for t in insmod rmmod modprobe lsmod modinfo depmod; do ln -s ../bin/kmod "$r/usr/sbin/$t"; done
	for t in hv_kvp_daemon hv_vss_daemon hv_fcopy_daemon; do
		cp "$bw/usr/sbin/$t" "$r/usr/sbin/"
		bins+=("$bw/usr/sbin/$t")
	done
	cp "$lp/usr/sbin/phc_ctl" "$r/usr/sbin/"
	bins+=("$lp/usr/sbin/phc_ctl")
	cp "$cy/usr/sbin/chronyd" "$r/usr/sbin/"
	bins+=("$cy/usr/sbin/chronyd")
	for t in kexec vmcore-dmesg; do
		b=$(ls "$kx/sbin/$t" "$kx/usr/sbin/$t" 2> /dev/null | head -1 || true)
		[ -n "$b" ] || die "kexec-tools has no $t"
		cp "$b" "$r/usr/sbin/$t"
		bins+=("$b")
	done
	if [ -d "$bw/usr/libexec/hypervkvpd" ]; then
		mkdir -p "$r/usr/libexec"
		cp -a "$bw/usr/libexec/hypervkvpd" "$r/usr/libexec/"
	fi
	# the unpacked packages' libraries are found where they were unpacked
	local LD_LIBRARY_PATH=$kx/usr/lib/x86_64-linux-gnu e so libs
	export LD_LIBRARY_PATH
	# a stub stands in for the real library for every binary in the VM
	for e in $STUBS; do
		libs=${e#*:}
		stub_libs "${e%%:*}" "$r/stubs" ${libs//,/ } || die "${e%%:*}'s library stubs failed"
	done
	LD_LIBRARY_PATH=$r/stubs:$LD_LIBRARY_PATH
	for e in $STUBS; do
		libs=${e#*:}
		for b in "${bins[@]}"; do
			[ "$b" != "${e%%:*}" ] || continue
			for so in ${libs//,/ }; do
				! ldd "$b" | grep -q "^[[:space:]]*$so " || die "$b links $so, a stub for ${e%%:*}"
			done
		done
	done
	for b in "${bins[@]}"; do
		if ldd "$b" | grep -q 'not found'; then
			die "$b: $(ldd "$b" | grep 'not found' | head -1)"
		fi
		ldd "$b" | awk '/=> \// { print $3 } /^\t\/lib64/ { print $1 }' | while read -r l; do
			case $l in
			*/ld-linux-x86-64.so.2) cp -L "$l" "$r/lib64/" ;;
			*) cp -L "$l" "$r/usr/lib/x86_64-linux-gnu/" ;;
			esac
		done
	done
	rm -rf "$r/stubs"
	stub_libs /usr/bin/kmod "$r$KMOD_STUB_DIR" $KMOD_STUBS || die "kmod's library stubs failed"
	patchelf --force-rpath --set-rpath "$KMOD_STUB_DIR" "$r/usr/bin/kmod" || die "patchelf on kmod failed"
	echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
	echo 'root:x:0:' > "$r/etc/group"
	mkdir -p "$(dirname "$TOOLS_CPIO")"
	(cd "$r" && find . | cpio -o -H newc --quiet) > "$TOOLS_CPIO.tmp"
	mv "$TOOLS_CPIO.tmp" "$TOOLS_CPIO"
	rm -rf "$r"
}

# ---------------------------------------------------------------- kernel part
declare -A MODPATH=() DONE=()
add_kmod() { # in-tree module + its dependencies, decompressed for busybox insmod
	local n=${1//-/_} f d rel
	[ -n "${DONE[$n]:-}" ] && return 0
	DONE[$n]=1
	f=${MODPATH[$n]:-}
	[ -n "$f" ] || return 0 # built in
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do add_kmod "$d"; done
	rel=${f#"$KMODDIR"/}
	rel=${rel%.xz}
	rel=${rel%.zst}
	rel=${rel%.gz}
	mkdir -p "$R/lib/modules/$KVER/$(dirname "$rel")"
	case $f in
	*.xz) xz -dc "$f" ;;
	*.zst) zstd -qdc "$f" ;;
	*.gz) gzip -dc "$f" ;;
	*) cat "$f" ;;
	esac > "$R/lib/modules/$KVER/$rel"
}

# two VM stages may start at once (scripts/test.sh lanes): one builds, the other waits
mkdir -p "$HVL_CACHE/initramfs"
exec 9> "$HVL_CACHE/initramfs/.lock"
flock 9
tools_cpio
flock -u 9
R=$(mktemp -d "$HVL_CACHE/initramfs/root.XXXXXX")
trap 'rm -rf "$R"' EXIT
mkdir -p "$R/hvl/scenarios" "$R/lib/modules/$KVER/extra"
cp "$here/guest/init" "$R/init"
chmod +x "$R/init"
cp "$here/guest/dmesg-check.sh" "$here/guest/run-scenarios" "$R/hvl/"
cp "$here/scenarios/lib.sh" "$R/hvl/lib.sh"
cp "$here/sizes.conf" "$R/hvl/sizes.conf"
cp "$KIMAGE" "$R/hvl/vmlinuz"
cp "$here"/scenarios/[0-9]*.sh "$here"/scenarios/bench-*.sh "$here"/scenarios/demo-*.sh "$R/hvl/scenarios/"
: > "$R/hvl/modules.list"
while read -r name dir _; do
	cp "$build/$dir/$name.ko" "$R/lib/modules/$KVER/extra/"
	echo "$name" >> "$R/hvl/modules.list"
done < <("$HVL_ROOT/scripts/modules.sh")
# test-only modules: loaded by the scenarios, never part of modules.list
cp "$build/tests/selftest/hvcore_selftest.ko" "$build/tests/selftest/synic_owner.ko" \
	"$build/tests/selftest/debug_canary.ko" "$R/lib/modules/$KVER/extra/"
cp "$build/tests/echo/vmbus_echo.ko" "$build/tests/echo/vmbus_fakebus.ko" "$R/lib/modules/$KVER/extra/"
while IFS= read -r f; do
	n=${f##*/}
	n=${n%%.ko*}
	MODPATH[${n//-/_}]=$f
done < <(find "$KMODDIR/kernel" -name '*.ko*')
for m in $(sed 's/#.*//' "$here/kmods.list"); do add_kmod "$m"; done
cp "$KMODDIR"/modules.order "$KMODDIR"/modules.builtin* "$R/lib/modules/$KVER/" 2>/dev/null || true
depmod -b "$R" "$KVER"
(cd "$R" && find . | cpio -o -H newc --quiet) > "$outcpio.kern"
cat "$TOOLS_CPIO" "$outcpio.kern" > "$outcpio"
rm -f "$outcpio.kern"
