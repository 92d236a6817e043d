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
 *
 * And the command's test fixture (tests/cli/fixture, recorded from the real
 * module by tests/cli/record-fixture.sh, $EQ_FIXTURE) against the module's
 * source ($EQ_SRC): every NIC directory has exactly the files src/sysfs.c
 * declares (its EQ_ATTR() lines) and the table derives (<name>,
 * <name>_orig), the root exactly its __ATTR_RO() files, the parameters
 * folder exactly the module's parameters (EQ_PARAM() in params.c,
 * module_param() elsewhere): a file added to the module without a new
 * recording fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <e1000e_quirks/policy.h>

static char *cli, *params_c, *role_vars, *role_defaults;
static const char *src_dir, *fixture;

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

#define EQ_MAX_NAMES	128
#define RERECORD	"re-record the fixture (tests/cli/record-fixture.sh)"

struct names {
	unsigned int n;
	char *name[EQ_MAX_NAMES];
};

static void add_name(struct names *l, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->name[i]) == len && !strncmp(l->name[i], name, len))
			return;
	assert_true(l->n < EQ_MAX_NAMES);
	l->name[l->n] = strndup(name, len);
	l->n++;
}

static bool in_names(const struct names *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return true;
	return false;
}

static void free_names(struct names *l)
{
	while (l->n)
		free(l->name[--l->n]);
}

/* Every NAME of "@start NAME<@stop>" in @text into @l. */
static void collect(struct names *l, const char *text, const char *start,
		    const char *stop)
{
	const char *p = text, *q;

	while ((p = strstr(p, start))) {
		p += strlen(start);
		q = p + strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (q > p && !strncmp(q, stop, strlen(stop)))
			add_name(l, p, q - p);
		p = q;
	}
}

/* The module's source file @name (in $EQ_SRC), or a failure. */
static char *source(const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", src_dir, name);
	text = slurp(path);
	if (!text)
		fail_msg("cannot read %s", path);
	return text;
}

/* The regular files of @dir into @l; false if it cannot be opened. */
static bool dir_files(struct names *l, const char *dir, bool want_dirs)
{
	char path[1024];
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir(dir);

	if (!dp)
		return false;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (stat(path, &st))
			continue;
		if (want_dirs ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode))
			add_name(l, d->d_name, strlen(d->d_name));
	}
	closedir(dp);
	return true;
}

/* @got and @want hold the same names, else a failure naming @where. */
static void same_names(const struct names *got, const struct names *want,
		       const char *where)
{
	unsigned int i;

	for (i = 0; i < want->n; i++)
		if (!in_names(got, want->name[i]))
			fail_msg("%s: no file %s, which the module writes: %s",
				 where, want->name[i], RERECORD);
	for (i = 0; i < got->n; i++)
		if (!in_names(want, got->name[i]))
			fail_msg("%s: file %s, which the module does not write: %s",
				 where, got->name[i], RERECORD);
}

static void test_fixture_is_the_module(void **state)
{
	struct names nic = { 0 }, root = { 0 }, params = { 0 }, got = { 0 };
	struct names nics = { 0 };
	char *sysfs_c = source("sysfs.c"), *watchdog_c = source("watchdog.c");
	char dir[1024], path[1200], name[64], *ladder;
	bool none = false, some = false;
	unsigned int f, i;

	(void)state;
	collect(&nic, sysfs_c, "\nEQ_ATTR(", ", EQ_ATTR_");
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		add_name(&nic, eq_fields[f].name, strlen(eq_fields[f].name));
		snprintf(name, sizeof(name), "%s_orig", eq_fields[f].name);
		add_name(&nic, name, strlen(name));
	}
	collect(&root, sysfs_c, "__ATTR_RO(", ")");
	collect(&params, params_c, "\nEQ_PARAM(", ",");
	collect(&params, watchdog_c, "\nmodule_param(", ",");
	assert_true(nic.n > 2 * EQ_FLD_COUNT);
	assert_true(root.n >= 1);
	assert_true(params.n > EQ_FLD_COUNT);

	snprintf(dir, sizeof(dir), "%s/sys/kernel/e1000e_quirks", fixture);
	if (!dir_files(&got, dir, false))
		fail_msg("no fixture %s: record it (tests/cli/record-fixture.sh)", dir);
	same_names(&got, &root, dir);
	free_names(&got);

	assert_true(dir_files(&nics, dir, true));
	assert_true(nics.n >= 2);
	for (i = 0; i < nics.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, nics.name[i]);
		assert_true(dir_files(&got, path, false));
		same_names(&got, &nic, path);
		free_names(&got);
		/* one NIC that does not escalate ("-"), one that does */
		snprintf(path, sizeof(path), "%s/%s/ladder", dir, nics.name[i]);
		ladder = slurp(path);
		assert_non_null(ladder);
		if (!strcmp(ladder, "-\n"))
			none = true;
		else
			some = true;
		free(ladder);
	}
	if (!none || !some)
		fail_msg("%s: want a NIC with ladder '-' and one with a ladder", dir);

	snprintf(dir, sizeof(dir), "%s/sys/module/e1000e_quirks/parameters",
		 fixture);
	assert_true(dir_files(&got, dir, false));
	same_names(&got, &params, dir);

	free_names(&got);
	free_names(&nics);
	free_names(&nic);
	free_names(&root);
	free_names(&params);
	free(sysfs_c);
	free(watchdog_c);
}

/*
 * tools/check-config.c ($EQ_CHECKER_C) knows every parameter of the module
 * that is not a tunable field (those it takes from the table): its
 * params[] entry { "NAME", ... }.
 */
static void test_checker_knows_every_parameter(void **state)
{
	struct names params = { 0 };
	char *watchdog_c = source("watchdog.c"), *checker, want[96];
	const char *path = getenv("EQ_CHECKER_C");
	unsigned int i, f;
	bool field;

	(void)state;
	checker = path ? slurp(path) : NULL;
	if (!checker)
		fail_msg("cannot read EQ_CHECKER_C (%s)", path ? path : "unset");
	collect(&params, params_c, "\nEQ_PARAM(", ",");
	collect(&params, watchdog_c, "\nmodule_param(", ",");
	for (i = 0; i < params.n; i++) {
		field = false;
		for (f = 0; f < EQ_FLD_COUNT; f++)
			field |= !strcmp(params.name[i], eq_fields[f].name);
		if (field)
			continue;
		snprintf(want, sizeof(want), "{ \"%s\", parse_", params.name[i]);
		if (!strstr(checker, want))
			fail_msg("%s: no params[] entry for the module parameter %s",
				 path, params.name[i]);
	}
	free_names(&params);
	free(watchdog_c);
	free(checker);
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
		cmocka_unit_test(test_fixture_is_the_module),
		cmocka_unit_test(test_checker_knows_every_parameter),
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
	src_dir = getenv("EQ_SRC");
	fixture = getenv("EQ_FIXTURE");
	if (!src_dir || !fixture) {
		fprintf(stderr, "test_tunables: EQ_SRC and EQ_FIXTURE must be set\n");
		return 1;
	}
	role_vars = slurp_env("EQ_ROLE", "vars/main.yml");
	role_defaults = slurp_env("EQ_ROLE", "defaults/main.yml");
	if (!role_vars || !role_defaults)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
