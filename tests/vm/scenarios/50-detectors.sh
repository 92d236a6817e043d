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
#             debug, the raw-lock nesting one on rt-debug.
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
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (a helper called via poll_until)
. /lib.sh

BUGS_KO=/e1000e_bugs.ko
KL=/sys/kernel/debug/kmemleak
[ -e "$BUGS_KO" ] || fail "no $BUGS_KO in this initramfs (bug module build failed?)"
grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs debugfs /sys/kernel/debug || fail "cannot mount debugfs"

case $KREL in
*-eq-rt-debug) bugs="sleep rawnest" ;;
*-eq-debug) bugs="sleep leak lockdep uaf kfence ubsan odebug kobject" ;;
*) fail "not a debug kernel: $KREL" ;;
esac

# faulted: the kobject bug's page fault and the end of its Oops are in the
# kernel log (the window ends after the whole report)
faulted() {
	dmesg_since | sed -n '/BUG: unable to handle page fault/,$p' |
		grep -q -- '---\[ end trace'
}

# commit BUG: load the bug module with bug=BUG, unload it.
commit() {
	mod_insmod e1000e_quirks "$BUGS_KO" "bug=$1" || return 1
	mod_rmmod e1000e_quirks
}

_ours_leaked() {	# a kmemleak report with a frame in the bug module
	echo scan >"$KL" || return 1
	grep -q 'bug_leak.*\[e1000e_quirks\]' "$KL"
}

for b in $bugs; do
	dmesg_mark
	case $b in
	leak)
		[ -e "$KL" ] || fail "leak: no $KL (CONFIG_DEBUG_KMEMLEAK)"
		mod_insmod e1000e_quirks "$BUGS_KO" bug=leak leak_forget=1 || fail "insmod bug=leak failed"
		# kmemleak reports an object once it is 5 s old, after two scans;
		# a scan of a debug kernel under TCG takes seconds
		poll_until 180 _ours_leaked ||
			{ mod_rmmod e1000e_quirks; fail "leak: kmemleak stayed silent"; }
		log "kmemleak: $(grep -m 1 'bug_leak' "$KL")"
		mod_rmmod e1000e_quirks || fail "rmmod of the bug module failed"
		# reported: not again at the end (init's kmemleak_check); the
		# objects not reported yet are ignored at unload (leak_forget)
		echo clear >"$KL" || fail "kmemleak clear refused"
		continue
		;;
	uaf | kfence | ubsan | odebug | kobject)
		echo 0 >/proc/sys/kernel/panic_on_warn || fail "panic_on_warn=0 refused"
		;;
	esac
	harness_mark "expect $b"
	commit "$b" || { harness_mark "expect end"; fail "$b: the bug module's load or unload failed"; }
	# the kobject releases run 2-8 s after rmmod (DEBUG_KOBJECT_RELEASE)
	[ "$b" != kobject ] || poll_until 60 faulted || log "kobject: no page fault within 60 s"
	harness_mark "expect end"
done
pass
