// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>

#include "render.h"

enum fmt { F_HEX, F_IP4, F_IP6, F_ETHER, F_PORT, F_ETHERTYPE, F_L4PROTO,
	   F_IFINDEX, F_IFTYPE, F_DEC, F_VLANID, F_STR, F_DSCP };

struct rreg {
	char		label[48];
	enum fmt	fmt;
	int		dep;		/* 1: l3, 2: l4 protocol, 3: iiftype */
	uint8_t		mask[16];
	uint32_t	mask_len;
	uint8_t		xor[16];	/* with mask: a bitwise's xor */
	uint8_t		data[16];
	bool		has_data;	/* an immediate */
	bool		has_load;	/* a payload load, maybe bitwise'd */
	uint32_t	load_base, load_off, load_len;
};

struct rctx {
	char		*buf;
	size_t		len;
	size_t		off;
	struct rreg	regs[32];
	char		pending[192];	/* an implicit dependency, maybe hidden */
	int		pending_dep;
	char		l4[16];		/* "tcp" after meta l4proto tcp */
	int		l3;		/* 4 or 6 after meta protocol ip/ip6 */
	const char	*(*ifname)(int, void *);
	void		*data;
};

static void emit(struct rctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct rctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->off >= c->len)
		return;
	if (c->off && c->buf[c->off - 1] != ' ')
		c->buf[c->off++] = ' ';
	if (c->off >= c->len) {
		c->off = c->len;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(c->buf + c->off, c->len - c->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->off += (size_t)n < c->len - c->off ? (size_t)n : c->len - c->off;
}

static void flush_pending(struct rctx *c)
{
	if (c->pending[0])
		emit(c, "%s", c->pending);
	c->pending[0] = '\0';
	c->pending_dep = 0;
}

static struct rreg *rreg(struct rctx *c, uint32_t reg)
{
	return &c->regs[reg % 32];
}

static uint32_t u32(struct nftnl_expr *e, uint16_t attr)
{
	return nftnl_expr_is_set(e, attr) ? nftnl_expr_get_u32(e, attr) : 0;
}

static uint32_t edata(struct nftnl_expr *e, uint16_t attr, uint8_t out[16])
{
	uint32_t len = 0;
	const void *p;

	memset(out, 0, 16);
	if (!nftnl_expr_is_set(e, attr) || !(p = nftnl_expr_get(e, attr, &len)))
		return 0;
	memcpy(out, p, len > 16 ? 16 : len);
	return len > 16 ? 16 : len;
}

struct rfield {
	uint32_t	base, offset, len;
	const char	*label;
	enum fmt	fmt;
	int		dep;
};

static const struct rfield rfields[] = {
	{ NFT_PAYLOAD_LL_HEADER, 0, 6, "ether daddr", F_ETHER, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 6, 6, "ether saddr", F_ETHER, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 12, 2, "ether type", F_ETHERTYPE, 1 },
	{ NFT_PAYLOAD_LL_HEADER, 14, 2, "vlan id", F_VLANID, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 16, 2, "vlan type", F_ETHERTYPE, 1 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 12, 4, "ip saddr", F_IP4, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 16, 4, "ip daddr", F_IP4, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 9, 1, "ip protocol", F_L4PROTO, 2 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 8, 1, "ip ttl", F_DEC, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 1, 1, "ip dscp", F_HEX, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 8, 16, "ip6 saddr", F_IP6, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 24, 16, "ip6 daddr", F_IP6, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 6, 1, "ip6 nexthdr", F_L4PROTO, 2 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 7, 1, "ip6 hoplimit", F_DEC, 0 },
	{ NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2, "th sport", F_PORT, 0 },
	{ NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, "th dport", F_PORT, 0 },
	{ 0, 0, 0, NULL, F_HEX, 0 },
};

/* A dependency is hidden when the match or write it protects follows. */
static void hide_pending(struct rctx *c, uint32_t base, uint32_t off)
{
	if ((c->pending_dep == 1 && base == NFT_PAYLOAD_NETWORK_HEADER) ||
	    (c->pending_dep == 2 && base == NFT_PAYLOAD_TRANSPORT_HEADER) ||
	    (c->pending_dep == 3 && base == NFT_PAYLOAD_LL_HEADER) ||
	    /* ether type 8021q before vlan fields */
	    (c->pending_dep == 1 && base == NFT_PAYLOAD_LL_HEADER && off >= 14)) {
		c->pending[0] = '\0';
		c->pending_dep = 0;
	}
}

static const char *const bases[] = { "ll", "nh", "th", "ih" };

static void payload_write(struct rctx *c, struct nftnl_expr *e);

static void payload(struct rctx *c, struct nftnl_expr *e)
{
	uint32_t base = u32(e, NFTNL_EXPR_PAYLOAD_BASE);
	uint32_t off = u32(e, NFTNL_EXPR_PAYLOAD_OFFSET);
	uint32_t len = u32(e, NFTNL_EXPR_PAYLOAD_LEN);
	const struct rfield *f, *best = NULL;
	struct rreg *r;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_SREG)) {
		payload_write(c, e);
		return;
	}
	r = rreg(c, u32(e, NFTNL_EXPR_PAYLOAD_DREG));
	memset(r, 0, sizeof(*r));
	r->has_load = true;
	r->load_base = base;
	r->load_off = off;
	r->load_len = len;
	hide_pending(c, base, off);
	for (f = rfields; f->label; f++) {
		/* prefixes load fewer bytes than the field */
		if (f->base != base || f->offset != off || len > f->len)
			continue;
		/* ip saddr (12, 4) vs ip6 saddr (8, 16) share offsets: by length */
		if (!best || (len > 4) == (f->len > 4))
			best = f;
	}
	if (best && !strncmp(best->label, "th ", 3) && c->l4[0]) {
		snprintf(r->label, sizeof(r->label), "%s %s", c->l4,
			 best->label + 3);
		r->fmt = best->fmt;
	} else if (best) {
		snprintf(r->label, sizeof(r->label), "%s", best->label);
		r->fmt = best->fmt;
		r->dep = best->dep;
	} else {
		snprintf(r->label, sizeof(r->label), "@%s,%u,%u",
			 base < 4 ? bases[base] : "?", off * 8, len * 8);
		r->fmt = F_HEX;
	}
}

