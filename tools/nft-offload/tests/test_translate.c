// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure part of nft-offload: rules built in memory with
 * libnftnl, the way nft 1.0.6 encodes them, through translate.c (what
 * nf_tables and the nft_offload model make of them), model.c (ports and
 * capabilities, with core/caps.c's wording), render.c, and hwdiff.c (the
 * matches that mean something else in hardware, and the warnings' text).
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>

#include "hwdiff.h"
#include "model.h"
#include "render.h"
#include "tap.h"
#include "translate.h"

#define R1 NFT_REG_1

static struct nftnl_rule *rule_new(void)
{
	return nftnl_rule_alloc();
}

static struct nftnl_expr *expr(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	nftnl_rule_add_expr(r, e);
	return e;
}

static void payload(struct nftnl_rule *r, uint32_t base, uint32_t off,
		    uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = expr(r, "payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
}

static void cmp(struct nftnl_rule *r, uint32_t sreg, uint32_t op,
		const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr(r, "cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
}

static void meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = expr(r, "meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

static void bitwise(struct nftnl_rule *r, uint32_t reg, uint32_t len,
		    const void *mask, const void *xor)
{
	struct nftnl_expr *e = expr(r, "bitwise");

	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, xor, len);
}

/* payload write, as nft 1.0.6 emits it (checksum attributes left out) */
static void payload_w(struct nftnl_rule *r, uint32_t base, uint32_t off,
		      uint32_t len, uint32_t sreg)
{
	struct nftnl_expr *e = expr(r, "payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_SREG, sreg);
}

static void verdict(struct nftnl_rule *r, int32_t v, const char *chain)
{
	struct nftnl_expr *e = expr(r, "immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)v);
	if (chain)
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
}

static void imm_data(struct nftnl_rule *r, uint32_t dreg, const void *d,
		     uint32_t len)
{
	struct nftnl_expr *e = expr(r, "immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, dreg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, d, len);
}

/* fwd/dup to "ifindex": immediate ifindex, then the statement */
static void to_dev(struct nftnl_rule *r, const char *what, int32_t ifindex)
{
	struct nftnl_expr *e;

	imm_data(r, R1, &ifindex, sizeof(ifindex));
	e = expr(r, what);
	nftnl_expr_set_u32(e, !strcmp(what, "fwd") ? NFTNL_EXPR_FWD_SREG_DEV :
			   NFTNL_EXPR_DUP_SREG_DEV, R1);
}

static void meta_eq(struct nftnl_rule *r, uint32_t key, const void *d,
		    uint32_t len)
{
	meta(r, key, R1);
	cmp(r, R1, NFT_CMP_EQ, d, len);
}

static void proto_ip(struct nftnl_rule *r)
{
	meta_eq(r, NFT_META_PROTOCOL, "\x08\x00", 2);
}

static void proto_ip6(struct nftnl_rule *r)
{
	meta_eq(r, NFT_META_PROTOCOL, "\x86\xdd", 2);
}

static void l4(struct nftnl_rule *r, uint8_t proto)
{
	meta_eq(r, NFT_META_L4PROTO, &proto, 1);
}

static void ip_daddr(struct nftnl_rule *r, uint32_t op, const char *addr)
{
	struct in_addr a;

	inet_pton(AF_INET, addr, &a);
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 16, 4, R1);
	cmp(r, R1, op, &a, 4);
}

static void tcp_dport(struct nftnl_rule *r, uint16_t port)
{
	uint16_t p = htons(port);

	l4(r, IPPROTO_TCP);
	payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, &p, 2);
}

static bool ifindex_exists(int ifindex, void *data)
{
	(void)data;
	return ifindex == 5 || ifindex == 6;
}

static const char *ifname(int ifindex, void *data)
{
	(void)data;
	return ifindex == 5 ? "nfto1p1" : ifindex == 6 ? "nfto1p2" : NULL;
}

static const struct xl_env env = { .ifindex_exists = ifindex_exists };

struct res {
	enum xl_stage		stage;
	char			reason[256];
	char			text[256];
	struct nfto_uflow	flow;
	struct xl_diffs		diffs;
};

/* Translates and renders @r (and frees it). */
static struct res run(struct nftnl_rule *r, uint32_t prio)
{
	struct res res;

	res.stage = xl_rule(r, prio, &env, &res.flow, &res.diffs, res.reason,
			    sizeof(res.reason));
	render_rule(r, res.text, sizeof(res.text), ifname, NULL);
	nftnl_rule_free(r);
	return res;
}

#define K(x)	NFTO_BIT(NFTO_K_##x)

static bool has(const char *s, const char *sub)
{
	if (strstr(s, sub))
		return true;
	diag("'%s' lacks '%s'", s, sub);
	return false;
}

static void test_offloadable(void)
{
	struct nftnl_rule *r;
	struct res res;

	r = rule_new();
	ip_daddr(r, NFT_CMP_EQ, "10.0.0.2");
	verdict(r, NF_DROP, NULL);
	res = run(r, 10);
	ok(res.stage == XL_OK, "ip daddr drop: offloadable (%s)", res.reason);
	ok(res.flow.used_keys == (K(BASIC) | K(IPV4_ADDRS)),
	   "ip daddr drop: keys basic + ipv4_addrs");
	ok(res.flow.num_actions == 1 && res.flow.actions[0].id == NFTO_A_DROP,
	   "ip daddr drop: one drop action");
	ok(res.flow.prio == 10 && res.flow.type == NFTO_FLOW_RULE,
	   "ip daddr drop: the chain's priority, a rule flow");
	ok(!strcmp(res.text, "ip daddr 10.0.0.2 drop"),
	   "ip daddr drop: rendered as '%s'", res.text);

	r = rule_new();
	tcp_dport(r, 22);
	expr(r, "counter");
	verdict(r, NF_ACCEPT, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys == (K(BASIC) | K(PORTS)),
	   "tcp dport counter accept: keys basic + ports");
	ok(!strcmp(res.text, "tcp dport 22 counter accept"),
	   "tcp dport: rendered as '%s'", res.text);

	r = rule_new();
	{
		uint16_t p = htons(53);

		l4(r, IPPROTO_UDP);
		payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2, R1);
		cmp(r, R1, NFT_CMP_EQ, &p, 2);
	}
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys & K(PORTS),
	   "udp sport: offloadable");

	/* 10.0.0.0/24: nft loads 3 bytes, no bitwise */
	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 3, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x0a\x00\x00", 3);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys & K(IPV4_ADDRS),
	   "ip saddr /24 (3-byte load): offloadable");
	ok(!strcmp(res.text, "ip saddr 10.0.0.0/24 drop"),
	   "ip saddr /24: rendered as '%s'", res.text);

	/* a full-width mask is fine: bitwise len == field len */
	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4, R1);
	bitwise(r, R1, 4, "\xff\xff\xf0\x00", "\0\0\0\0");
	cmp(r, R1, NFT_CMP_EQ, "\x0a\x00\x10\x00", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK, "ip saddr /20 (4-byte load and mask): offloadable (%s)",
	   res.reason);
	ok(!strcmp(res.text, "ip saddr 10.0.16.0/20 drop"),
	   "/20: rendered as '%s'", res.text);

	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4, R1);
	bitwise(r, R1, 4, "\x00\x00\x00\xff", "\0\0\0\0");
	cmp(r, R1, NFT_CMP_EQ, "\x00\x00\x00\x01", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && !strcmp(res.text, "ip saddr & 0x000000ff == 0.0.0.1 drop"),
	   "a non-prefix mask: offloadable, rendered as '%s'", res.text);

	r = rule_new();
	payload(r, NFT_PAYLOAD_LL_HEADER, 6, 6, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x02\x00\x00\x00\x00\x01", 6);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys == K(ETH_ADDRS),
	   "ether saddr: key eth_addrs only");
	ok(!strcmp(res.text, "ether saddr 02:00:00:00:00:01 drop"),
	   "ether saddr: rendered as '%s'", res.text);

	r = rule_new();
	{
		struct in6_addr a;

		inet_pton(AF_INET6, "2001:db8::1", &a);
		proto_ip6(r);
		payload(r, NFT_PAYLOAD_NETWORK_HEADER, 24, 16, R1);
		cmp(r, R1, NFT_CMP_EQ, &a, 16);
	}
	verdict(r, NF_ACCEPT, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys == (K(BASIC) | K(IPV6_ADDRS)),
	   "ip6 daddr: keys basic + ipv6_addrs");
	ok(!strcmp(res.text, "ip6 daddr 2001:db8::1 accept"),
	   "ip6 daddr: rendered as '%s'", res.text);

	/* vlan id 10: ether type 8021q, tci & 0x0fff; the kernel moves the
	 * ethertype into vlan_tpid, so basic drops out */
	r = rule_new();
	{
		uint16_t type = 1;	/* nft's iiftype ether dependency */

		meta_eq(r, NFT_META_IIFTYPE, &type, 2);
	}
	payload(r, NFT_PAYLOAD_LL_HEADER, 12, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x81\x00", 2);
	payload(r, NFT_PAYLOAD_LL_HEADER, 14, 2, R1);
	bitwise(r, R1, 2, "\x0f\xff", "\0\0");
	cmp(r, R1, NFT_CMP_EQ, "\x00\x0a", 2);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys == (K(META) | K(VLAN)),
	   "vlan id: keys meta (iiftype) and vlan, not basic (%s, keys %#llx)",
	   res.reason, (unsigned long long)res.flow.used_keys);
	ok(!strcmp(res.text, "vlan id 10 drop"),
	   "vlan id: rendered as '%s'", res.text);

	r = rule_new();
	{
		uint32_t idx = 3;
		uint16_t type = 1;	/* ARPHRD_ETHER, host order */

		meta_eq(r, NFT_META_IIF, &idx, 4);
		meta_eq(r, NFT_META_IIFTYPE, &type, 2);
	}
	verdict(r, NF_ACCEPT, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.used_keys == K(META),
	   "meta iif + iiftype ether: key meta");

	/* NFT_REG32_* registers map onto the same offload registers */
	r = rule_new();
	meta(r, NFT_META_PROTOCOL, NFT_REG32_01);
	cmp(r, NFT_REG32_01, NFT_CMP_EQ, "\x08\x00", 2);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 16, 4, NFT_REG32_02);
	cmp(r, NFT_REG32_02, NFT_CMP_EQ, "\x0a\0\0\x02", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK, "32-bit registers: offloadable (%s)", res.reason);
}

