#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh: print the kernel test matrix, one kernel release per line:
#   - the newest Debian 12 6.1.0-N-amd64 and its 6.1.0-N-rt-amd64
#   - the newest bookworm 6.12.N+deb12-amd64 and its 6.12.N+deb12-rt-amd64
# "Newest" means the highest N for which apt has both linux-image-KREL (signed or
# -unsigned) and linux-headers-KREL. Nothing is hard-coded: the numbers come
# from apt-cache. If apt knows none of them (no lists), fall back to the
# newest matching kernels whose headers are installed in /lib/modules.
set -euo pipefail

# Extended regexes for the generic flavour of each series; N is captured by
# replacing "amd64" with "rt-amd64" for the realtime flavour.
series=(
	'6\.1\.0-[0-9]+-amd64'
	'6\.12\.[0-9]+\+deb12-amd64'
)

rt_of() { echo "${1%-amd64}-rt-amd64"; }

# One apt-cache call only: every call rebuilds apt's cache (~0.6 s here).
# "search" lists only packages with a real version (no purely virtual names).
names=$(apt-cache search --names-only \
	'^linux-(image|headers)-6\.(1\.0-[0-9]+|12\.[0-9]+\+deb12)-(rt-)?amd64(-unsigned)?$' \
	2>/dev/null | sed 's/ - .*//' || true)

# available KREL... -> prints each KREL whose image and headers both exist
available() {
	local k
	for k in "$@"; do
		grep -qxF "linux-headers-$k" <<<"$names" || continue
		grep -qxE "linux-image-${k//+/\\+}(-unsigned)?" <<<"$names" || continue
		echo "$k"
	done
}

from_apt() {
	local re cands k rt ok
	for re in "${series[@]}"; do
		# Newest first; stop at the first release that has both packages.
		cands=$(sed -n -E "s/^linux-headers-($re)\$/\\1/p" <<<"$names" | sort -rVu)
		[ -n "$cands" ] || continue
		# shellcheck disable=SC2086 # one release per word
		ok=$(available $cands | head -n1)
		[ -n "$ok" ] || continue
		echo "$ok"
		rt=$(rt_of "$ok")
		if [ -n "$(available "$rt")" ]; then
			echo "$rt"
		else
			echo "kernels.sh: $rt not available in apt, skipped" >&2
		fi
	done
}

from_lib_modules() {
	local re d k rt
	for re in "${series[@]}"; do
		k=$(for d in /lib/modules/*/build/Makefile; do
				d=${d#/lib/modules/}
				echo "${d%%/*}"
			done | grep -xE "$re" | sort -rV | head -n1)
		[ -n "$k" ] || continue
		echo "$k"
		rt=$(rt_of "$k")
		[ -e "/lib/modules/$rt/build/Makefile" ] && echo "$rt"
	done
	return 0
}

out=$(from_apt)
if [ -z "$out" ]; then
	echo "kernels.sh: apt-cache knows no matrix kernels; using /lib/modules" >&2
	out=$(from_lib_modules)
fi
[ -n "$out" ] || { echo "kernels.sh: no kernels found" >&2; exit 1; }
echo "$out"
