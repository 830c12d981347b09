// SPDX-License-Identifier: GPL-2.0
/*
 * The "nft_offload" generic netlink family: read-only status for the
 * nft-offload tool (include/uapi/linux/nft_offload.h). It changes nothing:
 * backend switches go through devlink. Cookies are sent hashed (%p).
 *
 * NFTO_CMD_FLOW_CHECK is a dry run, like DPDK's rte_flow_validate(): the
 * tool sends one normalized flow and the kernel runs on it the checks an
 * offload request goes through before anything is programmed (the model's,
 * the ports', the capabilities' and the backend's own flow_check), with
 * the reason a refusal would record. Like the dumps it
 * needs no privilege: it reads state, loads no module (a backend must be
 * registered already) and sees only devices of the caller's netns.
 *
 * Dumps resume by index (cb->args[0]); the entry dump also keeps the key
 * of the entry it stopped at (cb->args[1..3], nfto_table_at()), so that a
 * dump of a million entries is not quadratic. A list that changes between
 * two parts of a dump may skip or repeat an item, as with any netlink dump.
 */
#include <linux/if_vlan.h>
#include <linux/slab.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_csum.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/net_namespace.h>
#include <uapi/linux/nft_offload.h>

#include "dev.h"

static struct genl_family nfto_genl_family;

/* The tool reads the model's limit from the uapi header. */
static_assert(NFTO_MAX_ACTIONS == NFTO_MODEL_MAX_ACTIONS);

static_assert((int)NFTO_CHECK_RULE == (int)NFTO_FLOW_RULE);
static_assert((int)NFTO_CHECK_FLOWTABLE == (int)NFTO_FLOW_FT);

/* An ifindex: a positive int (6.1: s16 bounds, a non-const pointer). */
static struct netlink_range_validation nfto_ifindex_range = {
	.min = 1,
	.max = INT_MAX,
};

#define NFTO_CSUM_FLAGS (TCA_CSUM_UPDATE_FLAG_IPV4HDR |			\
			 TCA_CSUM_UPDATE_FLAG_ICMP |			\
			 TCA_CSUM_UPDATE_FLAG_IGMP |			\
			 TCA_CSUM_UPDATE_FLAG_TCP |			\
			 TCA_CSUM_UPDATE_FLAG_UDP |			\
			 TCA_CSUM_UPDATE_FLAG_UDPLITE |			\
			 TCA_CSUM_UPDATE_FLAG_SCTP)

/* Values and masks share the policy: a mask has the field's width. */
static const struct nla_policy nfto_key_policy[NFTO_KEY_A_MAX + 1] = {
	[NFTO_KEY_A_INGRESS_IFINDEX]	= { .type = NLA_U32 },
	[NFTO_KEY_A_INGRESS_IFTYPE]	= { .type = NLA_U16 },
	[NFTO_KEY_A_ADDR_TYPE]		= { .type = NLA_U16 },
	[NFTO_KEY_A_CTRL_FLAGS]		= { .type = NLA_U32 },
	[NFTO_KEY_A_N_PROTO]		= { .type = NLA_BE16 },
	[NFTO_KEY_A_IP_PROTO]		= { .type = NLA_U8 },
	[NFTO_KEY_A_IP_TOS]		= { .type = NLA_U8 },
	[NFTO_KEY_A_IP_TTL]		= { .type = NLA_U8 },
	[NFTO_KEY_A_ICMP_TYPE]		= { .type = NLA_U8 },
	[NFTO_KEY_A_ICMP_CODE]		= { .type = NLA_U8 },
	[NFTO_KEY_A_ETH_DST]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[NFTO_KEY_A_ETH_SRC]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[NFTO_KEY_A_VLAN_ID]		= NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK),
	[NFTO_KEY_A_VLAN_PRIO]		= NLA_POLICY_MAX(NLA_U8, 7),
	[NFTO_KEY_A_VLAN_TPID]		= { .type = NLA_BE16 },
	[NFTO_KEY_A_CVLAN_ID]		= NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK),
	[NFTO_KEY_A_CVLAN_PRIO]		= NLA_POLICY_MAX(NLA_U8, 7),
	[NFTO_KEY_A_CVLAN_TPID]		= { .type = NLA_BE16 },
	[NFTO_KEY_A_IPV4_SRC]		= { .type = NLA_BE32 },
	[NFTO_KEY_A_IPV4_DST]		= { .type = NLA_BE32 },
	[NFTO_KEY_A_IPV6_SRC]		= NLA_POLICY_EXACT_LEN(16),
	[NFTO_KEY_A_IPV6_DST]		= NLA_POLICY_EXACT_LEN(16),
	[NFTO_KEY_A_SRC_PORT]		= { .type = NLA_BE16 },
	[NFTO_KEY_A_DST_PORT]		= { .type = NLA_BE16 },
	[NFTO_KEY_A_TCP_FLAGS]		= { .type = NLA_BE16 },
};

