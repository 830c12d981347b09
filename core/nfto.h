/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of kmod-nft-offload.
 *
 * Two modules share this header:
 *  - nft_offload_lib: the backend registry, flow_rule translation, capability
 *    checks, the flow table and the offload engine. It knows nothing about
 *    netdevs, devlink or sysfs, so the same source files also build for
 *    userspace (tests/unit) where they are unit-tested, sanitized and fuzzed.
 *    Backends depend on this module only, which lets the core load a backend
 *    from its own module_init (see registry.c).
 *  - nft_offload: the switch devices, ports, devlink, debugfs and the
 *    ndo_setup_tc glue that feeds the engine.
 */
#ifndef _NFTO_H
#define _NFTO_H

#include <linux/kernel.h>	/* __ffs64() */
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>	/* enum tc_setup_type */
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <net/nft_offload.h>

struct netlink_ext_ack;

/* A failure kept for devlink health, debugfs and the tool. */
enum nfto_fail_kind {
	NFTO_FAIL_MODEL,	/* not representable in struct nfto_flow */
	NFTO_FAIL_CAPS,		/* the backend's capabilities refuse it */
	NFTO_FAIL_TABLE_FULL,	/* flow_table resource exhausted */
	NFTO_FAIL_INJECTED,	/* a debugfs fault knob fired */
	NFTO_FAIL_BACKEND,	/* the backend's callback failed */
	NFTO_FAIL_DEVICE,	/* device state: hw-tc-offload off, binder... */
	NFTO_FAIL_SWITCH,	/* backend switch refused */
	NFTO_FAIL_NOTICE,	/* not a failure: a change the user is told of */
	__NFTO_FAIL_MAX,
};

struct nfto_failure {
	u8		kind;		/* enum nfto_fail_kind */
	u8		type;		/* enum nfto_flow_type */
	bool		has_flow;
	int		err;
	u64		seq;
	u32		prio;
	u32		chain_index;
	unsigned long	cookie;		/* shown hashed (%p), never raw */
	char		where[40];	/* e.g. "nfto1p0 ingress" */
	char		tuple[112];	/* flowtable flows: the 5-tuple */
	char		reason[NFTO_REASON_MAX];
};

const char *nfto_fail_kind_name(unsigned int kind);

/* Debugfs fault knobs; read locklessly, written from debugfs. */
struct nfto_faults {
	bool	fail_bind;
	bool	fail_add;
	bool	fail_del;
	bool	fail_stats;
	u32	fail_nth;	/* fail the Nth next add; 0: off */
};

/*
 * One flow in the table. Keyed by (cookie, owner): the same rule bound on
 * two ports through a shared block is two entries, as it is two hardware
 * rules on real switches.
 */
struct nfto_entry_key {
	unsigned long	cookie;
	const void	*owner;
};

/*
 * Hardware counters of one flow, and what FLOW_CLS_STATS last returned
 * for it (deltas are against @rep_packets/@rep_bytes, under the switch's
 * stats_lock). Shared by the entries that replace each other (same-cookie
 * replace, backend switch): no packet counted by the datapath on an entry
 * being replaced is lost, and the baseline moves with the counts.
 */
struct nfto_counters {
	atomic64_t	packets;
	atomic64_t	bytes;
	unsigned long	lastused;	/* jiffies */
	u64		rep_packets;
	u64		rep_bytes;
};

/*
 * What the entries of one switch that match the same way share, as the
 * flow groups of real switches do (mlx5's flow groups, ice's profiles):
 * where the flow is bound (@type, @frontend, @port, @port_ifindex, @prio,
 * @chain_index), the keys it uses (@used_keys) and the mask words
 * (@words has bit i set for word i of struct nfto_key that the key or the
 * mask of the flow uses; @mask holds the @nwords mask words). An entry
 * then stores only its key words.
 *
 * A group is also a subtable of the datapath's tuple space search: its
 * hashed entries are found in nfto_table.xht by (group, masked packet
 * words), one probe per group. Found through nfto_table.groups (under
 * the switch's lock) when an entry is created; @refs counts the entries
 * holding it (under that lock). A flowtable group sits on its port's
 * nfto_table_port.xgroups, a rule group on its port's rgroups (sorted by
 * chain, @prio and @seq), for its whole life: the datapath walks them
 * under RCU. Freed after a grace period once the last entry is freed.
 *
 * @seq orders the groups of one port, chain and priority by creation,
 * which is the order in which tc flower tries its masks (fl_classify()
 * walks head->masks, each new mask at the tail): the rank of a tc rule.
 */
