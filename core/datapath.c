// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated hardware's packet path.
 *
 * A packet a port transmits crosses the wire to the peer port, where the
 * peer switch's pipeline handles it before any host stack sees it:
 *
 *   1. parse it into a struct nfto_key (the same layout flows match on);
 *   2. look the rules bound on that port up, chain by chain, with one hash
 *      probe per mask shape (core/table.c), then the flowtable flows;
 *   3. count the hit and perform the actions: drop, to host, forward out
 *      another port (onto its wire), mirror, VLAN, header mangles with
 *      incremental checksum updates, goto chain; a flowtable flow first
 *      hands to the host what the software flowtable would hand to its
 *      slow path (fragments, IP options, TTL <= 1, over the egress MTU),
 *      and decrements the TTL of what it forwards, as software does;
 *   4. on a miss, deliver to the receiving port's host stack.
 *
 * Runs in the transmitting context (BH off) under RCU; no lock per packet.
 * Entries, peers and ports are RCU-protected by their writers.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/tc_act/tc_csum.h>
#include <linux/mpls.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#ifdef HAVE_NET_GSO_H
#include <net/gso.h>	/* skb_gso_validate_network_len(), 6.5+ */
#endif
#include <net/ip.h>
#include <net/ip6_checksum.h>	/* csum_ipv6_magic() */
#include <net/ipv6.h>

#include "dev.h"

#define NFTO_MAX_DEPTH	8	/* wire hops handled in one call chain */
#define NFTO_MAX_GOTO	16	/* chain jumps per packet */
/*
 * IPv6 extension headers skipped: the flow dissector goes on after each
 * while it has seen at most MAX_FLOW_DISSECT_HDRS (15), so it skips 16
 * (it counts VLAN tags too: not modelled, 13 headers are rare enough).
 */
#define NFTO_MAX_EXTHDRS	16

static DEFINE_PER_CPU(unsigned int, nfto_depth);

struct nfto_pkt {
	struct nfto_key	key;
	unsigned int	l3off;		/* from the MAC header */
	unsigned int	l4off;		/* 0: no transport header parsed */
	bool		ipv4;
	bool		ipv6;
	bool		exthdrs;	/* IPv6 options/routing headers skipped */
	bool		nft_view;	/* @nft differs from @key */
	struct nfto_key	nft;		/* nf_tables' view, see nfto_parse_nft6() */
};

enum nfto_verdict {
	NFTO_CONTINUE,
	NFTO_TO_HOST,
	NFTO_DROP,
	NFTO_FWD,		/* consumed: sent out another port */
	NFTO_GOTO,
};

static void nfto_stats_inc(struct nfto_port *port, unsigned int field,
			   unsigned int bytes)
{
	struct nfto_pcpu_stats *st = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&st->syncp);
	st->c[field]++;
	if (field == NFTO_ST_HW_RX)
		st->c[NFTO_ST_HW_RX_BYTES] += bytes;
	else if (field == NFTO_ST_RX)
		st->c[NFTO_ST_RX_BYTES] += bytes;
	else if (field == NFTO_ST_TX)
		st->c[NFTO_ST_TX_BYTES] += bytes;
	u64_stats_update_end(&st->syncp);
}

/*
 * A later fragment has no transport header, but nf_tables' fast payload
 * path (nft_payload_fast_eval(), which does not look at pkt->fragoff)
 * loads a rule's 2-byte port from where its transport header would start
 * (@off from the MAC header): those bytes are the nft view of its ports
 * (tc rules see zeroes, see nfto_table_rlookup()). Without 4 bytes there,
 * the loads fall to nft_payload_eval(), which breaks the rule (with 2 or
 * 3, a rule on the source port alone still loads it: not modelled).
 */
static void nfto_later_frag_ports(struct sk_buff *skb, unsigned int off,
				  struct nfto_key *k)
{
	if (!pskb_may_pull(skb, off + 4)) {
		k->ctrl_flags |= NFTO_CTRL_NO_L4;
		return;
	}
	k->src_port = get_unaligned((__be16 *)(skb->data + off));
	k->dst_port = get_unaligned((__be16 *)(skb->data + off + 2));
}

/*
 * The transport fields of @k->ip_proto's header at @off into @k. Returns
 * @off for a TCP or UDP header, else 0.
 */
static unsigned int nfto_parse_l4(struct sk_buff *skb, struct nfto_key *k,
				  unsigned int off)
{
	switch (k->ip_proto) {
	case IPPROTO_TCP:
		if (pskb_may_pull(skb, off + sizeof(struct tcphdr))) {
			const struct tcphdr *th = (struct tcphdr *)(skb->data + off);

			k->src_port = th->source;
			k->dst_port = th->dest;
			/* the flow dissector's 12 bits: reserved + flags */
			k->tcp_flags = *(__be16 *)((u8 *)th + 12) & htons(0x0fff);
			return off;
		}
		break;
	case IPPROTO_UDP:
		if (pskb_may_pull(skb, off + sizeof(struct udphdr))) {
			const struct udphdr *uh = (struct udphdr *)(skb->data + off);

			k->src_port = uh->source;
			k->dst_port = uh->dest;
			return off;
		}
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (pskb_may_pull(skb, off + 2)) {
			k->icmp_type = skb->data[off];
			k->icmp_code = skb->data[off + 1];
		}
		break;
	}
	return 0;
}

/*
 * ipv6_find_hdr() (net/ipv6/exthdrs_core.c) on the IPv6 packet at @l3:
 * the header @target, or for a negative @target the transport header,
 * past extension headers; @auth stops at an authentication header, as
 * IP6_FH_F_AUTH asks. Returns the protocol and sets *@offset, *@later for
 * a later fragment (which leaves *@offset alone when @target < 0), or a
 * negative errno as ipv6_find_hdr() does.
 */
