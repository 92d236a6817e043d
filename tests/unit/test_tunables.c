// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of tunables (include/e1000e_quirks/tunables.h) against
 * itself and against the status command: every sysfs file the module
 * derives from it (<name>, <name>_orig) is one the command reads (its
 * FIELDS or OPTIONAL list, and the JSON field list of its awk), and every
 * step key of the table maps to the module's step number in the command
 * (the awk stepnum() and the shell step_number()); and every field is a
 * module parameter (its declaration, the one part of a field written by
 * hand, in src/params.c). The command is $EQ_CLI, params.c $EQ_PARAMS_C
 * (tests/unit/run.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <e1000e_quirks/policy.h>

static char *cli, *params_c, *role_vars, *role_defaults;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	long len;
	char *buf;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len + 1);
	if (buf && fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = '\0';
	fclose(f);
	return buf;
}

/* The text between @start and the next @end after it, or NULL. */
static char *between(const char *text, const char *start, char end)
{
	const char *p = strstr(text, start), *q;
	char *out;

	if (!p)
		return NULL;
	p += strlen(start);
	q = strchr(p, end);
	if (!q)
		return NULL;
	out = malloc(q - p + 1);
	memcpy(out, p, q - p);
	out[q - p] = '\0';
	return out;
}

/* Is @word one of the whitespace-separated words of @list? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		bool start = p == list || strchr(" \t\n", p[-1]);
		bool stop = !p[n] || strchr(" \t\n", p[n]);

		if (start && stop)
			return true;
		p += n;
	}
	return false;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Is @name in @text as a whole name (not part of a longer one)? */
static bool has_name(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p = text;

	while ((p = strstr(p, name))) {
		if ((p == text || !name_char(p[-1])) && !name_char(p[n]))
			return true;
		p += n;
	}
	return false;
}

static void test_table_consistent(void **state)
{
	unsigned int id, i, f, seen[EQ_FLD_COUNT] = { 0 };

	(void)state;
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		assert_true(eq_tun_nfields(id) >= 1);
		assert_true(eq_tun_nfields(id) <= EQ_TUN_FIELDS);
		for (i = 0; i < eq_tun_nfields(id); i++) {
			f = eq_tun_field(id, i);
			assert_true(f < EQ_FLD_COUNT);
			seen[f]++;
		}
		/* the STEP tunables come first, NOSTEP ones after */
		assert_int_equal(eq_tun_info[id].ladder, EQ_TUN_ON_LADDER(id));
		if (!eq_tun_info[id].ladder) {
			assert_null(eq_tun_info[id].step_name);
			continue;
		}
		/* the step names the tunable's key, in table order */
		assert_string_equal(eq_step_key(EQ_TUN_STEP(id)),
				    eq_tun_info[id].key);
		assert_string_equal(eq_step_name(EQ_TUN_STEP(id)),
				    eq_tun_info[id].step_name);
	}
	for (f = 0; f < EQ_FLD_COUNT; f++)
		assert_int_equal(seen[f], 1);
	assert_true(EQ_TUN_LADDER >= 1 && EQ_TUN_LADDER <= EQ_TUN_COUNT);
	assert_int_equal(EQ_TUN_STEP(EQ_TUN_LADDER - 1), EQ_STEP_LAST);
}

/* A value of field @f's kind other than keep: its first word, or min. */
static const char *sample(unsigned int f, char *buf, size_t len)
{
	const struct eq_kind_info *k = eq_field_kind(f);

	if (k->words[0])
		return k->words[0];
	snprintf(buf, len, "%u", k->min);
	return buf;
}

/*
 * Every kind: its keep word is plan value 0 and formats back; a number
 * kind keeps "0" exactly where 0 is not one of its numbers (bias), and
 * takes its range's ends; a word kind takes each word, in order.
 */
