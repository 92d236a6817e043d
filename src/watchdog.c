// SPDX-License-Identifier: GPL-2.0
/*
 * TX watchdog resets of matched NICs. The core watchdog fires the
 * tracepoint net:net_dev_xmit_timeout right before calling the driver's
 * ndo_tx_timeout (e1000e's "Reset adapter unexpectedly"). The tracepoint
 * is not exported, so find it by name and attach a probe. Where it cannot
 * be found, poll the queues' trans_timeout counters instead.
 *
 * Either way this file only counts: the reconciler decides what a reset
 * means (mode=on-hang) and acts on it in process context.
 */
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

#include "eq.h"
#include "eq_trace.h"

#define EQ_POLL_INTERVAL	HZ

static bool watchdog_poll;
module_param(watchdog_poll, bool, 0444);
MODULE_PARM_DESC(watchdog_poll,
		 "Count TX watchdog resets by polling tx_timeout counters instead of the net_dev_xmit_timeout tracepoint (default: 0)");

static struct tracepoint *eq_xmit_timeout_tp;
static const char *eq_source = "none";

static void eq_poll_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(eq_poll_work, eq_poll_fn);

const char *eq_watchdog_source(void)
{
	return eq_source;
}

/*
 * Softirq, TX lock of @dev held (tracepoint) or process context (poll):
 * count (in total and at the step in force), keep a record of the hang,
 * emit our event, ask for a pass when on-hang has a step to take. Nothing
 * here sleeps.
 */
static void eq_watchdog_count(struct eq_nic *nic, int queue, unsigned long n)
{
	char ifname[IFNAMSIZ];
	unsigned long resets;
	const char *action;
	enum eq_mode mode;

	struct eq_hang *h;
	bool reached, top;

	raw_spin_lock_bh(&nic->lock);
	nic->view.watchdog_resets += n;
	nic->view.resets_at_step[nic->view.step] += n;
	nic->view.last_reset_ns = ktime_get_boottime_ns();
	h = &nic->view.hangs[nic->view.hangs_n++ % EQ_HANGS];
	h->time = ktime_get_real_seconds();
	h->step = nic->view.step;
	strscpy(h->remedies, nic->view.remedies, sizeof(h->remedies));
	h->speed = nic->view.speed;
	h->duplex = nic->view.duplex;
	resets = nic->view.watchdog_resets;
	mode = nic->view.hang_mode;
	reached = resets - nic->view.hang_base >= nic->view.hang_threshold;
	action = mode != EQ_MODE_ON_HANG || !reached ? "none" :
		!nic->view.mitigated ? "mitigate" :
		nic->view.hang_more ? "escalate" : "none";
	/* at the top of the ladder: a pass counts and logs it */
	top = mode == EQ_MODE_ON_HANG && nic->view.hang_top;
	strscpy(ifname, nic->view.ifname, sizeof(ifname));
	raw_spin_unlock_bh(&nic->lock);

	trace_watchdog_reset(ifname, nic->facts.pci, queue, resets,
			     eq_mode_name(mode), action);
	if (strcmp(action, "none") || top)
		eq_reconcile_request();
}

static void eq_xmit_timeout_probe(void *data, struct net_device *dev,
				  int queue)
{
	struct eq_nic *nic;

	rcu_read_lock();
	nic = eq_nic_find_rcu(dev);
	if (nic)
		eq_watchdog_count(nic, queue, 1);
	rcu_read_unlock();
}

static unsigned long eq_tx_timeouts(struct net_device *dev, int *queue)
{
	unsigned long sum = 0, n;
	unsigned int i;

	*queue = -1;
	for (i = 0; i < dev->num_tx_queues; i++) {
		n = atomic_long_read(&netdev_get_tx_queue(dev, i)->trans_timeout);
		if (n && *queue < 0)
			*queue = i;
		sum += n;
	}
	return sum;
}

static void eq_poll_fn(struct work_struct *work)
{
	struct net_device *dev;
	unsigned long seen;
	struct eq_nic *nic;
	int queue;

	rcu_read_lock();
	list_for_each_entry_rcu(nic, eq_nic_list(), node) {
		dev = READ_ONCE(nic->dev);
		if (!dev)
			continue;
		seen = eq_tx_timeouts(dev, &queue);
		/* First look: what happened before we watched is not ours. */
		if (nic->poll.poll_started && seen > nic->poll.poll_seen)
			eq_watchdog_count(nic, queue, seen - nic->poll.poll_seen);
		nic->poll.poll_seen = seen;
		nic->poll.poll_started = true;
	}
	rcu_read_unlock();
	schedule_delayed_work(&eq_poll_work, EQ_POLL_INTERVAL);
}

static void eq_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "net_dev_xmit_timeout"))
		*(struct tracepoint **)priv = tp;
}

void eq_watchdog_start(void)
{
	int err = -ENOENT;

	if (!watchdog_poll)
		for_each_kernel_tracepoint(eq_find_tp, &eq_xmit_timeout_tp);
	if (eq_xmit_timeout_tp) {
		err = tracepoint_probe_register(eq_xmit_timeout_tp,
						eq_xmit_timeout_probe, NULL);
		if (err)
			eq_xmit_timeout_tp = NULL;
	}
	if (!err) {
		eq_source = "tracepoint";
	} else {
		eq_source = "poll";
		schedule_delayed_work(&eq_poll_work, EQ_POLL_INTERVAL);
	}
	pr_info("counting TX watchdog resets by %s\n", eq_source);
}

/* Returns once no probe or poll can touch a NIC any more. */
void eq_watchdog_stop(void)
{
	if (eq_xmit_timeout_tp) {
		tracepoint_probe_unregister(eq_xmit_timeout_tp,
					    eq_xmit_timeout_probe, NULL);
		tracepoint_synchronize_unregister();
		eq_xmit_timeout_tp = NULL;
	} else {
		cancel_delayed_work_sync(&eq_poll_work);
	}
}
