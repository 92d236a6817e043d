// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters: the policy's inputs. Values are parsed by policy.c,
 * both at load (a bad value makes the load fail) and on writes to
 * /sys/module/e1000e_quirks/parameters/ (a bad value returns -EINVAL and
 * keeps the old one). A good write only stores the value and asks the
 * reconciler for a pass.
 */
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "eq.h"

static DEFINE_MUTEX(eq_cfg_lock);
static struct eq_config eq_cfg = {
	.mode = EQ_MODE_ALWAYS,
	.features = EQ_FEATURES_DEFAULT,
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

/* Parse into a copy; commit it only if the whole value is valid. */
static int eq_param_update(const char *val,
			   int (*parse)(const char *val,
					struct eq_config *cfg,
					struct eq_err *err))
{
	struct eq_err err = { };
	struct eq_config *cfg;
	int ret;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	mutex_lock(&eq_cfg_lock);
	*cfg = eq_cfg;
	ret = parse(val, cfg, &err);
	if (ret) {
		pr_err("%s\n", err.msg);
	} else {
		eq_cfg = *cfg;
		if (eq_live)
			eq_reconcile_request();
	}
	mutex_unlock(&eq_cfg_lock);
	kfree(cfg);
	return ret;
}

static int parse_mode(const char *val, struct eq_config *cfg,
		      struct eq_err *err)
{
	return eq_parse_mode(val, &cfg->mode, err);
}

static int parse_features(const char *val, struct eq_config *cfg,
			  struct eq_err *err)
{
	return eq_parse_features(val, &cfg->features, err);
}

static int parse_ids(const char *val, struct eq_config *cfg,
		     struct eq_err *err)
{
	return eq_parse_ids(val, cfg->ids, &cfg->n_ids, err);
}

static int mode_set(const char *val, const struct kernel_param *kp)
{
	return eq_param_update(val, parse_mode);
}

static int mode_get(char *buf, const struct kernel_param *kp)
{
	enum eq_mode mode;

	mutex_lock(&eq_cfg_lock);
	mode = eq_cfg.mode;
	mutex_unlock(&eq_cfg_lock);
	return scnprintf(buf, PAGE_SIZE, "%s\n", eq_mode_name(mode));
}

static int features_set(const char *val, const struct kernel_param *kp)
{
	return eq_param_update(val, parse_features);
}

static int features_get(char *buf, const struct kernel_param *kp)
{
	char names[EQ_FEATURES_STRLEN];
	u32 features;

	mutex_lock(&eq_cfg_lock);
	features = eq_cfg.features;
	mutex_unlock(&eq_cfg_lock);
	eq_format_features(features, ',', names, sizeof(names));
	return scnprintf(buf, PAGE_SIZE, "%s\n", names[0] ? names : "none");
}

static int ids_set(const char *val, const struct kernel_param *kp)
{
	return eq_param_update(val, parse_ids);
}

static int ids_get(char *buf, const struct kernel_param *kp)
{
	char ids[EQ_MAX_IDS * 10 + 1];

	mutex_lock(&eq_cfg_lock);
	eq_format_ids(eq_cfg.ids, eq_cfg.n_ids, ids, sizeof(ids));
	mutex_unlock(&eq_cfg_lock);
	return scnprintf(buf, PAGE_SIZE, "%s\n", ids);
}

static const struct kernel_param_ops mode_ops = {
	.set = mode_set,
	.get = mode_get,
};

static const struct kernel_param_ops features_ops = {
	.set = features_set,
	.get = features_get,
};

static const struct kernel_param_ops ids_ops = {
	.set = ids_set,
	.get = ids_get,
};

module_param_cb(mode, &mode_ops, NULL, 0644);
MODULE_PARM_DESC(mode,
		 "always | monitor (dry run) | off | on-hang (default: always)");
module_param_cb(features, &features_ops, NULL, 0644);
MODULE_PARM_DESC(features,
		 "Offloads to turn off, ethtool -K names: tso,gso,gro,sg,tx,rx,rxvlan,txvlan or none (default: tso,gso,sg,tx)");
module_param_cb(ids, &ids_ops, NULL, 0644);
MODULE_PARM_DESC(ids,
		 "Extra vendor:device PCI IDs (hex, comma-separated) to treat as affected, e.g. 8086:10d3 (default: none)");
