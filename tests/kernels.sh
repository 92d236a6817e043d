#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh [--suite bookworm|trixie|all] [--table]: print the kernel test
# matrix, one kernel release per line:
#   bookworm (Debian 12, the host's apt):
#   - the newest Debian 12 6.1.0-N-amd64 and its 6.1.0-N-rt-amd64
#   - the newest bookworm 6.12.N+deb12-amd64 and its 6.12.N+deb12-rt-amd64
#   trixie (Debian 13, the apt of tests/trixie-chroot.sh):
#   - the newest trixie 6.12.N+deb13-amd64
#   - the newest non-rt kernel of trixie-backports, or of sid if newer
# "Newest" means the highest N for which apt has both an image
# (linux-image-KREL, signed or -unsigned; from 7.x a metapackage over
# linux-binary-KREL) and linux-headers-KREL. Nothing is hard-coded: the
# numbers come from apt-cache. If the host's apt knows none of the Debian 12
# ones (no lists), fall back to the newest matching kernels whose headers are
# installed in /lib/modules. A Debian 13 kernel that cannot be found (no
# chroot, nothing in the archive) is an error: one line on stderr, exit 1,
# after printing the kernels that were found.
# --table prints the "Tested kernels" table of README.md instead (markdown):
# per kernel what runs on it, with the VM scenarios of tests/vm/plan, and
# the debug kernels of tests/debug-kernel.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

suite=all table=
while [ $# -gt 0 ]; do
	case $1 in
	--suite) suite=${2:-}; shift 2 ;;
	--table) table=1; shift ;;
	*) echo "usage: $0 [--suite bookworm|trixie|all] [--table]" >&2; exit 2 ;;
	esac
done
case $suite in bookworm | trixie | all) ;; *) echo "kernels.sh: bad suite '$suite'" >&2; exit 2 ;; esac

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

bookworm() {
	local out
	out=$(from_apt)
	if [ -z "$out" ]; then
		echo "kernels.sh: apt-cache knows no matrix kernels; using /lib/modules" >&2
		out=$(from_lib_modules)
	fi
	[ -n "$out" ] || { echo "kernels.sh: no Debian 12 kernels found" >&2; return 1; }
	echo "$out"
}

# Debian 13: asked of the trixie chroot's apt (sid through its own lists).
# newest_in [--sid] ERE: the newest KREL matching ERE with headers and image.
newest_in() {
	local sid=() names k
	[ "$1" = --sid ] && { sid=(--sid); shift; }
	names=$("$here/trixie-chroot.sh" apt-cache "${sid[@]}" search --names-only \
		"^linux-(image|binary|headers)-$1(-unsigned)?\$" 2>/dev/null |
		sed 's/ - .*//') || return 1
	# shellcheck disable=SC2013 # one release per word
	for k in $(sed -n -E "s/^linux-headers-($1)\$/\1/p" <<<"$names" | sort -rVu); do
		grep -qxE "linux-(image|binary)-${k//+/\\+}(-unsigned)?" <<<"$names" || continue
		echo "$k"
		return 0
	done
	return 0
}
trixie() {
	local err k6 kb ks
	err=$("$here/trixie-chroot.sh" root 2>&1 >/dev/null) ||
		{ echo "kernels.sh: no Debian 13 kernels: ${err##*$'\n'}" >&2; return 1; }
	k6=$(newest_in '6\.12\.[0-9]+\+deb13-amd64')
	[ -n "$k6" ] && echo "$k6"
	# trixie-backports: every newer series, built +deb13 too.
	kb=$(newest_in '([7-9]|[1-9][0-9])\.[0-9]+\.[0-9]+\+deb13-amd64|6\.(1[3-9]|[2-9][0-9])\.[0-9]+\+deb13-amd64')
	ks=$(newest_in --sid '[0-9]+\.[0-9]+\.[0-9]+\+deb[0-9]+-amd64')
	if [ -n "$ks" ] && { [ -z "$kb" ] ||
	   [ "$(printf '%s\n' "${kb%%+*}" "${ks%%+*}" | sort -V | tail -n 1)" != "${kb%%+*}" ]; }; then
		kb=$ks
	fi
	[ -n "$kb" ] && echo "$kb"
	[ -n "$k6" ] || { echo "kernels.sh: the trixie chroot's apt has no 6.12.*+deb13-amd64 with headers and image" >&2; return 1; }
	[ -n "$kb" ] || { echo "kernels.sh: neither trixie-backports nor sid has a kernel newer than 6.12 with headers and image" >&2; return 1; }
}

