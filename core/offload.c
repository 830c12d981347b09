// SPDX-License-Identifier: GPL-2.0
/*
 * ndo_setup_tc glue: the flow_block binding every NIC driver writes, once.
 *
 * TC_SETUP_BLOCK (clsact ingress: nft netdev offload chains and tc flower)
 * and TC_SETUP_FT (nft flowtables with "flags offload") both bind a port to
 * a flow_block; rules then arrive as TC_SETUP_CLSFLOWER on our callback and
 * go to the engine. The block list is per port (no driver-global list), and
 * each binding owns the entries it installed, so an unbind never leaves a
 * stale entry behind.
 */
#include <linux/error-injection.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

#include "dev.h"

static void nfto_req_init(struct nfto_req *req, struct nfto_binding *b,
			  struct flow_cls_offload *f)
{
	req->cookie = f->cookie;
	req->owner = b;
	req->port = b->port->index;
	req->ifindex = b->port->netdev->ifindex;
	req->where = b->where;
	req->extack = f->common.extack;
	req->tc_protocol = b->tc ? f->common.protocol : 0;
	req->nft = !b->tc && b->type == NFTO_FLOW_RULE;
}

/* Flowtable flows reach every port of a flowtable: take only our own. */
static bool nfto_ft_flow_is_ours(struct nfto_binding *b,
				 struct flow_cls_offload *f)
{
	struct flow_match_meta match;

	if (!flow_rule_match_key(f->rule, FLOW_DISSECTOR_KEY_META))
		return false;
	flow_rule_match_meta(f->rule, &match);
	return match.mask->ingress_ifindex &&
	       match.key->ingress_ifindex == b->port->netdev->ifindex;
}

static int nfto_cls_replace(struct nfto_binding *b, struct flow_cls_offload *f)
{
	struct nfto_hw *hw = &b->port->dev->hw;
	struct net_device *netdev = b->port->netdev;
	struct nfto_req req;

	if (b->type == NFTO_FLOW_FT && !nfto_ft_flow_is_ours(b, f))
		return -EOPNOTSUPP;

	nfto_req_init(&req, b, f);
	if (!(netdev->features & NETIF_F_HW_TC)) {
		char reason[NFTO_REASON_MAX];

		snprintf(reason, sizeof(reason),
			 "hw-tc-offload is off on %s (ethtool -K %s hw-tc-offload on)",
			 netdev->name, netdev->name);
		mutex_lock(&hw->lock);
		nfto_hw_fail(hw, &req, NULL, NFTO_FAIL_DEVICE, -EOPNOTSUPP,
			     reason);
		mutex_unlock(&hw->lock);
		return -EOPNOTSUPP;
	}
	return nfto_hw_flow_replace(hw, &req, b->type, f->common.prio,
				    f->common.chain_index, f->rule);
}

static int nfto_cls_stats(struct nfto_binding *b, struct flow_cls_offload *f)
{
	struct nfto_hw_stats delta;
	struct nfto_req req;
	int err;

	nfto_req_init(&req, b, f);
	err = nfto_hw_flow_stats(&b->port->dev->hw, &req, &delta);
	if (err)
		return err;
	flow_stats_update(&f->stats, delta.bytes, delta.packets, 0,
			  delta.lastused, FLOW_ACTION_HW_STATS_DELAYED);
	return 0;
}

static int nfto_block_cb(struct nfto_bind *bind, enum tc_setup_type type,
			 void *type_data)
{
	struct nfto_binding *b = container_of(bind, struct nfto_binding, bind);
	struct flow_cls_offload *f = type_data;
	struct nfto_req req;

	switch (type) {
	case TC_SETUP_CLSFLOWER:
		break;
	case TC_SETUP_CLSMATCHALL:
	case TC_SETUP_CLSU32:
	case TC_SETUP_CLSBPF: {
		/* Their offload structs start with the common part too. */
		struct flow_cls_common_offload *common = type_data;

		NL_SET_ERR_MSG_MOD(common->extack,
				   "only flower filters are offloaded: matchall, u32 and bpf are not in the flow model (a flower filter with no match takes every packet)");
		return -EOPNOTSUPP;
	}
	default:
		return -EOPNOTSUPP;
	}

	switch (f->command) {
	case FLOW_CLS_REPLACE:
		return nfto_cls_replace(b, f);
	case FLOW_CLS_DESTROY:
		nfto_req_init(&req, b, f);
		return nfto_hw_flow_destroy(&b->port->dev->hw, &req);
	case FLOW_CLS_STATS:
		return nfto_cls_stats(b, f);
	default:
		return -EOPNOTSUPP;
	}
}

