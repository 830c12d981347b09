// SPDX-License-Identifier: GPL-2.0
/*
 * core/caps.c: a flow against a backend's capabilities, with the refusal
 * naming the key, action or limit and the backend.
 */
#include <linux/string.h>

#include "fake_backend.h"
#include "nfto.h"
#include "rules.h"
#include "tap.h"

#define REASON_LEN NFTO_REASON_MAX

/* tc: "ip_proto tcp dst_ip 10.0.2.2 dst_port 80 action pedit ... drop" */
static void tc_flow(struct test *t, struct nfto_flow *f)
{
	char reason[REASON_LEN];
	struct test_rule tr;

	tr_tc_ipv4_tcp(&tr, 2, 0x0a000202, 80);
	act_mangle(tr_act(&tr, 0), FLOW_ACT_MANGLE_HDR_TYPE_TCP, 0,
		   0xffff0000, 8080);
	tr_act(&tr, 1)->id = FLOW_ACTION_DROP;
	memset(f, 0, sizeof(*f));
	EXPECT_EQ(nfto_flow_parse(f, tr.rule, reason, sizeof(reason)), 0);
	f->cookie = 1;
	f->type = NFTO_FLOW_RULE;
	tr_fini(&tr);
}

static int check(struct fake_backend *fb, const struct nfto_flow *f,
		 char *reason)
{
	strcpy(reason, "untouched");
	return nfto_flow_check_caps(f, &fb->ops, reason, REASON_LEN);
}

static void caps_fitting_flow_accepted(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
	EXPECT_STREQ(reason, "untouched");

	/* exactly the keys and actions used are enough */
	fake_a.caps.keys = f.used_keys;
	fake_a.caps.actions = BIT_ULL(FLOW_ACTION_MANGLE) |
			      BIT_ULL(FLOW_ACTION_DROP);
	fake_a.caps.max_actions = 2;
	fake_a.caps.chain_max = 0;
	fake_a.caps.flags = 0;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

static void caps_key_refused(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.keys &= ~BIT_ULL(FLOW_DISSECTOR_KEY_PORTS);
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_STREQ(reason, "backend foo cannot match on 'ports'");

	/* several missing: the lowest key id is named */
	fake_a.caps.keys = 0;
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_STREQ(reason, "backend foo cannot match on 'basic'");
}

static void caps_action_refused(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.actions &= ~BIT_ULL(FLOW_ACTION_MANGLE);
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_STREQ(reason, "backend foo cannot do action 'mangle'");

	fake_a.caps.actions = BIT_ULL(FLOW_ACTION_MANGLE);
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_STREQ(reason, "backend foo cannot do action 'drop'");
}

static void caps_prio_max(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.prio_max = 100;
	f.prio = 100;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
	f.prio = 101;
	EXPECT_EQ(check(&fake_a, &f, reason), -ERANGE);
	EXPECT_STREQ(reason, "priority 101 is above backend foo's maximum 100");

	fake_a.caps.prio_max = 0;	/* no limit */
	f.prio = 0xffffffff;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

static void caps_chain_max(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.chain_max = 0;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
	f.chain_index = 1;
	EXPECT_EQ(check(&fake_a, &f, reason), -ERANGE);
	EXPECT_STREQ(reason, "chain 1 is above backend foo's maximum 0");
	fake_a.caps.chain_max = 1;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

static void caps_max_actions(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.max_actions = 2;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
	fake_a.caps.max_actions = 1;
	EXPECT_EQ(check(&fake_a, &f, reason), -E2BIG);
	EXPECT_STREQ(reason, "2 actions, backend foo takes at most 1");
}

static void caps_flowtable_needs_cap(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.flags &= ~NFTO_CAP_FLOWTABLE;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);	/* a rule is fine */
	f.type = NFTO_FLOW_FT;
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_STREQ(reason, "backend foo has no flowtable offload");
	fake_a.caps.flags |= NFTO_CAP_FLOWTABLE;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

static void caps_goto_direction(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	fake_a.caps.flags &= ~NFTO_CAP_GOTO_ANY;
	f.chain_index = 3;
	f.actions[1].id = FLOW_ACTION_GOTO;

	f.actions[1].chain_index = 4;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
	f.actions[1].chain_index = 2;
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_STREQ(reason,
		     "goto chain 2 from chain 3: backend foo only jumps forward");
	f.actions[1].chain_index = 3;	/* a loop onto itself */
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_CONTAINS(reason, "only jumps forward");

	fake_a.caps.flags |= NFTO_CAP_GOTO_ANY;
	f.actions[1].chain_index = 2;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

static void caps_goto_above_chain_max(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	f.actions[1].id = FLOW_ACTION_GOTO;
	f.actions[1].chain_index = 256;
	EXPECT_EQ(check(&fake_a, &f, reason), -ERANGE);
	EXPECT_STREQ(reason, "goto chain 256 is above backend foo's maximum 255");
	f.actions[1].chain_index = 255;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

/* One flow breaking every rule: the checks run in a fixed order. */
static void caps_check_order(struct test *t)
{
	char reason[REASON_LEN];
	struct nfto_flow f;

	fake_reset(&fake_a, "foo");
	tc_flow(t, &f);
	f.type = NFTO_FLOW_FT;
	f.prio = 9;
	f.chain_index = 9;
	fake_a.caps = (struct nfto_caps) { .prio_max = 1, .table_size = 1 };

	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_CONTAINS(reason, "no flowtable offload");
	fake_a.caps.flags = NFTO_CAP_FLOWTABLE;
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_CONTAINS(reason, "cannot match on");
	fake_a.caps.keys = NFTO_MODEL_KEYS;
	EXPECT_EQ(check(&fake_a, &f, reason), -ERANGE);
	EXPECT_CONTAINS(reason, "priority 9");
	fake_a.caps.prio_max = 0;
	EXPECT_EQ(check(&fake_a, &f, reason), -ERANGE);
	EXPECT_CONTAINS(reason, "chain 9");
	fake_a.caps.chain_max = 9;
	EXPECT_EQ(check(&fake_a, &f, reason), -E2BIG);
	fake_a.caps.max_actions = 2;
	EXPECT_EQ(check(&fake_a, &f, reason), -EOPNOTSUPP);
	EXPECT_CONTAINS(reason, "cannot do action 'mangle'");
	fake_a.caps.actions = NFTO_MODEL_ACTIONS;
	EXPECT_EQ(check(&fake_a, &f, reason), 0);
}

/* A long backend name cuts the reason short, never the buffer. */
static void caps_reason_bounded(struct test *t)
{
	char reason[24];
	struct nfto_flow f;

	fake_reset(&fake_a, "a-backend-name-of-31-characters");
	tc_flow(t, &f);
	fake_a.caps.keys = 0;
	EXPECT_EQ(nfto_flow_check_caps(&f, &fake_a.ops, reason, sizeof(reason)),
		  -EOPNOTSUPP);
	EXPECT_STREQ(reason, "backend a-backend-name-");
}

static const struct test_case caps_cases[] = {
	TEST_CASE(caps_fitting_flow_accepted),
	TEST_CASE(caps_key_refused),
	TEST_CASE(caps_action_refused),
	TEST_CASE(caps_prio_max),
	TEST_CASE(caps_chain_max),
	TEST_CASE(caps_max_actions),
	TEST_CASE(caps_flowtable_needs_cap),
	TEST_CASE(caps_goto_direction),
	TEST_CASE(caps_goto_above_chain_max),
	TEST_CASE(caps_check_order),
	TEST_CASE(caps_reason_bounded),
	{}
};

const struct test_suite suite_caps = { "caps", caps_cases };
