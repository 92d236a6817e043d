// SPDX-License-Identifier: GPL-2.0
/*
 * bugs.c - a throwaway module with one deliberate bug per checker of the
 * debug kernels (tests/debug-kernel.sh), to prove that each checker
 * really reports it (tests/debug/bugs/prove.sh, README.md). It is built as
 * e1000e_quirks.ko so that its frames are named like the real module's.
 *
 * bug=NAME picks one bug, done at module init (kobject: at exit):
 *   leak        8 x kmalloc(64) from a .text helper, never freed kmemleak
 *   leakinit    kmalloc(64) right in the __init function        kmemleak
 *   lockdep     mutexes A->B then B->A                          lockdep
 *   sleep       might_sleep() under a raw_spinlock_t            DEBUG_ATOMIC_SLEEP
 *   rawnest     spinlock_t inside a raw_spinlock_t              PROVE_RAW_LOCK_NESTING
 *   uaf         read of a kfree()d KASAN (not KFENCE) object    KASAN
 *   kfence      read of a kfree()d KFENCE object                KFENCE
 *   ubsan       a[4] of int a[4] inside a struct                UBSAN_BOUNDS
 *   odebug      timer_setup() of a pending timer                DEBUG_OBJECTS_TIMERS
 *   odebugfree  kfree() of a pending timer (fires 1 s later)    DEBUG_OBJECTS_FREE
 *   kobject     a chain of kobjects, release function in the     DEBUG_KOBJECT_RELEASE
 *               module, put at exit
 * No bug= (or an unknown one, which fails the load): nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/jiffies.h>
#include <linux/kfence.h>
#include <linux/kmemleak.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/timer.h>

static char *bug = "";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "the deliberate bug to commit (see bugs.c), empty: none");

static DEFINE_MUTEX(bugs_mutex_a);
static DEFINE_MUTEX(bugs_mutex_b);
static DEFINE_RAW_SPINLOCK(bugs_raw_lock);
static DEFINE_SPINLOCK(bugs_spin_lock);

/* A slab object for KASAN or KFENCE: kfence true asks for a KFENCE one. */
static noinline char *bugs_alloc(size_t size, bool kfence)
{
	unsigned long end = jiffies + 30 * HZ;
	char *p;

	do {
		p = kmalloc(size, GFP_KERNEL);
		if (!p || is_kfence_address(p) == kfence)
			return p;
		kfree(p);
		cond_resched();
	} while (time_before(jiffies, end));
	return NULL;
}

/*
 * kmemleak scans conservatively: a stale copy of a pointer (a spilled
 * register on a kernel stack that is cached for the next task, a printk
 * argument) keeps its object "referenced". One leaked object was missed
 * that way once in CI; eight, with no pointer printed, are not all kept.
 */
#define BUG_LEAKS 8

/*
 * leak_forget=1 (scenario 50, which judges the leak itself): at unload,
 * kmemleak_ignore() every leaked object, so that one still "referenced"
 * by a stale copy at 50's scans is not reported later, at the run's end.
 * The addresses are kept XORed with a constant: kmemleak scans this
 * module's data too, and a plain pointer here would be a reference.
 */
static bool leak_forget;
module_param(leak_forget, bool, 0444);
MODULE_PARM_DESC(leak_forget, "bug=leak: kmemleak_ignore() the leaks at unload");
#define BUG_LEAK_XOR 0x5a5a5a5a5a5a5a5aUL
static unsigned long bug_leaked[BUG_LEAKS];

static noinline int bug_leak(void)
{
	int i;

	for (i = 0; i < BUG_LEAKS; i++) {
		char *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		memset(p, 0x5a, 64);
		bug_leaked[i] = (unsigned long)p ^ BUG_LEAK_XOR;
	}
	pr_info("leak: %d objects of 64 bytes are never freed\n", BUG_LEAKS);
	return 0;
}

static noinline int bug_lockdep(void)
{
	mutex_lock(&bugs_mutex_a);
	mutex_lock(&bugs_mutex_b);
	mutex_unlock(&bugs_mutex_b);
	mutex_unlock(&bugs_mutex_a);

	mutex_lock(&bugs_mutex_b);
	mutex_lock(&bugs_mutex_a);	/* B then A: the inversion */
	mutex_unlock(&bugs_mutex_a);
	mutex_unlock(&bugs_mutex_b);
	return 0;
}

static noinline int bug_sleep(void)
{
	raw_spin_lock(&bugs_raw_lock);
	might_sleep();			/* what mutex_lock() or msleep() says */
	raw_spin_unlock(&bugs_raw_lock);
	return 0;
}

static noinline int bug_rawnest(void)
{
	raw_spin_lock(&bugs_raw_lock);
	spin_lock(&bugs_spin_lock);	/* a sleeping lock on PREEMPT_RT */
	spin_unlock(&bugs_spin_lock);
	raw_spin_unlock(&bugs_raw_lock);
	return 0;
}

/* kfence false: KASAN's use-after-free; true: KFENCE's. */
static noinline int bug_use_after_free(bool kfence)
{
	char *p = bugs_alloc(64, kfence);

	if (!p) {
		/* Not "KFENCE" in capitals: vm.py's splat pattern has that word. */
		pr_err("no %s object\n", kfence ? "kfence-sampled" : "unsampled");
		return -EAGAIN;
	}
	memset(p, 0x5a, 64);
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	pr_info("use-after-free: read %d\n", READ_ONCE(p[8]));
	return 0;
}

