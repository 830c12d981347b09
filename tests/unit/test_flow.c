// SPDX-License-Identifier: GPL-2.0
/*
 * core/flow.c: flow_rule -> struct nfto_flow, refusals, tuple strings.
 */
#include <linux/if_vlan.h>
#include <linux/mpls.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nfto.h"
#include "rules.h"
#include "tap.h"

#define REASON_LEN NFTO_REASON_MAX

static const enum flow_dissector_key_id model_keys[] = {
	FLOW_DISSECTOR_KEY_META, FLOW_DISSECTOR_KEY_CONTROL,
	FLOW_DISSECTOR_KEY_BASIC, FLOW_DISSECTOR_KEY_ETH_ADDRS,
	FLOW_DISSECTOR_KEY_VLAN, FLOW_DISSECTOR_KEY_CVLAN,
	FLOW_DISSECTOR_KEY_IPV4_ADDRS, FLOW_DISSECTOR_KEY_IPV6_ADDRS,
	FLOW_DISSECTOR_KEY_PORTS, FLOW_DISSECTOR_KEY_TCP,
	FLOW_DISSECTOR_KEY_IP, FLOW_DISSECTOR_KEY_ICMP,
	FLOW_DISSECTOR_KEY_MPLS,
};

static const u8 mac_a[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };
static const u8 mac_ff[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 mac_f0[ETH_ALEN] = { 0xff, 0xff, 0xff, 0x00, 0x00, 0x00 };

static struct in6_addr in6(u16 a, u16 b, u16 c)
{
	struct in6_addr x;

	memset(&x, 0, sizeof(x));
	x.s6_addr16[0] = htons(a);
	x.s6_addr16[1] = htons(b);
	x.s6_addr16[7] = htons(c);
	return x;
}

/*
 * Sets one model key with distinct values and partial masks; with
 * @mask false, the key is used but its mask stays zero.
 */
static void set_key(struct test_rule *tr, enum flow_dissector_key_id id,
		    bool mask)
{
	struct tr_keys *k = &tr->key, *m = &tr->mask;

	tr_use(tr, id);
	switch (id) {
	case FLOW_DISSECTOR_KEY_META:
		k->meta.ingress_ifindex = 7;
		k->meta.ingress_iftype = 1;
		if (mask) {
			m->meta.ingress_ifindex = 0xffffffff;
			m->meta.ingress_iftype = 0xffff;
		}
		break;
	case FLOW_DISSECTOR_KEY_CONTROL:
		k->control.flags = FLOW_DIS_IS_FRAGMENT;
		if (mask)
			m->control.flags = FLOW_DIS_IS_FRAGMENT |
					   FLOW_DIS_FIRST_FRAG;
		break;
	case FLOW_DISSECTOR_KEY_BASIC:
		k->basic.n_proto = htons(ETH_P_IP);
		k->basic.ip_proto = IPPROTO_UDP;
		if (mask) {
			m->basic.n_proto = 0xffff;
			m->basic.ip_proto = 0xff;
		}
		break;
	case FLOW_DISSECTOR_KEY_ETH_ADDRS:
		memcpy(k->eth.dst, mac_a, ETH_ALEN);
		memcpy(k->eth.src, mac_b, ETH_ALEN);
		if (mask) {
			memcpy(m->eth.dst, mac_ff, ETH_ALEN);
			memcpy(m->eth.src, mac_f0, ETH_ALEN);
		}
		break;
	case FLOW_DISSECTOR_KEY_VLAN:
		k->vlan.vlan_id = 100;
		k->vlan.vlan_priority = 5;
		k->vlan.vlan_tpid = htons(ETH_P_8021AD);
		if (mask) {
			m->vlan.vlan_id = VLAN_VID_MASK;
			m->vlan.vlan_priority = 7;
			m->vlan.vlan_tpid = 0xffff;
		}
		break;
	case FLOW_DISSECTOR_KEY_CVLAN:
		k->cvlan.vlan_id = 200;
		k->cvlan.vlan_priority = 3;
		k->cvlan.vlan_tpid = htons(ETH_P_8021Q);
		if (mask) {
			m->cvlan.vlan_id = 0xff0;
			m->cvlan.vlan_priority = 1;
			m->cvlan.vlan_tpid = 0xffff;
		}
		break;
	/*
	 * The addresses share one memory, as in flower, and name their key
	 * in control.addr_type (mask ~0: it never counts as a match).
	 */
	case FLOW_DISSECTOR_KEY_IPV4_ADDRS:
		tr_use(tr, FLOW_DISSECTOR_KEY_CONTROL);
		k->control.addr_type = id;
		m->control.addr_type = 0xffff;
		k->ipv4.src = htonl(0x0a000102);
		k->ipv4.dst = htonl(0x0a000202);
		if (mask) {
			m->ipv4.src = htonl(0xffffff00);
			m->ipv4.dst = htonl(0xffffffff);
		}
		break;
	case FLOW_DISSECTOR_KEY_IPV6_ADDRS:
		tr_use(tr, FLOW_DISSECTOR_KEY_CONTROL);
		k->control.addr_type = id;
		m->control.addr_type = 0xffff;
		memset(&m->ipv6, 0, sizeof(m->ipv6));	/* the IPv4 view's */
		k->ipv6.src = in6(0x2001, 0xdb8, 1);
		k->ipv6.dst = in6(0x2001, 0xdb8, 2);
		if (mask) {
			memset(&m->ipv6.src, 0xff, 8);	/* a /64 */
			memset(&m->ipv6.dst, 0xff, 16);
		}
		break;
	case FLOW_DISSECTOR_KEY_PORTS:
		k->tp.src = htons(40000);
		k->tp.dst = htons(53);
		if (mask) {
			m->tp.src = htons(0xff00);
			m->tp.dst = 0xffff;
		}
		break;
	case FLOW_DISSECTOR_KEY_TCP:
		k->tcp.flags = htons(0x0002);
		if (mask)
			m->tcp.flags = htons(0x0017);
		break;
	case FLOW_DISSECTOR_KEY_IP:
		k->ip.tos = 0x10;
		k->ip.ttl = 64;
		if (mask) {
			m->ip.tos = 0xfc;
			m->ip.ttl = 0xff;
		}
		break;
	case FLOW_DISSECTOR_KEY_ICMP:
		k->icmp.type = 8;
		k->icmp.code = 0;
		if (mask) {
			m->icmp.type = 0xff;
			m->icmp.code = 0xff;
		}
		break;
	case FLOW_DISSECTOR_KEY_MPLS:
		/* two entries, as fl_set_key_mpls_lse() fills them */
		k->mpls.ls[0].mpls_label = 100;
		k->mpls.ls[0].mpls_tc = 3;
		k->mpls.ls[0].mpls_ttl = 64;
		k->mpls.ls[1].mpls_label = 200;
		k->mpls.ls[1].mpls_bos = 1;
		k->mpls.used_lses = 3;
		if (mask) {
			m->mpls.ls[0].mpls_label = MPLS_LABEL_MASK;
			m->mpls.ls[0].mpls_tc = MPLS_TC_MASK;
			m->mpls.ls[0].mpls_ttl = MPLS_TTL_MASK;
			m->mpls.ls[1].mpls_label = MPLS_LABEL_MASK;
			m->mpls.ls[1].mpls_bos = MPLS_BOS_MASK;
			m->mpls.used_lses = 3;
		}
		break;
	default:
		/* a bug of the test: the runner fails on the warning */
		WARN_ON(1);
	}
}

static void one_drop(struct test_rule *tr)
{
	tr_act(tr, 0)->id = FLOW_ACTION_DROP;
}

/* Every model key at once, with IPv4 addresses, then with IPv6 ones. */
/*
 * tc's software path: the filter's protocol. (No L4 in fragments is the
 * datapath's: a tc rule on ports still takes fragments whose view has
 * port 0, see the tc_frag_view test.)
 */
static void flow_tc_semantics(struct test *t)
{
	struct nfto_flow f;
	u64 used;

	memset(&f, 0, sizeof(f));
	f.mask.dst_port = htons(0xffff);
	f.key.dst_port = htons(80);
	f.used_keys = used = BIT_ULL(FLOW_DISSECTOR_KEY_PORTS);
	nfto_flow_tc_semantics(&f, htons(ETH_P_IP));
	EXPECT_EQ(f.mask.vlan_tpid, htons(0xffff));	/* untagged only */
	EXPECT_EQ(f.key.vlan_tpid, 0);
	EXPECT_EQ(f.key.n_proto, htons(ETH_P_IP));
	EXPECT_EQ(f.mask.n_proto, htons(0xffff));
	EXPECT_EQ(f.mask.ctrl_flags, 0);		/* fragments too */
	EXPECT_EQ(f.used_keys, used);			/* backends see the rule */

	/* 802.1Q: tagged frames only, the inner protocol is the rule's */
	memset(&f, 0, sizeof(f));
	nfto_flow_tc_semantics(&f, htons(ETH_P_8021Q));
	EXPECT_EQ(f.key.vlan_tpid, htons(ETH_P_8021Q));
	EXPECT_EQ(f.mask.vlan_tpid, htons(0xffff));
	EXPECT_EQ(f.mask.n_proto, 0);
	EXPECT_EQ(f.mask.ctrl_flags, 0);		/* no L4 match */

	/* all: nothing added; a rule on fragments keeps its own flags */
	memset(&f, 0, sizeof(f));
	f.mask.src_port = htons(0xffff);
	f.mask.ctrl_flags = FLOW_DIS_IS_FRAGMENT;
	f.key.ctrl_flags = FLOW_DIS_IS_FRAGMENT;
	nfto_flow_tc_semantics(&f, htons(ETH_P_ALL));
	EXPECT_EQ(f.mask.vlan_tpid, 0);
	EXPECT_EQ(f.mask.n_proto, 0);
	EXPECT_EQ(f.key.ctrl_flags, FLOW_DIS_IS_FRAGMENT);
}

static void flow_all_model_keys(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	struct nfto_key *k = &f.key, *m = &f.mask;
	unsigned int i;

	tr_init(&tr, 1);
	one_drop(&tr);
	for (i = 0; i < ARRAY_SIZE(model_keys); i++)
		if (model_keys[i] != FLOW_DISSECTOR_KEY_IPV6_ADDRS)
			set_key(&tr, model_keys[i], true);

	memset(&f, 0xa5, sizeof(f));
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, NFTO_MODEL_KEYS &
		  ~BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS));

	EXPECT_EQ(k->ingress_ifindex, 7);
	EXPECT_EQ(m->ingress_ifindex, 0xffffffff);
	EXPECT_EQ(k->ingress_iftype, 1);
	EXPECT_EQ(m->ingress_iftype, 0xffff);
	EXPECT_EQ(k->addr_type, FLOW_DISSECTOR_KEY_IPV4_ADDRS);
	EXPECT_EQ(m->addr_type, 0xffff);
	EXPECT_EQ(k->ctrl_flags, FLOW_DIS_IS_FRAGMENT);
	EXPECT_EQ(m->ctrl_flags, FLOW_DIS_IS_FRAGMENT | FLOW_DIS_FIRST_FRAG);
	EXPECT_EQ(k->n_proto, htons(ETH_P_IP));
	EXPECT_EQ(m->n_proto, 0xffff);
	EXPECT_EQ(k->ip_proto, IPPROTO_UDP);
	EXPECT_EQ(m->ip_proto, 0xff);
	EXPECT_MEMEQ(k->eth_dst, mac_a, ETH_ALEN);
	EXPECT_MEMEQ(k->eth_src, mac_b, ETH_ALEN);
	EXPECT_MEMEQ(m->eth_dst, mac_ff, ETH_ALEN);
	EXPECT_MEMEQ(m->eth_src, mac_f0, ETH_ALEN);
	EXPECT_EQ(k->vlan_id, 100);
	EXPECT_EQ(m->vlan_id, VLAN_VID_MASK);
	EXPECT_EQ(k->vlan_prio, 5);
	EXPECT_EQ(m->vlan_prio, 7);
	EXPECT_EQ(k->vlan_tpid, htons(ETH_P_8021AD));
	EXPECT_EQ(m->vlan_tpid, 0xffff);
	EXPECT_EQ(k->cvlan_id, 200);
	EXPECT_EQ(m->cvlan_id, 0xff0);
	EXPECT_EQ(k->cvlan_prio, 3);
	EXPECT_EQ(m->cvlan_prio, 1);
	EXPECT_EQ(k->cvlan_tpid, htons(ETH_P_8021Q));
	EXPECT_EQ(m->cvlan_tpid, 0xffff);
	EXPECT_EQ(k->ipv4_src, htonl(0x0a000102));
	EXPECT_EQ(k->ipv4_dst, htonl(0x0a000202));
	EXPECT_EQ(m->ipv4_src, htonl(0xffffff00));
	EXPECT_EQ(m->ipv4_dst, 0xffffffff);
	/* the IPv6 view of the same memory is not an IPv6 match */
	EXPECT_FALSE(memchr_inv(&k->ipv6_src, 0, 2 * sizeof(k->ipv6_src)));
	EXPECT_FALSE(memchr_inv(&m->ipv6_src, 0, 2 * sizeof(m->ipv6_src)));
	EXPECT_EQ(k->src_port, htons(40000));
	EXPECT_EQ(k->dst_port, htons(53));
	EXPECT_EQ(m->src_port, htons(0xff00));
	EXPECT_EQ(m->dst_port, 0xffff);
	EXPECT_EQ(k->tcp_flags, htons(0x0002));
	EXPECT_EQ(m->tcp_flags, htons(0x0017));
	EXPECT_EQ(k->ip_tos, 0x10);
	EXPECT_EQ(m->ip_tos, 0xfc);
	EXPECT_EQ(k->ip_ttl, 64);
	EXPECT_EQ(m->ip_ttl, 0xff);
	EXPECT_EQ(k->icmp_type, 8);
	EXPECT_EQ(m->icmp_type, 0xff);
	EXPECT_EQ(k->icmp_code, 0);
	EXPECT_EQ(m->icmp_code, 0xff);
	EXPECT_EQ(k->mpls_lse[0], htonl(100 << 12 | 3 << 9 | 64));
	EXPECT_EQ(m->mpls_lse[0], htonl(0xfffff000 | 0xe00 | 0xff));
	EXPECT_EQ(k->mpls_lse[1], htonl(200 << 12 | 1 << 8));
	EXPECT_EQ(m->mpls_lse[1], htonl(0xfffff000 | 0x100));
	EXPECT_EQ(k->mpls_lse[2] | m->mpls_lse[2], 0);
	EXPECT_EQ(k->mpls_lses, 3);
	EXPECT_EQ(m->mpls_lses, 3);
	EXPECT_EQ(f.num_actions, 1);
	EXPECT_EQ(f.actions[0].id, FLOW_ACTION_DROP);
	EXPECT_STREQ(reason, "");

	/* The union's IPv6 view now, and addr_type says so. */
	set_key(&tr, FLOW_DISSECTOR_KEY_IPV6_ADDRS, true);
	memset(&f, 0xa5, sizeof(f));
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, NFTO_MODEL_KEYS &
		  ~BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS));
	EXPECT_EQ(k->addr_type, FLOW_DISSECTOR_KEY_IPV6_ADDRS);
	EXPECT_EQ(m->addr_type, 0xffff);
	EXPECT_EQ(ntohs(k->ipv6_src.s6_addr16[7]), 1);
	EXPECT_EQ(ntohs(k->ipv6_dst.s6_addr16[7]), 2);
	EXPECT_EQ(ntohs(k->ipv6_dst.s6_addr16[0]), 0x2001);
	EXPECT_EQ(m->ipv6_src.s6_addr32[1], 0xffffffff);
	EXPECT_EQ(m->ipv6_src.s6_addr32[2], 0);
	EXPECT_EQ(m->ipv6_dst.s6_addr32[3], 0xffffffff);
	EXPECT_EQ(k->ipv4_src, 0);
	EXPECT_EQ(k->ipv4_dst, 0);
	EXPECT_EQ(m->ipv4_src, 0);
	EXPECT_EQ(m->ipv4_dst, 0);
	EXPECT_EQ(k->icmp_type, 8);
	tr_fini(&tr);
}