static void test_kinds(void **state)
{
	struct eq_err err = { };
	char in[32], out[32];
	unsigned int f, i;
	u32 v;

	(void)state;
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		const struct eq_kind_info *k = eq_field_kind(f);

		v = 12345;
		assert_int_equal(eq_parse_field(f, k->keep, &v, &err), 0);
		assert_int_equal(v, 0);
		eq_format_field(f, 0, out, sizeof(out));
		assert_string_equal(out, k->keep);
		for (i = 0; k->words[i]; i++) {
			assert_true(i < EQ_KIND_WORDS);
			assert_int_equal(eq_parse_field(f, k->words[i], &v,
							&err), 0);
			assert_int_equal(v, i + 1);
			eq_format_field(f, v, out, sizeof(out));
			assert_string_equal(out, k->words[i]);
		}
		if (k->words[0])
			continue;
		assert_int_equal(k->bias, !strcmp(k->keep, "0") ? 0 : 1);
		assert_int_equal(k->bias, k->min == 0);
		snprintf(in, sizeof(in), "%u", k->min);
		assert_int_equal(eq_parse_field(f, in, &v, &err), 0);
		assert_int_equal(eq_field_device_value(f, v), k->min);
		eq_format_field(f, v, out, sizeof(out));
		assert_string_equal(out, in);
		snprintf(in, sizeof(in), "%u", k->max);
		assert_int_equal(eq_parse_field(f, in, &v, &err), 0);
		assert_int_equal(eq_field_device_value(f, v), k->max);
		snprintf(in, sizeof(in), "%u", k->max + 1);
		assert_int_equal(eq_parse_field(f, in, &v, &err), -EINVAL);
		assert_non_null(strstr(err.msg, k->bad));
	}
}

/* rx_usecs: 0 is a value, not keep; what e1000e cannot store is refused. */
static void test_rx_usecs(void **state)
{
	static const char *const good[] = { "0", "1", "3", "4", "10", "100",
					    "521", "1000", "10000" };
	static const char *const bad[] = { "2", "5", "9", "522", "997",
					   "10001", "-1", "on" };
	struct eq_err err = { };
	char out[32];
	unsigned int i;
	u32 v;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		assert_int_equal(eq_parse_field(EQ_FLD_RX_USECS, good[i], &v,
						&err), 0);
		assert_true(v != 0);
		assert_int_equal(eq_field_device_value(EQ_FLD_RX_USECS, v),
				 strtoul(good[i], NULL, 10));
		eq_format_field(EQ_FLD_RX_USECS, v, out, sizeof(out));
		assert_string_equal(out, good[i]);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(eq_parse_field(EQ_FLD_RX_USECS, bad[i], &v,
						&err), -EINVAL);
	assert_int_equal(eq_parse_field(EQ_FLD_RX_USECS, "keep", &v, &err), 0);
	assert_int_equal(v, 0);
}

/* Two plans that differ in one field only are not the same plan. */
static void test_plan_same_every_field(void **state)
{
	struct eq_plan a, b;
	unsigned int f;

	(void)state;
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		memset(&a, 0, sizeof(a));
		a.by = EQ_MATCH_TABLE;
		b = a;
		assert_true(eq_plan_same(&a, &b));
		b.tun[f] = 1;
		assert_false(eq_plan_same(&a, &b));
	}
}

/* Every field is a parameter and a nic= key, and formats back. */
static void test_fields_parse(void **state)
{
	struct eq_nic_entry e[EQ_MAX_NICS];
	struct eq_err err = { };
	char in[64], out[256];
	unsigned int f, n;
	u32 v;

	(void)state;
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		char num[16];
		const char *val = sample(f, num, sizeof(num));

		assert_int_equal(eq_parse_field(f, val, &v, &err), 0);
		assert_true(v != 0);
		eq_format_field(f, v, out, sizeof(out));
		assert_string_equal(out, val);
		assert_int_equal(eq_parse_field(f, "bogus", &v, &err),
				 -EINVAL);
		assert_non_null(strstr(err.msg, eq_fields[f].name));
		snprintf(in, sizeof(in), "name=eno1,%s=%s", eq_fields[f].name,
			 val);
		assert_int_equal(eq_parse_nics(in, e, &n, &err), 0);
		assert_int_equal(e[0].s.set, EQ_SBIT(EQ_S_TUN + f));
		assert_int_equal(e[0].s.tun[f], v);
		eq_format_nics(e, n, out, sizeof(out));
		assert_string_equal(out, in);
	}
}

