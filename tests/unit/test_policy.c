// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/policy.c: the mode=, features= and ids= parsers, the
 * formatters, eq_config_init() and eq_plan_nic(). Built against the real
 * src/policy.c and src/table.c by tests/unit/run.sh.
 *
 * Every refused parse is checked three ways: -EINVAL, an error line naming
 * the parameter (and the token, when there is one), and outputs untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <e1000e_quirks/policy.h>

#define SENTINEL_MODE	((enum eq_mode)0x5a5a)
#define SENTINEL_MASK	0xdeadbeefu
#define SENTINEL_N	0xa5a5a5a5u

/* Large enough for every formatted value the tests build. */
#define BUF_LEN		512

/* The message is one NUL-terminated line of printable characters. */
static void assert_msg_sane(const struct eq_err *err)
{
	size_t i, len = strnlen(err->msg, sizeof(err->msg));

	assert_true(len > 0);
	assert_true(len < sizeof(err->msg));
	for (i = 0; i < len; i++)
		assert_true(err->msg[i] >= 0x20 && err->msg[i] < 0x7f);
}

static void assert_msg_has(const struct eq_err *err, const char *param,
			   const char *token)
{
	char prefix[64];

	assert_msg_sane(err);
	snprintf(prefix, sizeof(prefix), "parameter %s:", param);
	if (strncmp(err->msg, prefix, strlen(prefix)))
		fail_msg("'%s' does not start with '%s'", err->msg, prefix);
	if (token && !strstr(err->msg, token))
		fail_msg("'%s' does not name '%s'", err->msg, token);
}

/* ---- mode= ---------------------------------------------------------- */

static void expect_mode(const char *s, enum eq_mode want)
{
	struct eq_err err = { .msg = "untouched" };
	enum eq_mode mode = SENTINEL_MODE;

	if (eq_parse_mode(s, &mode, &err))
		fail_msg("mode '%s' refused: %s", s, err.msg);
	assert_int_equal(mode, want);
}

static void refuse_mode(const char *s, const char *token)
{
	struct eq_err err = { };
	enum eq_mode mode = SENTINEL_MODE;

	if (eq_parse_mode(s, &mode, &err) != -EINVAL)
		fail_msg("mode '%s' accepted", s ? s : "(null)");
	assert_int_equal(mode, SENTINEL_MODE);
	assert_msg_has(&err, "mode", token);
}

static void test_mode_accepts(void **state)
{
	(void)state;
	expect_mode("always", EQ_MODE_ALWAYS);
	expect_mode("monitor", EQ_MODE_MONITOR);
	expect_mode("off", EQ_MODE_OFF);
	expect_mode("on-hang", EQ_MODE_ON_HANG);
	/* echo adds a newline to sysfs writes; blanks around are ignored */
	expect_mode("monitor\n", EQ_MODE_MONITOR);
	expect_mode("  off \t\r\n", EQ_MODE_OFF);
	expect_mode("\ton-hang", EQ_MODE_ON_HANG);
}

static void test_mode_refuses(void **state)
{
	(void)state;
	refuse_mode(NULL, "empty value");
	refuse_mode("", "empty value");
	refuse_mode("\n", "empty value");
	refuse_mode(" \t\r\n ", "empty value");
	refuse_mode("bogus", "'bogus'");
	refuse_mode("bogus\n", "'bogus'");
	refuse_mode("Always", "'Always'");
	refuse_mode("OFF", "'OFF'");
	refuse_mode("alway", "'alway'");
	refuse_mode("alwaysx", "'alwaysx'");
	refuse_mode("on_hang", "'on_hang'");
	refuse_mode("onhang", "'onhang'");
	refuse_mode("always,", "'always,'");
	refuse_mode("always,off", "'always,off'");
	refuse_mode("always off", "'always off'");
	refuse_mode("0", "'0'");
}

static void test_mode_message(void **state)
{
	struct eq_err err = { };
	enum eq_mode mode = EQ_MODE_ALWAYS;

	(void)state;
	assert_int_equal(eq_parse_mode("sometimes\n", &mode, &err), -EINVAL);
	assert_msg_has(&err, "mode", "'sometimes'");
	/* the hint lists what is accepted */
	assert_non_null(strstr(err.msg, "on-hang"));
	/* a NULL err is allowed */
	assert_int_equal(eq_parse_mode("sometimes", &mode, NULL), -EINVAL);
	assert_int_equal(eq_parse_mode("off", &mode, NULL), 0);
	assert_int_equal(mode, EQ_MODE_OFF);
}

/* ---- features= ------------------------------------------------------ */

static void expect_features(const char *s, u32 want)
{
	struct eq_err err = { };
	u32 mask = SENTINEL_MASK;

	if (eq_parse_features(s, &mask, &err))
		fail_msg("features '%s' refused: %s", s, err.msg);
	if (mask != want)
		fail_msg("features '%s': mask %#x, want %#x", s, mask, want);
}

static void refuse_features(const char *s, const char *token)
{
	struct eq_err err = { };
	u32 mask = SENTINEL_MASK;

	if (eq_parse_features(s, &mask, &err) != -EINVAL)
		fail_msg("features '%s' accepted", s ? s : "(null)");
	assert_int_equal(mask, SENTINEL_MASK);
	assert_msg_has(&err, "features", token);
}

static void test_features_accepts(void **state)
{
	unsigned int f;

	(void)state;
	for (f = 0; f < EQ_F_COUNT; f++)
		expect_features(eq_feature_name(f), EQ_FBIT(f));
	expect_features("tso", EQ_FBIT(EQ_F_TSO));
	expect_features("txvlan", EQ_FBIT(EQ_F_TXVLAN));
	expect_features("tso,gso,sg,tx", EQ_FEATURES_DEFAULT);
	expect_features("tx,sg,gso,tso", EQ_FEATURES_DEFAULT);
	expect_features("tso,gso,gro,sg,tx,rx,rxvlan,txvlan", EQ_FEATURES_ALL);
	expect_features("tso,tso,tso", EQ_FBIT(EQ_F_TSO));
	expect_features("tso,gso,sg,tx\n", EQ_FEATURES_DEFAULT);
	expect_features(" tso , gso\t,sg,\ttx \r\n", EQ_FEATURES_DEFAULT);
	expect_features("none", 0);
	expect_features("none\n", 0);
	expect_features("  none  ", 0);
}

static void test_features_refuses(void **state)
{
	(void)state;
	/* empty values */
	refuse_features(NULL, "empty value");
	refuse_features("", "empty value");
	refuse_features("\n", "empty value");
	refuse_features(" \t ", "empty value");
	/* empty entries, trailing commas */
	refuse_features(",", "empty entry");
	refuse_features("tso,", "empty entry");
	refuse_features("tso,\n", "empty entry");
	refuse_features(",tso", "empty entry");
	refuse_features("tso,,gso", "empty entry");
	refuse_features("tso, ,gso", "empty entry");
	refuse_features("none,", "empty entry");
	/* unknown tokens, named in the message */
	refuse_features("bogus", "'bogus'");
	refuse_features("tso,bogus", "'bogus'");
	refuse_features("tso,bogus\n", "'bogus'");
	refuse_features("TSO", "'TSO'");
	refuse_features("Tso,gso", "'Tso'");
	refuse_features("all", "'all'");
	refuse_features("tso gso", "'tso gso'");
	refuse_features("tso;gso", "'tso;gso'");
	refuse_features("rxvlan,txvla", "'txvla'");
	refuse_features("-tso", "'-tso'");
	/* none is only valid alone */
	refuse_features("none,tso", "'none'");
	refuse_features("tso,none", "'none'");
	refuse_features("gso,none,sg\n", "'none'");
}

