/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy: module parameters -> the desired state of one NIC. Pure code with
 * no kernel headers beyond shim.h, shared by the module, the unit tests and
 * the fuzzer.
 */
#ifndef E1000E_QUIRKS_POLICY_H
#define E1000E_QUIRKS_POLICY_H

#include "shim.h"
#include "table.h"
#include "tunables.h"

enum eq_mode {
	EQ_MODE_ALWAYS,		/* apply the policy as soon as the NIC appears */
	EQ_MODE_MONITOR,	/* dry run: show the plan, change nothing */
	EQ_MODE_OFF,		/* ignore the NIC */
	EQ_MODE_ON_HANG,	/* keep offloads until the NIC hangs */
	EQ_MODE_COUNT
};

/* Offload groups, named as ethtool -K names them. */
enum eq_feature {
	EQ_F_TSO,
	EQ_F_GSO,
	EQ_F_GRO,
	EQ_F_SG,
	EQ_F_TX,
	EQ_F_RX,
	EQ_F_RXVLAN,
	EQ_F_TXVLAN,
	EQ_F_COUNT
};

#define EQ_FBIT(f)		(1u << (f))
#define EQ_FEATURES_ALL		(EQ_FBIT(EQ_F_COUNT) - 1)
/*
 * e1000e keeps TX VLAN acceleration in the state of RX VLAN acceleration
 * (e1000_fix_features() in drivers/net/ethernet/intel/e1000e/netdev.c,
 * unchanged from 3.x to 7.x): neither can be turned off alone.
 */
#define EQ_FEATURES_VLAN	(EQ_FBIT(EQ_F_RXVLAN) | EQ_FBIT(EQ_F_TXVLAN))
#define EQ_FEATURES_DEFAULT	(EQ_FBIT(EQ_F_TSO) | EQ_FBIT(EQ_F_GSO) | \
				 EQ_FBIT(EQ_F_SG) | EQ_FBIT(EQ_F_TX))

#define EQ_MAX_IDS		16
#define EQ_MAX_NICS		16
#define EQ_ERR_LEN		256
/* Long enough for every feature name, separated. */
#define EQ_FEATURES_STRLEN	64

/* Why a parameter was refused: one line naming the parameter and token. */
struct eq_err {
	char msg[EQ_ERR_LEN];
};

/* e1000e's ring limits (ethtool -G): 0 means leave the ring alone. */
#define EQ_RING_MIN		64
#define EQ_RING_MAX		4096
#define EQ_RING_ALIGN		8
#define EQ_HANG_THRESHOLD_MAX	1000000

/* eee=, pause= and k1=: leave as is, or turn off (k1=: or on). */
enum eq_toggle {
	EQ_KEEP,
	EQ_OFF,
	EQ_ON,
};

/* Any subsystem: an ids= entry given as vendor:device only. */
#define EQ_ANY_ID		(~0u)

/* An ids= entry: vendor:device, or vendor:device:subvendor:subdevice. */
struct eq_pci_id {
	u16 vendor;
	u16 device;
	u32 subvendor;			/* EQ_ANY_ID, or the subsystem vendor */
	u32 subdevice;			/* EQ_ANY_ID, or the subsystem device */
};

/* A PCI subsystem ID, as lspci -nnv shows "Subsystem" (17aa:2247). */
struct eq_subsys {
	u16 vendor;
	u16 device;
};

/* A PCI function address, "0000:00:1f.6". */
struct eq_pci_addr {
	u32 domain;
	u8 bus;
	u8 dev;
	u8 fn;
};

/* What a nic= entry matches on, most specific first. */
enum eq_key {
	EQ_KEY_PCI,
	EQ_KEY_MAC,
	EQ_KEY_SUBSYS,
	EQ_KEY_NAME,
};

/*
 * The settings every NIC has; a nic= entry may give any of them, and
 * nic= in canonical form lists them in this order. The tunables' fields
 * (tunables.h) come last, EQ_S_TUN + enum eq_field.
 */
