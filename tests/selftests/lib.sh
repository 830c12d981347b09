#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Library for the shell selftests, after the kernel's
# tools/testing/selftests/net/forwarding/lib.sh and the netdevsim selftests.
#
# A test script:
#
#	# shellcheck disable=SC2034,SC2317 # tests run through ALL_TESTS
#	ALL_TESTS="first second"
#	# shellcheck source=tests/selftests/lib.sh
#	source "$(dirname "$0")/lib.sh"
#
#	first()
#	{
#		RET=0
#		some_command
#		check_err $? "some_command failed"
#		log_test "first thing works"
#	}
#	...
#	tests_run
#	exit "$EXIT_STATUS"
#
# Output is TAP: "ok N - name", "not ok N - name # reason",
# "ok N - name # SKIP reason", diagnostics as "# ...", the plan "1..N" last.
# TESTS="a b" runs a subset.  Every test also fails when the kernel log got a
# new WARNING/BUG/Call Trace/KASAN/lockdep/kmemleak report while it ran.

# Variables here are for the scripts that source this file.
# shellcheck disable=SC2034

# kselftest's exit code for "skipped".
ksft_skip=4

RET=0
EXIT_STATUS=0
retmsg=
TEST_NUM=0
NUM_PASS=0
NUM_FAIL=0
NUM_SKIP=0
NS_LIST=()
DEFER_CMDS=()

# Kernel log lines that mean the kernel found a bug.
DMESG_BAD_RE='WARNING:|BUG:|Call Trace|KASAN|UBSAN|possible circular locking|lockdep|INFO: possible|unreferenced object|general protection|Oops|blocked for more than|detected stall'

log_info()
{
	local line

	# Keep multi-line messages valid TAP: every line a diagnostic.
	while IFS= read -r line; do
		echo "# $line"
	done <<<"$*"
}

# --- results ----------------------------------------------------------------

# check_err ERR MSG: the test fails (with MSG) when ERR is non-zero.
# Only the first failure of a test is kept: it is usually the cause.
check_err()
{
	local err=$1
	local msg=$2

	# RET=1, not $err: an exit status of 4 must not read as ksft_skip.
	if [[ $RET -eq 0 && $err -ne 0 ]]; then
		RET=1
		retmsg=$msg
	fi
}

# check_fail ERR MSG: the test fails (with MSG) when ERR is zero, i.e. when
# something that must fail succeeded.
check_fail()
{
	local err=$1
	local msg=$2

	if [[ $RET -eq 0 && $err -eq 0 ]]; then
		RET=1
		retmsg=$msg
	fi
}

check_err_fail()
{
	local should_fail=$1; shift
	local err=$1
	local what=$2

	if ((should_fail)); then
		check_fail "$err" "$what succeeded, but should have failed"
	else
		check_err "$err" "$what failed"
	fi
}

# skip REASON: mark the current test skipped; log_test reports it as
# "ok N - name # SKIP reason", never as a pass.  A failure seen before
# the skip still wins.
skip()
{
	if [[ $RET -eq 0 ]]; then
		RET=$ksft_skip
		retmsg=$1
	fi
}

# TAP descriptions can't carry '#' (it starts a directive) or newlines.
__tap_text()
{
	local s=${*//#/_}

	echo "${s//$'\n'/ }"
}

__tap_result()
{
	local status=$1	# pass, fail, skip
	local name
	local reason

	name=$(__tap_text "$2")
	reason=$(__tap_text "${3:-}")
	TEST_NUM=$((TEST_NUM + 1))
	case $status in
	pass)
		NUM_PASS=$((NUM_PASS + 1))
		echo "ok $TEST_NUM - $name"
		;;
	skip)
		NUM_SKIP=$((NUM_SKIP + 1))
		echo "ok $TEST_NUM - $name # SKIP ${reason:-skipped}"
		;;
	*)
		NUM_FAIL=$((NUM_FAIL + 1))
		EXIT_STATUS=1
		echo "not ok $TEST_NUM - $name${reason:+ # $reason}"
		;;
	esac
}

# log_test NAME [OPT]: report the current test from RET/retmsg, after
# checking the kernel log, and reset RET for the next one.
log_test()
{
	local name=$1
	local opt_str=${2:+ ($2)}

	dmesg_check

	if [[ $RET -eq $ksft_skip ]]; then
		__tap_result skip "$name$opt_str" "$retmsg"
	elif [[ $RET -ne 0 ]]; then
		__tap_result fail "$name$opt_str" "$retmsg"
	else
		__tap_result pass "$name$opt_str"
	fi
	RET=0
	retmsg=
	return 0
}

log_test_skip()
{
	__tap_result skip "$1" "$2"
	RET=0
	retmsg=
}

# tests_run: run ALL_TESTS (or $TESTS), each as a function, then print the
# plan.  The script's exit status is EXIT_STATUS.
tests_run()
{
	local current_test

	echo "TAP version 13"
	log_info "kernel $(uname -r) ($(uname -v))"
	for current_test in ${TESTS:-$ALL_TESTS}; do
		if ! declare -F "$current_test" >/dev/null; then
			__tap_result fail "$current_test" "no such test"
			continue
		fi
		dmesg_mark "$current_test"
		RET=0
		retmsg=
		"$current_test"
	done
	echo "1..$TEST_NUM"
	log_info "$NUM_PASS passed, $NUM_FAIL failed, $NUM_SKIP skipped"
}