# The README table: distribution, kernel, toolchain, what runs on it (the
# stages, and the VM scenarios of tests/vm/plan with the reason).
# vm_cell KREL: "SET (N): NN NN ... / NN ...; why" from vm.py --list.
vm_cell() {
	local list set why vms n
	list=$(MATRIX=$matrix "$here/vm/vm.py" "$1" --list 2>/dev/null) || true
	set=$(sed -n 's/^plan //p' <<<"$list")
	why=$(sed -n 's/^why //p' <<<"$list")
	vms=$(sed -n 's/^vm //p' <<<"$list" | sed 's/\([0-9][0-9]\)-[^ ]*/\1/g' |
		paste -sd/ | sed 's|/| / |g')
	n=$(wc -w <<<"${vms//\//}")
	if [ -z "$vms" ]; then
		echo "none: $why"
	elif [ "$set" = full ]; then
		echo "**full** (all $n the headers allow): $why"
	else
		echo "**$set** ($n: $vms): $why"
	fi
}
table() {
	local k gcc dk cc r d deb sp
	echo "| Distribution | Kernel | Toolchain (gcc, dkms) | Build, dkms, package | VM scenarios in \`make check\` |"
	echo "|---|---|---|---|---|"
	while read -r k; do
		sp=", sparse"
		case $k in
		*+deb1[3-9]-*)
			r=$("$here/trixie-chroot.sh" root 2>/dev/null)
			# shellcheck disable=SC2016 # a dpkg-query format
			dk=$(chroot "$r" dpkg-query -W -f='${Version}' dkms 2>/dev/null)
			case $k in 6.12.*) d="Debian 13 (trixie)" ;; *+deb13-*) d="Debian 13 trixie-backports" ;; *) d="Debian sid" ;; esac
			deb=", check-deb13"
			# headers that use __typeof_unqual__ under sparse: Debian
			# 13's sparse 0.6.4 cannot parse them, sid's does
			grep -qs 'CC_HAS_TYPEOF_UNQUAL || defined(__CHECKER__)' \
				"$r/usr/src/linux-headers-${k%-amd64}-common/include/linux/compiler_types.h" &&
				sp=", sparse (sid's: trixie's cannot parse these headers)"
			;;
		*)
			r=
			dk=$(dpkg-query -W -f='${Version}' dkms 2>/dev/null)
			d="Debian 12 (bookworm)"
			deb=", check-deb"
			case $k in *-rt-amd64) deb=" (check-deb: the generic twin)" ;; esac
			;;
		esac
		cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$r/lib/modules/$k/build/.config" \
			"$r/usr/src/linux-headers-$k/.config" 2>/dev/null | head -n 1)
		gcc=$(sed -E 's/.*\) ([0-9][0-9.]*)$/gcc \1/' <<<"${cc:-?}")
		echo "| $d | \`$k\` | $gcc, dkms ${dk%%-*} | W=1$sp, dkms$deb | $(vm_cell "$k") |"
	done
	for k in $("$here/debug-kernel.sh" --list 2>/dev/null); do
		echo "| debug kernel (\`tests/debug-kernel.sh\`) | \`$k\` | gcc $(gcc -dumpfullversion 2>/dev/null) | - | $(vm_cell "$k") |"
	done
}

rc=0
out=
if [ "$suite" != trixie ]; then
	out=$(bookworm) || rc=1
fi
if [ "$suite" != bookworm ]; then
	out=$out${out:+$'\n'}$(trixie) || rc=1
fi
out=$(sed '/^$/d' <<<"$out")
if [ -n "$table" ]; then
	matrix=$out
	table <<<"$out"
elif [ -n "$out" ]; then
	echo "$out"
fi
exit "$rc"
