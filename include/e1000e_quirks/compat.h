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

#endif /* E1000E_QUIRKS_COMPAT_H */
