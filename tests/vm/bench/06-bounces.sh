#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 06-bounces: the link bounces each tunable's change causes, on a running
# link and on a closed NIC, and the time from carrier up to flow control
# off again with pause=off. Not a pass/fail test: it prints
#   BENCH <kernel> bounces.<tunable>.up <carrier transitions on nic2>
#   BENCH <kernel> bounces.<tunable>.down <carrier transitions on nic1>
# for tx_ring=512 (rings), pause=off and rx_usecs=100 (coalescing) on the
# real e1000e, and eee=off and k1=off on the e1000e stand-in (QEMU's 82574L
# has neither EEE nor the disable-k1 flag). Loaded with ids=8086:10d3 (the
# default offloads applied first, with both NICs down), then nic2 up with
# carrier (running) and nic1 down (closed); the one write of the parameter
# to /sys/module/e1000e_quirks/parameters/ changes both. Counted: the
# delta of /sys/class/net/IF/carrier_changes (2 per bounce: down, up) from
# before the write to once the real ethtool shows the change on both NICs
# (`ethtool -g` TX 512, `ethtool -a` RX/TX off, `ethtool -c` rx-usecs 100,
# `ethtool --show-eee` disabled, `ethtool --show-priv-flags` disable-k1
# on) and nic2's carrier_changes has not moved for 2 s with its carrier up.
# Each tunable goes back to keep (0 for rings) before the next one.
# A module without rx_usecs (interrupt coalescing) prints
#   BENCH <kernel> bounces.rx_usecs.missing parameter
# instead.
#
# Pause after a link-up: with the link flap from the host (lib.sh
# link_flap: QEMU's set_link, e1000e on legacy INTx), pause=off in force on
# nic2 (`ethtool -a` off/off/off), N times (eq.bench_n=, default 10): the
# far end's link goes down and up again; from the first poll that sees
# nic2's carrier up to the first that reads RX and TX off in `ethtool -a`
# (polled back to back, /proc/uptime: 10 ms resolution; 0 if the first
# poll already reads off):
#   BENCH <kernel> pause_relink.ms <ms>
#   BENCH <kernel> pause_relink.on_seen <1 if a poll read RX or TX on>
# A harness without link_flap prints
#   BENCH <kernel> pause_relink.missing link-flap
# timeout: 900
# shellcheck source=tests/vm/lib.sh disable=SC2317,SC2119 # (helpers called via poll_until; standin_load without parameters)
. /lib.sh

N=$(sed -n 's/.*eq\.bench_n=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
N=${N:-10}

bench() {
	echo "BENCH $KREL $1 $2"
}

ring_tx() {
	ethtool -g "$1" | sed -n '/^Current hardware settings:/,$ s/^TX:[[:space:]]*//p'
}

pause_now() {	# RX/TX from the real ethtool -a
	echo "$(ethtool -a "$1" | sed -n 's/^RX:[[:space:]]*//p')/$(ethtool -a "$1" | sed -n 's/^TX:[[:space:]]*//p')"
}

rx_usecs_now() {
	ethtool -c "$1" | sed -n 's/^rx-usecs:[[:space:]]*//p'
}

eee_now() {
	ethtool --show-eee "$1" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p'
}

k1_flag() {
	ethtool --show-priv-flags "$1" | sed -n 's/^disable-k1[[:space:]]*: *//p'
}

# changed TUNABLE IF: the real ethtool shows the tunable's change on IF.
changed() {
	case $1 in
	rings) [ "$(ring_tx "$2")" = 512 ] ;;
	pause) [ "$(pause_now "$2")" = off/off ] ;;
	rx_usecs) [ "$(rx_usecs_now "$2")" = 100 ] ;;
	eee) [ "$(eee_now "$2")" = disabled ] ;;
	k1) [ "$(k1_flag "$2")" = on ] ;;
	esac
}

