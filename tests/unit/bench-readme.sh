#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/unit/bench-readme.sh: the bench's host-side checks, no VM (part of
# `make check`'s unit stage; `make bench` itself stays outside make check).
#  - shellcheck of tests/vm/bench.sh, tests/vm/bench-readme.sh (bash) and
#    the guest scripts tests/vm/bench/*.sh (busybox sh);
#  - tests/vm/bench-readme.sh on the fixture results file
#    tests/unit/bench-fixture.tsv: the block it writes into a copy of
#    README.md holds the run's date, N and kernels and the fixture's
#    figures (min / median / max), nothing outside the markers changes, a
#    second run changes nothing, and --print gives the same block;
#  - the writer refuses tests/unit/bench-fixture-bad.tsv (a negative value,
#    a key taken once that appears twice, two quantities alternating in one
#    key: more values than N) naming each problem, and leaves the README
#    as it was; and each of those faults alone, added to the good fixture;
#  - shellcheck of the host part tests/bench/*.sh, and
#    tests/vm/bench-readme.sh --offload on tests/unit/offload-fixture.tsv:
#    the same checks for its README block, and the medians it writes into
#    a copy of scripts/e1000e-quirks (still valid sh, nothing else changed).
# One PASS, FAIL or SKIP line each.
set -euo pipefail

cd "$(dirname "$0")/../.."
fix=tests/unit/bench-fixture.tsv

if ! command -v shellcheck >/dev/null; then
	echo "SKIP bench shellcheck: no shellcheck here (apt install shellcheck)"
