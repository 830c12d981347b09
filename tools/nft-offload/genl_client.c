// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the nft_offload family's dumps into structs. Attributes this tool
 * does not know are skipped, so a newer kernel can add some.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/nft_offload.h>

#include "genl_client.h"
#include "util.h"

/* Grows a vector by one zeroed element; NULL when out of memory. */
#define VEC_PUSH(vec) ({						\
	void *__p = realloc((vec)->v, ((vec)->n + 1) * sizeof(*(vec)->v)); \
	__typeof__((vec)->v) __e = NULL;				\
	if (__p) {							\
		(vec)->v = __p;						\
		__e = &(vec)->v[(vec)->n++];				\
		memset(__e, 0, sizeof(*__e));				\
	}								\
	__e;								\
})

int nfto_open(struct nl *nl)
{
	int err = nl_genl_open(nl, NFTO_GENL_NAME);

	if (err == -ENOENT)
		errmsg("nft_offload is not loaded (modprobe nft_offload)");
	else if (err)
		errmsg("cannot talk to the kernel: %s", strerror(-err));
	return err;
}

static void copy_str(char *dst, size_t len, const struct nlattr *attr)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 &&
	    mnl_attr_validate(attr, MNL_TYPE_STRING) < 0) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, len, "%.*s", (int)mnl_attr_get_payload_len(attr),
		 (const char *)mnl_attr_get_payload(attr));
}

static uint32_t get_u32(const struct nlattr *attr)
{
	return mnl_attr_validate(attr, MNL_TYPE_U32) < 0 ? 0 :
	       mnl_attr_get_u32(attr);
}

static uint64_t get_u64(const struct nlattr *attr)
{
	if (mnl_attr_get_payload_len(attr) == sizeof(uint64_t))
		return mnl_attr_get_u64(attr);
	return get_u32(attr);
}

/* A nest of NFTO_A_NAME strings. */
static int get_names(const struct nlattr *nest, struct nfto_names *out)
{
	const struct nlattr *attr;
	char buf[64];

	mnl_attr_for_each_nested(attr, nest) {
		char **v;

		if (mnl_attr_get_type(attr) != NFTO_A_NAME)
			continue;
		copy_str(buf, sizeof(buf), attr);
		v = realloc(out->v, (out->n + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		out->v = v;
		v[out->n] = strdup(buf);
		if (!v[out->n])
			return -ENOMEM;
		out->n++;
	}
	return 0;
}

static void free_names(struct nfto_names *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	n->v = NULL;
	n->n = 0;
}

#define for_each_genl_attr(attr, nlh) \
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))

static int backend_cb(const struct nlmsghdr *nlh, void *data)
{
	nfto_backends_t *out = data;
	const struct nlattr *attr;
	struct nfto_backend *b = VEC_PUSH(out);
	size_t i;
	int err = 0;

	if (!b)
		return -ENOMEM;
	b->loaded = true;
	for_each_genl_attr(attr, nlh) {
		switch (mnl_attr_get_type(attr)) {
		case NFTO_A_BACKEND_NAME:
			copy_str(b->caps.name, sizeof(b->caps.name), attr);
			break;
		case NFTO_A_BACKEND_VERSION:
			copy_str(b->version, sizeof(b->version), attr);
			break;
		case NFTO_A_BACKEND_KEYS:
			err = err ?: get_names(attr, &b->keys);
			break;
		case NFTO_A_BACKEND_ACTIONS:
			err = err ?: get_names(attr, &b->actions);
			break;
		case NFTO_A_BACKEND_MAX_ACTIONS:
			b->caps.max_actions = get_u32(attr);
			break;
		case NFTO_A_BACKEND_PRIO_MAX:
			b->caps.prio_max = get_u32(attr);
			break;
		case NFTO_A_BACKEND_CHAIN_MAX:
			b->caps.chain_max = get_u32(attr);
			break;
		case NFTO_A_BACKEND_TABLE_SIZE:
			b->table_size = get_u32(attr);
			break;
		case NFTO_A_BACKEND_TABLE_SIZE_MAX:
			b->table_size_max = get_u32(attr);
			break;
		case NFTO_A_BACKEND_FLAGS:
			b->caps.flags = get_u32(attr);
			break;
		}
	}
	/* Names this tool does not know stay in the lists, out of the bits. */
	for (i = 0; i < b->keys.n; i++) {
		int id = nfto_key_by_name(b->keys.v[i]);

		if (id >= 0)
			b->caps.keys |= NFTO_BIT(id);
	}
	for (i = 0; i < b->actions.n; i++) {
		int id = nfto_action_by_name(b->actions.v[i]);

		if (id >= 0)
			b->caps.actions |= NFTO_BIT(id);
	}
	return err;
}