static const char *const meta_names[] = {
	[NFT_META_LEN] = "meta length", [NFT_META_PROTOCOL] = "meta protocol",
	[NFT_META_PRIORITY] = "meta priority", [NFT_META_MARK] = "meta mark",
	[NFT_META_IIF] = "iif", [NFT_META_OIF] = "oif",
	[NFT_META_IIFNAME] = "iifname", [NFT_META_OIFNAME] = "oifname",
	[NFT_META_IIFTYPE] = "iiftype", [NFT_META_OIFTYPE] = "oiftype",
	[NFT_META_SKUID] = "meta skuid", [NFT_META_SKGID] = "meta skgid",
	[NFT_META_NFTRACE] = "meta nftrace", [NFT_META_L4PROTO] = "meta l4proto",
	[NFT_META_NFPROTO] = "meta nfproto", [NFT_META_PKTTYPE] = "meta pkttype",
	[NFT_META_CPU] = "meta cpu", [NFT_META_IIFGROUP] = "iifgroup",
	[NFT_META_OIFGROUP] = "oifgroup", [NFT_META_CGROUP] = "meta cgroup",
	[NFT_META_PRANDOM] = "meta random",
};

static void meta(struct rctx *c, struct nftnl_expr *e)
{
	uint32_t key = u32(e, NFTNL_EXPR_META_KEY);
	const char *name = key < sizeof(meta_names) / sizeof(meta_names[0]) &&
			   meta_names[key] ? meta_names[key] : "meta";
	struct rreg *r;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_META_SREG)) {
		r = rreg(c, u32(e, NFTNL_EXPR_META_SREG));
		flush_pending(c);
		if (r->has_data && (key == NFT_META_MARK ||
				    key == NFT_META_PRIORITY)) {
			uint32_t v;

			memcpy(&v, r->data, sizeof(v));
			if (key == NFT_META_PRIORITY)
				emit(c, "%s set %x:%x", name, v >> 16,
				     v & 0xffff);
			else
				emit(c, "%s set 0x%08x", name, v);
		} else {
			emit(c, "%s set [reg]", name);
		}
		return;
	}
	r = rreg(c, u32(e, NFTNL_EXPR_META_DREG));
	memset(r, 0, sizeof(*r));
	snprintf(r->label, sizeof(r->label), "%s", name);
	switch (key) {
	case NFT_META_PROTOCOL:
		r->fmt = F_ETHERTYPE;
		r->dep = 1;
		break;
	case NFT_META_L4PROTO:
		r->fmt = F_L4PROTO;
		r->dep = 2;
		break;
	case NFT_META_IIF:
	case NFT_META_OIF:
		r->fmt = F_IFINDEX;
		break;
	case NFT_META_IIFTYPE:
		/* nft's dependency of link-layer matches in netdev tables */
		r->fmt = F_IFTYPE;
		r->dep = 3;
		break;
	case NFT_META_IIFNAME:
	case NFT_META_OIFNAME:
		r->fmt = F_STR;
		break;
	default:
		r->fmt = F_DEC;
	}
}

