// SPDX-License-Identifier: GPL-2.0
/*
 * What nf_tables and nft_offload make of a rule, emulated on the rule as
 * libnftnl reads it back from the kernel. The structure follows the kernel
 * so that a change there is easy to carry over:
 *
 *   xl_rule()           nft_flow_rule_create()  nf_tables_offload.c
 *   xl_payload()        nft_payload_offload()   nft_payload.c
 *   xl_cmp()            __nft_cmp_offload()     nft_cmp.c
 *   xl_meta()           nft_meta_get_offload()  nft_meta.c
 *   xl_bitwise()        nft_bitwise_offload()   nft_bitwise.c
 *   xl_immediate()      nft_immediate_offload() nft_immediate.c
 *   xl_fwd_dup()        nft_fwd_dup_netdev_offload()
 *   xl_transfer_vlan()  nft_flow_rule_transfer_vlan()
 *   xl_model()          nfto_flow_parse()       core/flow.c
 *
 * The kernel says only "Operation not supported" for steps it refuses; the
 * reasons here are ours and name the expression and what would work.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <netinet/in.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>

#include "translate.h"

/* struct nft_flow_key, as bytes: where cmp writes what payload chose. */
struct xl_fkey {
	uint8_t		n_proto[2];		/* basic */
	uint8_t		ip_proto;
	uint8_t		ipv4_src[4];		/* ipv4 */
	uint8_t		ipv4_dst[4];
	uint8_t		ipv6_src[16];		/* ipv6 */
	uint8_t		ipv6_dst[16];
	uint8_t		tp_src[2];		/* tp */
	uint8_t		tp_dst[2];
	uint8_t		vlan_tci[2];		/* vlan, host order (N2H) */
	uint8_t		vlan_tpid[2];
	uint8_t		cvlan_tci[2];		/* cvlan */
	uint8_t		cvlan_tpid[2];
	uint8_t		eth_dst[6];		/* eth_addrs */
	uint8_t		eth_src[6];
	uint8_t		ifindex[4];		/* meta, host order */
	uint8_t		iftype[2];
};

#define XL_F_NETWORK2HOST	1

/* struct nft_offload_reg, plus what nft_immediate leaves in a register. */
struct xl_reg {
	unsigned int	key;		/* enum nfto_key_id */
	unsigned int	len;		/* 0: nothing offloadable loaded it */
	unsigned int	offset;		/* in struct xl_fkey */
	unsigned int	flags;
	enum xl_diff_kind diff;	/* of the field loaded, or XL_DIFF_NONE */
	uint8_t		data[16];
	uint8_t		mask[16];
};

enum { XL_DEP_UNSPEC, XL_DEP_NETWORK, XL_DEP_TRANSPORT };

/* nft_parse_register() gives at most NFT_REG32_15 + 4. */
#define XL_NREGS	(NFT_REG32_15 + 1)

struct xl_ctx {
	const struct xl_env	*env;
	struct {
		int		type;
		uint8_t		l3num[2];	/* network byte order */
		uint8_t		protonum;
	} dep;
	struct xl_reg		regs[XL_NREGS];
	struct xl_fkey		key;
	struct xl_fkey		mask;
	uint64_t		used;		/* dissector used_keys */
	uint16_t		addr_type;	/* control, first address key */
	unsigned int		num_actions;
	struct nfto_uaction	actions[NFTO_MAX_ACTIONS];
	unsigned int		total_actions;
	struct xl_diffs		diffs;
	/* 1 + the index of an ether type diff the last cmp noted, or 0 */
	unsigned int		diff_dep;
	char			*reason;
	size_t			len;
};

#define XL_MATCH(ctx, reg, k, field, flg) do {				\
	(reg)->key = (k);						\
	(reg)->offset = offsetof(struct xl_fkey, field);		\
	(reg)->len = sizeof(((struct xl_fkey *)0)->field);		\
	(reg)->flags = (flg);						\
	(reg)->diff = XL_DIFF_NONE;					\
} while (0)

const char *xl_stage_name(enum xl_stage stage)
{
	switch (stage) {
	case XL_OK:		return "ok";
	case XL_CHAIN:		return "chain";
	case XL_DEVICE:		return "device";
	case XL_NFTABLES:	return "nf_tables";
	case XL_MODEL:		return "model";
	case XL_CAPS:		return "capability";
	}
	return "unknown";
}

__attribute__((format(printf, 2, 3)))
static int xl_refuse(struct xl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->reason, ctx->len, fmt, ap);
	va_end(ap);
	return -EOPNOTSUPP;
}

/* nft_parse_register(): NFT_REG_1..4 are 16 bytes, NFT_REG32_* 4 bytes. */
static struct xl_reg *xl_reg(struct xl_ctx *ctx, uint32_t reg)
{
	unsigned int idx;

	if (reg <= NFT_REG_4)
		idx = reg * 4;
	else if (reg >= NFT_REG32_00 && reg <= NFT_REG32_15)
		idx = reg - NFT_REG32_00 + 4;
	else
		return NULL;
	return idx < XL_NREGS ? &ctx->regs[idx] : NULL;
}

static uint32_t xl_u32(struct nftnl_expr *e, uint16_t attr)
{
	return nftnl_expr_is_set(e, attr) ? nftnl_expr_get_u32(e, attr) : 0;
}

/* Copies up to 16 bytes of a data attribute; returns its length. */
static uint32_t xl_data(struct nftnl_expr *e, uint16_t attr, uint8_t out[16])
{
	uint32_t len = 0;
	const void *p;

	memset(out, 0, 16);
	if (!nftnl_expr_is_set(e, attr))
		return 0;
	p = nftnl_expr_get(e, attr, &len);
	if (!p)
		return 0;
	memcpy(out, p, len > 16 ? 16 : len);
	return len;
}