struct nfto_group {
	struct rhash_head	node;		/* nfto_table.groups */
	struct list_head	xlist;		/* its port's xgroups or rgroups */
	u32			refs;		/* under the switch's lock */
	u32			xcount;		/* hashed entries; READ_ONCE */
	u32			id;		/* hash seed of its entries */
	u32			seq;		/* see above */
	u8			type;		/* enum nfto_flow_type */
	u8			frontend;	/* enum nfto_frontend */
	u8			nwords;		/* hweight(@words) */
	bool			l4;		/* masks a transport field */
	bool			l4proto;	/* masks ip_proto */
	u16			port;		/* bound port */
	u32			prio;
	u32			chain_index;
	int			port_ifindex;
	u32			words;		/* bitmap, NFTO_KEY_WORDS bits */
	u64			used_keys;
	struct rcu_head		rcu;
	u32			mask[];		/* @nwords words */
};

/*
 * A bit of nfto_key.ctrl_flags that no flow_rule sets (FLOW_DIS_* use the
 * low bits): the datapath marks a later fragment too short for nf_tables'
 * port loads, which then break an nft rule on ports (see
 * nfto_table_rlookup()).
 */
#define NFTO_CTRL_NO_L4		BIT(31)
/*
 * Another: nf_tables found no transport protocol in an IPv6 packet
 * (ipv6_find_hdr() failed), so an nft rule on meta l4proto does not
 * match either (see nfto_parse_nft6() in datapath.c).
 */
#define NFTO_CTRL_NO_L4PROTO	BIT(30)

/* Words of struct nfto_key: an entry stores the ones its group uses. */
#define NFTO_KEY_WORDS	(sizeof(struct nfto_key) / sizeof(u32))

/*
 * One flow in the table: a key and actions, like a hardware table entry,
 * in 128 B for a flowtable flow with one action on 64-bit kernels. What it
 * shares with the other entries of its group (binding, mask) is in
 * @group; its counters are a separate object that replacing entries
 * hand over. Allocated to the size its flow needs (nfto_entry_create()):
 * after the fixed part, @data holds the group's @nwords key words, then
 * the @num_actions actions, then the backend's flow_priv (8-aligned, at
 * @priv_off). Lossless: nfto_entry_flow() rebuilds the struct nfto_flow
 * the backend was given (a rule's key bits outside its mask, which
 * nothing matches, are not kept), for backends, debugfs, netlink dumps
 * and failure records.
 *
 * An entry is hashed (@exact: on nfto_table.xht, found by its group and
 * key words) or masked (on nfto_table.masked, walked in order), never
 * both. Every rule is hashed: rules with equal key words in one group
 * (nft allows the same match twice in a chain) hang off the hashed one
 * through @dup, in rank order. A flowtable flow is hashed if it is the
 * first with its tuple (software keeps one flow per tuple) and its key
 * lies within its mask, else masked.
 *
 * A rule's rank orders the rules of one port and chain as software
 * evaluates them: nft rules by priority, then in the chain's order (they
 * are only ever appended: @seq), tc rules by priority, then by their
 * group's @seq (flower's mask order). See nfto_entry_rank().
 */
