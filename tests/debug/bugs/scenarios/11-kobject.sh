#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 11-kobject: bug=kobject, a kobject whose kobj_type and release function
# are the module's, put at module exit. With DEBUG_KOBJECT_RELEASE the
# release runs 1 to 4 s after rmmod, the module gone: expected a page fault
# ("BUG: unable to handle page fault", Oops) in the delayed cleanup.
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=kobject || fail "insmod bug=kobject failed"
unload_quirks || fail "rmmod failed"
sleep 6
pass
