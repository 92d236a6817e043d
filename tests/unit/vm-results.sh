#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/unit/vm-results.sh: tests/vm/run.sh's count_results (each VM's
# "expected N results" line against the result lines it printed) on
# fixtures, no VM: a complete run gives no line; a result missing, one
# doubled and one of a scenario not expected each give their FAIL line.
# One PASS or FAIL line.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
logdir=$(mktemp -d "${TMPDIR:-/tmp}/eq-vm-results.XXXXXX")
trap 'rm -rf "$logdir"' EXIT
# shellcheck source=/dev/null
source <(sed -n '/^count_results() {/,/^}/p' tests/vm/run.sh)
k=6.12.118-eq-debug
head="# $k: expected 3 results (plan kasan): 08-hot-unplug 50-detectors kmemleak-at-end"
good="PASS $k 08-hot-unplug
FAIL $k 50-detectors: detector kobject stayed silent
PASS $k kmemleak-at-end
FAIL $k splat: 1 line(s), first during 50-detectors: ..."
check() {	# WHAT RESULTS WANT: count_results on RESULTS prints WANT (an ERE, or '' for nothing)
	local out
	printf '%s\n%s\n' "$head" "$2" >"$logdir/$k.results"
	out=$(count_results "$k")
	if [ -z "$3" ] && [ -n "$out" ] || [ -n "$3" ] && ! grep -qE -- "$3" <<<"$out"; then
		echo "FAIL vm-results: $1: got '${out:-nothing}'"
		exit 1
	fi
}
check "a complete run" "$good" ''
check "a missing result" "$(grep -v kmemleak <<<"$good")" "^FAIL $k results: 0 result lines for kmemleak-at-end"
check "a doubled result" "$good
PASS $k 08-hot-unplug" "^FAIL $k results: 2 result lines for 08-hot-unplug"
check "a result not expected" "$good
PASS $k 27-on-hang-kept" "^FAIL $k results: results for scenarios not expected: 27-on-hang-kept"
echo "PASS vm-results (run.sh's count of each VM's results against its expected list: 4 cases)"
