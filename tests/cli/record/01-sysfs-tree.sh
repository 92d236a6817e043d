#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 01-sysfs-tree: not a test, the recorder of tests/cli/fixture/ (run by
# tests/cli/record-fixture.sh, SCENARIO_DIR=tests/cli/record). The real
# module on the real e1000e, as an administrator's "dry run first" leaves
# it, and an escalating NIC beside it:
#   nic1: ids=8086:10d3 mode=monitor (no escalation: ladder "-"), after one
#         genuine TX watchdog reset (hang_tx), which counts at step 0;
#   nic2: nic=pci=<nic2>,mode=on-hang,escalate=1,eee=off,pause=off,
#         tx_ring=256: armed, its ladder what the NIC can take.
# Then a copy of every readable file of /sys/kernel/e1000e_quirks/ and
# /sys/module/e1000e_quirks/{version,initstate,parameters/} is printed on
# the console as a base64 tar between "@@FIXTURE BEGIN" and "@@FIXTURE END
# <md5 of the tar>", one "@@FX <line>" per line (kernel lines may come in
# between).
# kernels: all
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
load_quirks "ids=$EMU_ID" mode=monitor \
	"nic=pci=$P2,mode=on-hang,escalate=1,eee=off,pause=off,tx_ring=256" ||
	fail "insmod failed"
wait_state "$P1" monitoring || fail "nic1: state $(sysfs_nic "$P1" state 2>&1), want monitoring"
wait_state "$P2" armed || fail "nic2: state $(sysfs_nic "$P2" state 2>&1), want armed"
setup_pair || fail "setup_pair failed"
real_hang "$IF1"
resets_are() {
	[ "$(sysfs_nic "$P1" watchdog_resets)" = "$1" ]
}
poll_until 15 resets_are 1 || fail "nic1: watchdog_resets $(sysfs_nic "$P1" watchdog_resets), want 1"
tx_recovered "$IF1" || fail "no recovery after the reset"
expect "nic1 ladder" "$(sysfs_nic "$P1" ladder)" "-"

# a copy first: sysfs files say 4096 bytes, tar would want them all
c=/tmp/fixture
rm -rf "$c"
for f in /sys/kernel/e1000e_quirks/* /sys/kernel/e1000e_quirks/*/* \
	 /sys/module/e1000e_quirks/version /sys/module/e1000e_quirks/initstate \
	 /sys/module/e1000e_quirks/parameters/*; do
	[ -f "$f" ] && [ -r "$f" ] || continue
	mkdir -p "$c$(dirname "$f")"
	cat "$f" >"$c$f" || fail "cannot read $f"
done
echo "$KREL" >"$c/krel"
tar -C "$c" -cf /tmp/fixture.tar krel sys || fail "tar failed"
echo "@@FIXTURE BEGIN"
base64 /tmp/fixture.tar | sed 's/^/@@FX /'
echo "@@FIXTURE END $(md5sum </tmp/fixture.tar | cut -d' ' -f1)"
pass
