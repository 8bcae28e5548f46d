#!/bin/sh
# soak.sh — make soak: a long random run under the sanitizers, then the
# same run on the release build for its memory.
#
#   SOAK_SEED=N SOAK_EVENTS=N SOAK_SECONDS=N SOAK_SIZE=WxH tests/soak.sh
#
# Sets up what a real kiosk has (a data folder, statistics on, the fleet
# status file, a staff PIN, a trusted key, a stick folder with a signed
# update of the demo content) and lets build/soak drive the kiosk with
# SOAK_EVENTS random events (default 100,000) from SOAK_SEED (default
# fixed, so every run is the same run), in two runs side by side: one of
# build/san/wegweiser under AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer, where any error or leak fails; one of build/wegweiser,
# whose resident size the driver reads from /proc after the first tenth of
# the events and at the end, both times at rest on the start screen. A
# failed frame check (a label that does not fit) is counted and listed,
# not fatal. SOAK_SECONDS, or SIGTERM to a build/soak, ends a run early
# and cleanly (soak_events then says how far it came). Prints one
# `name value` a line; fails when the growth is 1 MiB or more. A failed
# run keeps its folder (the kiosk's log, the commands sent) and names it.
set -eu
seed=${SOAK_SEED:-20261130}
events=${SOAK_EVENTS:-100000}
seconds=${SOAK_SECONDS:-0}      # a time budget (0: none); or SIGTERM to build/soak
size=${SOAK_SIZE:-1280x800}
goal_kb=1024
tool=build/wegweiser-content
work=$(mktemp -d /tmp/ww-soak-XXXXXX)

pin_hash=$(echo 4711 | $tool passwd)
mkdir -p "$work/out"
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
$tool build content "$work/v2.db" --content-version 2 >/dev/null
$tool pack "$work/v2.db" "$work/out/STICK" --sign "$work/k.key" >/dev/null

# run NAME KIOSK: one whole run in $work/NAME (its own data, status and
# stick folders, so that the two runs can go side by side); its figures
# in $work/NAME/result, and its status 0 or 1 in $work/NAME/rc.
run() {
	name=$1 kiosk=$2 dir=$work/$1
	mkdir -p "$dir/status" "$dir/media" "$dir/data"
	cp -r "$work/out/STICK" "$dir/STICK"
	{ echo '[staff]'; echo "$pin_hash"
	  echo '[stats]'; echo 'enabled = yes'
	  echo '[status]'; echo "folder = $dir/status"; } > "$dir/kiosk.ini"
	rc=0
	SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 \
		build/soak --seed "$seed" --events "$events" --seconds "$seconds" --size "$size" --pin 4711 \
			--stick "$dir/STICK" --watch "$dir/media" "$dir" "$kiosk" \
			--content build/content.db --config "$dir/kiosk.ini" --data-dir "$dir/data" \
			--pubkey "$work/k.pub" --watch "$dir/media" > "$dir/result" 2> "$dir/progress" || rc=1
	echo $rc > "$dir/rc"
}
value() { sed -n "s/^$2 //p" "$work/$1/result"; }

# The two runs side by side: on two cores the soak takes as long as its
# slower half. Their progress goes to WORK/NAME/progress.
mkdir -p "$work/san" "$work/release"
run san build/san/wegweiser &
run release build/wegweiser &
wait
for name in san release; do
	if [ "$(cat "$work/$name/rc")" != 0 ]; then
		tail -n 40 "$work/$name/progress" >&2
		echo "soak: FAILED with the $name build, seed $seed: see $work/$name" >&2
		exit 1
	fi
done
echo "soak_seed $seed"
echo "soak_events $(value san soak_events)"
echo "soak_events_release $(value release soak_events)"
echo "soak_events_asked $events"
echo "soak_seconds_san $(value san soak_seconds)"
echo "soak_seconds_release $(value release soak_seconds)"
echo "rss_tenth_kb $(value release rss_tenth_kb)"
echo "rss_end_kb $(value release rss_end_kb)"
growth=$(value release rss_growth_kb)
echo "rss_growth_kb $growth"
# Labels that did not fit and the like: findings, told but not fatal.
checks=$(grep -c 'frame check (going on)' "$work/san/kiosk.log" || true)
echo "soak_frame_check_failures $checks"
if [ "$checks" -gt 0 ]; then
	echo "soak: frame checks that failed (the distinct ones, how often):" >&2
	sed -n 's/^.*frame check (going on): //p' "$work/san/kiosk.log" | sort | uniq -c | sort -rn >&2
fi
# What the kiosk wrote besides the content files, after a whole run.
echo "data_files_kb $(du -sk --exclude='*.db' "$work/san/data" | cut -f1)"
if [ "$growth" -ge "$goal_kb" ]; then
	echo "soak: FAILED: the release build grew by $growth KiB (goal: under $goal_kb): see $work" >&2
	exit 1
fi
[ -n "${SOAK_KEEP:-}" ] && echo "soak: kept $work" >&2 || rm -rf "$work"
