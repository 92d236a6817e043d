#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-deb.sh [--suite bookworm|trixie] [--refresh]: build the Debian
# package and check it the way a user gets it (`make check-deb`, as root).
# --suite trixie (`make check-deb13`) does the chroot part (2. and 3.) in
# Debian 13 (trixie, trixie-updates, trixie-security, trixie-backports;
# dkms 3.2) with the Debian 13 kernels of the matrix; the package's own
# checks of 1. run once, in the default Debian 12 run.
#
#  1. scripts/build-deb.sh (check-version.sh included), then on the .deb:
#     lintian, its file list, the conffile, the man pages (groff -ww), and
#     on the packaged command shellcheck, a diff against scripts/ (only
#     the version differs) and tests/cli/run.sh under dash.
#  2. A Debian 12 chroot: debootstrap (minbase) from the mirror the host's
#     apt uses, with bookworm-updates and bookworm-security like the host,
#     then the headers of the matrix's kernels (tests/kernels.sh, or
#     $KERNELS; in Debian 12 the generic ones only, without -rt). Both layers are cached under
#     ${XDG_CACHE_HOME:-~/.cache}/e1000e-quirks/chroot/ (chroot-trixie/ for
#     Debian 13; the headers, and from 7.x the modules, as an
#     overlay on the base, keyed by the kernel list; rebuilt after
#     CHROOT_MAX_AGE_DAYS, default 30, or with --refresh), downloaded .debs in
#     apt-archives/ beside them.
#  3. Each run works on an overlay of the cached chroot (copy-on-write,
#     thrown away afterwards): apt installs the .deb (pulling dkms, whose
#     postinst builds the module), dkms status must say installed for every
#     kernel, the postinst's one line must say why it did not load the
#     module (the running kernel is the host's: no headers for it, or the
#     chroot), `e1000e-quirks status` must exit 2 saying the module is not
#     loaded (nothing can be loaded in a chroot), dkms must refuse a kernel
#     below 6.1 (5.10) with a message naming BUILD_EXCLUSIVE, a reinstall
#     must rebuild for every kernel, remove must keep only the conffile, and
#     purge (with autoremove of dkms) must leave nothing behind.
#
# Prints "PASS deb <what>" or "FAIL deb <what>: <why>" per check and ends with
# "N passed, N failed"; exit status 1 if anything failed. Logs go to
# build/deb/check-deb/. The chroot phase runs in a private mount namespace
# (unshare), so its mounts (proc, sys, dev, the overlay) vanish with it even
# if it is killed; they are also unmounted on exit, and the run's folder is
# removed only once nothing is mounted under it.
#
# Environment: KERNELS, MIRROR and SECURITY_MIRROR (default: the host's),
# CHROOT_MAX_AGE_DAYS, XDG_CACHE_HOME.
# shellcheck disable=SC2016,SC2317 # ${Status} etc. are dpkg/apt formats; cleanup runs from a trap
set -uo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/.." || exit 1
top=$PWD

args=("$@")
refresh=
SUITE=bookworm
while [ $# -gt 0 ]; do
	case $1 in
	--refresh) refresh=1; shift ;;
	--suite) SUITE=${2:-}; shift 2 ;;
	*) echo "usage: $0 [--suite bookworm|trixie] [--refresh]" >&2; exit 2 ;;
	esac
done
case $SUITE in
bookworm) suites="$SUITE $SUITE-updates" ;;
trixie) suites="$SUITE $SUITE-updates $SUITE-backports" ;;
*) echo "check-deb: unknown suite '$SUITE'" >&2; exit 2 ;;
esac

