// SPDX-License-Identifier: GPL-2.0
/*
 * Block bindings that survive their device.
 *
 * nf_tables does not unbind an offload chain when its device is
 * unregistered: nft_chain_filter's NETDEV_UNREGISTER handler drops the hook
 * before nf_tables_offload's handler looks for it, so the chain's flow_block
 * keeps our flow_block_cb, and later rule deletions and dumps call it.
 * (Checked on 6.1 and 6.12; real drivers hit a use-after-free there.)
 *
 * So the callback and its release live here, in nft_offload_lib, and not in
 * nft_offload: when a port goes away with a binding still in place, the core
 * orphans it. An orphan's callback answers without touching the device, and
 * pins this module until the kernel frees the flow_block_cb, so
 * nft_offload itself can still be unloaded at any time.
 */
#include <linux/module.h>
#include <linux/srcu.h>
#include <linux/slab.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

#include "nfto.h"

/*
 * Readers: every callback, for its whole duration. Writer: orphaning, which
 * waits for them. SRCU and not a rwsem: nf_tables asks for rule stats from
 * its RCU-protected dump, where a callback must not sleep to get in.
 */
DEFINE_STATIC_SRCU(nfto_bind_srcu);

static int nfto_bind_cb(enum tc_setup_type type, void *type_data, void *priv)
{
	const struct nfto_bind_ops *ops;
	struct nfto_bind *b = priv;
	int idx, err;

	idx = srcu_read_lock(&nfto_bind_srcu);
	ops = srcu_dereference(b->ops, &nfto_bind_srcu);
	if (ops) {
		err = ops->cb(b, type, type_data);
	} else if (type == TC_SETUP_CLSFLOWER &&
		   ((struct flow_cls_offload *)type_data)->command ==
		   FLOW_CLS_DESTROY) {
		err = 0;	/* its entries went with the device */
	} else {
		err = -ENODEV;
	}
	srcu_read_unlock(&nfto_bind_srcu, idx);
	return err;
}

static void nfto_bind_release(void *priv)
{
	struct nfto_bind *b = priv;
	bool orphan = b->orphan;

	kfree(b);	/* the core's binding starts with struct nfto_bind */
	if (orphan)
		module_put(THIS_MODULE);
}

struct flow_block_cb *nfto_bind_cb_alloc(struct nfto_bind *b)
{
	return flow_block_cb_alloc(nfto_bind_cb, b, b, nfto_bind_release);
}
EXPORT_SYMBOL_GPL(nfto_bind_cb_alloc);

struct flow_block_cb *nfto_bind_cb_lookup(struct flow_block *block,
					  struct nfto_bind *b)
{
	return flow_block_cb_lookup(block, nfto_bind_cb, b);
}
EXPORT_SYMBOL_GPL(nfto_bind_cb_lookup);

/* The device of @b is going away but the kernel still holds @b. */
void nfto_bind_orphan(struct nfto_bind *b)
{
	__module_get(THIS_MODULE);
	b->orphan = true;
	rcu_assign_pointer(b->ops, NULL);
	synchronize_srcu(&nfto_bind_srcu);
}
EXPORT_SYMBOL_GPL(nfto_bind_orphan);