/* Each model key on its own sets exactly its own bit. */
static void flow_each_model_key_alone(struct test *t)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(model_keys); i++) {
		char reason[REASON_LEN];
		struct test_rule tr;
		struct nfto_flow f;

		tr_init(&tr, 1);
		one_drop(&tr);
		set_key(&tr, model_keys[i], true);
		if (EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason,
					      sizeof(reason)), 0))
			if (!EXPECT_EQ(f.used_keys, BIT_ULL(model_keys[i])))
				test_info(t, "key %s",
					  nfto_key_name(model_keys[i]));
		tr_fini(&tr);
	}
}

/* Keys in the dissector with an all-zero mask match nothing: not counted. */
static void flow_zero_mask_keys_not_counted(struct test *t)
{
	char reason[REASON_LEN];
	struct test_rule tr;
	struct nfto_flow f;
	unsigned int i;

	tr_init(&tr, 1);
	one_drop(&tr);
	for (i = 0; i < ARRAY_SIZE(model_keys); i++)
		set_key(&tr, model_keys[i], false);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, 0);
	/* the values are still there, e.g. for the tuple string */
	EXPECT_EQ(f.key.ingress_ifindex, 7);
	EXPECT_EQ(f.mask.ingress_ifindex, 0);

	/* one masked key among the unmasked ones: only that one */
	set_key(&tr, FLOW_DISSECTOR_KEY_PORTS, true);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_PORTS));
	tr_fini(&tr);
}

