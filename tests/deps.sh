#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install every Debian package the tests need (idempotent; quick
# when all is there), the headers of every kernel in the test matrix
# (tests/kernels.sh) and their images (cached by tests/fetch-kernel.sh
# outside the repo), and the Debian 13 chroot (tests/trixie-chroot.sh) with
# the Debian 13 kernels' headers: Debian 12 kernels' headers go to the host,
# Debian 13 ones (gcc 14) to the chroot.
# deps.sh debug: only what tests/debug-kernel.sh needs (the toolchain and
# linux-source-6.12), so that check.sh can build the debug kernels while
# the rest is installed (a bare machine spends minutes in apt).
# Needs root on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# What tests/debug-kernel.sh needs (deps.sh debug), also part of the whole.
debug_pkgs=(make gcc libc6-dev perl kmod xz-utils flex bison bc libelf-dev libssl-dev)

pkgs=(
	# build, and the debug kernels (tests/debug-kernel.sh)
	"${debug_pkgs[@]}" dkms sparse
	# unit tests and fuzzing
	libcmocka-dev clang libclang-rt-14-dev
	# VM tests
	qemu-system-x86 busybox-static ethtool iproute2 cpio gzip
	zstd python3 trace-cmd linux-perf
	# make bench's host part (tests/bench/offload-cost.sh)
	iperf3
	# the Debian 13 chroot, the package checks, the boot tests
	# (check-boot.sh: images, disk images, lsinitramfs); the package's
	# build (build-deb.sh) and its checks (check-deb.sh) here too: those
	# run side by side, and apt takes one at a time
	debootstrap debian-archive-keyring e2fsprogs initramfs-tools
	dpkg-dev debhelper dh-dkms lintian shellcheck groff-base
	# the fleet tooling (tests/fleet/run.sh): promtool, Ansible, lspci
	# for `e1000e-quirks report`; node_exporter to read our textfile
	prometheus ansible ansible-lint pciutils prometheus-node-exporter
)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

apt_updated=
apt_install() {
	if [ -z "$apt_updated" ]; then
		as_root apt-get update -q >&2
		apt_updated=1
	fi
	echo "deps: installing $*" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$@" >&2
}

# apt-cache knows nothing on a machine that never ran apt-get update.
if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
	as_root apt-get update -q >&2
	apt_updated=1
fi

if [ "${1:-}" = debug ]; then
	todo=$(missing "${debug_pkgs[@]}")
	# shellcheck disable=SC2086 # one package per word
	[ -z "$todo" ] || apt_install $todo
	tests/linux-source.sh >/dev/null
	exit
fi
[ $# -eq 0 ] || { echo "deps: usage: $0 [debug]" >&2; exit 2; }

todo=$(missing "${pkgs[@]}")
# shellcheck disable=SC2086 # one package per word
[ -z "$todo" ] || apt_install $todo

# Fetch the matrix: headers installed, images cached. With stale lists
# the archive may have dropped those versions: refresh once and retry.
fetch_matrix() {
	local k todo
	kernels=$(tests/kernels.sh) || return 1
	todo=$(for k in $kernels; do
		[[ $k == *+deb1[3-9]-* ]] && continue	# the chroot's (fetch-kernel.sh)
		[ -e "/lib/modules/$k/build/Makefile" ] || echo "linux-headers-$k"
	done)
	# shellcheck disable=SC2086 # one package per word
	[ -z "$todo" ] || apt_install $todo || return 1
	for k in $kernels; do
		tests/fetch-kernel.sh "$k" >/dev/null || return 1
	done
}

# The Debian 13 chroot (cached; its apt lists refreshed daily), and sid's
# sparse for the 7.x headers (tests/check.sh build; fetched there if this
# fails).
tests/trixie-chroot.sh root >/dev/null || exit 1
tests/trixie-chroot.sh sid-sparse >/dev/null || true

if ! fetch_matrix; then
	[ -z "$apt_updated" ] || exit 1
	as_root apt-get update -q >&2
	apt_updated=1
	fetch_matrix
fi
echo "deps: ready for" "${kernels//$'\n'/ }" >&2
