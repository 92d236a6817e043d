// SPDX-License-Identifier: GPL-2.0
/*
 * The reconciler: the one place that changes a NIC. Events (register, up,
 * rename, parameter writes, unload) only record their inputs and ask for a
 * pass; a pass runs in process context under RTNL, plans every NIC from the
 * current parameters and moves the device from what the ledger says this
 * module changed to what the plan wants.
 */
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "eq.h"

static LIST_HEAD(eq_nics);		/* under RTNL */
static bool eq_unloading;		/* under RTNL */
static bool eq_in_pass;			/* under RTNL: ignore our own events */
static struct eq_config eq_pass_cfg;	/* under RTNL: this pass's params */

static void eq_reconcile_fn(struct work_struct *work);
static DECLARE_WORK(eq_work, eq_reconcile_fn);

/* ethtool -K names to netdev feature bits, as ethtool itself maps them. */
static const netdev_features_t eq_feature_bits[EQ_F_COUNT] = {
	[EQ_F_TSO] = NETIF_F_ALL_TSO,
	[EQ_F_GSO] = NETIF_F_GSO,
	[EQ_F_GRO] = NETIF_F_GRO,
	[EQ_F_SG] = NETIF_F_SG,
	[EQ_F_TX] = NETIF_F_CSUM_MASK,
	[EQ_F_RX] = NETIF_F_RXCSUM,
	[EQ_F_RXVLAN] = NETIF_F_HW_VLAN_CTAG_RX,
	[EQ_F_TXVLAN] = NETIF_F_HW_VLAN_CTAG_TX,
};

static netdev_features_t eq_to_netdev(u32 features)
{
	netdev_features_t bits = 0;
	unsigned int i;

	for (i = 0; i < EQ_F_COUNT; i++)
		if (features & EQ_FBIT(i))
			bits |= eq_feature_bits[i];
	return bits;
}

static u32 eq_from_netdev(netdev_features_t bits)
{
	u32 features = 0;
	unsigned int i;

	for (i = 0; i < EQ_F_COUNT; i++)
		if (bits & eq_feature_bits[i])
			features |= EQ_FBIT(i);
	return features;
}

/* One line per decision: "eno1 (0000:00:1f.6, I219-V (7)): ..." */
static __printf(3, 4) void eq_nic_log(const struct eq_nic *nic, bool warn,
				      const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (warn)
		pr_warn("%s (%s, %s): %pV", nic->ifname, nic->pci, nic->label,
			&vaf);
	else
		pr_info("%s (%s, %s): %pV", nic->ifname, nic->pci, nic->label,
			&vaf);
	va_end(args);
}

#define eq_nic_info(nic, fmt, ...) eq_nic_log(nic, false, fmt, ##__VA_ARGS__)
#define eq_nic_warn(nic, fmt, ...) eq_nic_log(nic, true, fmt, ##__VA_ARGS__)

static struct eq_nic *eq_nic_find(const struct net_device *dev)
{
	struct eq_nic *nic;

	ASSERT_RTNL();
	list_for_each_entry(nic, &eq_nics, node)
		if (nic->dev == dev)
			return nic;
	return NULL;
}

static void eq_nic_set_ifname(struct eq_nic *nic, const char *name)
{
	spin_lock_bh(&nic->lock);
	strscpy(nic->ifname, name, sizeof(nic->ifname));
	spin_unlock_bh(&nic->lock);
}

void eq_reconcile_request(void)
{
	schedule_work(&eq_work);
}

/*
 * Called from the notifier (RTNL held, must not sleep) for a net device
 * owned by e1000e. Records the facts and asks for a pass.
 */
