#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/bench-readme.sh [--print] [RESULTS]
#     the README's performance table, written from a `make bench` results
#     file (tests/vm/bench.sh's bench.tsv; default: the last run's,
#     ~/.cache/e1000e-quirks/bench/last/bench.tsv). Rewrites what is between
#     the lines "<!-- bench:begin" and "<!-- bench:end -->" of README.md
#     (README= names another file) with the run's date, N, kernels and
#     commit and one column per kernel; --print writes the block to stdout
#     instead. Never by hand: `make bench` runs this at its end, `make
#     bench-readme` runs it on the last results.
# A value the run did not take reads "n/a". RESULTS is refused (exit 1,
# one "FAIL bench <kernel> <key>: why" line each on stderr, nothing
# written) when a value is negative, when a key taken once per kernel
# appears twice, or when a repeated key has more values than the run's N
# repetitions (two quantities in one row, e.g. two NICs' values
# alternating). Exit 1 too if RESULTS is missing or has no values, or
# (writing) README has no markers.
# --offload [--print] [RESULTS]: the same for the host part's offload cost
# table (tests/bench/offload-cost.sh's offload.tsv, default the last
# run's, ~/.cache/e1000e-quirks/offload/last/offload.tsv; the rows:
# tests/bench/offload-table.awk), between "<!-- bench-offload:begin" and
# "<!-- bench-offload:end -->", and the medians `e1000e-quirks explain`
# prints, between "# offload-cost:begin" and "# offload-cost:end" of
# scripts/e1000e-quirks (CLI= names another file). Each block is written
# from its own part's results: the other one stays as it is.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
print=0
offload=0
if [ "${1:-}" = --offload ]; then
	offload=1
	shift
fi
if [ "${1:-}" = --print ]; then
	print=1
	shift
fi
if [ "$offload" = 1 ]; then
	tsv=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/offload/last/offload.tsv}
else
	tsv=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/bench/last/bench.tsv}
fi
readme=${README:-$repo/README.md}
[ -s "$tsv" ] || { echo "bench-readme: no results file $tsv (run make bench)" >&2; exit 1; }
grep -q $'\t' "$tsv" || { echo "bench-readme: $tsv has no values" >&2; exit 1; }

# The keys taken once per repetition (at most N values each); every other
# key is taken once per kernel.
repeated='^(hook_race\.[a-z_]+\.(segs|carrier_ms|hook_ms)|preup\.nic[0-9]+\.[a-z_]+\.us|load_to_applied_(down|up)_us|hang_to_mitigated_us|pause_relink\.(ms|on_seen))$'

# check: the problems of the results file, one FAIL line each; 1 if any.
check() {
	awk -F '\t' -v rep="$repeated" '
	/^# n / { n = $0; sub(/^# n /, "", n); n += 0; next }
	/^#/ { next }
	NF >= 3 {
		c = ++cnt[$1 SUBSEP $2]
		if ($3 ~ /^-[0-9]/) { printf "FAIL bench %s %s: negative value %s\n", $1, $2, $3; bad = 1 }
		if (!($2 ~ rep) && c == 2) { printf "FAIL bench %s %s: a second value (%s) where one is expected\n", $1, $2, $3; bad = 1 }
	}
	END {
		for (kk in cnt) {
			split(kk, p, SUBSEP)
			if (p[2] ~ rep && n > 0 && cnt[kk] > n) {
				printf "FAIL bench %s %s: %d values for N = %d (two quantities in one row?)\n", p[1], p[2], cnt[kk], n
				bad = 1
			}
		}
		exit bad
	}' "$tsv"
}

