#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [all|unit|build|style|dkms|vm|debug|debug-all|deb|deb13|boot]: the
# project's test run.
#
#   unit   userspace unit tests (cmocka), a bounded libFuzzer run, and the
#          e1000e-quirks command against fake sysfs trees (tests/cli)
#   build  W=1 + sparse (C=2) build against every kernel in the matrix,
#          zero warnings allowed
#   style  checkpatch over src/ and include/
#   dkms   dkms add/build/install into temporary trees, per kernel
#   vm     every scenario in tests/vm/scenarios in a real kernel under QEMU,
#          per kernel
#   debug  the scenarios again on two debug kernels built from Debian's
#          linux-source-6.12 (tests/debug-kernel.sh, tests/debug/*.config):
#          lockdep, KASAN, UBSAN, kmemleak, DEBUG_OBJECTS, KFENCE, fault
#          injection (those listed in DEBUG_QUICK below); PREEMPT_RT with
#          lockdep (every one)
#   debug-all  every scenario on both debug kernels (not part of "all")
#   deb    the Debian package: built, then installed, checked and purged in a
#          Debian 12 chroot with the matrix kernels' headers (check-deb.sh)
#   deb13  the same in a Debian 13 chroot with dkms 3.2 and the Debian 13
#          kernels' headers (check-deb.sh --suite trixie)
#   boot   Debian 12 and 13 system images with the package, booted in QEMU
#          the way a Proxmox VE host boots (check-boot.sh)
#
# Debian 12 kernels are built on the host, Debian 13 ones in the trixie chroot
# (tests/kbuild.sh decides). "all" runs deb and deb13 in the background beside
# the other stages (2 cores: the VM stage runs two kernels at once); each
# stage ends with a line "# stage NAME: N s".
#
# Every check prints one line "PASS <what>" or "FAIL <what>: <why>"; the run
# ends with "N passed, N failed" and fails if anything failed.
# KERNELS="a b" limits the matrix (default: tests/kernels.sh, Debian 12 and
# 13 kernels).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
what=${1:-all}
t_start=$SECONDS

work=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results
: >"$results"

# Count the PASS/FAIL lines of a stage's output, showing every line.
count() {
	tee -a "$work/log" | while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in
		"PASS "* | "FAIL "*) printf '%s\n' "$line" >>"$results" ;;
		esac
	done
}

# stage NAME CMD...: run a stage, its lines shown as they come, then its time.
stage() {
	local name=$1 t0=$SECONDS
	shift
	{ "$@" 2>&1; echo "# stage $name: $((SECONDS - t0)) s"; } | count
}

# stage_bg NAME CMD...: the same in the background, its lines kept until
# stage_wait NAME prints them (so that stages never interleave).
declare -A bg_pid=()
stage_bg() {
	local name=$1
	shift
	{
		t0=$SECONDS
		"$@" >"$work/stage-$name.out" 2>&1
		echo "# stage $name: $((SECONDS - t0)) s" >>"$work/stage-$name.out"
	} &
	bg_pid[$name]=$!
}
stage_wait() {
	wait "${bg_pid[$1]}"
	count <"$work/stage-$1.out"
}

t0=$SECONDS
if tests/deps.sh >"$work/deps.log" 2>&1; then
	echo "# stage deps: $((SECONDS - t0)) s"
else
	tail -n 20 "$work/deps.log"
	echo "FAIL deps: tests/deps.sh failed: $(grep -E '^[a-z-]+(\.sh)?: ' "$work/deps.log" | tail -n 1)" | count
fi
# A kernel missing from the matrix is a failure, not a skip; the run goes on
# with the kernels that were found.
kernels_given=${KERNELS:+1}
if [ -z "${KERNELS:-}" ]; then
	KERNELS=$(tests/kernels.sh 2>"$work/kernels.err") ||
		echo "FAIL matrix: $(tail -n 1 "$work/kernels.err")" | count