static void test_actions(void)
{
	struct nftnl_rule *r;
	struct res res;

	r = rule_new();
	ip_daddr(r, NFT_CMP_EQ, "10.0.0.2");
	to_dev(r, "fwd", 5);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.num_actions == 1 &&
	   res.flow.actions[0].id == NFTO_A_REDIRECT &&
	   res.flow.actions[0].ifindex == 5, "fwd to dev: a redirect to ifindex 5");
	ok(!strcmp(res.text, "ip daddr 10.0.0.2 fwd to \"nfto1p1\""),
	   "fwd: rendered as '%s'", res.text);

	r = rule_new();
	to_dev(r, "dup", 6);
	verdict(r, NF_ACCEPT, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.num_actions == 2 &&
	   res.flow.actions[0].id == NFTO_A_MIRRED &&
	   res.flow.actions[1].id == NFTO_A_ACCEPT,
	   "dup + accept: mirred then accept");

	r = rule_new();
	to_dev(r, "fwd", 42);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "no such device"),
	   "fwd to a missing ifindex: nf_tables refuses");

	r = rule_new();
	{
		char want[128];
		int32_t i;

		for (i = 0; i <= NFTO_MAX_ACTIONS; i++)
			verdict(r, NF_ACCEPT, NULL);
		res = run(r, 1);
		snprintf(want, sizeof(want),
			 "%d actions, the flow model holds at most %d",
			 NFTO_MAX_ACTIONS + 1, NFTO_MAX_ACTIONS);
		ok(res.stage == XL_MODEL && !strcmp(res.reason, want),
		   "one action too many: the model's limit ('%s')", res.reason);
	}
}

