// SPDX-License-Identifier: GPL-2.0
/*
 * e1000e-quirks-check-config FILE...: the e1000e_quirks lines of modprobe.d
 * files checked with the module's own parser (src/policy.c, built here in
 * userspace as for the unit tests), before the module ever reads them.
 *
 * Every "options e1000e_quirks KEY=VALUE ..." line (modprobe.d(5): "\"
 * continues a line, a line starting with # is a comment, double quotes
 * group a value) is split as modprobe does and each value is parsed as
 * the module's parameter of that name parses it (src/params.c,
 * eq_parse_param(); the table below is that switch). One line per problem
 * on stdout, "FILE:LINE: KEY: what is wrong"; exit status 0 if none, 1 if
 * any, 2 if a file cannot be read. Called by `e1000e-quirks check-config`,
 * usable as Ansible's template validate:.
 */
#include <stdio.h>
#include <stdlib.h>

#include <e1000e_quirks/policy.h>

#define EQ_LINE_MAX	8192

static int parse_mode(const char *v, struct eq_config *c, struct eq_err *e)
{
	return eq_parse_mode(v, &c->mode, e);
}

static int parse_features(const char *v, struct eq_config *c,
			  struct eq_err *e)
{
	return eq_parse_features(v, &c->features, e);
}

static int parse_ids(const char *v, struct eq_config *c, struct eq_err *e)
{
	return eq_parse_ids(v, c->ids, &c->n_ids, e);
}

static int parse_nic(const char *v, struct eq_config *c, struct eq_err *e)
{
	return eq_parse_nics(v, c->nics, &c->n_nics, e);
}

static int parse_enforce(const char *v, struct eq_config *c,
			 struct eq_err *e)
{
	return eq_parse_bool("enforce", v, &c->enforce, e);
}

static int parse_threshold(const char *v, struct eq_config *c,
			   struct eq_err *e)
{
	return eq_parse_threshold(v, &c->hang_threshold, e);
}

static int parse_escalate(const char *v, struct eq_config *c,
			  struct eq_err *e)
{
	return eq_parse_bool("escalate", v, &c->escalate, e);
}

/* watchdog_poll: a plain kernel bool (param_set_bool(), kstrtobool()) */
static int parse_kbool(const char *v, struct eq_config *c, struct eq_err *e)
{
	static const char *const ok[] = { "0", "1", "y", "n", "Y", "N",
		"yes", "no", "on", "off", "" };
	unsigned int i;

	(void)c;
	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(v, ok[i]))
			return 0;
	snprintf(e->msg, sizeof(e->msg),
		 "watchdog_poll: not a boolean: '%s' (expected 0 or 1)", v);
	return -EINVAL;
}

static const struct {
	const char *name;
	int (*parse)(const char *v, struct eq_config *c, struct eq_err *e);
} params[] = {
	{ "mode", parse_mode },
	{ "features", parse_features },
	{ "ids", parse_ids },
	{ "nic", parse_nic },
	{ "enforce", parse_enforce },
	{ "hang_threshold", parse_threshold },
	{ "escalate", parse_escalate },
	{ "watchdog_poll", parse_kbool },
};

static int problems;

static void problem(const char *file, unsigned int line, const char *msg)
{
	printf("%s:%u: %s\n", file, line, msg);
	problems++;
}

/* One KEY=VALUE of an options line, parsed as the module would. */
static void check_param(const char *file, unsigned int line, char *kv,
			struct eq_config *cfg)
{
	char *eq = strchr(kv, '=');
	const char *val = eq ? eq + 1 : "";
	struct eq_err err = { };
	char msg[EQ_ERR_LEN + 128];
	unsigned int i, f;
	u32 v;

	if (eq)
		*eq = '\0';
	for (i = 0; i < ARRAY_SIZE(params); i++) {
		if (strcmp(kv, params[i].name))
			continue;
		if (params[i].parse(val, cfg, &err))
			problem(file, line, err.msg);
		return;
	}
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		if (strcmp(kv, eq_fields[f].name))
			continue;
		if (eq_parse_field(f, val, &v, &err))
			problem(file, line, err.msg);
		return;
	}
	snprintf(msg, sizeof(msg),
		 "%s: unknown parameter of e1000e_quirks (the kernel ignores it)",
		 kv);
	problem(file, line, msg);
}

/*
 * Split @s as modprobe does (whitespace outside double quotes; the quotes
 * removed) and check an "options e1000e_quirks" line.
 */
static void check_line(const char *file, unsigned int line, char *s,
		       struct eq_config *cfg)
{
	char *tok[EQ_LINE_MAX / 2], *out = s;
	unsigned int n = 0, i;
	bool quoted = false, in_tok = false;

	for (; *s; s++) {
		if (*s == '"') {
			quoted = !quoted;
			if (!in_tok) {
				tok[n++] = out;
				in_tok = true;
			}
			continue;
		}
		if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n')) {
			if (in_tok)
				*out++ = '\0';
			in_tok = false;
			continue;
		}
		if (!in_tok) {
			tok[n++] = out;
			in_tok = true;
		}
		*out++ = *s;
	}
	*out = '\0';
	if (quoted)
		problem(file, line, "unbalanced double quote");
	if (n < 2 || strcmp(tok[0], "options"))
		return;
	/* modprobe treats - and _ in module names alike */
	for (s = tok[1]; *s; s++)
		if (*s == '-')
			*s = '_';
	if (strcmp(tok[1], "e1000e_quirks"))
		return;
	if (n == 2)
		problem(file, line, "options e1000e_quirks without a parameter");
	for (i = 2; i < n; i++)
		check_param(file, line, tok[i], cfg);
}

static int check_file(const char *file)
{
	static char buf[EQ_LINE_MAX], logical[EQ_LINE_MAX];
	unsigned int line = 0, start = 0;
	struct eq_config cfg;
	size_t len, have = 0;
	FILE *f = fopen(file, "r");

	if (!f) {
		printf("%s: cannot read: %s\n", file, strerror(errno));
		return -1;
	}
	eq_config_init(&cfg);
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		len = strlen(buf);
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (!have) {
			start = line;
			if (buf[strspn(buf, " \t")] == '#')
				continue;
		}
		if (have + len + 2 > sizeof(logical)) {
			problem(file, start, "line too long");
			have = 0;
			continue;
		}
		memcpy(logical + have, buf, len);
		have += len;
		logical[have] = '\0';
		if (have && logical[have - 1] == '\\') {
			logical[have - 1] = ' ';
			continue;
		}
		check_line(file, start, logical, &cfg);
		have = 0;
	}
	if (have)
		check_line(file, start, logical, &cfg);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int i, unreadable = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (check_file(argv[i]))
			unreadable = 1;
	if (unreadable)
		return 2;
	return problems ? 1 : 0;
}
