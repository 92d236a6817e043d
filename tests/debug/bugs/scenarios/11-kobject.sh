#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 11-kobject: bug=kobject, a chain of 10 kobjects (each the parent of the
# next) whose kobj_type and release function are the module's, put at
# module exit. With DEBUG_KOBJECT_RELEASE each release runs 1 to 4 s late,
# a parent's only after its child's: the top ones run after the module is
# gone (rmmod waits only 2 to 8 s, for the module's own kobject). Expected:
# "BUG: unable to handle page fault" (Oops) in the delayed cleanup.
# (A single kobject put at exit was released before the module went, in 3
# unloads out of 3: see README.md.)
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

faulted() {
	dmesg | grep -q 'unable to handle page fault'
}

load_quirks bug=kobject || fail "insmod bug=kobject failed"
unload_quirks || fail "rmmod failed"
# 10 delays of at most 4 s; a bare sleep is fine in this throwaway proof
i=0
while [ "$i" -lt 45 ] && ! faulted; do
	sleep 1
	i=$(( i + 1 ))
done
if faulted; then
	log "page fault ${i} s after rmmod"
else
	log "no page fault ${i} s after rmmod"
fi
pass
