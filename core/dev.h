/* SPDX-License-Identifier: GPL-2.0 */
/* The simulated switch devices of nft_offload.ko. */
#ifndef _NFTO_DEV_H
#define _NFTO_DEV_H

#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <net/devlink.h>

#include "nfto.h"

#define NFTO_MAX_PORTS		64
static_assert(NFTO_MAX_PORTS <= NFTO_TABLE_PORTS);
#define NFTO_MAX_ID		65535
#define NFTO_FAIL_RING		64	/* failures kept per device */

enum nfto_resource_id {
	NFTO_RESOURCE_FLOW_TABLE = 1,
};

struct nfto_dev;

/*
 * A block binding: one port bound to one flow_block (a tc/nft ingress block
 * or an nft flowtable). It is the flow_block_cb's cb_priv and the owner of
 * every entry it installs, so an unbind removes exactly what it put there.
 */
struct nfto_binding {
	struct nfto_bind	bind;		/* first: freed by bind.c */
	struct list_head	list;		/* nfto_port.bindings, hw.lock */
	struct nfto_port	*port;
	struct flow_block	*block;
	/* ours while bound: on nfto_port.block_cb_list (hw.lock) */
	struct flow_block_cb	*block_cb;
	u8			type;		/* enum nfto_flow_type */
	/* bound by tc (its Qdisc in the bind request), not nf_tables */
	bool			tc;
	char			where[40];	/* "nfto1p0 ingress" */
};

/* Per-port counters; see nfto_stat_names[] in dev.c for ethtool -S. */
enum nfto_stat {
	NFTO_ST_RX,		/* delivered to the host stack */
	NFTO_ST_RX_BYTES,
	NFTO_ST_RX_DROP,	/* host backlog full */
	NFTO_ST_TX,		/* sent by the host stack */
	NFTO_ST_TX_BYTES,
	NFTO_ST_WIRE_DROP,	/* no (up) peer on the wire */
	NFTO_ST_HW_RX,		/* entered the hardware pipeline */
	NFTO_ST_HW_RX_BYTES,
	NFTO_ST_HW_FWD,		/* forwarded by hardware */
	NFTO_ST_HW_DROP,	/* dropped by hardware */
	NFTO_ST_HW_MISS,	/* no entry: to the host stack */
	NFTO_ST_HW_TRAP,	/* an entry sent it to the host stack */
	/*
	 * A flowtable flow matched, but the software flowtable would hand
	 * the packet to the slow path (nf_flow_table_ip.c): so does the
	 * hardware, to the host stack, one counter per cause.
	 */
	NFTO_ST_HW_SLOW_FRAG,	/* IPv4 fragment */
	NFTO_ST_HW_SLOW_OPTS,	/* IPv4 options, IPv6 extension headers */
	NFTO_ST_HW_SLOW_TTL,	/* TTL or hop limit <= 1 */
	NFTO_ST_HW_SLOW_MTU,	/* over the egress port's MTU */
	__NFTO_ST_MAX,
};

struct nfto_pcpu_stats {
	u64			c[__NFTO_ST_MAX];
	struct u64_stats_sync	syncp;
};

struct nfto_port {
	struct nfto_dev		*dev;
	struct nfto_pcpu_stats __percpu *stats;
	u16			index;
	struct net_device	*netdev;
	struct devlink_port	dl_port;
	struct list_head	bindings;	/* under dev->hw.lock */
	struct list_head	block_cb_list;	/* driver_list of our block_cbs */
	/* The wire: peer port, under nfto_wire_lock; read under RCU. */
	struct nfto_port __rcu	*peer;
};

/* netdev_priv() of a port */
struct nfto_netdev_priv {
	struct nfto_port	*port;
};

struct nfto_dev {
	struct nfto_hw		hw;		/* engine state, hw.lock */
	struct device		dev;		/* on the nft_offload bus */
	struct devlink		*devlink;
	struct list_head	list;		/* nfto_devs, nfto_devs_lock */
	u32			id;
	unsigned int		num_ports;
	struct net		*net;		/* where it was created */
	char			backend_name[NFTO_BACKEND_NAME_MAX];
	const struct nfto_backend_ops *probe_ops; /* pinned, for probe */
	int			probe_err;
	bool			dying;		/* no new health reports */
	struct netdev_phys_item_id switch_id;

	struct devlink_health_reporter *health;
	struct work_struct	health_work;	/* reports outside our locks */

	/* Recent failures; fail_lock is a spinlock: taken by readers too. */
	spinlock_t		fail_lock;
	struct nfto_failure	fails[NFTO_FAIL_RING];
	u64			fail_total;	/* ever recorded */
	u64			fail_reported;	/* handed to devlink health */
	u64			fail_by_kind[__NFTO_FAIL_MAX];

	struct dentry		*ddir;
	struct nfto_port	*ports[];
};

static inline struct nfto_dev *nfto_hw_to_dev(struct nfto_hw *hw)
{
	return container_of(hw, struct nfto_dev, hw);
}

static inline struct nfto_port *nfto_netdev_port(const struct net_device *nd)
{
	return ((struct nfto_netdev_priv *)netdev_priv(nd))->port;
}

/* main.c */
extern struct dentry *nfto_debugfs_root;
void nfto_default_backend(char *buf, size_t len);

/* bus.c */
int nfto_bus_init(void);
void nfto_bus_exit(void);
int nfto_devs_walk(struct net *net, int skip,
		   int (*fn)(struct nfto_dev *nd, void *arg), void *arg);
int nfto_dev_call(u32 id, int (*fn)(struct nfto_dev *nd, void *arg),
		  void *arg);

/* genl.c */
int nfto_genl_init(void);
void nfto_genl_exit(void);

/* dev.c: the per-port counters, summed over CPUs, and their names */
void nfto_port_stats(struct nfto_port *port, u64 *sum);
extern const char nfto_stat_names[__NFTO_ST_MAX][ETH_GSTRING_LEN];

/* dev.c */
int nfto_dev_probe(struct nfto_dev *nd);
int nfto_ports_create(struct nfto_dev *nd);
void nfto_ports_destroy(struct nfto_dev *nd);
void nfto_dev_remove(struct nfto_dev *nd);
bool nfto_netdev_is_port(const struct net_device *netdev);
int nfto_port_link(struct nfto_port *a, struct nfto_port *b);
int nfto_port_unlink(struct nfto_port *p);

/* devlink.c */
struct devlink *nfto_devlink_alloc(struct nfto_dev *nd);
int nfto_devlink_init(struct nfto_dev *nd);
void nfto_devlink_fini(struct nfto_dev *nd);
void nfto_dev_report(struct nfto_hw *hw, const struct nfto_failure *f);
unsigned int nfto_dev_failures(struct nfto_dev *nd, struct nfto_failure *out,
			       unsigned int max);

/* datapath.c */
netdev_tx_t nfto_port_xmit(struct sk_buff *skb, struct net_device *netdev);

/* offload.c */
int nfto_setup_tc(struct net_device *netdev, enum tc_setup_type type,
		  void *type_data);
void nfto_port_orphan_bindings(struct nfto_port *port, bool rules_only);
int nfto_offload_init(void);
void nfto_offload_exit(void);

/* format.c */
int nfto_fmt_match(const struct nfto_flow *f, char *buf, size_t len);
int nfto_fmt_actions(const struct nfto_flow *f, char *buf, size_t len);

/* debugfs.c */
void nfto_debugfs_dev_init(struct nfto_dev *nd);
void nfto_debugfs_dev_exit(struct nfto_dev *nd);

#endif /* _NFTO_DEV_H */