int nfto_get_backends(struct nl *nl, nfto_backends_t *out)
{
	struct nlmsghdr *nlh = nl_genl_msg(nl, NFTO_CMD_BACKEND_GET,
					   NFTO_GENL_VERSION, NLM_F_DUMP);

	return nl_talk(nl, nlh, backend_cb, out);
}

static int get_stats(const struct nlattr *nest, struct nfto_port *p)
{
	const struct nlattr *st, *attr;

	mnl_attr_for_each_nested(st, nest) {
		struct nfto_stat *v, *s;

		if (mnl_attr_get_type(st) != NFTO_A_STAT)
			continue;
		v = realloc(p->stats, (p->nstats + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		p->stats = v;
		s = &v[p->nstats++];
		memset(s, 0, sizeof(*s));
		mnl_attr_for_each_nested(attr, st) {
			if (mnl_attr_get_type(attr) == NFTO_A_NAME)
				copy_str(s->name, sizeof(s->name), attr);
			else if (mnl_attr_get_type(attr) == NFTO_A_VALUE)
				s->value = get_u64(attr);
		}
	}
	return 0;
}

static int get_port(const struct nlattr *nest, struct nfto_dev *d)
{
	const struct nlattr *attr;
	struct nfto_port *v, *p;
	int err = 0;

	v = realloc(d->ports, (d->nports + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	d->ports = v;
	p = &v[d->nports++];
	memset(p, 0, sizeof(*p));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case NFTO_A_PORT_INDEX:
			p->index = get_u32(attr);
			break;
		case NFTO_A_PORT_IFINDEX:
			p->ifindex = get_u32(attr);
			break;
		case NFTO_A_PORT_IFNAME:
			copy_str(p->ifname, sizeof(p->ifname), attr);
			break;
		case NFTO_A_PORT_NETNSID:
			p->has_netnsid = true;
			p->netnsid = (int32_t)get_u32(attr);
			break;
		case NFTO_A_PORT_PEER:
			copy_str(p->peer, sizeof(p->peer), attr);
			break;
		case NFTO_A_PORT_STATS:
			err = err ?: get_stats(attr, p);
			break;
		}
	}
	return err;
}

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	nfto_devs_t *out = data;
	const struct nlattr *attr, *port;
	struct nfto_dev *d = VEC_PUSH(out);
	int err = 0;

	if (!d)
		return -ENOMEM;
	for_each_genl_attr(attr, nlh) {
		switch (mnl_attr_get_type(attr)) {
		case NFTO_A_DEV_ID:
			d->id = get_u32(attr);
			break;
		case NFTO_A_DEV_NAME:
			copy_str(d->name, sizeof(d->name), attr);
			break;
		case NFTO_A_DEV_BACKEND:
			copy_str(d->backend, sizeof(d->backend), attr);
			break;
		case NFTO_A_DEV_TABLE_SIZE:
			d->table_size = get_u32(attr);
			break;
		case NFTO_A_DEV_TABLE_OCC:
			d->table_occ = get_u32(attr);
			break;
		case NFTO_A_DEV_FAILURES:
			d->failures = get_u64(attr);
			break;
		case NFTO_A_DEV_PORTS:
			mnl_attr_for_each_nested(port, attr)
				if (mnl_attr_get_type(port) == NFTO_A_PORT)
					err = err ?: get_port(port, d);
			break;
		}
	}
	if (!d->name[0])
		snprintf(d->name, sizeof(d->name), "nfto%u", d->id);
	return err;
}

int nfto_get_devs(struct nl *nl, nfto_devs_t *out)
{
	struct nlmsghdr *nlh = nl_genl_msg(nl, NFTO_CMD_DEV_GET,
					   NFTO_GENL_VERSION, NLM_F_DUMP);

	return nl_talk(nl, nlh, dev_cb, out);
}

static int failure_cb(const struct nlmsghdr *nlh, void *data)
{
	nfto_failures_t *out = data;
	const struct nlattr *attr;
	struct nfto_failure *f = VEC_PUSH(out);

	if (!f)
		return -ENOMEM;
	for_each_genl_attr(attr, nlh) {
		switch (mnl_attr_get_type(attr)) {
		case NFTO_A_FAIL_SEQ:
			f->seq = get_u64(attr);
			break;
		case NFTO_A_FAIL_KIND:
			copy_str(f->kind, sizeof(f->kind), attr);
			break;
		case NFTO_A_FAIL_WHERE:
			copy_str(f->where, sizeof(f->where), attr);
			break;
		case NFTO_A_FAIL_TYPE:
			copy_str(f->type, sizeof(f->type), attr);
			f->has_flow = true;
			break;
		case NFTO_A_FAIL_PRIO:
			f->prio = get_u32(attr);
			break;
		case NFTO_A_FAIL_CHAIN:
			f->chain = get_u32(attr);
			break;
		case NFTO_A_FAIL_FLOW:
			copy_str(f->flow, sizeof(f->flow), attr);
			break;
		case NFTO_A_FAIL_COOKIE:
			copy_str(f->cookie, sizeof(f->cookie), attr);
			break;
		case NFTO_A_FAIL_ERRNO:
			f->err = get_u32(attr);
			break;
		case NFTO_A_FAIL_REASON:
			copy_str(f->reason, sizeof(f->reason), attr);
			break;
		}
	}
	return 0;
}

int nfto_get_failures(struct nl *nl, uint32_t dev_id, nfto_failures_t *out)
{
	struct nlmsghdr *nlh = nl_genl_msg(nl, NFTO_CMD_FAILURE_GET,
					   NFTO_GENL_VERSION, NLM_F_DUMP);

	mnl_attr_put_u32(nlh, NFTO_A_DEV_ID, dev_id);
	return nl_talk(nl, nlh, failure_cb, out);
}

static int entry_cb(const struct nlmsghdr *nlh, void *data)
{
	nfto_entries_t *out = data;
	const struct nlattr *attr;
	struct nfto_hwentry *e = VEC_PUSH(out);
	int err = 0;

	if (!e)
		return -ENOMEM;
	for_each_genl_attr(attr, nlh) {
		switch (mnl_attr_get_type(attr)) {
		case NFTO_A_ENTRY_PORT:
			e->port = get_u32(attr);
			break;
		case NFTO_A_ENTRY_TYPE:
			copy_str(e->type, sizeof(e->type), attr);
			break;
		case NFTO_A_ENTRY_PRIO:
			e->prio = get_u32(attr);
			break;
		case NFTO_A_ENTRY_CHAIN:
			e->chain = get_u32(attr);
			break;
		case NFTO_A_ENTRY_COOKIE:
			copy_str(e->cookie, sizeof(e->cookie), attr);
			break;
		case NFTO_A_ENTRY_KEYS:
			err = err ?: get_names(attr, &e->keys);
			break;
		case NFTO_A_ENTRY_MATCH:
			copy_str(e->match, sizeof(e->match), attr);
			break;
		case NFTO_A_ENTRY_ACTIONS:
			copy_str(e->actions, sizeof(e->actions), attr);
			break;
		case NFTO_A_ENTRY_PACKETS:
			e->packets = get_u64(attr);
			break;
		case NFTO_A_ENTRY_BYTES:
			e->bytes = get_u64(attr);
			break;
		case NFTO_A_ENTRY_LASTUSED_MS:
			e->lastused_ms = get_u64(attr);
			break;
		}
	}
	return err;
}

int nfto_get_entries(struct nl *nl, uint32_t dev_id, nfto_entries_t *out)
{
	struct nlmsghdr *nlh = nl_genl_msg(nl, NFTO_CMD_ENTRY_GET,
					   NFTO_GENL_VERSION, NLM_F_DUMP);

	mnl_attr_put_u32(nlh, NFTO_A_DEV_ID, dev_id);
	return nl_talk(nl, nlh, entry_cb, out);
}

void nfto_free_backends(nfto_backends_t *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free_names(&v->v[i].keys);
		free_names(&v->v[i].actions);
	}
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

void nfto_free_devs(nfto_devs_t *v)
{
	size_t i, j;

	for (i = 0; i < v->n; i++) {
		for (j = 0; j < v->v[i].nports; j++)
			free(v->v[i].ports[j].stats);
		free(v->v[i].ports);
	}
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

void nfto_free_entries(nfto_entries_t *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free_names(&v->v[i].keys);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

struct nfto_backend *nfto_find_backend(nfto_backends_t *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i].caps.name, name))
			return &v->v[i];
	return NULL;
}

