# SPDX-License-Identifier: GPL-2.0
#
# The kernel's tools/testing/selftests/net/netfilter/nft_flowtable.sh made
# into its offload variant, and nothing else:
#
#  - every veth pair becomes a wired port pair of one nft_offload switch
#    (nfto_pair, defined below, after the script's "source lib.sh");
#  - every flowtable gets "flags offload".
#
#   sed -E -f tests/selftests/kflowtable.sed nft_flowtable.sh
#
# tests/selftests/kflowtable.sh applies it and checks that it did.

# The helper, right after the libraries: the script's own functions and
# variables are untouched.
/^source lib\.sh$/a\
\
# kflowtable.sed: a wired port pair of one nft_offload switch per veth pair.\
# The switch is created at the first pair with NFTO_KFT_PORTS ports (8);\
# each run of the script (it re-runs itself) gets a switch of its own.\
nfto_kft_id=\
nfto_kft_next=0\
nfto_pair()\
{\
	local bus=/sys/bus/nft_offload a=$1 nsa=$2 b=$3 nsb=$4 p\
\
	if [ -z "$nfto_kft_id" ]; then\
		nfto_kft_id=${NFTO_KFT_ID:-100}\
		while [ -e "$bus/devices/nfto$nfto_kft_id" ]; do\
			nfto_kft_id=$((nfto_kft_id + 1))\
		done\
		echo "$nfto_kft_id ${NFTO_KFT_PORTS:-8}" >"$bus/new_device" || exit 1\
	fi\
	p=$nfto_kft_next\
	nfto_kft_next=$((p + 2))\
	echo "$nfto_kft_id:$p $nfto_kft_id:$((p + 1))" >"$bus/link_ports" || exit 1\
	ip link set "nfto${nfto_kft_id}p$p" netns "$nsa" name "$a" || exit 1\
	ip link set "nfto${nfto_kft_id}p$((p + 1))" netns "$nsb" name "$b" || exit 1\
}

# ip link add A netns "$X" type veth peer name B netns "$Y"
s/^([[:space:]]*)ip link add ([^[:space:]]+) netns ("\$[[:alnum:]_]+") type veth peer name ([^[:space:]]+) netns ("\$[[:alnum:]_]+")[[:space:]]*$/\1nfto_pair \2 \3 \4 \5/

# flowtable NAME { hook ...; devices = { ... } } (one statement a line)
/^[[:space:]]*flowtable[[:space:]]+[[:alnum:]_]+[[:space:]]*\{[[:space:]]*$/,/^[[:space:]]*\}[[:space:]]*$/{
	/^[[:space:]]*devices[[:space:]]*=/a\
     flags offload
}
