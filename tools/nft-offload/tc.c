// SPDX-License-Identifier: GPL-2.0
/*
 * Reads tc filter and qdisc messages. Only what check's warnings show is
 * rendered: the classifier, flower's common keys, and the actions by
 * name with their main parameter; anything else shows as its kind.
 * Attributes are checked for length before use: the input is the kernel's,
 * but the fuzzer feeds anything.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_gact.h>
#include <linux/tc_act/tc_mirred.h>
#include <linux/tc_act/tc_skbedit.h>
#include <linux/tc_act/tc_vlan.h>

#include "tc.h"

struct buf {
	char	*s;
	size_t	len;
	size_t	off;
};

static void put(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends one word (or several), space separated; truncates silently. */
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->off + 1 >= b->len)
		return;
	if (b->off)
		b->s[b->off++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->off, b->len - b->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->off += (size_t)n < b->len - b->off ? (size_t)n :
			  b->len - b->off - 1;
}

/* The attributes of one nest (or message) by type, up to @max. */
struct attrs {
	const struct nlattr	*tb[128];
	unsigned int		max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= a->max && type < 128)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_nest(const struct nlattr *nest, struct attrs *a,
		      unsigned int max)
{
	memset(a, 0, sizeof(*a));
	a->max = max;
	if (!nest)
		return 0;
	return mnl_attr_parse_nested(nest, attr_cb, a) < 0 ? -EBADMSG : 0;
}

/* The attribute's payload if it holds at least @len bytes, else NULL. */
static const void *get(const struct attrs *a, unsigned int type, size_t len)
{
	const struct nlattr *attr = type <= a->max ? a->tb[type] : NULL;

	if (!attr || mnl_attr_get_payload_len(attr) < len)
		return NULL;
	return mnl_attr_get_payload(attr);
}

static bool get_str(const struct attrs *a, unsigned int type, char *out,
		    size_t len)
{
	const struct nlattr *attr = type <= a->max ? a->tb[type] : NULL;
	size_t n;

	if (!attr)
		return false;
	n = mnl_attr_get_payload_len(attr);
	n = strnlen(mnl_attr_get_payload(attr), n);
	if (n >= len)
		n = len - 1;
	memcpy(out, mnl_attr_get_payload(attr), n);
	out[n] = '\0';
	return true;
}

static const char *proto_name(uint16_t proto, char *buf, size_t len)
{
	switch (proto) {
	case 0x0003: return "all";
	case 0x0800: return "ip";
	case 0x86dd: return "ipv6";
	case 0x0806: return "arp";
	case 0x8100: return "802.1Q";
	case 0x88a8: return "802.1ad";
	case 0x8847: return "mpls_uc";
	}
	snprintf(buf, len, "0x%04x", proto);
	return buf;
}

static const char *l4_name(uint8_t p, char *buf, size_t len)
{
	switch (p) {
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 58: return "icmpv6";
	case 132: return "sctp";
	}
	snprintf(buf, len, "%u", p);
	return buf;
}

/* Leading ones of a mask, or -1 when it is not a prefix. */
static int prefix_len(const uint8_t *m, size_t len)
{
	size_t i;
	int n = 0;
	bool zero = false;

	for (i = 0; i < len * 8; i++) {
		bool bit = m[i / 8] & (0x80 >> (i % 8));

		if (bit && zero)
			return -1;
		if (bit)
			n++;
		else
			zero = true;
	}
	return n;
}

static void put_addr(struct buf *b, const char *name, int af,
		     const struct attrs *a, unsigned int key, unsigned int mask)
{
	size_t len = af == AF_INET ? 4 : 16;
	const uint8_t *k = get(a, key, len), *m = get(a, mask, len);
	char s[INET6_ADDRSTRLEN];
	int plen = m ? prefix_len(m, len) : (int)len * 8;

	if (!k || !inet_ntop(af, k, s, sizeof(s)))
		return;
	if (plen == (int)len * 8)
		put(b, "%s %s", name, s);
	else if (plen >= 0)
		put(b, "%s %s/%d", name, s, plen);
	else
		put(b, "%s %s/[mask]", name, s);
}

