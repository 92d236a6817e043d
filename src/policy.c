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

int eq_parse_mode(const char *s, enum eq_mode *mode, struct eq_err *err)
{
	struct tok t = tok_of(s);
	unsigned int i;

	if (!t.len)
		return refuse_empty(err, "mode");
	for (i = 0; i < EQ_MODE_COUNT; i++) {
		if (tok_eq(t, mode_names[i])) {
			*mode = i;
			return 0;
		}
	}
	return refuse(err, "mode", "unknown mode", t,
		      "(expected always, monitor, on-hang or off)");
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

int eq_parse_features(const char *s, u32 *features, struct eq_err *err)
{
	static const char hint[] =
		"(expected tso, gso, gro, sg, tx, rx, rxvlan, txvlan or none)";
	struct tok rest = tok_of(s), t;
	bool none = false;
	u32 mask = 0;

	if (!rest.len)
		return refuse_empty(err, "features");
	while (next_field(&rest, ',', &t)) {
		if (!t.len)
			return refuse(err, "features", "empty entry in", tok_of(s),
				      NULL);
		if (tok_eq(t, "none"))
			none = true;
		else if (parse_feature(t, &mask))
			return refuse(err, "features", "unknown feature", t,
				      hint);
	}
	if (none && mask)
		return refuse(err, "features", "'none' combined with others in",
			      tok_of(s), NULL);
	*features = mask;
	return 0;
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

static int parse_pci_id(struct tok t, struct eq_pci_id *id)
{
	struct tok rest = t, v, d;

	if (!next_field(&rest, ':', &v) || !next_field(&rest, ':', &d) ||
	    rest.p)
		return -EINVAL;
	if (parse_hex16(v, &id->vendor) || parse_hex16(d, &id->device))
		return -EINVAL;
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
				      "(expected vendor:device in hex, e.g. 8086:10d3)");
		for (i = 0; i < n; i++)
			if (parsed[i].vendor == id.vendor &&
			    parsed[i].device == id.device)
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
	for (i = 0; i < n_ids; i++)
		n += scnprintf(buf + n, len - n, "%s%04x:%04x", i ? "," : "",
			       ids[i].vendor, ids[i].device);
	return n;
}

static bool in_ids(const struct eq_config *cfg, u16 vendor, u16 device)
{
	unsigned int i;

	for (i = 0; i < cfg->n_ids && i < EQ_MAX_IDS; i++)
		if (cfg->ids[i].vendor == vendor &&
		    cfg->ids[i].device == device)
			return true;
	return false;
}

void eq_plan_nic(const struct eq_config *cfg, const struct eq_facts *facts,
		 struct eq_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->mode = cfg->mode;
	plan->id = eq_table_lookup(facts->vendor, facts->device);

	if (cfg->mode == EQ_MODE_OFF)
		plan->by = EQ_MATCH_NONE;
	else if (plan->id)
		plan->by = EQ_MATCH_TABLE;
	else if (in_ids(cfg, facts->vendor, facts->device))
		plan->by = EQ_MATCH_IDS;

	if (plan->by == EQ_MATCH_NONE)
		return;
	plan->features = cfg->features;
}
