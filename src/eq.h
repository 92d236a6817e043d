/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-side state shared by the module's files. The pure policy lives in
 * include/e1000e_quirks/policy.h; everything here needs the kernel.
 */
#ifndef E1000E_QUIRKS_EQ_H
#define E1000E_QUIRKS_EQ_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include <e1000e_quirks/policy.h>

/* What made the reconciler run for a NIC (logs, and later trace events). */
enum eq_why {
	EQ_WHY_NONE,		/* nothing of this NIC's own: a re-check */
	EQ_WHY_REGISTER,
	EQ_WHY_UP,
	EQ_WHY_RENAME,
	EQ_WHY_PARAM,
	EQ_WHY_HANG,
	EQ_WHY_OVERRIDE,
	EQ_WHY_UNLOAD,
	EQ_WHY_LINK,		/* carrier or speed changed: the hang record */
	EQ_WHY_OPEN,		/* about to be opened (NETDEV_PRE_UP) */
};

/*
 * Tunables: settings other than offloads that a plan may change through
 * the driver, all with one life (plan, read the original, apply, remember,
 * restore, show). Each is one line of include/e1000e_quirks/tunable_list.h
 * (see tunables.h), from which everything else is derived; here, its
 * device side: eq_tunables[] (ethtool.c), the pair eq_eth_get_<key>() and
 * eq_eth_set_<key>() behind it. A tunable has up to EQ_TUN_FIELDS values
 * changed by one device call (rings: tx, rx).
 */
struct eq_tun_val {
	u32 v[EQ_TUN_FIELDS];
};

#define EQ_FLD_STRLEN	24
#define EQ_LADDER_STRLEN	40

struct eq_tunable {
	int (*get)(struct net_device *dev, struct eq_tun_val *cur);
	int (*set)(struct net_device *dev, const struct eq_tun_val *val);
};

extern const struct eq_tunable eq_tunables[EQ_TUN_COUNT];

/* What the module changed of one tunable, and what it found before. */
struct eq_tun_ledger {
	u32 saved;			/* a bit per field we set */
	u32 drift;			/* of those, changed on the device
					 * since, left as found (enforce=0),
					 * already logged
					 */
	bool unsupported;		/* the NIC or driver lacks it */
	bool probed;			/* support asked when planning */
	struct eq_tun_val orig;
	struct eq_tun_val set;
};

/*
 * Where a pass can fail: each place logs once per distinct error
 * (eq_log_once()) and is retried at every pass.
 */
enum eq_at {
	EQ_AT_DEVICE,		/* device gone, runtime resume, ethtool begin */
	EQ_AT_OFFLOADS,
	EQ_AT_SYSFS,		/* the NIC's sysfs directory */
	EQ_AT_TUN,		/* + enum eq_tun_id: reading or setting it */
	EQ_AT_COUNT = EQ_AT_TUN + EQ_TUN_COUNT,
};

/* The last TX watchdog resets, for sysfs hangs. */
#define EQ_HANGS		16
#define EQ_REMEDIES_STRLEN	128

struct eq_hang {
	s64 time;			/* Unix seconds */
	u8 step;
	char remedies[EQ_REMEDIES_STRLEN];
	int speed;			/* Mb/s, -1 unknown */
	u8 duplex;			/* DUPLEX_* */
};

/*
 * One e1000e net device the module knows about, matched or not, in named
 * parts by owner and lock; each field's lock is its part's:
 *
 *  - the links (node, dev, gone, why, kobj): the list is RTNL to change
 *    and RCU to read (the watchdog probe, sysfs); dev and kobj are written
 *    under RTNL with WRITE_ONCE and read with READ_ONCE under RCU; gone and
 *    why under RTNL (the notifier records, the reconciler consumes);
 *  - facts: written once when the NIC is tracked, read-only after (any
 *    context, no lock);
 *  - plan: the plan last acted on and the reconciler's bookkeeping around
 *    it; only the reconciler, under RTNL;
 *  - ledger: exactly what this module changed on the device; only the
 *    reconciler, under RTNL;
 *  - view: what sysfs shows and the watchdog counts, under @lock, a raw
 *    spinlock because the watchdog probe runs with preemption disabled,
 *    also on PREEMPT_RT (sysfs shows and the reconciler take it with
 *    raw_spin_lock_bh()). Three fields are also read without it, by the
 *    reconciler under RTNL, which every writer of theirs also holds:
 *    ifname (log lines, trace events, the plan's facts), step
 *    (eq_mitigation_changed()) and mitigated (eq_state()). Nothing is
 *    formatted under the lock that can be formatted after it: sysfs
 *    hangs copies the records and formats them unlocked;
 *  - poll: the watchdog's poll fallback, only its work item touches it.
 */
struct eq_nic_facts {
	u16 vendor;
	u16 device;
	u16 subvendor;			/* PCI subsystem vendor and device */
	u16 subdevice;
	char pci[32];
	u8 perm_addr[ETH_ALEN];
	const struct eq_id *id;		/* table row, NULL if not listed */
	char label[32];			/* model, or vendor:device */
};

