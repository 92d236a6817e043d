// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's ethtool_ops, called the way net/ethtool/ioctl.c calls them:
 * process context, RTNL held, the parent device resumed, ops->begin and
 * ops->complete around the whole batch. Only the reconciler calls these.
 * Like ethtool's own set path, every successful set is announced to
 * `ethtool --monitor` (ETHTOOL_MSG_*_NTF); offload changes are announced
 * by the core's NETDEV_FEAT_CHANGE.
 *
 * Every step that touches the device is one function here, and begins
 * with eq_fault() so that the debug-kernel tests (tests/vm scenario 39)
 * make each fail in turn (src/fault.c); outside test builds that is
 * nothing.
 */
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/netdevice.h>
#include <linux/pm_runtime.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "eq.h"

/* Wake the device as ethtool_get_phc_vclocks()/dev_ethtool() do. */
int eq_eth_resume(struct net_device *dev)
{
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = pm_runtime_resume_and_get(dev->dev.parent);
	return err < 0 ? err : 0;
}

int eq_eth_ops_begin(struct net_device *dev)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	int err = 0;

	if (eq_fault(__func__))
		return -EIO;
	if (ops && ops->begin)
		err = ops->begin(dev);
	return err < 0 ? err : 0;
}

/* On failure *@what names the step that failed. */
int eq_eth_begin(struct net_device *dev, const char **what)
{
	int err;

	ASSERT_RTNL();
	/* Re-check: the device may be on its way out or suspended. */
	*what = "device gone";
	if (dev->reg_state != NETREG_REGISTERED || !netif_device_present(dev))
		return -ENODEV;
	*what = "runtime resume";
	err = eq_eth_resume(dev);
	if (err)
		return err;
	*what = "ethtool begin";
	err = eq_eth_ops_begin(dev);
	if (err)
		pm_runtime_put(dev->dev.parent);
	return err;
}

void eq_eth_complete(struct net_device *dev)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;

	if (ops && ops->complete)
		ops->complete(dev);
	pm_runtime_put(dev->dev.parent);
}

/* Like ethtool -K: change wanted_features, let the core work out the rest. */
int eq_eth_set_wanted(struct net_device *dev, netdev_features_t on,
		      netdev_features_t off)
{
	if (eq_fault(__func__))
		return -EIO;
	dev->wanted_features = (dev->wanted_features | on) & ~off;
	netdev_update_features(dev);
	return 0;
}

static int eq_eth_read_rings(struct net_device *dev,
			     struct ethtool_ringparam *ring,
			     struct kernel_ethtool_ringparam *kring)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;

	if (!ops || !ops->get_ringparam || !ops->set_ringparam)
		return -EOPNOTSUPP;
	ring->cmd = ETHTOOL_GRINGPARAM;
	ops->get_ringparam(dev, ring, kring, NULL);
	return 0;
}

/* v[0] TX descriptors, v[1] RX. */
static int eq_eth_get_rings(struct net_device *dev, struct eq_tun_val *v)
{
	struct kernel_ethtool_ringparam kring = { };
	struct ethtool_ringparam ring = { };
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = eq_eth_read_rings(dev, &ring, &kring);
	if (err)
		return err;
	v->v[0] = ring.tx_pending;
	v->v[1] = ring.rx_pending;
	return 0;
}

static int eq_eth_set_rings(struct net_device *dev, const struct eq_tun_val *v)
{
	struct kernel_ethtool_ringparam kring = { };
	struct ethtool_ringparam ring = { };
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = eq_eth_read_rings(dev, &ring, &kring);
	if (err)
		return err;
	if (v->v[0] > ring.tx_max_pending || v->v[1] > ring.rx_max_pending)
		return -EINVAL;
	ring.tx_pending = v->v[0];
	ring.rx_pending = v->v[1];
	err = dev->ethtool_ops->set_ringparam(dev, &ring, &kring, NULL);
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

/* v[0]: 1 if EEE is enabled. */
static int eq_eth_get_eee(struct net_device *dev, struct eq_tun_val *v)
{
	struct eq_ethtool_eee eee = { };
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = eq_eth_read_eee(dev, &eee);
	if (!err)
		v->v[0] = !!eee.eee_enabled;
	return err;
}

/* Flip only eee_enabled: e1000e refuses changes to the LPI settings. */
static int eq_eth_set_eee(struct net_device *dev, const struct eq_tun_val *v)
{
	struct eq_ethtool_eee eee = { };
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = eq_eth_read_eee(dev, &eee);
	if (err)
		return err;
	eee.eee_enabled = !!v->v[0];
	err = dev->ethtool_ops->set_eee(dev, &eee);
	if (!err)
		eq_ethtool_notify(dev, ETHTOOL_MSG_EEE_NTF);
	return err;
}

/* v[0]: EQ_PAUSE_* bits. */
static int eq_eth_get_pause(struct net_device *dev, struct eq_tun_val *v)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_pauseparam pp = { .cmd = ETHTOOL_GPAUSEPARAM };

	if (eq_fault(__func__))
		return -EIO;
	if (!ops || !ops->get_pauseparam || !ops->set_pauseparam)
		return -EOPNOTSUPP;
	ops->get_pauseparam(dev, &pp);
	v->v[0] = (pp.autoneg ? EQ_PAUSE_AUTONEG : 0) |
		(pp.rx_pause ? EQ_PAUSE_RX : 0) |
		(pp.tx_pause ? EQ_PAUSE_TX : 0);
	return 0;
}

