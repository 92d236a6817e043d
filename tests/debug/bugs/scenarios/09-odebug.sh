#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 09-odebug: bug=odebug, timer_setup() of a pending timer.
# Expected: "ODEBUG: init active ... object type: timer_list".
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=odebug || fail "insmod bug=odebug failed"
pass