static void put_port(struct buf *b, const char *name, const struct attrs *a,
		     unsigned int type)
{
	const uint16_t *p = get(a, type, 2);

	if (p)
		put(b, "%s %u", name, ntohs(*p));
}

static void put_mac(struct buf *b, const char *name, const struct attrs *a,
		    unsigned int type)
{
	const uint8_t *m = get(a, type, 6);

	if (m)
		put(b, "%s %02x:%02x:%02x:%02x:%02x:%02x", name, m[0], m[1],
		    m[2], m[3], m[4], m[5]);
}

/* flower's common keys, as tc filter show names them */
static void put_flower(struct buf *b, const struct attrs *a)
{
	const uint8_t *u8;
	const uint16_t *u16;
	char dev[IF_NAMESIZE], tmp[16];

	if (get_str(a, TCA_FLOWER_INDEV, dev, sizeof(dev)))
		put(b, "indev %s", dev);
	put_mac(b, "dst_mac", a, TCA_FLOWER_KEY_ETH_DST);
	put_mac(b, "src_mac", a, TCA_FLOWER_KEY_ETH_SRC);
	u16 = get(a, TCA_FLOWER_KEY_VLAN_ID, 2);
	if (u16)
		put(b, "vlan_id %u", *u16);
	u8 = get(a, TCA_FLOWER_KEY_IP_PROTO, 1);
	if (u8)
		put(b, "ip_proto %s", l4_name(*u8, tmp, sizeof(tmp)));
	put_addr(b, "src_ip", AF_INET, a, TCA_FLOWER_KEY_IPV4_SRC,
		 TCA_FLOWER_KEY_IPV4_SRC_MASK);
	put_addr(b, "dst_ip", AF_INET, a, TCA_FLOWER_KEY_IPV4_DST,
		 TCA_FLOWER_KEY_IPV4_DST_MASK);
	put_addr(b, "src_ip", AF_INET6, a, TCA_FLOWER_KEY_IPV6_SRC,
		 TCA_FLOWER_KEY_IPV6_SRC_MASK);
	put_addr(b, "dst_ip", AF_INET6, a, TCA_FLOWER_KEY_IPV6_DST,
		 TCA_FLOWER_KEY_IPV6_DST_MASK);
	put_port(b, "src_port", a, TCA_FLOWER_KEY_TCP_SRC);
	put_port(b, "dst_port", a, TCA_FLOWER_KEY_TCP_DST);
	put_port(b, "src_port", a, TCA_FLOWER_KEY_UDP_SRC);
	put_port(b, "dst_port", a, TCA_FLOWER_KEY_UDP_DST);
	u8 = get(a, TCA_FLOWER_KEY_IP_TOS, 1);
	if (u8)
		put(b, "ip_tos 0x%02x", *u8);
	u8 = get(a, TCA_FLOWER_KEY_IP_TTL, 1);
	if (u8)
		put(b, "ip_ttl %u", *u8);
}

static void put_verdict(struct buf *b, int action)
{
	static const char *const names[] = {
		[TC_ACT_OK] = "pass", [TC_ACT_RECLASSIFY] = "reclassify",
		[TC_ACT_SHOT] = "drop", [TC_ACT_PIPE] = "pipe",
		[TC_ACT_STOLEN] = "stolen", [TC_ACT_QUEUED] = "queued",
		[TC_ACT_REPEAT] = "repeat", [TC_ACT_REDIRECT] = "redirect",
		[TC_ACT_TRAP] = "trap",
	};

	if (action == TC_ACT_UNSPEC)
		put(b, "continue");
	else if (TC_ACT_EXT_CMP(action, TC_ACT_GOTO_CHAIN))
		put(b, "goto chain %d", action & TC_ACT_EXT_VAL_MASK);
	else if (TC_ACT_EXT_CMP(action, TC_ACT_JUMP))
		put(b, "jump %d", action & TC_ACT_EXT_VAL_MASK);
	else if (action >= 0 && action <= TC_ACT_VALUE_MAX)
		put(b, "%s", names[action]);
	else
		put(b, "action %d", action);
}

