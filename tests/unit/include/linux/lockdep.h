/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: lockdep_assert_held() checks that the
 * calling thread holds the lock (struct mutex or spinlock_t of the shim),
 * and counts a warning if not, as lockdep would print one.
 */
#ifndef _SHIM_LINUX_LOCKDEP_H
#define _SHIM_LINUX_LOCKDEP_H

#include <pthread.h>

#include <linux/kernel.h>

#define lockdep_is_held(l)						\
	((l)->shim_held && pthread_equal((l)->shim_owner, pthread_self()))
#define lockdep_assert_held(l)	WARN_ON(!lockdep_is_held(l))
#define lockdep_assert_not_held(l) WARN_ON(lockdep_is_held(l))

#endif /* _SHIM_LINUX_LOCKDEP_H */