const struct nfto_dev *nfto_find_dev(const nfto_devs_t *v, uint32_t id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->v[i].id == id)
			return &v->v[i];
	return NULL;
}

/*
 * "alias nft-offload-backend-mlx5 nft_offload_mlx5": the backends modprobe
 * can load. Adds the ones not in @out yet, and the module name to all.
 */
int nfto_alias_backends(const char *alias_file, nfto_backends_t *out)
{
	static const char prefix[] = "nft-offload-backend-";
	char line[512], alias[256], module[128];
	FILE *f = fopen(alias_file, "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct nfto_backend *b;
		const char *name;

		if (sscanf(line, "alias %255s %127s", alias, module) != 2 ||
		    strncmp(alias, prefix, sizeof(prefix) - 1))
			continue;
		name = alias + sizeof(prefix) - 1;
		if (!nfto_backend_name_valid(name))
			continue;
		b = nfto_find_backend(out, name);
		if (!b) {
			b = VEC_PUSH(out);
			if (!b) {
				fclose(f);
				return -ENOMEM;
			}
			snprintf(b->caps.name, sizeof(b->caps.name), "%.31s", name);
		}
		snprintf(b->module, sizeof(b->module), "%.63s", module);
	}
	fclose(f);
	return 0;
}

static bool nonzero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return true;
	return false;
}