# Mounts private to this process and its children.
if [ -z "${E1000E_QUIRKS_CHECK_DEB_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
   unshare --mount --propagation private true 2>/dev/null; then
	E1000E_QUIRKS_CHECK_DEB_NS=1 exec unshare --mount --propagation private \
		"$self" "${args[@]}"
fi

ARCH=amd64
PKG=e1000e-quirks-dkms
NAME=e1000e-quirks
MOD=e1000e_quirks
cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks
# Debian 12's chroots in chroot/, others' in chroot-SUITE/: each cleans its own.
chroots=$cache/chroot
[ "$SUITE" = bookworm ] || chroots=$cache/chroot-$SUITE
archives=$cache/apt-archives
max_age=${CHROOT_MAX_AGE_DAYS:-30}
logs=$top/build/deb/check-deb
[ "$SUITE" = bookworm ] || logs=$logs-$SUITE
t_start=$SECONDS

passed=0
failed=0
tag=deb
[ "$SUITE" = bookworm ] || tag="deb $SUITE"
skipped=0
pass() { echo "PASS $tag $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $tag $1: ${*:2}"; failed=$((failed + 1)); }
skip() { echo "SKIP $tag $1: ${*:2}"; skipped=$((skipped + 1)); }
note() { echo "# $*"; }
finish() {
	note "check-deb: $((SECONDS - t_start)) s wall, logs in $logs"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit
}

mkdir -p "$logs"
rm -f "$logs"/*.log
# Non-matching globs expand to nothing; the chroot's files are checked with
# globs below.
shopt -s nullglob

if [ "$(id -u)" -ne 0 ]; then
	fail setup "must run as root (debootstrap, chroot, mount): sudo make check-deb"
	finish
fi

# ------------------------------------------------------------ the package

t0=$SECONDS
if deb=$(scripts/build-deb.sh >"$logs/build.log" 2>&1 && tail -n 1 "$logs/build.log") &&
   [ -s "$deb" ]; then
	version=$(dpkg-deb -f "$deb" Version)
	pass "build: $deb ($((SECONDS - t0)) s; changelog = dkms.conf = $version)"
else
	tail -n 20 "$logs/build.log"
	fail build "scripts/build-deb.sh failed (above, $logs/build.log)"
	finish
fi
dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)

apt_host_install() {	# install host tools the checks need
	local p need=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || need+=("$p")
	done
	[ ${#need[@]} -eq 0 ] && return 0
	note "installing ${need[*]}"
	# tests/deps.sh installs them; run alone, wait for another apt
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=600 "${need[@]}" >>"$logs/host-apt.log" 2>&1 ||
	{ apt-get update -q >>"$logs/host-apt.log" 2>&1 &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		-o DPkg::Lock::Timeout=600 \
		--no-install-recommends "${need[@]}" >>"$logs/host-apt.log" 2>&1; }
}
apt_host_install debootstrap lintian shellcheck groff-base python3 busybox-static ||
	fail setup "could not install host tools (see $logs/host-apt.log)"

x=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-deb.XXXXXX")
trap 'rm -rf "$x"' EXIT
dpkg-deb -x "$deb" "$x/root" && dpkg-deb -e "$deb" "$x/control"

# The textfile units, where this debhelper puts units (both suites).
unitdir=lib/systemd/system
[ -d "$x/root/usr/lib/systemd/system" ] && unitdir=usr/lib/systemd/system
units="e1000e-quirks-textfile.service e1000e-quirks-textfile.timer"
cli=$x/root/usr/sbin/e1000e-quirks

# The package's own checks: once per check, in the Debian 12 run (or in a
# Debian 13 run on its own).
package_checks() {

if lintian --fail-on error,warning -I -E --pedantic "${deb%/*}/${NAME}_${version}_"*.changes \
	>"$logs/lintian.log" 2>&1; then
	pass "lintian: no errors or warnings (--pedantic, source and binary)"
else
	grep -E '^[EWIP]:' "$logs/lintian.log" | head -n 20
	fail lintian "findings above ($logs/lintian.log)"
fi

# The file list: the module source (exactly Kbuild, dkms.conf, src/,
# include/, and tools/: check-config's source, built by the command), the command, two man pages, the modprobe.d file, the textfile
# units (where this debhelper puts units), the docs.
src=usr/src/$NAME-$dkms_version
{
	printf '%s\n' "$src/Kbuild" "$src/dkms.conf"
	# what build-deb.sh copies: tracked and untracked, not ignored
	git ls-files --cached --others --exclude-standard src include tools |
		while IFS= read -r f; do [ -e "$f" ] && echo "$src/$f"; done
	printf '%s\n' usr/sbin/e1000e-quirks etc/modprobe.d/e1000e-quirks.conf \
		usr/share/man/man8/e1000e-quirks.8.gz usr/share/man/man4/e1000e_quirks.4.gz \
		usr/share/doc/$PKG/copyright usr/share/doc/$PKG/changelog.gz \
		usr/share/lintian/overrides/$PKG \
		usr/share/initramfs-tools/hooks/$NAME etc/kernel/header_postinst.d/$NAME \
		usr/lib/dracut/dracut.conf.d/50-$NAME.conf \
		usr/share/$NAME/prometheus/$NAME.rules.yml
	for u in $units; do echo "$unitdir/$u"; done
} | sort >"$x/want"
(cd "$x/root" && find . ! -type d | sed 's|^\./||' | sort) >"$x/got"
if diff -u "$x/want" "$x/got" >"$x/files.diff"; then
	pass "contents: /$src/ (Kbuild, dkms.conf, src/, include/, tools/), /usr/sbin/e1000e-quirks, 2 man pages, /etc/modprobe.d/e1000e-quirks.conf, initramfs-tools, header_postinst.d and dracut hooks, the Prometheus rules, /$unitdir/e1000e-quirks-textfile.{service,timer}, docs, lintian overrides"
else
	fail contents "file list differs (- expected, + in the .deb): $(grep '^[-+][^-+]' "$x/files.diff" | tr '\n' ' ')"
fi

conf=$x/root/etc/modprobe.d/e1000e-quirks.conf
if [ "$(sort "$x/control/conffiles" 2>/dev/null | tr '\n' ' ')" != "/etc/kernel/header_postinst.d/$NAME /etc/modprobe.d/e1000e-quirks.conf " ]; then
	fail conffile "conffiles is '$(cat "$x/control/conffiles" 2>/dev/null)'"
elif [ "$(grep -vE '^[[:space:]]*(#|$)' "$conf")" != "softdep e1000e pre: $MOD" ]; then
	fail conffile "active lines in modprobe.d file (want only the softdep): $(grep -vE '^[[:space:]]*(#|$)' "$conf" | head -n 3)"
else
	missing=
	for w in ids= 'nic="pci=' 'nic="mac=' 'nic="name=' 'nic="subsys=' mode=monitor mode=on-hang \
		 tx_ring= eee= pause= enforce= escalate= k1= rx_usecs= 'ids=[0-9a-f]*:[0-9a-f]*:[0-9a-f]*:[0-9a-f]*$'; do
		grep -qF "#options $MOD" "$conf" && grep -q "^#options $MOD.*$w" "$conf" ||
			missing="$missing $w"
	done
	if [ -n "$missing" ]; then
		fail conffile "no commented example for:$missing"
	else
		pass "conffile: /etc/modprobe.d/e1000e-quirks.conf, only the softdep active, examples for ids= (4-part too), nic= pci/mac/subsys/name, monitor, on-hang, escalate, rings, eee, pause, k1, rx_usecs, enforce"
	fi
fi

# README, Prometheus: the rules taken out of the .deb on a Prometheus server
# without installing it are the repository's file.
rules=usr/share/$NAME/prometheus/$NAME.rules.yml
if dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$rules" | cmp -s - contrib/prometheus/$NAME.rules.yml; then
	pass "rules: dpkg-deb --fsys-tarfile | tar -xO ./$rules (the README's command, no install) gives contrib/prometheus/$NAME.rules.yml"
else
	fail rules "dpkg-deb --fsys-tarfile | tar -xO ./$rules differs from contrib/prometheus/$NAME.rules.yml or is missing"
fi

man_ok=1
for m in "$x"/root/usr/share/man/man*/*.gz; do
	if ! zcat "$m" | groff -man -Tutf8 -ww -z >"$x/man.err" 2>&1 ||
	   [ -s "$x/man.err" ]; then
		fail "man ${m##*/}" "groff -man -ww: $(head -n 3 "$x/man.err" | tr '\n' ' ')"
		man_ok=
	fi
done
[ -n "$man_ok" ] && pass "man pages: e1000e-quirks.8, e1000e_quirks.4 without groff -ww warnings"

if shellcheck -s sh "$cli" >"$logs/shellcheck.log" 2>&1; then
	pass "shellcheck: /usr/sbin/e1000e-quirks (POSIX sh)"
else
	fail shellcheck "$(head -n 5 "$logs/shellcheck.log" | tr '\n' ' ')"
fi
# The packaged command is the tree's with the version put in (the unit
# stage runs tests/cli under every shell on the tree's): show that, then
# run the cases once more on it under dash, Debian's /bin/sh.
if diff <(sed "s/^VERSION='@VERSION@'\$/VERSION='$dkms_version'/" scripts/e1000e-quirks) "$cli" \
	>"$logs/cli-diff.log" 2>&1; then
	pass "cli: the packaged command is scripts/e1000e-quirks with VERSION='$dkms_version'"
else
	fail cli "the packaged command differs from scripts/e1000e-quirks beyond its version ($logs/cli-diff.log)"
fi
if SHELLS=dash tests/cli/run.sh "$cli" >"$logs/cli.log" 2>&1; then
	pass "cli: $(tail -n 1 "$logs/cli.log" | sed 's/^cli: //') on the packaged command (fake sysfs; dash)"
else
	grep '^FAIL' "$logs/cli.log" | head -n 10
	fail cli "tests/cli/run.sh on the packaged command failed ($logs/cli.log)"
fi
if [ "$("$cli" --version)" = "e1000e-quirks $dkms_version" ]; then
	pass "cli --version: $dkms_version (substituted at build time)"
else
	fail "cli --version" "'$("$cli" --version)', want 'e1000e-quirks $dkms_version'"
fi
}
# DEB_PACKAGE_CHECKS=elsewhere (tests/check.sh, when the Debian 12 run is
# part of the same check): a Debian 13 run leaves them to that one.
if [ "$SUITE" = bookworm ] || [ "${DEB_PACKAGE_CHECKS:-}" != elsewhere ]; then
	package_checks
