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
	const char *family;	/* e1000e board: "pch_cnp" */
};

extern const struct eq_id eq_id_table[];
extern const unsigned int eq_id_count;

const struct eq_id *eq_table_lookup(u16 vendor, u16 device);

#endif /* E1000E_QUIRKS_TABLE_H */