/* Only the fields that are set: absent means 0 to the kernel. */
static void put_key(struct nlmsghdr *nlh, uint16_t type,
		    const struct nfto_ukey *k)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

#define PUT_BYTES(attr, field)						\
	do {								\
		if (nonzero(k->field, sizeof(k->field)))		\
			mnl_attr_put(nlh, attr, sizeof(k->field), k->field); \
	} while (0)
	if (k->ingress_ifindex)
		mnl_attr_put_u32(nlh, NFTO_KEY_A_INGRESS_IFINDEX,
				 k->ingress_ifindex);
	if (k->ingress_iftype)
		mnl_attr_put_u16(nlh, NFTO_KEY_A_INGRESS_IFTYPE,
				 k->ingress_iftype);
	if (k->addr_type)
		mnl_attr_put_u16(nlh, NFTO_KEY_A_ADDR_TYPE, k->addr_type);
	if (k->ctrl_flags)
		mnl_attr_put_u32(nlh, NFTO_KEY_A_CTRL_FLAGS, k->ctrl_flags);
	PUT_BYTES(NFTO_KEY_A_N_PROTO, n_proto);
	if (k->ip_proto)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_IP_PROTO, k->ip_proto);
	if (k->ip_tos)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_IP_TOS, k->ip_tos);
	if (k->ip_ttl)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_IP_TTL, k->ip_ttl);
	if (k->icmp_type)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_ICMP_TYPE, k->icmp_type);
	if (k->icmp_code)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_ICMP_CODE, k->icmp_code);
	PUT_BYTES(NFTO_KEY_A_ETH_DST, eth_dst);
	PUT_BYTES(NFTO_KEY_A_ETH_SRC, eth_src);
	if (k->vlan_id)
		mnl_attr_put_u16(nlh, NFTO_KEY_A_VLAN_ID, k->vlan_id);
	if (k->vlan_prio)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_VLAN_PRIO, k->vlan_prio);
	PUT_BYTES(NFTO_KEY_A_VLAN_TPID, vlan_tpid);
	if (k->cvlan_id)
		mnl_attr_put_u16(nlh, NFTO_KEY_A_CVLAN_ID, k->cvlan_id);
	if (k->cvlan_prio)
		mnl_attr_put_u8(nlh, NFTO_KEY_A_CVLAN_PRIO, k->cvlan_prio);
	PUT_BYTES(NFTO_KEY_A_CVLAN_TPID, cvlan_tpid);
	PUT_BYTES(NFTO_KEY_A_IPV4_SRC, ipv4_src);
	PUT_BYTES(NFTO_KEY_A_IPV4_DST, ipv4_dst);
	PUT_BYTES(NFTO_KEY_A_IPV6_SRC, ipv6_src);
	PUT_BYTES(NFTO_KEY_A_IPV6_DST, ipv6_dst);
	PUT_BYTES(NFTO_KEY_A_SRC_PORT, src_port);
	PUT_BYTES(NFTO_KEY_A_DST_PORT, dst_port);
	PUT_BYTES(NFTO_KEY_A_TCP_FLAGS, tcp_flags);
#undef PUT_BYTES
	mnl_attr_nest_end(nlh, nest);
}

