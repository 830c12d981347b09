/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check -f: the ruleset file's text made loadable on stand-in devices.
 * Pure (no netlink, no system calls), unit-tested in tests/test_nftfile.
 */
#ifndef NFTO_NFTFILE_H
#define NFTO_NFTFILE_H

#include <stdbool.h>
#include <stddef.h>

struct nftfile_info {
	unsigned int	stripped;	/* "offload" flags removed */
	bool		include;	/* the file has an include statement */
	bool		json;		/* JSON syntax (nft -j), not handled */
};

/*
 * Blanks out every "offload" of a "flags" list in @text (chains and
 * flowtables: nf_tables refuses offload on a device without
 * ndo_setup_tc), with spaces so that nft's line:column positions still
 * point into the user's file; a list left empty loses its "flags" word
 * too. Comments and quoted strings are left alone. Fills @info.
 */
void nftfile_strip_offload(char *text, size_t len, struct nftfile_info *info);

#endif /* NFTO_NFTFILE_H */