static void test_features_message(void **state)
{
	struct eq_err err = { };
	u32 mask = EQ_FEATURES_DEFAULT;

	(void)state;
	assert_int_equal(eq_parse_features("tso,xyzzy,gso\n", &mask, &err),
			 -EINVAL);
	assert_msg_has(&err, "features", "unknown feature 'xyzzy'");
	assert_non_null(strstr(err.msg, "rxvlan"));	/* the hint */
	assert_int_equal(mask, EQ_FEATURES_DEFAULT);

	/* combined none: the whole value is shown */
	assert_int_equal(eq_parse_features("none,gro", &mask, &err), -EINVAL);
	assert_msg_has(&err, "features", "none,gro");

	/* non-printable bytes do not reach the log line */
	assert_int_equal(eq_parse_features("tso,\x01\x1b[2J\x7f", &mask, &err),
			 -EINVAL);
	assert_msg_has(&err, "features", "'??[2J?'");

	assert_int_equal(eq_parse_features("bogus", &mask, NULL), -EINVAL);
	assert_int_equal(mask, EQ_FEATURES_DEFAULT);
}

static void test_features_long_token(void **state)
{
	char s[1024];
	struct eq_err err = { };
	u32 mask = SENTINEL_MASK;

	(void)state;
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(eq_parse_features(s, &mask, &err), -EINVAL);
	assert_msg_has(&err, "features", "'xxxx");
	assert_int_equal(mask, SENTINEL_MASK);

	memset(s, ',', sizeof(s) - 1);
	assert_int_equal(eq_parse_features(s, &mask, &err), -EINVAL);
	assert_msg_has(&err, "features", "empty entry");
}

/* ---- ids= ----------------------------------------------------------- */

struct ids_out {
	struct eq_pci_id ids[EQ_MAX_IDS];
	unsigned int n;
};

static void ids_poison(struct ids_out *o)
{
	memset(o->ids, 0xa5, sizeof(o->ids));
	o->n = SENTINEL_N;
}

static void parse_ids_ok(const char *s, struct ids_out *o)
{
	struct eq_err err = { };

	ids_poison(o);
	if (eq_parse_ids(s, o->ids, &o->n, &err))
		fail_msg("ids '%s' refused: %s", s, err.msg);
	assert_in_range(o->n, 0, EQ_MAX_IDS);
}

static void expect_one_id(const char *s, u16 vendor, u16 device)
{
	struct ids_out o;

	parse_ids_ok(s, &o);
	if (o.n != 1 || o.ids[0].vendor != vendor || o.ids[0].device != device)
		fail_msg("ids '%s': n=%u first=%04x:%04x, want %04x:%04x",
			 s, o.n, o.ids[0].vendor, o.ids[0].device,
			 vendor, device);
}

static void refuse_ids(const char *s, const char *token)
{
	struct eq_err err = { };
	struct ids_out o, before;

	ids_poison(&o);
	before = o;
	if (eq_parse_ids(s, o.ids, &o.n, &err) != -EINVAL)
		fail_msg("ids '%s' accepted", s);
	assert_int_equal(o.n, SENTINEL_N);
	assert_memory_equal(o.ids, before.ids, sizeof(o.ids));
	assert_msg_has(&err, "ids", token);
}

static void test_ids_accepts(void **state)
{
	struct ids_out o;

	(void)state;
	expect_one_id("8086:10d3", 0x8086, 0x10d3);
	expect_one_id("8086:10D3", 0x8086, 0x10d3);
	expect_one_id("ABCD:ef01", 0xabcd, 0xef01);
	expect_one_id("aBcD:EfF0", 0xabcd, 0xeff0);
	/* 1 to 4 hex digits on either side */
	expect_one_id("1:2", 0x1, 0x2);
	expect_one_id("12:34", 0x12, 0x34);
	expect_one_id("123:456", 0x123, 0x456);
	expect_one_id("f:0fff", 0xf, 0xfff);
	expect_one_id("0:0", 0, 0);
	expect_one_id("0000:0000", 0, 0);
	expect_one_id("ffff:FFFF", 0xffff, 0xffff);
	/* whitespace and echo's newline */
	expect_one_id("8086:10d3\n", 0x8086, 0x10d3);
	expect_one_id("  8086:10d3 \t\r\n", 0x8086, 0x10d3);

	parse_ids_ok(" 8086:10d3 , 8086:1502\n", &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.ids[0].device, 0x10d3);
	assert_int_equal(o.ids[1].device, 0x1502);

	/* with the subsystem: vendor:device:subvendor:subdevice */
	parse_ids_ok("8086:10d3:17aa:2247, 8086:10D3:0:0,8086:10d3\n", &o);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.ids[0].vendor, 0x8086);
	assert_int_equal(o.ids[0].device, 0x10d3);
	assert_int_equal(o.ids[0].subvendor, 0x17aa);
	assert_int_equal(o.ids[0].subdevice, 0x2247);
	assert_int_equal(o.ids[1].subvendor, 0);
	assert_int_equal(o.ids[1].subdevice, 0);
	assert_int_equal(o.ids[2].subvendor, EQ_ANY_ID);
	assert_int_equal(o.ids[2].subdevice, EQ_ANY_ID);
	parse_ids_ok("ffff:FFFF:ffff:FFFF", &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ids[0].subvendor, 0xffff);
	assert_int_equal(o.ids[0].subdevice, 0xffff);

	/* order is kept */
	parse_ids_ok("2:2,1:1", &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.ids[0].vendor, 2);
	assert_int_equal(o.ids[1].vendor, 1);
}

static void test_ids_empty_list(void **state)
{
	struct ids_out o;

	(void)state;
	/* no value clears the list: the default is "no extra IDs" */
	parse_ids_ok(NULL, &o);
	assert_int_equal(o.n, 0);
	parse_ids_ok("", &o);
	assert_int_equal(o.n, 0);
	parse_ids_ok("\n", &o);
	assert_int_equal(o.n, 0);
	parse_ids_ok(" \t\r\n", &o);
	assert_int_equal(o.n, 0);
}