static const struct nla_policy nfto_act_policy[NFTO_ACT_A_MAX + 1] = {
	[NFTO_ACT_A_NAME]	  = { .type = NLA_NUL_STRING, .len = 31 },
	[NFTO_ACT_A_IFINDEX]	  = NLA_POLICY_FULL_RANGE(NLA_U32, &nfto_ifindex_range),
	[NFTO_ACT_A_CHAIN]	  = { .type = NLA_U32 },
	[NFTO_ACT_A_VLAN_ID]	  = NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK),
	[NFTO_ACT_A_VLAN_PROTO]	  = { .type = NLA_BE16 },
	[NFTO_ACT_A_VLAN_PRIO]	  = NLA_POLICY_MAX(NLA_U8, 7),
	[NFTO_ACT_A_MANGLE_HTYPE] =
		NLA_POLICY_RANGE(NLA_U8, FLOW_ACT_MANGLE_HDR_TYPE_ETH,
				 FLOW_ACT_MANGLE_HDR_TYPE_UDP),
	[NFTO_ACT_A_MANGLE_OFFSET] = NLA_POLICY_MAX(NLA_U32, 36),
	[NFTO_ACT_A_MANGLE_MASK]  = { .type = NLA_U32 },
	[NFTO_ACT_A_MANGLE_VAL]	  = { .type = NLA_U32 },
	[NFTO_ACT_A_CSUM_FLAGS]	  = NLA_POLICY_MASK(NLA_U32, NFTO_CSUM_FLAGS),
};

