#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 04-escalate: the escalation's cost when a configured remedy is one the NIC
# cannot take. The e1000e stand-in with eee=none (no EEE: get_eee is
# -EOPNOTSUPP, as e1000e without FLAG2_HAS_EEE) and k1=none (no disable-k1
# flag, e1000e before 6.19); e1000e_quirks with
#   ids=8086:10d3 mode=on-hang escalate=1 hang_threshold=1 features=none
#   eee=off pause=off k1=off
# so the configured ladder is "eee pause k1" and the one remedy this NIC can
# take is flow control (step 3). Fast stand-in hangs are caused one at a
# time (standin_hang IF 1) until `ethtool -a` shows flow control off; the
# figure is how many TX watchdog resets that took (at most 6 tried).
#   BENCH <krel> escalate.hangs <resets until the first remedy in force>
#   BENCH <krel> escalate.configured <steps configured> (3)
#   BENCH <krel> escalate.ladder <steps in sysfs ladder> (the usable ones)
#   BENCH <krel> escalate.hangs_before <computed for the old behaviour>
# hangs_before is not measured: a module that keeps unusable remedies in
# its ladder spends hang_threshold resets on each configured step before
# the first usable one, so it is (that step's place among the configured
# steps) x hang_threshold.
# kernels: all
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

THRESHOLD=1
CONFIGURED="eee pause k1"

bench() {
	echo "BENCH $KREL $1 $2"
}

pause_off() {
	[ "$(ethtool -a "$IF1" | tail -n +2 | tr -s '\t\n ' ' ')" = "Autonegotiate: off RX: off TX: off " ]
}

words() {
	# shellcheck disable=SC2086 # counting words
	set -- $1
	echo $#
}

P1=$(nic_pci 1)
unload_e1000e || fail "rmmod e1000e failed"
standin_load eee=none k1=none || fail "cannot load the stand-in"
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 "hang_threshold=$THRESHOLD" \
	features=none eee=off pause=off k1=off || fail "insmod failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
ladder=$(sysfs_nic "$P1" ladder) || fail "no sysfs ladder"
log "configured: $CONFIGURED; sysfs ladder: $ladder"
IF1=$(nic_if 1)
standin_up "$IF1" "$ADDR1" || fail "$IF1 not up"
pause_off && fail "flow control already off before any hang"
h=0
while ! pause_off; do
	[ "$h" -lt 6 ] || fail "no remedy in force after $h TX watchdog resets (step $(sysfs_nic "$P1" step))"
	standin_hang "$IF1" 1 || fail "no TX watchdog reset"
	h=$(( h + 1 ))
	# the remedy is taken by the module's work item after the reset
	poll_until 10 pause_off
done
# the first usable step's place among the configured ones
pos=0
for s in $CONFIGURED; do
	pos=$(( pos + 1 ))
	case " $ladder " in *" $s "*) break ;; esac
done
bench escalate.hangs "$h"
bench escalate.configured "$(words "$CONFIGURED")"
bench escalate.ladder "$(words "$ladder")"
bench escalate.hangs_before $(( pos * THRESHOLD ))
log "step $(sysfs_nic "$P1" step), resets_at_step $(sysfs_nic "$P1" resets_at_step)"
pass
