/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim for tests/unit: the VLAN constants of <linux/if_vlan.h>. */
#ifndef _SHIM_LINUX_IF_VLAN_H
#define _SHIM_LINUX_IF_VLAN_H

#define VLAN_PRIO_MASK	0xe000
#define VLAN_PRIO_SHIFT	13
#define VLAN_VID_MASK	0x0fff
#define VLAN_N_VID	4096

#include <linux/byteorder.h>
#include <linux/if_ether.h>
#include <linux/types.h>

static inline bool eth_type_vlan(__be16 ethertype)
{
	return ethertype == htons(ETH_P_8021Q) ||
	       ethertype == htons(ETH_P_8021AD);
}

#endif /* _SHIM_LINUX_IF_VLAN_H */