/*
 * e1000e ignores rx/tx while pause autoneg is on, so "off" means autoneg
 * off too; it then forces the MAC without a reset (e1000_set_pauseparam()
 * sets hw->fc.requested_mode and current_mode, e1000e_force_mac_fc()),
 * and the PHY keeps advertising PAUSE and ASM_DIR: at the next link-up,
 * e1000e_config_fc_after_link_up() resolves flow control again from both
 * ends' advertisements (RX pause with QEMU's and most switches). So on a
 * running interface the link is renegotiated once, as `ethtool -r` does
 * (e1000_nway_reset(): e1000e_reinit_locked(), whose e1000e_reset() takes
 * current_mode from requested_mode and whose e1000_phy_setup_autoneg()
 * then advertises no pause for e1000_fc_none): from then on every link-up
 * resolves what was forced. Closed, nothing to do: the open's
 * e1000e_power_up_phy() sets the link up from requested_mode. Speed and
 * duplex forced (-EINVAL from nway_reset): no autonegotiation, no
 * resolution, the forced mode holds. Pause autoneg on (a restore) makes
 * e1000e renegotiate by itself.
 */
static int eq_eth_set_pause(struct net_device *dev, const struct eq_tun_val *v)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_pauseparam pp = {
		.cmd = ETHTOOL_SPAUSEPARAM,
		.autoneg = !!(v->v[0] & EQ_PAUSE_AUTONEG),
		.rx_pause = !!(v->v[0] & EQ_PAUSE_RX),
		.tx_pause = !!(v->v[0] & EQ_PAUSE_TX),
	};
	int err;

	if (eq_fault(__func__))
		return -EIO;
	if (!ops || !ops->set_pauseparam)
		return -EOPNOTSUPP;
	err = ops->set_pauseparam(dev, &pp);
	if (err)
		return err;
	eq_ethtool_notify(dev, ETHTOOL_MSG_PAUSE_NTF);
	/*
	 * Its failure leaves the forced mode in force until a link-up
	 * resolves it again, which the next pass reads back.
	 */
	if (!pp.autoneg && netif_running(dev) && ops->nway_reset)
		ops->nway_reset(dev);
	return 0;
}

#define EQ_PRIV_FLAG_K1_OFF	"disable-k1"

/*
 * The bit of a private flag, found by name as `ethtool --set-priv-flags`
 * finds it; -EOPNOTSUPP where the driver has no such flag (e1000e before
 * 6.19, "e1000e: Introduce private flag to disable K1").
 */
static int eq_eth_priv_flag(struct net_device *dev, const char *name)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	int n, i, bit = -EOPNOTSUPP;
	u8 *strings;

	if (!ops || !ops->get_sset_count || !ops->get_strings ||
	    !ops->get_priv_flags || !ops->set_priv_flags)
		return -EOPNOTSUPP;
	n = ops->get_sset_count(dev, ETH_SS_PRIV_FLAGS);
	if (n <= 0 || n > 32)
		return -EOPNOTSUPP;
	strings = kcalloc(n, ETH_GSTRING_LEN, GFP_KERNEL);
	if (!strings)
		return -ENOMEM;
	ops->get_strings(dev, ETH_SS_PRIV_FLAGS, strings);
	for (i = 0; i < n; i++)
		if (!strncmp(strings + i * ETH_GSTRING_LEN, name,
			     ETH_GSTRING_LEN))
			bit = i;
	kfree(strings);
	return bit;
}

/* v[0]: 1 if disable-k1 is set (K1 off). */
static int eq_eth_get_k1(struct net_device *dev, struct eq_tun_val *v)
{
	int bit;

	if (eq_fault(__func__))
		return -EIO;
	bit = eq_eth_priv_flag(dev, EQ_PRIV_FLAG_K1_OFF);
	if (bit < 0)
		return bit;
	v->v[0] = !!(dev->ethtool_ops->get_priv_flags(dev) & BIT(bit));
	return 0;
}

