// SPDX-License-Identifier: GPL-2.0
/*
 * flowcheck-raw CASE [DEV_ID]: send one hand-made NFTO_CMD_FLOW_CHECK
 * request, valid or malformed on purpose, and print what the kernel said:
 *
 *   error <errno>: <extack>     the request was refused
 *   ok <backend> <dev>          a verdict: it would offload
 *   refused <kind> <reason>     a verdict: it would not
 *
 * For tests/selftests/check.sh, which checks the kernel's validation of
 * every attribute; nft-offload itself only ever sends valid requests.
 * Exit status 0 when the kernel answered (either way), 2 on a local error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/nft_offload.h>

#include "nl.h"

struct reply {
	char	backend[64];
	char	dev[32];
	char	kind[32];
	char	reason[256];
	int	ok;
};

static void copy(char *dst, size_t len, const struct nlattr *a)
{
	snprintf(dst, len, "%.*s", (int)mnl_attr_get_payload_len(a),
		 (const char *)mnl_attr_get_payload(a));
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case NFTO_A_CHECK_BACKEND:
			copy(r->backend, sizeof(r->backend), a);
			break;
		case NFTO_A_DEV_NAME:
			copy(r->dev, sizeof(r->dev), a);
			break;
		case NFTO_A_CHECK_OK:
			r->ok = 1;
			break;
		case NFTO_A_FAIL_KIND:
			copy(r->kind, sizeof(r->kind), a);
			break;
		case NFTO_A_FAIL_REASON:
			copy(r->reason, sizeof(r->reason), a);
			break;
		}
	}
	return 0;
}

static void action(struct nlmsghdr *nlh, const char *name)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTION);

	if (name)
		mnl_attr_put_strz(nlh, NFTO_ACT_A_NAME, name);
	mnl_attr_nest_end(nlh, n);
}

static void actions(struct nlmsghdr *nlh, const char *name, int n)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTIONS);

	while (n--)
		action(nlh, name);
	mnl_attr_nest_end(nlh, nest);
}

/* One action with one u8/u32 attribute of the caller's choice. */
static void action_attr(struct nlmsghdr *nlh, const char *name, uint16_t type,
			uint32_t val, int len)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTIONS);
	struct nlattr *n = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTION);

	mnl_attr_put_strz(nlh, NFTO_ACT_A_NAME, name);
	if (len == 1)
		mnl_attr_put_u8(nlh, type, (uint8_t)val);
	else if (len == 4)
		mnl_attr_put_u32(nlh, type, val);
	if (!strcmp(name, "mangle") && type != NFTO_ACT_A_MANGLE_HTYPE)
		mnl_attr_put_u8(nlh, NFTO_ACT_A_MANGLE_HTYPE, 1);
	if (!strcmp(name, "mangle") && type != NFTO_ACT_A_MANGLE_OFFSET)
		mnl_attr_put_u32(nlh, NFTO_ACT_A_MANGLE_OFFSET, 0);
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, nest);
}

static void key_attr(struct nlmsghdr *nlh, uint16_t type, const void *p,
		     size_t len)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, NFTO_A_CHECK_KEY);

	mnl_attr_put(nlh, type, len, p);
	mnl_attr_nest_end(nlh, n);
}

