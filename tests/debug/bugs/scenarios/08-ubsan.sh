#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 08-ubsan: bug=ubsan, a[4] read of int a[4] (not a trailing member),
# index from the parameter's length. Expected: "UBSAN: array-index-out-of-bounds".
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=ubsan || fail "insmod bug=ubsan failed"
pass
