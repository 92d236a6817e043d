/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tunables: every setting besides offloads that a plan may change
 * through the driver. Each is one line of tunable_list.h, its fields one
 * line each, in the order of their escalation steps (after step 1, the
 * offloads). Pure: no kernel headers, shared by the module, the unit tests
 * and the fuzzer.
 *
 * Derived from the list: the tunable and field ids (enum eq_tun_id,
 * enum eq_field, enum eq_step), the field in the global config, the nic=
 * entry and the plan (tun[], by enum eq_field), the nic= key, its parser
 * and canonical format, the parameter parser and formatter, the plan
 * comparison, the ladder, what a plan wants of the device, the step keys
 * and names, how a value is shown, and the log wording (policy.c,
 * reconcile.c); the device calls (ethtool.c: eq_eth_get_<key>(),
 * eq_eth_set_<key>()) and their fault-injection names (fault.c); the sysfs
 * files <name> and <name>_orig (sysfs.c). Written by hand: the module
 * parameter's declaration and description (params.c: a module parameter
 * is a declaration the list cannot expand to). tests/unit/test_tunables.c
 * checks those, and that the status command (scripts/e1000e-quirks) reads
 * every sysfs file and knows every step of the list.
 *
 * EQ_TUNABLE(TUN, key, label, step_name, refused, fmt)
 *   TUN        EQ_TUN_<TUN>, EQ_STEP_<TUN>
 *   key        its step in sysfs ladder and JSON ("eee", "rings"), and the
 *              device calls eq_eth_get_<key>() / eq_eth_set_<key>()
 *   label      in log lines ("flow control not supported; left alone")
 *   step_name  the step in log lines ("taking step 3: flow control off")
 *   refused    an errno of set() meaning the driver refuses it for this
 *              part (handled like -EOPNOTSUPP), or 0
 *   fmt        how a device value is shown (EQ_FMT_<fmt>): u32 (a number),
 *              on_off, pause (EQ_PAUSE_* bits), k1 (the disable-k1 flag,
 *              shown as the state of K1)
 *
 * EQ_FIELD(FLD, name, TUN, i, kind, off, tag, log)
 *   FLD        EQ_FLD_<FLD>
 *   name       the parameter, the nic= key, the sysfs file (and _orig)
 *   TUN, i     the tunable and the index of the field in its device value
 *   kind       RING (0 leaves it, else descriptors 64..4096 in steps of 8)
 *              or TOGGLE (keep | off)
 *   off        TOGGLE: the device value that means off; RING: unused
 *   tag        the field within its tunable's log lines ("rings tx 512"),
 *              NULL for a tunable of one field
 *   log        the field in a log line ("left tx ring at 128")
 * A plan value of 0 is always "leave it alone" (EQ_KEEP, ring 0).
 */
#ifndef E1000E_QUIRKS_TUNABLES_H
#define E1000E_QUIRKS_TUNABLES_H

/* A tunable has up to this many fields, set by one device call. */
#define EQ_TUN_FIELDS	2

/* Flow control as one device value: these bits, all clear is off. */
#define EQ_PAUSE_AUTONEG	(1u << 0)
#define EQ_PAUSE_RX		(1u << 1)
#define EQ_PAUSE_TX		(1u << 2)

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

#undef EQ_TUNABLE
#undef EQ_FIELD

enum eq_field_kind {
	EQ_KIND_RING,
	EQ_KIND_TOGGLE,
};

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
	unsigned int off;		/* TOGGLE: the device value for off */
	const char *tag;		/* "tx", or NULL */
	const char *log;		/* "tx ring" */
};

/* One tunable, as the list has it (policy.c: eq_tun_info[]). */
struct eq_tun_info {
	const char *key;		/* "eee", "rings", "k1" */
	const char *label;		/* "flow control" */
	const char *step_name;		/* "flow control off" */
	int refused;
	enum eq_fmt fmt;
};

extern const struct eq_field_info eq_fields[EQ_FLD_COUNT];
extern const struct eq_tun_info eq_tun_info[EQ_TUN_COUNT];

/* The number of fields of tunable @id, and its @i-th (enum eq_field). */
unsigned int eq_tun_nfields(unsigned int id);
unsigned int eq_tun_field(unsigned int id, unsigned int i);

/* A field of tunable @id, device value @v, in words; @orig: as _orig. */
void eq_format_tun_value(unsigned int id, u32 v, bool orig, char *buf,
			 size_t len);

#endif /* E1000E_QUIRKS_TUNABLES_H */
