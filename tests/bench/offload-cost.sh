#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/offload-cost.sh: what each offload set costs in CPU, on this
# machine's cores (make bench's host part: run on the host, not in a VM;
# needs root for the namespaces). Not a pass/fail test on the numbers: it
# exits 1 only when a figure could not be taken, with one line
# "FAIL bench host offload <what>: ..." each.
#
# Two network namespaces of its own (eqcost-a-PID, eqcost-b-PID) joined by a
# veth pair, addresses only on that pair (198.51.100.1/30 and .2/30, a
# documentation range), MTU 1500 as on the NIC; both removed at the end
# (trap). An iperf3 server in b; for each transfer an iperf3 client in a
# sends BENCH_OFFLOAD_BYTES (default 512M, iperf3 -n: 2^29 bytes) over one TCP
# connection, each transfer cut at 60 s (timeout). Both ends of the pair
# get the set's offloads off with `ethtool -K` (transmit features act on
# a's end, receive ones on b's); the real `ethtool -k` of both ends is the
# judge of what the set turned off, and a set whose offloads do not read
# back off is not measured.
#
# The sets, each from all on (every feature ethtool -K can change, as the
# fresh veth has it, plus GRO, which veth leaves off and e1000e turns on):
#   all        nothing off
#   tso        features=tso (TSO off; what e1000e itself does on pch_spt)
#   tso_gso    tso gso
#   default    tso gso sg tx (the module's default features=)
#   community  gso gro tso tx rx rxvlan txvlan sg (the community script)
#   none       everything ethtool -k shows as changeable, off
# On veth these mean: tso off makes the stack hand the pair 1500-byte
# segments of software GSO instead of 64 KiB super-packets; gso off makes
# TCP build MTU-sized packets itself; sg off forces the data into linear
# buffers (a copy); tx off (checksum) makes the stack checksum every byte
# while copying it in; gro off on the receiving end makes it take each
# segment alone (veth's GRO needs its NAPI mode, which GRO on enables);
# rx off (receive checksum) and rxvlan/txvlan change nothing for untagged
# TCP on veth (no hardware to check a checksum; no VLAN). Disabling sg or
# tx also drops the features that depend on them (netdev_fix_features:
# no TSO without SG, no SG without a TX checksum), as on e1000e.
#
# What is counted, per transfer: the CPU time of the sending and the
# receiving iperf3 processes over the test (iperf3's own getrusage
# user + system, its --json cpu_utilization_percent host_total and
# remote_total times the test's seconds), plus the user + system time the
# ksoftirqd threads took meanwhile (/proc/PID/stat, NET_RX work deferred
# to them). On veth the receive path (IP, TCP) runs as softirq in the
# sender's context; on this kernel without CONFIG_IRQ_TIME_ACCOUNTING that
# time is charged to the task it interrupts, so it is in the sender's
# figure (with IRQ_TIME_ACCOUNTING it would be in neither: the script says
# which in the results). Both stacks are on this machine, so a figure is
# the cost of one GB through a sending host's and a receiving host's
# stack together. Not counted: softirq that interrupted unrelated tasks.
# The tick's sampling (the kernel's CONFIG_HZ) is the resolution; the
# machine's other load is printed with the results (its 1-minute load
# average before and after) as it slows the throughput, less the CPU time.
# The sets take turns (all, tso, ..., none, then again), so that a change
# of load hits them alike.
#
# Figures per set, over N = BENCH_N (default 10) transfers: CPU seconds
# per GB (10^9 bytes received) min / median / max, the median's ratio to
# all on, "per cent of one core at 1 Gbit/s" (s/GB x 0.125 GB/s x 100, the
# line rate of these NICs; both ends' stacks), and the throughput reached
# (Gbit/s, iperf3's receiver figure). veth is not e1000e: what the NIC's
# hardware does (segmentation, checksums) costs nothing on veth either, so
# the figures are what turning each offload off moves onto the CPU.
#
# Output: LOGDIR (default ~/.cache/e1000e-quirks/offload/<date>) holds
# offload.tsv ("# key value" header lines, then "<set> TAB <key> TAB
# <value>") and the iperf3 JSON of each transfer; the cache's offload/last
# points to the newest. tests/vm/bench-readme.sh --offload writes the
# README's offload table from it (make bench runs it); the table printed
# at the end is its --print.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
n=${BENCH_N:-10}
case $n in '' | *[!0-9]* | 0) echo "offload-cost: BENCH_N must be a number >= 1" >&2; exit 2 ;; esac
bytes=${BENCH_OFFLOAD_BYTES:-512M}
# The whole part's budget (make bench: 30 min in all): sets stop taking
# turns once it is spent, and the figures then miss repetitions.
budget=${BENCH_OFFLOAD_BUDGET:-480}
sets="all tso tso_gso default community none"

cannot() {	# cannot WHAT WHY
	echo "FAIL bench host offload $1: $2"
	failed=1
}
failed=0