/* nft_payload_offload_mask() */
static bool xl_payload_mask(struct xl_reg *reg, uint32_t priv_len,
			    uint32_t field_len)
{
	if (priv_len > field_len)
		return false;
	memset(reg->mask, 0, field_len);
	memset(reg->mask, 0xff, priv_len);
	return true;
}

static const char *const xl_base_names[] = {
	[NFT_PAYLOAD_LL_HEADER]		= "link layer",
	[NFT_PAYLOAD_NETWORK_HEADER]	= "network",
	[NFT_PAYLOAD_TRANSPORT_HEADER]	= "transport",
	[NFT_PAYLOAD_INNER_HEADER]	= "inner",
};

static const char *xl_base_name(uint32_t base)
{
	if (base < sizeof(xl_base_names) / sizeof(xl_base_names[0]) &&
	    xl_base_names[base])
		return xl_base_names[base];
	return "tunnel";
}

struct xl_field {
	uint32_t	offset;
	const char	*name;
	unsigned int	key;
	size_t		koff;
	unsigned int	klen;
	unsigned int	flags;
	int		dep;
	enum xl_diff_kind diff;
};

#define XL_FIELD(off, name, k, fld, flg, dep) \
	{ off, name, NFTO_K_##k, offsetof(struct xl_fkey, fld), \
	  sizeof(((struct xl_fkey *)0)->fld), flg, dep, XL_DIFF_NONE }
#define XL_FIELD_DIFF(off, name, k, fld, dep, diff) \
	{ off, name, NFTO_K_##k, offsetof(struct xl_fkey, fld), \
	  sizeof(((struct xl_fkey *)0)->fld), 0, dep, diff }

/* The fields nft_payload_offload_ll/ip/ip6/tcp/udp() know, by offset. */
static const struct xl_field xl_ll_fields[] = {
	XL_FIELD(6, "ether saddr", ETH_ADDRS, eth_src, 0, XL_DEP_UNSPEC),
	XL_FIELD(0, "ether daddr", ETH_ADDRS, eth_dst, 0, XL_DEP_UNSPEC),
	XL_FIELD_DIFF(12, "ether type", BASIC, n_proto, XL_DEP_NETWORK,
		      XL_DIFF_ETHER_TYPE),
	XL_FIELD(14, "vlan id/pcp (tci)", VLAN, vlan_tci, XL_F_NETWORK2HOST,
		 XL_DEP_UNSPEC),
	XL_FIELD(16, "vlan type", VLAN, vlan_tpid, 0, XL_DEP_NETWORK),
	XL_FIELD(18, "inner vlan tci", CVLAN, cvlan_tci, XL_F_NETWORK2HOST,
		 XL_DEP_UNSPEC),
	XL_FIELD(20, "inner vlan type", CVLAN, cvlan_tpid, 0, XL_DEP_NETWORK),
	{ 0 },
};

static const struct xl_field xl_ip_fields[] = {
	XL_FIELD(12, "ip saddr", IPV4_ADDRS, ipv4_src, 0, XL_DEP_UNSPEC),
	XL_FIELD(16, "ip daddr", IPV4_ADDRS, ipv4_dst, 0, XL_DEP_UNSPEC),
	XL_FIELD(9, "ip protocol", BASIC, ip_proto, 0, XL_DEP_TRANSPORT),
	{ 0 },
};

static const struct xl_field xl_ip6_fields[] = {
	XL_FIELD(8, "ip6 saddr", IPV6_ADDRS, ipv6_src, 0, XL_DEP_UNSPEC),
	XL_FIELD(24, "ip6 daddr", IPV6_ADDRS, ipv6_dst, 0, XL_DEP_UNSPEC),
	XL_FIELD_DIFF(6, "ip6 nexthdr", BASIC, ip_proto, XL_DEP_TRANSPORT,
		      XL_DIFF_IP6_NEXTHDR),
	{ 0 },
};

static const struct xl_field xl_tcp_fields[] = {
	XL_FIELD(0, "tcp sport", PORTS, tp_src, 0, XL_DEP_UNSPEC),
	XL_FIELD(2, "tcp dport", PORTS, tp_dst, 0, XL_DEP_UNSPEC),
	{ 0 },
};

static const struct xl_field xl_udp_fields[] = {
	XL_FIELD(0, "udp sport", PORTS, tp_src, 0, XL_DEP_UNSPEC),
	XL_FIELD(2, "udp dport", PORTS, tp_dst, 0, XL_DEP_UNSPEC),
	{ 0 },
};

static int xl_payload_field(struct xl_ctx *ctx, struct xl_reg *reg,
			    const struct xl_field *fields, const char *hdr,
			    const char *which, uint32_t offset, uint32_t len)
{
	const struct xl_field *f;

	for (f = fields; f->name; f++) {
		if (f->offset != offset)
			continue;
		if (!xl_payload_mask(reg, len, f->klen))
			return xl_refuse(ctx,
					 "a %u-byte load at %s header offset %u spans more than %s (%u bytes)",
					 len, hdr, offset, f->name, f->klen);
		reg->key = f->key;
		reg->offset = f->koff;
		reg->len = f->klen;
		reg->flags = f->flags;
		reg->diff = f->diff;
		if (f->dep != XL_DEP_UNSPEC)
			ctx->dep.type = f->dep;
		/* nft_flow_rule_set_addr_type(): the first address key wins */
		if (!ctx->addr_type && (f->key == NFTO_K_IPV4_ADDRS ||
					f->key == NFTO_K_IPV6_ADDRS))
			ctx->addr_type = f->key;
		return 0;
	}
	return xl_refuse(ctx,
			 "match at %s header offset %u: nf_tables offloads only %s",
			 hdr, offset, which);
}