static void flow_key_outside_model_refused(struct test *t)
{
	static const struct {
		enum flow_dissector_key_id id;
		const char *name;
	} bad[] = {
		{ FLOW_DISSECTOR_KEY_CT, "ct" },
		{ FLOW_DISSECTOR_KEY_ARP, "arp" },
		{ FLOW_DISSECTOR_KEY_ENC_KEYID, "enc_keyid" },
		{ FLOW_DISSECTOR_KEY_PORTS_RANGE, "ports_range" },
		{ FLOW_DISSECTOR_KEY_MPLS_ENTROPY, "mpls_entropy" },
		{ FLOW_DISSECTOR_KEY_ENC_OPTS, "enc_opts" },
		{ FLOW_DISSECTOR_KEY_ENC_IPV4_ADDRS, "enc_ipv4_addrs" },
		{ FLOW_DISSECTOR_KEY_PPPOE, "pppoe" },
		{ FLOW_DISSECTOR_KEY_L2TPV3, "l2tpv3" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char reason[REASON_LEN] = "", want[64];
		struct test_rule tr;
		struct nfto_flow f;

		tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
		one_drop(&tr);
		tr_use(&tr, bad[i].id);
		/* refused even with a zero mask: the kernel asked for it */
		EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
			  -EOPNOTSUPP);
		snprintf(want, sizeof(want), "match on '%s' is not in",
			 bad[i].name);
		EXPECT_CONTAINS(reason, want);
		tr_fini(&tr);
	}
}

/*
 * Linux 6.12 has keys (cfm, ipsec) the name table lacks: the refusal then
 * says "match on 'unknown'", which tells an admin nothing.
 */
static void flow_key_outside_model_named(struct test *t)
{
	static const enum flow_dissector_key_id ids[] = {
		FLOW_DISSECTOR_KEY_CFM, FLOW_DISSECTOR_KEY_IPSEC,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		char reason[REASON_LEN] = "", num[16];
		struct test_rule tr;
		struct nfto_flow f;

		tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
		one_drop(&tr);
		tr_use(&tr, ids[i]);
		EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
			  -EOPNOTSUPP);
		snprintf(num, sizeof(num), "%u", ids[i]);
		if (!strstr(reason, num))
			EXPECT_FALSE(strstr(reason, "unknown"));
		tr_fini(&tr);
	}
}

static void flow_actions_parsed(struct test *t)
{
	static struct net_device out = { .name = "p1", .ifindex = 42 };
	char reason[REASON_LEN];
	struct test_rule tr;
	struct nfto_flow f;

	tr_tc_ipv4_tcp(&tr, 14, 0x0a000202, 80);
	act_goto(tr_act(&tr, 0), 7);
	act_dev(tr_act(&tr, 1), FLOW_ACTION_REDIRECT, &out);
	act_dev(tr_act(&tr, 2), FLOW_ACTION_MIRRED, &out);
	act_dev(tr_act(&tr, 3), FLOW_ACTION_REDIRECT_INGRESS, &out);
	act_dev(tr_act(&tr, 4), FLOW_ACTION_MIRRED_INGRESS, &out);
	act_vlan(tr_act(&tr, 5), FLOW_ACTION_VLAN_PUSH, 100, ETH_P_8021Q, 3);
	act_vlan(tr_act(&tr, 6), FLOW_ACTION_VLAN_POP, 0, 0, 0);
	act_vlan(tr_act(&tr, 7), FLOW_ACTION_VLAN_MANGLE, 200, ETH_P_8021AD, 6);
	act_mangle(tr_act(&tr, 8), FLOW_ACT_MANGLE_HDR_TYPE_IP4, 16,
		   0x00ffffff, 0x0a000000);
	act_mangle(tr_act(&tr, 9), FLOW_ACT_MANGLE_HDR_TYPE_IP4, 8,
		   0x00ffffff, 0xff000000);
	tr_act(&tr, 9)->id = FLOW_ACTION_ADD;		/* ttl - 1 */
	act_csum(tr_act(&tr, 10), TCA_CSUM_UPDATE_FLAG_IPV4HDR |
		 TCA_CSUM_UPDATE_FLAG_TCP);
	tr_act(&tr, 11)->id = FLOW_ACTION_ACCEPT;
	tr_act(&tr, 12)->id = FLOW_ACTION_TRAP;
	tr_act(&tr, 13)->id = FLOW_ACTION_DROP;

	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.num_actions, 14);
	EXPECT_EQ(f.actions[0].id, FLOW_ACTION_GOTO);
	EXPECT_EQ(f.actions[0].chain_index, 7);
	EXPECT_EQ(f.actions[1].id, FLOW_ACTION_REDIRECT);
	EXPECT_EQ(f.actions[1].dev.ifindex, 42);
	EXPECT_EQ(f.actions[2].id, FLOW_ACTION_MIRRED);
	EXPECT_EQ(f.actions[2].dev.ifindex, 42);
	EXPECT_EQ(f.actions[3].id, FLOW_ACTION_REDIRECT_INGRESS);
	EXPECT_EQ(f.actions[4].id, FLOW_ACTION_MIRRED_INGRESS);
	EXPECT_EQ(f.actions[4].dev.ifindex, 42);
	EXPECT_EQ(f.actions[5].id, FLOW_ACTION_VLAN_PUSH);
	EXPECT_EQ(f.actions[5].vlan.vid, 100);
	EXPECT_EQ(f.actions[5].vlan.proto, htons(ETH_P_8021Q));
	EXPECT_EQ(f.actions[5].vlan.prio, 3);
	EXPECT_EQ(f.actions[6].id, FLOW_ACTION_VLAN_POP);
	EXPECT_EQ(f.actions[7].vlan.vid, 200);
	EXPECT_EQ(f.actions[7].vlan.proto, htons(ETH_P_8021AD));
	EXPECT_EQ(f.actions[7].vlan.prio, 6);
	EXPECT_EQ(f.actions[8].id, FLOW_ACTION_MANGLE);
	EXPECT_EQ(f.actions[8].mangle.htype, FLOW_ACT_MANGLE_HDR_TYPE_IP4);
	EXPECT_EQ(f.actions[8].mangle.offset, 16);
	EXPECT_EQ(f.actions[8].mangle.mask, 0x00ffffff);
	EXPECT_EQ(f.actions[8].mangle.val, 0x0a000000);
	EXPECT_EQ(f.actions[9].id, FLOW_ACTION_ADD);
	EXPECT_EQ(f.actions[9].mangle.offset, 8);
	EXPECT_EQ(f.actions[9].mangle.val, 0xff000000);
	EXPECT_EQ(f.actions[10].id, FLOW_ACTION_CSUM);
	EXPECT_EQ(f.actions[10].csum_flags, TCA_CSUM_UPDATE_FLAG_IPV4HDR |
		  TCA_CSUM_UPDATE_FLAG_TCP);
	EXPECT_EQ(f.actions[11].id, FLOW_ACTION_ACCEPT);
	EXPECT_EQ(f.actions[12].id, FLOW_ACTION_TRAP);
	EXPECT_EQ(f.actions[13].id, FLOW_ACTION_DROP);
	tr_fini(&tr);
}

static void flow_redirect_without_device_refused(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;

	tr_tc_ipv4_tcp(&tr, 2, 0x0a000202, 80);
	tr_act(&tr, 0)->id = FLOW_ACTION_ACCEPT;
	act_dev(tr_act(&tr, 1), FLOW_ACTION_MIRRED, NULL);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
		  -EINVAL);
	EXPECT_STREQ(reason, "mirred without a target device");
	EXPECT_EQ(f.num_actions, 0);
	tr_fini(&tr);
}

struct mangle_case {
	u32	htype;
	u32	offset;
	bool	ok;
};

static const struct mangle_case mangle_cases[] = {
	/* the last whole 32-bit word of each header is fine ... */
	{ FLOW_ACT_MANGLE_HDR_TYPE_ETH, 0, true },
	{ FLOW_ACT_MANGLE_HDR_TYPE_ETH, 8, true },
	{ FLOW_ACT_MANGLE_HDR_TYPE_IP4, 16, true },
	{ FLOW_ACT_MANGLE_HDR_TYPE_IP6, 36, true },
	{ FLOW_ACT_MANGLE_HDR_TYPE_TCP, 16, true },
	{ FLOW_ACT_MANGLE_HDR_TYPE_UDP, 4, true },
	/* ... the word after it is not */
	{ FLOW_ACT_MANGLE_HDR_TYPE_ETH, 12, false },
	{ FLOW_ACT_MANGLE_HDR_TYPE_IP4, 20, false },
	{ FLOW_ACT_MANGLE_HDR_TYPE_IP6, 40, false },
	{ FLOW_ACT_MANGLE_HDR_TYPE_TCP, 20, false },
	{ FLOW_ACT_MANGLE_HDR_TYPE_UDP, 8, false },
	{ FLOW_ACT_MANGLE_HDR_TYPE_IP4, 4096, false },
	/* unaligned, legacy "network" base, unknown bases */
	{ FLOW_ACT_MANGLE_HDR_TYPE_IP4, 2, false },
	{ FLOW_ACT_MANGLE_UNSPEC, 0, false },
	{ FLOW_ACT_MANGLE_HDR_TYPE_UDP + 1, 0, false },
	{ 255, 0, false },
};

