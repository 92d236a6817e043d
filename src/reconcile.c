// SPDX-License-Identifier: GPL-2.0
/*
 * The reconciler: the one place that changes a NIC. Events (register, up,
 * rename, parameter writes, unload) only record their inputs and ask for a
 * pass; a pass runs in process context under RTNL, plans every NIC from the
 * current parameters and moves the device from what the ledger says this
 * module changed to what the plan wants.
 *
 * One writer, two callers of eq_pass_nic() (one NIC):
 *  - the work item (eq_reconcile_fn): process context, takes RTNL itself,
 *    then every NIC in turn;
 *  - the notifier at NETDEV_PRE_UP (eq_nic_pre_up): process context, RTNL
 *    held by __dev_open(), before the driver's ndo_open, for that NIC only,
 *    so that whoever opens the interface first after register_netdev()
 *    (networkd, an `ip link set up` right after a rebind, ipconfig) finds
 *    the plan in force.
 * Both may sleep. Under RTNL they take only eq_cfg_lock (params.c, the
 * parameter snapshot; a parameter write takes it without RTNL and only
 * queues the work) and each NIC's raw view lock, never around a driver
 * call. The driver is called as ethtool calls it under RTNL (runtime
 * resume with pm_runtime_resume_and_get(), ops->begin/complete): e1000e's
 * runtime resume does not take RTNL, so it cannot deadlock here. Nothing
 * under RTNL waits for the work item (never flush_work()).
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "eq.h"
#include "eq_trace.h"

static LIST_HEAD(eq_nics);		/* RTNL to change, RCU to read */
static bool eq_unloading;		/* under RTNL */
static bool eq_in_pass;			/* under RTNL: ignore our own events */
static struct eq_config eq_pass_cfg;	/* under RTNL: this pass's params */
static atomic_t eq_params_changed = ATOMIC_INIT(0);

static const char *const eq_why_names[] = {
	[EQ_WHY_NONE] = "recheck",
	[EQ_WHY_REGISTER] = "register",
	[EQ_WHY_UP] = "up",
	[EQ_WHY_RENAME] = "rename",
	[EQ_WHY_PARAM] = "param",
	[EQ_WHY_HANG] = "hang",
	[EQ_WHY_OVERRIDE] = "override",
	[EQ_WHY_UNLOAD] = "unload",
	[EQ_WHY_LINK] = "link",
	[EQ_WHY_OPEN] = "open",
};

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
		pr_warn("%s (%s, %s): %pV", nic->view.ifname, nic->facts.pci, nic->facts.label,
			&vaf);
	else
		pr_info("%s (%s, %s): %pV", nic->view.ifname, nic->facts.pci, nic->facts.label,
			&vaf);
	va_end(args);
}

#define eq_nic_info(nic, fmt, ...) eq_nic_log(nic, false, fmt, ##__VA_ARGS__)
#define eq_nic_warn(nic, fmt, ...) eq_nic_log(nic, true, fmt, ##__VA_ARGS__)

struct list_head *eq_nic_list(void)
{
	return &eq_nics;
}

/* For the watchdog probe: rcu_read_lock() held. */
struct eq_nic *eq_nic_find_rcu(const struct net_device *dev)
{
	struct eq_nic *nic;

	list_for_each_entry_rcu(nic, &eq_nics, node)
		if (READ_ONCE(nic->dev) == dev)
			return nic;
	return NULL;
}

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
	raw_spin_lock_bh(&nic->lock);
	strscpy(nic->view.ifname, name, sizeof(nic->view.ifname));
	raw_spin_unlock_bh(&nic->lock);
}

void eq_reconcile_request(void)
{
	schedule_work(&eq_work);
}

/* A parameter changed: the next pass re-plans every NIC for that reason. */
void eq_reconcile_params_changed(void)
{
	atomic_set(&eq_params_changed, 1);
	schedule_work(&eq_work);
}

/* Injectable (scenario 39): a failure leaves the NIC untracked. */
static noinline struct eq_nic *eq_nic_alloc(struct net_device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev->dev.parent);
	struct eq_nic *nic;

	if (eq_fault(__func__))
		return NULL;
	/* Notifiers run in process context: this may sleep. */
	nic = kzalloc(sizeof(*nic), GFP_KERNEL);
	if (!nic)
		return NULL;
	raw_spin_lock_init(&nic->lock);
	/* after the first line at the top of the ladder: one an hour */
	ratelimit_state_init(&nic->plan.top_rs, 3600 * HZ, 1);
	ratelimit_set_flags(&nic->plan.top_rs, RATELIMIT_MSG_ON_RELEASE);
	nic->dev = dev;
	nic->facts.vendor = pdev->vendor;
	nic->facts.device = pdev->device;
	nic->facts.subvendor = pdev->subsystem_vendor;
	nic->facts.subdevice = pdev->subsystem_device;
	strscpy(nic->facts.pci, pci_name(pdev), sizeof(nic->facts.pci));
	memcpy(nic->facts.perm_addr, dev->perm_addr, ETH_ALEN);
	nic->facts.id = eq_table_lookup(nic->facts.vendor, nic->facts.device);
	if (nic->facts.id)
		strscpy(nic->facts.label, nic->facts.id->model, sizeof(nic->facts.label));
	else
		scnprintf(nic->facts.label, sizeof(nic->facts.label), "%04x:%04x",
			  nic->facts.vendor, nic->facts.device);
	nic->view.matched_by = eq_match_name(EQ_MATCH_NONE);
	nic->view.mode = eq_mode_name(EQ_MODE_OFF);
	nic->view.state = "off";
	list_add_tail_rcu(&nic->node, &eq_nics);
	return nic;
}

/*
 * The devices whose tracking failed for want of memory and has not
 * succeeded since (RTNL): the log says so once per device and failure
 * streak, and the line that the device is managed at last is that
 * device's. Forgotten when the device goes (eq_nic_unregister()).
 */
static struct net_device *eq_oom_devs[EQ_MAX_NICS];

/* Was @dev's tracking failing? Forgets it with @forget. */
static bool eq_oom_had(const struct net_device *dev, bool forget)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(eq_oom_devs); i++) {
		if (eq_oom_devs[i] != dev)
			continue;
		if (forget)
			eq_oom_devs[i] = NULL;
		return true;
	}
	return false;
}