/* nft's names of DSCP values (its dscp_type), or "". */
static const char *dscp_name(uint8_t v)
{
	static const struct { uint8_t v; const char *name; } names[] = {
		{ 0x00, "cs0" }, { 0x08, "cs1" }, { 0x10, "cs2" },
		{ 0x18, "cs3" }, { 0x20, "cs4" }, { 0x28, "cs5" },
		{ 0x30, "cs6" }, { 0x38, "cs7" }, { 0x0a, "af11" },
		{ 0x0c, "af12" }, { 0x0e, "af13" }, { 0x12, "af21" },
		{ 0x14, "af22" }, { 0x16, "af23" }, { 0x1a, "af31" },
		{ 0x1c, "af32" }, { 0x1e, "af33" }, { 0x22, "af41" },
		{ 0x24, "af42" }, { 0x26, "af43" }, { 0x2e, "ef" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].v == v)
			return names[i].name;
	return "";
}

/* N for a mask of N leading ones, else -1. */
static int mask_prefix(const uint8_t *m, uint32_t len)
{
	uint32_t i;
	int n = 0;

	for (i = 0; i < len * 8; i++) {
		bool bit = m[i / 8] & (0x80 >> (i % 8));

		if (bit && n != (int)i)
			return -1;
		if (bit)
			n++;
	}
	return n;
}

void render_ethertype(uint16_t type, char *buf, size_t len)
{
	snprintf(buf, len, "%s",
		 type == 0x0800 ? "ip" : type == 0x86dd ? "ip6" :
		 type == 0x0806 ? "arp" : type == 0x8100 ? "8021q" :
		 type == 0x88a8 ? "8021ad" : "");
	if (!buf[0])
		snprintf(buf, len, "0x%04x", type);
}

void render_l4proto(uint8_t proto, char *buf, size_t len)
{
	snprintf(buf, len, "%s",
		 proto == 6 ? "tcp" : proto == 17 ? "udp" :
		 proto == 1 ? "icmp" : proto == 58 ? "icmpv6" : "");
	if (!buf[0])
		snprintf(buf, len, "%u", proto);
}