static int put_action(struct buf *b, struct tc_filter *f,
		      const struct nlattr *nest,
		      const char *(*ifname)(int, void *), void *data)
{
	struct attrs act, opt;
	char kind[IF_NAMESIZE] = "?";
	const char *dev;

	if (parse_nest(nest, &act, TCA_ACT_MAX))
		return -EBADMSG;
	get_str(&act, TCA_ACT_KIND, kind, sizeof(kind));
	if (parse_nest(act.tb[TCA_ACT_OPTIONS], &opt, 32))
		return -EBADMSG;
	if (!strcmp(kind, "gact")) {
		const struct tc_gact *p = get(&opt, TCA_GACT_PARMS, sizeof(*p));

		if (p)
			put_verdict(b, p->action);
		else
			put(b, "gact");
	} else if (!strcmp(kind, "mirred")) {
		const struct tc_mirred *p = get(&opt, TCA_MIRRED_PARMS, sizeof(*p));
		static const char *const what[] = {
			[TCA_EGRESS_REDIR] = "egress redirect",
			[TCA_EGRESS_MIRROR] = "egress mirror",
			[TCA_INGRESS_REDIR] = "ingress redirect",
			[TCA_INGRESS_MIRROR] = "ingress mirror",
		};
		char idx[24];

		if (!p || p->eaction < TCA_EGRESS_REDIR ||
		    p->eaction > TCA_INGRESS_MIRROR) {
			put(b, "mirred");
			return 0;
		}
		dev = ifname ? ifname((int)p->ifindex, data) : NULL;
		if (!dev) {
			snprintf(idx, sizeof(idx), "ifindex %u", p->ifindex);
			dev = idx;
		}
		put(b, "mirred %s dev %s", what[p->eaction], dev);
		if ((p->eaction == TCA_EGRESS_REDIR ||
		     p->eaction == TCA_EGRESS_MIRROR) &&
		    f->ntargets < TC_MAX_TARGETS)
			f->targets[f->ntargets++] = (int)p->ifindex;
	} else if (!strcmp(kind, "skbedit")) {
		const uint32_t *mark = get(&opt, TCA_SKBEDIT_MARK, 4);
		const uint32_t *prio = get(&opt, TCA_SKBEDIT_PRIORITY, 4);

		put(b, "skbedit");
		if (mark)
			put(b, "mark %u", *mark);
		if (prio)
			put(b, "priority %x:%x", *prio >> 16, *prio & 0xffff);
	} else if (!strcmp(kind, "vlan")) {
		const struct tc_vlan *p = get(&opt, TCA_VLAN_PARMS, sizeof(*p));
		const uint16_t *id = get(&opt, TCA_VLAN_PUSH_VLAN_ID, 2);

		if (p && p->v_action == TCA_VLAN_ACT_POP)
			put(b, "vlan pop");
		else if (p && p->v_action == TCA_VLAN_ACT_PUSH && id)
			put(b, "vlan push id %u", *id);
		else if (p && p->v_action == TCA_VLAN_ACT_MODIFY && id)
			put(b, "vlan modify id %u", *id);
		else
			put(b, "vlan");
	} else {
		put(b, "%s", kind);
	}
	return 0;
}

static int put_actions(struct buf *b, struct tc_filter *f,
		       const struct nlattr *nest,
		       const char *(*ifname)(int, void *), void *data)
{
	const struct nlattr *attr;
	bool first = true;

	if (!nest)
		return 0;
	mnl_attr_for_each_nested(attr, nest) {
		if (first)
			put(b, "action");
		first = false;
		if (put_action(b, f, attr, ifname, data))
			return -EBADMSG;
	}
	return 0;
}

