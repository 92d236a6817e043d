// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/e1000e_quirks/<PCI address>/: one read-only value per file,
 * what the module decided for each matched NIC. A directory exists exactly
 * while the reconciler considers the NIC matched.
 *
 * Show functions take only the NIC's view lock, never RTNL: the reconciler
 * removes directories under RTNL, and removal waits for readers.
 */
#include <linux/ethtool.h>
#include <linux/kernfs.h>
#include <linux/kobject.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "eq.h"

static struct kobject *eq_root;

/*
 * The NIC whose directory @kobj is (RCU read lock held). The directories
 * are plain kobject_create_and_add() kobjects: their release is the
 * kernel's, not code of this module, so a release that runs late (as with
 * CONFIG_DEBUG_KOBJECT_RELEASE) after rmmod runs no freed code. A show
 * call runs only while the directory exists: kobject_del() waits for it.
 */
static struct eq_nic *eq_nic_of(struct kobject *kobj)
{
	struct eq_nic *nic;

	list_for_each_entry_rcu(nic, eq_nic_list(), node)
		if (READ_ONCE(nic->kobj) == kobj)
			return nic;
	return NULL;
}

enum eq_attr_id {
	EQ_ATTR_IFNAME,
	EQ_ATTR_PCI_ID,
	EQ_ATTR_SUBSYS,
	EQ_ATTR_MODEL,
	EQ_ATTR_FAMILY,
	EQ_ATTR_MATCHED_BY,
	EQ_ATTR_MODE,
	EQ_ATTR_STATE,
	EQ_ATTR_FEATURES_PLANNED,
	EQ_ATTR_FEATURES_CLEARED,
	EQ_ATTR_FEATURES_OFF,
	EQ_ATTR_WATCHDOG_RESETS,
	EQ_ATTR_LAST_ERROR,
	EQ_ATTR_POLICY,
	EQ_ATTR_LAST_RESET,
	EQ_ATTR_STEP,
	EQ_ATTR_RESETS_AT_STEP,
	EQ_ATTR_HANGS,
	EQ_ATTR_LADDER,
	/* the tunables' files: value, then _orig, per enum eq_field */
	EQ_ATTR_FIELD,
	EQ_ATTR_FIELD_ORIG = EQ_ATTR_FIELD + EQ_FLD_COUNT,
	EQ_ATTR_COUNT = EQ_ATTR_FIELD_ORIG + EQ_FLD_COUNT,
};

struct eq_attr {
	struct kobj_attribute attr;
	int id;				/* enum eq_attr_id */
};

static const char *eq_duplex_name(u8 duplex)
{
	return duplex == DUPLEX_FULL ? "full" :
		duplex == DUPLEX_HALF ? "half" : "unknown";
}

/* The hang records as sysfs hangs shows them, copied under the lock. */
struct eq_hangs_copy {
	unsigned long n;			/* hangs_n */
	struct eq_hang h[EQ_HANGS];
};

/*
 * One line per reset, oldest first, from @c: formatted after the raw lock
 * is dropped (on PREEMPT_RT too, nothing is formatted with preemption off
 * but the short one-value files).
 */
static ssize_t eq_show_hangs(const struct eq_hangs_copy *c, char *buf)
{
	unsigned long i = c->n > EQ_HANGS ? c->n - EQ_HANGS : 0;
	const struct eq_hang *h;
	ssize_t len = 0;

	for (; i < c->n; i++) {
		h = &c->h[i % EQ_HANGS];
		len += sysfs_emit_at(buf, len, "%lld step=%u %s ", h->time,
				     h->step, h->remedies);
		if (h->speed >= 0)
			len += sysfs_emit_at(buf, len, "speed=%d", h->speed);
		else
			len += sysfs_emit_at(buf, len, "speed=-");
		len += sysfs_emit_at(buf, len, " duplex=%s\n",
				     eq_duplex_name(h->duplex));
	}
	return len;
}

