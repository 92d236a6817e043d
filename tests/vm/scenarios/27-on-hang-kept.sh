#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 27-on-hang-kept: an on-hang mitigation ends only when the administrator
# changes what it is (the NIC's mode or offload list), never on unrelated
# parameter writes.
# Loaded with ids=8086:10d3 mode=on-hang, nic1 up with traffic, a genuine TX
# watchdog reset (hang_tx) mitigates nic1: `ethtool -k` shows tso gso sg tx
# off. Then, one at a time, each checked with the real ethtool: state stays
# mitigated, the four offloads stay off, nothing is logged as "restored":
#   tx_ring=1024         and the TX ring becomes 1024 (applied on top)
#   eee=off, pause=off   (the 82574L has no EEE; flow control goes off and
#                        stays off over the ring change's link-up)
#   hang_threshold=5
#   nic=name=<nic1>,rx_ring=512          a name= entry starts to match
#   nic=pci=<nic2>,mode=always,tx_ring=512;name=<nic1>,rx_ring=512
#                        an earlier entry moves nic1's entry
#   rename nic1 -> wan0 while nic=name=<nic1>,...;name=wan0,rx_ring=1024:
#                        a different name= entry matches; RX ring 1024
# Finally features=tso,gso (what the mitigation is) ends it: state armed,
# the offloads back on, and rmmod restores the rings.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

ring_cur() {	# ring_cur IF TX|RX [NETNS]: from the real `ethtool -g`
	in_ns "${3:-}" ethtool -g "$1" |
		sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

ring_is() {	# ring_is IF TX|RX SIZE [NETNS]
	[ "$(ring_cur "$1" "$2" "${4:-}")" = "$3" ]
}

setp() {
	log "parameters/$1 <- '$2'"
	echo "$2" >"$QUIRKS_PARAMS/$1" || fail "writing '$2' to parameters/$1 failed"
}

# still_mitigated WHEN IF: after a pass, still mitigated with offloads off.
still_mitigated() {
	expect "$1: state" "$(sysfs_nic "$P1" state)" mitigated
	offloads_are off "$2" || fail "$1: $(offloads "$2")"
	expect "$1: features_cleared" "$(sysfs_nic "$P1" features_cleared)" \
		"tso gso sg tx"
	if dmesg_since | grep -q "($P1, .*restored tso"; then
		fail "$1: logged '$(dmesg_since | grep -m1 "($P1, .*restored tso")'"
	fi
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
load_quirks "ids=$EMU_ID" mode=on-hang || fail "insmod mode=on-hang failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
setup_pair || fail "setup_pair failed"
rings_orig="$(ring_cur "$IF1" TX)/$(ring_cur "$IF1" RX)"
real_hang "$IF1"
wait_state "$P1" mitigated 15 || fail "after the hang: state $(sysfs_nic "$P1" state)"
poll_until 10 offloads_are off "$IF1" || fail "mitigated: $(offloads "$IF1")"
tx_recovered "$IF1" || fail "no recovery after the reset (see the log line above)"
dmesg_mark

_bounced() {	# _bounced IF CHANGES: the carrier went down and up since CHANGES
	[ "$(carrier_changes "$1")" -ge $(( $2 + 2 )) ] && link_up "$1"
}
pause_of() {	# autoneg/rx/tx from the real ethtool -a
	ethtool -a "$1" | awk '/^Autonegotiate:/ { a = $2 } /^RX:/ { r = $2 } /^TX:/ { t = $2 } END { print a "/" r "/" t }'
}
pause_off() {
	[ "$(pause_of "$IF1")" = off/off/off ]
}
cc=$(carrier_changes "$IF1")
setp tx_ring 1024
poll_until 20 ring_is "$IF1" TX 1024 || fail "tx_ring=1024: TX ring $(ring_cur "$IF1" TX)"
# The ring change restarts the running NIC (e1000e_set_ringparam: down,
# up); pause=off right away, while that link-up may still be to come:
# e1000e resolves flow control again at each link-up from the PHY's
# advertisement (e1000e_config_fc_after_link_up), so flow control must
# still be off once the link is back (the module renegotiates after
# forcing it off: README "pause=off holds over every link-up").
setp eee off
setp pause off
poll_until 30 _bounced "$IF1" "$cc" ||
	fail "tx_ring=1024: the link did not come back (carrier_changes $cc -> $(carrier_changes "$IF1"))"
still_mitigated "tx_ring=1024" "$IF1"
expect "tx_ring=1024: sysfs tx_ring" "$(sysfs_nic "$P1" tx_ring)" 1024
poll_until 10 pause_off || fail "pause=off: ethtool -a $(pause_of "$IF1") (sysfs pause $(sysfs_nic "$P1" pause)), want off/off/off"
poll_until 30 link_up "$IF1" || fail "pause=off: no carrier"
stays_for 2 pause_off || fail "pause=off after the link-ups: ethtool -a $(pause_of "$IF1")"
still_mitigated "eee=off pause=off" "$IF1"

setp hang_threshold 5
# A pass runs for every write; the next write's effect shows it has run.
setp nic "name=$IF1,rx_ring=512"
poll_until 20 ring_is "$IF1" RX 512 || fail "nic=name=$IF1: RX ring $(ring_cur "$IF1" RX)"
still_mitigated "hang_threshold=5, nic=name=$IF1,rx_ring=512" "$IF1"
expect "policy" "$(sysfs_nic "$P1" policy)" "name=$IF1"

setp nic "pci=$P2,mode=always,tx_ring=512;name=$IF1,rx_ring=512"
poll_until 20 ring_is "$IF2" TX 512 "$PEER_NS" ||
	fail "nic=pci=$P2,tx_ring=512: nic2 TX ring $(ring_cur "$IF2" TX "$PEER_NS")"
still_mitigated "an earlier nic= entry" "$IF1"

setp nic "name=$IF1,rx_ring=512;name=wan0,rx_ring=1024"
ip link set "$IF1" down && ip link set "$IF1" name wan0 && ip link set wan0 up ||
	fail "rename $IF1 -> wan0 failed"
poll_until 20 ring_is wan0 RX 1024 || fail "renamed to wan0: RX ring $(ring_cur wan0 RX)"
expect "policy after the rename" "$(sysfs_nic "$P1" policy)" name=wan0
still_mitigated "rename to wan0 (another name= entry)" wan0

setp features tso,gso
wait_state "$P1" armed 10 ||
	fail "features=tso,gso: state $(sysfs_nic "$P1" state), want armed"
poll_until 10 offloads_are on wan0 || fail "features=tso,gso, armed: $(offloads wan0)"

unload_quirks || fail "rmmod failed"
expect "rings after rmmod" "$(ring_cur wan0 TX)/$(ring_cur wan0 RX)" "$rings_orig"
pass