struct eq_nic_plan {
	struct eq_plan last;		/* the plan last acted on */
	bool planned;			/* @last is valid */
	/* Top of the escalation: the resets already logged there. */
	unsigned long top_seen;
	struct ratelimit_state top_rs;
	u32 fixed_logged;		/* planned bits the driver keeps on,
					 * already logged
					 */
	/* The last error logged at each place (enum eq_at). */
	struct eq_logged logged[EQ_AT_COUNT];
	/*
	 * What the driver reported of each tunable at the last pass that
	 * read it (a bit per tunable in @seen_ok), after any set: what
	 * sysfs shows.
	 */
	struct eq_tun_val seen[EQ_TUN_COUNT];
	u32 seen_ok;
	/* Steps left out because the device already has their remedy. */
	u32 already;
};

/*
 * Exactly what this module changed on the device, with the value it found
 * before, so that restoring undoes only our changes.
 */
struct eq_nic_ledger {
	netdev_features_t cleared;	/* bits removed from wanted_features */
	netdev_features_t overridden;	/* bits userspace turned back on */
	struct eq_tun_ledger tun[EQ_TUN_COUNT];
};

struct eq_nic_view {
	/* the watchdog's inputs and counts */
	unsigned long watchdog_resets;	/* since we watch this NIC */
	u64 last_reset_ns;		/* boottime of the last, 0: none */
	enum eq_mode hang_mode;		/* mode in force, for the probe */
	u32 hang_threshold;
	unsigned long hang_base;	/* resets when the current step began */
	bool mitigated;			/* on-hang: threshold reached */
	u8 step;			/* enum eq_step: the last in force */
	bool hang_more;			/* on-hang: a further step exists */
	bool hang_top;			/* escalating, no further step */
	unsigned long resets_at_step[EQ_STEP_COUNT];
	struct eq_hang hangs[EQ_HANGS];	/* ring: hangs_n % EQ_HANGS next */
	unsigned long hangs_n;
	char remedies[EQ_REMEDIES_STRLEN];	/* in force, for hangs */
	int speed;
	u8 duplex;

	/* for sysfs */
	char ifname[IFNAMSIZ];
	const char *matched_by;
	const char *mode;
	const char *state;
	char planned_str[EQ_FEATURES_STRLEN];
	char cleared_str[EQ_FEATURES_STRLEN];
	char off_str[EQ_FEATURES_STRLEN];	/* planned and off now */
	char last_error[128];
	char policy_str[48];		/* "default" or the nic= entry's key */
	char ladder_str[EQ_LADDER_STRLEN];	/* "offloads pause", "-" */
	char fld_str[EQ_FLD_COUNT][EQ_FLD_STRLEN];
	char fld_orig_str[EQ_FLD_COUNT][EQ_FLD_STRLEN];
};

struct eq_nic_poll {
	unsigned long poll_seen;
	bool poll_started;
};

struct eq_nic {
	struct list_head node;		/* on eq_nics: RTNL, or RCU to read */
	struct rcu_head rcu;
	struct net_device *dev;		/* NULL once unregistered */
	bool gone;			/* unregistered: drop at next pass */
	enum eq_why why;
	struct kobject *kobj;		/* sysfs directory, NULL if none */

	struct eq_nic_facts facts;
	struct eq_nic_plan plan;
	struct eq_nic_ledger ledger;
	raw_spinlock_t lock;		/* the view's */
	struct eq_nic_view view;
	struct eq_nic_poll poll;
};

/* params.c */
void eq_config_snapshot(struct eq_config *cfg);
void eq_params_start(void);
void eq_params_stop(void);

/* reconcile.c */
void eq_nic_event(struct net_device *dev, enum eq_why why);
void eq_nic_pre_up(struct net_device *dev);
void eq_nic_unregister(struct net_device *dev);
void eq_reconcile_request(void);
void eq_reconcile_params_changed(void);
void eq_reconcile_unload(void);
void eq_reconcile_cancel(void);
struct eq_nic *eq_nic_find_rcu(const struct net_device *dev);
struct list_head *eq_nic_list(void);

/* watchdog.c */
void eq_watchdog_start(void);
void eq_watchdog_stop(void);
const char *eq_watchdog_source(void);

/* ethtool.c: the driver's ethtool_ops */
int eq_eth_resume(struct net_device *dev);
int eq_eth_ops_begin(struct net_device *dev);
int eq_eth_begin(struct net_device *dev, const char **what);
void eq_eth_complete(struct net_device *dev);
int eq_eth_set_wanted(struct net_device *dev, netdev_features_t on,
		      netdev_features_t off);
void eq_eth_link(struct net_device *dev, int *speed, u8 *duplex);

/* sysfs.c */
int eq_sysfs_init(void);
void eq_sysfs_exit(void);
int eq_sysfs_add(struct eq_nic *nic);
void eq_sysfs_del(struct eq_nic *nic);

/*
 * fault.c, in test builds only (EQ_FAULT_INJECT, see Kbuild): true if the
 * step (its __func__) is to fail now. Elsewhere never, at no cost.
 */
#ifdef EQ_FAULT_INJECT
bool eq_fault(const char *step);
void eq_fault_init(void);
void eq_fault_exit(void);
#else
static inline bool eq_fault(const char *step) { return false; }
static inline void eq_fault_init(void) { }
static inline void eq_fault_exit(void) { }
#endif

#endif /* E1000E_QUIRKS_EQ_H */
