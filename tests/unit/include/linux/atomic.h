/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: atomic_t and atomic64_t operations on the
 * compiler's __atomic builtins (relaxed, like the kernel's non-_return
 * forms; the _return forms are fully ordered).
 */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

#include <linux/types.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

#define atomic_read(v)		__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_set(v, i)	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_add(i, v)	((void)__atomic_fetch_add(&(v)->counter, (i), __ATOMIC_RELAXED))
#define atomic_sub(i, v)	((void)__atomic_fetch_sub(&(v)->counter, (i), __ATOMIC_RELAXED))
#define atomic_inc(v)		atomic_add(1, v)
#define atomic_dec(v)		atomic_sub(1, v)
#define atomic_add_return(i, v)	__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic_inc_return(v)	atomic_add_return(1, v)
#define atomic_dec_and_test(v)	(__atomic_sub_fetch(&(v)->counter, 1, __ATOMIC_SEQ_CST) == 0)

#define atomic64_read(v)	atomic_read(v)
#define atomic64_set(v, i)	atomic_set(v, i)
#define atomic64_add(i, v)	atomic_add(i, v)
#define atomic64_sub(i, v)	atomic_sub(i, v)
#define atomic64_inc(v)		atomic_inc(v)
#define atomic64_dec(v)		atomic_dec(v)
#define atomic64_add_return(i, v) atomic_add_return(i, v)
#define atomic64_inc_return(v)	atomic_inc_return(v)

#endif /* _SHIM_LINUX_ATOMIC_H */