static void flow_mangle_within_header(struct test *t)
{
	unsigned int i, add;

	for (add = 0; add < 2; add++) {
		for (i = 0; i < ARRAY_SIZE(mangle_cases); i++) {
			const struct mangle_case *c = &mangle_cases[i];
			char reason[REASON_LEN] = "", want[96];
			struct test_rule tr;
			struct nfto_flow f;
			int err;

			tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
			act_mangle(tr_act(&tr, 0), c->htype, c->offset,
				   0xffff0000, 0x1234);
			if (add)
				tr_act(&tr, 0)->id = FLOW_ACTION_ADD;
			err = nfto_flow_parse(&f, tr.rule, reason,
					      sizeof(reason));
			if (!EXPECT_EQ(err, c->ok ? 0 : -EOPNOTSUPP))
				test_info(t, "%s htype %u offset %u",
					  add ? "add" : "mangle", c->htype,
					  c->offset);
			if (!c->ok) {
				snprintf(want, sizeof(want),
					 "%s of header type %u offset %u is outside the header",
					 add ? "add" : "mangle", c->htype,
					 c->offset);
				EXPECT_STREQ(reason, want);
			}
			tr_fini(&tr);
		}
	}
}

/*
 * tc pedit takes the offset from userspace as a signed int, so -4 reaches
 * the driver as 0xfffffffc; "offset + 4 > len" wraps to 0 and passes.
 */
static void flow_mangle_offset_wrap_refused(struct test *t)
{
	static const u32 offsets[] = { 0xfffffffc, 0xfffffff8, 0x80000000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		char reason[REASON_LEN] = "";
		struct test_rule tr;
		struct nfto_flow f;

		tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
		act_mangle(tr_act(&tr, 0), FLOW_ACT_MANGLE_HDR_TYPE_IP4,
			   offsets[i], 0, 0x01020304);
		if (!EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason,
					       sizeof(reason)), -EOPNOTSUPP))
			test_info(t, "offset %#x accepted", offsets[i]);
		tr_fini(&tr);
	}
}

static void flow_unsupported_action_refused(struct test *t)
{
	static const struct {
		enum flow_action_id id;
		const char *name;
	} bad[] = {
		{ FLOW_ACTION_POLICE, "police" },
		{ FLOW_ACTION_CT, "ct" },
		{ FLOW_ACTION_SAMPLE, "sample" },
		{ FLOW_ACTION_TUNNEL_ENCAP, "tunnel_encap" },
		{ FLOW_ACTION_MARK, "mark" },
		{ FLOW_ACTION_MPLS_PUSH, "mpls_push" },
		{ FLOW_ACTION_PPPOE_PUSH, "pppoe_push" },
		{ FLOW_ACTION_VLAN_PUSH_ETH, "vlan_push_eth" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char reason[REASON_LEN] = "", want[96];
		struct test_rule tr;
		struct nfto_flow f;

		tr_tc_ipv4_tcp(&tr, 3, 0x0a000202, 80);
		act_csum(tr_act(&tr, 0), TCA_CSUM_UPDATE_FLAG_IPV4HDR);
		tr_act(&tr, 1)->id = bad[i].id;
		tr_act(&tr, 2)->id = FLOW_ACTION_DROP;
		EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
			  -EOPNOTSUPP);
		snprintf(want, sizeof(want),
			 "action '%s' is not in nft_offload's flow model",
			 bad[i].name);
		EXPECT_STREQ(reason, want);
		EXPECT_EQ(f.num_actions, 0);
		tr_fini(&tr);
	}
}

/* Actions of Linux 6.12 the name table lacks show up as 'unknown'. */
static void flow_every_action_named(struct test *t)
{
	unsigned int id;

	for (id = 0; id < NUM_FLOW_ACTIONS; id++)
		if (!strcmp(nfto_action_name(id), "unknown"))
			test_fail(t, __FILE__, __LINE__,
				  "flow_action_id %u has no name", id);
	for (id = 0; id < FLOW_DISSECTOR_KEY_MAX; id++)
		if (!strcmp(nfto_key_name(id), "unknown"))
			test_fail(t, __FILE__, __LINE__,
				  "flow_dissector_key_id %u has no name", id);
}

static void flow_names(struct test *t)
{
	EXPECT_STREQ(nfto_key_name(FLOW_DISSECTOR_KEY_META), "meta");
	EXPECT_STREQ(nfto_key_name(FLOW_DISSECTOR_KEY_CVLAN), "cvlan");
	EXPECT_STREQ(nfto_key_name(FLOW_DISSECTOR_KEY_MAX), "unknown");
	EXPECT_STREQ(nfto_key_name(~0u), "unknown");
	EXPECT_STREQ(nfto_action_name(FLOW_ACTION_ACCEPT), "accept");
	EXPECT_STREQ(nfto_action_name(FLOW_ACTION_VLAN_POP_ETH),
		     "vlan_pop_eth");
	EXPECT_STREQ(nfto_action_name(NUM_FLOW_ACTIONS + 1), "unknown");
	EXPECT_STREQ(nfto_action_name(~0u), "unknown");
}

static void flow_no_action_refused(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;

	tr_tc_ipv4_tcp(&tr, 0, 0x0a000202, 80);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
		  -EINVAL);
	EXPECT_STREQ(reason, "rule has no action");
	tr_fini(&tr);
}

static void flow_action_count_limit(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	unsigned int i;

	tr_tc_ipv4_tcp(&tr, NFTO_MAX_ACTIONS, 0x0a000202, 80);
	for (i = 0; i < NFTO_MAX_ACTIONS; i++)
		act_csum(tr_act(&tr, i), i);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.num_actions, NFTO_MAX_ACTIONS);
	EXPECT_EQ(f.actions[NFTO_MAX_ACTIONS - 1].csum_flags,
		  NFTO_MAX_ACTIONS - 1);
	tr_fini(&tr);

	tr_tc_ipv4_tcp(&tr, NFTO_MAX_ACTIONS + 1, 0x0a000202, 80);
	for (i = 0; i < NFTO_MAX_ACTIONS + 1; i++)
		tr_act(&tr, i)->id = FLOW_ACTION_ACCEPT;
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
		  -E2BIG);
	EXPECT_STREQ(reason, "25 actions, the flow model holds at most 24");
	EXPECT_EQ(f.num_actions, 0);
	tr_fini(&tr);
}

/* A reused struct nfto_flow keeps nothing of the previous parse. */
static void flow_parse_resets_output(struct test *t)
{
	char reason[REASON_LEN];
	struct test_rule tr;
	struct nfto_flow f;

	memset(&f, 0xff, sizeof(f));
	tr_init(&tr, 1);
	one_drop(&tr);
	set_key(&tr, FLOW_DISSECTOR_KEY_TCP, true);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_TCP));
	EXPECT_EQ(f.key.ipv4_src, 0);
	EXPECT_EQ(f.mask.ingress_ifindex, 0);
	EXPECT_EQ(f.mask.eth_dst[3], 0);
	EXPECT_EQ(f.num_actions, 1);
	tr_fini(&tr);
}

static struct ft_flow ft_ipv4_tcp(struct net_device *out)
{
	struct ft_flow f = {
		.family = AF_INET, .l4proto = IPPROTO_TCP,
		.src_v4 = htonl(0x0a000102), .dst_v4 = htonl(0x0a000202),
		.src_port = htons(40000), .dst_port = htons(80),
		.iifidx = 11,
		.h_source = { 0x02, 0, 0, 0, 0, 0x01 },
		.h_dest = { 0x02, 0, 0, 0, 0, 0x02 },
		.out_dev = out,
	};

	return f;
}