void eq_nic_register(struct net_device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev->dev.parent);
	struct eq_nic *nic;

	ASSERT_RTNL();
	if (eq_unloading)
		return;
	nic = eq_nic_find(dev);
	if (!nic) {
		nic = kzalloc(sizeof(*nic), GFP_ATOMIC);
		if (!nic)
			return;	/* the allocator said why; NIC left alone */
		spin_lock_init(&nic->lock);
		nic->dev = dev;
		nic->vendor = pdev->vendor;
		nic->device = pdev->device;
		strscpy(nic->pci, pci_name(pdev), sizeof(nic->pci));
		nic->id = eq_table_lookup(nic->vendor, nic->device);
		if (nic->id)
			strscpy(nic->label, nic->id->model, sizeof(nic->label));
		else
			scnprintf(nic->label, sizeof(nic->label), "%04x:%04x",
				  nic->vendor, nic->device);
		nic->matched_by = eq_match_name(EQ_MATCH_NONE);
		nic->mode = eq_mode_name(EQ_MODE_OFF);
		nic->state = "off";
		list_add_tail(&nic->node, &eq_nics);
	}
	/* New, or back from another network namespace under a new name. */
	eq_nic_set_ifname(nic, netdev_name(dev));
	nic->why = EQ_WHY_REGISTER;
	eq_reconcile_request();
}

void eq_nic_event(struct net_device *dev, enum eq_why why)
{
	struct eq_nic *nic;

	ASSERT_RTNL();
	if (eq_unloading || eq_in_pass)
		return;
	nic = eq_nic_find(dev);
	if (!nic)
		return;
	if (why == EQ_WHY_RENAME)
		eq_nic_set_ifname(nic, netdev_name(dev));
	nic->why = why;
	eq_reconcile_request();
}

void eq_nic_unregister(struct net_device *dev)
{
	struct eq_nic *nic;

	ASSERT_RTNL();
	nic = eq_nic_find(dev);
	if (!nic)
		return;
	/*
	 * A move to another network namespace also sends UNREGISTER, but the
	 * device stays registered: keep the ledger, REGISTER follows.
	 */
	if (dev->reg_state == NETREG_REGISTERED)
		return;
	/* The device goes away with its features: nothing left to restore. */
	nic->dev = NULL;
	nic->gone = true;
	eq_reconcile_request();
}

static void eq_nic_free(struct eq_nic *nic)
{
	list_del(&nic->node);
	eq_sysfs_del(nic);
	kfree(nic);
}

static void eq_set_view(struct eq_nic *nic, const char *state,
			const char *error)
{
	char planned[EQ_FEATURES_STRLEN], cleared[EQ_FEATURES_STRLEN];

	eq_format_features(nic->plan.features, ' ', planned, sizeof(planned));
	eq_format_features(eq_from_netdev(nic->cleared), ' ', cleared,
			   sizeof(cleared));

	spin_lock_bh(&nic->lock);
	nic->matched_by = eq_match_name(nic->plan.by);
	nic->mode = eq_mode_name(nic->plan.mode);
	nic->state = state;
	strscpy(nic->planned_str, planned, sizeof(nic->planned_str));
	strscpy(nic->cleared_str, cleared, sizeof(nic->cleared_str));
	strscpy(nic->last_error, error ? error : "", sizeof(nic->last_error));
	spin_unlock_bh(&nic->lock);
}

static bool eq_plan_changed(const struct eq_nic *nic, const struct eq_plan *p)
{
	return !nic->planned || nic->plan.by != p->by ||
		nic->plan.mode != p->mode || nic->plan.features != p->features;
}

/*
 * Change wanted_features the way ethtool -K does: one netdev_update_features
 * with the parent resumed (e1000e may touch the hardware for rx bits).
 */
static int eq_update_features(struct net_device *dev, netdev_features_t on,
			      netdev_features_t off)
{
	struct device *parent = dev->dev.parent;
	int err;

	err = pm_runtime_resume_and_get(parent);
	if (err < 0)
		return err;
	dev->wanted_features = (dev->wanted_features | on) & ~off;
	netdev_update_features(dev);
	pm_runtime_put(parent);
	return 0;
}