static int xl_payload(struct xl_ctx *ctx, struct nftnl_expr *e)
{
	uint32_t base = xl_u32(e, NFTNL_EXPR_PAYLOAD_BASE);
	uint32_t offset = xl_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET);
	uint32_t len = xl_u32(e, NFTNL_EXPR_PAYLOAD_LEN);
	struct xl_reg *reg;

	if (ctx->diff_dep && base == NFT_PAYLOAD_NETWORK_HEADER)
		ctx->diffs.v[ctx->diff_dep - 1].dep = true;
	ctx->diff_dep = 0;
	if (nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_SREG))
		return xl_refuse(ctx,
				 "payload writes (header mangling) cannot be offloaded by nf_tables");
	reg = xl_reg(ctx, xl_u32(e, NFTNL_EXPR_PAYLOAD_DREG));
	if (!reg)
		return xl_refuse(ctx, "payload load into an unknown register");

	switch (base) {
	case NFT_PAYLOAD_LL_HEADER:
		return xl_payload_field(ctx, reg, xl_ll_fields, "link layer",
					"ether saddr/daddr/type and vlan id/type",
					offset, len);
	case NFT_PAYLOAD_NETWORK_HEADER:
		/* nft_payload_offload_nh(): by the protocol matched before */
		if (!memcmp(ctx->dep.l3num, "\x08\x00", 2))
			return xl_payload_field(ctx, reg, xl_ip_fields, "IPv4",
						"ip saddr, daddr and protocol",
						offset, len);
		if (!memcmp(ctx->dep.l3num, "\x86\xdd", 2))
			return xl_payload_field(ctx, reg, xl_ip6_fields, "IPv6",
						"ip6 saddr, daddr and nexthdr",
						offset, len);
		return xl_refuse(ctx,
				 "network header match without an IPv4 or IPv6 protocol match before it (meta protocol or ether type)");
	case NFT_PAYLOAD_TRANSPORT_HEADER:
		if (ctx->dep.protonum == IPPROTO_TCP)
			return xl_payload_field(ctx, reg, xl_tcp_fields, "TCP",
						"tcp sport and dport",
						offset, len);
		if (ctx->dep.protonum == IPPROTO_UDP)
			return xl_payload_field(ctx, reg, xl_udp_fields, "UDP",
						"udp sport and dport",
						offset, len);
		return xl_refuse(ctx,
				 "transport header match without a TCP or UDP protocol match before it (meta l4proto, ip protocol or ip6 nexthdr)");
	default:
		return xl_refuse(ctx,
				 "%s header matches cannot be offloaded by nf_tables",
				 xl_base_name(base));
	}
}

static const char *const xl_cmp_ops[] = {
	[NFT_CMP_EQ] = "==", [NFT_CMP_NEQ] = "!=", [NFT_CMP_LT] = "<",
	[NFT_CMP_LTE] = "<=", [NFT_CMP_GT] = ">", [NFT_CMP_GTE] = ">=",
};

/* nft_offload_update_dependency() */
static void xl_update_dep(struct xl_ctx *ctx, const uint8_t *data)
{
	switch (ctx->dep.type) {
	case XL_DEP_NETWORK:
		memcpy(ctx->dep.l3num, data, 2);
		break;
	case XL_DEP_TRANSPORT:
		ctx->dep.protonum = data[0];
		break;
	}
	ctx->dep.type = XL_DEP_UNSPEC;
}

/*
 * A comparison with a field whose hardware meaning differs (enum
 * xl_diff_kind). An ether type of 802.1Q or 802.1ad is no such thing:
 * xl_transfer_vlan() moves it into the VLAN key, which hardware and
 * software both read from the tag.
 */
static void xl_note_diff(struct xl_ctx *ctx, const struct xl_reg *reg,
			 const uint8_t *data, const uint8_t *mask)
{
	struct xl_diff *d;

	if (ctx->diffs.n == XL_MAX_DIFFS)
		return;
	d = &ctx->diffs.v[ctx->diffs.n];
	memset(d, 0, sizeof(*d));
	d->kind = reg->diff;
	if (reg->len == 2) {
		d->value = data[0] << 8 | data[1];
		d->mask = mask[0] << 8 | mask[1];
	} else {
		d->value = data[0];
		d->mask = mask[0];
	}
	if (d->kind == XL_DIFF_ETHER_TYPE &&
	    (d->value == ETH_P_8021Q || d->value == ETH_P_8021AD))
		return;
	ctx->diffs.n++;
	if (d->kind == XL_DIFF_ETHER_TYPE)
		ctx->diff_dep = ctx->diffs.n;
}