/* The value of a cmp, in the register's format, into @out. */
static void value(struct rctx *c, const struct rreg *r, const uint8_t *d,
		  uint32_t len, char *out, size_t olen)
{
	char tmp[INET6_ADDRSTRLEN];
	uint16_t v16;
	uint32_t v32, i;
	size_t o = 0;

	switch (r->fmt) {
	case F_IP4:
		if (len <= 4) {
			uint8_t a[4] = { 0 };
			int prefix = -1;

			memcpy(a, d, len);
			inet_ntop(AF_INET, a, tmp, sizeof(tmp));
			if (len < 4)
				prefix = len * 8;
			if (r->mask_len)
				prefix = mask_prefix(r->mask, r->mask_len);
			if (prefix >= 0)
				snprintf(out, olen, "%s/%d", tmp, prefix);
			else
				snprintf(out, olen, "%s", tmp);
			return;
		}
		break;
	case F_IP6:
		if (len <= 16) {
			uint8_t a[16] = { 0 };

			memcpy(a, d, len);
			inet_ntop(AF_INET6, a, tmp, sizeof(tmp));
			if (len < 16)
				snprintf(out, olen, "%s/%u", tmp, len * 8);
			else
				snprintf(out, olen, "%s", tmp);
			return;
		}
		break;
	case F_ETHER:
		if (len == 6) {
			snprintf(out, olen, "%02x:%02x:%02x:%02x:%02x:%02x",
				 d[0], d[1], d[2], d[3], d[4], d[5]);
			return;
		}
		break;
	case F_PORT:
		if (len == 2) {
			snprintf(out, olen, "%u", d[0] << 8 | d[1]);
			return;
		}
		break;
	case F_VLANID:
		if (len == 2) {
			snprintf(out, olen, "%u", (d[0] << 8 | d[1]) & 0x0fff);
			return;
		}
		break;
	case F_ETHERTYPE:
		if (len == 2) {
			render_ethertype(d[0] << 8 | d[1], out, olen);
			return;
		}
		break;
	case F_L4PROTO:
		if (len == 1) {
			render_l4proto(d[0], out, olen);
			return;
		}
		break;
	case F_IFINDEX:
		if (len == 4) {
			const char *name;

			memcpy(&v32, d, 4);
			name = c->ifname ? c->ifname((int)v32, c->data) : NULL;
			if (name)
				snprintf(out, olen, "\"%s\"", name);
			else
				snprintf(out, olen, "%u", v32);
			return;
		}
		break;
	case F_IFTYPE:
		if (len == 2) {
			memcpy(&v16, d, 2);
			if (v16 == 1)
				snprintf(out, olen, "ether");
			else
				snprintf(out, olen, "%u", v16);
			return;
		}
		break;
	case F_STR:
		snprintf(out, olen, "\"%.*s\"", (int)strnlen((const char *)d, len),
			 (const char *)d);
		return;
	case F_DEC:
		if (len == 1) {
			snprintf(out, olen, "%u", d[0]);
			return;
		}
		if (len == 4) {
			memcpy(&v32, d, 4);
			snprintf(out, olen, "%u", v32);
			return;
		}
		break;
	case F_DSCP:
		if (len == 1) {
			snprintf(out, olen, "%s", dscp_name(d[0]));
			if (!out[0])
				snprintf(out, olen, "0x%02x", d[0]);
			return;
		}
		break;
	case F_HEX:
		break;
	}
	o = snprintf(out, olen, "0x");
	for (i = 0; i < len && o + 2 < olen; i++)
		o += snprintf(out + o, olen - o, "%02x", d[i]);
}

static const char *const cmp_ops[] = {
	[NFT_CMP_EQ] = "", [NFT_CMP_NEQ] = "!= ", [NFT_CMP_LT] = "< ",
	[NFT_CMP_LTE] = "<= ", [NFT_CMP_GT] = "> ", [NFT_CMP_GTE] = ">= ",
};

