#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh FLAVOUR      build (or find cached) a debug kernel; print
#                              its tree (as fetch-kernel.sh does)
# debug-kernel.sh --krel FLAVOUR   print its kernel release only
# debug-kernel.sh --list       print the flavours' kernel releases
#
# FLAVOUR is debug or rt-debug: Debian's own linux-source-6.12 (the 6.12 of
# the matrix, tests/linux-source.sh downloads it) configured from
# tests/debug/base.config + tests/debug/FLAVOUR.config on top of
# `make allnoconfig`, built with O= and laid out like a fetch-kernel.sh tree:
#   ~/.cache/e1000e-quirks/kernels/KREL/boot/{vmlinuz,config,System.map}-KREL
#   ~/.cache/e1000e-quirks/kernels/KREL/lib/modules/KREL/  (modules.dep ...)
#   ~/.cache/e1000e-quirks/kernels/KREL/build -> the O= tree, where
#   tests/kbuild.sh builds modules for KREL.
# KREL is <upstream version>-eq-FLAVOUR (6.12.117-eq-debug).
# Cached: the tree records a key (source version, the fragments, gcc, this
# script); the kernel is rebuilt only when the key changes, and then
# incrementally in the persistent O= tree. Every CONFIG_ line of the fragments
# must survive olddefconfig, else the build stops naming the line.
# Concurrent callers of one flavour wait for each other (flock).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
frags=$repo/tests/debug
FLAVOURS="debug rt-debug"

die() { echo "debug-kernel: $*" >&2; exit 1; }
note() { echo "debug-kernel: $*" >&2; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks
mode=build
case ${1:-} in
--krel) mode=krel; shift ;;
--list) mode=list; shift ;;
esac

# The Debian linux-source version: the cached .deb of linux-source.sh.
srcdeb() {
	"$here/linux-source.sh" >/dev/null || die "linux-source.sh failed"
	find "$cache/linux-source" -maxdepth 1 -name 'linux-source-6.12_*.deb' |
		sort -V | tail -n 1
}
debver() {
	local d=${1##*/}
	d=${d#linux-source-6.12_}
	d=${d%_all.deb}
	echo "${d//%3a/:}"
}
krel_of() {	# FLAVOUR DEBVER
	local up=${2#*:}
	echo "${up%%-*}-eq-$1"
}

deb=$(srcdeb)
[ -n "$deb" ] || die "no linux-source-6.12 .deb in $cache/linux-source"
ver=$(debver "$deb")

if [ "$mode" = list ]; then
	for f in $FLAVOURS; do krel_of "$f" "$ver"; done
	exit 0
fi
[ $# -eq 1 ] || die "usage: $0 [--krel] debug|rt-debug"
flavour=$1
case " $FLAVOURS " in *" $flavour "*) ;; *) die "no flavour '$flavour' (have: $FLAVOURS)" ;; esac
krel=$(krel_of "$flavour" "$ver")
[ "$mode" = krel ] && { echo "$krel"; exit 0; }

gccv=$(gcc --version | head -n 1)
key=$( { echo "$ver"; echo "$gccv"; cat "$frags/base.config" \
	"$frags/$flavour.config" "$0"; } | sha256sum | cut -c1-16)
dest=$cache/kernels/$krel
done_p() {
	[ "$(cat "$dest/.key" 2>/dev/null)" = "$key" ] &&
		[ -e "$dest/boot/vmlinuz-$krel" ] &&
		[ -e "$dest/lib/modules/$krel/modules.dep" ] &&
		[ -e "$dest/build/Makefile" ]
}
if done_p; then
	echo "$dest"
	exit 0
fi

dk=$cache/debug-kernels
mkdir -p "$dk" "$cache/kernels"
exec 9>"$dk/.lock-$flavour"
flock 9
if done_p; then
	echo "$dest"
	exit 0
fi

# The whole source, once per Debian version (shared by both flavours).
src=$dk/src-$ver
(
	exec 8>"$dk/.lock-src"
	flock 8
	[ -e "$src/Makefile" ] && exit 0
	note "unpacking linux-source-6.12 $ver"
	tmp=$(mktemp -d "$dk/.src.XXXXXX")
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xOf - ./usr/src/linux-source-6.12.tar.xz |
		tar -xJf - -C "$tmp" --strip-components=1 ||
		{ rm -rf "$tmp"; die "cannot unpack $deb"; }
	mv -T "$tmp" "$src"
)
[ -e "$src/Makefile" ] || die "no source in $src"

obj=$dk/build-$flavour
mkdir -p "$obj"
t0=$SECONDS
note "configuring $krel (key $key) in $obj"
cat "$frags/base.config" "$frags/$flavour.config" >"$obj/eq.config"
make -s -C "$src" O="$obj" KCONFIG_ALLCONFIG="$obj/eq.config" allnoconfig \
	>"$obj/config.log" 2>&1 || { cat "$obj/config.log" >&2; die "allnoconfig failed"; }
# Every fragment line must be in the result: a dependency we missed
# would otherwise silently drop a checker.
bad=0
while IFS= read -r l; do
	case $l in
	CONFIG_*=n) want="# ${l%=n} is not set" ;;
	CONFIG_*) want=$l ;;
	*) continue ;;
	esac
	if ! grep -qxF "$want" "$obj/.config"; then
		got=$(grep -E "^(# )?${l%%=*}[= ]" "$obj/.config" || echo "absent")
		note "$flavour: wanted '$l', got '$got'"
		bad=1
	fi
done <"$obj/eq.config"
[ "$bad" -eq 0 ] || die "the fragments do not hold (see above): fix tests/debug/*.config"
[ "$(make -s -C "$src" O="$obj" kernelrelease)" = "$krel" ] ||
	die "kernelrelease is $(make -s -C "$src" O="$obj" kernelrelease), not $krel"

note "building $krel: make -j$(nproc) bzImage modules (log: $obj/build.log)"
if ! make -C "$src" O="$obj" -j"$(nproc)" bzImage modules >"$obj/build.log" 2>&1; then
	tail -n 30 "$obj/build.log" >&2
	die "build failed (log: $obj/build.log)"
fi

tmp=$(mktemp -d "$cache/kernels/.$krel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/boot"
cp "$obj/arch/x86/boot/bzImage" "$tmp/boot/vmlinuz-$krel"
cp "$obj/.config" "$tmp/boot/config-$krel"
cp "$obj/System.map" "$tmp/boot/System.map-$krel"
make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$tmp" modules_install \
	>>"$obj/build.log" 2>&1 || die "modules_install failed (log: $obj/build.log)"
rm -f "$tmp/lib/modules/$krel/build" "$tmp/lib/modules/$krel/source"
ln -s "$obj" "$tmp/build"
echo "$key" >"$tmp/.key"
rm -rf "$dest"
mv -T "$tmp" "$dest"
trap - EXIT
note "$krel built in $(( SECONDS - t0 )) s"
echo "$dest"
