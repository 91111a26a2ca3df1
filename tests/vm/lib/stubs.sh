# SPDX-License-Identifier: GPL-2.0
#
# stub_libs <binary> <outdir> <soname>...: in <outdir>, a stand-in for each
# <soname> the binary links: a shared object of that name that defines, at
# the versions the binary asks for, every function the binary takes from
# the real library, and that aborts with a message if one is ever called.
#
# Why: a process start on the debug kernel under TCG is mostly mapping and
# relocating libraries. Debian's fio, for one, links the libraries of its
# rbd, gluster, nbd, RDMA and pmem engines, which pull in 50 more (ceph,
# ICU, GnuTLS, boost: 60 MB) that the VM never uses: 4.5 s per fio start.
# What uses stubs, and why it may: initramfs.sh (STUBS, KMOD_STUBS).
#
# Refuses a library the binary imports data from (a stub has no such
# object) and a soname the binary does not link.
stub_libs() {
	local bin=$1 out=$2 so real syms vers v s vs
	shift 2
	mkdir -p "$out"
	for so in "$@"; do
		readelf -d "$bin" | grep -q "(NEEDED).*\[$so\]" || { echo "$bin does not link $so" >&2; return 1; }
		real=$(ldd "$bin" | awk -v s="$so" '$1 == s { print $3 }')
		[ -f "$real" ] || { echo "$so: not found for $bin" >&2; return 1; }
		# "name[@version] type" of each symbol the binary takes from $so
		syms=$(join -1 1 -2 1 \
			<(readelf --dyn-syms -W "$bin" | awk '$7 == "UND" && $8 != "" { n = $8; sub(/@.*/, "", n); print n, $8, $4 }' | sort -u) \
			<(nm -D --defined-only "$real" | awk '{ n = $3; sub(/@.*/, "", n); print n }' | sort -u) |
			awk '{ print $2, $3 }')
		[ -n "$syms" ] || { echo "$bin takes nothing from $so" >&2; return 1; }
		if grep -qv ' FUNC$' <<< "$syms"; then
			echo "$bin takes data from $so: $(grep -v ' FUNC$' <<< "$syms" | head -1)" >&2
			return 1
		fi
		{
			echo '#include <stdio.h>'
			echo '#include <stdlib.h>'
			echo "static void stub(const char *f) { fprintf(stderr, \"%s: a stub of $so in the test VM\\n\", f); abort(); }"
			awk '{ n = $1; sub(/@.*/, "", n); printf "void %s(void) { stub(\"%s\"); }\n", n, n }' <<< "$syms"
		} > "$out/$so.c"
		# one version node per version asked for, unversioned names in the
		# first (an unversioned reference binds to the default version)
		vers=$(awk '{ v = ""; if (split($1, a, "@") > 1) v = a[2]; print v }' <<< "$syms" | sort -u | grep . || true)
		if [ -n "$vers" ]; then
			: > "$out/$so.map"
			for v in $vers; do
				printf '%s { global:' "$v"
				for s in $(awk -v v="$v" '{ split($1, a, "@"); if (a[2] == v) print a[1] }' <<< "$syms"); do
					printf ' %s;' "$s"
				done
				if [ "$v" = "$(head -1 <<< "$vers")" ]; then
					for s in $(awk '$1 !~ /@/ { print $1 }' <<< "$syms"); do printf ' %s;' "$s"; done
					echo ' local: *; };'
				else
					echo ' };'
				fi
			done >> "$out/$so.map"
			vs=("-Wl,--version-script=$out/$so.map")
		else
			vs=()
		fi
		gcc -shared -fPIC -O1 -o "$out/$so" -Wl,-soname,"$so" "${vs[@]}" "$out/$so.c" ||
			{ echo "$so: the stub does not build" >&2; return 1; }
		rm -f "$out/$so.c" "$out/$so.map"
	done
}
