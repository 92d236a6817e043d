#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/bench.sh [KREL...]: the performance report (make bench). Not a
# pass/fail test on the numbers: it exits 1 only when a measurement could
# not be taken or came out impossible (a negative value, a duration longer
# than the wall time around it, a key with more values than repetitions),
# with one line "FAIL bench <kernel> <what>: ..." for each; an impossible
# value never enters bench.tsv. Kernels: the arguments, else KERNELS, else
# the oldest and the newest generic (not -rt) kernel of tests/kernels.sh,
# the README table's two columns.
#
# For each kernel, one after the other (one VM at a time):
#  - DKMS build time: `dkms add` into temporary trees, then the wall time of
#    `dkms build` alone, timed where the build runs (tests/kbuild.sh
#    --exec: the host's dkms 3.0 for Debian 12 kernels, the Debian 13
#    chroot's dkms 3.2 and gcc 14 for Debian 13 ones); the built .ko's
#    text + data + bss (`size`), and the host's 1-minute load average
#    after it (the 2 cores are shared). DKMS builds never set
#    EQ_FAULT_INJECT.
#  - the test VM (vm.py, SCENARIO_DIR=tests/vm/bench, VM_PLAN=full) with the
#    bench suite, whose scripts print "BENCH <kernel> <key> <value>" lines
#    and say in their headers how each figure is taken:
#      01-bench       load to applied (NICs down / up) and mode=on-hang's
#                     watchdog event to mitigation, N repetitions each;
#                     link bounces caused by applying (module / post-up
#                     hook), /proc/modules size, the guest's clocksource
#      02-hook-race   tx_tcp_seg_good of a TCP transfer started at link-up,
#                     module / post-up hook / the hook at carrier / neither,
#                     N repetitions, plus
#                     `ip link set up` to carrier and to the hook's return
#      03-first-open  offloads on at ndo_open when the open comes inside
#                     registration (stand-in, open_at_register=1), module
#                     vs none
#      04-escalate    TX watchdog resets spent before the first remedy the
#                     NIC can take, eee=off pause=off k1=off on a NIC with
#                     neither EEE nor K1 (stand-in), and the same computed
#                     for the old ladder that kept unusable steps
#      05-preup       NETDEV_PRE_UP to ndo_open (function tracer), N
#                     repetitions: none, module with the NIC applied, and
#                     the open inside registration with and without the
#                     module (there the pass at NETDEV_PRE_UP does the apply)
#      06-bounces     carrier transitions each tunable's change causes
#                     (running link / closed NIC; EEE and K1 on the
#                     stand-in), and pause=off's carrier up to flow
#                     control off after a far-end link flap, N times
# Durations between two trace events (01, 05) use the mono trace clock
# with hpet as the guest's clocksource, both ends on one CPU (checked;
# a pair across CPUs is dropped and counted as <key>.dropped): lib.sh
# trace_pairs. Repeated figures are reported as min / median / max over N
# (BENCH_N, default 10, at least 1; passed to the guest as eq.bench_n=N).
# The VM's cap is VM_TIMEOUT, default 600 + 100 s per repetition (the 2
# cores are usually shared). Each part's wall time is printed at the end
# (# time lines, also in LOGDIR/times.txt): fetch, DKMS build, the VM and
# each of its scripts (from the console log's host notes), so what is slow
# can be seen.
#
# Output: LOGDIR (default ~/.cache/e1000e-quirks/bench/<date>) holds the
# console logs and bench.tsv, the machine-readable results
# (tests/vm/bench-readme.sh reads it: "# date|n|kernels ..." header lines,
# then "<kernel> TAB <key> TAB <value>", one line per value); the cache's
# bench/last points to the newest. The tables printed at the end are
# bench-readme.sh --print of that file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ $# -gt 0 ]; then
	kernels=("$@")
elif [ -n "${KERNELS:-}" ]; then
	read -r -a kernels <<<"$KERNELS"
else
	# the matrix's oldest and newest generic kernels (as vm.py's "oldest"
	# and "newest"): the README table's columns
	mapfile -t kernels < <("$repo/tests/kernels.sh" | grep -v -- '-rt-amd64$' |
		sort -V | sed -n '1p;$p' | uniq)
	[ "${#kernels[@]}" -gt 0 ] || { echo "bench: no kernels from tests/kernels.sh" >&2; exit 2; }