/* Remember @dev as failing; false if it already was (or no room). */
static bool eq_oom_note(struct net_device *dev)
{
	unsigned int i;

	if (eq_oom_had(dev, false))
		return false;
	for (i = 0; i < ARRAY_SIZE(eq_oom_devs); i++) {
		if (!eq_oom_devs[i]) {
			eq_oom_devs[i] = dev;
			return true;
		}
	}
	return true;	/* no room to remember: say it each time */
}

/*
 * The NIC of @dev, tracked from now on if it was not yet. An allocation
 * that fails leaves it untracked until its next event tries again; the
 * log says so once per device and failure streak, not once per event.
 */
static struct eq_nic *eq_nic_track(struct net_device *dev)
{
	struct eq_nic *nic;

	ASSERT_RTNL();
	nic = eq_nic_find(dev);
	if (nic)
		return nic;
	nic = eq_nic_alloc(dev);
	if (!nic) {
		if (eq_oom_note(dev))
			pr_warn("%s: out of memory, not managed yet; trying again at its next event\n",
				netdev_name(dev));
		return NULL;
	}
	if (eq_oom_had(dev, true))
		pr_info("%s: managed after an earlier allocation failure\n",
			netdev_name(dev));
	return nic;
}

/*
 * The start of every notifier event of a device of e1000e's (process
 * context, RTNL held): its NIC, tracked from now on if it was not yet,
 * under the device's current name (new, renamed, or back from another
 * network namespace). NULL when events are not for us now: unloading, or
 * the device's own notifications during one of our passes.
 */
static struct eq_nic *eq_nic_enter(struct net_device *dev)
{
	struct eq_nic *nic;

	ASSERT_RTNL();
	if (eq_unloading || eq_in_pass)
		return NULL;
	nic = eq_nic_track(dev);
	if (nic)
		eq_nic_set_ifname(nic, netdev_name(dev));
	return nic;
}

/* Records the reason and asks for a pass (the work item). */
void eq_nic_event(struct net_device *dev, enum eq_why why)
{
	struct eq_nic *nic = eq_nic_enter(dev);

	if (!nic)
		return;
	nic->why = why;
	eq_reconcile_request();
}

void eq_nic_unregister(struct net_device *dev)
{
	struct eq_nic *nic;

	ASSERT_RTNL();
	if (dev->reg_state != NETREG_REGISTERED)
		eq_oom_had(dev, true);
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
	WRITE_ONCE(nic->dev, NULL);
	nic->gone = true;
	eq_reconcile_request();
}

static void eq_nic_free(struct eq_nic *nic)
{
	list_del_rcu(&nic->node);
	eq_sysfs_del(nic);
	kfree_rcu(nic, rcu);	/* the watchdog may still be looking */
}

/* One pass over one NIC: what it wants, and the first error seen. */
struct eq_pass {
	struct eq_nic *nic;
	struct net_device *dev;
	const struct eq_plan *plan;
	enum eq_step step;	/* the last step to be in force */
	enum eq_step from;	/* the step in force when the pass began */
	u32 ladder;		/* this NIC's (eq_nic_ladder()) */
	bool mitigated;		/* on-hang: as it will be */
	unsigned long resets;	/* watchdog resets when the pass began */
	unsigned long since;	/* of those, since @from took effect */
	bool enforce;
	enum eq_why why;
	unsigned long hang_resets;	/* that made this pass take a step */
	char off[EQ_FEATURES_STRLEN];		/* turned off in this pass */
	char restored[EQ_FEATURES_STRLEN];	/* restored in this pass */
	int result;
	int err_at[EQ_AT_COUNT];	/* the error at each place, 0: none */
	char error[128];
	/* each tunable as the driver reports it in this pass (read back) */
	struct eq_tun_val cur[EQ_TUN_COUNT];
	u32 cur_ok;		/* a bit per tunable read */
};

/*
 * A step failed at @at: the pass's error (state, last_error) and the log,
 * once per distinct error there (the pass is retried at every carrier
 * change); a parameter write or the unload logs again (eq_reconcile_nic).
 */
static void eq_pass_error(struct eq_pass *st, enum eq_at at, const char *what,
			  int err)
{
	if (!st->result)
		st->result = err;
	if (!st->err_at[at])
		st->err_at[at] = err;
	if (!st->error[0])
		scnprintf(st->error, sizeof(st->error), "%s: error %d", what,
			  err);
	if (eq_log_once(&st->nic->plan.logged[at], what, err))
		eq_nic_warn(st->nic, "%s: error %d\n", what, err);
}

/* The step at @at succeeded: its next failure is logged again. */
static void eq_pass_ok(struct eq_pass *st, enum eq_at at)
{
	eq_log_once(&st->nic->plan.logged[at], NULL, 0);
}

/* The planned offloads that are off on the device now, whoever did it. */
static u32 eq_features_off(const struct eq_nic *nic)
{
	if (!nic->dev)
		return 0;
	return nic->plan.last.features & ~eq_from_netdev(nic->dev->features);
}

/* Field @i of tunable @id, as the table has it (tunables.h). */
static const struct eq_field_info *eq_tfield(unsigned int id, unsigned int i)
{
	return &eq_fields[eq_tun_field(id, i)];
}

/*
 * One tunable field as sysfs shows it: orig, the value found before the
 * module set it; else what the driver reported at the last read, and when
 * that is not the plan's value (drift left alone, or a set that failed)
 * the plan's as well, when @planned: "rx (planned off)".
 */
static void eq_fmt_field(const struct eq_nic *nic, enum eq_tun_id id,
			 unsigned int i, bool orig, bool planned, char *buf,
			 size_t len)
{
	const struct eq_tun_ledger *l = &nic->ledger.tun[id];
	const struct eq_nic_plan *p = &nic->plan;
	char want[EQ_FLD_STRLEN];
	size_t n;
	u32 v;

	if ((l->saved & BIT(i)) && orig) {
		eq_format_tun_value(id, l->orig.v[i], true, buf, len);
	} else if (l->saved & BIT(i)) {
		v = p->seen_ok & BIT(id) ? p->seen[id].v[i] : l->set.v[i];
		eq_format_tun_value(id, v, false, buf, len);
		if (planned && v != l->set.v[i]) {
			n = strlen(buf);
			eq_format_tun_value(id, l->set.v[i], false, want,
					    sizeof(want));
			scnprintf(buf + n, len - n, " (planned %s)", want);
		}
	} else if (l->unsupported && !orig) {
		strscpy(buf, "unsupported", len);
	} else {
		strscpy(buf, "-", len);
	}
}

