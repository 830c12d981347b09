// SPDX-License-Identifier: GPL-2.0
/*
 * The few netlink requests the tester makes once per packet or per run,
 * where spawning tc or nft would cost 100-300 ms under TCG: dumps of the
 * tc filters' action counters and of the nft rules' counters, deleting
 * the clsact qdisc and the nft table, setting an MTU. Plain libc.
 */
#include <errno.h>
#include <linux/gen_stats.h>
#include <linux/if_link.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conform.h"

static int rt_fd = -1, nf_fd = -1;
static uint32_t seq;
static char rxbuf[1 << 17];

static int nl_socket(int proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, one = 1, sz = 1 << 20;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int nl_open(void)
{
	rt_fd = nl_socket(NETLINK_ROUTE);
	nf_fd = nl_socket(NETLINK_NETFILTER);
	return rt_fd < 0 || nf_fd < 0 ? -1 : 0;
}

void nl_close(void)
{
	if (rt_fd >= 0)
		close(rt_fd);
	if (nf_fd >= 0)
		close(nf_fd);
	rt_fd = -1;
	nf_fd = -1;
}

/* --- building ---------------------------------------------------------- */

struct req {
	char buf[4096];
	struct nlmsghdr *nlh;
};

static void *req_start(struct req *r, uint16_t type, uint16_t flags,
		       size_t hdrlen)
{
	memset(r->buf, 0, sizeof(r->buf));
	r->nlh = (struct nlmsghdr *)r->buf;
	r->nlh->nlmsg_len = NLMSG_LENGTH(hdrlen);
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	r->nlh->nlmsg_seq = ++seq;
	return NLMSG_DATA(r->nlh);
}

static void req_attr(struct req *r, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf +
					     NLMSG_ALIGN(r->nlh->nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nlh->nlmsg_len = NLMSG_ALIGN(r->nlh->nlmsg_len) +
			    NLA_ALIGN(a->nla_len);
}

/* --- parsing ----------------------------------------------------------- */

#define ATTR_MAX	128

static void parse_attrs(const void *data, int len, const struct nlattr **tb,
			int max)
{
	const struct nlattr *a = data;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = a;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a +
					    NLA_ALIGN(a->nla_len));
	}
}

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static int attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static void parse_nested(const struct nlattr *a, const struct nlattr **tb,
			 int max)
{
	parse_attrs(attr_data(a), attr_len(a), tb, max);
}

static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

static uint64_t attr_be64(const struct nlattr *a)
{
	const uint8_t *b = attr_data(a);
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

typedef int (*msg_cb)(const struct nlmsghdr *nlh, void *arg);

/*
 * Reads the answers to message @want until its ack (a dump's: its
 * NLMSG_DONE); @cb sees every other message of it. Returns 0 or -errno
 * (the kernel's).
 */
static int nl_wait(int fd, uint32_t want, bool dump, msg_cb cb, void *arg)
{
	int err = 0;

	for (;;) {
		ssize_t n = recv(fd, rxbuf, sizeof(rxbuf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (h = (struct nlmsghdr *)rxbuf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != want)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return err;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (e->error || !dump)
					return e->error;
				continue;
			}
			if (cb && !err)
				err = cb(h, arg);
		}
	}
}

/* Sends @r and reads its answers (nl_wait()). */
static int nl_talk(int fd, struct req *r, msg_cb cb, void *arg)
{
	if (send(fd, r->buf, r->nlh->nlmsg_len, 0) < 0)
		return -errno;
	return nl_wait(fd, r->nlh->nlmsg_seq,
		       r->nlh->nlmsg_flags & NLM_F_DUMP, cb, arg);
}

/* --- tc ---------------------------------------------------------------- */

struct tc_dump_ctx {
	struct tc_filter_stats *f;
	int n, max;
};

static int tc_filter_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct tcmsg *t = NLMSG_DATA(nlh);
	const struct nlattr *tb[TCA_MAX + 1], *fb[TCA_FLOWER_MAX + 1];
	const struct nlattr *ab[TCA_ACT_MAX_PRIO + 1];
	struct tc_dump_ctx *c = arg;
	struct tc_filter_stats *f;
	int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*t)), i;

	if (nlh->nlmsg_type != RTM_NEWTFILTER)
		return 0;
	parse_attrs((const char *)t + NLMSG_ALIGN(sizeof(*t)), len, tb,
		    TCA_MAX);
	/* the per-priority header carries no options */
	if (!tb[TCA_OPTIONS] || !tb[TCA_KIND] ||
	    strcmp(attr_data(tb[TCA_KIND]), "flower"))
		return 0;
	if (c->n >= c->max)
		return -E2BIG;
	f = &c->f[c->n++];
	memset(f, 0, sizeof(*f));
	f->prio = t->tcm_info >> 16;
	f->handle = t->tcm_handle;
	f->chain = tb[TCA_CHAIN] ? attr_u32(tb[TCA_CHAIN]) : 0;
	parse_nested(tb[TCA_OPTIONS], fb, TCA_FLOWER_MAX);
	if (fb[TCA_FLOWER_FLAGS])
		f->flags = attr_u32(fb[TCA_FLOWER_FLAGS]);
	if (!fb[TCA_FLOWER_ACT])
		return 0;
	parse_nested(fb[TCA_FLOWER_ACT], ab, TCA_ACT_MAX_PRIO);
	for (i = 1; i <= TCA_ACT_MAX_PRIO && f->nacts < MAX_ACTS; i++) {
		const struct nlattr *act[TCA_ACT_MAX + 1];
		const struct nlattr *st[TCA_STATS_MAX + 1];
		struct gnet_stats_basic b;

		if (!ab[i])
			break;
		parse_nested(ab[i], act, TCA_ACT_MAX);
		memset(&b, 0, sizeof(b));
		if (act[TCA_ACT_STATS]) {
			parse_nested(act[TCA_ACT_STATS], st, TCA_STATS_MAX);
			if (st[TCA_STATS_BASIC])
				memcpy(&b, attr_data(st[TCA_STATS_BASIC]),
				       attr_len(st[TCA_STATS_BASIC]) <
				       (int)sizeof(b) ?
				       (size_t)attr_len(st[TCA_STATS_BASIC]) :
				       sizeof(b));
		}
		f->act[f->nacts].pkts = b.packets;
		f->act[f->nacts].bytes = b.bytes;
		f->nacts++;
	}
	return 0;
}