static int nfto_ipv6_find_hdr(struct sk_buff *skb, unsigned int l3,
			      int target, bool auth, unsigned int *offset,
			      bool *later)
{
	unsigned int start = l3 + sizeof(struct ipv6hdr), hdrlen;
	const u8 *hp;
	bool found;
	u8 nexthdr;

	*later = false;
	if (!pskb_may_pull(skb, start))
		return -EBADMSG;
	nexthdr = ((const struct ipv6hdr *)(skb->data + l3))->nexthdr;
	do {
		found = nexthdr == target;
		if (!ipv6_ext_hdr(nexthdr) || nexthdr == NEXTHDR_NONE) {
			if (target < 0 || found)
				break;
			return -ENOENT;
		}
		if (!pskb_may_pull(skb, start + 4))
			return -EBADMSG;
		hp = skb->data + start;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			if (get_unaligned((__be16 *)(hp + 2)) &
			    htons(IP6_OFFSET)) {
				*later = true;
				if (target < 0 && (!ipv6_ext_hdr(hp[0]) ||
						   hp[0] == NEXTHDR_NONE))
					return hp[0];
				if (!found)
					return -ENOENT;
				break;
			}
			hdrlen = sizeof(struct frag_hdr);
		} else if (nexthdr == NEXTHDR_AUTH) {
			if (auth && target < 0)
				break;
			hdrlen = ipv6_authlen((const struct ipv6_opt_hdr *)hp);
		} else {
			hdrlen = ipv6_optlen((const struct ipv6_opt_hdr *)hp);
		}
		if (!found) {
			if (skb->len - start < hdrlen)
				return -EBADMSG;
			nexthdr = hp[0];
			start += hdrlen;
		}
	} while (!found);
	*offset = start;
	return nexthdr;
}

/*
 * nf_tables' view of an IPv6 packet where the flow dissector's (p->key)
 * stops short of it: nft_set_pktinfo_ipv6() takes meta l4proto and the
 * transport header from ipv6_find_hdr() with IP6_FH_F_AUTH, which goes
 * on past a first fragment's header and has no limit on the number of
 * headers (both stop at an authentication header). Sets p->nft, which
 * nft rules are looked up with (nfto_table_rlookup()).
 */
static void nfto_parse_nft6(struct sk_buff *skb, struct nfto_pkt *p)
{
	struct nfto_key *k = &p->nft;
	unsigned int thoff;
	bool later;
	int proto;

	*k = p->key;
	k->src_port = 0;
	k->dst_port = 0;
	k->tcp_flags = 0;
	k->icmp_type = 0;
	k->icmp_code = 0;
	k->ctrl_flags &= ~NFTO_CTRL_NO_L4;
	p->nft_view = true;
	proto = nfto_ipv6_find_hdr(skb, p->l3off, -1, true, &thoff, &later);
	if (proto < 0) {
		/* no transport protocol: no nft rule on it or past it */
		k->ip_proto = 0;
		k->ctrl_flags |= NFTO_CTRL_NO_L4PROTO | NFTO_CTRL_NO_L4;
		return;
	}
	k->ip_proto = proto;
	if (later)	/* thoff stays 0, see nfto_parse() */
		nfto_later_frag_ports(skb, p->l3off, k);
	else
		nfto_parse_l4(skb, k, thoff);
}

/* Parses headers into p->key; the MAC header is at skb->data. */
static void nfto_parse(struct sk_buff *skb, struct net_device *dev,
		       struct nfto_pkt *p)
{
	struct nfto_key *k = &p->key;
	unsigned int off = ETH_HLEN;
	__be16 proto;

	/* Zeroed padding included: nfto_key_match() compares whole words. */
	memset(k, 0, sizeof(*k));
	p->l3off = 0;
	p->l4off = 0;
	p->ipv4 = false;
	p->ipv6 = false;
	p->exthdrs = false;
	p->nft_view = false;
	k->ingress_ifindex = dev->ifindex;
	k->ingress_iftype = dev->type;
	if (!pskb_may_pull(skb, ETH_HLEN))
		return;
	memcpy(k->eth_dst, eth_hdr(skb)->h_dest, ETH_ALEN);
	memcpy(k->eth_src, eth_hdr(skb)->h_source, ETH_ALEN);
	proto = eth_hdr(skb)->h_proto;