/* What nf_flow_table_offload.c hands a driver for an IPv4 NAT flow. */
static void flow_flowtable_ipv4_nat(struct test *t)
{
	static struct net_device out = { .name = "p1", .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	unsigned int i;

	ft.snat = ft.dnat = true;
	ft.nat_saddr_v4 = htonl(0xc0a80001);
	ft.nat_daddr_v4 = htonl(0xc0a80002);
	ft.nat_sport = htons(1024);
	ft.nat_dport = htons(8080);
	ASSERT_EQ(tr_flowtable(&tr, &ft), 0);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_STREQ(reason, "");
	/* CONTROL carries only addr_type here: not a match */
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_META) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_TCP) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_PORTS));
	EXPECT_EQ(f.key.ingress_ifindex, 11);
	EXPECT_EQ(f.mask.ingress_ifindex, 0xffffffff);
	EXPECT_EQ(f.mask.tcp_flags, htons(0x0005));	/* FIN|RST */
	EXPECT_EQ(f.key.tcp_flags, 0);
	EXPECT_EQ(f.key.addr_type, FLOW_DISSECTOR_KEY_IPV4_ADDRS);

	/* eth x4, snat ip + port, dnat ip + port, csum, redirect */
	EXPECT_EQ(f.num_actions, 10);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(f.actions[i].id, FLOW_ACTION_MANGLE);
		EXPECT_EQ(f.actions[i].mangle.htype,
			  FLOW_ACT_MANGLE_HDR_TYPE_ETH);
	}
	EXPECT_EQ(f.actions[1].mangle.offset, 8);
	EXPECT_EQ(f.actions[4].mangle.htype, FLOW_ACT_MANGLE_HDR_TYPE_IP4);
	EXPECT_EQ(f.actions[4].mangle.offset, 12);
	EXPECT_EQ(f.actions[4].mangle.val, htonl(0xc0a80001));
	EXPECT_EQ(f.actions[4].mangle.mask, 0);
	EXPECT_EQ(f.actions[5].mangle.htype, FLOW_ACT_MANGLE_HDR_TYPE_TCP);
	EXPECT_EQ(f.actions[5].mangle.offset, 0);
	EXPECT_EQ(f.actions[5].mangle.val, htonl(1024u << 16));
	EXPECT_EQ(f.actions[5].mangle.mask, ~htonl(0xffff0000));
	EXPECT_EQ(f.actions[6].mangle.offset, 16);
	EXPECT_EQ(f.actions[7].mangle.val, htonl(8080));
	EXPECT_EQ(f.actions[8].id, FLOW_ACTION_CSUM);
	EXPECT_EQ(f.actions[8].csum_flags, TCA_CSUM_UPDATE_FLAG_IPV4HDR |
		  TCA_CSUM_UPDATE_FLAG_TCP);
	EXPECT_EQ(f.actions[9].id, FLOW_ACTION_REDIRECT);
	EXPECT_EQ(f.actions[9].dev.ifindex, 12);
	tr_fini(&tr);
}

/*
 * IPv6 double NAT on a VLAN: 4 eth + 1 vlan pop + 5 snat + 5 dnat +
 * redirect = 16 actions, exactly NFTO_MAX_ACTIONS.
 */
static void flow_flowtable_ipv6_nat_vlan(struct test *t)
{
	static struct net_device out = { .name = "p1", .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;

	ft.family = AF_INET6;
	ft.l4proto = IPPROTO_UDP;
	ft.src_v6 = in6(0x2001, 0xdb8, 1);
	ft.dst_v6 = in6(0x2001, 0xdb8, 2);
	ft.vlan_id = 10;
	ft.snat = ft.dnat = true;
	ft.nat_saddr_v6 = in6(0xfd00, 0, 1);
	ft.nat_daddr_v6 = in6(0xfd00, 0, 2);
	ft.nat_sport = htons(1);
	ft.nat_dport = htons(2);
	ASSERT_EQ(tr_flowtable(&tr, &ft), 0);
	ASSERT_EQ(tr.rule->action.num_entries, 16);
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_STREQ(reason, "");
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_META) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_VLAN) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_PORTS));
	EXPECT_EQ(f.key.vlan_id, 10);
	EXPECT_EQ(f.actions[4].id, FLOW_ACTION_VLAN_POP);
	EXPECT_EQ(f.actions[5].mangle.htype, FLOW_ACT_MANGLE_HDR_TYPE_IP6);
	EXPECT_EQ(f.actions[8].mangle.offset, 20);
	EXPECT_EQ(f.actions[9].mangle.htype, FLOW_ACT_MANGLE_HDR_TYPE_UDP);
	EXPECT_EQ(f.actions[13].mangle.offset, 36);
	EXPECT_EQ(f.actions[15].id, FLOW_ACTION_REDIRECT);
	tr_fini(&tr);
}

static void parse_tuple(struct test *t, const struct ft_flow *ft,
			char *buf, size_t len)
{
	char reason[REASON_LEN];
	struct test_rule tr;
	struct nfto_flow f;
	int n;

	if (!EXPECT_EQ(tr_flowtable(&tr, ft), 0))
		return;
	if (EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
		      0)) {
		n = nfto_flow_tuple_str(&f, buf, len);
		EXPECT_EQ(n, strlen(buf));
	}
	tr_fini(&tr);
}

static void flow_tuple_ipv4(struct test *t)
{
	static struct net_device out = { .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	char buf[112];

	parse_tuple(t, &ft, buf, sizeof(buf));
	EXPECT_STREQ(buf, "tcp 10.0.1.2:40000 > 10.0.2.2:80");

	ft.l4proto = IPPROTO_UDP;
	ft.src_port = htons(5353);
	ft.dst_port = htons(53);
	parse_tuple(t, &ft, buf, sizeof(buf));
	EXPECT_STREQ(buf, "udp 10.0.1.2:5353 > 10.0.2.2:53");

	ft.l4proto = IPPROTO_GRE;	/* no ports key */
	parse_tuple(t, &ft, buf, sizeof(buf));
	EXPECT_STREQ(buf, "proto 47 10.0.1.2:0 > 10.0.2.2:0");
}

static void flow_tuple_ipv6(struct test *t)
{
	static struct net_device out = { .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	char buf[112];

	ft.family = AF_INET6;
	ft.src_v6 = in6(0x2001, 0xdb8, 1);
	ft.dst_v6 = in6(0xfe80, 0, 0xabcd);
	parse_tuple(t, &ft, buf, sizeof(buf));
	EXPECT_STREQ(buf,
		     "tcp 2001:db8:0:0:0:0:0:1:40000 > fe80:0:0:0:0:0:0:abcd:80");
}

/* A flow without addresses, and buffers too small for the string. */
static void flow_tuple_bounds(struct test *t)
{
	struct nfto_flow f;
	char buf[112];
	unsigned int len;

	memset(&f, 0, sizeof(f));
	f.key.ip_proto = IPPROTO_UDP;
	f.key.src_port = htons(1);
	f.key.dst_port = htons(2);
	EXPECT_EQ(nfto_flow_tuple_str(&f, buf, sizeof(buf)), 13);
	EXPECT_STREQ(buf, "udp *:1 > *:2");

	f.used_keys = BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS);
	memset(&f.key.ipv6_src, 0xff, 16);
	memset(&f.key.ipv6_dst, 0xee, 16);
	EXPECT_EQ(nfto_flow_tuple_str(&f, buf, sizeof(buf)), 89);
	EXPECT_STREQ(buf, "udp ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:1 > "
		     "eeee:eeee:eeee:eeee:eeee:eeee:eeee:eeee:2");
	/* every shorter buffer: the same string cut, NUL-terminated */
	for (len = 1; len < 100; len++) {
		/* exact size, for ASan and KASAN */
		char *small = kmalloc(len, GFP_KERNEL);
		int n;

		ASSERT_NOT_NULL(small);
		n = nfto_flow_tuple_str(&f, small, len);

		EXPECT_EQ(n, min(len - 1, 89u));
		EXPECT_EQ(strlen(small), n);
		if (!EXPECT_EQ(strncmp(small, buf, n), 0))
			test_info(t, "len %u: \"%s\"", len, small);
		kfree(small);
	}
}

/* A parsed flowtable flow, as the engine gets it. */
static bool parse_ft(struct test *t, const struct ft_flow *ft,
		     struct nfto_flow *f)
{
	char reason[REASON_LEN];
	struct test_rule tr;
	bool ok;

	if (!EXPECT_EQ(tr_flowtable(&tr, ft), 0))
		return false;
	ok = EXPECT_EQ(nfto_flow_parse(f, tr.rule, reason, sizeof(reason)), 0);
	f->type = NFTO_FLOW_FT;
	tr_fini(&tr);
	return ok;
}

/* @f in @tb on port 0 as entry @cookie; NULL if that failed. */
static struct nfto_entry *ft_insert(struct test *t, struct nfto_table *tb,
				    struct nfto_flow *f, unsigned long cookie)
{
	struct nfto_entry *e;

	f->cookie = cookie;
	e = nfto_entry_create(tb, f, tb, 0, 0);
	if (!EXPECT_NOT_NULL(e))
		return NULL;
	if (!EXPECT_EQ(nfto_table_insert(tb, e), 0)) {
		nfto_entry_discard(tb, e);
		return NULL;
	}
	return e;
}

/* What the datapath's hash finds for packet @pkt arriving on @port. */
static struct nfto_entry *ft_hit(struct nfto_table *tb, u16 port,
				 const struct nfto_key *pkt)
{
	struct nfto_entry *e;

	rcu_read_lock();	/* only the pointer is used */
	e = nfto_table_xlookup(tb, port, pkt);
	rcu_read_unlock();
	return e;
}

static void ft_drain(struct nfto_table *tb)
{
	struct nfto_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &tb->all, all) {
		nfto_table_remove(tb, e);
		nfto_entry_free(tb, e);
	}
	nfto_table_destroy(tb);
}

/*
 * Flowtable flows are exact: the datapath finds them by hash, the packet
 * masked with their group's mask, whatever their shape (IPv4, IPv6, a
 * VLAN tag), and a TCP FIN or RST misses as nf_flow_table's mask asks.
 */