static int xl_cmp(struct xl_ctx *ctx, struct nftnl_expr *e)
{
	uint32_t op = xl_u32(e, NFTNL_EXPR_CMP_OP);
	struct xl_reg *reg = xl_reg(ctx, xl_u32(e, NFTNL_EXPR_CMP_SREG));
	uint8_t data[16], datamask[16];
	uint32_t len;

	ctx->diff_dep = 0;
	len = xl_data(e, NFTNL_EXPR_CMP_DATA, data);
	if (op != NFT_CMP_EQ)
		return xl_refuse(ctx,
				 "comparison '%s' cannot be offloaded: nf_tables offloads only '=='",
				 op < 6 ? xl_cmp_ops[op] : "?");
	if (!reg || !reg->len)
		return xl_refuse(ctx,
				 "comparison of a value that no offloadable expression loaded");
	if (len > reg->len)
		return xl_refuse(ctx,
				 "comparison of %u bytes with a %u-byte field cannot be offloaded",
				 len, reg->len);

	memcpy(datamask, reg->mask, sizeof(datamask));
	if (reg->flags & XL_F_NETWORK2HOST && reg->len == 2) {
		/* nft_payload_n2h() */
		uint16_t v;

		memcpy(&v, data, 2);
		v = ntohs(v);
		memcpy(data, &v, 2);
		memcpy(&v, datamask, 2);
		v = ntohs(v);
		memcpy(datamask, &v, 2);
	}
	memcpy((uint8_t *)&ctx->key + reg->offset, data, reg->len);
	memcpy((uint8_t *)&ctx->mask + reg->offset, datamask, reg->len);
	ctx->used |= NFTO_BIT(reg->key);

	if (reg->key == NFTO_K_META &&
	    reg->offset == offsetof(struct xl_fkey, iftype)) {
		uint16_t type;

		memcpy(&type, data, 2);
		if (type != ARPHRD_ETHER)
			return xl_refuse(ctx,
					 "meta iiftype other than ether cannot be offloaded");
	}
	if (reg->diff != XL_DIFF_NONE)
		xl_note_diff(ctx, reg, data, datamask);
	xl_update_dep(ctx, data);
	return 0;
}

static const char *const xl_meta_names[] = {
	[NFT_META_LEN] = "length", [NFT_META_PROTOCOL] = "protocol",
	[NFT_META_PRIORITY] = "priority", [NFT_META_MARK] = "mark",
	[NFT_META_IIF] = "iif", [NFT_META_OIF] = "oif",
	[NFT_META_IIFNAME] = "iifname", [NFT_META_OIFNAME] = "oifname",
	[NFT_META_IIFTYPE] = "iiftype", [NFT_META_OIFTYPE] = "oiftype",
	[NFT_META_SKUID] = "skuid", [NFT_META_SKGID] = "skgid",
	[NFT_META_NFTRACE] = "nftrace", [NFT_META_RTCLASSID] = "rtclassid",
	[NFT_META_SECMARK] = "secmark", [NFT_META_NFPROTO] = "nfproto",
	[NFT_META_L4PROTO] = "l4proto", [NFT_META_BRI_IIFNAME] = "ibrname",
	[NFT_META_BRI_OIFNAME] = "obrname", [NFT_META_PKTTYPE] = "pkttype",
	[NFT_META_CPU] = "cpu", [NFT_META_IIFGROUP] = "iifgroup",
	[NFT_META_OIFGROUP] = "oifgroup", [NFT_META_CGROUP] = "cgroup",
	[NFT_META_PRANDOM] = "random", [NFT_META_SECPATH] = "ipsec",
	[NFT_META_IIFKIND] = "iifkind", [NFT_META_OIFKIND] = "oifkind",
	[NFT_META_BRI_IIFPVID] = "ibrpvid",
	[NFT_META_BRI_IIFVPROTO] = "ibrvproto",
	[NFT_META_TIME_NS] = "time", [NFT_META_TIME_DAY] = "day",
	[NFT_META_TIME_HOUR] = "hour", [NFT_META_SDIF] = "sdif",
	[NFT_META_SDIFNAME] = "sdifname",
};

static const char *xl_meta_name(uint32_t key)
{
	if (key < sizeof(xl_meta_names) / sizeof(xl_meta_names[0]) &&
	    xl_meta_names[key])
		return xl_meta_names[key];
	return "unknown";
}

static int xl_meta(struct xl_ctx *ctx, struct nftnl_expr *e)
{
	uint32_t key = xl_u32(e, NFTNL_EXPR_META_KEY);
	struct xl_reg *reg;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_META_SREG))
		return xl_refuse(ctx,
				 "meta %s set cannot be offloaded by nf_tables",
				 xl_meta_name(key));
	reg = xl_reg(ctx, xl_u32(e, NFTNL_EXPR_META_DREG));
	if (!reg)
		return xl_refuse(ctx, "meta load into an unknown register");

	/* NFT_OFFLOAD_MATCH_EXACT: the whole field */
	switch (key) {
	case NFT_META_PROTOCOL:
		XL_MATCH(ctx, reg, NFTO_K_BASIC, n_proto, 0);
		ctx->dep.type = XL_DEP_NETWORK;
		break;
	case NFT_META_L4PROTO:
		XL_MATCH(ctx, reg, NFTO_K_BASIC, ip_proto, 0);
		ctx->dep.type = XL_DEP_TRANSPORT;
		break;
	case NFT_META_IIF:
		XL_MATCH(ctx, reg, NFTO_K_META, ifindex, 0);
		break;
	case NFT_META_IIFTYPE:
		XL_MATCH(ctx, reg, NFTO_K_META, iftype, 0);
		break;
	default:
		return xl_refuse(ctx,
				 "meta %s cannot be offloaded: nf_tables offloads only meta protocol, l4proto, iif and iiftype",
				 xl_meta_name(key));
	}
	memset(reg->mask, 0xff, reg->len);
	return 0;
}

