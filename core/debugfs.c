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

static int nfto_table_show(struct seq_file *s, void *unused)
{
	struct nfto_dev *nd = s->private;
	struct nfto_hw *hw = &nd->hw;
	struct nfto_entry *e;
	unsigned int n = 0;
	char buf[512];

	mutex_lock(&hw->lock);
	seq_printf(s, "backend %s entries %u size %u\n", hw->backend->name,
		   hw->table.count, hw->table.size);
	list_for_each_entry(e, &hw->table.all, all) {
		seq_printf(s, "entry %u: port p%u %s prio %u chain %u cookie %p\n",
			   n++, e->port,
			   e->flow.type == NFTO_FLOW_FT ? "flowtable" : "rule",
			   e->flow.prio, e->flow.chain_index,
			   (void *)e->hkey.cookie);
		nfto_fmt_match(&e->flow, buf, sizeof(buf));
		seq_printf(s, "  match:%s\n", buf);
		nfto_fmt_actions(&e->flow, buf, sizeof(buf));
		seq_printf(s, "  actions:%s\n", buf);
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