/* A plan with each field set configures exactly its tunable's step. */
static void test_fields_ladder(void **state)
{
	u32 want[EQ_TUN_FIELDS];
	struct eq_err err = { };
	struct eq_plan p;
	unsigned int f, id;
	char num[16];

	(void)state;
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		id = eq_fields[f].tun;
		memset(&p, 0, sizeof(p));
		p.by = EQ_MATCH_TABLE;
		p.mode = EQ_MODE_ON_HANG;
		assert_int_equal(eq_parse_field(f, sample(f, num, sizeof(num)),
						&p.tun[f], &err), 0);
		/* a NOSTEP tunable is never a step */
		assert_int_equal(eq_plan_ladder(&p), EQ_TUN_ON_LADDER(id) ?
				 EQ_SBIT(EQ_TUN_STEP(id)) : 0);
		assert_int_equal(eq_plan_tun_want(&p, id, want),
				 1u << eq_fields[f].i);
		assert_int_equal(want[eq_fields[f].i],
				 eq_field_kind(f)->words[0] ? eq_fields[f].off :
				 eq_field_kind(f)->min);
	}
}

static void test_cli_reads_every_file(void **state)
{
	static const char *const suffix[] = { "", "_orig" };
	char *fields, *optional, *json, name[64];
	unsigned int f, k;

	(void)state;
	fields = between(cli, "\nFIELDS='", '\'');
	optional = between(cli, "\nOPTIONAL='", '\'');
	json = between(cli, "nfields = split(\"", '"');
	assert_non_null(fields);
	assert_non_null(optional);
	assert_non_null(json);
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		for (k = 0; k < 2; k++) {
			snprintf(name, sizeof(name), "%s%s", eq_fields[f].name,
				 suffix[k]);
			if (!has_word(fields, name) && !has_word(optional, name))
				fail_msg("%s: no sysfs file %s in FIELDS or OPTIONAL",
					 getenv("EQ_CLI"), name);
			if (!has_word(json, name))
				fail_msg("%s: no %s in the JSON field list",
					 getenv("EQ_CLI"), name);
		}
	}
	free(fields);
	free(optional);
	free(json);
}

/*
 * In @from, the first @needle is followed by @num and the step number
 * @step: "if (w == \"eee\") return 2", "eee) v=2".
 */
static void expect_mapped(const char *from, const char *needle,
			  const char *num, unsigned long step,
			  const char *what, const char *key)
{
	const char *p = from ? strstr(from, needle) : NULL;
	unsigned long got;

	if (!p)
		fail_msg("%s does not know %s", what, key);
	p = strstr(p, num);
	assert_non_null(p);
	got = strtoul(p + strlen(num), NULL, 10);
	if (got != step)
		fail_msg("%s maps %s to %lu, the module's step is %lu", what,
			 key, got, step);
}

static void test_cli_knows_every_step(void **state)
{
	char want[128];
	unsigned int id;

	(void)state;
	for (id = 0; id < EQ_TUN_LADDER; id++) {
		const char *key = eq_tun_info[id].key;

		/* awk: if (w == "eee") return 2 (perhaps with aliases) */
		snprintf(want, sizeof(want), "if (w == \"%s\"", key);
		expect_mapped(cli, want, "return ", EQ_TUN_STEP(id),
			      "stepnum()", key);
		/* sh: eee) v=2 ;;  or  pause | flow-control) v=3 ;; */
		snprintf(want, sizeof(want), "\n\t%s", key);
		expect_mapped(strstr(cli, "step_number() {"), want, "v=",
			      EQ_TUN_STEP(id), "step_number()", key);
	}
}

