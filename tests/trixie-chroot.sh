#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# trixie-chroot.sh: the Debian 13 (trixie) build environment, as root.
#
#   trixie-chroot.sh [root]            make sure the chroot exists and its apt
#                                      lists are fresh; print its folder
#   trixie-chroot.sh headers KREL...   ... and linux-headers-KREL installed in it
#   trixie-chroot.sh has KREL          exit 0 if the chroot has KREL's headers
#   trixie-chroot.sh run [-b DIR]... CMD...
#                                      run CMD inside, on a throw-away overlay of
#                                      the chroot (the cache is never written),
#                                      with each DIR bind-mounted at the same
#                                      path and the current folder kept
#   trixie-chroot.sh apt-cache ARGS... apt-cache in the chroot (read-only)
#   trixie-chroot.sh sid-sparse        print a folder with sid's sparse
#                                      package unpacked (usr/bin/sparse),
#                                      for 7.x headers (tests/check.sh build)
#
# The chroot: debootstrap --variant=minbase of trixie with gcc, make, kmod,
# dkms, sparse and what kbuild needs, apt sources trixie, trixie-updates,
# trixie-security and trixie-backports (the host's sources are never
# touched). It lives in ${XDG_CACHE_HOME:-~/.cache}/e1000e-quirks/trixie/KEY,
# KEY a hash of the package list, the sources and this format's version, so
# changing either builds a new one; it is built in a temporary folder and
# renamed into place (atomic), under a lock. `apt-get update` runs inside
# when its lists are older than LISTS_MAX_AGE_H hours (default 20), so the
# matrix (tests/kernels.sh) follows the archive.
# sid is known to apt only through a separate list (lists-sid/), for
# tests/kernels.sh to compare kernel versions, and for sid-sparse; nothing
# is installed from it.
#
# Environment: MIRROR, SECURITY_MIRROR (default: the host's apt sources,
# tests/apt-mirror.sh), LISTS_MAX_AGE_H.
# Errors: one line "trixie-chroot: why" on stderr, exit 1.
set -euo pipefail
self=$(realpath "$0")

