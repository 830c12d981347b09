/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tool's client of the nft_offload generic netlink family
 * (include/uapi/linux/nft_offload.h): requests, and replies read into
 * plain structs.
 */
#ifndef NFTO_GENL_CLIENT_H
#define NFTO_GENL_CLIENT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "nl.h"

struct nfto_names {
	char	**v;
	size_t	n;
};

struct nfto_backend {
	struct nfto_caps	caps;		/* name, keys, actions, limits */
	char			version[32];
	struct nfto_names	keys;		/* as the kernel named them */
	struct nfto_names	actions;
	uint32_t		table_size;
	uint32_t		table_size_max;
	bool			loaded;
	char			module[64];	/* from modules.alias, or "" */
};

struct nfto_stat {
	char		name[48];
	uint64_t	value;
};

struct nfto_port {
	uint32_t		index;
	uint32_t		ifindex;
	char			ifname[IF_NAMESIZE];
	bool			has_netnsid;	/* else: the caller's netns */
	int32_t			netnsid;
	char			peer[24];	/* "ID:PORT" or "" */
	struct nfto_stat	*stats;
	size_t			nstats;
};

struct nfto_dev {
	uint32_t		id;
	char			name[16];
	char			backend[NFTO_NAME_MAX];
	uint32_t		table_size;
	uint32_t		table_occ;
	uint64_t		failures;
	struct nfto_port	*ports;
	size_t			nports;
};

struct nfto_failure {
	uint64_t	seq;
	char		kind[24];
	char		where[48];
	char		type[16];	/* "" when the record has no flow */
	bool		has_flow;
	uint32_t	prio;
	uint32_t	chain;
	char		flow[128];
	char		cookie[24];
	uint32_t	err;		/* positive errno */
	char		reason[160];
};

struct nfto_hwentry {
	uint32_t		port;
	char			type[16];
	uint32_t		prio;
	uint32_t		chain;
	char			cookie[24];
	struct nfto_names	keys;
	char			match[512];
	char			actions[512];
	uint64_t		packets;
	uint64_t		bytes;
	uint64_t		lastused_ms;
};

#define NFTO_VEC(T) struct { T *v; size_t n; }

typedef NFTO_VEC(struct nfto_backend) nfto_backends_t;
typedef NFTO_VEC(struct nfto_dev) nfto_devs_t;
typedef NFTO_VEC(struct nfto_failure) nfto_failures_t;
typedef NFTO_VEC(struct nfto_hwentry) nfto_entries_t;

/*
 * Open the family; prints the one-line error itself ("nft_offload is not
 * loaded" when the family is missing). 0 or -errno.
 */
int nfto_open(struct nl *nl);

/* Each returns 0 or -errno (nl->extack set); vectors are appended to. */
int nfto_get_backends(struct nl *nl, nfto_backends_t *out);
int nfto_get_devs(struct nl *nl, nfto_devs_t *out);
int nfto_get_failures(struct nl *nl, uint32_t dev_id, nfto_failures_t *out);
int nfto_get_entries(struct nl *nl, uint32_t dev_id, nfto_entries_t *out);

void nfto_free_backends(nfto_backends_t *v);
void nfto_free_devs(nfto_devs_t *v);
void nfto_free_entries(nfto_entries_t *v);

/* The kernel's answer to NFTO_CMD_FLOW_CHECK. */
struct nfto_verdict {
	bool		ok;
	char		backend[NFTO_NAME_MAX];	/* who judged */
	char		dev[16];		/* on which switch, or "" */
	char		kind[24];		/* model, capability, table_full */
	uint32_t	err;			/* positive errno */
	char		reason[160];
};

/*
 * Would @flow offload? Judged by the kernel on switch @dev_id (UINT32_MAX:
 * none) with its backend, or with @backend (NULL: the switch's). 0 with
 * @out filled, or -errno (nl->extack set); -EOPNOTSUPP when the kernel's
 * nft_offload predates NFTO_CMD_FLOW_CHECK.
 */
int nfto_flow_check(struct nl *nl, uint32_t dev_id, const char *backend,
		    const struct nfto_uflow *flow, struct nfto_verdict *out);

/* Loadable backends from modules.alias: name and module, appended. */
int nfto_alias_backends(const char *alias_file, nfto_backends_t *out);
struct nfto_backend *nfto_find_backend(nfto_backends_t *v, const char *name);
const struct nfto_dev *nfto_find_dev(const nfto_devs_t *v, uint32_t id);

#endif /* NFTO_GENL_CLIENT_H */
