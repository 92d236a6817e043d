// SPDX-License-Identifier: GPL-2.0
/*
 * Policy: parse the module parameters and decide, per NIC, what the module
 * should want. No side effects and no kernel headers beyond shim.h: the
 * same file is unit tested and fuzzed in userspace.
 */
#include <e1000e_quirks/policy.h>

static const char *const mode_names[EQ_MODE_COUNT] = {
	[EQ_MODE_ALWAYS] = "always",
	[EQ_MODE_MONITOR] = "monitor",
	[EQ_MODE_OFF] = "off",
	[EQ_MODE_ON_HANG] = "on-hang",
};

static const char *const feature_names[EQ_F_COUNT] = {
	[EQ_F_TSO] = "tso",
	[EQ_F_GSO] = "gso",
	[EQ_F_GRO] = "gro",
	[EQ_F_SG] = "sg",
	[EQ_F_TX] = "tx",
	[EQ_F_RX] = "rx",
	[EQ_F_RXVLAN] = "rxvlan",
	[EQ_F_TXVLAN] = "txvlan",
};

/*
 * e1000_set_coalesce() takes rx-usecs 0 (off), 1 and 3 (dynamic), 4
 * (simplified) or 10..10000 and keeps the rate 10^6/usecs with its low two
 * bits cleared; e1000_get_coalesce() reports 10^6 over that. A value that
 * does not read back as written (997 reads 1000) would never be in force
 * as planned: refused here. Every value e1000e reports reads back as it is,
 * so an original is always restored exactly.
 */
static bool eq_itr_ok(u32 n)
{
	u32 itr;

	if (n <= 4)
		return n != 2;
	if (n < 10)
		return false;
	itr = (1000000 / n) & ~3u;
	return itr && 1000000 / itr == n;
}

#define EQ_TUNABLE(...)
#define EQ_FIELD(...)
#define EQ_KIND(KIND, keep_, min_, max_, align_, ok_, bad_, hint_, ...) \
	[EQ_KIND_##KIND] = {						\
		.keep = keep_,						\
		.min = min_,						\
		.max = max_,						\
		.align = align_,					\
		.ok = ok_,						\
		.bias = (min_) > 0 ? 0 : 1,				\
		.bad = bad_,						\
		.hint = hint_,						\
		.words = { __VA_ARGS__ },				\
	},
