// SPDX-License-Identifier: GPL-2.0
/*
 * e1000e_standin: the ethtool_ops that e1000e_quirks and its tests use,
 * with e1000e's semantics (drivers/net/ethernet/intel/e1000e/ethtool.c).
 */
#include <linux/linkmode.h>
#include <linux/pm_runtime.h>

#include "standin.h"

static void sd_get_drvinfo(struct net_device *netdev,
			   struct ethtool_drvinfo *info)
{
	struct sd_dev *sd = netdev_priv(netdev);

	strscpy(info->driver, "e1000e", sizeof(info->driver));
	strscpy(info->version, "standin", sizeof(info->version));
	strscpy(info->bus_info, pci_name(sd->pdev), sizeof(info->bus_info));
}

/*
 * e1000e's ethtool ops that touch the hardware resume the device first
 * (pm_runtime_get_sync() in e1000_set_ringparam(), e1000e_get_eee(), ...).
 * With self_resume=0 (34-standin-runtime-pm) these leave it to their
 * caller, so an access while suspended (hw_access_suspended) is the
 * caller's: a module that never resumes the NIC is caught.
 */
static void sd_op_resume(struct sd_dev *sd)
{
	if (sd_self_resume)
		pm_runtime_get_sync(&sd->pdev->dev);
}

static void sd_op_idle(struct sd_dev *sd)
{
	if (sd_self_resume)
		pm_runtime_put_sync(&sd->pdev->dev);
}

/* e1000_get_ringparam() */
static void sd_get_ringparam(struct net_device *netdev,
			     struct ethtool_ringparam *ring,
			     struct kernel_ethtool_ringparam *kring,
			     struct netlink_ext_ack *extack)
{
	struct sd_dev *sd = netdev_priv(netdev);

	ring->rx_max_pending = SD_MAX_DESC;
	ring->tx_max_pending = SD_MAX_DESC;
	ring->rx_pending = sd->rx_ring_count;
	ring->tx_pending = sd->tx_ring_count;
}

static u32 sd_ring_count(u32 want)
{
	return ALIGN(clamp_t(u32, want, SD_MIN_DESC, SD_MAX_DESC),
		     SD_DESC_MULTIPLE);
}

/*
 * e1000_set_ringparam(): no mini/jumbo rings; counts clamped to 64..4096
 * and rounded up to a multiple of 8; unchanged counts do nothing; a closed
 * interface just takes the new counts, a running one is brought down and
 * up with new rings (one carrier bounce).
 */
static int sd_set_ringparam(struct net_device *netdev,
			    struct ethtool_ringparam *ring,
			    struct kernel_ethtool_ringparam *kring,
			    struct netlink_ext_ack *extack)
{
	struct sd_dev *sd = netdev_priv(netdev);
	u32 tx, rx;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending)
		return -EINVAL;
	tx = sd_ring_count(ring->tx_pending);
	rx = sd_ring_count(ring->rx_pending);
	if (tx == sd->tx_ring_count && rx == sd->rx_ring_count)
		return 0;
	sd->tx_ring_count = tx;
	sd->rx_ring_count = rx;
	if (!netif_running(netdev))
		return 0;
	sd_op_resume(sd);
	sd_reinit(sd);
	sd_op_idle(sd);
	return 0;
}

/* e1000_get_pauseparam(): autoneg as set, rx/tx as resolved. */
static void sd_get_pauseparam(struct net_device *netdev,
			      struct ethtool_pauseparam *pause)
{
	struct sd_dev *sd = netdev_priv(netdev);

	pause->autoneg = sd->fc_autoneg ? AUTONEG_ENABLE : AUTONEG_DISABLE;
	pause->rx_pause = sd->fc_current == SD_FC_RX ||
			  sd->fc_current == SD_FC_FULL;
	pause->tx_pause = sd->fc_current == SD_FC_TX ||
			  sd->fc_current == SD_FC_FULL;
}

/*
 * e1000_set_pauseparam(): with autoneg on, rx/tx are ignored and the mode
 * is negotiated again (e1000_fc_default; QEMU's link partner resolves it
 * to full): reinit if running, reset if not. With autoneg off, rx/tx are
 * forced at once (e1000e_force_mac_fc), no link bounce, and the PHY keeps
 * its advertisement until the next reset (sd_setup_link()): a link-up
 * before that resolves flow control again (sd_link_work()).
 */
static int sd_set_pauseparam(struct net_device *netdev,
			     struct ethtool_pauseparam *pause)
{
	struct sd_dev *sd = netdev_priv(netdev);

	sd_op_resume(sd);
	sd->fc_autoneg = pause->autoneg == AUTONEG_ENABLE;
	if (sd->fc_autoneg) {
		sd->fc_requested = SD_FC_FULL;
		sd->fc_current = SD_FC_FULL;
		if (netif_running(netdev))
			sd_reinit(sd);
		else
			sd_reset(sd);
	} else {
		if (pause->rx_pause && pause->tx_pause)
			sd->fc_requested = SD_FC_FULL;
		else if (pause->rx_pause)
			sd->fc_requested = SD_FC_RX;
		else if (pause->tx_pause)
			sd->fc_requested = SD_FC_TX;
		else
			sd->fc_requested = SD_FC_NONE;
		sd->fc_current = sd->fc_requested;
		sd_hw_access(sd, "force flow control");
	}
	sd_op_idle(sd);
	return 0;
}

