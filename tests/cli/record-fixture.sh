#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/cli/record-fixture.sh [KREL]: record tests/cli/fixture/ from the
# real module. Boots KREL (default: the newest kernel of tests/kernels.sh)
# in the test VM with only tests/cli/record/01-sysfs-tree.sh (vm.py,
# SCENARIO_DIR=tests/cli/record, one VM, a few minutes under TCG), takes
# the base64 tar that scenario prints on the console, checks its md5 and
# replaces tests/cli/fixture/ with it:
#   krel                                   the kernel it was recorded on
#   sys/kernel/e1000e_quirks/...           every file the module writes
#   sys/module/e1000e_quirks/{version,initstate,parameters/*}
# Run it again after adding or renaming a sysfs file of the module (a
# tunable in include/e1000e_quirks/tunable_list.h, a file in src/sysfs.c):
# tests/unit/test_tunables.c fails until the fixture has every file the
# module writes and no other. Commit the result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
k=${1:-$("$root/tests/kernels.sh" | grep -v -- '-rt-' | tail -n 1)}
logdir=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-record.XXXXXX")
trap 'rm -rf "$logdir"' EXIT
"$root/tests/fetch-kernel.sh" "$k" >/dev/null
VM_PLAN=full SCENARIO_DIR=$here/record "$root/tests/vm/vm.py" "$k" \
	--logdir "$logdir" >"$logdir/results" 2>"$logdir/stderr" || true
if ! grep -q "^PASS $k 01-sysfs-tree" "$logdir/results"; then
	echo "record-fixture: the recording VM failed:" >&2
	cat "$logdir/results" >&2
	tail -n 40 "$logdir/$k.console.log" >&2 || true
	exit 1
fi
tr -d '\r' <"$logdir/$k.console.log" |
	sed -n 's/^.*@@FX \([A-Za-z0-9+/=]*\)$/\1/p' | base64 -d >"$logdir/fixture.tar"
want=$(tr -d '\r' <"$logdir/$k.console.log" | sed -n 's/^.*@@FIXTURE END \([0-9a-f]*\)$/\1/p')
got=$(md5sum <"$logdir/fixture.tar" | cut -d' ' -f1)
if [ -z "$want" ] || [ "$want" != "$got" ]; then
	echo "record-fixture: the tar from the console is damaged (md5 $got, the guest's '$want')" >&2
	exit 1
fi
rm -rf "$here/fixture"
mkdir -p "$here/fixture"
tar -C "$here/fixture" -xf "$logdir/fixture.tar"
echo "record-fixture: tests/cli/fixture/ recorded on $k ($(find "$here/fixture/sys" -type f | wc -l) files)"