/* What is in force, for the record of each hang (sysfs hangs). */
static void eq_fmt_remedies(const struct eq_nic *nic, char *buf, size_t len)
{
	char off[EQ_FEATURES_STRLEN], val[EQ_FLD_STRLEN];
	unsigned int id, i;
	int n;

	eq_format_features(eq_features_off(nic), ',', off, sizeof(off));
	n = scnprintf(buf, len, "offloads=%s", off[0] ? off : "-");
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		for (i = 0; i < eq_tun_nfields(id); i++) {
			eq_fmt_field(nic, id, i, false, false, val,
				     sizeof(val));
			if (!strcmp(val, "unsupported"))
				strscpy(val, "-", sizeof(val));
			n += scnprintf(buf + n, len - n, " %s=%s",
				       eq_tfield(id, i)->name, val);
		}
	}
}

/* The steps whose remedy this NIC or its driver cannot take. */
static u32 eq_unsupported_steps(const struct eq_nic *nic)
{
	u32 steps = 0;
	unsigned int id;

	for (id = 0; id < EQ_TUN_LADDER; id++)
		if (nic->ledger.tun[id].unsupported)
			steps |= EQ_SBIT(EQ_TUN_STEP(id));
	return steps;
}

static bool eq_escalating(const struct eq_plan *plan)
{
	return plan->by != EQ_MATCH_NONE && plan->mode == EQ_MODE_ON_HANG &&
		plan->escalate;
}

/* The steps left out of this NIC's ladder: unsupported, or in force. */
static u32 eq_left_out_steps(const struct eq_nic *nic)
{
	return eq_unsupported_steps(nic) | nic->plan.already;
}

static void eq_set_view(struct eq_nic *nic, const struct eq_config *cfg,
			const char *state, const char *error)
{
	const struct eq_plan *plan = &nic->plan.last;
	char planned[EQ_FEATURES_STRLEN], cleared[EQ_FEATURES_STRLEN];
	char off[EQ_FEATURES_STRLEN], policy[48], ladder[EQ_LADDER_STRLEN];
	char fld[EQ_FLD_COUNT][EQ_FLD_STRLEN];
	char fld_orig[EQ_FLD_COUNT][EQ_FLD_STRLEN];
	char remedies[EQ_REMEDIES_STRLEN];
	unsigned int id, i;
	int speed = -1;
	u8 duplex = DUPLEX_UNKNOWN;

	eq_format_features(plan->features, ' ', planned, sizeof(planned));
	eq_format_features(eq_from_netdev(nic->ledger.cleared), ' ', cleared,
			   sizeof(cleared));
	eq_format_features(eq_features_off(nic), ' ', off, sizeof(off));
	eq_format_entry_key(plan->entry >= 0 ? &cfg->nics[plan->entry] : NULL,
			    policy, sizeof(policy));
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		for (i = 0; i < eq_tun_nfields(id); i++) {
			unsigned int f = eq_tun_field(id, i);

			eq_fmt_field(nic, id, i, false, true, fld[f],
				     sizeof(fld[f]));
			eq_fmt_field(nic, id, i, true, false, fld_orig[f],
				     sizeof(fld_orig[f]));
		}
	}
	eq_fmt_remedies(nic, remedies, sizeof(remedies));
	ladder[0] = '\0';
	if (eq_escalating(plan))
		eq_format_ladder(eq_nic_ladder(plan, eq_left_out_steps(nic)),
				 ladder, sizeof(ladder));
	if (nic->dev && netif_running(nic->dev))
		eq_eth_link(nic->dev, &speed, &duplex);

	raw_spin_lock_bh(&nic->lock);
	nic->view.matched_by = eq_match_name(plan->by);
	nic->view.mode = eq_mode_name(plan->mode);
	nic->view.state = state;
	strscpy(nic->view.planned_str, planned, sizeof(nic->view.planned_str));
	strscpy(nic->view.cleared_str, cleared, sizeof(nic->view.cleared_str));
	strscpy(nic->view.off_str, off, sizeof(nic->view.off_str));
	strscpy(nic->view.last_error, error ? error : "", sizeof(nic->view.last_error));
	strscpy(nic->view.policy_str, policy, sizeof(nic->view.policy_str));
	strscpy(nic->view.ladder_str, ladder[0] ? ladder : "-",
		sizeof(nic->view.ladder_str));
	memcpy(nic->view.fld_str, fld, sizeof(fld));
	memcpy(nic->view.fld_orig_str, fld_orig, sizeof(fld_orig));
	strscpy(nic->view.remedies, remedies, sizeof(nic->view.remedies));
	nic->view.speed = speed;
	nic->view.duplex = duplex;
	nic->view.hang_mode = plan->by == EQ_MATCH_NONE ? EQ_MODE_OFF : plan->mode;
	nic->view.hang_threshold = plan->hang_threshold;
	raw_spin_unlock_bh(&nic->lock);
}

/* Every field, so that the stored plan is never stale (policy.c). */
static bool eq_plan_changed(const struct eq_nic *nic, const struct eq_plan *p)
{
	return !nic->plan.planned || !eq_plan_same(&nic->plan.last, p);
}

/*
 * Does the new plan change what an on-hang mitigation is for this NIC?
 * Its match, mode or offload list, and when escalating the steps up to
 * the one in force. Ring sizes, EEE, flow control, the threshold, escalate
 * itself, steps still to come and which entry gave them otherwise apply on
 * top of a mitigation.
 */
static bool eq_mitigation_changed(const struct eq_nic *nic,
				  const struct eq_plan *p)
{
	return !nic->plan.planned ||
		eq_plan_ladder_changed(&nic->plan.last, p, READ_ONCE(nic->view.step));
}

