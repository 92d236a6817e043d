#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 53-detectors-circular: lockdep's circular-dependency check still reports
# on the PREEMPT_RT lockdep kernel, every run (issue 28). On PREEMPT_RT a
# mutex is an rtmutex-based lock with lockdep annotations of its own, so the
# debug kernel's proof (50 there) does not cover it. Lockdep turns itself
# off at its first report and 50 spends it on the raw-lock nesting check:
# this proof needs a VM of its own, which vm.py gives every '# detectors:'
# scenario after the first (one_proof_per_vm). The bug module's `lockdep`
# bug takes two mutexes A->B, then B->A; vm.py judges the window between
# the marks with tests/debug/bugs/detectors ("possible circular locking
# dependency").
# kernels: rt-debug
# detectors: lockdep
# timeout: 300
# shellcheck source=tests/vm/lib.sh
. /lib.sh

# lockdep must still be on: a proof before this one in the same VM (50, in
# a by-hand run of the whole plan in one VM: tests/vm/run.sh KREL) has spent
# it. Then a counted SKIP; make check gives 53 its VM, and a SKIP of it
# there is not an expected one (tests/expected-skips): a FAIL.
if [ "$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)" != 1 ]; then
	skip_part circular "lockdep is already off in this VM (an earlier proof spent it); make check runs 53 in a VM of its own"
	pass
fi
prove_detectors lockdep
pass