static int xl_bitwise(struct xl_ctx *ctx, struct nftnl_expr *e)
{
	uint32_t op = nftnl_expr_is_set(e, NFTNL_EXPR_BITWISE_OP) ?
		      nftnl_expr_get_u32(e, NFTNL_EXPR_BITWISE_OP) :
		      NFT_BITWISE_MASK_XOR;
	uint32_t sreg = xl_u32(e, NFTNL_EXPR_BITWISE_SREG);
	uint32_t dreg = xl_u32(e, NFTNL_EXPR_BITWISE_DREG);
	uint32_t len = xl_u32(e, NFTNL_EXPR_BITWISE_LEN);
	uint8_t mask[16], xor[16], zero[16] = { 0 };
	struct xl_reg *reg = xl_reg(ctx, dreg);

	xl_data(e, NFTNL_EXPR_BITWISE_MASK, mask);
	xl_data(e, NFTNL_EXPR_BITWISE_XOR, xor);
	if (op != NFT_BITWISE_MASK_XOR)
		return xl_refuse(ctx,
				 "bit shifts cannot be offloaded: nf_tables offloads only masks");
	if (memcmp(xor, zero, sizeof(xor)))
		return xl_refuse(ctx,
				 "bitwise xor/or cannot be offloaded: nf_tables offloads only masks");
	if (sreg != dreg || !reg)
		return xl_refuse(ctx,
				 "a mask into another register cannot be offloaded");
	if (len != reg->len)
		return xl_refuse(ctx,
				 "a %u-byte mask on a %u-byte field cannot be offloaded (a prefix must be a whole number of bytes, or the mask cover the whole field)",
				 len, reg->len);
	memcpy(reg->mask, mask, sizeof(reg->mask));
	return 0;
}

static const char *xl_verdict_name(int32_t v)
{
	switch (v) {
	case NF_ACCEPT:		return "accept";
	case NF_DROP:		return "drop";
	case NF_QUEUE:		return "queue";
	case NFT_CONTINUE:	return "continue";
	case NFT_BREAK:		return "break";
	case NFT_JUMP:		return "jump";
	case NFT_GOTO:		return "goto";
	case NFT_RETURN:	return "return";
	default:		return "unknown verdict";
	}
}

static int xl_add_action(struct xl_ctx *ctx, unsigned int id, int ifindex)
{
	if (ctx->total_actions++ < NFTO_MAX_ACTIONS) {
		ctx->actions[ctx->num_actions].id = id;
		ctx->actions[ctx->num_actions].ifindex = ifindex;
		ctx->num_actions++;
	}
	return 0;
}

static int xl_immediate(struct xl_ctx *ctx, struct nftnl_expr *e)
{
	struct xl_reg *reg;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_IMM_VERDICT)) {
		int32_t v = (int32_t)nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT);

		switch (v) {
		case NF_ACCEPT:
			return xl_add_action(ctx, NFTO_A_ACCEPT, 0);
		case NF_DROP:
			return xl_add_action(ctx, NFTO_A_DROP, 0);
		default:
			return xl_refuse(ctx,
					 "verdict '%s' cannot be offloaded: nf_tables offloads only accept and drop",
					 xl_verdict_name(v));
		}
	}
	reg = xl_reg(ctx, xl_u32(e, NFTNL_EXPR_IMM_DREG));
	if (reg)
		xl_data(e, NFTNL_EXPR_IMM_DATA, reg->data);
	return 0;
}

static int xl_fwd_dup(struct xl_ctx *ctx, struct nftnl_expr *e, bool fwd)
{
	uint16_t sreg_dev = fwd ? NFTNL_EXPR_FWD_SREG_DEV : NFTNL_EXPR_DUP_SREG_DEV;
	uint16_t sreg_addr = fwd ? NFTNL_EXPR_FWD_SREG_ADDR : NFTNL_EXPR_DUP_SREG_ADDR;
	const char *what = fwd ? "fwd" : "dup";
	struct xl_reg *reg;
	int32_t oif;

	if (nftnl_expr_is_set(e, sreg_addr))
		return xl_refuse(ctx,
				 "%s to an address cannot be offloaded: only '%s to DEVICE' can",
				 what, what);
	reg = xl_reg(ctx, xl_u32(e, sreg_dev));
	if (!reg)
		return xl_refuse(ctx, "%s from an unknown register", what);
	memcpy(&oif, reg->data, sizeof(oif));
	if (oif <= 0 ||
	    (ctx->env && ctx->env->ifindex_exists &&
	     !ctx->env->ifindex_exists(oif, ctx->env->data)))
		return xl_refuse(ctx,
				 "%s to ifindex %d: no such device (nf_tables resolves the target when it offloads)",
				 what, oif);
	return xl_add_action(ctx, fwd ? NFTO_A_REDIRECT : NFTO_A_MIRRED, oif);
}

/* ->offload_action(): the expressions nft_flow_rule_create() counts. */
static bool xl_is_action(struct nftnl_expr *e)
{
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);

	if (!strcmp(name, "immediate"))
		return nftnl_expr_is_set(e, NFTNL_EXPR_IMM_VERDICT);
	if (!strcmp(name, "fwd"))
		return !nftnl_expr_is_set(e, NFTNL_EXPR_FWD_SREG_ADDR);
	if (!strcmp(name, "dup"))
		return !nftnl_expr_is_set(e, NFTNL_EXPR_DUP_SREG_ADDR);
	return false;
}

static int xl_count_action(struct nftnl_expr *e, void *data)
{
	unsigned int *n = data;

	if (xl_is_action(e))
		(*n)++;
	return 0;
}

