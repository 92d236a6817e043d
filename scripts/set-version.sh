#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# set-version.sh FILE: put dkms.conf's PACKAGE_VERSION into an installed copy
# of the e1000e-quirks command (its VERSION='@VERSION@' line), and check it.
# Used by debian/rules and scripts/install.sh alike.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
[ -n "$version" ] || { echo "set-version: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
sed -i "s/^VERSION='@VERSION@'\$/VERSION='$version'/" "$1"
grep -qx "VERSION='$version'" "$1" ||
	{ echo "set-version: no VERSION='$version' in $1" >&2; exit 1; }
