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
# when any other report shows up. Here, each checker's words must also be
# in the kernel log, and kmemleak (not a console report) is judged here.
#   debug:    sleep (DEBUG_ATOMIC_SLEEP), leak (kmemleak), lockdep, then
#             with panic_on_warn off: uaf (KASAN), kfence, ubsan
#   rt-debug: sleep, rawnest (PROVE_RAW_LOCK_NESTING: lockdep's wait-type
#             check). Lockdep turns itself off at its first report, so one
#             VM proves one of its checks: the circular-dependency one on
#             debug, the raw-lock nesting one on rt-debug.
# vm.py runs it after every other scenario but before '# lockdep: last'
# ones: its lockdep report (or any taint) turns lockdep off, which only it
# and those may do.
# kernels: debug rt-debug
# detectors: sleep lockdep uaf kfence ubsan rawnest
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
*-eq-debug) bugs="sleep leak lockdep uaf kfence ubsan" ;;
*) fail "not a debug kernel: $KREL" ;;
esac

# words BUG: what its checker's report says (tests/debug/bugs/prove.sh).
words() {
	case $1 in
	sleep) echo 'BUG: sleeping function called from invalid context' ;;
	rawnest) echo 'BUG: Invalid wait context' ;;
	lockdep) echo 'possible circular locking dependency' ;;
	uaf) echo 'BUG: KASAN: .*use-after-free' ;;
	kfence) echo 'BUG: KFENCE: use-after-free' ;;
	ubsan) echo 'UBSAN: array-index-out-of-bounds' ;;
	esac
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
	uaf | kfence | ubsan)
		echo 0 >/proc/sys/kernel/panic_on_warn || fail "panic_on_warn=0 refused"
		;;
	esac
	harness_mark "expect $b"
	commit "$b" || { harness_mark "expect end"; fail "$b: the bug module's load or unload failed"; }
	harness_mark "expect end"
	dmesg_since | grep -qE "$(words "$b")" ||
		fail "$b: no '$(words "$b")' in the kernel log: the checker stayed silent"
done
echo 1 >/proc/sys/kernel/panic_on_warn
pass
