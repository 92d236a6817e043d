// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the module parameter parsers in src/policy.c.
 *
 * Input: one selector byte, then the parameter value. The value is copied
 * into a buffer of exactly its length plus a NUL, so ASan sees any read
 * past the end, as sysfs would hand it over.
 *
 *   'm' mode=     'f' features=     'i' ids=     'n' nic=
 *   anything else: the value goes to every parser
 *
 * Checked on every input:
 *  - the parser returns 0 or -EINVAL, nothing else;
 *  - refused: the output is untouched and the error message is one
 *    NUL-terminated line of printable characters naming the parameter;
 *  - accepted: the value is sane, and formatting it (as params.c shows it
 *    in sysfs) then parsing that again gives the same value, also with the
 *    trailing newline echo adds.
 *
 * A new parser needs a check_*() function, a case in the switch and a
 * seed file in corpus/.
 */
#include <stdio.h>
#include <stdlib.h>

#include <e1000e_quirks/policy.h>

#define SENTINEL_MODE	((enum eq_mode)0x5a5a)
#define SENTINEL_MASK	0xdeadbeefu
#define SENTINEL_N	0xa5a5a5a5u

/* Report a broken invariant; libFuzzer saves the input. */
#define die(fmt, ...)							\
	do {								\
		fprintf(stderr, "fuzz_params: " fmt "\n", ##__VA_ARGS__);	\
		abort();						\
	} while (0)

/*
 * A refusal: -EINVAL and a printable one-line message naming @param,
 * "parameter ids: ..." or, for nic=, "parameter nic, entry 2: ...".
 */
/* A tunable field outside what its parser accepts (tunables.h kinds). */
static bool bad_fields(const u32 *tun)
{
	unsigned int f;

	for (f = 0; f < EQ_FLD_COUNT; f++) {
		const struct eq_kind_info *k = eq_field_kind(f);
		u32 v = tun[f], n, words = 0;

		if (!v)
			continue;	/* keep, in every kind */
		while (k->words[words])
			words++;
		if (words) {
			if (v > words)
				return true;
			continue;
		}
		n = v - k->bias;
		if (v < k->bias || n < k->min || n > k->max ||
		    (k->align > 1 && n % k->align) || (k->ok && !k->ok(n)))
			return true;
	}
	return false;
}

static void check_refusal(int ret, const struct eq_err *err,
			  const char *param)
{
	char prefix[32];
	size_t i, len, plen;

	if (ret != -EINVAL)
		die("%s: returned %d", param, ret);
	len = strnlen(err->msg, sizeof(err->msg));
	if (len == sizeof(err->msg))
		die("%s: error message not NUL-terminated", param);
	for (i = 0; i < len; i++)
		if (err->msg[i] < 0x20 || err->msg[i] >= 0x7f)
			die("%s: byte %#x at %zu of the error message", param,
			    (unsigned char)err->msg[i], i);
	plen = snprintf(prefix, sizeof(prefix), "parameter %s", param);
	if (strncmp(err->msg, prefix, plen) ||
	    (err->msg[plen] != ':' && err->msg[plen] != ','))
		die("%s: message '%s' does not name the parameter", param,
		    err->msg);
}

/* @s with a newline appended, as `echo value > parameters/x` writes it. */
static char *with_newline(const char *s)
{
	size_t len = strlen(s);
	char *t = malloc(len + 2);

	if (!t)
		abort();
	memcpy(t, s, len);
	t[len] = '\n';
	t[len + 1] = '\0';
	return t;
}

static void check_mode(const char *s)
{
	struct eq_err err;
	enum eq_mode mode = SENTINEL_MODE, back;
	char *nl;
	int ret;

	memset(&err, 'E', sizeof(err));
	ret = eq_parse_mode(s, &mode, &err);
	if (ret) {
		check_refusal(ret, &err, "mode");
		if (mode != SENTINEL_MODE)
			die("mode: refused but output changed");
		return;
	}
	if ((unsigned int)mode >= EQ_MODE_COUNT)
		die("mode: accepted '%s' as %d", s, mode);

	nl = with_newline(eq_mode_name(mode));
	back = SENTINEL_MODE;
	if (eq_parse_mode(nl, &back, &err) || back != mode)
		die("mode: '%s' -> %d -> '%s' does not parse back", s, mode,
		    eq_mode_name(mode));
	free(nl);
}

static void check_features(const char *s)
{
	char buf[EQ_FEATURES_STRLEN], *nl;
	struct eq_err err;
	u32 mask = SENTINEL_MASK, back;
	int ret, n;

	memset(&err, 'E', sizeof(err));
	ret = eq_parse_features(s, &mask, &err);
	if (ret) {
		check_refusal(ret, &err, "features");
		if (mask != SENTINEL_MASK)
			die("features: refused but output changed");
		return;
	}
	if (mask & ~EQ_FEATURES_ALL)
		die("features: '%s' gave unknown bits %#x", s, mask);

	n = eq_format_features(mask, ',', buf, sizeof(buf));
	if (n < 0 || (size_t)n != strlen(buf) || (size_t)n >= sizeof(buf) - 1)
		die("features: format of %#x returned %d for '%s'", mask, n,
		    buf);
	/* params.c shows an empty mask as "none" */
	nl = with_newline(n ? buf : "none");
	back = SENTINEL_MASK;
	ret = eq_parse_features(nl, &back, &err);
	if (ret || back != mask)
		die("features: '%s' -> %#x -> '%s' -> %d %#x", s, mask, buf,
		    ret, back);
	free(nl);
}

static void check_ids(const char *s)
{
	struct eq_pci_id ids[EQ_MAX_IDS], back[EQ_MAX_IDS], poison[EQ_MAX_IDS];
	char buf[EQ_MAX_IDS * 20 + 1], *nl;
	unsigned int n = SENTINEL_N, n_back, i, j;
	struct eq_err err;
	int ret, len;

	memset(poison, 0xa5, sizeof(poison));
	memcpy(ids, poison, sizeof(ids));
	memset(&err, 'E', sizeof(err));
	ret = eq_parse_ids(s, ids, &n, &err);
	if (ret) {
		check_refusal(ret, &err, "ids");
		if (n != SENTINEL_N || memcmp(ids, poison, sizeof(ids)))
			die("ids: refused but output changed");
		return;
	}
	if (n > EQ_MAX_IDS)
		die("ids: '%s' gave %u IDs", s, n);
	for (i = 0; i < n; i++) {
		if ((ids[i].subvendor == EQ_ANY_ID) !=
		    (ids[i].subdevice == EQ_ANY_ID) ||
		    (ids[i].subvendor != EQ_ANY_ID &&
		     (ids[i].subvendor > 0xffff || ids[i].subdevice > 0xffff)))
			die("ids: '%s': entry %u subsystem %#x:%#x", s, i,
			    ids[i].subvendor, ids[i].subdevice);
		for (j = 0; j < i; j++)
			if (ids[i].vendor == ids[j].vendor &&
			    ids[i].device == ids[j].device &&
			    ids[i].subvendor == ids[j].subvendor &&
			    ids[i].subdevice == ids[j].subdevice)
				die("ids: '%s': %04x:%04x:%x:%x twice", s,
				    ids[i].vendor, ids[i].device,
				    ids[i].subvendor, ids[i].subdevice);
	}

	/* large enough for 16 IDs with a subsystem (params.c: a page) */
	len = eq_format_ids(ids, n, buf, sizeof(buf));
	if (len < 0 || (size_t)len != strlen(buf) ||
	    (size_t)len >= sizeof(buf) - 1)
		die("ids: format of %u IDs returned %d for '%s'", n, len, buf);
	nl = with_newline(buf);
	n_back = SENTINEL_N;
	ret = eq_parse_ids(nl, back, &n_back, &err);
	if (ret || n_back != n || memcmp(back, ids, n * sizeof(ids[0])))
		die("ids: '%s' -> '%s' -> %d, %u IDs", s, buf, ret, n_back);
	free(nl);
}

/* Large enough for 16 entries giving every setting (params.c: a page). */
#define NICS_STRLEN	4096

static void check_nics(const char *s)
{
	static struct eq_nic_entry nics[EQ_MAX_NICS], back[EQ_MAX_NICS];
	static char buf[NICS_STRLEN], again[NICS_STRLEN];
	unsigned int n = SENTINEL_N, n_back, i, j;
	char ki[64], kj[64];
	struct eq_err err;
	char *nl;
	int ret, len;

	memset(&err, 'E', sizeof(err));
	memset(nics, 0xa5, sizeof(nics));
	ret = eq_parse_nics(s, nics, &n, &err);
	if (ret) {
		check_refusal(ret, &err, "nic");
		if (n != SENTINEL_N)
			die("nic: refused but n_nics changed");
		for (i = 0; i < sizeof(nics); i++)
			if (((unsigned char *)nics)[i] != 0xa5)
				die("nic: refused but nics[] changed");
		return;
	}
	if (n > EQ_MAX_NICS)
		die("nic: '%s' gave %u entries", s, n);
	for (i = 0; i < n; i++) {
		const struct eq_settings *st = &nics[i].s;

		if (nics[i].key > EQ_KEY_NAME ||
		    st->set & ~(EQ_SBIT(EQ_S_COUNT) - 1))
			die("nic: '%s': entry %u key %d set %#x", s, i,
			    nics[i].key, st->set);
		if ((unsigned int)st->mode >= EQ_MODE_COUNT ||
		    st->features & ~EQ_FEATURES_ALL ||
		    bad_fields(st->tun) ||
		    st->hang_threshold > EQ_HANG_THRESHOLD_MAX ||
		    (st->set & EQ_SBIT(EQ_S_HANG_THRESHOLD) &&
		     !st->hang_threshold))
			die("nic: '%s': entry %u has an out of range value", s,
			    i);
		/* no two entries for the same NIC */
		eq_format_entry_key(&nics[i], ki, sizeof(ki));
		for (j = 0; j < i; j++) {
			eq_format_entry_key(&nics[j], kj, sizeof(kj));
			if (!strcmp(ki, kj))
				die("nic: '%s': %s twice", s, ki);
		}
	}

	len = eq_format_nics(nics, n, buf, sizeof(buf));
	if (len < 0 || (size_t)len != strlen(buf) ||
	    (size_t)len >= sizeof(buf) - 1)
		die("nic: format of %u entries returned %d", n, len);
	nl = with_newline(buf);
	n_back = SENTINEL_N;
	ret = eq_parse_nics(nl, back, &n_back, &err);
	if (ret)
		die("nic: '%s' -> '%s' refused: %s", s, buf, err.msg);
	if (n_back != n)
		die("nic: '%s' -> '%s' -> %u entries, not %u", s, buf, n_back,
		    n);
	eq_format_nics(back, n_back, again, sizeof(again));
	if (strcmp(buf, again))
		die("nic: '%s' -> '%s' -> '%s'", s, buf, again);
	free(nl);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char *s;

	if (!size)
		return 0;
	/* the kernel hands parameters over as C strings: NUL ends them */
	s = malloc(size);
	if (!s)
		abort();
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';

	switch (data[0]) {
	case 'm':
		check_mode(s);
		break;
	case 'f':
		check_features(s);
		break;
	case 'i':
		check_ids(s);
		break;
	case 'n':
		check_nics(s);
		break;
	default:
		check_mode(s);
		check_features(s);
		check_ids(s);
		check_nics(s);
		break;
	}
	free(s);
	return 0;
}
