/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flows of P4/P5/P6, shared by the kernel's nfto_bench.ko and the
 * userspace bench_table (tests/unit): flow @i is 10.0.0.0 + i:1000 ->
 * 10.9.9.9:2000, TCP, in on BENCH_IIF, one DROP action; as a table entry,
 * what nfto_flow_parse() makes of one direction of an offloaded flowtable
 * flow, and as a packet key, what the datapath parses from its ACKs.
 * Needs nfto.h first.
 */
#ifndef _NFTO_BENCH_FLOW_H
#define _NFTO_BENCH_FLOW_H

#define BENCH_IIF	7
#define BENCH_DST	0x0a090909	/* 10.9.9.9 */

/* The key the datapath parses from flow @i's packets (an ACK). */
static inline void bench_pkt(u32 i, struct nfto_key *k)
{
	memset(k, 0, sizeof(*k));
	k->ingress_ifindex = BENCH_IIF;
	k->n_proto = htons(ETH_P_IP);
	k->ip_proto = IPPROTO_TCP;
	k->ip_ttl = 64;
	k->ipv4_src = htonl(0x0a000000 + i);
	k->ipv4_dst = htonl(BENCH_DST);
	k->src_port = htons(1000);
	k->dst_port = htons(2000);
	k->tcp_flags = htons(0x0010);	/* ACK, as in struct tcphdr */
}

/* @f (zeroed) becomes flow 0; bench_flow_set() makes it flow @i. */
static inline void bench_flow_init(struct nfto_flow *f)
{
	struct nfto_key *k = &f->key, *m = &f->mask;

	f->type = NFTO_FLOW_FT;
	f->used_keys = BIT_ULL(FLOW_DISSECTOR_KEY_META) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_CONTROL) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_PORTS);
	k->ingress_ifindex = BENCH_IIF;
	m->ingress_ifindex = 0xffffffff;
	k->n_proto = htons(ETH_P_IP);
	m->n_proto = htons(0xffff);
	k->ip_proto = IPPROTO_TCP;
	m->ip_proto = 0xff;
	k->ipv4_dst = htonl(BENCH_DST);
	m->ipv4_src = htonl(0xffffffff);
	m->ipv4_dst = htonl(0xffffffff);
	k->src_port = htons(1000);
	k->dst_port = htons(2000);
	m->src_port = htons(0xffff);
	m->dst_port = htons(0xffff);
	f->num_actions = 1;
	f->actions[0].id = FLOW_ACTION_DROP;
}

static inline void bench_flow_set(struct nfto_flow *f, u32 i)
{
	f->cookie = i + 1;
	f->key.ipv4_src = htonl(0x0a000000 + i);
}

#endif /* _NFTO_BENCH_FLOW_H */