struct nfto_entry {
	union {
		struct {
			struct rhash_head	xnode;	/* xht, if @exact */
			struct nfto_entry __rcu	*dup;	/* rules only */
		};
		struct list_head	list;	/* nfto_table.masked (RCU) */
	};
	struct nfto_group	*group;
	struct nfto_counters	*cnt;	/* read and written locklessly */
	struct rhash_head	node;	/* nfto_table.ht */
	struct nfto_entry_key	hkey;
	union {
		/* nfto_table.all, under hw->lock, while in the table */
		struct list_head	all;
		/* once out of the table: nothing walks @all any more */
		struct rcu_head		rcu;
	};
	u8			num_actions;
	u8			exact:1;
	u8			owns_cnt:1;
	u16			priv_off;	/* flow_priv, from the entry */
	u32			seq;		/* rules: see above */
	u32			data[];		/* see above */
};

/* The rank of rule @e in its port and chain (see struct nfto_entry). */
static inline u64 nfto_entry_rank(const struct nfto_entry *e)
{
	const struct nfto_group *g = e->group;

	return (u64)g->prio << 32 |
	       (g->frontend == NFTO_FRONTEND_TC ? g->seq : e->seq);
}

/*
 * A tc rule ends classification whatever its actions (pipe and ok end
 * tcf_classify()), where an nft rule without a verdict goes on to the
 * next rule. The flow_rule says neither.
 */
static inline bool nfto_entry_final(const struct nfto_entry *e)
{
	return e->group->frontend == NFTO_FRONTEND_TC;
}

static inline const u32 *nfto_entry_keyw(const struct nfto_entry *e)
{
	return e->data;
}

static inline const struct nfto_action *
nfto_entry_actions(const struct nfto_entry *e)
{
	return (const struct nfto_action *)(e->data + e->group->nwords);
}

static inline void *nfto_entry_priv(struct nfto_entry *e)
{
	return (u8 *)e + e->priv_off;
}

/*
 * Does packet key @pkt match @e? Only the stored words are compared: the
 * others have a zero mask. @pkt was zeroed before being filled.
 */
static inline bool nfto_entry_match(const struct nfto_entry *e,
				    const struct nfto_key *pkt)
{
	const struct nfto_group *g = e->group;
	const u32 *k = nfto_entry_keyw(e), *m = g->mask;
	const u32 *p = (const u32 *)pkt;
	u32 w = g->words;
	unsigned int j;

	for (j = 0; w; j++, w &= w - 1)
		if ((p[__ffs64(w)] ^ k[j]) & m[j])
			return false;
	return true;
}

/*
 * The ports a table keeps group lists for: a group of any other port
 * cannot be made (the core's switches have at most NFTO_MAX_PORTS).
 */
#define NFTO_TABLE_PORTS	64

/* The groups bound on one port: what a packet entering it is looked up in. */
struct nfto_table_port {
	struct list_head	xgroups;	/* RCU: flowtable groups */
	struct list_head	rgroups;	/* RCU: rule groups, sorted */
};

struct nfto_table {
	struct rhashtable	ht;		/* all entries, by cookie */
	struct rhashtable	xht;		/* hashed entries */
	struct rhashtable	groups;		/* struct nfto_group */
	struct nfto_table_port	ports[NFTO_TABLE_PORTS];
	struct list_head	all;		/* every entry, by age */
	struct list_head	masked;		/* RCU: flowtable flows, prio, age */
	/*
	 * Flowtable flows on @masked, so the datapath skips a walk with
	 * nothing to find. Written under the switch's lock, read locklessly
	 * (READ_ONCE): a stale count only makes a packet miss an entry that
	 * is being added, or walk the list for one being removed.
	 */
	u32			masked_ft;
	/* All entries; the datapath reads it locklessly (READ_ONCE). */
	u32			count;
	u32			size;		/* the flow_table resource */
	/* Bumped by every change of @all, under the switch's lock. */
	u32			gen;
	u32			ngroups;
	u32			group_seq;	/* the next group's @id */
	/* The next rule's or rule group's @seq; from 1, renumbered at wrap */
	u32			seq;
};

/*
 * Where a dump that is read in parts (debugfs, netlink) got to: entry @idx
 * of nfto_table.all had the key (@cookie, @owner) when the table was at
 * generation @gen. The next part starts from that entry, found by its key,
 * instead of walking @idx entries again. No entry pointer is kept: between
 * two parts the entry may be gone, the device too.
 */
