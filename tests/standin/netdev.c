// SPDX-License-Identifier: GPL-2.0
/*
 * e1000e_standin: net_device_ops, the link, the TX watchdog and the reset
 * task. Frames are counted and dropped; only the control surface and the
 * watchdog matter here.
 */
#include <linux/etherdevice.h>
#include <linux/pm_runtime.h>
#include <linux/rtnetlink.h>

#include "standin.h"

/*
 * Hardware is touched only while the PCI function is powered: e1000e's own
 * ethtool operations resume it (pm_runtime_get_sync) before they do. Count
 * any access that finds it suspended; the tests want 0.
 */
void sd_hw_access(struct sd_dev *sd, const char *what)
{
	if (!pm_runtime_suspended(&sd->pdev->dev))
		return;
	sd->hw_access_suspended++;
	netdev_warn(sd->netdev, "%s while runtime-suspended\n", what);
}

/*
 * e1000e_setup_link_generic() -> e1000_phy_setup_autoneg() (phy.c): the
 * PHY advertises pause from hw->fc.current_mode: none advertises neither
 * PAUSE nor ASM_DIR, rx_pause and full (and the default, resolved to
 * full) both, tx_pause ASM_DIR only.
 */
void sd_setup_link(struct sd_dev *sd)
{
	sd->adv_pause = sd->fc_current == SD_FC_RX ||
			sd->fc_current == SD_FC_FULL;
	sd->adv_asym = sd->fc_current != SD_FC_NONE;
}

/*
 * e1000e_reset() (netdev.c): "fc->current_mode = fc->requested_mode",
 * then mac.ops.init_hw() -> setup_link() advertises it.
 */
static void sd_reset_hw(struct sd_dev *sd)
{
	sd_hw_access(sd, "reset");
	sd->fc_current = sd->fc_requested;
	sd_setup_link(sd);
}

/*
 * e1000e_config_fc_after_link_up() (mac.c), at every link-up with the
 * link autonegotiated (whatever the pause autoneg): flow control resolved
 * again from both ends' advertisements, IEEE 802.3 Annex 28B, e1000e's
 * table. The far end here advertises PAUSE and ASM_DIR, as QEMU's e1000e
 * PHY does (PHY_LP_ABILITY) and most switches: a PHY still advertising
 * pause resolves to rx (or full when full was requested), whatever was
 * forced since; one advertising none resolves to none.
 */
static void sd_fc_after_link_up(struct sd_dev *sd)
{
	const bool lp_pause = true, lp_asym = true;

	if (sd->adv_pause && lp_pause)
		sd->fc_current = sd->fc_requested == SD_FC_FULL ? SD_FC_FULL :
				 SD_FC_RX;
	else if (!sd->adv_pause && sd->adv_asym && lp_pause && lp_asym)
		sd->fc_current = SD_FC_TX;
	else if (sd->adv_pause && sd->adv_asym && !lp_pause && lp_asym)
		sd->fc_current = SD_FC_RX;
	else
		sd->fc_current = SD_FC_NONE;
}

/*
 * e1000e_reinit_locked() on a running interface: e1000e_down() (queue
 * stopped, carrier off, e1000e_reset()) then e1000e_up(); the link comes
 * back from the link-change interrupt via e1000_watchdog_task(), here
 * link_ms later.
 */
void sd_reinit(struct sd_dev *sd)
{
	struct net_device *netdev = sd->netdev;

	sd_reset_hw(sd);
	sd->resets++;
	netif_stop_queue(netdev);
	netif_carrier_off(netdev);
	mod_delayed_work(system_wq, &sd->link_work,
			 msecs_to_jiffies(sd_link_ms));
}

/* e1000e_reset() on a closed interface: no link, so nothing bounces. */
void sd_reset(struct sd_dev *sd)
{
	sd_reset_hw(sd);
}

/*
 * The far end of the cable goes away and comes back (a switch port flap):
 * no reset of ours; e1000_msix_other() sees the link-change cause, and
 * e1000_watchdog_task() takes the carrier down, then up again link_ms
 * later, resolving flow control there (debugfs "flap").
 */
void sd_flap(struct sd_dev *sd)
{
	if (!netif_running(sd->netdev))
		return;
	netif_carrier_off(sd->netdev);
	mod_delayed_work(system_wq, &sd->link_work,
			 msecs_to_jiffies(sd_link_ms));
}

/*
 * e1000_watchdog_task(), link up: e1000e_check_for_copper_link() ->
 * e1000e_config_fc_after_link_up(), then wake the queue, carrier on.
 */
void sd_link_work(struct work_struct *work)
{
	struct sd_dev *sd = container_of(to_delayed_work(work), struct sd_dev,
					 link_work);

	if (!netif_running(sd->netdev))
		return;
	sd_fc_after_link_up(sd);
	netif_wake_queue(sd->netdev);
	netif_carrier_on(sd->netdev);
}

/* e1000_reset_task(): under RTNL, skipped when down, then reinit. */
void sd_reset_task(struct work_struct *work)
{
	struct sd_dev *sd = container_of(work, struct sd_dev, reset_task);

	rtnl_lock();
	if (netif_running(sd->netdev)) {
		netdev_err(sd->netdev, "Reset adapter unexpectedly\n");
		sd_reinit(sd);
	}
	rtnl_unlock();
}

