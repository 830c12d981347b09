// SPDX-License-Identifier: GPL-2.0
/*
 * Backend registry.
 *
 * Backends register a const struct nfto_backend_ops from their module_init.
 * They depend on nft_offload_lib only, not on nft_offload: that lets
 * nft_offload's own module_init request_module() a backend (for its
 * "backend=" parameter) without waiting on itself.
 */
#include <linux/ctype.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nfto.h"

struct nfto_backend {
	struct list_head		list;
	const struct nfto_backend_ops	*ops;
	struct rcu_head			rcu;
};

/* Writers hold nfto_backends_lock; readers walk the list under RCU. */
static DEFINE_MUTEX(nfto_backends_lock);
static LIST_HEAD(nfto_backends);

bool nfto_backend_name_valid(const char *name)
{
	size_t len = strnlen(name, NFTO_BACKEND_NAME_MAX);
	size_t i;

	if (!len || len >= NFTO_BACKEND_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		/* not islower(): the kernel's is true for Latin-1 letters */
		if (!((c >= 'a' && c <= 'z') || isdigit(c) || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}
EXPORT_SYMBOL_GPL(nfto_backend_name_valid);

static struct nfto_backend *nfto_backend_find_rcu(const char *name)
{
	struct nfto_backend *b;

	list_for_each_entry_rcu(b, &nfto_backends, list)
		if (!strcmp(b->ops->name, name))
			return b;
	return NULL;
}

int nfto_backend_register(const struct nfto_backend_ops *ops)
{
	const struct nfto_caps *caps = ops ? ops->caps : NULL;
	struct nfto_backend *b;
	int err = 0;

	if (!ops || !ops->name || !nfto_backend_name_valid(ops->name)) {
		pr_err("backend register: missing or invalid name\n");
		return -EINVAL;
	}
	if (!caps || !ops->version || !caps->table_size || !caps->max_actions ||
	    caps->table_size > caps->table_size_max ||
	    caps->max_actions > NFTO_MAX_ACTIONS ||
	    (ops->flow_add && !ops->flow_del)) {
		pr_err("backend %s: needs caps, a version, 0 < table_size <= table_size_max, 0 < max_actions <= %d and flow_del with flow_add\n",
		       ops->name, NFTO_MAX_ACTIONS);
		return -EINVAL;
	}

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->ops = ops;

	mutex_lock(&nfto_backends_lock);
	rcu_read_lock();
	if (nfto_backend_find_rcu(ops->name))
		err = -EEXIST;
	rcu_read_unlock();
	if (!err)
		list_add_tail_rcu(&b->list, &nfto_backends);
	mutex_unlock(&nfto_backends_lock);

	if (err) {
		pr_err("backend %s is already registered\n", ops->name);
		kfree(b);
		return err;
	}
	pr_info("backend %s %s registered\n", ops->name, ops->version);
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_backend_register);

void nfto_backend_unregister(const struct nfto_backend_ops *ops)
{
	struct nfto_backend *b;

	mutex_lock(&nfto_backends_lock);
	list_for_each_entry(b, &nfto_backends, list) {
		if (b->ops == ops) {
			list_del_rcu(&b->list);
			kfree_rcu(b, rcu);
			break;
		}
	}
	mutex_unlock(&nfto_backends_lock);
	/* Users pin ops->owner, so no device can still use @ops here. */
}
EXPORT_SYMBOL_GPL(nfto_backend_unregister);

static const struct nfto_backend_ops *nfto_backend_try_get(const char *name)
{
	const struct nfto_backend_ops *ops = NULL;
	struct nfto_backend *b;

	rcu_read_lock();
	b = nfto_backend_find_rcu(name);
	if (b && try_module_get(b->ops->owner))
		ops = b->ops;
	rcu_read_unlock();
	return ops;
}

/**
 * nfto_backend_get - find a backend by name and pin its module
 * @name: backend name
 *
 * Loads "nft-offload-backend-<name>" when the backend is not registered yet.
 * Must be called with no locks held: the module's init takes
 * nfto_backends_lock. Only the prefixed alias is ever requested, and only
 * for names of [a-z0-9_-], so users cannot load arbitrary modules.
 *
 * Return: the ops, pinned (release with nfto_backend_put()), or NULL.
 */
const struct nfto_backend_ops *nfto_backend_get(const char *name)
{
	const struct nfto_backend_ops *ops;

	if (!nfto_backend_name_valid(name))
		return NULL;
	ops = nfto_backend_try_get(name);
	if (ops)
		return ops;
	request_module(NFTO_BACKEND_ALIAS_PREFIX "%s", name);
	return nfto_backend_try_get(name);
}
EXPORT_SYMBOL_GPL(nfto_backend_get);

void nfto_backend_put(const struct nfto_backend_ops *ops)
{
	if (ops)
		module_put(ops->owner);
}
EXPORT_SYMBOL_GPL(nfto_backend_put);

/* Space-separated names of the registered backends, for messages. */
int nfto_backend_list(char *buf, size_t len)
{
	struct nfto_backend *b;
	size_t off = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	rcu_read_lock();
	list_for_each_entry_rcu(b, &nfto_backends, list)
		off += scnprintf(buf + off, len - off, "%s%s",
				 off ? " " : "", b->ops->name);
	rcu_read_unlock();
	return off;
}
EXPORT_SYMBOL_GPL(nfto_backend_list);

/*
 * Calls @fn for each registered backend from index @skip on, under RCU
 * (@fn must not sleep), until it returns non-zero. Returns the index of the
 * first backend not done.
 */
int nfto_backends_walk(int skip,
		       int (*fn)(const struct nfto_backend_ops *ops, void *arg),
		       void *arg)
{
	struct nfto_backend *b;
	int idx = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(b, &nfto_backends, list) {
		if (idx >= skip && fn(b->ops, arg))
			break;
		idx++;
	}
	rcu_read_unlock();
	return idx;
}
EXPORT_SYMBOL_GPL(nfto_backends_walk);
