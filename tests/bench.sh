#!/bin/sh
# bench.sh — the figures of `make bench`, one "name value unit" a line.
#
# Each figure is the median of several runs in this one invocation, so
# figures in one report are comparable with each other; across machines
# only ratios are. Run from the repository root after `make`.
set -eu
tool=build/wegweiser-content
work=$(mktemp -d /tmp/ww-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

# median_ms RUNS CMD...: the median wall time of CMD in milliseconds.
median_ms() {
	runs=$1; shift
	: > "$work/times"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now_ms)
		if ! "$@" >/dev/null 2>"$work/err"; then
			echo "bench: failed: $*" >&2
			cat "$work/err" >&2
			exit 1
		fi
		t1=$(now_ms)
		echo $((t1 - t0)) >> "$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

ms=$(median_ms 7 $tool build content "$work/demo.db")
echo "build_demo_ms $ms ms"

$tool generate --groups 100000 --topics 2000 --contact-points 320 --seed 1 "$work/src" >/dev/null
ms=$(median_ms 5 $tool build "$work/src" "$work/100k.db")
echo "build_100k_s $(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }') s"
bytes=$(stat -c %s "$work/100k.db")
echo "db_100k_mb $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB"