	if (eth_type_vlan(proto) && pskb_may_pull(skb, off + VLAN_HLEN)) {
		struct vlan_hdr *vh = (struct vlan_hdr *)(skb->data + off);
		u16 tci = ntohs(vh->h_vlan_TCI);

		k->vlan_id = tci & VLAN_VID_MASK;
		k->vlan_prio = (tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT;
		k->vlan_tpid = proto;
		proto = vh->h_vlan_encapsulated_proto;
		k->vlan_eth_type = proto;
		off += VLAN_HLEN;
		if (eth_type_vlan(proto) && pskb_may_pull(skb, off + VLAN_HLEN)) {
			vh = (struct vlan_hdr *)(skb->data + off);
			tci = ntohs(vh->h_vlan_TCI);
			k->cvlan_id = tci & VLAN_VID_MASK;
			k->cvlan_prio = (tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT;
			k->cvlan_tpid = proto;
			proto = vh->h_vlan_encapsulated_proto;
			k->cvlan_eth_type = proto;
			off += VLAN_HLEN;
		}
		/*
		 * Tags past the second are skipped, as the flow dissector
		 * (it keys two) and act_csum (it strips every one) do.
		 */
		while (eth_type_vlan(proto) &&
		       pskb_may_pull(skb, off + VLAN_HLEN)) {
			vh = (struct vlan_hdr *)(skb->data + off);
			proto = vh->h_vlan_encapsulated_proto;
			off += VLAN_HLEN;
		}
	}
	k->n_proto = proto;
	p->l3off = off;

	/*
	 * __skb_flow_dissect_mpls(): at most FLOW_DIS_MPLS_MAX entries, up
	 * to the bottom of the stack; nothing after the stack is parsed.
	 */
	if (proto == htons(ETH_P_MPLS_UC) || proto == htons(ETH_P_MPLS_MC)) {
		unsigned int i;
		__be32 lse;

		for (i = 0; i < FLOW_DIS_MPLS_MAX; i++, off += sizeof(lse)) {
			if (!pskb_may_pull(skb, off + sizeof(lse)))
				return;
			lse = get_unaligned((__be32 *)(skb->data + off));
			k->mpls_lse[i] = lse;
			k->mpls_lses |= BIT(i);
			if (lse & htonl(MPLS_LS_S_MASK))
				return;
		}
		return;
	}

	if (proto == htons(ETH_P_IP) &&
	    pskb_may_pull(skb, off + sizeof(struct iphdr))) {
		const struct iphdr *iph = (struct iphdr *)(skb->data + off);

		if (iph->ihl < 5 || !pskb_may_pull(skb, off + iph->ihl * 4))
			return;
		iph = (struct iphdr *)(skb->data + off);
		p->ipv4 = true;
		k->addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
		k->ipv4_src = iph->saddr;
		k->ipv4_dst = iph->daddr;
		k->ip_proto = iph->protocol;
		k->ip_tos = iph->tos;
		k->ip_ttl = iph->ttl;
		off += iph->ihl * 4;
		if (ip_is_fragment(iph)) {
			k->ctrl_flags |= FLOW_DIS_IS_FRAGMENT;
			if (iph->frag_off & htons(IP_OFFSET)) {
				/* nf_tables: the ports at the data's start */
				nfto_later_frag_ports(skb, off, k);
				return;
			}
			k->ctrl_flags |= FLOW_DIS_FIRST_FRAG;
		}
	} else if (proto == htons(ETH_P_IPV6) &&
		   pskb_may_pull(skb, off + sizeof(struct ipv6hdr))) {
		const struct ipv6hdr *ip6 = (struct ipv6hdr *)(skb->data + off);
		unsigned int hdrs = 0;

		p->ipv6 = true;
		k->addr_type = FLOW_DISSECTOR_KEY_IPV6_ADDRS;
		k->ipv6_src = ip6->saddr;
		k->ipv6_dst = ip6->daddr;
		k->ip_proto = ip6->nexthdr;
		k->ip_tos = ipv6_get_dsfield(ip6);
		k->ip_ttl = ip6->hop_limit;
		off += sizeof(*ip6);
		/*
		 * Hop-by-hop, routing and destination options headers: the
		 * protocol after them, as the flow dissector reads it and
		 * nf_tables (ipv6_find_hdr()) for meta l4proto and the
		 * transport header.
		 */
		while ((k->ip_proto == NEXTHDR_HOP ||
			k->ip_proto == NEXTHDR_ROUTING ||
			k->ip_proto == NEXTHDR_DEST) &&
		       hdrs++ < NFTO_MAX_EXTHDRS) {
			if (!pskb_may_pull(skb, off + 2))
				return;
			k->ip_proto = skb->data[off];
			off += (skb->data[off + 1] + 1) << 3;
			p->exthdrs = true;
		}
		/* after NFTO_MAX_EXTHDRS the dissector stops, nf_tables not */
		if (k->ip_proto == NEXTHDR_HOP ||
		    k->ip_proto == NEXTHDR_ROUTING || k->ip_proto == NEXTHDR_DEST)
			nfto_parse_nft6(skb, p);
		/*
		 * A fragment header: the protocol after it, as the flow
		 * dissector and nf_tables (ipv6_find_hdr()) see it.
		 */
		if (k->ip_proto == NEXTHDR_FRAGMENT &&
		    pskb_may_pull(skb, off + sizeof(struct frag_hdr))) {
			const struct frag_hdr *fh = (void *)(skb->data + off);
			bool later = fh->frag_off & htons(IP6_OFFSET);

			k->ctrl_flags |= FLOW_DIS_IS_FRAGMENT;
			k->ip_proto = fh->nexthdr;
			off += sizeof(*fh);
			if (later) {
				/*
				 * nf_tables: ipv6_find_hdr() leaves thoff at
				 * 0 for a later fragment, its ports are the
				 * IPv6 header's first bytes.
				 */
				nfto_later_frag_ports(skb, p->l3off, k);
			} else {
				k->ctrl_flags |= FLOW_DIS_FIRST_FRAG;
			}
			/*
			 * The dissector stops here; nf_tables goes on past
			 * a first fragment's extension headers, and finds
			 * no protocol after a later one's.
			 */
			if (ipv6_ext_hdr(k->ip_proto) &&
			    k->ip_proto != NEXTHDR_NONE)
				nfto_parse_nft6(skb, p);
			if (later)
				return;
		}
	} else {
		return;
	}
	p->l4off = nfto_parse_l4(skb, k, off);
}

/* Checksum field of the transport header, or NULL (none, or UDP zero). */
static __sum16 *nfto_l4_check(struct sk_buff *skb, const struct nfto_pkt *p,
			      bool *udp)
{
	u8 *l4 = skb->data + p->l4off;

	*udp = false;
	if (!p->l4off)
		return NULL;
	if (p->key.ip_proto == IPPROTO_TCP)
		return &((struct tcphdr *)l4)->check;
	if (p->key.ip_proto == IPPROTO_UDP) {
		*udp = true;
		if (!((struct udphdr *)l4)->check && p->ipv4)
			return NULL;	/* IPv4 UDP without a checksum */
		return &((struct udphdr *)l4)->check;
	}
	return NULL;
}

static void nfto_l4_csum_replace(struct sk_buff *skb, const struct nfto_pkt *p,
				 __be32 from, __be32 to, bool pseudohdr)
{
	__sum16 *check;
	bool udp;

	check = nfto_l4_check(skb, p, &udp);
	if (!check)
		return;
	inet_proto_csum_replace4(check, skb, from, to, pseudohdr);
	if (udp && !*check)
		*check = CSUM_MANGLED_0;
}

/*
 * Where tc pedit finds a header at tc ingress (pedit_skb_hdr_offset() in
 * act_pedit.c), as an offset into our frame, which carries its VLAN tags:
 * in software the outer tag is out of the frame by then
 * (skb_vlan_untag()), so the network header is what follows it, IP or
 * not; a transport header is found only when the protocol after that tag
 * is IPv4 (by the IHL, whatever the protocol or fragment) or IPv6 (its
 * next header must be the one asked for). false: pedit gives up on the
 * key and writes nothing; the packet goes on.
 */
static bool nfto_pedit_base(struct sk_buff *skb,
			    const struct nfto_pkt *p, u8 htype,
			    unsigned int *base)
{
	unsigned int noff = ETH_HLEN + (p->key.vlan_tpid ? VLAN_HLEN : 0);
	const struct iphdr *iph;

	switch (htype) {
	case FLOW_ACT_MANGLE_HDR_TYPE_ETH:
		*base = 0;
		return true;
	case FLOW_ACT_MANGLE_HDR_TYPE_IP4:
	case FLOW_ACT_MANGLE_HDR_TYPE_IP6:
		*base = noff;
		return true;
	case FLOW_ACT_MANGLE_HDR_TYPE_TCP:
	case FLOW_ACT_MANGLE_HDR_TYPE_UDP:
		if (p->key.cvlan_tpid)	/* skb->protocol is the inner TPID */
			return false;
		if (p->ipv4) {
			iph = (const void *)(skb->data + noff);
			*base = noff + iph->ihl * 4;
			return true;
		}
		/*
		 * act_pedit's ipv6_find_hdr(): past a first fragment's
		 * header and authentication headers too
		 */
		if (p->ipv6) {
			int proto = htype == FLOW_ACT_MANGLE_HDR_TYPE_TCP ?
				    IPPROTO_TCP : IPPROTO_UDP;
			bool later;

			return nfto_ipv6_find_hdr(skb, p->l3off, proto, false,
						  base, &later) == proto;
		}
		return false;
	default:
		return false;
	}
}

/*
 * One 32-bit MANGLE/ADD (tc pedit semantics: new = (old & mask) ^ val, or
 * old + val under ~mask), then the checksums a NIC would fix up.
 */
static int nfto_mangle(struct sk_buff *skb, const struct nfto_pkt *p,
		       const struct nfto_action *a, unsigned int *writable,
		       bool fix_csum)
{
	unsigned int base, off, len;
	__be32 old, new;
	u8 *ptr;

	if (!fix_csum) {
		/* a rule: where tc pedit writes, and only there */
		if (!nfto_pedit_base(skb, p, a->mangle.htype, &base))
			return 0;
		off = base + a->mangle.offset;
		if (off + 4 > skb->len)
			return 0;
		len = off + 4;
		goto write;
	}

	switch (a->mangle.htype) {
	case FLOW_ACT_MANGLE_HDR_TYPE_ETH:
		base = 0;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_IP4:
		if (!p->ipv4)
			return 0;
		base = p->l3off;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_IP6:
		if (!p->ipv6)
			return 0;
		base = p->l3off;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_TCP:
	case FLOW_ACT_MANGLE_HDR_TYPE_UDP:
		if (!p->l4off)
			return 0;
		base = p->l4off;
		break;
	default:
		return -EOPNOTSUPP;
	}
	off = base + a->mangle.offset;
	/*
	 * The first mangle of a packet makes everything up to the transport
	 * header writable, which covers the Ethernet, NAT address and port
	 * rewrites of a flowtable flow: one check per packet, not four to six.
	 */
	len = off + 4;
	if (p->l4off)	/* a short UDP datagram may end before 20 B */
		len = max(len, min(p->l4off + 20, skb->len));
write:
	if (len > *writable) {
		if (skb_ensure_writable(skb, len))
			return -ENOMEM;
		*writable = len;
	}

	ptr = skb->data + off;
	old = get_unaligned((__be32 *)ptr);
	if (a->id == FLOW_ACTION_ADD)
		new = (__force __be32)(((__force u32)old & a->mangle.mask) |
				       (((__force u32)old + a->mangle.val) &
					~a->mangle.mask));
	else
		new = (__force __be32)(((__force u32)old & a->mangle.mask) ^
				       a->mangle.val);
	if (old == new)
		return 0;
	put_unaligned(new, (__be32 *)ptr);
	if (!fix_csum)
		return 0;

	switch (a->mangle.htype) {
	case FLOW_ACT_MANGLE_HDR_TYPE_IP4: {
		struct iphdr *iph = (struct iphdr *)(skb->data + p->l3off);

		if (a->mangle.offset == 8)	/* ttl, protocol, check */
			ip_send_check(iph);
		else
			csum_replace4(&iph->check, old, new);
		if (a->mangle.offset >= 12)	/* addresses: pseudo-header */
			nfto_l4_csum_replace(skb, p, old, new, true);
		break;
	}
	case FLOW_ACT_MANGLE_HDR_TYPE_IP6:
		if (a->mangle.offset >= 8)
			nfto_l4_csum_replace(skb, p, old, new, true);
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_TCP:
	case FLOW_ACT_MANGLE_HDR_TYPE_UDP:
		nfto_l4_csum_replace(skb, p, old, new, false);
		break;
	}
	return 0;
}

/*
 * act_csum's full recomputation (net/sched/act_csum.c), for the CSUM
 * action of a tc rule: pedit leaves checksums alone in software, and so
 * does the hardware's MANGLE for a rule; only this fixes them. The same
 * headers, the same lengths (from the IP header), the same refusals
 * (a length past the packet drops it).
 */
static __sum16 *nfto_csum_field(u8 *l4, u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return &((struct tcphdr *)l4)->check;
	case IPPROTO_UDP:
		return &((struct udphdr *)l4)->check;
	case IPPROTO_ICMP:
		return &((struct icmphdr *)l4)->checksum;
	default:
		return &((struct icmp6hdr *)l4)->icmp6_cksum;
	}
}

static unsigned int nfto_csum_hdrlen(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	default:
		return sizeof(struct icmphdr);
	}
}