static void test_ids_duplicates(void **state)
{
	struct ids_out o;

	(void)state;
	parse_ids_ok("8086:10d3,8086:10D3, 8086:10d3\t,8086:10d3\n", &o);
	assert_int_equal(o.n, 1);

	/* the same ID spelled five ways, another, the first again */
	parse_ids_ok("8086:d3,8086:0d3,8086:00D3,8086:00d3,1:1,8086:d3", &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.ids[0].vendor, 0x8086);
	assert_int_equal(o.ids[0].device, 0xd3);
	assert_int_equal(o.ids[1].vendor, 1);
	assert_int_equal(o.ids[1].device, 1);

	/* with the subsystem: the same four parts collapse too */
	parse_ids_ok("8086:10d3:17aa:2247,8086:10D3:17AA:2247,"
		     "8086:10d3:1:0001,8086:10d3:0001:1", &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.ids[1].subvendor, 1);
	assert_int_equal(o.ids[1].subdevice, 1);
	/* another subsystem, or none, is another entry */
	parse_ids_ok("8086:10d3:17aa:2247,8086:10d3:17aa:2248,8086:10d3,"
		     "8086:10d3:17aa:2247", &o);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.ids[1].subdevice, 0x2248);
	assert_int_equal(o.ids[2].subvendor, EQ_ANY_ID);
}

/* "1:0,2:0,...,n:0" */
static void ids_list(char *buf, size_t len, unsigned int first,
		     unsigned int n)
{
	unsigned int i;
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		off += snprintf(buf + off, len - off, "%s%x:0", i ? "," : "",
				first + i);
	assert_true(off < len);
}

static void test_ids_limit(void **state)
{
	char s[BUF_LEN];
	size_t off;
	struct ids_out o;
	unsigned int i;

	(void)state;
	ids_list(s, sizeof(s), 1, EQ_MAX_IDS);
	parse_ids_ok(s, &o);
	assert_int_equal(o.n, EQ_MAX_IDS);
	for (i = 0; i < EQ_MAX_IDS; i++) {
		assert_int_equal(o.ids[i].vendor, i + 1);
		assert_int_equal(o.ids[i].device, 0);
	}

	/* 17 distinct: refused, naming the first one over the limit */
	ids_list(s, sizeof(s), 1, EQ_MAX_IDS + 1);
	refuse_ids(s, "'11:0'");
	refuse_ids(s, "too many");

	/* 17 entries but only 16 distinct: fine */
	ids_list(s, sizeof(s), 1, EQ_MAX_IDS);
	off = strlen(s);
	snprintf(s + off, sizeof(s) - off, ",%x:0\n", 5);
	parse_ids_ok(s, &o);
	assert_int_equal(o.n, EQ_MAX_IDS);

	/* many copies of one ID collapse to one */
	s[0] = '\0';
	for (i = 0, off = 0; i < 40; i++)
		off += snprintf(s + off, sizeof(s) - off, "%s8086:15bc",
				i ? "," : "");
	parse_ids_ok(s, &o);
	assert_int_equal(o.n, 1);
}

static void test_ids_refuses(void **state)
{
	(void)state;
	refuse_ids("8086", "'8086'");
	refuse_ids("zz:10d3", "'zz:10d3'");
	refuse_ids("8086:10d3:1", "'8086:10d3:1'");
	/* the subsystem: four parts, 1 to 4 hex digits each */
	refuse_ids("8086:10d3:17aa:2247:1", "'8086:10d3:17aa:2247:1'");
	refuse_ids("8086:10d3:17aa:", "'8086:10d3:17aa:'");
	refuse_ids("8086:10d3::2247", "'8086:10d3::2247'");
	refuse_ids("8086:10d3:17aa:22470", "'8086:10d3:17aa:22470'");
	refuse_ids("8086:10d3:17aaa:2247", "'8086:10d3:17aaa:2247'");
	refuse_ids("8086:10d3:zz:2247", "'8086:10d3:zz:2247'");
	refuse_ids("8086:10d3:17aa:0x22", "'8086:10d3:17aa:0x22'");
	refuse_ids("8086:10d3:17aa-2247", "'8086:10d3:17aa-2247'");
	refuse_ids("8086:10d3,8086:10d3:17aa", "'8086:10d3:17aa'");
	refuse_ids(":10d3", "':10d3'");
	refuse_ids("12345:1", "'12345:1'");
	refuse_ids("1:12345", "'1:12345'");
	refuse_ids("8086:", "'8086:'");
	refuse_ids(":", "':'");
	refuse_ids("8086:zz", "'8086:zz'");
	refuse_ids("0x8086:0x10d3", "'0x8086:0x10d3'");
	refuse_ids("8086:10g3", "'8086:10g3'");
	refuse_ids("-1:1", "'-1:1'");
	refuse_ids("80 86:10d3", "'80 86:10d3'");
	refuse_ids("8086-10d3", "'8086-10d3'");
	refuse_ids("8086:10d3 8086:1502", "'8086:10d3 8086:1502'");
	refuse_ids("8086:10d3;8086:1502", "'8086:10d3;8086:1502'");
	/* a bad entry after a good one: named, and nothing is kept */
	refuse_ids("8086:10d3,8086", "'8086'");
	refuse_ids("8086:10d3,zz:10d3\n", "'zz:10d3'");
	/* empty entries, trailing commas */
	refuse_ids(",", "empty entry");
	refuse_ids("8086:10d3,", "empty entry");
	refuse_ids("8086:10d3,\n", "empty entry");
	refuse_ids(",8086:10d3", "empty entry");
	refuse_ids("8086:10d3,,8086:1502", "empty entry");
	refuse_ids("8086:10d3, ,8086:1502", "empty entry");
}

static void test_ids_message(void **state)
{
	struct eq_err err = { };
	struct ids_out o;

	(void)state;
	ids_poison(&o);
	assert_int_equal(eq_parse_ids("8086:1502,zz:10d3\n", o.ids, &o.n,
				      &err), -EINVAL);
	assert_msg_has(&err, "ids", "malformed PCI ID 'zz:10d3'");
	assert_non_null(strstr(err.msg, "vendor:device"));	/* the hint */
	assert_int_equal(eq_parse_ids("8086:10d3:17aa:zz", o.ids, &o.n, &err),
			 -EINVAL);
	assert_msg_has(&err, "ids", "malformed PCI ID '8086:10d3:17aa:zz'");
	assert_non_null(strstr(err.msg,
			       "vendor:device:subvendor:subdevice"));
	assert_int_equal(eq_parse_ids("zz", o.ids, &o.n, NULL), -EINVAL);
	assert_int_equal(o.n, SENTINEL_N);
}

/* ---- nic= ------------------------------------------------------------ */

/*
 * policy.h: "nic=: fills @nics and @n_nics only if the whole value is
 * valid". (The rest of the nic= grammar: test_nic.c.)
 */
