#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# linux-source.sh [SERIES]
#
# Make the few files we need from Debian's linux-source-SERIES (default 6.12;
# verify-ids.sh also asks for the newest series of the matrix, e.g. 7.3)
# available without installing the package: `apt-get download` the .deb (apt
# checks its hash against the signed archive index; the host's apt, else the
# Debian 13 chroot's of tests/trixie-chroot.sh, which has trixie-backports)
# into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/linux-source/
# and extract only checkpatch.pl and its data files plus the e1000e files that
# verify-ids.sh reads from usr/src/linux-source-SERIES.tar.xz inside it, into
#   .../linux-source/<debian version>/
# laid out like a kernel tree (<dir>/scripts/checkpatch.pl, ...).
#
# Prints that directory on stdout. Idempotent and cached: a second run only asks
# apt-cache for the candidate version. A newer Debian upload is fetched next to
# the old one. Without apt lists (e.g. no `apt-get update` yet) the newest
# cached tree is used; with neither, apt-get update is run once (as root).
# Atomic and safe to run concurrently (flock; the tree is renamed into place).
# The .deb is kept in the cache so that a longer FILES list re-extracts
# without downloading again; downloaded files never go into the repository.
set -euo pipefail

series=${1:-6.12}
case $series in
[0-9]*.[0-9]*) ;;
*) echo "linux-source: bad series '$series' (e.g. 6.12)" >&2; exit 2 ;;
esac
pkg=linux-source-$series
here=$(cd "$(dirname "$0")" && pwd)
# Paths inside the kernel tree. checkpatch.pl reads spelling.txt and
# const_structs.checkpatch from its own directory.
FILES="
scripts/checkpatch.pl
scripts/spelling.txt
scripts/const_structs.checkpatch
drivers/net/ethernet/intel/e1000e/hw.h
drivers/net/ethernet/intel/e1000e/netdev.c
"

die() { echo "linux-source: $*" >&2; exit 1; }
note() { echo "linux-source: $*" >&2; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/linux-source

# The apt that knows $pkg: the host's, else the trixie chroot's (only
# asked when the host's does not know it; never built for this).
where=host
apt_cache() {
	if [ "$where" = host ]; then
		apt-cache "$@"
	else
		"$here/trixie-chroot.sh" apt-cache "$@"
	fi
}

candidate() {
	# "Candidate: (none)" or no output at all for unknown names.
	local c
	c=$(apt_cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	[ -n "$c" ] && [ "$c" != "(none)" ] && echo "$c"
}

complete() {
	local f
	for f in $FILES; do
		[ -s "$1/$f" ] || return 1
	done
}

# Fast path: the candidate version is already extracted.
ver=$(candidate) || ver=
if [ -z "$ver" ] && [ "$series" != 6.12 ] &&
   [ -d "${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/trixie" ]; then
	where=trixie
	ver=$(candidate 2>/dev/null) || { ver=; where=host; }
fi
if [ -n "$ver" ] && complete "$cache/$ver"; then
	echo "$cache/$ver"
	exit 0
fi

if [ -z "$ver" ]; then
	# No apt lists: an already cached tree is as good as any.
	newest=
	if [ -d "$cache" ]; then
		for d in "$cache"/*/; do
			d=${d%/}
			case ${d##*/} in "$series".*) ;; *) continue ;; esac
			complete "$d" && newest+="${d##*/}"$'\n'
		done
	fi
	newest=$(printf '%s' "$newest" | sort -V | tail -n 1)
	if [ -n "$newest" ]; then
		note "apt knows no $pkg; using cached $newest"
		echo "$cache/$newest"
		exit 0
	fi
	[ "$(id -u)" -eq 0 ] || die "apt knows no $pkg: run 'apt-get update' first"
	[ "$series" = 6.12 ] ||
		die "neither the host's apt nor the trixie chroot's knows $pkg, and none is cached"
	note "apt knows no $pkg; running apt-get update"
	apt-get update >&2 || die "apt-get update failed"
	ver=$(candidate) || die "apt has no candidate for $pkg (Debian 12 bookworm-security/backports?)"
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
# Another caller may have finished while we waited for the lock.
if complete "$cache/$ver"; then
	echo "$cache/$ver"
	exit 0
fi

tmp=$(mktemp -d "$cache/.extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# apt-get download names the file <pkg>_<version with ':' as %3a>_<arch>.deb.
deb=$(find "$cache" -maxdepth 1 -name "${pkg}_${ver/:/%3a}_*.deb" | head -n 1)
if [ -z "$deb" ] || ! dpkg-deb --info "$deb" >/dev/null 2>&1; then
	note "downloading $pkg=$ver (about 150 MB, $where apt)"
	# _apt cannot write into our 0700 temp dir; apt then downloads as root
	# and says so, which is expected here.
	if [ "$where" = host ]; then
		(cd "$tmp" && apt-get -q download "$pkg=$ver" >&2)
	else
		(cd "$tmp" && "$here/trixie-chroot.sh" run -b "$tmp" \
			apt-get -q -o APT::Sandbox::User=root download "$pkg=$ver" >&2)
	fi || die "apt-get download $pkg=$ver ($where apt) failed"
	dl=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n 1)
	[ -n "$dl" ] || die "apt-get download left no .deb"
	rm -f "$cache/${pkg}"_*.deb	# keep one version only
	deb=$cache/${dl##*/}
	mv -f "$dl" "$deb"
fi

# The tarball's single top-level directory is the package name.
patterns=()
for f in $FILES; do
	patterns+=("$pkg/$f")
done
note "extracting ${#patterns[@]} files from $pkg $ver"
tarball=usr/src/$pkg.tar.xz
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" "./$tarball" ||
	die "$deb has no ./$tarball"
mkdir "$tmp/tree"
tar -xJf "$tmp/$tarball" -C "$tmp/tree" --strip-components=1 \
	--wildcards "${patterns[@]}" ||
	die "cannot extract ${patterns[*]} from $tarball"
complete "$tmp/tree" || die "$tarball lacks some of: $FILES"

rm -rf "${cache:?}/${ver:?}"	# an incomplete tree from an older FILES list
mv -T "$tmp/tree" "$cache/$ver" || die "cannot move extraction to $cache/$ver"
echo "$cache/$ver"