static void eq_reconcile_nic(struct eq_nic *nic, const struct eq_plan *plan)
{
	struct net_device *dev = nic->dev;
	netdev_features_t want_off = 0, back_on, restore, apply, stuck;
	char names[EQ_FEATURES_STRLEN], error[128] = "";
	const char *state;
	int err;

	if (eq_plan_changed(nic, plan)) {
		/* A new plan forgets what userspace overrode under the old. */
		nic->overridden = 0;
		nic->plan = *plan;
		nic->planned = true;
		if (plan->by != EQ_MATCH_NONE && plan->mode == EQ_MODE_MONITOR) {
			eq_format_features(plan->features, ' ', names,
					   sizeof(names));
			eq_nic_info(nic, "monitor mode: would turn off %s\n",
				    names[0] ? names : "nothing");
		}
	}
	if (plan->by != EQ_MATCH_NONE && plan->mode == EQ_MODE_ALWAYS)
		want_off = eq_to_netdev(plan->features);

	/* Bits we turned off that userspace turned back on: theirs now. */
	back_on = nic->cleared & dev->wanted_features;
	if (back_on) {
		nic->cleared &= ~back_on;
		nic->overridden |= back_on;
		eq_format_features(eq_from_netdev(back_on), ' ', names,
				   sizeof(names));
		eq_nic_info(nic, "%s turned back on by userspace; leaving it\n",
			    names);
	}

	restore = nic->cleared & ~want_off;
	apply = want_off & dev->hw_features & dev->wanted_features &
		~nic->overridden;
	if (restore || apply) {
		err = eq_update_features(dev, restore, apply);
		if (err) {
			scnprintf(error, sizeof(error),
				  "cannot resume device: %d", err);
			eq_nic_warn(nic, "%s\n", error);
		} else {
			nic->cleared = (nic->cleared & ~restore) | apply;
			if (apply) {
				eq_format_features(eq_from_netdev(apply), ' ',
						   names, sizeof(names));
				eq_nic_info(nic, "turned off %s\n", names);
			}
			if (restore) {
				eq_format_features(eq_from_netdev(restore), ' ',
						   names, sizeof(names));
				eq_nic_info(nic, "restored %s\n", names);
			}
		}
	}

	stuck = nic->cleared & dev->features;
	if (!error[0] && stuck) {
		eq_format_features(eq_from_netdev(stuck), ' ', names,
				   sizeof(names));
		scnprintf(error, sizeof(error), "driver kept %s on", names);
		eq_nic_warn(nic, "%s\n", error);
	}

	if (plan->by == EQ_MATCH_NONE)
		state = "off";
	else if (error[0])
		state = "error";
	else if (nic->overridden)
		state = "overridden";
	else if (plan->mode == EQ_MODE_MONITOR)
		state = "monitoring";
	else if (plan->mode == EQ_MODE_ON_HANG)
		state = "armed";
	else if (plan->mode == EQ_MODE_OFF)
		state = "off";
	else
		state = "applied";
	eq_set_view(nic, state, error[0] ? error : NULL);

	/* A directory for every matched NIC, none for the others. */
	if (plan->by != EQ_MATCH_NONE && !nic->kobj)
		eq_sysfs_add(nic);
	else if (plan->by == EQ_MATCH_NONE && nic->kobj)
		eq_sysfs_del(nic);
}

static void eq_reconcile_all(void)
{
	struct eq_nic *nic, *tmp;
	struct eq_plan plan;
	struct eq_facts facts;

	ASSERT_RTNL();
	eq_config_snapshot(&eq_pass_cfg);
	eq_in_pass = true;
	list_for_each_entry_safe(nic, tmp, &eq_nics, node) {
		if (nic->gone) {
			eq_nic_free(nic);
			continue;
		}
		facts = (struct eq_facts){
			.vendor = nic->vendor,
			.device = nic->device,
			.pci = nic->pci,
			.ifname = nic->ifname,
		};
		if (eq_unloading)
			memset(&plan, 0, sizeof(plan));
		else
			eq_plan_nic(&eq_pass_cfg, &facts, &plan);
		eq_reconcile_nic(nic, &plan);
		if (eq_unloading)
			eq_nic_free(nic);
	}
	eq_in_pass = false;
}

static void eq_reconcile_fn(struct work_struct *work)
{
	rtnl_lock();
	if (!eq_unloading)
		eq_reconcile_all();
	rtnl_unlock();
}

/* Module exit: restore everything this module changed, drop every NIC. */
void eq_reconcile_unload(void)
{
	rtnl_lock();
	eq_unloading = true;
	eq_reconcile_all();
	rtnl_unlock();
}

/* After the notifier is gone: no pass may run past module exit. */
void eq_reconcile_cancel(void)
{
	cancel_work_sync(&eq_work);
}