static void test_nics_refused_untouched(void **state)
{
	struct eq_nic_entry nics[EQ_MAX_NICS], before[EQ_MAX_NICS];
	struct eq_err err = { };
	unsigned int n = SENTINEL_N;

	(void)state;
	memset(nics, 0, sizeof(nics));
	assert_int_equal(eq_parse_nics("name=eth0", nics, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(nics[0].name, "eth0");
	memcpy(before, nics, sizeof(nics));

	assert_int_equal(eq_parse_nics("name=eth1,mode=bogus", nics, &n, &err),
			 -EINVAL);
	assert_msg_has(&err, "nic, entry 1", "'bogus'");
	assert_int_equal(n, 1);
	assert_string_equal(nics[0].name, "eth0");
	assert_memory_equal(nics, before, sizeof(nics));

	assert_int_equal(eq_parse_nics("name=eth2;name=eth3;name=eth2", nics,
				       &n, &err), -EINVAL);
	assert_int_equal(n, 1);
	assert_memory_equal(nics, before, sizeof(nics));
}

/* ---- formatting ------------------------------------------------------ */

static void test_format_features(void **state)
{
	char buf[EQ_FEATURES_STRLEN];
	int n;

	(void)state;
	n = eq_format_features(EQ_FEATURES_DEFAULT, ',', buf, sizeof(buf));
	assert_string_equal(buf, "tso,gso,sg,tx");
	assert_int_equal(n, strlen(buf));
	n = eq_format_features(EQ_FEATURES_DEFAULT, ' ', buf, sizeof(buf));
	assert_string_equal(buf, "tso gso sg tx");
	n = eq_format_features(EQ_FEATURES_ALL, ',', buf, sizeof(buf));
	assert_string_equal(buf, "tso,gso,gro,sg,tx,rx,rxvlan,txvlan");
	assert_int_equal(n, strlen(buf));
	n = eq_format_features(0, ',', buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(n, 0);
	/* bits beyond the known features are not printed */
	n = eq_format_features(~0u, ',', buf, sizeof(buf));
	assert_string_equal(buf, "tso,gso,gro,sg,tx,rx,rxvlan,txvlan");
}

static void test_format_features_short_buffer(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(eq_format_features(EQ_FEATURES_ALL, ',', buf, 0), 0);
	assert_int_equal(buf[0], 'Z');

	n = eq_format_features(EQ_FEATURES_ALL, ',', buf, 1);
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");

	memset(buf, 'Z', sizeof(buf));
	n = eq_format_features(EQ_FEATURES_ALL, ',', buf, 6);
	assert_string_equal(buf, "tso,g");
	assert_int_equal(n, 5);
	assert_int_equal(buf[6], 'Z');
}

/* params.c shows an empty mask as "none": that is what a reader writes back */
static void test_features_round_trip(void **state)
{
	char buf[EQ_FEATURES_STRLEN];
	struct eq_err err = { };
	u32 mask, back;

	(void)state;
	for (mask = 0; mask <= EQ_FEATURES_ALL; mask++) {
		int n = eq_format_features(mask, ',', buf, sizeof(buf));

		assert_int_equal(n, strlen(buf));
		assert_true((size_t)n < sizeof(buf) - 1);
		back = SENTINEL_MASK;
		if (eq_parse_features(n ? buf : "none", &back, &err))
			fail_msg("mask %#x -> '%s' refused: %s", mask, buf,
				 err.msg);
		if (back != mask)
			fail_msg("mask %#x -> '%s' -> %#x", mask, buf, back);
	}
}

static void test_format_ids(void **state)
{
	const struct eq_pci_id two[] = {
		{ 0x8086, 0x10d3, EQ_ANY_ID, EQ_ANY_ID },
		{ 0x1, 0xabc, EQ_ANY_ID, EQ_ANY_ID },
	};
	const struct eq_pci_id sub[] = {
		{ 0x8086, 0x10d3, 0x17aa, 0x2247 },
		{ 0x8086, 0x10d3, EQ_ANY_ID, EQ_ANY_ID },
		{ 0x8086, 0x15bc, 0, 0 },
	};
	char buf[EQ_MAX_IDS * 20 + 1];
	char small[8];
	int n;

	(void)state;
	n = eq_format_ids(two, 2, buf, sizeof(buf));
	assert_string_equal(buf, "8086:10d3,0001:0abc");
	assert_int_equal(n, strlen(buf));
	n = eq_format_ids(two, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(n, 0);
	/* with the subsystem: four parts; subsystem 0000:0000 is one too */
	n = eq_format_ids(sub, 3, buf, sizeof(buf));
	assert_string_equal(buf,
		"8086:10d3:17aa:2247,8086:10d3,8086:15bc:0000:0000");
	assert_int_equal(n, strlen(buf));

	memset(small, 'Z', sizeof(small));
	assert_int_equal(eq_format_ids(two, 2, small, 0), 0);
	assert_int_equal(small[0], 'Z');
	n = eq_format_ids(two, 2, small, sizeof(small));
	assert_string_equal(small, "8086:10");
	assert_int_equal(n, 7);
}

static void ids_round_trip(const char *s)
{
	char buf[EQ_MAX_IDS * 20 + 1];
	struct ids_out a, b;
	int n;

	parse_ids_ok(s, &a);
	n = eq_format_ids(a.ids, a.n, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_true((size_t)n < sizeof(buf) - 1);
	parse_ids_ok(buf, &b);
	if (a.n != b.n || memcmp(a.ids, b.ids, a.n * sizeof(a.ids[0])))
		fail_msg("ids '%s' -> '%s' does not parse back the same", s,
			 buf);
}

static void test_ids_round_trip(void **state)
{
	char s[BUF_LEN];
	unsigned int i;
	size_t off = 0;

	(void)state;
	ids_round_trip("");
	ids_round_trip("8086:10d3");
	ids_round_trip("1:2,ffff:FFFF,0:0,8086:15BC\n");
	/* the longest value: 16 IDs of 4+4 digits */
	for (i = 0; i < EQ_MAX_IDS; i++)
		off += snprintf(s + off, sizeof(s) - off, "%sfff%x:eee%x",
				i ? "," : "", i, i);
	ids_round_trip(s);
	ids_round_trip("8086:10d3:17aa:2247,8086:10d3,8086:10D3:0:0\n");
	/* the longest value: 16 IDs with a subsystem, 4 digits each */
	for (i = 0, off = 0; i < EQ_MAX_IDS; i++)
		off += snprintf(s + off, sizeof(s) - off,
				"%sfff%x:eee%x:ddd%x:ccc%x", i ? "," : "", i,
				i, i, i);
	ids_round_trip(s);
}

static void test_names(void **state)
{
	enum eq_mode m;
	enum eq_mode back;
	struct eq_err err = { };

	(void)state;
	for (m = 0; m < EQ_MODE_COUNT; m++) {
		back = SENTINEL_MODE;
		assert_int_equal(eq_parse_mode(eq_mode_name(m), &back, &err),
				 0);
		assert_int_equal(back, m);
	}
	assert_string_equal(eq_mode_name(EQ_MODE_ON_HANG), "on-hang");
	assert_string_equal(eq_mode_name(EQ_MODE_COUNT), "?");
	assert_string_equal(eq_mode_name((enum eq_mode)-1), "?");
	assert_string_equal(eq_feature_name(EQ_F_RXVLAN), "rxvlan");
	assert_string_equal(eq_feature_name(EQ_F_COUNT), "?");
	assert_string_equal(eq_match_name(EQ_MATCH_NONE), "none");
	assert_string_equal(eq_match_name(EQ_MATCH_TABLE), "table");
	assert_string_equal(eq_match_name(EQ_MATCH_IDS), "ids");
	assert_string_equal(eq_match_name(EQ_MATCH_NIC), "nic");
	assert_string_equal(eq_match_name(EQ_MATCH_NIC + 1), "?");
}

/* ---- defaults --------------------------------------------------------- */

static void test_config_defaults(void **state)
{
	struct eq_config cfg, zero;
	struct eq_err err = { };
	enum eq_mode mode;
	u32 features;

	(void)state;
	memset(&cfg, 0xa5, sizeof(cfg));
	eq_config_init(&cfg);
	assert_int_equal(eq_parse_mode("always", &mode, &err), 0);
	assert_int_equal(eq_parse_features("tso,gso,sg,tx", &features, &err),
			 0);
	assert_int_equal(cfg.mode, mode);
	assert_int_equal(cfg.features, features);
	assert_int_equal(cfg.features, EQ_FEATURES_DEFAULT);
	assert_int_equal(cfg.n_ids, 0);
	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(cfg.ids, zero.ids, sizeof(cfg.ids));
}

/* ---- eq_plan_nic() ---------------------------------------------------- */

static void plan_sub(const struct eq_config *cfg, u16 vendor, u16 device,
		     u16 subvendor, u16 subdevice, struct eq_plan *p)
{
	const struct eq_facts facts = {
		.vendor = vendor,
		.device = device,
		.subvendor = subvendor,
		.subdevice = subdevice,
		.pci = "0000:00:1f.6",
		.ifname = "eth0",
	};

	memset(p, 0xa5, sizeof(*p));
	eq_plan_nic(cfg, &facts, p);
}

static void plan(const struct eq_config *cfg, u16 vendor, u16 device,
		 struct eq_plan *p)
{
	plan_sub(cfg, vendor, device, 0x8086, 0, p);
}

static void cfg_with_ids(struct eq_config *cfg, const char *ids)
{
	struct eq_err err = { };

	eq_config_init(cfg);
	if (eq_parse_ids(ids, cfg->ids, &cfg->n_ids, &err))
		fail_msg("ids '%s' refused: %s", ids, err.msg);
}

static void test_plan_none(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;

	(void)state;
	eq_config_init(&cfg);
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_null(p.id);
	assert_int_equal(p.features, 0);
	assert_int_equal(p.mode, EQ_MODE_ALWAYS);

	/* an ids= entry for another vendor or device does not match */
	cfg_with_ids(&cfg, "8087:10d3,8086:10d4");
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	/* right device, wrong vendor: not the table's row either */
	plan(&cfg, 0x8087, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_null(p.id);
}

static void test_plan_table(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;

	(void)state;
	eq_config_init(&cfg);
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_ptr_equal(p.id, eq_table_lookup(0x8086, 0x15bc));
	assert_non_null(p.id);
	assert_string_equal(p.id->model, "I219-V (7)");
	assert_int_equal(p.mode, EQ_MODE_ALWAYS);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);

	/* also listed in ids=: the table wins */
	cfg_with_ids(&cfg, "8086:15bc");
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_ptr_equal(p.id, eq_table_lookup(0x8086, 0x15bc));
}

static void test_plan_ids(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;

	(void)state;
	cfg_with_ids(&cfg, "1234:5678,8086:10d3");
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.by, EQ_MATCH_IDS);
	assert_null(p.id);
	assert_int_equal(p.mode, EQ_MODE_ALWAYS);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
	plan(&cfg, 0x1234, 0x5678, &p);
	assert_int_equal(p.by, EQ_MATCH_IDS);
	/* the other table rows still match by table */
	plan(&cfg, 0x8086, 0x1502, &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_string_equal(p.id->family, "pch2lan");
}

static void test_plan_ids_subsys(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;

	(void)state;
	cfg_with_ids(&cfg, "8086:10d3:17aa:2247");
	plan_sub(&cfg, 0x8086, 0x10d3, 0x17aa, 0x2247, &p);
	assert_int_equal(p.by, EQ_MATCH_IDS);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
	/* a wrong subdevice, subvendor, device or vendor: no match */
	plan_sub(&cfg, 0x8086, 0x10d3, 0x17aa, 0x2248, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_int_equal(p.features, 0);
	plan_sub(&cfg, 0x8086, 0x10d3, 0x17ab, 0x2247, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	plan_sub(&cfg, 0x8086, 0x10d4, 0x17aa, 0x2247, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	plan_sub(&cfg, 0x8087, 0x10d3, 0x17aa, 0x2247, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	/* subsystem 0000:0000 is a subsystem like any other */
	cfg_with_ids(&cfg, "8086:10d3:0:0");
	plan_sub(&cfg, 0x8086, 0x10d3, 0, 0, &p);
	assert_int_equal(p.by, EQ_MATCH_IDS);
	plan_sub(&cfg, 0x8086, 0x10d3, 0x8086, 0, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	/* two parts: any subsystem */
	cfg_with_ids(&cfg, "8086:10d3:17aa:2247,8086:10d3");
	plan_sub(&cfg, 0x8086, 0x10d3, 0x1028, 0x07a1, &p);
	assert_int_equal(p.by, EQ_MATCH_IDS);
}

static void test_plan_mode_off(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;

	(void)state;
	cfg_with_ids(&cfg, "8086:10d3");
	cfg.mode = EQ_MODE_OFF;
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_int_equal(p.features, 0);
	assert_int_equal(p.mode, EQ_MODE_OFF);
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_int_equal(p.features, 0);
}

static void test_plan_features_copied(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;
	struct eq_err err = { };

	(void)state;
	cfg_with_ids(&cfg, "8086:10d3");
	assert_int_equal(eq_parse_features("gro,rxvlan", &cfg.features, &err),
			 0);
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.features, EQ_FBIT(EQ_F_GRO) | EQ_FEATURES_VLAN);
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.features, EQ_FBIT(EQ_F_GRO) | EQ_FEATURES_VLAN);

	/* features=none: still matched, nothing to turn off */
	assert_int_equal(eq_parse_features("none", &cfg.features, &err), 0);
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_int_equal(p.features, 0);
}

/* e1000e ties txvlan to rxvlan: either one planned means both. */
static void test_plan_vlan_pair(void **state)
{
	static const struct {
		const char *features;
		u32 want, implied;
	} cases[] = {
		{ "txvlan", EQ_FEATURES_VLAN, EQ_FBIT(EQ_F_RXVLAN) },
		{ "rxvlan", EQ_FEATURES_VLAN, EQ_FBIT(EQ_F_TXVLAN) },
		{ "rxvlan,txvlan", EQ_FEATURES_VLAN, 0 },
		{ "tso,txvlan", EQ_FBIT(EQ_F_TSO) | EQ_FEATURES_VLAN,
		  EQ_FBIT(EQ_F_RXVLAN) },
		{ "tso,gso,sg,tx", EQ_FEATURES_DEFAULT, 0 },
		{ "none", 0, 0 },
	};
	struct eq_config cfg;
	struct eq_err err = { };
	struct eq_plan p;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		eq_config_init(&cfg);
		assert_int_equal(eq_parse_features(cases[i].features,
						   &cfg.features, &err), 0);
		plan(&cfg, 0x8086, 0x15bc, &p);
		assert_int_equal(p.features, cases[i].want);
		assert_int_equal(p.implied, cases[i].implied);
		/* the same through a nic= entry */
		assert_int_equal(eq_parse_nics("pci=0000:00:1f.6,features=txvlan",
					       cfg.nics, &cfg.n_nics, &err), 0);
		plan(&cfg, 0x8086, 0x15bc, &p);
		assert_int_equal(p.features, EQ_FEATURES_VLAN);
		assert_int_equal(p.implied, EQ_FBIT(EQ_F_RXVLAN));
	}
	/* not matched: nothing planned, nothing implied */
	eq_config_init(&cfg);
	assert_int_equal(eq_parse_features("txvlan", &cfg.features, &err), 0);
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.features, 0);
	assert_int_equal(p.implied, 0);
}

static void test_plan_mode_kept(void **state)
{
	struct eq_config cfg;
	struct eq_plan p;

	(void)state;
	cfg_with_ids(&cfg, "8086:10d3");
	cfg.mode = EQ_MODE_MONITOR;
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_int_equal(p.mode, EQ_MODE_MONITOR);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
	plan(&cfg, 0x8086, 0x10d3, &p);
	assert_int_equal(p.by, EQ_MATCH_IDS);
	assert_int_equal(p.mode, EQ_MODE_MONITOR);

	cfg.mode = EQ_MODE_ON_HANG;
	plan(&cfg, 0x8086, 0x15bc, &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_int_equal(p.mode, EQ_MODE_ON_HANG);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
}

/* ---- escalation: the ladder and the step in force --------------------- */

static void plan_on_hang(struct eq_plan *p, const char *nic)
{
	struct eq_config cfg;
	struct eq_err err = { };

	eq_config_init(&cfg);
	cfg.mode = EQ_MODE_ON_HANG;
	if (eq_parse_nics(nic, cfg.nics, &cfg.n_nics, &err))
		fail_msg("nic '%s' refused: %s", nic, err.msg);
	plan(&cfg, 0x8086, 0x15bc, p);
}

static void test_ladder(void **state)
{
	struct eq_plan p;

	(void)state;
	plan_on_hang(&p, "pci=0000:00:1f.6,escalate=1");
	assert_true(p.escalate);
	assert_int_equal(eq_plan_ladder(&p), 1u << EQ_STEP_OFFLOADS);
	plan_on_hang(&p, "pci=0000:00:1f.6,escalate=1,eee=off,pause=off,tx_ring=512,k1=off");
	assert_int_equal(eq_plan_ladder(&p), 0x3e);
	assert_int_equal(p.tun[EQ_FLD_K1], EQ_OFF);
	/* skipped steps */
	plan_on_hang(&p, "pci=0000:00:1f.6,features=none,rx_ring=512,k1=off");
	assert_int_equal(eq_plan_ladder(&p),
			 (1u << EQ_STEP_RINGS) | (1u << EQ_STEP_K1));
	assert_int_equal(eq_next_step(eq_plan_ladder(&p), EQ_STEP_NONE),
			 EQ_STEP_RINGS);
	assert_int_equal(eq_next_step(eq_plan_ladder(&p), EQ_STEP_RINGS),
			 EQ_STEP_K1);
	assert_int_equal(eq_next_step(eq_plan_ladder(&p), EQ_STEP_K1),
			 EQ_STEP_NONE);
	assert_int_equal(eq_last_step(eq_plan_ladder(&p)), EQ_STEP_K1);
	assert_int_equal(eq_last_step(0), EQ_STEP_NONE);
	assert_string_equal(eq_step_name(EQ_STEP_EEE), "EEE off");
	assert_string_equal(eq_step_name(EQ_STEP_K1), "K1 off");
}

/* The sequence: steps 1 -> 2 -> 3 -> 4 -> 5 at the right counts. */
static void test_escalate_steps(void **state)
{
	struct eq_plan p;
	bool mitigated = false;
	enum eq_step step = EQ_STEP_NONE;
	unsigned long since = 0;
	unsigned int taken = 0;
	enum eq_step seen[8];

	(void)state;
	plan_on_hang(&p, "pci=0000:00:1f.6,escalate=1,hang_threshold=3,eee=off,pause=off,tx_ring=512,k1=off");
	/* one reset at a time, 20 resets */
	for (int r = 1; r <= 20; r++) {
		enum eq_step to;

		since++;
		to = eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 step, since);
		if (to != step) {
			assert_int_equal(since, 3);	/* every 3 resets */
			seen[taken++] = to;
			step = to;
			since = 0;	/* counted again from the new step */
		}
	}
	assert_true(mitigated);
	assert_int_equal(taken, 5);
	assert_int_equal(seen[0], EQ_STEP_OFFLOADS);
	assert_int_equal(seen[1], EQ_STEP_EEE);
	assert_int_equal(seen[2], EQ_STEP_PAUSE);
	assert_int_equal(seen[3], EQ_STEP_RINGS);
	assert_int_equal(seen[4], EQ_STEP_K1);
	assert_int_equal(step, EQ_STEP_K1);
}

static void test_escalate_off_and_modes(void **state)
{
	struct eq_plan p;
	bool mitigated = false;

	(void)state;
	/* escalate=0: everything at the threshold */
	plan_on_hang(&p, "pci=0000:00:1f.6,hang_threshold=2,eee=off,tx_ring=512");
	assert_int_equal(eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 EQ_STEP_NONE, 1),
			 EQ_STEP_NONE);
	assert_false(mitigated);
	assert_int_equal(eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 EQ_STEP_NONE, 2),
			 EQ_STEP_RINGS);
	assert_true(mitigated);
	assert_int_equal(eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 EQ_STEP_RINGS, 9),
			 EQ_STEP_RINGS);
	/* mode=always ignores escalate and resets */
	plan_on_hang(&p, "pci=0000:00:1f.6,mode=always,escalate=1,eee=off");
	mitigated = false;
	assert_int_equal(eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 EQ_STEP_NONE, 0),
			 EQ_STEP_EEE);
	/* monitor: nothing */
	plan_on_hang(&p, "pci=0000:00:1f.6,mode=monitor,eee=off");
	assert_int_equal(eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 EQ_STEP_NONE, 5),
			 EQ_STEP_NONE);
	/* on-hang with nothing configured: mitigated, no step */
	plan_on_hang(&p, "pci=0000:00:1f.6,features=none");
	mitigated = false;
	assert_int_equal(eq_plan_step(&p, eq_plan_ladder(&p), &mitigated,
				 EQ_STEP_NONE, 1),
			 EQ_STEP_NONE);
	assert_true(mitigated);
}

static void test_ladder_changed(void **state)
{
	struct eq_plan a, b;
	const enum eq_step top = EQ_STEP_K1;

	(void)state;
	plan_on_hang(&a, "pci=0000:00:1f.6,eee=off,tx_ring=512");
	plan_on_hang(&b, "pci=0000:00:1f.6,eee=off,tx_ring=1024,pause=off");
	/* escalate=0: rings, EEE, flow control apply on top */
	assert_false(eq_plan_ladder_changed(&a, &b, top));
	plan_on_hang(&b, "pci=0000:00:1f.6,eee=off,tx_ring=512,hang_threshold=7");
	assert_false(eq_plan_ladder_changed(&a, &b, top));
	plan_on_hang(&b, "pci=0000:00:1f.6,features=tso,eee=off,tx_ring=512");
	assert_true(eq_plan_ladder_changed(&a, &b, top));
	plan_on_hang(&b, "pci=0000:00:1f.6,mode=always,eee=off,tx_ring=512");
	assert_true(eq_plan_ladder_changed(&a, &b, top));
	/* escalate=1: the steps in force are what the mitigation is */
	plan_on_hang(&a, "pci=0000:00:1f.6,escalate=1,eee=off,tx_ring=512");
	plan_on_hang(&b, "pci=0000:00:1f.6,escalate=1,eee=off,tx_ring=1024");
	assert_false(eq_plan_ladder_changed(&a, &b, top));
	plan_on_hang(&b, "pci=0000:00:1f.6,escalate=1,eee=off,tx_ring=512,k1=off");
	assert_true(eq_plan_ladder_changed(&a, &b, top));
	/* a step added above the one in force is still to come */
	assert_false(eq_plan_ladder_changed(&a, &b, EQ_STEP_OFFLOADS));
	assert_false(eq_plan_ladder_changed(&a, &b, EQ_STEP_RINGS));
	/* one taken away at or below it is not */
	plan_on_hang(&b, "pci=0000:00:1f.6,escalate=1,tx_ring=512");
	assert_true(eq_plan_ladder_changed(&a, &b, EQ_STEP_EEE));
	assert_false(eq_plan_ladder_changed(&a, &b, EQ_STEP_OFFLOADS));
	/* escalate 1 -> 0 (and back) with the same remedies keeps it */
	plan_on_hang(&b, "pci=0000:00:1f.6,eee=off,tx_ring=512");
	assert_false(eq_plan_ladder_changed(&a, &b, EQ_STEP_OFFLOADS));
	assert_false(eq_plan_ladder_changed(&b, &a, EQ_STEP_RINGS));
}

/* The stored plan is compared field by field: none may go stale. */
/* ---- eq_log_once() ---------------------------------------------------- */

static void test_log_once(void **state)
{
	struct eq_logged l = { };

	(void)state;
	assert_false(eq_log_once(&l, "setting rings", 0));	/* success */
	assert_true(eq_log_once(&l, "setting rings", -EIO));	/* first */
	assert_false(eq_log_once(&l, "setting rings", -EIO));	/* next pass */
	assert_false(eq_log_once(&l, "setting rings", -EIO));
	assert_true(eq_log_once(&l, "setting rings", -EBUSY));	/* another */
	assert_true(eq_log_once(&l, "reading rings", -EBUSY));	/* elsewhere */
	assert_false(eq_log_once(&l, "reading rings", -EBUSY));
	assert_true(eq_log_once(&l, "setting rings", -EIO));	/* back */
	assert_false(eq_log_once(&l, "setting rings", 0));	/* forgets */
	assert_int_equal(l.err, 0);
	assert_true(eq_log_once(&l, "setting rings", -EIO));	/* again */
	assert_true(eq_log_once(&l, NULL, -EEXIST));
	assert_false(eq_log_once(&l, NULL, -EEXIST));
	assert_false(eq_log_once(&l, "", -EEXIST));
}

static void test_plan_same(void **state)
{
	static const char *const variants[] = {
		"pci=0000:00:1f.6,escalate=1",
		"pci=0000:00:1f.6,k1=off",
		"pci=0000:00:1f.6,eee=off",
		"pci=0000:00:1f.6,pause=off",
		"pci=0000:00:1f.6,tx_ring=128",
		"pci=0000:00:1f.6,rx_ring=128",
		"pci=0000:00:1f.6,hang_threshold=2",
		"pci=0000:00:1f.6,features=tso",
		"pci=0000:00:1f.6,mode=always",
	};
	struct eq_plan a, b;
	unsigned int i;

	(void)state;
	plan_on_hang(&a, "pci=0000:00:1f.6");
	plan_on_hang(&b, "pci=0000:00:1f.6");
	assert_true(eq_plan_same(&a, &b));
	for (i = 0; i < ARRAY_SIZE(variants); i++) {
		plan_on_hang(&b, variants[i]);
		if (eq_plan_same(&a, &b))
			fail_msg("'%s' compares the same as no setting",
				 variants[i]);
	}
}

/*
 * The read-back comparison: plan against the device, the ledger only to
 * tell the module's own value from somebody else's.
 */
static void test_tun_compare(void **state)
{
	u32 want[EQ_TUN_FIELDS] = { 512, 256 }, set[EQ_TUN_FIELDS] = { 0 };
	u32 cur[EQ_TUN_FIELDS] = { 256, 256 };
	struct eq_tun_cmp c;

	(void)state;
	/* rings tx 512 rx 256 planned, never set, device tx 256 rx 256 */
	eq_tun_compare(2, 0x3, want, 0, set, cur, &c);
	assert_int_equal(c.apply, 0x1);
	assert_int_equal(c.in_force, 0x2);
	assert_int_equal(c.drift, 0);
	assert_false(eq_tun_already(&c, 0x3, 0));
	/* set by the module, then tx changed by hand: drift, not apply */
	set[0] = 512;
	set[1] = 256;
	eq_tun_compare(2, 0x3, want, 0x3, set, cur, &c);
	assert_int_equal(c.drift, 0x1);
	assert_int_equal(c.apply, 0);
	assert_int_equal(c.in_force, 0x2);
	/* the plan moved on (tx 1024): apply, whatever the device did */
	want[0] = 1024;
	eq_tun_compare(2, 0x3, want, 0x3, set, cur, &c);
	assert_int_equal(c.apply, 0x1);
	assert_int_equal(c.drift, 0);
	/* only rx planned: tx is neither */
	eq_tun_compare(2, 0x2, want, 0x3, set, cur, &c);
	assert_int_equal(c.apply | c.drift, 0);
	assert_int_equal(c.in_force, 0x2);
	/* the ledger agrees with itself but not with the device: drift */
	want[0] = 512;
	cur[0] = 512;
	cur[1] = 1024;
	eq_tun_compare(2, 0x3, want, 0x3, set, cur, &c);
	assert_int_equal(c.drift, 0x2);
	assert_int_equal(c.in_force, 0x1);

	/* pause=off: flow control resolved to rx at a link-up, our "off" */
	want[0] = 0;
	set[0] = 0;
	cur[0] = EQ_PAUSE_RX;
	eq_tun_compare(1, 0x1, want, 0x1, set, cur, &c);
	assert_int_equal(c.drift, 0x1);
	/* already off before the module: in force, not ours: left out */
	cur[0] = 0;
	eq_tun_compare(1, 0x1, want, 0, set, cur, &c);
	assert_int_equal(c.in_force, 0x1);
	assert_true(eq_tun_already(&c, 0x1, 0));
	/* off because the module set it: on the ladder */
	eq_tun_compare(1, 0x1, want, 0x1, set, cur, &c);
	assert_false(eq_tun_already(&c, 0x1, 0x1));
	/* nothing planned: never "already" */
	eq_tun_compare(1, 0, want, 0, set, cur, &c);
	assert_false(eq_tun_already(&c, 0, 0));
	/* K1 off already (disable-k1 set by the driver's default) */
	want[0] = 1;
	cur[0] = 1;
	eq_tun_compare(1, 0x1, want, 0, set, cur, &c);
	assert_true(eq_tun_already(&c, 0x1, 0));
}

/* A step already in force is left out like an unsupported one. */
static void test_ladder_already(void **state)
{
	struct eq_plan p;
	bool mitigated = false;
	char buf[64];
	u32 ladder;

	(void)state;
	plan_on_hang(&p, "pci=0000:00:1f.6,escalate=1,hang_threshold=1,eee=off,pause=off");
	ladder = eq_nic_ladder(&p, EQ_SBIT(EQ_STEP_EEE));
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_NONE, 1),
			 EQ_STEP_OFFLOADS);
	eq_format_ladder(ladder, buf, sizeof(buf));
	assert_string_equal(buf, "offloads pause");
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_OFFLOADS,
				      1), EQ_STEP_PAUSE);
	/* EEE turned back on: the ladder has it again, the step stays */
	ladder = eq_nic_ladder(&p, 0);
	eq_format_ladder(ladder, buf, sizeof(buf));
	assert_string_equal(buf, "offloads eee pause");
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_PAUSE,
				      0), EQ_STEP_PAUSE);
}