static void flow_exact(struct test *t)
{
	static struct net_device out = { .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	static struct nfto_flow f4, f6, fv;
	static struct nfto_table tb;
	struct nfto_entry *e4, *e6, *ev;
	struct nfto_key pkt;

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	ASSERT_TRUE(parse_ft(t, &ft, &f4));
	e4 = ft_insert(t, &tb, &f4, 1);
	ft.family = AF_INET6;
	ft.l4proto = IPPROTO_UDP;
	ft.src_v6 = in6(0x2001, 0xdb8, 1);
	ft.dst_v6 = in6(0x2001, 0xdb8, 2);
	ASSERT_TRUE(parse_ft(t, &ft, &f6));
	e6 = ft_insert(t, &tb, &f6, 2);
	ft = ft_ipv4_tcp(&out);
	ft.src_port = htons(40002);
	ft.vlan_id = 7;
	ASSERT_TRUE(parse_ft(t, &ft, &fv));
	ev = ft_insert(t, &tb, &fv, 3);
	ASSERT_TRUE(e4 && e6 && ev);
	EXPECT_TRUE(e4->exact);
	EXPECT_TRUE(e6->exact);
	EXPECT_TRUE(ev->exact);
	/* three shapes, three groups; the datapath walks none of @masked */
	EXPECT_EQ(tb.ngroups, 3);
	EXPECT_EQ(tb.masked_ft, 0);

	/* a packet carries fields no flow matches on: they do not count */
	pkt = f4.key;
	pkt.ip_ttl = 63;
	pkt.ip_tos = 4;
	pkt.eth_dst[0] = 0x02;
	pkt.tcp_flags = htons(0x10);		/* ACK */
	EXPECT_PTR_EQ(ft_hit(&tb, 0, &pkt), e4);
	EXPECT_NULL(ft_hit(&tb, 1, &pkt));	/* another port's packet */
	pkt.tcp_flags = htons(0x11);		/* FIN: software's */
	EXPECT_NULL(ft_hit(&tb, 0, &pkt));
	pkt.tcp_flags = htons(0x04);		/* RST */
	EXPECT_NULL(ft_hit(&tb, 0, &pkt));
	pkt = f4.key;
	pkt.src_port = htons(40001);
	EXPECT_NULL(ft_hit(&tb, 0, &pkt));

	pkt = f6.key;
	pkt.ip_ttl = 1;
	EXPECT_PTR_EQ(ft_hit(&tb, 0, &pkt), e6);
	pkt.ipv6_dst.s6_addr[15] ^= 1;
	EXPECT_NULL(ft_hit(&tb, 0, &pkt));

	pkt = fv.key;
	EXPECT_PTR_EQ(ft_hit(&tb, 0, &pkt), ev);
	pkt.vlan_id = 8;
	EXPECT_NULL(ft_hit(&tb, 0, &pkt));
	ft_drain(&tb);
}

/*
 * What the flowtable hash cannot find stays a masked entry, walked in
 * order: a flowtable flow whose key has bits outside its mask, the second
 * flow with one tuple. A block rule of the same shape is hashed too, in
 * its own group (the rules' lookup, nfto_table_rlookup()).
 */
static void flow_exact_refused(struct test *t)
{
	static struct net_device out = { .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	static struct nfto_flow f, g;
	static struct nfto_table tb;
	struct nfto_entry *e, *r, *o, *d;
	struct nfto_key pkt;

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	ASSERT_TRUE(parse_ft(t, &ft, &f));
	e = ft_insert(t, &tb, &f, 1);
	g = f;
	g.type = NFTO_FLOW_RULE;		/* a tc rule */
	r = ft_insert(t, &tb, &g, 2);
	g = f;
	g.mask.ipv4_src = htonl(0xffffff00);	/* key bits outside the mask */
	o = ft_insert(t, &tb, &g, 3);
	g = f;					/* e's tuple */
	d = ft_insert(t, &tb, &g, 4);
	ASSERT_TRUE(e && r && o && d);
	EXPECT_TRUE(e->exact);
	EXPECT_TRUE(r->exact);
	EXPECT_FALSE(o->exact);
	EXPECT_FALSE(d->exact);
	EXPECT_EQ(tb.masked_ft, 2);
	EXPECT_EQ(tb.ngroups, 3);		/* d shares e's group */
	EXPECT_PTR_EQ(d->group, e->group);
	EXPECT_EQ(e->group->refs, 2);
	EXPECT_EQ(e->group->xcount, 1);
	pkt = f.key;
	EXPECT_PTR_EQ(ft_hit(&tb, 0, &pkt), e);

	/* once e is gone its group stays, for d, and the hash is empty */
	nfto_table_remove(&tb, e);
	nfto_entry_free(&tb, e);
	EXPECT_EQ(tb.ngroups, 3);
	EXPECT_EQ(d->group->refs, 1);
	EXPECT_NULL(ft_hit(&tb, 0, &pkt));
	EXPECT_TRUE(nfto_entry_match(d, &pkt));
	ft_drain(&tb);
	EXPECT_EQ(tb.ngroups, 0);
}

/* Masked compare of a packet's key, as the datapath does it. */
static void flow_key_match(struct test *t)
{
	static struct net_device out = { .ifindex = 12 };
	struct ft_flow ft = ft_ipv4_tcp(&out);
	struct nfto_key pkt;
	struct nfto_flow f;

	ASSERT_TRUE(parse_ft(t, &ft, &f));
	memset(&pkt, 0, sizeof(pkt));
	pkt.ingress_ifindex = 11;
	pkt.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	pkt.n_proto = htons(ETH_P_IP);
	pkt.ip_proto = IPPROTO_TCP;
	pkt.ipv4_src = htonl(0x0a000102);
	pkt.ipv4_dst = htonl(0x0a000202);
	pkt.src_port = htons(40000);
	pkt.dst_port = htons(80);
	pkt.ip_ttl = 64;			/* not matched on */
	pkt.tcp_flags = htons(0x0010);		/* ACK */
	EXPECT_TRUE(nfto_key_match(&f, &pkt));

	pkt.tcp_flags = htons(0x0011);		/* FIN: back to software */
	EXPECT_FALSE(nfto_key_match(&f, &pkt));
	pkt.tcp_flags = htons(0x0014);		/* RST */
	EXPECT_FALSE(nfto_key_match(&f, &pkt));
	pkt.tcp_flags = htons(0x0010);
	pkt.dst_port = htons(81);
	EXPECT_FALSE(nfto_key_match(&f, &pkt));
	pkt.dst_port = htons(80);
	pkt.ingress_ifindex = 12;
	EXPECT_FALSE(nfto_key_match(&f, &pkt));

	/* a prefix match: only the masked bits count */
	f.mask.ipv4_src = htonl(0xffffff00);
	pkt.ingress_ifindex = 11;
	pkt.ipv4_src = htonl(0x0a0001fe);
	EXPECT_TRUE(nfto_key_match(&f, &pkt));
	pkt.ipv4_src = htonl(0x0a0002fe);
	EXPECT_FALSE(nfto_key_match(&f, &pkt));
}

/* A packet's key, as core/datapath.c's nfto_parse() fills it. */
static struct nfto_key pkt_ipv4(u32 src, u32 dst, u8 tos, u8 ttl)
{
	struct nfto_key p;

	memset(&p, 0, sizeof(p));
	p.ingress_ifindex = 11;
	p.n_proto = htons(ETH_P_IP);
	p.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	p.ipv4_src = htonl(src);
	p.ipv4_dst = htonl(dst);
	p.ip_proto = IPPROTO_ICMP;
	p.ip_tos = tos;
	p.ip_ttl = ttl;
	return p;
}

static struct nfto_key pkt_ipv6(struct in6_addr src, struct in6_addr dst,
				u8 tos, u8 ttl)
{
	struct nfto_key p;

	memset(&p, 0, sizeof(p));
	p.ingress_ifindex = 11;
	p.n_proto = htons(ETH_P_IPV6);
	p.addr_type = FLOW_DISSECTOR_KEY_IPV6_ADDRS;
	p.ipv6_src = src;
	p.ipv6_dst = dst;
	p.ip_proto = IPPROTO_ICMPV6;
	p.ip_tos = tos;
	p.ip_ttl = ttl;
	return p;
}

/*
 * tc flower "protocol ip|ipv6 flower ip_tos 0x10/0xfc ip_ttl 64 ..." as
 * fl_set_key() fills it; the caller adds the addresses, then
 * tr_flower_dissector() as fl_init_dissector().
 */
static void flower_ip(struct test_rule *tr, bool v6)
{
	struct tr_keys *k = &tr->key, *m = &tr->mask;

	tr_init(tr, 1);
	one_drop(tr);
	k->basic.n_proto = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	m->basic.n_proto = 0xffff;
	k->ip.tos = 0x10;
	m->ip.tos = 0xfc;
	k->ip.ttl = 64;
	m->ip.ttl = 0xff;
	k->control.addr_type = v6 ? FLOW_DISSECTOR_KEY_IPV6_ADDRS :
				    FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	m->control.addr_type = 0xffff;
}

/*
 * tc flower's IPv4 addresses: the dissector also carries an IPv6 key (the
 * union's other view, made of the IPv4 addresses); control.addr_type says
 * which is real. Reading both made every such rule miss in hardware.
 */
static void flow_flower_ipv4_addrs(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	struct nfto_key p;

	flower_ip(&tr, false);
	tr.key.ipv4.src = htonl(0x0a000001);		/* src_ip 10.0.0.1 */
	tr.mask.ipv4.src = 0xffffffff;
	tr.key.ipv4.dst = htonl(0x0a000200);		/* dst_ip 10.0.2.0/24 */
	tr.mask.ipv4.dst = htonl(0xffffff00);
	tr_flower_dissector(&tr);
	/* what flower hands a driver */
	EXPECT_TRUE(tr.dissector.used_keys &
		    BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS));

	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IP));
	EXPECT_EQ(f.key.addr_type, FLOW_DISSECTOR_KEY_IPV4_ADDRS);
	EXPECT_EQ(f.mask.addr_type, 0xffff);
	EXPECT_FALSE(memchr_inv(&f.key.ipv6_src, 0, 2 * sizeof(f.key.ipv6_src)));
	EXPECT_FALSE(memchr_inv(&f.mask.ipv6_src, 0, 2 * sizeof(f.mask.ipv6_src)));

	/* hits: the ECN bits are outside the tos mask */
	p = pkt_ipv4(0x0a000001, 0x0a000202, 0x10, 64);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	p = pkt_ipv4(0x0a000001, 0x0a0002fe, 0x13, 64);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	/* a near miss per field */
	p = pkt_ipv4(0x0a000003, 0x0a000202, 0x10, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	p = pkt_ipv4(0x0a000001, 0x0a000302, 0x10, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	p = pkt_ipv4(0x0a000001, 0x0a000202, 0x14, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	p = pkt_ipv4(0x0a000001, 0x0a000202, 0x10, 63);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	/* an IPv6 packet, even one whose address starts the same */
	p = pkt_ipv6(in6(0x0a00, 0x0001, 0), in6(0x0a00, 0x0202, 0), 0x10, 64);
	p.ipv6_src.s6_addr32[1] = htonl(0x0a000202);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	tr_fini(&tr);
}

/*
 * tc flower's IPv6 addresses: the dissector also carries an IPv4 key (the
 * first 8 bytes of the source address) when the source is matched.
 */
static void flow_flower_ipv6_addrs(struct test *t)
{
	struct in6_addr src = in6(0x2001, 0xdb8, 1), dst = in6(0x2001, 0xdb8, 2);
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	struct nfto_key p;

	flower_ip(&tr, true);
	tr.key.ipv6.src = src;				/* src_ip 2001:db8::1 */
	memset(&tr.mask.ipv6.src, 0xff, 16);
	tr.key.ipv6.dst = dst;				/* dst_ip 2001:db8::/64 */
	memset(&tr.mask.ipv6.dst, 0xff, 8);
	tr_flower_dissector(&tr);
	EXPECT_TRUE(tr.dissector.used_keys &
		    BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS));

	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IP));
	EXPECT_EQ(f.key.addr_type, FLOW_DISSECTOR_KEY_IPV6_ADDRS);
	EXPECT_EQ(f.mask.addr_type, 0xffff);
	EXPECT_EQ(f.key.ipv4_src | f.key.ipv4_dst, 0);
	EXPECT_EQ(f.mask.ipv4_src | f.mask.ipv4_dst, 0);

	p = pkt_ipv6(src, dst, 0x10, 64);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	p = pkt_ipv6(src, in6(0x2001, 0xdb8, 0xffff), 0x12, 64);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	p = pkt_ipv6(in6(0x2001, 0xdb8, 3), dst, 0x10, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	p = pkt_ipv6(src, in6(0x2001, 0xdb9, 2), 0x10, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	p = pkt_ipv6(src, dst, 0x20, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	p = pkt_ipv6(src, dst, 0x10, 1);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	/* an IPv4 packet whose addresses are the IPv6 source's first bytes */
	p = pkt_ipv4(0x20010db8, 0, 0x10, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));

	tr_fini(&tr);

	/* a destination only: the IPv4 view is all zero, no IPv4 key */
	flower_ip(&tr, true);
	tr.key.ipv6.dst = dst;
	memset(&tr.mask.ipv6.dst, 0xff, 16);
	tr_flower_dissector(&tr);
	EXPECT_FALSE(tr.dissector.used_keys &
		     BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS));
	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_IP));
	p = pkt_ipv6(in6(0xfe80, 0, 9), dst, 0x10, 64);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	tr_fini(&tr);
}