fi
export KERNELS
# Every stage's kernels, and those of each Debian release's chroot.
deb12_kernels=$(for k in $KERNELS; do [[ $k == *+deb1[3-9]-* ]] || echo "$k"; done)
deb13_kernels=$(for k in $KERNELS; do [[ $k == *+deb1[3-9]-* ]] && echo "$k"; done)

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
	# One line for the command's many cases; the failures in full. The
	# command's target shells: dash (Debian's sh) and busybox ash with
	# busybox's applets only (the test VM); tests/cli/run.sh alone also
	# runs busybox ash with the system's tools and bash --posix.
	SHELLS=${SHELLS:-dash busybox-only} tests/cli/run.sh >"$work/cli.log" 2>&1
	n=$(grep -c '^PASS ' "$work/cli.log")
	if grep '^FAIL ' "$work/cli.log"; then
		echo "FAIL cli: $(grep -c '^FAIL ' "$work/cli.log") of the command's cases (above)"
	elif [ "$n" -gt 0 ]; then
		echo "PASS cli ($n cases of tests/cli/run.sh)"
	else
		tail -n 5 "$work/cli.log"
		echo "FAIL cli: tests/cli/run.sh ran no case"
	fi
	must_pass fleet tests/fleet/run.sh	# issue 20: promtool, Ansible
}