/* Offloads: what to put back and what to take away, from the ledger. */
static void eq_features_todo(struct eq_pass *st, netdev_features_t *restore,
			     netdev_features_t *apply)
{
	struct eq_nic *nic = st->nic;
	struct net_device *dev = st->dev;
	netdev_features_t want_off = 0, back_on;
	char names[EQ_FEATURES_STRLEN];

	if (st->step >= EQ_STEP_OFFLOADS)
		want_off = eq_to_netdev(st->plan->features);

	/*
	 * Offloads we turned off that userspace turned back on. Judged per
	 * ethtool name: "ethtool -K tso on" sets every TSO bit, also ones we
	 * never cleared, and the whole group is the administrator's then.
	 */
	back_on = nic->ledger.cleared & dev->wanted_features & want_off;
	if (back_on) {
		back_on = eq_to_netdev(eq_from_netdev(back_on));
		st->why = EQ_WHY_OVERRIDE;
		eq_format_features(eq_from_netdev(back_on), ' ', names,
				   sizeof(names));
		if (st->enforce) {
			eq_nic_info(nic, "%s turned back on by userspace; turning it off again (enforce=1)\n",
				    names);
		} else {
			nic->ledger.cleared &= ~back_on;
			nic->ledger.overridden |= back_on;
			eq_nic_info(nic, "%s turned back on by userspace; leaving it on\n",
				    names);
		}
	}
	if (st->enforce)
		nic->ledger.overridden = 0;

	*restore = nic->ledger.cleared & ~want_off;
	*apply = want_off & dev->hw_features & dev->wanted_features &
		~nic->ledger.overridden;
}

static void eq_features_do(struct eq_pass *st, netdev_features_t restore,
			   netdev_features_t apply)
{
	struct eq_nic *nic = st->nic;
	int err;

	err = eq_eth_set_wanted(st->dev, restore, apply);
	if (err) {
		eq_pass_error(st, EQ_AT_OFFLOADS, "updating offloads", err);
		return;
	}
	eq_pass_ok(st, EQ_AT_OFFLOADS);
	nic->ledger.cleared = (nic->ledger.cleared & ~restore) | apply;
	eq_format_features(eq_from_netdev(apply), ' ', st->off,
			   sizeof(st->off));
	eq_format_features(eq_from_netdev(restore), ' ', st->restored,
			   sizeof(st->restored));
	if (apply && st->why == EQ_WHY_HANG && !st->plan->escalate)
		eq_nic_info(nic, "%lu TX watchdog reset%s; turning off %s\n",
			    st->hang_resets, st->hang_resets == 1 ? "" : "s",
			    st->off);
	else if (apply)
		eq_nic_info(nic, "turned off %s\n", st->off);
	if (restore)
		eq_nic_info(nic, "restored %s\n", st->restored);
}

/* The fields of tunable @id the pass wants set, their values in *@want. */
static u32 eq_tun_wanted(const struct eq_pass *st, enum eq_tun_id id,
			 struct eq_tun_val *want)
{
	memset(want, 0, sizeof(*want));
	/* a step from its step on; a setting (NOSTEP) whenever the plan acts */
	if (EQ_TUN_ON_LADDER(id) ? st->step < EQ_TUN_STEP(id) :
	    !eq_plan_acts(st->plan))
		return 0;
	/* in force without us (eq_find_already): nothing to take or keep */
	if (st->nic->plan.already & EQ_SBIT(EQ_TUN_STEP(id)))
		return 0;
	return eq_plan_tun_want(st->plan, id, want->v);
}

/* "tx 1024 rx 256" or "off": the fields of a value, for a log line. */
static void eq_tun_describe(enum eq_tun_id id, const struct eq_tun_val *v,
			    bool orig, char *buf, size_t len)
{
	char one[EQ_FLD_STRLEN];
	const char *tag;
	unsigned int i;
	int n = 0;

	buf[0] = '\0';
	for (i = 0; i < eq_tun_nfields(id); i++) {
		tag = eq_tfield(id, i)->tag;
		eq_format_tun_value(id, v->v[i], orig, one, sizeof(one));
		n += scnprintf(buf + n, len - n, "%s%s%s%s", i ? " " : "",
			       tag ? tag : "", tag ? " " : "", one);
	}
}

/*
 * Does tunable @id need the device: compared with the plan, from what the
 * driver reports in this pass (eq_tun_read()). A value the module set that
 * the device no longer has is drift, handled as offloads turned back on
 * are: logged once, set again with enforce=1, else left as found (state
 * overridden, sysfs "rx (planned off)"). Unread (suspended, or the read
 * failed: eq_tun_do() reports it), the ledger stands in.
 */
static bool eq_tun_todo(struct eq_pass *st, enum eq_tun_id id)
{
	struct eq_tun_ledger *l = &st->nic->ledger.tun[id];
	const struct eq_field_info *fi;
	char now[EQ_FLD_STRLEN], want_s[EQ_FLD_STRLEN];
	struct eq_tun_cmp cmp;
	struct eq_tun_val want;
	u32 wanted = eq_tun_wanted(st, id, &want);
	unsigned int i, n = eq_tun_nfields(id);

	if (l->unsupported)
		return false;
	if (l->saved & ~wanted)
		return true;		/* to put back */
	if (!(st->cur_ok & BIT(id))) {
		for (i = 0; i < n; i++)
			if ((wanted & BIT(i)) && want.v[i] != l->set.v[i])
				return true;
		return wanted != l->saved;
	}
	eq_tun_compare(n, wanted, want.v, l->saved, l->set.v, st->cur[id].v,
		       &cmp);
	for (i = 0; i < n; i++) {
		if (!(cmp.drift & BIT(i) & ~l->drift))
			continue;
		fi = eq_tfield(id, i);
		eq_format_tun_value(id, st->cur[id].v[i], false, now,
				    sizeof(now));
		eq_format_tun_value(id, want.v[i], false, want_s,
				    sizeof(want_s));
		eq_nic_info(st->nic, "%s changed to %s, not by this module; %s %s\n",
			    fi->log, now, st->enforce ?
			    "setting it back to" : "leaving it, planned",
			    want_s);
	}
	if (st->enforce) {
		l->drift = 0;
		return cmp.apply || cmp.drift || (wanted & ~l->saved);
	}
	l->drift = cmp.drift;
	return cmp.apply || (wanted & ~l->saved);
}

/* Is tunable @id planned (at any step, in this mode) or set by us? */
static bool eq_tun_tracked(const struct eq_pass *st, enum eq_tun_id id,
			   struct eq_tun_val *want, u32 *wanted)
{
	const struct eq_plan *plan = st->plan;
	const struct eq_tun_ledger *l = &st->nic->ledger.tun[id];

	memset(want, 0, sizeof(*want));
	*wanted = 0;
	if (l->unsupported)
		return false;
	if (plan->by != EQ_MATCH_NONE && (plan->mode == EQ_MODE_ALWAYS ||
					  plan->mode == EQ_MODE_ON_HANG))
		*wanted = eq_plan_tun_want(plan, id, want->v);
	return *wanted || l->saved;
}

