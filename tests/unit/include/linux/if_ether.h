/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the constants of <uapi/linux/if_ether.h>
 * the core and the tests use.
 */
#ifndef _SHIM_LINUX_IF_ETHER_H
#define _SHIM_LINUX_IF_ETHER_H

#define ETH_ALEN	6
#define ETH_TLEN	2
#define ETH_HLEN	14
#define ETH_P_ALL	0x0003
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_8021Q	0x8100
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021AD	0x88A8
#define ETH_P_PPP_SES	0x8864
#define ETH_P_MPLS_UC	0x8847


#endif /* _SHIM_LINUX_IF_ETHER_H */
