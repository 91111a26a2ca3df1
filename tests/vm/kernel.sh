#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh - fetch and unpack a matrix kernel and its compiler, privately.
#
#   kernel.sh list             short names of the matrix (from kernels.conf)
#   kernel.sh prepare <short>  fetch + unpack kernel, headers, toolchain (cached)
#   kernel.sh env <short>      prepare, then print shell assignments:
#                              KVER KDIR KMODDIR KIMAGE KPATH KSUITE KCC
#
# Everything lives under $HVL_CACHE (default ~/.cache/hvl):
#   apt/<suite>/      private apt lists for that suite
#   debs/<abi>/       downloaded kernel packages       k/<abi>/root/  unpacked
#   debs/tc-<suite>-gccN/  toolchain packages          tc/<suite>-gccN/  sysroot
# The toolchain is the headers' own compiler (gcc-N of the same suite) with
# binutils, pahole and the kbuild tools' libraries; its executables and the
# kernel's kbuild tools are relocated onto the sysroot's glibc with patchelf.
set -eu -o pipefail
. "$(dirname "$0")/lib/common.sh"

prepare() {
	local short=$1 line suite abi ver kroot t hdrdeps common kbuild gccpkg gccver tc
	line=$(pin_line "$short")
	[ -n "$line" ] || die "unknown kernel '$short'; the matrix is: $(pin_shorts | tr '\n' ' ')"
	read -r _ suite abi ver <<< "$line"
	kroot=$HVL_CACHE/k/$abi/root
	local envf=$HVL_CACHE/k/$abi/env
	if [ -f "$envf" ] && grep -q "^KPKGVER=$ver\$" "$envf"; then
		echo "$envf"
		return 0
	fi

	t=$(now)
	aptx_init "$suite"
	hdrdeps=$(pkg_deps "$suite" "linux-headers-$abi=$ver")
	[ -n "$hdrdeps" ] || die "linux-headers-$abi=$ver is not in $suite any more: move the pin in $HVL_PINS"
	common=$(grep -m1 '^linux-headers-.*-common' <<< "$hdrdeps" || true)
	kbuild=$(grep -m1 '^linux-kbuild-' <<< "$hdrdeps")
	# gcc-N directly (6.12+), or through linux-compiler-gcc-N-x86 (5.10, 6.1)
	gccpkg=$(grep -m1 -E '^gcc-[0-9]+' <<< "$hdrdeps" || true)
	[ -n "$gccpkg" ] || gccpkg=$(grep -m1 -E '^linux-compiler-gcc-[0-9]+' <<< "$hdrdeps" |
		sed -E 's/^linux-compiler-(gcc-[0-9]+).*/\1/' || true)
	gccver=$(grep -o '[0-9]\+' <<< "$gccpkg" | head -1 || true)
	[ -n "$gccver" ] || die "cannot tell the compiler of linux-headers-$abi from its Depends"
	# the image is split into binary + modules packages on the newest kernels
	local imgpkgs="linux-image-$abi=$ver"
	local p
	for p in $(pkg_deps "$suite" "linux-image-$abi=$ver" |
		   awk -v a="$abi" '$0 == "linux-binary-" a || $0 == "linux-modules-" a'); do
		imgpkgs+=" $p=$ver"
	done
	local kbver
	kbver=$(aptx_cache "$suite" show "$kbuild" 2>/dev/null | awk '/^Version:/ { print $2; exit }')
	fetch_debs "$suite" "$HVL_CACHE/debs/$abi" $imgpkgs "linux-headers-$abi=$ver" \
		${common:+"$common=$ver"} "$kbuild=$kbver" || die "download of $abi packages failed"
	log "kernel $short: downloaded $(du -sh "$HVL_CACHE/debs/$abi" | cut -f1) in $(since "$t")s"

	t=$(now)
	rm -rf "$kroot"
	mkdir -p "$kroot"
	local d
	for d in "$HVL_CACHE/debs/$abi"/*.deb; do dpkg -x "$d" "$kroot"; done
	local kdir=$kroot/usr/src/linux-headers-$abi
	# the headers' Makefile names the -common tree by absolute /usr/src path
	sed -i "s|/usr/src/|$kroot/usr/src/|g" "$kdir/Makefile"
	local kimage
	kimage=$(ls "$kroot/boot/vmlinuz-$abi" "$kroot/usr/lib/modules/$abi/vmlinuz" 2>/dev/null | head -1 || true)
	[ -f "$kimage" ] || die "no vmlinuz in the $abi packages"
	local kmoddir
	kmoddir=$(ls -d "$kroot/usr/lib/modules/$abi" "$kroot/lib/modules/$abi" 2>/dev/null | head -1 || true)
	[ -d "$kmoddir" ] || die "no modules directory in the $abi packages"
	log "kernel $short: unpacked in $(since "$t")s"

	# toolchain sysroot, shared by kernels of the same suite and gcc
	t=$(now)
	tc=$HVL_CACHE/tc/$suite-gcc$gccver
	if [ ! -f "$tc/.stamp" ]; then
		local roots pkgs
		roots="$gccpkg binutils libc6 $(pkg_deps "$suite" "$kbuild=$kbver" | tr '\n' ' ')"
		pkgs=$(closure "$suite" $roots)
		fetch_debs "$suite" "$HVL_CACHE/debs/tc-$suite-gcc$gccver" $pkgs ||
			die "toolchain download for $suite gcc-$gccver failed"
		rm -rf "$tc"
		mkdir -p "$tc"
		for d in "$HVL_CACHE/debs/tc-$suite-gcc$gccver"/*.deb; do dpkg -x "$d" "$tc"; done
		relocate "$tc" "$tc/usr/bin" "$tc/usr/libexec" "$tc/usr/lib/gcc" > /dev/null
		printf '%s\n' $pkgs > "$tc/.packages"
		touch "$tc/.stamp"
		log "toolchain $suite gcc-$gccver: $(wc -l < "$tc/.packages") packages in $(since "$t")s"
	fi
	relocate "$tc" "$kroot/usr/lib/$kbuild" > /dev/null

	cat > "$envf.tmp" <<-EOF
		KSHORT=$short
		KSUITE=$suite
		KPKGVER=$ver
		KVER=$abi
		KDIR=$kdir
		KMODDIR=$kmoddir
		KIMAGE=$kimage
		KPATH=$tc/usr/bin
		KCC=x86_64-linux-gnu-gcc-$gccver
	EOF
	mv "$envf.tmp" "$envf"
	echo "$envf"
}

case ${1:-} in
list) pin_shorts ;;
prepare) prepare "${2:?usage: kernel.sh prepare <short>}" > /dev/null ;;
env) cat "$(prepare "${2:?usage: kernel.sh env <short>}")" ;;
*) sed -n '4,10p' "$0" >&2; exit 2 ;;
esac