static void test_refused(void)
{
	struct nftnl_rule *r;
	struct res res;

	r = rule_new();
	ip_daddr(r, NFT_CMP_NEQ, "10.0.0.3");
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "'!='"),
	   "ip daddr != : nf_tables refuses the comparison");
	ok(!strcmp(res.text, "ip daddr != 10.0.0.3 drop"),
	   "!=: rendered as '%s'", res.text);

	r = rule_new();
	ip_daddr(r, NFT_CMP_EQ, "10.0.0.3");
	expr(r, "counter");
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "no action"),
	   "counter without a verdict: no action");

	r = rule_new();
	tcp_dport(r, 80);
	verdict(r, NFT_JUMP, "other");
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "'jump'"),
	   "jump: not offloadable");
	ok(!strcmp(res.text, "tcp dport 80 jump other"),
	   "jump: rendered as '%s'", res.text);

	r = rule_new();
	verdict(r, NFT_CONTINUE, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "'continue'"),
	   "continue: not offloadable");

	/* a mask shorter than the loaded field: nft_bitwise_offload() */
	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 3, R1);
	bitwise(r, R1, 3, "\xff\xff\xf0", "\0\0\0");
	cmp(r, R1, NFT_CMP_EQ, "\x0a\x00\x00", 3);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "3-byte mask on a 4-byte field"),
	   "3-byte mask on a 4-byte field: refused");

	r = rule_new();
	meta(r, NFT_META_PROTOCOL, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x08\x00", 2);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4, R1);
	bitwise(r, R1, 4, "\xff\xff\xf0\x00", "\0\0\0\0");
	bitwise(r, R1, 4, "\xff\xff\xff\x00", "\0\0\x01\0");
	cmp(r, R1, NFT_CMP_EQ, "\x0a\x00\x00\x00", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "xor"),
	   "a bitwise with xor: refused");

	r = rule_new();
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 16, 4, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x0a\0\0\x02", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "without an IPv4 or IPv6"),
	   "network header without a protocol match: refused");

	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 8, 1, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x40", 1);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "IPv4 header offset 8"),
	   "ip ttl: not a field nf_tables offloads");
	ok(!strcmp(res.text, "ip ttl 64 drop"), "ip ttl: rendered as '%s'", res.text);

	r = rule_new();
	meta_eq(r, NFT_META_MARK, "\x01\0\0\0", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "meta mark"),
	   "meta mark: refused by name");

	r = rule_new();
	{
		uint16_t type = 772;	/* ARPHRD_LOOPBACK */

		meta_eq(r, NFT_META_IIFTYPE, &type, 2);
	}
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "iiftype"),
	   "meta iiftype loopback: refused");

	r = rule_new();
	payload(r, NFT_PAYLOAD_LL_HEADER, 12, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x08\x00\x00\x00", 4);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "4 bytes with a 2-byte"),
	   "a comparison wider than its field: refused");

	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 16, 4, R1);
	{
		struct nftnl_expr *e = expr(r, "lookup");

		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, R1);
		nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, "blocked");
	}
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "set lookups"),
	   "set lookup: refused");
	ok(!strcmp(res.text, "ip daddr @blocked drop"),
	   "lookup: rendered as '%s'", res.text);

	r = rule_new();
	{
		struct nftnl_expr *e = expr(r, "payload");

		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, 8);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_SREG, R1);
	}
	verdict(r, NF_ACCEPT, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "payload writes"),
	   "payload write: refused");

	/* the action count comes first, as in nft_flow_rule_create() */
	r = rule_new();
	expr(r, "limit");
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && has(res.reason, "no action"),
	   "limit alone: 'no action' comes first");
}