static const struct nla_policy nfto_genl_policy[NFTO_A_MAX + 1] = {
	[NFTO_A_DEV_ID] = { .type = NLA_U32 },
	[NFTO_A_CHECK_BACKEND]	= { .type = NLA_NUL_STRING,
				    .len = NFTO_BACKEND_NAME_MAX - 1 },
	[NFTO_A_CHECK_TYPE]	= NLA_POLICY_MAX(NLA_U8, NFTO_CHECK_FLOWTABLE),
	[NFTO_A_CHECK_PRIO]	= { .type = NLA_U32 },
	[NFTO_A_CHECK_CHAIN]	= { .type = NLA_U32 },
	[NFTO_A_CHECK_IFINDEX]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nfto_ifindex_range),
	[NFTO_A_CHECK_KEY]	= NLA_POLICY_NESTED(nfto_key_policy),
	[NFTO_A_CHECK_MASK]	= NLA_POLICY_NESTED(nfto_key_policy),
	[NFTO_A_CHECK_ACTIONS]	= NLA_POLICY_NESTED_ARRAY(nfto_act_policy),
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
	long *args = d->cb->args;
	/* where the previous part stopped: nfto_table_at() resumes there */
	struct nfto_table_pos pos = {
		.gen = args[1], .idx = args[0],
		.cookie = args[2], .owner = (const void *)args[3],
	};
	struct nfto_table *t = &nd->hw.table;
	unsigned long idx = d->skip;
	struct nfto_entry *e;
	char *buf, cookie[24];

	if (!net_eq(nd->net, sock_net(d->skb->sk)))
		return -ENODEV;
	buf = kmalloc(512, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&nd->hw.lock);
	for (e = nfto_table_at(t, &pos, idx); e;
	     e = nfto_table_at(t, &pos, ++idx)) {
		struct nfto_flow *f = nd->hw.scratch;	/* under hw.lock */
		void *hdr;

		nfto_entry_flow(e, f);
		hdr = nfto_genl_put(d);
		if (!hdr)
			break;
		snprintf(cookie, sizeof(cookie), "%p", (void *)e->hkey.cookie);
		if (nla_put_u32(d->skb, NFTO_A_ENTRY_PORT, e->group->port) ||
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
	args[1] = pos.gen;
	args[2] = pos.cookie;
	args[3] = (long)pos.owner;
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

/* NFTO_A_CHECK_KEY or _MASK into @k; validated by the policy already. */
static void nfto_check_get_key(struct nlattr *nest, struct nfto_key *k)
{
	struct nlattr *tb[NFTO_KEY_A_MAX + 1];

	if (!nest || nla_parse_nested(tb, NFTO_KEY_A_MAX, nest, nfto_key_policy,
				      NULL))
		return;
	if (tb[NFTO_KEY_A_INGRESS_IFINDEX])
		k->ingress_ifindex = nla_get_u32(tb[NFTO_KEY_A_INGRESS_IFINDEX]);
	if (tb[NFTO_KEY_A_INGRESS_IFTYPE])
		k->ingress_iftype = nla_get_u16(tb[NFTO_KEY_A_INGRESS_IFTYPE]);
	if (tb[NFTO_KEY_A_ADDR_TYPE])
		k->addr_type = nla_get_u16(tb[NFTO_KEY_A_ADDR_TYPE]);
	if (tb[NFTO_KEY_A_CTRL_FLAGS])
		k->ctrl_flags = nla_get_u32(tb[NFTO_KEY_A_CTRL_FLAGS]);
	if (tb[NFTO_KEY_A_N_PROTO])
		k->n_proto = nla_get_be16(tb[NFTO_KEY_A_N_PROTO]);
	if (tb[NFTO_KEY_A_IP_PROTO])
		k->ip_proto = nla_get_u8(tb[NFTO_KEY_A_IP_PROTO]);
	if (tb[NFTO_KEY_A_IP_TOS])
		k->ip_tos = nla_get_u8(tb[NFTO_KEY_A_IP_TOS]);
	if (tb[NFTO_KEY_A_IP_TTL])
		k->ip_ttl = nla_get_u8(tb[NFTO_KEY_A_IP_TTL]);
	if (tb[NFTO_KEY_A_ICMP_TYPE])
		k->icmp_type = nla_get_u8(tb[NFTO_KEY_A_ICMP_TYPE]);
	if (tb[NFTO_KEY_A_ICMP_CODE])
		k->icmp_code = nla_get_u8(tb[NFTO_KEY_A_ICMP_CODE]);
	if (tb[NFTO_KEY_A_VLAN_ID])
		k->vlan_id = nla_get_u16(tb[NFTO_KEY_A_VLAN_ID]);
	if (tb[NFTO_KEY_A_VLAN_PRIO])
		k->vlan_prio = nla_get_u8(tb[NFTO_KEY_A_VLAN_PRIO]);
	if (tb[NFTO_KEY_A_VLAN_TPID])
		k->vlan_tpid = nla_get_be16(tb[NFTO_KEY_A_VLAN_TPID]);
	if (tb[NFTO_KEY_A_CVLAN_ID])
		k->cvlan_id = nla_get_u16(tb[NFTO_KEY_A_CVLAN_ID]);
	if (tb[NFTO_KEY_A_CVLAN_PRIO])
		k->cvlan_prio = nla_get_u8(tb[NFTO_KEY_A_CVLAN_PRIO]);
	if (tb[NFTO_KEY_A_CVLAN_TPID])
		k->cvlan_tpid = nla_get_be16(tb[NFTO_KEY_A_CVLAN_TPID]);
	if (tb[NFTO_KEY_A_IPV4_SRC])
		k->ipv4_src = nla_get_in_addr(tb[NFTO_KEY_A_IPV4_SRC]);
	if (tb[NFTO_KEY_A_IPV4_DST])
		k->ipv4_dst = nla_get_in_addr(tb[NFTO_KEY_A_IPV4_DST]);
	if (tb[NFTO_KEY_A_IPV6_SRC])
		k->ipv6_src = nla_get_in6_addr(tb[NFTO_KEY_A_IPV6_SRC]);
	if (tb[NFTO_KEY_A_IPV6_DST])
		k->ipv6_dst = nla_get_in6_addr(tb[NFTO_KEY_A_IPV6_DST]);
	if (tb[NFTO_KEY_A_SRC_PORT])
		k->src_port = nla_get_be16(tb[NFTO_KEY_A_SRC_PORT]);
	if (tb[NFTO_KEY_A_DST_PORT])
		k->dst_port = nla_get_be16(tb[NFTO_KEY_A_DST_PORT]);
	if (tb[NFTO_KEY_A_TCP_FLAGS])
		k->tcp_flags = nla_get_be16(tb[NFTO_KEY_A_TCP_FLAGS]);
	if (tb[NFTO_KEY_A_ETH_DST])
		nla_memcpy(k->eth_dst, tb[NFTO_KEY_A_ETH_DST], ETH_ALEN);
	if (tb[NFTO_KEY_A_ETH_SRC])
		nla_memcpy(k->eth_src, tb[NFTO_KEY_A_ETH_SRC], ETH_ALEN);
}

/* The kernel's FLOW_ACTION_* of an action name, or -1. */
static int nfto_action_by_name(const char *name)
{
	unsigned int id;

	if (!strcmp(name, "unknown"))	/* what nfto_action_name() says for gaps */
		return -1;
	for (id = 0; id < NUM_FLOW_ACTIONS; id++)
		if (!strcmp(nfto_action_name(id), name))
			return id;
	return -1;
}

/* One NFTO_A_CHECK_ACTION; the policy has bounded every value. */
static int nfto_check_get_action(struct nlattr *nest, struct nfto_action *a,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFTO_ACT_A_MAX + 1];
	int id, err;

	err = nla_parse_nested(tb, NFTO_ACT_A_MAX, nest, nfto_act_policy,
			       extack);
	if (err)
		return err;
	if (!tb[NFTO_ACT_A_NAME]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "action without a name");
		return -EINVAL;
	}
	id = nfto_action_by_name(nla_data(tb[NFTO_ACT_A_NAME]));
	if (id < 0) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFTO_ACT_A_NAME],
				    "unknown action name");
		return -EINVAL;
	}
	a->id = id;
	switch (a->id) {
	case FLOW_ACTION_GOTO:
		if (tb[NFTO_ACT_A_CHAIN])
			a->chain_index = nla_get_u32(tb[NFTO_ACT_A_CHAIN]);
		break;
	case FLOW_ACTION_REDIRECT:
	case FLOW_ACTION_MIRRED:
	case FLOW_ACTION_REDIRECT_INGRESS:
	case FLOW_ACTION_MIRRED_INGRESS:
		if (!tb[NFTO_ACT_A_IFINDEX]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "redirect/mirred without a target ifindex");
			return -EINVAL;
		}
		a->dev.ifindex = nla_get_u32(tb[NFTO_ACT_A_IFINDEX]);
		break;
	case FLOW_ACTION_VLAN_PUSH:
	case FLOW_ACTION_VLAN_POP:
	case FLOW_ACTION_VLAN_MANGLE:
		if (tb[NFTO_ACT_A_VLAN_ID])
			a->vlan.vid = nla_get_u16(tb[NFTO_ACT_A_VLAN_ID]);
		if (tb[NFTO_ACT_A_VLAN_PROTO])
			a->vlan.proto = nla_get_be16(tb[NFTO_ACT_A_VLAN_PROTO]);
		if (tb[NFTO_ACT_A_VLAN_PRIO])
			a->vlan.prio = nla_get_u8(tb[NFTO_ACT_A_VLAN_PRIO]);
		break;
	case FLOW_ACTION_MANGLE:
	case FLOW_ACTION_ADD:
		if (!tb[NFTO_ACT_A_MANGLE_HTYPE] ||
		    !tb[NFTO_ACT_A_MANGLE_OFFSET]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "mangle/add without a header type and offset");
			return -EINVAL;
		}
		a->mangle.htype = nla_get_u8(tb[NFTO_ACT_A_MANGLE_HTYPE]);
		a->mangle.offset = nla_get_u32(tb[NFTO_ACT_A_MANGLE_OFFSET]);
		if (tb[NFTO_ACT_A_MANGLE_MASK])
			a->mangle.mask = nla_get_u32(tb[NFTO_ACT_A_MANGLE_MASK]);
		if (tb[NFTO_ACT_A_MANGLE_VAL])
			a->mangle.val = nla_get_u32(tb[NFTO_ACT_A_MANGLE_VAL]);
		break;
	case FLOW_ACTION_CSUM:
		if (tb[NFTO_ACT_A_CSUM_FLAGS])
			a->csum_flags = nla_get_u32(tb[NFTO_ACT_A_CSUM_FLAGS]);
		break;
	default:
		break;	/* the model check refuses what it cannot hold */
	}
	return 0;
}

