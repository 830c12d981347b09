// SPDX-License-Identifier: GPL-2.0
/*
 * flow_rule builders; see rules.h. tr_flowtable() follows
 * net/netfilter/nf_flow_table_offload.c of Linux 6.12 step by step.
 */
#ifndef NFTO_KUNIT
#include <stdlib.h>
#endif

#include <linux/if_vlan.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rules.h"

#define TR_OFF(member)	offsetof(struct tr_keys, member)

static const unsigned short tr_offsets[FLOW_DISSECTOR_KEY_MAX] = {
	[FLOW_DISSECTOR_KEY_META]		= TR_OFF(meta),
	[FLOW_DISSECTOR_KEY_CONTROL]		= TR_OFF(control),
	[FLOW_DISSECTOR_KEY_BASIC]		= TR_OFF(basic),
	[FLOW_DISSECTOR_KEY_ETH_ADDRS]		= TR_OFF(eth),
	[FLOW_DISSECTOR_KEY_VLAN]		= TR_OFF(vlan),
	[FLOW_DISSECTOR_KEY_CVLAN]		= TR_OFF(cvlan),
	[FLOW_DISSECTOR_KEY_IPV4_ADDRS]		= TR_OFF(ipv4),
	[FLOW_DISSECTOR_KEY_IPV6_ADDRS]		= TR_OFF(ipv6),
	[FLOW_DISSECTOR_KEY_PORTS]		= TR_OFF(tp),
	[FLOW_DISSECTOR_KEY_TCP]		= TR_OFF(tcp),
	[FLOW_DISSECTOR_KEY_IP]			= TR_OFF(ip),
	[FLOW_DISSECTOR_KEY_ICMP]		= TR_OFF(icmp),
	[FLOW_DISSECTOR_KEY_PORTS_RANGE]	= TR_OFF(tp_range),
	[FLOW_DISSECTOR_KEY_ARP]		= TR_OFF(arp),
	[FLOW_DISSECTOR_KEY_ENC_KEYID]		= TR_OFF(enc_keyid),
	[FLOW_DISSECTOR_KEY_CT]			= TR_OFF(ct),
	[FLOW_DISSECTOR_KEY_MPLS]		= TR_OFF(mpls),
	[FLOW_DISSECTOR_KEY_ENC_OPTS]		= TR_OFF(enc_opts),
};

/* The size of each key tc flower has a member for (struct fl_flow_key). */
#define TR_SIZE(member)	sizeof(((struct tr_keys *)0)->member)

static const unsigned short tr_sizes[FLOW_DISSECTOR_KEY_MAX] = {
	[FLOW_DISSECTOR_KEY_META]		= TR_SIZE(meta),
	[FLOW_DISSECTOR_KEY_CONTROL]		= TR_SIZE(control),
	[FLOW_DISSECTOR_KEY_BASIC]		= TR_SIZE(basic),
	[FLOW_DISSECTOR_KEY_ETH_ADDRS]		= TR_SIZE(eth),
	[FLOW_DISSECTOR_KEY_VLAN]		= TR_SIZE(vlan),
	[FLOW_DISSECTOR_KEY_CVLAN]		= TR_SIZE(cvlan),
	[FLOW_DISSECTOR_KEY_IPV4_ADDRS]		= TR_SIZE(ipv4),
	[FLOW_DISSECTOR_KEY_IPV6_ADDRS]		= TR_SIZE(ipv6),
	[FLOW_DISSECTOR_KEY_PORTS]		= TR_SIZE(tp),
	[FLOW_DISSECTOR_KEY_TCP]		= TR_SIZE(tcp),
	[FLOW_DISSECTOR_KEY_IP]			= TR_SIZE(ip),
	[FLOW_DISSECTOR_KEY_ICMP]		= TR_SIZE(icmp),
	[FLOW_DISSECTOR_KEY_PORTS_RANGE]	= TR_SIZE(tp_range),
	[FLOW_DISSECTOR_KEY_ARP]		= TR_SIZE(arp),
	[FLOW_DISSECTOR_KEY_ENC_KEYID]		= TR_SIZE(enc_keyid),
	[FLOW_DISSECTOR_KEY_CT]			= TR_SIZE(ct),
	[FLOW_DISSECTOR_KEY_MPLS]		= TR_SIZE(mpls),
	[FLOW_DISSECTOR_KEY_ENC_OPTS]		= TR_SIZE(enc_opts),
};