/* A flowtable's hook priority goes to the flow check as a u32. */
static void test_flowtable_prio(void)
{
	struct nfto_uflow f = { 0 };

	xl_flowtable_flow(-100, true, 1, 2, &f);
	ok(f.type == NFTO_FLOW_FT && f.prio == (uint32_t)-100 &&
	   f.used_keys & K(IPV6_ADDRS) && f.num_actions == 5,
	   "flowtable flow: priority as u32, IPv6, 5 actions");
}

static void test_chain(void)
{
	char reason[256];

	ok(xl_chain(NFPROTO_NETDEV, NF_NETDEV_INGRESS, 10, NF_ACCEPT, reason,
		    sizeof(reason)) == XL_OK, "netdev ingress 10 accept: ok");
	ok(xl_chain(NFPROTO_NETDEV, NF_NETDEV_INGRESS, 0, NF_ACCEPT, reason,
		    sizeof(reason)) == XL_CHAIN && has(reason, "priority 0"),
	   "priority 0: refused (nft_chain_offload_priority)");
	ok(xl_chain(NFPROTO_NETDEV, NF_NETDEV_INGRESS, 65536, NF_ACCEPT, reason,
		    sizeof(reason)) == XL_CHAIN, "priority 65536: refused");
	ok(xl_chain(NFPROTO_NETDEV, NF_NETDEV_INGRESS, 65535, NF_ACCEPT, reason,
		    sizeof(reason)) == XL_OK, "priority 65535: ok");
	ok(xl_chain(NFPROTO_NETDEV, NF_NETDEV_EGRESS, 10, NF_ACCEPT, reason,
		    sizeof(reason)) == XL_CHAIN && has(reason, "egress"),
	   "egress: refused");
	ok(xl_chain(NFPROTO_NETDEV, NF_NETDEV_INGRESS, 10, NF_DROP, reason,
		    sizeof(reason)) == XL_CHAIN && has(reason, "policy drop"),
	   "policy drop: refused");
	ok(xl_chain(NFPROTO_INET, 0, 10, NF_ACCEPT, reason, sizeof(reason)) ==
	   XL_CHAIN, "inet chain: refused");
}

static void test_names(void)
{
	unsigned int i;
	bool all = true;

	for (i = 0; i < NFTO_K_COUNT; i++)
		all &= nfto_key_by_name(nfto_key_name(i)) == (int)i;
	ok(all, "every key name maps back to its id");
	all = true;
	for (i = 0; i < NFTO_A_COUNT; i++)
		all &= nfto_action_by_name(nfto_action_name(i)) == (int)i;
	ok(all, "every action name maps back to its id");
	ok(nfto_key_by_name("cfm") == -1, "an unknown key name is -1");
	ok(NFTO_K_META == 25 && NFTO_K_CVLAN == 22 && NFTO_K_L2TPV3 == 30,
	   "key ids follow the kernel's FLOW_DISSECTOR_KEY_* order");
	ok(nfto_backend_name_valid("mlx5") && nfto_backend_name_valid("a-b_c9") &&
	   !nfto_backend_name_valid("") && !nfto_backend_name_valid("Mlx5") &&
	   !nfto_backend_name_valid("../x") &&
	   !nfto_backend_name_valid("0123456789012345678901234567890123"),
	   "backend names: [a-z0-9_-], 1 to 31 characters");
}