/* sysfs hangs: the records copied under the lock, formatted after it. */
static ssize_t eq_show_hangs_of(struct kobject *kobj, char *buf)
{
	struct eq_hangs_copy *c;
	struct eq_nic *nic;
	ssize_t len;

	/* allocated before the RCU read section: may sleep */
	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	rcu_read_lock();
	nic = eq_nic_of(kobj);
	if (!nic) {
		rcu_read_unlock();
		kfree(c);
		return -ENODEV;
	}
	raw_spin_lock_bh(&nic->lock);
	c->n = nic->view.hangs_n;
	memcpy(c->h, nic->view.hangs, sizeof(c->h));
	raw_spin_unlock_bh(&nic->lock);
	rcu_read_unlock();
	len = eq_show_hangs(c, buf);
	kfree(c);
	return len;
}

/* "3 2 0": resets while each step was the last in force, 0 to now. */
static ssize_t eq_show_resets_at_step(const struct eq_nic *nic, char *buf)
{
	unsigned int i, last = nic->view.step;
	ssize_t len = 0;

	for (i = 0; i < EQ_STEP_COUNT; i++)
		if (nic->view.resets_at_step[i] && i > last)
			last = i;
	for (i = 0; i <= last; i++)
		len += sysfs_emit_at(buf, len, "%s%lu", i ? " " : "",
				     nic->view.resets_at_step[i]);
	return len + sysfs_emit_at(buf, len, "\n");
}

static ssize_t eq_nic_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int id = container_of(attr, struct eq_attr, attr)->id;
	const struct eq_id *row;
	struct eq_nic *nic;
	ssize_t len = -EIO;

	if (id == EQ_ATTR_HANGS)
		return eq_show_hangs_of(kobj, buf);
	rcu_read_lock();
	nic = eq_nic_of(kobj);
	if (!nic) {
		rcu_read_unlock();
		return -ENODEV;
	}
	row = nic->facts.id;
	raw_spin_lock_bh(&nic->lock);
	if (id >= EQ_ATTR_FIELD_ORIG) {
		len = sysfs_emit(buf, "%s\n",
				 nic->view.fld_orig_str[id - EQ_ATTR_FIELD_ORIG]);
		goto out;
	}
	if (id >= EQ_ATTR_FIELD) {
		len = sysfs_emit(buf, "%s\n", nic->view.fld_str[id - EQ_ATTR_FIELD]);
		goto out;
	}
	switch (id) {
	case EQ_ATTR_IFNAME:
		len = sysfs_emit(buf, "%s\n", nic->view.ifname);
		break;
	case EQ_ATTR_PCI_ID:
		len = sysfs_emit(buf, "%04x:%04x\n", nic->facts.vendor, nic->facts.device);
		break;
	case EQ_ATTR_SUBSYS:
		len = sysfs_emit(buf, "%04x:%04x\n", nic->facts.subvendor,
				 nic->facts.subdevice);
		break;
	case EQ_ATTR_MODEL:
		len = sysfs_emit(buf, "%s\n", row ? row->model : "unknown");
		break;
	case EQ_ATTR_FAMILY:
		len = sysfs_emit(buf, "%s\n", row ? eq_id_family(row) : "unknown");
		break;
	case EQ_ATTR_MATCHED_BY:
		len = sysfs_emit(buf, "%s\n", nic->view.matched_by);
		break;
	case EQ_ATTR_MODE:
		len = sysfs_emit(buf, "%s\n", nic->view.mode);
		break;
	case EQ_ATTR_STATE:
		len = sysfs_emit(buf, "%s\n", nic->view.state);
		break;
	case EQ_ATTR_FEATURES_PLANNED:
		len = sysfs_emit(buf, "%s\n", nic->view.planned_str);
		break;
	case EQ_ATTR_FEATURES_CLEARED:
		len = sysfs_emit(buf, "%s\n", nic->view.cleared_str);
		break;
	case EQ_ATTR_FEATURES_OFF:
		len = sysfs_emit(buf, "%s\n", nic->view.off_str);
		break;
	case EQ_ATTR_WATCHDOG_RESETS:
		len = sysfs_emit(buf, "%lu\n", nic->view.watchdog_resets);
		break;
	case EQ_ATTR_LAST_ERROR:
		len = sysfs_emit(buf, "%s\n", nic->view.last_error);
		break;
	case EQ_ATTR_POLICY:
		len = sysfs_emit(buf, "%s\n", nic->view.policy_str);
		break;
	case EQ_ATTR_LAST_RESET:
		/* Seconds since boot, empty if none. */
		if (nic->view.last_reset_ns) {
			u32 ns;
			u64 sec = div_u64_rem(nic->view.last_reset_ns,
					      NSEC_PER_SEC, &ns);

			len = sysfs_emit(buf, "%llu.%03u\n", sec,
					 ns / (u32)NSEC_PER_MSEC);
		} else {
			len = sysfs_emit(buf, "\n");
		}
		break;
	case EQ_ATTR_STEP:
		len = sysfs_emit(buf, "%u\n", nic->view.step);
		break;
	case EQ_ATTR_RESETS_AT_STEP:
		len = eq_show_resets_at_step(nic, buf);
		break;
	case EQ_ATTR_LADDER:
		len = sysfs_emit(buf, "%s\n", nic->view.ladder_str);
		break;
	default:
		break;
	}