/*
 * e1000_nway_reset(): -EAGAIN on a closed interface, -EINVAL with speed
 * and duplex forced (never here), else e1000e_reinit_locked(): one carrier
 * bounce, the PHY advertising what e1000e_reset() took from the requested
 * mode.
 */
static int sd_nway_reset(struct net_device *netdev)
{
	struct sd_dev *sd = netdev_priv(netdev);

	if (!netif_running(netdev))
		return -EAGAIN;
	sd_op_resume(sd);
	sd_reinit(sd);
	sd_op_idle(sd);
	return 0;
}

/*
 * e1000e_get_eee(): -EOPNOTSUPP without FLAG2_HAS_EEE; supported and
 * advertised 100/1000 full; enabled = !eee_disable; Tx LPI always on; the
 * PHY is read, so the function is resumed first.
 */
#ifdef HAVE_ETHTOOL_KEEE
#define sd_eee ethtool_keee
static void sd_eee_modes(struct ethtool_keee *e, bool lp)
{
	linkmode_set_bit(ETHTOOL_LINK_MODE_100baseT_Full_BIT, e->supported);
	linkmode_set_bit(ETHTOOL_LINK_MODE_1000baseT_Full_BIT, e->supported);
	linkmode_copy(e->advertised, e->supported);
	if (lp)
		linkmode_copy(e->lp_advertised, e->supported);
}

static bool sd_eee_adv_ok(const struct ethtool_keee *e)
{
	__ETHTOOL_DECLARE_LINK_MODE_MASK(ok) = { };

	linkmode_set_bit(ETHTOOL_LINK_MODE_100baseT_Full_BIT, ok);
	linkmode_set_bit(ETHTOOL_LINK_MODE_1000baseT_Full_BIT, ok);
	return linkmode_subset(e->advertised, ok);
}
#else
#define sd_eee ethtool_eee
static void sd_eee_modes(struct ethtool_eee *e, bool lp)
{
	e->supported = SUPPORTED_100baseT_Full | SUPPORTED_1000baseT_Full;
	e->advertised = e->supported;
	if (lp)
		e->lp_advertised = e->supported;
}

static bool sd_eee_adv_ok(const struct ethtool_eee *e)
{
	return !(e->advertised &
		 ~(ADVERTISED_100baseT_Full | ADVERTISED_1000baseT_Full));
}
#endif

static int sd_get_eee(struct net_device *netdev, struct sd_eee *e)
{
	struct sd_dev *sd = netdev_priv(netdev);
	bool link = netif_carrier_ok(netdev);

	if (!sd->has_eee)
		return -EOPNOTSUPP;
	sd_op_resume(sd);
	sd_hw_access(sd, "EEE read");
	sd_eee_modes(e, link);
	e->eee_enabled = sd->eee_enabled;
	e->eee_active = sd->eee_enabled && link;
	e->tx_lpi_enabled = true;
	e->tx_lpi_timer = 0;
	sd_op_idle(sd);
	return 0;
}

/*
 * e1000e_set_eee(): Tx LPI and its timer cannot be changed, only 100/1000
 * full can be advertised; eee_disable is set and the link is
 * re-initialised: e1000e_reinit_locked() if running (one carrier bounce),
 * e1000e_reset() if not.
 */
static int sd_set_eee(struct net_device *netdev, struct sd_eee *e)
{
	struct sd_dev *sd = netdev_priv(netdev);
	struct sd_eee cur = { };
	int err;

	err = sd_get_eee(netdev, &cur);
	if (err)
		return err;
	if (cur.tx_lpi_enabled != e->tx_lpi_enabled) {
		netdev_err(netdev, "Setting EEE tx-lpi is not supported\n");
		return -EINVAL;
	}
	if (cur.tx_lpi_timer != e->tx_lpi_timer) {
		netdev_err(netdev, "Setting EEE Tx LPI timer is not supported\n");
		return -EINVAL;
	}
	if (!sd_eee_adv_ok(e)) {
		netdev_err(netdev, "EEE advertisement supports only 100TX and/or 1000T full-duplex\n");
		return -EINVAL;
	}
	sd_op_resume(sd);
	sd->eee_enabled = e->eee_enabled;
	if (netif_running(netdev))
		sd_reinit(sd);
	else
		sd_reset(sd);
	sd_op_idle(sd);
	return 0;
}

/* e1000e_priv_flags_strings[]: "disable-k1" since Linux 6.19 */
static const char sd_priv_strings[][ETH_GSTRING_LEN] = {
	"s0ix-enabled",
	"disable-k1",
};

