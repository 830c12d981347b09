// SPDX-License-Identifier: GPL-2.0
/*
 * The "nft_offload" generic netlink family: read-only status for the
 * nft-offload tool (include/uapi/linux/nft_offload.h). It changes nothing:
 * backend switches go through devlink. Cookies are sent hashed (%p).
 *
 * Dumps resume by index (cb->args[0]); a list that changes between two
 * parts of a dump may skip or repeat an item, as with any netlink dump.
 */
#include <linux/slab.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/net_namespace.h>
#include <uapi/linux/nft_offload.h>

#include "dev.h"

static struct genl_family nfto_genl_family;

/* The tool reads the model's limit from the uapi header. */
static_assert(NFTO_MAX_ACTIONS == NFTO_MODEL_MAX_ACTIONS);

static const struct nla_policy nfto_genl_policy[NFTO_A_MAX + 1] = {
	[NFTO_A_DEV_ID] = { .type = NLA_U32 },
};

struct nfto_dump {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
	u8			cmd;
	struct nfto_dev		*nd;	/* failure/entry dumps */
	int			skip;
	int			done;	/* items written in this part */
};

static void *nfto_genl_put(struct nfto_dump *d)
{
	return genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			   d->cb->nlh->nlmsg_seq, &nfto_genl_family,
			   NLM_F_MULTI, d->cmd);
}

/* A nest of NFTO_A_NAME strings, one per bit of @bits. */
static int nfto_put_names(struct sk_buff *skb, int type, u64 bits,
			  const char *(*name)(unsigned int))
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < 64; i++)
		if ((bits & BIT_ULL(i)) && nla_put_string(skb, NFTO_A_NAME, name(i)))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static u32 nfto_capf(u32 flags)
{
	return (flags & NFTO_CAP_FLOWTABLE ? NFTO_CAPF_FLOWTABLE : 0) |
	       (flags & NFTO_CAP_STATS ? NFTO_CAPF_STATS : 0) |
	       (flags & NFTO_CAP_GOTO_ANY ? NFTO_CAPF_GOTO_ANY : 0);
}

static int nfto_fill_backend(const struct nfto_backend_ops *ops, void *arg)
{
	const struct nfto_caps *c = ops->caps;
	struct nfto_dump *d = arg;
	void *hdr;

	hdr = nfto_genl_put(d);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(d->skb, NFTO_A_BACKEND_NAME, ops->name) ||
	    nla_put_string(d->skb, NFTO_A_BACKEND_VERSION, ops->version) ||
	    nfto_put_names(d->skb, NFTO_A_BACKEND_KEYS, c->keys, nfto_key_name) ||
	    nfto_put_names(d->skb, NFTO_A_BACKEND_ACTIONS, c->actions,
			   nfto_action_name) ||
	    nla_put_u32(d->skb, NFTO_A_BACKEND_MAX_ACTIONS, c->max_actions) ||
	    nla_put_u32(d->skb, NFTO_A_BACKEND_PRIO_MAX, c->prio_max) ||
	    nla_put_u32(d->skb, NFTO_A_BACKEND_CHAIN_MAX, c->chain_max) ||
	    nla_put_u32(d->skb, NFTO_A_BACKEND_TABLE_SIZE, c->table_size) ||
	    nla_put_u32(d->skb, NFTO_A_BACKEND_TABLE_SIZE_MAX, c->table_size_max) ||
	    nla_put_u32(d->skb, NFTO_A_BACKEND_FLAGS, nfto_capf(c->flags))) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int nfto_backend_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfto_dump d = { .skb = skb, .cb = cb, .cmd = NFTO_CMD_BACKEND_GET };

	cb->args[0] = nfto_backends_walk(cb->args[0], nfto_fill_backend, &d);
	return skb->len;
}

static int nfto_put_port(struct sk_buff *skb, struct net *net,
			 struct nfto_port *port)
{
	struct net *pnet = dev_net(port->netdev);
	struct nlattr *nest, *stats, *st;
	u64 c[__NFTO_ST_MAX];
	struct nfto_port *peer;
	char buf[24];
	unsigned int i;

	nest = nla_nest_start(skb, NFTO_A_PORT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, NFTO_A_PORT_INDEX, port->index) ||
	    nla_put_u32(skb, NFTO_A_PORT_IFINDEX, port->netdev->ifindex) ||
	    nla_put_string(skb, NFTO_A_PORT_IFNAME, port->netdev->name))
		return -EMSGSIZE;
	if (!net_eq(net, pnet) &&
	    nla_put_s32(skb, NFTO_A_PORT_NETNSID,
			peernet2id_alloc(net, pnet, GFP_KERNEL)))
		return -EMSGSIZE;

	rcu_read_lock();
	peer = rcu_dereference(port->peer);
	if (peer)
		snprintf(buf, sizeof(buf), "%u:%u", peer->dev->id, peer->index);
	rcu_read_unlock();
	if (peer && nla_put_string(skb, NFTO_A_PORT_PEER, buf))
		return -EMSGSIZE;

	nfto_port_stats(port, c);
	stats = nla_nest_start(skb, NFTO_A_PORT_STATS);
	if (!stats)
		return -EMSGSIZE;
	for (i = 0; i < __NFTO_ST_MAX; i++) {
		st = nla_nest_start(skb, NFTO_A_STAT);
		if (!st || nla_put_string(skb, NFTO_A_NAME, nfto_stat_names[i]) ||
		    nla_put_u64_64bit(skb, NFTO_A_VALUE, c[i], NFTO_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, st);
	}
	nla_nest_end(skb, stats);
	nla_nest_end(skb, nest);
	return 0;
}