static const struct {
	const char *name;
	const char *what;
} xl_no_offload[] = {
	{ "lookup",	"set lookups" },
	{ "range",	"ranges" },
	{ "ct",		"conntrack matches" },
	{ "limit",	"rate limits" },
	{ "log",	"log statements" },
	{ "reject",	"reject" },
	{ "quota",	"quotas" },
	{ "objref",	"named objects (counter name, quota name...)" },
	{ "dynset",	"set updates" },
	{ "exthdr",	"extension header matches" },
	{ "queue",	"queue" },
	{ "nat",	"NAT" },
	{ "masq",	"masquerade" },
	{ "redir",	"redirect" },
	{ "flow_offload", "flow add" },
	{ "notrack",	"notrack" },
	{ "hash",	"hashes" },
	{ "numgen",	"numgen" },
	{ "socket",	"socket matches" },
	{ "connlimit",	"connlimit" },
	{ "last",	"last" },
	{ "inner",	"inner header matches" },
};

static int xl_expr(struct nftnl_expr *e, void *data)
{
	struct xl_ctx *ctx = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	size_t i;

	if (!strcmp(name, "payload"))
		return xl_payload(ctx, e);
	if (!strcmp(name, "cmp"))
		return xl_cmp(ctx, e);
	if (!strcmp(name, "meta"))
		return xl_meta(ctx, e);
	if (!strcmp(name, "bitwise"))
		return xl_bitwise(ctx, e);
	if (!strcmp(name, "immediate"))
		return xl_immediate(ctx, e);
	if (!strcmp(name, "fwd"))
		return xl_fwd_dup(ctx, e, true);
	if (!strcmp(name, "dup"))
		return xl_fwd_dup(ctx, e, false);
	if (!strcmp(name, "counter"))
		return 0;	/* no action; stats come through FLOW_CLS_STATS */

	for (i = 0; i < sizeof(xl_no_offload) / sizeof(xl_no_offload[0]); i++)
		if (!strcmp(name, xl_no_offload[i].name))
			return xl_refuse(ctx,
					 "%s ('%s') cannot be offloaded: nf_tables has no offload for it",
					 xl_no_offload[i].what, name);
	return xl_refuse(ctx,
			 "'%s' expressions cannot be offloaded: nf_tables has no offload for them",
			 name);
}

static bool xl_be16_is(const uint8_t *p, uint16_t v)
{
	return p[0] == (v >> 8) && p[1] == (v & 0xff);
}

/* nft_flow_rule_transfer_vlan() */
static void xl_transfer_vlan(struct xl_ctx *ctx)
{
	struct xl_fkey *k = &ctx->key, *m = &ctx->mask;
	uint8_t value[2], mask[2];

	memcpy(value, k->n_proto, 2);
	memcpy(mask, m->n_proto, 2);
	if (ctx->used & NFTO_BIT(NFTO_K_VLAN) &&
	    (xl_be16_is(k->vlan_tpid, ETH_P_8021Q) ||
	     xl_be16_is(k->vlan_tpid, ETH_P_8021AD))) {
		memcpy(k->n_proto, k->cvlan_tpid, 2);
		memcpy(m->n_proto, m->cvlan_tpid, 2);
		memcpy(k->cvlan_tpid, k->vlan_tpid, 2);
		memcpy(m->cvlan_tpid, m->vlan_tpid, 2);
		memcpy(k->vlan_tpid, value, 2);
		memcpy(m->vlan_tpid, mask, 2);
		ctx->used |= NFTO_BIT(NFTO_K_CVLAN);
	} else if (ctx->used & NFTO_BIT(NFTO_K_BASIC) &&
		   (xl_be16_is(k->n_proto, ETH_P_8021Q) ||
		    xl_be16_is(k->n_proto, ETH_P_8021AD))) {
		memcpy(k->n_proto, k->vlan_tpid, 2);
		memcpy(m->n_proto, m->vlan_tpid, 2);
		memcpy(k->vlan_tpid, value, 2);
		memcpy(m->vlan_tpid, mask, 2);
		ctx->used |= NFTO_BIT(NFTO_K_VLAN);
	}
}

static bool xl_nonzero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return true;
	return false;
}

static bool xl_vlan_used(const uint8_t tci[2], const uint8_t tpid[2])
{
	uint16_t t;

	memcpy(&t, tci, 2);	/* host order: vlan_id:12, dei:1, prio:3 */
	return (t & 0x0fff) || (t >> 13) || xl_nonzero(tpid, 2);
}

/* The keys the model holds (NFTO_MODEL_KEYS of include/net/nft_offload.h). */
#define XL_MODEL_KEYS (NFTO_BIT(NFTO_K_META) | NFTO_BIT(NFTO_K_CONTROL) |   \
		       NFTO_BIT(NFTO_K_BASIC) | NFTO_BIT(NFTO_K_ETH_ADDRS) | \
		       NFTO_BIT(NFTO_K_VLAN) | NFTO_BIT(NFTO_K_CVLAN) |     \
		       NFTO_BIT(NFTO_K_IPV4_ADDRS) |			    \
		       NFTO_BIT(NFTO_K_IPV6_ADDRS) | NFTO_BIT(NFTO_K_PORTS) | \
		       NFTO_BIT(NFTO_K_TCP) | NFTO_BIT(NFTO_K_IP) |	    \
		       NFTO_BIT(NFTO_K_ICMP))

/* struct nft_flow_key -> the kernel's struct nfto_key (core/flow.c) */
static void xl_ukey(const struct xl_fkey *f, uint16_t addr_type,
		    struct nfto_ukey *u)
{
	uint32_t ifindex;
	uint16_t v16;

