/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: spinlocks as owner-tracking pthread
 * mutexes; the _bh/_irqsave forms are the same lock.
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <pthread.h>
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/lockdep.h>

typedef struct spinlock {
	pthread_mutex_t	shim_m;
	pthread_t	shim_owner;
	bool		shim_held;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name) { .shim_m = PTHREAD_MUTEX_INITIALIZER }
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

static inline void spin_lock_init(spinlock_t *lock)
{
	pthread_mutex_init(&lock->shim_m, NULL);
	lock->shim_held = false;
}

static inline void spin_lock(spinlock_t *lock)
{
	if (lockdep_is_held(lock)) {
		shim_warn(__FILE__, __LINE__, "recursive spin_lock()");
		abort();
	}
	pthread_mutex_lock(&lock->shim_m);
	lock->shim_owner = pthread_self();
	lock->shim_held = true;
	shim.locks_held++;
}

static inline void spin_unlock(spinlock_t *lock)
{
	if (WARN_ON(!lockdep_is_held(lock)))
		return;
	lock->shim_held = false;
	shim.locks_held--;
	pthread_mutex_unlock(&lock->shim_m);
}

#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)
#define spin_lock_irqsave(l, f)		do { (f) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)

#endif /* _SHIM_LINUX_SPINLOCK_H */
