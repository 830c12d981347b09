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
	/*
	 * do: would this flow offload? A dry run of what the kernel does
	 * before programming a flow (see "Flow check" below); changes and
	 * records nothing.
	 */
	NFTO_CMD_FLOW_CHECK,
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

	/*
	 * Flow check (NFTO_CMD_FLOW_CHECK). Request: NFTO_A_DEV_ID (judge
	 * on that switch with its backend: ports, capabilities, the
	 * backend's own rules; not the room in the table, not the fault
	 * knobs) and/or NFTO_A_CHECK_BACKEND (judge with that loaded
	 * backend; with a device too, the device resolves the ports), then
	 * the flow. Reply: NFTO_A_CHECK_BACKEND, NFTO_A_DEV_NAME with a
	 * device, and NFTO_A_CHECK_OK or NFTO_A_FAIL_KIND, NFTO_A_FAIL_ERRNO
	 * and NFTO_A_FAIL_REASON, worded as the failure record would be.
	 */
	NFTO_A_CHECK_BACKEND,		/* string */
	NFTO_A_CHECK_TYPE,		/* u8: enum nfto_check_type */
	NFTO_A_CHECK_PRIO,		/* u32 */
	NFTO_A_CHECK_CHAIN,		/* u32: tc chain, 0 for nft */
	/* u32: the port the flow is bound on (a flowtable flow: ingress) */
	NFTO_A_CHECK_IFINDEX,
	NFTO_A_CHECK_KEY,		/* nest of NFTO_KEY_A_*: values */
	NFTO_A_CHECK_MASK,		/* nest of NFTO_KEY_A_*: masks */
	/* nest of NFTO_A_CHECK_ACTION, at most NFTO_MODEL_MAX_ACTIONS */
	NFTO_A_CHECK_ACTIONS,
	NFTO_A_CHECK_ACTION,		/* nest of NFTO_ACT_A_* */
	NFTO_A_CHECK_OK,		/* flag, in the reply: it would offload */

	__NFTO_A_MAX,
};

#define NFTO_A_MAX (__NFTO_A_MAX - 1)

enum nfto_check_type {
	NFTO_CHECK_RULE,	/* nft offload chain rule, tc filter */
	NFTO_CHECK_FLOWTABLE,	/* one direction of a flowtable flow */
};

/*
 * The fields of the normalized flow's key (struct nfto_key). Absent: 0.
 * Multi-byte protocol fields are in network byte order, as on the wire.
 */
enum nfto_key_attr {
	NFTO_KEY_A_UNSPEC,
	NFTO_KEY_A_INGRESS_IFINDEX,	/* u32 */
	NFTO_KEY_A_INGRESS_IFTYPE,	/* u16 */
	NFTO_KEY_A_ADDR_TYPE,		/* u16: FLOW_DISSECTOR_KEY_IPV4/6_ADDRS */
	NFTO_KEY_A_CTRL_FLAGS,		/* u32: FLOW_DIS_* */
	NFTO_KEY_A_N_PROTO,		/* be16 */
	NFTO_KEY_A_IP_PROTO,		/* u8 */
	NFTO_KEY_A_IP_TOS,		/* u8 */
	NFTO_KEY_A_IP_TTL,		/* u8 */
	NFTO_KEY_A_ICMP_TYPE,		/* u8 */
	NFTO_KEY_A_ICMP_CODE,		/* u8 */
	NFTO_KEY_A_ETH_DST,		/* binary, 6 bytes */
	NFTO_KEY_A_ETH_SRC,		/* binary, 6 bytes */
	NFTO_KEY_A_VLAN_ID,		/* u16, 0..4095 */
	NFTO_KEY_A_VLAN_PRIO,		/* u8, 0..7 */
	NFTO_KEY_A_VLAN_TPID,		/* be16 */
	NFTO_KEY_A_CVLAN_ID,		/* u16, 0..4095 */
	NFTO_KEY_A_CVLAN_PRIO,		/* u8, 0..7 */
	NFTO_KEY_A_CVLAN_TPID,		/* be16 */
	NFTO_KEY_A_IPV4_SRC,		/* be32 */
	NFTO_KEY_A_IPV4_DST,		/* be32 */
	NFTO_KEY_A_IPV6_SRC,		/* binary, 16 bytes */
	NFTO_KEY_A_IPV6_DST,		/* binary, 16 bytes */
	NFTO_KEY_A_SRC_PORT,		/* be16 */
	NFTO_KEY_A_DST_PORT,		/* be16 */
	NFTO_KEY_A_TCP_FLAGS,		/* be16 */
	__NFTO_KEY_A_MAX,
};

#define NFTO_KEY_A_MAX (__NFTO_KEY_A_MAX - 1)

/* One action of the normalized flow (struct nfto_action). */
enum nfto_act_attr {
	NFTO_ACT_A_UNSPEC,
	NFTO_ACT_A_NAME,		/* string, required: "drop", "redirect"... */
	NFTO_ACT_A_IFINDEX,		/* u32: redirect/mirred target */
	NFTO_ACT_A_CHAIN,		/* u32: goto */
	NFTO_ACT_A_VLAN_ID,		/* u16, 0..4095 */
	NFTO_ACT_A_VLAN_PROTO,		/* be16 */
	NFTO_ACT_A_VLAN_PRIO,		/* u8, 0..7 */
	NFTO_ACT_A_MANGLE_HTYPE,	/* u8: enum flow_action_mangle_base, 1..5 */
	NFTO_ACT_A_MANGLE_OFFSET,	/* u32 */
	NFTO_ACT_A_MANGLE_MASK,		/* u32: the bits kept */
	NFTO_ACT_A_MANGLE_VAL,		/* u32 */
	NFTO_ACT_A_CSUM_FLAGS,		/* u32: TCA_CSUM_UPDATE_FLAG_* */
	__NFTO_ACT_A_MAX,
};

#define NFTO_ACT_A_MAX (__NFTO_ACT_A_MAX - 1)

#endif /* _UAPI_LINUX_NFT_OFFLOAD_H */
