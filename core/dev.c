// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated switch devices and their ports.
 *
 * A device is a struct device on the nft_offload bus, a devlink instance
 * "nft_offload/nfto<ID>" and N port netdevs "nfto<ID>p<N>", each with a
 * physical devlink port (phys_port_name "p<N>") and the device's switch id.
 * Ports can be wired back to back (link_ports); the datapath that makes
 * packets cross the wires lives in datapath.c.
 */
#include <linux/error-injection.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <net/pkt_cls.h>

#include "dev.h"

/* Serializes wiring changes; the datapath reads peers under RCU. */
static DEFINE_SPINLOCK(nfto_wire_lock);

void nfto_port_stats(struct nfto_port *port, u64 *sum)
{
	unsigned int cpu, i, start;

	memset(sum, 0, sizeof(u64) * __NFTO_ST_MAX);
	for_each_possible_cpu(cpu) {
		struct nfto_pcpu_stats *st = per_cpu_ptr(port->stats, cpu);
		u64 c[__NFTO_ST_MAX];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			memcpy(c, st->c, sizeof(c));
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < __NFTO_ST_MAX; i++)
			sum[i] += c[i];
	}
}

/*
 * The netdev counters are the host's view, as on a switchdev representor:
 * what the stack sent and received. Hardware-forwarded packets show only in
 * the hw_offload_* ethtool counters.
 */
static void nfto_port_get_stats64(struct net_device *netdev,
				  struct rtnl_link_stats64 *stats)
{
	u64 c[__NFTO_ST_MAX];

	nfto_port_stats(nfto_netdev_port(netdev), c);
	stats->rx_packets = c[NFTO_ST_RX];
	stats->rx_bytes = c[NFTO_ST_RX_BYTES];
	stats->rx_dropped = c[NFTO_ST_RX_DROP];
	stats->tx_packets = c[NFTO_ST_TX];
	stats->tx_bytes = c[NFTO_ST_TX_BYTES];
	stats->tx_dropped = c[NFTO_ST_WIRE_DROP];
}

const char nfto_stat_names[__NFTO_ST_MAX][ETH_GSTRING_LEN] = {
	[NFTO_ST_RX]		= "rx_host_packets",
	[NFTO_ST_RX_BYTES]	= "rx_host_bytes",
	[NFTO_ST_RX_DROP]	= "rx_host_drop_packets",
	[NFTO_ST_TX]		= "tx_host_packets",
	[NFTO_ST_TX_BYTES]	= "tx_host_bytes",
	[NFTO_ST_WIRE_DROP]	= "wire_drop_packets",
	[NFTO_ST_HW_RX]		= "hw_offload_rx_packets",
	[NFTO_ST_HW_RX_BYTES]	= "hw_offload_rx_bytes",
	[NFTO_ST_HW_FWD]	= "hw_offload_fwd_packets",
	[NFTO_ST_HW_DROP]	= "hw_offload_drop_packets",
	[NFTO_ST_HW_MISS]	= "hw_offload_miss_packets",
	[NFTO_ST_HW_TRAP]	= "hw_offload_trap_packets",
	[NFTO_ST_HW_SLOW_FRAG]	= "hw_offload_slow_frag_packets",
	[NFTO_ST_HW_SLOW_OPTS]	= "hw_offload_slow_ipopts_packets",
	[NFTO_ST_HW_SLOW_TTL]	= "hw_offload_slow_ttl_packets",
	[NFTO_ST_HW_SLOW_MTU]	= "hw_offload_slow_mtu_packets",
};

static int nfto_port_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? __NFTO_ST_MAX : -EOPNOTSUPP;
}

static void nfto_port_get_strings(struct net_device *netdev, u32 sset, u8 *buf)
{
	if (sset == ETH_SS_STATS)
		memcpy(buf, nfto_stat_names, sizeof(nfto_stat_names));
}

static void nfto_port_get_ethtool_stats(struct net_device *netdev,
					struct ethtool_stats *stats, u64 *data)
{
	nfto_port_stats(nfto_netdev_port(netdev), data);
}

static int nfto_port_set_features(struct net_device *netdev,
				  netdev_features_t features)
{
	struct nfto_port *port = nfto_netdev_port(netdev);
	struct nfto_hw *hw = &port->dev->hw;
	unsigned int in_use = 0;
	struct nfto_entry *e;

	if ((netdev->features & NETIF_F_HW_TC) && !(features & NETIF_F_HW_TC)) {
		mutex_lock(&hw->lock);
		list_for_each_entry(e, &hw->table.all, all)
			if (e->group->port == port->index)
				in_use++;
		mutex_unlock(&hw->lock);
		if (in_use) {
			netdev_err(netdev,
				   "hw-tc-offload can't be turned off: %u flows of this port are offloaded\n",
				   in_use);
			return -EBUSY;
		}
	}
	return 0;
}

#ifndef HAVE_SET_NETDEV_DEVLINK_PORT
static struct devlink_port *nfto_port_get_devlink_port(struct net_device *nd)
{
	return &nfto_netdev_port(nd)->dl_port;
}
#endif