/*
 * e1000e_set_priv_flags() refuses disable-k1 below ich8lan with -EINVAL,
 * and returns the same -EINVAL for s0ix-enabled below pch_cnp; a change
 * of disable-k1 resets the adapter (e1000e_down()/e1000e_up() when
 * running: one link bounce). So the flag is read back: in force as asked
 * is success; not in force after -EINVAL, the driver refused K1 itself
 * only if the flags as they are now are taken again (a write that changes
 * nothing, so no reset): then -EOPNOTSUPP, "refused for this part".
 * Otherwise the -EINVAL was about something else: an error, returned.
 */
static int eq_eth_set_k1(struct net_device *dev, const struct eq_tun_val *v)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	u32 flags, now;
	int bit, err;

	if (eq_fault(__func__))
		return -EIO;
	bit = eq_eth_priv_flag(dev, EQ_PRIV_FLAG_K1_OFF);
	if (bit < 0)
		return bit;
	flags = ops->get_priv_flags(dev) & ~BIT(bit);
	if (v->v[0])
		flags |= BIT(bit);
	err = ops->set_priv_flags(dev, flags);
	now = ops->get_priv_flags(dev);
	if (!!(now & BIT(bit)) == !!v->v[0]) {
		if (!err)
			eq_ethtool_notify(dev, ETHTOOL_MSG_PRIVFLAGS_NTF);
		return err;
	}
	if (!err)
		return -EOPNOTSUPP;	/* taken, yet not in force */
	if (err != -EINVAL || ops->set_priv_flags(dev, now))
		return err;
	return -EOPNOTSUPP;
}

/*
 * Interrupt coalescing as ethtool -C rx-usecs sets it (ethtool_set_coalesce()
 * in net/ethtool/ioctl.c): the driver's current values, rx_coalesce_usecs
 * changed, and only where the driver declares it supports rx-usecs
 * (supported_coalesce_params, checked by the core before every set).
 * e1000e: e1000_set_coalesce() writes the ITR register (e1000e_write_itr()),
 * no reset: no link bounce, running or not.
 */
static int eq_eth_read_coalesce(struct net_device *dev,
				struct ethtool_coalesce *ec,
				struct kernel_ethtool_coalesce *kec)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;

	if (!ops || !ops->get_coalesce || !ops->set_coalesce ||
	    !(ops->supported_coalesce_params & ETHTOOL_COALESCE_RX_USECS))
		return -EOPNOTSUPP;
	ec->cmd = ETHTOOL_GCOALESCE;
	return ops->get_coalesce(dev, ec, kec, NULL);
}

/* v[0]: rx-usecs. */
static int eq_eth_get_coalesce(struct net_device *dev, struct eq_tun_val *v)
{
	struct kernel_ethtool_coalesce kec = { };
	struct ethtool_coalesce ec = { };
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = eq_eth_read_coalesce(dev, &ec, &kec);
	if (!err)
		v->v[0] = ec.rx_coalesce_usecs;
	return err;
}

static int eq_eth_set_coalesce(struct net_device *dev,
			       const struct eq_tun_val *v)
{
	struct kernel_ethtool_coalesce kec = { };
	struct ethtool_coalesce ec = { };
	int err;

	if (eq_fault(__func__))
		return -EIO;
	err = eq_eth_read_coalesce(dev, &ec, &kec);
	if (err)
		return err;
	ec.cmd = ETHTOOL_SCOALESCE;
	ec.rx_coalesce_usecs = v->v[0];
	err = dev->ethtool_ops->set_coalesce(dev, &ec, &kec, NULL);
	if (!err)
		eq_ethtool_notify(dev, ETHTOOL_MSG_COALESCE_NTF);
	return err;
}

/* The device side of every tunable of the list (tunables.h). */
#define EQ_KIND(...)
#define EQ_TUNABLE(TUN, key, ...)					\
	[EQ_TUN_##TUN] = {						\
		.get = eq_eth_get_##key,				\
		.set = eq_eth_set_##key,				\
	},
#define EQ_FIELD(...)
const struct eq_tunable eq_tunables[EQ_TUN_COUNT] = {
#include <e1000e_quirks/tunable_list.h>
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD

/* Speed (Mb/s, -1 unknown) and duplex of the link, for the hang record. */
void eq_eth_link(struct net_device *dev, int *speed, u8 *duplex)
{
	struct ethtool_link_ksettings ks = { };

	*speed = -1;
	*duplex = DUPLEX_UNKNOWN;
	if (!netif_carrier_ok(dev) || __ethtool_get_link_ksettings(dev, &ks))
		return;
	if (ks.base.speed != SPEED_UNKNOWN)
		*speed = ks.base.speed;
	*duplex = ks.base.duplex;
}
