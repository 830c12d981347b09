/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nft_offload generic netlink family: read-only status of the backends and
 * the simulated switches, for the nft-offload tool.
 *
 * Backend switches go through devlink (param flow_offload_backend); this
 * family changes nothing. Names, not numbers, carry keys and actions:
 * the kernel's FLOW_DISSECTOR_KEY_* and FLOW_ACTION_* values differ between
 * kernel versions.
 */
#ifndef _UAPI_LINUX_NFT_OFFLOAD_H
#define _UAPI_LINUX_NFT_OFFLOAD_H

#define NFTO_GENL_NAME		"nft_offload"
#define NFTO_GENL_VERSION	1

/* Most actions one flow of the model holds (NFTO_MAX_ACTIONS in the kernel) */
#define NFTO_MODEL_MAX_ACTIONS	24

enum nfto_cmd {
	NFTO_CMD_UNSPEC,
	NFTO_CMD_BACKEND_GET,	/* dump: registered backends */
	NFTO_CMD_DEV_GET,	/* dump, or do with NFTO_A_DEV_ID */
	NFTO_CMD_FAILURE_GET,	/* dump, NFTO_A_DEV_ID required */
	NFTO_CMD_ENTRY_GET,	/* dump, NFTO_A_DEV_ID required */
	__NFTO_CMD_MAX,
};

#define NFTO_CMD_MAX (__NFTO_CMD_MAX - 1)

/* nfto_caps.flags as seen by userspace */
#define NFTO_CAPF_FLOWTABLE	(1U << 0)
#define NFTO_CAPF_STATS		(1U << 1)
#define NFTO_CAPF_GOTO_ANY	(1U << 2)

enum nfto_attr {
	NFTO_A_UNSPEC,
	NFTO_A_PAD,

	/* backends (NFTO_CMD_BACKEND_GET), one message each */
	NFTO_A_BACKEND_NAME,		/* string */
	NFTO_A_BACKEND_VERSION,		/* string */
	NFTO_A_BACKEND_KEYS,		/* nest of NFTO_A_NAME strings */
	NFTO_A_BACKEND_ACTIONS,		/* nest of NFTO_A_NAME strings */
	NFTO_A_BACKEND_MAX_ACTIONS,	/* u32 */
	NFTO_A_BACKEND_PRIO_MAX,	/* u32, 0: no limit */
	NFTO_A_BACKEND_CHAIN_MAX,	/* u32 */
	NFTO_A_BACKEND_TABLE_SIZE,	/* u32, default flow_table size */
	NFTO_A_BACKEND_TABLE_SIZE_MAX,	/* u32 */
	NFTO_A_BACKEND_FLAGS,		/* u32, NFTO_CAPF_* */
	NFTO_A_NAME,			/* string, inside the nests above */

	/* switches (NFTO_CMD_DEV_GET), one message each */
	NFTO_A_DEV_ID,			/* u32 */
	NFTO_A_DEV_NAME,		/* string: nfto<ID> */
	NFTO_A_DEV_BACKEND,		/* string */
	NFTO_A_DEV_TABLE_SIZE,		/* u32 */
	NFTO_A_DEV_TABLE_OCC,		/* u32 */
	NFTO_A_DEV_FAILURES,		/* u64, ever recorded */
	NFTO_A_DEV_PORTS,		/* nest of NFTO_A_PORT */
	NFTO_A_PORT,			/* nest */
	NFTO_A_PORT_INDEX,		/* u32 */
	NFTO_A_PORT_IFINDEX,		/* u32, in the port's netns */
	NFTO_A_PORT_IFNAME,		/* string */
	/* s32: peernet id of the port's netns seen from the caller's one;
	 * absent when it is the caller's netns
	 */
	NFTO_A_PORT_NETNSID,
	NFTO_A_PORT_PEER,		/* string "ID:PORT", when wired */
	NFTO_A_PORT_STATS,		/* nest of NFTO_A_STAT */
	NFTO_A_STAT,			/* nest: NFTO_A_NAME + NFTO_A_VALUE */
	NFTO_A_VALUE,			/* u64 */

	/* failures (NFTO_CMD_FAILURE_GET), one message each, oldest first */
	NFTO_A_FAIL_SEQ,		/* u64 */
	NFTO_A_FAIL_KIND,		/* string: model, capability, ... */
	NFTO_A_FAIL_WHERE,		/* string: "nfto1p0 ingress" */
	NFTO_A_FAIL_TYPE,		/* string: rule | flowtable */
	NFTO_A_FAIL_PRIO,		/* u32 */
	NFTO_A_FAIL_CHAIN,		/* u32 */
	NFTO_A_FAIL_FLOW,		/* string: 5-tuple, flowtable flows */
	NFTO_A_FAIL_COOKIE,		/* string: hashed, never the address */
	NFTO_A_FAIL_ERRNO,		/* u32, positive */
	NFTO_A_FAIL_REASON,		/* string */

	/* entries (NFTO_CMD_ENTRY_GET), one message each */
	NFTO_A_ENTRY_PORT,		/* u32 port index */
	NFTO_A_ENTRY_TYPE,		/* string: rule | flowtable */
	NFTO_A_ENTRY_PRIO,		/* u32 */
	NFTO_A_ENTRY_CHAIN,		/* u32 */
	NFTO_A_ENTRY_COOKIE,		/* string: hashed */
	NFTO_A_ENTRY_KEYS,		/* nest of NFTO_A_NAME: keys matched */
	NFTO_A_ENTRY_MATCH,		/* string: human-readable match */
	NFTO_A_ENTRY_ACTIONS,		/* string: human-readable actions */
	NFTO_A_ENTRY_PACKETS,		/* u64 */
	NFTO_A_ENTRY_BYTES,		/* u64 */
	NFTO_A_ENTRY_LASTUSED_MS,	/* u64, milliseconds ago */

	__NFTO_A_MAX,
};

#define NFTO_A_MAX (__NFTO_A_MAX - 1)

#endif /* _UAPI_LINUX_NFT_OFFLOAD_H */
