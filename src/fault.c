// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, in test builds only (EQ_FAULT_INJECT=1 on the kbuild
 * command line, see Kbuild; tests/vm/vm.py sets it for the debug kernels,
 * DKMS and the packages never do): one device step at a time is made to
 * fail, through the kernel's fault-injection framework
 * (Documentation/fault-injection/fault-injection.rst).
 *
 * Each step that may fail begins with "if (eq_fault(__func__)) return ...".
 * /sys/kernel/debug/e1000e_quirks/fault/ holds the usual fault_attr files
 * (probability, interval, times, verbose, ...) and "function": the name of
 * the one step that fails, empty for none; a name that is not a step is
 * refused. Unlike fail_function there is no kprobe: should_fail() runs in
 * the step's own (process) context, so lockdep has nothing to report and
 * stays on for everything that follows.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "eq.h"

#if IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS)

/*
 * Every function that calls eq_fault(__func__), besides each tunable's
 * eq_eth_get_<key> and eq_eth_set_<key> (eq_fault_step_known()).
 */
static const char *const eq_fault_steps[] = {
	"eq_eth_resume", "eq_eth_ops_begin", "eq_eth_set_wanted",
	"eq_nic_alloc", "eq_sysfs_add",
};

static bool eq_fault_step_known(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(eq_fault_steps); i++)
		if (!strcmp(name, eq_fault_steps[i]))
			return true;
	if (strncmp(name, "eq_eth_get_", 11) && strncmp(name, "eq_eth_set_", 11))
		return false;
	for (i = 0; i < EQ_TUN_COUNT; i++)
		if (!strcmp(name + 11, eq_tun_info[i].key))
			return true;
	return false;
}

static DECLARE_FAULT_ATTR(eq_fault_attr);
static DEFINE_SPINLOCK(eq_fault_lock);
static char eq_fault_fn[32];		/* guarded by eq_fault_lock */
static struct dentry *eq_fault_root;

bool eq_fault(const char *step)
{
	bool armed;

	spin_lock(&eq_fault_lock);
	armed = !strcmp(eq_fault_fn, step);
	spin_unlock(&eq_fault_lock);
	return armed && should_fail(&eq_fault_attr, 1);
}

static ssize_t eq_fault_fn_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[sizeof(eq_fault_fn) + 1];
	int len;

	spin_lock(&eq_fault_lock);
	len = scnprintf(buf, sizeof(buf), "%s\n", eq_fault_fn);
	spin_unlock(&eq_fault_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t eq_fault_fn_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char buf[sizeof(eq_fault_fn)];
	char *name;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	name = strim(buf);
	if (*name && !eq_fault_step_known(name))
		return -EINVAL;
	spin_lock(&eq_fault_lock);
	strscpy(eq_fault_fn, name, sizeof(eq_fault_fn));
	spin_unlock(&eq_fault_lock);
	return count;
}

static const struct file_operations eq_fault_fn_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = eq_fault_fn_read,
	.write = eq_fault_fn_write,
	.llseek = default_llseek,
};

void eq_fault_init(void)
{
	struct dentry *dir;

	eq_fault_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	dir = fault_create_debugfs_attr("fault", eq_fault_root, &eq_fault_attr);
	if (IS_ERR(dir)) {
		pr_warn("fault injection: no debugfs directory (%ld)\n",
			PTR_ERR(dir));
		return;
	}
	debugfs_create_file("function", 0600, dir, NULL, &eq_fault_fn_fops);
	pr_info("fault injection built in (test build)\n");
}

void eq_fault_exit(void)
{
	debugfs_remove_recursive(eq_fault_root);
}

#else /* !CONFIG_FAULT_INJECTION_DEBUG_FS */

bool eq_fault(const char *step)
{
	return false;
}

void eq_fault_init(void)
{
	pr_info("fault injection built in, but the kernel has no CONFIG_FAULT_INJECTION_DEBUG_FS\n");
}

void eq_fault_exit(void)
{
}

#endif
