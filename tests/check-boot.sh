#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-boot.sh [--refresh] [d12|d13 ...]: boot real Debian 12 and Debian 13
# systems with the package installed (`make check-boot`, as root).
#
#  1. Images, built with debootstrap and cached under
#     ${XDG_CACHE_HOME:-~/.cache}/e1000e-quirks/boot/, in layers:
#       base    debootstrap + systemd, udev, initramfs-tools, ifupdown2,
#               iproute2, ethtool, gcc, make, dkms, python3 (key: the
#               package list and this script's BASE_REV)
#       kernel  + linux-image and linux-headers of one kernel: d12 the
#               matrix's 6.12 (tests/kernels.sh), d13 the newest of
#               trixie/trixie-backports (apt-cache in the image)
#       pkg     + `apt install ./e1000e-quirks-dkms_*.deb` (DKMS builds in
#               the image, the postinst rebuilds the initramfs), the test's
#               files (tests/boot/guest: /etc/network/interfaces as Proxmox
#               VE writes it, vmbr0 with a post-up transfer, the check
#               unit) and `options e1000e_quirks ids=8086:10d3` (QEMU's
#               82574L is not in the table) in a local modprobe.d file; d13
#               then installs Debian's prometheus-node-exporter and runs
#               `systemctl enable --now e1000e-quirks-textfile.timer` (the
#               README's steps), then installs a second kernel (the newest of the oldest
#               series, 6.12+deb13) through apt, whose hooks run DKMS and
#               initramfs-tools; and d13 makes a second image after
#               `apt purge e1000e-quirks-dkms`. Key: PKG_REV + kernel key + the .deb's
#               sha256 + tests/boot's files. Only disk images (mke2fs -d, no
#               loop mount), kernels and initrds are kept for this layer.
#  2. Boots under QEMU (TCG, q35, two e1000e NICs on one hub, disk
#     snapshot=on), each distro's one after the other as soon as its images
#     are ready (so two VMs at most), each with eqtest=<mode> on the command
#     line; tests/boot/guest/eq-boot-check runs at the end of the boot and
#     reports on ttyS1:
#       d12 initramfs  ip=... on the command line: the initramfs opens the
#                      NIC; the initrd lists the module, which is loaded by
#                      the boot before e1000e (the softdep) and applies
#                      before the first Link is Up; state applied, 0 TSO
#                      segments after the post-up transfer, status exits 0
#       d12 baseline   the same with module_blacklist=e1000e_quirks
#       d12 badopt     e1000e_quirks.features=tso,bogus: boot and network
#                      unharmed, module refused, the log names the token
#       d13 main       the plain boot, the same checks as d12 initramfs;
#                      and node_exporter's /metrics carries our textfile's
#                      series (tests/boot/guest/eq-textfile-check)
#       d13 upgrade    the second kernel: the same
#       d13 upgrade_baseline  the second kernel with module_blacklist=
#                      e1000e_quirks: its own TSO and carrier baseline
#       d13 purge      after apt purge: not loaded, offloads on (the d13
#                      baseline)
#     and the host compares: TSO segments > 0 in each baseline, carrier
#     changes with the module = the baseline's (d12 initramfs/baseline,
#     d13 main/purge, d13 upgrade/upgrade_baseline). Every console log goes
#     through the VM tests' splat judge (tests/vm/vm.py --judge-log).
#
# Prints "PASS boot <distro> <mode> <what>" / "FAIL ...: <why>", "# ..."
# timings, and ends with "N passed, N failed"; exit status 1 if anything
# failed. Logs in build/boot/ (BOOT_LOGS). Environment: MIRROR, BOOT_TIMEOUT (per boot,
# default 1200 s: a cap for a hung guest; a bare run's starved guests took
# more than 600 s to boot, 2026-12-07), XDG_CACHE_HOME.
# shellcheck disable=SC2317 # cleanup and helpers run from traps and loops
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/.." || exit 1
top=$PWD

refresh=
distros=()
for a in "$@"; do
	case $a in
	--refresh) refresh=1 ;;
	d12 | d13) distros+=("$a") ;;
	*) echo "usage: $0 [--refresh] [d12|d13 ...]" >&2; exit 2 ;;
	esac
