#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh KREL
#
# Download the Debian kernel image package for KREL (without installing it) and
# unpack it into ${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/kernels/KREL/, so
# that the VM tests can boot boot/vmlinuz-KREL and load its e1000e.ko.
# Cached and idempotent: a finished extraction is never redone. Atomic: the
# package is unpacked into a temporary directory next to the target and renamed
# into place, so concurrent callers never see a half-extracted tree.
# Also installs linux-headers-KREL with apt when /lib/modules/KREL/build is
# missing (needed to build the module for KREL).
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

has_candidate() {
	# apt-cache policy prints "Candidate: (none)" or nothing for unknown names.
	local c
	c=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -e "/lib/modules/$krel/build/Makefile" ]; then
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

# Prefer the unsigned package (no dependency on the signing template); the
# signed one has identical contents plus signatures.
pkg=
for p in "linux-image-$krel-unsigned" "linux-image-$krel"; do
	if has_candidate "$p"; then pkg=$p; break; fi
done
[ -n "$pkg" ] || die "apt has neither linux-image-$krel-unsigned nor linux-image-$krel"

echo "fetch-kernel: downloading $pkg" >&2
# The cache lives in a home directory the _apt sandbox user cannot write to.
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
(cd "$tmp" && apt-get "${sandbox[@]}" download "$pkg" >&2) ||
	die "apt-get download $pkg failed"
deb=$(ls "$tmp"/*.deb)
dpkg-deb -x "$deb" "$tmp/root" || die "dpkg-deb -x $deb failed"
rm -f "$deb"

[ -e "$tmp/root/boot/vmlinuz-$krel" ] || die "$pkg has no boot/vmlinuz-$krel"
[ -d "$tmp/root/lib/modules/$krel/kernel" ] || die "$pkg has no lib/modules/$krel/kernel"
# The package does not ship modules.dep (the postinst generates it); the test
# initramfs builder reads it to find e1000e's dependencies.
depmod -b "$tmp/root" "$krel" || die "depmod for $krel failed"
[ -e "$tmp/root/lib/modules/$krel/modules.dep" ] || die "depmod wrote no modules.dep"

# Another fetcher may have finished first; its result is as good as ours.
if mv -T "$tmp/root" "$dest" 2>/dev/null; then
	:
elif [ -e "$dest/boot/vmlinuz-$krel" ]; then
	:
else
	die "cannot move extraction to $dest"
fi
echo "$dest"
