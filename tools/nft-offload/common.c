// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "util.h"

bool dev_arg_ok(const char *arg, uint32_t *id)
{
	if (parse_dev(arg, id))
		return true;
	errmsg("bad device '%s': expected nfto<ID> or <ID> (0-65535)", arg);
	return false;
}

int load_devices(struct nl *nl, nfto_devs_t *devs, const char *arg,
		 uint32_t *id)
{
	int err;

	if (arg && !dev_arg_ok(arg, id))
		return EXIT_ERROR;
	err = nfto_get_devs(nl, devs);
	if (err) {
		kernel_error(nl, err, "reading the devices");
		return EXIT_ERROR;
	}
	if (!devs->n) {
		errmsg("no nft_offload devices (create one: echo \"ID PORTS\" > /sys/bus/nft_offload/new_device)");
		return EXIT_ERROR;
	}
	if (arg && !nfto_find_dev(devs, *id)) {
		errmsg("no device nfto%u", *id);
		return EXIT_ERROR;
	}
	return -1;
}

void json_failure(struct json *j, const struct nfto_failure *f)
{
	json_obj_begin(j, NULL);
	json_u64(j, "seq", f->seq);
	json_str(j, "kind", f->kind);
	json_str(j, "where", f->where);
	json_str(j, "type", f->has_flow ? f->type : NULL);
	if (f->has_flow) {
		json_u64(j, "prio", f->prio);
		json_u64(j, "chain", f->chain);
	} else {
		json_null(j, "prio");
		json_null(j, "chain");
	}
	json_str(j, "flow", f->flow[0] ? f->flow : NULL);
	json_str(j, "cookie", f->cookie[0] ? f->cookie : NULL);
	json_u64(j, "errno", f->err);
	json_str(j, "error", errno_name(f->err));
	json_str(j, "reason", f->reason);
	json_obj_end(j);
}

void print_failure(FILE *out, const char *indent, const struct nfto_failure *f)
{
	fprintf(out, "%s#%llu %s %s", indent, (unsigned long long)f->seq,
		f->kind, f->where);
	if (f->has_flow)
		fprintf(out, " %s prio %u chain %u", f->type, f->prio, f->chain);
	if (f->flow[0])
		fprintf(out, " %s", f->flow);
	if (f->cookie[0])
		fprintf(out, " cookie %s", f->cookie);
	fprintf(out, ": %s (%s)\n", f->reason, errno_name(f->err));
}
