// SPDX-License-Identifier: GPL-2.0
/*
 * e1000e_standin: the PCI driver, its parameters, runtime PM and debugfs.
 *
 * Registers a PCI driver named "e1000e" for QEMU's 82574L (8086:10d3), so
 * the real e1000e must not be loaded, and creates one net device per
 * function, set up the way e1000_probe() (netdev.c) sets up an I219.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/pm_runtime.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>

#include "standin.h"

static char *eee = "all";
module_param(eee, charp, 0444);
MODULE_PARM_DESC(eee, "PCI functions with EEE (FLAG2_HAS_EEE), comma-separated, or all/none (default: all)");

static char *tso_fixed_off = "none";
module_param(tso_fixed_off, charp, 0444);
MODULE_PARM_DESC(tso_fixed_off, "PCI functions that come up with TSO off and not in hw_features, as pch_spt since Linux 6.3 (default: none)");

static char *k1 = "off";
module_param(k1, charp, 0444);
MODULE_PARM_DESC(k1, "disable-k1 private flag: none (not offered), off (default off), on (default on, pch_mtp+), reject (offered, -EINVAL: older than ich8lan) (default: off)");

static char *runtime_pm = "all";
module_param(runtime_pm, charp, 0444);
MODULE_PARM_DESC(runtime_pm, "PCI functions that take part in runtime PM once power/control is auto (default: all)");

unsigned int sd_watchdog_ms = 500;
module_param_named(watchdog_ms, sd_watchdog_ms, uint, 0444);
MODULE_PARM_DESC(watchdog_ms, "netdev watchdog_timeo in ms (e1000e: 5000) (default: 500)");

unsigned int sd_link_ms = 100;
module_param_named(link_ms, sd_link_ms, uint, 0644);
MODULE_PARM_DESC(link_ms, "time from open or reset to carrier on, in ms (default: 100)");

bool sd_open_at_register;
module_param_named(open_at_register, sd_open_at_register, bool, 0444);
MODULE_PARM_DESC(open_at_register, "Open each net device in the RTNL section that registers it, as a userspace that wins the race to the first open (default: 0)");

static unsigned int suspend_ms = 200;
module_param(suspend_ms, uint, 0644);
MODULE_PARM_DESC(suspend_ms, "runtime suspend delay with no link, in ms (e1000e: 5000) (default: 200)");

bool sd_self_resume = true;
module_param_named(self_resume, sd_self_resume, bool, 0444);
MODULE_PARM_DESC(self_resume, "ethtool ops resume the device themselves, as e1000e's do; 0: the caller must (default: 1)");

static struct dentry *sd_debugfs;

/* A comma-separated list of PCI names (with or without the domain). */
static bool sd_listed(const char *list, struct pci_dev *pdev)
{
	const char *name = pci_name(pdev);
	const char *p = list;
	size_t len;

	if (!strcmp(list, "all"))
		return true;
	while (*p) {
		len = strcspn(p, ",");
		if ((len == strlen(name) && !strncmp(p, name, len)) ||
		    (len == strlen(name) - 5 && !strncmp(p, name + 5, len)))
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static int sd_parse_k1(enum sd_k1 *out)
{
	static const char * const names[] = {
		[SD_K1_NONE] = "none", [SD_K1_OFF] = "off",
		[SD_K1_ON] = "on", [SD_K1_REJECT] = "reject",
	};
	int i = match_string(names, ARRAY_SIZE(names), k1);

	if (i < 0)
		return -EINVAL;
	*out = i;
	return 0;
}

/* The permanent MAC QEMU put in the receive address registers (RAL0/RAH0). */
static void sd_read_mac(struct pci_dev *pdev, struct net_device *netdev)
{
	void __iomem *hw;
	u8 addr[ETH_ALEN];
	u32 ral, rah;

	if (pci_enable_device_mem(pdev))
		goto random;
	hw = pci_ioremap_bar(pdev, 0);
	if (!hw) {
		pci_disable_device(pdev);
		goto random;
	}
	ral = ioread32(hw + 0x5400);
	rah = ioread32(hw + 0x5404);
	iounmap(hw);
	pci_disable_device(pdev);
	addr[0] = ral;
	addr[1] = ral >> 8;
	addr[2] = ral >> 16;
	addr[3] = ral >> 24;
	addr[4] = rah;
	addr[5] = rah >> 8;
	if (is_valid_ether_addr(addr)) {
		eth_hw_addr_set(netdev, addr);
		return;
	}
random:
	eth_hw_addr_random(netdev);
}

static int sd_open_seen_show(struct seq_file *m, void *v)
{
	struct sd_dev *sd = m->private;

	seq_printf(m, "%s\n", sd->open_seen);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sd_open_seen);

/* Any write: the far end flaps the link (sd_flap()). */
static ssize_t sd_flap_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct sd_dev *sd = file->private_data;

	rtnl_lock();
	sd_flap(sd);
	rtnl_unlock();
	return count;
}

static const struct file_operations sd_flap_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sd_flap_write,
	.llseek = noop_llseek,
};