static void test_every_field_is_a_parameter(void **state)
{
	char want[96];
	unsigned int f;

	(void)state;
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		snprintf(want, sizeof(want), "\nEQ_PARAM(%s, EQ_P_TUN + EQ_FLD_",
			 eq_fields[f].name);
		if (!strstr(params_c, want))
			fail_msg("%s: no module parameter %s (EQ_PARAM(%s, EQ_P_TUN + EQ_FLD_...))",
				 getenv("EQ_PARAMS_C"), eq_fields[f].name,
				 eq_fields[f].name);
	}
}

/*
 * The Ansible role (contrib/ansible/e1000e_quirks, $EQ_ROLE): every field
 * is in the order it writes a nic= entry's settings (vars/main.yml, after
 * the settings every NIC has: tests/fleet/run.sh checks the whole order
 * against eq_format_nics()) and in the options its defaults document.
 */
static void test_role_knows_every_field(void **state)
{
	char want[96], *opts;
	const char *after;
	unsigned int f;

	(void)state;
	opts = between(role_defaults, "# Global module options", '{');
	assert_non_null(opts);
	after = strstr(role_vars, "\n  - escalate\n");
	assert_non_null(after);
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		snprintf(want, sizeof(want), "\n  - %s\n", eq_fields[f].name);
		if (!strstr(after, want))
			fail_msg("%s/vars/main.yml: no %s in e1000e_quirks_nic_setting_order",
				 getenv("EQ_ROLE"), eq_fields[f].name);
		/* there, a field is followed by the next field of the list */
		if (f + 1 < EQ_FLD_COUNT) {
			snprintf(want, sizeof(want), "\n  - %s\n  - %s\n",
				 eq_fields[f].name, eq_fields[f + 1].name);
			if (!strstr(after, want))
				fail_msg("%s/vars/main.yml: %s not right after %s",
					 getenv("EQ_ROLE"), eq_fields[f + 1].name,
					 eq_fields[f].name);
		}
		if (!has_name(opts, eq_fields[f].name))
			fail_msg("%s/defaults/main.yml: option %s not documented",
				 getenv("EQ_ROLE"), eq_fields[f].name);
	}
	free(opts);
}

static char *slurp_env(const char *env, const char *sub)
{
	const char *dir = getenv(env);
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "", sub);
	text = dir ? slurp(path) : NULL;
	if (!text)
		fprintf(stderr, "test_tunables: cannot read %s (%s)\n", env,
			path);
	return text;
}

int main(void)
{
	const char *ppath = getenv("EQ_PARAMS_C");
	const char *path = getenv("EQ_CLI");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_consistent),
		cmocka_unit_test(test_fields_parse),
		cmocka_unit_test(test_fields_ladder),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_rx_usecs),
		cmocka_unit_test(test_plan_same_every_field),
		cmocka_unit_test(test_cli_reads_every_file),
		cmocka_unit_test(test_cli_knows_every_step),
		cmocka_unit_test(test_every_field_is_a_parameter),
		cmocka_unit_test(test_role_knows_every_field),
	};

	cli = path ? slurp(path) : NULL;
	if (!cli) {
		fprintf(stderr, "test_tunables: cannot read EQ_CLI (%s)\n",
			path ? path : "unset");
		return 1;
	}
	params_c = ppath ? slurp(ppath) : NULL;
	if (!params_c) {
		fprintf(stderr, "test_tunables: cannot read EQ_PARAMS_C (%s)\n",
			ppath ? ppath : "unset");
		return 1;
	}
	role_vars = slurp_env("EQ_ROLE", "vars/main.yml");
	role_defaults = slurp_env("EQ_ROLE", "defaults/main.yml");
	if (!role_vars || !role_defaults)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
