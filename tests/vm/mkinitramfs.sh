#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KREL KERNEL_ROOT MODULE_KO|- OUT.cpio [SCENARIO...]
#
# Build the test guest's initramfs (cpio newc, uncompressed) for kernel KREL:
#   /init, /lib.sh, /scenarios/*.sh      this directory
#   /bin/e1000e-quirks                   the command (scripts/e1000e-quirks)
#   /bin/busybox + applet links          busybox-static
#   /usr/sbin/ethtool, /usr/sbin/ip      the host's real binaries + the libs ldd lists
#   /usr/sbin/trace-cmd, /usr/sbin/perf  likewise (Debian's trace-cmd, linux-perf)
#   /modules/*.ko, /modules/order        e1000e.ko and its dependencies from
#                                        KERNEL_ROOT/lib/modules/KREL (modules.dep),
#                                        decompressed, in load order
#   /e1000e_quirks.ko                    MODULE_KO ("-": none, scenarios that
#                                        need it then fail)
#   /e1000e_standin.ko                   $STANDIN_KO if set and not "-": the
#                                        test-only e1000e stand-in (tests/standin)
#   /e1000e_bugs.ko                      $BUGS_KO if set and not "-": the
#                                        throwaway bug module (tests/debug/bugs,
#                                        named e1000e_quirks) of 5x-detectors
# KERNEL_ROOT is the unpacked linux-image package (tests/fetch-kernel.sh).
# SCENARIO names (e.g. 11-tcp-tso) restrict /scenarios; default: all. Named
# ones run in the order given (/scenarios/order), else in name order.
# SCENARIO_DIR (default: scenarios/ here) picks another suite (bench/).
# Works in its own temporary directory, so several builds can run at once.
set -euo pipefail

die() { echo "mkinitramfs: $*" >&2; exit 1; }

[ $# -ge 4 ] || die "usage: $0 KREL KERNEL_ROOT MODULE_KO|- OUT.cpio [SCENARIO...]"
krel=$1 kroot=$2 ko=$3 out=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
sdir=${SCENARIO_DIR:-$here/scenarios}
moddir=$kroot/lib/modules/$krel
[ -e "$moddir/modules.dep" ] || die "no $moddir/modules.dep (run tests/fetch-kernel.sh $krel)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,proc,sys,dev,run,tmp,etc,modules,scenarios}
mkdir -p "$root/var"
ln -s ../run "$root/var/run"	# iproute2 keeps named netns in /var/run/netns

# busybox: one link per applet, except names the real tools below provide.
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list); do
	case $a in busybox|ip|ethtool) continue ;; esac
	ln -s busybox "$root/bin/$a"
done

# Real ethtool and ip (the judges), with the shared libraries they need.
copy_with_libs() {
	local bin=$1 lib
	cp "$bin" "$root/usr/sbin/"
	for lib in $(ldd "$bin" | sed -n 's/.*=> *\(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\).*/\1/p'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
copy_with_libs "$(command -v ethtool)"
copy_with_libs "$(command -v ip)"
# Tracing front ends, for scenario 26 (our events with the real tools).
copy_with_libs "$(command -v trace-cmd)"
copy_with_libs "$(command -v perf)"

# e1000e and whatever modules.dep says it needs, dependencies first.
deps_line=$(grep -E '^kernel/drivers/net/ethernet/intel/e1000e/e1000e\.ko(\.xz|\.zst|\.gz)?:' \
	"$moddir/modules.dep") || die "e1000e not in $moddir/modules.dep"
e1000e=${deps_line%%:*}
read -r -a deps <<<"${deps_line#*:}"
: >"$root/modules/order"
# modules.dep lists direct and indirect dependencies, the deepest last.
for (( i=${#deps[@]}-1; i>=-1; i-- )); do
	if [ "$i" -ge 0 ]; then m=${deps[$i]}; else m=$e1000e; fi
	base=$(basename "$m")
	case $base in
		*.ko.xz)  xz -dc "$moddir/$m" >"$root/modules/${base%.xz}"; base=${base%.xz} ;;
		*.ko.zst) zstd -qdc "$moddir/$m" >"$root/modules/${base%.zst}"; base=${base%.zst} ;;
		*.ko.gz)  gzip -dc "$moddir/$m" >"$root/modules/${base%.gz}"; base=${base%.gz} ;;
		*.ko)     cp "$moddir/$m" "$root/modules/$base" ;;
		*)        die "unexpected module file $m" ;;
	esac
	echo "$base" >>"$root/modules/order"
done

if [ "$ko" != - ]; then
	[ -e "$ko" ] || die "no module $ko"
	cp "$ko" "$root/e1000e_quirks.ko"
fi

if [ -n "${STANDIN_KO:-}" ] && [ "$STANDIN_KO" != - ]; then
	cp "$STANDIN_KO" "$root/e1000e_standin.ko"
fi

if [ -n "${BUGS_KO:-}" ] && [ "$BUGS_KO" != - ]; then
	cp "$BUGS_KO" "$root/e1000e_bugs.ko"
fi

cp "$here/init" "$root/init"
cp "$here/lib.sh" "$root/lib.sh"
cp "$here/../../scripts/e1000e-quirks" "$root/bin/e1000e-quirks"
chmod 755 "$root/init"
if [ $# -eq 0 ]; then
	cp "$sdir"/[0-9]*.sh "$root/scenarios/"
else
	for s in "$@"; do
		found=
		for f in "$sdir/$s"*.sh; do
			[ -e "$f" ] || continue
			cp "$f" "$root/scenarios/"
			basename "$f" >>"$root/scenarios/order"
			found=1
		done
		[ -n "$found" ] || die "no scenario $s"
	done
fi
echo "$krel" >"$root/etc/krel"

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --quiet -o -0 -H newc -R 0:0) >"$tmp/initramfs.cpio"
mv "$tmp/initramfs.cpio" "$out"