/*
 * An address match takes only its family: in the packet key of an IPv6 or
 * a non-IP packet the IPv4 fields are zero, and 0.0.0.0/8 must not take
 * them. A rule without control.addr_type gets it from its address key.
 */
static void flow_addr_match_implies_family(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	struct nfto_key p;
	unsigned int named;

	for (named = 0; named < 2; named++) {
		tr_init(&tr, 1);
		one_drop(&tr);
		tr_use(&tr, FLOW_DISSECTOR_KEY_IPV4_ADDRS);
		tr.mask.ipv4.src = htonl(0xff000000);	/* src_ip 0.0.0.0/8 */
		if (named) {
			tr_use(&tr, FLOW_DISSECTOR_KEY_CONTROL);
			tr.key.control.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
			tr.mask.control.addr_type = 0xffff;
		}
		ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
			  0);
		EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS));
		EXPECT_EQ(f.key.addr_type, FLOW_DISSECTOR_KEY_IPV4_ADDRS);
		EXPECT_EQ(f.mask.addr_type, 0xffff);
		p = pkt_ipv4(0x00010203, 0x0a000001, 0, 64);
		EXPECT_TRUE(nfto_key_match(&f, &p));
		p = pkt_ipv6(in6(0x2001, 0xdb8, 1), in6(0x2001, 0xdb8, 2), 0, 64);
		EXPECT_FALSE(nfto_key_match(&f, &p));
		memset(&p, 0, sizeof(p));		/* ARP */
		p.ingress_ifindex = 11;
		p.n_proto = htons(ETH_P_ARP);
		EXPECT_FALSE(nfto_key_match(&f, &p));
		tr_fini(&tr);
	}
}

/* Both address keys and nothing saying which one is real: refused. */
static void flow_two_addr_keys_unnamed_refused(struct test *t)
{
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;

	tr_init(&tr, 1);
	one_drop(&tr);
	tr.mask.ipv4.src = 0xffffffff;
	tr_flower_dissector(&tr);	/* both views masked, addr_type 0 */
	EXPECT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)),
		  -EINVAL);
	EXPECT_STREQ(reason,
		     "ipv4_addrs and ipv6_addrs but no control.addr_type: set it to the key that holds the addresses");
	tr_fini(&tr);
}

/* A packet's key with the label stack @lse (host order), as nfto_parse(). */
static struct nfto_key pkt_mpls(const u32 *lse, unsigned int n)
{
	struct nfto_key p;
	unsigned int i;

	memset(&p, 0, sizeof(p));
	p.ingress_ifindex = 11;
	p.n_proto = htons(ETH_P_MPLS_UC);
	for (i = 0; i < n && i < FLOW_DIS_MPLS_MAX; i++) {
		p.mpls_lse[i] = htonl(lse[i]);
		p.mpls_lses |= BIT(i);
		if (lse[i] & MPLS_LS_S_MASK)
			break;
	}
	return p;
}

#define LSE(label, tc, bos, ttl) \
	((label) << 12 | (tc) << 9 | (bos) << 8 | (ttl))

/*
 * fl_set_key_mpls_lse(): "mpls lse depth D [label L] [tc T] [bos B]
 * [ttl X]" (-1: not given); "mpls_label L ..." is depth 1.
 */
static void flower_mpls_lse(struct test_rule *tr, unsigned int depth,
			    int label, int tc, int bos, int ttl)
{
	struct flow_dissector_mpls_lse *k = &tr->key.mpls.ls[depth - 1];
	struct flow_dissector_mpls_lse *m = &tr->mask.mpls.ls[depth - 1];

	dissector_set_mpls_lse(&tr->key.mpls, depth - 1);
	dissector_set_mpls_lse(&tr->mask.mpls, depth - 1);
	if (ttl >= 0) {
		k->mpls_ttl = ttl;
		m->mpls_ttl = MPLS_TTL_MASK;
	}
	if (bos >= 0) {
		k->mpls_bos = bos;
		m->mpls_bos = MPLS_BOS_MASK;
	}
	if (tc >= 0) {
		k->mpls_tc = tc;
		m->mpls_tc = MPLS_TC_MASK;
	}
	if (label >= 0) {
		k->mpls_label = label;
		m->mpls_label = MPLS_LABEL_MASK;
	}
}

