#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh KREL DIR [MAKE-ARGS...]
#     build the kernel module in DIR for kernel KREL, wherever KREL's headers
#     are: make -C /lib/modules/KREL/build M=DIR MAKE-ARGS (default: modules),
#     on the host when they are installed there (Debian 12 kernels), else in
#     the Debian 13 chroot (tests/trixie-chroot.sh: gcc 14, Debian 13
#     kernels), where DIR is bind-mounted at the same path; for the debug
#     kernels of tests/debug-kernel.sh, on the host in their cached tree.
# kbuild.sh --exec KREL DIR CMD...
#     run CMD (e.g. dkms) in the same place, DIR (holding every path CMD
#     uses) visible at the same path.
# kbuild.sh --where KREL
#     print "host" or "trixie"; exit 1 if neither has KREL's headers.
#
# The one place that knows where a kernel is built: tests/check.sh (build,
# dkms) and tests/vm/vm.py (the modules of the VM) use it.
# No headers anywhere: one line "kbuild: why" on stderr, exit 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "kbuild: $*" >&2; exit 1; }

mode="make"
case ${1:-} in
--exec | --where) mode=${1#--}; shift ;;
esac
[ $# -ge 1 ] || die "usage: $0 [--exec|--where] KREL [DIR [ARGS...]]"
krel=$1
shift
case $krel in */* | .* | '') die "bad kernel release '$krel'" ;; esac

kdir=/lib/modules/$krel/build
debug_tree=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/kernels/$krel/build
if [ -e "$kdir/Makefile" ]; then
	where=host
elif [ -e "$debug_tree/Makefile" ]; then
	# a kernel of tests/debug-kernel.sh, built on the host
	where=host
	kdir=$debug_tree
elif "$here/trixie-chroot.sh" has "$krel" 2>/dev/null; then
	where=trixie
else
	die "no headers for $krel: neither /lib/modules/$krel/build on the host nor in the trixie chroot (tests/fetch-kernel.sh $krel installs them)"
fi
[ "$mode" = where ] && { echo "$where"; exit 0; }

{ [ $# -ge 1 ] && [ -d "$1" ]; } ||
	die "usage: $0 [--exec] KREL DIR ...: '${1:-}' is not a folder"
dir=$(realpath "$1")
shift
if [ "$mode" = make ]; then
	[ $# -gt 0 ] || set -- modules
	set -- make -C "$kdir" M="$dir" "$@"
fi
[ $# -gt 0 ] || die "usage: $0 --exec KREL DIR CMD..."
if [ "$where" = host ]; then
	exec "$@"
fi
exec "$here/trixie-chroot.sh" run -b "$dir" "$@"