fi
n=${BENCH_N:-10}
case $n in '' | *[!0-9]* | 0) echo "bench: BENCH_N must be a number >= 1" >&2; exit 2 ;; esac

cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/bench
logdir=${LOGDIR:-$cache/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$logdir"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")
tsv=$logdir/bench.tsv
{
	echo "# date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "# n $n"
	echo "# kernels ${kernels[*]}"
	echo "# commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "# machine $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs, kernel $(uname -r)"
} >"$tsv"
failed=0
bench_t0=$(date +%s)
times=$logdir/times.txt
: >"$times"

put() {	# put KREL KEY VALUE
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$tsv"
}

cannot() {	# cannot KREL WHAT WHY: a measurement that could not be taken
	echo "FAIL bench $1 $2: $3"
	failed=1
}

# dkms_build KREL: dkms_where, dkms_build_s and ko_bytes (text+data+bss)
# into bench.tsv.
dkms_build() {
	local k=$1 t where out ko
	where=$("$repo/tests/kbuild.sh" --where "$k") ||
		{ cannot "$k" "dkms build" "no headers for it"; return 0; }
	t=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-bench.XXXXXX")
	mkdir -p "$t/src/e1000e-quirks-$ver" "$t/tree" "$t/install/$k"
	cp -r "$repo"/{Kbuild,dkms.conf,src,include} "$t/src/e1000e-quirks-$ver/"
	out=$logdir/$k.dkms.log
	# The clock is read where dkms runs, around `dkms build` only.
	# shellcheck disable=SC2016 # expanded by the inner sh
	if "$repo/tests/kbuild.sh" --exec "$k" "$t" sh -c '
		m="-m e1000e-quirks -v $1"; k=$2; shift 2
		dkms add $m "$@" >/dev/null || exit 1
		s0=$(date +%s.%N)
		dkms build $m -k "$k" "$@" || exit 1
		s1=$(date +%s.%N)
		echo "BUILD_S $s0 $s1"' sh "$ver" "$k" \
		--dkmstree "$t/tree" --sourcetree "$t/src" --installtree "$t/install" \
		--kernelsourcedir "/lib/modules/$k/build" >"$out" 2>&1; then
		put "$k" dkms_where "$where"
		put "$k" dkms_load "$(cut -d' ' -f1 /proc/loadavg)"
		put "$k" dkms_build_s "$(awk '$1 == "BUILD_S" { printf "%.1f", $3 - $2 }' "$out")"
		ko=$(find "$t/tree" -name 'e1000e_quirks.ko*' | head -n 1)
		case $ko in
		*.ko) ;;
		*.ko.xz) xz -dc "$ko" >"$t/m.ko" && ko=$t/m.ko ;;
		*.ko.zst) zstd -qdc "$ko" >"$t/m.ko" && ko=$t/m.ko ;;
		*.ko.gz) gzip -dc "$ko" >"$t/m.ko" && ko=$t/m.ko ;;
		*) ko= ;;
		esac
		if [ -n "$ko" ]; then
			put "$k" ko_bytes "$(size "$ko" | awk 'NR == 2 { print $1 + $2 + $3 }')"
		else
			cannot "$k" "ko size" "no e1000e_quirks.ko in the DKMS tree"
		fi
	else
		tail -n 20 "$out"
		cannot "$k" "dkms build" "failed (above, $out)"
	fi
	rm -rf "$t"
}

# The keys each kernel's run must have (a missing one was not measured).
want_keys="clocksource trace_clock
load_to_applied_down_us load_to_applied_up_us bounces_module
bounces_posthook hang_to_mitigated_us module_size_bytes
hook_race.module.segs hook_race.hook.segs hook_race.hook_late.segs
hook_race.none.segs
hook_race.hook.carrier_ms hook_race.hook.hook_ms first_open.none
first_open.module escalate.hangs escalate.configured escalate.ladder
escalate.hangs_before preup.nic1.none.us preup.nic1.applied.us
preup.nic1.apply_none.us preup.nic2.apply_none.us
preup.nic1.apply.us preup.nic2.apply.us
bounces.rings.up bounces.rings.down bounces.pause.up bounces.pause.down
bounces.eee.up bounces.eee.down bounces.k1.up bounces.k1.down"

