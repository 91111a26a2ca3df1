# SPDX-License-Identifier: GPL-2.0
# Shared host-side helpers of the VM harness: cache layout, private apt per
# Debian suite, package download and unpacking, toolchain relocation.
#
# Sourced by the harness (tests/vm, tests/dkms, tests/image) and by scripts/
# (kbuild, install, test, package).
# Nothing here writes outside $HVL_CACHE: packages of other suites are fetched
# with `apt-get download` under a private configuration and unpacked with
# `dpkg -x`; the system's apt state and /usr are never touched.

HVL_ROOT=${HVL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
HVL_CACHE=${HVL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hvl}
HVL_PINS=$HVL_ROOT/tests/vm/kernels.conf
HVL_SOURCES=${HVL_SOURCES:-/etc/apt/sources.list.d/debian.sources}

# hvl_dkms_var <NAME>: a value of the stack's dkms.conf (PACKAGE_NAME,
# PACKAGE_VERSION: declared there and nowhere else)
hvl_dkms_var() {
	sed -n "s/^$1=\"\(.*\)\"\$/\1/p" "$HVL_ROOT/dkms.conf"
}

# hvl_mirror: the archive URI of the machine's own sources file, read at run
# time so that no host name lives in the tree
hvl_mirror() {
	[ -r "$HVL_SOURCES" ] || die "$HVL_SOURCES not found: need a Debian deb822 sources file"
	awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' "$HVL_SOURCES"
}

log() { printf '>>> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# pin_field <short> <n>: field n (1-based) of the kernels.conf line for <short>
pin_line() {
	awk -v k="$1" '!/^#/ && NF == 4 && $1 == k { print; exit }' "$HVL_PINS"
}
pin_shorts() { awk '!/^#/ && NF == 4 { print $1 }' "$HVL_PINS"; }

# ---------------------------------------------------------------- private apt
aptx_dir() { echo "$HVL_CACHE/apt/$1"; }
aptx_opts() {
	local d
	d=$(aptx_dir "$1")
	echo "-o Dir::Etc::sourcelist=$d/debian.sources -o Dir::Etc::sourceparts=/dev/null" \
	     "-o Dir::State::Lists=$d/lists -o Dir::State::status=$d/status" \
	     "-o Dir::Cache=$d/cache -o Dir::Cache::pkgcache=pkgcache.bin" \
	     "-o Dir::Cache::srcpkgcache=srcpkgcache.bin -o APT::Sandbox::User=root"
}

# aptx_init <suite>: write a deb822 sources file for <suite> that reuses the
# archive URI of the machine's own sources file, then refresh its lists once a
# day. The URI is read at run time so that no host name lives in the tree.
aptx_init() {
	local s=$1 d mir
	d=$(aptx_dir "$s")
	if [ -f "$d/stamp" ] && [ -n "$(find "$d/stamp" -mmin -1440 2>/dev/null)" ]; then
		return 0
	fi
	mir=$(hvl_mirror)
	[ -n "$mir" ] || die "no archive URI in $HVL_SOURCES"
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
	: > "$d/status"
	printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
		"$mir" "$s" /usr/share/keyrings/debian-archive-keyring.gpg > "$d/debian.sources"
	# shellcheck disable=SC2046
	if ! apt-get $(aptx_opts "$s") -q update > "$d/update.log" 2>&1; then
		cat "$d/update.log" >&2
		die "apt update for suite $s failed"
	fi
	touch "$d/stamp"
}

aptx_cache() {
	local s=$1
	shift
	# shellcheck disable=SC2046
	apt-cache $(aptx_opts "$s") "$@"
}

# pkg_deps <suite> <pkg[=version]>: first alternative of each dependency
pkg_deps() {
	aptx_cache "$1" show "$2" 2>/dev/null | awk '
		/^Package: / { if (seen++) exit }
		/^(Pre-)?Depends: / {
			sub(/^[^:]*: /, ""); n = split($0, a, ",")
			for (i = 1; i <= n; i++) {
				x = a[i]; sub(/\|.*/, "", x); gsub(/\([^)]*\)/, "", x)
				gsub(/:any/, "", x); gsub(/ /, "", x); if (x != "") print x
			}
		}'
}

# fetch_debs <suite> <dir> <pkg[=ver]>...: download what is not there yet
fetch_debs() {
	local s=$1 dir=$2 p name need=()
	shift 2
	mkdir -p "$dir"
	for p in "$@"; do
		name=${p%%=*}
		compgen -G "$dir/${name}_*.deb" > /dev/null || need+=("$p")
	done
	[ ${#need[@]} -eq 0 ] && return 0
	# shellcheck disable=SC2046
	(cd "$dir" && apt-get $(aptx_opts "$s") -q download "${need[@]}") \
		> "$dir/download.log" 2>&1 || { cat "$dir/download.log" >&2; return 1; }
}

# closure <suite> <roots...>: suite-local Depends closure, one apt-cache call
# per breadth-first level; runtime-only packages a compiler never needs are cut.
CLOSURE_SKIP='^(libasan|libtsan|liblsan|libubsan|libhwasan|libitm|libquadmath|libatomic|libgomp|libcc1|python3|perl|debconf|dpkg|init-system-helpers|linux-base|libc-gconv-modules-extra|libgprofng|tzdata|adduser|libcrypt1|readline-common|gcc-[0-9]+-base|cpp-[0-9]+-for|usrmerge|libpam|sensible-utils)'
closure() {
	local s=$1 p l
	shift
	local -A seen=()
	local front=("$@") out=() q
	while [ ${#front[@]} -gt 0 ]; do
		q=()
		for p in "${front[@]}"; do
			[ -n "${seen[$p]:-}" ] && continue
			seen[$p]=1
			[[ $p =~ $CLOSURE_SKIP ]] || q+=("$p")
		done
		[ ${#q[@]} -eq 0 ] && break
		front=()
		while read -r l; do
			case $l in
			"P "*) out+=("${l#P }") ;;
			"D "*) front+=("${l#D }") ;;
			esac
		done < <(aptx_cache "$s" show --no-all-versions "${q[@]}" 2>/dev/null | awk '
			/^Package: / { print "P " $2 }
			/^(Pre-)?Depends: / {
				sub(/^[^:]*: /, ""); n = split($0, a, ",")
				for (i = 1; i <= n; i++) {
					x = a[i]; sub(/\|.*/, "", x); gsub(/\([^)]*\)/, "", x)
					gsub(/:any/, "", x); gsub(/ /, "", x); if (x != "") print "D " x
				}
			}')
	done
	printf '%s\n' "${out[@]}" | sort -u
}

# relocate <sysroot> <dir>...: point every dynamic ELF executable under <dir>
# at the sysroot's own loader and libraries, so binaries of a newer suite run
# on an older host glibc. Prints the number of files changed.
relocate() {
	local sr=$1 f interp n=0
	shift
	local ldso=$sr/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
	local rp=$sr/usr/lib/x86_64-linux-gnu:$sr/lib/x86_64-linux-gnu:$sr/usr/lib:$sr/usr/lib/x86_64-linux-gnu/elfutils
	[ -e "$ldso" ] || ldso=$sr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
	command -v patchelf > /dev/null || die "patchelf missing: run scripts/install-deps.sh"
	while IFS= read -r f; do
		[ "$(head -c4 "$f" 2>/dev/null)" = $'\x7fELF' ] || continue
		interp=$(patchelf --print-interpreter "$f" 2>/dev/null) || continue
		[ -z "$interp" ] || [ "$interp" = "$ldso" ] && continue
		patchelf --set-interpreter "$ldso" --force-rpath --set-rpath "$rp" "$f" && n=$((n + 1))
	done < <(find "$@" -type f -perm -u+x 2> /dev/null)
	echo "$n"
}

# An int3 trap in the kernel proper where memory holds no int3: a vCPU ran
# a stale translation of code that the kernel had just patched on the other
# vCPU (text_poke_bp puts an int3 there for the duration and removes it),
# a cross-modifying-code race of QEMU's multi-threaded TCG, not a fault of
# the guest. Prints what was seen; fails when the log shows no such trap, or
# one in a module (ours never patch code) or over a real 0xcc byte.
stale_int3() {
	local oops code rip
	oops=$(tr -d '\r' < "$1" | grep -a -m1 -A8 'Oops: int3') || return 1
	rip=$(grep -m1 -o 'RIP: .*' <<< "$oops") || return 1
	code=$(grep -m1 'Code:' <<< "$oops") || return 1
	[[ $rip != *'['* && $code =~ ([0-9a-f]{2})\ \<[0-9a-f]{2}\> ]] || return 1
	[ "${BASH_REMATCH[1]}" != cc ] || return 1
	echo "int3 trap at ${rip#RIP: *:} where memory holds 0x${BASH_REMATCH[1]}"
}

# A kdump kernel that started after the panic (its timestamps begin at 0
# again) and died or hung before its /init said HVLTEST BOOTED: before any
# module of ours loaded in it. Seen on the debug kernel, about one boot in
# three, until it booted without LA57 (vmtest.sh, cpuopt: KASAN's false
# wild-memory-access in identify_cpu's window); once in CI it hung there
# instead. Kept for what else might kill a kernel this early. Prints the
# second kernel's first fault line; fails when the log shows no such death.
kdump_died() {
	tr -d '\r' < "$1" | awk '
		/Kernel panic - not syncing/ && !k { p = 1; next }
		p && /^\[ *0\.[0-9]+\]/ { k = 1 }
		k && /^HVLTEST BOOTED/ { booted = 1; exit }
		k && !why && /BUG:|Oops|Kernel panic|WARNING:/ { why = $0 }
		END { if (!k || booted) exit 1; print why ? why : "no fault line: it hung" }'
}