done
[ ${#distros[@]} -gt 0 ] || distros=(d12 d13)

# Chroot mounts (proc, sys, dev) private to this process and its children.
if [ -z "${E1000E_QUIRKS_CHECK_BOOT_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
   unshare --mount --propagation private true 2>/dev/null; then
	E1000E_QUIRKS_CHECK_BOOT_NS=1 exec unshare --mount --propagation private \
		"$self" "$@"
fi

BASE_REV=1
PKG_REV=3	# bump when pkg_layer changes what goes into the images
PKG=e1000e-quirks-dkms
MOD=e1000e_quirks
# shellcheck source=tests/apt-mirror.sh
. tests/apt-mirror.sh
eq_mirrors 2>/dev/null || { echo "FAIL boot mirror: $(eq_mirrors 2>&1)"; exit 1; }
cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/boot
logs=${BOOT_LOGS:-$top/build/boot}
timeout=${BOOT_TIMEOUT:-1200}
t_start=$SECONDS

passed=0
failed=0
pass() { echo "PASS boot $*"; passed=$((passed + 1)); }
fail() { echo "FAIL boot $1: ${*:2}"; failed=$((failed + 1)); }
note() { echo "# $*"; }
finish() {
	note "boot: $((SECONDS - t_start)) s wall, logs in $logs"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit
}
die() { fail "$1" "${*:2}"; finish; }

mkdir -p "$logs" "$cache"
rm -f "$logs"/*.log "$logs"/*.res "$logs"/*.qemu "$logs"/*.out "$logs"/*.time "$logs"/*.plan
shopt -s nullglob
[ "$(id -u)" -eq 0 ] || die setup "must run as root (debootstrap, chroot): sudo make check-boot"
for c in debootstrap qemu-system-x86_64 mke2fs lsinitramfs sha256sum; do
	command -v "$c" >/dev/null || die setup "$c missing: tests/deps.sh installs it"
done

# ------------------------------------------------------------ chroot helpers

mounted=()
chroot_mount() {
	local r=$1
	mount -t proc proc "$r/proc" && mounted+=("$r/proc")
	mount -t sysfs sys "$r/sys" && mounted+=("$r/sys")
	mount --bind /dev "$r/dev" && mounted+=("$r/dev")
	mount -t devpts devpts "$r/dev/pts" -o newinstance,ptmxmode=0666 2>/dev/null &&
		mounted+=("$r/dev/pts")
	mount -t tmpfs tmpfs "$r/run" && mounted+=("$r/run")
}
chroot_umount() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[i]}" 2>/dev/null || true
	done
	mounted=()
}
cleanup() {
	chroot_umount
	[ -n "${work:-}" ] && rm -rf "$work"
	return 0
}
trap cleanup EXIT

# in_chroot ROOT LOG CMD...: run CMD in ROOT with proc, sys, dev mounted.
in_chroot() {
	local r=$1 log=$2 rc=0
	shift 2
	chroot_mount "$r"
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		chroot "$r" "$@" >>"$log" 2>&1 || rc=$?
	chroot_umount
	return $rc
}

apt_in() {	# apt_in ROOT LOG apt-get-args...
	local r=$1 log=$2
	shift 2
	in_chroot "$r" "$log" apt-get -y -q -o Dpkg::Options::=--force-confold \
		--no-install-recommends "$@"
}

suite_of() { case $1 in d12) echo bookworm ;; d13) echo trixie ;; esac; }

sources_of() {	# the image's own apt sources
	local s
	s=$(suite_of "$1")
	echo "deb $mirror $s main"
	echo "deb $mirror $s-updates main"
	echo "deb $security $s-security main"
	[ "$1" = d13 ] && echo "deb $mirror $s-backports main"
	return 0
}

BASE_PKGS="systemd systemd-sysv udev initramfs-tools ifupdown2 iproute2 ethtool kmod zstd xz-utils gcc make libc6-dev dkms python3 procps"

# ------------------------------------------------------------ layers

# layer_done DIR NAME WHAT T0: DIR.tmp becomes the layer DIR, marked done;
# the older layers of the same NAME (ours only) go.
layer_done() {
	local dir=$1 old
	mv -T "$dir.tmp" "$dir"
	touch "$dir/.done"
	note "${2%%-*}: $3 built in $((SECONDS - $4)) s" >&2
	for old in "$cache/$2-"*; do
		[ "$old" = "$dir" ] || rm -rf "$old"
	done
}

# base DISTRO: prints the path of the cached base tree (built if needed).
base() {
	local d=$1 key dir tmp t0
	key=$(printf '%s\n' "$BASE_REV" "$d" "$BASE_PKGS" "$(sources_of "$d")" |
		sha256sum | cut -c1-12)
	dir=$cache/$d-base-$key
	if [ -n "$refresh" ] || [ ! -e "$dir/.done" ]; then
		t0=$SECONDS
		rm -rf "$dir"
		tmp=$dir.tmp
		rm -rf "$tmp"
		mkdir -p "$tmp" "$cache/debs-$d"
		note "$d: debootstrap $(suite_of "$d") into $dir (log $logs/$d-base.log)" >&2
		debootstrap --variant=minbase --cache-dir="$cache/debs-$d" \
			--include="$(echo "$BASE_PKGS" | tr ' ' ,)" \
			"$(suite_of "$d")" "$tmp/root" "$mirror" >"$logs/$d-base.log" 2>&1 ||
			{ tail -n 5 "$logs/$d-base.log" >&2; return 1; }
		sources_of "$d" >"$tmp/root/etc/apt/sources.list"
		apt_in "$tmp/root" "$logs/$d-base.log" update || return 1
		in_chroot "$tmp/root" "$logs/$d-base.log" apt-get clean
		layer_done "$dir" "$d-base" base "$t0"
	fi
	echo "$dir"
}

# kernels DISTRO BASEDIR: "K1 [K2]": the kernel of the image and, for d13,
# the second kernel of the upgrade check.
kernels() {
	local d=$1 b=$2 all k1 low
	if [ "$d" = d12 ]; then
		tests/kernels.sh | grep -E '^6\.12\..*\+deb12-amd64$' | head -n 1
		return
	fi
	# refresh the image's lists once a day
	if [ -z "$(find "$b/root/var/lib/apt/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
		apt_in "$b/root" "$logs/$d-base.log" update >&2 || true
	fi
	all=$(chroot "$b/root" apt-cache pkgnames linux-headers- |
		sed -n 's/^linux-headers-\([0-9][0-9.]*-*[0-9]*+deb13-amd64\)$/\1/p' |
		while read -r k; do
			chroot "$b/root" apt-cache show "linux-image-$k" >/dev/null 2>&1 && echo "$k"
		done | sort -V)
	k1=$(tail -n 1 <<<"$all")
	[ -n "$k1" ] || return 1
	# the second kernel: the newest of the oldest series (trixie's own 6.12,
	# the other packaging: one linux-image with /boot/vmlinuz)
	low=$(head -n 1 <<<"$all" | cut -d. -f1-2)
	echo "$k1 $(grep "^${low//./\\.}\." <<<"$all" | tail -n 1)"
}

# image_pkg ROOT K [RELEASE]: the image package of K that ROOT's apt can
# install: linux-image-K, or linux-image-K-unsigned when the signed one has
# no candidate (bookworm's 6.12 images are at times only unsigned, until
# linux-signed-amd64 catches up with a security update).
image_pkg() {
	local p c
	for p in "linux-image-$2" "linux-image-$2-unsigned"; do
		c=$(chroot "$1" apt-cache ${3:+-t "$3"} policy "$p" 2>/dev/null |
			sed -n 's/^ *Candidate: *//p')
		[ -n "$c" ] && [ "$c" != "(none)" ] && { echo "$p"; return 0; }
	done
	return 1
}

# kernel DISTRO BASEDIR K: the cached tree with kernel K and its headers.
kernel_layer() {
	local d=$1 b=$2 k=$3 dir tmp t0 backports='' img
	[ "$d" = d13 ] && backports=1
	dir=$cache/$d-kernel-$(printf '%s\n' "${b##*/}" "$k" | sha256sum | cut -c1-12)
	if [ -n "$refresh" ] || [ ! -e "$dir/.done" ] || [ "$b/.done" -nt "$dir/.done" ]; then
		t0=$SECONDS
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		note "$d: kernel $k into $dir (log $logs/$d-kernel.log)" >&2
		cp -a "$b/root" "$dir.tmp/root"
		# trixie-backports is pinned low: ask for it (and linux-base from it)
		img=$(image_pkg "$dir.tmp/root" "$k" ${backports:+"$(suite_of "$d")-backports"}) ||
			{ echo "no linux-image-${k}[-unsigned] with a candidate" >>"$logs/$d-kernel.log"; return 1; }
		apt_in "$dir.tmp/root" "$logs/$d-kernel.log" install \
			${backports:+-t "$(suite_of "$d")-backports"} \
			"$img" "linux-headers-$k" || return 1
		in_chroot "$dir.tmp/root" "$logs/$d-kernel.log" apt-get clean
		echo "$k" >"$dir.tmp/kernel"
		layer_done "$dir" "$d-kernel" "kernel layer" "$t0"
	fi
	echo "$dir"
}

vmlinuz_of() {	# vmlinuz_of ROOT K
	local f
	for f in "$1/boot/vmlinuz-$2" "$1/usr/lib/modules/$2/vmlinuz" "$1/lib/modules/$2/vmlinuz"; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

# disk_image ROOT IMG: an ext4 image of ROOT, made by mke2fs -d.
disk_image() {
	local r=$1 img=$2 mb
	mb=$(du -sm "$r" | cut -f1)
	rm -f "$img"
	mke2fs -q -t ext4 -L root -E root_owner=0:0 -d "$r" "$img" "$((mb * 13 / 10 + 512))M" >/dev/null
}

# pkg_layer DISTRO KERNELDIR K2: disk images with the package installed
# (and, for d13, the second kernel; and the purged image). Prints the dir.
pkg_layer() {
	local d=$1 kd=$2 k2=$3 key dir r k1 f t0 ok=1
	k1=$(cat "$kd/kernel")
	key=$(printf '%s\n' "$PKG_REV" "${kd##*/}" "$k2" "$deb_sha" "$guest_sha" | sha256sum | cut -c1-12)
	dir=$cache/$d-pkg-$key
	if [ -z "$refresh" ] && [ -e "$dir/.done" ] && [ ! "$kd/.done" -nt "$dir/.done" ]; then
		echo "$dir"
		return 0
	fi
	t0=$SECONDS
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	work=$dir.tmp/root
	r=$work
	note "$d: package layer in $dir (log $logs/$d-pkg.log)" >&2
	cp -a "$kd/root" "$r"
	# the test's files, then the package as a user installs it
	install -m 644 tests/boot/guest/interfaces "$r/etc/network/interfaces"
	install -m 755 tests/boot/guest/eq-boot-check tests/boot/guest/eq-boot-transfer \
		tests/boot/guest/eq-textfile-check "$r/usr/local/sbin/"
	install -m 644 tests/boot/guest/eq-boot-check.service "$r/etc/systemd/system/"
	mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
	ln -sf /etc/systemd/system/eq-boot-check.service \
		"$r/etc/systemd/system/multi-user.target.wants/eq-boot-check.service"
	install -D -m 755 tests/boot/guest/eq-initramfs-net \
		"$r/etc/initramfs-tools/scripts/init-premount/eq-initramfs-net"
	echo 'options e1000e_quirks ids=8086:10d3' >"$r/etc/modprobe.d/local-test-ids.conf"
	echo "eq-$d" >"$r/etc/hostname"
	printf '/dev/vda / ext4 defaults 0 1\n' >"$r/etc/fstab"
	in_chroot "$r" "$logs/$d-pkg.log" passwd -d root
	cp "$deb" "$r/tmp/"
	apt_in "$r" "$logs/$d-pkg.log" install "/tmp/${deb##*/}" || ok=
	rm -f "$r/tmp/${deb##*/}"
	# d13: Debian's node_exporter and our textfile timer, as the README's
	# Prometheus section says (eq-textfile-check reads its /metrics)
	if [ "$d" = d13 ] && [ -n "$ok" ]; then
		note "$d: prometheus-node-exporter, e1000e-quirks-textfile.timer enabled" >&2
		apt_in "$r" "$logs/$d-pkg.log" install prometheus-node-exporter &&
			in_chroot "$r" "$logs/$d-pkg.log" systemctl enable e1000e-quirks-textfile.timer ||
			ok=
	fi
	if [ -n "$k2" ] && [ -n "$ok" ]; then
		note "$d: second kernel $k2 (after the package)" >&2
		apt_in "$r" "$logs/$d-pkg.log" install "linux-image-$k2" "linux-headers-$k2" || ok=
	fi
	[ -n "$ok" ] || { tail -n 20 "$logs/$d-pkg.log" >&2; return 1; }
	# facts for the host-side checks
	{
		for k in $k1 $k2; do
			echo "ko $k $(find "$r/lib/modules/$k/" -name "$MOD.ko*" | head -n 1)"
			echo "initrd $k $(lsinitramfs "$r/boot/initrd.img-$k" 2>/dev/null | grep -c "/$MOD\.ko")"
			cp "$(vmlinuz_of "$r" "$k")" "$dir.tmp/vmlinuz-$k"
			cp "$r/boot/initrd.img-$k" "$dir.tmp/initrd.img-$k"
		done
	} >"$dir.tmp/facts"
	# /usr is not newer than /etc and /var: no ldconfig.service and
	# friends (ConditionNeedsUpdate) at every boot of the snapshot
	touch "$r/etc/.updated" "$r/var/.updated"
	disk_image "$r" "$dir.tmp/pkg.img"
	if [ "$d" = d13 ]; then
		note "$d: apt purge $PKG" >&2
		apt_in "$r" "$logs/$d-pkg.log" purge "$PKG" >/dev/null || ok=
		{
			echo "purge-apt ${ok:-failed}"
			for f in "$r"/boot/initrd.img-*; do
				echo "purge-initrd ${f##*/} $(lsinitramfs "$f" 2>/dev/null | grep -c -e "$MOD" -e e1000e-quirks)"
				cp "$f" "$dir.tmp/purge-${f##*/}"
			done
			echo "purge-left $(cd "$r" && ls -d usr/src/e1000e-quirks* var/lib/dkms/e1000e-quirks* \
				etc/modprobe.d/e1000e-quirks* usr/share/initramfs-tools/hooks/e1000e-quirks \
				etc/kernel/header_postinst.d/e1000e-quirks 2>/dev/null | tr '\n' ' ')"
		} >>"$dir.tmp/facts"
		touch "$r/etc/.updated" "$r/var/.updated"
		disk_image "$r" "$dir.tmp/purge.img"
	fi
	rm -rf "$r"
	work=
	layer_done "$dir" "$d-pkg" "package layer" "$t0"
	echo "$dir"
}

# ------------------------------------------------------------ boots

# QEMU's -accel and -cpu as the VM tests have them (TCG single-threaded,
# -cpu max: tests/vm/vm.py, QEMU_ACCEL and QEMU_CPU): one place for both.
mapfile -t qemu_cpu < <(python3 tests/vm/vm.py --qemu-args)

# boot NAME IMG VMLINUZ INITRD APPEND: run one VM (background job).
boot() {
	local name=$1 img=$2 kernel=$3 initrd=$4 append=$5 t0=$SECONDS rc=0
	: >"$logs/$name.res"
	timeout "$timeout" qemu-system-x86_64 -M q35 -m 1024 -smp 2 "${qemu_cpu[@]}" -nographic \
		-no-reboot -nodefaults -monitor none \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 root=/dev/vda rw log_buf_len=4M panic=-1 $append" \
		-drive "file=$img,if=virtio,format=raw,snapshot=on" \
		-serial "file:$logs/$name.log" -serial "file:$logs/$name.res" \
		-netdev hubport,id=n1,hubid=0 \
		-device e1000e,netdev=n1,mac=52:54:00:12:34:01,bus=pcie.0,addr=0x3 \
		-netdev hubport,id=n2,hubid=0 \
		-device e1000e,netdev=n2,mac=52:54:00:12:34:02,bus=pcie.0,addr=0x4 \
		</dev/null >/dev/null 2>>"$logs/$name.qemu" || rc=$?
	echo "# $name: $((SECONDS - t0)) s, qemu exit $rc" >>"$logs/$name.res"
}

# results NAME: turn the guest's lines into ours.
results() {
	local name=$1 l
	local label=${name/-/ }
	if ! grep -q '^@@END' "$logs/$name.res"; then
		fail "$label" "no @@END from the guest (timeout or crash; console: $logs/$name.log)"
	fi
	while IFS= read -r l; do
		l=${l%$'\r'}
		case $l in
		PASS\ *) pass "$label ${l#PASS }" ;;
		FAIL\ *) fail "$label ${l#FAIL }" ;;
		INFO\ *) note "$label: ${l#INFO }" ;;
		\#\ *) note "${l#\# }" ;;
		esac
	done <"$logs/$name.res"
	# The VM tests' own splat judge (tests/vm/vm.py: BUG:, WARNING:, Oops,
	# KFENCE, UBSAN:, soft lockup, hung_task, ...; its known reports noted).
	local splats
	if ! splats=$(python3 tests/vm/vm.py --judge-log "$logs/$name.log"); then
		fail "$label kernel" "$(echo "$splats" | wc -l) report(s), first: $(echo "$splats" | head -n 1 | sed 's/^SPLAT //')"
	fi
}
val() {	# val NAME KEY
	sed -n "s/^VAL $2 \\([^[:space:]]*\\).*/\\1/p" "$logs/$1.res" | head -n 1
}