static u32 nfto_csum_flag(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return TCA_CSUM_UPDATE_FLAG_TCP;
	case IPPROTO_UDP:
		return TCA_CSUM_UPDATE_FLAG_UDP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return TCA_CSUM_UPDATE_FLAG_ICMP;
	default:
		return 0;
	}
}

/*
 * tcf_csum_ipv6_hopopts(): false for a malformed jumbo payload option,
 * whose length then replaces the header's payload length @pl.
 */
static bool nfto_csum_hopopts(const u8 *xh, unsigned int ixhl,
			      unsigned int *pl)
{
	int off = sizeof(struct ipv6_opt_hdr), len = ixhl - off, optlen;

	while (len > 1) {
		switch (xh[off]) {
		case IPV6_TLV_PAD1:
			optlen = 1;
			break;
		case IPV6_TLV_JUMBO:
			optlen = xh[off + 1] + 2;
			if (optlen != 6 || len < 6 || (off & 3) != 2)
				return false;
			*pl = get_unaligned_be32(xh + off + 2);
			return true;
		default:
			optlen = xh[off + 1] + 2;
			if (optlen > len)
				return true;	/* obscure options: ignored */
			break;
		}
		off += optlen;
		len -= optlen;
	}
	return true;
}

/*
 * tcf_csum_ipv6(): past hop-by-hop, routing and destination options
 * headers to the upper layer, whose protocol *@proto and offset *@hl (from
 * the IPv6 header at @l3) become; 0 when none follows. An error drops the
 * packet, as act_csum does.
 */