/* The values the kernel's flow check needs, not only which keys. */
static void test_values(void)
{
	static const uint8_t ones16[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct nftnl_rule *r;
	struct in6_addr lo6;
	struct nfto_uflow f;
	struct res res;

	r = rule_new();
	ip_daddr(r, NFT_CMP_EQ, "10.0.0.2");
	verdict(r, NF_DROP, NULL);
	res = run(r, 10);
	ok(!memcmp(res.flow.key.ipv4_dst, "\x0a\0\0\x02", 4) &&
	   !memcmp(res.flow.mask.ipv4_dst, ones16, 4) &&
	   !memcmp(res.flow.key.n_proto, "\x08\x00", 2) &&
	   !memcmp(res.flow.mask.n_proto, "\xff\xff", 2),
	   "ip daddr: address and protocol with full masks");
	ok(res.flow.key.addr_type == NFTO_K_IPV4_ADDRS &&
	   res.flow.mask.addr_type == 0xffff,
	   "ip daddr: control.addr_type ipv4_addrs (nft_flow_rule_set_addr_type)");

	r = rule_new();
	inet_pton(AF_INET6, "::1", &lo6);
	proto_ip6(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 24, 16, R1);
	cmp(r, R1, NFT_CMP_EQ, &lo6, 16);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.flow.key.addr_type == NFTO_K_IPV6_ADDRS &&
	   !memcmp(res.flow.key.ipv6_dst, &lo6, 16) &&
	   !memcmp(res.flow.mask.ipv6_dst, ones16, 16),
	   "ip6 daddr ::1: the address, addr_type ipv6_addrs (ice's loopback check)");

	r = rule_new();
	{
		uint16_t type = 1;

		meta_eq(r, NFT_META_IIFTYPE, &type, 2);
	}
	payload(r, NFT_PAYLOAD_LL_HEADER, 12, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x81\x00", 2);
	payload(r, NFT_PAYLOAD_LL_HEADER, 14, 2, R1);
	bitwise(r, R1, 2, "\x0f\xff", "\0\0");
	cmp(r, R1, NFT_CMP_EQ, "\x00\x0a", 2);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.flow.key.vlan_id == 10 && res.flow.mask.vlan_id == 0xfff &&
	   !res.flow.mask.vlan_prio && !memcmp(res.flow.key.vlan_tpid, "\x81\x00", 2) &&
	   res.flow.key.ingress_iftype == 1 && res.flow.mask.ingress_iftype == 0xffff,
	   "vlan id 10: id 10/0xfff, tpid 802.1Q, iiftype ether");

	r = rule_new();
	{
		uint32_t idx = 3;

		meta_eq(r, NFT_META_IIF, &idx, 4);
	}
	to_dev(r, "fwd", 5);
	res = run(r, 1);
	ok(res.flow.key.ingress_ifindex == 3 &&
	   res.flow.mask.ingress_ifindex == 0xffffffff &&
	   res.flow.actions[0].ifindex == 5,
	   "iif 3 fwd to 5: ingress ifindex 3, redirect target 5");

	xl_flowtable_flow(0, false, 7, 8, &f);
	ok(f.port_ifindex == 7 && f.key.ingress_ifindex == 7 &&
	   f.mask.ingress_ifindex == 0xffffffff &&
	   f.actions[4].id == NFTO_A_REDIRECT && f.actions[4].ifindex == 8,
	   "flowtable flow: in on 7, redirected to 8");
	ok(!memcmp(f.mask.tcp_flags, "\x00\x05", 2) && !f.key.tcp_flags[1] &&
	   f.key.ip_proto == 6 && f.mask.ip_proto == 0xff &&
	   f.key.addr_type == NFTO_K_IPV4_ADDRS,
	   "flowtable flow: TCP, FIN and RST masked (they must miss)");
	ok(f.actions[0].mangle_htype == NFTO_MANGLE_ETH &&
	   f.actions[0].mangle_offset == 4 && f.actions[0].mangle_mask == 0x0000ffff &&
	   f.actions[1].mangle_offset == 8 && f.actions[1].mangle_mask == 0 &&
	   f.actions[2].mangle_offset == 0 && f.actions[2].mangle_mask == 0 &&
	   f.actions[3].mangle_offset == 4 && f.actions[3].mangle_mask == 0xffff0000,
	   "flowtable flow: the Ethernet mangles of flow_offload_eth_src/dst");
	xl_flowtable_flow(0, true, 7, 8, &f);
	ok(!memcmp(f.key.n_proto, "\x86\xdd", 2) &&
	   f.key.addr_type == NFTO_K_IPV6_ADDRS &&
	   !memcmp(f.mask.ipv6_src, ones16, 16),
	   "flowtable flow over IPv6: n_proto, addr_type, full address masks");
}