# ------------------------------------------------------------ main

t0=$SECONDS
# its own output directory: check-deb.sh may be rebuilding build/deb/ now
deb=$(DEB_OUT=$logs/deb scripts/build-deb.sh 2>"$logs/build-deb.log" |
	tail -n 1) && [ -s "$deb" ] ||
	die build "scripts/build-deb.sh failed ($logs/build-deb.log)"
deb_sha=$(sha256sum "$deb" | cut -c1-16)
guest_sha=$(cat tests/boot/guest/* | sha256sum | cut -c1-16)
note "boot: package $deb ($((SECONDS - t0)) s)"

declare -A pkgdir k1of k2of
build_distro() {	# build_distro D: all layers of D (runs in the background)
	local d=$1 b ks k1 k2 kd p
	b=$(base "$d") || { echo "FAIL base"; return 1; }
	ks=$(kernels "$d" "$b") || { echo "FAIL kernels"; return 1; }
	k1=${ks%% *}
	k2=
	[ "$d" = d13 ] && k2=${ks#* }
	kd=$(kernel_layer "$d" "$b" "$k1") || { echo "FAIL kernel $k1"; return 1; }
	p=$(pkg_layer "$d" "$kd" "$k2") || { echo "FAIL package layer"; return 1; }
	echo "OK $p $k1 $k2"
}

# With ip=, the initramfs brings the NIC up (tests/boot/guest/eq-initramfs-net).
ipinit=ip=198.51.100.10::::eq:enp0s3:off
plan_of() {	# plan_of D PKGDIR K1 K2: the boots of D, one per line
	local d=$1 p=$2 k=$3 k2=$4
	if [ "$d" = d12 ]; then
		echo "$d-initramfs|$p/pkg.img|$p/vmlinuz-$k|$p/initrd.img-$k|eqtest=initramfs $ipinit"
		echo "$d-baseline|$p/pkg.img|$p/vmlinuz-$k|$p/initrd.img-$k|eqtest=baseline $ipinit module_blacklist=$MOD"
		echo "$d-badopt|$p/pkg.img|$p/vmlinuz-$k|$p/initrd.img-$k|eqtest=badopt $MOD.features=tso,bogus"
	else
		echo "$d-main|$p/pkg.img|$p/vmlinuz-$k|$p/initrd.img-$k|eqtest=main"
		echo "$d-upgrade|$p/pkg.img|$p/vmlinuz-$k2|$p/initrd.img-$k2|eqtest=upgrade"
		echo "$d-upgrade_baseline|$p/pkg.img|$p/vmlinuz-$k2|$p/initrd.img-$k2|eqtest=baseline module_blacklist=$MOD"
		echo "$d-purge|$p/purge.img|$p/vmlinuz-$k|$p/purge-initrd.img-$k|eqtest=purge"
	fi
}

# run_distro D: its layers, then its boots one after the other. The distros
# run side by side: two VMs at most, and one distro's boots overlap the
# other's image build.
run_distro() {
	local d=$1 t0=$SECONDS r p k1 k2 name img kernel initrd append
	build_distro "$d" >"$logs/$d-layers.out" 2>"$logs/$d-layers.log" || true
	echo "$((SECONDS - t0))" >"$logs/$d-layers.time"
	r=$(grep -E '^OK ' "$logs/$d-layers.out" | tail -n 1) || return 0
	read -r _ p k1 k2 <<<"$r"
	t0=$SECONDS
	plan_of "$d" "$p" "$k1" "$k2" >"$logs/$d.plan"
	while IFS='|' read -r name img kernel initrd append; do
		boot "$name" "$img" "$kernel" "$initrd" "$append"
	done <"$logs/$d.plan"
	echo "$((SECONDS - t0))" >"$logs/$d-boots.time"
}

for d in "${distros[@]}"; do
	run_distro "$d" &
done
wait
for d in "${distros[@]}"; do
	grep '^# ' "$logs/$d-layers.log" || true
	r=$(grep -E '^(OK|FAIL) ' "$logs/$d-layers.out" | tail -n 1) || true
	case $r in
	OK\ *)
		read -r _ p k1 k2 <<<"$r"
		pkgdir[$d]=$p k1of[$d]=$k1 k2of[$d]=$k2
		pass "$d image: $(suite_of "$d"), kernel $k1${k2:+ + $k2}, package installed by apt"
		note "$d: images $(cat "$logs/$d-layers.time") s, $(wc -l <"$logs/$d.plan") boots $(cat "$logs/$d-boots.time" 2>/dev/null) s"
		;;
	*) fail "$d image" "${r:-failed} (see $logs/$d-*.log)" ;;
	esac
done

# Host-side checks on the images' facts.
for d in "${!pkgdir[@]}"; do
	p=${pkgdir[$d]}
	for k in ${k1of[$d]} ${k2of[$d]}; do
		ko=$(sed -n "s/^ko $k //p" "$p/facts")
		n=$(sed -n "s/^initrd $k //p" "$p/facts")
		if [ -n "$ko" ]; then pass "$d dkms built $MOD for $k (${ko##*/root/})"
		else fail "$d dkms" "no $MOD.ko for $k"; fi
		if [ "${n:-0}" -gt 0 ]; then pass "$d initrd.img-$k contains $MOD.ko (lsinitramfs)"
		else fail "$d initrd.img-$k" "no $MOD.ko (lsinitramfs)"; fi
	done
	if [ "$d" = d13 ]; then
		if grep -qx 'purge-apt 1' "$p/facts"; then pass "$d apt purge $PKG"
		else fail "$d apt purge" "failed ($logs/$d-pkg.log)"; fi
		bad=$(awk '$1 == "purge-initrd" && $3 > 0 { print $2 }' "$p/facts" | tr '\n' ' ')
		if [ -z "$bad" ]; then pass "$d after purge: no $MOD in any initramfs ($(grep -c '^purge-initrd' "$p/facts") checked)"
		else fail "$d after purge" "$MOD still in $bad"; fi
		left=$(sed -n 's/^purge-left //p' "$p/facts")
		if [ -z "${left// /}" ]; then pass "$d after purge: nothing left in /usr/src, /var/lib/dkms, /etc/modprobe.d, hooks"
		else fail "$d after purge" "left: $left"; fi
	fi
