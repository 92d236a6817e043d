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
};

struct eq_nic_kobj;

/* Flow control as ethtool -a shows it. */
struct eq_pause {
	bool autoneg;
	bool rx;
	bool tx;
};

/*
 * One e1000e net device the module knows about, matched or not.
 *
 * Inputs (facts, the pending reason) are written by the notifier, the
 * ledger and the plan only by the reconciler; both run under RTNL. The
 * view is what sysfs shows and the watchdog counts: under @lock, a raw
 * spinlock because the watchdog probe runs with preemption disabled,
 * also on PREEMPT_RT. The list is RCU so the probe can walk it.
 */
struct eq_nic {
	struct list_head node;		/* on eq_nics: RTNL, or RCU to read */
	struct rcu_head rcu;
	struct net_device *dev;		/* NULL once unregistered */
	bool gone;			/* unregistered: drop at next pass */
	enum eq_why why;

	/* Facts: fixed for the life of the PCI function. */
	u16 vendor;
	u16 device;
	char pci[32];
	u8 perm_addr[ETH_ALEN];
	const struct eq_id *id;		/* table row, NULL if not listed */
	char label[32];			/* model, or vendor:device */

	/* The plan last acted on. */
	struct eq_plan plan;
	bool planned;

	/*
	 * Ledger: exactly what this module changed on the device, with the
	 * value it found before, so that restoring undoes only our changes.
	 */
	netdev_features_t cleared;	/* bits removed from wanted_features */
	netdev_features_t overridden;	/* bits userspace turned back on */
	bool tx_saved, rx_saved;	/* rings: we set them */
	u32 tx_orig, rx_orig;
	u32 tx_set, rx_set;
	bool eee_saved, eee_orig;	/* EEE: we turned it off */
	bool eee_unsupported;
	bool pause_saved;		/* flow control: we turned it off */
	struct eq_pause pause_orig;
	bool pause_unsupported;

	/* View, for sysfs, and the watchdog's inputs. */
	raw_spinlock_t lock;
	unsigned long watchdog_resets;	/* since we watch this NIC */
	u64 last_reset_ns;		/* boottime of the last, 0: none */
	enum eq_mode hang_mode;		/* mode in force, for the probe */
	u32 hang_threshold;
	unsigned long hang_base;	/* resets before the current plan */
	bool mitigated;			/* on-hang: threshold reached */
	u32 fixed_logged;		/* planned bits the driver keeps on,
					 * already logged
					 */

	char ifname[IFNAMSIZ];
	const char *matched_by;
	const char *mode;
	const char *state;
	char planned_str[EQ_FEATURES_STRLEN];
	char cleared_str[EQ_FEATURES_STRLEN];
	char off_str[EQ_FEATURES_STRLEN];	/* planned and off now */
	char last_error[128];
	char policy_str[48];		/* "default" or the nic= entry's key */
	char tx_ring_str[12], rx_ring_str[12];
	char tx_ring_orig_str[12], rx_ring_orig_str[12];
	char eee_str[12], eee_orig_str[12];
	char pause_str[12], pause_orig_str[24];

	struct eq_nic_kobj *kobj;	/* sysfs directory, NULL if none */

	/* Watchdog poll fallback, only touched by its work item. */
	unsigned long poll_seen;
	bool poll_started;
};

/* params.c */
void eq_config_snapshot(struct eq_config *cfg);
void eq_params_start(void);
void eq_params_stop(void);

/* reconcile.c */
void eq_nic_register(struct net_device *dev);
void eq_nic_event(struct net_device *dev, enum eq_why why);
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

/* ethtool.c */
int eq_eth_begin(struct net_device *dev);
void eq_eth_complete(struct net_device *dev);
void eq_eth_set_wanted(struct net_device *dev, netdev_features_t on,
		       netdev_features_t off);
int eq_eth_get_rings(struct net_device *dev, u32 *tx, u32 *rx);
int eq_eth_set_rings(struct net_device *dev, u32 tx, u32 rx);
int eq_eth_get_eee(struct net_device *dev, bool *enabled);
int eq_eth_set_eee(struct net_device *dev, bool enabled);
int eq_eth_get_pause(struct net_device *dev, struct eq_pause *p);
int eq_eth_set_pause(struct net_device *dev, const struct eq_pause *p);

/* sysfs.c */
int eq_sysfs_init(void);
void eq_sysfs_exit(void);
int eq_sysfs_add(struct eq_nic *nic);
void eq_sysfs_del(struct eq_nic *nic);

#endif /* E1000E_QUIRKS_EQ_H */