/* What a software hook does, for check's warnings: nft's set statements. */
static void test_render_writes(void)
{
	struct nftnl_rule *r;
	struct res res;
	uint32_t mark = 7;
	uint16_t ether = 1;

	/* nft --debug=netlink: ip dscp set cs3 */
	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	bitwise(r, R1, 2, "\xff\x03", "\x00\x60");
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "ip dscp set cs3"), "render: '%s' (ip dscp set cs3)",
	   res.text);

	r = rule_new();
	proto_ip6(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	bitwise(r, R1, 2, "\xf0\x3f", "\x06\x00");
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "ip6 dscp set cs3"),
	   "render: '%s' (ip6 dscp set cs3)", res.text);

	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	bitwise(r, R1, 2, "\xff\x03", "\x00\x14");
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "ip dscp set 0x05"),
	   "render: '%s' (ip dscp set 0x05: no name)", res.text);

	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 8, 2, R1);
	bitwise(r, R1, 2, "\x00\xff", "\x05\x00");
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 8, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "ip ttl set 5"), "render: '%s' (ip ttl set 5)",
	   res.text);

	r = rule_new();
	meta_eq(r, NFT_META_IIFTYPE, &ether, 2);
	imm_data(r, R1, "\x02\x00\x00\x00\x00\x01", 6);
	payload_w(r, NFT_PAYLOAD_LL_HEADER, 6, 6, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "ether saddr set 02:00:00:00:00:01"),
	   "render: '%s' (ether saddr set, iiftype hidden)", res.text);

	r = rule_new();
	l4(r, IPPROTO_TCP);
	imm_data(r, R1, "\x00\x50", 2);
	payload_w(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "tcp dport set 80"),
	   "render: '%s' (tcp dport set 80)", res.text);

	r = rule_new();
	imm_data(r, R1, &mark, 4);
	{
		struct nftnl_expr *e = expr(r, "meta");

		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_MARK);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, R1);
	}
	res = run(r, 1);
	ok(!strcmp(res.text, "meta mark set 0x00000007"),
	   "render: '%s' (meta mark set)", res.text);

	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x0a\x00\x00\x01", 4);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	bitwise(r, R1, 2, "\xff\x03", "\x00\x88");
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	expr(r, "counter");
	verdict(r, NF_ACCEPT, NULL);
	res = run(r, 1);
	ok(!strcmp(res.text, "ip saddr 10.0.0.1 ip dscp set af41 counter accept"),
	   "render: '%s' (match, set, counter, verdict)", res.text);

	/* a write of no known field, and bits that are not one field */
	r = rule_new();
	imm_data(r, R1, "\x12\x34", 2);
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 2, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "@nh,16,16 set 0x1234"),
	   "render: '%s' (unknown field by bits)", res.text);
	r = rule_new();
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	bitwise(r, R1, 2, "\x0f\x0f", "\x00\x00");
	payload_w(r, NFT_PAYLOAD_NETWORK_HEADER, 0, 2, R1);
	res = run(r, 1);
	ok(!strcmp(res.text, "[payload write @nh,0,16]"),
	   "render: '%s' (two fields at once: raw)", res.text);
}

/* nft's "meta iiftype ether", the dependency of link-layer matches */
static void iiftype_ether(struct nftnl_rule *r)
{
	uint16_t type = 1;

	meta_eq(r, NFT_META_IIFTYPE, &type, 2);
}

static void ether_daddr(struct nftnl_rule *r)
{
	payload(r, NFT_PAYLOAD_LL_HEADER, 0, 6, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x02\x00\x00\x00\x00\x01", 6);
}

static void ether_type(struct nftnl_rule *r, const char *type)
{
	payload(r, NFT_PAYLOAD_LL_HEADER, 12, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, type, 2);
}

static void ip6_nexthdr(struct nftnl_rule *r, uint8_t proto)
{
	proto_ip6(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 6, 1, R1);
	cmp(r, R1, NFT_CMP_EQ, &proto, 1);
}

/* ip daddr 10.0.0.1 after a protocol match (nft's or one by hand) */
static void nh_daddr(struct nftnl_rule *r)
{
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 16, 4, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x0a\x00\x00\x01", 4);
}

/* @r with drop offloads and means the same in hardware (and is freed). */
static void same(struct nftnl_rule *r, const char *what)
{
	struct res res;

	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.diffs.n == 0,
	   "%s: the same in hardware (%s, %u differences)", what, res.reason,
	   res.diffs.n);
}

/* @res has exactly one difference, of @kind, @value, @dep. */
static bool one_diff(const struct res *res, enum xl_diff_kind kind,
		     uint16_t value, bool dep)
{
	const struct xl_diff *d = &res->diffs.v[0];

	if (res->stage != XL_OK || res->diffs.n != 1) {
		diag("stage %s (%s), %u differences", xl_stage_name(res->stage),
		     res->reason, res->diffs.n);
		return false;
	}
	if (d->kind != kind || d->value != value || d->dep != dep) {
		diag("kind %d value %#x mask %#x dep %d", d->kind, d->value,
		     d->mask, d->dep);
		return false;
	}
	return true;
}

/*
 * The rules as nft 1.0.6 encodes them (nft --debug=netlink), in a netdev
 * chain: which matches mean something else in hardware, and what the
 * warning says of them. Near misses: the rewrites the warnings suggest
 * and the matches with the same key that mean the same.
 */