/* The request's flow; its actions bounded by NFTO_MAX_ACTIONS. */
static int nfto_check_get_flow(struct genl_info *info, struct nfto_flow *flow)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct nlattr *act;
	int rem, err;

	if (attrs[NFTO_A_CHECK_TYPE])
		flow->type = nla_get_u8(attrs[NFTO_A_CHECK_TYPE]);
	if (attrs[NFTO_A_CHECK_PRIO])
		flow->prio = nla_get_u32(attrs[NFTO_A_CHECK_PRIO]);
	if (attrs[NFTO_A_CHECK_CHAIN])
		flow->chain_index = nla_get_u32(attrs[NFTO_A_CHECK_CHAIN]);
	if (attrs[NFTO_A_CHECK_IFINDEX])
		flow->port_ifindex = nla_get_u32(attrs[NFTO_A_CHECK_IFINDEX]);
	nfto_check_get_key(attrs[NFTO_A_CHECK_KEY], &flow->key);
	nfto_check_get_key(attrs[NFTO_A_CHECK_MASK], &flow->mask);
	flow->used_keys = nfto_flow_used_keys(flow);

	if (!attrs[NFTO_A_CHECK_ACTIONS])
		return 0;	/* "rule has no action", as the model says */
	nla_for_each_nested(act, attrs[NFTO_A_CHECK_ACTIONS], rem) {
		if (nla_type(act) != NFTO_A_CHECK_ACTION) {
			NL_SET_ERR_MSG_ATTR(extack, act,
					    "only NFTO_A_CHECK_ACTION in NFTO_A_CHECK_ACTIONS");
			return -EINVAL;
		}
		if (flow->num_actions == NFTO_MAX_ACTIONS) {
			NL_SET_ERR_MSG_ATTR(extack, act,
					    "more actions than the flow model holds (24)");
			return -E2BIG;
		}
		err = nfto_check_get_action(act, &flow->actions[flow->num_actions],
					    extack);
		if (err)
			return err;
		flow->num_actions++;
	}
	return 0;
}

