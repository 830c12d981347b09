/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the part of struct net_device the core
 * reads from a flow_action_entry (REDIRECT/MIRRED targets), and enum
 * tc_setup_type of Linux 6.12 (core/nfto.h names it).
 */
#ifndef _SHIM_LINUX_NETDEVICE_H
#define _SHIM_LINUX_NETDEVICE_H

#include <linux/types.h>

#define IFNAMSIZ 16

enum tc_setup_type {
	TC_QUERY_CAPS,
	TC_SETUP_QDISC_MQPRIO,
	TC_SETUP_CLSU32,
	TC_SETUP_CLSFLOWER,
	TC_SETUP_CLSMATCHALL,
	TC_SETUP_CLSBPF,
	TC_SETUP_BLOCK,
	TC_SETUP_QDISC_CBS,
	TC_SETUP_QDISC_RED,
	TC_SETUP_QDISC_PRIO,
	TC_SETUP_QDISC_MQ,
	TC_SETUP_QDISC_ETF,
	TC_SETUP_ROOT_QDISC,
	TC_SETUP_QDISC_GRED,
	TC_SETUP_QDISC_TAPRIO,
	TC_SETUP_FT,
	TC_SETUP_QDISC_ETS,
	TC_SETUP_QDISC_TBF,
	TC_SETUP_QDISC_FIFO,
	TC_SETUP_QDISC_HTB,
	TC_SETUP_ACT,
};

struct net_device {
	char	name[IFNAMSIZ];
	int	ifindex;
};

#endif /* _SHIM_LINUX_NETDEVICE_H */
