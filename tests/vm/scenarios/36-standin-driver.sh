#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 36-standin-driver: the stand-in itself behaves like e1000e where the other
# 3N scenarios rely on it (no e1000e_quirks here).
# Rings (e1000_set_ringparam): 10 -> 64, 100 -> 104 (64..4096, multiples of
# 8); a closed NIC takes new sizes without a re-init, a running one with one
# re-init and one carrier bounce. Flow control (e1000_set_pauseparam): with
# autoneg on, rx/tx requests are ignored (negotiated: on/on); autoneg off
# forces them without a bounce. EEE: on by default, eee= none gives "not
# supported". disable-k1 (e1000e_set_priv_flags, Linux 6.19): off by
# default, a change on a running NIC re-inits it once; k1=on starts it on
# (pch_mtp and later), k1=reject refuses it, k1=none does not offer it.
# A hang: the watchdog fires within 3 s and the reset task logs "Reset
# adapter unexpectedly".
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

rings() {
	ethtool -g "$1" | awk '/^Current/ { c = 1 } c && /^RX:/ { rx = $2 } c && /^TX:/ { tx = $2 } END { print tx "/" rx }'
}

pause() {
	ethtool -a "$1" | awk '/^Autonegotiate:/ { a = $2 } /^RX:/ { r = $2 } /^TX:/ { t = $2 } END { print a "/" r "/" t }'
}

k1() {	# on | off | absent
	_v=$(ethtool --show-priv-flags "$1" | sed -n 's/^disable-k1[[:space:]]*: *//p')
	echo "${_v:-absent}"
}

bounced_once() {	# IF CARRIER_CHANGES_BEFORE
	[ "$(carrier_changes "$1")" = $(( $2 + 2 )) ] && link_up "$1"
}

P1=$(nic_pci 1)
standin_load "eee=$P1" || fail "cannot load the stand-in"
IF1=$(nic_if 1)
IF2=$(nic_if 2)

ethtool -G "$IF1" tx 100 rx 10 || fail "ethtool -G $IF1 failed"
expect "$IF1 rings after -G tx 100 rx 10" "$(rings "$IF1")" 104/64
expect "$IF1 (down) re-inits for -G" "$(standin_dbg "$P1" resets)" 0
standin_up "$IF1" "$ADDR1" || fail "$IF1: no carrier"
c=$(carrier_changes "$IF1")
ethtool -G "$IF1" tx 256 rx 256 || fail "ethtool -G $IF1 back failed"
poll_until 10 bounced_once "$IF1" "$c" || fail "running -G: carrier_changes $c -> $(carrier_changes "$IF1")"
expect "$IF1 (up) re-inits for -G" "$(standin_dbg "$P1" resets)" 1

expect "$IF1 pause at probe" "$(pause "$IF1")" on/on/on
c=$(carrier_changes "$IF1")
ethtool -A "$IF1" autoneg off rx off tx off || fail "ethtool -A autoneg off failed"
expect "$IF1 pause forced off" "$(pause "$IF1")" off/off/off
expect "$IF1 carrier_changes for forced pause" "$(carrier_changes "$IF1")" "$c"
ethtool -A "$IF1" autoneg on rx off tx off || fail "ethtool -A autoneg on failed"
expect "$IF1 pause autoneg, rx/tx asked off" "$(pause "$IF1")" on/on/on
poll_until 10 bounced_once "$IF1" "$c" || fail "pause autoneg on a running NIC: no bounce"

eee1=$(ethtool --show-eee "$IF1" | sed -n 's/^[[:space:]]*EEE status: //p')
case $eee1 in enabled*) ;; *) fail "$IF1 EEE status '$eee1', want enabled" ;; esac
case $(ethtool --show-eee "$IF2" 2>&1) in
*"not supported"*) ;;
*) fail "$IF2 (eee=$P1 only): --show-eee '$(ethtool --show-eee "$IF2" 2>&1 | tr '\n\t' '  ')'" ;;
esac

expect "$IF1 disable-k1 default" "$(k1 "$IF1")" off
r=$(standin_dbg "$P1" resets)
c=$(carrier_changes "$IF1")
ethtool --set-priv-flags "$IF1" disable-k1 on || fail "set disable-k1 on failed"
expect "$IF1 disable-k1" "$(k1 "$IF1")" on
poll_until 10 bounced_once "$IF1" "$c" || fail "disable-k1 on a running NIC: no bounce"
expect "$IF1 re-inits for disable-k1" "$(standin_dbg "$P1" resets)" $(( r + 1 ))

t=$(tx_timeouts "$IF1")
dmesg_mark
standin_hang "$IF1" 1 || fail "no watchdog from the hang switch"
dmesg_since | grep -q "$IF1: Reset adapter unexpectedly" || fail "no 'Reset adapter unexpectedly'"
dmesg_since | grep -qE "$IF1: NETDEV WATCHDOG|NETDEV WATCHDOG: $IF1 " ||
	fail "no NETDEV WATCHDOG line for $IF1"
expect "stand-in tx_timeout_count" "$(standin_dbg "$P1" tx_timeout_count)" $(( t + 1 ))

for m in on:on reject:off none:absent; do
	standin_unload || fail "rmmod stand-in failed"
	standin_load "k1=${m%:*}" || fail "cannot load the stand-in with k1=${m%:*}"
	IF1=$(nic_if 1)
	expect "k1=${m%:*}: disable-k1" "$(k1 "$IF1")" "${m#*:}"
done
standin_unload || fail "rmmod stand-in failed"
standin_load k1=reject || fail "cannot load the stand-in with k1=reject"
IF1=$(nic_if 1)
if ethtool --set-priv-flags "$IF1" disable-k1 on 2>/dev/null; then
	fail "k1=reject: disable-k1 on was accepted"
fi
expect "k1=reject: disable-k1 after the refusal" "$(k1 "$IF1")" off
pass