static int nfto_csum_ipv6_exthdrs(struct sk_buff *skb, unsigned int l3,
				  unsigned int *hl, unsigned int *ipl,
				  u8 *proto)
{
	unsigned int pl = *ipl - sizeof(struct ipv6hdr), ixhl;
	const u8 *xh;

	while (*proto == NEXTHDR_HOP || *proto == NEXTHDR_ROUTING ||
	       *proto == NEXTHDR_DEST) {
		if (!pskb_may_pull(skb, l3 + *hl + sizeof(struct ipv6_opt_hdr)))
			return -EINVAL;
		ixhl = ipv6_optlen((struct ipv6_opt_hdr *)(skb->data + l3 + *hl));
		if (!pskb_may_pull(skb, l3 + *hl + ixhl))
			return -EINVAL;
		xh = skb->data + l3 + *hl;
		if (*proto == NEXTHDR_HOP && !nfto_csum_hopopts(xh, ixhl, &pl))
			return -EINVAL;
		*proto = xh[0];
		*hl += ixhl;
		if (!pskb_may_pull(skb, l3 + *hl + 1))
			*proto = 0;	/* nothing after them */
	}
	*ipl = pl + sizeof(struct ipv6hdr);
	return 0;
}

static int nfto_act_csum(struct sk_buff *skb, const struct nfto_pkt *p,
			 u32 flags, unsigned int *writable)
{
	unsigned int l3 = p->l3off, hl, ipl;
	__be32 saddr = 0, daddr = 0;
	struct ipv6hdr *ip6 = NULL;
	struct iphdr *iph = NULL;
	__sum16 *check;
	u8 proto, *l4;
	__wsum csum;

	if (p->ipv4) {
		iph = (void *)(skb->data + l3);
		hl = iph->ihl * 4;
		ipl = ntohs(iph->tot_len);
		proto = iph->frag_off & htons(IP_OFFSET) ? 0 : iph->protocol;
		if (proto == IPPROTO_ICMPV6)
			proto = 0;
	} else if (p->ipv6) {
		ip6 = (void *)(skb->data + l3);
		hl = sizeof(*ip6);
		ipl = ntohs(ip6->payload_len) + hl;
		proto = ip6->nexthdr;
		if (nfto_csum_ipv6_exthdrs(skb, l3, &hl, &ipl, &proto))
			return -EINVAL;
		if (proto == IPPROTO_ICMP || proto == NEXTHDR_FRAGMENT)
			proto = 0;
	} else {
		return 0;
	}

	if (proto && (flags & nfto_csum_flag(proto))) {
		/* tcf_csum_skb_nextlayer() */
		if (l3 + ipl > skb->len || ipl < hl + nfto_csum_hdrlen(proto))
			return -EINVAL;
		if (l3 + ipl > *writable) {
			if (skb_ensure_writable(skb, l3 + ipl))
				return -ENOMEM;
			*writable = l3 + ipl;
		}
		iph = p->ipv4 ? (void *)(skb->data + l3) : NULL;
		ip6 = p->ipv6 ? (void *)(skb->data + l3) : NULL;
		if (iph) {
			saddr = iph->saddr;
			daddr = iph->daddr;
		}
		l4 = skb->data + l3 + hl;
		check = nfto_csum_field(l4, proto);
		if (proto == IPPROTO_UDP) {
			u16 ul = ntohs(((struct udphdr *)l4)->len);

			/* IPv4 UDP without a checksum keeps none */
			if (iph && !*check)
				goto ip_hdr;
			*check = 0;
			if (ul != ipl - hl || ul < sizeof(struct udphdr))
				goto ip_hdr;	/* left at 0, as act_csum does */
		}
		*check = 0;
		csum = csum_partial(l4, ipl - hl, 0);
		if (proto == IPPROTO_ICMP)
			*check = csum_fold(csum);
		else if (iph)
			*check = csum_tcpudp_magic(saddr, daddr, ipl - hl,
						   proto, csum);
		else
			*check = csum_ipv6_magic(&ip6->saddr, &ip6->daddr,
						 ipl - hl, proto, csum);
		if (proto == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
ip_hdr:
	if (p->ipv4 && (flags & TCA_CSUM_UPDATE_FLAG_IPV4HDR)) {
		if (l3 + sizeof(*iph) > *writable) {
			if (skb_ensure_writable(skb, l3 + sizeof(*iph)))
				return -ENOMEM;
			*writable = l3 + sizeof(*iph);
		}
		ip_send_check((struct iphdr *)(skb->data + l3));
	}
	return 0;
}

/*
 * VLAN actions on the frame itself: the wire carries tags in the frame, so
 * no hardware-accelerated tag is ever left on the skb.
 */
static int nfto_vlan(struct sk_buff *skb, const struct nfto_action *a)
{
	u16 tci = a->vlan.vid | (a->vlan.prio << VLAN_PRIO_SHIFT);

	switch (a->id) {
	case FLOW_ACTION_VLAN_PUSH:
		skb_reset_mac_header(skb);
		return __vlan_insert_tag(skb, a->vlan.proto ?: htons(ETH_P_8021Q),
					 tci);
	case FLOW_ACTION_VLAN_POP:
		if (!eth_type_vlan(eth_hdr(skb)->h_proto))
			return 0;
		if (skb_ensure_writable(skb, VLAN_ETH_HLEN))
			return -ENOMEM;
		skb_postpull_rcsum(skb, skb->data + 2 * ETH_ALEN, VLAN_HLEN);
		memmove(skb->data + VLAN_HLEN, skb->data, 2 * ETH_ALEN);
		__skb_pull(skb, VLAN_HLEN);
		skb_reset_mac_header(skb);
		return 0;
	case FLOW_ACTION_VLAN_MANGLE: {
		struct vlan_ethhdr *veth;
		u16 old;

		/* act_vlan: no tag, nothing to modify */
		if (!eth_type_vlan(eth_hdr(skb)->h_proto))
			return 0;
		if (skb_ensure_writable(skb, VLAN_ETH_HLEN))
			return -ENOMEM;
		/*
		 * As act_vlan's modify: a new VID, the DEI kept, the PCP
		 * kept unless a priority is given (0 here: the offload API
		 * cannot tell "priority 0" from none), and the action's TPID.
		 */
		veth = (struct vlan_ethhdr *)skb->data;
		old = ntohs(veth->h_vlan_TCI);
		tci = (old & ~VLAN_VID_MASK) | a->vlan.vid;
		if (a->vlan.prio)
			tci = (tci & ~VLAN_PRIO_MASK) |
			      (a->vlan.prio << VLAN_PRIO_SHIFT);
		veth->h_vlan_TCI = htons(tci);
		veth->h_vlan_proto = a->vlan.proto ?: htons(ETH_P_8021Q);
		return 0;
	}
	default:
		return -EOPNOTSUPP;
	}
}

static void nfto_port_rx(struct nfto_port *port, struct sk_buff *skb);

static struct nfto_port *nfto_dev_port(struct nfto_dev *nd, u16 index)
{
	return index < nd->num_ports ? READ_ONCE(nd->ports[index]) : NULL;
}

/* Based on nf_flow_exceeds_mtu(): the L3 length against the egress MTU. */
static bool nfto_ft_exceeds_mtu(const struct sk_buff *skb,
				const struct nfto_pkt *p, unsigned int mtu)
{
	if (skb->len - p->l3off <= mtu)
		return false;
	return !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu));
}

