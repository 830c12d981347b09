// SPDX-License-Identifier: GPL-2.0
/*
 * libmnl for every socket: NETLINK_CAP_ACK (acks without the request echoed
 * back) and NETLINK_EXT_ACK (the kernel's reason comes with the error), the
 * way iproute2's lib/mnl_utils.c does it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

/* Big enough for any dump part the kernel builds (it adapts to us). */
#define NL_BUFLEN	(64 * 1024)

int nl_open(struct nl *nl, int bus)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->buflen = NL_BUFLEN;
	nl->buf = malloc(nl->buflen);
	if (!nl->buf)
		return -ENOMEM;
	nl->sk = mnl_socket_open(bus);
	if (!nl->sk)
		goto err;
	/* Both are best effort: old kernels lack them, requests still work. */
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = time(NULL);
	return 0;
err:
	{
		int err = errno;

		nl_close(nl);
		return -err;
	}
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->buf);
	nl->sk = NULL;
	nl->buf = NULL;
}

/* Extended ack TLVs after struct nlmsgerr (CAP_ACK: no request echoed). */
static void nl_parse_extack(struct nl *nl, const struct nlmsghdr *nlh,
			    const void *tlvs, size_t len)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	for (attr = tlvs; mnl_attr_ok(attr, len);
	     attr = mnl_attr_next(attr)) {
		len -= (const char *)mnl_attr_next(attr) - (const char *)attr;
		if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			continue;
		snprintf(nl->extack, sizeof(nl->extack), "%s",
			 mnl_attr_get_str(attr));
		/* the kernel's messages sometimes end in a newline */
		nl->extack[strcspn(nl->extack, "\n")] = '\0';
	}
}

/* What libmnl passes to every callback of one request. */
struct nl_ctx {
	struct nl	*nl;
	nl_cb_t		cb;
	void		*data;
	int		cb_err;
};

static int nl_cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	int err;

	if (!ctx->cb)
		return MNL_CB_OK;
	err = ctx->cb(nlh, ctx->data);
	if (!err)
		return MNL_CB_OK;
	ctx->cb_err = err;
	errno = -err;
	return MNL_CB_ERROR;
}

static int nl_cb_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct nl *nl = ((struct nl_ctx *)data)->nl;
	size_t hlen = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* Without CAP_ACK the request comes back before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += err->msg.nlmsg_len - sizeof(err->msg);
	if (mnl_nlmsg_get_payload_len(nlh) > hlen)
		nl_parse_extack(nl, nlh, (const char *)err + hlen,
				mnl_nlmsg_get_payload_len(nlh) - hlen);
	if (!err->error)
		return MNL_CB_STOP;
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

/* A dump ends with NLMSG_DONE, which carries the dump's error, if any. */
static int nl_cb_done(const struct nlmsghdr *nlh, void *data)
{
	struct nl *nl = ((struct nl_ctx *)data)->nl;
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(int));
	if (mnl_nlmsg_get_payload_len(nlh) > sizeof(int))
		nl_parse_extack(nl, nlh, (const char *)mnl_nlmsg_get_payload(nlh) +
				sizeof(int),
				mnl_nlmsg_get_payload_len(nlh) - sizeof(int));
	if (!error)
		return MNL_CB_STOP;
	errno = error < 0 ? -error : error;
	return MNL_CB_ERROR;
}

static int nl_cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_cb_t cb, void *data)
{
	static const mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP]	= nl_cb_noop,
		[NLMSG_ERROR]	= nl_cb_error,
		[NLMSG_DONE]	= nl_cb_done,
		[NLMSG_OVERRUN]	= nl_cb_noop,
	};
	struct nl_ctx ctx = { .nl = nl, .cb = cb, .data = data };
	uint32_t seq;
	ssize_t n;
	int ret;

	nl->extack[0] = '\0';
	nlh->nlmsg_flags |= NLM_F_ACK;
	seq = nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->buflen);
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(nl->buf, n, seq, nl->portid, nl_cb_data, &ctx,
				  (mnl_cb_t *)ctl, NLMSG_MIN_TYPE);
	} while (ret == MNL_CB_OK);
	if (ret == MNL_CB_ERROR)
		return ctx.cb_err ? ctx.cb_err : -errno;
	return 0;
}

struct nlmsghdr *nl_genl_msg(struct nl *nl, uint8_t cmd, uint8_t version,
			     uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

static int nl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;
	uint16_t *id = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			*id = mnl_attr_get_u16(attr);
	return 0;
}

int nl_genl_open(struct nl *nl, const char *name)
{
	struct nlmsghdr *nlh;
	uint16_t id = 0;
	int err;

	err = nl_open(nl, NETLINK_GENERIC);
	if (err)
		return err;
	nl->family = GENL_ID_CTRL;
	nlh = nl_genl_msg(nl, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	err = nl_talk(nl, nlh, nl_family_cb, &id);
	if (!err && !id)
		err = -ENOENT;
	if (err) {
		nl_close(nl);
		return err;
	}
	nl->family = id;
	return 0;
}
