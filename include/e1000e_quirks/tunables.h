/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tunables: every setting besides offloads that a plan may change
 * through the driver. Each is one line of tunable_list.h, its fields one
 * line each, each field of one value kind (a line too): the tunables on
 * the ladder in the order of their escalation steps (after step 1, the
 * offloads), then the settings that are no step. Pure: no kernel headers,
 * shared by the module, the unit tests and the fuzzer.
 *
 * Derived from the list: the tunable, field and kind ids (enum eq_tun_id,
 * enum eq_field, enum eq_field_kind, enum eq_step), the field in the
 * global config, the nic= entry and the plan (tun[], by enum eq_field),
 * the nic= key, its parser and canonical format (by kind), the parameter
 * parser and formatter, the plan comparison, the ladder, what a plan wants
 * of the device, the step keys and names, how a value is shown, the log
 * wording and the apply trace event's tunables field (policy.c,
 * reconcile.c); the device calls (ethtool.c: eq_eth_get_<key>(),
 * eq_eth_set_<key>()) and their fault-injection names (fault.c); the sysfs
 * files <name> and <name>_orig (sysfs.c). Written by hand: the module
 * parameter's declaration and description (params.c: a module parameter
 * is a declaration the list cannot expand to). tests/unit/test_tunables.c
 * checks those, every kind's parsing and formatting, the plan comparison,
 * that the status command (scripts/e1000e-quirks) reads every sysfs file
 * and knows every step of the list, and that the Ansible role
 * (contrib/ansible/e1000e_quirks) lists every field.
 *
 * EQ_KIND(KIND, keep, min, max, align, ok, bad, hint, words..., NULL)
 *   KIND       EQ_KIND_<KIND>: a kind of value a field's parameter takes
 *   keep       the word that leaves the device alone ("keep", or "0" where
 *              0 is not a value of the kind); a plan value of 0, always
 *   min, max, align
 *              a number kind (no words): its range and step; a plan holds
 *              the number itself where keep is "0", else the number + 1
 *              (rx_usecs=0 is a real setting, plan value 1)
 *   ok         NULL, or a further check of a number (eq_<name>_ok(), in
 *              policy.c): the values the driver stores exactly
 *   bad, hint  the refusal of another value ("bad ring size", "(expected
 *              ...)")
 *   words      a word kind: its words, "off" then "on"; word i is plan
 *              value i + 1, on the device the field's off value and its
 *              negation
 *
 * EQ_TUNABLE(TUN, key, label, step_name, ladder, fmt)
 *   TUN        EQ_TUN_<TUN>, and for a STEP tunable EQ_STEP_<TUN>
 *   key        its step in sysfs ladder and JSON ("eee", "rings"), and the
 *              device calls eq_eth_get_<key>() / eq_eth_set_<key>()
 *   label      in log lines ("flow control not supported; left alone")
 *   step_name  the step in log lines ("taking step 3: flow control off"),
 *              NULL for a NOSTEP tunable
 *   ladder     STEP: a remedy of the escalation, applied from its step on;
 *              NOSTEP: a setting, applied whenever the plan acts (modes
 *              always and on-hang), never a step. The STEP ones come first.
 *   fmt        how a device value is shown (EQ_FMT_<fmt>): u32 (a number),
 *              on_off, pause (EQ_PAUSE_* bits), k1 (the disable-k1 flag,
 *              shown as the state of K1)
 *   A driver's refusal of a tunable for a part is the device call's
 *   -EOPNOTSUPP (ethtool.c judges it, by reading back where the error
 *   code alone does not tell).
 *
 * EQ_FIELD(FLD, name, TUN, i, kind, off, tag, log)
 *   FLD        EQ_FLD_<FLD>
 *   name       the parameter, the nic= key, the sysfs file (and _orig)
 *   TUN, i     the tunable and the index of the field in its device value
 *   kind       EQ_KIND_<kind>, one of the kinds above
 *   off        a word kind: the device value that means off
 *   tag        the field within its tunable's log lines ("rings tx 512"),
 *              NULL for a tunable of one field
 *   log        the field in a log line ("left tx ring at 128")
 */
