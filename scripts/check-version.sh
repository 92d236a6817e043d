#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-version.sh [ROOT]: the Debian changelog's version must be
# PACKAGE_VERSION of dkms.conf, the project's one version source.
#
# dh_dkms installs the source as /usr/src/<PACKAGE_NAME>-<PACKAGE_VERSION>
# and the maintainer scripts register that version, while dpkg names the
# package after the changelog: if they differ, the package is broken. The
# changelog is never rewritten at build time; bump both, e.g. with
#   dch -v "$(make -s version)" "..."   (native format: no Debian revision)
#
# Checks ROOT (default: this repository), then checks itself on temporary
# trees (equal versions pass; a different, missing or non-native changelog
# version fails). Prints "PASS version ..." or "FAIL version ...: why" per
# check; exit status 1 if any failed. Run by `make deb` and debian/rules.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${1:-$(cd "$here/.." && pwd)}
failed=0

dkms_version() {	# dkms_version DKMS_CONF
	sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$1"
}

changelog_version() {	# changelog_version CHANGELOG
	if command -v dpkg-parsechangelog >/dev/null; then
		dpkg-parsechangelog -l "$1" -S Version 2>/dev/null
	else
		# "e1000e-quirks (0.1.0) bookworm; urgency=medium"
		sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$1"
	fi
}

# compare ROOT: 0 if the versions agree, else 1 with the reason on stdout.
compare() {
	local dv cv
	dv=$(dkms_version "$1/dkms.conf")
	cv=$(changelog_version "$1/debian/changelog")
	if [ -z "$dv" ]; then
		echo "no PACKAGE_VERSION=\"...\" in $1/dkms.conf"
		return 1
	fi
	if [ -z "$cv" ]; then
		echo "no version in $1/debian/changelog"
		return 1
	fi
	case $cv in
	*-*)
		echo "debian/changelog version $cv has a Debian revision; the" \
		     "package is native (3.0 (native)): use $dv"
		return 1 ;;
	esac
	if [ "$cv" != "$dv" ]; then
		echo "debian/changelog says $cv, dkms.conf PACKAGE_VERSION says $dv;" \
		     "add a changelog entry for $dv (dch -v $dv)"
		return 1
	fi
	echo "$dv"
}

result() {	# result OK WHAT DETAIL
	if [ "$1" = 0 ]; then
		echo "PASS version $2"
	else
		echo "FAIL version $2: $3"
		failed=1
	fi
}

# The real tree.
why=$(compare "$root")
rc=$?
result "$rc" "debian/changelog = dkms.conf ($why)" "$why"

# The check itself, on fake trees: (changelog version, dkms.conf version,
# expected outcome).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-version.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fake() {	# fake CHANGELOG_VERSION DKMS_VERSION
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t/debian"
	if [ -n "$2" ]; then
		printf 'PACKAGE_NAME="e1000e-quirks"\nPACKAGE_VERSION="%s"\n' "$2" \
			>"$tmp/t/dkms.conf"
	else
		printf 'PACKAGE_NAME="e1000e-quirks"\n' >"$tmp/t/dkms.conf"
	fi
	cat >"$tmp/t/debian/changelog" <<-EOF
	e1000e-quirks ($1) bookworm; urgency=medium

	  * Test.

	 -- Test <test@example.org>  Sun, 22 Nov 2026 03:00:00 +0000
	EOF
}
selftest() {	# selftest CHANGELOG DKMS pass|fail
	local got
	fake "$1" "$2"
	if compare "$tmp/t" >/dev/null; then got=pass; else got=fail; fi
	[ "$got" = "$3" ]
	result $? "self-test: changelog $1, dkms.conf ${2:-(none)} -> $3" \
		"the check said $got"
}
selftest 1.2.3 1.2.3 pass
selftest 1.2.4 1.2.3 fail
selftest 1.2.3 1.2.30 fail
selftest 1.2.3-1 1.2.3 fail
selftest 1.2.3 "" fail

exit "$failed"
