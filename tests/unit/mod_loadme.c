// SPDX-License-Identifier: GPL-2.0
/*
 * A backend module the way a vendor writes one (include/net/nft_offload.h):
 * module_nfto_backend() and MODULE_ALIAS_NFTO_BACKEND(). In the test binary
 * it starts unloaded; request_module("nft-offload-backend-loadme") loads it
 * through the shim's modprobe, and shim_rmmod() unloads it.
 */
#include <linux/module.h>
#include <net/nft_offload.h>

static const struct nfto_caps loadme_caps = {
	.keys		= NFTO_MODEL_KEYS,
	.actions	= NFTO_MODEL_ACTIONS,
	.max_actions	= 4,
	.table_size	= 16,
	.table_size_max	= 64,
};

static const struct nfto_backend_ops loadme_ops = {
	.name		= "loadme",
	.version	= "0.1",
	.owner		= THIS_MODULE,
	.caps		= &loadme_caps,
};

module_nfto_backend(loadme_ops);
MODULE_ALIAS_NFTO_BACKEND("loadme");
MODULE_LICENSE("GPL");

/* For the tests: this module and its ops. */
struct module *loadme_module = THIS_MODULE;
const struct nfto_backend_ops *loadme_ops_ptr = &loadme_ops;
