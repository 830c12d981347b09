#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make bench" after the builds: one VM boot for every in-kernel metric
# (tests/bench/vm.sh), then the callgrind half of P4 on the host
# (tests/unit/bench_table), merged into P4's line. Prints the BENCH lines
# last, together; the raw figures before them as "# " lines.
#
#   tests/bench/bench.sh [P1 P2 P3 P4 P4m P5 P6]
#
# P3 prints P3, P3h and P3r (P3r needs build/bench/perf: make bench-perf),
# P4m prints P4m and P4m10.
#
# BENCH_SCALE=quick: small counts (a smoke run of the harness, ~2 min).
# The figures in Documentation/performance.rst are TCG's (tests/vm/run's
# default; NFTO_ACCEL=kvm there would change every absolute number).
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
[ $# -gt 0 ] || set -- P1 P2 P3 P4 P4m P5 P6
scale=${BENCH_SCALE:-full}
out=build/bench
mkdir -p "$out"
vmout=$out/vm.txt
start=$(date +%s)

echo "# make bench: $* (scale $scale), $(date -u '+%F %T UTC'), host $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
# 1M table entries are ~1.2 GiB of kernel memory (P5): 4 GiB of guest.
tests/vm/run --kernel 6.12 --modules build/mods-6.12 \
	--mem 4096 --timeout 2400 -- env BENCH_SCALE="$scale" tests/bench/vm.sh "$@" |
	tee "$vmout" | grep --line-buffered -v '^BENCH '
vmrc=${PIPESTATUS[0]}
[ "$vmrc" = 0 ] || echo "# the VM run exited $vmrc"

cg=
if [[ " $* " == *" P4 "* ]]; then
	big=1000000
	[ "$scale" = quick ] && big=100000
	if cg=$(tests/bench/callgrind.sh 1000 "$big"); then
		printf '%s\n' "$cg" | grep '^#'
		cg=$(printf '%s\n' "$cg" | sed -n 's/^RESULT //p')
	else
		echo "# callgrind run failed"
		cg=
	fi
fi

echo "# make bench took $(($(date +%s) - start))s"
while IFS= read -r line; do
	case $line in
	"BENCH P4 "*)
		[ -n "$cg" ] && line="${line%)}; callgrind: $cg)"
		;;
	esac
	echo "$line"
done < <(grep '^BENCH ' "$vmout")
[ "$vmrc" = 0 ]