die() { echo "trixie-chroot: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, mount)"

FORMAT=1
SUITE=trixie
# shellcheck source=tests/apt-mirror.sh
. "$(dirname "$self")/apt-mirror.sh"
eq_mirrors 2>/dev/null || die "$(eq_mirrors 2>&1)"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
pkgs=gcc,make,libc6-dev,kmod,dkms,sparse,xz-utils,zstd,bc,flex,bison,libelf-dev,libssl-dev,python3,perl,cpio,openssl,mokutil,ca-certificates
max_age_h=${LISTS_MAX_AGE_H:-20}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/trixie

sources() {
	eq_sources "$SUITE $SUITE-updates $SUITE-backports" "$keyring"
}
sid_sources() {
	printf 'deb [signed-by=%s] %s sid main\n' "$keyring" "$mirror"
}

key=$( { echo "$FORMAT $SUITE $pkgs"; sources; sid_sources; } | sha1sum | cut -c1-12)
root=$cache/$key
mkdir -p "$cache"

# Everything that writes the cached chroot holds this lock.
lock() {
	exec 8>"$cache/lock"
	flock 8
}

in_root() {	# in_root ROOT CMD...: CMD in the chroot, clean environment
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# sid's lists, apart from the chroot's own sources. Only read for versions,
# so an archive proxy serving an expired sid Release file is no failure
# (seen: "Release file ... is expired").
sid_apt=(-o Dir::Etc::SourceList=/etc/apt/sid.list -o Dir::Etc::SourceParts=/nonexistent
	 -o Dir::State::Lists=/var/lib/apt/lists-sid -o Dir::Cache::pkgcache=
	 -o Dir::Cache::srcpkgcache= -o Acquire::Check-Valid-Until=false)

# with_mounts ROOT FN ARGS...: FN ROOT ARGS (a function of this script) in a
# private mount namespace with proc and dev mounted in ROOT; the mounts die
# with it.
with_mounts() {
	unshare --mount --propagation private "$self" __mounted "$@"
}

make_root() {
	local tmp=$cache/.build.$$ log=$cache/.build.$$.log t0=$SECONDS
	command -v debootstrap >/dev/null ||
		die "debootstrap is not installed (tests/deps.sh installs it)"
	rm -rf --one-file-system "$tmp"
	echo "trixie-chroot: debootstrap $SUITE into $tmp (log $log)" >&2
	if ! debootstrap --variant=minbase --arch=amd64 --keyring="$keyring" \
		--include="$pkgs" "$SUITE" "$tmp" "$mirror" >"$log" 2>&1; then
		tail -n 5 "$log" >&2
		rm -rf --one-file-system "$tmp"
		die "debootstrap $SUITE from $mirror failed (log $log)"
	fi
	rm -f "$tmp/etc/apt/sources.list"
	sources >"$tmp/etc/apt/sources.list.d/debian.sources"
	sid_sources >"$tmp/etc/apt/sid.list"
	mkdir -p "$tmp/var/lib/apt/lists-sid/partial"
	apt-config dump 2>/dev/null | grep -E '^Acquire::(http|https|ftp)::Proxy ' \
		>"$tmp/etc/apt/apt.conf.d/01proxy" || rm -f "$tmp/etc/apt/apt.conf.d/01proxy"
	printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
	chmod 755 "$tmp/usr/sbin/policy-rc.d"
	if ! with_mounts "$tmp" update_upgrade >>"$log" 2>&1; then
		rm -rf --one-file-system "$tmp"
		die "apt-get update/upgrade in the new chroot failed (log $log)"
	fi
	echo "$FORMAT $SUITE $pkgs" >"$tmp/.e1000e-quirks-chroot"
	mv -T "$tmp" "$root" || die "cannot rename $tmp to $root"
	rm -f "$log"
	echo "trixie-chroot: built $root in $((SECONDS - t0)) s" >&2
}

update_upgrade() {
	local r=$1
	cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	in_root "$r" apt-get -q -o Dpkg::Use-Pty=0 update &&
	in_root "$r" apt-get -q "${sid_apt[@]}" update &&
	in_root "$r" apt-get -q -y -o Dpkg::Use-Pty=0 --no-install-recommends upgrade &&
	date -u +%FT%TZ >"$r/.e1000e-quirks-updated"
}

install_headers() {
	local r=$1
	shift
	cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	in_root "$r" apt-get -q -y -o Dpkg::Use-Pty=0 --no-install-recommends install \
		"${@/#/linux-headers-}"
}

# ensure: the chroot exists, its lists are fresh.
ensure() {
	[ -e "$root/.e1000e-quirks-chroot" ] && fresh && return 0
	lock
	[ -e "$root/.e1000e-quirks-chroot" ] || make_root
	fresh && return 0
	echo "trixie-chroot: apt-get update in $root (lists older than $max_age_h h)" >&2
	with_mounts "$root" update_upgrade >"$cache/update.log" 2>&1 ||
		die "apt-get update in $root failed (log $cache/update.log)"
}
fresh() {
	local s=$root/.e1000e-quirks-updated
	[ -e "$s" ] && [ $(( $(date +%s) - $(stat -c %Y "$s") )) -lt $((max_age_h * 3600)) ]
}

has() { [ -e "$root/lib/modules/$1/build/Makefile" ]; }

case ${1:-root} in
__mounted)
	# (internal) $2 = ROOT, $3... = function and arguments
	r=$2 fn=$3
	shift 3
	mount -t proc proc "$r/proc"
	mount --bind /dev "$r/dev"
	"$fn" "$r" "$@"
	;;
root)
	ensure
	echo "$root"
	;;
