// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's ethtool_ops, called the way net/ethtool/ioctl.c calls them:
 * process context, RTNL held, the parent device resumed, ops->begin and
 * ops->complete around the whole batch. Only the reconciler calls these.
 * Like ethtool's own set path, every successful set is announced to
 * `ethtool --monitor` (ETHTOOL_MSG_*_NTF); offload changes are announced
 * by the core's NETDEV_FEAT_CHANGE.
 */
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/netdevice.h>
#include <linux/pm_runtime.h>
#include <linux/rtnetlink.h>

#include "eq.h"

int eq_eth_begin(struct net_device *dev)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct device *parent = dev->dev.parent;
	int err;

	ASSERT_RTNL();
	/* Re-check: the device may be on its way out or suspended. */
	if (dev->reg_state != NETREG_REGISTERED || !netif_device_present(dev))
		return -ENODEV;
	err = pm_runtime_resume_and_get(parent);
	if (err < 0)
		return err;
	if (ops && ops->begin) {
		err = ops->begin(dev);
		if (err < 0) {
			pm_runtime_put(parent);
			return err;
		}
	}
	return 0;
}

void eq_eth_complete(struct net_device *dev)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;

	if (ops && ops->complete)
		ops->complete(dev);
	pm_runtime_put(dev->dev.parent);
}

/* Like ethtool -K: change wanted_features, let the core work out the rest. */
void eq_eth_set_wanted(struct net_device *dev, netdev_features_t on,
		       netdev_features_t off)
{
	dev->wanted_features = (dev->wanted_features | on) & ~off;
	netdev_update_features(dev);
}

int eq_eth_get_rings(struct net_device *dev, u32 *tx, u32 *rx)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct kernel_ethtool_ringparam kring = { };
	struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };

	if (!ops || !ops->get_ringparam || !ops->set_ringparam)
		return -EOPNOTSUPP;
	ops->get_ringparam(dev, &ring, &kring, NULL);
	*tx = ring.tx_pending;
	*rx = ring.rx_pending;
	return 0;
}

int eq_eth_set_rings(struct net_device *dev, u32 tx, u32 rx)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct kernel_ethtool_ringparam kring = { };
	struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };
	int err;

	if (!ops || !ops->get_ringparam || !ops->set_ringparam)
		return -EOPNOTSUPP;
	ops->get_ringparam(dev, &ring, &kring, NULL);
	if (tx > ring.tx_max_pending || rx > ring.rx_max_pending)
		return -EINVAL;
	ring.tx_pending = tx;
	ring.rx_pending = rx;
	err = ops->set_ringparam(dev, &ring, &kring, NULL);
	if (!err)
		eq_ethtool_notify(dev, ETHTOOL_MSG_RINGS_NTF);
	return err;
}

static int eq_eth_read_eee(struct net_device *dev, struct eq_ethtool_eee *eee)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;

	if (!ops || !ops->get_eee || !ops->set_eee)
		return -EOPNOTSUPP;
	return ops->get_eee(dev, eee);
}

int eq_eth_get_eee(struct net_device *dev, bool *enabled)
{
	struct eq_ethtool_eee eee = { };
	int err = eq_eth_read_eee(dev, &eee);

	if (!err)
		*enabled = eee.eee_enabled;
	return err;
}

/* Flip only eee_enabled: e1000e refuses changes to the LPI settings. */
int eq_eth_set_eee(struct net_device *dev, bool enabled)
{
	struct eq_ethtool_eee eee = { };
	int err = eq_eth_read_eee(dev, &eee);

	if (err)
		return err;
	eee.eee_enabled = enabled;
	err = dev->ethtool_ops->set_eee(dev, &eee);
	if (!err)
		eq_ethtool_notify(dev, ETHTOOL_MSG_EEE_NTF);
	return err;
}

int eq_eth_get_pause(struct net_device *dev, struct eq_pause *p)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_pauseparam pp = { .cmd = ETHTOOL_GPAUSEPARAM };

	if (!ops || !ops->get_pauseparam || !ops->set_pauseparam)
		return -EOPNOTSUPP;
	ops->get_pauseparam(dev, &pp);
	p->autoneg = pp.autoneg;
	p->rx = pp.rx_pause;
	p->tx = pp.tx_pause;
	return 0;
}

/*
 * e1000e ignores rx/tx while pause autoneg is on, so "off" means autoneg
 * off too; it then forces the MAC without a reset.
 */
int eq_eth_set_pause(struct net_device *dev, const struct eq_pause *p)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_pauseparam pp = {
		.cmd = ETHTOOL_SPAUSEPARAM,
		.autoneg = p->autoneg,
		.rx_pause = p->rx,
		.tx_pause = p->tx,
	};

	int err;

	if (!ops || !ops->set_pauseparam)
		return -EOPNOTSUPP;
	err = ops->set_pauseparam(dev, &pp);
	if (!err)
		eq_ethtool_notify(dev, ETHTOOL_MSG_PAUSE_NTF);
	return err;
}