static void test_diffs(void)
{
	struct nftnl_rule *r;
	struct hwdiff hd;
	struct res res;

	/* ip6 nexthdr udp drop */
	r = rule_new();
	ip6_nexthdr(r, IPPROTO_UDP);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_IP6_NEXTHDR, IPPROTO_UDP, false) &&
	   res.diffs.v[0].mask == 0xff,
	   "ip6 nexthdr udp: differs in hardware");
	hwdiff_explain(&res.diffs.v[0], &hd);
	ok(!strcmp(hd.match, "ip6 nexthdr udp"), "its match: '%s'", hd.match);
	ok(!strcmp(hd.reason, "software compares the next header field of the IPv6 header, the hardware the protocol after the extension headers (the driver gets both as flow dissector key basic.ip_proto, like meta l4proto): IPv6 packets with extension headers, such as fragments, match in one and not in the other"),
	   "why: '%s'", hd.reason);
	ok(!strcmp(hd.fix, "write \"meta l4proto udp\" instead: software then also matches the protocol after the extension headers"),
	   "what to do: '%s'", hd.fix);

	/* the rewrite: meta l4proto udp drop */
	r = rule_new();
	proto_ip6(r);
	l4(r, IPPROTO_UDP);
	same(r, "meta protocol ip6 meta l4proto udp");
	r = rule_new();
	l4(r, IPPROTO_UDP);
	same(r, "meta l4proto udp");

	/* ip protocol: IPv4 has no extension headers */
	r = rule_new();
	proto_ip(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 9, 1, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x11", 1);
	same(r, "ip protocol udp");

	/* ip6 nexthdr tcp tcp dport 22: the text hides it, the warning not */
	r = rule_new();
	ip6_nexthdr(r, IPPROTO_TCP);
	payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x00\x16", 2);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_IP6_NEXTHDR, IPPROTO_TCP, false),
	   "ip6 nexthdr tcp tcp dport 22: differs (rendered '%s')", res.text);

	/* an extension header: meta l4proto is no rewrite */
	r = rule_new();
	ip6_nexthdr(r, 44);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_IP6_NEXTHDR, 44, false),
	   "ip6 nexthdr 44 (fragment): differs");
	hwdiff_explain(&res.diffs.v[0], &hd);
	ok(!strcmp(hd.fix, "no offloaded match takes IPv6 packets by extension header 44 (the hardware, like meta l4proto, looks past it): match it in a chain without \"flags offload\""),
	   "an extension header: no meta l4proto advice ('%s')", hd.fix);

	/* a mask: shown and carried over */
	r = rule_new();
	proto_ip6(r);
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 6, 1, R1);
	bitwise(r, R1, 1, "\xf0", "\x00");
	cmp(r, R1, NFT_CMP_EQ, "\x10", 1);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_IP6_NEXTHDR, 0x10, false) &&
	   res.diffs.v[0].mask == 0xf0, "ip6 nexthdr & 0xf0: differs");
	hwdiff_explain(&res.diffs.v[0], &hd);
	ok(!strcmp(hd.match, "ip6 nexthdr & 0xf0 == 0x10") &&
	   strstr(hd.fix, "\"meta l4proto & 0xf0 == 0x10\""),
	   "masked: '%s', '%s'", hd.match, hd.fix);

	/* not offloadable: no warning, whatever it matches */
	r = rule_new();
	ip6_nexthdr(r, IPPROTO_UDP);
	expr(r, "limit");
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_NFTABLES && res.diffs.n == 0,
	   "ip6 nexthdr udp limit ...: refused, no difference noted");

	/* ether type arp drop */
	r = rule_new();
	iiftype_ether(r);
	ether_type(r, "\x08\x06");
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_ETHER_TYPE, 0x0806, false) &&
	   res.diffs.v[0].mask == 0xffff, "ether type arp: differs in hardware");
	ok(!strcmp(res.text, "ether type arp drop"), "rendered '%s'", res.text);
	hwdiff_explain(&res.diffs.v[0], &hd);
	ok(!strcmp(hd.match, "ether type arp"), "its match: '%s'", hd.match);
	ok(!strcmp(hd.reason, "software reads the ethertype field of the frame, which is the VLAN TPID (8021q, 8021ad) in a tagged frame, the hardware the protocol after the VLAN tag (the driver gets both as flow dissector key basic.n_proto, like meta protocol): a frame with one VLAN tag matches in hardware when the protocol after the tag does, never in software"),
	   "why: '%s'", hd.reason);
	ok(!strcmp(hd.fix, "write \"meta protocol arp\" instead: software then also reads the protocol after the VLAN tag"),
	   "what to do: '%s'", hd.fix);

	/* the rewrite: meta protocol arp drop */
	r = rule_new();
	meta_eq(r, NFT_META_PROTOCOL, "\x08\x06", 2);
	same(r, "meta protocol arp");

	/* ether daddr X ip daddr Y: nft's dependency is ether type ip */
	r = rule_new();
	iiftype_ether(r);
	ether_daddr(r);
	ether_type(r, "\x08\x00");
	nh_daddr(r);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_ETHER_TYPE, 0x0800, true),
	   "ether daddr ... ip daddr ...: the dependency ether type ip differs");
	ok(!strcmp(res.text, "ether daddr 02:00:00:00:00:01 ip daddr 10.0.0.1 drop"),
	   "rendered without it: '%s'", res.text);
	hwdiff_explain(&res.diffs.v[0], &hd);
	ok(!strcmp(hd.match, "ether type ip (nft's dependency of an ip match after an ether match)"),
	   "its match: '%s'", hd.match);
	ok(!strcmp(hd.fix, "write the ip matches before the ether ones, or begin the rule with \"meta protocol ip\": nft then depends on meta protocol, which software also reads after the VLAN tag"),
	   "what to do: '%s'", hd.fix);

	/* the rewrites: ip daddr Y ether daddr X, and meta protocol ip first */
	r = rule_new();
	ip_daddr(r, NFT_CMP_EQ, "10.0.0.1");
	iiftype_ether(r);
	ether_daddr(r);
	same(r, "ip daddr ... ether daddr ...");
	r = rule_new();
	proto_ip(r);
	iiftype_ether(r);
	ether_daddr(r);
	nh_daddr(r);
	same(r, "meta protocol ip ether daddr ... ip daddr ...");

	/* explicit ether type ip, then a counter: not a dependency */
	r = rule_new();
	iiftype_ether(r);
	ether_type(r, "\x08\x00");
	expr(r, "counter");
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_ETHER_TYPE, 0x0800, false),
	   "ether type ip counter drop: differs, written by hand");
	/* the network match comes later: another cmp in between */
	r = rule_new();
	iiftype_ether(r);
	ether_type(r, "\x08\x00");
	l4(r, IPPROTO_UDP);
	nh_daddr(r);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(one_diff(&res, XL_DIFF_ETHER_TYPE, 0x0800, false),
	   "ether type ip meta l4proto udp ip daddr ...: not nft's dependency");

	/* ether daddr X ip6 nexthdr udp: both, in rule order */
	r = rule_new();
	iiftype_ether(r);
	ether_daddr(r);
	ether_type(r, "\x86\xdd");
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 6, 1, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x11", 1);
	verdict(r, NF_DROP, NULL);
	res = run(r, 1);
	ok(res.stage == XL_OK && res.diffs.n == 2 &&
	   res.diffs.v[0].kind == XL_DIFF_ETHER_TYPE &&
	   res.diffs.v[0].value == 0x86dd && res.diffs.v[0].dep &&
	   res.diffs.v[1].kind == XL_DIFF_IP6_NEXTHDR &&
	   res.diffs.v[1].value == IPPROTO_UDP,
	   "ether daddr ... ip6 nexthdr udp: ether type ip6, then nexthdr");
	hwdiff_explain(&res.diffs.v[0], &hd);
	ok(!strcmp(hd.match, "ether type ip6 (nft's dependency of an ip6 match after an ether match)"),
	   "ip6's dependency: '%s'", hd.match);

	/* vlan id 10: ether type 8021q goes to the VLAN key, which agrees */
	r = rule_new();
	iiftype_ether(r);
	ether_type(r, "\x81\x00");
	payload(r, NFT_PAYLOAD_LL_HEADER, 14, 2, R1);
	bitwise(r, R1, 2, "\x0f\xff", "\0\0");
	cmp(r, R1, NFT_CMP_EQ, "\x00\x0a", 2);
	same(r, "vlan id 10 (ether type 8021q)");
	r = rule_new();
	iiftype_ether(r);
	ether_type(r, "\x88\xa8");
	same(r, "ether type 8021ad");
	/* vlan type ip (offset 16) after the tag */
	r = rule_new();
	iiftype_ether(r);
	ether_type(r, "\x81\x00");
	payload(r, NFT_PAYLOAD_LL_HEADER, 16, 2, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x08\x00", 2);
	same(r, "vlan type ip");
}

