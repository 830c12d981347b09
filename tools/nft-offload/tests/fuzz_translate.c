// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the tool's parsers: random bytes decoded into a rule
 * of libnftnl expressions (payload loads and writes, cmp, meta, bitwise,
 * immediate, counter, fwd, dup, and one nf_tables cannot offload) with random
 * registers, bases, offsets, lengths, operators, data and verdicts, then
 * translated (xl_rule()) and rendered (render_rule()), as
 * `nft-offload check` does with each rule of a ruleset dump before it
 * sends the flow to the kernel's flow check.
 *
 * The rule is built with libnftnl's setters and not parsed from random
 * netlink bytes: libnftnl exit()s on attributes the kernel would never
 * send ("nf_tables kernel ABI is broken"), and the kernel is trusted.
 *
 * Besides the sanitizers it checks what check's output relies on: a stage
 * is one of enum xl_stage, a refusal has a reason, the reason and the
 * rendered rule are NUL-terminated inside their buffers, a translated
 * flow holds at most NFTO_MAX_ACTIONS actions, and each match it notes as
 * differing in hardware has a warning text (hwdiff.c).
 *
 *	make -C tools/nft-offload fuzz-run [FUZZ_TIME=60]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "hwdiff.h"
#include "model.h"
#include "render.h"
#include "translate.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz_translate: %s:%d: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

static bool some_ifindex_exists(int ifindex, void *data)
{
	(void)data;
	return ifindex > 0 && ifindex < 64;
}

static const char *ifname(int ifindex, void *data)
{
	(void)data;
	return ifindex == 3 ? "nfto1p0" : NULL;
}

struct in {
	const uint8_t	*p;
	size_t		left;
};

static uint8_t in_u8(struct in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint32_t in_u32(struct in *in)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v |= (uint32_t)in_u8(in) << (8 * i);
	return v;
}

/* Small values most of the time: registers, bases, offsets that matter. */
static uint32_t in_small(struct in *in, uint32_t max)
{
	uint8_t b = in_u8(in);

	return b & 0x80 ? in_u32(in) : b % (max + 1);
}

static void in_data(struct in *in, struct nftnl_expr *e, uint16_t attr)
{
	uint8_t d[16];
	unsigned int len = 1 + in_u8(in) % 16, i;

	for (i = 0; i < len; i++)
		d[i] = in_u8(in);
	nftnl_expr_set(e, attr, d, len);
}

static const int32_t verdicts[] = {
	NF_ACCEPT, NF_DROP, NFT_CONTINUE, NFT_BREAK, NFT_JUMP, NFT_GOTO,
	NFT_RETURN, 7,
};

static struct nftnl_expr *in_expr(struct in *in)
{
	struct nftnl_expr *e = NULL;

	switch (in_u8(in) % 10) {
	case 0:
		e = nftnl_expr_alloc("payload");
		/* a load, or now and then a write (check's warnings show those) */
		nftnl_expr_set_u32(e, in_u8(in) % 4 ? NFTNL_EXPR_PAYLOAD_DREG :
				   NFTNL_EXPR_PAYLOAD_SREG, in_small(in, 24));
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, in_small(in, 4));
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, in_small(in, 64));
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, in_small(in, 20));
		break;
	case 1:
	case 2:
		e = nftnl_expr_alloc("cmp");
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, in_small(in, 24));
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, in_small(in, 6));
		in_data(in, e, NFTNL_EXPR_CMP_DATA);
		break;
	case 3:
		e = nftnl_expr_alloc("meta");
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, in_small(in, 40));
		nftnl_expr_set_u32(e, in_u8(in) % 4 ? NFTNL_EXPR_META_DREG :
				   NFTNL_EXPR_META_SREG, in_small(in, 24));
		break;
	case 4:
		e = nftnl_expr_alloc("bitwise");
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, in_small(in, 24));
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, in_small(in, 24));
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, in_small(in, 16));
		in_data(in, e, NFTNL_EXPR_BITWISE_MASK);
		in_data(in, e, NFTNL_EXPR_BITWISE_XOR);
		break;
	case 5:
		e = nftnl_expr_alloc("immediate");
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, in_small(in, 24));
		if (in_u8(in) & 1)
			in_data(in, e, NFTNL_EXPR_IMM_DATA);
		else
			nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT,
					   verdicts[in_u8(in) % 8]);
		break;
	case 6:
		e = nftnl_expr_alloc("counter");
		break;
	case 7:
		e = nftnl_expr_alloc("fwd");
		nftnl_expr_set_u32(e, NFTNL_EXPR_FWD_SREG_DEV, in_small(in, 24));
		break;
	case 8:
		e = nftnl_expr_alloc("dup");
		nftnl_expr_set_u32(e, NFTNL_EXPR_DUP_SREG_DEV, in_small(in, 24));
		break;
	default:
		e = nftnl_expr_alloc("limit");	/* no ->offload in the kernel */
		break;
	}
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct xl_env env = { .ifindex_exists = some_ifindex_exists };
	struct in in = { .p = data, .left = size };
	char reason[256], text[512];
	struct nfto_uflow flow;
	struct xl_diffs diffs;
	struct hwdiff hd;
	struct nftnl_rule *rule;
	enum xl_stage stage;
	unsigned int n, i;
	uint32_t prio;

	prio = in_small(&in, 70000);

	rule = nftnl_rule_alloc();
	CHECK(rule);
	nftnl_rule_set_u32(rule, NFTNL_RULE_FAMILY, NFPROTO_NETDEV);
	nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, "t");
	nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, "c");
	n = in_u8(&in) % 40;
	for (i = 0; i < n && in.left; i++) {
		struct nftnl_expr *e = in_expr(&in);

		CHECK(e);
		nftnl_rule_add_expr(rule, e);
	}

	memset(reason, 0x5a, sizeof(reason));
	stage = xl_rule(rule, prio, &env, &flow, &diffs, reason,
			sizeof(reason));
	CHECK(stage >= XL_OK && stage <= XL_CAPS);
	CHECK(memchr(reason, '\0', sizeof(reason)));
	if (stage != XL_OK) {
		CHECK(reason[0]);
		CHECK(strcmp(xl_stage_name(stage), "") != 0);
	} else {
		CHECK(flow.num_actions <= NFTO_MAX_ACTIONS);
		CHECK(flow.type == NFTO_FLOW_RULE && flow.prio == prio);
		CHECK(diffs.n <= XL_MAX_DIFFS);
		for (i = 0; i < diffs.n; i++) {
			memset(&hd, 0x5a, sizeof(hd));
			hwdiff_explain(&diffs.v[i], &hd);
			CHECK(memchr(hd.match, '\0', sizeof(hd.match)));
			CHECK(hd.reason[0] && memchr(hd.reason, '\0',
						     sizeof(hd.reason)));
			CHECK(hd.fix[0] && memchr(hd.fix, '\0', sizeof(hd.fix)));
		}
	}

	memset(text, 0x5a, sizeof(text));
	render_rule(rule, text, sizeof(text), ifname, NULL);
	CHECK(memchr(text, '\0', sizeof(text)));

	nftnl_rule_free(rule);
	return 0;
}