out:
	raw_spin_unlock_bh(&nic->lock);
	rcu_read_unlock();
	return len;
}

#define EQ_ATTR(_name, _id)						\
	static struct eq_attr eq_attr_##_name = {			\
		.attr = __ATTR(_name, 0444, eq_nic_show, NULL),		\
		.id = _id,						\
	}

EQ_ATTR(ifname, EQ_ATTR_IFNAME);
EQ_ATTR(pci_id, EQ_ATTR_PCI_ID);
EQ_ATTR(subsys, EQ_ATTR_SUBSYS);
EQ_ATTR(model, EQ_ATTR_MODEL);
EQ_ATTR(family, EQ_ATTR_FAMILY);
EQ_ATTR(matched_by, EQ_ATTR_MATCHED_BY);
EQ_ATTR(mode, EQ_ATTR_MODE);
EQ_ATTR(state, EQ_ATTR_STATE);
EQ_ATTR(features_planned, EQ_ATTR_FEATURES_PLANNED);
EQ_ATTR(features_cleared, EQ_ATTR_FEATURES_CLEARED);
EQ_ATTR(features_off, EQ_ATTR_FEATURES_OFF);
EQ_ATTR(watchdog_resets, EQ_ATTR_WATCHDOG_RESETS);
EQ_ATTR(last_error, EQ_ATTR_LAST_ERROR);
EQ_ATTR(policy, EQ_ATTR_POLICY);
EQ_ATTR(last_reset, EQ_ATTR_LAST_RESET);
EQ_ATTR(step, EQ_ATTR_STEP);
EQ_ATTR(resets_at_step, EQ_ATTR_RESETS_AT_STEP);
EQ_ATTR(hangs, EQ_ATTR_HANGS);
EQ_ATTR(ladder, EQ_ATTR_LADDER);
/* Each tunable field's pair of files, <name> and <name>_orig (the list). */
#define EQ_KIND(...)
#define EQ_TUNABLE(...)
#define EQ_FIELD(FLD, name_, ...)					\
	[EQ_FLD_##FLD] = {						\
		.attr = {						\
			.attr = { .name = #name_, .mode = 0444 },	\
			.show = eq_nic_show,				\
		},							\
		.id = EQ_ATTR_FIELD + EQ_FLD_##FLD,			\
	},
static struct eq_attr eq_fld_attrs[EQ_FLD_COUNT] = {
#include <e1000e_quirks/tunable_list.h>
};

#undef EQ_FIELD
#define EQ_FIELD(FLD, name_, ...)					\
	[EQ_FLD_##FLD] = {						\
		.attr = {						\
			.attr = { .name = #name_ "_orig", .mode = 0444 }, \
			.show = eq_nic_show,				\
		},							\
		.id = EQ_ATTR_FIELD_ORIG + EQ_FLD_##FLD,		\
	},
static struct eq_attr eq_fld_orig_attrs[EQ_FLD_COUNT] = {
#include <e1000e_quirks/tunable_list.h>
};

#undef EQ_KIND
#undef EQ_TUNABLE
#undef EQ_FIELD

/* The files every NIC directory has before the tunables' (eq_nic_attrs). */
#define EQ_FIXED_ATTRS	19

static struct attribute *eq_nic_attrs[EQ_FIXED_ATTRS + 2 * EQ_FLD_COUNT + 1] = {
	&eq_attr_ifname.attr.attr,
	&eq_attr_pci_id.attr.attr,
	&eq_attr_subsys.attr.attr,
	&eq_attr_model.attr.attr,
	&eq_attr_family.attr.attr,
	&eq_attr_matched_by.attr.attr,
	&eq_attr_mode.attr.attr,
	&eq_attr_state.attr.attr,
	&eq_attr_features_planned.attr.attr,
	&eq_attr_features_cleared.attr.attr,
	&eq_attr_features_off.attr.attr,
	&eq_attr_watchdog_resets.attr.attr,
	&eq_attr_last_error.attr.attr,
	&eq_attr_policy.attr.attr,
	&eq_attr_last_reset.attr.attr,
	&eq_attr_step.attr.attr,
	&eq_attr_resets_at_step.attr.attr,
	&eq_attr_hangs.attr.attr,
	&eq_attr_ladder.attr.attr,
	/* then the tunables' files, filled in by eq_sysfs_init() */
};
ATTRIBUTE_GROUPS(eq_nic);

/*
 * Injectable (scenario 39): a NIC without a directory gets one next pass;
 * the caller logs a failure once per distinct error. A directory of that
 * name still there (a NIC of the same address not yet dropped) is -EEXIST
 * without asking kobject_add(), which would dump a stack at every pass.
 */
noinline int eq_sysfs_add(struct eq_nic *nic)
{
	struct kernfs_node *kn;
	struct kobject *k;
	int err;

	if (eq_fault(__func__))
		return -ENOMEM;
	kn = kernfs_find_and_get(eq_root->sd, nic->facts.pci);
	if (kn) {
		kernfs_put(kn);
		return -EEXIST;
	}
	k = kobject_create_and_add(nic->facts.pci, eq_root);
	if (!k)
		return -ENOMEM;
	WRITE_ONCE(nic->kobj, k);
	err = sysfs_create_groups(k, eq_nic_groups);
	if (err)
		eq_sysfs_del(nic);
	return err;
}

/* Returns once no reader can reach @nic through sysfs. */
void eq_sysfs_del(struct eq_nic *nic)
{
	struct kobject *k = nic->kobj;

	if (!k)
		return;
	kobject_del(k);			/* waits for running show calls */
	WRITE_ONCE(nic->kobj, NULL);
	kobject_put(k);
}

/* /sys/kernel/e1000e_quirks/watchdog_source: tracepoint or poll. */
static ssize_t watchdog_source_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", eq_watchdog_source());
}

static struct kobj_attribute eq_attr_watchdog_source =
	__ATTR_RO(watchdog_source);

static struct attribute *eq_root_attrs[] = {
	&eq_attr_watchdog_source.attr,
	NULL,
};

static const struct attribute_group eq_root_group = {
	.attrs = eq_root_attrs,
};

int eq_sysfs_init(void)
{
	unsigned int f;
	int err;

	BUILD_BUG_ON(EQ_ATTR_FIELD != EQ_FIXED_ATTRS);
	for (f = 0; f < EQ_FLD_COUNT; f++) {
		eq_nic_attrs[EQ_FIXED_ATTRS + 2 * f] =
			&eq_fld_attrs[f].attr.attr;
		eq_nic_attrs[EQ_FIXED_ATTRS + 2 * f + 1] =
			&eq_fld_orig_attrs[f].attr.attr;
	}

	eq_root = kobject_create_and_add(KBUILD_MODNAME, kernel_kobj);
	if (!eq_root)
		return -ENOMEM;
	err = sysfs_create_group(eq_root, &eq_root_group);
	if (err)
		eq_sysfs_exit();
	return err;
}

/* Remove the files now: a late release must not find them (see above). */
void eq_sysfs_exit(void)
{
	kobject_del(eq_root);
	kobject_put(eq_root);
}