static int nfto_fill_dev(struct nfto_dev *nd, void *arg)
{
	struct nfto_dump *d = arg;
	struct net *net = sock_net(d->skb->sk);
	struct nlattr *ports;
	char backend[NFTO_BACKEND_NAME_MAX];
	u32 size, occ;
	unsigned int i;
	u64 fails;
	void *hdr;

	mutex_lock(&nd->hw.lock);
	strscpy(backend, nd->hw.backend->name, sizeof(backend));
	size = nd->hw.table.size;
	occ = nd->hw.table.count;
	mutex_unlock(&nd->hw.lock);
	spin_lock_bh(&nd->fail_lock);
	fails = nd->fail_total;
	spin_unlock_bh(&nd->fail_lock);

	hdr = nfto_genl_put(d);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(d->skb, NFTO_A_DEV_ID, nd->id) ||
	    nla_put_string(d->skb, NFTO_A_DEV_NAME, dev_name(&nd->dev)) ||
	    nla_put_string(d->skb, NFTO_A_DEV_BACKEND, backend) ||
	    nla_put_u32(d->skb, NFTO_A_DEV_TABLE_SIZE, size) ||
	    nla_put_u32(d->skb, NFTO_A_DEV_TABLE_OCC, occ) ||
	    nla_put_u64_64bit(d->skb, NFTO_A_DEV_FAILURES, fails, NFTO_A_PAD))
		goto cancel;
	ports = nla_nest_start(d->skb, NFTO_A_DEV_PORTS);
	if (!ports)
		goto cancel;
	/* Ports exist but across a devlink reload; rtnl keeps names still. */
	rtnl_lock();
	for (i = 0; i < nd->num_ports; i++) {
		if (nd->ports[i] && nfto_put_port(d->skb, net, nd->ports[i])) {
			rtnl_unlock();
			goto cancel;
		}
	}
	rtnl_unlock();
	nla_nest_end(d->skb, ports);
	genlmsg_end(d->skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(d->skb, hdr);
	return -EMSGSIZE;
}

static int nfto_dev_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfto_dump d = { .skb = skb, .cb = cb, .cmd = NFTO_CMD_DEV_GET };

	cb->args[0] = nfto_devs_walk(sock_net(skb->sk), cb->args[0],
				     nfto_fill_dev, &d);
	return skb->len;
}

static u32 nfto_genl_dev_id(struct netlink_callback *cb)
{
#ifdef HAVE_GENL_INFO_DUMP
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
#else
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
#endif

	return attrs[NFTO_A_DEV_ID] ? nla_get_u32(attrs[NFTO_A_DEV_ID]) : U32_MAX;
}

static int nfto_fill_failures(struct nfto_dev *nd, void *arg)
{
	struct nfto_dump *d = arg;
	struct nfto_failure *fails;
	char cookie[24];
	unsigned int n, i;
	int err = 0;

	if (!net_eq(nd->net, sock_net(d->skb->sk)))
		return -ENODEV;
	fails = kcalloc(NFTO_FAIL_RING, sizeof(*fails), GFP_KERNEL);
	if (!fails)
		return -ENOMEM;
	n = nfto_dev_failures(nd, fails, NFTO_FAIL_RING);
	for (i = d->skip; i < n; i++) {
		const struct nfto_failure *f = &fails[i];
		void *hdr = nfto_genl_put(d);

		if (!hdr)
			break;
		snprintf(cookie, sizeof(cookie), "%p", (void *)f->cookie);
		if (nla_put_u64_64bit(d->skb, NFTO_A_FAIL_SEQ, f->seq, NFTO_A_PAD) ||
		    nla_put_string(d->skb, NFTO_A_FAIL_KIND,
				   nfto_fail_kind_name(f->kind)) ||
		    nla_put_string(d->skb, NFTO_A_FAIL_WHERE, f->where) ||
		    (f->has_flow &&
		     (nla_put_string(d->skb, NFTO_A_FAIL_TYPE,
				     f->type == NFTO_FLOW_FT ? "flowtable" : "rule") ||
		      nla_put_u32(d->skb, NFTO_A_FAIL_PRIO, f->prio) ||
		      nla_put_u32(d->skb, NFTO_A_FAIL_CHAIN, f->chain_index))) ||
		    (f->tuple[0] &&
		     nla_put_string(d->skb, NFTO_A_FAIL_FLOW, f->tuple)) ||
		    (f->cookie &&
		     nla_put_string(d->skb, NFTO_A_FAIL_COOKIE, cookie)) ||
		    nla_put_u32(d->skb, NFTO_A_FAIL_ERRNO, -f->err) ||
		    nla_put_string(d->skb, NFTO_A_FAIL_REASON, f->reason)) {
			genlmsg_cancel(d->skb, hdr);
			break;
		}
		genlmsg_end(d->skb, hdr);
		d->done++;
	}
	kfree(fails);
	return err;
}