void tr_flower_dissector(struct test_rule *tr)
{
	unsigned int id;

	tr->dissector.used_keys = BIT_ULL(FLOW_DISSECTOR_KEY_CONTROL) |
				  BIT_ULL(FLOW_DISSECTOR_KEY_BASIC);
	for (id = 0; id < FLOW_DISSECTOR_KEY_MAX; id++) {
		const u8 *m = (const u8 *)&tr->mask + tr_offsets[id];

		/* FL_KEY_SET_IF_MASKED() */
		if (tr_sizes[id] && memchr_inv(m, 0, tr_sizes[id]))
			tr_use(tr, id);
	}
}

void tr_init(struct test_rule *tr, unsigned int num_actions)
{
	unsigned int id;

	memset(tr, 0, sizeof(*tr));
	for (id = 0; id < FLOW_DISSECTOR_KEY_MAX; id++)
		tr->dissector.offset[id] = tr_offsets[id];	/* 0: other */
	tr->rule = flow_rule_alloc(num_actions);
	/* Test code: every caller relies on the rule being there. */
#ifdef NFTO_KUNIT
	BUG_ON(!tr->rule);
#else
	if (!tr->rule)
		abort();
#endif
	tr->rule->match.dissector = &tr->dissector;
	tr->rule->match.key = &tr->key;
	tr->rule->match.mask = &tr->mask;
}

void tr_fini(struct test_rule *tr)
{
	kfree(tr->rule);
	tr->rule = NULL;
}

void tr_use(struct test_rule *tr, enum flow_dissector_key_id id)
{
	tr->dissector.used_keys |= BIT_ULL(id);
}

void act_goto(struct flow_action_entry *e, u32 chain)
{
	e->id = FLOW_ACTION_GOTO;
	e->chain_index = chain;
}

void act_dev(struct flow_action_entry *e, enum flow_action_id id,
	     struct net_device *dev)
{
	e->id = id;
	e->dev = dev;
}

void act_vlan(struct flow_action_entry *e, enum flow_action_id id, u16 vid,
	      u16 proto, u8 prio)
{
	e->id = id;
	e->vlan.vid = vid;
	e->vlan.proto = htons(proto);
	e->vlan.prio = prio;
}

void act_mangle(struct flow_action_entry *e, enum flow_action_mangle_base htype,
		u32 offset, u32 mask, u32 val)
{
	e->id = FLOW_ACTION_MANGLE;
	e->mangle.htype = htype;
	e->mangle.offset = offset;
	e->mangle.mask = mask;
	e->mangle.val = val;
}

void act_csum(struct flow_action_entry *e, u32 flags)
{
	e->id = FLOW_ACTION_CSUM;
	e->csum_flags = flags;
}

void tr_tc_ipv4_tcp(struct test_rule *tr, unsigned int num_actions,
		    u32 dst_ip, u16 dst_port)
{
	tr_init(tr, num_actions);
	tr->key.basic.n_proto = htons(ETH_P_IP);
	tr->mask.basic.n_proto = 0xffff;
	tr->key.basic.ip_proto = IPPROTO_TCP;
	tr->mask.basic.ip_proto = 0xff;
	/* fl_set_key() */
	tr->key.control.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	tr->mask.control.addr_type = 0xffff;
	tr->key.ipv4.dst = htonl(dst_ip);
	tr->mask.ipv4.dst = 0xffffffff;
	tr->key.tp.dst = htons(dst_port);
	tr->mask.tp.dst = 0xffff;
	/* also IPV6_ADDRS: the IPv4 addresses are its first 8 bytes */
	tr_flower_dissector(tr);
}

/* flow_action_entry_next() */
static struct flow_action_entry *ft_next(struct test_rule *tr)
{
	if (tr->rule->action.num_entries >= NF_FLOW_RULE_ACTION_MAX)
		return NULL;
	return &tr->rule->action.entries[tr->rule->action.num_entries++];
}

