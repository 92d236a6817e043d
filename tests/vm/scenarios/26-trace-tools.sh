#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 26-trace-tools: our trace events work with the real tools, not only
# tracefs. `trace-cmd record -e e1000e_quirks` around a run-time parameter
# write records an `apply` event with why=param for nic1 (trace-cmd report);
# `perf record -e e1000e_quirks:watchdog_reset -a` around a genuine TX
# watchdog reset (hang_tx) records the event for nic1 (perf script).
# trace-cmd and perf are Debian's (trace-cmd, linux-perf), packed into the
# initramfs by mkinitramfs.sh with the libraries they need.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
command -v trace-cmd >/dev/null || fail "no trace-cmd in the initramfs"
command -v perf >/dev/null || fail "no perf in the initramfs"

load_quirks "ids=$EMU_ID" mode=monitor || fail "insmod failed"
wait_state "$P1" monitoring || fail "state $(sysfs_nic "$P1" state 2>&1), want monitoring"

# trace-cmd: the events exist once the module is loaded.
trace-cmd record -q -e e1000e_quirks -o /tmp/tc.dat \
	sh -c ". /lib.sh; echo always >$QUIRKS_PARAMS/mode && wait_state $P1 applied" \
	>/tmp/tc.log 2>&1 || fail "trace-cmd record: $(tail -n 3 /tmp/tc.log | tr '\n' ';')"
trace-cmd report -i /tmp/tc.dat >/tmp/tc.txt 2>&1 || fail "trace-cmd report failed"
grep -q "apply:.*ifname=$(nic_if 1) pci=$P1 why=param" /tmp/tc.txt ||
	fail "trace-cmd report has no apply event for $P1: '$(grep -m2 e1000e /tmp/tc.txt | tr '\n' ';')'"

# perf, around a genuine TX watchdog reset.
setup_pair || fail "setup_pair failed"
t0=$(tx_timeouts "$IF1")
# No build-id collection at exit (-B, -N): it reads every module the
# samples might touch and takes minutes under TCG on the Debian 13 kernels.
spawn perf record -q -B -N -e e1000e_quirks:watchdog_reset -a -o /tmp/perf.data
_perf_started() {
	[ -s /tmp/perf.data ]
}
# The watchdog fires seconds after the stall: time enough for perf to open
# its events once it has written its file header. Its start took more than
# 10 s on 7.3 in a bare run's starved VM (link-up took 48 s there): 60.
poll_until 60 _perf_started || fail "perf record wrote no /tmp/perf.data"
hang_tx "$IF1" || fail "TX did not stall"
poll_until 30 tx_timeout_above "$IF1" "$t0" || fail "no TX watchdog reset"
# shellcheck disable=SC2046 # one pid per word
kill -INT $(pidof perf) 2>/dev/null
_perf_done() {
	! pidof perf >/dev/null
}
poll_until 60 _perf_done || fail "perf record did not stop within 60 s of SIGINT"
perf script -i /tmp/perf.data >/tmp/perf.txt 2>&1 || fail "perf script: $(tail -n 2 /tmp/perf.txt)"
grep -q "e1000e_quirks:watchdog_reset: ifname=$IF1 pci=$P1 queue=0" /tmp/perf.txt ||
	fail "perf script: '$(head -n 3 /tmp/perf.txt | tr '\n' ';')'"
kill_bg
unload_quirks || fail "rmmod failed"
pass
