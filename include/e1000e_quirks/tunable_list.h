/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of tunables (the columns: tunables.h). An X-macro list
 * without include guard, like ids.h: define EQ_KIND(...), EQ_TUNABLE(...)
 * and EQ_FIELD(...) (each as an empty variadic macro when not wanted),
 * include this file where the list is expanded, undefine all three.
 */

/* The value kinds: what a field's parameter may be, and what keeps it. */
EQ_KIND(RING, "0", EQ_RING_MIN, EQ_RING_MAX, EQ_RING_ALIGN, NULL, "bad ring size",
	"(expected 0 to leave as is, or 64..4096 in steps of 8)", NULL)
EQ_KIND(TOGGLE, "keep", 0, 0, 0, NULL, "unknown value",
	"(expected keep or off)", "off", NULL)
EQ_KIND(SWITCH, "keep", 0, 0, 0, NULL, "unknown value",
	"(expected keep, off or on)", "off", "on", NULL)
/* e1000_set_coalesce(): 0, 1, 3, 4 or 10..10000, stored as 10^6/usecs */
EQ_KIND(ITR, "keep", 0, 10000, 1, eq_itr_ok, "bad rx-usecs",
	"(expected keep, or 0, 1, 3, 4, or 10..10000 microseconds that e1000e stores exactly: any of 10..521, then e.g. 1000)",
	NULL)

/*
 * The tunables: those on the escalation ladder (STEP) first, in the order
 * of their steps (2 .. 5), then those that are settings only (NOSTEP).
 */
EQ_TUNABLE(EEE, eee, "EEE", "EEE off", STEP, on_off)
EQ_TUNABLE(PAUSE, pause, "flow control", "flow control off", STEP, pause)
EQ_TUNABLE(RINGS, rings, "rings", "ring sizes", STEP, u32)
EQ_TUNABLE(K1, k1, "K1", "K1 off", STEP, k1)
EQ_TUNABLE(COALESCE, coalesce, "interrupt coalescing", NULL, NOSTEP, u32)

EQ_FIELD(TX_RING, tx_ring, RINGS, 0, RING, 0, "tx", "tx ring")
EQ_FIELD(RX_RING, rx_ring, RINGS, 1, RING, 0, "rx", "rx ring")
EQ_FIELD(EEE, eee, EEE, 0, TOGGLE, 0, NULL, "EEE")
EQ_FIELD(PAUSE, pause, PAUSE, 0, TOGGLE, 0, NULL, "flow control")
EQ_FIELD(K1, k1, K1, 0, SWITCH, 1, NULL, "K1")
EQ_FIELD(RX_USECS, rx_usecs, COALESCE, 0, ITR, 0, "rx-usecs", "rx-usecs")
