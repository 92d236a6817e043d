#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prove.sh [--bugs 'BUG...'] [--logdir DIR] [--judge] [KREL...]
#
# Prove that each checker of the debug kernels (tests/debug-kernel.sh)
# really reports a bug: build the throwaway bug module (bugs.c, named
# e1000e_quirks) for KREL with tests/kbuild.sh, then per bug boot one VM
# (tests/vm/vm.py --scenarios NN --ko BUGMODULE, SCENARIO_DIR=scenarios/
# here), two at a time at most, and check that the harness failed the run
# the expected way:
#   leak, leakinit       "FAIL KREL kmemleak-at-end: kmemleak: N of M ..."
#   none                 no FAIL at all (the control: module without a bug)
#   every other bug      "FAIL KREL splat: ..." and, on the console from the
#                        scenario's start on, a kernel line with the words of
#                        that checker (WORDS below)
# One line per bug and kernel: "PASS detector BUG on KREL (first report
# line)" or "FAIL detector BUG on KREL: not caught (...)", then a summary.
# Exit status 1 if any was not caught.
#
# KREL: default the debug flavour (tests/debug-kernel.sh --krel debug).
# Bugs: --bugs, else by flavour (DEFAULT_BUGS below). VM_JOBS (1 or 2,
# default 2) VMs at once. Logs: --logdir (default a new /tmp directory),
# DIR/KREL/module (build), DIR/KREL/BUG/ (vm.py output and console log).
# --judge: no build, no VM: judge the logs already in --logdir again.
# Not part of `make check` (README.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)

die() { echo "prove: $*" >&2; exit 2; }

# The checkers' words: the one table (tests/vm/vm.py reads it too).
declare -A WORDS=()
while IFS='|' read -r w ere; do
	case $w in '#'* | '') continue ;; esac
	w=${w% } ere=${ere# }
	WORDS[$w]=$ere
done <"$here/detectors"
DEFAULT_BUGS_DEBUG="none leak lockdep sleep uaf kfence ubsan odebug kobject"
DEFAULT_BUGS_RT="lockdep sleep rawnest"

bugs=
logdir=
judge=
while [ $# -gt 0 ]; do
	case $1 in
	--bugs) bugs=${2:?}; shift 2 ;;
	--logdir) logdir=${2:?}; shift 2 ;;
	--judge) judge=1; shift ;;
	-h | --help) sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
