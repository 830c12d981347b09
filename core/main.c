// SPDX-License-Identifier: GPL-2.0
/*
 * nft_offload: one generic hardware-offload core for nftables offload
 * chains, tc flower and nft flowtables, with pluggable vendor backends and
 * simulated switch devices that keep real state.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "dev.h"

struct dentry *nfto_debugfs_root;
static bool nfto_live;

/* Default backend for new devices; guarded by kernel_param_lock(). */
static char nfto_backend_param[NFTO_BACKEND_NAME_MAX] = "netdevsim";

static int nfto_backend_param_set(const char *val, const struct kernel_param *kp)
{
	char buf[NFTO_BACKEND_NAME_MAX + 2], *name;
	const struct nfto_backend_ops *ops;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	name = strim(buf);
	if (!nfto_backend_name_valid(name)) {
		pr_err("backend: '%s' is not a backend name ([a-z0-9_-])\n", name);
		return -EINVAL;
	}
	/* At load time module_init checks it, once we can load backends. */
	if (nfto_live) {
		ops = nfto_backend_get(name);
		if (!ops) {
			char list[128];

			nfto_backend_list(list, sizeof(list));
			pr_err("backend: unknown backend '%s'; available: %s\n",
			       name, list[0] ? list : "none loaded");
			return -ENOENT;
		}
		nfto_backend_put(ops);
	}
	if (strscpy(nfto_backend_param, name, sizeof(nfto_backend_param)) < 0)
		return -EINVAL;
	return 0;
}

static const struct kernel_param_ops nfto_backend_param_ops = {
	.set = nfto_backend_param_set,
	.get = param_get_string,
};

static struct kparam_string nfto_backend_kps = {
	.maxlen = sizeof(nfto_backend_param),
	.string = nfto_backend_param,
};

module_param_cb(backend, &nfto_backend_param_ops, &nfto_backend_kps, 0644);
MODULE_PARM_DESC(backend, "Default backend of new devices (default: netdevsim)");

void nfto_default_backend(char *buf, size_t len)
{
	kernel_param_lock(THIS_MODULE);
	strscpy(buf, nfto_backend_param, len);
	kernel_param_unlock(THIS_MODULE);
}

static int __init nfto_init(void)
{
	const struct nfto_backend_ops *ops;
	char name[NFTO_BACKEND_NAME_MAX];
	int err;

	/*
	 * Backends depend on nft_offload_lib only, so loading one from here
	 * does not wait on this module. No lock is held.
	 */
	nfto_default_backend(name, sizeof(name));
	ops = nfto_backend_get(name);
	if (!ops) {
		char list[128];

		nfto_backend_list(list, sizeof(list));
		pr_err("unknown backend '%s'; available: %s\n", name,
		       list[0] ? list : "none loaded");
		return -ENOENT;
	}
	nfto_backend_put(ops);

	nfto_debugfs_root = debugfs_create_dir("nft_offload", NULL);
	err = nfto_offload_init();
	if (err)
		goto err_debugfs;
	err = nfto_bus_init();
	if (err)
		goto err_offload;
	err = nfto_genl_init();
	if (err)
		goto err_bus;
	nfto_live = true;
	return 0;

err_bus:
	nfto_bus_exit();
err_offload:
	nfto_offload_exit();
err_debugfs:
	debugfs_remove_recursive(nfto_debugfs_root);
	return err;
}

static void __exit nfto_exit(void)
{
	nfto_genl_exit();
	nfto_bus_exit();
	nfto_offload_exit();
	debugfs_remove_recursive(nfto_debugfs_root);
}

module_init(nfto_init);
module_exit(nfto_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic nftables/tc/flowtable hardware offload with pluggable backends");
MODULE_AUTHOR("kmod-nft-offload developers");