block() {
	awk -F '\t' '
	function short(k) { sub(/-amd64$/, "", k); return k }
	function sorted(k, key,    n, i, j, t) {
		n = cnt[k, key]
		for (i = 1; i <= n; i++) s[i] = val[k, key, i] + 0
		for (i = 2; i <= n; i++) {
			t = s[i]
			for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]
			s[j + 1] = t
		}
		return n
	}
	# min / median / max of the values, scaled by div, printed with fmt
	# (durations between trace events: and the pairs dropped, ends on two
	# CPUs, if any; fewer values than N: how many)
	function spread(k, key, div, fmt,    n, med, d, note) {
		n = sorted(k, key)
		d = cnt[k, key ".dropped"] ? val[k, key ".dropped", 1] + 0 : 0
		if (!n) return d ? "n/a (" d " dropped)" : "n/a"
		med = n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
		if (n < head["n"] + 0) note = n " of " head["n"]
		if (d) note = note (note == "" ? "" : ", ") d " dropped"
		return sprintf(fmt " / " fmt " / " fmt, s[1] / div, med / div, s[n] / div) (note == "" ? "" : " (" note ")")
	}
	# pause after a link flap: min / median / max ms, and in how many of
	# the flaps a poll read flow control on before it was off
	function relink(k, a,    i, on) {
		if (cnt[k, a ".missing"]) return "not measured: needs the link flap"
		if (!cnt[k, a ".ms"]) return "n/a"
		for (i = 1; i <= cnt[k, a ".on_seen"]; i++) on += val[k, a ".on_seen", i]
		return spread(k, a ".ms", 1, "%g") " (on after up: " (on + 0) " of " cnt[k, a ".ms"] ")"
	}
	function one(k, key) {
		return cnt[k, key] ? val[k, key, cnt[k, key]] : "n/a"
	}
	function ms(k, key,    v) {
		v = one(k, key)
		return v == "n/a" ? v : sprintf("%.1f ms", v / 1000)
	}
	function row(label, what, a, b, c, d,    i, k, cell, line) {
		line = "| " label " |"
		for (i = 1; i <= nk; i++) {
			k = kern[i]
			if (what == "spread") cell = spread(k, a, b, c)
			else if (what == "one") cell = one(k, a)
			else if (what == "pair") cell = one(k, a) " / " one(k, b)
			else if (what == "ms") cell = ms(k, a)
			else if (what == "bytes") cell = one(k, a) == "n/a" ? "n/a" : one(k, a) " B"
			else if (what == "dkms") cell = one(k, a) == "n/a" ? "n/a" : one(k, a) " s (" one(k, b) ", load " one(k, c) ")"
			else if (what == "bounces") cell = cnt[k, a ".missing"] ? "not in this module (no `" c "` parameter)" : one(k, a ".up") " / " one(k, a ".down")
			else if (what == "relink") cell = relink(k, a)
			line = line " " cell " |"
		}
		print line
	}
	/^# / {
		sub(/^# /, ""); f = $0; sub(/ .*/, "", f); v = $0; sub(/^[^ ]* /, "", v)
		head[f] = v; next
	}
	NF >= 3 {
		if (!((($1) SUBSEP "seen") in have)) { have[$1, "seen"] = 1; kern[++nk] = $1 }
		val[$1, $2, ++cnt[$1, $2]] = $3
	}
	END {
		print "<!-- bench:begin: written by tests/vm/bench-readme.sh from make bench results; do not edit by hand -->"
		print ""
		printf "`make bench` of %s, N = %s, commit %s, kernels: %s.\n", head["date"], head["n"], head["commit"], head["kernels"]
		if (head["machine"] != "") printf "The VMs ran under QEMU (TCG) on %s.\n", head["machine"]
		if (head["duration"] != "") printf "Wall time, fetch + DKMS build + VM per kernel: %s.\n", head["duration"]
		print "Repeated figures are min / median / max over the N repetitions (fewer values: how many; pairs dropped because their ends were on two CPUs: how many)."
		print "Durations between trace events (load to applied, watchdog event to mitigation, `NETDEV_PRE_UP` to `ndo_open`): the guest'"'"'s trace clock and clocksource as in the first row, both ends on one CPU."
		print ""
		line = "| measurement |"; sep = "|---|"
		for (i = 1; i <= nk; i++) { line = line " " short(kern[i]) " |"; sep = sep "---|" }
		print line; print sep
		row("trace clock / guest clocksource", "pair", "trace_clock", "clocksource")
		row("`tx_tcp_seg_good` before protection, 4 MiB TCP started at link-up: module", "spread", "hook_race.module.segs", 1, "%g")
		row("the same, post-up hook (`ethtool -K` after `ip link set up`)", "spread", "hook_race.hook.segs", 1, "%g")
		row("the same, the hook run once the carrier is up (a late hook)", "spread", "hook_race.hook_late.segs", 1, "%g")
		row("the same, neither (no module, no hook)", "spread", "hook_race.none.segs", 1, "%g")
		row("`ip link set up` to carrier (the transfer starts), ms, runs with the hook", "spread", "hook_race.hook.carrier_ms", 1, "%g")
		row("`ip link set up` to the post-up hook returned, ms", "spread", "hook_race.hook.hook_ms", 1, "%g")
		row("offloads on at `ndo_open`, open inside registration: module / none", "pair", "first_open.module", "first_open.none")
		row("TX watchdog resets before the first remedy in force, `eee=off pause=off k1=off` on a NIC with neither EEE nor K1: now / old ladder (computed)", "pair", "escalate.hangs", "escalate.hangs_before")
		row("escalation steps: in the ladder / configured", "pair", "escalate.ladder", "escalate.configured")
		row("`NETDEV_PRE_UP` to `ndo_open`, µs, nic1 (`ip link set up`): no module", "spread", "preup.nic1.none.us", 1, "%g")
		row("the same, module loaded, NIC already applied", "spread", "preup.nic1.applied.us", 1, "%g")
		row("the same, open inside registration (stand-in), no module: nic1 (opened first)", "spread", "preup.nic1.apply_none.us", 1, "%g")
		row("the same, no module: nic2 (opened second)", "spread", "preup.nic2.apply_none.us", 1, "%g")
		row("the same, module applying at `NETDEV_PRE_UP`: nic1 (opened first)", "spread", "preup.nic1.apply.us", 1, "%g")
		row("the same, module applying at `NETDEV_PRE_UP`: nic2 (opened second)", "spread", "preup.nic2.apply.us", 1, "%g")
		row("load to all matched NICs applied (NICs down), ms", "spread", "load_to_applied_down_us", 1000, "%.1f")
		row("load to applied (NIC up, link up), ms", "spread", "load_to_applied_up_us", 1000, "%.1f")
		row("link bounces caused by applying: module / post-up hook", "pair", "bounces_module", "bounces_posthook")
		row("carrier transitions a tunable'"'"'s change causes (`carrier_changes`, 2 = one bounce), running link / closed NIC: `tx_ring=512` (rings, e1000e)", "bounces", "bounces.rings", "", "tx_ring")
		row("the same, `pause=off` (flow control, e1000e)", "bounces", "bounces.pause", "", "pause")
		row("the same, `rx_usecs=100` (interrupt coalescing, e1000e)", "bounces", "bounces.rx_usecs", "", "rx_usecs")
		row("the same, `eee=off` (EEE, stand-in)", "bounces", "bounces.eee", "", "eee")
		row("the same, `k1=off` (K1, stand-in)", "bounces", "bounces.k1", "", "k1")
		row("`pause=off`: carrier up after a far-end link flap to `ethtool -a` RX/TX off, ms", "relink", "pause_relink")
		row("`mode=on-hang`: watchdog event (genuine TX hang) to mitigation in force, ms", "spread", "hang_to_mitigated_us", 1000, "%.1f")
		row("module size (`/proc/modules`)", "bytes", "module_size_bytes")
		row("`.ko` text + data + bss (`size`, DKMS build)", "bytes", "ko_bytes")
		row("DKMS build time (`dkms build`, where it runs)", "dkms", "dkms_build_s", "dkms_where", "dkms_load")
		print ""
		print "<!-- bench:end -->"
	}' "$tsv"
}

if [ "$offload" = 1 ]; then
	exec "$repo/tests/bench/offload-write.sh" "$print" "$tsv" "$readme"
fi
if ! check >&2; then
	echo "bench-readme: $tsv refused (above): nothing written" >&2
	exit 1
fi
if [ "$print" = 1 ]; then
	block
	exit 0
fi
{ grep -q '^<!-- bench:begin' "$readme" && grep -q '^<!-- bench:end -->' "$readme"; } ||
	{ echo "bench-readme: no bench:begin/bench:end markers in $readme" >&2; exit 1; }
new=$(mktemp "$readme.XXXXXX")
trap 'rm -f "$new"' EXIT
block >"$new.block"
awk -v blk="$new.block" '
	/^<!-- bench:begin/ { while ((getline l < blk) > 0) print l; skip = 1; next }
	/^<!-- bench:end -->/ { skip = 0; next }
	!skip' "$readme" >"$new"
rm -f "$new.block"
cat "$new" >"$readme"
echo "bench-readme: $readme written from $tsv"
