#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh - fetch and unpack a matrix kernel and its compiler, privately.
#
#   kernel.sh list             short names of the matrix (from kernels.conf)
#   kernel.sh prepare <short>  fetch + unpack kernel, headers, toolchain (cached)
#   kernel.sh env <short>      prepare, then print shell assignments:
#                              KVER KDIR KMODDIR KIMAGE KPATH KSUITE KCC,
#                              and KBOOT when QEMU must boot that image
#                              rather than the ELF kernel inside it
#
# A pin whose abi ends in -hvl-debug is not a Debian binary kernel: it is
# built here from the suite's linux-source package at the pinned version with
# tests/vm/debug.config (lockdep, KASAN, kmemleak, UBSAN, debug objects), once,
# and cached like the others (k/<abi>/build is its KDIR, k/<abi>/root its
# modules). The compiler is the same suite's, as for the Debian kernels. It
# boots as a bzImage (KBOOT): with KASAN its PVH entry, which vmtest.sh uses
# for the others, dies before the console comes up (seen on 6.1.176).
#
# Everything lives under $HVL_CACHE (default ~/.cache/hvl):
#   apt/<suite>/      private apt lists for that suite
#   debs/<abi>/       downloaded kernel packages       k/<abi>/root/  unpacked
#   debs/tc-<suite>-gccN/  toolchain packages          tc/<suite>-gccN/  sysroot
# The toolchain is the headers' own compiler (gcc-N of the same suite) with
# binutils, pahole and the kbuild tools' libraries; its executables and the
# kernel's kbuild tools are relocated onto the sysroot's glibc with patchelf.
set -eu -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

prepare() {
	local short=$1 line suite abi ver kroot t hdrdeps common kbuild gccpkg gccver tc
	line=$(pin_line "$short")
	[ -n "$line" ] || die "unknown kernel '$short'; the matrix is: $(pin_shorts | tr '\n' ' ')"
	read -r _ suite abi ver <<< "$line"
	kroot=$HVL_CACHE/k/$abi/root
	local envf=$HVL_CACHE/k/$abi/env
	if [ -f "$envf" ] && grep -q "^KPKGVER=$ver\$" "$envf" &&
	   { [[ $abi != *-hvl-debug ]] || grep -q "^KCONFIGSUM=$(debug_sum)\$" "$envf"; }; then
		echo "$envf"
		return 0
	fi

	t=$(now)
	aptx_init "$suite"
	case $abi in *-hvl-debug) build_debug "$short" "$suite" "$abi" "$ver"; return 0 ;; esac
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

	write_env "$envf" KSHORT="$short" KSUITE="$suite" KPKGVER="$ver" KVER="$abi" KDIR="$kdir" \
		KMODDIR="$kmoddir" KIMAGE="$kimage" KPATH="$tc/usr/bin" KCC="x86_64-linux-gnu-gcc-$gccver"
}

# write_env <file> NAME=value...: the kernel's env file, one assignment a
# line, in place at once; prints its path
write_env() {
	local f=$1
	shift
	printf '%s\n' "$@" > "$f.tmp"
	mv "$f.tmp" "$f"
	echo "$f"
}

# the debug kernel is rebuilt when its configuration changes
debug_sum() { md5sum < "$here/debug.config" | cut -c1-12; }