static void cmp(struct rctx *c, struct nftnl_expr *e)
{
	struct rreg *r = rreg(c, u32(e, NFTNL_EXPR_CMP_SREG));
	uint32_t op = u32(e, NFTNL_EXPR_CMP_OP);
	char val[64], text[192];
	uint8_t d[16];
	uint32_t len = edata(e, NFTNL_EXPR_CMP_DATA, d);
	bool masked = r->mask_len && r->fmt != F_VLANID &&
		      !(r->fmt == F_IP4 && mask_prefix(r->mask, r->mask_len) >= 0);

	value(c, r, d, len, val, sizeof(val));
	if (masked) {
		char m[40];

		value(c, &(struct rreg){ .fmt = F_HEX }, r->mask, r->mask_len,
		      m, sizeof(m));
		snprintf(text, sizeof(text), "%s & %s %s%s", r->label[0] ?
			 r->label : "[reg]", m, op == NFT_CMP_EQ ? "== " :
			 cmp_ops[op < 6 ? op : 0], val);
	} else {
		snprintf(text, sizeof(text), "%s %s%s",
			 r->label[0] ? r->label : "[reg]",
			 cmp_ops[op < 6 ? op : 0], val);
	}
	flush_pending(c);
	if (r->dep == 2 && op == NFT_CMP_EQ)
		snprintf(c->l4, sizeof(c->l4), "%.15s", val);
	if (r->dep == 1 && op == NFT_CMP_EQ)
		c->l3 = !strcmp(val, "ip") ? 4 : !strcmp(val, "ip6") ? 6 : 0;
	if (r->dep && op == NFT_CMP_EQ && !r->mask_len) {
		snprintf(c->pending, sizeof(c->pending), "%s", text);
		c->pending_dep = r->dep;
		return;
	}
	emit(c, "%s", text);
}

static void bitwise(struct rctx *c, struct nftnl_expr *e)
{
	struct rreg *r = rreg(c, u32(e, NFTNL_EXPR_BITWISE_DREG));

	r->mask_len = edata(e, NFTNL_EXPR_BITWISE_MASK, r->mask);
	edata(e, NFTNL_EXPR_BITWISE_XOR, r->xor);
}

/*
 * Fields a payload write sets, by bit: nft writes a field narrower than a
 * byte (dscp, ecn, vlan id) as load, bitwise (mask & xor), write of the
 * bytes around it; the bits outside the mask are the field.
 */
struct wfield {
	uint32_t	base, bit, bits;
	const char	*label;
	enum fmt	fmt;
	int		l3;		/* 4, 6: only after that protocol */
};

static const struct wfield wfields[] = {
	{ NFT_PAYLOAD_LL_HEADER, 0, 48, "ether daddr", F_ETHER, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 48, 48, "ether saddr", F_ETHER, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 96, 16, "ether type", F_ETHERTYPE, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 112, 3, "vlan pcp", F_DEC, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 115, 1, "vlan dei", F_DEC, 0 },
	{ NFT_PAYLOAD_LL_HEADER, 116, 12, "vlan id", F_DEC, 0 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 8, 6, "ip dscp", F_DSCP, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 14, 2, "ip ecn", F_DEC, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 32, 16, "ip id", F_DEC, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 64, 8, "ip ttl", F_DEC, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 72, 8, "ip protocol", F_L4PROTO, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 96, 32, "ip saddr", F_IP4, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 128, 32, "ip daddr", F_IP4, 4 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 4, 6, "ip6 dscp", F_DSCP, 6 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 10, 2, "ip6 ecn", F_DEC, 6 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 12, 20, "ip6 flowlabel", F_DEC, 6 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 48, 8, "ip6 nexthdr", F_L4PROTO, 6 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 56, 8, "ip6 hoplimit", F_DEC, 6 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 64, 128, "ip6 saddr", F_IP6, 6 },
	{ NFT_PAYLOAD_NETWORK_HEADER, 192, 128, "ip6 daddr", F_IP6, 6 },
	{ NFT_PAYLOAD_TRANSPORT_HEADER, 0, 16, "th sport", F_PORT, 0 },
	{ NFT_PAYLOAD_TRANSPORT_HEADER, 16, 16, "th dport", F_PORT, 0 },
	{ 0, 0, 0, NULL, F_HEX, 0 },
};

static bool bit_set(const uint8_t *b, uint32_t i)
{
	return b[i / 8] & (0x80 >> (i % 8));
}