/* Not a trailing member: no flexible-array leniency, and KASAN sees no overflow. */
static struct {
	int a[4];
	int b;
} bugs_arr = { { 1, 2, 3, 4 }, 5 };

static noinline int bug_ubsan(void)
{
	size_t i = strlen(bug) - 1;	/* "ubsan": 4, one past a[3] */

	pr_info("ubsan: a[%zu] = %d\n", i, bugs_arr.a[i]);
	return 0;
}

static struct timer_list bugs_timer;

static void bugs_timer_fn(struct timer_list *t)
{
	pr_info("timer %p fired\n", t);
}

static noinline int bug_odebug(void)
{
	timer_setup(&bugs_timer, bugs_timer_fn, 0);
	mod_timer(&bugs_timer, jiffies + 3600 * HZ);
	timer_setup(&bugs_timer, bugs_timer_fn, 0);	/* init of an active object */
	timer_delete_sync(&bugs_timer);
	return 0;
}

struct bugs_timed {
	struct timer_list timer;
};

static noinline int bug_odebugfree(void)
{
	struct bugs_timed *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	timer_setup(&t->timer, bugs_timer_fn, 0);
	mod_timer(&t->timer, jiffies + HZ);
	kfree(t);			/* still pending */
	return 0;
}

/*
 * A chain of kobjects, each the parent of the next, as nested sysfs
 * directories are. rmmod (free_module()) waits for the module's own
 * kobject, and DEBUG_KOBJECT_RELEASE delays that one's release, and those of
 * its "holders" and "notes" children before it, 1 to 4 s each: the module
 * is gone 2 to 8 s after our exit, later than a single kobject of ours
 * would be released. Down a chain each parent is released only after its
 * child, the delays add up: the top one is released at least
 * BUGS_NR_KOBJ s after our exit, always after the module is gone.
 */
#define BUGS_NR_KOBJ 10
static struct kobject *bugs_kobj[BUGS_NR_KOBJ];

static void bugs_kobj_release(struct kobject *kobj)
{
	pr_info("kobject release %p\n", kobj);
	kfree(kobj);
}

static const struct kobj_type bugs_ktype = {
	.release = bugs_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

static void bugs_kobj_put_all(void)
{
	int i;

	for (i = BUGS_NR_KOBJ - 1; i >= 0; i--) {
		if (bugs_kobj[i])
			kobject_put(bugs_kobj[i]);
		bugs_kobj[i] = NULL;
	}
}

static noinline int bug_kobject(void)
{
	struct kobject *kobj, *parent = kernel_kobj;
	int i, err;

	for (i = 0; i < BUGS_NR_KOBJ; i++) {
		kobj = kzalloc(sizeof(*kobj), GFP_KERNEL);
		if (!kobj) {
			bugs_kobj_put_all();
			return -ENOMEM;
		}
		err = kobject_init_and_add(kobj, &bugs_ktype, parent,
					   i ? "%d" : "e1000e_quirks_bugs", i);
		if (err) {
			kobject_put(kobj);
			bugs_kobj_put_all();
			return err;
		}
		bugs_kobj[i] = kobj;
		parent = kobj;
	}
	return 0;
}

static int __init bugs_init(void)
{
	if (!*bug)
		return 0;
	pr_info("committing bug '%s'\n", bug);
	if (!strcmp(bug, "leak"))
		return bug_leak();
	if (!strcmp(bug, "leakinit")) {
		/* The allocating frame is in .init.text, freed after the load. */
		char *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		memset(p, 0x5a, 64);
		pr_info("leakinit: %p is never freed\n", p);
		return 0;
	}
	if (!strcmp(bug, "lockdep"))
		return bug_lockdep();
	if (!strcmp(bug, "sleep"))
		return bug_sleep();
	if (!strcmp(bug, "rawnest"))
		return bug_rawnest();
	if (!strcmp(bug, "uaf"))
		return bug_use_after_free(false);
	if (!strcmp(bug, "kfence"))
		return bug_use_after_free(true);
	if (!strcmp(bug, "ubsan"))
		return bug_ubsan();
	if (!strcmp(bug, "odebug"))
		return bug_odebug();
	if (!strcmp(bug, "odebugfree"))
		return bug_odebugfree();
	if (!strcmp(bug, "kobject"))
		return bug_kobject();
	pr_err("unknown bug '%s'\n", bug);
	return -EINVAL;
}

static void __exit bugs_exit(void)
{
	/*
	 * With DEBUG_KOBJECT_RELEASE the releases run 1 to 4 s after each
	 * other from now on, the last ones when bugs_ktype and
	 * bugs_kobj_release are gone with the module.
	 */
	bugs_kobj_put_all();
	if (leak_forget) {
		int i;

		for (i = 0; i < BUG_LEAKS; i++)
			if (bug_leaked[i])
				kmemleak_ignore((void *)(bug_leaked[i] ^ BUG_LEAK_XOR));
	}
}

module_init(bugs_init);
module_exit(bugs_exit);

MODULE_DESCRIPTION("e1000e-quirks debug-kernel checker proof (deliberately buggy, test only)");
MODULE_LICENSE("GPL");
