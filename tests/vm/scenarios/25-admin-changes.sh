#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 25-admin-changes: what the administrator changes after the module is
# theirs. (a) `ethtool -K IF sg on tx on tso on` turns on every TSO bit, also
# tx-tcp-mangleid-segmentation that the module never cleared: the whole tso
# group counts as overridden and the module turns none of it off again
# (ethtool -k shows tso on, no "turned off" log line follows). (b) A ring
# size the administrator set with `ethtool -G` after the module set one, and
# (c) flow control set with `ethtool -A` after pause=off, survive rmmod:
# the module restores only what is still as it left it.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
IF1=$(nic_if 1)

tso_is() {
	[ "$(feat "$IF1" tso)" = "$1" ]
}

rings() {
	ethtool -g "$IF1" | awk '/^Current/ { c = 1 } c && /^TX:/ { t = $2 }
		c && /^RX:/ { r = $2 } END { print "tx=" t " rx=" r }'
}

pause() {
	ethtool -a "$IF1" | awk '/^Autonegotiate:/ { a = $2 } /^RX:/ { r = $2 }
		/^TX:/ { t = $2 } END { print "autoneg=" a " rx=" r " tx=" t }'
}

# (a) The tso group is the administrator's once they turn it on.
load_quirks "ids=$EMU_ID" tx_ring=512 pause=off || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state 2>&1), want applied"
offloads_are off "$IF1" || fail "after load: $(offloads "$IF1")"
dmesg_mark
ethtool -K "$IF1" sg on tx on tso on >/dev/null 2>&1 || fail "ethtool -K sg on tx on tso on failed"
wait_state "$P1" overridden 10 || fail "state $(sysfs_nic "$P1" state), want overridden"
stays_for 2 tso_is on || fail "tso turned off again: $(ethtool -k "$IF1" | grep segmentation | tr '\n\t' '; ')"
ethtool -k "$IF1" | grep -q '^	tx-tcp-mangleid-segmentation: on' ||
	fail "mangleid: $(ethtool -k "$IF1" | grep mangleid | tr '\t' ' ')"
dmesg_since | grep -q "turned off" &&
	fail "the module turned something off after the override: $(dmesg_since | grep 'turned off' | tr '\n' ';')"
expect "features_cleared" "$(sysfs_nic "$P1" features_cleared)" "gso"

# (b) and (c): the administrator's ring size and flow control stay.
expect "rings as the module set them" "$(rings)" "tx=512 rx=256"
ethtool -G "$IF1" tx 1024 || fail "ethtool -G tx 1024 failed"
expect "flow control as the module set it" "$(pause)" "autoneg=off rx=off tx=off"
ethtool -A "$IF1" autoneg off rx on tx off || fail "ethtool -A failed"
want_pause=$(pause)
unload_quirks || fail "rmmod failed"
expect "rings after rmmod" "$(rings)" "tx=1024 rx=256"
expect "flow control after rmmod" "$(pause)" "$want_pause"
tso_is on || fail "tso after rmmod: $(feat "$IF1" tso)"
pass