/* A registered backend by name, pinned; never loads one. */
struct nfto_check_find {
	const char			*name;
	const struct nfto_backend_ops	*ops;
};

static int nfto_check_find_backend(const struct nfto_backend_ops *ops,
				   void *arg)
{
	struct nfto_check_find *f = arg;

	if (strcmp(ops->name, f->name) || !try_module_get(ops->owner))
		return 0;
	f->ops = ops;
	return 1;
}

struct nfto_check {
	struct genl_info		*info;
	const struct nfto_backend_ops	*ops;	/* --backend, or NULL */
	struct nfto_flow		*flow;
	char				backend[NFTO_BACKEND_NAME_MAX];
	char				dev[16];
	bool				found;	/* the device exists */
	u8				kind;
	int				err;
	char				reason[NFTO_REASON_MAX];
};

static int nfto_check_on_dev(struct nfto_dev *nd, void *arg)
{
	struct nfto_check *c = arg;
	struct nfto_hw *hw = &nd->hw;
	int port = 0;

	c->found = true;
	if (!net_eq(nd->net, genl_info_net(c->info))) {
		NL_SET_ERR_MSG_ATTR(c->info->extack,
				    c->info->attrs[NFTO_A_DEV_ID],
				    "no such nft_offload device in this network namespace");
		return -ENODEV;
	}
	/* One critical section: the backend named is the one that judged. */
	mutex_lock(&hw->lock);
	if (c->flow->port_ifindex)
		port = hw->port_of(hw, c->flow->port_ifindex);
	if (port < 0) {
		mutex_unlock(&hw->lock);
		NL_SET_ERR_MSG_ATTR(c->info->extack,
				    c->info->attrs[NFTO_A_CHECK_IFINDEX],
				    "ifindex is not a port of the device");
		return -EINVAL;
	}
	strscpy(c->backend, c->ops ? c->ops->name : hw->backend->name,
		sizeof(c->backend));
	if (!c->err)
		c->err = nfto_hw_flow_check(hw, c->ops, c->flow, &c->kind,
					    c->reason, sizeof(c->reason));
	mutex_unlock(&hw->lock);
	strscpy(c->dev, dev_name(&nd->dev), sizeof(c->dev));
	return 0;
}