/*
 * The ladder of a NIC: unsupported remedies left out when planning, and a
 * step refused when taken passed over to the next in the same pass.
 */
static void test_ladder_unsupported(void **state)
{
	struct eq_plan p;
	bool mitigated = false;
	char buf[64];
	u32 ladder;

	(void)state;
	plan_on_hang(&p, "pci=0000:00:1f.6,escalate=1,hang_threshold=1,k1=off,pause=off");
	/* K1 not supported (no disable-k1 flag): offloads, pause */
	ladder = eq_nic_ladder(&p, EQ_SBIT(EQ_STEP_K1));
	eq_format_ladder(ladder, buf, sizeof(buf));
	assert_string_equal(buf, "offloads pause");
	eq_format_ladder(eq_plan_ladder(&p), buf, sizeof(buf));
	assert_string_equal(buf, "offloads pause k1");
	assert_int_equal(eq_format_ladder(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_string_equal(eq_step_key(EQ_STEP_RINGS), "rings");
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_NONE, 1),
			 EQ_STEP_OFFLOADS);
	assert_false(eq_at_top(&p, ladder, mitigated, EQ_STEP_OFFLOADS));
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_OFFLOADS,
				      1), EQ_STEP_PAUSE);
	/* and stays: no hang spent on K1 */
	assert_true(eq_at_top(&p, ladder, mitigated, EQ_STEP_PAUSE));
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_PAUSE,
				      5), EQ_STEP_PAUSE);

	/* K1 refused when taken (e1000e 7.x on pre-ich8lan parts) */
	ladder = eq_plan_ladder(&p);
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_PAUSE,
				      1), EQ_STEP_K1);
	/* asked again without it, from the same step: stays at pause */
	ladder = eq_nic_ladder(&p, EQ_SBIT(EQ_STEP_K1));
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_PAUSE,
				      1), EQ_STEP_PAUSE);
	/* a refused step with one after it: the next, in the same pass */
	plan_on_hang(&p, "pci=0000:00:1f.6,escalate=1,eee=off,pause=off");
	ladder = eq_nic_ladder(&p, EQ_SBIT(EQ_STEP_EEE));
	assert_int_equal(eq_plan_step(&p, ladder, &mitigated, EQ_STEP_OFFLOADS,
				      1), EQ_STEP_PAUSE);
	/* mode=always: the last step the NIC can take */
	plan_on_hang(&p, "pci=0000:00:1f.6,mode=always,pause=off,k1=off");
	mitigated = false;
	assert_int_equal(eq_plan_step(&p, eq_nic_ladder(&p, EQ_SBIT(EQ_STEP_K1)),
				      &mitigated, EQ_STEP_NONE, 0),
			 EQ_STEP_PAUSE);
	/* not escalating: never at the top */
	assert_false(eq_at_top(&p, ladder, true, EQ_STEP_PAUSE));
}