/*
 * Would the software flowtable hand this packet to the slow path instead
 * of forwarding it by flowtable flow @e? The same tests in the same order
 * as nf_flow_tuple_ip(), nf_flow_tuple_ipv6() and nf_flow_offload_forward()
 * (nf_flow_table_ip.c): fragments, IPv4 options and IPv6 extension
 * headers, TTL or hop limit <= 1, more than the egress port's MTU. TCP
 * FIN and RST miss already: the flow's mask holds them
 * (nf_flow_table_offload.c). Returns the counter of the cause, or 0 when
 * the hardware may forward.
 */
static unsigned int nfto_ft_slowpath(struct nfto_dev *nd,
				     const struct nfto_entry *e,
				     const struct sk_buff *skb,
				     const struct nfto_pkt *p)
{
	const struct nfto_action *acts = nfto_entry_actions(e);
	const struct nfto_port *to;
	unsigned int i;

	if (p->ipv4) {
		const struct iphdr *iph = (void *)(skb->data + p->l3off);

		if (ip_is_fragment(iph))
			return NFTO_ST_HW_SLOW_FRAG;
		if (iph->ihl != 5)
			return NFTO_ST_HW_SLOW_OPTS;
	} else if (p->ipv6) {
		/* nf_flow_tuple_ipv6(): the nexthdr must be TCP or UDP */
		if (p->key.ctrl_flags & FLOW_DIS_IS_FRAGMENT)
			return NFTO_ST_HW_SLOW_FRAG;
		if (p->exthdrs)
			return NFTO_ST_HW_SLOW_OPTS;
	} else {
		return 0;
	}
	if (p->key.ip_ttl <= 1)
		return NFTO_ST_HW_SLOW_TTL;
	for (i = 0; i < e->num_actions; i++) {
		if (acts[i].id != FLOW_ACTION_REDIRECT)
			continue;
		to = nfto_dev_port(nd, acts[i].dev.port);
		if (to && nfto_ft_exceeds_mtu(skb, p, READ_ONCE(to->netdev->mtu)))
			return NFTO_ST_HW_SLOW_MTU;
	}
	return 0;
}

