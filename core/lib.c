// SPDX-License-Identifier: GPL-2.0
/*
 * nft_offload_lib: the backend API (registry, flow translation, capability
 * checks, flow table, offload engine) shared by the core and the backends.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

#include "nfto.h"

static int __init nfto_lib_init(void)
{
	return nfto_lib_cache_init();
}
module_init(nfto_lib_init);

/* Entries are freed with call_rcu(): let those callbacks finish first. */
static void __exit nfto_lib_exit(void)
{
	rcu_barrier();
	nfto_lib_cache_exit();
}
module_exit(nfto_lib_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nft_offload backend API library");
MODULE_AUTHOR("kmod-nft-offload developers");