# build_debug <short> <suite> <abi> <version>: the debug kernel, from source
build_debug() {
	local short=$1 suite=$2 abi=$3 ver=$4 src srcpkg sib tc cc t base kd out line want got
	base=$HVL_CACHE/k/$abi
	local envf=$base/env
	src=$(sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p' <<< "$abi")
	srcpkg=linux-source-$src
	# the compiler: that of the suite's binary kernel of the same series
	sib=$(pin_shorts | while read -r k; do
		read -r _ s a _ <<< "$(pin_line "$k")"
		[ "$s" = "$suite" ] && [[ $a == "$src".* && $a != *-hvl-debug ]] && echo "$k" && break
	done)
	[ -n "$sib" ] || die "$short: no binary $src kernel of $suite in $HVL_PINS to take the compiler from"
	eval "$(grep -E '^(KPATH|KCC)=' "$(prepare "$sib")")"
	tc=${KPATH%/usr/bin} cc=$KCC
	fetch_debs "$suite" "$HVL_CACHE/debs/$abi" "$srcpkg=$ver" || die "download of $srcpkg=$ver failed"

	t=$(now)
	rm -rf "$base"
	mkdir -p "$base/root" "$base/src"
	dpkg -x "$HVL_CACHE/debs/$abi/${srcpkg}_"*.deb "$base/pkg"
	tar -C "$base/src" --strip-components=1 -xf "$base/pkg/usr/src/$srcpkg.tar.xz"
	rm -rf "$base/pkg"
	log "kernel $short: source unpacked in $(since "$t")s"

	t=$(now)
	kd=$base/build
	local mk=(make -C "$base/src" O="$kd" HOSTCC=gcc -j"$(nproc)")
	# as Debian's headers do: module builds against this tree use its compiler
	mkdir -p "$kd"
	echo "CC = $cc" > "$kd/.kernelvariables"
	PATH=$tc/usr/bin:$PATH "${mk[@]}" allnoconfig > "$base/build.log" 2>&1 || die "allnoconfig failed: $base/build.log"
	PATH=$tc/usr/bin:$PATH "$base/src/scripts/kconfig/merge_config.sh" -m -O "$kd" "$kd/.config" \
		"$here/debug.config" >> "$base/build.log" 2>&1 || die "merge_config failed: $base/build.log"
	PATH=$tc/usr/bin:$PATH "${mk[@]}" olddefconfig >> "$base/build.log" 2>&1 || die "olddefconfig failed"
	while IFS= read -r line; do
		case $line in '#'* | '') continue ;; esac
		want=${line#*=}
		got=$(grep -m1 -E "^(# )?${line%%=*}[= ]" "$kd/.config" || true)
		case $want in
		n) [ -z "$got" ] || [ "$got" = "# ${line%%=*} is not set" ] ;;
		*) [ "$got" = "$line" ] ;;
		esac || die "debug kernel: Kconfig did not keep '$line' (have '${got:-nothing}')"
	done < "$here/debug.config"
	PATH=$tc/usr/bin:$PATH "${mk[@]}" bzImage modules >> "$base/build.log" 2>&1 ||
		{ tail -30 "$base/build.log" >&2; die "debug kernel build failed: $base/build.log"; }
	out=$(cat "$kd/include/config/kernel.release")
	[ "$out" = "$abi" ] || die "debug kernel calls itself $out, the pin says $abi"
	PATH=$tc/usr/bin:$PATH "${mk[@]}" INSTALL_MOD_PATH="$base/root" modules_install >> "$base/build.log" 2>&1 ||
		die "modules_install failed: $base/build.log"
	rm -f "$base/root/lib/modules/$abi/build" "$base/root/lib/modules/$abi/source"
	log "kernel $short: built in $(since "$t")s"

	write_env "$envf" KSHORT="$short" KSUITE="$suite" KPKGVER="$ver" KVER="$abi" KDIR="$kd" \
		KMODDIR="$base/root/lib/modules/$abi" KIMAGE="$kd/arch/x86/boot/bzImage" \
		KBOOT="$kd/arch/x86/boot/bzImage" KPATH="$tc/usr/bin" KCC="$cc" KCONFIGSUM="$(debug_sum)"
}

case ${1:-} in
list) pin_shorts ;;
prepare) prepare "${2:?usage: kernel.sh prepare <short>}" > /dev/null ;;
env) cat "$(prepare "${2:?usage: kernel.sh env <short>}")" ;;
*) sed -n '4,10p' "$0" >&2; exit 2 ;;
esac