static int nfto_check_reply(struct genl_info *info, const struct nfto_check *c)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nfto_genl_family, 0,
				NFTO_CMD_FLOW_CHECK);
	if (!hdr)
		goto err_free;
	if (nla_put_string(msg, NFTO_A_CHECK_BACKEND, c->backend) ||
	    (c->dev[0] && nla_put_string(msg, NFTO_A_DEV_NAME, c->dev)))
		goto err_free;
	if (!c->err) {
		if (nla_put_flag(msg, NFTO_A_CHECK_OK))
			goto err_free;
	} else if (nla_put_string(msg, NFTO_A_FAIL_KIND,
				  nfto_fail_kind_name(c->kind)) ||
		   nla_put_u32(msg, NFTO_A_FAIL_ERRNO, -c->err) ||
		   nla_put_string(msg, NFTO_A_FAIL_REASON, c->reason)) {
		goto err_free;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int nfto_flow_check_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct nfto_check c = { .info = info };
	int err;

	if (!attrs[NFTO_A_DEV_ID] && !attrs[NFTO_A_CHECK_BACKEND]) {
		NL_SET_ERR_MSG(info->extack,
			       "a device (NFTO_A_DEV_ID) or a backend (NFTO_A_CHECK_BACKEND) is needed");
		return -EINVAL;
	}
	if (attrs[NFTO_A_CHECK_BACKEND]) {
		struct nfto_check_find f = {
			.name = nla_data(attrs[NFTO_A_CHECK_BACKEND]),
		};

		nfto_backends_walk(0, nfto_check_find_backend, &f);
		if (!f.ops) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[NFTO_A_CHECK_BACKEND],
					    "no such backend is loaded");
			return -ENOENT;
		}
		c.ops = f.ops;
		strscpy(c.backend, f.ops->name, sizeof(c.backend));
	}
	c.flow = kzalloc(sizeof(*c.flow), GFP_KERNEL);
	if (!c.flow) {
		err = -ENOMEM;
		goto out_put;
	}
	err = nfto_check_get_flow(info, c.flow);
	if (err)
		goto out_free;

	/* nfto_flow_parse()'s action checks come first, as for a request. */
	c.kind = NFTO_FAIL_MODEL;
	c.err = nfto_flow_check_model(c.flow, c.reason, sizeof(c.reason));
	if (attrs[NFTO_A_DEV_ID]) {
		err = nfto_dev_call(nla_get_u32(attrs[NFTO_A_DEV_ID]),
				    nfto_check_on_dev, &c);
		if (err == -ENODEV && !c.found)
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NFTO_A_DEV_ID],
					    "no such nft_offload device");
	} else if (!c.err) {
		c.kind = NFTO_FAIL_CAPS;
		c.err = nfto_backend_flow_check(c.ops, c.flow, c.reason,
						sizeof(c.reason));
	}
	if (!err)
		err = nfto_check_reply(info, &c);
out_free:
	kfree(c.flow);
out_put:
	nfto_backend_put(c.ops);
	return err;
}

static const struct genl_small_ops nfto_genl_ops[] = {
	{ .cmd = NFTO_CMD_BACKEND_GET, .dumpit = nfto_backend_dumpit },
	{ .cmd = NFTO_CMD_DEV_GET, .dumpit = nfto_dev_dumpit },
	{ .cmd = NFTO_CMD_FAILURE_GET, .dumpit = nfto_failure_dumpit },
	{ .cmd = NFTO_CMD_ENTRY_GET, .dumpit = nfto_entry_dumpit },
	/*
	 * Read-only like the dumps, hence no GENL_ADMIN_PERM (see the top of
	 * this file); strict validation, as for every op from resv_start_op.
	 */
	{ .cmd = NFTO_CMD_FLOW_CHECK, .doit = nfto_flow_check_doit },
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