/*
 * Read back every tunable the plan covers or the ledger holds, with the
 * driver's own get operations, ops->begin already called. A device that
 * is runtime-suspended is not woken for it (nothing changes it while it
 * sleeps; e1000e's resume keeps the requested modes): the ledger stands
 * in until its next pass. Returns true if there is anything to read.
 */
static bool eq_tun_want_read(const struct eq_pass *st)
{
	struct eq_tun_val want;
	unsigned int id;
	u32 wanted;

	if (pm_runtime_suspended(st->dev->dev.parent))
		return false;
	for (id = 0; id < EQ_TUN_COUNT; id++)
		if (eq_tun_tracked(st, id, &want, &wanted))
			return true;
	return false;
}

static void eq_tun_read(struct eq_pass *st)
{
	struct eq_nic *nic = st->nic;
	struct eq_tun_val want;
	unsigned int id;
	u32 wanted;

	st->cur_ok = 0;
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		if (!eq_tun_tracked(st, id, &want, &wanted))
			continue;
		memset(&st->cur[id], 0, sizeof(st->cur[id]));
		if (eq_tunables[id].get(st->dev, &st->cur[id]))
			continue;	/* eq_tun_do() reports it */
		st->cur_ok |= BIT(id);
		nic->plan.seen[id] = st->cur[id];
	}
	nic->plan.seen_ok = st->cur_ok;
}

/*
 * A remedy the device already has, not set by this module (K1 off by the
 * driver's default, EEE off by the BIOS, flow control off), is left out of
 * an escalation's ladder: taking its step would change nothing and spend
 * hang_threshold more hangs. Judged at every pass that read the device,
 * so that a remedy turned back on joins the ladder again (the step in
 * force stays). One line each way.
 */
static void eq_find_already(struct eq_pass *st)
{
	struct eq_nic *nic = st->nic;
	const struct eq_tun_info *ti;
	const struct eq_tun_ledger *l;
	struct eq_tun_cmp cmp;
	struct eq_tun_val want;
	char val[48];
	unsigned int id;
	u32 wanted, already = 0, bit;

	if (!eq_escalating(st->plan)) {
		nic->plan.already = 0;
		return;
	}
	/* only the steps: a setting (NOSTEP) is never on the ladder */
	for (id = 0; id < EQ_TUN_LADDER; id++) {
		bit = EQ_SBIT(EQ_TUN_STEP(id));
		l = &nic->ledger.tun[id];
		if (!(st->cur_ok & BIT(id))) {
			already |= nic->plan.already & bit;
			continue;
		}
		if (!eq_tun_tracked(st, id, &want, &wanted))
			continue;
		eq_tun_compare(eq_tun_nfields(id), wanted, want.v, l->saved,
			       l->set.v, st->cur[id].v, &cmp);
		if (eq_tun_already(&cmp, wanted, l->saved))
			already |= bit;
		if ((already ^ nic->plan.already) & bit) {
			ti = &eq_tun_info[id];
			eq_tun_describe(id, &want, false, val, sizeof(val));
			if (already & bit)
				eq_nic_info(nic, "%s already %s%s; left out of the escalation\n",
					    ti->label, val, ti->fmt == EQ_FMT_k1 ?
					    " (driver default)" : "");
			else
				eq_nic_info(nic, "%s no longer %s; back in the escalation\n",
					    ti->label, val);
		}
	}
	nic->plan.already = already;
}

/*
 * Move one tunable from what the ledger says to what the pass wants: set
 * what is wanted (remembering what was there the first time), put back
 * what is no longer wanted unless the administrator changed it since.
 */
static void eq_tun_do(struct eq_pass *st, enum eq_tun_id id)
{
	const struct eq_tunable *t = &eq_tunables[id];
	const struct eq_tun_info *ti = &eq_tun_info[id];
	unsigned int n = eq_tun_nfields(id);
	struct eq_tun_ledger *l = &st->nic->ledger.tun[id];
	struct eq_nic *nic = st->nic;
	const char *tag;
	struct eq_tun_val want, cur, target, found;
	char now[48], was[48], what[48];
	u32 wanted = eq_tun_wanted(st, id, &want);
	bool applying = false;
	unsigned int i;
	int err;

	memset(&cur, 0, sizeof(cur));
	err = t->get(st->dev, &cur);
	if (err == -EOPNOTSUPP) {
		eq_nic_info(nic, "%s not supported; %s\n", ti->label,
			    eq_escalating(st->plan) && ti->ladder ?
			    "left out of the escalation" : "left alone");
		l->unsupported = true;
		l->probed = true;
		return;
	}
	if (err) {
		scnprintf(what, sizeof(what), "reading %s", ti->label);
		eq_pass_error(st, EQ_AT_TUN + id, what, err);
		return;
	}
	target = cur;
	found = cur;
	for (i = 0; i < n; i++) {
		if ((wanted & BIT(i)) && (l->drift & BIT(i)) && !st->enforce) {
			continue;	/* drift, left as found (eq_tun_todo) */
		} else if (wanted & BIT(i)) {
			target.v[i] = want.v[i];
			applying |= cur.v[i] != want.v[i];
		} else if (!(l->saved & BIT(i))) {
			continue;
		} else if (cur.v[i] != l->set.v[i]) {
			tag = eq_tfield(id, i)->tag;
			eq_format_tun_value(id, cur.v[i], false, now,
					    sizeof(now));
			eq_nic_info(nic, "%s%s%s changed to %s since; leaving it\n",
				    ti->label, tag ? " " : "", tag ? tag : "",
				    now);
		} else {
			target.v[i] = l->orig.v[i];
		}
	}
	if (memcmp(&target, &cur, sizeof(cur))) {
		err = t->set(st->dev, &target);
		if (err == -EOPNOTSUPP) {
			eq_nic_info(nic, "%s refused by the driver for this NIC (error %d); %s\n",
				    ti->label, err, eq_escalating(st->plan) ?
				    "passed over" : "left alone");
			l->unsupported = true;
			st->err_at[EQ_AT_TUN + id] = err;
			return;
		}
		if (err) {
			scnprintf(what, sizeof(what), "setting %s", ti->label);
			eq_pass_error(st, EQ_AT_TUN + id, what, err);
			return;
		}
		eq_tun_describe(id, &target, false, now, sizeof(now));
		eq_tun_describe(id, &cur, true, was, sizeof(was));
		eq_nic_info(nic, "%s%s %s (%s %s)\n", applying ? "" : "restored ",
			    ti->label, now, n > 1 ? "were" : "was", was);
		/* what sysfs shows: the driver's word, not ours */
		memset(&cur, 0, sizeof(cur));
		if (!t->get(st->dev, &cur)) {
			nic->plan.seen[id] = cur;
			nic->plan.seen_ok |= BIT(id);
		} else {
			nic->plan.seen_ok &= ~BIT(id);
		}
	} else {
		nic->plan.seen[id] = cur;
		nic->plan.seen_ok |= BIT(id);
	}
	eq_pass_ok(st, EQ_AT_TUN + id);
	for (i = 0; i < n; i++)
		if ((wanted & BIT(i)) && !(l->saved & BIT(i)))
			l->orig.v[i] = found.v[i];
	l->saved = wanted;
	l->drift &= wanted;
	for (i = 0; i < n; i++)
		l->set.v[i] = (wanted & BIT(i)) ? want.v[i] : 0;
}

