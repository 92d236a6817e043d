#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh install|dkms|uninstall|tools|headers-meta
#
#   install    dkms + headers for the running kernel if missing, and the
#              package that brings the headers of every future kernel
#              (proxmox-default-headers, linux-headers-<flavour>); register
#              the source with DKMS, build, install and load the module
#              (never reloaded if loaded; RELOAD=1 reloads it); the tools
#              under /usr/local
#   dkms       the same without loading
#   uninstall  unload, remove every version from DKMS and /usr/src, and the
#              tools
#   tools      only the tools: the e1000e-quirks command (its version set as
#              the package does, scripts/set-version.sh), its man pages and
#              the textfile service and timer for node_exporter (disabled)
#   headers-meta  print the headers package for future kernels of
#              KERNELRELEASE (default: the running kernel)
#
# Run as root (sudo make install). With DESTDIR, `tools` installs under
# $DESTDIR (no root needed: the tests use that).
set -euo pipefail
cd "$(dirname "$0")/.."

name=e1000e-quirks
module=e1000e_quirks
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
krel=${KERNELRELEASE:-$(uname -r)}
action=${1:-install}

die() { echo "install: $*" >&2; exit 1; }

destdir=${DESTDIR:-}
case $action in
headers-meta) ;;
tools) [ -n "$destdir" ] || [ "$(id -u)" -eq 0 ] || die "run as root: sudo make install" ;;
*) [ "$(id -u)" -eq 0 ] || die "run as root: sudo make $action" ;;
esac

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

# headers_meta KERNELRELEASE: the package that brings the headers of every
# future kernel like it (as in scripts/e1000e-quirks): Proxmox VE's, or the
# Debian flavour's (6.1.0-26-amd64, 6.12.48+deb13-rt-amd64: after the ABI).
headers_meta() {
	case $1 in
	*-pve) echo proxmox-default-headers ;;
	*) echo "linux-headers-$(printf '%s\n' "$1" |
		sed 's/^[0-9.]*\(+[a-z0-9.~]*\)\{0,1\}\(-[0-9][0-9]*\)\{0,1\}-//')" ;;
	esac
}

# Without the headers of the next kernel DKMS cannot build the module for
# it, and the host boots that kernel unprotected: install the package that
# follows kernel upgrades, or stop if apt cannot.
ensure_future_headers() {
	local meta
	meta=$(headers_meta "$krel")
	dpkg-query -W -f='${Status}\n' "$meta" 2>/dev/null |
		grep -q '^install ok installed$' && return 0
	command -v apt-get >/dev/null ||
		die "$meta is not installed and there is no apt-get to install it." \
		    "Install $meta (the headers of every future kernel), or DKMS" \
		    "cannot build $module for the next kernel and the host boots it unprotected."
	if apt-cache show "$meta" >/dev/null 2>&1 ||
	   { apt-get update -q >/dev/null && apt-cache show "$meta" >/dev/null 2>&1; }; then
		echo "install: installing $meta (headers of every future kernel: DKMS builds $module for each)"
		apt_install "$meta"
	else
		echo "install: warning: no package $meta in apt; after each kernel upgrade" \
		     "install the new kernel's headers yourself, or it boots unprotected" >&2
	fi
}

do_dkms() {
	command -v dkms >/dev/null || apt_install dkms
	ensure_headers
	ensure_future_headers
	# Re-registering the same version replaces the source in /usr/src.
	if dkms status -m "$name" -v "$version" 2>/dev/null | grep -q .; then
		dkms remove -m "$name" -v "$version" --all
	fi
	rm -rf "/usr/src/$name-$version"
	mkdir -p "/usr/src/$name-$version"
	cp -r Kbuild dkms.conf src include tools "/usr/src/$name-$version/"
	dkms add -m "$name" -v "$version"
	dkms build -m "$name" -v "$version" -k "$krel"
	dkms install -m "$name" -v "$version" -k "$krel" --force
}

# The command, the man pages and the textfile units (the Debian package puts
# them under /usr). The units are installed disabled, as in the package.
prefix=/usr/local
unitdir=$prefix/lib/systemd/system
units="e1000e-quirks-textfile.service e1000e-quirks-textfile.timer"
prom=/var/lib/prometheus/node-exporter/e1000e_quirks.prom
systemd_running() { [ -z "$destdir" ] && [ -d /run/systemd/system ]; }
do_tools() {
	local d=$destdir u
	install -D -m 755 scripts/e1000e-quirks "$d$prefix/sbin/e1000e-quirks"
	scripts/set-version.sh "$d$prefix/sbin/e1000e-quirks"
	install -D -m 644 man/e1000e-quirks.8 "$d$prefix/share/man/man8/e1000e-quirks.8"
	install -D -m 644 man/e1000e_quirks.4 "$d$prefix/share/man/man4/e1000e_quirks.4"
	for u in $units; do
		install -D -m 644 "debian/e1000e-quirks-dkms.$u" "$d$unitdir/$u"
		sed -i "s|/usr/sbin/e1000e-quirks|$prefix/sbin/e1000e-quirks|g" "$d$unitdir/$u"
	done
	if systemd_running; then
		systemctl daemon-reload
	fi
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

# Load the module for the running kernel, or say in one line why not
# (`e1000e-quirks load`, as the package's postinst). A loaded module is not
# reloaded: unloading restores the offloads before the new one turns them
# off again; RELOAD=1 (sudo make install RELOAD=1) does it anyway.
do_load() {
	[ "$krel" = "$(uname -r)" ] || {
		echo "install: built for $krel; not loading (running $(uname -r))"
		return 0
	}
	if [ -n "${RELOAD:-}" ] && [ -d "/sys/module/$module" ]; then
		echo "install: RELOAD=1: reloading $module (the offloads are on until it has applied its plan again)"
		modprobe -r "$module" || die "modprobe -r $module failed"
	fi
	"$prefix/sbin/e1000e-quirks" load || true
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
	if systemd_running; then
		systemctl disable --now e1000e-quirks-textfile.timer 2>/dev/null || true
	fi
	for u in $units; do rm -f "$unitdir/$u"; done
	systemd_running && systemctl daemon-reload
	rm -f "$prefix/sbin/e1000e-quirks" "$prefix/share/man/man8/e1000e-quirks.8" \
		"$prefix/share/man/man4/e1000e_quirks.4" "$prom"
	rm -rf /var/lib/e1000e-quirks	# the textfile service's StateDirectory
	do_unboot
	echo "install: $name removed"
}

case $action in
install) do_dkms; do_tools; do_boot; do_load ;;
dkms) do_dkms; do_tools; do_boot ;;
uninstall) do_uninstall ;;
tools) do_tools ;;
headers-meta) headers_meta "$krel" ;;
*) die "usage: $0 install|dkms|uninstall|tools|headers-meta" ;;
esac
