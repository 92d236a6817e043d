#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh: build the Debian package e1000e-quirks-dkms (`make deb`).
#
# Output in build/deb/ of the repository (ignored by git through
# build/.gitignore, which this script writes):
#   build/deb/e1000e-quirks-dkms_<version>_all.deb     the package
#   build/deb/e1000e-quirks_<version>.{dsc,tar.xz}     the native source
#   build/deb/e1000e-quirks_<version>_*.{buildinfo,changes}
# and the last line printed is the path of the .deb. DEB_OUT=DIR builds into
# DIR instead (tests/check-boot.sh: its own, so that it can run beside
# tests/check-deb.sh, which replaces build/deb/).
#
# Builds from a copy of the working tree (git's tracked and untracked,
# not ignored files: uncommitted work is included, build products are not)
# in build/deb/e1000e-quirks-<version>/, unsigned. scripts/check-version.sh
# runs first: the changelog must carry dkms.conf's PACKAGE_VERSION.
# Missing build dependencies (dpkg-dev, debhelper, dh-dkms) are installed
# with apt when run as root; otherwise the build stops and names them.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

die() { echo "build-deb: $*" >&2; exit 1; }

scripts/check-version.sh || die "version check failed (above)"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)

# Build dependencies: commands and the packages that provide them.
need=()
command -v dpkg-buildpackage >/dev/null || need+=(dpkg-dev)
command -v dh >/dev/null || need+=(debhelper)
command -v dh_dkms >/dev/null || need+=(dh-dkms)
if [ ${#need[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] ||
		die "missing build dependencies: ${need[*]} (sudo apt-get install ${need[*]})"
	echo "build-deb: installing ${need[*]}" >&2
	# wait for another apt (make check's lanes run side by side)
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=600 "${need[@]}" >&2 ||
	{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=600 "${need[@]}" >&2; } ||
		die "could not install ${need[*]}"
fi

out=${DEB_OUT:-$top/build/deb}
src=$out/e1000e-quirks-$version
mkdir -p "$out" "$top/build"
printf '*\n' >"$top/build/.gitignore"
rm -rf "$src"
rm -f "$out"/e1000e-quirks*_"$version"[._]*
mkdir -p "$src"

# The files to package: what git would commit, minus build/.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		grep -zv '^build/' |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && printf '%s\0' "$f"	# skip deleted files
		done |
		tar -C "$top" --null -T - -cf - | tar -C "$src" -xf -
else
	tar -C "$top" --exclude=./build --exclude=./.git \
		--exclude='*.o' --exclude='*.ko' -cf - . | tar -C "$src" -xf -
fi

log=$out/build.log
echo "build-deb: dpkg-buildpackage in $src (log: $log)" >&2
if ! (cd "$src" && dpkg-buildpackage -us -uc) >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	die "dpkg-buildpackage failed (log: $log)"
fi
rm -rf "$src"

deb=$out/e1000e-quirks-dkms_${version}_all.deb
[ -s "$deb" ] || die "dpkg-buildpackage did not produce $deb"
echo "$deb"