int nl_tc_dump(int ifindex, struct tc_filter_stats *f, int max)
{
	struct tc_dump_ctx c = { f, 0, max };
	struct tcmsg *t;
	struct req r;
	int err;

	t = req_start(&r, RTM_GETTFILTER, NLM_F_DUMP, sizeof(*t));
	t->tcm_family = AF_UNSPEC;
	if (ifindex) {
		t->tcm_ifindex = ifindex;
		t->tcm_parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
	} else {
		t->tcm_ifindex = TCM_IFINDEX_MAGIC_BLOCK;
		t->tcm_block_index = SHARED_BLOCK;
	}
	err = nl_talk(rt_fd, &r, tc_filter_cb, &c);
	return err ? err : c.n;
}

int nl_tc_del_clsact(int ifindex)
{
	struct tcmsg *t;
	struct req r;
	int err;

	t = req_start(&r, RTM_DELQDISC, NLM_F_ACK, sizeof(*t));
	t->tcm_family = AF_UNSPEC;
	t->tcm_ifindex = ifindex;
	t->tcm_parent = TC_H_CLSACT;
	t->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	err = nl_talk(rt_fd, &r, NULL, NULL);
	/* none there: fine */
	return err == -ENOENT || err == -EINVAL ? 0 : err;
}

int nl_set_mtu(int ifindex, int mtu)
{
	struct ifinfomsg *i;
	struct req r;
	uint32_t m = mtu;

	i = req_start(&r, RTM_NEWLINK, NLM_F_ACK, sizeof(*i));
	i->ifi_family = AF_UNSPEC;
	i->ifi_index = ifindex;
	req_attr(&r, IFLA_MTU, &m, sizeof(m));
	return nl_talk(rt_fd, &r, NULL, NULL);
}

/* --- nftables ---------------------------------------------------------- */

struct nft_dump_ctx {
	struct nft_rule_stats *r;
	int n, max;
};