static void test_nic_escalate_keys(void **state)
{
	struct eq_nic_entry nics[EQ_MAX_NICS];
	unsigned int n = 0;
	struct eq_err err = { };
	char buf[256];

	(void)state;
	assert_int_equal(eq_parse_nics("name=eno1,escalate=1,k1=off",
				       nics, &n, &err), 0);
	eq_format_nics(nics, n, buf, sizeof(buf));
	assert_string_equal(buf, "name=eno1,escalate=1,k1=off");
	assert_int_equal(eq_parse_nics("name=eno1,escalate=yes", nics, &n,
				       &err), -EINVAL);
	assert_non_null(strstr(err.msg, "'yes'"));
	/* k1=on takes back a K1 the driver turned off by default */
	assert_int_equal(eq_parse_nics("name=eno1,k1=on", nics, &n, &err), 0);
	assert_int_equal(nics[0].s.tun[EQ_FLD_K1], EQ_ON);
	eq_format_nics(nics, n, buf, sizeof(buf));
	assert_string_equal(buf, "name=eno1,k1=on");
	assert_int_equal(eq_parse_nics("name=eno1,k1=yes", nics, &n, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "(expected keep, off or on)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_accepts),
		cmocka_unit_test(test_mode_refuses),
		cmocka_unit_test(test_mode_message),
		cmocka_unit_test(test_features_accepts),
		cmocka_unit_test(test_features_refuses),
		cmocka_unit_test(test_features_message),
		cmocka_unit_test(test_features_long_token),
		cmocka_unit_test(test_ids_accepts),
		cmocka_unit_test(test_ids_empty_list),
		cmocka_unit_test(test_ids_duplicates),
		cmocka_unit_test(test_ids_limit),
		cmocka_unit_test(test_ids_refuses),
		cmocka_unit_test(test_ids_message),
		cmocka_unit_test(test_nics_refused_untouched),
		cmocka_unit_test(test_format_features),
		cmocka_unit_test(test_format_features_short_buffer),
		cmocka_unit_test(test_features_round_trip),
		cmocka_unit_test(test_format_ids),
		cmocka_unit_test(test_ids_round_trip),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_plan_none),
		cmocka_unit_test(test_plan_table),
		cmocka_unit_test(test_plan_ids),
		cmocka_unit_test(test_plan_ids_subsys),
		cmocka_unit_test(test_plan_mode_off),
		cmocka_unit_test(test_plan_features_copied),
		cmocka_unit_test(test_plan_vlan_pair),
		cmocka_unit_test(test_plan_mode_kept),
		cmocka_unit_test(test_ladder),
		cmocka_unit_test(test_escalate_steps),
		cmocka_unit_test(test_escalate_off_and_modes),
		cmocka_unit_test(test_ladder_changed),
		cmocka_unit_test(test_log_once),
		cmocka_unit_test(test_plan_same),
		cmocka_unit_test(test_ladder_unsupported),
		cmocka_unit_test(test_tun_compare),
		cmocka_unit_test(test_ladder_already),
		cmocka_unit_test(test_nic_escalate_keys),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
