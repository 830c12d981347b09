// SPDX-License-Identifier: GPL-2.0
/*
 * A scenario's rules as text: a tc batch (one "filter add" per rule, with
 * skip_hw or skip_sw) or an nft file (a netdev ingress chain with or
 * without "flags offload"). The same text is installed and printed in
 * every report, so a reproducer is exactly what ran.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conform.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8

struct sbuf {
	char *b;
	size_t len, off;
};

static void sb_printf(struct sbuf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->off >= s->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->b + s->off, s->len - s->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->off += n;
	if (s->off > s->len)
		s->off = s->len;
}

static const char *mac_str(const uint8_t *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		m[4], m[5]);
	return buf;
}

static const char *addr_str(const uint8_t *a, int fam, char *buf)
{
	inet_ntop(fam == 4 ? AF_INET : AF_INET6, a, buf, 64);
	return buf;
}

static const char *etype_str(uint16_t e)
{
	switch (e) {
	case ETH_P_IP:
		return "ip";
	case ETH_P_IPV6:
		return "ipv6";
	case ETH_P_8021Q:
		return "802.1Q";
	case ETH_P_8021AD:
		return "802.1ad";
	case 0x8847:
		return "mpls_uc";
	case 0x8848:
		return "mpls_mc";
	default:
		return "all";
	}
}

static void port_name(int port, char *buf)
{
	sprintf(buf, "%s%d", opt.port_prefix, port);
}

/* flower: "dst_port 80", or with a mask "dst_port 80/0xfff0" */
static void render_tc_port(struct sbuf *s, const char *name, uint16_t port,
			   uint16_t mask)
{
	sb_printf(s, " %s %u", name, port);
	if (mask != 0xffff)
		sb_printf(s, "/0x%x", mask);
}

static void render_tc_rule(struct sbuf *s, const struct rule *ru,
			   enum variant v, bool trap_as_pass, bool shared)
{
	char b1[64], b2[64], dev[32];

