#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [all|unit|build|style|dkms|vm|debug|debug-all|deb|deb13|boot|plan]:
# the project's test run.
#
#   unit   userspace unit tests (cmocka), a bounded libFuzzer run, and the
#          e1000e-quirks command against fake sysfs trees (tests/cli)
#   build  W=1 + sparse (C=2) build against every kernel in the matrix,
#          zero warnings allowed
#   style  checkpatch over src/ and include/
#   dkms   dkms add/build/install into temporary trees, per kernel
#   vm     the VM scenarios of tests/vm/scenarios in a real kernel under
#          QEMU, per kernel, as tests/vm/plan decides (VM_PLAN=full: every
#          scenario everywhere)
#   debug  the scenarios again on two debug kernels built from Debian's
#          linux-source-6.12 (tests/debug-kernel.sh, tests/debug/*.config):
#          lockdep, KASAN, UBSAN, kmemleak, DEBUG_OBJECTS, KFENCE, fault
#          injection (the plan's "kasan" list); PREEMPT_RT with lockdep
#          (every one)
#   debug-all  every scenario on both debug kernels (not part of "all")
#   deb    the Debian package: built, then installed, checked and purged in a
#          Debian 12 chroot with the matrix kernels' headers (check-deb.sh)
#   deb13  the same in a Debian 13 chroot with dkms 3.2 and the Debian 13
#          kernels' headers (check-deb.sh --suite trixie)
#   boot   Debian 12 and 13 system images with the package, booted in QEMU
#          the way a Proxmox VE host boots (check-boot.sh)
#
# Debian 12 kernels are built on the host, Debian 13 ones in the trixie chroot
# (tests/kbuild.sh decides). Every VM of the run (the VM stage's kernels, the
# debug kernels' builds and VMs) goes through one pool of VM_SLOTS (2) slots,
# longest first (the times of the last run, ~/.cache/e1000e-quirks/times),
# beside the short stages; "all" runs deb and deb13 in the background too.
# Which scenarios run on which kernel is tests/vm/plan (tests/kernels.sh
# --table prints it). Each stage ends with a line "# stage NAME: N s"; a job
# that waits says so ("# debug-rt-debug: waiting for a free slot").
# "tests/check.sh plan" prints each kernel's expected scenarios, runs nothing.
#
# Every check prints one line "PASS <what>", "FAIL <what>: <why>" or
# "SKIP <what>: <why>" (it could not run here; README.md lists the expected
# ones); the run ends with "N passed, N failed, N skipped" and fails if
# anything failed.
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

# Count the PASS/FAIL/SKIP lines of a stage's output, showing every line.
count() {
	tee -a "$work/log" | while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in
		"PASS "* | "FAIL "* | "SKIP "*) printf '%s\n' "$line" >>"$results" ;;
		esac
	done
}

# cpu_of FILE CMD...: run CMD in this (sub)shell, then write "cpu N s" to
# FILE: the user + system time of the processes it ran (bash's `times`,
# children's line; a fresh subshell starts at zero). `times` runs without a
# fork (its output redirected, not piped) so that it sees this shell.
cpu_of() {
	local f=$1 rc
	shift
	"$@"
	rc=$?
	times >"$f.times"
	awk 'END {
		s = 0
		for (i = 1; i <= NF; i++) {
			split($i, b, "m"); sub("s", "", b[2]); s += b[1] * 60 + b[2]
		}
		printf "cpu %d s\n", s }' "$f.times" >"$f"
	return "$rc"
}

# stage NAME CMD...: run a stage, its lines shown as they come, then its time.
stage() {
	local name=$1 t0=$SECONDS
	shift
	{
		cpu_of "$work/cpu.$name" "$@" 2>&1
		echo "# stage $name: $((SECONDS - t0)) s ($(cat "$work/cpu.$name"))"
	} | count
}