/* "ip dscp set cs3", "tcp dport set 80", or "@nh,8,6 set 0x18". */
static void payload_write(struct rctx *c, struct nftnl_expr *e)
{
	uint32_t base = u32(e, NFTNL_EXPR_PAYLOAD_BASE);
	uint32_t off = u32(e, NFTNL_EXPR_PAYLOAD_OFFSET);
	uint32_t len = u32(e, NFTNL_EXPR_PAYLOAD_LEN);
	struct rreg *r = rreg(c, u32(e, NFTNL_EXPR_PAYLOAD_SREG));
	uint8_t set[16] = { 0 }, val[16] = { 0 }, v[16] = { 0 };
	const struct wfield *f;
	uint32_t i, first = UINT32_MAX, last = 0, bits;
	char label[48], text[64];

	hide_pending(c, base, off);
	flush_pending(c);
	if (len > 16)
		goto unknown;
	if (r->has_load && r->load_base == base && r->load_off == off &&
	    r->load_len == len && r->mask_len == len) {
		for (i = 0; i < len; i++) {
			set[i] = ~r->mask[i];
			val[i] = r->xor[i];
		}
	} else if (r->has_data) {
		memset(set, 0xff, len);
		memcpy(val, r->data, len);
	} else {
		goto unknown;
	}
	for (i = 0; i < len * 8; i++) {
		if (!bit_set(set, i))
			continue;
		if (first == UINT32_MAX)
			first = i;
		else if (last != i - 1)
			goto unknown;	/* not one field */
		last = i;
	}
	if (first == UINT32_MAX)
		goto unknown;
	bits = last - first + 1;
	/* the field's bits, right-aligned into @v */
	for (i = 0; i < bits; i++) {
		uint32_t to = ((bits + 7) / 8) * 8 - bits + i;

		if (bit_set(val, first + i))
			v[to / 8] |= 0x80 >> (to % 8);
	}
	for (f = wfields; f->label; f++) {
		if (f->base != base || f->bit != off * 8 + first ||
		    f->bits != bits || (c->l3 && f->l3 && f->l3 != c->l3))
			continue;
		if (!strncmp(f->label, "th ", 3) && c->l4[0])
			snprintf(label, sizeof(label), "%s %s", c->l4,
				 f->label + 3);
		else
			snprintf(label, sizeof(label), "%s", f->label);
		if (f->fmt == F_DEC && bits <= 32) {
			uint32_t n = 0;

			for (i = 0; i < (bits + 7) / 8; i++)
				n = n << 8 | v[i];
			emit(c, "%s set %u", label, n);
		} else {
			value(c, &(struct rreg){ .fmt = f->fmt }, v,
			      (bits + 7) / 8, text, sizeof(text));
			emit(c, "%s set %s", label, text);
		}
		return;
	}
	value(c, &(struct rreg){ .fmt = F_HEX }, v, (bits + 7) / 8, text,
	      sizeof(text));
	emit(c, "@%s,%u,%u set %s", base < 4 ? bases[base] : "?",
	     off * 8 + first, bits, text);
	return;
unknown:
	emit(c, "[payload write @%s,%u,%u]", base < 4 ? bases[base] : "?",
	     off * 8, len * 8);
}

static void immediate(struct rctx *c, struct nftnl_expr *e)
{
	struct rreg *r;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_IMM_VERDICT)) {
		int32_t v = (int32_t)u32(e, NFTNL_EXPR_IMM_VERDICT);
		const char *chain = nftnl_expr_is_set(e, NFTNL_EXPR_IMM_CHAIN) ?
				    nftnl_expr_get_str(e, NFTNL_EXPR_IMM_CHAIN) : "";

		flush_pending(c);
		switch (v) {
		case NF_ACCEPT:	emit(c, "accept"); break;
		case NF_DROP:	emit(c, "drop"); break;
		case NFT_JUMP:	emit(c, "jump %s", chain); break;
		case NFT_GOTO:	emit(c, "goto %s", chain); break;
		case NFT_RETURN: emit(c, "return"); break;
		case NFT_CONTINUE: emit(c, "continue"); break;
		case NF_QUEUE:	emit(c, "queue"); break;
		default:	emit(c, "verdict %d", v); break;
		}
		return;
	}
	r = rreg(c, u32(e, NFTNL_EXPR_IMM_DREG));
	memset(r, 0, sizeof(*r));
	edata(e, NFTNL_EXPR_IMM_DATA, r->data);
	r->has_data = true;
}