const struct eq_kind_info eq_kinds[EQ_KIND_COUNT] = {
#include <e1000e_quirks/tunable_list.h>
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD

#define EQ_KIND(...)
#define EQ_TUNABLE(...)
#define EQ_FIELD(FLD, name_, tun_, i_, kind_, off_, tag_, log_)	\
	[EQ_FLD_##FLD] = {						\
		.name = #name_,						\
		.tun = EQ_TUN_##tun_,					\
		.i = i_,						\
		.kind = EQ_KIND_##kind_,				\
		.off = off_,						\
		.tag = tag_,						\
		.log = log_,						\
	},
const struct eq_field_info eq_fields[EQ_FLD_COUNT] = {
#include <e1000e_quirks/tunable_list.h>
};

#undef EQ_TUNABLE
#undef EQ_FIELD

#define EQ_TUNABLE(TUN, key_, label_, step_name_, ladder_, fmt_)	\
	[EQ_TUN_##TUN] = {						\
		.key = #key_,						\
		.label = label_,					\
		.step_name = step_name_,				\
		.ladder = EQ_LADDER_##ladder_,				\
		.fmt = EQ_FMT_##fmt_,					\
	},
#define EQ_LADDER_STEP		true
#define EQ_LADDER_NOSTEP	false
#define EQ_FIELD(...)
const struct eq_tun_info eq_tun_info[EQ_TUN_COUNT] = {
#include <e1000e_quirks/tunable_list.h>
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD
#undef EQ_LADDER_STEP
#undef EQ_LADDER_NOSTEP

u32 eq_field_device_value(unsigned int f, u32 v)
{
	const struct eq_kind_info *k = eq_field_kind(f);

	if (!k->words[0])
		return v - k->bias;
	return v == 1 ? eq_fields[f].off : !eq_fields[f].off;
}

unsigned int eq_tun_nfields(unsigned int id)
{
	unsigned int f, n = 0;

	for (f = 0; f < EQ_FLD_COUNT; f++)
		n += eq_fields[f].tun == id;
	return n;
}

unsigned int eq_tun_field(unsigned int id, unsigned int i)
{
	unsigned int f;

	for (f = 0; f < EQ_FLD_COUNT; f++)
		if (eq_fields[f].tun == id && eq_fields[f].i == i)
			return f;
	return EQ_FLD_COUNT;
}

void eq_format_tun_value(unsigned int id, u32 v, bool orig, char *buf,
			 size_t len)
{
	switch (eq_tun_info[id].fmt) {
	case EQ_FMT_u32:
		scnprintf(buf, len, "%u", v);
		break;
	case EQ_FMT_on_off:
		scnprintf(buf, len, "%s", v ? "on" : "off");
		break;
	case EQ_FMT_pause:
		/* "autoneg rx tx", "rx", "none"; the value set is "off" */
		if (!v)
			scnprintf(buf, len, "%s", orig ? "none" : "off");
		else
			scnprintf(buf, len, "%s%s",
				  v & EQ_PAUSE_AUTONEG ? "autoneg " : "",
				  v & EQ_PAUSE_RX ?
				  (v & EQ_PAUSE_TX ? "rx tx" : "rx") :
				  (v & EQ_PAUSE_TX ? "tx" : "none"));
		break;
	case EQ_FMT_k1:
		/* the disable-k1 flag, shown as the state of K1 */
		scnprintf(buf, len, "%s", v ? "off" : "on");
		break;
	}
}

static const char *const match_names[] = {
	[EQ_MATCH_NONE] = "none",
	[EQ_MATCH_TABLE] = "table",
	[EQ_MATCH_IDS] = "ids",
	[EQ_MATCH_NIC] = "nic",
};

/* A slice of the parameter string; never NUL terminated. */
struct tok {
	const char *p;
	size_t len;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static struct tok trim(struct tok t)
{
	while (t.len && is_space(t.p[0])) {
		t.p++;
		t.len--;
	}
	while (t.len && is_space(t.p[t.len - 1]))
		t.len--;
	return t;
}

static struct tok tok_of(const char *s)
{
	struct tok t = { .p = s ? s : "", .len = s ? strlen(s) : 0 };

	return trim(t);
}

/*
 * Split off the next @sep-separated field of @rest. Returns false when
 * nothing is left. Fields are trimmed; an empty field is returned as such.
 */
static bool next_field(struct tok *rest, char sep, struct tok *field)
{
	size_t i;

	if (!rest->p)
		return false;
	for (i = 0; i < rest->len && rest->p[i] != sep; i++)
		;
	field->p = rest->p;
	field->len = i;
	*field = trim(*field);
	if (i < rest->len) {
		rest->p += i + 1;
		rest->len -= i + 1;
	} else {
		rest->p = NULL;	/* that was the last field */
		rest->len = 0;
	}
	return true;
}

static bool tok_eq(struct tok t, const char *s)
{
	return strlen(s) == t.len && !memcmp(t.p, s, t.len);
}

/* Copy a token for a log line: bounded, printable. */
static void tok_show(struct tok t, char *buf, size_t len)
{
	size_t i, n = t.len < len - 1 ? t.len : len - 1;

	for (i = 0; i < n; i++)
		buf[i] = (t.p[i] >= 0x20 && t.p[i] < 0x7f) ? t.p[i] : '?';
	buf[n] = '\0';
}

static int refuse(struct eq_err *err, const char *param, const char *why,
		  struct tok t, const char *hint)
{
	char shown[41];

	if (err) {
		tok_show(t, shown, sizeof(shown));
		scnprintf(err->msg, sizeof(err->msg),
			  "parameter %s: %s '%s'%s%s", param, why, shown,
			  hint ? " " : "", hint ? hint : "");
	}
	return -EINVAL;
}

static int refuse_empty(struct eq_err *err, const char *param)
{
	if (err)
		scnprintf(err->msg, sizeof(err->msg),
			  "parameter %s: empty value", param);
	return -EINVAL;
}

void eq_config_init(struct eq_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = EQ_MODE_ALWAYS;
	cfg->features = EQ_FEATURES_DEFAULT;
	cfg->hang_threshold = 1;
	/* every tunable field 0: leave it alone */
}

const char *eq_mode_name(enum eq_mode mode)
{
	return (unsigned int)mode < EQ_MODE_COUNT ? mode_names[mode] : "?";
}

const char *eq_feature_name(enum eq_feature f)
{
	return (unsigned int)f < EQ_F_COUNT ? feature_names[f] : "?";
}

const char *eq_match_name(enum eq_match by)
{
	return (unsigned int)by < ARRAY_SIZE(match_names) ?
		match_names[by] : "?";
}

static int mode_tok(const char *ctx, struct tok t, enum eq_mode *mode,
		    struct eq_err *err)
{
	unsigned int i;

	if (!t.len)
		return refuse_empty(err, ctx);
	for (i = 0; i < EQ_MODE_COUNT; i++) {
		if (tok_eq(t, mode_names[i])) {
			*mode = i;
			return 0;
		}
	}
	return refuse(err, ctx, "unknown mode", t,
		      "(expected always, monitor, on-hang or off)");
}

int eq_parse_mode(const char *s, enum eq_mode *mode, struct eq_err *err)
{
	return mode_tok("mode", tok_of(s), mode, err);
}

static int parse_feature(struct tok t, u32 *mask)
{
	unsigned int i;

	for (i = 0; i < EQ_F_COUNT; i++) {
		if (tok_eq(t, feature_names[i])) {
			*mask |= EQ_FBIT(i);
			return 0;
		}
	}
	return -EINVAL;
}

/* Feature names joined by @sep: ',' in features=, '+' inside nic=. */
static int features_tok(const char *ctx, struct tok all, char sep,
			u32 *features, struct eq_err *err)
{
	static const char hint[] =
		"(expected tso, gso, gro, sg, tx, rx, rxvlan, txvlan or none)";
	struct tok rest = all, t;
	bool none = false;
	u32 mask = 0;

	if (!rest.len)
		return refuse_empty(err, ctx);
	while (next_field(&rest, sep, &t)) {
		if (!t.len)
			return refuse(err, ctx, "empty entry in", all, NULL);
		if (tok_eq(t, "none"))
			none = true;
		else if (parse_feature(t, &mask))
			return refuse(err, ctx, "unknown feature", t, hint);
	}
	if (none && mask)
		return refuse(err, ctx, "'none' combined with others in", all,
			      NULL);
	*features = mask;
	return 0;
}

int eq_parse_features(const char *s, u32 *features, struct eq_err *err)
{
	return features_tok("features", tok_of(s), ',', features, err);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 to 4 hex digits, nothing else. */
static int parse_hex16(struct tok t, u16 *out)
{
	unsigned int v = 0;
	size_t i;
	int d;

	if (!t.len || t.len > 4)
		return -EINVAL;
	for (i = 0; i < t.len; i++) {
		d = hex_digit(t.p[i]);
		if (d < 0)
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* vendor:device, or vendor:device:subvendor:subdevice; hex. */
static int parse_pci_id(struct tok t, struct eq_pci_id *id)
{
	struct tok rest = t, f[4];
	unsigned int n = 0, i;
	u16 v[4];

	while (n < 4 && next_field(&rest, ':', &f[n]))
		n++;
	if (rest.p || (n != 2 && n != 4))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (parse_hex16(f[i], &v[i]))
			return -EINVAL;
	id->vendor = v[0];
	id->device = v[1];
	id->subvendor = n == 4 ? v[2] : EQ_ANY_ID;
	id->subdevice = n == 4 ? v[3] : EQ_ANY_ID;
	return 0;
}

/* subvendor:subdevice (nic= subsys=), hex as in ids=. */
static int parse_subsys(struct tok t, struct eq_subsys *sub)
{
	struct eq_pci_id id;

	if (parse_pci_id(t, &id) || id.subvendor != EQ_ANY_ID)
		return -EINVAL;
	sub->vendor = id.vendor;
	sub->device = id.device;
	return 0;
}

int eq_parse_ids(const char *s, struct eq_pci_id *ids, unsigned int *n_ids,
		 struct eq_err *err)
{
	struct eq_pci_id parsed[EQ_MAX_IDS], id;
	struct tok rest = tok_of(s), t;
	unsigned int n = 0, i;

	/* An empty list is valid: no extra IDs. */
	if (!rest.len) {
		*n_ids = 0;
		return 0;
	}
	while (next_field(&rest, ',', &t)) {
		if (!t.len)
			return refuse(err, "ids", "empty entry in", tok_of(s),
				      NULL);
		if (parse_pci_id(t, &id))
			return refuse(err, "ids", "malformed PCI ID", t,
				      "(expected vendor:device or vendor:device:subvendor:subdevice in hex, e.g. 8086:10d3)");
		for (i = 0; i < n; i++)
			if (parsed[i].vendor == id.vendor &&
			    parsed[i].device == id.device &&
			    parsed[i].subvendor == id.subvendor &&
			    parsed[i].subdevice == id.subdevice)
				break;
		if (i < n)
			continue;
		if (n == EQ_MAX_IDS)
			return refuse(err, "ids", "too many IDs (at most 16) at",
				      t, NULL);
		parsed[n++] = id;
	}
	memcpy(ids, parsed, n * sizeof(*ids));
	*n_ids = n;
	return 0;
}

/* Decimal, digits only, at most @max. */
static int parse_dec(struct tok t, u32 max, u32 *out)
{
	u64 v = 0;
	size_t i;

	if (!t.len || t.len > 10)
		return -EINVAL;
	for (i = 0; i < t.len; i++) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return -EINVAL;
		v = v * 10 + (t.p[i] - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = (u32)v;
	return 0;
}

static int field_tok(const char *ctx, enum eq_field f, struct tok t, u32 *v,
		     struct eq_err *err);

/* A ring size, as tx_ring= (the kind RING). */
int eq_parse_ring(const char *param, const char *s, u32 *ring,
		  struct eq_err *err)
{
	return field_tok(param, EQ_FLD_TX_RING, tok_of(s), ring, err);
}

/* keep or off, as eee= (the kind TOGGLE). */
int eq_parse_toggle(const char *param, const char *s, enum eq_toggle *tg,
		    struct eq_err *err)
{
	u32 v = EQ_KEEP;
	int ret = field_tok(param, EQ_FLD_EEE, tok_of(s), &v, err);

	if (!ret)
		*tg = v;
	return ret;
}

/* One tunable field's value, by its kind (tunables.h). */
static int field_tok(const char *ctx, enum eq_field f, struct tok t, u32 *v,
		     struct eq_err *err)
{
	const struct eq_kind_info *k = eq_field_kind(f);
	unsigned int i;
	u32 n;

	if (!t.len)
		return refuse_empty(err, ctx);
	if (tok_eq(t, k->keep)) {
		*v = 0;
		return 0;
	}
	for (i = 0; k->words[i]; i++) {
		if (tok_eq(t, k->words[i])) {
			*v = i + 1;
			return 0;
		}
	}
	if (k->words[0] || parse_dec(t, k->max, &n) || n < k->min ||
	    (k->align > 1 && n % k->align) || (k->ok && !k->ok(n)))
		return refuse(err, ctx, k->bad, t, k->hint);
	*v = n + k->bias;
	return 0;
}

int eq_parse_field(enum eq_field f, const char *s, u32 *v,
		   struct eq_err *err)
{
	if ((unsigned int)f >= EQ_FLD_COUNT)
		return -EINVAL;
	return field_tok(eq_fields[f].name, f, tok_of(s), v, err);
}

int eq_format_field(enum eq_field f, u32 v, char *buf, size_t len)
{
	const struct eq_kind_info *k = eq_field_kind(f);

	if (!v)
		return scnprintf(buf, len, "%s", k->keep);
	if (!k->words[0])
		return scnprintf(buf, len, "%u", v - k->bias);
	if (v <= EQ_KIND_WORDS && k->words[v - 1])
		return scnprintf(buf, len, "%s", k->words[v - 1]);
	return scnprintf(buf, len, "?");
}

int eq_parse_bool(const char *param, const char *s, bool *b,
		  struct eq_err *err)
{
	static const char *const yes[] = { "1", "y", "Y", "yes", "on" };
	static const char *const no[] = { "0", "n", "N", "no", "off" };
	struct tok t = tok_of(s);
	unsigned int i;

	if (!t.len)
		return refuse_empty(err, param);
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (tok_eq(t, yes[i])) {
			*b = true;
			return 0;
		}
		if (tok_eq(t, no[i])) {
			*b = false;
			return 0;
		}
	}
	return refuse(err, param, "not a boolean:", t, "(expected 0 or 1)");
}

static int threshold_tok(const char *ctx, struct tok t, u32 *v,
			 struct eq_err *err)
{
	if (!t.len)
		return refuse_empty(err, ctx);
	if (parse_dec(t, EQ_HANG_THRESHOLD_MAX, v) || !*v)
		return refuse(err, ctx, "bad threshold", t,
			      "(expected 1..1000000 watchdog resets)");
	return 0;
}

int eq_parse_threshold(const char *s, u32 *threshold, struct eq_err *err)
{
	u32 v = 0;
	int ret = threshold_tok("hang_threshold", tok_of(s), &v, err);

	if (!ret)
		*threshold = v;
	return ret;
}

/* aa:bb:cc:dd:ee:ff (or with '-'), any case. */
static int parse_mac(struct tok t, u8 mac[6])
{
	unsigned int i;
	int hi, lo;

	if (t.len != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		hi = hex_digit(t.p[i * 3]);
		lo = hex_digit(t.p[i * 3 + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && t.p[i * 3 + 2] != ':' && t.p[i * 3 + 2] != '-')
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

/* [domain:]bus:dev.fn in hex, as pci_name() prints it. */
static int parse_pci_addr(struct tok t, struct eq_pci_addr *a)
{
	struct tok rest = t, f[3], d, fn;
	unsigned int n = 0;
	u16 v;

	while (n < 3 && next_field(&rest, ':', &f[n]))
		n++;
	if (rest.p || n < 2)
		return -EINVAL;
	a->domain = 0;
	if (n == 3) {
		if (parse_hex16(f[0], &v))
			return -EINVAL;
		a->domain = v;
	}
	if (parse_hex16(f[n - 2], &v) || f[n - 2].len > 2)
		return -EINVAL;
	a->bus = v;
	rest = f[n - 1];
	if (!next_field(&rest, '.', &d) || !next_field(&rest, '.', &fn) ||
	    rest.p)
		return -EINVAL;
	if (parse_hex16(d, &v) || d.len > 2 || v > 0x1f)
		return -EINVAL;
	a->dev = v;
	if (fn.len != 1 || fn.p[0] < '0' || fn.p[0] > '7')
		return -EINVAL;
	a->fn = fn.p[0] - '0';
	return 0;
}

/* An interface name as the kernel accepts it (dev_valid_name()). */
static int parse_ifname(struct tok t, char name[16])
{
	size_t i;

	if (!t.len || t.len > 15 || tok_eq(t, ".") || tok_eq(t, ".."))
		return -EINVAL;
	for (i = 0; i < t.len; i++)
		if (t.p[i] == '/' || t.p[i] == ':' || is_space(t.p[i]) ||
		    t.p[i] < 0x20 || t.p[i] >= 0x7f)
			return -EINVAL;
	memcpy(name, t.p, t.len);
	name[t.len] = '\0';
	return 0;
}

static bool same_key(const struct eq_nic_entry *a,
		     const struct eq_nic_entry *b)
{
	if (a->key != b->key)
		return false;
	switch (a->key) {
	case EQ_KEY_PCI:
		return a->pci.domain == b->pci.domain &&
			a->pci.bus == b->pci.bus && a->pci.dev == b->pci.dev &&
			a->pci.fn == b->pci.fn;
	case EQ_KEY_MAC:
		return !memcmp(a->mac, b->mac, sizeof(a->mac));
	case EQ_KEY_SUBSYS:
		return a->subsys.vendor == b->subsys.vendor &&
			a->subsys.device == b->subsys.device;
	case EQ_KEY_NAME:
		return !strcmp(a->name, b->name);
	}
	return false;
}

/* Inside nic=: 0 or 1 only (',' and ';' rule out the longer words). */
static int bool01_tok(const char *ctx, struct tok t, bool *b,
		      struct eq_err *err)
{
	if (tok_eq(t, "0") || tok_eq(t, "1")) {
		*b = tok_eq(t, "1");
		return 0;
	}
	return refuse(err, ctx, "not 0 or 1:", t, NULL);
}

static int entry_setting(const char *ctx, struct tok key, struct tok val,
			 struct eq_settings *s, struct eq_err *err)
{
	static const char *const keys[EQ_S_TUN] = {
		[EQ_S_MODE] = "mode",
		[EQ_S_FEATURES] = "features",
		[EQ_S_HANG_THRESHOLD] = "hang_threshold",
		[EQ_S_ESCALATE] = "escalate",
	};
	char hint[160];
	unsigned int i, f;
	int ret = -EINVAL, n;

	for (i = 0; i < EQ_S_COUNT; i++)
		if (tok_eq(key, i < EQ_S_TUN ? keys[i] :
			   eq_fields[i - EQ_S_TUN].name))
			break;
	if (i == EQ_S_COUNT) {
		n = scnprintf(hint, sizeof(hint),
			      "(expected pci, mac, subsys, name, mode, features, hang_threshold, escalate");
		for (f = 0; f < EQ_FLD_COUNT; f++)
			n += scnprintf(hint + n, sizeof(hint) - n, "%s%s",
				       f + 1 < EQ_FLD_COUNT ? ", " : " or ",
				       eq_fields[f].name);
		scnprintf(hint + n, sizeof(hint) - n, ")");
		return refuse(err, ctx, "unknown key", key, hint);
	}
	if (s->set & EQ_SBIT(i))
		return refuse(err, ctx, "key given twice:", key, NULL);
	if (i >= EQ_S_TUN) {
		ret = field_tok(ctx, i - EQ_S_TUN, val, &s->tun[i - EQ_S_TUN],
				err);
		if (!ret)
			s->set |= EQ_SBIT(i);
		return ret;
	}
	switch (i) {
	case EQ_S_MODE:
		ret = mode_tok(ctx, val, &s->mode, err);
		break;
	case EQ_S_FEATURES:
		ret = features_tok(ctx, val, '+', &s->features, err);
		break;
	case EQ_S_HANG_THRESHOLD:
		ret = threshold_tok(ctx, val, &s->hang_threshold, err);
		break;
	case EQ_S_ESCALATE:
		ret = bool01_tok(ctx, val, &s->escalate, err);
		break;
	}
	if (!ret)
		s->set |= EQ_SBIT(i);
	return ret;
}

static int parse_entry(const char *ctx, struct tok entry,
		       struct eq_nic_entry *e, struct eq_err *err)
{
	struct tok rest = entry, kv, key, val;
	bool keyed = false;
	int ret;

	memset(e, 0, sizeof(*e));
	if (!entry.len)
		return refuse(err, ctx, "empty entry", entry, NULL);
	while (next_field(&rest, ',', &kv)) {
		val = kv;
		if (!next_field(&val, '=', &key) || !val.p)
			return refuse(err, ctx, "expected key=value, got", kv,
				      NULL);
		val = trim(val);
		if (!val.len)
			return refuse(err, ctx, "empty value for", key, NULL);
		if (tok_eq(key, "pci") || tok_eq(key, "mac") ||
		    tok_eq(key, "subsys") || tok_eq(key, "name")) {
			if (keyed)
				return refuse(err, ctx,
					      "more than one match key at", kv,
					      "(give one of pci=, mac=, subsys=, name=)");
			keyed = true;
		}
		if (tok_eq(key, "pci")) {
			e->key = EQ_KEY_PCI;
			if (parse_pci_addr(val, &e->pci))
				return refuse(err, ctx, "malformed PCI address",
					      val, "(expected e.g. 0000:00:1f.6)");
		} else if (tok_eq(key, "mac")) {
			e->key = EQ_KEY_MAC;
			if (parse_mac(val, e->mac))
				return refuse(err, ctx, "malformed MAC", val,
					      "(expected e.g. aa:bb:cc:dd:ee:ff)");
		} else if (tok_eq(key, "subsys")) {
			e->key = EQ_KEY_SUBSYS;
			if (parse_subsys(val, &e->subsys))
				return refuse(err, ctx,
					      "malformed subsystem ID", val,
					      "(expected subvendor:subdevice in hex, e.g. 17aa:2247)");
		} else if (tok_eq(key, "name")) {
			e->key = EQ_KEY_NAME;
			if (parse_ifname(val, e->name))
				return refuse(err, ctx,
					      "malformed interface name", val,
					      NULL);
		} else {
			ret = entry_setting(ctx, key, val, &e->s, err);
			if (ret)
				return ret;
		}
	}
	if (!keyed)
		return refuse(err, ctx, "no match key in", entry,
			      "(give one of pci=, mac=, subsys=, name=)");
	return 0;
}

/*
 * Two passes so that a refused value leaves @nics alone without a second
 * array of entries on the (kernel) stack: validate everything first, duplicates
 * by parsing earlier entries again, then parse for real.
 */
int eq_parse_nics(const char *s, struct eq_nic_entry *nics,
		  unsigned int *n_nics, struct eq_err *err)
{
	struct eq_nic_entry e, prev;
	struct tok rest, entry, before, earlier;
	unsigned int n = 0, i;
	char ctx[32];
	int ret;

	rest = tok_of(s);
	if (!rest.len) {
		*n_nics = 0;
		return 0;
	}
	while (next_field(&rest, ';', &entry)) {
		scnprintf(ctx, sizeof(ctx), "nic, entry %u", n + 1);
		if (n == EQ_MAX_NICS)
			return refuse(err, ctx, "too many entries (at most 16) at",
				      entry, NULL);
		ret = parse_entry(ctx, entry, &e, err);
		if (ret)
			return ret;
		before = tok_of(s);
		for (i = 0; i < n && next_field(&before, ';', &earlier); i++) {
			parse_entry(ctx, earlier, &prev, NULL);
			if (same_key(&prev, &e))
				return refuse(err, ctx,
					      "matches the same NIC as an earlier entry:",
					      entry, NULL);
		}
		n++;
	}

	rest = tok_of(s);
	for (i = 0; i < n && next_field(&rest, ';', &entry); i++)
		parse_entry("nic", entry, &nics[i], NULL);
	*n_nics = n;
	return 0;
}

const char *eq_toggle_name(enum eq_toggle t)
{
	return t == EQ_OFF ? "off" : t == EQ_ON ? "on" : "keep";
}

int eq_format_entry_key(const struct eq_nic_entry *e, char *buf, size_t len)
{
	if (!e)
		return scnprintf(buf, len, "default");
	switch (e->key) {
	case EQ_KEY_PCI:
		return scnprintf(buf, len, "pci=%04x:%02x:%02x.%u",
				 e->pci.domain, e->pci.bus, e->pci.dev,
				 e->pci.fn);
	case EQ_KEY_MAC:
		return scnprintf(buf, len,
				 "mac=%02x:%02x:%02x:%02x:%02x:%02x",
				 e->mac[0], e->mac[1], e->mac[2], e->mac[3],
				 e->mac[4], e->mac[5]);
	case EQ_KEY_SUBSYS:
		return scnprintf(buf, len, "subsys=%04x:%04x", e->subsys.vendor,
				 e->subsys.device);
	case EQ_KEY_NAME:
		return scnprintf(buf, len, "name=%s", e->name);
	}
	return scnprintf(buf, len, "?");
}

int eq_format_nics(const struct eq_nic_entry *nics, unsigned int n_nics,
		   char *buf, size_t len)
{
	char features[EQ_FEATURES_STRLEN];
	const struct eq_settings *s;
	unsigned int i, f;
	int n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < n_nics; i++) {
		s = &nics[i].s;
		if (i)
			n += scnprintf(buf + n, len - n, ";");
		n += eq_format_entry_key(&nics[i], buf + n, len - n);
		if (s->set & EQ_SBIT(EQ_S_MODE))
			n += scnprintf(buf + n, len - n, ",mode=%s",
				       eq_mode_name(s->mode));
		if (s->set & EQ_SBIT(EQ_S_FEATURES)) {
			eq_format_features(s->features, '+', features,
					   sizeof(features));
			n += scnprintf(buf + n, len - n, ",features=%s",
				       features[0] ? features : "none");
		}
		if (s->set & EQ_SBIT(EQ_S_HANG_THRESHOLD))
			n += scnprintf(buf + n, len - n, ",hang_threshold=%u",
				       s->hang_threshold);
		if (s->set & EQ_SBIT(EQ_S_ESCALATE))
			n += scnprintf(buf + n, len - n, ",escalate=%d",
				       s->escalate);
		for (f = 0; f < EQ_FLD_COUNT; f++) {
			if (!(s->set & EQ_SBIT(EQ_S_TUN + f)))
				continue;
			n += scnprintf(buf + n, len - n, ",%s=",
				       eq_fields[f].name);
			n += eq_format_field(f, s->tun[f], buf + n, len - n);
		}
	}
	return n;
}

int eq_format_features(u32 features, char sep, char *buf, size_t len)
{
	const char sepstr[2] = { sep, '\0' };
	unsigned int i;
	int n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < EQ_F_COUNT; i++) {
		if (!(features & EQ_FBIT(i)))
			continue;
		n += scnprintf(buf + n, len - n, "%s%s", n ? sepstr : "",
			       feature_names[i]);
	}
	return n;
}

int eq_format_ids(const struct eq_pci_id *ids, unsigned int n_ids,
		  char *buf, size_t len)
{
	unsigned int i;
	int n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < n_ids; i++) {
		n += scnprintf(buf + n, len - n, "%s%04x:%04x", i ? "," : "",
			       ids[i].vendor, ids[i].device);
		if (ids[i].subvendor != EQ_ANY_ID)
			n += scnprintf(buf + n, len - n, ":%04x:%04x",
				       ids[i].subvendor, ids[i].subdevice);
	}
	return n;
}

static bool in_ids(const struct eq_config *cfg, const struct eq_facts *facts)
{
	const struct eq_pci_id *id;
	unsigned int i;

	for (i = 0; i < cfg->n_ids && i < EQ_MAX_IDS; i++) {
		id = &cfg->ids[i];
		if (id->vendor != facts->vendor || id->device != facts->device)
			continue;
		if (id->subvendor == EQ_ANY_ID ||
		    (id->subvendor == facts->subvendor &&
		     id->subdevice == facts->subdevice))
			return true;
	}
	return false;
}

static bool entry_matches(const struct eq_nic_entry *e,
			  const struct eq_facts *facts,
			  const struct eq_pci_addr *pci, bool have_pci)
{
	switch (e->key) {
	case EQ_KEY_PCI:
		return have_pci && pci->domain == e->pci.domain &&
			pci->bus == e->pci.bus && pci->dev == e->pci.dev &&
			pci->fn == e->pci.fn;
	case EQ_KEY_MAC:
		return facts->mac && !memcmp(facts->mac, e->mac, 6);
	case EQ_KEY_SUBSYS:
		return facts->subvendor == e->subsys.vendor &&
			facts->subdevice == e->subsys.device;
	case EQ_KEY_NAME:
		return facts->ifname && !strcmp(facts->ifname, e->name);
	}
	return false;
}

/* The most specific matching entry: pci, then mac, subsys, name. */
static int best_entry(const struct eq_config *cfg,
		      const struct eq_facts *facts)
{
	struct eq_pci_addr pci;
	bool have_pci = facts->pci &&
		!parse_pci_addr(tok_of(facts->pci), &pci);
	unsigned int i;
	int best = -1;

	for (i = 0; i < cfg->n_nics && i < EQ_MAX_NICS; i++) {
		if (!entry_matches(&cfg->nics[i], facts, &pci, have_pci))
			continue;
		if (best < 0 || cfg->nics[i].key < cfg->nics[best].key)
			best = i;
	}
	return best;
}

void eq_plan_nic(const struct eq_config *cfg, const struct eq_facts *facts,
		 struct eq_plan *plan)
{
	const struct eq_settings *s = NULL;
	int best = best_entry(cfg, facts);
	unsigned int f;

	memset(plan, 0, sizeof(*plan));
	plan->entry = best;
	plan->id = eq_table_lookup(facts->vendor, facts->device);
	plan->mode = cfg->mode;
	plan->features = cfg->features;
	plan->hang_threshold = cfg->hang_threshold;
	plan->escalate = cfg->escalate;
	memcpy(plan->tun, cfg->tun, sizeof(plan->tun));

	if (best >= 0) {
		s = &cfg->nics[best].s;
		if (s->set & EQ_SBIT(EQ_S_MODE))
			plan->mode = s->mode;
		if (s->set & EQ_SBIT(EQ_S_FEATURES))
			plan->features = s->features;
		if (s->set & EQ_SBIT(EQ_S_HANG_THRESHOLD))
			plan->hang_threshold = s->hang_threshold;
		if (s->set & EQ_SBIT(EQ_S_ESCALATE))
			plan->escalate = s->escalate;
		for (f = 0; f < EQ_FLD_COUNT; f++)
			if (s->set & EQ_SBIT(EQ_S_TUN + f))
				plan->tun[f] = s->tun[f];
	}

	/* Asking for one of the VLAN pair means both (see EQ_FEATURES_VLAN). */
	if (plan->features & EQ_FEATURES_VLAN) {
		plan->implied = EQ_FEATURES_VLAN & ~plan->features;
		plan->features |= EQ_FEATURES_VLAN;
	}

	if (plan->id)
		plan->by = EQ_MATCH_TABLE;
	else if (in_ids(cfg, facts))
		plan->by = EQ_MATCH_IDS;
	else if (best >= 0 && cfg->nics[best].key != EQ_KEY_NAME)
		plan->by = EQ_MATCH_NIC;	/* by pci=, mac= or subsys= */

	/*
	 * Global mode=off switches the module off, except for NICs whose own
	 * entry gives a mode. An entry's mode=off keeps the NIC matched
	 * (sysfs shows state off) but changes nothing.
	 */
	if (cfg->mode == EQ_MODE_OFF && !(s && (s->set & EQ_SBIT(EQ_S_MODE))))
		plan->by = EQ_MATCH_NONE;
	if (plan->by == EQ_MATCH_NONE) {
		plan->features = 0;
		plan->implied = 0;
		memset(plan->tun, 0, sizeof(plan->tun));
		plan->escalate = false;
	}
}

u32 eq_plan_ladder(const struct eq_plan *plan)
{
	unsigned int f;
	u32 ladder = 0;

	if (plan->by == EQ_MATCH_NONE)
		return 0;
	if (plan->features)
		ladder |= 1u << EQ_STEP_OFFLOADS;
	/*
	 * A tunable is configured when any of its fields is (non-zero); one
	 * that is not a step (NOSTEP) is never on the ladder.
	 */
	for (f = 0; f < EQ_FLD_COUNT; f++)
		if (plan->tun[f] && EQ_TUN_ON_LADDER(eq_fields[f].tun))
			ladder |= 1u << EQ_TUN_STEP(eq_fields[f].tun);
	return ladder;
}

bool eq_plan_acts(const struct eq_plan *plan)
{
	return plan->by != EQ_MATCH_NONE && (plan->mode == EQ_MODE_ALWAYS ||
					     plan->mode == EQ_MODE_ON_HANG);
}

u32 eq_plan_tun_want(const struct eq_plan *plan, enum eq_tun_id id,
		     u32 want[EQ_TUN_FIELDS])
{
	const struct eq_field_info *fi;
	unsigned int f;
	u32 bits = 0;

	memset(want, 0, EQ_TUN_FIELDS * sizeof(*want));
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		fi = &eq_fields[f];
		if (fi->tun != id || !plan->tun[f])
			continue;
		want[fi->i] = eq_field_device_value(f, plan->tun[f]);
		bits |= 1u << fi->i;
	}
	return bits;
}

u32 eq_nic_ladder(const struct eq_plan *plan, u32 unsupported)
{
	return eq_plan_ladder(plan) & ~unsupported;
}

void eq_tun_compare(unsigned int nfields, u32 wanted,
		    const u32 want[EQ_TUN_FIELDS], u32 saved,
		    const u32 set[EQ_TUN_FIELDS], const u32 cur[EQ_TUN_FIELDS],
		    struct eq_tun_cmp *cmp)
{
	unsigned int i;
	u32 bit;

	memset(cmp, 0, sizeof(*cmp));
	for (i = 0; i < nfields && i < EQ_TUN_FIELDS; i++) {
		bit = 1u << i;
		if (!(wanted & bit))
			continue;
		if (cur[i] == want[i])
			cmp->in_force |= bit;
		else if ((saved & bit) && set[i] == want[i])
			cmp->drift |= bit;
		else
			cmp->apply |= bit;
	}
}

bool eq_tun_already(const struct eq_tun_cmp *cmp, u32 wanted, u32 saved)
{
	return wanted && (cmp->in_force & wanted) == wanted &&
		!(saved & wanted);
}

/* The tunable whose step @step is, or NULL (none, offloads, unknown). */
static const struct eq_tun_info *step_tun(enum eq_step step)
{
	if (step < EQ_TUN_STEP(0) || (unsigned int)step >= EQ_STEP_COUNT)
		return NULL;
	return &eq_tun_info[step - EQ_TUN_STEP(0)];
}

const char *eq_step_key(enum eq_step step)
{
	const struct eq_tun_info *t = step_tun(step);

	if (t)
		return t->key;
	return step == EQ_STEP_NONE ? "-" :
		step == EQ_STEP_OFFLOADS ? "offloads" : "?";
}

int eq_format_ladder(u32 ladder, char *buf, size_t len)
{
	unsigned int i;
	int n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (i = EQ_STEP_NONE + 1; i < EQ_STEP_COUNT; i++)
		if (ladder & (1u << i))
			n += scnprintf(buf + n, len - n, "%s%s", n ? " " : "",
				       eq_step_key(i));
	return n;
}

enum eq_step eq_next_step(u32 ladder, enum eq_step step)
{
	unsigned int i;

	for (i = step + 1; i < EQ_STEP_COUNT; i++)
		if (ladder & (1u << i))
			return i;
	return EQ_STEP_NONE;
}

enum eq_step eq_last_step(u32 ladder)
{
	unsigned int i;

	for (i = EQ_STEP_LAST; i > EQ_STEP_NONE; i--)
		if (ladder & (1u << i))
			return i;
	return EQ_STEP_NONE;
}

const char *eq_step_name(enum eq_step step)
{
	const struct eq_tun_info *t = step_tun(step);

	if (t)
		return t->step_name;
	return step == EQ_STEP_NONE ? "nothing" :
		step == EQ_STEP_OFFLOADS ? "offloads off" : "?";
}

enum eq_step eq_plan_step(const struct eq_plan *plan, u32 ladder,
			  bool *mitigated, enum eq_step step,
			  unsigned long resets)
{
	enum eq_step next;

	if (plan->by == EQ_MATCH_NONE)
		return EQ_STEP_NONE;
	switch (plan->mode) {
	case EQ_MODE_ALWAYS:
		return eq_last_step(ladder);
	case EQ_MODE_ON_HANG:
		break;
	default:
		return EQ_STEP_NONE;
	}
	if (!*mitigated) {
		if (resets < plan->hang_threshold)
			return EQ_STEP_NONE;
		*mitigated = true;
		return plan->escalate ? eq_next_step(ladder, EQ_STEP_NONE) :
			eq_last_step(ladder);
	}
	if (!plan->escalate)
		return eq_last_step(ladder);
	/* Each further step after hang_threshold more resets. */
	next = eq_next_step(ladder, step);
	if (next && resets >= plan->hang_threshold)
		return next;
	return step;
}

bool eq_at_top(const struct eq_plan *plan, u32 ladder, bool mitigated,
	       enum eq_step step)
{
	return plan->by != EQ_MATCH_NONE && plan->mode == EQ_MODE_ON_HANG &&
		plan->escalate && mitigated &&
		eq_next_step(ladder, step) == EQ_STEP_NONE;
}

bool eq_plan_ladder_changed(const struct eq_plan *a, const struct eq_plan *b,
			    enum eq_step step)
{
	bool a_none = a->by == EQ_MATCH_NONE, b_none = b->by == EQ_MATCH_NONE;
	u32 upto = (1u << ((unsigned int)step + 1)) - 1;

	if (a_none != b_none ||
	    a->mode != b->mode || a->features != b->features)
		return true;
	/*
	 * Escalating (before or after): the steps in force are what the
	 * mitigation is; those above it are still to come.
	 */
	if (!a->escalate && !b->escalate)
		return false;
	return (eq_plan_ladder(a) & upto) != (eq_plan_ladder(b) & upto);
}

bool eq_plan_same(const struct eq_plan *a, const struct eq_plan *b)
{
	return a->by == b->by && a->id == b->id && a->entry == b->entry &&
		a->mode == b->mode && a->features == b->features &&
		a->implied == b->implied &&
		a->hang_threshold == b->hang_threshold &&
		a->escalate == b->escalate &&
		!memcmp(a->tun, b->tun, sizeof(a->tun));
}

/* FNV-1a: tells the few step names apart, nothing more. */
static u32 what_hash(const char *s)
{
	u32 h = 2166136261u;

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h;
}

bool eq_log_once(struct eq_logged *l, const char *what, int err)
{
	u32 h = what_hash(what ? what : "");

	if (!err) {
		l->err = 0;
		l->what = 0;
		return false;
	}
	if (l->err == err && l->what == h)
		return false;
	l->err = err;
	l->what = h;
	return true;
}
