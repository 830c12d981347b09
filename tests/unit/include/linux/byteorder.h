/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the kernel's byte-order helpers
 * (<asm/byteorder.h> and <linux/byteorder/generic.h> in the kernel).
 * Written for either host byte order, so the tests also run on big-endian.
 */
#ifndef _SHIM_LINUX_BYTEORDER_H
#define _SHIM_LINUX_BYTEORDER_H

#include <linux/types.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __nfto_be16(x)	((u16)__builtin_bswap16((u16)(x)))
#define __nfto_be32(x)	((u32)__builtin_bswap32((u32)(x)))
#define __nfto_be64(x)	((u64)__builtin_bswap64((u64)(x)))
#else
#define __nfto_be16(x)	((u16)(x))
#define __nfto_be32(x)	((u32)(x))
#define __nfto_be64(x)	((u64)(x))
#endif

#define cpu_to_be16(x)	((__be16)__nfto_be16(x))
#define be16_to_cpu(x)	((u16)__nfto_be16(x))
#define cpu_to_be32(x)	((__be32)__nfto_be32(x))
#define be32_to_cpu(x)	((u32)__nfto_be32(x))
#define cpu_to_be64(x)	((__be64)__nfto_be64(x))
#define be64_to_cpu(x)	((u64)__nfto_be64(x))
#define htons(x)	cpu_to_be16(x)
#define ntohs(x)	be16_to_cpu(x)
#define htonl(x)	cpu_to_be32(x)
#define ntohl(x)	be32_to_cpu(x)

#endif /* _SHIM_LINUX_BYTEORDER_H */