static void flower_mpls(struct test_rule *tr)
{
	tr_init(tr, 1);
	one_drop(tr);
	tr->key.basic.n_proto = htons(ETH_P_MPLS_UC);	/* protocol mpls_uc */
	tr->mask.basic.n_proto = 0xffff;
}

/* "mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 64": the top entry. */
static void flow_flower_mpls(struct test *t)
{
	static const u32 hit[] = { LSE(100, 3, 1, 64) };
	static const u32 misses[][2] = {
		{ LSE(101, 3, 1, 64) }, { LSE(100, 2, 1, 64) },
		{ LSE(100, 3, 1, 63) },
		{ LSE(100, 3, 0, 64), LSE(5, 0, 1, 64) },	/* not bottom */
	};
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	struct nfto_key p;
	unsigned int i;

	flower_mpls(&tr);
	flower_mpls_lse(&tr, 1, 100, 3, 1, 64);
	tr_flower_dissector(&tr);
	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_MPLS));
	EXPECT_EQ(f.key.mpls_lse[0], htonl(hit[0]));
	EXPECT_EQ(f.mask.mpls_lse[0], 0xffffffff);
	EXPECT_EQ(f.key.mpls_lses, 1);
	EXPECT_EQ(f.mask.mpls_lses, 1);

	p = pkt_mpls(hit, 1);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	for (i = 0; i < ARRAY_SIZE(misses); i++) {
		p = pkt_mpls(misses[i], 2);
		if (!EXPECT_FALSE(nfto_key_match(&f, &p)))
			test_info(t, "near miss %u", i);
	}
	p = pkt_ipv4(0x0a000001, 0x0a000002, 0, 64);
	EXPECT_FALSE(nfto_key_match(&f, &p));
	tr_fini(&tr);
}

/*
 * "mpls lse depth 2 label 200": the second entry, which a packet must
 * have (used_lses); "mpls lse depth 1" alone asks for an entry, nothing
 * more. Both through the table, as the datapath matches entries.
 */
static void flow_flower_mpls_depth(struct test *t)
{
	static const u32 two[] = { LSE(100, 0, 0, 64), LSE(200, 0, 1, 64) };
	static const u32 three[] = { LSE(7, 1, 0, 9), LSE(200, 0, 0, 64),
				     LSE(300, 0, 1, 64) };
	static const u32 one[] = { LSE(200, 0, 1, 64) };
	static const u32 other[] = { LSE(100, 0, 0, 64), LSE(201, 0, 1, 64) };
	static struct nfto_table tb;
	static struct nfto_flow f, g;
	char reason[REASON_LEN] = "";
	struct nfto_entry *e, *d;
	struct test_rule tr;
	struct nfto_key p;

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	flower_mpls(&tr);
	flower_mpls_lse(&tr, 2, 200, -1, -1, -1);
	tr_flower_dissector(&tr);
	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	tr_fini(&tr);
	EXPECT_EQ(f.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_MPLS));
	EXPECT_EQ(f.mask.mpls_lse[0], 0);
	EXPECT_EQ(f.mask.mpls_lse[1], htonl(0xfffff000));
	EXPECT_EQ(f.mask.mpls_lses, 2);
	e = ft_insert(t, &tb, &f, 1);

	flower_mpls(&tr);
	flower_mpls_lse(&tr, 1, -1, -1, -1, -1);
	tr_flower_dissector(&tr);
	ASSERT_EQ(nfto_flow_parse(&g, tr.rule, reason, sizeof(reason)), 0);
	tr_fini(&tr);
	EXPECT_EQ(g.used_keys, BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		  BIT_ULL(FLOW_DISSECTOR_KEY_MPLS));
	d = ft_insert(t, &tb, &g, 2);
	ASSERT_TRUE(e && d);
	/* an entry keeps only the words its flows use: no addresses */
	EXPECT_TRUE(e->group->nwords <= 4);

	p = pkt_mpls(two, 2);
	EXPECT_TRUE(nfto_entry_match(e, &p));
	EXPECT_TRUE(nfto_entry_match(d, &p));
	p = pkt_mpls(three, 3);
	EXPECT_TRUE(nfto_entry_match(e, &p));
	p = pkt_mpls(one, 1);			/* 200, but at depth 1 */
	EXPECT_FALSE(nfto_entry_match(e, &p));
	EXPECT_TRUE(nfto_entry_match(d, &p));
	p = pkt_mpls(other, 2);
	EXPECT_FALSE(nfto_entry_match(e, &p));
	p = pkt_mpls(NULL, 0);			/* an empty, truncated stack */
	EXPECT_FALSE(nfto_entry_match(d, &p));
	ft_drain(&tb);
}

/* The deepest entry the flow dissector reads: depth 7. */
static void flow_flower_mpls_depth_max(struct test *t)
{
	u32 stack[FLOW_DIS_MPLS_MAX];
	char reason[REASON_LEN] = "";
	struct test_rule tr;
	struct nfto_flow f;
	struct nfto_key p;
	unsigned int i;

	flower_mpls(&tr);
	flower_mpls_lse(&tr, FLOW_DIS_MPLS_MAX, 76, -1, 1, -1);
	tr_flower_dissector(&tr);
	ASSERT_EQ(nfto_flow_parse(&f, tr.rule, reason, sizeof(reason)), 0);
	tr_fini(&tr);
	EXPECT_EQ(f.mask.mpls_lses, BIT(FLOW_DIS_MPLS_MAX - 1));
	for (i = 0; i < FLOW_DIS_MPLS_MAX; i++)
		stack[i] = LSE(70 + i, 0, i == FLOW_DIS_MPLS_MAX - 1, 64);
	p = pkt_mpls(stack, FLOW_DIS_MPLS_MAX);
	EXPECT_TRUE(nfto_key_match(&f, &p));
	p = pkt_mpls(stack, FLOW_DIS_MPLS_MAX - 1);
	EXPECT_FALSE(nfto_key_match(&f, &p));
}

#ifndef NFTO_KUNIT
/* The shim's copies of the kernel enums are in Linux 6.12's order. */
static void flow_shim_enums_match_6_12(struct test *t)
{
	EXPECT_EQ(FLOW_DISSECTOR_KEY_PORTS_RANGE, 5);
	EXPECT_EQ(FLOW_DISSECTOR_KEY_VLAN, 10);
	EXPECT_EQ(FLOW_DISSECTOR_KEY_TCP, 20);
	EXPECT_EQ(FLOW_DISSECTOR_KEY_META, 25);
	EXPECT_EQ(FLOW_DISSECTOR_KEY_MAX, 33);
	EXPECT_EQ(FLOW_ACTION_MANGLE, 13);
	EXPECT_EQ(FLOW_ACTION_RX_QUEUE_MAPPING, 19);
	EXPECT_EQ(FLOW_ACTION_POLICE, 23);
	EXPECT_EQ(NUM_FLOW_ACTIONS, 36);
	EXPECT_EQ(FLOW_ACT_MANGLE_HDR_TYPE_UDP, 5);
	EXPECT_EQ(sizeof(((struct flow_dissector *)0)->used_keys), 8);
}
#endif

static const struct test_case flow_cases[] = {
	TEST_CASE(flow_all_model_keys),
	TEST_CASE(flow_each_model_key_alone),
	TEST_CASE(flow_zero_mask_keys_not_counted),
	TEST_CASE(flow_key_outside_model_refused),
	TEST_CASE(flow_key_outside_model_named),
	TEST_CASE(flow_actions_parsed),
	TEST_CASE(flow_redirect_without_device_refused),
	TEST_CASE(flow_mangle_within_header),
	TEST_CASE(flow_mangle_offset_wrap_refused),
	TEST_CASE(flow_unsupported_action_refused),
	TEST_CASE(flow_every_action_named),
	TEST_CASE(flow_names),
	TEST_CASE(flow_no_action_refused),
	TEST_CASE(flow_action_count_limit),
	TEST_CASE(flow_parse_resets_output),
	TEST_CASE(flow_flowtable_ipv4_nat),
	TEST_CASE(flow_flowtable_ipv6_nat_vlan),
	TEST_CASE(flow_tuple_ipv4),
	TEST_CASE(flow_tuple_ipv6),
	TEST_CASE(flow_tuple_bounds),
	TEST_CASE(flow_exact),
	TEST_CASE(flow_exact_refused),
	TEST_CASE(flow_key_match),
	TEST_CASE(flow_flower_ipv4_addrs),
	TEST_CASE(flow_flower_ipv6_addrs),
	TEST_CASE(flow_addr_match_implies_family),
	TEST_CASE(flow_two_addr_keys_unnamed_refused),
	TEST_CASE(flow_flower_mpls),
	TEST_CASE(flow_flower_mpls_depth),
	TEST_CASE(flow_flower_mpls_depth_max),
	TEST_CASE(flow_tc_semantics),
#ifndef NFTO_KUNIT
	TEST_CASE(flow_shim_enums_match_6_12),
#endif
	{}
};

const struct test_suite suite_flow = { "flow", flow_cases };
