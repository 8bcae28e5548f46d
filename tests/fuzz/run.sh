#!/bin/sh
# run.sh — runs each fuzz target for a while, one after the other, and says
# what it did: `make fuzz FUZZ_SECONDS=N` calls it as
#     tests/fuzz/run.sh BUILD_DIR SECONDS TARGET…
# Each target BUILD_DIR/fuzz-TARGET works on its corpus BUILD_DIR/corpus/TARGET
# (kept between runs, so they add up), seeded from tests/fuzz/TARGET/ and the
# crash inputs kept in tests/fuzz/regressions/TARGET/ (and, for content,
# BUILD_DIR/seeds/content/). A crash, a leak, a timeout or running out of
# memory is a finding: libFuzzer stops that target and keeps the input under
# BUILD_DIR/findings/TARGET/. Prints one line a target,
#     fuzz TARGET executions N seconds S corpus C findings F
# then each finding with the sanitizer's summary; the log of the run is
# BUILD_DIR/TARGET.log. Exit status 1 when anything was found.
set -u

build=$1 seconds=$2
shift 2
found=0
for target in "$@"; do
	corpus=$build/corpus/$target findings=$build/findings/$target log=$build/$target.log
	mkdir -p "$corpus" "$findings" "tests/fuzz/regressions/$target"
	seeds="tests/fuzz/$target tests/fuzz/regressions/$target"
	[ -d "$build/seeds/$target" ] && seeds="$seeds $build/seeds/$target"
	before=$(ls "$findings" | wc -l)
	start=$(date +%s)
	# -timeout: an input that takes this long is a hang (the largest seed,
	# the demo content under check, takes well under a second). -rss_limit_mb:
	# a reader that grows without bound is a finding, not a swapping machine.
	# shellcheck disable=SC2086
	"$build/fuzz-$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$findings/" "$corpus" $seeds >"$log" 2>&1
	rc=$?
	elapsed=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	inputs=$(ls "$corpus" | wc -l)
	new=$(($(ls "$findings" | wc -l) - before))
	[ "$rc" -ne 0 ] && [ "$new" -eq 0 ] && new=1   # it stopped without keeping an input
	echo "fuzz $target executions ${runs:-0} seconds $elapsed corpus $inputs findings $new"
	if [ "$new" -gt 0 ]; then
		found=1
		ls -t "$findings" | head -n "$new" | sed "s|^|    $findings/|"
		grep -m 3 -E '^(SUMMARY|==[0-9]+==ERROR)' "$log" | sed 's/^/    /'
		echo "    log: $log"
	fi
done
exit $found
