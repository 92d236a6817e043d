/* SPDX-License-Identifier: GPL-2.0 */
/*
 * e1000e_standin: a test-only stand-in for e1000e on QEMU's 82574L that
 * behaves like the I219s e1000e_quirks exists for (see README.md here).
 * Behaviour is mirrored from drivers/net/ethernet/intel/e1000e/, never
 * copied; each function names the e1000e function it mirrors.
 */
#ifndef E1000E_STANDIN_H
#define E1000E_STANDIN_H

#include <linux/debugfs.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

/* e1000.h: E1000_{MIN,MAX}_{TX,RX}D, REQ_{TX,RX}_DESCRIPTOR_MULTIPLE */
#define SD_MIN_DESC		64
#define SD_MAX_DESC		4096
#define SD_DESC_MULTIPLE	8
#define SD_DEFAULT_DESC		256

/* e1000.h: E1000_{MIN,MAX}_ITR_USECS; param.c: InterruptThrottleRate 3 */
#define SD_MIN_ITR_USECS	10
#define SD_MAX_ITR_USECS	10000
#define SD_DEFAULT_ITR		3

/* e1000e_priv_flags_strings[] order (ethtool.c) */
#define SD_PRIV_S0IX		BIT(0)
#define SD_PRIV_DISABLE_K1	BIT(1)

/* How the part treats disable-k1 (module parameter k1=). */
enum sd_k1 {
	SD_K1_NONE,	/* e1000e before the flag existed: not offered */
	SD_K1_OFF,	/* ich8lan .. pch_lnp: offered, off by default */
	SD_K1_ON,	/* pch_mtp and later: on by default */
	SD_K1_REJECT,	/* older than ich8lan (82574L): offered, -EINVAL */
};

/* hw->fc.current_mode in e1000e */
enum sd_fc {
	SD_FC_NONE,
	SD_FC_RX,
	SD_FC_TX,
	SD_FC_FULL,
};

struct sd_dev {
	struct net_device *netdev;
	struct pci_dev *pdev;

	/* what this part is (module parameters at probe) */
	bool has_eee;
	bool tso_fixed_off;
	enum sd_k1 k1;

	/* "hardware" state */
	bool eee_enabled;	/* !hw->dev_spec.ich8lan.eee_disable */
	bool fc_autoneg;	/* adapter->fc_autoneg */
	enum sd_fc fc_requested;
	enum sd_fc fc_current;
	/* the PHY's MII_ADVERTISE pause bits, set at reset and open */
	bool adv_pause;		/* ADVERTISE_PAUSE_CAP */
	bool adv_asym;		/* ADVERTISE_PAUSE_ASYM */
	u32 tx_ring_count;
	u32 rx_ring_count;
	u32 priv_flags;
	u32 itr_setting;	/* adapter->itr_setting: 0..4 a mode, else
				 * interrupts/s with the low bits clear
				 */

	/* TX, link and the reset task */
	u32 hang;		/* debugfs: TX watchdog resets still to cause */
	struct delayed_work link_work;
	struct work_struct reset_task;
	atomic64_t tx_packets, tx_bytes, tx_dropped;

	/* counters for the tests (debugfs) */
	u32 tx_timeout_count;	/* adapter->tx_timeout_count */
	u32 resets;		/* reinit: down + up */
	u32 rpm_suspends;
	u32 rpm_resumes;
	u32 hw_access_suspended;	/* must stay 0 */
	/* what ndo_open found, the last time (debugfs open_seen) */
	char open_seen[160];

	struct dentry *ddir;
};

/* module parameters (main.c) */
extern unsigned int sd_watchdog_ms;
extern unsigned int sd_link_ms;
extern bool sd_open_at_register;
extern bool sd_self_resume;

/* netdev.c */
extern const struct net_device_ops sd_netdev_ops;
void sd_reinit(struct sd_dev *sd);
void sd_reset(struct sd_dev *sd);
void sd_reset_task(struct work_struct *work);
void sd_link_work(struct work_struct *work);
void sd_setup_link(struct sd_dev *sd);
void sd_flap(struct sd_dev *sd);
void sd_hw_access(struct sd_dev *sd, const char *what);

/* ethtool.c */
extern const struct ethtool_ops sd_ethtool_ops;

#endif
