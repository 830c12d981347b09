// SPDX-License-Identifier: GPL-2.0
/*
 * nft_offload_lib: the backend API (registry, flow translation, capability
 * checks, flow table, offload engine) shared by the core and the backends.
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nft_offload backend API library");
MODULE_AUTHOR("kmod-nft-offload developers");
