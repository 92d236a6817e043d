#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/run.sh [KREL...]
#
# Run every VM scenario on each kernel: the arguments, else $KERNELS
# (space-separated), else the matrix from tests/kernels.sh. For each kernel
# vm.py fetches the image, builds e1000e_quirks.ko against KREL's headers
# (tests/kbuild.sh: on the host, or in the Debian 13 chroot), builds an
# initramfs and boots QEMU (see README.md).
#
# Which scenarios run on which kernel: tests/vm/plan (VM_PLAN=full: every
# scenario), limited by each scenario's '# kernels:' header; vm.py prints
# each kernel's expected results before it boots.
#
# Output: the "PASS KREL NN-name" / "FAIL KREL NN-name: ..." / "SKIP KREL
# NN-name WHAT: ..." lines of each kernel as it finishes, "# ..." notes
# (expected results, time, log paths), and finally exactly one line
# "N passed, N failed, N skipped". Exit status 1 if anything failed.
#
# Environment: JOBS (kernels at once, default 2), LOGDIR (default
# ~/.cache/e1000e-quirks/vm-logs/<date>), SCENARIOS (e.g. "01 11"),
# VM_PLAN, VM_TIMEOUT (seconds per VM, default 600), E1000E_QUIRKS_KO
# (prebuilt module).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ $# -gt 0 ]; then
	kernels=("$@")
elif [ -n "${KERNELS:-}" ]; then
	read -r -a kernels <<<"$KERNELS"
else
	mapfile -t kernels < <("$repo/tests/kernels.sh")
	# the whole matrix: vm.py's oldest and newest
	MATRIX="${kernels[*]}"
	export MATRIX
fi
[ ${#kernels[@]} -gt 0 ] || { echo "run.sh: no kernels" >&2; exit 1; }

jobs=${JOBS:-2}
logdir=${LOGDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/vm-logs/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$logdir"
logdir=$(cd "$logdir" && pwd)

# Downloads first, one at a time (vm.py finds them cached).
for k in "${kernels[@]}"; do
	"$repo/tests/fetch-kernel.sh" "$k" >/dev/null || true
done

run_one() {
	local k=$1 t0=$SECONDS rc=0 vm
	"$here/vm.py" "$k" --logdir "$logdir" >"$logdir/$k.results" 2>"$logdir/$k.stderr" &
	vm=$!
	# Interrupted: stop this kernel's vm.py (it kills its QEMU).
	trap 'kill "$vm" 2>/dev/null; wait "$vm"; exit 143' TERM
	wait "$vm" || rc=$?
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$logdir/$k.results"; then
		echo "FAIL $k runner: vm.py exited with status $rc (see $logdir/$k.stderr)" \
			>>"$logdir/$k.results"
	fi
	count_results "$k" >>"$logdir/$k.results"
	echo "$(( SECONDS - t0 ))" >"$logdir/$k.seconds"
}

# count_results KREL: the results vm.py said it expects ("# KREL: expected
# N results (...): NAME...") against the result lines it printed: each
# expected NAME exactly one PASS or FAIL line, N the number of names, and
# no other scenario's result. A FAIL line for each difference.
count_results() {
	local k=$1 f=$logdir/$1.results exp n
	exp=$(grep -m 1 -F "# $k: expected " "$f") || return 0
	n=${exp#*: expected }
	n=${n%% *}
	awk -v k="$k" -v n="$n" -v names="${exp#*): }" '
		BEGIN { m = split(names, want, " "); for (i = 1; i <= m; i++) c[want[i]] = 0 }
		($1 == "PASS" || $1 == "FAIL") && $2 == k {
			name = $3; sub(/:$/, "", name)
			if (name in c) c[name]++
			else if (name ~ /^[0-9][0-9]-/) other = other " " name
		}
		END {
			if (m != n) printf "FAIL %s results: vm.py expected %d results but named %d\n", k, n, m
			for (i = 1; i <= m; i++) if (c[want[i]] != 1)
				printf "FAIL %s results: %d result lines for %s (expected one)\n", k, c[want[i]], want[i]
			if (other != "") printf "FAIL %s results: results for scenarios not expected:%s\n", k, other
		}' "$f"
}

report() {
	local k=$1
	cat "$logdir/$k.results"
	echo "# $k: $(cat "$logdir/$k.seconds") s wall, console log $logdir/$k.console.log"
}

start=$SECONDS
declare -A pid_kernel=()
stop_all() {
	local p
	for p in "${!pid_kernel[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	wait
	exit 130
}
trap stop_all INT TERM
for k in "${kernels[@]}"; do
	while [ ${#pid_kernel[@]} -ge "$jobs" ]; do
		wait -n -p done_pid || true
		report "${pid_kernel[$done_pid]}"
		unset "pid_kernel[$done_pid]"
	done
	echo "# $k: started" >&2
	run_one "$k" &
	pid_kernel[$!]=$k
done
while [ ${#pid_kernel[@]} -gt 0 ]; do
	wait -n -p done_pid || true
	report "${pid_kernel[$done_pid]}"
	unset "pid_kernel[$done_pid]"
done

passed=0
failed=0
skipped=0
for k in "${kernels[@]}"; do
	p=$(grep -c '^PASS ' "$logdir/$k.results" || true)
	f=$(grep -c '^FAIL ' "$logdir/$k.results" || true)
	s=$(grep -c '^SKIP ' "$logdir/$k.results" || true)
	passed=$(( passed + p ))
	failed=$(( failed + f ))
	skipped=$(( skipped + s ))
done
echo "# ${#kernels[@]} kernel(s) in $(( SECONDS - start )) s, logs in $logdir"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