_carrier_is() {
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

# settled IF: carrier_changes still for 2 s with the carrier up.
settled() {
	stays_for 2 _carrier_is "$1" "$(carrier_changes "$1")"
}

# measure TUNABLE PARAM VALUE BACK: write VALUE, count, write BACK.
measure() {
	c1=$(carrier_changes "$IF1")
	c2=$(carrier_changes "$IF2")
	echo "$3" >"$QUIRKS_PARAMS/$2" || fail "$2=$3 refused"
	poll_until 20 changed "$1" "$IF2" || fail "$2=$3: not in force on $IF2 (ethtool)"
	poll_until 20 changed "$1" "$IF1" || fail "$2=$3: not in force on $IF1 (ethtool)"
	poll_until 30 settled "$IF2" || fail "$2=$3: $IF2's carrier did not settle"
	bench "bounces.$1.up" $(( $(carrier_changes "$IF2") - c2 ))
	bench "bounces.$1.down" $(( $(carrier_changes "$IF1") - c1 ))
	echo "$4" >"$QUIRKS_PARAMS/$2" || fail "$2=$4 refused"
	poll_until 20 _not changed "$1" "$IF2" || fail "$2=$4: still in force on $IF2"
	poll_until 30 settled "$IF2" || fail "$2=$4: $IF2's carrier did not settle"
}

_not() {
	! "$@"
}

# running_pair: nic1 closed, nic2 up with carrier, module loaded.
running_pair() {
	IF1=$(nic_if 1)
	IF2=$(nic_if 2)
	load_quirks "ids=$EMU_ID" || fail "insmod failed"
	wait_state "$(nic_pci 1)" applied || fail "nic1 not applied"
	ip link set "$IF2" up || fail "ip link set $IF2 up failed"
	poll_until 20 link_up "$IF2" || fail "$IF2: no carrier"
	poll_until 30 settled "$IF2" || fail "$IF2: carrier did not settle"
}

# 1. The real e1000e: rings, flow control, coalescing.
running_pair
measure rings tx_ring 512 0
measure pause pause off keep
if [ -e "$QUIRKS_PARAMS/rx_usecs" ]; then
	measure rx_usecs rx_usecs 100 keep
else
	bench bounces.rx_usecs.missing parameter
fi

# 2. The stand-in: EEE and K1.
reset_env || fail "reset_env failed"
standin_load || fail "cannot load the stand-in"
running_pair
measure eee eee off keep
measure k1 k1 off keep

# 3. Pause after a link-up (needs the host's link flap).
reset_env || fail "reset_env failed"
if ! command -v link_flap >/dev/null 2>&1; then
	bench pause_relink.missing link-flap
	pass
fi
e1000e_legacy_irq || fail "cannot load e1000e with IntMode=0,0"
IF2=$(nic_if 2)
load_quirks "ids=$EMU_ID" pause=off || fail "insmod pause=off failed"
ip link set "$IF2" up || fail "ip link set $IF2 up failed"
poll_until 20 link_up "$IF2" || fail "$IF2: no carrier"
poll_until 20 changed pause "$IF2" || fail "pause=off: not in force ($(pause_now "$IF2"))"
poll_until 30 settled "$IF2" || fail "$IF2: carrier did not settle"
i=0
while [ "$i" -lt "$N" ]; do
	i=$(( i + 1 ))
	host_request set_link nic2 off
	poll_until 10 _not link_up "$IF2" || fail "flap $i: carrier stayed up"
	host_request set_link nic2 on
	end=$(( $(now_cs) + 2000 ))
	until link_up "$IF2"; do
		[ "$(now_cs)" -lt "$end" ] || fail "flap $i: no carrier within 20 s"
	done
	t0=$(now_cs)
	on=0
	until changed pause "$IF2"; do
		on=1
		[ "$(now_cs)" -lt $(( t0 + 2000 )) ] ||
			fail "flap $i: flow control not off within 20 s of the carrier ($(pause_now "$IF2"))"
	done
	ms=0
	[ "$on" = 0 ] || ms=$(( ($(now_cs) - t0) * 10 ))
	bench pause_relink.ms "$ms"
	bench pause_relink.on_seen "$on"
	poll_until 30 settled "$IF2" || fail "flap $i: carrier did not settle"
done
pass
