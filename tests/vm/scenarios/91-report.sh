#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 91-report: `e1000e-quirks report` after genuine hangs (issue 20).
# Loaded with ids=8086:10d3 mode=on-hang escalate=1 hang_threshold=1
# pause=off; two genuine TX watchdog resets of nic1 (hang_tx: bus mastering
# cut under traffic) take it to step 1 (offloads off), then step 3 (flow
# control off). `report IF1 --output FILE` exits 0, writes FILE (no
# temporary file left) with the running kernel and module version, the
# module parameters, our sysfs directory (resets_at_step, step and one
# hangs line per reset as sysfs has them), real ethtool -i/-k/-g/-a/
# --show-eee/--show-priv-flags/-S output (offloads off), sysfs PCI IDs
# (no lspci in the guest), as many e1000e "Detected Hardware Unit Hang"
# reports as the kernel log has for nic1 (their register lines included;
# QEMU's 82574L logged none in these hangs on 6.12, so the report says
# "none in the kernel log": tests/cli parses real dumps from a fake log),
# nic1's MAC masked, and a last paragraph naming the kernel, the resets
# before any remedy and under offloads off and flow control off.
# `--no-mask` keeps the MAC.
# kernels: newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

CLI=/bin/e1000e-quirks
R=/tmp/report.txt

step_is() {
	[ "$(sysfs_nic "$P1" step)" = "$1" ]
}

has() {	# has TEXT: the report contains TEXT
	grep -qF -- "$1" "$R" || fail "report: no '$1' (report: $(head -c 3000 "$R"))"
}
hasnt() {
	! grep -qF -- "$1" "$R" || fail "report: '$1' in it"
}

P1=$(nic_pci 1)
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 hang_threshold=1 pause=off ||
	fail "insmod failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
setup_pair || fail "setup_pair failed"

real_hang "$IF1"
poll_until 15 step_is 1 || fail "after reset 1: step $(sysfs_nic "$P1" step), want 1"
tx_recovered "$IF1" || fail "no recovery after reset 1"
real_hang "$IF1"
poll_until 15 step_is 3 || fail "after reset 2: step $(sysfs_nic "$P1" step), want 3"
tx_recovered "$IF1" || fail "no recovery after reset 2"
ras=$(sysfs_nic "$P1" resets_at_step)
expect "resets_at_step" "$ras" "1 1 0 0"

rm -f "$R"
"$CLI" report "$IF1" --output "$R" 2>/tmp/report.err
rc=$?
expect "report exit status" "$rc" 0
[ -s "$R" ] || fail "no $R: $(cat /tmp/report.err)"
set -- /tmp/.report.txt.*
[ -e "$1" ] && fail "temporary file left: $*"
log "report: $(wc -l <"$R") lines"

has "Kernel release: $(uname -r)"
has "e1000e_quirks: loaded, version $(cat /sys/module/e1000e_quirks/version)"
has "mode: on-hang"; has "escalate: 1"; has "pause: off"
has "## NIC $IF1 ($P1)"
has "resets_at_step: 1 1 0 0"; has "step: 3"
nh=$(grep -c . "$QUIRKS_SYS/$P1/hangs")
expect "hangs lines in sysfs" "$nh" 2
while IFS= read -r l; do
	has "  $l"
done <"$QUIRKS_SYS/$P1/hangs"
for o in -i -k -g -a --show-eee --show-priv-flags -S; do
	has "\$ ethtool $o $IF1"
done
has "driver: e1000e"; has "tcp-segmentation-offload: off"; has "tx_timeout_count:"
has "lspci not installed"; has "vendor: 0x8086"; has "device: 0x10d3"
# the hang dumps: as many as the kernel log has for nic1
nlog=$(dmesg | grep -c "e1000e $P1 .*Detected Hardware Unit Hang")
log "kernel log: $nlog hardware unit hang reports for $P1"
has "hardware unit hang reports in the kernel log: $nlog."
if [ "$nlog" -gt 0 ]; then
	has "--- hang report 1"; has "TDH"; has "next_to_clean"
else
	has "(none in the kernel log)"
fi
has "Reset adapter unexpectedly"
mac=$(cat "/sys/class/net/$IF1/address")
hasnt "$mac"
has "address: ${mac%:*:*:*}:xx:xx:xx"
last=$(tail -n 1 "$R")
case $last in
"$IF1 ($P1): "*"on kernel $(uname -r) with e1000e_quirks "*"Before any remedy: 1 reset. Remedies tried, in order: offloads off (1 reset under it), flow control off (none under it)."*) ;;
*) fail "summary paragraph: $last" ;;
esac
"$CLI" report --no-mask "$IF1" >/tmp/report-nomask.txt 2>&1 ||
	fail "report --no-mask failed"
grep -qxF "address: $mac" /tmp/report-nomask.txt || fail "--no-mask: no 'address: $mac'"
unload_quirks || fail "rmmod failed"
pass