static int msg_attrs(const struct nlmsghdr *nlh, struct attrs *a)
{
	memset(a, 0, sizeof(*a));
	a->max = TCA_MAX;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct tcmsg)))
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(struct tcmsg), attr_cb, a) < 0)
		return -EBADMSG;
	return 0;
}

int tc_filter_parse(const struct nlmsghdr *nlh, struct tc_filter *f,
		    const char *(*ifname)(int ifindex, void *data),
		    void *data)
{
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct buf b = { .s = f->does, .len = sizeof(f->does) };
	unsigned int flags_attr = 0, act_attr = 0;
	const uint32_t *u32;
	struct attrs a, opt;
	char tmp[16];

	memset(f, 0, sizeof(*f));
	if (msg_attrs(nlh, &a))
		return -EBADMSG;
	f->ifindex = (uint32_t)tcm->tcm_ifindex;
	f->pref = TC_H_MAJ(tcm->tcm_info) >> 16;
	f->handle = tcm->tcm_handle;
	u32 = get(&a, TCA_CHAIN, 4);
	f->chain = u32 ? *u32 : 0;
	if (!get_str(&a, TCA_KIND, f->kind, sizeof(f->kind)))
		return -EBADMSG;
	/* A dump starts each prio with its classifier alone, no options. */
	f->internal = !a.tb[TCA_OPTIONS];
	if (parse_nest(a.tb[TCA_OPTIONS], &opt, 127))
		return -EBADMSG;

	put(&b, "protocol %s", proto_name(ntohs(TC_H_MIN(tcm->tcm_info)),
					  tmp, sizeof(tmp)));
	put(&b, "%s", f->kind);
	if (!strcmp(f->kind, "flower")) {
		flags_attr = TCA_FLOWER_FLAGS;
		act_attr = TCA_FLOWER_ACT;
		put_flower(&b, &opt);
	} else if (!strcmp(f->kind, "matchall")) {
		flags_attr = TCA_MATCHALL_FLAGS;
		act_attr = TCA_MATCHALL_ACT;
	} else if (!strcmp(f->kind, "u32")) {
		flags_attr = TCA_U32_FLAGS;
		act_attr = TCA_U32_ACT;
		f->internal |= !!opt.tb[TCA_U32_DIVISOR];
	} else if (!strcmp(f->kind, "bpf")) {
		flags_attr = TCA_BPF_FLAGS_GEN;
		act_attr = TCA_BPF_ACT;
	} else if (!strcmp(f->kind, "basic")) {
		act_attr = TCA_BASIC_ACT;
	}
	if (flags_attr) {
		u32 = get(&opt, flags_attr, 4);
		f->flags = u32 ? *u32 : 0;
	}
	if (act_attr && put_actions(&b, f, opt.tb[act_attr], ifname, data))
		return -EBADMSG;
	return 0;
}

bool tc_filter_in_hw(const struct tc_filter *f)
{
	return f->flags & (TCA_CLS_FLAGS_SKIP_SW | TCA_CLS_FLAGS_IN_HW);
}

int tc_qdisc_parse(const struct nlmsghdr *nlh, struct tc_qdisc *q)
{
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct attrs a;

	memset(q, 0, sizeof(*q));
	if (msg_attrs(nlh, &a))
		return -EBADMSG;
	q->ifindex = (uint32_t)tcm->tcm_ifindex;
	q->handle = tcm->tcm_handle;
	q->parent = tcm->tcm_parent;
	if (!get_str(&a, TCA_KIND, q->kind, sizeof(q->kind)))
		return -EBADMSG;
	return 0;
}

bool tc_qdisc_user_root(const struct tc_qdisc *q)
{
	return q->parent == TC_H_ROOT && TC_H_MAJ(q->handle) &&
	       strcmp(q->kind, "noqueue") && strcmp(q->kind, "clsact") &&
	       strcmp(q->kind, "ingress");
}
