/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: Linux 6.12's include/linux/mpls.h with its uapi part. */
#ifndef _LINUX_MPLS_H
#define _LINUX_MPLS_H

/* include/uapi/linux/mpls.h: a label stack entry, host order */
#define MPLS_LS_LABEL_MASK	0xFFFFF000
#define MPLS_LS_LABEL_SHIFT	12
#define MPLS_LS_TC_MASK		0x00000E00
#define MPLS_LS_TC_SHIFT	9
#define MPLS_LS_S_MASK		0x00000100
#define MPLS_LS_S_SHIFT		8
#define MPLS_LS_TTL_MASK	0x000000FF
#define MPLS_LS_TTL_SHIFT	0

#define MPLS_TTL_MASK		(MPLS_LS_TTL_MASK >> MPLS_LS_TTL_SHIFT)
#define MPLS_BOS_MASK		(MPLS_LS_S_MASK >> MPLS_LS_S_SHIFT)
#define MPLS_TC_MASK		(MPLS_LS_TC_MASK >> MPLS_LS_TC_SHIFT)
#define MPLS_LABEL_MASK		(MPLS_LS_LABEL_MASK >> MPLS_LS_LABEL_SHIFT)

#endif /* _LINUX_MPLS_H */
