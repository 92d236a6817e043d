/* SPDX-License-Identifier: GPL-2.0 */
#ifndef E1000E_QUIRKS_TABLE_H
#define E1000E_QUIRKS_TABLE_H

#include "shim.h"

#define EQ_VENDOR_INTEL 0x8086

/* One row of the built-in table of affected NICs. */
struct eq_id {
	u16 vendor;
	u16 device;
	const char *model;	/* "I219-V (7)" */
	const char *family;	/* e1000e board: "pch_cnp", as 6.12 has it */
	const char *family7;	/* the board from 7.0 on: "pch_ptp" */
};

/*
 * The family as the e1000e of the kernel built for names the board: 7.0
 * moved some IDs from pch_mtp to pch_ptp. EQ_E1000E_BOARDS_7 comes from
 * Kbuild, from that kernel's version (e1000e has no header to probe);
 * userspace builds take 6.12's.
 */
#ifdef EQ_E1000E_BOARDS_7
#define eq_id_family(row)	((row)->family7)
#else
#define eq_id_family(row)	((row)->family)
#endif

extern const struct eq_id eq_id_table[];
extern const unsigned int eq_id_count;

const struct eq_id *eq_table_lookup(u16 vendor, u16 device);

#endif /* E1000E_QUIRKS_TABLE_H */