done

for d in "${!pkgdir[@]}"; do
	while IFS='|' read -r name _; do
		results "$name"
	done <"$logs/$d.plan"
done

# Cross-boot comparisons: the baseline shows TSO, the module adds no bounce.
compare() {	# compare D WITH BASELINE
	local d=$1 w=$2 bl=$3 tw tb cw cb
	[ -e "$logs/$d-$w.res" ] && [ -e "$logs/$d-$bl.res" ] || return 0
	tw=$(val "$d-$w" tso) tb=$(val "$d-$bl" tso)
	cw=$(val "$d-$w" carrier) cb=$(val "$d-$bl" carrier)
	if [ "${tb:-0}" -gt 0 ] 2>/dev/null && [ "$tw" = 0 ]; then
		pass "$d $bl shows TSO (tx_tcp_seg_good $tb), $w none ($tw)"
	else
		fail "$d $bl vs $w" "tx_tcp_seg_good $tb without the module, $tw with it"
	fi
	if [ -n "$cw" ] && [ "$cw" = "$cb" ]; then
		pass "$d carrier changes with the module = $bl's ($cw)"
	else
		fail "$d carrier changes" "$cw with the module, $cb in $bl"
	fi
}
compare d12 initramfs baseline
compare d13 main purge
compare d13 upgrade upgrade_baseline
finish
