#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/offload-write.sh PRINT RESULTS README: the writing half of
# `tests/vm/bench-readme.sh --offload` (run it through that). PRINT=1: the
# README block to stdout. PRINT=0: the block between "<!-- bench-offload:begin"
# and "<!-- bench-offload:end -->" of README, and the medians between
# "# offload-cost:begin" and "# offload-cost:end" of the command (CLI,
# default scripts/e1000e-quirks), rewritten from RESULTS
# (tests/bench/offload-table.awk makes both). Exit 1 if RESULTS is missing
# or has no values, or a file has no markers.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
print=$1 tsv=$2 readme=$3
cli=${CLI:-$repo/scripts/e1000e-quirks}
awkf=$here/offload-table.awk
[ -s "$tsv" ] || { echo "bench-readme: no offload results file $tsv (run tests/bench/offload-cost.sh)" >&2; exit 1; }
grep -q $'\t' "$tsv" || { echo "bench-readme: $tsv has no values" >&2; exit 1; }

if [ "$print" = 1 ]; then
	awk -v out=readme -f "$awkf" "$tsv"
	exit 0
fi
{ grep -q '^<!-- bench-offload:begin' "$readme" && grep -q '^<!-- bench-offload:end -->' "$readme"; } ||
	{ echo "bench-readme: no bench-offload:begin/bench-offload:end markers in $readme" >&2; exit 1; }
{ grep -q '^# offload-cost:begin' "$cli" && grep -q '^# offload-cost:end' "$cli"; } ||
	{ echo "bench-readme: no offload-cost:begin/offload-cost:end markers in $cli" >&2; exit 1; }

t=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-offload.XXXXXX")
trap 'rm -rf "$t"' EXIT
awk -v out=readme -f "$awkf" "$tsv" >"$t/readme.block"
awk -F '\t' '
	/^# / {
		sub(/^# /, ""); f = $0; sub(/ .*/, "", f); v = $0; sub(/^[^ ]* /, "", v)
		h[f] = v
	}
	END { printf "OFFLOAD_COST_AT=\"%s, %s, kernel %s\"\n", h["date"], h["machine"], h["kernel"] }' \
	"$tsv" >"$t/cli.block"
{
	echo 'OFFLOAD_COST="'
	awk -v out=cli -f "$awkf" "$tsv"
	echo '"'
} >>"$t/cli.block"
# splice FILE BEGIN END BLOCK: BLOCK replaces what is between the lines
# starting with BEGIN and END (both kept for the command, the README's are
# part of the block).
splice() {
	awk -v blk="$4" -v b="$2" -v e="$3" -v keep="$5" '
		index($0, b) == 1 {
			if (keep) print
			while ((getline l < blk) > 0) print l
			skip = 1; next
		}
		index($0, e) == 1 { skip = 0; if (!keep) next }
		!skip' "$1" >"$t/new"
	cat "$t/new" >"$1"
}
splice "$readme" '<!-- bench-offload:begin' '<!-- bench-offload:end -->' "$t/readme.block" ""
splice "$cli" '# offload-cost:begin' '# offload-cost:end' "$t/cli.block" 1
echo "bench-readme: $readme and $cli written from $tsv"
