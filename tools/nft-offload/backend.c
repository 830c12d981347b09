// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload backend DEV NAME: switch a device's backend through its
 * devlink param flow_offload_backend, as
 * "devlink dev param set nft_offload/nfto1 name flow_offload_backend
 *  value NAME cmode runtime" does, and say why when the kernel refuses.
 *
 * 6.1's param .set has no extack: the reason then comes from the device's
 * failure records (NFTO_CMD_FAILURE_GET), which the switch writes to.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/devlink.h>
#include <linux/netlink.h>

#include "common.h"
#include "subcommands.h"
#include "util.h"

#define PARAM_NAME	"flow_offload_backend"

static const char usage[] =
	"Usage: nft-offload [--json] backend DEV NAME\n"
	"\n"
	"Switch device DEV (nfto<ID> or ID) to backend NAME. Everything\n"
	"offloaded moves to the new backend, or nothing changes and the\n"
	"kernel's reason is printed. Exit status 1 when the new backend\n"
	"refuses what is offloaded, 2 on other errors.\n";

static int param_set(struct nl *dl, const char *devname, const char *value)
{
	struct nlmsghdr *nlh = nl_genl_msg(dl, DEVLINK_CMD_PARAM_SET,
					   DEVLINK_GENL_VERSION, 0);

	mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "nft_offload");
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, devname);
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_PARAM_NAME, PARAM_NAME);
	/*
	 * The param's type as the kernel's NLA_* id: string params are
	 * NLA_STRING (devlink_param_type_get_from_info() of 6.1 and 6.12
	 * knows no other), which is libmnl's MNL_TYPE_STRING; the value
	 * itself goes NUL-terminated, as iproute2 sends it.
	 */
	mnl_attr_put_u8(nlh, DEVLINK_ATTR_PARAM_TYPE, MNL_TYPE_STRING);
	mnl_attr_put_u8(nlh, DEVLINK_ATTR_PARAM_VALUE_CMODE,
			DEVLINK_PARAM_CMODE_RUNTIME);
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_PARAM_VALUE_DATA, value);
	return nl_talk(dl, nlh, NULL, NULL);
}

/* The capability refused (1), or the request was wrong or failed (2). */
static int refusal_status(int err)
{
	switch (-err) {
	case EOPNOTSUPP:
	case ERANGE:
	case E2BIG:
	case ENOSPC:
	case EIO:
		return EXIT_NOT_OFFLOADABLE;
	default:
		return EXIT_ERROR;
	}
}

static uint64_t last_seq(const nfto_failures_t *f)
{
	uint64_t seq = 0;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].seq > seq)
			seq = f->v[i].seq;
	return seq;
}

int backend_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	nfto_failures_t before = { 0 }, after = { 0 };
	nfto_devs_t devs = { 0 };
	const struct nfto_dev *d;
	const char *name;
	struct nl nl, dl;
	uint64_t seq;
	uint32_t id;
	int opt, ret, err;
	size_t i;

	while ((opt = getopt_long(argc, argv, "hj", longopts, NULL)) != -1)
		if (common_opt(opt, usage, &ret))
			return ret;
	if (argc - optind != 2) {
		fprintf(stderr, "%s", usage);
		return EXIT_ERROR;
	}
	name = argv[optind + 1];
	if (!dev_arg_ok(argv[optind], &id))
		return EXIT_ERROR;
	if (!nfto_backend_name_valid(name)) {
		errmsg("bad backend name '%s': 1 to %d characters of [a-z0-9_-]",
		       name, NFTO_NAME_MAX - 1);
		return EXIT_ERROR;
	}
	if (nfto_open(&nl))
		return EXIT_ERROR;
	ret = load_devices(&nl, &devs, argv[optind], &id);
	if (ret >= 0)
		goto out;
	d = nfto_find_dev(&devs, id);
	/* to tell this switch's records from older ones */
	nfto_get_failures(&nl, id, &before);
	seq = last_seq(&before);

	err = nl_genl_open(&dl, DEVLINK_GENL_NAME);
	if (err) {
		kernel_error(NULL, err, "devlink");
		ret = EXIT_ERROR;
		goto out;
	}
	err = param_set(&dl, d->name, name);
	if (!err) {
		/* what the switch changed on its way: the table's size */
		nfto_get_failures(&nl, id, &after);
		if (json_output) {
			struct json j;

			json_init(&j, stdout);
			json_obj_begin(&j, NULL);
			json_str(&j, "device", d->name);
			json_str(&j, "backend", name);
			json_str(&j, "previous", d->backend);
			json_bool(&j, "switched", true);
			json_null(&j, "error");
			json_null(&j, "extack");
			json_arr_begin(&j, "failures");
			for (i = 0; i < after.n; i++)
				if (after.v[i].seq > seq)
					json_failure(&j, &after.v[i]);
			json_arr_end(&j);
			json_obj_end(&j);
			json_end(&j);
		} else {
			printf("%s: backend %s (was %s)\n", d->name, name, d->backend);
			for (i = 0; i < after.n; i++)
				if (after.v[i].seq > seq)
					print_failure(stdout, "  ", &after.v[i]);
		}
		ret = EXIT_OFFLOAD_OK;
		goto out_dl;
	}

	kernel_error(&dl, err, "switching %s to backend %s", d->name, name);
	nfto_get_failures(&nl, id, &after);
	for (i = 0; i < after.n; i++)
		if (after.v[i].seq > seq)
			print_failure(stderr, "  ", &after.v[i]);
	ret = refusal_status(err);
	if (json_output && ret == EXIT_NOT_OFFLOADABLE) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "device", d->name);
		json_str(&j, "backend", d->backend);
		json_str(&j, "requested", name);
		json_bool(&j, "switched", false);
		json_str(&j, "error", errno_name(-err));
		json_str(&j, "extack", dl.extack[0] ? dl.extack : NULL);
		json_arr_begin(&j, "failures");
		for (i = 0; i < after.n; i++)
			if (after.v[i].seq > seq)
				json_failure(&j, &after.v[i]);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
out_dl:
	nl_close(&dl);
out:
	free(before.v);
	free(after.v);
	nfto_free_devs(&devs);
	nl_close(&nl);
	return ret;
}