static void sd_debugfs_init(struct sd_dev *sd)
{
	sd->ddir = debugfs_create_dir(pci_name(sd->pdev), sd_debugfs);
	debugfs_create_u32("hang", 0600, sd->ddir, &sd->hang);
	debugfs_create_u32("tx_timeout_count", 0400, sd->ddir,
			   &sd->tx_timeout_count);
	debugfs_create_u32("resets", 0400, sd->ddir, &sd->resets);
	debugfs_create_u32("rpm_suspends", 0400, sd->ddir, &sd->rpm_suspends);
	debugfs_create_u32("rpm_resumes", 0400, sd->ddir, &sd->rpm_resumes);
	debugfs_create_u32("hw_access_suspended", 0400, sd->ddir,
			   &sd->hw_access_suspended);
	debugfs_create_file("open_seen", 0400, sd->ddir, sd,
			    &sd_open_seen_fops);
	debugfs_create_file("flap", 0200, sd->ddir, sd, &sd_flap_fops);
}

/*
 * e1000_probe(): feature set, TSO fixed off on pch_spt (6.3+),
 * default rings, flow control autoneg, EEE on where supported, disable-k1
 * on by default from pch_mtp, and runtime PM handed to the PM core with
 * pm_runtime_put_noidle() where the device can wake.
 */
static int sd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct net_device *netdev;
	struct sd_dev *sd;
	enum sd_k1 k1_mode;
	int err;

	err = sd_parse_k1(&k1_mode);
	if (err) {
		dev_err(&pdev->dev, "k1=%s: want none, off, on or reject\n", k1);
		return err;
	}
	netdev = alloc_etherdev(sizeof(*sd));
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, &pdev->dev);
	sd = netdev_priv(netdev);
	sd->netdev = netdev;
	sd->pdev = pdev;
	sd->has_eee = sd_listed(eee, pdev);
	sd->tso_fixed_off = sd_listed(tso_fixed_off, pdev);
	sd->k1 = k1_mode;
	sd->eee_enabled = sd->has_eee;
	sd->fc_autoneg = true;
	sd->fc_requested = SD_FC_FULL;	/* e1000_fc_default, resolved */
	sd->fc_current = SD_FC_FULL;
	sd_setup_link(sd);
	sd->tx_ring_count = SD_DEFAULT_DESC;
	sd->rx_ring_count = SD_DEFAULT_DESC;
	sd->itr_setting = SD_DEFAULT_ITR;
	if (k1_mode == SD_K1_ON)
		sd->priv_flags |= SD_PRIV_DISABLE_K1;
	INIT_DELAYED_WORK(&sd->link_work, sd_link_work);
	INIT_WORK(&sd->reset_task, sd_reset_task);

	netdev->netdev_ops = &sd_netdev_ops;
	netdev->ethtool_ops = &sd_ethtool_ops;
	netdev->watchdog_timeo = msecs_to_jiffies(sd_watchdog_ms);
	strscpy(netdev->name, "eth%d", sizeof(netdev->name));
	sd_read_mac(pdev, netdev);

	netdev->features = NETIF_F_SG | NETIF_F_HW_VLAN_CTAG_RX |
			   NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_TSO |
			   NETIF_F_TSO6 | NETIF_F_RXHASH | NETIF_F_RXCSUM |
			   NETIF_F_HW_CSUM;
	if (sd->tso_fixed_off)
		netdev->features &= ~(NETIF_F_TSO | NETIF_F_TSO6);
	netdev->hw_features = netdev->features | NETIF_F_RXFCS | NETIF_F_RXALL;
	netdev->priv_flags |= IFF_SUPP_NOFCS;
	netdev->features |= NETIF_F_HW_VLAN_CTAG_FILTER;
	netdev->vlan_features |= NETIF_F_SG | NETIF_F_HW_CSUM;
	if (!sd->tso_fixed_off)
		netdev->vlan_features |= NETIF_F_TSO | NETIF_F_TSO6;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = 9018 - ETH_HLEN - ETH_FCS_LEN;

	/* e1000_probe(): the net device is the PCI function's drvdata */
	pci_set_drvdata(pdev, netdev);
	netif_carrier_off(netdev);
	if (sd_open_at_register) {
		/*
		 * The first open wins every race: nobody can take RTNL between
		 * the registration and the open.
		 */
		rtnl_lock();
		err = register_netdevice(netdev);
		if (!err && dev_open(netdev, NULL))
			netdev_warn(netdev, "open at register failed\n");
		rtnl_unlock();
	} else {
		err = register_netdev(netdev);
	}
	if (err) {
		pci_set_drvdata(pdev, NULL);
		free_netdev(netdev);
		return err;
	}
	sd_debugfs_init(sd);
	/* Without this the PCI core's probe-time reference keeps it on. */
	if (sd_listed(runtime_pm, pdev))
		pm_runtime_put_noidle(&pdev->dev);
	return 0;
}