static const struct nfto_bind_ops nfto_bind_ops = {
	.cb = nfto_block_cb,
};

static struct nfto_binding *nfto_binding_find(struct nfto_port *port,
					      struct flow_block *block, u8 type)
{
	struct nfto_binding *b;

	list_for_each_entry(b, &port->bindings, list)
		if (b->block == block && b->type == type)
			return b;
	return NULL;
}

/* fail_function may fail it (tests/selftests/faults.sh). */
static noinline int nfto_block_bind(struct nfto_port *port,
				    struct flow_block_offload *f, u8 type)
{
	struct nfto_hw *hw = &port->dev->hw;
	struct flow_block_cb *block_cb;
	struct nfto_binding *b;
	struct nfto_req req = {};
	int err = 0;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	RCU_INIT_POINTER(b->bind.ops, &nfto_bind_ops);
	b->port = port;
	b->block = f->block;
	b->type = type;
	/*
	 * tc hands its Qdisc (tcf_block_offload_init()); nf_tables zeroes
	 * the request. Their software paths differ where a flow_rule says
	 * nothing (nfto_flow_tc_semantics()).
	 */
	b->tc = type == NFTO_FLOW_RULE && f->sch;
	snprintf(b->where, sizeof(b->where), "%s %s", port->netdev->name,
		 type == NFTO_FLOW_FT ? "flowtable" : "ingress");
	req.where = b->where;
	req.extack = f->extack;

	mutex_lock(&hw->lock);
	if (READ_ONCE(hw->faults.fail_bind)) {
		char reason[NFTO_REASON_MAX];

		snprintf(reason, sizeof(reason),
			 "injected failure: fail_bind is set on %s", hw->name);
		nfto_hw_fail(hw, &req, NULL, NFTO_FAIL_INJECTED, -EIO, reason);
		err = -EIO;
		goto err_unlock;
	}
	if (nfto_binding_find(port, f->block, type)) {
		err = -EBUSY;
		goto err_unlock;
	}
	/* Flowtables only where the backend offloads them. */
	err = nfto_hw_bind(hw, &req, type);
	if (err)
		goto err_unlock;

	/* The binding is both ident and priv: several blocks per port work. */
	block_cb = nfto_bind_cb_alloc(&b->bind);
	if (IS_ERR(block_cb)) {
		err = PTR_ERR(block_cb);
		nfto_hw_unbind(hw, type);
		goto err_unlock;
	}
	flow_block_cb_add(block_cb, f);
	b->block_cb = block_cb;
	list_add_tail(&block_cb->driver_list, &port->block_cb_list);
	list_add_tail(&b->list, &port->bindings);
	mutex_unlock(&hw->lock);
	return 0;

err_unlock:
	mutex_unlock(&hw->lock);
	kfree(b);
	return err;
}
ALLOW_ERROR_INJECTION(nfto_block_bind, ERRNO);

static int nfto_block_unbind(struct nfto_port *port,
			     struct flow_block_offload *f, u8 type)
{
	struct nfto_hw *hw = &port->dev->hw;
	struct flow_block_cb *block_cb;
	struct nfto_binding *b;

	mutex_lock(&hw->lock);
	b = nfto_binding_find(port, f->block, type);
	if (b) {
		list_del(&b->list);
		nfto_hw_unbind(hw, type);
	}
	mutex_unlock(&hw->lock);
	if (!b)
		return -ENOENT;

	/* Rules still installed by this block must not outlive it. */
	nfto_hw_flush_owner(hw, b);

