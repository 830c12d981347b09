#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": everything the project verifies, as one TAP stream.
#
#   scripts/check.sh [--kernels "6.1 6.12"] [--no-deps] [--no-vm]
#
# Stages: set-up (scripts/deps.sh), Kconfig parse, the build for every
# kernel with -Werror, the tool, the userspace unit tests, and the VM
# selftests on every kernel. Every result line of every stage is
# renumbered into one stream; everything else becomes a "# " comment. The
# last line is "N passed, N failed" (", N skipped" when any).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

kernels="6.1 6.12"
deps=1 vm=1
# Shorter than the full figures (make check-debug, make stress, make fuzz)
# to keep make check under its time budget; the closing note of the work
# gives both.
check_fuzz_time=${NFTO_CHECK_FUZZ_TIME:-30}
stress_env=(NFTO_STRESS_TIME=20 NFTO_STRESS_NETNS=50 NFTO_STRESS_MODULES=5)
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=$2; shift 2 ;;
	--no-deps) deps=0; shift ;;
	--no-vm)   vm=0; shift ;;
	*) echo "check: unknown option $1" >&2; exit 2 ;;
	esac
done

num=0 pass=0 fail=0 skip=0
start=$(date +%s)

result()
{
	local ok=$1 desc=$2

	num=$((num + 1))
	case $ok in
	pass) pass=$((pass + 1)); echo "ok $num - $desc" ;;
	skip) skip=$((skip + 1)); echo "ok $num - $desc" ;;
	*)    fail=$((fail + 1)); echo "not ok $num - $desc" ;;
	esac
}

# stage NAME CMD...: one result for the whole command; output as comments.
stage()
{
	local name=$1 rc t0
	shift

	t0=$(date +%s)
	"$@" 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 0 ]; then
		result pass "$name ($(($(date +%s) - t0))s)"
	else
		result fail "$name # exit $rc"
	fi
	return "$rc"
}

# tap_stage PREFIX CMD...: re-emit CMD's TAP results under PREFIX; the
# command's own exit status must agree (a crash after all "ok" still fails).
tap_stage()
{
	local prefix=$1 line desc rc=none seen=0
	shift

	while IFS= read -r line; do
		case $line in
		__CHECK_RC=*)
			rc=${line#__CHECK_RC=}
			;;
		"ok "*|"not ok "*)
			seen=$((seen + 1))
			desc=${line#ok }
			desc=${desc#not ok }
			desc=${desc#* - }
			case $line in
			"not ok "*) result fail "$prefix $desc" ;;
			*"# SKIP"*) result skip "$prefix $desc" ;;
			*) result pass "$prefix $desc" ;;
			esac
			;;
		*) echo "# $line" ;;
		esac
	done < <("$@" 2>&1; echo "__CHECK_RC=$?")
	if [ "$seen" -eq 0 ] || [ "$rc" != 0 ]; then
		result fail "$prefix exited $rc after $seen results"
	fi
}

echo "TAP version 13"

if [ "$deps" = 1 ]; then
	stage "set-up (scripts/deps.sh)" scripts/deps.sh || {
		echo "1..$num"; echo "$pass passed, $fail failed"; exit 1; }
fi

stage "Kconfig parses with kconfiglib" /usr/bin/python3 - <<'PY'
import os, kconfiglib
os.environ.setdefault("srctree", ".")
kc = kconfiglib.Kconfig("scripts/Kconfig.oot", warn_to_stderr=False)
for w in kc.warnings:
    print(w)
syms = [s.name for s in kc.unique_defined_syms if s.name.startswith("NFT_OFFLOAD")]
print("symbols:", " ".join(sorted(syms)))
raise SystemExit(1 if kc.warnings or "NFT_OFFLOAD" not in syms else 0)
PY

for k in $kernels; do
	stage "build for $k with -Werror" make --no-print-directory \
		NFTO_WERROR=1 build-kernel KSERIES="$k"
done
stage "checkpatch --strict" make --no-print-directory checkpatch
stage "sparse (C=2) against 6.12" make --no-print-directory sparse KSERIES=6.12
# The differential tester that conform.sh runs in the VM selftests.
stage "nfto-conform builds with -Werror" \
	make --no-print-directory -C tests/conform WERROR=1

if [ -f tools/nft-offload/Makefile ]; then
	stage "nft-offload tool builds with -Werror" \
		make --no-print-directory -C tools/nft-offload WERROR=1
	tap_stage "tool unit:" make --no-print-directory -s -C tools/nft-offload test
	stage "fuzz: the tool's rule translation and rendering, then its tc dumps and skipped hooks, ${check_fuzz_time}s each (libFuzzer, ASan/UBSan)" \
		make --no-print-directory -s -C tools/nft-offload fuzz-run FUZZ_TIME="$check_fuzz_time"
fi

if [ -f tests/unit/Makefile ]; then
	tap_stage "unit:" make --no-print-directory -s -C tests/unit run
	# A bounded fuzz run (make fuzz runs longer): the inputs in
	# tests/unit/fuzz-seeds/ first, then FUZZ_TIME seconds of new ones.
	stage "fuzz: core translation, caps and engine, ${check_fuzz_time}s (libFuzzer, ASan/UBSan)" \
		make --no-print-directory -s -C tests/unit fuzz-run FUZZ_TIME="$check_fuzz_time"
fi

if [ "$vm" = 1 ]; then
	for k in $kernels; do
		if [ -d "build/mods-$k" ]; then
			# faults.sh's knob matrix runs on the newest kernel only
			# here (core.sh tests each knob on both; make check-debug
			# runs all of faults.sh): the time budget.
			skip_tests=
			[ "$k" = "${kernels##* }" ] || skip_tests=faults
			tap_stage "[$k]" tests/vm/run --kernel "$k" \
				--modules "build/mods-$k" -- \
				env "${stress_env[@]}" NFTO_SKIP_TESTS="$skip_tests" \
				NFTO_SKIP_REASON="make check runs it on ${kernels##* } only" \
				tests/selftests/run.sh
		else
			result fail "[$k] selftests # no modules built for $k"
		fi
	done
fi

echo "1..$num"
echo "# make check took $(($(date +%s) - start))s"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