static const struct net_device_ops nfto_port_netdev_ops = {
	.ndo_start_xmit		= nfto_port_xmit,
	.ndo_get_stats64	= nfto_port_get_stats64,
	.ndo_setup_tc		= nfto_setup_tc,
	.ndo_set_features	= nfto_port_set_features,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
#ifndef HAVE_SET_NETDEV_DEVLINK_PORT
	.ndo_get_devlink_port	= nfto_port_get_devlink_port,
#endif
};

bool nfto_netdev_is_port(const struct net_device *netdev)
{
	return netdev->netdev_ops == &nfto_port_netdev_ops;
}

static void nfto_port_get_drvinfo(struct net_device *netdev,
				  struct ethtool_drvinfo *info)
{
	struct nfto_port *port = nfto_netdev_port(netdev);

	strscpy(info->driver, "nft_offload", sizeof(info->driver));
	strscpy(info->bus_info, dev_name(&port->dev->dev),
		sizeof(info->bus_info));
}

static const struct ethtool_ops nfto_port_ethtool_ops = {
	.get_drvinfo	= nfto_port_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= nfto_port_get_sset_count,
	.get_strings		= nfto_port_get_strings,
	.get_ethtool_stats	= nfto_port_get_ethtool_stats,
};

static void nfto_port_setup(struct net_device *netdev)
{
	ether_setup(netdev);
	netdev->netdev_ops = &nfto_port_netdev_ops;
	netdev->ethtool_ops = &nfto_port_ethtool_ops;
	netdev->needs_free_netdev = true;
	netdev->priv_flags |= IFF_NO_QUEUE;
	/*
	 * The switch writes the frames it is given (TTL, pedit, VLAN tags)
	 * and hands them to a host stack: never one shared skb sent N times
	 * (pktgen's clone_skb), as on veth.
	 */
	netdev->priv_flags &= ~IFF_TX_SKB_SHARING;
	netdev->hw_features |= NETIF_F_HW_TC;
	netdev->features |= NETIF_F_HW_TC;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = ETH_MAX_MTU;
}

/* fail_function may fail it (tests/selftests/faults.sh). */
static noinline int nfto_port_create(struct nfto_dev *nd, unsigned int index)
{
	struct devlink_port_attrs attrs = {};
	struct net_device *netdev;
	struct nfto_port *port;
	char name[IFNAMSIZ];
	unsigned int cpu;
	int err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->dev = nd;
	port->index = index;
	INIT_LIST_HEAD(&port->bindings);
	INIT_LIST_HEAD(&port->block_cb_list);
	port->stats = alloc_percpu(struct nfto_pcpu_stats);
	if (!port->stats) {
		kfree(port);
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(port->stats, cpu)->syncp);

	attrs.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL;
	attrs.phys.port_number = index;
	attrs.switch_id = nd->switch_id;
	devlink_port_attrs_set(&port->dl_port, &attrs);
	err = devl_port_register(nd->devlink, &port->dl_port, index);
	if (err)
		goto err_free;

	snprintf(name, sizeof(name), "nfto%up%u", nd->id, index);
	netdev = alloc_netdev(sizeof(struct nfto_netdev_priv), name,
			      NET_NAME_PREDICTABLE, nfto_port_setup);
	if (!netdev) {
		err = -ENOMEM;
		goto err_dl_port;
	}
	((struct nfto_netdev_priv *)netdev_priv(netdev))->port = port;
	dev_net_set(netdev, nd->net);
	SET_NETDEV_DEV(netdev, &nd->dev);
	eth_hw_addr_random(netdev);
#ifdef HAVE_SET_NETDEV_DEVLINK_PORT
	SET_NETDEV_DEVLINK_PORT(netdev, &port->dl_port);
#endif
	port->netdev = netdev;

	rtnl_lock();
	err = register_netdevice(netdev);
	if (!err)
		netif_carrier_off(netdev);	/* no wire yet */
	rtnl_unlock();
	if (err) {
		free_netdev(netdev);
		goto err_dl_port;
	}
#ifndef HAVE_SET_NETDEV_DEVLINK_PORT
	devlink_port_type_eth_set(&port->dl_port, netdev);
#endif
	mutex_lock(&nd->hw.lock);	/* hw->port_of() reads ports[] */
	nd->ports[index] = port;
	mutex_unlock(&nd->hw.lock);
	return 0;

err_dl_port:
	devl_port_unregister(&port->dl_port);
err_free:
	free_percpu(port->stats);
	kfree(port);
	return err;
}
ALLOW_ERROR_INJECTION(nfto_port_create, ERRNO);

static void nfto_port_destroy(struct nfto_port *port)
{
	nfto_port_unlink(port);
#ifndef HAVE_SET_NETDEV_DEVLINK_PORT
	devlink_port_type_clear(&port->dl_port);
#endif
	/*
	 * Unregistering makes tc and nf_tables unbind every block from the
	 * port, and unbinding flushes what each block installed.
	 */
	unregister_netdev(port->netdev);
	nfto_port_orphan_bindings(port, false);
	devl_port_unregister(&port->dl_port);
	free_percpu(port->stats);
	kfree(port);
}