# --- kernel log -------------------------------------------------------------

# Put a marker into the kernel log; dmesg_check looks only at what follows
# the last one.  A marker, not a line count: the ring buffer can wrap.
dmesg_mark()
{
	DMESG_MARK="nfto-selftest: begin ${1:-test} $$.$RANDOM"
	echo "$DMESG_MARK" >/dev/kmsg 2>/dev/null || DMESG_MARK=
}

# dmesg_check: fail the current test when the kernel logged a bug report
# since dmesg_mark.  On a kernel with kmemleak, a scan runs first.
dmesg_check()
{
	local kmemleak=/sys/kernel/debug/kmemleak
	local new bad leaks

	[[ -n ${DMESG_MARK:-} ]] || return 0

	if [[ -w $kmemleak ]]; then
		# kmemleak only reports objects older than a few seconds, hence
		# two scans, as the kernel's own selftests do.
		echo scan >"$kmemleak"
		echo scan >"$kmemleak"
		leaks=$(cat "$kmemleak")
		if [[ -n $leaks ]]; then
			log_info "kmemleak:"
			log_info "$(head -n 40 <<<"$leaks")"
			check_err 1 "kmemleak reported leaks"
		fi
		echo clear >"$kmemleak"
	fi

	new=$(dmesg | awk -v m="$DMESG_MARK" 'index($0, m) { buf = ""; seen = 1; next } seen { buf = buf $0 "\n" } END { printf "%s", buf }')
	bad=$(grep -E "$DMESG_BAD_RE" <<<"$new")
	if [[ -n $bad ]]; then
		log_info "new kernel log errors:"
		log_info "$(head -n 40 <<<"$new")"
		check_err 1 "kernel log: $(head -n1 <<<"$bad" | sed 's/^\[[ 0-9.]*\] //')"
	fi
	# The next test of this script starts clean.
	dmesg_mark "${current_test:-test}"
}

# --- requirements -----------------------------------------------------------

# Skip the whole script (TAP "1..0 # SKIP") when a prerequisite is missing.
skip_all()
{
	echo "TAP version 13"
	echo "1..0 # SKIP $(__tap_text "$*")"
	exit $ksft_skip
}

require_cmd()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null || skip_all "$cmd not installed"
	done
}

require_module()
{
	local mod

	for mod in "$@"; do
		modprobe -q "$mod" || skip_all "module $mod not available"
	done
}

# --- polling ----------------------------------------------------------------

# busywait TIMEOUT_MS CMD...: run CMD until it succeeds or TIMEOUT_MS
# passed; return CMD's last status.  For waiting on asynchronous kernel
# work (offload workqueues, stats): never assert that something happens
# within a fixed sleep.
busywait()
{
	local timeout_ms=$1; shift
	local start now ret

	start=$(date +%s%3N)
	while true; do
		"$@"
		ret=$?
		((ret == 0)) && return 0
		now=$(date +%s%3N)
		((now - start >= timeout_ms)) && return "$ret"
		sleep 0.1
	done
}

# slowwait TIMEOUT_S CMD...: the same, in seconds.
slowwait()
{
	local timeout_s=$1; shift

	busywait $((timeout_s * 1000)) "$@"
}

# --- network namespaces -------------------------------------------------------

# setup_ns VAR...: create one netns per VAR with a unique name, stored in
# VAR ("$a"); lo is up; all are removed at exit.
setup_ns()
{
	local var name

	for var in "$@"; do
		name=nfto-$var-$$-$RANDOM
		ip netns add "$name" || return 1
		NS_LIST+=("$name")
		ip -n "$name" link set lo up || return 1
		printf -v "$var" '%s' "$name"
	done
}

cleanup_ns()
{
	local ns ret=0

	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null || ret=1
	done
	return $ret
}

cleanup_all_ns()
{
	[[ ${#NS_LIST[@]} -gt 0 ]] || return 0
	cleanup_ns "${NS_LIST[@]}"
	NS_LIST=()
}

# --- cleanup ----------------------------------------------------------------

# defer CMD...: run CMD at exit (last deferred first), like the kernel's
# net/lib.sh: undo each setup step next to where it is done.
defer()
{
	local q

	printf -v q '%q ' "$@"
	DEFER_CMDS+=("$q")
}

run_deferred()
{
	local i

	for ((i = ${#DEFER_CMDS[@]} - 1; i >= 0; i--)); do
		eval "${DEFER_CMDS[i]}" >/dev/null 2>&1
	done
	DEFER_CMDS=()
}

# The EXIT trap: the script's own cleanup() if it has one, deferred
# commands, then every namespace setup_ns made.
__lib_exit()
{
	local rc=$?

	if declare -F cleanup >/dev/null; then
		cleanup
	fi
	run_deferred
	cleanup_all_ns
	exit $rc
}
trap __lib_exit EXIT
trap 'exit 130' INT TERM
