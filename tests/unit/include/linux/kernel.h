/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the parts of <linux/kernel.h> and the
 * headers it pulls in (bits, bitops, bug, printk, jiffies, overflow, errno)
 * that the core files use. WARN_ON() and pr_*() go through shim.c, which
 * counts them so that a test can fail on an unexpected warning.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

#include <linux/byteorder.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <shim.h>

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "unit"
#endif

/* kernel-internal errno values userspace <errno.h> lacks */
#define ENOTSUPP	524

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define container_of_const(ptr, type, member) container_of(ptr, type, member)

#define UL(x)		(x##UL)
#define ULL(x)		(x##ULL)
#define BIT(nr)		(UL(1) << (nr))
#define BIT_ULL(nr)	(ULL(1) << (nr))
#define BITS_PER_LONG	(8 * (int)sizeof(long))
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define GENMASK(h, l) \
	(((~UL(0)) - (UL(1) << (l)) + 1) & (~UL(0) >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) \
	(((~ULL(0)) - (ULL(1) << (l)) + 1) & (~ULL(0) >> (64 - 1 - (h))))

static inline unsigned int __ffs64(u64 word)
{
	return __builtin_ctzll(word);
}

static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ALIGN(x, a)	(((x) + (a) - 1) & ~((typeof(x))(a) - 1))

/* <linux/overflow.h>, without the saturation (tests use small counts) */
#define struct_size(p, member, count) \
	(sizeof(*(p)) + sizeof(*(p)->member) * (count))
#define flex_array_size(p, member, count) (sizeof(*(p)->member) * (count))

/* <asm-generic/bug.h>: counted; each test fails on unexpected warnings. */
void shim_warn(const char *file, int line, const char *cond);

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		shim_warn(__FILE__, __LINE__, #condition);		\
	unlikely(__ret_warn_on);					\
})

/* Once per test (shim.warn_gen), rather than once per boot. */
#define WARN_ON_ONCE(condition) ({					\
	static unsigned int __warned_gen;				\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once) &&				\
	    __warned_gen != shim.warn_gen + 1) {			\
		__warned_gen = shim.warn_gen + 1;			\
		shim_warn(__FILE__, __LINE__, #condition);		\
	}								\
	unlikely(__ret_warn_once);					\
})

#define WARN(condition, fmt...) WARN_ON(condition)
#define BUG_ON(condition) do {						\
	if (unlikely(condition)) {					\
		shim_warn(__FILE__, __LINE__, "BUG: " #condition);	\
		__builtin_trap();					\
	}								\
} while (0)

/* <linux/printk.h> */
#define LOGLEVEL_ERR		3
#define LOGLEVEL_WARNING	4
#define LOGLEVEL_INFO		6
#define LOGLEVEL_DEBUG		7

void shim_printk(int level, const char *fmt, ...) __printf(2, 3);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_err(fmt, ...)   shim_printk(LOGLEVEL_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)  shim_printk(LOGLEVEL_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)  shim_printk(LOGLEVEL_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) shim_printk(LOGLEVEL_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited  pr_err
#define pr_warn_ratelimited pr_warn
#define pr_warn_once	    pr_warn

/* lib/vsprintf.c: the number of characters written, never more than size-1 */
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);

/* <linux/jiffies.h>: a plain global tests set. */
#define HZ 100
extern unsigned long jiffies;

#endif /* _SHIM_LINUX_KERNEL_H */
