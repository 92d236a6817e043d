// SPDX-License-Identifier: GPL-2.0
/*
 * e1000e_quirks: turn off the offloads that make Intel 82579/I217/I218/I219
 * NICs (driver e1000e) hang, before the interface is first opened.
 *
 * This file: module init/exit and the netdevice notifier. The notifier
 * runs in process context under RTNL (it may sleep and allocate with
 * GFP_KERNEL). It records events for the reconciler, which acts from a
 * work item; only NETDEV_PRE_UP runs the reconciler's pass for that one
 * NIC right there, before the driver's ndo_open (reconcile.c). It never
 * vetoes an open.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "eq.h"

/* Autoload on hosts with an affected NIC. We never bind: e1000e does. */
static const struct pci_device_id eq_pci_ids[] = {
#define EQ_PCH_ID(dev, ...) { PCI_VDEVICE(INTEL, dev) },
#include <e1000e_quirks/ids.h>
#undef EQ_PCH_ID
	{ }
};
MODULE_DEVICE_TABLE(pci, eq_pci_ids);

/* The net device that e1000e registered for its own PCI function. */
static bool eq_is_e1000e(struct net_device *dev)
{
	struct device *parent = dev->dev.parent;

	return parent && dev_is_pci(parent) && parent->driver &&
		!strcmp(parent->driver->name, "e1000e") &&
		pci_get_drvdata(to_pci_dev(parent)) == dev;
}

static int eq_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event != NETDEV_UNREGISTER && !eq_is_e1000e(dev))
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_REGISTER:
		eq_nic_event(dev, EQ_WHY_REGISTER);
		break;
	case NETDEV_PRE_UP:
		eq_nic_pre_up(dev);
		break;
	case NETDEV_UP:
		eq_nic_event(dev, EQ_WHY_UP);
		break;
	case NETDEV_CHANGENAME:
		eq_nic_event(dev, EQ_WHY_RENAME);
		break;
	case NETDEV_CHANGE:
		/* Carrier or speed: what the hang record shows. */
		eq_nic_event(dev, EQ_WHY_LINK);
		break;
	case NETDEV_FEAT_CHANGE:
		eq_nic_event(dev, EQ_WHY_OVERRIDE);
		break;
	case NETDEV_UNREGISTER:
		eq_nic_unregister(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block eq_netdev_nb = {
	.notifier_call = eq_netdev_event,
};

static int __init eq_init(void)
{
	int err;

	eq_fault_init();
	err = eq_sysfs_init();
	if (err) {
		eq_fault_exit();
		return err;
	}
	eq_params_start();
	/* Replays REGISTER and UP for every existing device. */
	err = register_netdevice_notifier(&eq_netdev_nb);
	if (err) {
		eq_params_stop();
		eq_reconcile_unload();
		eq_reconcile_cancel();
		eq_sysfs_exit();
		eq_fault_exit();
		return err;
	}
	eq_watchdog_start();
	pr_info("version %s loaded\n", EQ_VERSION);
	return 0;
}

static void __exit eq_exit(void)
{
	eq_params_stop();
	eq_watchdog_stop();
	/* Restore what we changed while the notifier still tracks devices. */
	eq_reconcile_unload();
	unregister_netdevice_notifier(&eq_netdev_nb);
	eq_reconcile_cancel();
	eq_sysfs_exit();
	eq_fault_exit();
	pr_info("unloaded\n");
}

module_init(eq_init);
module_exit(eq_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Turn off offloads that hang Intel I219/I217/I218/82579 NICs (e1000e)");
MODULE_VERSION(EQ_VERSION);
MODULE_AUTHOR("e1000e-quirks developers");
