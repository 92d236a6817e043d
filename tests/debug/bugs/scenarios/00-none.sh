#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 00-none: the bug module without bug=, loaded and unloaded: the control,
# nothing may be reported.
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks || fail "insmod failed"
unload_quirks || fail "rmmod failed"
pass