/*
 * When the plan is made: a configured tunable the driver lacks (no
 * disable-k1 flag, no EEE, no flow control) is found out before the ladder
 * is built, so that no hang is spent on its step. Each tunable is asked
 * once per NIC; a read that fails otherwise is left to eq_tun_do().
 */
static void eq_probe_support(struct eq_pass *st)
{
	const struct eq_plan *plan = st->plan;
	struct eq_nic *nic = st->nic;
	struct eq_tun_val want, cur;
	bool todo[EQ_TUN_COUNT], any = false;
	const char *what;
	unsigned int id;
	int err;

	if (plan->by == EQ_MATCH_NONE || (plan->mode != EQ_MODE_ALWAYS &&
					  plan->mode != EQ_MODE_ON_HANG))
		return;
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		memset(&want, 0, sizeof(want));
		todo[id] = !nic->ledger.tun[id].probed &&
			eq_plan_tun_want(plan, id, want.v);
		any |= todo[id];
	}
	if (!any)
		return;
	err = eq_eth_begin(st->dev, &what);
	if (err) {
		eq_pass_error(st, EQ_AT_DEVICE, what, err);
		return;
	}
	eq_pass_ok(st, EQ_AT_DEVICE);
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		if (!todo[id])
			continue;
		memset(&cur, 0, sizeof(cur));
		err = eq_tunables[id].get(st->dev, &cur);
		if (err && err != -EOPNOTSUPP)
			continue;
		nic->ledger.tun[id].probed = true;
		if (!err)
			continue;
		nic->ledger.tun[id].unsupported = true;
		eq_nic_info(nic, "%s not supported; %s\n", eq_tun_info[id].label,
			    eq_escalating(plan) && eq_tun_info[id].ladder ?
			    "left out of the escalation" : "left alone");
	}
	eq_eth_complete(st->dev);
}

/* A tunable the module set that someone changed since, left so. */
static bool eq_tun_drifted(const struct eq_nic *nic)
{
	unsigned int id;

	for (id = 0; id < EQ_TUN_COUNT; id++)
		if (nic->ledger.tun[id].drift)
			return true;
	return false;
}

static const char *eq_state(const struct eq_pass *st)
{
	const struct eq_plan *plan = st->plan;

	if (plan->by == EQ_MATCH_NONE || plan->mode == EQ_MODE_OFF)
		return "off";
	if (st->error[0])
		return "error";
	if (st->nic->ledger.overridden || eq_tun_drifted(st->nic))
		return "overridden";
	if (plan->mode == EQ_MODE_MONITOR)
		return "monitoring";
	if (plan->mode == EQ_MODE_ON_HANG)
		return st->nic->view.mitigated ? "mitigated" : "armed";
	return "applied";
}

/*
 * The step to be in force (policy.c decides) on this NIC's ladder: the
 * last one for mode=always, none until the threshold for mode=on-hang,
 * then all (escalate=0) or the next one per hang_threshold resets
 * (escalate=1). Only computed here: eq_commit_step() makes it the step in
 * force once the device took it.
 */
static void eq_take_step(struct eq_pass *st)
{
	struct eq_nic *nic = st->nic;

	raw_spin_lock_bh(&nic->lock);
	st->resets = nic->view.watchdog_resets;
	st->since = st->resets - nic->view.hang_base;
	st->mitigated = nic->view.mitigated;
	st->from = nic->view.step;
	raw_spin_unlock_bh(&nic->lock);

	st->ladder = eq_nic_ladder(st->plan, eq_left_out_steps(nic));
	st->step = eq_plan_step(st->plan, st->ladder, &st->mitigated, st->from,
				st->since);
	if (st->plan->by != EQ_MATCH_NONE &&
	    st->plan->mode == EQ_MODE_ON_HANG && st->step != st->from) {
		st->why = EQ_WHY_HANG;
		st->hang_resets = st->since;
	}
}

/*
 * The device took the pass's step (or had nothing to do): it is the step
 * in force now, for sysfs, the watchdog and the log. At the top of an
 * escalation a further hang is logged once, then rate-limited.
 */
static void eq_commit_step(struct eq_pass *st)
{
	struct eq_nic *nic = st->nic;
	const struct eq_plan *plan = st->plan;
	bool on_hang = plan->by != EQ_MATCH_NONE &&
		plan->mode == EQ_MODE_ON_HANG;
	bool top = eq_at_top(plan, st->ladder, st->mitigated, st->step);
	enum eq_step from = st->from, to = st->step;
	unsigned long since = st->since;

	raw_spin_lock_bh(&nic->lock);
	nic->view.mitigated = st->mitigated;
	nic->view.step = to;
	if (on_hang && to != from)
		nic->view.hang_base = st->resets;
	nic->view.hang_more = on_hang && plan->escalate && st->mitigated &&
		eq_next_step(st->ladder, to) != EQ_STEP_NONE;
	nic->view.hang_top = top;
	raw_spin_unlock_bh(&nic->lock);

	if (on_hang && to != from) {
		nic->plan.top_seen = st->resets;
		trace_escalate(nic->view.ifname, nic->facts.pci, from, to, since);
		if (plan->escalate)
			eq_nic_info(nic, "%lu TX watchdog reset%s at step %u; taking step %u: %s\n",
				    since, since == 1 ? "" : "s", from, to,
				    eq_step_name(to));
		return;
	}
	if (!top || st->resets == nic->plan.top_seen)
		return;
	nic->plan.top_seen = st->resets;
	if (__ratelimit(&nic->plan.top_rs))
		eq_nic_info(nic, "%lu TX watchdog reset%s at step %u, the last remedy; nothing left to try\n",
			    since, since == 1 ? "" : "s", to);
}

