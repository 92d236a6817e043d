// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the per-NIC policy in src/policy.c: the nic= grammar, the
 * ring/toggle/bool/threshold parsers, and eq_plan_nic() with entries (most
 * specific wins: pci, mac, subsys, name; inheritance, matched_by nic,
 * global mode=off).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <e1000e_quirks/policy.h>

static const u8 mac_a[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
static const u8 mac_b[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x01 };

static struct eq_config cfg;

static unsigned int parse_ok(const char *s)
{
	struct eq_err err = { };
	unsigned int n = 12345;

	if (eq_parse_nics(s, cfg.nics, &n, &err))
		fail_msg("nic='%s' refused: %s", s, err.msg);
	cfg.n_nics = n;
	return n;
}

/* Refused, naming the entry and the token. */
static void parse_bad(const char *s, const char *entry, const char *token)
{
	struct eq_err err = { };
	unsigned int n = 12345;
	char prefix[48];

	if (!eq_parse_nics(s, cfg.nics, &n, &err))
		fail_msg("nic='%s' accepted", s);
	assert_int_equal(n, 12345);
	snprintf(prefix, sizeof(prefix), "parameter nic, entry %s:", entry);
	if (strncmp(err.msg, prefix, strlen(prefix)))
		fail_msg("'%s' does not start with '%s'", err.msg, prefix);
	if (token && !strstr(err.msg, token))
		fail_msg("'%s' does not name '%s'", err.msg, token);
}

static int setup(void **state)
{
	(void)state;
	eq_config_init(&cfg);
	return 0;
}

static void test_nic_keys(void **state)
{
	const struct eq_nic_entry *e = cfg.nics;

	(void)state;
	assert_int_equal(parse_ok(""), 0);
	assert_int_equal(parse_ok("\n"), 0);
	assert_int_equal(parse_ok("pci=0000:00:1f.6,features=tso+gso,tx_ring=256;"
				  "mac=AA:bb:cc:dd:ee:FF,mode=off;name=eno1,eee=off,"
				  "pause=off,rx_ring=4096,hang_threshold=3\n"), 3);
	assert_int_equal(e[0].key, EQ_KEY_PCI);
	assert_int_equal(e[0].pci.domain, 0);
	assert_int_equal(e[0].pci.bus, 0);
	assert_int_equal(e[0].pci.dev, 0x1f);
	assert_int_equal(e[0].pci.fn, 6);
	assert_int_equal(e[0].s.set, EQ_SBIT(EQ_S_FEATURES) | EQ_SBIT(EQ_S_TUN + EQ_FLD_TX_RING));
	assert_int_equal(e[0].s.features, EQ_FBIT(EQ_F_TSO) | EQ_FBIT(EQ_F_GSO));
	assert_int_equal(e[0].s.tun[EQ_FLD_TX_RING], 256);
	assert_int_equal(e[1].key, EQ_KEY_MAC);
	assert_memory_equal(e[1].mac, mac_a, 6);
	assert_int_equal(e[1].s.set, EQ_SBIT(EQ_S_MODE));
	assert_int_equal(e[1].s.mode, EQ_MODE_OFF);
	assert_int_equal(e[2].key, EQ_KEY_NAME);
	assert_string_equal(e[2].name, "eno1");
	assert_int_equal(e[2].s.tun[EQ_FLD_EEE], EQ_OFF);
	assert_int_equal(e[2].s.tun[EQ_FLD_PAUSE], EQ_OFF);
	assert_int_equal(e[2].s.tun[EQ_FLD_RX_RING], 4096);
	assert_int_equal(e[2].s.hang_threshold, 3);

	/* Without the domain, dashes in the MAC, spaces around tokens. */
	assert_int_equal(parse_ok(" pci = 02:00.0 , mode = monitor ; mac=aa-bb-cc-dd-ee-ff "), 2);
	assert_int_equal(e[0].pci.bus, 2);
	assert_int_equal(e[0].s.mode, EQ_MODE_MONITOR);
	assert_memory_equal(e[1].mac, mac_a, 6);
	assert_int_equal(parse_ok("pci=10:1f.7,features=none"), 1);
	assert_int_equal(e[0].s.features, 0);
	assert_true(e[0].s.set & EQ_SBIT(EQ_S_FEATURES));
}

static void test_nic_subsys(void **state)
{
	const struct eq_nic_entry *e = cfg.nics;

	(void)state;
	assert_int_equal(parse_ok("subsys=17aa:2247,k1=off;"
				  "subsys = 1028:07A1 , tx_ring=512;"
				  "subsys=8086:0\n"), 3);
	assert_int_equal(e[0].key, EQ_KEY_SUBSYS);
	assert_int_equal(e[0].subsys.vendor, 0x17aa);
	assert_int_equal(e[0].subsys.device, 0x2247);
	assert_int_equal(e[0].s.set, EQ_SBIT(EQ_S_TUN + EQ_FLD_K1));
	assert_int_equal(e[0].s.tun[EQ_FLD_K1], EQ_OFF);
	assert_int_equal(e[1].key, EQ_KEY_SUBSYS);
	assert_int_equal(e[1].subsys.vendor, 0x1028);
	assert_int_equal(e[1].subsys.device, 0x07a1);
	assert_int_equal(e[1].s.tun[EQ_FLD_TX_RING], 512);
	assert_int_equal(e[2].subsys.vendor, 0x8086);
	assert_int_equal(e[2].subsys.device, 0);
	/* the match key may come after the settings, as the others may */
	assert_int_equal(parse_ok("eee=off,subsys=f:f"), 1);
	assert_int_equal(e[0].key, EQ_KEY_SUBSYS);
	assert_int_equal(e[0].subsys.vendor, 0xf);
	assert_int_equal(e[0].s.tun[EQ_FLD_EEE], EQ_OFF);
}

static void test_nic_subsys_refused(void **state)
{
	(void)state;
	parse_bad("subsys=", "1", "'subsys'");
	parse_bad("subsys=17aa", "1", "malformed subsystem ID '17aa'");
	parse_bad("subsys=17aa:", "1", "'17aa:'");
	parse_bad(":2247", "1", NULL);
	parse_bad("subsys=:2247", "1", "':2247'");
	parse_bad("subsys=17aa:2247:1", "1", "'17aa:2247:1'");
	/* vendor:device:subvendor:subdevice belongs in ids=, not here */
	parse_bad("subsys=8086:10d3:17aa:2247", "1", "'8086:10d3:17aa:2247'");
	parse_bad("subsys=17aa:22470", "1", "'17aa:22470'");
	parse_bad("subsys=017aa:2247", "1", "'017aa:2247'");
	parse_bad("subsys=17ag:2247", "1", "'17ag:2247'");
	parse_bad("subsys=0x17aa:2247", "1", "'0x17aa:2247'");
	parse_bad("subsys=17aa-2247", "1", "'17aa-2247'");
	parse_bad("subsys=17 aa:2247", "1", "'17 aa:2247'");
	parse_bad("name=eth0;subsys=zz:1", "2", "subvendor:subdevice");
	parse_bad("subsys=17aa:2247,pci=00:1f.6", "1", "more than one match key");
	parse_bad("name=eth0,subsys=17aa:2247", "1", "more than one match key");
	parse_bad("subsys=17aa:2247,subsys=17aa:2248", "1",
		  "more than one match key");
	parse_bad("subsys=17aa:2247,k1=off,k1=keep", "1", "given twice");
	parse_bad("subsys=17aa:2247;subsys=17AA:02247", "2", NULL);
	parse_bad("subsys=17aa:2247,k1=off;subsys=17AA:2247,eee=off", "2",
		  "same NIC");
	parse_bad("subsys=1:1;subsys=0001:0001", "2", "same NIC");
	/* the hints name the new key */
	parse_bad("mode=off", "1", "subsys=");
	parse_bad("subsys=1:1,bogus=1", "1", "subsys, name");
}

static void test_nic_refused(void **state)
{
	(void)state;
	parse_bad("pci=00:1f.6,foo=1", "1", "'foo'");
	parse_bad("pci=00:1f.6,mode=", "1", "'mode'");
	parse_bad("pci=", "1", "'pci'");
	parse_bad("name=eth0;mac=aa:bb:cc", "2", "'aa:bb:cc'");
	parse_bad("mac=aa:bb:cc:dd:ee:fg", "1", "'aa:bb:cc:dd:ee:fg'");
	parse_bad("mac=aa:bb:cc:dd:ee:ff:00", "1", NULL);
	parse_bad("pci=00:20.0", "1", "'00:20.0'");	/* device > 0x1f */
	parse_bad("pci=00:1f.8", "1", "'00:1f.8'");	/* function > 7 */
	parse_bad("pci=0:0:00:1f.6", "1", NULL);
	parse_bad("pci=1f.6", "1", "'1f.6'");
	parse_bad("pci=00:1f.6,name=eth0", "1", "more than one match key");
	parse_bad("mode=off", "1", "no match key");
	parse_bad("name=eth0;;name=eth1", "2", "empty entry");
	parse_bad("name=eth0,features=tso,gso", "1", "'gso'");	/* ',' not '+' */
	parse_bad("name=eth0,features=tso+bogus", "1", "'bogus'");
	parse_bad("name=eth0,tx_ring=100", "1", "'100'");
	parse_bad("name=eth0,rx_ring=4104", "1", "'4104'");
	parse_bad("name=eth0,eee=on", "1", "'on'");
	parse_bad("name=eth0,hang_threshold=0", "1", "'0'");
	parse_bad("name=eth0,mode=off,mode=always", "1", "given twice");
	parse_bad("name=a/b", "1", "'a/b'");
	parse_bad("name=0123456789abcdef", "1", NULL);	/* > 15 chars */
	parse_bad("pci=0000:00:1f.6;pci=00:1f.6", "2", "same NIC");
	parse_bad("mac=aa:bb:cc:dd:ee:ff;mac=AA-BB-CC-DD-EE-FF", "2", "same NIC");
	parse_bad("name", "1", "key=value");
	parse_bad("n=1;n=2;n=3;n=4;n=5;n=6;n=7;n=8;n=9;n=10;n=11;n=12;n=13;"
		  "n=14;n=15;n=16;n=17", "1", NULL);
	/* Seventeen well-formed entries: too many, named at the 17th. */
	parse_bad("name=a;name=b;name=c;name=d;name=e;name=f;name=g;name=h;"
		  "name=i;name=j;name=k;name=l;name=m;name=n;name=o;name=p;"
		  "name=q", "17", "too many");
}

static void test_nic_format_roundtrip(void **state)
{
	struct eq_nic_entry back[EQ_MAX_NICS];
	char buf[4096], again[4096];
	struct eq_err err = { };
	unsigned int n;

	(void)state;
	parse_ok("name=eno1,features=none,hang_threshold=2;pci=3:00.1,"
		 "tx_ring=64,rx_ring=0,eee=keep,pause=off,mode=on-hang;"
		 "mac=aa:bb:cc:dd:ee:ff,features=gro+rxvlan;"
		 "k1=off,subsys=17AA:7a1");
	eq_format_nics(cfg.nics, cfg.n_nics, buf, sizeof(buf));
	assert_string_equal(buf,
		"name=eno1,features=none,hang_threshold=2;"
		"pci=0000:03:00.1,mode=on-hang,tx_ring=64,rx_ring=0,eee=keep,pause=off;"
		"mac=aa:bb:cc:dd:ee:ff,features=gro+rxvlan;"
		"subsys=17aa:07a1,k1=off");
	assert_int_equal(eq_parse_nics(buf, back, &n, &err), 0);
	assert_int_equal(n, 4);
	eq_format_nics(back, n, again, sizeof(again));
	assert_string_equal(buf, again);
	eq_format_entry_key(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "default");
	eq_format_entry_key(&cfg.nics[2], buf, sizeof(buf));
	assert_string_equal(buf, "mac=aa:bb:cc:dd:ee:ff");
	eq_format_entry_key(&cfg.nics[3], buf, sizeof(buf));
	assert_string_equal(buf, "subsys=17aa:07a1");
}

static void test_global_parsers(void **state)
{
	struct eq_err err = { };
	enum eq_toggle t = EQ_KEEP;
	u32 v = 7;
	bool b = false;

	(void)state;
	assert_int_equal(eq_parse_ring("tx_ring", "0\n", &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(eq_parse_ring("tx_ring", "64", &v, &err), 0);
	assert_int_equal(eq_parse_ring("tx_ring", "4096", &v, &err), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(eq_parse_ring("rx_ring", "4097", &v, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "parameter rx_ring: bad ring size '4097'"));
	assert_int_equal(v, 4096);
	assert_int_equal(eq_parse_ring("tx_ring", "63", &v, &err), -EINVAL);
	assert_int_equal(eq_parse_ring("tx_ring", "100", &v, &err), -EINVAL);
	assert_int_equal(eq_parse_ring("tx_ring", "-8", &v, &err), -EINVAL);
	assert_int_equal(eq_parse_ring("tx_ring", "99999999999", &v, &err), -EINVAL);
	assert_int_equal(eq_parse_ring("tx_ring", "", &v, &err), -EINVAL);
	assert_int_equal(v, 4096);

	assert_int_equal(eq_parse_toggle("eee", "off\n", &t, &err), 0);
	assert_int_equal(t, EQ_OFF);
	assert_int_equal(eq_parse_toggle("pause", "keep", &t, &err), 0);
	assert_int_equal(t, EQ_KEEP);
	assert_int_equal(eq_parse_toggle("pause", "on", &t, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "parameter pause:"));

	assert_int_equal(eq_parse_bool("enforce", "1\n", &b, &err), 0);
	assert_true(b);
	assert_int_equal(eq_parse_bool("enforce", "N", &b, &err), 0);
	assert_false(b);
	assert_int_equal(eq_parse_bool("enforce", "2", &b, &err), -EINVAL);
	assert_false(b);

	assert_int_equal(eq_parse_threshold("5\n", &v, &err), 0);
	assert_int_equal(v, 5);
	assert_int_equal(eq_parse_threshold("0", &v, &err), -EINVAL);
	assert_int_equal(eq_parse_threshold("1000001", &v, &err), -EINVAL);
	assert_int_equal(v, 5);
}

/* The subsystem of every NIC planned by plan(). */
static u16 subvendor = 0x17aa, subdevice = 0x2247;

static void plan(u16 device, const char *pci, const u8 *mac,
		 const char *ifname, struct eq_plan *p)
{
	struct eq_facts f = {
		.vendor = EQ_VENDOR_INTEL,
		.device = device,
		.subvendor = subvendor,
		.subdevice = subdevice,
		.pci = pci,
		.ifname = ifname,
		.mac = mac,
	};

	eq_plan_nic(&cfg, &f, p);
}

static void test_plan_most_specific(void **state)
{
	struct eq_plan p;

	(void)state;
	parse_ok("name=eno1,features=gso;mac=aa:bb:cc:dd:ee:ff,features=sg;"
		 "pci=00:1f.6,features=tso");
	/* All three match: pci wins, whatever the order. */
	plan(0x15bc, "0000:00:1f.6", mac_a, "eno1", &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_int_equal(p.entry, 2);
	assert_int_equal(p.features, EQ_FBIT(EQ_F_TSO));
	/* mac and name: mac wins. */
	plan(0x15bc, "0000:00:1f.7", mac_a, "eno1", &p);
	assert_int_equal(p.entry, 1);
	assert_int_equal(p.features, EQ_FBIT(EQ_F_SG));
	/* name only. */
	plan(0x15bc, "0000:00:1f.7", mac_b, "eno1", &p);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.features, EQ_FBIT(EQ_F_GSO));
	/* none: the defaults. */
	plan(0x15bc, "0000:00:1f.7", mac_b, "eno2", &p);
	assert_int_equal(p.entry, -1);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
}

/* pci= over mac= over subsys= over name=, whatever the order given. */
static void test_plan_subsys_precedence(void **state)
{
	static const char *const orders[] = {
		"name=eno1,features=gso;subsys=17aa:2247,features=rx;"
		"mac=aa:bb:cc:dd:ee:ff,features=sg;pci=00:1f.6,features=tso",
		"pci=00:1f.6,features=tso;mac=aa:bb:cc:dd:ee:ff,features=sg;"
		"subsys=17aa:2247,features=rx;name=eno1,features=gso",
		"subsys=17aa:2247,features=rx;name=eno1,features=gso;"
		"pci=00:1f.6,features=tso;mac=aa:bb:cc:dd:ee:ff,features=sg",
	};
	struct eq_plan p;
	unsigned int i;
	char key[32];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		parse_ok(orders[i]);
		/* all four match: pci */
		plan(0x15bc, "0000:00:1f.6", mac_a, "eno1", &p);
		assert_int_equal(p.features, EQ_FBIT(EQ_F_TSO));
		eq_format_entry_key(&cfg.nics[p.entry], key, sizeof(key));
		assert_string_equal(key, "pci=0000:00:1f.6");
		/* mac, subsys and name: mac */
		plan(0x15bc, "0000:00:1f.7", mac_a, "eno1", &p);
		assert_int_equal(p.features, EQ_FBIT(EQ_F_SG));
		/* subsys and name: subsys */
		plan(0x15bc, "0000:00:1f.7", mac_b, "eno1", &p);
		assert_int_equal(p.features, EQ_FBIT(EQ_F_RX));
		eq_format_entry_key(&cfg.nics[p.entry], key, sizeof(key));
		assert_string_equal(key, "subsys=17aa:2247");
		assert_int_equal(p.by, EQ_MATCH_TABLE);
		/* subsys only */
		plan(0x15bc, "0000:00:1f.7", mac_b, "eno2", &p);
		assert_int_equal(p.features, EQ_FBIT(EQ_F_RX));
		/* another board: name, then nothing */
		subdevice = 0x2248;
		plan(0x15bc, "0000:00:1f.7", mac_b, "eno1", &p);
		assert_int_equal(p.features, EQ_FBIT(EQ_F_GSO));
		plan(0x15bc, "0000:00:1f.7", mac_b, "eno2", &p);
		assert_int_equal(p.entry, -1);
		assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
		/* pci still beats subsys on the board it names */
		subdevice = 0x2247;
		plan(0x15bc, "0000:00:1f.6", mac_b, "eno2", &p);
		assert_int_equal(p.features, EQ_FBIT(EQ_F_TSO));
	}
}

/* "K1 off on this board model, rings on that one" */
static void test_plan_subsys_boards(void **state)
{
	struct eq_plan p;

	(void)state;
	parse_ok("subsys=17aa:2247,k1=off;subsys=1028:07a1,tx_ring=1024,"
		 "rx_ring=1024");
	plan(0x15bc, "0000:00:1f.6", mac_a, "eno1", &p);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.tun[EQ_FLD_K1], EQ_OFF);
	assert_int_equal(p.tun[EQ_FLD_TX_RING], 0);
	subvendor = 0x1028;
	subdevice = 0x07a1;
	plan(0x15bc, "0000:00:1f.6", mac_a, "eno1", &p);
	assert_int_equal(p.entry, 1);
	assert_int_equal(p.tun[EQ_FLD_K1], EQ_KEEP);
	assert_int_equal(p.tun[EQ_FLD_TX_RING], 1024);
	assert_int_equal(p.tun[EQ_FLD_RX_RING], 1024);
	/* the subsystem's vendor and device, not the NIC's, are compared */
	subvendor = 0x8086;
	subdevice = 0x15bc;
	parse_ok("subsys=8086:15bc,k1=off");
	plan(0x15bc, "0000:00:1f.6", mac_a, "eno1", &p);
	assert_int_equal(p.entry, 0);
	parse_ok("subsys=17aa:2247,k1=off");
	plan(0x15bc, "0000:00:1f.6", mac_a, "eno1", &p);
	assert_int_equal(p.entry, -1);
	assert_int_equal(p.tun[EQ_FLD_K1], EQ_KEEP);
	subvendor = 0x17aa;
	subdevice = 0x2247;
}

static void test_plan_inherit(void **state)
{
	struct eq_plan p;

	(void)state;
	cfg.tun[EQ_FLD_TX_RING] = 512;
	cfg.tun[EQ_FLD_EEE] = EQ_OFF;
	cfg.hang_threshold = 4;
	cfg.mode = EQ_MODE_ON_HANG;
	parse_ok("name=eno1,rx_ring=1024,pause=off");
	plan(0x15bc, "0000:00:1f.6", NULL, "eno1", &p);
	assert_int_equal(p.mode, EQ_MODE_ON_HANG);
	assert_int_equal(p.features, EQ_FEATURES_DEFAULT);
	assert_int_equal(p.tun[EQ_FLD_TX_RING], 512);
	assert_int_equal(p.tun[EQ_FLD_RX_RING], 1024);
	assert_int_equal(p.tun[EQ_FLD_EEE], EQ_OFF);
	assert_int_equal(p.tun[EQ_FLD_PAUSE], EQ_OFF);
	assert_int_equal(p.hang_threshold, 4);
}

static void test_plan_named_outside_table(void **state)
{
	struct eq_plan p;

	(void)state;
	parse_ok("pci=01:00.0,tx_ring=256;mac=52:54:00:12:34:01;name=eth2");
	plan(0x10d3, "0000:01:00.0", NULL, "eth0", &p);	/* by pci= */
	assert_int_equal(p.by, EQ_MATCH_NIC);
	assert_int_equal(p.tun[EQ_FLD_TX_RING], 256);
	plan(0x10d3, "0000:02:00.0", mac_b, "eth1", &p);	/* by mac= */
	assert_int_equal(p.by, EQ_MATCH_NIC);
	plan(0x10d3, "0000:03:00.0", NULL, "eth2", &p);	/* name= only */
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_int_equal(p.features, 0);

	/* subsys= names the board: matched, like pci= and mac= */
	parse_ok("subsys=17aa:2247,tx_ring=128;name=eth2,rx_ring=256");
	plan(0x10d3, "0000:03:00.0", NULL, "eth2", &p);
	assert_int_equal(p.by, EQ_MATCH_NIC);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.tun[EQ_FLD_TX_RING], 128);
	assert_int_equal(p.tun[EQ_FLD_RX_RING], 0);
	subdevice = 0x2248;
	plan(0x10d3, "0000:03:00.0", NULL, "eth2", &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	subdevice = 0x2247;
}

static void test_plan_modes(void **state)
{
	struct eq_plan p;

	(void)state;
	/* An entry's mode=off keeps the NIC matched, doing nothing. */
	parse_ok("pci=00:1f.6,mode=off");
	plan(0x15bc, "0000:00:1f.6", NULL, "eno1", &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_int_equal(p.mode, EQ_MODE_OFF);

	/* Global off: only NICs whose entry gives a mode. */
	cfg.mode = EQ_MODE_OFF;
	parse_ok("pci=00:1f.6,mode=always;name=eno2,tx_ring=64");
	plan(0x15bc, "0000:00:1f.6", NULL, "eno1", &p);
	assert_int_equal(p.by, EQ_MATCH_TABLE);
	assert_int_equal(p.mode, EQ_MODE_ALWAYS);
	plan(0x15bc, "0000:00:1f.7", NULL, "eno2", &p);
	assert_int_equal(p.by, EQ_MATCH_NONE);
	assert_int_equal(p.tun[EQ_FLD_TX_RING], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_nic_keys, setup),
		cmocka_unit_test_setup(test_nic_refused, setup),
		cmocka_unit_test_setup(test_nic_subsys, setup),
		cmocka_unit_test_setup(test_nic_subsys_refused, setup),
		cmocka_unit_test_setup(test_nic_format_roundtrip, setup),
		cmocka_unit_test_setup(test_global_parsers, setup),
		cmocka_unit_test_setup(test_plan_most_specific, setup),
		cmocka_unit_test_setup(test_plan_subsys_precedence, setup),
		cmocka_unit_test_setup(test_plan_subsys_boards, setup),
		cmocka_unit_test_setup(test_plan_inherit, setup),
		cmocka_unit_test_setup(test_plan_named_outside_table, setup),
		cmocka_unit_test_setup(test_plan_modes, setup),
	};

	return cmocka_run_group_tests_name("nic", tests, NULL, NULL);
}