else
	note "lintian, contents, conffile, man pages, shellcheck, cli: in the Debian 12 run of this check"
fi

# The textfile units: systemd-analyze verify (the command path pointed at
# the extracted one), and nothing in the maintainer scripts enables or
# starts them.
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$x/units"
	for u in $units; do
		sed "s|/usr/sbin/e1000e-quirks|$cli|" "$x/root/$unitdir/$u" >"$x/units/$u"
	done
	if systemd-analyze verify --man=no "$x"/units/* >"$logs/units.log" 2>&1; then
		pass "units: systemd-analyze verify e1000e-quirks-textfile.{service,timer}"
	else
		fail units "systemd-analyze verify: $(head -n 3 "$logs/units.log" | tr '\n' ' ')"
	fi
else
	skip units "no systemd-analyze on this host (package systemd): e1000e-quirks-textfile.{service,timer} not verified"
fi
# (dh_installsystemd --no-enable: enable only again what the admin had
# enabled before an upgrade, i.e. under "debian-installed"; never start.)
if grep -q "deb-systemd-invoke .*textfile" "$x"/control/postinst 2>/dev/null; then
	fail "units disabled" "postinst starts e1000e-quirks-textfile"
elif ! grep -q "deb-systemd-helper debian-installed 'e1000e-quirks-textfile.timer'" \
	"$x"/control/postinst 2>/dev/null; then
	fail "units disabled" "postinst enables e1000e-quirks-textfile.timer on a first install"
else
	pass "units disabled: postinst neither enables (on a first install) nor starts e1000e-quirks-textfile.{service,timer}"
fi

# ------------------------------------------------------------ the chroot

# Debian 12: the generic kernels of the matrix (6.1 and 6.12), not their
# -rt twins: the newest is the one dkms's common.postinst builds anyway, the
# other only through the package's autoinstall_all_kernels; check-dkms
# builds for every kernel, -rt included.
if [ -z "${KERNELS:-}" ]; then
	KERNELS=$(tests/kernels.sh --suite "$SUITE" 2>>"$logs/kernels.log")
	[ "$SUITE" != bookworm ] || KERNELS=$(grep -v -- '-rt-amd64$' <<<"$KERNELS")
fi
read -r -d '' -a kernels <<<"$KERNELS"
if [ ${#kernels[@]} -eq 0 ]; then
	fail kernels "tests/kernels.sh found no kernels ($logs/kernels.log)"
	finish
fi

# The host's own mirrors (Debian 13 comes from the same archive).
# shellcheck source=tests/apt-mirror.sh
. tests/apt-mirror.sh
if ! eq_mirrors 2>"$logs/mirror.log"; then
	fail mirror "$(cat "$logs/mirror.log")"
	finish
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$chroots/runs" "$archives/partial"
exec 9>"$chroots/lock.$SUITE"
if ! flock -n 9; then
	note "waiting for another check-deb run (lock $chroots/lock.$SUITE)"
	flock 9
fi

# Mounts made by this script, most recent last.
mounts=()
mnt() {	# mnt TARGET MOUNT-ARGS...
	mount "${@:2}" "$1" || return 1
	mounts+=("$1")
}
umount_all() {
	local i m
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=${mounts[$i]}
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			echo "check-deb: cannot unmount $m" >&2
	done
	mounts=()
}
# mounted_under DIR: something is mounted at or below DIR.
mounted_under() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' \
		/proc/self/mountinfo
}
# safe_rm DIR: remove DIR unless something is still mounted below it.
safe_rm() {
	[ -e "$1" ] || return 0
	if mounted_under "$1"; then
		echo "check-deb: not removing $1: still mounted below it" >&2
		return 1
	fi
	rm -rf --one-file-system "$1"
}
cleanup() {
	umount_all
	[ -n "${run:-}" ] && safe_rm "$run"
	[ -n "${building:-}" ] && safe_rm "$building"
	rm -rf "$x"
}
trap cleanup EXIT
trap 'fail interrupted "SIGINT"; exit 130' INT
trap 'fail interrupted "SIGTERM"; exit 143' TERM
trap 'fail interrupted "SIGHUP"; exit 129' HUP

# Leftovers of runs that were killed (their mounts died with them).
for d in "$chroots"/runs/run.*; do
	kill -0 "${d##*.}" 2>/dev/null || safe_rm "$d"
done

# chroot_mounts ROOT: what apt and dkms need inside.
chroot_mounts() {
	mnt "$1/proc" -t proc proc &&
	mnt "$1/sys" -t sysfs sysfs &&
	mnt "$1/dev" --bind /dev &&
	mnt "$1/var/cache/apt/archives" --bind "$archives" &&
	cp -L /etc/resolv.conf "$1/etc/resolv.conf"
}

in_root() {	# in_root ROOT CMD...: run CMD in the chroot, clean environment
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

apt_in() {	# apt_in ROOT ARGS...: apt-get, quiet, no recommends
	in_root "$1" apt-get -q -y -o Dpkg::Use-Pty=0 --no-install-recommends "${@:2}"
}

age_days() {	# age_days STAMP
	echo $(( ($(date +%s) - $(stat -c %Y "$1")) / 86400 ))
}

# The base layer: debootstrap minbase + the release's suites.
base=$chroots/$SUITE-$ARCH-base
make_base() {
	building=$chroots/base.tmp.$$
	safe_rm "$building"
	note "debootstrap $SUITE from $mirror (log: $logs/debootstrap.log)"
	debootstrap --variant=minbase --arch=$ARCH --keyring="$keyring" \
		--cache-dir="$archives" "$SUITE" "$building" "$mirror" \
		>"$logs/debootstrap.log" 2>&1 || return 1
	rm -f "$building/etc/apt/sources.list"
	eq_sources "$suites" "$keyring" >"$building/etc/apt/sources.list.d/debian.sources"
	# The host's apt proxy, if it has one.
	apt-config dump 2>/dev/null | grep -E '^Acquire::(http|https|ftp)::Proxy ' \
		>"$building/etc/apt/apt.conf.d/01proxy" || rm -f "$building/etc/apt/apt.conf.d/01proxy"
	printf '#!/bin/sh\nexit 101\n' >"$building/usr/sbin/policy-rc.d"
	chmod 755 "$building/usr/sbin/policy-rc.d"
	chroot_mounts "$building" || return 1
	{ apt_in "$building" update && apt_in "$building" upgrade; } \
		>"$logs/base-apt.log" 2>&1 || return 1
	umount_all
	date -u +%FT%TZ >"$building/.e1000e-quirks-base"
	safe_rm "$base" || return 1
	mv "$building" "$base" && building=
}

t0=$SECONDS
stale=
[ -e "$base/.e1000e-quirks-base" ] || stale=missing
[ -z "$stale" ] && [ "$(age_days "$base/.e1000e-quirks-base")" -ge "$max_age" ] &&
	stale="older than $max_age days"
[ -n "$refresh" ] && stale=--refresh
if [ -n "$stale" ]; then
	# Header layers are diffs against one base: drop them with it.
	for d in "$chroots"/headers-"$SUITE"-*; do safe_rm "$d"; done
	if make_base; then
		pass "chroot base: debootstrap $SUITE minbase from $mirror + ${suites#"$SUITE "}, $security $SUITE-security ($stale; $((SECONDS - t0)) s)"
	else
		umount_all
		tail -n 15 "$logs/debootstrap.log" "$logs/base-apt.log" 2>/dev/null
		fail "chroot base" "debootstrap or apt failed (logs in $logs)"
		finish
	fi
else
	pass "chroot base: cached $base ($(age_days "$base/.e1000e-quirks-base") days old)"
fi
base_id=$(cat "$base/.e1000e-quirks-base")

# The headers layer: an overlay upper folder over the base. From 7.x the
# headers no longer pull the kernel's modules (linux-modules-KREL), which a
# host has, and dkms 3.2 runs depmod only for a kernel whose modules.dep
# exists: install them too where the archive splits them out.
layer_pkgs=("${kernels[@]/#/linux-headers-}")
for k in "${kernels[@]}"; do
	in_root "$base" apt-cache -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
		show "linux-modules-$k" >/dev/null 2>&1 && layer_pkgs+=("linux-modules-$k")
done
key=$(printf '%s\n' "${layer_pkgs[@]}" | sort | sha1sum | cut -c1-12)
layer=$chroots/headers-$SUITE-$key
make_layer() {
	local m
	building=$chroots/headers.tmp.$$
	safe_rm "$building"
	mkdir -p "$building/upper" "$building/work" "$building/root"
	m=$building/root
	mnt "$m" -t overlay overlay \
		-o "lowerdir=$base,upperdir=$building/upper,workdir=$building/work" &&
	chroot_mounts "$m" || return 1
	{ apt_in "$m" update &&
	  apt_in "$m" install "${layer_pkgs[@]}"; } \
		>"$logs/headers-apt.log" 2>&1 || return 1
	umount_all
	rm -rf "$building/work" "$building/root"
	printf '%s\n' "${kernels[@]}" >"$building/upper/.e1000e-quirks-kernels"
	printf '%s\n' "$base_id" >"$building/base-id"
	safe_rm "$layer" || return 1
	mv "$building" "$layer" && building=
}
t0=$SECONDS
# Layers of other kernel lists not used for CHROOT_MAX_AGE_DAYS go.
for d in "$chroots"/headers-"$SUITE"-*; do
	[ "$d" != "$layer" ] && [ -e "$d/base-id" ] &&
		[ "$(age_days "$d/base-id")" -ge "$max_age" ] && safe_rm "$d"
done
if [ -e "$layer/base-id" ] && [ "$(cat "$layer/base-id")" = "$base_id" ]; then
	how="cached"
	touch "$layer/base-id"
elif make_layer; then
	how="installed in $((SECONDS - t0)) s"
else
	umount_all
	tail -n 15 "$logs/headers-apt.log"
	fail "chroot headers" "apt could not install ${layer_pkgs[*]} ($logs/headers-apt.log)"
	finish
fi
# This run: a throw-away overlay over both layers.
run=$chroots/runs/run.$$
mkdir -p "$run/upper" "$run/work" "$run/root"
root=$run/root
if ! { mnt "$root" -t overlay overlay \
	-o "lowerdir=$layer/upper:$base,upperdir=$run/upper,workdir=$run/work" &&
       chroot_mounts "$root"; }; then
	fail "chroot run" "cannot mount the run's overlay or proc/sys/dev"
	finish
fi
note "chroot ready in $((SECONDS - t_start)) s: $root"
for k in "${kernels[@]}"; do
	if in_root "$root" test -e "/lib/modules/$k/build/Makefile"; then
		pass "headers $k in the chroot ($how)"
	else
		fail "headers $k" "no /lib/modules/$k/build/Makefile in the chroot"
	fi
done

# Every file of the chroot except what apt, dpkg and the kernel churn.
snapshot() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev \
		-o -path ./tmp -o -path ./var/tmp -o -path ./var/cache -o -path ./var/log \
		-o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./run \) -prune \
		-o -print | sed 's|^\.||' | sort)
}
# dkms 3.2 signs with a MOK it generates with openssl, which a Proxmox VE 9
# or Debian 13 host has (priority important) and minbase does not (dkms
# 3.2 only says "openssl not found" and installs the module unsigned).
if [ "$SUITE" != bookworm ]; then
	apt_in "$root" install openssl >"$logs/openssl.log" 2>&1 ||
		fail openssl "apt-get install openssl failed ($logs/openssl.log)"
fi
snapshot >"$run/before"
in_root "$root" dpkg-query -W -f='${Package}\n' | sort >"$run/pkgs.before"

cp "$deb" "$root/tmp/"
t0=$SECONDS
if { apt_in "$root" update && apt_in "$root" install "/tmp/${deb##*/}"; } \
	>"$logs/install.log" 2>&1 &&
   in_root "$root" dpkg-query -W -f='${Status}' $PKG 2>/dev/null |
	grep -q 'install ok installed'; then
	dkms_pkg=$(in_root "$root" dpkg-query -W -f='${Version}' dkms 2>/dev/null)
	pass "install: apt-get install ./${deb##*/} pulled dkms $dkms_pkg and configured ($((SECONDS - t0)) s, dkms builds included)"
