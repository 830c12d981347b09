/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: modules as the core sees them.
 *
 * Every translation unit is a module with its own THIS_MODULE, as every
 * kernel module has its own __this_module. A unit with module_init() starts
 * unloaded: request_module() (see <linux/kmod.h>) "loads" it by running its
 * init when one of its MODULE_ALIAS()es is asked for, and shim_rmmod()
 * unloads it if nobody holds a reference. try_module_get() fails on a
 * module that is not live, and module_refcount() lets tests check that
 * every get was put.
 */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/kernel.h>
#include <linux/types.h>

enum module_state {
	MODULE_STATE_LIVE,
	MODULE_STATE_COMING,
	MODULE_STATE_GOING,
	MODULE_STATE_UNFORMED,	/* here also: not loaded */
};

#define SHIM_MODULE_ALIASES 4

struct module {
	const char		*name;
	enum module_state	state;
	int			refcnt;
	int			(*init)(void);
	void			(*exit)(void);
	const char		*aliases[SHIM_MODULE_ALIASES];
	struct module		*shim_next;	/* modules modprobe knows */
};

#define SHIM_MODULE(modname) { .name = (modname), .state = MODULE_STATE_LIVE }

static struct module __this_module __maybe_unused = SHIM_MODULE(KBUILD_MODNAME);
#define THIS_MODULE (&__this_module)

bool try_module_get(struct module *mod);
void module_put(struct module *mod);
void __module_get(struct module *mod);

/* Registration of a unit's init/exit/aliases, run before main(). */
void shim_module_init(struct module *mod, int (*init)(void));
void shim_module_exit(struct module *mod, void (*exit)(void));
void shim_module_alias(struct module *mod, const char *alias);

#define __init
#define __exit
#define __initdata

#define module_init(fn)							\
static void __attribute__((constructor)) __UNIQUE_ID(shim_init)(void)	\
{									\
	shim_module_init(THIS_MODULE, fn);				\
}

#define module_exit(fn)							\
static void __attribute__((constructor)) __UNIQUE_ID(shim_exit)(void)	\
{									\
	shim_module_exit(THIS_MODULE, fn);				\
}

#define MODULE_ALIAS(_alias)						\
static void __attribute__((constructor)) __UNIQUE_ID(shim_alias)(void)	\
{									\
	shim_module_alias(THIS_MODULE, _alias);				\
}

/* The symbol must exist; a declaration keeps the trailing ';' legal. */
#define EXPORT_SYMBOL(sym)		extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym)		extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	extern __typeof__(sym) sym

#define __SHIM_MODINFO(tag, info) \
	static const char __UNIQUE_ID(tag)[] __maybe_unused = #tag "=" info
#define MODULE_LICENSE(x)	__SHIM_MODINFO(license, x)
#define MODULE_DESCRIPTION(x)	__SHIM_MODINFO(description, x)
#define MODULE_AUTHOR(x)	__SHIM_MODINFO(author, x)
#define MODULE_VERSION(x)	__SHIM_MODINFO(version, x)
#define MODULE_SOFTDEP(x)	__SHIM_MODINFO(softdep, x)

#endif /* _SHIM_LINUX_MODULE_H */