/* flow_offload_mangle() */
static int ft_mangle(struct test_rule *tr, enum flow_action_mangle_base htype,
		     u32 offset, const void *value, const void *mask)
{
	struct flow_action_entry *e = ft_next(tr);

	if (!e)
		return -E2BIG;
	e->id = FLOW_ACTION_MANGLE;
	e->mangle.htype = htype;
	e->mangle.offset = offset;
	memcpy(&e->mangle.mask, mask, sizeof(u32));
	memcpy(&e->mangle.val, value, sizeof(u32));
	return 0;
}

static int ft_match(struct test_rule *tr, const struct ft_flow *f)
{
	struct tr_keys *key = &tr->key, *mask = &tr->mask;

	key->meta.ingress_ifindex = f->iifidx;
	mask->meta.ingress_ifindex = 0xffffffff;
	if (f->vlan_id) {
		key->vlan.vlan_id = f->vlan_id;
		mask->vlan.vlan_id = VLAN_VID_MASK;
		key->vlan.vlan_tpid = htons(ETH_P_8021Q);
		mask->vlan.vlan_tpid = 0xffff;
		tr_use(tr, FLOW_DISSECTOR_KEY_VLAN);
	}
	switch (f->family) {
	case AF_INET:
		key->control.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
		key->basic.n_proto = htons(ETH_P_IP);
		key->ipv4.src = f->src_v4;
		mask->ipv4.src = 0xffffffff;
		key->ipv4.dst = f->dst_v4;
		mask->ipv4.dst = 0xffffffff;
		break;
	case AF_INET6:
		key->control.addr_type = FLOW_DISSECTOR_KEY_IPV6_ADDRS;
		key->basic.n_proto = htons(ETH_P_IPV6);
		key->ipv6.src = f->src_v6;
		memset(&mask->ipv6.src, 0xff, sizeof(mask->ipv6.src));
		key->ipv6.dst = f->dst_v6;
		memset(&mask->ipv6.dst, 0xff, sizeof(mask->ipv6.dst));
		break;
	default:
		return -EOPNOTSUPP;
	}
	mask->control.addr_type = 0xffff;
	tr_use(tr, key->control.addr_type);
	mask->basic.n_proto = 0xffff;

	switch (f->l4proto) {
	case IPPROTO_TCP:
		key->tcp.flags = 0;
		/* TCP_FLAG_RST | TCP_FLAG_FIN, as cpu_to_be16(be32 >> 16) */
		mask->tcp.flags = htons(0x0004 | 0x0001);
		tr_use(tr, FLOW_DISSECTOR_KEY_TCP);
		break;
	case IPPROTO_UDP:
	case IPPROTO_GRE:
		break;
	default:
		return -EOPNOTSUPP;
	}
	key->basic.ip_proto = f->l4proto;
	mask->basic.ip_proto = 0xff;
	tr_use(tr, FLOW_DISSECTOR_KEY_META);
	tr_use(tr, FLOW_DISSECTOR_KEY_CONTROL);
	tr_use(tr, FLOW_DISSECTOR_KEY_BASIC);

	switch (f->l4proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		key->tp.src = f->src_port;
		mask->tp.src = 0xffff;
		key->tp.dst = f->dst_port;
		mask->tp.dst = 0xffff;
		tr_use(tr, FLOW_DISSECTOR_KEY_PORTS);
		break;
	}
	return 0;
}

/* flow_offload_eth_src() + flow_offload_eth_dst(), FLOW_OFFLOAD_XMIT_DIRECT */
static int ft_eth(struct test_rule *tr, const struct ft_flow *f)
{
	u32 mask, val;
	u16 val16;
	int err;

	mask = ~0xffff0000;
	memcpy(&val16, f->h_source, 2);
	/*
	 * The kernel has "val16 << 16": an int shift that overflows (UB,
	 * and a UBSAN_SHIFT report) when the MAC's 2nd byte is >= 0x80.
	 */
	val = (u32)val16 << 16;
	err = ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_ETH, 4, &val, &mask);
	mask = ~0xffffffff;
	memcpy(&val, f->h_source + 2, 4);
	err = err ?: ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_ETH, 8, &val, &mask);

	mask = ~0xffffffff;
	memcpy(&val, f->h_dest, 4);
	err = err ?: ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_ETH, 0, &val, &mask);
	mask = ~0x0000ffff;
	memcpy(&val16, f->h_dest + 4, 2);
	val = val16;
	err = err ?: ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_ETH, 4, &val, &mask);
	return err;
}

