#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh KREL
#
# Download the Debian kernel image packages for KREL (without installing them)
# and unpack them into ${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/kernels/KREL/,
# so that the VM tests can boot boot/vmlinuz-KREL and load its e1000e.ko from
# lib/modules/KREL/. Two package layouts:
#   up to 6.12: linux-image-KREL[-unsigned] with boot/vmlinuz-KREL and
#               lib/modules/KREL/;
#   from 7.x:   linux-image-KREL is a metapackage; the kernel is in
#               linux-binary-KREL (usr/lib/modules/KREL/vmlinuz), the modules
#               in linux-modules-KREL (usr/lib/modules/KREL/kernel/), config
#               and System.map in linux-base-KREL; the cache then gets
#               boot/vmlinuz-KREL, boot/config-KREL and lib/modules as links.
# Kernels the host's apt (Debian 12) does not know are asked of the Debian 13
# chroot's apt (tests/trixie-chroot.sh). KREL-eq-debug and KREL-eq-rt-debug
# are built by tests/debug-kernel.sh instead.
# Cached and idempotent: a finished extraction is never redone. Atomic: the
# packages are unpacked into a temporary directory next to the target and
# renamed into place, so concurrent callers never see a half-extracted tree.
# Also installs linux-headers-KREL (needed to build the module for KREL) when
# missing: on the host for Debian 12 kernels, in the trixie chroot otherwise.
#
# Prints the cache directory on stdout on success.
set -euo pipefail

die() { echo "fetch-kernel: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 KREL"
krel=$1
case $krel in
	*/*|.*|'') die "bad kernel release '$krel'" ;;
esac

cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/kernels
dest=$cache/$krel

here=$(cd "$(dirname "$0")" && pwd)

# Our own debug kernels are built, not downloaded (same tree layout).
case $krel in
*-eq-debug) exec "$here/debug-kernel.sh" debug ;;
*-eq-rt-debug) exec "$here/debug-kernel.sh" rt-debug ;;
esac

# Done before: the image cached, the headers on the host or in the chroot.
if [ -e "$dest/boot/vmlinuz-$krel" ] && [ -e "$dest/lib/modules/$krel/modules.dep" ] &&
   { [ -e "/lib/modules/$krel/build/Makefile" ] ||
     "$here/trixie-chroot.sh" has "$krel" 2>/dev/null; }; then
	echo "$dest"
	exit 0
fi

# The apt that knows KREL: the host's, else the trixie chroot's.
where=host
apt_cache() {
	if [ "$where" = host ]; then apt-cache "$@"; else "$here/trixie-chroot.sh" apt-cache "$@"; fi
}
has_candidate() {
	# apt-cache policy prints "Candidate: (none)" or nothing for unknown names.
	local c
	c=$(apt_cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! has_candidate "linux-headers-$krel" && ! has_candidate "linux-image-$krel"; then
	where=trixie
	has_candidate "linux-headers-$krel" || has_candidate "linux-image-$krel" ||
		die "neither the host's apt nor the trixie chroot's knows linux-headers-$krel or linux-image-$krel"
fi

if [ "$where" = trixie ]; then
	"$here/trixie-chroot.sh" has "$krel" || {
		as_root "$here/trixie-chroot.sh" headers "$krel" >&2 ||
			die "cannot install linux-headers-$krel in the trixie chroot"
	}
elif [ ! -e "/lib/modules/$krel/build/Makefile" ]; then
	has_candidate "linux-headers-$krel" ||
		die "no /lib/modules/$krel/build and apt has no linux-headers-$krel"
	echo "fetch-kernel: installing linux-headers-$krel" >&2
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "linux-headers-$krel" >&2 ||
		die "apt-get install linux-headers-$krel failed"
fi

if [ -e "$dest/boot/vmlinuz-$krel" ] && [ -e "$dest/lib/modules/$krel/modules.dep" ]; then
	echo "$dest"
	exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.fetch-$krel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 7.x: linux-binary + linux-modules. Before: prefer the unsigned package (no
# dependency on the signing template); the signed one has identical contents
# plus signatures.
pkgs=()
if has_candidate "linux-binary-$krel"; then
	has_candidate "linux-modules-$krel" ||
		die "apt has linux-binary-$krel but no linux-modules-$krel"
	pkgs=("linux-binary-$krel" "linux-modules-$krel")
	# config and System.map
	! has_candidate "linux-base-$krel" || pkgs+=("linux-base-$krel")
else
	for p in "linux-image-$krel-unsigned" "linux-image-$krel"; do
		if has_candidate "$p"; then pkgs=("$p"); break; fi
	done
fi
[ ${#pkgs[@]} -gt 0 ] ||
	die "apt ($where) has neither linux-binary-$krel nor linux-image-${krel}[-unsigned]"

echo "fetch-kernel: downloading ${pkgs[*]} ($where apt)" >&2
# The cache lives in a home directory the _apt sandbox user cannot write to.
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
if [ "$where" = host ]; then
	(cd "$tmp" && apt-get "${sandbox[@]}" download "${pkgs[@]}" >&2)
else
	(cd "$tmp" && as_root "$here/trixie-chroot.sh" run -b "$tmp" \
		apt-get -o APT::Sandbox::User=root download "${pkgs[@]}" >&2)
fi || die "apt-get download ${pkgs[*]} ($where) failed"
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root" || die "dpkg-deb -x $deb failed"
	rm -f "$deb"
done

# One layout for the consumers: boot/vmlinuz-KREL, boot/config-KREL and
# lib/modules/KREL/.
r=$tmp/root
if [ ! -e "$r/lib/modules/$krel" ] && [ -d "$r/usr/lib/modules/$krel" ]; then
	mkdir -p "$r/lib"
	ln -s ../usr/lib/modules "$r/lib/modules"
fi
mkdir -p "$r/boot"
for f in vmlinuz config System.map; do
	[ -e "$r/boot/$f-$krel" ] || [ ! -e "$r/usr/lib/modules/$krel/$f" ] ||
		ln -s "../usr/lib/modules/$krel/$f" "$r/boot/$f-$krel"
done
[ -e "$r/boot/vmlinuz-$krel" ] || die "${pkgs[*]}: no boot/vmlinuz-$krel nor usr/lib/modules/$krel/vmlinuz"
[ -d "$r/lib/modules/$krel/kernel" ] || die "${pkgs[*]}: no lib/modules/$krel/kernel"
# The packages do not ship modules.dep (the postinst generates it); the test
# initramfs builder reads it to find e1000e's dependencies.
depmod -b "$r" "$krel" || die "depmod for $krel failed"
[ -e "$r/lib/modules/$krel/modules.dep" ] || die "depmod wrote no modules.dep"

# Another fetcher may have finished first; its result is as good as ours.
if mv -T "$r" "$dest" 2>/dev/null; then
	:
elif [ -e "$dest/boot/vmlinuz-$krel" ]; then
	:
else
	die "cannot move extraction to $dest"
fi
echo "$dest"
