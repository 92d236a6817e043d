/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of tunables (the columns: tunables.h). An X-macro list
 * without include guard, like ids.h: define EQ_TUNABLE(...) and
 * EQ_FIELD(...) (either as an empty variadic macro when not wanted),
 * include this file where the list is expanded, undefine both.
 * Tunables in the order of their escalation steps (2 .. 5).
 */
EQ_TUNABLE(EEE, eee, "EEE", "EEE off", 0, on_off)
EQ_TUNABLE(PAUSE, pause, "flow control", "flow control off", 0, pause)
EQ_TUNABLE(RINGS, rings, "rings", "ring sizes", 0, u32)
/* e1000e_set_priv_flags(): -EINVAL, "not supported on this device" */
EQ_TUNABLE(K1, k1, "K1", "K1 off", -EINVAL, k1)

EQ_FIELD(TX_RING, tx_ring, RINGS, 0, RING, 0, "tx", "tx ring")
EQ_FIELD(RX_RING, rx_ring, RINGS, 1, RING, 0, "rx", "rx ring")
EQ_FIELD(EEE, eee, EEE, 0, TOGGLE, 0, NULL, "EEE")
EQ_FIELD(PAUSE, pause, PAUSE, 0, TOGGLE, 0, NULL, "flow control")
EQ_FIELD(K1, k1, K1, 0, TOGGLE, 1, NULL, "K1")
