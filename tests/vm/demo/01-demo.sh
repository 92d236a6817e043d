#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 01-demo: what `make demo` shows, for someone without the hardware. A
# Debian kernel in QEMU, the real e1000e driving QEMU's emulated NIC, our
# module, the e1000e-quirks command, and a genuine TX watchdog reset
# (PCI bus mastering cut under traffic). Every step says where its output
# comes from.
# shellcheck source=tests/vm/lib.sh disable=SC2317
. /lib.sh

TRACE=/sys/kernel/tracing

step() {
	echo
	echo "### $1"
	echo "### (output of: $2)"
}

P1=$(nic_pci 1)
setup_pair || fail "setup_pair failed"

step "The NIC as the e1000e driver brought it up: offloads on" \
	"ethtool -k $IF1, the real ethtool"
ethtool -k "$IF1" | grep -E '^(tcp-segmentation|generic-segmentation|scatter-gather|tx-checksumming)'

step "Load the module; the emulated 82574L is not an affected model, so name it" \
	"insmod e1000e_quirks.ko ids=$EMU_ID; then the kernel log"
dmesg_mark
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "not applied"
dmesg_since | grep e1000e_quirks

step "What the module did, as an administrator sees it" "e1000e-quirks status"
e1000e-quirks status

step "The offloads are off now" "ethtool -k $IF1"
ethtool -k "$IF1" | grep -E '^(tcp-segmentation|generic-segmentation|scatter-gather|tx-checksumming)'

step "Why this NIC is matched and what the policy does" "e1000e-quirks explain $IF1"
e1000e-quirks explain "$IF1"

echo 1 >"$TRACE/events/e1000e_quirks/enable"
step "A genuine TX hang: pings to a silent neighbour, bus mastering cut; the kernel's TX watchdog fires ~5 s later" \
	"the kernel log (NETDEV WATCHDOG, Reset adapter unexpectedly)"
before=$(tx_timeouts "$IF1")
dmesg_mark
hang_tx "$IF1" || fail "no TX stall"
poll_until 40 tx_timeout_above "$IF1" "$before" || fail "no TX watchdog reset"
kill_bg
dmesg_since | grep -E 'NETDEV WATCHDOG|Reset adapter|e1000e_quirks'

step "The module counted it" \
	"/sys/kernel/e1000e_quirks/$P1/watchdog_resets and last_reset, /sys/class/net/$IF1/queues/tx-0/tx_timeout"
echo "watchdog_resets: $(sysfs_nic "$P1" watchdog_resets)"
echo "last_reset:      $(sysfs_nic "$P1" last_reset) s after boot"
echo "kernel's tx_timeout counter: $(tx_timeouts "$IF1")"

step "And traced it" "/sys/kernel/tracing/trace (events/e1000e_quirks)"
grep -E 'watchdog_reset|apply' "$TRACE/trace" | grep -v '^#'

step "Status after the hang" "e1000e-quirks status"
e1000e-quirks status

step "Unload: everything the module turned off comes back" "rmmod e1000e_quirks; ethtool -k $IF1"
unload_quirks || fail "rmmod failed"
ethtool -k "$IF1" | grep -E '^(tcp-segmentation|generic-segmentation|scatter-gather|tx-checksumming)'
pass