else
	tail -n 25 "$logs/install.log"
	# dkms's build logs vanish with the run's overlay: keep them.
	for f in "$root/var/lib/dkms/$NAME/$dkms_version"/*/*/log/make.log \
		 "$root/var/lib/dkms/$NAME/$dkms_version/build/make.log"; do
		cp "$f" "$logs/make-$(echo "${f#"$root/var/lib/dkms/$NAME/$dkms_version/"}" | tr / _)"
		tail -n 15 "$f"
	done
	fail install "apt-get install failed ($logs/install.log)"
	finish
fi

# The postinst loads the module for the running kernel or says in one line
# why not (e1000e-quirks load): here the running kernel is the host's, whose
# headers the chroot lacks (or, with the headers of a matrix kernel the host
# runs, the chroot itself), and nothing may be loaded into the host.
# load_line LOG WHAT: that line, once, in LOG.
load_line() {
	local kr n
	kr=$(uname -r)
	n=$(grep -c "^e1000e-quirks: " "$1")
	if [ "$n" -eq 1 ] &&
	   grep -qx -e "e1000e-quirks: $MOD not loaded: not built for the running kernel $kr: no headers for it (install .*)" \
		-e "e1000e-quirks: $MOD not loaded: running in a chroot; it loads when the system boots" "$1" &&
	   [ ! -d /sys/module/$MOD ]; then
		pass "postinst load $2: one line, '$(grep "^e1000e-quirks: " "$1")'; nothing loaded into the host"
	else
		fail "postinst load $2" "want one 'e1000e-quirks: $MOD not loaded: ...' line naming $kr or the chroot, got $n: $(grep "^e1000e-quirks: " "$1" | tr '\n' ' ')"
	fi
}
load_line "$logs/install.log" "after install"

# check_built WHEN: dkms status, the .ko, its version and depmod, per kernel.
check_built() {
	local k st ko v signer
	for k in "${kernels[@]}"; do
		signer=
		st=$(in_root "$root" dkms status -m $NAME -v "$dkms_version" -k "$k" 2>/dev/null)
		ko=("$root/lib/modules/$k/updates/dkms/$MOD.ko"*)
		if ! grep -q ": installed" <<<"$st"; then
			fail "dkms $k $1" "dkms status: '${st:-nothing}'"
		elif [ ${#ko[@]} -eq 0 ]; then
			fail "dkms $k $1" "no /lib/modules/$k/updates/dkms/$MOD.ko*"
		elif v=$(in_root "$root" modinfo -F version "${ko[0]#"$root"}" 2>&1) &&
		     [ "$v" != "$dkms_version" ]; then
			fail "dkms $k $1" "the built module says version '$v', want $dkms_version"
		elif ! in_root "$root" modprobe -S "$k" --show-depends $MOD 2>/dev/null |
			grep -q "updates/dkms/$MOD.ko"; then
			fail "dkms $k $1" "modprobe -S $k does not find $MOD (depmod not run?)"
		elif [ "$SUITE" != bookworm ] &&
		     { ! signer=$(in_root "$root" modinfo -F signer "${ko[0]#"$root"}" 2>&1) ||
		       [ -z "$signer" ]; }; then
			fail "dkms $k $1" "${ko[0]#"$root"} is not signed (modinfo -F signer: '${signer:-}')"
		else
			pass "dkms $k $1: $(tr -s ' ' <<<"$st" | head -n 1), ${ko[0]#"$root"} version $v${signer:+, signed by '$signer'}, modprobe finds it"
		fi
	done
}
check_built "after install"

n=$(grep -c " $MOD\$" "$root/lib/modules/${kernels[0]}/modules.alias" 2>/dev/null)
if [ "${n:-0}" -gt 0 ]; then
	pass "autoload: modules.alias of ${kernels[0]} maps $n PCI IDs to $MOD (udev loads it at boot)"
else
	fail autoload "no $MOD alias in /lib/modules/${kernels[0]}/modules.alias"
fi

if out=$(in_root "$root" modprobe -c 2>&1) &&
   ! grep -q "^options $MOD" <<<"$out"; then
	pass "modprobe.d: modprobe -c parses /etc/modprobe.d/e1000e-quirks.conf, no option set"
else
	fail modprobe.d "modprobe -c: $(grep "$MOD" <<<"$out" | head -n 3)"
fi

if [ -d /sys/module/$MOD ]; then
	fail "status in chroot" "$MOD is loaded on the host: the chroot sees the host's /sys"
else
	out=$(in_root "$root" e1000e-quirks status 2>&1)
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q "$MOD is not loaded" <<<"$out"; then
		pass "status in chroot: exit 2, '$(head -n 1 <<<"$out")'"
	else
		fail "status in chroot" "exit $rc, output '$(tr '\n' ' ' <<<"$out")'; want 2 and 'not loaded'"
	fi
	out=$(in_root "$root" e1000e-quirks status --json 2>&1)
	rc=$?
	if [ "$rc" -eq 2 ] && python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit(j["module"]["loaded"] is not False)' <<<"$out"; then
		pass "status --json in chroot: exit 2, loaded false"
	else
		fail "status --json in chroot" "exit $rc, '$out'"
	fi
fi

# The textfile units installed, not enabled; the service's command line run
# by hand (with the folder prometheus-node-exporter would create) writes a
# valid file (module not loaded: e1000e_quirks_up 0), which remove deletes.
tf=/var/lib/prometheus/node-exporter
wants=("$root"/etc/systemd/system/*.wants/e1000e-quirks-textfile.*)
if [ ! -e "$root/$unitdir/e1000e-quirks-textfile.timer" ] ||
   [ ! -e "$root/$unitdir/e1000e-quirks-textfile.service" ]; then
	fail "units in chroot" "no /$unitdir/e1000e-quirks-textfile.{service,timer}"
elif [ ${#wants[@]} -gt 0 ]; then
	fail "units in chroot" "enabled: ${wants[*]#"$root"}"
else
	pass "units in chroot: /$unitdir/e1000e-quirks-textfile.{service,timer} installed, not enabled"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$root/$unitdir/e1000e-quirks-textfile.service")
mkdir -p "$root$tf"
# shellcheck disable=SC2086 # the unit's words
in_root "$root" $exec_start >"$logs/textfile.log" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && [ -f "$root$tf/e1000e_quirks.prom" ] &&
   grep -qx 'e1000e_quirks_up 0' "$root$tf/e1000e_quirks.prom" &&
   [ -z "$(find "$root$tf" -name '*.tmp')" ]; then
	pass "textfile service: '$exec_start' exits 2 (allowed by SuccessExitStatus), $tf/e1000e_quirks.prom says e1000e_quirks_up 0"
else
	fail "textfile service" "exit $rc, files: $(find "$root$tf" -mindepth 1 -printf '%f '), $(head -n 3 "$logs/textfile.log" | tr '\n' ' ')"
fi

# A kernel below 6.1 (fake headers: dkms decides from dkms.conf before it
# builds) must be refused, with a message naming BUILD_EXCLUSIVE: the regex
# (every dkms), BUILD_EXCLUSIVE_KERNEL_MIN (dkms 3.1+).
old_k=5.10.0-99-amd64
mkdir -p "$root/lib/modules/$old_k/build"
printf 'all:\n\ttrue\n' >"$root/lib/modules/$old_k/build/Makefile"
out=$(in_root "$root" dkms build -m $NAME -v "$dkms_version" -k "$old_k" 2>&1)
rc=$?
ko=("$root/var/lib/dkms/$NAME/$dkms_version/$old_k"/*/module/"$MOD".ko*)
if [ "$rc" -ne 0 ] && grep -q BUILD_EXCLUSIVE <<<"$out" && [ ${#ko[@]} -eq 0 ]; then
	pass "old kernel: dkms $dkms_pkg refuses $old_k (exit $rc): '$(grep -m1 BUILD_EXCLUSIVE <<<"$out" | sed 's/^ *//')'"
else
	fail "old kernel" "dkms build -k $old_k: exit $rc, '$(tr '\n' ' ' <<<"$out" | cut -c1-300)'"
fi
rm -rf "$root/lib/modules/$old_k" "$root/var/lib/dkms/$NAME/$dkms_version/$old_k"

# An upgrade runs prerm (dkms remove) and postinst again, with the old
# version as $2: dkms's common.postinst alone would then build only for the
# newest kernel.
t0=$SECONDS
if apt_in "$root" install --reinstall "/tmp/${deb##*/}" >"$logs/reinstall.log" 2>&1; then
	pass "reinstall: prerm and postinst again ($((SECONDS - t0)) s)"
	check_built "after reinstall"
	load_line "$logs/reinstall.log" "after reinstall"
else
	tail -n 20 "$logs/reinstall.log"
	fail reinstall "apt-get install --reinstall failed ($logs/reinstall.log)"
fi

if apt_in "$root" remove $PKG >"$logs/remove.log" 2>&1; then
	left=$(cd "$root" && for p in usr/src/"$NAME"-* var/lib/dkms/"$NAME"/* \
		usr/sbin/e1000e-quirks lib/modules/*/updates/dkms/"$MOD".ko*; do
		[ -e "$p" ] && printf '/%s ' "$p"
	done)
	st=$(in_root "$root" dpkg-query -W -f='${Status}' $PKG 2>/dev/null)
	if [ -n "$left" ]; then
		fail remove "left behind: $left"
	elif [ "$st" != "deinstall ok config-files" ] ||
	     [ ! -e "$root/etc/modprobe.d/e1000e-quirks.conf" ]; then
		fail remove "status '$st'; the conffile must stay until purge"
	else
		pass "remove: module unregistered from dkms and deleted for every kernel, source and command gone, conffile kept"
	fi
	if [ -e "$root$tf/e1000e_quirks.prom" ]; then
		fail "remove textfile" "$tf/e1000e_quirks.prom left behind"
	else
		pass "remove textfile: $tf/e1000e_quirks.prom deleted"
	fi
	rm -rf "$root/var/lib/prometheus"	# made above, as node-exporter would
else
	tail -n 20 "$logs/remove.log"
	fail remove "apt-get remove failed ($logs/remove.log)"
fi

if apt_in "$root" purge $PKG >"$logs/purge.log" 2>&1 &&
   apt_in "$root" autoremove --purge >>"$logs/purge.log" 2>&1; then
	pass "purge: apt-get purge $PKG, then autoremove --purge (dkms and its dependencies)"
else
	tail -n 20 "$logs/purge.log"
	fail purge "apt-get purge or autoremove failed ($logs/purge.log)"
fi
purge_check() {	# purge_check WHAT PATH-GLOB...
	local what=$1 left
	shift
	left=$(cd "$root" && for p in "$@"; do [ -e "$p" ] && echo "/$p"; done | tr '\n' ' ')
	if [ -n "$left" ]; then
		fail "purge $what" "left behind: $left"
	else
		pass "purge $what: none left"
	fi
}
# (the globs expand inside the chroot folder)
cd "$root" || finish
purge_check "/usr/src/$NAME-*" usr/src/$NAME-*
purge_check "/var/lib/dkms/$NAME" var/lib/dkms/$NAME
purge_check /usr/sbin/e1000e-quirks usr/sbin/e1000e-quirks
purge_check /etc/modprobe.d/e1000e-quirks.conf etc/modprobe.d/e1000e-quirks.conf
purge_check "$MOD.ko under /lib/modules/*/updates" lib/modules/*/updates/*/$MOD.ko* \
	lib/modules/*/updates/$MOD.ko*
purge_check "man pages" usr/share/man/man8/e1000e-quirks.8.gz usr/share/man/man4/e1000e_quirks.4.gz \
	usr/share/doc/$PKG
purge_check "the Prometheus rules" usr/share/$NAME
cd "$top" || finish
if grep -qs "$MOD" "$root"/lib/modules/*/modules.dep "$root"/lib/modules/*/modules.alias; then
	fail "purge depmod" "$MOD still in modules.dep or modules.alias"
else
	pass "purge depmod: $MOD in no modules.dep or modules.alias"
fi
st=$(in_root "$root" dpkg-query -W -f='${Status}' $PKG 2>/dev/null)
if [ -z "$st" ] || [ "$st" = "unknown ok not-installed" ]; then
	pass "purge dpkg: $PKG unknown to dpkg"
else
	fail "purge dpkg" "dpkg status '$st'"
fi
# Anything else: every file now vs. before the install. Not counted: files
# of packages still installed (dependencies of dkms that autoremove keeps
# because other packages recommend them) and their update-alternatives
# links; depmod's index files (modules.dep etc., checked above: a kernel
# without its image had none before dkms ran depmod); the empty module
# folders dkms creates (updates/, updates/dkms/).
snapshot >"$run/after"
in_root "$root" dpkg-query -W -f='${Package}\n' | sort >"$run/pkgs.after"
comm -13 "$run/before" "$run/after" >"$run/added"
# Debian 12 and 13 are merged-/usr: dpkg lists /bin/x where the tree has /usr/bin/x.
usrmerge() {
	sed -E 's#^/(bin|sbin|lib|lib32|lib64|libx32)(/|$)#/usr/\1\2#'
}
cat "$root"/var/lib/dpkg/info/*.list | usrmerge | sort -u >"$run/owned"
# Each added path, with what decides whether a package owns it: itself, or
# for update-alternatives links the file the alternative points to.
while IFS= read -r f; do
	t=$f
	if [ -L "$root$f" ]; then
		case $f in
		/etc/alternatives/*) t=$(readlink "$root$f") ;;
		*) l=$(readlink "$root$f")
		   case $l in /etc/alternatives/*) t=$(readlink "$root$l") ;; esac ;;
		esac
	fi
	printf '%s\t%s\n' "$f" "$(usrmerge <<<"$t")"
done <"$run/added" >"$run/added.targets"
extra=$(awk -F'\t' 'NR == FNR { owned[$0] = 1; next } !($2 in owned) { print $1 }' \
		"$run/owned" "$run/added.targets" |
	while IFS= read -r f; do
		[[ $f == /usr/lib/modules/*/modules.* ]] && continue
		# dkms's machine owner key (made at the first signed build): kept
		# on purge on purpose, as it may be enrolled in the firmware.
		[[ $f == /var/lib/dkms || $f == /var/lib/dkms/mok.key ||
		   $f == /var/lib/dkms/mok.pub ]] && continue
		[ -d "$root$f" ] && [ -z "$(ls -A "$root$f")" ] &&
			[[ $f == /usr/lib/modules/*/updates* ]] && continue
		echo "$f"
	done)
cp "$run/added" "$logs/purge-added.log"
kept=$(comm -13 "$run/pkgs.before" "$run/pkgs.after" | paste -sd " " -)
if [ -z "$extra" ]; then
	pass "purge snapshot: no file the install added is left (whole chroot compared; the $(wc -l <"$run/added") paths that are new are depmod indices, dkms's MOK key pair or files of dkms's dependencies apt keeps: ${kept:-none})"
else
	printf '%s\n' "$extra" >"$logs/purge-left.log"
	fail "purge snapshot" "added and left behind ($(wc -l <<<"$extra") paths, $logs/purge-left.log): $(head -n 10 <<<"$extra" | tr '\n' ' ')"
fi

umount_all
if mounted_under "$run"; then
	fail "cleanup" "still mounted under $run: $(awk -v d="$run" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | tr '\n' ' ')"
else
	pass "cleanup: proc, sys, dev, apt archives and the overlay unmounted"
fi
finish
