#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# P4's userspace half: instructions (and simulated cache misses) per
# exact-match lookup of core/table.c at SMALL and BIG entries, counted by
# callgrind inside bench_lookups() only (tests/unit/bench_table.c).
#
#   tests/bench/callgrind.sh [SMALL [BIG [LOOKUPS]]]
#
# Prints "# " lines with the raw counts, then one "RESULT ..." line.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
small=${1:-1000} big=${2:-1000000} lookups=${3:-200000}
bin=$root/tests/unit/build/bench_table
out=$root/build/bench/callgrind
mkdir -p "$out"
command -v valgrind >/dev/null || { echo "# no valgrind (scripts/deps.sh installs it)"; exit 1; }
[ -x "$bin" ] || make -s -C "$root/tests/unit" bench >/dev/null

# The simulated caches are fixed, not the host's: valgrind takes its LL
# from CPUID, and a VM's can report a socket's whole L3 (480 MiB on one
# of this project's machines, where 1M entries fit and LL misses read 0).
# 32 KiB L1s and a 32 MiB LL are a server core and its share of an L3.
# shellcheck disable=SC2054 # commas are valgrind's
CACHES=(--I1=32768,8,64 --D1=32768,8,64 --LL=33554432,16,64)

# run N: "Ir D1mr DLmr" per lookup
run()
{
	local n=$1 f=$out/callgrind.out.$1

	valgrind --tool=callgrind --callgrind-out-file="$f" --cache-sim=yes "${CACHES[@]}" \
		--toggle-collect=bench_lookups "$bin" "$n" "$lookups" >/dev/null 2>"$out/valgrind.$n.log" ||
		{ tail -n 5 "$out/valgrind.$n.log" >&2; return 1; }
	# "events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw" and "totals: ..."
	awk -v l="$lookups" '
		/^events:/ { for (i = 2; i <= NF; i++) ev[$i] = i }
		/^(summary|totals):/ { for (k in ev) t[k] = $(ev[k]) }
		END { printf "%.1f %.3f %.3f\n", t["Ir"] / l,
			(t["D1mr"] + t["D1mw"]) / l, (t["DLmr"] + t["DLmw"]) / l }' "$f"
}

read -r ir_s d1_s ll_s < <(run "$small")
read -r ir_b d1_b ll_b < <(run "$big")
echo "# callgrind, $lookups lookups: $small entries: $ir_s Ir, $d1_s D1 misses, $ll_s LL misses per lookup"
echo "# callgrind, $lookups lookups: $big entries: $ir_b Ir, $d1_b D1 misses, $ll_b LL misses per lookup"
ratio=$(awk -v a="$ir_b" -v b="$ir_s" 'BEGIN { printf "%.2f", a / b }')
echo "RESULT $ratio x Ir/lookup $big / $small ($ir_b vs $ir_s Ir; D1 misses $d1_b vs $d1_s, LL misses $ll_b vs $ll_s per lookup)"
