// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace shim for tests/unit: the out-of-line part of the kernel API the
 * core files use (printk, WARN, allocation, string helpers, modules), with
 * the counters of <shim.h> that tests check.
 */
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nfto.h"

struct shim_state shim;
unsigned long jiffies;

/* Not counted as live objects: made once, before any test. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	if (c)
		c->size = size;
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	free(c);
}

/* What nft_offload_lib's module_init does (core/lib.c), before main(). */
static void __attribute__((constructor)) shim_lib_init(void)
{
	if (nfto_lib_cache_init())
		abort();
}

void shim_warn(const char *file, int line, const char *cond)
{
	shim.warnings++;
	snprintf(shim.last_warning, sizeof(shim.last_warning), "%s:%d: %s",
		 file, line, cond);
	fprintf(stderr, "# WARNING: at %s\n", shim.last_warning);
}

void shim_printk(int level, const char *fmt, ...)
{
	static const char * const names[] = {
		[LOGLEVEL_ERR] = "err", [LOGLEVEL_WARNING] = "warn",
		[LOGLEVEL_INFO] = "info", [LOGLEVEL_DEBUG] = "debug",
	};
	size_t len;
	va_list ap;

	switch (level) {
	case LOGLEVEL_ERR:
		shim.pr_err++;
		break;
	case LOGLEVEL_WARNING:
		shim.pr_warn++;
		break;
	case LOGLEVEL_INFO:
		shim.pr_info++;
		break;
	default:
		shim.pr_debug++;
		break;
	}
	va_start(ap, fmt);
	vsnprintf(shim.last_pr, sizeof(shim.last_pr), fmt, ap);
	va_end(ap);
	len = strlen(shim.last_pr);
	if (len && shim.last_pr[len - 1] == '\n')
		shim.last_pr[len - 1] = '\0';
	if (!shim.quiet)
		fprintf(stderr, "# pr_%s: %s\n", names[level] ?: "?",
			shim.last_pr);
}

void shim_net_warn(const char *fmt, ...)
{
	size_t len;
	va_list ap;

	shim.net_warns++;
	va_start(ap, fmt);
	vsnprintf(shim.last_net_warn, sizeof(shim.last_net_warn), fmt, ap);
	va_end(ap);
	len = strlen(shim.last_net_warn);
	if (len && shim.last_net_warn[len - 1] == '\n')
		shim.last_net_warn[len - 1] = '\0';
	if (!shim.quiet)
		fprintf(stderr, "# net_warn: %s\n", shim.last_net_warn);
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int i;

	i = vsnprintf(buf, size, fmt, args);
	if (likely((size_t)i < size))
		return i;
	if (size != 0)
		return size - 1;
	return 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

/* Allocation */

static bool shim_alloc_fails(void)
{
	if (shim.fail_alloc_nth && !--shim.fail_alloc_nth) {
		shim.allocs_failed++;
		return true;
	}
	return false;
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	if (shim_alloc_fails())
		return NULL;
	/* Not zeroed, as in the kernel: a pattern makes stale reads show. */
	p = malloc(size ? size : 1);
	if (!p)
		return NULL;
	if (flags & __GFP_ZERO)
		memset(p, 0, size);
	else
		memset(p, 0xa5, size);
	shim.allocs_live++;
	shim.allocs_total++;
	return p;
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags);
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

void kfree(const void *p)
{
	if (!p)
		return;
	shim.allocs_live--;
	free((void *)p);
}

void shim_kfree_rcu(const void *p)
{
	shim.kfree_rcu_calls++;
	kfree(p);
}

/* Modules */

static struct module *shim_modules;	/* known to modprobe */

static void shim_module_know(struct module *mod)
{
	struct module *m;

	for (m = shim_modules; m; m = m->shim_next)
		if (m == mod)
			return;
	mod->shim_next = shim_modules;
	shim_modules = mod;
}

void shim_module_init(struct module *mod, int (*init)(void))
{
	shim_module_know(mod);
	mod->init = init;
	mod->state = MODULE_STATE_UNFORMED;	/* until modprobe */
}

void shim_module_exit(struct module *mod, void (*exit)(void))
{
	shim_module_know(mod);
	mod->exit = exit;
}

void shim_module_alias(struct module *mod, const char *alias)
{
	unsigned int i;

	shim_module_know(mod);
	for (i = 0; i < SHIM_MODULE_ALIASES; i++) {
		if (!mod->aliases[i]) {
			mod->aliases[i] = alias;
			return;
		}
	}
	fprintf(stderr, "shim: too many aliases for %s\n", mod->name);
	abort();
}

bool try_module_get(struct module *mod)
{
	if (!mod)
		return true;
	if (mod->state != MODULE_STATE_LIVE)
		return false;
	mod->refcnt++;
	return true;
}

void __module_get(struct module *mod)
{
	if (mod)
		mod->refcnt++;
}

void module_put(struct module *mod)
{
	if (!mod)
		return;
	if (WARN_ON(mod->refcnt <= 0))
		return;
	mod->refcnt--;
}

int module_refcount(struct module *mod)
{
	return mod->refcnt;
}

static struct module *shim_module_find(const char *name)
{
	struct module *m;
	unsigned int i;

	for (m = shim_modules; m; m = m->shim_next) {
		if (!strcmp(m->name, name))
			return m;
		for (i = 0; i < SHIM_MODULE_ALIASES && m->aliases[i]; i++)
			if (!strcmp(m->aliases[i], name))
				return m;
	}
	return NULL;
}

/* What "modprobe <name>" does: load the module with that name or alias. */
int shim_modprobe(const char *name)
{
	struct module *m = shim_module_find(name);
	int err = 0;

	if (!m)
		return -ENOENT;
	if (m->state != MODULE_STATE_UNFORMED)
		return 0;			/* already loaded */
	m->state = MODULE_STATE_COMING;
	if (m->init)
		err = m->init();
	m->state = err ? MODULE_STATE_UNFORMED : MODULE_STATE_LIVE;
	return err;
}

/* What "rmmod" does: refuse while referenced, else run the exit. */
int shim_rmmod(struct module *mod)
{
	if (mod->state != MODULE_STATE_LIVE)
		return -ENOENT;
	if (mod->refcnt)
		return -EBUSY;
	mod->state = MODULE_STATE_GOING;
	if (mod->exit)
		mod->exit();
	mod->state = MODULE_STATE_UNFORMED;
	return 0;
}

int __request_module(bool wait, const char *fmt, ...)
{
	va_list ap;

	(void)wait;
	shim.request_module_calls++;
	va_start(ap, fmt);
	vsnprintf(shim.last_request_module, sizeof(shim.last_request_module),
		  fmt, ap);
	va_end(ap);
	if (shim.request_module_hook)
		return shim.request_module_hook(shim.last_request_module);
	return shim_modprobe(shim.last_request_module);
}
