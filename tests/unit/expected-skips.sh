#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/unit/expected-skips.sh: the skips make check may print are listed
# once, in tests/expected-skips (tests/check.sh fails any other SKIP); the
# README's table of the skips to expect (Tests) must name the same ones,
# each in the first column. Then the judge itself, on fixtures: a listed
# SKIP passes, an unlisted one (e.g. "SKIP 7.3.4+deb13-amd64 90-cli watch")
# is a FAIL. One PASS or FAIL line.
#
# --judge: SKIP lines on stdin; one "FAIL skip-unexpected: ..." line for
# each that tests/expected-skips does not list (tests/check.sh, at the end).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

# listed LINE: whether tests/expected-skips has an ERE for this SKIP line.
listed() {
	awk -F' [|] ' -v l="${1#SKIP }" '/^#/ || NF < 3 { next }
		l ~ $2 { found = 1 } END { exit !found }' tests/expected-skips
}
if [ "${1:-}" = --judge ]; then
	while IFS= read -r line; do
		listed "$line" ||
			echo "FAIL skip-unexpected: '$line' is not in tests/expected-skips (README.md, Tests)"
	done
	exit 0
fi

list=$(awk -F' [|] ' '!/^#/ && NF >= 3 { print $1 }' tests/expected-skips | sort)
# shellcheck disable=SC2016 # the README table's backticks
readme=$(awk '/^\| `SKIP` line \|/ { t = 1; next }
	t && /^\|/ { print; next }
	t { exit }' README.md |
	sed -n 's/^| `\([^`]*\)` |.*/\1/p' | sort)
if [ -z "$list" ]; then
	echo "FAIL expected-skips: no entry in tests/expected-skips"
	exit 1
fi
if [ "$list" != "$readme" ]; then
	echo "FAIL expected-skips: README.md's table of the skips to expect and tests/expected-skips differ:"
	diff <(echo "$readme") <(echo "$list") | sed -n 's/^</  README only:/p; s/^>/  list only:/p'
	exit 1
fi
# The judge of --judge on two lines.
if ! listed "SKIP unit reference-table: no ../shared"; then
	echo "FAIL expected-skips: a listed SKIP (unit reference-table) is not matched"
	exit 1
fi
if listed "SKIP 7.3.4+deb13-amd64 90-cli watch: no tracefs events"; then
	echo "FAIL expected-skips: an unlisted SKIP (90-cli watch) passes the judge"
	exit 1
fi
echo "PASS expected-skips ($(echo "$list" | wc -l) skips, the README's table and tests/expected-skips agree)"
