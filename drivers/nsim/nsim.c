// SPDX-License-Identifier: GPL-2.0
/*
 * netdevsim: the reference backend of nft_offload.
 *
 * It accepts everything the normalized model can represent, and its
 * "hardware" is the core's flow table: the simulated switch keeps every
 * offloaded flow, counts the packets that hit it and forwards them. This is
 * the whole backend: capabilities and an ops table, nothing else.
 */
#include <linux/module.h>
#include <net/nft_offload.h>

static const struct nfto_caps nfto_nsim_caps = {
	.keys		= NFTO_MODEL_KEYS,
	.actions	= NFTO_MODEL_ACTIONS,
	.max_actions	= NFTO_MAX_ACTIONS,
	.prio_max	= 0,			/* any */
	.chain_max	= U32_MAX,
	.table_size	= 65536,
	.table_size_max	= 1 << 24,
	.flags		= NFTO_CAP_FLOWTABLE | NFTO_CAP_STATS |
			  NFTO_CAP_GOTO_ANY,
};

static const struct nfto_backend_ops nfto_nsim_ops = {
	.name		= "netdevsim",
	.version	= "1.0",
	.owner		= THIS_MODULE,
	.caps		= &nfto_nsim_caps,
};

module_nfto_backend(nfto_nsim_ops);
MODULE_ALIAS_NFTO_BACKEND("netdevsim");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nft_offload backend: netdevsim reference switch");