struct nfto_table_pos {
	u32			gen;
	unsigned long		idx;
	unsigned long		cookie;
	const void		*owner;
};

/*
 * One switch as the engine sees it. Embedded in the core's struct nfto_dev.
 *
 * @lock serializes the whole control plane of the switch: every engine call,
 * every backend callback, backend switches and table changes. It is a mutex
 * because backends may sleep. Lock order: devlink instance lock, then rtnl,
 * then @lock; nothing under @lock takes rtnl or the devlink lock.
 */
struct nfto_hw {
	char				name[16];
	struct mutex			lock;	/* the control plane, above */
	const struct nfto_backend_ops	*backend;	/* under @lock */
	void				*backend_priv;	/* under @lock */
	struct nfto_table		table;		/* under @lock */
	/* A flow being built or rebuilt from an entry; under @lock. */
	struct nfto_flow		*scratch;
	struct nfto_faults		faults;
	atomic64_t			fail_seq;
	/* Serializes the stats deltas (entries' @reported); any context. */
	spinlock_t			stats_lock;
	unsigned int			ft_binds;	/* under @lock */
	/*
	 * Called for every refusal or failure, under @lock except from the
	 * stats path, which may run in atomic context: must not sleep.
	 */
	void (*report)(struct nfto_hw *hw, const struct nfto_failure *f);
	/* Resolves a redirect target to a port of this switch; -1 if none. */
	int (*port_of)(struct nfto_hw *hw, int ifindex);
};

/* registry.c */
const struct nfto_backend_ops *nfto_backend_get(const char *name);
void nfto_backend_put(const struct nfto_backend_ops *ops);
int nfto_backend_list(char *buf, size_t len);
bool nfto_backend_name_valid(const char *name);
int nfto_backends_walk(int skip,
		       int (*fn)(const struct nfto_backend_ops *ops, void *arg),
		       void *arg);

/* flow.c: flow_rule -> struct nfto_flow; reason set on failure. */
int nfto_flow_parse(struct nfto_flow *flow, const struct flow_rule *rule,
		    char *reason, size_t len);
const char *nfto_key_name(unsigned int key_id);
const char *nfto_action_name(unsigned int act_id);
int nfto_flow_tuple_str(const struct nfto_flow *flow, char *buf, size_t len);
bool nfto_key_match(const struct nfto_flow *flow, const struct nfto_key *pkt);
u64 nfto_flow_used_keys(const struct nfto_flow *flow);
int nfto_flow_check_model(const struct nfto_flow *flow, char *reason,
			  size_t len);
void nfto_flow_tc_semantics(struct nfto_flow *flow, __be16 protocol);
void nfto_flow_nft_semantics(struct nfto_flow *flow);

/* caps.c: does @flow fit @ops? reason set on failure. */
int nfto_flow_check_caps(const struct nfto_flow *flow,
			 const struct nfto_backend_ops *ops,
			 char *reason, size_t len);

/* table.c */
int nfto_table_init(struct nfto_table *t, u32 size);
void nfto_table_destroy(struct nfto_table *t);
struct nfto_entry *nfto_table_lookup(struct nfto_table *t,
				     unsigned long cookie, const void *owner);
int nfto_table_insert(struct nfto_table *t, struct nfto_entry *e);
void nfto_table_remove(struct nfto_table *t, struct nfto_entry *e);
void nfto_table_replace(struct nfto_table *t, struct nfto_entry *old,
			struct nfto_entry *new);
struct nfto_entry *nfto_table_xlookup(struct nfto_table *t, u16 port,
				      const struct nfto_key *pkt);
struct nfto_entry *nfto_table_rlookup(struct nfto_table *t, u16 port,
				      u32 chain, const struct nfto_key *pkt,
				      const struct nfto_key *nft, u64 after);
struct nfto_entry *nfto_table_at(struct nfto_table *t,
				 struct nfto_table_pos *pos, unsigned long idx);