/*
 * A routed flowtable flow decrements the TTL (hop limit) as the software
 * flowtable does (ip_decrease_ttl() in nf_flow_offload_forward()), though
 * the flow_rule nf_flow_table_offload.c builds carries no action for it:
 * the hardware must forward the same bytes as software.
 */
static int nfto_ft_dec_ttl(struct sk_buff *skb, const struct nfto_pkt *p,
			   unsigned int *writable)
{
	unsigned int len;

	if (!p->ipv4 && !p->ipv6)
		return 0;
	len = p->l3off + (p->ipv4 ? sizeof(struct iphdr) :
			  sizeof(struct ipv6hdr));
	if (len > *writable) {
		if (skb_ensure_writable(skb, len))
			return -ENOMEM;
		*writable = len;
	}
	if (p->ipv4)
		ip_decrease_ttl((struct iphdr *)(skb->data + p->l3off));
	else
		((struct ipv6hdr *)(skb->data + p->l3off))->hop_limit--;
	return 0;
}

/* Puts @skb on @port's wire: the peer's pipeline gets it. Consumes @skb. */
static void nfto_wire_xmit(struct nfto_port *port, struct sk_buff *skb)
{
	struct nfto_port *peer = rcu_dereference(port->peer);
	unsigned int *depth = this_cpu_ptr(&nfto_depth);

	if (!peer || !(peer->netdev->flags & IFF_UP) ||
	    *depth >= NFTO_MAX_DEPTH) {
		nfto_stats_inc(port, NFTO_ST_WIRE_DROP, 0);
		kfree_skb(skb);
		return;
	}
	skb_scrub_packet(skb, !net_eq(dev_net(port->netdev),
				      dev_net(peer->netdev)));
	skb->dev = peer->netdev;
	skb->priority = 0;
	skb->pkt_type = PACKET_HOST;
	(*depth)++;
	nfto_port_rx(peer, skb);
	(*depth)--;
}

/* Hands @skb to @port's host stack. Consumes @skb. */
static void nfto_to_host(struct nfto_port *port, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	skb->dev = port->netdev;
	skb->protocol = eth_type_trans(skb, port->netdev);
	if (netif_rx(skb) == NET_RX_SUCCESS)
		nfto_stats_inc(port, NFTO_ST_RX, len);
	else
		nfto_stats_inc(port, NFTO_ST_RX_DROP, 0);
}

/* Sends a copy of @skb out of (or up to) port @index. */
static void nfto_mirror(struct nfto_dev *nd, struct sk_buff *skb, u16 index,
			bool ingress)
{
	struct nfto_port *to = nfto_dev_port(nd, index);
	struct sk_buff *clone;

	if (!to)
		return;
	clone = skb_clone(skb, GFP_ATOMIC);
	if (!clone)
		return;
	if (ingress)
		nfto_to_host(to, clone);
	else
		nfto_wire_xmit(to, clone);
}

/*
 * Performs @e's actions. Returns the verdict; NFTO_FWD means @skb was
 * consumed, NFTO_GOTO sets *chain.
 */