	memset(u, 0, sizeof(*u));
	memcpy(&ifindex, f->ifindex, 4);
	u->ingress_ifindex = ifindex;
	memcpy(&v16, f->iftype, 2);
	u->ingress_iftype = v16;
	u->addr_type = addr_type;
	memcpy(u->n_proto, f->n_proto, 2);
	u->ip_proto = f->ip_proto;
	memcpy(u->eth_dst, f->eth_dst, 6);
	memcpy(u->eth_src, f->eth_src, 6);
	/* host order after nft_payload_n2h(): vlan_id:12, dei:1, prio:3 */
	memcpy(&v16, f->vlan_tci, 2);
	u->vlan_id = v16 & 0x0fff;
	u->vlan_prio = v16 >> 13;
	memcpy(u->vlan_tpid, f->vlan_tpid, 2);
	memcpy(&v16, f->cvlan_tci, 2);
	u->cvlan_id = v16 & 0x0fff;
	u->cvlan_prio = v16 >> 13;
	memcpy(u->cvlan_tpid, f->cvlan_tpid, 2);
	memcpy(u->ipv4_src, f->ipv4_src, 4);
	memcpy(u->ipv4_dst, f->ipv4_dst, 4);
	memcpy(u->ipv6_src, f->ipv6_src, 16);
	memcpy(u->ipv6_dst, f->ipv6_dst, 16);
	memcpy(u->src_port, f->tp_src, 2);
	memcpy(u->dst_port, f->tp_dst, 2);
}

/* nfto_flow_parse(): keys matched with a non-zero mask, the action count. */
static enum xl_stage xl_model(struct xl_ctx *ctx, struct nfto_uflow *flow)
{
	const struct xl_fkey *m = &ctx->mask;
	uint64_t used = ctx->used, bad = used & ~XL_MODEL_KEYS;

	if (bad) {
		snprintf(ctx->reason, ctx->len,
			 "match on '%s' is not in nft_offload's flow model",
			 nfto_key_name(__builtin_ctzll(bad)));
		return XL_MODEL;
	}
	flow->used_keys = 0;
	if (used & NFTO_BIT(NFTO_K_META) &&
	    (xl_nonzero(m->ifindex, 4) || xl_nonzero(m->iftype, 2)))
		flow->used_keys |= NFTO_BIT(NFTO_K_META);
	/* CONTROL counts only with flags; nf_tables sets addr_type only. */
	if (used & NFTO_BIT(NFTO_K_BASIC) &&
	    (xl_nonzero(m->n_proto, 2) || m->ip_proto))
		flow->used_keys |= NFTO_BIT(NFTO_K_BASIC);
	if (used & NFTO_BIT(NFTO_K_ETH_ADDRS) &&
	    (xl_nonzero(m->eth_dst, 6) || xl_nonzero(m->eth_src, 6)))
		flow->used_keys |= NFTO_BIT(NFTO_K_ETH_ADDRS);
	if (used & NFTO_BIT(NFTO_K_VLAN) && xl_vlan_used(m->vlan_tci, m->vlan_tpid))
		flow->used_keys |= NFTO_BIT(NFTO_K_VLAN);
	if (used & NFTO_BIT(NFTO_K_CVLAN) &&
	    xl_vlan_used(m->cvlan_tci, m->cvlan_tpid))
		flow->used_keys |= NFTO_BIT(NFTO_K_CVLAN);
	if (used & NFTO_BIT(NFTO_K_IPV4_ADDRS) &&
	    (xl_nonzero(m->ipv4_src, 4) || xl_nonzero(m->ipv4_dst, 4)))
		flow->used_keys |= NFTO_BIT(NFTO_K_IPV4_ADDRS);
	if (used & NFTO_BIT(NFTO_K_IPV6_ADDRS) &&
	    (xl_nonzero(m->ipv6_src, 16) || xl_nonzero(m->ipv6_dst, 16)))
		flow->used_keys |= NFTO_BIT(NFTO_K_IPV6_ADDRS);
	if (used & NFTO_BIT(NFTO_K_PORTS) &&
	    (xl_nonzero(m->tp_src, 2) || xl_nonzero(m->tp_dst, 2)))
		flow->used_keys |= NFTO_BIT(NFTO_K_PORTS);

	if (ctx->total_actions > NFTO_MAX_ACTIONS) {
		snprintf(ctx->reason, ctx->len,
			 "%u actions, the flow model holds at most %d",
			 ctx->total_actions, NFTO_MAX_ACTIONS);
		return XL_MODEL;
	}
	flow->num_actions = ctx->num_actions;
	memcpy(flow->actions, ctx->actions, sizeof(flow->actions));
	xl_ukey(&ctx->key, ctx->addr_type, &flow->key);
	xl_ukey(&ctx->mask, ctx->addr_type ? 0xffff : 0, &flow->mask);
	return XL_OK;
}

enum xl_stage xl_rule(struct nftnl_rule *rule, uint32_t prio,
		      const struct xl_env *env, struct nfto_uflow *flow,
		      struct xl_diffs *diffs, char *reason, size_t len)
{
	static struct xl_ctx zero;
	struct xl_ctx *ctx;
	unsigned int num_actions = 0;
	enum xl_stage stage;

	memset(flow, 0, sizeof(*flow));
	if (diffs)
		diffs->n = 0;
	flow->type = NFTO_FLOW_RULE;
	flow->prio = prio;
	snprintf(reason, len, "offloadable");

	nftnl_expr_foreach(rule, xl_count_action, &num_actions);
	if (!num_actions) {
		snprintf(reason, len,
			 "rule has no action: nf_tables offloads a rule only with accept, drop, fwd or dup");
		return XL_NFTABLES;
	}

