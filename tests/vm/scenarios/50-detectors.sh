#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 50-detectors: every checker of the debug kernel this VM runs on still
# reports a bug, every run (the smallest form of tests/debug/bugs/prove.sh).
# The throwaway bug module (tests/debug/bugs, /e1000e_bugs.ko, named
# e1000e_quirks) commits one deliberate bug per load, each between the marks
# "eq-harness: expect BUG" and "eq-harness: expect end" in the kernel log:
# vm.py takes the reports in between as that checker's proof (not counted),
# and fails the run when one stays silent (no report with its words) or
# when any other report shows up. kmemleak (not a console report) is judged here.
#   debug:    sleep (DEBUG_ATOMIC_SLEEP), leak (kmemleak), lockdep, then
#             with panic_on_warn off: uaf (KASAN), kfence, ubsan, odebug
#             (DEBUG_OBJECTS_TIMERS: a pending timer set up again), and
#             last kobject (DEBUG_KOBJECT_RELEASE: a release function
#             called after the module is gone, a page fault 2-8 s after
#             rmmod, in a kworker: the last thing this VM does)
#   rt-debug: sleep, rawnest (PROVE_RAW_LOCK_NESTING: lockdep's wait-type
#             check). Lockdep turns itself off at its first report, so one
#             VM proves one of its checks: the circular-dependency one on
#             debug, the raw-lock nesting one here; 53-detectors-circular
#             proves the circular one on rt-debug in a VM of its own (vm.py
#             gives each further '# detectors:' scenario its own VM).
# The loop and its judges: lib.sh prove_detectors.
# The words of each checker's report: tests/debug/bugs/detectors, the one
# table (vm.py judges each window with it; before, this scenario grepped
# the kernel log with a copy of its own, which disagreed on uaf).
# vm.py runs it after every other scenario: its lockdep report (or any
# taint) turns lockdep off, which only it may do, and it scans and clears
# kmemleak (init judges kmemleak right before it). The harness (reset_env)
# sets panic_on_warn back whether it passed or not.
# kernels: debug rt-debug
# detectors: sleep lockdep uaf kfence ubsan odebug kobject rawnest
# timeout: 600
# shellcheck source=tests/vm/lib.sh
. /lib.sh

case $KREL in
*-eq-rt-debug) bugs="sleep rawnest" ;;
*-eq-debug) bugs="sleep leak lockdep uaf kfence ubsan odebug kobject" ;;
*) fail "not a debug kernel: $KREL" ;;
esac

# shellcheck disable=SC2086 # (a list of words)
prove_detectors $bugs
pass