static enum flow_action_mangle_base ft_l4_htype(const struct ft_flow *f)
{
	switch (f->l4proto) {
	case IPPROTO_TCP:
		return FLOW_ACT_MANGLE_HDR_TYPE_TCP;
	case IPPROTO_UDP:
		return FLOW_ACT_MANGLE_HDR_TYPE_UDP;
	default:
		return FLOW_ACT_MANGLE_UNSPEC;
	}
}

/* flow_offload_port_snat/dnat(), original direction */
static int ft_port(struct test_rule *tr, const struct ft_flow *f, bool src)
{
	u32 mask, port;

	if (src) {
		port = htonl((u32)ntohs(f->nat_sport) << 16);
		mask = ~htonl(0xffff0000);
	} else {
		port = htonl(ntohs(f->nat_dport));
		mask = ~htonl(0xffff);
	}
	return ft_mangle(tr, ft_l4_htype(f), 0, &port, &mask);
}

/* flow_offload_ipv6_mangle() */
static int ft_ipv6(struct test_rule *tr, u32 offset, const struct in6_addr *a)
{
	u32 mask = ~htonl(0xffffffff);
	unsigned int i;
	int err = 0;

	for (i = 0; i < 4 && !err; i++)
		err = ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_IP6, offset + i * 4,
				&a->s6_addr32[i], &mask);
	return err;
}

int tr_flowtable(struct test_rule *tr, const struct ft_flow *f)
{
	struct flow_action_entry *e;
	u32 mask = ~htonl(0xffffffff);
	int err;

	/* nf_flow_offload_rule_alloc() */
	tr_init(tr, NF_FLOW_RULE_ACTION_MAX);
	tr->rule->action.num_entries = 0;
	err = ft_match(tr, f);
	if (err)
		return err;

	/* nf_flow_rule_route_common() */
	err = ft_eth(tr, f);
	if (err)
		return err;
	if (f->vlan_id) {
		e = ft_next(tr);
		if (!e)
			return -E2BIG;
		e->id = FLOW_ACTION_VLAN_POP;
	}

	if (f->family == AF_INET) {
		/* nf_flow_rule_route_ipv4() */
		if (f->snat) {
			err = ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_IP4, 12,
					&f->nat_saddr_v4, &mask);
			err = err ?: ft_port(tr, f, true);
		}
		if (!err && f->dnat) {
			err = ft_mangle(tr, FLOW_ACT_MANGLE_HDR_TYPE_IP4, 16,
					&f->nat_daddr_v4, &mask);
			err = err ?: ft_port(tr, f, false);
		}
		if (!err && (f->snat || f->dnat)) {
			e = ft_next(tr);
			if (!e)
				return -E2BIG;
			e->id = FLOW_ACTION_CSUM;
			e->csum_flags = TCA_CSUM_UPDATE_FLAG_IPV4HDR;
			if (f->l4proto == IPPROTO_TCP)
				e->csum_flags |= TCA_CSUM_UPDATE_FLAG_TCP;
			else if (f->l4proto == IPPROTO_UDP)
				e->csum_flags |= TCA_CSUM_UPDATE_FLAG_UDP;
		}
	} else {
		/* nf_flow_rule_route_ipv6() */
		if (f->snat) {
			err = ft_ipv6(tr, 8, &f->nat_saddr_v6);
			err = err ?: ft_port(tr, f, true);
		}
		if (!err && f->dnat) {
			err = ft_ipv6(tr, 24, &f->nat_daddr_v6);
			err = err ?: ft_port(tr, f, false);
		}
	}
	if (err)
		return err;

	/* flow_offload_redirect() */
	e = ft_next(tr);
	if (!e)
		return -E2BIG;
	e->id = FLOW_ACTION_REDIRECT;
	e->dev = f->out_dev;
	return 0;
}
