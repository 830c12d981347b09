/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFTO_UTIL_H
#define NFTO_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

/* Exit status, documented in nft-offload(8). */
#define EXIT_OFFLOAD_OK		0	/* done; everything offloads */
#define EXIT_NOT_OFFLOADABLE	1	/* check failed, switch refused */
#define EXIT_ERROR		2	/* usage, bad input, kernel errors */
#define EXIT_WARNINGS		3	/* check --strict: warnings only */

extern const char *prog_name;	/* "nft-offload" */
extern bool json_output;	/* global --json */

void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * "nft-offload: WHAT: strerror(-err): kernel's extack" on stderr; EPERM
 * says which capability is missing.
 */
void kernel_error(const struct nl *nl, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "nfto3" or "3" -> 3; false on anything else (no message). */
bool parse_dev(const char *arg, uint32_t *id);

/* "EOPNOTSUPP" for 95; a number when unknown. */
const char *errno_name(int err);


#endif /* NFTO_UTIL_H */