/*
 * The apply event. Its tunables field has every field of the table,
 * "tx_ring=512 rx_ring=- ... rx_usecs=0": the value the module has set,
 * as sysfs shows it, or "-" where it has set none.
 */
static void eq_trace_apply(struct eq_pass *st, netdev_features_t before)
{
	struct eq_nic *nic = st->nic;
	char tun[EQ_FLD_COUNT * (EQ_FLD_STRLEN + 12)], val[EQ_FLD_STRLEN];
	unsigned int id, i;
	int n = 0;

	if (!trace_apply_enabled())
		return;
	tun[0] = '\0';
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		const struct eq_tun_ledger *l = &nic->ledger.tun[id];

		for (i = 0; i < eq_tun_nfields(id); i++) {
			if (l->saved & BIT(i))
				eq_format_tun_value(id, l->set.v[i], false, val,
						    sizeof(val));
			else
				strscpy(val, "-", sizeof(val));
			n += scnprintf(tun + n, sizeof(tun) - n, "%s%s=%s",
				       n ? " " : "", eq_tfield(id, i)->name,
				       val);
		}
	}
	trace_apply(nic->view.ifname, nic->facts.pci, eq_why_names[st->why], before,
		    st->dev->features, st->off, st->restored, tun, st->result);
}

/* What a new offload plan means, where the plan alone does not say it. */
static void eq_log_plan(struct eq_nic *nic, const struct eq_plan *plan)
{
	char names[EQ_FEATURES_STRLEN], implied[EQ_FEATURES_STRLEN];

	if (plan->by == EQ_MATCH_NONE || plan->mode == EQ_MODE_OFF)
		return;
	if (plan->implied) {
		eq_format_features(plan->implied, ' ', implied,
				   sizeof(implied));
		eq_nic_info(nic, "e1000e turns txvlan and rxvlan on and off together; planning %s as well\n",
			    implied);
	}
	if (plan->mode == EQ_MODE_MONITOR) {
		eq_format_features(plan->features, ' ', names, sizeof(names));
		eq_nic_info(nic, "monitor mode: would turn off %s\n",
			    names[0] ? names : "nothing");
	}
}

/*
 * Planned offloads that are on and that the driver does not let anybody
 * change (not in hw_features): nothing this module can do, but nothing
 * the administrator should believe is off either. Logged once per plan.
 */
static void eq_check_fixed(struct eq_pass *st)
{
	struct eq_nic *nic = st->nic;
	netdev_features_t fixed;
	u32 names_mask;
	char names[EQ_FEATURES_STRLEN];

	if (st->step < EQ_STEP_OFFLOADS)
		return;
	fixed = eq_to_netdev(st->plan->features) & st->dev->features &
		~st->dev->hw_features;
	names_mask = eq_from_netdev(fixed);
	if (!names_mask)
		return;
	eq_format_features(names_mask, ' ', names, sizeof(names));
	if (!st->error[0])
		scnprintf(st->error, sizeof(st->error),
			  "driver does not let %s be turned off on this NIC; drop it from features",
			  names);
	if (names_mask & ~nic->plan.fixed_logged)
		eq_nic_warn(nic, "driver does not let %s be turned off; left on\n",
			    names);
	nic->plan.fixed_logged |= names_mask;
}

/*
 * At unload, after the restore: whatever the ledger still holds was not
 * put back, and nothing will try again. One line for each, naming the
 * value left and the error that kept it ("left tx ring at 128: error
 * -16"), the wording from the tunable's entry.
 */
static void eq_log_left(const struct eq_pass *st)
{
	const struct eq_nic *nic = st->nic;
	char val[EQ_FLD_STRLEN], names[EQ_FEATURES_STRLEN];
	unsigned int id, i;
	int err;

	if (nic->ledger.cleared) {
		err = st->err_at[EQ_AT_OFFLOADS] ?: st->err_at[EQ_AT_DEVICE] ?:
			st->result;
		eq_format_features(eq_from_netdev(nic->ledger.cleared), ' ', names,
				   sizeof(names));
		eq_nic_warn(nic, "left %s off: error %d\n", names, err);
	}
	for (id = 0; id < EQ_TUN_COUNT; id++) {
		const struct eq_tun_ledger *l = &nic->ledger.tun[id];
		const struct eq_field_info *fi;

		err = st->err_at[EQ_AT_TUN + id] ?: st->err_at[EQ_AT_DEVICE] ?:
			st->result;
		for (i = 0; i < eq_tun_nfields(id); i++) {
			if (!(l->saved & BIT(i)))
				continue;
			fi = eq_tfield(id, i);
			eq_format_tun_value(id, l->set.v[i], false, val,
					    sizeof(val));
			eq_nic_warn(nic, "left %s %s%s: error %d\n", fi->log,
				    eq_kinds[fi->kind].words[0] ? "" : "at ",
				    val, err);
		}
	}
}

