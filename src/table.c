// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in table of affected NICs, expanded from ids.h. main.c expands
 * the same list into the MODULE_DEVICE_TABLE, so there is one table.
 * Pure code: builds in userspace too (tests/unit).
 */
#include <e1000e_quirks/table.h>

const struct eq_id eq_id_table[] = {
#define EQ_PCH_ID(dev, mdl, fam, fam7) \
	{ .vendor = EQ_VENDOR_INTEL, .device = dev, .model = mdl, \
	  .family = fam, .family7 = fam7 },
#include <e1000e_quirks/ids.h>
#undef EQ_PCH_ID
};

const unsigned int eq_id_count = ARRAY_SIZE(eq_id_table);

const struct eq_id *eq_table_lookup(u16 vendor, u16 device)
{
	unsigned int i;

	for (i = 0; i < eq_id_count; i++)
		if (eq_id_table[i].vendor == vendor &&
		    eq_id_table[i].device == device)
			return &eq_id_table[i];
	return NULL;
}
