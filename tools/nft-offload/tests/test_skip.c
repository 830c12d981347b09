// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of check's warnings: tc.c on filter and qdisc messages built
 * the way the kernel dumps them, and skip.c (which software hooks packets
 * the hardware handles skip) on rulesets built with libnftnl.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_gact.h>
#include <linux/tc_act/tc_mirred.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/rule.h>

#include "ruleset.h"
#include "skip.h"
#include "tap.h"
#include "tc.h"

/* --- ports: nfto1p0..2 are ours (ifindex 10..12), lo (1) is not ----- */

static bool is_port(const char *ifname, void *data)
{
	(void)data;
	return !strncmp(ifname, "nfto1p", 6) && ifname[6] >= '0' &&
	       ifname[6] <= '2' && !ifname[7];
}

static const char *ifname(int ifindex, void *data)
{
	static const char *const names[] = { "nfto1p0", "nfto1p1", "nfto1p2" };

	(void)data;
	if (ifindex == 1)
		return "lo";
	return ifindex >= 10 && ifindex <= 12 ? names[ifindex - 10] : NULL;
}

static const struct skip_env env = { .is_port = is_port, .ifname = ifname };

/* --- tc messages --------------------------------------------------------- */

struct msg {
	char		buf[4096];
	struct nlmsghdr	*nlh;
	struct nlattr	*opts;
	struct nlattr	*acts;
	int		nacts;
};

static void tc_msg(struct msg *m, uint16_t type, uint32_t ifindex,
		   uint32_t handle, uint32_t info, const char *kind)
{
	struct tcmsg *tcm;

	memset(m->buf, 0, sizeof(m->buf));
	m->nlh = mnl_nlmsg_put_header(m->buf);
	m->nlh->nlmsg_type = type;
	tcm = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*tcm));
	tcm->tcm_ifindex = (int)ifindex;
	tcm->tcm_handle = handle;
	tcm->tcm_info = info;
	mnl_attr_put_strz(m->nlh, TCA_KIND, kind);
	m->opts = NULL;
	m->acts = NULL;
	m->nacts = 0;
}

/* A filter: pref 1..; protocol ip; handle 1. Options nest left open. */
static void filter_msg(struct msg *m, uint32_t ifindex, uint16_t pref,
		       const char *kind)
{
	tc_msg(m, RTM_NEWTFILTER, ifindex, 1,
	       TC_H_MAKE((uint32_t)pref << 16, htons(0x0800)), kind);
	mnl_attr_put_u32(m->nlh, TCA_CHAIN, 0);
	m->opts = mnl_attr_nest_start(m->nlh, TCA_OPTIONS);
}

static void action(struct msg *m, uint16_t act_attr, const char *kind,
		   uint16_t parms_attr, const void *parms, size_t len)
{
	struct nlattr *a, *o;

	if (!m->acts)
		m->acts = mnl_attr_nest_start(m->nlh, act_attr);
	a = mnl_attr_nest_start(m->nlh, ++m->nacts);
	mnl_attr_put_strz(m->nlh, TCA_ACT_KIND, kind);
	o = mnl_attr_nest_start(m->nlh, TCA_ACT_OPTIONS);
	mnl_attr_put(m->nlh, parms_attr, len, parms);
	mnl_attr_nest_end(m->nlh, o);
	mnl_attr_nest_end(m->nlh, a);
}

static void gact(struct msg *m, int verdict)
{
	struct tc_gact p = { .action = verdict };

	action(m, TCA_FLOWER_ACT, "gact", TCA_GACT_PARMS, &p, sizeof(p));
}

static void mirred(struct msg *m, int eaction, uint32_t ifindex)
{
	struct tc_mirred p = { .eaction = eaction, .ifindex = ifindex,
			       .action = TC_ACT_STOLEN };

	action(m, TCA_FLOWER_ACT, "mirred", TCA_MIRRED_PARMS, &p, sizeof(p));
}

static void msg_end(struct msg *m)
{
	if (m->acts)
		mnl_attr_nest_end(m->nlh, m->acts);
	if (m->opts)
		mnl_attr_nest_end(m->nlh, m->opts);
}