# stage_bg NAME CMD...: the same in the background, its lines kept until
# stage_wait NAME prints them (so that stages never interleave).
# renice_run CMD...: CMD at nice VM_NICE (a background lane).
renice_run() {
	renice -n "${VM_NICE:-10}" "$BASHPID" >/dev/null
	"$@"
}
declare -A bg_pid=()
stage_bg() {
	local name=$1
	shift
	{
		t0=$SECONDS
		cpu_of "$work/cpu.$name" "$@" >"$work/stage-$name.out" 2>&1
		echo "# stage $name: $((SECONDS - t0)) s ($(cat "$work/cpu.$name"))" \
			>>"$work/stage-$name.out"
	} &
	bg_pid[$name]=$!
}
stage_wait() {
	wait "${bg_pid[$1]}"
	count <"$work/stage-$1.out"
}

# The debug kernels' builds start before the rest of the dependencies
# (deps.sh debug: the toolchain and linux-source-6.12 only), nice'd, in the
# background: on a bare machine apt leaves the cores idle for minutes. The
# pool's build jobs (debug_build) then find the kernels built, or wait for
# this build (debug-kernel.sh's flock) and judge it: a failure here is
# theirs to report. Warm, this finds both kernels cached in seconds.
# The KASAN kernel first: its VMs (fault injection at a fifth of the speed)
# are the longest chain of a bare run. At nice DEBUG_NICE (7): ahead of the
# VMs of the production kernels (10), whose slots can wait, behind the short
# stages (0).
prebuild_pid=
prebuild_debug() {
	tests/debug-kernel.sh debug && tests/debug-kernel.sh rt-debug
}
case $what in
all | debug | debug-all)
	t0=$SECONDS
	if tests/deps.sh debug >"$work/deps-debug.log" 2>&1; then
		VM_NICE=${DEBUG_NICE:-7} renice_run prebuild_debug \
			>"$work/prebuild.log" 2>&1 &
		prebuild_pid=$!
		echo "# stage deps-debug: $((SECONDS - t0)) s (the debug kernels are being built beside the other dependencies)"
	else
		echo "# deps-debug: tests/deps.sh debug failed ($(tail -n 1 "$work/deps-debug.log")); the debug kernels wait for the full dependencies"
	fi
	;;
esac
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill "$1" 2>/dev/null
}
trap '[ -z "$prebuild_pid" ] || kill_tree "$prebuild_pid"; rm -rf "$work"' EXIT
# prebuild_wait: the pool's build jobs have waited for it; reap it.
prebuild_wait() {
	[ -z "$prebuild_pid" ] || wait "$prebuild_pid" || true
	prebuild_pid=
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
if [ -z "${KERNELS:-}" ] && [ "$what" != unit ] && [ "$what" != style ]; then
	KERNELS=$(tests/kernels.sh 2>"$work/kernels.err") ||
		echo "FAIL matrix: $(tail -n 1 "$work/kernels.err")" | count
	# An -rt variant the archive does not have (yet) is one SKIP line.
	sed -n 's/^kernels.sh: \(.*\) not available in apt, skipped$/SKIP matrix \1: not in the archive (apt has its generic kernel only)/p' \
		"$work/kernels.err" | count
	# The whole matrix, for vm.py's oldest/newest (KERNELS may be fewer).
	MATRIX=$KERNELS
	export MATRIX
fi
case $what in
all | vm | debug | debug-all | plan)
	# vm.py's oldest/newest: the whole matrix, once (not per vm.py call).
	[ -n "${MATRIX:-}" ] || MATRIX=$(tests/kernels.sh 2>/dev/null) || true
	export MATRIX ;;
esac
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
	must_pass unit tests/unit/run.sh
	must_pass expected-skips tests/unit/expected-skips.sh
	must_pass plan-golden tests/vm/plan-golden.sh
	must_pass vm-results tests/unit/vm-results.sh
	check_verify_ids
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
	# issue 21: the bench scripts (shellcheck) and its README writer on a
	# fixture; host only, no VM (make bench is not part of make check)
	must_pass bench-scripts tests/unit/bench-readme.sh
}

