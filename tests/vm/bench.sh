#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/bench.sh [KREL...]: the performance report (make bench). Not a
# pass/fail test. For each kernel (default: tests/kernels.sh) it times a
# DKMS build of the module on the host, then boots the test VM with the
# bench suite (tests/vm/bench/*.sh, which prints "BENCH <kernel> <key>
# <value>" lines) and prints one table per kernel.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ $# -gt 0 ]; then
	kernels=("$@")
elif [ -n "${KERNELS:-}" ]; then
	read -r -a kernels <<<"$KERNELS"
else
	mapfile -t kernels < <("$repo/tests/kernels.sh")
fi

logdir=${LOGDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$logdir"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")

# dkms_build_s KREL: wall seconds of `dkms build` in temporary trees.
dkms_build_s() {
	local k=$1 t trees s0 s1
	t=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-bench.XXXXXX")
	mkdir -p "$t/src/e1000e-quirks-$ver" "$t/tree" "$t/install/$k"
	cp -r "$repo"/{Kbuild,dkms.conf,src,include} "$t/src/e1000e-quirks-$ver/"
	trees=(--dkmstree "$t/tree" --sourcetree "$t/src" --installtree "$t/install")
	dkms add -m e1000e-quirks -v "$ver" "${trees[@]}" >/dev/null
	s0=$(date +%s.%N)
	dkms build -m e1000e-quirks -v "$ver" -k "$k" "${trees[@]}" >"$logdir/$k.dkms.log" 2>&1
	s1=$(date +%s.%N)
	rm -rf "$t"
	awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.1f", b - a }'
}

val() {	# val FILE KEY
	awk -v k="$2" '$1 == "BENCH" && $3 == k { v = $4 } END { print (v == "" ? "n/a" : v) }' "$1"
}

ms() {	# microseconds -> milliseconds with one decimal
	case $1 in
	n/a | "") echo "n/a" ;;
	*) awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }' ;;
	esac
}

for k in "${kernels[@]}"; do
	"$repo/tests/fetch-kernel.sh" "$k" >/dev/null
	build=$(dkms_build_s "$k")
	SCENARIO_DIR=$here/bench "$here/vm.py" "$k" --logdir "$logdir" \
		>"$logdir/$k.results" 2>"$logdir/$k.stderr" || true
	c=$logdir/$k.console.log
	tr -d '\r' <"$c" | grep '^BENCH ' >"$logdir/$k.bench" || true
	b=$logdir/$k.bench
	echo
	echo "== $k ($(head -n 1 "$logdir/$k.results"))"
	printf '%-52s %-16s %s\n' "measurement" "e1000e_quirks" "post-up hook"
	printf '%-52s %-16s %s\n' "load to all matched NICs applied (NICs down)" \
		"$(ms "$(val "$b" load_to_applied_down_us)")" "-"
	printf '%-52s %-16s %s\n' "load to applied (NIC up, link up)" \
		"$(ms "$(val "$b" load_to_applied_up_us)")" "-"
	printf '%-52s %-16s %s\n' "link bounces caused by applying" \
		"$(val "$b" bounces_module)" "$(val "$b" bounces_posthook)"
	printf '%-52s %-16s %s\n' "tx_tcp_seg_good before protection (4 MiB TCP)" \
		"$(val "$b" tso_segs_module)" "$(val "$b" tso_segs_posthook)"
	printf '%-52s %-16s %s\n' "on-hang: watchdog event to mitigation in force" \
		"$(ms "$(val "$b" hang_to_mitigated_us)")" "-"
	printf '%-52s %-16s %s\n' "module size (/proc/modules)" \
		"$(val "$b" module_size_bytes) bytes" "-"
	printf '%-52s %-16s %s\n' "DKMS build time (host, 2 cores)" "$build s" "-"
done
echo
echo "# raw values and console logs in $logdir"