static int nfto_failure_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfto_dump d = { .skb = skb, .cb = cb,
			       .cmd = NFTO_CMD_FAILURE_GET, .skip = cb->args[0] };
	int err;

	err = nfto_dev_call(nfto_genl_dev_id(cb), nfto_fill_failures, &d);
	if (err)
		return err;
	cb->args[0] += d.done;
	return skb->len;
}

static int nfto_fill_entries(struct nfto_dev *nd, void *arg)
{
	struct nfto_dump *d = arg;
	struct nfto_entry *e;
	char *buf, cookie[24];
	int idx = 0;

	if (!net_eq(nd->net, sock_net(d->skb->sk)))
		return -ENODEV;
	buf = kmalloc(512, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&nd->hw.lock);
	list_for_each_entry(e, &nd->hw.table.all, all) {
		const struct nfto_flow *f = &e->flow;
		void *hdr;

		if (idx++ < d->skip)
			continue;
		hdr = nfto_genl_put(d);
		if (!hdr)
			break;
		snprintf(cookie, sizeof(cookie), "%p", (void *)e->hkey.cookie);
		if (nla_put_u32(d->skb, NFTO_A_ENTRY_PORT, e->port) ||
		    nla_put_string(d->skb, NFTO_A_ENTRY_TYPE,
				   f->type == NFTO_FLOW_FT ? "flowtable" : "rule") ||
		    nla_put_u32(d->skb, NFTO_A_ENTRY_PRIO, f->prio) ||
		    nla_put_u32(d->skb, NFTO_A_ENTRY_CHAIN, f->chain_index) ||
		    nla_put_string(d->skb, NFTO_A_ENTRY_COOKIE, cookie) ||
		    nfto_put_names(d->skb, NFTO_A_ENTRY_KEYS, f->used_keys,
				   nfto_key_name))
			goto cancel;
		nfto_fmt_match(f, buf, 512);
		if (nla_put_string(d->skb, NFTO_A_ENTRY_MATCH, skip_spaces(buf)))
			goto cancel;
		nfto_fmt_actions(f, buf, 512);
		if (nla_put_string(d->skb, NFTO_A_ENTRY_ACTIONS, skip_spaces(buf)) ||
		    nla_put_u64_64bit(d->skb, NFTO_A_ENTRY_PACKETS,
				      atomic64_read(&e->cnt->packets), NFTO_A_PAD) ||
		    nla_put_u64_64bit(d->skb, NFTO_A_ENTRY_BYTES,
				      atomic64_read(&e->cnt->bytes), NFTO_A_PAD) ||
		    nla_put_u64_64bit(d->skb, NFTO_A_ENTRY_LASTUSED_MS,
				      jiffies_to_msecs(jiffies -
						       READ_ONCE(e->cnt->lastused)),
				      NFTO_A_PAD))
			goto cancel;
		genlmsg_end(d->skb, hdr);
		d->done++;
		continue;
cancel:
		genlmsg_cancel(d->skb, hdr);
		break;
	}
	mutex_unlock(&nd->hw.lock);
	kfree(buf);
	return 0;
}

static int nfto_entry_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfto_dump d = { .skb = skb, .cb = cb,
			       .cmd = NFTO_CMD_ENTRY_GET, .skip = cb->args[0] };
	int err;

	err = nfto_dev_call(nfto_genl_dev_id(cb), nfto_fill_entries, &d);
	if (err)
		return err;
	cb->args[0] += d.done;
	return skb->len;
}

static const struct genl_small_ops nfto_genl_ops[] = {
	{ .cmd = NFTO_CMD_BACKEND_GET, .dumpit = nfto_backend_dumpit },
	{ .cmd = NFTO_CMD_DEV_GET, .dumpit = nfto_dev_dumpit },
	{ .cmd = NFTO_CMD_FAILURE_GET, .dumpit = nfto_failure_dumpit },
	{ .cmd = NFTO_CMD_ENTRY_GET, .dumpit = nfto_entry_dumpit },
};

static struct genl_family nfto_genl_family __ro_after_init = {
	.name		= NFTO_GENL_NAME,
	.version	= NFTO_GENL_VERSION,
	.maxattr	= NFTO_A_MAX,
	.policy		= nfto_genl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= nfto_genl_ops,
	.n_small_ops	= ARRAY_SIZE(nfto_genl_ops),
	.resv_start_op	= NFTO_CMD_ENTRY_GET + 1,
};

int nfto_genl_init(void)
{
	return genl_register_family(&nfto_genl_family);
}

void nfto_genl_exit(void)
{
	genl_unregister_family(&nfto_genl_family);
}