	port_name(1, dev);
	if (shared)
		sb_printf(s, "filter add block %d", SHARED_BLOCK);
	else
		sb_printf(s, "filter add dev %s ingress", dev);
	sb_printf(s, " protocol %s pref %u handle %d chain %u flower%s",
		  etype_str(ru->proto), ru->prio, ru->index + 1, ru->chain,
		  v == V_SW ? " skip_hw" : v == V_HW ? " skip_sw" : "");
	if (ru->keys & BIT(K_INDEV)) {
		port_name(ru->indev, b1);
		sb_printf(s, " indev %s", b1);
	}
	if (ru->keys & BIT(K_DMAC))
		sb_printf(s, " dst_mac %s/%s", mac_str(ru->dmac, b1),
			  mac_str(ru->dmac_m, b2));
	if (ru->keys & BIT(K_SMAC))
		sb_printf(s, " src_mac %s/%s", mac_str(ru->smac, b1),
			  mac_str(ru->smac_m, b2));
	if (ru->keys & BIT(K_VLAN_ID))
		sb_printf(s, " vlan_id %u", ru->vlan_id);
	if (ru->keys & BIT(K_VLAN_PRIO))
		sb_printf(s, " vlan_prio %u", ru->vlan_prio);
	if (ru->keys & BIT(K_VLAN_ETYPE))
		sb_printf(s, " vlan_ethtype %s", etype_str(ru->vlan_etype));
	if (ru->keys & BIT(K_CVLAN_ID))
		sb_printf(s, " cvlan_id %u", ru->cvlan_id);
	if (ru->keys & BIT(K_CVLAN_PRIO))
		sb_printf(s, " cvlan_prio %u", ru->cvlan_prio);
	if (ru->keys & BIT(K_CVLAN_ETYPE))
		sb_printf(s, " cvlan_ethtype %s", etype_str(ru->cvlan_etype));
	if (ru->keys & BIT(K_MPLS)) {
		static const char *const f[] = { "label", "tc", "bos", "ttl" };

		if (ru->mpls_lse_style)
			sb_printf(s, " mpls");
		for (int i = 0; i < ru->nmlse; i++) {
			const struct mlse *e = &ru->mlse[i];
			unsigned int val[4] = { e->label, e->tc, e->bos, e->ttl };

			if (ru->mpls_lse_style)
				sb_printf(s, " lse depth %d", e->depth);
			for (int x = 0; x < 4; x++)
				if (e->has & BIT(x))
					sb_printf(s, " %s%s %u",
						  ru->mpls_lse_style ? "" : "mpls_",
						  f[x], val[x]);
		}
	}
	if (ru->keys & BIT(K_IP_PROTO)) {
		const char *n = ru->ip_proto == 6 ? "tcp" :
				ru->ip_proto == 17 ? "udp" :
				ru->ip_proto == 1 ? "icmp" : "icmpv6";

		sb_printf(s, " ip_proto %s", n);
	}
	if (ru->keys & BIT(K_SRC_IP))
		sb_printf(s, " src_ip %s/%d", addr_str(ru->src, ru->family, b1),
			  ru->src_plen);
	if (ru->keys & BIT(K_DST_IP))
		sb_printf(s, " dst_ip %s/%d", addr_str(ru->dst, ru->family, b1),
			  ru->dst_plen);
	if (ru->keys & BIT(K_TOS))
		sb_printf(s, " ip_tos 0x%x/0x%x", ru->tos, ru->tos_m);
	if (ru->keys & BIT(K_TTL))
		sb_printf(s, " ip_ttl 0x%x/0x%x", ru->ttl, ru->ttl_m);
	if (ru->keys & BIT(K_IP_FLAGS)) {
		const char *sep = "";

		sb_printf(s, " ip_flags ");
		if (ru->frag_m) {
			sb_printf(s, "%sfrag", ru->frag ? "" : "no");
			sep = "/";
		}
		if (ru->first_m)
			sb_printf(s, "%s%sfirstfrag", sep,
				  ru->first ? "" : "no");
	}
	if (ru->keys & BIT(K_SRC_PORT))
		render_tc_port(s, "src_port", ru->sport, ru->sport_m);
	if (ru->keys & BIT(K_DST_PORT))
		render_tc_port(s, "dst_port", ru->dport, ru->dport_m);
	if (ru->keys & BIT(K_SPORT_RANGE))
		sb_printf(s, " src_port %u-%u", ru->sport, ru->sport_hi);
	if (ru->keys & BIT(K_DPORT_RANGE))
		sb_printf(s, " dst_port %u-%u", ru->dport, ru->dport_hi);
	if (ru->keys & BIT(K_TCP_FLAGS))
		sb_printf(s, " tcp_flags 0x%x/0x%x", ru->tcpflags,
			  ru->tcpflags_m);
	if (ru->keys & BIT(K_ICMP_TYPE))
		sb_printf(s, " type %u", ru->icmp_type);
	if (ru->keys & BIT(K_ICMP_CODE))
		sb_printf(s, " code %u", ru->icmp_code);