for t in iperf3 ethtool ip python3 timeout; do
	command -v "$t" >/dev/null ||
		{ cannot deps "no $t (tests/deps.sh installs it: apt-get install iperf3 ethtool iproute2 python3)"; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { cannot root "needs root for its network namespaces"; exit 1; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/e1000e-quirks/offload
logdir=${LOGDIR:-$cache/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$logdir"
tsv=$logdir/offload.tsv

A=eqcost-a-$$
B=eqcost-b-$$
IA=eqc0
IB=eqc1
ADDR_A=198.51.100.1
ADDR_B=198.51.100.2

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -s "$logdir/iperf3.pid" ]; then
		kill "$(cat "$logdir/iperf3.pid")" 2>/dev/null || true
		rm -f "$logdir/iperf3.pid"
	fi
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$A"
ip netns add "$B"
ip link add "$IA" netns "$A" type veth peer name "$IB" netns "$B"
ip -n "$A" addr add "$ADDR_A/30" dev "$IA"
ip -n "$B" addr add "$ADDR_B/30" dev "$IB"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" link set "$IA" up
ip -n "$B" link set "$IB" up

ekA() { ip netns exec "$A" ethtool "$@"; }
ekB() { ip netns exec "$B" ethtool "$@"; }

# changeable IF-RUNNER: the features of IF that ethtool -K may change and
# that are on now (sub-features included).
changeable() {
	"$2" -k "$1" | awk -F ': ' 'NR > 1 && $2 == "on" { sub(/^[ \t]+/, "", $1); print $1 }'
}
# The fresh pair's changeable features: "all on" puts these back.
onA=$(changeable "$IA" ekA)
onB=$(changeable "$IB" ekB)

# short IF RUNNER: the ethtool -K names of the features off now, among
# the ones the sets name (what a set means on veth).
short() {
	"$2" -k "$1" | awk -F ': ' '
		$1 == "tcp-segmentation-offload" { f["tso"] = $2 }
		$1 == "generic-segmentation-offload" { f["gso"] = $2 }
		$1 == "generic-receive-offload" { f["gro"] = $2 }
		$1 == "scatter-gather" { f["sg"] = $2 }
		$1 == "tx-checksumming" { f["tx"] = $2 }
		$1 == "rx-checksumming" { f["rx"] = $2 }
		$1 == "rx-vlan-offload" { f["rxvlan"] = $2 }
		$1 == "tx-vlan-offload" { f["txvlan"] = $2 }
		END {
			n = split("tso gso gro sg tx rx rxvlan txvlan", o, " ")
			for (i = 1; i <= n; i++) if (f[o[i]] ~ /^off/) s = s (s ? " " : "") o[i]
			print s == "" ? "-" : s
		}'
}

words() {	# words SET: the ethtool -K names the set turns off
	case $1 in
	all) ;;
	tso) echo tso ;;
	tso_gso) echo tso gso ;;
	default) echo tso gso sg tx ;;
	community) echo gso gro tso tx rx rxvlan txvlan sg ;;
	none) echo everything ;;
	esac
}

# set_offloads SET: all on, then the set's offloads off, on both ends;
# fails when `ethtool -k` does not read them back off.
set_offloads() {
	local w f args='' want
	for f in $onA; do args="$args $f on"; done
	# shellcheck disable=SC2086 # feature names, one per word
	ekA -K "$IA" $args gro on 2>/dev/null || true
	args=
	for f in $onB; do args="$args $f on"; done
	# shellcheck disable=SC2086
	ekB -K "$IB" $args gro on 2>/dev/null || true
	want=$(words "$1")
	if [ "$want" = everything ]; then
		args=
		for f in $(changeable "$IA" ekA); do args="$args $f off"; done
		# shellcheck disable=SC2086
		ekA -K "$IA" $args 2>/dev/null || true
		args=
		for f in $(changeable "$IB" ekB); do args="$args $f off"; done
		# shellcheck disable=SC2086
		ekB -K "$IB" $args 2>/dev/null || true
		[ -z "$(changeable "$IA" ekA)$(changeable "$IB" ekB)" ] ||
			{ echo "still on: $(changeable "$IA" ekA | tr '\n' ' ')"; return 1; }
		return 0
	fi
	args=
	for w in $want; do args="$args $w off"; done
	if [ -n "$args" ]; then
		# shellcheck disable=SC2086
		{ ekA -K "$IA" $args && ekB -K "$IB" $args; } >/dev/null 2>&1 || true
	fi
	for w in $want; do
		case " $(short "$IA" ekA) " in *" $w "*) ;; *) echo "$IA $w not off"; return 1 ;; esac
		case " $(short "$IB" ekB) " in *" $w "*) ;; *) echo "$IB $w not off"; return 1 ;; esac
	done
	[ -n "$want" ] || [ "$(short "$IA" ekA)" = - ] || { echo "$IA not all on: $(short "$IA" ekA)"; return 1; }
}

