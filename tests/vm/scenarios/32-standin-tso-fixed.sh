#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 32-standin-tso-fixed: TSO fixed off by the driver (pch_spt and later
# since Linux 6.3: TSO not in hw_features) is not an error.
# The stand-in brings nic1 up with TSO off and `ethtool -k` says "off
# [fixed]"; nic2 is a normal NIC. With the default features= (tso gso sg
# tx): nic1 is `applied`, last_error empty, features_off "tso gso sg tx"
# (off on the device, whoever did it), features_cleared without tso (the
# module did not turn it off), no error line in the log; nic2 has all four
# cleared. rmmod restores gso sg tx on nic1 and says nothing of tso, which
# stays off [fixed].
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh
. /lib.sh

fixed_tso() {	# "off [fixed]" etc. from the real ethtool (IPv4 TSO bit)
	ethtool -k "$1" | sed -n 's/^[[:space:]]*tx-tcp-segmentation: //p'
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
standin_load "tso_fixed_off=$P1" || fail "cannot load the stand-in"
IF1=$(nic_if 1)
IF2=$(nic_if 2)
expect "$IF1 TSO from the driver" "$(fixed_tso "$IF1")" "off [fixed]"
expect "$IF2 TSO from the driver" "$(fixed_tso "$IF2")" "on"

dmesg_mark
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state), want applied"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
expect "$P1 last_error" "$(sysfs_nic "$P1" last_error)" ""
off1=$(sysfs_nic "$P1" features_off 2>&1)
case " $(sysfs_nic "$P1" features_cleared) " in
*" tso "*) fail "$P1 features_cleared '$(sysfs_nic "$P1" features_cleared)' has tso, which the driver had off" ;;
esac
expect "$P2 features_cleared" "$(sysfs_nic "$P2" features_cleared)" "tso gso sg tx"
offloads_are off "$IF1" || fail "$IF1: $(offloads "$IF1")"
err=$(dmesg_since | grep e1000e_quirks | grep -i "error" | head -n 1)
[ -z "$err" ] || fail "error logged: '$err'"

dmesg_mark
unload_quirks || fail "rmmod e1000e_quirks failed"
expect "$IF1 after rmmod" "$(offloads "$IF1")" "tso=off gso=on sg=on tx=on"
expect "$IF1 TSO after rmmod" "$(fixed_tso "$IF1")" "off [fixed]"
offloads_are on "$IF2" || fail "$IF2 after rmmod: $(offloads "$IF2")"
line=$(dmesg_since | grep -F "$IF1 ($P1, $EMU_ID): restored")
case $line in
*tso*) fail "restored tso, which was never ours: '$line'" ;;
*"restored gso sg tx"*) ;;
*) fail "restore line for $IF1: '$line'" ;;
esac
# Last: features_off comes with the review fixes (see the lead's merge).
expect "$P1 features_off while loaded" "$off1" "tso gso sg tx"
pass
