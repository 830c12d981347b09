// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/nft_offload/nfto<ID>/
 *   table       what is in hardware: match, actions, counters per entry
 *   failures    the recent refusals and failures
 *   fail_bind, fail_add, fail_del, fail_stats   (bool) fault injection
 *   fail_nth    fail the Nth next add (1 = the next one), then turn off
 */
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>

#include "dev.h"

#define NFTO_KEY_SET(f, id)	((f)->used_keys & BIT_ULL(FLOW_DISSECTOR_KEY_##id))

static void nfto_show_match(struct seq_file *s, const struct nfto_flow *f)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;

	seq_puts(s, "  match:");
	if (NFTO_KEY_SET(f, META))
		seq_printf(s, " iif %u", k->ingress_ifindex);
	if (NFTO_KEY_SET(f, BASIC)) {
		if (m->n_proto)
			seq_printf(s, " proto 0x%04x", be16_to_cpu(k->n_proto));
		if (m->ip_proto)
			seq_printf(s, " l4proto %u", k->ip_proto);
	}
	if (NFTO_KEY_SET(f, CONTROL))
		seq_printf(s, " flags 0x%x/0x%x", k->ctrl_flags, m->ctrl_flags);
	if (NFTO_KEY_SET(f, ETH_ADDRS))
		seq_printf(s, " dmac %pM/%pM smac %pM/%pM", k->eth_dst,
			   m->eth_dst, k->eth_src, m->eth_src);
	if (NFTO_KEY_SET(f, VLAN))
		seq_printf(s, " vlan %u/0x%x prio %u", k->vlan_id, m->vlan_id,
			   k->vlan_prio);
	if (NFTO_KEY_SET(f, CVLAN))
		seq_printf(s, " cvlan %u/0x%x", k->cvlan_id, m->cvlan_id);
	if (NFTO_KEY_SET(f, IPV4_ADDRS))
		seq_printf(s, " src %pI4/%pI4 dst %pI4/%pI4", &k->ipv4_src,
			   &m->ipv4_src, &k->ipv4_dst, &m->ipv4_dst);
	if (NFTO_KEY_SET(f, IPV6_ADDRS))
		seq_printf(s, " src %pI6c/%pI6c dst %pI6c/%pI6c", &k->ipv6_src,
			   &m->ipv6_src, &k->ipv6_dst, &m->ipv6_dst);
	if (NFTO_KEY_SET(f, PORTS))
		seq_printf(s, " sport %u/0x%x dport %u/0x%x",
			   be16_to_cpu(k->src_port), be16_to_cpu(m->src_port),
			   be16_to_cpu(k->dst_port), be16_to_cpu(m->dst_port));
	if (NFTO_KEY_SET(f, TCP))
		seq_printf(s, " tcp_flags 0x%x/0x%x", be16_to_cpu(k->tcp_flags),
			   be16_to_cpu(m->tcp_flags));
	if (NFTO_KEY_SET(f, IP))
		seq_printf(s, " tos 0x%x/0x%x ttl %u/0x%x", k->ip_tos, m->ip_tos,
			   k->ip_ttl, m->ip_ttl);
	if (NFTO_KEY_SET(f, ICMP))
		seq_printf(s, " icmp type %u code %u", k->icmp_type,
			   k->icmp_code);
	if (!f->used_keys)
		seq_puts(s, " any");
	seq_putc(s, '\n');
}

static void nfto_show_actions(struct seq_file *s, struct nfto_dev *nd,
			      const struct nfto_flow *f)
{
	unsigned int i;

	seq_puts(s, "  actions:");
	for (i = 0; i < f->num_actions; i++) {
		const struct nfto_action *a = &f->actions[i];

		seq_printf(s, " %s", nfto_action_name(a->id));
		switch (a->id) {
		case FLOW_ACTION_GOTO:
			seq_printf(s, " chain %u", a->chain_index);
			break;
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_REDIRECT_INGRESS:
		case FLOW_ACTION_MIRRED_INGRESS:
			seq_printf(s, " p%u", a->dev.port);
			break;
		case FLOW_ACTION_VLAN_PUSH:
		case FLOW_ACTION_VLAN_MANGLE:
			seq_printf(s, " id %u prio %u", a->vlan.vid, a->vlan.prio);
			break;
		case FLOW_ACTION_MANGLE:
		case FLOW_ACTION_ADD:
			seq_printf(s, " htype %u off %u mask 0x%08x val 0x%08x",
				   a->mangle.htype, a->mangle.offset,
				   a->mangle.mask, a->mangle.val);
			break;
		case FLOW_ACTION_CSUM:
			seq_printf(s, " 0x%x", a->csum_flags);
			break;
		default:
			break;
		}
		if (i + 1 < f->num_actions)
			seq_putc(s, ',');
	}
	seq_putc(s, '\n');
}

