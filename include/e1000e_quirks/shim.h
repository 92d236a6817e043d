/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel facilities the pure code (table.c, policy.c) uses, so the
 * same files build in the kernel and in userspace for unit tests and fuzzing.
 */
#ifndef E1000E_QUIRKS_SHIM_H
#define E1000E_QUIRKS_SHIM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Kernel semantics: returns the number of characters written, never more. */
#define scnprintf(buf, size, ...)					\
	({								\
		size_t __sz = (size);					\
		int __n = snprintf((buf), __sz, __VA_ARGS__);		\
		__n < 0 ? 0 : (size_t)__n >= __sz ?			\
			(int)(__sz ? __sz - 1 : 0) : __n;		\
	})
#endif /* __KERNEL__ */

#endif /* E1000E_QUIRKS_SHIM_H */