check_build() {
	local k dst out
	for k in $KERNELS; do
		dst=$work/build-$k
		module_copy "$dst"
		out=$dst.log
		if ! tests/kbuild.sh "$k" "$dst" W=1 C=2 modules >"$out" 2>&1; then
			echo "FAIL build $k: kbuild failed; tail of $out:"
			tail -n 20 "$out"
		elif grep -E 'warning:|error:|sparse:' "$out"; then
			echo "FAIL build $k: warnings under W=1 / sparse (above)"
		elif grep -q 'sparse is not available or not up to date' "$out"; then
			# Debian 13's sparse is older than 7.x kbuild wants.
			echo "PASS build $k (W=1; sparse too old for this kernel, not run)"
		else
			echo "PASS build $k (W=1, sparse)"
		fi
		# The test-only e1000e stand-in (tests/standin), same bar.
		dst=$work/standin-$k
		mkdir -p "$dst"
		cp tests/standin/Kbuild tests/standin/*.[ch] "$dst/"
		out=$dst.log
		if ! tests/kbuild.sh "$k" "$dst" W=1 C=2 modules >"$out" 2>&1; then
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
	if tests/checkpatch.sh >"$work/checkpatch.log" 2>&1; then
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
		# dkms 3.2 looks for headers under the install tree unless told.
		trees=(--dkmstree "$t/tree" --sourcetree "$t/src"
		       --installtree "$t/install"
		       --kernelsourcedir "/lib/modules/$k/build")
		out=$t.log
		# The host's dkms for Debian 12 kernels, the trixie chroot's
		# (3.2) for Debian 13 ones: one environment for all four steps.
		# shellcheck disable=SC2016 # expanded by the inner sh
		if tests/kbuild.sh --exec "$k" "$t" sh -c '
			m="-m e1000e-quirks -v $1"; k=$2; shift 2
			dkms add $m "$@" && dkms build $m -k "$k" "$@" &&
			dkms install $m -k "$k" --no-depmod "$@" &&
			dkms status -m e1000e-quirks "$@" && dkms --version' \
			sh "$ver" "$k" "${trees[@]}" >"$out" 2>&1 &&
		   compgen -G "$t/install/$k/updates/dkms/e1000e_quirks.ko*" >/dev/null &&
		   grep -q "$k.*: installed" "$out"; then
			echo "PASS dkms $k ($(grep -o 'dkms-[0-9.]*' "$out" | tail -n 1))"
		else
			tail -n 20 "$out"
			echo "FAIL dkms $k: add/build/install failed (above)"
		fi
	done
	# x86_64 only (dkms.conf BUILD_EXCLUSIVE_ARCH): a 32-bit build is
	# refused by the host's dkms with its "does not match" status 77.
	k=$(echo "$deb12_kernels" | head -n 1)
	t=$work/dkms-i386
	mkdir -p "$t/src" "$t/tree" "$t/install"
	module_copy "$t/src/e1000e-quirks-$ver"
	trees=(--dkmstree "$t/tree" --sourcetree "$t/src"
	       --installtree "$t/install")
	out=$t.log
	dkms add -m e1000e-quirks -v "$ver" "${trees[@]}" >"$out" 2>&1
	dkms build -m e1000e-quirks -v "$ver" -k "$k" -a i386 "${trees[@]}" \
		>>"$out" 2>&1
	if [ $? -eq 77 ] && grep -q 'BUILD_EXCLUSIVE' "$out"; then
		echo "PASS dkms refuses i386 (x86_64 only)"
	else
		tail -n 5 "$out"
		echo "FAIL dkms i386: not refused as BUILD_EXCLUSIVE (above)"
	fi
}

# Real boots of Debian 12 and 13 images with the package (check-boot.sh).
check_boot() {
	must_pass boot tests/check-boot.sh
}

# no_kernels STAGE WHAT: a FAIL for the matrix, a note for a chosen KERNELS.
no_kernels() {
	if [ -n "$kernels_given" ]; then
		echo "# $1: no $2 kernel in KERNELS, nothing to check"
	else
		echo "FAIL $1: no $2 kernel in the matrix"
	fi
}

# must_pass NAME CMD...: CMD's lines; a failing exit without any FAIL line
# of its own (a crash of the script) is one FAIL line, never a silent pass.
must_pass() {
	local name=$1 rc=0
	shift
	"$@" 2>&1 | tee "$work/$name.out"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$work/$name.out"; then
		echo "FAIL $name: $* exited with status $rc: $(tail -n 1 "$work/$name.out")"
	fi
}

check_deb() {
	[ -n "$deb12_kernels" ] || { no_kernels deb "Debian 12"; return; }
	KERNELS=$deb12_kernels must_pass deb tests/check-deb.sh
}

check_deb13() {
	[ -n "$deb13_kernels" ] || { no_kernels deb13 "Debian 13"; return; }
	KERNELS=$deb13_kernels must_pass deb13 tests/check-deb.sh --suite trixie
}

check_debs() {
	check_deb
	check_deb13
}

check_vm() {
	# shellcheck disable=SC2086 # one kernel per word
	tests/vm/run.sh $KERNELS
}

# In "all": the Debian -rt kernel built from the same source as the rt-debug
# kernel (6.12.N+deb12-rt) is left to the debug stage, which runs every
# scenario on that source with PREEMPT_RT and lockdep (make check-vm still
# runs it). Its build and dkms checks stay.
check_vm_all() {
	local k rt vm=()
	rt=$(tests/debug-kernel.sh --krel rt-debug 2>/dev/null)
	rt=${rt%-eq-rt-debug}
	for k in $KERNELS; do
		if [ -n "$rt" ] && [[ $k == "$rt"+deb*-rt-amd64 ]]; then
			echo "# vm: $k left to the debug stage (rt-debug, same source)"
			continue
		fi
		vm+=("$k")
	done
	tests/vm/run.sh "${vm[@]}"
}

# The debug kernels (tests/debug-kernel.sh: lockdep, KASAN, kmemleak, ...;
# PREEMPT_RT + lockdep), built or found cached, then the VM scenarios on
# both; splats fail (vm.py), and kmemleak is asked (init).
# Every scenario runs on rt-debug. Under TCG the KASAN kernel costs about
# five times what the others do (each exec of ethtool about 0.6 s, each rmmod
# 2-8 s of DEBUG_KOBJECT_RELEASE), so "debug" (part of make check) runs there
# the scenarios that create, free and tear down what the module owns; every
# scenario runs there with "debug-all" (make check-debug-all, ~30 min):
#   06 rename, 07 rmmod e1000e under us, 08 hot-unplug, 09 netns moves,
#   10 load cycles (kmemleak asked after it), 27 on-hang mitigation kept
#   through parameter writes (tracepoint probe in softirq -> work),
#   37 escalation on the stand-in (runtime PM, EEE, K1), 39 fault injection.
# Three VMs at once (two KASAN shards, rt-debug; DEBUG_JOBS, one at a time
# beside the other stages in "all"), lockdep's first report (6.12 pciehp) last
# in each (vm.py).
# Two shards of about equal time (measured 2026-11-30, three VMs at once:
# 06 45 s, 07 111, 09 79, 39 367; 08 105, 10 301, 27 108, 37 180).
DEBUG_QUICK=("06 07 09 39" "08 10 27 37")
check_debug() {
	local f t0 all half logs scope=${1:-quick}
	local -a shards=()
	local -A krels=()
	for f in debug rt-debug; do
		t0=$SECONDS
		if tests/debug-kernel.sh "$f" >"$work/debug-kernel-$f.log" 2>&1; then
			krels[$f]=$(tests/debug-kernel.sh --krel "$f")
			echo "PASS debug-kernel $f (${krels[$f]}, $(( SECONDS - t0 )) s)"
		else
			tail -n 20 "$work/debug-kernel-$f.log"
			echo "FAIL debug-kernel $f: build failed (above)"
		fi
	done
	[ ${#krels[@]} -gt 0 ] || return 0
	if [ "$scope" = all ]; then
		mapfile -t all < <(cd tests/vm/scenarios &&
			printf '%s\n' [0-9][0-9]-*.sh | cut -c1-2)
		half=$(( (${#all[@]} + 1) / 2 ))
		shards=("${all[*]:0:half}" "${all[*]:half}")
	else
		shards=("${DEBUG_QUICK[@]}")
	fi
	logs=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/vm-logs/$(date +%Y%m%d-%H%M%S)-debug
	# shard NAME KREL [SCENARIO...]: one VM, its output kept for the end
	shard() {
		local name=$1 k=$2
		shift 2
		SCENARIOS="$*" JOBS=1 VM_TIMEOUT=${VM_TIMEOUT:-3000} \
			LOGDIR=$logs/$name tests/vm/run.sh "$k" \
			>"$work/debug-$name.out" 2>&1
	}
	for f in debug-1 debug-2 rt-debug; do
		# DEBUG_JOBS VMs at a time (default all three)
		[ "$(jobs -pr | wc -l)" -lt "${DEBUG_JOBS:-3}" ] || wait -n
		case $f in
		debug-1) [ -n "${krels[debug]:-}" ] || continue
			# shellcheck disable=SC2086 # one scenario per word
			shard "$f" "${krels[debug]}" ${shards[0]} & ;;
		debug-2) [ -n "${krels[debug]:-}" ] || continue
			# shellcheck disable=SC2086
			shard "$f" "${krels[debug]}" ${shards[1]} & ;;
		rt-debug) [ -n "${krels[rt-debug]:-}" ] || continue
			shard "$f" "${krels[rt-debug]}" & ;;
		esac
	done
	wait
	for f in debug-1 debug-2 rt-debug; do
		[ -e "$work/debug-$f.out" ] || continue
		echo "# debug shard $f:"
		grep -v '^[0-9]* passed, [0-9]* failed$' "$work/debug-$f.out"
	done
}

check_debug_all() {
	check_debug all
}

case $what in
all)
	# deb and deb13 (chroots, apt, dkms) beside the rest.
	# Everything is CPU-bound on 2 cores: keep both busy. deb and deb13
	# (chroots, apt, dkms) and the debug VMs (one at a time) run in the
	# background from the start, beside the short stages, then beside the
	# VM stage's two VMs and the boot test's two.
	stage_bg deb check_debs
	DEBUG_JOBS=1 stage_bg debug check_debug
	stage unit check_unit
	stage build check_build
	stage style check_style
	stage dkms check_dkms
	stage vm check_vm_all
	stage_wait deb
	# After deb: both build the package into build/deb.
	stage boot check_boot
	stage_wait debug
	;;
unit | build | style | dkms | vm | debug | deb | deb13 | boot)
	stage "$what" "check_$what"
	;;
debug-all)
	stage "$what" check_debug_all
	;;
*)
	echo "usage: $0 [all|unit|build|style|dkms|vm|debug|debug-all|deb|deb13|boot]" >&2
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
echo "# check: $((SECONDS - t_start)) s wall"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
