/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim for tests/unit: what <linux/log2.h> gives the sources. */
#ifndef _SHIM_LINUX_LOG2_H
#define _SHIM_LINUX_LOG2_H

#include <linux/kernel.h>

/* @n > 0, as in the kernel */
static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return 1UL << (BITS_PER_LONG - 1 - __builtin_clzl(n));
}

#endif /* _SHIM_LINUX_LOG2_H */
