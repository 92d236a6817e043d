// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/e1000e_quirks/<PCI address>/: one read-only value per file,
 * what the module decided for each matched NIC. A directory exists exactly
 * while the reconciler considers the NIC matched.
 *
 * Show functions take only the NIC's view lock, never RTNL: the reconciler
 * removes directories under RTNL, and removal waits for readers.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "eq.h"

struct eq_nic_kobj {
	struct kobject kobj;
	struct eq_nic *nic;
};

static struct kobject *eq_root;

static struct eq_nic *to_nic(struct kobject *kobj)
{
	return container_of(kobj, struct eq_nic_kobj, kobj)->nic;
}

#define EQ_SHOW(_name, _fmt, ...)					\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	struct eq_nic *nic = to_nic(kobj);				\
	ssize_t len;							\
									\
	spin_lock_bh(&nic->lock);					\
	len = sysfs_emit(buf, _fmt "\n", ##__VA_ARGS__);		\
	spin_unlock_bh(&nic->lock);					\
	return len;							\
}									\
static struct kobj_attribute _name##_attr = __ATTR_RO(_name)

EQ_SHOW(ifname, "%s", nic->ifname);
EQ_SHOW(pci_id, "%04x:%04x", nic->vendor, nic->device);
EQ_SHOW(model, "%s", nic->id ? nic->id->model : "unknown");
EQ_SHOW(family, "%s", nic->id ? nic->id->family : "unknown");
EQ_SHOW(matched_by, "%s", nic->matched_by);
EQ_SHOW(mode, "%s", nic->mode);
EQ_SHOW(state, "%s", nic->state);
EQ_SHOW(features_planned, "%s", nic->planned_str);
EQ_SHOW(features_cleared, "%s", nic->cleared_str);
EQ_SHOW(watchdog_resets, "%lu", nic->watchdog_resets);
EQ_SHOW(last_error, "%s", nic->last_error);

static struct attribute *eq_nic_attrs[] = {
	&ifname_attr.attr,
	&pci_id_attr.attr,
	&model_attr.attr,
	&family_attr.attr,
	&matched_by_attr.attr,
	&mode_attr.attr,
	&state_attr.attr,
	&features_planned_attr.attr,
	&features_cleared_attr.attr,
	&watchdog_resets_attr.attr,
	&last_error_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(eq_nic);

static void eq_nic_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct eq_nic_kobj, kobj));
}

static const struct kobj_type eq_nic_ktype = {
	.release = eq_nic_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = eq_nic_groups,
};

int eq_sysfs_add(struct eq_nic *nic)
{
	struct eq_nic_kobj *k;
	int err;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->nic = nic;
	err = kobject_init_and_add(&k->kobj, &eq_nic_ktype, eq_root, "%s",
				   nic->pci);
	if (err) {
		pr_warn("%s: cannot create sysfs directory: %d\n", nic->pci,
			err);
		kobject_put(&k->kobj);
		return err;
	}
	nic->kobj = k;
	return 0;
}

/* Returns once no reader can reach @nic through sysfs. */
void eq_sysfs_del(struct eq_nic *nic)
{
	struct eq_nic_kobj *k = nic->kobj;

	if (!k)
		return;
	nic->kobj = NULL;
	kobject_del(&k->kobj);
	kobject_put(&k->kobj);
}

int eq_sysfs_init(void)
{
	eq_root = kobject_create_and_add(KBUILD_MODNAME, kernel_kobj);
	return eq_root ? 0 : -ENOMEM;
}

void eq_sysfs_exit(void)
{
	kobject_put(eq_root);
}