	mutex_lock(&hw->lock);
	block_cb = nfto_bind_cb_lookup(f->block, &b->bind);
	if (!WARN_ON(!block_cb)) {
		/* The block frees block_cb, and through release @b, later. */
		flow_block_cb_remove(block_cb, f);
		list_del(&block_cb->driver_list);
	}
	mutex_unlock(&hw->lock);
	return block_cb ? 0 : -ENOENT;
}

static int nfto_setup_block(struct nfto_port *port,
			    struct flow_block_offload *f, u8 type)
{
	if (f->binder_type != FLOW_BLOCK_BINDER_TYPE_CLSACT_INGRESS)
		return -EOPNOTSUPP;

	f->unlocked_driver_cb = true;
	f->driver_block_list = &port->block_cb_list;

	switch (f->command) {
	case FLOW_BLOCK_BIND:
		return nfto_block_bind(port, f, type);
	case FLOW_BLOCK_UNBIND:
		return nfto_block_unbind(port, f, type);
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * After unregister_netdev(): whatever the stack did not unbind (nf_tables
 * offload chains, see bind.c) is emptied and orphaned; with @rules_only,
 * only block (not flowtable) bindings, for a port that changes netns.
 * Takes hw.lock and the bind lock one after the other, never nested.
 */
void nfto_port_orphan_bindings(struct nfto_port *port, bool rules_only)
{
	struct nfto_hw *hw = &port->dev->hw;
	struct nfto_binding *b, *pos;

	for (;;) {
		b = NULL;
		mutex_lock(&hw->lock);
		list_for_each_entry(pos, &port->bindings, list) {
			if (rules_only && pos->type != NFTO_FLOW_RULE)
				continue;
			b = pos;
			break;
		}
		if (b) {
			list_del(&b->list);
			nfto_hw_unbind(hw, b->type);
			/* The block keeps block_cb; our list must not. */
			list_del_init(&b->block_cb->driver_list);
		}
		mutex_unlock(&hw->lock);
		if (!b)
			return;
		pr_info("%s: the kernel kept a %s block bound after the port left; its callback is disabled\n",
			b->where, b->type == NFTO_FLOW_FT ? "flowtable" : "ingress");
		nfto_hw_flush_owner(hw, b);
		nfto_bind_orphan(&b->bind);
	}
}

/*
 * A port leaves its netns: dev_change_net_namespace() sends
 * NETDEV_UNREGISTER while the device stays registered. tc has unbound its
 * blocks by then (dev_shutdown() comes first) and nf_tables unbinds its
 * flowtables; its offload chains stay bound (see bind.c), and their rules
 * would go on acting in hardware on a port the chain no longer hooks, in
 * a netns that may be gone. Those bindings are emptied and orphaned, as
 * after a real unregister. Runs under rtnl, which comes before hw.lock.
 */
static int nfto_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *netdev = netdev_notifier_info_to_dev(ptr);

	if (event != NETDEV_UNREGISTER || !nfto_netdev_is_port(netdev) ||
	    netdev->reg_state != NETREG_REGISTERED)
		return NOTIFY_DONE;
	nfto_port_orphan_bindings(nfto_netdev_port(netdev), true);
	return NOTIFY_DONE;
}

static struct notifier_block nfto_netdev_notifier = {
	.notifier_call = nfto_netdev_event,
};

int nfto_offload_init(void)
{
	return register_netdevice_notifier(&nfto_netdev_notifier);
}

void nfto_offload_exit(void)
{
	unregister_netdevice_notifier(&nfto_netdev_notifier);
}

int nfto_setup_tc(struct net_device *netdev, enum tc_setup_type type,
		  void *type_data)
{
	struct nfto_port *port = nfto_netdev_port(netdev);

	switch (type) {
	case TC_SETUP_BLOCK:
		return nfto_setup_block(port, type_data, NFTO_FLOW_RULE);
	case TC_SETUP_FT:
		return nfto_setup_block(port, type_data, NFTO_FLOW_FT);
	default:
		return -EOPNOTSUPP;
	}
}
