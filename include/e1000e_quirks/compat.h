/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every kernel object (see Kbuild): the only place that
 * papers over API differences between supported kernels. Feature macros
 * come from the probes in Kbuild.
 */
#ifndef E1000E_QUIRKS_COMPAT_H
#define E1000E_QUIRKS_COMPAT_H

#include <linux/version.h>

/* dkms.conf refuses older kernels; this catches plain kbuild builds. */
#if KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
#error "e1000e-quirks needs Linux 6.1 or later"
#endif

/*
 * 6.9: ethtool_ops get_eee/set_eee take struct ethtool_keee (eee_enabled a
 * bool) instead of the uapi struct ethtool_eee (a u32). Same field name.
 */
#ifdef HAVE_ETHTOOL_KEEE
#define eq_ethtool_eee ethtool_keee
#else
#define eq_ethtool_eee ethtool_eee
#endif

/*
 * 5.17: get/set_ringparam gained struct kernel_ethtool_ringparam and an
 * extack. Every kernel we support has them; the probe keeps a backport or
 * a vendor kernel without them from building silently wrong.
 */
#ifndef HAVE_KERNEL_ETHTOOL_RINGPARAM
#error "ethtool_ops ringparam without struct kernel_ethtool_ringparam (< 5.17)"
#endif

/*
 * 5.15: get/set_coalesce gained struct kernel_ethtool_coalesce and an
 * extack; as with the rings, every supported kernel has them.
 */
#ifndef HAVE_KERNEL_ETHTOOL_COALESCE
#error "ethtool_ops coalesce without struct kernel_ethtool_coalesce (< 5.15)"
#endif

/*
 * 5.6 added ethtool_notify(dev, cmd, data), exported, declared in
 * linux/netdevice.h; 6.17 dropped its data argument. Both are called under
 * RTNL, as ethtool's own set path does.
 */
#ifdef HAVE_ETHTOOL_NOTIFY_NO_DATA
#define eq_ethtool_notify(dev, cmd) ethtool_notify(dev, cmd)
#else
#define eq_ethtool_notify(dev, cmd) ethtool_notify(dev, cmd, NULL)
#endif

#endif /* E1000E_QUIRKS_COMPAT_H */
