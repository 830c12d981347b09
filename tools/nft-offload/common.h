/* SPDX-License-Identifier: GPL-2.0 */
/* Pieces several subcommands share: device lookup and failure records. */
#ifndef NFTO_COMMON_H
#define NFTO_COMMON_H

#include "json.h"
#include "genl_client.h"

/*
 * Reads the devices; with @arg (nfto<ID> or ID) only that one must exist.
 * Prints the one-line error itself and returns an exit status, or -1 when
 * all is well.
 */
int load_devices(struct nl *nl, nfto_devs_t *devs, const char *arg,
		 uint32_t *id);

/* Checks a DEV argument before anything else: false (message printed) if bad. */
bool dev_arg_ok(const char *arg, uint32_t *id);

void json_failure(struct json *j, const struct nfto_failure *f);
/* One line: "#12 capability nfto1p0 ingress rule prio 10 chain 0 ...". */
void print_failure(FILE *out, const char *indent, const struct nfto_failure *f);

#endif /* NFTO_COMMON_H */
