/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: a mutex on pthreads that also knows its
 * owner, for lockdep_assert_held(). It warns, as CONFIG_DEBUG_MUTEXES does,
 * on unlocking a mutex not held, on destroying a held one and on using a
 * destroyed one; locking a mutex the thread holds already aborts (the
 * kernel would deadlock).
 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <pthread.h>
#include <stdlib.h>

#include <linux/atomic.h>	/* as the kernel's <linux/mutex.h> */
#include <linux/kernel.h>
#include <linux/lockdep.h>

struct mutex {
	pthread_mutex_t	shim_m;
	pthread_t	shim_owner;
	bool		shim_held;
	bool		shim_destroyed;
};

#define __MUTEX_INITIALIZER(name) { .shim_m = PTHREAD_MUTEX_INITIALIZER }
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

static inline void mutex_init(struct mutex *lock)
{
	pthread_mutex_init(&lock->shim_m, NULL);
	lock->shim_held = false;
	lock->shim_destroyed = false;
}

static inline void mutex_lock(struct mutex *lock)
{
	WARN_ON(lock->shim_destroyed);
	if (lockdep_is_held(lock)) {
		shim_warn(__FILE__, __LINE__, "recursive mutex_lock()");
		abort();
	}
	pthread_mutex_lock(&lock->shim_m);
	lock->shim_owner = pthread_self();
	lock->shim_held = true;
	shim.locks_held++;
}

static inline int mutex_trylock(struct mutex *lock)
{
	if (pthread_mutex_trylock(&lock->shim_m))
		return 0;
	lock->shim_owner = pthread_self();
	lock->shim_held = true;
	shim.locks_held++;
	return 1;
}

static inline void mutex_unlock(struct mutex *lock)
{
	if (WARN_ON(!lockdep_is_held(lock)))
		return;
	lock->shim_held = false;
	shim.locks_held--;
	pthread_mutex_unlock(&lock->shim_m);
}

static inline bool mutex_is_locked(struct mutex *lock)
{
	return lock->shim_held;
}

static inline void mutex_destroy(struct mutex *lock)
{
	WARN_ON(lock->shim_held);
	pthread_mutex_destroy(&lock->shim_m);
	lock->shim_destroyed = true;
}

#endif /* _SHIM_LINUX_MUTEX_H */