	for (int i = 0; i < ru->nacts; i++) {
		const struct action *a = &ru->act[i];
		const char *ctl = a->pipe ? " pipe" : "";

		port_name(a->port, dev);
		switch (a->id) {
		case A_DROP:
			sb_printf(s, " action drop");
			break;
		case A_PASS:
			sb_printf(s, " action pass");
			break;
		case A_TRAP:
			sb_printf(s, " action %s", trap_as_pass ? "pass" : "trap");
			break;
		case A_GOTO:
			sb_printf(s, " action goto chain %u", a->chain);
			break;
		case A_REDIR_EG:
		case A_MIRROR_EG:
		case A_REDIR_IN:
		case A_MIRROR_IN:
			sb_printf(s, " action %s dev %s%s", act_name(a->id), dev,
				  a->id == A_MIRROR_EG || a->id == A_MIRROR_IN ?
				  ctl : "");
			break;
		case A_VLAN_PUSH:
			sb_printf(s, " action vlan push id %u protocol %s",
				  a->vid, etype_str(a->vproto));
			if (a->vprio >= 0)
				sb_printf(s, " priority %d", a->vprio);
			sb_printf(s, "%s", ctl);
			break;
		case A_VLAN_POP:
			sb_printf(s, " action vlan pop%s", ctl);
			break;
		case A_VLAN_MOD:
			sb_printf(s, " action vlan modify id %u", a->vid);
			if (a->vprio >= 0)
				sb_printf(s, " priority %d", a->vprio);
			sb_printf(s, "%s", ctl);
			break;
		case A_PEDIT_TTL:
			sb_printf(s, " action pedit ex munge ip ttl set %u%s",
				  a->val, ctl);
			break;
		case A_PEDIT_DST:
			sb_printf(s, " action pedit ex munge ip dst set %u.%u.%u.%u%s",
				  a->val >> 24, (a->val >> 16) & 0xff,
				  (a->val >> 8) & 0xff, a->val & 0xff, ctl);
			break;
		case A_PEDIT_DPORT:
			sb_printf(s, " action pedit ex munge tcp dport set %u%s",
				  a->val, ctl);
			break;
		case A_CSUM:
			sb_printf(s, " action csum iph and tcp and udp%s", ctl);
			break;
		case A_MPLS_PUSH:
		case A_MPLS_MOD:
			sb_printf(s, " action mpls %s",
				  a->id == A_MPLS_PUSH ? "push" : "modify");
			if (a->vproto)
				sb_printf(s, " protocol %s", etype_str(a->vproto));
			if (a->id == A_MPLS_PUSH || a->mlabel)
				sb_printf(s, " label %u", a->val);
			if (a->mtc >= 0)
				sb_printf(s, " tc %d", a->mtc);
			if (a->mttl >= 0)
				sb_printf(s, " ttl %d", a->mttl);
			if (a->mbos >= 0)
				sb_printf(s, " bos %d", a->mbos);
			sb_printf(s, "%s", ctl);
			break;
		case A_MPLS_POP:
			sb_printf(s, " action mpls pop protocol %s%s",
				  etype_str(a->vproto), ctl);
			break;
		case A_MPLS_DEC_TTL:
			sb_printf(s, " action mpls dec_ttl%s", ctl);
			break;
		default:
			break;
		}
	}
	sb_printf(s, "\n");
}

/*
 * nft: "tcp dport 80", or with a mask "tcp dport & 0xfff0 == 80" (a
 * bitwise expression: nft_bitwise_offload() hands its mask to the driver).
 */
static void render_nft_port(struct sbuf *s, const char *what, uint16_t port,
			    uint16_t mask)
{
	if (mask == 0xffff)
		sb_printf(s, "%s %u ", what, port);
	else
		sb_printf(s, "%s & 0x%x == %u ", what, mask, port);
}

/*
 * nft: "ether saddr X", "ether saddr X/PLEN" (a load of the bytes the
 * prefix covers when it ends on a byte, else a bitwise expression) or
 * "ether saddr & MASK == X" (gen_mac_key()).
 */
static void render_nft_mac(struct sbuf *s, const char *what,
			   const uint8_t *mac, const uint8_t *mask, bool and)
{
	int plen = mask_plen(mask, 6);
	char b1[32], b2[32];

	if (plen == 48)
		sb_printf(s, "%s %s ", what, mac_str(mac, b1));
	else if (!and && plen > 0)
		sb_printf(s, "%s %s/%d ", what, mac_str(mac, b1), plen);
	else
		sb_printf(s, "%s & %s == %s ", what, mac_str(mask, b2),
			  mac_str(mac, b1));
}