static int sd_priv_count(struct sd_dev *sd)
{
	return sd->k1 == SD_K1_NONE ? 1 : ARRAY_SIZE(sd_priv_strings);
}

static int sd_get_sset_count(struct net_device *netdev, int sset)
{
	if (sset != ETH_SS_PRIV_FLAGS)
		return -EOPNOTSUPP;
	return sd_priv_count(netdev_priv(netdev));
}

static void sd_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_PRIV_FLAGS)
		memcpy(data, sd_priv_strings,
		       sd_priv_count(netdev_priv(netdev)) * ETH_GSTRING_LEN);
}

static u32 sd_get_priv_flags(struct net_device *netdev)
{
	struct sd_dev *sd = netdev_priv(netdev);

	return sd->priv_flags;
}

/*
 * e1000e_set_priv_flags(): disable-k1 is refused (-EINVAL) on parts older
 * than ich8lan; a change of it resets the hardware: e1000e_down() +
 * e1000e_up() if running (one carrier bounce), e1000e_reset() if not.
 * s0ix-enabled (pch_cnp and later, which this stand-in poses as) needs
 * no reset.
 */
static int sd_set_priv_flags(struct net_device *netdev, u32 flags)
{
	struct sd_dev *sd = netdev_priv(netdev);
	u32 changed;

	if (flags & ~GENMASK(sd_priv_count(sd) - 1, 0))
		return -EINVAL;
	if ((flags & SD_PRIV_DISABLE_K1) && sd->k1 == SD_K1_REJECT) {
		netdev_err(netdev, "Disabling K1 is not supported on this device\n");
		return -EINVAL;
	}
	changed = sd->priv_flags ^ flags;
	sd->priv_flags = flags;
	if (changed & SD_PRIV_DISABLE_K1) {
		if (netif_running(netdev))
			sd_reinit(sd);
		else
			sd_reset(sd);
	}
	return 0;
}

/*
 * e1000_get_coalesce(): rx-usecs is the mode (0..4) or 10^6 over the
 * stored rate.
 */
static int sd_get_coalesce(struct net_device *netdev,
			   struct ethtool_coalesce *ec,
			   struct kernel_ethtool_coalesce *kec,
			   struct netlink_ext_ack *extack)
{
	struct sd_dev *sd = netdev_priv(netdev);

	if (sd->itr_setting <= 4)
		ec->rx_coalesce_usecs = sd->itr_setting;
	else
		ec->rx_coalesce_usecs = 1000000 / sd->itr_setting;
	return 0;
}

/*
 * e1000_set_coalesce(): 0, 1, 3, 4 or 10..10000 rx-usecs; a number is
 * kept as the rate 10^6/usecs with its low two bits cleared, and written
 * to the ITR register (e1000e_write_itr()): no reset, no link bounce.
 */
static int sd_set_coalesce(struct net_device *netdev,
			   struct ethtool_coalesce *ec,
			   struct kernel_ethtool_coalesce *kec,
			   struct netlink_ext_ack *extack)
{
	struct sd_dev *sd = netdev_priv(netdev);
	u32 usecs = ec->rx_coalesce_usecs;

	if (usecs > SD_MAX_ITR_USECS ||
	    (usecs > 4 && usecs < SD_MIN_ITR_USECS) || usecs == 2)
		return -EINVAL;
	if (usecs <= 4)
		sd->itr_setting = usecs;
	else
		sd->itr_setting = (1000000 / usecs) & ~3;
	sd_op_resume(sd);
	sd_hw_access(sd, "write ITR");
	sd_op_idle(sd);
	return 0;
}

/*
 * e1000e_get_link_ksettings(): with carrier, the speed and duplex the link
 * came up with (here always 1000 full), else unknown.
 */
static int sd_get_link_ksettings(struct net_device *netdev,
				 struct ethtool_link_ksettings *ks)
{
	ethtool_link_ksettings_zero_link_mode(ks, supported);
	ks->base.port = PORT_TP;
	ks->base.autoneg = AUTONEG_ENABLE;
	if (netif_carrier_ok(netdev)) {
		ks->base.speed = SPEED_1000;
		ks->base.duplex = DUPLEX_FULL;
	} else {
		ks->base.speed = SPEED_UNKNOWN;
		ks->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

const struct ethtool_ops sd_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_RX_USECS,
	.get_drvinfo = sd_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = sd_get_link_ksettings,
	.get_ringparam = sd_get_ringparam,
	.set_ringparam = sd_set_ringparam,
	.nway_reset = sd_nway_reset,
	.get_pauseparam = sd_get_pauseparam,
	.set_pauseparam = sd_set_pauseparam,
	.get_eee = sd_get_eee,
	.set_eee = sd_set_eee,
	.get_coalesce = sd_get_coalesce,
	.set_coalesce = sd_set_coalesce,
	.get_sset_count = sd_get_sset_count,
	.get_strings = sd_get_strings,
	.get_priv_flags = sd_get_priv_flags,
	.set_priv_flags = sd_set_priv_flags,
};