/* e1000_remove(): take back the runtime PM reference, then tear down. */
static void sd_remove(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct sd_dev *sd = netdev_priv(netdev);

	if (sd_listed(runtime_pm, pdev))
		pm_runtime_get_noresume(&pdev->dev);
	debugfs_remove_recursive(sd->ddir);
	unregister_netdev(netdev);	/* ndo_stop cancels link_work */
	cancel_work_sync(&sd->reset_task);
	cancel_delayed_work_sync(&sd->link_work);
	pci_set_drvdata(pdev, NULL);
	free_netdev(netdev);
}

/*
 * e1000e_pm_runtime_idle(): with no link, suspend after a delay (5 s in
 * e1000e); never let the PM core suspend at once.
 */
static int sd_runtime_idle(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);

	if (netdev && !netif_carrier_ok(netdev))
		pm_schedule_suspend(dev, suspend_ms);
	return -EBUSY;
}

/*
 * e1000e_pm_runtime_suspend() / _resume(): nothing to save here. A link
 * that came up since the suspend was scheduled keeps the NIC on.
 */
static int sd_runtime_suspend(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);
	struct sd_dev *sd = netdev_priv(netdev);

	if (netif_carrier_ok(netdev))
		return -EBUSY;
	sd->rpm_suspends++;
	return 0;
}

static int sd_runtime_resume(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);
	struct sd_dev *sd = netdev_priv(netdev);

	sd->rpm_resumes++;
	return 0;
}

static const struct dev_pm_ops sd_pm_ops = {
	.runtime_suspend = sd_runtime_suspend,
	.runtime_resume = sd_runtime_resume,
	.runtime_idle = sd_runtime_idle,
};

/* No MODULE_DEVICE_TABLE: never autoloaded, only insmod'ed by the tests. */
static const struct pci_device_id sd_pci_ids[] = {
	{ PCI_VDEVICE(INTEL, 0x10d3) },		/* 82574L, QEMU's e1000e */
	{ }
};

static struct pci_driver sd_driver = {
	.name = "e1000e",	/* what e1000e_quirks looks for */
	.id_table = sd_pci_ids,
	.probe = sd_probe,
	.remove = sd_remove,
	.driver.pm = &sd_pm_ops,
};

static int __init sd_init(void)
{
	enum sd_k1 k1_mode;
	int err;

	if (sd_parse_k1(&k1_mode)) {
		pr_err("k1=%s: want none, off, on or reject\n", k1);
		return -EINVAL;
	}
	sd_debugfs = debugfs_create_dir("e1000e_standin", NULL);
	err = pci_register_driver(&sd_driver);
	if (err)
		debugfs_remove_recursive(sd_debugfs);
	return err;
}

static void __exit sd_exit(void)
{
	pci_unregister_driver(&sd_driver);
	debugfs_remove_recursive(sd_debugfs);
}

module_init(sd_init);
module_exit(sd_exit);
MODULE_DESCRIPTION("Test-only stand-in for e1000e on QEMU's 82574L");
MODULE_LICENSE("GPL");