	ctx = malloc(sizeof(*ctx));
	if (!ctx) {
		snprintf(reason, len, "out of memory");
		return XL_NFTABLES;
	}
	*ctx = zero;
	ctx->env = env;
	ctx->reason = reason;
	ctx->len = len;
	if (nftnl_expr_foreach(rule, xl_expr, ctx) < 0) {
		free(ctx);
		return XL_NFTABLES;
	}
	xl_transfer_vlan(ctx);
	stage = xl_model(ctx, flow);
	if (stage == XL_OK && diffs)
		*diffs = ctx->diffs;
	free(ctx);
	return stage;
}

enum xl_stage xl_chain(uint32_t family, uint32_t hooknum, int32_t prio,
		       uint32_t policy, char *reason, size_t len)
{
	if (family != NFPROTO_NETDEV) {
		snprintf(reason, len,
			 "only netdev-family chains can be offload chains");
		return XL_CHAIN;
	}
	/* nft_chain_offload_priority() */
	if (prio <= 0 || prio > 65535) {
		snprintf(reason, len,
			 "priority %d: offload chains need a priority of 1 to 65535",
			 prio);
		return XL_CHAIN;
	}
	if (hooknum != NF_NETDEV_INGRESS) {
		snprintf(reason, len,
			 "hook %s: only ingress chains can be offload chains",
			 hooknum == NF_NETDEV_EGRESS ? "egress" : "unknown");
		return XL_CHAIN;
	}
	/* nft_flow_offload_chain(): "Only default policy to accept" */
	if (policy != NF_ACCEPT) {
		snprintf(reason, len,
			 "policy drop: offload chains need policy accept");
		return XL_CHAIN;
	}
	snprintf(reason, len, "offloadable");
	return XL_OK;
}

/* flow_offload_mangle() of an Ethernet word: mask and value in host order */
static void xl_eth_mangle(struct nfto_uaction *a, uint32_t offset,
			  uint32_t mask, uint32_t val)
{
	a->id = NFTO_A_MANGLE;
	a->mangle_htype = NFTO_MANGLE_ETH;
	a->mangle_offset = offset;
	a->mangle_mask = mask;
	a->mangle_val = val;
}

void xl_flowtable_flow(int32_t prio, bool ipv6, int iif, int oif,
		       struct nfto_uflow *flow)
{
	/* any unicast addresses: the checks look at which bytes change */
	static const uint8_t src_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t dst_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	struct nfto_ukey *k = &flow->key, *m = &flow->mask;
	uint32_t val;
	uint16_t val16;

	memset(flow, 0, sizeof(*flow));
	flow->type = NFTO_FLOW_FT;
	flow->prio = (uint32_t)prio;
	flow->port_ifindex = iif;
	flow->used_keys = NFTO_BIT(NFTO_K_META) | NFTO_BIT(NFTO_K_BASIC) |
			  NFTO_BIT(ipv6 ? NFTO_K_IPV6_ADDRS : NFTO_K_IPV4_ADDRS) |
			  NFTO_BIT(NFTO_K_PORTS) | NFTO_BIT(NFTO_K_TCP);

	/* nf_flow_rule_match() */
	k->ingress_ifindex = (uint32_t)iif;
	m->ingress_ifindex = 0xffffffff;
	k->addr_type = ipv6 ? NFTO_K_IPV6_ADDRS : NFTO_K_IPV4_ADDRS;
	m->addr_type = 0xffff;
	if (ipv6) {
		memcpy(k->n_proto, "\x86\xdd", 2);
		memcpy(k->ipv6_src, "\x20\x01\x0d\xb8\0\x01\0\0\0\0\0\0\0\0\0\x02", 16);
		memcpy(k->ipv6_dst, "\x20\x01\x0d\xb8\0\x02\0\0\0\0\0\0\0\0\0\x02", 16);
		memset(m->ipv6_src, 0xff, 16);
		memset(m->ipv6_dst, 0xff, 16);
	} else {
		memcpy(k->n_proto, "\x08\x00", 2);
		memcpy(k->ipv4_src, "\x0a\x00\x01\x02", 4);
		memcpy(k->ipv4_dst, "\x0a\x00\x02\x02", 4);
		memset(m->ipv4_src, 0xff, 4);
		memset(m->ipv4_dst, 0xff, 4);
	}
	memset(m->n_proto, 0xff, 2);
	/* TCP: FIN and RST must miss, so software can tear the flow down */
	memcpy(m->tcp_flags, "\x00\x05", 2);
	k->ip_proto = 6;
	m->ip_proto = 0xff;
	memcpy(k->src_port, "\x9c\x40", 2);	/* 40000 */
	memcpy(k->dst_port, "\x00\x50", 2);	/* 80 */
	memset(m->src_port, 0xff, 2);
	memset(m->dst_port, 0xff, 2);

	/* flow_offload_eth_src(), then flow_offload_eth_dst() */
	memcpy(&val16, src_mac, 2);
	xl_eth_mangle(&flow->actions[0], 4, ~0xffff0000u, (uint32_t)val16 << 16);
	memcpy(&val, src_mac + 2, 4);
	xl_eth_mangle(&flow->actions[1], 8, 0, val);
	memcpy(&val, dst_mac, 4);
	xl_eth_mangle(&flow->actions[2], 0, 0, val);
	memcpy(&val16, dst_mac + 4, 2);
	xl_eth_mangle(&flow->actions[3], 4, ~0x0000ffffu, val16);
	flow->actions[4].id = NFTO_A_REDIRECT;
	flow->actions[4].ifindex = oif;
	flow->num_actions = 5;
}