/* For the tests: what the device looked like when ndo_open ran. */
static void sd_record_open(struct sd_dev *sd)
{
	netdev_features_t f = sd->netdev->features;

	snprintf(sd->open_seen, sizeof(sd->open_seen),
		 "tso=%s sg=%s tx=%s tx_ring=%u rx_ring=%u eee=%s pause=%s k1=%s itr=%u",
		 f & NETIF_F_TSO ? "on" : "off", f & NETIF_F_SG ? "on" : "off",
		 f & NETIF_F_HW_CSUM ? "on" : "off", sd->tx_ring_count,
		 sd->rx_ring_count, sd->eee_enabled ? "on" : "off",
		 sd->fc_autoneg ? "autoneg" :
		 sd->fc_requested == SD_FC_NONE ? "off" : "forced",
		 sd->priv_flags & SD_PRIV_DISABLE_K1 ? "off" : "on",
		 sd->itr_setting);
}

/* e1000e_open(): powered for the duration, queue started, link later. */
static int sd_open(struct net_device *netdev)
{
	struct sd_dev *sd = netdev_priv(netdev);
	struct device *dev = &sd->pdev->dev;

	sd_record_open(sd);
	pm_runtime_get_sync(dev);
	/*
	 * e1000e_power_up_phy() -> mac.ops.setup_link():
	 * e1000e_setup_link_generic() takes current_mode from requested_mode
	 */
	sd->fc_current = sd->fc_requested;
	sd_setup_link(sd);
	netif_carrier_off(netdev);
	netif_start_queue(netdev);
	mod_delayed_work(system_wq, &sd->link_work,
			 msecs_to_jiffies(sd_link_ms));
	pm_runtime_put(dev);
	return 0;
}

/* e1000e_close(): down, then let runtime PM suspend the link-less NIC. */
static int sd_stop(struct net_device *netdev)
{
	struct sd_dev *sd = netdev_priv(netdev);
	struct device *dev = &sd->pdev->dev;

	pm_runtime_get_sync(dev);
	cancel_delayed_work_sync(&sd->link_work);
	netif_stop_queue(netdev);
	netif_carrier_off(netdev);
	pm_runtime_put_sync(dev);
	return 0;
}

/*
 * e1000_xmit_frame(). While debugfs "hang" is not 0 the descriptor is never
 * written back: the queue stays stopped, as when e1000e's ring is full of
 * unfinished descriptors, and the kernel's netdev watchdog fires after
 * watchdog_timeo. Each TX timeout counts "hang" down, so writing N gives
 * exactly N resets in a row; writing 0 stops new stalls (a ring already
 * stalled still gets its reset).
 */
static netdev_tx_t sd_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct sd_dev *sd = netdev_priv(netdev);

	if (READ_ONCE(sd->hang)) {
		netif_stop_queue(netdev);
		atomic64_inc(&sd->tx_dropped);
	} else {
		atomic64_inc(&sd->tx_packets);
		atomic64_add(skb->len, &sd->tx_bytes);
	}
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* e1000_tx_timeout(): count, and leave the reset to the reset task. */
static void sd_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct sd_dev *sd = netdev_priv(netdev);
	u32 hang = READ_ONCE(sd->hang);

	if (hang)
		WRITE_ONCE(sd->hang, hang - 1);
	sd->tx_timeout_count++;
	schedule_work(&sd->reset_task);
}

/*
 * e1000_fix_features(): "no support for separate Rx/Tx vlan accel", so TX
 * VLAN always follows RX VLAN, whatever was asked for.
 */
static netdev_features_t sd_fix_features(struct net_device *netdev,
					 netdev_features_t features)
{
	if (features & NETIF_F_HW_VLAN_CTAG_RX)
		features |= NETIF_F_HW_VLAN_CTAG_TX;
	else
		features &= ~NETIF_F_HW_VLAN_CTAG_TX;
	return features;
}

/*
 * e1000_set_features(): RX-side changes (VLAN, checksum, hash, FCS, all)
 * reprogram the hardware: reinit if running (one carrier bounce), reset
 * if not; returns 1 because it sets netdev->features itself. TX offload
 * changes need nothing from the hardware.
 */
static int sd_set_features(struct net_device *netdev,
			   netdev_features_t features)
{
	struct sd_dev *sd = netdev_priv(netdev);
	netdev_features_t changed = features ^ netdev->features;

	if (!(changed & (NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX |
			 NETIF_F_RXCSUM | NETIF_F_RXHASH | NETIF_F_RXFCS |
			 NETIF_F_RXALL)))
		return 0;
	netdev->features = features;
	if (netif_running(netdev))
		sd_reinit(sd);
	else
		sd_reset(sd);
	return 1;
}

/* e1000_vlan_rx_{add,kill}_vid(): the VLAN filter table (not modelled). */
static int sd_vlan_rx_vid(struct net_device *netdev, __be16 proto, u16 vid)
{
	return 0;
}

static void sd_get_stats64(struct net_device *netdev,
			   struct rtnl_link_stats64 *stats)
{
	struct sd_dev *sd = netdev_priv(netdev);

	stats->tx_packets = atomic64_read(&sd->tx_packets);
	stats->tx_bytes = atomic64_read(&sd->tx_bytes);
	stats->tx_dropped = atomic64_read(&sd->tx_dropped);
}

const struct net_device_ops sd_netdev_ops = {
	.ndo_open = sd_open,
	.ndo_stop = sd_stop,
	.ndo_start_xmit = sd_start_xmit,
	.ndo_tx_timeout = sd_tx_timeout,
	.ndo_fix_features = sd_fix_features,
	.ndo_set_features = sd_set_features,
	.ndo_get_stats64 = sd_get_stats64,
	.ndo_vlan_rx_add_vid = sd_vlan_rx_vid,
	.ndo_vlan_rx_kill_vid = sd_vlan_rx_vid,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};
