// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/table.c: the built-in table of affected NICs and
 * eq_table_lookup(). With EQ_IDS_TSV naming the reference list
 * (../shared/reference/e1000e-pch-ids.tsv, set by tests/unit/run.sh), the
 * table is also checked against it; without it that test is skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include <e1000e_quirks/table.h>

#define EQ_TABLE_ROWS	65

static void test_table_count(void **state)
{
	(void)state;
	assert_int_equal(eq_id_count, EQ_TABLE_ROWS);
}

static void test_table_rows(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < eq_id_count; i++) {
		const struct eq_id *r = &eq_id_table[i];

		if (r->vendor != EQ_VENDOR_INTEL)
			fail_msg("row %u: vendor %04x", i, r->vendor);
		assert_non_null(r->model);
		assert_non_null(r->family);
		assert_non_null(r->family7);
		assert_string_equal(eq_id_family(r), r->family);
		assert_true(r->model[0] != '\0');
		if (strncmp(r->family, "pch", 3))
			fail_msg("row %u (%04x): family '%s'", i, r->device,
				 r->family);
		for (j = 0; j < i; j++)
			if (eq_id_table[j].device == r->device)
				fail_msg("%04x in rows %u and %u", r->device,
					 j, i);
	}
}

static void test_lookup_known(void **state)
{
	const struct eq_id *r;

	(void)state;
	r = eq_table_lookup(0x8086, 0x15bc);
	assert_non_null(r);
	assert_int_equal(r->vendor, 0x8086);
	assert_int_equal(r->device, 0x15bc);
	assert_string_equal(r->model, "I219-V (7)");
	assert_string_equal(r->family, "pch_cnp");

	r = eq_table_lookup(0x8086, 0x1502);
	assert_non_null(r);
	assert_string_equal(r->model, "82579LM");
	assert_string_equal(r->family, "pch2lan");
	assert_string_equal(r->family7, "pch2lan");

	/* moved to another board by e1000e 7.0: sysfs family on 7.x */
	r = eq_table_lookup(0x8086, 0x57b3);
	assert_non_null(r);
	assert_string_equal(r->family, "pch_mtp");
	assert_string_equal(r->family7, "pch_ptp");

	/* the first and the last row */
	r = eq_table_lookup(eq_id_table[0].vendor, eq_id_table[0].device);
	assert_ptr_equal(r, &eq_id_table[0]);
	r = eq_table_lookup(eq_id_table[eq_id_count - 1].vendor,
			    eq_id_table[eq_id_count - 1].device);
	assert_ptr_equal(r, &eq_id_table[eq_id_count - 1]);
}

static void test_lookup_every_row(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < eq_id_count; i++)
		assert_ptr_equal(eq_table_lookup(eq_id_table[i].vendor,
						 eq_id_table[i].device),
				 &eq_id_table[i]);
}

static void test_lookup_unknown(void **state)
{
	(void)state;
	/* 82574L: what QEMU emulates; e1000e drives it, but it is not ours */
	assert_null(eq_table_lookup(0x8086, 0x10d3));
	/* 82577/82578 (board_pchlan) are not in the table */
	assert_null(eq_table_lookup(0x8086, 0x10ea));
	/* the right device under a wrong vendor */
	assert_null(eq_table_lookup(0x8087, 0x15bc));
	assert_null(eq_table_lookup(0x0000, 0x1502));
	assert_null(eq_table_lookup(0xffff, 0x1502));
	/* vendor and device swapped */
	assert_null(eq_table_lookup(0x15bc, 0x8086));
	assert_null(eq_table_lookup(0, 0));
	assert_null(eq_table_lookup(0xffff, 0xffff));
}

/* ---- the reference list ----------------------------------------------- */

#define TSV_MAX_ROWS	256

struct tsv_row {
	unsigned int line;
	u16 device;
	char board[64];
};

/*
 * device_id	macro_name	family	board	note
 * 0x1502	E1000_DEV_ID_PCH2_LV_LM	PCH2 (82579LM)	board_pch2lan	82579
 */
static unsigned int tsv_read(const char *path, struct tsv_row *rows,
			     unsigned int max)
{
	char line[1024], *field[5], *p, *end;
	unsigned int lineno = 0, n = 0, i;
	unsigned long dev;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (lineno == 1 && !strncmp(line, "device_id\t", 10))
			continue;
		if (!line[0] || line[0] == '#')
			continue;
		for (i = 0, p = line; i < 5 && p; i++) {
			field[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (i < 4)
			fail_msg("%s:%u: %u fields", path, lineno, i);
		dev = strtoul(field[0], &end, 16);
		if (strncmp(field[0], "0x", 2) || *end || dev > 0xffff)
			fail_msg("%s:%u: device '%s'", path, lineno, field[0]);
		if (strncmp(field[3], "board_", 6))
			fail_msg("%s:%u: board '%s'", path, lineno, field[3]);
		if (n == max)
			fail_msg("%s: more than %u rows", path, max);
		rows[n].line = lineno;
		rows[n].device = dev;
		snprintf(rows[n].board, sizeof(rows[n].board), "%s",
			 field[3]);
		n++;
	}
	fclose(f);
	return n;
}

static void test_table_matches_reference(void **state)
{
	static struct tsv_row rows[TSV_MAX_ROWS];
	const char *path = getenv("EQ_IDS_TSV");
	unsigned int n, i, j;
	const struct eq_id *r;

	(void)state;
	if (!path || !*path || access(path, R_OK)) {
		print_message("reference list %s absent: skipped\n",
			      path && *path ? path : "(EQ_IDS_TSV unset)");
		skip();
	}
	n = tsv_read(path, rows, TSV_MAX_ROWS);
	assert_true(n > 0);

	/* every reference ID is ours, in the same e1000e board */
	for (i = 0; i < n; i++) {
		r = eq_table_lookup(EQ_VENDOR_INTEL, rows[i].device);
		if (!r)
			fail_msg("%s:%u: 8086:%04x not in the table", path,
				 rows[i].line, rows[i].device);
		if (strcmp(r->family, rows[i].board + strlen("board_")))
			fail_msg("%s:%u: 8086:%04x family '%s', want %s",
				 path, rows[i].line, rows[i].device,
				 r->family, rows[i].board);
	}
	/* and nothing else (scripts/verify-ids.sh: exactly those IDs) */
	for (i = 0; i < eq_id_count; i++) {
		for (j = 0; j < n; j++)
			if (rows[j].device == eq_id_table[i].device)
				break;
		if (j == n)
			fail_msg("8086:%04x (%s) is not in %s",
				 eq_id_table[i].device, eq_id_table[i].model,
				 path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_count),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_lookup_known),
		cmocka_unit_test(test_lookup_every_row),
		cmocka_unit_test(test_lookup_unknown),
		cmocka_unit_test(test_table_matches_reference),
	};

	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