static int eq_reconcile_nic(struct eq_nic *nic, const struct eq_plan *plan,
			    const struct eq_config *cfg, enum eq_why why)
{
	struct eq_pass st = {
		.nic = nic,
		.dev = nic->dev,
		.plan = plan,
		.enforce = cfg->enforce,
		.why = why,
	};
	netdev_features_t restore, apply, stuck, before = nic->dev->features;
	char names[EQ_FEATURES_STRLEN];
	bool tun[EQ_TUN_COUNT], any = false, taken = true;
	unsigned int id, round;
	const char *what;
	int err;

	nic->why = EQ_WHY_NONE;		/* consumed by this pass */
	/* The administrator asked (or the module goes): say it all again. */
	if (why == EQ_WHY_PARAM || why == EQ_WHY_UNLOAD)
		memset(nic->plan.logged, 0, sizeof(nic->plan.logged));

	if (eq_plan_changed(nic, plan)) {
		if (eq_mitigation_changed(nic, plan)) {
			/* A new offload plan forgets what userspace overrode. */
			nic->ledger.overridden = 0;
			nic->plan.fixed_logged = 0;
			raw_spin_lock_bh(&nic->lock);
			nic->view.mitigated = false;
			nic->view.step = EQ_STEP_NONE;
			nic->view.hang_base = nic->view.watchdog_resets;
			memset(nic->view.resets_at_step, 0,
			       sizeof(nic->view.resets_at_step));
			raw_spin_unlock_bh(&nic->lock);
			eq_log_plan(nic, plan);
		}
		nic->plan.last = *plan;
		nic->plan.planned = true;
	}
	eq_probe_support(&st);

	/*
	 * A step whose remedy the driver refuses leaves the ladder at once:
	 * the step is worked out again, in this pass (at most once per step).
	 * A step the device could not be reached for (begin, runtime resume)
	 * is not taken: the step in force stays, and the next pass retries.
	 */
	for (round = 0; round < EQ_STEP_COUNT; round++) {
		u32 unsupported = eq_unsupported_steps(nic);
		bool open = false;

		/* Read back first: the plan is compared with the device. */
		if (eq_tun_want_read(&st)) {
			err = eq_eth_begin(st.dev, &what);
			if (err) {
				eq_pass_error(&st, EQ_AT_DEVICE, what, err);
				eq_trace_apply(&st, before);
				taken = false;
				break;
			}
			eq_pass_ok(&st, EQ_AT_DEVICE);
			open = true;
			eq_tun_read(&st);
		}
		eq_find_already(&st);
		eq_take_step(&st);
		eq_features_todo(&st, &restore, &apply);
		any = restore || apply;
		for (id = 0; id < EQ_TUN_COUNT; id++) {
			tun[id] = eq_tun_todo(&st, id);
			any |= tun[id];
		}
		if (any && !open) {
			err = eq_eth_begin(st.dev, &what);
			if (err) {
				eq_pass_error(&st, EQ_AT_DEVICE, what, err);
				eq_trace_apply(&st, before);
				taken = false;
				break;
			}
			eq_pass_ok(&st, EQ_AT_DEVICE);
			open = true;
		}
		if (any) {
			if (restore || apply)
				eq_features_do(&st, restore, apply);
			for (id = 0; id < EQ_TUN_COUNT; id++)
				if (tun[id])
					eq_tun_do(&st, id);
		}
		if (open)
			eq_eth_complete(st.dev);
		if (any)
			eq_trace_apply(&st, before);
		if (eq_unsupported_steps(nic) == unsupported)
			break;
	}
	if (taken)
		eq_commit_step(&st);

	stuck = nic->ledger.cleared & st.dev->features;
	if (stuck) {
		eq_format_features(eq_from_netdev(stuck), ' ', names,
				   sizeof(names));
		if (!st.error[0])
			scnprintf(st.error, sizeof(st.error),
				  "driver kept %s on", names);
	}
	eq_check_fixed(&st);
	if (why == EQ_WHY_UNLOAD)
		eq_log_left(&st);

	eq_set_view(nic, cfg, eq_state(&st), st.error[0] ? st.error : NULL);

	/*
	 * A directory for every matched NIC, none for the others; one that
	 * cannot be made is tried again at the next pass, logged once.
	 */
	if (plan->by != EQ_MATCH_NONE && !nic->kobj) {
		err = eq_sysfs_add(nic);
		if (eq_log_once(&nic->plan.logged[EQ_AT_SYSFS], "sysfs", err))
			eq_nic_warn(nic, "no sysfs directory: error %d; trying again at the next pass\n",
				    err);
	} else if (plan->by == EQ_MATCH_NONE && nic->kobj) {
		eq_sysfs_del(nic);
	}
	return st.result;
}

/*
 * Plan one NIC from this pass's parameters (eq_pass_cfg) and bring it to
 * that plan: the one per-NIC pass, for the work item and for PRE_UP. RTNL
 * held, eq_in_pass set by the caller. Returns the pass's first error.
 */
static int eq_pass_nic(struct eq_nic *nic, enum eq_why why)
{
	struct eq_facts facts = {
		.vendor = nic->facts.vendor,
		.device = nic->facts.device,
		.subvendor = nic->facts.subvendor,
		.subdevice = nic->facts.subdevice,
		.pci = nic->facts.pci,
		.ifname = nic->view.ifname,
		.mac = nic->facts.perm_addr,
	};
	struct eq_plan plan;

	ASSERT_RTNL();
	if (eq_unloading)
		memset(&plan, 0, sizeof(plan));
	else
		eq_plan_nic(&eq_pass_cfg, &facts, &plan);
	return eq_reconcile_nic(nic, &plan, &eq_pass_cfg, why);
}

/*
 * Drop the NICs whose device was unregistered (RTNL held): their sysfs
 * directory goes with them, so that a NIC of the same address registered
 * since (a driver rebind) can have its own.
 */
static void eq_drop_gone(void)
{
	struct eq_nic *nic, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(nic, tmp, &eq_nics, node)
		if (nic->gone)
			eq_nic_free(nic);
}

static void eq_reconcile_all(void)
{
	bool params = atomic_xchg(&eq_params_changed, 0);
	struct eq_nic *nic, *tmp;
	enum eq_why why;

	ASSERT_RTNL();
	eq_drop_gone();
	eq_config_snapshot(&eq_pass_cfg);
	eq_in_pass = true;
	list_for_each_entry_safe(nic, tmp, &eq_nics, node) {
		why = eq_unloading ? EQ_WHY_UNLOAD :
			params ? EQ_WHY_PARAM : nic->why;
		eq_pass_nic(nic, why);
		if (eq_unloading)
			eq_nic_free(nic);
	}
	eq_in_pass = false;
}

/*
 * NETDEV_PRE_UP of a device of e1000e's (notifier, RTNL held, before
 * ndo_open): bring this NIC to its plan now, synchronously, so that the
 * open finds offloads and every tunable of the list (rings, EEE, flow
 * control, K1, interrupt coalescing) as planned while the interface is
 * still down (the driver applies them without a link bounce). It touches
 * this NIC only, and before that drops every NIC already unregistered
 * (eq_drop_gone(): their sysfs directories go, so a NIC of the same
 * address registered since can have its own), as a work item pass does. A failure never blocks the open: the NIC opens, its state says
 * error, and a pass retries (the one NETDEV_UP asks for right after, and
 * one asked for here).
 */
void eq_nic_pre_up(struct net_device *dev)
{
	struct eq_nic *nic = eq_nic_enter(dev);

	if (!nic)
		return;
	eq_drop_gone();
	eq_config_snapshot(&eq_pass_cfg);
	eq_in_pass = true;
	if (eq_pass_nic(nic, EQ_WHY_OPEN))
		eq_reconcile_request();
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
