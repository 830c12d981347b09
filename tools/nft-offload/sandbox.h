/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check -f: a ruleset file loaded into a private network namespace, on
 * stand-in devices named and numbered like the caller's, so that it can be
 * read back and judged without touching the caller's ruleset.
 */
#ifndef NFTO_SANDBOX_H
#define NFTO_SANDBOX_H

#include <net/if.h>
#include <stddef.h>

#include "nl.h"

struct sandbox_link {
	char	name[IF_NAMESIZE];
	int	ifindex;
};

struct sandbox {
	struct sandbox_link	*links;		/* the caller's, but lo */
	size_t			n;
	unsigned int		renumbered;	/* stand-ins with another ifindex */
};

/* The caller's links over @rtnl (a socket in the caller's netns). 0 or -errno. */
int sandbox_read_links(struct nl *rtnl, struct sandbox *sb);

/*
 * Moves this process into a new network namespace (unshare(CLONE_NEWNET))
 * and creates a stand-in (one end of a veth pair) for every link of @sb,
 * with its name and ifindex. Sockets opened before keep talking to the
 * caller's netns. -1 on success, else an exit status, the error printed.
 */
int sandbox_enter(struct sandbox *sb);

/*
 * Loads @file (@text, already stripped of "flags offload") with the nft
 * command in the current netns. -1 on success, else an exit status with
 * nft's own messages on stderr, @file named as the user gave it.
 */
int sandbox_nft_load(const char *file, const char *text, size_t len,
		     bool has_include);

void sandbox_free(struct sandbox *sb);

#endif /* NFTO_SANDBOX_H */