/* flower ip_proto udp [flags] with @verdict, on @ifindex's ingress */
static struct tc_filter flower(uint32_t ifindex, uint16_t pref, uint32_t flags,
			       int verdict, bool egress)
{
	struct tc_filter f;
	struct msg m;

	filter_msg(&m, ifindex, pref, "flower");
	mnl_attr_put_u16(m.nlh, TCA_FLOWER_KEY_ETH_TYPE, htons(0x0800));
	mnl_attr_put_u8(m.nlh, TCA_FLOWER_KEY_IP_PROTO, 17);
	if (flags)
		mnl_attr_put_u32(m.nlh, TCA_FLOWER_FLAGS, flags);
	gact(&m, verdict);
	msg_end(&m);
	if (tc_filter_parse(m.nlh, &f, ifname, NULL))
		memset(&f, 0, sizeof(f));
	f.egress = egress;
	return f;
}

static struct tc_qdisc qdisc(uint32_t ifindex, uint32_t handle,
			     uint32_t parent, const char *kind)
{
	struct tc_qdisc q;
	struct msg m;

	tc_msg(&m, RTM_NEWQDISC, ifindex, handle, 0, kind);
	((struct tcmsg *)mnl_nlmsg_get_payload(m.nlh))->tcm_parent = parent;
	if (tc_qdisc_parse(m.nlh, &q))
		memset(&q, 0, sizeof(q));
	return q;
}

static bool is(const char *got, const char *want)
{
	if (!strcmp(got, want))
		return true;
	diag("got  '%s'", got);
	diag("want '%s'", want);
	return false;
}

static void test_tc_parse(void)
{
	struct tc_filter f;
	struct tc_qdisc q;
	struct msg m;
	uint32_t a;

	f = flower(10, 3, TCA_CLS_FLAGS_SKIP_SW | TCA_CLS_FLAGS_IN_HW,
		   TC_ACT_SHOT, false);
	ok(f.pref == 3 && f.handle == 1 && !strcmp(f.kind, "flower") &&
	   tc_filter_in_hw(&f) && !f.internal,
	   "flower skip_sw in_hw: pref, handle, kind, in hardware");
	ok(is(f.does, "protocol ip flower ip_proto udp action drop"),
	   "flower: what it does, tc-like");
	f = flower(10, 3, 0, TC_ACT_OK, false);
	ok(!tc_filter_in_hw(&f) && is(f.does, "protocol ip flower ip_proto udp action pass"),
	   "flower without flags: software only");
	f = flower(10, 3, TCA_CLS_FLAGS_NOT_IN_HW, TC_ACT_TRAP, false);
	ok(!tc_filter_in_hw(&f), "flower not_in_hw: software only");
	f = flower(10, 3, TCA_CLS_FLAGS_SKIP_HW, TC_ACT_GOTO_CHAIN | 2, false);
	ok(!tc_filter_in_hw(&f) && is(f.does, "protocol ip flower ip_proto udp action goto chain 2"),
	   "flower skip_hw: software only; goto chain");

	filter_msg(&m, 10, 1, "flower");
	inet_pton(AF_INET, "10.0.0.0", &a);
	mnl_attr_put(m.nlh, TCA_FLOWER_KEY_IPV4_DST, 4, &a);
	inet_pton(AF_INET, "255.255.255.0", &a);
	mnl_attr_put(m.nlh, TCA_FLOWER_KEY_IPV4_DST_MASK, 4, &a);
	mnl_attr_put_u16(m.nlh, TCA_FLOWER_KEY_TCP_DST, htons(80));
	mirred(&m, TCA_EGRESS_REDIR, 11);
	mirred(&m, TCA_INGRESS_MIRROR, 12);
	mirred(&m, TCA_EGRESS_MIRROR, 99);
	msg_end(&m);
	ok(!tc_filter_parse(m.nlh, &f, ifname, NULL) &&
	   is(f.does, "protocol ip flower dst_ip 10.0.0.0/24 dst_port 80 action mirred egress redirect dev nfto1p1 mirred ingress mirror dev nfto1p2 mirred egress mirror dev ifindex 99"),
	   "flower: prefix, port, mirred actions by device name");
	ok(f.ntargets == 2 && f.targets[0] == 11 && f.targets[1] == 99,
	   "mirred: egress redirect and mirror targets kept, ingress not");

	filter_msg(&m, 10, 1, "u32");
	mnl_attr_put_u32(m.nlh, TCA_U32_DIVISOR, 1);
	msg_end(&m);
	ok(!tc_filter_parse(m.nlh, &f, ifname, NULL) && f.internal,
	   "u32 hash table: not a filter");

	/* what a dump sends first for each prio: no handle, no options */
	tc_msg(&m, RTM_NEWTFILTER, 10, 0, TC_H_MAKE(1U << 16, htons(0x0800)),
	       "flower");
	mnl_attr_put_u32(m.nlh, TCA_CHAIN, 0);
	ok(!tc_filter_parse(m.nlh, &f, ifname, NULL) && f.internal,
	   "a prio's classifier header: not a filter");
	filter_msg(&m, 10, 1, "flower");
	msg_end(&m);
	ok(!tc_filter_parse(m.nlh, &f, ifname, NULL) && !f.internal,
	   "a flower filter matching everything: a filter");

	filter_msg(&m, 10, 1, "basic");
	action(&m, TCA_BASIC_ACT, "skbedit", 99, "", 0);
	msg_end(&m);
	ok(!tc_filter_parse(m.nlh, &f, ifname, NULL) &&
	   is(f.does, "protocol ip basic action skbedit"),
	   "basic: actions by kind");

	/* malformed: no kind; a truncated header */
	tc_msg(&m, RTM_NEWTFILTER, 10, 1, 0, "flower");
	m.nlh->nlmsg_len = mnl_nlmsg_size(sizeof(struct tcmsg));
	ok(tc_filter_parse(m.nlh, &f, ifname, NULL) == -EBADMSG,
	   "a filter without TCA_KIND: -EBADMSG");
	m.nlh->nlmsg_len = mnl_nlmsg_size(2);
	ok(tc_filter_parse(m.nlh, &f, ifname, NULL) == -EBADMSG,
	   "a truncated tcmsg: -EBADMSG");

	q = qdisc(11, 0x80010000, TC_H_ROOT, "netem");
	ok(q.ifindex == 11 && tc_qdisc_user_root(&q), "netem 8001: root: added");
	q = qdisc(11, 0, TC_H_ROOT, "fq_codel");
	ok(!tc_qdisc_user_root(&q), "fq_codel 0: root: the kernel's default");
	q = qdisc(11, 0, TC_H_ROOT, "noqueue");
	ok(!tc_qdisc_user_root(&q), "noqueue: the default of virtual ports");
	q = qdisc(11, 0xffff0000, TC_H_CLSACT, "clsact");
	ok(!tc_qdisc_user_root(&q), "clsact: filters only");
	q = qdisc(11, 0x00020000, 0x00010001, "pfifo");
	ok(!tc_qdisc_user_root(&q), "a child qdisc: its root is reported");
}