# The ID table against the e1000e of the matrix kernels' source (6.12 and
# the newest series: hw.h and netdev.c, which no headers package has, from
# linux-source-SERIES by tests/linux-source.sh, cached): without ../shared
# too, so CI checks it. A source that cannot be had is a FAIL, not a skip.
check_verify_ids() {
	local out rc=0
	out=$(scripts/verify-ids.sh 2>&1) || rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "PASS verify-ids ($(grep '^ids: ' <<<"$out" | sed 's/^ids: //' | paste -sd ';' -))"
	else
		printf '%s\n' "$out" | tail -n 20
		echo "FAIL verify-ids: scripts/verify-ids.sh exited with status $rc: $(tail -n 1 <<<"$out")"
		return
	fi
	# Its mutation: one ID of the table changed must be a mismatch (1).
	sed '0,/EQ_PCH_ID(0x15bc/s//EQ_PCH_ID(0x15bd/' include/e1000e_quirks/ids.h \
		>"$work/ids-mutant.h"
	rc=0
	VERIFY_IDS_NEWEST=none scripts/verify-ids.sh "$work/ids-mutant.h" >"$work/ids-mutant.log" 2>&1 || rc=$?
	if [ "$rc" -eq 1 ] && grep -q 'does not match' "$work/ids-mutant.log"; then
		echo "PASS verify-ids mutation: 0x15bc changed to 0x15bd in a copy of ids.h is a mismatch"
	else
		echo "FAIL verify-ids mutation: 0x15bc changed to 0x15bd not caught (status $rc)"
	fi
}

# kbuild_w1 WHAT KREL DST: a W=1 + sparse (C=2) build of DST for KREL, zero
# warnings allowed: one PASS or FAIL line (a FAIL too where sparse cannot
# run). Sparse must have run ("CHECK" lines). 7.x headers use
# __typeof_unqual__ under sparse (__CHECKER__), which Debian 13's sparse
# 0.6.4 cannot parse, so kbuild turns C=2 off there ("not up to date": its
# checker-valid.sh test, a script Debian's headers package does not even
# ship): those get sid's sparse (tests/trixie-chroot.sh sid-sparse) with
# kbuild's test overridden.
kbuild_w1() {
	local what=$1 k=$2 dst=$3 out=$3.log sp
	if ! tests/kbuild.sh "$k" "$dst" W=1 C=2 modules >"$out" 2>&1; then
		echo "FAIL $what $k: kbuild failed; tail of $out:"
		tail -n 20 "$out"
		return
	fi
	if grep -E 'warning:|error:|sparse:' "$out"; then
		echo "FAIL $what $k: warnings under W=1 / sparse (above)"
		return
	fi
	if ! grep -q 'is not available or not up to date' "$out"; then
		if grep -q '^ *CHECK ' "$out"; then
			echo "PASS $what $k (W=1, sparse)"
		else
			echo "FAIL $what $k: sparse did not run (no CHECK line in $out)"
		fi
		return
	fi
	if [ "$(tests/kbuild.sh --where "$k")" != trixie ]; then
		echo "FAIL $what $k: kbuild says sparse is not available or not up to date ($out; tests/deps.sh installs it)"
		return
	fi
	if ! sp=$(tests/trixie-chroot.sh sid-sparse 2>&1); then
		echo "FAIL sparse $what $k: Debian 13's sparse cannot parse this kernel's headers (__typeof_unqual__), and sid's could not be fetched: ${sp##*$'\n'}"
		return
	fi
	rm -rf "$dst/.sparse-sid"
	cp -r "$sp" "$dst/.sparse-sid"
	out=$dst.sid-sparse.log
	if ! tests/kbuild.sh "$k" "$dst" W=1 C=2 KBUILD_CHECKSRC=2 \
		CHECK="$dst/.sparse-sid/usr/bin/sparse" modules >"$out" 2>&1; then
		echo "FAIL $what $k: kbuild with sid's sparse failed; tail of $out:"
		tail -n 20 "$out"
	elif grep -E 'warning:|error:|sparse:' "$out"; then
		echo "FAIL $what $k: warnings under sid's sparse ${sp##*/} (above)"
	elif ! grep -q '^ *CHECK ' "$out"; then
		echo "FAIL $what $k: sid's sparse did not run (no CHECK line in $out)"
	else
		echo "PASS $what $k (W=1, sparse ${sp##*/} from sid: Debian 13's 0.6.4 cannot parse these headers)"
	fi
}