int main(int argc, char *argv[])
{
	static const uint8_t mac5[5] = { 2, 0, 0, 0, 1 };
	const char *c = argc > 1 ? argv[1] : "";
	uint32_t dev = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 1;
	struct reply r = { 0 };
	struct nlmsghdr *nlh;
	uint16_t v16;
	struct nl nl;
	int err;

	if (nl_genl_open(&nl, NFTO_GENL_NAME)) {
		fprintf(stderr, "flowcheck-raw: no nft_offload family\n");
		return 2;
	}
	nlh = nl_genl_msg(&nl, NFTO_CMD_FLOW_CHECK, NFTO_GENL_VERSION, 0);
	if (strcmp(c, "no_target") && strcmp(c, "by_backend"))
		mnl_attr_put_u32(nlh, NFTO_A_DEV_ID, dev);

	if (!strcmp(c, "good") || !strcmp(c, "no_target")) {
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "by_backend")) {
		mnl_attr_put_strz(nlh, NFTO_A_CHECK_BACKEND, "ice");
		actions(nlh, "accept", 1);
	} else if (!strcmp(c, "bad_backend")) {
		mnl_attr_put_strz(nlh, NFTO_A_CHECK_BACKEND, "nope");
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "long_backend")) {
		mnl_attr_put_strz(nlh, NFTO_A_CHECK_BACKEND,
				  "a-backend-name-far-longer-than-31-bytes");
	} else if (!strcmp(c, "no_action")) {
		/* a verdict, not an error: the model's "rule has no action" */
	} else if (!strcmp(c, "too_many")) {
		actions(nlh, "drop", NFTO_MODEL_MAX_ACTIONS + 1);
	} else if (!strcmp(c, "max_actions")) {
		actions(nlh, "drop", NFTO_MODEL_MAX_ACTIONS);
	} else if (!strcmp(c, "unknown_action")) {
		actions(nlh, "frobnicate", 1);
	} else if (!strcmp(c, "nameless_action")) {
		actions(nlh, NULL, 1);
	} else if (!strcmp(c, "model_action")) {
		actions(nlh, "police", 1);
	} else if (!strcmp(c, "redirect_no_ifindex")) {
		actions(nlh, "redirect", 1);
	} else if (!strcmp(c, "redirect_ifindex0")) {
		action_attr(nlh, "redirect", NFTO_ACT_A_IFINDEX, 0, 4);
	} else if (!strcmp(c, "mangle_htype")) {
		action_attr(nlh, "mangle", NFTO_ACT_A_MANGLE_HTYPE, 9, 1);
	} else if (!strcmp(c, "mangle_offset")) {
		action_attr(nlh, "mangle", NFTO_ACT_A_MANGLE_OFFSET, 40, 4);
	} else if (!strcmp(c, "mangle_outside")) {
		action_attr(nlh, "mangle", NFTO_ACT_A_MANGLE_OFFSET, 12, 4);
	} else if (!strcmp(c, "csum_flags")) {
		action_attr(nlh, "csum", NFTO_ACT_A_CSUM_FLAGS, 0x100, 4);
	} else if (!strcmp(c, "vlan_id")) {
		v16 = 4096;
		key_attr(nlh, NFTO_KEY_A_VLAN_ID, &v16, 2);
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "eth_len")) {
		key_attr(nlh, NFTO_KEY_A_ETH_DST, mac5, sizeof(mac5));
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "type")) {
		mnl_attr_put_u8(nlh, NFTO_A_CHECK_TYPE, 2);
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "port_ifindex0")) {
		mnl_attr_put_u32(nlh, NFTO_A_CHECK_IFINDEX, 0);
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "not_a_port")) {
		mnl_attr_put_u32(nlh, NFTO_A_CHECK_IFINDEX, 1);	/* lo */
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "unknown_attr")) {
		mnl_attr_put_u32(nlh, NFTO_A_MAX + 1, 0);
		actions(nlh, "drop", 1);
	} else if (!strcmp(c, "stray_in_actions")) {
		struct nlattr *n = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTIONS);

		action(nlh, "drop");
		mnl_attr_put_u32(nlh, NFTO_A_CHECK_PRIO, 1);
		mnl_attr_nest_end(nlh, n);
	} else {
		fprintf(stderr, "flowcheck-raw: unknown case '%s'\n", c);
		nl_close(&nl);
		return 2;
	}

	err = nl_talk(&nl, nlh, reply_cb, &r);
	if (err)
		printf("error %s: %s\n", strerror(-err), nl.extack);
	else if (r.ok)
		printf("ok %s %s\n", r.backend, r.dev[0] ? r.dev : "-");
	else
		printf("refused %s %s\n", r.kind, r.reason);
	nl_close(&nl);
	return 0;
}