static void put_action(struct nlmsghdr *nlh, const struct nfto_uaction *a)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTION);

	mnl_attr_put_strz(nlh, NFTO_ACT_A_NAME, nfto_action_name(a->id));
	switch (a->id) {
	case NFTO_A_REDIRECT:
	case NFTO_A_MIRRED:
	case NFTO_A_REDIRECT_INGRESS:
	case NFTO_A_MIRRED_INGRESS:
		mnl_attr_put_u32(nlh, NFTO_ACT_A_IFINDEX, (uint32_t)a->ifindex);
		break;
	case NFTO_A_GOTO:
		mnl_attr_put_u32(nlh, NFTO_ACT_A_CHAIN, a->chain_index);
		break;
	case NFTO_A_VLAN_PUSH:
	case NFTO_A_VLAN_POP:
	case NFTO_A_VLAN_MANGLE:
		mnl_attr_put_u16(nlh, NFTO_ACT_A_VLAN_ID, a->vlan_id);
		mnl_attr_put(nlh, NFTO_ACT_A_VLAN_PROTO, 2, a->vlan_proto);
		mnl_attr_put_u8(nlh, NFTO_ACT_A_VLAN_PRIO, a->vlan_prio);
		break;
	case NFTO_A_MANGLE:
	case NFTO_A_ADD:
		mnl_attr_put_u8(nlh, NFTO_ACT_A_MANGLE_HTYPE, a->mangle_htype);
		mnl_attr_put_u32(nlh, NFTO_ACT_A_MANGLE_OFFSET, a->mangle_offset);
		mnl_attr_put_u32(nlh, NFTO_ACT_A_MANGLE_MASK, a->mangle_mask);
		mnl_attr_put_u32(nlh, NFTO_ACT_A_MANGLE_VAL, a->mangle_val);
		break;
	case NFTO_A_CSUM:
		mnl_attr_put_u32(nlh, NFTO_ACT_A_CSUM_FLAGS, a->csum_flags);
		break;
	default:
		break;
	}
	mnl_attr_nest_end(nlh, nest);
}

static int verdict_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nfto_verdict *v = data;
	const struct nlattr *attr;

	for_each_genl_attr(attr, nlh) {
		switch (mnl_attr_get_type(attr)) {
		case NFTO_A_CHECK_BACKEND:
			copy_str(v->backend, sizeof(v->backend), attr);
			break;
		case NFTO_A_DEV_NAME:
			copy_str(v->dev, sizeof(v->dev), attr);
			break;
		case NFTO_A_CHECK_OK:
			v->ok = true;
			break;
		case NFTO_A_FAIL_KIND:
			copy_str(v->kind, sizeof(v->kind), attr);
			break;
		case NFTO_A_FAIL_ERRNO:
			v->err = get_u32(attr);
			break;
		case NFTO_A_FAIL_REASON:
			copy_str(v->reason, sizeof(v->reason), attr);
			break;
		}
	}
	return 0;
}

int nfto_flow_check(struct nl *nl, uint32_t dev_id, const char *backend,
		    const struct nfto_uflow *flow, struct nfto_verdict *out)
{
	struct nlmsghdr *nlh = nl_genl_msg(nl, NFTO_CMD_FLOW_CHECK,
					   NFTO_GENL_VERSION, 0);
	struct nlattr *nest;
	unsigned int i;
	int err;

	memset(out, 0, sizeof(*out));
	if (dev_id != UINT32_MAX)
		mnl_attr_put_u32(nlh, NFTO_A_DEV_ID, dev_id);
	if (backend)
		mnl_attr_put_strz(nlh, NFTO_A_CHECK_BACKEND, backend);
	mnl_attr_put_u8(nlh, NFTO_A_CHECK_TYPE, flow->type == NFTO_FLOW_FT ?
			NFTO_CHECK_FLOWTABLE : NFTO_CHECK_RULE);
	mnl_attr_put_u32(nlh, NFTO_A_CHECK_PRIO, flow->prio);
	mnl_attr_put_u32(nlh, NFTO_A_CHECK_CHAIN, flow->chain_index);
	if (flow->port_ifindex > 0)
		mnl_attr_put_u32(nlh, NFTO_A_CHECK_IFINDEX,
				 (uint32_t)flow->port_ifindex);
	put_key(nlh, NFTO_A_CHECK_KEY, &flow->key);
	put_key(nlh, NFTO_A_CHECK_MASK, &flow->mask);
	nest = mnl_attr_nest_start(nlh, NFTO_A_CHECK_ACTIONS);
	for (i = 0; i < flow->num_actions && i < NFTO_MAX_ACTIONS; i++)
		put_action(nlh, &flow->actions[i]);
	mnl_attr_nest_end(nlh, nest);

	err = nl_talk(nl, nlh, verdict_cb, out);
	if (!err && !out->ok && !out->reason[0])
		err = -EBADMSG;	/* neither a verdict nor a reason */
	return err;
}
