// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters: the policy's inputs. Values are parsed by policy.c,
 * both at load (a bad value makes the load fail) and on writes to
 * /sys/module/e1000e_quirks/parameters/ (a bad value returns -EINVAL and
 * keeps the old one). A good write only stores the value and asks the
 * reconciler for a pass, which re-plans every NIC.
 */
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "eq.h"

static DEFINE_MUTEX(eq_cfg_lock);
static struct eq_config eq_cfg = {
	.mode = EQ_MODE_ALWAYS,
	.features = EQ_FEATURES_DEFAULT,
	.hang_threshold = 1,
	/* every tunable field 0: leave it alone (eq_config_init()) */
};

static bool eq_live;		/* under eq_cfg_lock: passes may be requested */

void eq_config_snapshot(struct eq_config *cfg)
{
	mutex_lock(&eq_cfg_lock);
	*cfg = eq_cfg;
	mutex_unlock(&eq_cfg_lock);
}

void eq_params_start(void)
{
	mutex_lock(&eq_cfg_lock);
	eq_live = true;
	mutex_unlock(&eq_cfg_lock);
}

void eq_params_stop(void)
{
	mutex_lock(&eq_cfg_lock);
	eq_live = false;
	mutex_unlock(&eq_cfg_lock);
}

/* The tunables' parameters come last: EQ_P_TUN + enum eq_field. */
enum eq_param {
	EQ_P_MODE,
	EQ_P_FEATURES,
	EQ_P_IDS,
	EQ_P_NIC,
	EQ_P_ENFORCE,
	EQ_P_HANG_THRESHOLD,
	EQ_P_ESCALATE,
	EQ_P_TUN,
};

static int eq_parse_param(enum eq_param p, const char *val,
			  struct eq_config *cfg, struct eq_err *err)
{
	if (p >= EQ_P_TUN)
		return eq_parse_field(p - EQ_P_TUN, val, &cfg->tun[p - EQ_P_TUN],
				      err);
	switch (p) {
	case EQ_P_MODE:
		return eq_parse_mode(val, &cfg->mode, err);
	case EQ_P_FEATURES:
		return eq_parse_features(val, &cfg->features, err);
	case EQ_P_IDS:
		return eq_parse_ids(val, cfg->ids, &cfg->n_ids, err);
	case EQ_P_NIC:
		return eq_parse_nics(val, cfg->nics, &cfg->n_nics, err);
	case EQ_P_ENFORCE:
		return eq_parse_bool("enforce", val, &cfg->enforce, err);
	case EQ_P_HANG_THRESHOLD:
		return eq_parse_threshold(val, &cfg->hang_threshold, err);
	case EQ_P_ESCALATE:
		return eq_parse_bool("escalate", val, &cfg->escalate, err);
	default:
		break;
	}
	return -EINVAL;
}

static int eq_format_param(enum eq_param p, const struct eq_config *cfg,
			   char *buf, size_t len)
{
	int n;

	if (p >= EQ_P_TUN)
		return eq_format_field(p - EQ_P_TUN, cfg->tun[p - EQ_P_TUN], buf,
				       len);
	switch (p) {
	case EQ_P_MODE:
		return scnprintf(buf, len, "%s", eq_mode_name(cfg->mode));
	case EQ_P_FEATURES:
		n = eq_format_features(cfg->features, ',', buf, len);
		return n ? n : scnprintf(buf, len, "none");
	case EQ_P_IDS:
		return eq_format_ids(cfg->ids, cfg->n_ids, buf, len);
	case EQ_P_NIC:
		return eq_format_nics(cfg->nics, cfg->n_nics, buf, len);
	case EQ_P_ENFORCE:
		return scnprintf(buf, len, "%d", cfg->enforce);
	case EQ_P_HANG_THRESHOLD:
		return scnprintf(buf, len, "%u", cfg->hang_threshold);
	case EQ_P_ESCALATE:
		return scnprintf(buf, len, "%d", cfg->escalate);
	default:
		break;
	}
	return 0;
}

