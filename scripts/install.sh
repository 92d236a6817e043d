#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh install|dkms|uninstall
#
#   install    dkms + headers for the running kernel if missing, register the
#              source with DKMS, build, install and load the module; the
#              e1000e-quirks command and man pages under /usr/local
#   dkms       the same without loading
#   uninstall  unload, remove every version from DKMS and /usr/src
#
# Run as root (sudo make install).
set -euo pipefail
cd "$(dirname "$0")/.."

name=e1000e-quirks
module=e1000e_quirks
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
krel=${KERNELRELEASE:-$(uname -r)}
action=${1:-install}

die() { echo "install: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root: sudo make $action"

apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" ||
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q "$@"; }
}

# The running kernel's headers: Debian names them linux-headers-*, Proxmox
# VE proxmox-headers-* (VE 8.1+) or pve-headers-* (older).
ensure_headers() {
	local p
	[ -e "/lib/modules/$krel/build/Makefile" ] && return 0
	for p in "linux-headers-$krel" "proxmox-headers-$krel" \
		 "pve-headers-$krel"; do
		if apt-cache show "$p" >/dev/null 2>&1 ||
		   { apt-get update -q >/dev/null && apt-cache show "$p" \
			>/dev/null 2>&1; }; then
			echo "install: installing $p"
			apt_install "$p"
			return 0
		fi
	done
	die "no headers for kernel $krel in apt (tried linux-headers-$krel," \
	    "proxmox-headers-$krel, pve-headers-$krel); install them and retry"
}

do_dkms() {
	command -v dkms >/dev/null || apt_install dkms
	ensure_headers
	# Re-registering the same version replaces the source in /usr/src.
	if dkms status -m "$name" -v "$version" 2>/dev/null | grep -q .; then
		dkms remove -m "$name" -v "$version" --all
	fi
	rm -rf "/usr/src/$name-$version"
	mkdir -p "/usr/src/$name-$version"
	cp -r Kbuild dkms.conf src include "/usr/src/$name-$version/"
	dkms add -m "$name" -v "$version"
	dkms build -m "$name" -v "$version" -k "$krel"
	dkms install -m "$name" -v "$version" -k "$krel" --force
}

# The command and the man pages (the Debian package puts them under /usr).
prefix=/usr/local
do_tools() {
	install -D -m 755 scripts/e1000e-quirks "$prefix/sbin/e1000e-quirks"
	install -D -m 644 man/e1000e-quirks.8 "$prefix/share/man/man8/e1000e-quirks.8"
	install -D -m 644 man/e1000e_quirks.4 "$prefix/share/man/man4/e1000e_quirks.4"
}

# The boot path: the modprobe.d file with the softdep that loads the module
# before e1000e (kept if it exists, the softdep added if missing), the
# initramfs-tools hook, the kernel header hook, the dracut snippet; then
# every initramfs is rebuilt for the kernels the module is installed for
# (do_boot) or that still carry it (do_unboot).
conf=/etc/modprobe.d/$name.conf
softdep="softdep e1000e pre: $module"
boot_files="initramfs/initramfs-tools-hook:/usr/share/initramfs-tools/hooks/$name
initramfs/kernel-header-hook:/etc/kernel/header_postinst.d/$name
initramfs/dracut.conf:/usr/lib/dracut/dracut.conf.d/50-$name.conf"
rebuild_initramfs() {	# rebuild_initramfs with|without
	local initrd k
	command -v update-initramfs >/dev/null || return 0
	for initrd in /boot/initrd.img-*; do
		[ -e "$initrd" ] || continue
		k=${initrd#/boot/initrd.img-}
		if [ "$1" = with ]; then
			modinfo -k "$k" -F filename "$module" >/dev/null 2>&1 || continue
		else
			lsinitramfs "$initrd" 2>/dev/null | grep -q "/$module\.ko" || continue
		fi
		update-initramfs -u -k "$k" || echo "install: update-initramfs -k $k failed" >&2
	done
}
do_boot() {
	local f
	if [ ! -e "$conf" ]; then
		install -D -m 644 "debian/$name-dkms.$name.modprobe" "$conf"
	elif ! grep -qx "$softdep" "$conf"; then
		printf '\n%s\n' "$softdep" >>"$conf"
	fi
	for f in $boot_files; do
		case $f in
		*.conf) install -D -m 644 "${f%%:*}" "${f#*:}" ;;
		*) install -D -m 755 "${f%%:*}" "${f#*:}" ;;
		esac
	done
	rebuild_initramfs with
}
do_unboot() {
	local f
	for f in $boot_files; do rm -f "${f#*:}"; done
	if cmp -s "debian/$name-dkms.$name.modprobe" "$conf"; then
		rm -f "$conf"
	elif [ -e "$conf" ]; then
		sed -i "/^$softdep\$/d" "$conf"
	fi
	rebuild_initramfs without
}

do_load() {
	[ "$krel" = "$(uname -r)" ] || {
		echo "install: built for $krel; not loading (running $(uname -r))"
		return 0
	}
	modprobe -r "$module" 2>/dev/null || true
	modprobe "$module"
	echo "install: $module $(cat /sys/module/$module/version) loaded"
	"$prefix/sbin/e1000e-quirks" status || true
}

do_uninstall() {
	modprobe -r "$module" 2>/dev/null || true
	local v
	for v in $(dkms status -m "$name" 2>/dev/null |
		   sed -n "s|^$name/\([^,:]*\).*|\1|p" | sort -u); do
		dkms remove -m "$name" -v "$v" --all || true
		rm -rf "/usr/src/$name-$v"
	done
	rm -f "$prefix/sbin/e1000e-quirks" "$prefix/share/man/man8/e1000e-quirks.8" \
		"$prefix/share/man/man4/e1000e_quirks.4"
	do_unboot
	echo "install: $name removed"
}

case $action in
install) do_dkms; do_tools; do_boot; do_load ;;
dkms) do_dkms; do_tools; do_boot ;;
uninstall) do_uninstall ;;
*) die "usage: $0 install|dkms|uninstall" ;;
esac
