/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmnl sockets with extended acks, after iproute2's lib/mnl_utils.c:
 * every request asks for an ack, every error keeps the kernel's extack
 * message so the caller can print it.
 */
#ifndef NFTO_NL_H
#define NFTO_NL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

struct nl {
	struct mnl_socket	*sk;
	unsigned int		portid;
	uint32_t		seq;
	uint16_t		family;		/* generic netlink family id */
	char			*buf;		/* send and receive buffer */
	size_t			buflen;
	char			extack[256];	/* the last error's message */
};

/* 0, or -errno with a message on stderr. */
int nl_open(struct nl *nl, int bus);
/*
 * Open a generic netlink socket for family @name. -ENOENT when the family
 * is not registered (its module is not loaded); no message then.
 */
int nl_genl_open(struct nl *nl, const char *name);
void nl_close(struct nl *nl);

/* A generic netlink request in nl->buf. */
struct nlmsghdr *nl_genl_msg(struct nl *nl, uint8_t cmd, uint8_t version,
			     uint16_t flags);

/* Called for every data message of a reply: 0 to go on, or -errno. */
typedef int (*nl_cb_t)(const struct nlmsghdr *nlh, void *data);

/*
 * Send @nlh and run @cb on every reply until the ack or the end of the dump.
 * Returns 0 or -errno; on error nl->extack holds the kernel's message (or
 * is empty). A @cb error aborts and is returned.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_cb_t cb, void *data);

#endif /* NFTO_NL_H */