has)
	[ $# -eq 2 ] || die "usage: $0 has KREL"
	has "$2"
	;;
headers)
	shift
	ensure
	need=()
	for k in "$@"; do has "$k" || need+=("$k"); done
	[ ${#need[@]} -eq 0 ] && exit 0
	lock
	echo "trixie-chroot: installing linux-headers-{${need[*]}} (log $cache/headers.log)" >&2
	with_mounts "$root" install_headers "${need[@]}" >"$cache/headers.log" 2>&1 ||
		die "apt-get install linux-headers-{${need[*]}} in the chroot failed (log $cache/headers.log)"
	for k in "${need[@]}"; do
		has "$k" || die "linux-headers-$k installed but no /lib/modules/$k/build/Makefile"
	done
	;;
apt-cache)
	shift
	[ -e "$root/.e1000e-quirks-chroot" ] || ensure
	sid=()
	[ "${1:-}" = --sid ] && { sid=("${sid_apt[@]}"); shift; }
	in_root "$root" apt-cache "${sid[@]}" "$@"
	;;
run)
	shift
	if [ -z "${E1000E_QUIRKS_TRIXIE_NS:-}" ]; then
		[ -e "$root/.e1000e-quirks-chroot" ] || ensure
		E1000E_QUIRKS_TRIXIE_NS=1 exec unshare --mount --propagation private \
			"$self" run "$@"
	fi
	binds=()
	while [ "${1:-}" = -b ]; do
		[ -d "${2:-}" ] || die "run -b: '${2:-}' is not a folder"
		binds+=("$(realpath "$2")")
		shift 2
	done
	[ $# -gt 0 ] || die "usage: $0 run [-b DIR]... CMD..."
	# Leftovers of runs that were killed (their mounts died with them).
	for d in "$cache"/.run.*; do
		[ -d "$d" ] && ! kill -0 "${d##*.}" 2>/dev/null &&
			rm -rf --one-file-system "$d"
	done
	ov=$cache/.run.$$
	mkdir -p "$ov/upper" "$ov/work" "$ov/root"
	# shellcheck disable=SC2317 # runs from the trap
	cleanup() {
		umount -R "$ov/root" 2>/dev/null || umount -R -l "$ov/root" 2>/dev/null
		if ! grep -qF " $ov/" /proc/self/mountinfo; then
			rm -rf --one-file-system "$ov"
		fi
	}
	trap cleanup EXIT
	r=$ov/root
	mount -t overlay overlay -o "lowerdir=$root,upperdir=$ov/upper,workdir=$ov/work" "$r" ||
		die "cannot mount an overlay of $root"
	mount -t proc proc "$r/proc"
	mount --bind /dev "$r/dev"
	mount -t tmpfs tmpfs "$r/tmp"
	cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	for b in "${binds[@]}"; do
		mkdir -p "$r$b"
		mount --bind "$b" "$r$b"
	done
	rc=0
	# shellcheck disable=SC2016 # expanded by the inner sh
	in_root "$r" sh -c 'cd "$1" 2>/dev/null || cd /; shift; exec "$@"' sh "$PWD" "$@" || rc=$?
	exit "$rc"
	;;
sid-sparse)
	# sid's sparse, unpacked (never installed) into the cache once per
	# version: Debian 13's 0.6.4 cannot parse the __typeof_unqual__ that
	# 7.x headers use under sparse; sid's 0.6.5~rc1 can.
	[ -e "$root/.e1000e-quirks-chroot" ] || ensure
	v=$(in_root "$root" apt-cache "${sid_apt[@]}" show sparse 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n 1)
	[ -n "$v" ] || die "sid's lists have no sparse"
	d=$cache/sid-sparse/$(tr -c 'A-Za-z0-9.+~\n-' _ <<<"$v")
	if [ ! -x "$d/usr/bin/sparse" ]; then
		mkdir -p "$cache/sid-sparse"
		tmp=$(mktemp -d "$cache/sid-sparse/.tmp.XXXXXX")
		# shellcheck disable=SC2016 # expanded by the inner sh
		if ! { "$self" run -b "$tmp" sh -c 'cd "$1" && shift && apt-get -q "$@" download sparse' \
			sh "$tmp" "${sid_apt[@]}" >"$cache/sid-sparse.log" 2>&1 &&
		       dpkg-deb -x "$tmp"/sparse_*.deb "$tmp/x"; }; then
			rm -rf "$tmp"
			die "cannot fetch sid's sparse $v (log $cache/sid-sparse.log)"
		fi
		rm -rf "$d"
		mv "$tmp/x" "$d"
		rm -rf "$tmp"
	fi
	echo "$d"
	;;
*)
	die "usage: $0 [root|headers KREL...|has KREL|run [-b DIR]... CMD...|apt-cache ARGS...|sid-sparse]"
	;;
esac
