// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of tc.c and skip.c: random bytes as one rtnetlink
 * message, read as a tc filter and as a qdisc the way check's warnings
 * read the kernel's dumps, then run through skip_find() with a ruleset
 * whose flowtable makes every port hardware-forwarded.
 *
 * Besides the sanitizers it checks that the text of what a filter does
 * is NUL-terminated inside its buffer and that mirred targets stay within
 * their array.
 *
 *	make -C tools/nft-offload fuzz-run [FUZZ_TIME=60]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <libnftnl/flowtable.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "ruleset.h"
#include "skip.h"
#include "tc.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz_tc: %s:%d: %s\n",			\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

static bool is_port(const char *ifname, void *data)
{
	(void)data;
	return !strcmp(ifname, "p0") || !strcmp(ifname, "p1");
}

static const char *ifname(int ifindex, void *data)
{
	(void)data;
	return ifindex == 2 ? "p0" : ifindex == 3 ? "p1" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct skip_env env = { .is_port = is_port,
					     .ifname = ifname };
	const char *devs[] = { "p0", "p1", NULL };
	struct skip_hooks hooks = { 0 };
	struct nftnl_flowtable *ft;
	struct ruleset rs = { 0 };
	struct nlmsghdr *nlh;
	struct tc_filter f;
	struct tc_qdisc q;
	uint32_t buf[1024];
	bool have_f, have_q;

	if (size < sizeof(*nlh) || size > sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	nlh = (struct nlmsghdr *)buf;
	/* the socket layer hands whole messages only */
	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > size)
		return 0;

	have_f = !tc_filter_parse(nlh, &f, ifname, NULL);
	if (have_f) {
		CHECK(memchr(f.does, '\0', sizeof(f.does)));
		CHECK(memchr(f.kind, '\0', sizeof(f.kind)));
		CHECK(f.ntargets <= TC_MAX_TARGETS);
	}
	have_q = !tc_qdisc_parse(nlh, &q);
	if (have_q)
		CHECK(memchr(q.kind, '\0', sizeof(q.kind)));

	ft = nftnl_flowtable_alloc();
	CHECK(ft);
	nftnl_flowtable_set_u32(ft, NFTNL_FLOWTABLE_FAMILY, NFPROTO_INET);
	nftnl_flowtable_set_str(ft, NFTNL_FLOWTABLE_TABLE, "t");
	nftnl_flowtable_set_str(ft, NFTNL_FLOWTABLE_NAME, "f");
	nftnl_flowtable_set_array(ft, NFTNL_FLOWTABLE_DEVICES, devs);
	nftnl_flowtable_set_u32(ft, NFTNL_FLOWTABLE_FLAGS,
				NFT_FLOWTABLE_HW_OFFLOAD);
	rs.flowtables = &ft;
	rs.nflowtables = 1;
	CHECK(!skip_find(&rs, have_f ? &f : NULL, have_f, have_q ? &q : NULL,
			 have_q, &env, &hooks));
	CHECK(hooks.n <= 2);
	skip_free(&hooks);
	nftnl_flowtable_free(ft);
	return 0;
}
