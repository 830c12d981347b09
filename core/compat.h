/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the supported kernels (6.1 and 6.12 LTS),
 * in one place. Force-included into every file of the kernel build.
 *
 * The HAVE_* symbols come from Kbuild, which probes the kernel's headers
 * rather than comparing version numbers: distribution kernels backport.
 */
#ifndef _NFTO_COMPAT_H
#define _NFTO_COMPAT_H

#ifdef __KERNEL__
/* One prefix for every message of every module; before any printk.h. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/devlink.h>

/* 6.3+: the devl_* locked variants; 6.1 has only the self-locking ones. */
#ifdef HAVE_DEVL_PARAMS_REGISTER
#define nfto_devl_params_register	devl_params_register
#define nfto_devl_params_unregister	devl_params_unregister
#else
#define nfto_devl_params_register	devlink_params_register
#define nfto_devl_params_unregister	devlink_params_unregister
#endif

#ifdef HAVE_DEVL_HEALTH_REPORTER_CREATE
#define nfto_devl_health_reporter_create	devl_health_reporter_create
#define nfto_devl_health_reporter_destroy	devl_health_reporter_destroy
#else
#define nfto_devl_health_reporter_create	devlink_health_reporter_create
#define nfto_devl_health_reporter_destroy	devlink_health_reporter_destroy
#endif

/*
 * 6.2+ registers devlink with the instance lock held, early in probe;
 * 6.1 registers after everything is set up, without the lock.
 */
#ifdef HAVE_DEVL_REGISTER
static inline int nfto_devl_register_early(struct devlink *devlink)
{
	return devl_register(devlink);
}

static inline void nfto_devlink_register_late(struct devlink *devlink)
{
}

static inline void nfto_devlink_unregister_early(struct devlink *devlink)
{
}

static inline void nfto_devl_unregister_late(struct devlink *devlink)
{
	devl_unregister(devlink);
}
#else
static inline int nfto_devl_register_early(struct devlink *devlink)
{
	return 0;
}

static inline void nfto_devlink_register_late(struct devlink *devlink)
{
	devlink_register(devlink);
}

static inline void nfto_devlink_unregister_early(struct devlink *devlink)
{
	devlink_unregister(devlink);
}

static inline void nfto_devl_unregister_late(struct devlink *devlink)
{
}
#endif

/* 6.4+ passes a const struct bus_type to bus attribute callbacks. */
#ifdef HAVE_CONST_BUS_TYPE_ATTR
#define NFTO_BUS_TYPE_CONST const
#else
#define NFTO_BUS_TYPE_CONST
#endif

/* 6.1 must be told that reload is supported; later kernels see the ops. */
static inline void nfto_devlink_enable_reload(struct devlink *devlink)
{
#ifdef HAVE_DEVLINK_SET_FEATURES
	devlink_set_features(devlink, DEVLINK_F_RELOAD);
#endif
}

#endif /* __KERNEL__ */
#endif /* _NFTO_COMPAT_H */
