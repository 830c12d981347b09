#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where P4's time goes under TCG: QEMU itself profiled from the host
# (perf record -p, cpu-clock) while the guest looks up keys in a 1k and
# in a 1M table (tests/bench/vm.sh prof-tlb, nfto_bench.ko). Prints the
# top symbols of each and the share of QEMU's softmmu slow path, where a
# guest load that misses TCG's software TLB goes (make bench-profile-tcg).
#
#   tests/bench/tcg-profile.sh
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out=build/bench/tcg-profile
mkdir -p "$out"
command -v perf >/dev/null || { echo "no perf on the host (linux-perf)" >&2; exit 1; }

# The softmmu's slow path: the load and store helpers (the victim TLB,
# then the access itself), the refill and the guest page walk.
SOFTMMU='^(helper_(le|be)_(ld|st)[a-z]*_mmu|tlb_set_page_full|x86_cpu_tlb_fill|probe_access[a-z_]*|get_pg_mode|mmu_translate|address_space_translate_for_iotlb|victim_tlb_hit)$'

# qemu_of PID: the qemu process tests/vm/run started below PID.
qemu_of()
{
	local p=$1 c

	for c in $(pgrep -P "$p"); do
		if [ "$(cat "/proc/$c/comm" 2>/dev/null)" = qemu-system-x86 ]; then
			echo "$c"
			return
		fi
		qemu_of "$c"
	done
}

tests/vm/run --kernel 6.12 --modules build/mods-6.12 --mem 4096 --timeout 1800 -- \
	tests/bench/vm.sh prof-tlb >"$out/vm.txt" 2>&1 &
vm=$!
for n in 1000 1000000; do
	until grep -q "nfto_bench: filled $n entries" "$out/vm.txt"; do
		kill -0 "$vm" 2>/dev/null || { cat "$out/vm.txt"; exit 1; }
		sleep 0.2
	done
	pid=$(qemu_of "$vm")
	[ -n "$pid" ] || { echo "no qemu below $vm" >&2; exit 1; }
	sleep 1
	timeout -s INT 8 perf record -F 999 -p "$pid" -o "$out/perf.$n" >/dev/null 2>&1
done
wait "$vm"
grep '^# prof-tlb' "$out/vm.txt"
for n in 1000 1000000; do
	echo "## QEMU while the guest looks up keys in $n entries: self"
	perf report -i "$out/perf.$n" --stdio --no-children --sort dso,sym \
		--percent-limit 1 2>/dev/null | grep -E '^ +[0-9]' | head -n 12
	perf report -i "$out/perf.$n" --stdio --no-children --sort sym 2>/dev/null |
		awk -v n="$n" -v re="$SOFTMMU" '$1 ~ /%$/ && $NF ~ re { s += $1 }
			END { printf "# TCG softmmu slow path at %d entries: %.1f %% of QEMU samples\n", n, s }'
done