struct nfto_entry *nfto_entry_create(struct nfto_table *t,
				     const struct nfto_flow *flow,
				     const void *owner, u16 port,
				     size_t priv_size);
void nfto_entry_flow(const struct nfto_entry *e, struct nfto_flow *flow);
void nfto_entry_free(struct nfto_table *t, struct nfto_entry *e);
void nfto_entry_discard(struct nfto_table *t, struct nfto_entry *e);
struct nfto_counters *nfto_counters_alloc(void);
void nfto_counters_free(struct nfto_counters *cnt);
int nfto_lib_cache_init(void);
void nfto_lib_cache_exit(void);

/* engine.c: everything the core does with a flow, generic for backends. */
struct nfto_req {
	unsigned long		cookie;
	const void		*owner;		/* the block binding */
	u16			port;		/* the bound port */
	int			ifindex;	/* its netdev's ifindex */
	const char		*where;		/* "nfto1p0 ingress" */
	struct netlink_ext_ack	*extack;
	/* a tc filter's protocol (common.protocol); 0 for nf_tables */
	__be16			tc_protocol;
	bool			nft;	/* a rule of an nft offload chain */
};

int nfto_hw_init(struct nfto_hw *hw, const char *name,
		 const struct nfto_backend_ops *ops, u32 table_size,
		 struct netlink_ext_ack *extack);
void nfto_hw_fini(struct nfto_hw *hw);
int nfto_hw_flow_replace(struct nfto_hw *hw, const struct nfto_req *req,
			 u8 type, u32 prio, u32 chain_index,
			 const struct flow_rule *rule);
int nfto_hw_flow_destroy(struct nfto_hw *hw, const struct nfto_req *req);
int nfto_hw_flow_stats(struct nfto_hw *hw, const struct nfto_req *req,
		       struct nfto_hw_stats *delta);
void nfto_hw_flush_owner(struct nfto_hw *hw, const void *owner);
int nfto_hw_bind(struct nfto_hw *hw, const struct nfto_req *req, u8 type);
void nfto_hw_unbind(struct nfto_hw *hw, u8 type);
/*
 * The caller's last fallible step of a backend switch: runs under hw->lock
 * once every flow is in the new backend and before anything is committed.
 * An error refuses the switch; @reason then says why.
 */
typedef int (*nfto_switch_prepare_t)(struct nfto_hw *hw,
				     const struct nfto_backend_ops *ops,
				     void *arg, char *reason, size_t len);
int nfto_hw_switch_backend(struct nfto_hw *hw,
			   const struct nfto_backend_ops *ops,
			   nfto_switch_prepare_t prepare, void *arg,
			   struct netlink_ext_ack *extack);
void nfto_hw_fail(struct nfto_hw *hw, const struct nfto_req *req,
		  const struct nfto_flow *flow, u8 kind, int err,
		  const char *reason);
/* Dry runs of nfto_hw_flow_replace()'s checks, for the netlink family. */
int nfto_backend_flow_check(const struct nfto_backend_ops *ops,
			    const struct nfto_flow *flow, char *reason,
			    size_t len);
int nfto_hw_flow_check(struct nfto_hw *hw, const struct nfto_backend_ops *ops,
		       struct nfto_flow *flow, u8 *kind, char *reason,
		       size_t len);

/* bind.c: flow_block callbacks that outlive the device (see there). */
struct nfto_bind;
struct nfto_bind_ops {
	int (*cb)(struct nfto_bind *b, enum tc_setup_type type, void *data);
};

struct nfto_bind {
	const struct nfto_bind_ops __rcu *ops;	/* NULL once orphaned */
	bool				orphan;
};

struct flow_block_cb *nfto_bind_cb_alloc(struct nfto_bind *b);
struct flow_block_cb *nfto_bind_cb_lookup(struct flow_block *block,
					  struct nfto_bind *b);
void nfto_bind_orphan(struct nfto_bind *b);

/* Sets @extack from a reason string (80 chars kept on 6.12, see compat.h). */
void nfto_extack_set(struct netlink_ext_ack *extack, const char *reason);

#endif /* _NFTO_H */