/* Parse into a copy; commit it only if the whole value is valid. */
static int eq_param_set(const char *val, const struct kernel_param *kp)
{
	enum eq_param p = *(const enum eq_param *)kp->arg;
	struct eq_err err = { };
	struct eq_config *cfg;
	int ret;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	mutex_lock(&eq_cfg_lock);
	*cfg = eq_cfg;
	ret = eq_parse_param(p, val, cfg, &err);
	if (ret) {
		pr_err("%s\n", err.msg);
	} else {
		eq_cfg = *cfg;
		if (eq_live)
			eq_reconcile_params_changed();
	}
	mutex_unlock(&eq_cfg_lock);
	kfree(cfg);
	return ret;
}

static int eq_param_get(char *buf, const struct kernel_param *kp)
{
	enum eq_param p = *(const enum eq_param *)kp->arg;
	int n;

	mutex_lock(&eq_cfg_lock);
	n = eq_format_param(p, &eq_cfg, buf, PAGE_SIZE - 1);
	mutex_unlock(&eq_cfg_lock);
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

static const struct kernel_param_ops eq_param_ops = {
	.set = eq_param_set,
	.get = eq_param_get,
};

#define EQ_PARAM(_name, _id, _desc)					\
	static enum eq_param eq_param_##_name = _id;			\
	module_param_cb(_name, &eq_param_ops, &eq_param_##_name, 0644);	\
	MODULE_PARM_DESC(_name, _desc)

EQ_PARAM(mode, EQ_P_MODE,
	 "always | monitor (dry run) | off | on-hang (default: always)");
EQ_PARAM(features, EQ_P_FEATURES,
	 "Offloads to turn off, ethtool -K names: tso,gso,gro,sg,tx,rx,rxvlan,txvlan or none (default: tso,gso,sg,tx)");
EQ_PARAM(ids, EQ_P_IDS,
	 "Extra PCI IDs vendor:device or vendor:device:subvendor:subdevice (hex, comma-separated) to treat as affected, e.g. 8086:10d3 (default: none)");
EQ_PARAM(nic, EQ_P_NIC,
	 "Per-NIC entries 'pci=|mac=|subsys=|name=...,key=value...' separated by ';' (default: none)");
EQ_PARAM(enforce, EQ_P_ENFORCE,
	 "1: turn offloads off again when userspace turns them back on (default: 0)");
EQ_PARAM(hang_threshold, EQ_P_HANG_THRESHOLD,
	 "mode=on-hang: TX watchdog resets before mitigating (default: 1)");
EQ_PARAM(escalate, EQ_P_ESCALATE,
	 "mode=on-hang: 1 applies one remedy per hang_threshold resets, in the order offloads, eee, pause, rings, k1 (default: 0)");
/*
 * One parameter per tunable field of the list (tunables.h), parsed and
 * shown through the list; the declarations are the one part written here
 * by hand (tests/unit/test_tunables.c checks there is one per field).
 */
EQ_PARAM(tx_ring, EQ_P_TUN + EQ_FLD_TX_RING,
	 "TX descriptors, 64..4096 in steps of 8; 0 leaves the ring alone (default: 0)");
EQ_PARAM(rx_ring, EQ_P_TUN + EQ_FLD_RX_RING,
	 "RX descriptors, 64..4096 in steps of 8; 0 leaves the ring alone (default: 0)");
EQ_PARAM(eee, EQ_P_TUN + EQ_FLD_EEE,
	 "Energy Efficient Ethernet: keep | off (default: keep)");
EQ_PARAM(pause, EQ_P_TUN + EQ_FLD_PAUSE,
	 "Flow control (RX and TX pause): keep | off (default: keep)");
EQ_PARAM(k1, EQ_P_TUN + EQ_FLD_K1,
	 "K1 power state of the MAC-PHY link (e1000e's disable-k1 flag, 6.19+): keep | off | on (on: where the driver turned K1 off by default) (default: keep)");
EQ_PARAM(rx_usecs, EQ_P_TUN + EQ_FLD_RX_USECS,
	 "Interrupt coalescing, ethtool -C rx-usecs (e1000e's InterruptThrottleRate): keep | 0 (off) | 1, 3 (dynamic) | 4 | 10..10000 microseconds; never an escalation step (default: keep)");