/* check's warning records: one per difference, named by rule handle */
static void test_hwdiff_add(void)
{
	struct hwdiffs w = { 0 };
	struct nftnl_rule *r;
	struct res res;
	char name[128];
	int err;

	r = rule_new();
	iiftype_ether(r);
	ether_daddr(r);
	ether_type(r, "\x86\xdd");
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, 6, 1, R1);
	cmp(r, R1, NFT_CMP_EQ, "\x11", 1);
	verdict(r, NF_DROP, NULL);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_NETDEV);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, "t");
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, "c");
	nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, 7);
	res.stage = xl_rule(r, 10, &env, &res.flow, &res.diffs, res.reason,
			    sizeof(res.reason));
	err = hwdiff_add(&w, r, 10, "the rule", &res.diffs);
	ok(!err && w.n == 2, "two differences, two warnings (%zu)", w.n);
	if (w.n == 2) {
		hwdiff_name(&w.v[1], name, sizeof(name));
		ok(!strcmp(name, "netdev t c handle 7"), "named '%s'", name);
		ok(w.v[1].prio == 10 && w.v[1].handle == 7 &&
		   !strcmp(w.v[1].does, "the rule") &&
		   !strcmp(w.v[1].match, "ip6 nexthdr udp") &&
		   !strncmp(w.v[0].match, "ether type ip6", 14),
		   "priority, handle, what it does, the matches in order");
	}
	ok(!hwdiff_add(&w, r, 10, "x", &(struct xl_diffs){ .n = 0 }) &&
	   w.n == 2, "no difference, no warning");
	hwdiff_free(&w);
	nftnl_rule_free(r);
}

int main(void)
{
	printf("TAP version 13\n");
	test_offloadable();
	test_actions();
	test_values();
	test_refused();
	test_flowtable_prio();
	test_chain();
	test_names();
	test_render_writes();
	test_diffs();
	test_hwdiff_add();
	return tap_done();
}