static void fwd_dup(struct rctx *c, struct nftnl_expr *e, bool fwd)
{
	struct rreg *r = rreg(c, u32(e, fwd ? NFTNL_EXPR_FWD_SREG_DEV :
					 NFTNL_EXPR_DUP_SREG_DEV));
	const char *name = NULL;
	int32_t oif;

	flush_pending(c);
	if (nftnl_expr_is_set(e, fwd ? NFTNL_EXPR_FWD_SREG_ADDR :
			      NFTNL_EXPR_DUP_SREG_ADDR)) {
		emit(c, "%s to [address]", fwd ? "fwd" : "dup");
		return;
	}
	memcpy(&oif, r->data, sizeof(oif));
	if (c->ifname)
		name = c->ifname(oif, c->data);
	if (name)
		emit(c, "%s to \"%s\"", fwd ? "fwd" : "dup", name);
	else
		emit(c, "%s to ifindex %d", fwd ? "fwd" : "dup", oif);
}

static int render_expr(struct nftnl_expr *e, void *data)
{
	struct rctx *c = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);

	if (!strcmp(name, "payload"))
		payload(c, e);
	else if (!strcmp(name, "meta"))
		meta(c, e);
	else if (!strcmp(name, "cmp"))
		cmp(c, e);
	else if (!strcmp(name, "bitwise"))
		bitwise(c, e);
	else if (!strcmp(name, "immediate"))
		immediate(c, e);
	else if (!strcmp(name, "fwd"))
		fwd_dup(c, e, true);
	else if (!strcmp(name, "dup"))
		fwd_dup(c, e, false);
	else if (!strcmp(name, "counter")) {
		flush_pending(c);
		emit(c, "counter");
	} else if (!strcmp(name, "lookup")) {
		struct rreg *r = rreg(c, u32(e, NFTNL_EXPR_LOOKUP_SREG));

		flush_pending(c);
		emit(c, "%s %s@%s", r->label[0] ? r->label : "[reg]",
		     u32(e, NFTNL_EXPR_LOOKUP_FLAGS) & NFT_LOOKUP_F_INV ? "!= " : "",
		     nftnl_expr_is_set(e, NFTNL_EXPR_LOOKUP_SET) ?
		     nftnl_expr_get_str(e, NFTNL_EXPR_LOOKUP_SET) : "?");
	} else if (!strcmp(name, "range")) {
		struct rreg *r = rreg(c, u32(e, NFTNL_EXPR_RANGE_SREG));
		char from[64], to[64];
		uint8_t d[16];
		uint32_t n;

		n = edata(e, NFTNL_EXPR_RANGE_FROM_DATA, d);
		value(c, r, d, n, from, sizeof(from));
		n = edata(e, NFTNL_EXPR_RANGE_TO_DATA, d);
		value(c, r, d, n, to, sizeof(to));
		flush_pending(c);
		emit(c, "%s %s%s-%s", r->label[0] ? r->label : "[reg]",
		     u32(e, NFTNL_EXPR_RANGE_OP) == NFT_RANGE_NEQ ? "!= " : "",
		     from, to);
	} else {
		flush_pending(c);
		emit(c, "[%s]", name);
	}
	return 0;
}

const char *nft_family_name(uint32_t family)
{
	switch (family) {
	case NFPROTO_INET:	return "inet";
	case NFPROTO_IPV4:	return "ip";
	case NFPROTO_ARP:	return "arp";
	case NFPROTO_NETDEV:	return "netdev";
	case NFPROTO_BRIDGE:	return "bridge";
	case NFPROTO_IPV6:	return "ip6";
	default:		return "unknown";
	}
}

void render_rule(struct nftnl_rule *rule, char *buf, size_t len,
		 const char *(*ifname)(int ifindex, void *data), void *data)
{
	static struct rctx zero;
	struct rctx c = zero;

	if (!len)
		return;
	c.buf = buf;
	c.len = len - 1;
	c.ifname = ifname;
	c.data = data;
	nftnl_expr_foreach(rule, render_expr, &c);
	flush_pending(&c);
	buf[c.off] = '\0';
}
