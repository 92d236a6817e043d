#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/demo.sh [KREL]: make demo. Boots the test VM (default: the first
# kernel of tests/kernels.sh) with the demo suite (tests/vm/demo/) and
# prints what it showed: the guest's commands and the kernel log lines
# interleaved as they appeared on the console.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
krel=${1:-$("$repo/tests/kernels.sh" | head -n 1)}
logdir=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-demo.XXXXXX")

echo "Booting Debian's $krel in QEMU (TCG) with two emulated e1000e NICs;"
echo "building e1000e_quirks.ko against its headers. About a minute."
rc=0
SCENARIO_DIR=$here/demo "$here/vm.py" "$krel" --logdir "$logdir" \
	>"$logdir/results" 2>"$logdir/stderr" || rc=$?
# The demo's part of the console: from its start to its result line.
tr -d '\r' <"$logdir/$krel.console.log" |
	sed -n '/^=== 01-demo$/,/^\(PASS\|FAIL\) .* 01-demo/p' |
	grep -v '^\[01-demo\] \(host request\|hang_tx\|unhang_tx\)' |
	sed '1d' |
	# A kernel line shows twice: on the console as printed, and in the dmesg
	# output the demo shows. Keep the first.
	awk '!/^\[ *[0-9]+\.[0-9]+\]/ || !seen[$0]++'
echo
cat "$logdir/results"
echo "(whole console log: $logdir/$krel.console.log)"
exit "$rc"