check_build() {
	local k dst
	for k in $KERNELS; do
		dst=$work/build-$k
		module_copy "$dst"
		kbuild_w1 build "$k" "$dst"
		# The test-only e1000e stand-in (tests/standin), same bar.
		dst=$work/standin-$k
		mkdir -p "$dst"
		cp tests/standin/Kbuild tests/standin/*.[ch] "$dst/"
		kbuild_w1 build-standin "$k" "$dst"
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

# Debian 12: dkms builds for the generic kernels only (6.1 and 6.12: the
# package's build-for-every-kernel path needs two); their -rt twins are
# check_dkms's (tests/check-deb.sh says why).
check_deb() {
	local k
	[ -n "$deb12_kernels" ] || { no_kernels deb "Debian 12"; return; }
	k=$(grep -v -- '-rt-amd64$' <<<"$deb12_kernels" || true)
	KERNELS=${k:-$deb12_kernels} must_pass deb tests/check-deb.sh
}

check_deb13() {
	[ -n "$deb13_kernels" ] || { no_kernels deb13 "Debian 13"; return; }
	KERNELS=$deb13_kernels must_pass deb13 tests/check-deb.sh --suite trixie
}

check_debs() {
	check_deb
	# the package's own checks (lintian, ...) ran in the Debian 12 run
	if [ -n "$deb12_kernels" ]; then
		DEB_PACKAGE_CHECKS=elsewhere check_deb13
	else
		check_deb13
	fi
}

# ---- the VM pool
# Every VM of the run goes through one pool of VM_SLOTS slots (default 2:
# the two cores), longest job first, so that a debug kernel's VMs take the
# first slot that opens. A job is a shell command whose output is kept in
# $pool/out/NAME until the end (pool_show). The debug kernels' builds are
# jobs too (one slot each, before anything else: their VMs are the longest
# chain of the run). Jobs run with nice -n VM_NICE (10) beside the short
# stages. Estimates: the job's time in the last run ($times), else a guess
# from its scenarios.
pool=$work/pool
mkdir -p "$pool/ready" "$pool/out"
times=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/times
VM_SLOTS=${VM_SLOTS:-2}
VM_NICE=${VM_NICE:-10}
vm_logs=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/vm-logs/$(date +%Y%m%d-%H%M%S)
# est NAME GUESS: the job's seconds in the last run, else GUESS.
est() {
	local t
	t=$(awk -v n="$1" '$1 == n { t = $2 } END { print t }' "$times" 2>/dev/null)
	echo "${t:-$2}"
}

# pool_add NAME PRIO EST CMD...: a job ready to start (higher PRIO first,
# then longer EST). POOL_WEIGHT (percent of a slot, default 100) is the
# share of a core the job uses: a KASAN VM uses about 40% of one (its rmmod
# waits out DEBUG_KOBJECT_RELEASE's delays), so two of them share a slot.
pool_add() {
	local name=$1 prio=$2 e=$3
	shift 3
	echo "$name" >>"$pool/order"
	{ echo "$prio $e ${POOL_WEIGHT:-100}"; printf '%q ' "$@"; echo; } \
		>"$pool/ready/.$name"
	mv "$pool/ready/.$name" "$pool/ready/$name"
}


# The scheduler: polls the ready jobs once a second until $pool/closed
# exists and nothing is left.
pool_run() {
	local free=$((VM_SLOTS * 100)) name best p e w bp be bw pid
	local -A running=() waiting=() started=() weight=()
	while :; do
		for pid in "${!running[@]}"; do
			name=${running[$pid]}
			[ -e "$pool/done.$name" ] || continue
			wait "$pid"
			unset "running[$pid]"
			free=$((free + ${weight[$name]}))
			echo "$name $(( SECONDS - ${started[$name]} ))" >>"$pool/times"
		done
		# The first job (higher PRIO, then longer EST) that fits.
		while :; do
			best='' bp=-1 be=-1 bw=0
			for f in "$pool/ready"/*; do
				[ -e "$f" ] || continue
				read -r p e w <"$f"
				[ "${w:-100}" -le "$free" ] || continue
				if [ "$p" -gt "$bp" ] || { [ "$p" -eq "$bp" ] && [ "$e" -gt "$be" ]; }; then
					best=${f##*/} bp=$p be=$e bw=${w:-100}
				fi
			done
			[ -n "$best" ] || break
			mv "$pool/ready/$best" "$pool/run.$best"
			started[$best]=$SECONDS
			weight[$best]=$bw
			[ -z "${waiting[$best]:-}" ] ||
				echo "# $best: slot free after $(( SECONDS - ${waiting[$best]} )) s"
			(
				cmd=$(sed -n 2p "$pool/run.$best")
				t0=$SECONDS
				renice -n "$VM_NICE" "$BASHPID" >/dev/null
				cpu_of "$pool/cpu.$best" eval "$cmd" >"$pool/out/$best" 2>&1
				rc=$?
				# A job's failing exit is a FAIL even without a line
				# of its own (a crash of run.sh, a killed vm.py).
				[ "$rc" -eq 0 ] || grep -q '^FAIL ' "$pool/out/$best" ||
					echo "FAIL $best: the pool job exited with status $rc: $(tail -n 1 "$pool/out/$best")" \
						>>"$pool/out/$best"
				echo "# stage $best: $((SECONDS - t0)) s ($(cat "$pool/cpu.$best"))" >>"$pool/out/$best"
				: >"$pool/done.$best"
			) &
			running[$!]=$best
			free=$((free - bw))
		done
		for f in "$pool/ready"/*; do
			[ -e "$f" ] || continue
			name=${f##*/}
			[ -n "${waiting[$name]:-}" ] && continue
			waiting[$name]=$SECONDS
			echo "# $name: waiting for a free slot (running: ${running[*]}; $free% of a slot free)"
		done
		if [ ${#running[@]} -eq 0 ] && [ -e "$pool/closed" ] &&
		   ! compgen -G "$pool/ready/*" >/dev/null; then
			break
		fi
		sleep 1
	done
}
pool_pid=
pool_start() {
	pool_run &
	pool_pid=$!
}
# pool_finish: no more jobs; wait for the pool, keep the times.
pool_finish() {
	: >"$pool/closed"
	[ -z "$pool_pid" ] || wait "$pool_pid"
	pool_pid=
	if [ -s "$pool/times" ] && mkdir -p "${times%/*}"; then
		awk '!seen[$1]++' <(tac "$pool/times") <(cat "$times" 2>/dev/null) \
			>"$times.tmp" && mv "$times.tmp" "$times"
	fi
	echo "# pool: done at $((SECONDS - t_start)) s of the run"
}
# pool_show PREFIX: the output of the jobs named PREFIX*, in the order they
# were added, without run.sh's closing line.
pool_show() {
	local name
	[ -e "$pool/order" ] || return 0
	while read -r name; do
		[[ $name == "$1"* ]] || continue
		[ -e "$pool/out/$name" ] || continue
		grep -v '^[0-9]* passed, [0-9]* failed' "$pool/out/$name"
	done <"$pool/order"
}

# vm_list KREL: vm.py --list for KREL (plan, why, one "vm ..." per VM).
vm_list() {
	tests/vm/vm.py "$1" --list
}

# vm_job NAME KREL [SCENARIO...]: one VM (tests/vm/run.sh), its own log dir.
vm_job() {
	local name=$1 k=$2
	shift 2
	if [ $# -gt 0 ]; then
		SCENARIOS="$*" JOBS=1 LOGDIR=$vm_logs/$name tests/vm/run.sh "$k"
	else
		JOBS=1 LOGDIR=$vm_logs/$name tests/vm/run.sh "$k"
	fi
}

# vm_add KREL PREFIX GUESS-PER-SCENARIO [LIST]: the kernel's VMs as pool
# jobs (one per "vm" line of its plan, LIST if given), or the decision not
# to boot it.
vm_add() {
	local k=$1 pfx=$2 per=$3 list=${4:-} n=0 words line
	# Header and plan errors: FAIL lines of vm.py's run.
	[ -n "$list" ] || list=$(vm_list "$k") || true
	if ! grep -q '^vm ' <<<"$list"; then
		echo "# vm $k: $(sed -n 's/^plan //p' <<<"$list"): no VM ($(sed -n 's/^why //p' <<<"$list"))"
		return
	fi
	# Several VMs: each job runs with SCENARIOS (its VM's list), so vm.py
	# does not compare the plan with tests/vm/plan.golden: this job does.
	if [ -z "${SCENARIOS:-}" ] && [ "$(grep -c '^vm ' <<<"$list")" -gt 1 ]; then
		POOL_WEIGHT=0 pool_add "$pfx-0" 0 1 tests/vm/vm.py "$k" --golden
	fi
	while read -r _ line; do
		n=$((n + 1))
		read -r -a words <<<"$line"
		if [ -n "${SCENARIOS:-}" ] || [ "$(grep -c '^vm ' <<<"$list")" -eq 1 ]; then
			# The plan's whole list (or the chosen SCENARIOS): vm.py selects.
			pool_add "$pfx" 0 "$(est "$pfx" $(( ${#words[@]} * per + 60 )))" vm_job "$pfx" "$k"
		else
			pool_add "$pfx-$n" 0 "$(est "$pfx-$n" $(( ${#words[@]} * per + 60 )))" \
				vm_job "$pfx-$n" "$k" "${words[@]%%-*}"
		fi
	done < <(grep '^vm ' <<<"$list")
}

check_vm() {
	local k
	local -A lists=()
	# Every kernel's plan first, then the jobs: the pool sees them all.
	for k in $KERNELS; do
		lists[$k]=$(vm_list "$k") || true
	done
	for k in $KERNELS; do
		vm_add "$k" "vm-$k" 12 "${lists[$k]}"
	done
}

# The debug kernels (tests/debug-kernel.sh: lockdep, KASAN, kmemleak, ...;
# PREEMPT_RT + lockdep), built or found cached, then their VMs (tests/vm/plan:
# every scenario on rt-debug, the create/free scenarios on the KASAN kernel
# in two VMs, each half a slot); splats fail (vm.py), and kmemleak is asked
# (init). The KASAN kernel first: its fault-injection VM is the longest of
# the run (the prebuild above keeps the same order). Builds are pool jobs
# themselves.
# "debug-all" (VM_PLAN=full): every scenario on both, two VMs each.
# debug_build FLAVOUR [NEXT...]: build (or find) one debug kernel, add its
# VMs to the pool, then the next build: one build at a time, in one slot,
# while the other slot runs VMs.
debug_build() {
	local f=$1 t0=$SECONDS krel per w
	shift
	if tests/debug-kernel.sh "$f" >"$work/debug-kernel-$f.log" 2>&1; then
		krel=$(tests/debug-kernel.sh --krel "$f")
		echo "PASS debug-kernel $f ($krel, $(( SECONDS - t0 )) s)"
		# KASAN VMs: half a slot (pool_add)
		case $f in debug) per=180 w=50 ;; *) per=25 w=100 ;; esac
		POOL_WEIGHT=$w vm_add "$krel" "debug-$f" "$per"
	else
		tail -n 20 "$work/debug-kernel-$f.log"
		echo "FAIL debug-kernel $f: build failed (above)"
	fi
	[ $# -eq 0 ] || POOL_WEIGHT=$(build_weight) \
		pool_add "build-$1" 1 "$(est "build-$1" 1500)" debug_build "$@"
}
# build_weight: a build job's share of a slot: none while the prebuild
# (above) builds the kernels, as it only waits for that build; a whole one
# if it builds itself (the prebuild could not start).
build_weight() {
	if [ -n "$prebuild_pid" ]; then echo 0; else echo 100; fi
}
# While the prebuild (above) builds them, a build job only waits for it:
# it takes no slot (POOL_WEIGHT 0), so that the KASAN VMs start beside a
# VM as soon as their kernel is there, not after the next build.
check_debug() {
	POOL_WEIGHT=$(build_weight) pool_add build-debug 1 \
		"$(est build-debug 1500)" debug_build debug rt-debug
}

check_debug_all() {
	VM_PLAN=full check_debug
}

# Each kernel's expected results (tests/check.sh plan): nothing is run.
check_plan() {
	local k f list
	for k in $KERNELS $(tests/debug-kernel.sh --list 2>/dev/null); do
		list=$(vm_list "$k") || true
		echo "# $k: plan $(sed -n 's/^plan //p' <<<"$list") ($(sed -n 's/^why //p' <<<"$list"))"
		sed -n 's/^vm /#   VM: /p; s/^error /FAIL plan: /p' <<<"$list"
	done
	# the committed plan (tests/vm/plan-golden.sh --write regenerates it)
	tests/vm/plan-golden.sh
}

# stage_pool NAME PREFIX: the pool jobs PREFIX* as one stage's output.
stage_pool() {
	pool_show "$2" >"$work/stage-$1.out"
	count <"$work/stage-$1.out"
}

case $what in
all)
	# Everything is CPU-bound on 2 cores: keep both busy. The pool (every
	# VM, two at a time, and the debug kernels' builds), the package
	# checks (deb, deb13) and the boot test (its own build of the package,
	# its own images) start at once, nice'd, beside the short stages: on a
	# bare machine the chroots and images wait on the mirror more than on
	# the cores.
	pool_start
	check_debug
	check_vm
	stage_bg deb renice_run check_debs
	stage_bg boot renice_run check_boot
	stage unit check_unit
	stage build check_build
	stage style check_style
	stage dkms check_dkms
	echo "# waiting for the package checks and the boot test"
	stage_wait deb
	stage_wait boot
	echo "# waiting for the VM pool"
	pool_finish
	prebuild_wait
	stage_pool vm vm-
	stage_pool debug build-
	stage_pool debug-vm debug-
	;;
vm | debug | debug-all)
	pool_start
	"check_${what//-/_}"
	pool_finish
	prebuild_wait
	stage_pool "$what" ""
	;;
plan)
	check_plan | count
	;;
unit | build | style | dkms | deb | deb13 | boot)
	stage "$what" "check_$what"
	;;
*)
	echo "usage: $0 [all|unit|build|style|dkms|vm|debug|debug-all|deb|deb13|boot|plan]" >&2
	exit 2
	;;
esac

# Every SKIP must be one tests/expected-skips lists (README.md's table of the
# skips to expect): any other is a FAIL, so that a check that stopped running
# cannot hide behind a SKIP line.
judge_skips() {
	grep '^SKIP ' "$results" | tests/unit/expected-skips.sh --judge
}
judge_skips | count

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
skipped=$(grep -c '^SKIP ' "$results")
if [ "$skipped" -gt 0 ]; then
	echo
	echo "Skipped:"
	grep '^SKIP ' "$results"
fi
if [ "$failed" -gt 0 ]; then
	echo
	echo "Failures:"
	grep '^FAIL ' "$results"
fi
echo "# check: $((SECONDS - t_start)) s wall"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && { [ "$passed" -gt 0 ] || [ "$what" = plan ]; }