#ifndef E1000E_QUIRKS_TUNABLES_H
#define E1000E_QUIRKS_TUNABLES_H

/* A tunable has up to this many fields, set by one device call. */
#define EQ_TUN_FIELDS	2

/* Flow control as one device value: these bits, all clear is off. */
#define EQ_PAUSE_AUTONEG	(1u << 0)
#define EQ_PAUSE_RX		(1u << 1)
#define EQ_PAUSE_TX		(1u << 2)

#define EQ_KIND(...)
#define EQ_TUNABLE(TUN, ...)	EQ_TUN_##TUN,
#define EQ_FIELD(...)
enum eq_tun_id {
#include "tunable_list.h"
	EQ_TUN_COUNT
};

#undef EQ_TUNABLE
#undef EQ_FIELD

#define EQ_TUNABLE(...)
#define EQ_FIELD(FLD, ...)	EQ_FLD_##FLD,
enum eq_field {
#include "tunable_list.h"
	EQ_FLD_COUNT
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD

#define EQ_KIND(KIND, ...)	EQ_KIND_##KIND,
#define EQ_TUNABLE(...)
#define EQ_FIELD(...)
enum eq_field_kind {
#include "tunable_list.h"
	EQ_KIND_COUNT
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD

/* At most this many words per word kind, and the longest value's text. */
#define EQ_KIND_WORDS	2

/* How a tunable's device value is shown (eq_format_tun_value()). */
enum eq_fmt {
	EQ_FMT_u32,
	EQ_FMT_on_off,
	EQ_FMT_pause,
	EQ_FMT_k1,
};

/* One field, as the list has it (policy.c: eq_fields[]). */
struct eq_field_info {
	const char *name;		/* "tx_ring" */
	unsigned int tun;		/* enum eq_tun_id */
	unsigned int i;			/* index in the tunable's value */
	enum eq_field_kind kind;
	unsigned int off;		/* word kinds: the device value for off */
	const char *tag;		/* "tx", or NULL */
	const char *log;		/* "tx ring" */
};

/* One tunable, as the list has it (policy.c: eq_tun_info[]). */
struct eq_tun_info {
	const char *key;		/* "eee", "rings", "k1" */
	const char *label;		/* "flow control" */
	const char *step_name;		/* "flow control off", NULL: NOSTEP */
	bool ladder;			/* STEP */
	enum eq_fmt fmt;
};

/* One value kind, as the list has it (policy.c: eq_kinds[]). */
struct eq_kind_info {
	const char *keep;		/* "keep", "0": plan value 0 */
	u32 min, max, align;		/* a number kind */
	bool (*ok)(u32 n);		/* NULL, or a further check */
	u32 bias;			/* a number's plan value: n + bias */
	const char *bad, *hint;
	const char *words[EQ_KIND_WORDS + 1];	/* NULL-terminated; none:
						 * a number kind
						 */
};

extern const struct eq_field_info eq_fields[EQ_FLD_COUNT];
extern const struct eq_tun_info eq_tun_info[EQ_TUN_COUNT];
extern const struct eq_kind_info eq_kinds[EQ_KIND_COUNT];

/* The kind of field @f. */
static inline const struct eq_kind_info *eq_field_kind(unsigned int f)
{
	return &eq_kinds[eq_fields[f].kind];
}

/*
 * The device value a plan value @v (not 0: keep) of field @f asks for:
 * the number, or the field's off value ("off") or its negation ("on").
 */
u32 eq_field_device_value(unsigned int f, u32 v);

/* The number of fields of tunable @id, and its @i-th (enum eq_field). */
unsigned int eq_tun_nfields(unsigned int id);
unsigned int eq_tun_field(unsigned int id, unsigned int i);

/* A field of tunable @id, device value @v, in words; @orig: as _orig. */
void eq_format_tun_value(unsigned int id, u32 v, bool orig, char *buf,
			 size_t len);

#endif /* E1000E_QUIRKS_TUNABLES_H */