ksoftirqd_ticks() {	# user + system ticks of every ksoftirqd thread
	local p s=0 t
	for p in $(pgrep -x 'ksoftirqd/[0-9]+' 2>/dev/null || true); do
		t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null) || continue
		s=$(( s + ${t:-0} ))
	done
	echo "$s"
}
hz=$(getconf CLK_TCK)

irqtime=no
if [ -r /proc/config.gz ] && zcat /proc/config.gz | grep -q '^CONFIG_IRQ_TIME_ACCOUNTING=y'; then
	irqtime=yes
elif [ -r "/boot/config-$(uname -r)" ] && grep -q '^CONFIG_IRQ_TIME_ACCOUNTING=y' "/boot/config-$(uname -r)"; then
	irqtime=yes
fi

model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
hv=$(lscpu 2>/dev/null | sed -n 's/^Hypervisor vendor:[[:space:]]*//p')
{
	echo "# date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "# n $n"
	echo "# bytes $bytes"
	echo "# machine ${model:-unknown CPU}, $(nproc) CPUs${hv:+ (virtual, $hv)}"
	echo "# kernel $(uname -r)"
	echo "# irqtime $irqtime"
	echo "# load_before $(cut -d' ' -f1 /proc/loadavg)"
	echo "# commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
} >"$tsv"
put() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$tsv"; }

ip netns exec "$B" iperf3 -s -B "$ADDR_B" -D --pidfile "$logdir/iperf3.pid" >/dev/null
listening() { ip netns exec "$B" ss -Hltn "sport = :5201" | grep -q .; }
deadline=$(( SECONDS + 10 ))
until listening; do
	[ "$SECONDS" -lt "$deadline" ] || { cannot iperf3 "the server in $B did not listen within 10 s"; exit 1; }
	sleep 0.1
done

echo "# offload cost: $n transfers of $bytes per set over veth, sets: $sets"
for s in $sets; do
	if why=$(set_offloads "$s"); then
		put "$s" veth_off "$(short "$IA" ekA)"
	else
		cannot "$s" "the offloads did not read back off: $why"
	fi
done
start=$SECONDS
done_n=0
for rep in $(seq 1 "$n"); do
	if [ $(( SECONDS - start )) -ge "$budget" ]; then
		cannot budget "stopped after $done_n of $n repetitions (BENCH_OFFLOAD_BUDGET=$budget s)"
		break
	fi
	for s in $sets; do
		set_offloads "$s" >/dev/null || continue
		j=$logdir/$s.$rep.json
		k0=$(ksoftirqd_ticks)
		if ! timeout 60 ip netns exec "$A" iperf3 -c "$ADDR_B" -n "$bytes" -J >"$j" 2>&1; then
			cannot "$s" "transfer $rep failed (iperf3, $j)"
			continue
		fi
		k1=$(ksoftirqd_ticks)
		# bytes, seconds, sender and receiver CPU seconds
		if ! r=$(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["end"]
c, rx, tx = e["cpu_utilization_percent"], e["sum_received"], e["sum_sent"]
print(rx["bytes"], rx["seconds"], c["host_total"] / 100 * tx["seconds"],
      c["remote_total"] / 100 * rx["seconds"])' "$j"); then
			cannot "$s" "transfer $rep: no figures in $j"
			continue
		fi
		read -r b sec snd rcv <<<"$r"
		awk -v s="$s" -v b="$b" -v sec="$sec" -v snd="$snd" -v rcv="$rcv" \
			-v k=$(( k1 - k0 )) -v hz="$hz" 'BEGIN {
			ks = k / hz
			printf "%s\tcpu_s_per_gb\t%.4f\n", s, (snd + rcv + ks) / b * 1e9
			printf "%s\tsnd_s_per_gb\t%.4f\n", s, snd / b * 1e9
			printf "%s\trcv_s_per_gb\t%.4f\n", s, rcv / b * 1e9
			printf "%s\tksoftirqd_s_per_gb\t%.4f\n", s, ks / b * 1e9
			printf "%s\tgbit_s\t%.3f\n", s, b * 8 / sec / 1e9
		}' >>"$tsv"
	done
	done_n=$rep
	echo "# repetition $rep of $n done ($(( SECONDS - start )) s, load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "# load_after $(cut -d' ' -f1 /proc/loadavg)" >>"$tsv"
echo "# reps $done_n" >>"$tsv"
for s in $sets; do
	grep -q "^$s	cpu_s_per_gb	" "$tsv" || cannot "$s" "no transfer measured"
done
mkdir -p "$cache"
ln -sfn "$logdir" "$cache/last"
echo
"$repo/tests/vm/bench-readme.sh" --offload --print "$tsv"
echo
echo "# results in $tsv (tests/vm/bench-readme.sh --offload writes the README's table from it)"
exit "$failed"