static enum nfto_verdict nfto_apply(struct nfto_dev *nd,
				    struct nfto_port *in, struct nfto_entry *e,
				    struct sk_buff *skb, struct nfto_pkt *p,
				    u32 *chain)
{
	const struct nfto_action *acts = nfto_entry_actions(e);
	bool ft = e->group->type == NFTO_FLOW_FT;
	unsigned int i, writable = 0;	/* bytes known to be writable */
	bool rewritten = false;		/* a rule changed header fields */
	unsigned long now = jiffies;
	struct nfto_port *to;

	atomic64_inc(&e->cnt->packets);
	atomic64_add(skb->len, &e->cnt->bytes);
	/* Written once per tick at most: the line stays shared. */
	if (READ_ONCE(e->cnt->lastused) != now)
		WRITE_ONCE(e->cnt->lastused, now);

	for (i = 0; i < e->num_actions; i++) {
		const struct nfto_action *a = &acts[i];

		switch (a->id) {
		case FLOW_ACTION_ACCEPT:
		case FLOW_ACTION_TRAP:
			return NFTO_TO_HOST;
		case FLOW_ACTION_DROP:
			return NFTO_DROP;
		case FLOW_ACTION_GOTO:
			*chain = a->chain_index;
			/* the next chain reads the headers as they are now */
			if (rewritten)
				nfto_parse(skb, in->netdev, p);
			return NFTO_GOTO;
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_REDIRECT_INGRESS:
			to = nfto_dev_port(nd, a->dev.port);
			if (!to)
				return NFTO_DROP;
			if (ft && nfto_ft_dec_ttl(skb, p, &writable))
				return NFTO_DROP;
			nfto_stats_inc(in, NFTO_ST_HW_FWD, 0);
			if (a->id == FLOW_ACTION_REDIRECT)
				nfto_wire_xmit(to, skb);
			else
				nfto_to_host(to, skb);
			return NFTO_FWD;
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_MIRRED_INGRESS:
			nfto_mirror(nd, skb, a->dev.port,
				    a->id == FLOW_ACTION_MIRRED_INGRESS);
			writable = 0;	/* @skb is cloned now */
			break;
		case FLOW_ACTION_VLAN_PUSH:
		case FLOW_ACTION_VLAN_POP:
		case FLOW_ACTION_VLAN_MANGLE:
			if (nfto_vlan(skb, a))
				return NFTO_DROP;
			/* headers moved: find them again */
			nfto_parse(skb, in->netdev, p);
			writable = 0;
			break;
		case FLOW_ACTION_MANGLE:
		case FLOW_ACTION_ADD:
			/*
			 * A flowtable flow rewrites as nf_flow_table_ip.c
			 * does, checksums updated with each field; a rule as
			 * tc pedit does, checksums left to its CSUM action.
			 */
			if (nfto_mangle(skb, p, a, &writable, ft))
				return NFTO_DROP;
			rewritten = !ft;
			break;
		case FLOW_ACTION_CSUM:
			if (!ft && nfto_act_csum(skb, p, a->csum_flags,
						 &writable))
				return NFTO_DROP;
			break;
		default:
			/* The core accepts nothing else into the table. */
			WARN_ON_ONCE(1);
			return NFTO_DROP;
		}
	}
	/* a tc rule's last verdict (pipe, ok) takes the packet up */
	if (nfto_entry_final(e))
		return NFTO_TO_HOST;
	/* an nft rule's payload set is what the next rule reads */
	if (rewritten)
		nfto_parse(skb, in->netdev, p);
	return NFTO_CONTINUE;
}

/* The pipeline of the switch @port belongs to. Consumes @skb. */
static void nfto_port_rx(struct nfto_port *port, struct sk_buff *skb)
{
	struct nfto_dev *nd = port->dev;
	struct nfto_table *t = &nd->hw.table;
	enum nfto_verdict v = NFTO_CONTINUE;
	unsigned int gotos = 0, slow;
	struct nfto_entry *e;
	struct nfto_pkt p;
	u32 chain = 0;
	u64 after = 0;

	skb_reset_mac_header(skb);
	nfto_stats_inc(port, NFTO_ST_HW_RX, skb->len);
	/*
	 * A switch with an empty table misses every frame: no parse. A
	 * stale count only misses an entry being added, as any lookup
	 * racing its insertion may.
	 */
	if (!READ_ONCE(t->count)) {
		nfto_stats_inc(port, NFTO_ST_HW_MISS, 0);
		nfto_to_host(port, skb);
		return;
	}
	nfto_parse(skb, port->netdev, &p);

	/*
	 * First the rules bound on this port, chain by chain, each the next
	 * in rank order after the last one performed (nft rules without a
	 * verdict go on, as in software).
	 */
	while ((e = nfto_table_rlookup(t, port->index, chain, &p.key,
				       p.nft_view ? &p.nft : NULL, after))) {
		after = nfto_entry_rank(e);
		v = nfto_apply(nd, port, e, skb, &p, &chain);
		if (v == NFTO_GOTO) {
			if (++gotos > NFTO_MAX_GOTO) {
				v = NFTO_DROP;
				break;
			}
			v = NFTO_CONTINUE;
			after = 0;
			continue;
		}
		if (v != NFTO_CONTINUE)
			break;
	}

	/* Then the flowtable flows: by hash, else the few masked ones. */
	e = NULL;
	if (v == NFTO_CONTINUE)
		e = nfto_table_xlookup(t, port->index, &p.key);
	if (!e && v == NFTO_CONTINUE && READ_ONCE(t->masked_ft)) {
		struct nfto_entry *m;

		list_for_each_entry_rcu(m, &t->masked, list) {
			const struct nfto_group *g = m->group;

			if (g->port == port->index &&
			    nfto_entry_match(m, &p.key)) {
				e = m;
				break;
			}
		}
	}
	if (e) {
		/* One flow per tuple, as in software: it forwards or not. */
		slow = nfto_ft_slowpath(nd, e, skb, &p);
		if (slow) {
			nfto_stats_inc(port, slow, 0);
			nfto_to_host(port, skb);
			return;
		}
		v = nfto_apply(nd, port, e, skb, &p, &chain);
	}

	switch (v) {
	case NFTO_FWD:
		return;
	case NFTO_DROP:
	case NFTO_GOTO:		/* a flowtable flow cannot jump */
		nfto_stats_inc(port, NFTO_ST_HW_DROP, 0);
		kfree_skb(skb);
		return;
	case NFTO_TO_HOST:
		nfto_stats_inc(port, NFTO_ST_HW_TRAP, 0);
		break;
	case NFTO_CONTINUE:
		nfto_stats_inc(port, NFTO_ST_HW_MISS, 0);
		break;
	}
	nfto_to_host(port, skb);
}

netdev_tx_t nfto_port_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct nfto_port *port = nfto_netdev_port(netdev);

	nfto_stats_inc(port, NFTO_ST_TX, skb->len);
	rcu_read_lock();
	nfto_wire_xmit(port, skb);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}
