/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow_rules built the way the kernel builds them, for the tests and the
 * fuzzer.
 *
 * struct test_rule is what tc flower (struct fl_flow_key) and nft offload
 * (struct nft_flow_match) keep: a flow_dissector whose offsets point into
 * a key and a mask of one storage struct, and a flow_rule from
 * flow_rule_alloc() whose match refers to them. tr_init() sets the offset
 * of every key, as fl_init_dissector() does; tr_use() marks a key used.
 *
 * tr_flowtable() builds what nf_flow_table_offload.c builds for one
 * direction of a flowtable flow: nf_flow_rule_match() plus
 * nf_flow_rule_route_ipv4/ipv6() (eth mangles, NAT mangles, CSUM, VLAN,
 * REDIRECT).
 */
#ifndef _RULES_H
#define _RULES_H

#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <net/flow_offload.h>

#define AF_INET		2
#define AF_INET6	10

/* One struct per key, as in tc flower's struct fl_flow_key. */
struct tr_keys {
	/* every key id without its own member below (offset 0) */
	u8					other[64];
	struct flow_dissector_key_meta		meta;
	struct flow_dissector_key_control	control;
	struct flow_dissector_key_basic		basic;
	struct flow_dissector_key_eth_addrs	eth;
	struct flow_dissector_key_vlan		vlan;
	struct flow_dissector_key_vlan		cvlan;
	/* one memory, as in fl_flow_key, nft_flow_key and nf_flow_key */
	union {
		struct flow_dissector_key_ipv4_addrs	ipv4;
		struct flow_dissector_key_ipv6_addrs	ipv6;
	};
	struct flow_dissector_key_ports		tp;
	struct flow_dissector_key_tcp		tcp;
	struct flow_dissector_key_ip		ip;
	struct flow_dissector_key_icmp		icmp;
	/* keys outside nft_offload's model: each has its own storage too */
	struct flow_dissector_key_ports_range	tp_range;
	struct flow_dissector_key_arp		arp;
	struct flow_dissector_key_keyid		enc_keyid;
	struct flow_dissector_key_ct		ct;
	struct flow_dissector_key_mpls		mpls;
	struct flow_dissector_key_enc_opts	enc_opts;
} __aligned(8);

struct test_rule {
	struct flow_dissector	dissector;
	struct tr_keys		key;
	struct tr_keys		mask;
	struct flow_rule	*rule;
};

/* flow_rule_alloc(num_actions); every offset set, no key used yet. */
void tr_init(struct test_rule *tr, unsigned int num_actions);
void tr_fini(struct test_rule *tr);
void tr_use(struct test_rule *tr, enum flow_dissector_key_id id);
/*
 * The keys tc flower's fl_init_dissector() puts in the dissector for the
 * mask filled in: CONTROL and BASIC always, every other key whose mask is
 * not all zero, both views of the address union each by its own size.
 */
void tr_flower_dissector(struct test_rule *tr);

static inline struct flow_action_entry *tr_act(struct test_rule *tr,
					       unsigned int i)
{
	return &tr->rule->action.entries[i];
}

void act_goto(struct flow_action_entry *e, u32 chain);
void act_dev(struct flow_action_entry *e, enum flow_action_id id,
	     struct net_device *dev);
void act_vlan(struct flow_action_entry *e, enum flow_action_id id, u16 vid,
	      u16 proto, u8 prio);
void act_mangle(struct flow_action_entry *e, enum flow_action_mangle_base htype,
		u32 offset, u32 mask, u32 val);
void act_csum(struct flow_action_entry *e, u32 flags);

/*
 * tc flower "protocol ip flower ip_proto tcp dst_ip <dst> dst_port <port>"
 * with @num_actions, its dissector as fl_init_dissector() makes it.
 */
void tr_tc_ipv4_tcp(struct test_rule *tr, unsigned int num_actions,
		    u32 dst_ip, u16 dst_port);

/* One direction of a flowtable flow, as nf_flow_table_offload.c sees it. */
struct ft_flow {
	int		family;			/* AF_INET, AF_INET6 */
	u8		l4proto;		/* IPPROTO_TCP, IPPROTO_UDP */
	__be32		src_v4, dst_v4;
	struct in6_addr	src_v6, dst_v6;
	__be16		src_port, dst_port;
	int		iifidx;
	u16		vlan_id;		/* 0: untagged */
	u8		h_source[ETH_ALEN], h_dest[ETH_ALEN];
	struct net_device *out_dev;
	/* NAT, this direction: the new addresses and ports */
	bool		snat, dnat;
	__be32		nat_saddr_v4, nat_daddr_v4;
	struct in6_addr	nat_saddr_v6, nat_daddr_v6;
	__be16		nat_sport, nat_dport;
};

#define NF_FLOW_RULE_ACTION_MAX	24
#define TCA_CSUM_UPDATE_FLAG_IPV4HDR	1
#define TCA_CSUM_UPDATE_FLAG_TCP	16
#define TCA_CSUM_UPDATE_FLAG_UDP	32

int tr_flowtable(struct test_rule *tr, const struct ft_flow *f);

#endif /* _RULES_H */