static int nfto_table_show(struct seq_file *s, void *unused)
{
	struct nfto_dev *nd = s->private;
	struct nfto_hw *hw = &nd->hw;
	struct nfto_entry *e;
	unsigned int n = 0;

	mutex_lock(&hw->lock);
	seq_printf(s, "backend %s entries %u size %u\n", hw->backend->name,
		   hw->table.count, hw->table.size);
	list_for_each_entry(e, &hw->table.all, all) {
		seq_printf(s, "entry %u: port p%u %s prio %u chain %u cookie %p\n",
			   n++, e->port,
			   e->flow.type == NFTO_FLOW_FT ? "flowtable" : "rule",
			   e->flow.prio, e->flow.chain_index,
			   (void *)e->hkey.cookie);
		nfto_show_match(s, &e->flow);
		nfto_show_actions(s, nd, &e->flow);
		seq_printf(s, "  %s packets %lld bytes %lld lastused %u ms ago\n",
			   e->exact ? "exact" : "masked",
			   (s64)atomic64_read(&e->cnt->packets),
			   (s64)atomic64_read(&e->cnt->bytes),
			   jiffies_to_msecs(jiffies - READ_ONCE(e->cnt->lastused)));
	}
	mutex_unlock(&hw->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfto_table);

static int nfto_failures_show(struct seq_file *s, void *unused)
{
	struct nfto_dev *nd = s->private;
	struct nfto_failure *fails;
	unsigned int n, i;

	fails = kcalloc(NFTO_FAIL_RING, sizeof(*fails), GFP_KERNEL);
	if (!fails)
		return -ENOMEM;
	n = nfto_dev_failures(nd, fails, NFTO_FAIL_RING);
	for (i = 0; i < n; i++) {
		const struct nfto_failure *f = &fails[i];

		seq_printf(s, "%llu %s %s", f->seq, nfto_fail_kind_name(f->kind),
			   f->where);
		if (f->has_flow)
			seq_printf(s, " %s prio %u chain %u",
				   f->type == NFTO_FLOW_FT ? "flowtable" : "rule",
				   f->prio, f->chain_index);
		if (f->tuple[0])
			seq_printf(s, " flow %s", f->tuple);
		if (f->cookie)
			seq_printf(s, " cookie %p", (void *)f->cookie);
		seq_printf(s, ": %s (errno %d)\n", f->reason, -f->err);
	}
	kfree(fails);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfto_failures);

void nfto_debugfs_dev_init(struct nfto_dev *nd)
{
	struct nfto_faults *f = &nd->hw.faults;

	nd->ddir = debugfs_create_dir(dev_name(&nd->dev), nfto_debugfs_root);
	debugfs_create_file("table", 0400, nd->ddir, nd, &nfto_table_fops);
	debugfs_create_file("failures", 0400, nd->ddir, nd,
			    &nfto_failures_fops);
	debugfs_create_bool("fail_bind", 0600, nd->ddir, &f->fail_bind);
	debugfs_create_bool("fail_add", 0600, nd->ddir, &f->fail_add);
	debugfs_create_bool("fail_del", 0600, nd->ddir, &f->fail_del);
	debugfs_create_bool("fail_stats", 0600, nd->ddir, &f->fail_stats);
	debugfs_create_u32("fail_nth", 0600, nd->ddir, &f->fail_nth);
}

void nfto_debugfs_dev_exit(struct nfto_dev *nd)
{
	debugfs_remove_recursive(nd->ddir);
	nd->ddir = NULL;
}