static void render_nft_rule(struct sbuf *s, const struct rule *ru)
{
	char b1[64];

	sb_printf(s, "\t\t");
	if (ru->keys & BIT(K_INDEV)) {
		port_name(ru->indev, b1);
		sb_printf(s, "meta iif \"%s\" ", b1);
	}
	if (ru->keys & BIT(K_VLAN_ID))
		sb_printf(s, "vlan id %u ", ru->vlan_id);
	if (ru->keys & BIT(K_SRC_IP))
		sb_printf(s, "%s saddr %s/%d ", ru->family == 4 ? "ip" : "ip6",
			  addr_str(ru->src, ru->family, b1), ru->src_plen);
	if (ru->keys & BIT(K_DST_IP))
		sb_printf(s, "%s daddr %s/%d ", ru->family == 4 ? "ip" : "ip6",
			  addr_str(ru->dst, ru->family, b1), ru->dst_plen);
	if (ru->keys & BIT(K_IP_PROTO)) {
		const char *n = ru->ip_proto == 6 ? "tcp" :
				ru->ip_proto == 17 ? "udp" :
				ru->ip_proto == 1 ? "icmp" : "ipv6-icmp";

		/*
		 * Not "ip6 nexthdr": nf_tables offloads it and "meta
		 * l4proto" to the same ip_proto key, but in software the one
		 * reads the IPv6 header's next header (44 before a fragment
		 * header), the other the protocol after the extension
		 * headers. No hardware can tell them apart (README.md).
		 */
		if (ru->family == 4 && ru->style)
			sb_printf(s, "ip protocol %s ", n);
		else
			sb_printf(s, "meta l4proto %s ", n);
	}
	if (ru->keys & BIT(K_SRC_PORT))
		render_nft_port(s, ru->ip_proto == 6 ? "tcp sport" : "udp sport",
				ru->sport, ru->sport_m);
	if (ru->keys & BIT(K_DST_PORT))
		render_nft_port(s, ru->ip_proto == 6 ? "tcp dport" : "udp dport",
				ru->dport, ru->dport_m);
	/*
	 * Last: after an ip match, whose dependency is then "meta protocol",
	 * not an "ether type" that nft would merge with it (gen_nft_rule()).
	 */
	if (ru->keys & BIT(K_SMAC))
		render_nft_mac(s, "ether saddr", ru->smac, ru->smac_m,
			       ru->smac_and);
	/*
	 * Also last: before an ip match, nft makes that match's dependency
	 * "ether type ip", which reads the frame's VLAN tag in software,
	 * where "meta protocol ip" reads the protocol after it; both reach
	 * a driver as the same n_proto (README.md).
	 */
	if (ru->keys & BIT(K_DMAC))
		render_nft_mac(s, "ether daddr", ru->dmac, ru->dmac_m,
			       ru->dmac_and);
	sb_printf(s, "counter");
	for (int i = 0; i < ru->nacts; i++) {
		const struct action *a = &ru->act[i];

		port_name(a->port, b1);
		switch (a->id) {
		case A_ACCEPT:
			sb_printf(s, " accept");
			break;
		case A_DROP:
			sb_printf(s, " drop");
			break;
		case A_FWD:
			sb_printf(s, " fwd to \"%s\"", b1);
			break;
		case A_DUP:
			sb_printf(s, " dup to \"%s\"", b1);
			break;
		default:
			break;
		}
	}
	sb_printf(s, "\n");
}

#define NFT_TABLE	"nfto_conform"

void render(const struct scenario *sc, enum variant v, char *buf, size_t len)
{
	struct sbuf s = { buf, len, 0 };
	char dev[32];
	int i, c;

	buf[0] = 0;
	port_name(1, dev);
	if (sc->fe == FE_TC) {
		if (sc->shared_block) {
			char dev0[32];

			port_name(0, dev0);
			sb_printf(&s, "qdisc add dev %s ingress_block %d clsact\n",
				  dev, SHARED_BLOCK);
			sb_printf(&s, "qdisc add dev %s ingress_block %d clsact\n",
				  dev0, SHARED_BLOCK);
		} else {
			sb_printf(&s, "qdisc add dev %s clsact\n", dev);
		}
		for (i = 0; i < sc->nrules; i++)
			render_tc_rule(&s, &sc->rule[i],
				       v == V_PASS ? V_SW : v, v == V_PASS,
				       sc->shared_block);
		return;
	}
	/*
	 * Software: the chain twice, at priorities 10 and 11. The first
	 * stands for the hardware's pass, the second for the software pass
	 * every offloaded chain also gets (README.md, "nft-sw-pass").
	 */
	sb_printf(&s, "table netdev %s {\n", NFT_TABLE);
	for (c = 0; c < (v == V_SW ? 2 : 1); c++) {
		sb_printf(&s, "\tchain %c {\n\t\ttype filter hook ingress device \"%s\" priority %d; policy accept;%s\n",
			  'a' + c, dev, 10 + c,
			  v == V_HW ? " flags offload;" : "");
		for (i = 0; i < sc->nrules; i++)
			render_nft_rule(&s, &sc->rule[i]);
		sb_printf(&s, "\t}\n");
	}
	sb_printf(&s, "}\n");
}
