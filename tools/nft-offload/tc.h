/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tc filters and qdiscs as rtnetlink dumps them (RTM_NEWTFILTER,
 * RTM_NEWQDISC), read into structs with a short, tc-like text of what a
 * filter does ("protocol ip flower ip_proto udp action drop"), for
 * check's warnings about software hooks.
 *
 * Pure code on netlink messages (libmnl's attribute parsing, no socket):
 * unit-tested in tests/. The dumps themselves are in hooks.c.
 */
#ifndef NFTO_TC_H
#define NFTO_TC_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;

#define TC_MAX_TARGETS	8

struct tc_filter {
	uint32_t	ifindex;
	bool		egress;		/* clsact egress, else ingress */
	uint16_t	pref;
	uint32_t	handle;
	uint32_t	chain;
	char		kind[IF_NAMESIZE];	/* "flower", "u32", ... */
	uint32_t	flags;		/* TCA_CLS_FLAGS_*, as dumped */
	bool		internal;	/* no filter: a prio's header, u32 ht */
	/* ifindexes egress redirect/mirror actions send packets out of */
	int		targets[TC_MAX_TARGETS];
	size_t		ntargets;
	char		does[256];
};

struct tc_qdisc {
	uint32_t	ifindex;
	uint32_t	handle;
	uint32_t	parent;
	char		kind[IF_NAMESIZE];
};

/*
 * One RTM_NEWTFILTER of a dump into @f (zeroed first); @ifname names
 * mirred targets (NULL: "ifindex N"). 0, or -EBADMSG on a malformed
 * message.
 */
int tc_filter_parse(const struct nlmsghdr *nlh, struct tc_filter *f,
		    const char *(*ifname)(int ifindex, void *data),
		    void *data);

/* In hardware: skip_sw, or in_hw (the driver took it). */
bool tc_filter_in_hw(const struct tc_filter *f);

/* One RTM_NEWQDISC into @q. 0 or -EBADMSG. */
int tc_qdisc_parse(const struct nlmsghdr *nlh, struct tc_qdisc *q);

/*
 * A root qdisc someone added (not the kernel's default, which has handle
 * 0, nor noqueue): it shapes, delays or drops what the host sends. clsact
 * and ingress hold filters only, which are judged on their own.
 */
bool tc_qdisc_user_root(const struct tc_qdisc *q);

#endif /* NFTO_TC_H */