elif out=$(shellcheck tests/vm/bench.sh tests/vm/bench-readme.sh tests/unit/bench-readme.sh \
		tests/bench/*.sh 2>&1 &&
	   shellcheck -s sh -x tests/vm/bench/*.sh 2>&1); then
	echo "PASS bench shellcheck"
else
	echo "$out" | head -n 20
	echo "FAIL bench shellcheck: tests/vm/bench scripts (above)"
fi

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp README.md "$t/README.md"
bad=
if ! README=$t/README.md tests/vm/bench-readme.sh "$fix" >"$t/out" 2>&1; then
	bad="it failed: $(tail -n 1 "$t/out")"
else
	blk=$(sed -n '/^<!-- bench:begin/,/^<!-- bench:end -->/p' "$t/README.md")
	# shellcheck disable=SC2016 # the backquotes are the README's markdown
	for want in '`make bench` of 2026-12-02 12:00 UTC, N = 3, commit abc1234, kernels: 6.1.0-57-amd64 7.3.4+deb13-amd64.' \
		'The VMs ran under QEMU (TCG) on Test CPU, 2 CPUs, kernel 6.1.0-57-amd64.' \
		'| measurement | 6.1.0-57 | 7.3.4+deb13 |' \
		'post-up hook (`ethtool -K` after `ip link set up`) | 0 / 5 / 12 | 0 / 5 / 12 |' \
		'| 280 / 290 / 300 |' '| 10 / 11 / 12 (2 of 3, 1 dropped) |' '| - / tso,sg,tx |' '| 1 / 2 |' \
		'| trace clock / guest clocksource | mono / hpet | mono / hpet |' \
		'nic1 (opened first) | 2400 / 2500 / 2610 |' 'nic2 (opened second) | 280 / 290 / 300 |' \
		'to mitigation in force, ms | 1.2 / 4.3 / 16.2 |' '(NICs down), ms | 60.1 / 69.4 / 75.0 |' \
		'Wall time, fetch + DKMS build + VM per kernel: 6.1.0-57-amd64 600 s, 7.3.4+deb13-amd64 650 s (VM part 1250 s).' \
		'| 2 / 0 | 0 / 0 |' '| not in this module (no `rx_usecs` parameter) | 0 / 0 |' \
		'| not measured: needs the link flap | 0 / 10 / 30 (on after up: 2 of 3) |' \
		'| 7.7 s (host, load 1.50) | 7.7 s (trixie, load 2.00) |' '| 270 / 280 / 290 |'; do
		grep -qF -- "$want" <<<"$blk" || bad="$bad; no '$want'"
	done
	grep -q 'n/a' <<<"$blk" && bad="$bad; an n/a cell for a fixture value"
	diff <(sed '/^<!-- bench:begin/,/^<!-- bench:end -->/d' README.md) \
		<(sed '/^<!-- bench:begin/,/^<!-- bench:end -->/d' "$t/README.md") >/dev/null ||
		bad="$bad; text outside the markers changed"
	cp "$t/README.md" "$t/once"
	README=$t/README.md tests/vm/bench-readme.sh "$fix" >/dev/null 2>&1
	cmp -s "$t/once" "$t/README.md" || bad="$bad; a second run changed the README"
	[ "$(tests/vm/bench-readme.sh --print "$fix")" = "$blk" ] || bad="$bad; --print differs"
fi
if [ -z "$bad" ]; then
	echo "PASS bench readme block"
else
	echo "FAIL bench readme block: ${bad#; }"
fi

# The guest's trace pairs (tests/vm/lib.sh trace_pairs) under busybox sh
# and awk, as in the VM, on tests/unit/bench-trace-fixture.txt: the
# microseconds of "100.000353" (busybox awk reads "000353" as octal), each
# open with its own ndo_open, a pair across CPUs dropped, nic1's kernel
# log line as the kernel writes it ("e1000e_quirks: eth0 (...)").
if ! command -v busybox >/dev/null; then
	echo "SKIP bench trace pairs: no busybox here (apt install busybox-static)"
else
	tf=tests/unit/bench-trace-fixture.txt
	# shellcheck disable=SC2016 # expanded by the inner sh
	got=$(busybox sh -c '. tests/vm/lib.sh
		trace_pairs alt "^__dev_open( |\$)" "^(e1000e_open|sd_open)( |\$)" 1 "$1"
		trace_pairs first "^watchdog_reset: ifname=eth0 " "^apply: ifname=eth0 .*why=hang" 0 "$1"
		trace_pairs first "^tracing_mark_write: bench-hang-1\$" "^watchdog_reset: " 0 "$1"
		trace_pairs first "^tracing_mark_write: bench-load-up-1\$" "^console: (e1000e_quirks: )?eth0 [(].*[)]: turned off " 0 "$1"' sh "$tf" 2>&1 | tr '\n' ';')
	want='ok 253 0;ok 2500 0;xcpu 0 1;ok 2530 0;ok 5000063 0;ok 52000 0;'
	if [ "$got" = "$want" ]; then
		echo "PASS bench trace pairs"
	else
		echo "FAIL bench trace pairs: got '$got', want '$want'"
	fi
fi

# Results the writer must refuse: the bad fixture (each problem named, the
# README untouched), and each fault alone added to the good fixture.
bad=
cp README.md "$t/README.md"
if README=$t/README.md tests/vm/bench-readme.sh tests/unit/bench-fixture-bad.tsv >"$t/out" 2>&1; then
	bad="it accepted tests/unit/bench-fixture-bad.tsv"
else
	for want in 'FAIL bench 6.12.118+deb13-amd64 hang_to_mitigated_us: negative value -729' \
		'FAIL bench 6.1.0-57-amd64 module_size_bytes: a second value (94208) where one is expected' \
		'FAIL bench 6.12.118+deb13-amd64 preup.nic1.apply.us: 6 values for N = 3'; do
		grep -qF -- "$want" "$t/out" || bad="$bad; no '$want'"
	done
fi
cmp -s README.md "$t/README.md" || bad="$bad; the README changed"
for line in $'6.1.0-57-amd64\tload_to_applied_up_us\t-1' \
	$'7.3.4+deb13-amd64\tescalate.hangs\t1' \
	$'6.1.0-57-amd64\tpreup.nic2.apply.us\t295'; do
	{ cat "$fix"; printf '%s\n' "$line"; } >"$t/one.tsv"
	if tests/vm/bench-readme.sh --print "$t/one.tsv" >/dev/null 2>&1; then
		bad="$bad; accepted the fixture plus '${line//$'\t'/ }'"
	fi
done
if [ -z "$bad" ]; then
	echo "PASS bench readme refuses bad results"
else
	echo "FAIL bench readme refuses bad results: ${bad#; }"
fi

# The host part's offload cost block, and explain's table in the command.
ofix=tests/unit/offload-fixture.tsv
cp README.md "$t/README.md"
cp scripts/e1000e-quirks "$t/cli"
bad=
if ! README=$t/README.md CLI=$t/cli tests/vm/bench-readme.sh --offload "$ofix" >"$t/out" 2>&1; then
	bad="it failed: $(tail -n 1 "$t/out")"
else
	blk=$(sed -n '/^<!-- bench-offload:begin/,/^<!-- bench-offload:end -->/p' "$t/README.md")
	# shellcheck disable=SC2016 # the backquotes are the README's markdown
	for want in 'of 2026-12-03 13:00 UTC, N = 3, commit abc1234:' \
		'Test CPU, 2 CPUs (virtual, KVM), kernel 6.1.0-57-amd64, 1-minute load 0.50 before, 0.70 after.' \
		'| all on | - | 0.400 / 0.500 / 0.600 | 1.00 | 6.2 % | 7.00 / 8.00 / 9.00 |' \
		'| `tso gso sg tx` (the module'"'"'s default) | tso gso sg tx | 1.200 / 1.300 / 1.400 | 2.60 | 16.2 % | 3.00 / 3.20 / 3.50 |' \
		'| tso gso gro sg tx rx rxvlan txvlan and the rest | 2.200 / 2.300 / 2.400 | 4.60 | 28.7 % |'; do
		grep -qF -- "$want" <<<"$blk" || bad="$bad; no '$want'"
	done
	grep -q 'n/a' <<<"$blk" && bad="$bad; an n/a cell for a fixture value"
	diff <(sed '/^<!-- bench-offload:begin/,/^<!-- bench-offload:end -->/d' README.md) \
		<(sed '/^<!-- bench-offload:begin/,/^<!-- bench-offload:end -->/d' "$t/README.md") >/dev/null ||
		bad="$bad; README text outside the markers changed"
	tab=$(sed -n '/^# offload-cost:begin/,/^# offload-cost:end/p' "$t/cli")
	for want in 'OFFLOAD_COST_AT="2026-12-03 13:00 UTC, Test CPU, 2 CPUs (virtual, KVM), kernel 6.1.0-57-amd64"' \
		$'gso sg tso tx\t2.60\t16.2\t3.20' $'-\t1.00\t6.2\t8.00' $'everything\t4.60\t28.7\t1.60'; do
		grep -qxF -- "$want" <<<"$tab" || bad="$bad; no '$want' in the command's table"
	done
	diff <(sed '/^# offload-cost:begin/,/^# offload-cost:end/d' scripts/e1000e-quirks) \
		<(sed '/^# offload-cost:begin/,/^# offload-cost:end/d' "$t/cli") >/dev/null ||
		bad="$bad; the command changed outside its markers"
	sh -n "$t/cli" || bad="$bad; the command is no longer valid sh"
	cp "$t/README.md" "$t/once"
	cp "$t/cli" "$t/cli.once"
	README=$t/README.md CLI=$t/cli tests/vm/bench-readme.sh --offload "$ofix" >/dev/null 2>&1
	{ cmp -s "$t/once" "$t/README.md" && cmp -s "$t/cli.once" "$t/cli"; } ||
		bad="$bad; a second run changed the README or the command"
	[ "$(tests/vm/bench-readme.sh --offload --print "$ofix")" = "$blk" ] || bad="$bad; --print differs"
fi
if [ -z "$bad" ]; then
	echo "PASS bench offload block"
else
	echo "FAIL bench offload block: ${bad#; }"
fi