int nfto_port_link(struct nfto_port *a, struct nfto_port *b)
{
	int err = 0;

	if (a == b) {
		pr_err("link_ports: a port cannot be linked to itself\n");
		return -EINVAL;
	}
	spin_lock(&nfto_wire_lock);
	if (rcu_access_pointer(a->peer) || rcu_access_pointer(b->peer)) {
		err = -EBUSY;
	} else {
		rcu_assign_pointer(a->peer, b);
		rcu_assign_pointer(b->peer, a);
	}
	spin_unlock(&nfto_wire_lock);
	if (err) {
		pr_err("link_ports: %s is already linked\n",
		       rcu_access_pointer(a->peer) ? netdev_name(a->netdev) :
						     netdev_name(b->netdev));
		return err;
	}
	netif_carrier_on(a->netdev);
	netif_carrier_on(b->netdev);
	return 0;
}

int nfto_port_unlink(struct nfto_port *p)
{
	struct nfto_port *peer;

	spin_lock(&nfto_wire_lock);
	peer = rcu_dereference_protected(p->peer,
					 lockdep_is_held(&nfto_wire_lock));
	if (peer) {
		RCU_INIT_POINTER(peer->peer, NULL);
		RCU_INIT_POINTER(p->peer, NULL);
	}
	spin_unlock(&nfto_wire_lock);
	if (!peer)
		return -ENOENT;
	netif_carrier_off(p->netdev);
	netif_carrier_off(peer->netdev);
	/* The datapath may still hold the old peer: wait for it. */
	synchronize_rcu();
	return 0;
}

static int nfto_hw_port_of(struct nfto_hw *hw, int ifindex)
{
	struct nfto_dev *nd = nfto_hw_to_dev(hw);
	unsigned int i;

	for (i = 0; i < nd->num_ports; i++)
		if (nd->ports[i] && nd->ports[i]->netdev->ifindex == ifindex)
			return i;
	return -1;
}

/* Called with the devlink instance lock held (probe, reload_up). */
int nfto_ports_create(struct nfto_dev *nd)
{
	unsigned int i;
	int err;

	for (i = 0; i < nd->num_ports; i++) {
		err = nfto_port_create(nd, i);
		if (err)
			goto err_ports;
	}
	return 0;

err_ports:
	nfto_ports_destroy(nd);
	return err;
}

/* Called with the devlink instance lock held (remove, reload_down). */
void nfto_ports_destroy(struct nfto_dev *nd)
{
	unsigned int i;

	for (i = nd->num_ports; i--;) {
		struct nfto_port *port = nd->ports[i];

		if (!port)
			continue;
		mutex_lock(&nd->hw.lock);
		nd->ports[i] = NULL;
		mutex_unlock(&nd->hw.lock);
		nfto_port_destroy(port);
	}
}

int nfto_dev_probe(struct nfto_dev *nd)
{
	const struct nfto_backend_ops *ops = nd->probe_ops;
	int err;

	nd->probe_ops = NULL;
	spin_lock_init(&nd->fail_lock);
	nd->switch_id.id_len = sizeof(u64);
	get_random_bytes(nd->switch_id.id, nd->switch_id.id_len);
	nd->hw.report = nfto_dev_report;
	nd->hw.port_of = nfto_hw_port_of;

	/* nfto_hw_init() consumes the backend reference, also on error. */
	err = nfto_hw_init(&nd->hw, dev_name(&nd->dev), ops,
			   ops->caps->table_size, NULL);
	if (err)
		return err;

	nd->devlink = nfto_devlink_alloc(nd);
	if (!nd->devlink) {
		err = -ENOMEM;
		goto err_hw;
	}
	devl_lock(nd->devlink);
	err = nfto_devlink_init(nd);
	if (err)
		goto err_devlink_unlock;
	err = nfto_ports_create(nd);
	if (err)
		goto err_devlink_fini;
	devl_unlock(nd->devlink);
	nfto_devlink_register_late(nd->devlink);
	nfto_debugfs_dev_init(nd);
	dev_info(&nd->dev, "%u ports, backend %s\n", nd->num_ports,
		 nd->hw.backend->name);
	return 0;

err_devlink_fini:
	nfto_devlink_fini(nd);
err_devlink_unlock:
	devl_unlock(nd->devlink);
	devlink_free(nd->devlink);
err_hw:
	nfto_hw_fini(&nd->hw);
	return err;
}

void nfto_dev_remove(struct nfto_dev *nd)
{
	nfto_debugfs_dev_exit(nd);
	/* No health work may run once devlink starts going away. */
	mutex_lock(&nd->hw.lock);
	nd->dying = true;
	mutex_unlock(&nd->hw.lock);
	cancel_work_sync(&nd->health_work);
	nfto_devlink_unregister_early(nd->devlink);
	devl_lock(nd->devlink);
	nfto_ports_destroy(nd);
	nfto_devlink_fini(nd);
	devl_unlock(nd->devlink);
	devlink_free(nd->devlink);
	nfto_hw_fini(&nd->hw);
}