krels=("$@")
[ ${#krels[@]} -gt 0 ] || krels=("$("$repo/tests/debug-kernel.sh" --krel debug)")
[ -z "$judge" ] || [ -n "$logdir" ] || die "--judge needs --logdir"
jobs=${VM_JOBS:-2}
case $jobs in 1 | 2) ;; *) die "VM_JOBS must be 1 or 2" ;; esac
logdir=${logdir:-$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-bugs.XXXXXX")}
mkdir -p "$logdir"
logdir=$(realpath "$logdir")
echo "# logs in $logdir" >&2

scenario_of() {	# BUG -> NN-BUG
	local f
	for f in "$here"/scenarios/[0-9][0-9]-"$1".sh; do
		[ -e "$f" ] && { basename "$f" .sh; return 0; }
	done
	return 1
}

# build KREL: the bug module for KREL; prints its path.
build() {
	local d=$logdir/$1/module
	rm -rf "$d"
	mkdir -p "$d"
	cp "$here/Kbuild" "$here/bugs.c" "$d/"
	# The kernel tree first (built or waited for, as vm.py would).
	"$repo/tests/fetch-kernel.sh" "$1" >"$d/../fetch.log" 2>&1 ||
		{ echo "prove: fetch-kernel.sh $1 failed (log: $d/../fetch.log)" >&2; return 1; }
	if ! "$repo/tests/kbuild.sh" "$1" "$d" modules >"$d/build.log" 2>&1 ||
		[ ! -e "$d/e1000e_quirks.ko" ]; then
		echo "prove: build for $1 failed (log: $d/build.log)" >&2
		return 1
	fi
	echo "$d/e1000e_quirks.ko"
}

# run KREL BUG KO: one VM, output in DIR/KREL/BUG/vm.out.
run() {
	local d=$logdir/$1/$2 scn
	scn=$(scenario_of "$2")
	mkdir -p "$d"
	SCENARIO_DIR=$here/scenarios python3 "$repo/tests/vm/vm.py" "$1" --logdir "$d" \
		--scenarios "${scn%%-*}" --ko "$3" >"$d/vm.out" 2>"$d/vm.err" || true
}

# verdict KREL BUG: one PASS/FAIL detector line; status 1 if not caught.
verdict() {
	local krel=$1 bug=$2 d=$logdir/$1/$2 scn line first
	scn=$(scenario_of "$bug")
	local out=$d/vm.out console=$d/$krel.console.log
	[ -e "$out" ] || { echo "FAIL detector $bug on $krel: not caught (no vm.py output)"; return 1; }
	first=$(sed -n 's/^FAIL [^ ]* splat: [0-9]* line(s), first during \(.*\) (log: .*$/\1/p' "$out" | head -n 1)
	case $bug in
	none)
		if grep -q '^FAIL ' "$out"; then
			echo "FAIL detector none on $krel: the control failed: $(grep -m1 '^FAIL ' "$out")"
			return 1
		fi
		echo "PASS detector none on $krel (no report without a bug)"
		;;
	leak | leakinit)
		line=$(grep -m1 "^FAIL $krel kmemleak-at-end: kmemleak: " "$out" || true)
		if [ -n "$line" ]; then
			echo "PASS detector $bug on $krel (${line#FAIL "$krel" })"
			return 0
		fi
		echo "FAIL detector $bug on $krel: not caught (no kmemleak-at-end FAIL;" \
			"$(grep -m1 -E 'none of ours|kmemleak-at-end' "$console" || echo 'no kmemleak line')" \
			"${first:+; splat during $first})"
		return 1
		;;
	*)
		line=$(sed -n "/^=== $scn\$/,\$p" "$console" 2>/dev/null |
			grep -E -m1 "${WORDS[$bug]}" | sed 's/^\[ *[0-9.]*\] //' || true)
		if [ -n "$line" ] && [ -n "$first" ]; then
			echo "PASS detector $bug on $krel ($line)"
			return 0
		fi
		if [ -n "$line" ]; then
			echo "FAIL detector $bug on $krel: on the console ($line) but vm.py reported no splat"
		else
			echo "FAIL detector $bug on $krel: not caught (no '${WORDS[$bug]}';" \
				"${first:-no splat at all}; $(grep -m1 "^FAIL .*\(vm\|$scn\):" "$out" || echo "no other FAIL"))"
		fi
		return 1
		;;
	esac
}

declare -a todo=()
declare -A ko=()
for krel in "${krels[@]}"; do
	if [ -n "$bugs" ]; then
		list=$bugs
	else
		case $krel in
		*-eq-rt-debug) list=$DEFAULT_BUGS_RT ;;
		*) list=$DEFAULT_BUGS_DEBUG ;;
		esac
	fi
	for b in $list; do
		scenario_of "$b" >/dev/null || die "no scenario for bug '$b' in $here/scenarios"
		[ "$b" = none ] || [ "$b" = leak ] || [ "$b" = leakinit ] || [ -n "${WORDS[$b]:-}" ] ||
			die "no expected words for bug '$b'"
		todo+=("$krel $b")
	done
	if [ -n "$judge" ]; then
		ko[$krel]=judge
	else
		ko[$krel]=$(build "$krel") || ko[$krel]=
	fi
done

t0=$SECONDS
running=0
for job in "${todo[@]}"; do
	read -r krel b <<<"$job"
	if [ -z "${ko[$krel]}" ] || [ -n "$judge" ]; then
		continue
	fi
	if [ "$running" -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	echo "# $(date -u +%T) $krel $b: VM started" >&2
	run "$krel" "$b" "${ko[$krel]}" &
	running=$((running + 1))
done
wait || true
[ -n "$judge" ] || echo "# VMs done in $((SECONDS - t0)) s" >&2

caught=0 missed=0
for job in "${todo[@]}"; do
	read -r krel b <<<"$job"
	if [ -z "${ko[$krel]}" ]; then
		echo "FAIL detector $b on $krel: not caught (no bug module for $krel)"
		missed=$((missed + 1))
	elif verdict "$krel" "$b"; then
		caught=$((caught + 1))
	else
		missed=$((missed + 1))
	fi
done
echo "prove: $caught of $((caught + missed)) caught, $missed not (logs: $logdir)"
[ "$missed" -eq 0 ]
