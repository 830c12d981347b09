#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the selftests and merge their results into one TAP stream.
#
#   tests/selftests/run.sh [TEST...]
#
# TEST is a script name (smoke.sh, smoke) or path; default: every
# tests/selftests/*.sh but lib.sh and run.sh. SCRIPT:A,B runs only the
# tests A and B of SCRIPT (its TESTS="A B"), e.g. faults:fail_function_sweep.  Inside the test VM it runs
# them directly; on the host it boots the VM first (tests/vm/run, kernel
# $NFTO_KERNEL or the default) and runs itself there.
#
# Results are flattened: each script's "ok N - name" becomes
# "ok M - script: name" with one numbering; everything else a script prints
# becomes a "# " diagnostic.  A script that dies, times out
# ($NFTO_TEST_TIMEOUT seconds each, default 900) or whose plan doesn't match
# its results adds a failure.  The last line is "N passed, N failed" (plus
# ", N skipped" when any were); the exit status is 1 when anything failed.
set -uo pipefail
shopt -s lastpipe

here=$(cd "$(dirname "$0")" && pwd)

# On the host: the tests need a kernel that can load modules.
if [ ! -e /nfto/env ] && [ -z "${NFTO_IN_VM:-}" ]; then
	exec "$here/../vm/run" ${NFTO_KERNEL:+--kernel "$NFTO_KERNEL"} -- "$here/run.sh" "$@"
fi

per_test_timeout=${NFTO_TEST_TIMEOUT:-900}
# NFTO_SKIP_TESTS="faults ...": scripts reported as skipped, with
# NFTO_SKIP_REASON, instead of run (make check's time budget).
skip_tests=" ${NFTO_SKIP_TESTS:-} "

tests=() subsets=()
if [ $# -eq 0 ]; then
	for t in "$here"/*.sh; do
		case ${t##*/} in *lib.sh|run.sh) continue ;; esac
		tests+=("$t")
		subsets+=("")
	done
else
	for t in "$@"; do
		sub=
		if [[ $t == *:* ]]; then
			sub=${t#*:}
			t=${t%%:*}
		fi
		case $t in
		*/*) ;;
		*.sh) t=$here/$t ;;
		*) t=$here/$t.sh ;;
		esac
		tests+=("$t")
		subsets+=("${sub//,/ }")
	done
fi

# run_script SCRIPT SUBSET: SUBSET, if any, becomes the script's TESTS.
run_script()
{
	if [ -n "$2" ]; then
		TESTS=$2 timeout -k 10 "$per_test_timeout" bash "$1"
	else
		timeout -k 10 "$per_test_timeout" bash "$1"
	fi
}

num=0 pass=0 fail=0 skipped=0

result()
{
	local status=$1 desc=$2

	num=$((num + 1))
	case $status in
	pass) pass=$((pass + 1)); echo "ok $num - $desc" ;;
	skip) skipped=$((skipped + 1)); echo "ok $num - $desc" ;;
	*)    fail=$((fail + 1)); echo "not ok $num - $desc" ;;
	esac
}

echo "TAP version 13"
echo "# kernel $(uname -r) ($(uname -v))"

for i in "${!tests[@]}"; do
	t=${tests[$i]} sub=${subsets[$i]}
	name=$(basename "$t" .sh)
	if [ ! -r "$t" ]; then
		result fail "$name # no such test"
		continue
	fi
	if [[ $skip_tests == *" $name "* ]]; then
		result skip "$name # SKIP ${NFTO_SKIP_REASON:-skipped by NFTO_SKIP_TESTS}"
		continue
	fi
	echo "# $name: start${sub:+ (tests: $sub)}"
	results=0 failed=0 plan=
	rc=
	start=$(date +%s)
	# The exit status travels as the last line: lastpipe keeps the
	# counters in this shell, PIPESTATUS would be lost in the loop.
	{ run_script "$t" "$sub" 2>&1; echo "__NFTO_RC=$?"; } |
	while IFS= read -r line; do
		case $line in
		__NFTO_RC=*)
			rc=${line#__NFTO_RC=}
			;;
		"ok "*|"not ok "*)
			status=pass
			[[ $line == "not ok "* ]] && status=fail
			desc=$(sed -E 's/^(not )?ok [0-9]*( - )?//' <<<"$line")
			shopt -s nocasematch
			[[ $desc == *"# SKIP"* ]] && status=skip
			shopt -u nocasematch
			result "$status" "$name: $desc"
			results=$((results + 1))
			[ "$status" = fail ] && failed=$((failed + 1))
			;;
		1..*)
			plan=$line
			;;
		"TAP version"*)
			;;
		"#"*)
			echo "$line"
			;;
		*)
			echo "# $line"
			;;
		esac
	done
	secs=$(($(date +%s) - start))

	# A whole script skipped: "1..0 # SKIP reason", exit 4.
	if [ "$results" = 0 ] && [[ $plan == "1..0"* ]]; then
		reason=${plan#1..0}
		reason=${reason#*# }
		reason=${reason#SKIP}
		result skip "$name # SKIP${reason:+ }${reason# }"
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		result fail "$name # timed out after ${per_test_timeout}s"
	elif [ -z "$plan" ] || [ "${plan%% *}" != "1..$results" ]; then
		result fail "$name # plan '${plan:-none}' but $results results (exit $rc)"
	elif [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
		result fail "$name # exit status $rc with no failed test"
	fi
	echo "# $name: done in ${secs}s (exit $rc)"
done

echo "1..$num"
summary="$pass passed, $fail failed"
[ "$skipped" = 0 ] || summary+=", $skipped skipped"
echo "$summary"
[ "$fail" = 0 ]
