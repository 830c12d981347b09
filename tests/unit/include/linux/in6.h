/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: struct in6_addr as <uapi/linux/in6.h>
 * defines it, with the s6_addr16/s6_addr32 views the core uses.
 */
#ifndef _SHIM_LINUX_IN6_H
#define _SHIM_LINUX_IN6_H

#include <linux/in.h>
#include <linux/types.h>

struct in6_addr {
	union {
		__u8		u6_addr8[16];
		__be16		u6_addr16[8];
		__be32		u6_addr32[4];
	} in6_u;
#define s6_addr			in6_u.u6_addr8
#define s6_addr16		in6_u.u6_addr16
#define s6_addr32		in6_u.u6_addr32
};

#endif /* _SHIM_LINUX_IN6_H */