# script_times CONSOLE_LOG: "NN-name S" for each script of the VM, from
# the host's notes in the console log ("[host HH:MM:SS] ctl: @@BEGIN
# NN-name" to that script's PASS or FAIL line).
script_times() {
	awk '
	function sec(s,    t) { split(s, t, ":"); return t[1] * 3600 + t[2] * 60 + t[3] }
	/^\[host [0-9:]+\] ctl: / {
		s = $2; sub(/\]$/, "", s); now = sec(s)
		if ($4 == "@@BEGIN") { name = $5; t0 = now; next }
		if (name != "" && ($4 == "PASS" || $4 == "FAIL")) {
			d = now - t0; if (d < 0) d += 86400
			printf "%s %d\n", name, d; name = ""
		}
	}' "$1" 2>/dev/null
}

durations=
for k in "${kernels[@]}"; do
	echo "# bench $k: DKMS build, then the VM (N=$n)"
	t0=$(date +%s)
	"$repo/tests/fetch-kernel.sh" "$k" >/dev/null
	t1=$(date +%s)
	dkms_build "$k"
	t2=$(date +%s)
	VM_PLAN=full SCENARIO_DIR=$here/bench \
		VM_APPEND="${VM_APPEND:+$VM_APPEND }eq.bench_n=$n" \
		VM_TIMEOUT=${VM_TIMEOUT:-$(( 600 + 100 * n ))} \
		"$here/vm.py" "$k" --logdir "$logdir" \
		>"$logdir/$k.results" 2>"$logdir/$k.stderr" || true
	t3=$(date +%s)
	t_fetch=$(( t1 - t0 )) t_dkms=$(( t2 - t1 )) t_vm=$(( t3 - t2 ))
	grep '^FAIL ' "$logdir/$k.results" | sed 's/^FAIL /FAIL bench /' || true
	grep -q '^FAIL ' "$logdir/$k.results" && failed=1
	# A negative value is no measurement: it fails the bench and stays
	# out of bench.tsv (the writer would refuse the file).
	tr -d '\r' <"$logdir/$k.console.log" 2>/dev/null |
		awk -v k="$k" -v neg="$logdir/$k.negative" '
		$1 == "BENCH" && $2 == k && NF >= 4 {
			if ($4 ~ /^-[0-9]/) print $3 "\t" $4 >neg
			else print k "\t" $3 "\t" $4
		}' >>"$tsv" || true
	if [ -s "$logdir/$k.negative" ]; then
		while IFS=$'\t' read -r key v; do
			cannot "$k" "$key" "negative value $v (not entered)"
		done <"$logdir/$k.negative"
	fi
	for key in $want_keys; do
		grep -q "^$k	$key	" "$tsv" || cannot "$k" "$key" "no value (see $logdir/$k.console.log)"
	done
	scripts=$(script_times "$logdir/$k.console.log" | tr '\n' ',' | sed 's/,$//; s/ \([0-9]*\)/ \1 s/g; s/,/, /g')
	sum=$(script_times "$logdir/$k.console.log" | awk '{ s += $2 } END { print s + 0 }')
	echo "# time $k: fetch $t_fetch s, dkms build $t_dkms s, VM $t_vm s (${scripts:-no script times}; module builds and boot $(( t_vm - sum )) s)" |
		tee -a "$times"
	durations="${durations:+$durations, }$k $(( t_fetch + t_dkms + t_vm )) s"
done
total=$(( $(date +%s) - bench_t0 ))
echo "# duration $durations (VM part $total s)" >>"$tsv"
echo "# time tests/vm/bench.sh: $total s" | tee -a "$times"
mkdir -p "$cache"
ln -sfn "$logdir" "$cache/last"
echo
# The writer refuses a file with a negative value or a key with more values
# than expected (one per kernel, or N): FAIL lines on stderr.
"$here/bench-readme.sh" --print "$tsv" || failed=1
echo
echo "# results in $tsv (tests/vm/bench-readme.sh writes the README's table from it)"
exit "$failed"