/* --- rulesets -------------------------------------------------------------- */

static struct ruleset rs;

static void add_chain(uint32_t family, const char *table, const char *name,
		      uint32_t hook, int32_t prio, const char *devs,
		      bool offload, uint32_t policy)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	const char *v[8] = { 0 };
	char *copy = strdup(devs), *tok, *save = NULL;
	int n = 0;

	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, family);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, policy);
	if (offload)
		nftnl_chain_set_u32(c, NFTNL_CHAIN_FLAGS, NFT_CHAIN_HW_OFFLOAD);
	for (tok = strtok_r(copy, " ", &save); tok && n < 7;
	     tok = strtok_r(NULL, " ", &save))
		v[n++] = tok;
	if (n == 1)
		nftnl_chain_set_str(c, NFTNL_CHAIN_DEV, v[0]);
	else
		nftnl_chain_set_array(c, NFTNL_CHAIN_DEVICES, v);
	free(copy);
	rs.chains = realloc(rs.chains, (rs.nchains + 1) * sizeof(*rs.chains));
	rs.chains[rs.nchains++] = c;
}

static struct nftnl_rule *add_rule(uint32_t family, const char *table,
				   const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, family);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	rs.rules = realloc(rs.rules, (rs.nrules + 1) * sizeof(*rs.rules));
	rs.rules[rs.nrules++] = r;
	return r;
}

static struct nftnl_expr *expr(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	nftnl_rule_add_expr(r, e);
	return e;
}

