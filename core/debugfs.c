// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/nft_offload/nfto<ID>/
 *   table       what is in hardware: match, actions, counters per entry
 *   failures    the recent refusals and failures
 *   fail_bind, fail_add, fail_del, fail_stats   (bool) fault injection
 *   fail_nth    fail the Nth next add (1 = the next one), then turn off
 *
 * Writing a knob needs CAP_NET_ADMIN, as every other control of the
 * switch does: debugfs itself checks only the file mode, and root without
 * CAP_NET_ADMIN (a container) must not be able to break the "hardware".
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>

#include "dev.h"

/*
 * The table is shown a part at a time, under hw->lock for each part only,
 * so that reading it at a million entries neither stops the switch's
 * control plane for the whole dump nor needs a buffer for all of it.
 * Position 0 is the header, position n entry n - 1 (nfto_table_at()).
 */
struct nfto_table_iter {
	struct nfto_dev		*nd;
	struct nfto_table_pos	pos;
};

/* Takes hw->lock; nfto_table_seq_stop() drops it. */
static void *nfto_table_seq_start(struct seq_file *s, loff_t *ppos)
{
	struct nfto_table_iter *it = s->private;
	struct nfto_hw *hw = &it->nd->hw;

	mutex_lock(&hw->lock);
	if (!*ppos)
		return SEQ_START_TOKEN;
	return nfto_table_at(&hw->table, &it->pos, *ppos - 1);
}

static void *nfto_table_seq_next(struct seq_file *s, void *v, loff_t *ppos)
{
	struct nfto_table_iter *it = s->private;

	++*ppos;
	return nfto_table_at(&it->nd->hw.table, &it->pos, *ppos - 1);
}

static void nfto_table_seq_stop(struct seq_file *s, void *v)
{
	struct nfto_table_iter *it = s->private;

	mutex_unlock(&it->nd->hw.lock);
}

static int nfto_table_seq_show(struct seq_file *s, void *v)
{
	struct nfto_table_iter *it = s->private;
	struct nfto_hw *hw = &it->nd->hw;
	/* entries keep a compact form: rebuild the flow to show it */
	struct nfto_flow *f = hw->scratch;	/* under hw->lock */
	struct nfto_entry *e = v;
	char buf[512];

	if (v == SEQ_START_TOKEN) {
		seq_printf(s, "backend %s entries %u size %u\n",
			   hw->backend->name, hw->table.count, hw->table.size);
		return 0;
	}
	nfto_entry_flow(e, f);
	seq_printf(s, "entry %lu: port p%u %s prio %u chain %u cookie %p\n",
		   it->pos.idx, e->group->port,
		   f->type == NFTO_FLOW_FT ? "flowtable" : "rule",
		   f->prio, f->chain_index, (void *)e->hkey.cookie);
	nfto_fmt_match(f, buf, sizeof(buf));
	seq_printf(s, "  match:%s\n", buf);
	nfto_fmt_actions(f, buf, sizeof(buf));
	seq_printf(s, "  actions:%s\n", buf);
	seq_printf(s, "  %s packets %lld bytes %lld lastused %u ms ago\n",
		   e->exact ? "hashed" : "walked",
		   (s64)atomic64_read(&e->cnt->packets),
		   (s64)atomic64_read(&e->cnt->bytes),
		   jiffies_to_msecs(jiffies - READ_ONCE(e->cnt->lastused)));
	return 0;
}

static const struct seq_operations nfto_table_seq_ops = {
	.start	= nfto_table_seq_start,
	.next	= nfto_table_seq_next,
	.stop	= nfto_table_seq_stop,
	.show	= nfto_table_seq_show,
};

static int nfto_table_open(struct inode *inode, struct file *file)
{
	struct nfto_table_iter *it;

	it = __seq_open_private(file, &nfto_table_seq_ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->nd = inode->i_private;
	return 0;
}

static const struct file_operations nfto_table_fops = {
	.owner		= THIS_MODULE,
	.open		= nfto_table_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= seq_release_private,
};

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

/* debugfs_create_bool()'s file, with the capability check on write. */
static ssize_t nfto_knob_bool_write(struct file *file, const char __user *buf,
				    size_t count, loff_t *ppos)
{
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	return debugfs_write_file_bool(file, buf, count, ppos);
}

static const struct file_operations nfto_knob_bool_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= debugfs_read_file_bool,
	.write	= nfto_knob_bool_write,
	.llseek	= default_llseek,
};

static int nfto_knob_u32_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}

static int nfto_knob_u32_set(void *data, u64 val)
{
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (val > U32_MAX)
		return -ERANGE;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nfto_knob_u32_fops, nfto_knob_u32_get,
			 nfto_knob_u32_set, "%llu\n");

void nfto_debugfs_dev_init(struct nfto_dev *nd)
{
	struct nfto_faults *f = &nd->hw.faults;

	nd->ddir = debugfs_create_dir(dev_name(&nd->dev), nfto_debugfs_root);
	debugfs_create_file("table", 0400, nd->ddir, nd, &nfto_table_fops);
	debugfs_create_file("failures", 0400, nd->ddir, nd,
			    &nfto_failures_fops);
	debugfs_create_file("fail_bind", 0600, nd->ddir, &f->fail_bind,
			    &nfto_knob_bool_fops);
	debugfs_create_file("fail_add", 0600, nd->ddir, &f->fail_add,
			    &nfto_knob_bool_fops);
	debugfs_create_file("fail_del", 0600, nd->ddir, &f->fail_del,
			    &nfto_knob_bool_fops);
	debugfs_create_file("fail_stats", 0600, nd->ddir, &f->fail_stats,
			    &nfto_knob_bool_fops);
	debugfs_create_file_unsafe("fail_nth", 0600, nd->ddir, &f->fail_nth,
				   &nfto_knob_u32_fops);
}

void nfto_debugfs_dev_exit(struct nfto_dev *nd)
{
	debugfs_remove_recursive(nd->ddir);
	nd->ddir = NULL;
}
