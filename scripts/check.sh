#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [all|unit|build|style|dkms|vm|deb]: the project's test run.
#
#   unit   userspace unit tests (cmocka), a bounded libFuzzer run, and the
#          e1000e-quirks command against fake sysfs trees (tests/cli)
#   build  W=1 + sparse (C=2) build against every kernel in the matrix,
#          zero warnings allowed
#   style  checkpatch over src/ and include/
#   dkms   dkms add/build/install into temporary trees, per kernel
#   vm     every scenario in tests/vm/scenarios in a real kernel under QEMU,
#          per kernel
#   deb    the Debian package: built, then installed, checked and purged in a
#          Debian 12 chroot with the matrix kernels' headers (check-deb.sh)
#
# Every check prints one line "PASS <what>" or "FAIL <what>: <why>"; the run
# ends with "N passed, N failed" and fails if anything failed.
# KERNELS="a b" limits the matrix (default: scripts/kernels.sh).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
what=${1:-all}

scripts/deps.sh || { echo "FAIL deps: scripts/deps.sh failed"; echo "0 passed, 1 failed"; exit 1; }
KERNELS=${KERNELS:-$(scripts/kernels.sh)}
export KERNELS

work=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results
: >"$results"

# Run a stage; its PASS/FAIL lines are shown and counted.
stage() {
	"$@" 2>&1 | tee -a "$work/log" | while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in
		"PASS "* | "FAIL "*) printf '%s\n' "$line" >>"$results" ;;
		esac
	done
}

# A copy of the module sources, so builds for several kernels never share
# objects (and 6.13+ kbuild can build in the module folder).
module_copy() {
	local dst=$1
	mkdir -p "$dst"
	cp -r Kbuild dkms.conf src include "$dst/"
}

check_unit() {
	local n
	tests/unit/run.sh
	# One line for the command's many cases; the failures in full.
	tests/cli/run.sh >"$work/cli.log" 2>&1
	n=$(grep -c '^PASS ' "$work/cli.log")
	if grep '^FAIL ' "$work/cli.log"; then
		echo "FAIL cli: $(grep -c '^FAIL ' "$work/cli.log") of the command's cases (above)"
	elif [ "$n" -gt 0 ]; then
		echo "PASS cli ($n cases of tests/cli/run.sh)"
	else
		tail -n 5 "$work/cli.log"
		echo "FAIL cli: tests/cli/run.sh ran no case"
	fi
}

check_build() {
	local k dst out
	for k in $KERNELS; do
		dst=$work/build-$k
		module_copy "$dst"
		out=$dst.log
		if ! make -C "/lib/modules/$k/build" M="$dst" W=1 C=2 \
			modules >"$out" 2>&1; then
			echo "FAIL build $k: kbuild failed; tail of $out:"
			tail -n 20 "$out"
		elif grep -E 'warning:|error:|sparse:' "$out"; then
			echo "FAIL build $k: warnings under W=1 / sparse (above)"
		else
			echo "PASS build $k (W=1, sparse)"
		fi
		# The test-only e1000e stand-in (tests/standin), same bar.
		dst=$work/standin-$k
		mkdir -p "$dst"
		cp tests/standin/Kbuild tests/standin/*.[ch] "$dst/"
		out=$dst.log
		if ! make -C "/lib/modules/$k/build" M="$dst" W=1 C=2 \
			modules >"$out" 2>&1; then
			echo "FAIL build-standin $k: kbuild failed; tail of $out:"
			tail -n 20 "$out"
		elif grep -E 'warning:|error:|sparse:' "$out"; then
			echo "FAIL build-standin $k: warnings under W=1 / sparse (above)"
		else
			echo "PASS build-standin $k (W=1, sparse)"
		fi
	done
}

check_style() {
	if scripts/checkpatch.sh >"$work/checkpatch.log" 2>&1; then
		echo "PASS style (checkpatch)"
	else
		cat "$work/checkpatch.log"
		echo "FAIL style: checkpatch findings above"
	fi
}

check_dkms() {
	local k ver trees t out
	ver=$(make -s version)
	for k in $KERNELS; do
		t=$work/dkms-$k
		mkdir -p "$t/src" "$t/tree" "$t/install/$k"
		module_copy "$t/src/e1000e-quirks-$ver"
		trees=(--dkmstree "$t/tree" --sourcetree "$t/src"
		       --installtree "$t/install")
		out=$t.log
		if dkms add -m e1000e-quirks -v "$ver" "${trees[@]}" >"$out" 2>&1 &&
		   dkms build -m e1000e-quirks -v "$ver" -k "$k" "${trees[@]}" \
			>>"$out" 2>&1 &&
		   dkms install -m e1000e-quirks -v "$ver" -k "$k" --no-depmod \
			"${trees[@]}" >>"$out" 2>&1 &&
		   compgen -G "$t/install/$k/updates/dkms/e1000e_quirks.ko*" >/dev/null &&
		   dkms status -m e1000e-quirks "${trees[@]}" 2>&1 |
			grep -q "$k.*: installed"; then
			echo "PASS dkms $k"
		else
			tail -n 20 "$out"
			echo "FAIL dkms $k: add/build/install failed (above)"
		fi
	done
	# x86_64 only (dkms.conf BUILD_EXCLUSIVE_ARCH): a 32-bit build is
	# refused by dkms with its "does not match this kernel/arch" status 77.
	k=${KERNELS%% *}
	out=$t.i386.log
	dkms build -m e1000e-quirks -v "$ver" -k "$k" -a i386 "${trees[@]}" \
		>"$out" 2>&1
	if [ $? -eq 77 ] && grep -q 'BUILD_EXCLUSIVE' "$out"; then
		echo "PASS dkms refuses i386 (x86_64 only)"
	else
		tail -n 5 "$out"
		echo "FAIL dkms i386: not refused as BUILD_EXCLUSIVE (above)"
	fi
}

check_deb() {
	scripts/check-deb.sh
}

check_vm() {
	# shellcheck disable=SC2086 # one kernel per word
	tests/vm/run.sh $KERNELS
}

case $what in
all)
	stage check_unit
	stage check_build
	stage check_style
	stage check_dkms
	stage check_vm
	stage check_deb
	;;
deb)
	stage check_deb
	;;
unit | build | style | dkms | vm)
	stage "check_$what"
	;;
*)
	echo "usage: $0 [all|unit|build|style|dkms|vm|deb]" >&2
	exit 2
	;;
esac

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
if [ "$failed" -gt 0 ]; then
	echo
	echo "Failures:"
	grep '^FAIL ' "$results"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