enum eq_setting {
	EQ_S_MODE,
	EQ_S_FEATURES,
	EQ_S_HANG_THRESHOLD,
	EQ_S_ESCALATE,
	EQ_S_TUN,
	EQ_S_COUNT = EQ_S_TUN + EQ_FLD_COUNT
};

/*
 * The remedies of mode=on-hang escalate=1, one step at a time in this
 * order: the offloads (features=), then one step per tunable in the order
 * of tunable_list.h (EEE, flow control, rings, K1), EQ_STEP_<TUN>. A
 * step whose remedy is not configured, or that the NIC cannot take, is
 * not on the NIC's ladder. Step 0: none applied yet.
 */
/* A STEP tunable is a step, a NOSTEP one is not (tunables.h). */
#define EQ_STEP_OF_STEP(TUN, ...)	EQ_STEP_##TUN,
#define EQ_STEP_OF_NOSTEP(...)
#define EQ_KIND(...)
#define EQ_TUNABLE(TUN, key, label, step_name, ladder, ...)	\
	EQ_STEP_OF_##ladder(TUN, key, label, step_name)
#define EQ_FIELD(...)
enum eq_step {
	EQ_STEP_NONE,
	EQ_STEP_OFFLOADS,	/* features= */
#include "tunable_list.h"
	EQ_STEP_COUNT
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD
#undef EQ_STEP_OF_STEP
#undef EQ_STEP_OF_NOSTEP

/* The tunables on the ladder: the first ones of the list. */
#define EQ_TUN_LADDER		(EQ_STEP_COUNT - EQ_STEP_OFFLOADS - 1)
#define EQ_TUN_ON_LADDER(id)	((unsigned int)(id) < EQ_TUN_LADDER)

/* The step of tunable @id (one on the ladder). */
#define EQ_TUN_STEP(id)		((enum eq_step)(EQ_STEP_OFFLOADS + 1 + (id)))

#define EQ_STEP_LAST	(EQ_STEP_COUNT - 1)

#define EQ_SBIT(s)	(1u << (s))

struct eq_settings {
	u32 set;			/* EQ_SBIT(): given by this entry */
	enum eq_mode mode;
	u32 features;			/* EQ_FBIT() mask to turn off */
	u32 hang_threshold;		/* on-hang: resets before mitigating */
	bool escalate;			/* on-hang: one remedy at a time */
	u32 tun[EQ_FLD_COUNT];		/* tx_ring, eee, ...: 0 leaves it */
};

struct eq_nic_entry {
	enum eq_key key;
	struct eq_pci_addr pci;		/* key EQ_KEY_PCI */
	u8 mac[6];			/* key EQ_KEY_MAC */
	struct eq_subsys subsys;	/* key EQ_KEY_SUBSYS */
	char name[16];			/* key EQ_KEY_NAME */
	struct eq_settings s;
};

struct eq_config {
	/* The global parameters; every field is set. */
	enum eq_mode mode;
	u32 features;
	u32 hang_threshold;
	bool escalate;
	u32 tun[EQ_FLD_COUNT];		/* tx_ring, eee, ...: 0 leaves it */
	bool enforce;			/* re-apply what userspace turns on */
	unsigned int n_ids;
	struct eq_pci_id ids[EQ_MAX_IDS];	/* ids=: extra affected IDs */
	unsigned int n_nics;
	struct eq_nic_entry nics[EQ_MAX_NICS];	/* nic=: per-NIC entries */
};

enum eq_match {
	EQ_MATCH_NONE,
	EQ_MATCH_TABLE,
	EQ_MATCH_IDS,
	EQ_MATCH_NIC,
};

/* What the module knows about a NIC, as plain values. */
struct eq_facts {
	u16 vendor;
	u16 device;
	u16 subvendor;		/* PCI subsystem vendor and device */
	u16 subdevice;
	const char *pci;	/* "0000:00:1f.6" */
	const char *ifname;
	const u8 *mac;		/* permanent MAC, 6 bytes; NULL if none */
};

/* The desired state of one NIC. */
struct eq_plan {
	enum eq_match by;	/* EQ_MATCH_NONE: leave the NIC alone */
	const struct eq_id *id;	/* table row, NULL when not in the table */
	int entry;		/* nic= entry in force, -1: the defaults */
	enum eq_mode mode;
	u32 features;		/* offloads the policy wants off */
	u32 implied;		/* of those, added because the driver ties
				 * them to one asked for (txvlan <-> rxvlan)
				 */
	u32 hang_threshold;
	bool escalate;
	u32 tun[EQ_FLD_COUNT];	/* tx_ring, eee, ...: 0 leaves it */
};

void eq_config_init(struct eq_config *cfg);

int eq_parse_mode(const char *s, enum eq_mode *mode, struct eq_err *err);
int eq_parse_features(const char *s, u32 *features, struct eq_err *err);
int eq_parse_ids(const char *s, struct eq_pci_id *ids, unsigned int *n_ids,
		 struct eq_err *err);
int eq_parse_ring(const char *param, const char *s, u32 *ring,
		  struct eq_err *err);
int eq_parse_toggle(const char *param, const char *s, enum eq_toggle *t,
		    struct eq_err *err);
int eq_parse_bool(const char *param, const char *s, bool *b,
		  struct eq_err *err);
int eq_parse_threshold(const char *s, u32 *threshold, struct eq_err *err);
/* A tunable's field as its parameter, by its value kind (tunables.h). */
int eq_parse_field(enum eq_field f, const char *s, u32 *v,
		   struct eq_err *err);
int eq_format_field(enum eq_field f, u32 v, char *buf, size_t len);
/*
 * What @plan wants of tunable @id on the device: a bit per field it sets,
 * the values in @want (zeroed first).
 */
u32 eq_plan_tun_want(const struct eq_plan *plan, enum eq_tun_id id,
		     u32 want[EQ_TUN_FIELDS]);
/* nic=: fills @nics and @n_nics only if the whole value is valid. */
int eq_parse_nics(const char *s, struct eq_nic_entry *nics,
		  unsigned int *n_nics, struct eq_err *err);

const char *eq_mode_name(enum eq_mode mode);
const char *eq_feature_name(enum eq_feature f);
const char *eq_match_name(enum eq_match by);
/* "tso gso sg tx" with @sep between names; "" for an empty mask. */
int eq_format_features(u32 features, char sep, char *buf, size_t len);
int eq_format_ids(const struct eq_pci_id *ids, unsigned int n_ids,
		  char *buf, size_t len);
const char *eq_toggle_name(enum eq_toggle t);
/* The match key of one entry, "pci=0000:00:1f.6"; "default" for NULL. */
int eq_format_entry_key(const struct eq_nic_entry *e, char *buf, size_t len);
/* nic= in canonical form: parses back to the same entries. */
int eq_format_nics(const struct eq_nic_entry *nics, unsigned int n_nics,
		   char *buf, size_t len);

void eq_plan_nic(const struct eq_config *cfg, const struct eq_facts *facts,
		 struct eq_plan *plan);

/*
 * Does the plan act on the device at all (modes always and on-hang, a
 * matched NIC)? Then its NOSTEP tunables are in force, whatever the step.
 */
bool eq_plan_acts(const struct eq_plan *plan);

/* The steps a plan configures, as a mask of bit (1 << enum eq_step). */
u32 eq_plan_ladder(const struct eq_plan *plan);
/*
 * A NIC's ladder: the steps its plan configures less @unsupported, the
 * steps whose remedy the NIC or its driver cannot take (known when the
 * plan is made, or refused when the step was taken).
 */
u32 eq_nic_ladder(const struct eq_plan *plan, u32 unsupported);
/*
 * One tunable as a pass finds it, field by field (a bit per field):
 * @wanted and @want what the plan wants (eq_plan_tun_want()), @saved and
 * @set what this module set (its ledger), @cur what the driver reports
 * now. Compared with the plan, not with the ledger:
 *  - in_force: the device has the plan's value, whoever set it;
 *  - drift: the module set the plan's value and the device has another
 *    now, a change the module did not make (someone's ethtool, a driver
 *    reset path, firmware): set it again only under enforce=1;
 *  - apply: the plan wants a value the device does not have and the
 *    module never set (or set another value of an older plan).
 * A field the plan does not want is none of these (eq_tun_do() puts back
 * what the ledger holds of it).
 */
struct eq_tun_cmp {
	u32 in_force;
	u32 drift;
	u32 apply;
};

void eq_tun_compare(unsigned int nfields, u32 wanted,
		    const u32 want[EQ_TUN_FIELDS], u32 saved,
		    const u32 set[EQ_TUN_FIELDS], const u32 cur[EQ_TUN_FIELDS],
		    struct eq_tun_cmp *cmp);
/*
 * Is the remedy already in force without this module: every field the
 * plan wants of it is on the device, none set by this module? Such a
 * step is left out of the ladder (eq_nic_ladder()'s @unsupported).
 */
bool eq_tun_already(const struct eq_tun_cmp *cmp, u32 wanted, u32 saved);

/* "offloads pause rings": the step keys of @ladder; "" when empty. */
int eq_format_ladder(u32 ladder, char *buf, size_t len);
/* The step's key as sysfs ladder names it: "offloads", "eee", ... */
const char *eq_step_key(enum eq_step step);
/* The first configured step after @step, or EQ_STEP_NONE. */
enum eq_step eq_next_step(u32 ladder, enum eq_step step);
/* The last configured step, or EQ_STEP_NONE. */
enum eq_step eq_last_step(u32 ladder);
/* "offloads off", "EEE off", ... for logs. */
const char *eq_step_name(enum eq_step step);
/*
 * The step to be in force, on the NIC's @ladder (eq_nic_ladder()).
 * @mitigated: mode=on-hang has reached its threshold once; @step: the step
 * in force now; @resets: TX watchdog resets counted since it took effect.
 * Sets *@mitigated when it becomes so. A step the driver refuses is taken
 * out of the ladder and this asked again with the same @step: the answer
 * is the next step, in the same pass, or @step when none is left.
 */
enum eq_step eq_plan_step(const struct eq_plan *plan, u32 ladder,
			  bool *mitigated, enum eq_step step,
			  unsigned long resets);
/* Escalating, mitigated, and no step of @ladder left after @step. */
bool eq_at_top(const struct eq_plan *plan, u32 ladder, bool mitigated,
	       enum eq_step step);
/*
 * Do two plans differ in what a mitigation at @step is: match, mode,
 * offloads, or (when either escalates) the configured steps up to @step?
 * A change of escalate itself, or of steps above @step, keeps it.
 */
bool eq_plan_ladder_changed(const struct eq_plan *a, const struct eq_plan *b,
			    enum eq_step step);
/* Are two plans the same in every field? */
bool eq_plan_same(const struct eq_plan *a, const struct eq_plan *b);

/*
 * A step that keeps failing is retried at every pass (and passes run at
 * every carrier change), but logged once per distinct error: the last
 * error logged for one step of one NIC (err 0: none since it succeeded),
 * and a hash of what failed ("runtime resume", "setting rings").
 */
struct eq_logged {
	int err;
	u32 what;
};

/*
 * The step ended with @err (0: success) in @what: should it be logged?
 * True when it failed otherwise than last logged (another error or
 * another @what); a success forgets, so the next failure is logged again.
 */
bool eq_log_once(struct eq_logged *l, const char *what, int err);

#endif /* E1000E_QUIRKS_POLICY_H */
