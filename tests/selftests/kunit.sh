#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites of nft_offload_lib's pure parts (tests/kunit): the
# userspace unit tests of core/flow.c, caps.c and table.c, run inside the
# kernel against the real rhashtable, RCU and flow_rule code, under the
# debug kernel's KASAN, lockdep and kmemleak. Every KUnit test becomes one
# result here. Debian's kernels have no KUnit: the script is skipped there.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317

ALL_TESTS="kunit_suites"
SUITES="nft_offload_flow nft_offload_caps nft_offload_table"

# shellcheck source=tests/selftests/lib.sh
source "$(dirname "$0")/lib.sh"

KUNIT_DIR=/sys/kernel/debug/kunit

if ! grep -qx 'CONFIG_KUNIT=y' "/boot/config-$(uname -r)" 2>/dev/null &&
   [[ ! -d $KUNIT_DIR ]]; then
	skip_all "kernel $(uname -r) has no KUnit (Debian's kernels do not)"
fi
modinfo nft_offload_kunit >/dev/null 2>&1 ||
	skip_all "nft_offload_kunit was not built (kernel without CONFIG_KUNIT)"

# kunit_results SUITE: the KTAP of the suite's last run.
kunit_results()
{
	cat "$KUNIT_DIR/$1/results" 2>/dev/null
}

kunit_suites()
{
	local suite ktap line name n total=0 failed=0

	RET=0
	modprobe nft_offload_kunit
	check_err $? "modprobe nft_offload_kunit failed"

	for suite in $SUITES; do
		ktap=$(kunit_results "$suite")
		if [[ -z $ktap ]]; then
			check_err 1 "suite $suite did not run (no $KUNIT_DIR/$suite/results)"
			continue
		fi
		n=0
		# The tests are the parameters of the suite's one case
		# (nfto_kunit_run): the indented KTAP results but the case's.
		while IFS= read -r line; do
			[[ $line =~ ^\ +(not\ )?ok\ [0-9]+\ ([^ #]+) ]] || continue
			name=${BASH_REMATCH[2]}
			[[ $name == nfto_kunit_run ]] && continue
			n=$((n + 1))
			if [[ -n ${BASH_REMATCH[1]} ]]; then
				failed=$((failed + 1))
				log_info "$(grep -B20 -E "^ +not ok [0-9]+ $name\$" <<<"$ktap" | head -n 20)"
				__tap_result fail "$suite.$name" "KUnit test failed"
			else
				__tap_result pass "$suite.$name"
			fi
		done <<<"$ktap"
		if ((n == 0)); then
			log_info "$ktap"
			check_err 1 "suite $suite reported no test"
		fi
		grep -qE "^ *ok [0-9]+ $suite\$" <<<"$ktap"
		check_err $? "suite $suite did not pass"
		total=$((total + n))
	done
	log_info "$total KUnit tests, $failed failed"

	rmmod nft_offload_kunit
	check_err $? "rmmod nft_offload_kunit failed"
	log_test "KUnit suites ran clean ($SUITES)"
}

tests_run
exit "$EXIT_STATUS"
