/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the compiler attributes and helpers the
 * kernel gets from <linux/compiler*.h>. Only what the core files use.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#include <sys/cdefs.h>	/* libc defines __always_inline too */

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __maybe_unused		__attribute__((__unused__))
#define noinline		__attribute__((__noinline__))
#define __always_unused		__attribute__((__unused__))
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define __must_check		__attribute__((__warn_unused_result__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __cold			__attribute__((__cold__))
#define __force
#define __rcu
#define __user
#define __iomem
#define __percpu
/* Clang 14 and GCC 12 know neither; the kernel drops it the same way. */
#define __counted_by(member)
#define fallthrough		__attribute__((__fallthrough__))

#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define barrier()		__asm__ __volatile__("" : : : "memory")
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#endif /* _SHIM_LINUX_COMPILER_H */