static int nft_rule_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nfgenmsg *g = NLMSG_DATA(nlh);
	const struct nlattr *tb[NFTA_RULE_MAX + 1];
	struct nft_dump_ctx *c = arg;
	struct nft_rule_stats *r;
	int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*g));
	const struct nlattr *a;
	int left;

	if ((nlh->nlmsg_type & 0xff) != NFT_MSG_NEWRULE)
		return 0;
	parse_attrs((const char *)g + NLMSG_ALIGN(sizeof(*g)), len, tb,
		    NFTA_RULE_MAX);
	if (c->n >= c->max)
		return -E2BIG;
	r = &c->r[c->n++];
	memset(r, 0, sizeof(*r));
	if (tb[NFTA_RULE_CHAIN])
		snprintf(r->chain, sizeof(r->chain), "%s",
			 (const char *)attr_data(tb[NFTA_RULE_CHAIN]));
	if (tb[NFTA_RULE_HANDLE])
		r->handle = attr_be64(tb[NFTA_RULE_HANDLE]);
	if (!tb[NFTA_RULE_EXPRESSIONS])
		return 0;
	/* a list of NFTA_LIST_ELEM: walk it, parse_attrs keeps one */
	a = attr_data(tb[NFTA_RULE_EXPRESSIONS]);
	left = attr_len(tb[NFTA_RULE_EXPRESSIONS]);
	while (left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= left) {
		const struct nlattr *e[NFTA_EXPR_MAX + 1];
		const struct nlattr *cb[NFTA_COUNTER_MAX + 1];

		parse_nested(a, e, NFTA_EXPR_MAX);
		if (e[NFTA_EXPR_NAME] && e[NFTA_EXPR_DATA] &&
		    !strcmp(attr_data(e[NFTA_EXPR_NAME]), "counter")) {
			parse_nested(e[NFTA_EXPR_DATA], cb, NFTA_COUNTER_MAX);
			if (cb[NFTA_COUNTER_PACKETS] && cb[NFTA_COUNTER_BYTES]) {
				r->ctr.pkts = attr_be64(cb[NFTA_COUNTER_PACKETS]);
				r->ctr.bytes = attr_be64(cb[NFTA_COUNTER_BYTES]);
				r->has_counter = true;
			}
		}
		left -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a +
					    NLA_ALIGN(a->nla_len));
	}
	return 0;
}

int nl_nft_dump(const char *table, struct nft_rule_stats *rs, int max)
{
	struct nft_dump_ctx c = { rs, 0, max };
	struct nfgenmsg *g;
	struct req r;
	int err;

	g = req_start(&r, NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETRULE,
		      NLM_F_DUMP, sizeof(*g));
	g->nfgen_family = NFPROTO_NETDEV;
	g->version = NFNETLINK_V0;
	req_attr(&r, NFTA_RULE_TABLE, table, strlen(table) + 1);
	err = nl_talk(nf_fd, &r, nft_rule_cb, &c);
	return err ? err : c.n;
}

/* One transaction: begin, delete the table, end. */
int nl_nft_del_table(const char *table)
{
	char buf[1024];
	struct nlmsghdr *h;
	struct nfgenmsg *g;
	struct nlattr *a;
	size_t off = 0;
	uint32_t del_seq;
	int err = 0;

	memset(buf, 0, sizeof(buf));
	/* batch begin */
	h = (struct nlmsghdr *)buf;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	h->nlmsg_type = NFNL_MSG_BATCH_BEGIN;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = ++seq;
	g = NLMSG_DATA(h);
	g->res_id = NFNL_SUBSYS_NFTABLES;
	off += NLMSG_ALIGN(h->nlmsg_len);
	/* delete */
	h = (struct nlmsghdr *)(buf + off);
	h->nlmsg_type = NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_DELTABLE;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	del_seq = ++seq;
	h->nlmsg_seq = del_seq;
	g = NLMSG_DATA(h);
	g->nfgen_family = NFPROTO_NETDEV;
	a = (struct nlattr *)((char *)g + NLMSG_ALIGN(sizeof(*g)));
	a->nla_type = NFTA_TABLE_NAME;
	a->nla_len = NLA_HDRLEN + strlen(table) + 1;
	memcpy((char *)a + NLA_HDRLEN, table, strlen(table) + 1);
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*g)) + NLA_ALIGN(a->nla_len);
	off += NLMSG_ALIGN(h->nlmsg_len);
	/* batch end */
	h = (struct nlmsghdr *)(buf + off);
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	h->nlmsg_type = NFNL_MSG_BATCH_END;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = ++seq;
	g = NLMSG_DATA(h);
	g->res_id = NFNL_SUBSYS_NFTABLES;
	off += NLMSG_ALIGN(h->nlmsg_len);

	if (send(nf_fd, buf, off, 0) < 0)
		return -errno;
	err = nl_wait(nf_fd, del_seq, false, NULL, NULL);
	return err == -ENOENT ? 0 : err;
}