/* nft 1.0.6's "ip dscp set cs3" (nft --debug=netlink) */
static void dscp_set_cs3(struct nftnl_rule *r)
{
	struct nftnl_expr *e;

	e = expr(r, "meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_PROTOCOL);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	e = expr(r, "cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, "\x08\x00", 2);
	e = expr(r, "payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, 0);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 2);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	e = expr(r, "bitwise");
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 2);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, "\xff\x03", 2);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, "\x00\x60", 2);
	e = expr(r, "payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, 0);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 2);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE, NFT_PAYLOAD_CSUM_INET);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_OFFSET, 10);
}

static void fwd_to(struct nftnl_rule *r, int32_t ifindex)
{
	struct nftnl_expr *e;

	e = expr(r, "immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &ifindex, sizeof(ifindex));
	e = expr(r, "fwd");
	nftnl_expr_set_u32(e, NFTNL_EXPR_FWD_SREG_DEV, NFT_REG_1);
}

static void add_flowtable(const char *name, const char *dev0,
			  const char *dev1, bool offload)
{
	struct nftnl_flowtable *ft = nftnl_flowtable_alloc();
	const char *devs[] = { dev0, dev1, NULL };

	nftnl_flowtable_set_u32(ft, NFTNL_FLOWTABLE_FAMILY, NFPROTO_INET);
	nftnl_flowtable_set_str(ft, NFTNL_FLOWTABLE_TABLE, "ft");
	nftnl_flowtable_set_str(ft, NFTNL_FLOWTABLE_NAME, name);
	nftnl_flowtable_set_u32(ft, NFTNL_FLOWTABLE_HOOKNUM, NF_NETDEV_INGRESS);
	nftnl_flowtable_set_s32(ft, NFTNL_FLOWTABLE_PRIO, 0);
	nftnl_flowtable_set_array(ft, NFTNL_FLOWTABLE_DEVICES, devs);
	if (offload)
		nftnl_flowtable_set_u32(ft, NFTNL_FLOWTABLE_FLAGS,
					NFT_FLOWTABLE_HW_OFFLOAD);
	rs.flowtables = realloc(rs.flowtables,
				(rs.nflowtables + 1) * sizeof(*rs.flowtables));
	rs.flowtables[rs.nflowtables++] = ft;
}

static struct skip_hooks find(const struct tc_filter *f, size_t nf,
			      const struct tc_qdisc *q, size_t nq)
{
	struct skip_hooks h = { 0 };

	if (skip_find(&rs, f, nf, q, nq, &env, &h))
		diag("skip_find failed");
	return h;
}

static void reset(void)
{
	ruleset_free(&rs);
}

static void test_flowtable(void)
{
	struct skip_hooks h;
	char buf[256];

	/* nft_flowtable.sh's dscp_ingress, on an offloaded flowtable */
	add_flowtable("f", "nfto1p0", "nfto1p1", true);
	add_chain(NFPROTO_NETDEV, "dscpmangle", "setdscp0", NF_NETDEV_INGRESS,
		  0, "nfto1p0", false, NF_ACCEPT);
	dscp_set_cs3(add_rule(NFPROTO_NETDEV, "dscpmangle", "setdscp0"));
	/* its dscp_egress */
	add_chain(NFPROTO_NETDEV, "dscpmangle", "setdscp1", NF_NETDEV_EGRESS,
		  0, "nfto1p1", false, NF_ACCEPT);
	dscp_set_cs3(add_rule(NFPROTO_NETDEV, "dscpmangle", "setdscp1"));
	/* near miss: a port without offload */
	add_chain(NFPROTO_NETDEV, "other", "sw", NF_NETDEV_INGRESS, 0,
		  "nfto1p2", false, NF_ACCEPT);
	dscp_set_cs3(add_rule(NFPROTO_NETDEV, "other", "sw"));
	/* not our port */
	add_chain(NFPROTO_NETDEV, "other", "lo", NF_NETDEV_INGRESS, 0, "lo",
		  false, NF_ACCEPT);
	/* an inet ingress chain on a flowtable port, empty, policy drop */
	add_chain(NFPROTO_INET, "i", "ing", NF_INET_INGRESS, -10, "nfto1p1",
		  false, NF_DROP);
	/* not a hook of one device */
	add_chain(NFPROTO_INET, "i", "fwd", NF_INET_FORWARD, 0, "", false,
		  NF_ACCEPT);

	h = find(NULL, 0, NULL, 0);
	ok(h.n == 3, "flowtable on p0, p1: 3 skipped hooks (%zu)", h.n);
	if (h.n == 3) {
		ok(h.v[0].kind == SKIP_NFT_CHAIN && !h.v[0].egress &&
		   is(h.v[0].port, "nfto1p0") && is(h.v[0].chain, "setdscp0") &&
		   is(h.v[0].does, "ip dscp set cs3") && h.v[0].prio == 0 &&
		   is(h.v[0].cause, "flowtable inet ft f (flags offload)"),
		   "dscp_ingress: the ingress chain on p0, what it does, why");
		skip_name(&h.v[0], buf, sizeof(buf));
		ok(is(buf, "netdev dscpmangle setdscp0"), "its name");
		skip_reason(&h.v[0], buf, sizeof(buf));
		ok(is(buf, "packets forwarded or dropped by hardware on nfto1p0 never reach this hook; packets the hardware misses or traps still do"),
		   "the ingress reason");
		ok(h.v[1].egress && is(h.v[1].port, "nfto1p1") &&
		   is(h.v[1].chain, "setdscp1"),
		   "dscp_egress: the egress chain on p1 (flows leave there)");
		skip_reason(&h.v[1], buf, sizeof(buf));
		ok(is(buf, "packets the hardware forwards out of nfto1p1 never pass this hook; packets the host sends still do"),
		   "the egress reason");
		ok(!h.v[2].egress && is(h.v[2].family, "inet") &&
		   is(h.v[2].does, "no rules; policy drop") && h.v[2].prio == -10,
		   "an inet ingress chain: empty, policy drop");
	}
	skip_free(&h);
	reset();

	/* the same without flags offload: the flowtable is software */
	add_flowtable("f", "nfto1p0", "nfto1p1", false);
	add_chain(NFPROTO_NETDEV, "dscpmangle", "setdscp0", NF_NETDEV_INGRESS,
		  0, "nfto1p0", false, NF_ACCEPT);
	h = find(NULL, 0, NULL, 0);
	ok(h.n == 0, "a software flowtable: no warning (%zu)", h.n);
	skip_free(&h);
	reset();
}

static void test_offload_chain(void)
{
	struct nftnl_rule *r;
	struct skip_hooks h;

	/* offload chain on p0 forwarding to p1 */
	add_chain(NFPROTO_NETDEV, "hw", "c", NF_NETDEV_INGRESS, 10, "nfto1p0",
		  true, NF_ACCEPT);
	r = add_rule(NFPROTO_NETDEV, "hw", "c");
	fwd_to(r, 11);
	add_chain(NFPROTO_NETDEV, "sw", "in0", NF_NETDEV_INGRESS, 0,
		  "nfto1p2 nfto1p0", false, NF_ACCEPT);
	expr(add_rule(NFPROTO_NETDEV, "sw", "in0"), "counter");
	add_chain(NFPROTO_NETDEV, "sw", "in1", NF_NETDEV_INGRESS, 0, "nfto1p1",
		  false, NF_ACCEPT);
	add_chain(NFPROTO_NETDEV, "sw", "out1", NF_NETDEV_EGRESS, 0, "nfto1p1",
		  false, NF_ACCEPT);
	add_chain(NFPROTO_NETDEV, "sw", "out0", NF_NETDEV_EGRESS, 0, "nfto1p0",
		  false, NF_ACCEPT);
	h = find(NULL, 0, NULL, 0);
	ok(h.n == 2, "offload chain p0 fwd to p1: 2 skipped hooks (%zu)", h.n);
	if (h.n == 2) {
		ok(!h.v[0].egress && is(h.v[0].port, "nfto1p0") &&
		   is(h.v[0].chain, "in0") && is(h.v[0].does, "counter") &&
		   is(h.v[0].cause, "offload chain netdev hw c (flags offload)"),
		   "p0's ingress chain (of a devices list), not p2's");
		ok(h.v[1].egress && is(h.v[1].port, "nfto1p1") &&
		   is(h.v[1].chain, "out1"),
		   "p1's egress chain (the fwd target), not p1's ingress nor p0's egress");
	}
	skip_free(&h);
	reset();
}

static void test_tc(void)
{
	struct tc_filter f[5];
	struct tc_qdisc q[3];
	struct skip_hooks h;
	char buf[256];

	add_chain(NFPROTO_NETDEV, "sw", "in2", NF_NETDEV_INGRESS, 0, "nfto1p2",
		  false, NF_ACCEPT);
	f[0] = flower(10, 1, TCA_CLS_FLAGS_SKIP_SW | TCA_CLS_FLAGS_IN_HW,
		      TC_ACT_SHOT, false);
	f[1] = flower(10, 2, 0, TC_ACT_OK, false);	/* software, on p0 */
	f[2] = flower(12, 2, 0, TC_ACT_OK, false);	/* p2: no offload */
	f[3] = flower(11, 1, TCA_CLS_FLAGS_IN_HW, TC_ACT_SHOT, true);
	f[4] = flower(11, 2, 0, TC_ACT_OK, true);	/* p1 egress */
	q[0] = qdisc(10, 0x80010000, TC_H_ROOT, "netem");
	q[1] = qdisc(12, 0x00010000, TC_H_ROOT, "tbf");
	q[2] = qdisc(10, 0xffff0000, TC_H_CLSACT, "clsact");
	h = find(f, 5, q, 3);
	ok(h.n == 1, "skip_sw filter on p0: 1 skipped hook (%zu)", h.n);
	if (h.n == 1) {
		ok(h.v[0].kind == SKIP_TC_FILTER && !h.v[0].egress &&
		   is(h.v[0].port, "nfto1p0") && h.v[0].pref == 2 &&
		   is(h.v[0].does, "protocol ip flower ip_proto udp action pass") &&
		   is(h.v[0].cause, "tc filter nfto1p0 ingress pref 1 flower (skip_sw)"),
		   "the software filter of p0's ingress, not p2's nor p1's egress");
		skip_name(&h.v[0], buf, sizeof(buf));
		ok(is(buf, "tc filter pref 2 handle 0x1 flower"), "its name");
	}
	skip_free(&h);

	/* a flowtable on p0, p1: p0's root qdisc and p1's egress filter */
	add_flowtable("f", "nfto1p0", "nfto1p1", true);
	h = find(f, 5, q, 3);
	ok(h.n == 3, "and a flowtable on p0, p1: 3 (%zu)", h.n);
	if (h.n == 3) {
		ok(h.v[1].kind == SKIP_TC_FILTER && h.v[1].egress &&
		   is(h.v[1].port, "nfto1p1"), "p1's software egress filter");
		ok(h.v[2].kind == SKIP_QDISC && is(h.v[2].port, "nfto1p0") &&
		   is(h.v[2].does, "qdisc netem"), "p0's netem root qdisc");
		skip_name(&h.v[2], buf, sizeof(buf));
		ok(is(buf, "qdisc netem 8001: root"), "its name");
		skip_reason(&h.v[2], buf, sizeof(buf));
		ok(is(buf, "packets the hardware forwards out of nfto1p0 never pass this qdisc; packets the host sends still do"),
		   "the qdisc's reason");
	}
	skip_free(&h);
	reset();

	/* a mirred redirect in hardware makes its target's egress hardware's */
	{
		struct msg m;

		filter_msg(&m, 10, 1, "flower");
		mnl_attr_put_u32(m.nlh, TCA_FLOWER_FLAGS, TCA_CLS_FLAGS_SKIP_SW);
		mirred(&m, TCA_EGRESS_REDIR, 12);
		msg_end(&m);
		tc_filter_parse(m.nlh, &f[0], ifname, NULL);
	}
	add_chain(NFPROTO_NETDEV, "sw", "out2", NF_NETDEV_EGRESS, 0, "nfto1p2",
		  false, NF_ACCEPT);
	h = find(f, 1, NULL, 0);
	ok(h.n == 1 && h.v[0].egress && is(h.v[0].port, "nfto1p2"),
	   "mirred egress redirect to p2 in hardware: p2's egress chain (%zu)",
	   h.n);
	skip_free(&h);
	reset();
}

int main(void)
{
	printf("TAP version 13\n");
	test_tc_parse();
	test_flowtable();
	test_offload_chain();
	test_tc();
	return tap_done();
}
