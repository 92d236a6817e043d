// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in table of affected NICs, expanded from ids.h. main.c expands
 * the same list into the MODULE_DEVICE_TABLE, so there is one table.
 * Pure code: builds in userspace too (tests/unit).
 */
#include <e1000e_quirks/table.h>

/*
 * The family as the running kernel's e1000e names the board: 7.0 moved
 * some IDs from pch_mtp to pch_ptp (ids.h, family7). EQ_E1000E_BOARDS_7
 * comes from Kbuild, from the version of the kernel built against (there
 * is no header of e1000e's own to probe); userspace builds take 6.12's.
 */
#ifdef EQ_E1000E_BOARDS_7
#define EQ_FAMILY(fam, fam7)	fam7
#else
#define EQ_FAMILY(fam, fam7)	fam
#endif

const struct eq_id eq_id_table[] = {
#define EQ_PCH_ID(dev, mdl, fam, fam7) \
	{ .vendor = EQ_VENDOR_INTEL, .device = dev, .model = mdl, \
	  .family = EQ_FAMILY(fam, fam7) },
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
