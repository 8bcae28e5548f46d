#!/bin/sh
# bench.sh — the figures of `make bench`, one "name value unit" a line.
#
# Each figure is the median of several runs in this one invocation, so
# figures in one report are comparable with each other; across machines
# only ratios are. Run from the repository root after `make`.
set -eu
tool=build/wegweiser-content
work=$(mktemp -d /tmp/ww-bench-XXXXXX)
trap 'rm -rf "$work"; [ -z "${service_dir:-}" ] || service_remove' EXIT

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
# Generated content has no stop words of its own; a real one has the demo's.
cp content/stopwords.csv "$work/src/"
ms=$(median_ms 5 $tool build "$work/src" "$work/100k.db")
echo "build_100k_s $(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }') s"
bytes=$(stat -c %s "$work/100k.db")
echo "db_100k_mb $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB"

# Search: every keystroke of realistic queries (tests/bench_search.c).
build/search-bench build/content.db tests/data/search_relevance.tsv > "$work/search-demo"
build/search-bench "$work/100k.db" tests/data/search_relevance.tsv > "$work/search-100k"
for f in demo 100k; do
	awk -v f=$f '$1 == "report" && $2 == "keystrokes" { print "search_" f "_keystrokes " $3 }
		$1 == "report" && $2 == "search_open_ms" { print "search_open_" f "_ms " $3 " ms" }
		$1 == "report" && $2 ~ /^search_p/ { sub(/_us$/, "", $2); print $2 "_" f "_us " $3 " us" }
		$1 == "report" && $2 == "sentence_key_max_us" { print "search_sentence_key_max_" f "_us " $3 " us" }' \
		"$work/search-$f"
done

# Update from a stick: found to new content in service (script mode; the
# worker thread copies, verifies and checks in real time). Median of 3.
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
$tool build content "$work/v2.db" --content-version 2 >/dev/null
$tool build "$work/src" "$work/100k-v2.db" --content-version 2 >/dev/null
printf 'wait 2100\nwait 10\n' > "$work/update.script"
for f in demo 100k; do
	src="$work/v2.db"; [ $f = demo ] || src="$work/100k-v2.db"
	rm -rf "$work/media"; mkdir -p "$work/media"
	$tool pack "$src" "$work/media/STICK" --sign "$work/k.key" >/dev/null
	: > "$work/update-$f"
	for i in 1 2 3; do
		rm -rf "$work/data"
		SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none WW_REPORT=1 build/wegweiser \
			--content build/content.db --data-dir "$work/data" --pubkey "$work/k.pub" \
			--watch "$work/media" --script "$work/update.script" 2> "$work/update.log"
		awk '$1 == "report" && $2 == "update_apply_ms" { print $3 }' "$work/update.log" >> "$work/update-$f"
	done
	echo "update_apply_${f}_ms $(sort -n "$work/update-$f" | sed -n 2p) ms"
done

# The check of the content in service at start: whole the first time (a new
# file), then only its hash against the mark that check left. Median of 3.
printf 'quit\n' > "$work/quit.script"
for f in demo 100k; do
	src=build/content.db; [ $f = demo ] || src="$work/100k.db"
	: > "$work/check-first-$f"; : > "$work/check-marked-$f"
	for i in 1 2 3; do
		rm -rf "$work/check-data"
		for run in first marked; do
			SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none WW_REPORT=1 build/wegweiser --content "$src" \
				--data-dir "$work/check-data" --script "$work/quit.script" 2> "$work/check.log"
			awk '$1 == "report" && $2 == "content_check_ms" { print $3 }' "$work/check.log" >> "$work/check-$run-$f"
		done
	done
	echo "content_check_first_${f}_ms $(sort -n "$work/check-first-$f" | sed -n 2p) ms"
	echo "content_check_marked_${f}_ms $(sort -n "$work/check-marked-$f" | sed -n 2p) ms"
done

# Speech (tests/bench_speech.c): espeak-ng's memory, the time from a say to
# its first samples handed to the device (the device's buffer of 23 ms
# comes on top), synthesis speed, the headphone poll. SDL's dummy driver
# plays in real time where there is no sound card.
SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy} build/speech-bench > "$work/speech"
awk '$1 == "report" { u = $2 ~ /_kb$/ ? " kB" : $2 ~ /_ms$/ ? " ms" : $2 ~ /_us$/ ? " us" : ""; print $2 " " $3 u }' \
	"$work/speech"

# ---- the kiosk, in a real X window (Xvfb), as the service starts it ----
# SDL 2.26's offscreen driver cannot block while it waits, so idle and
# start-up figures come from X. The kiosk prints "report NAME VALUE" lines
# when WW_REPORT is set. Nothing here picks a renderer: the figures are
# those of the default (software), and the GPU renderer ([screen] renderer =
# gpu) is started beside it for comparison.
kiosk=build/wegweiser
printf '[screen]\nrenderer = gpu\n' > "$work/gpu.conf"

# report LOG NAME: the value of a report line.
report() { awk -v n="$2" '$1 == "report" && $2 == n { print $3; exit }' "$1"; }

mkdir -p "$work/no-sticks"
cat > "$work/kiosk-bench.sh" <<EOS
#!/bin/sh
set -eu
# first_frame LOG NAME...: once LOG has the first frame's report (10 s at
# most), the ms from t0 to that frame and the values of the NAMEd reports.
first_frame() {
	log=\$1
	shift
	n=0
	until grep -q rss_first_frame_kb "\$log" 2>/dev/null; do
		sleep 0.01; n=\$((n + 1)); [ \$n -lt 1000 ] || { echo "bench: no first frame in \$log" >&2; exit 1; }
	done
	line=\$((\$(awk '\$2 == "first_frame_epoch_ms" { print \$3 }' "\$log") - t0))
	for name; do
		line="\$line \$(awk -v n=\$name '\$2 == n { print \$3 }' "\$log")"
	done
	echo "\$line"
}

# Start-up: process start to the first presented frame, median of 15 (7
# left the median 5 ms apart from run to run), each start followed by one
# of the bare SDL program; idle CPU over 10 s with the stick watcher
# polling, after the last.
i=0
: > "$work/first"
: > "$work/first-bare"
while [ \$i -lt 15 ]; do
	t0=\$(date +%s%3N)
	# As a kiosk runs: a data folder, a trusted key, a watched mount folder.
	WW_REPORT=1 $kiosk --content build/content.db --size 1920x1080 --data-dir "$work/kiosk-data" \\
		--pubkey "$work/k.pub" --watch "$work/no-sticks" 2> "$work/start.log" &
	pid=\$!
	first_frame "$work/start.log" rss_first_frame_kb pss_first_frame_kb >> "$work/first"
	if [ \$i -eq 14 ]; then
		# Idle: 10 s untouched, CPU time from /proc.
		sleep 2
		a=\$(awk '{ print \$14 + \$15 }' /proc/\$pid/stat)
		sleep 10
		b=\$(awk '{ print \$14 + \$15 }' /proc/\$pid/stat)
		echo "\$a \$b \$(getconf CLK_TCK)" > "$work/idle"
	fi
	kill \$pid; wait \$pid 2>/dev/null || true
	# The floor, in turn with it: one line in a plain SDL window, in the
	# environment the kiosk gives itself (tests/bench_bare.c).
	t0=\$(date +%s%3N)
	XCOMPOSEFILE=assets/compose/Compose DBUS_SESSION_BUS_ADDRESS=disabled: \\
		build/bare-sdl assets/fonts/OpenSans-Semibold.ttf 2> "$work/bare.log" &
	pid=\$!
	first_frame "$work/bare.log" pss_first_frame_kb >> "$work/first-bare"
	kill -KILL \$pid; wait \$pid 2>/dev/null || true
	i=\$((i + 1))
done

# The same start with the GPU renderer, side by side: median of 7.
i=0
: > "$work/first-gpu"
while [ \$i -lt 7 ]; do
	t0=\$(date +%s%3N)
	WW_REPORT=1 $kiosk --config "$work/gpu.conf" --content build/content.db --size 1920x1080 2> "$work/gpu.log" &
	pid=\$!
	first_frame "$work/gpu.log" rss_first_frame_kb pss_first_frame_kb renderer >> "$work/first-gpu"
	kill \$pid; wait \$pid 2>/dev/null || true
	i=\$((i + 1))
done

# Memory after 200 screen changes, in script mode in the same X server.
s="$work/browse.script"
: > "\$s"
# (13 screens a round, 17 rounds: 221; a search by on-screen keys and a typed one.)
for round in \$(seq 1 17); do
	printf 'tap "@letter:D"\ntap "@topic:diabetes"\ntap "@contact:"\ntap "@back"\ntap "@group:"\ntap "@home"\ntap "@page:"\ntap "@home"\n' >> "\$s"
	printf 'tap "@search"\ntap "@key:z"\ntap "@key:u"\ntap "@key:c"\ntap "@key:k"\ntap "@topic:diabetes"\ntap "@home"\ntext "Epilepsie"\ntap "@home"\n' >> "\$s"
done
WW_REPORT=1 $kiosk --content build/content.db --size 1920x1080 --script "\$s" 2> "$work/browse.log"

# Frame cost while the topic index scrolls at 1920x1080: the drags lie inside
# the list (y 320..960; from y 950 a drag started below it and moved nothing).
printf 'tap "@index"\n' > "$work/scroll.script"
for round in \$(seq 1 6); do
	printf 'drag 900 850 900 400 400\nwait 1500\ndrag 900 400 900 850 400\nwait 1500\n' >> "$work/scroll.script"
done
WW_REPORT=1 $kiosk --content build/content.db --size 1920x1080 --script "$work/scroll.script" 2> "$work/scroll.log"

# The first key a visitor types on the generated 100,000-group file, 2 s
# after the start screen is up: the slowest input event (the search it runs,
# and the opening of the search if that is still to do). Median of 3.
: > "$work/first-key"
for i in 1 2 3; do
	rm -f "$work/key.log"   # not the last run's first frame
	WW_REPORT=1 $kiosk --content "$work/100k.db" --size 1920x1080 2> "$work/key.log" &
	pid=\$!
	n=0
	until grep -q rss_first_frame_kb "$work/key.log" 2>/dev/null; do
		sleep 0.01; n=\$((n + 1)); [ \$n -lt 3000 ] || { echo "bench: no first frame" >&2; exit 1; }
	done
	sleep 2
	xdotool search --sync --onlyvisible --name '^Wegweiser\$' > /dev/null
	xdotool type --delay 0 d
	sleep 1
	kill \$pid; wait \$pid 2>/dev/null || true
	awk '\$2 == "event_us_max" { print \$3 }' "$work/key.log" >> "$work/first-key"
done
EOS
xvfb-run -a -s '-screen 0 1920x1080x24' sh "$work/kiosk-bench.sh"
sort -n "$work/first" | awk '{ a[NR] = $1; m[NR] = $2; p[NR] = $3 } END { i = int((NR + 1) / 2);
	print "first_frame_ms " a[i] " ms"; print "rss_first_frame_kb " m[i] " kB"; print "pss_first_frame_kb " p[i] " kB" }'
echo "renderer_default $(report "$work/start.log" renderer)"
sort -n "$work/first-bare" | awk '{ a[NR] = $1; p[NR] = $2 } END { i = int((NR + 1) / 2);
	print "first_frame_bare_sdl_ms " a[i] " ms"; print "pss_first_frame_bare_sdl_kb " p[i] " kB" }'
# What the kiosk adds: the median of the differences of the starts in turn.
paste -d ' ' "$work/first" "$work/first-bare" | awk '{ print $1 - $4, $3 - $5 }' > "$work/over-bare"
echo "first_frame_over_bare_sdl_ms $(cut -d ' ' -f 1 "$work/over-bare" | sort -n | sed -n 8p) ms"
echo "pss_first_frame_over_bare_sdl_kb $(cut -d ' ' -f 2 "$work/over-bare" | sort -n | sed -n 8p) kB"
sort -n "$work/first-gpu" | awk '{ a[NR] = $1; m[NR] = $2; p[NR] = $3; r = $4 } END { i = int((NR + 1) / 2);
	print "first_frame_gpu_ms " a[i] " ms"; print "rss_first_frame_gpu_kb " m[i] " kB";
	print "pss_first_frame_gpu_kb " p[i] " kB"; print "renderer_gpu " r }'
echo "rss_after_browse_kb $(report "$work/browse.log" rss_kb) kB"
echo "pss_after_browse_kb $(report "$work/browse.log" pss_kb) kB"
awk '{ printf "idle_cpu_pct %.1f %%\n", ($2 - $1) / $3 / 10 * 100 }' "$work/idle"
echo "frame_us_p50 $(report "$work/scroll.log" frame_us_p50) us"
echo "frame_us_p99 $(report "$work/scroll.log" frame_us_p99) us"
echo "first_key_100k_ms $(sort -n "$work/first-key" | sed -n 2p | awk '{ printf "%.1f", $1 / 1000 }') ms"

# The service's confinement, as systemd scores it (offline: no systemd need run).
systemd-analyze security --offline=true deploy/wegweiser.service 2>/dev/null |
	awk '/Overall exposure level/ { print "service_exposure " $(NF - 2) }'

# ---- at scale, at 4K, and counted in instructions ----
# The same start, browse and scroll with the generated 100,000-group file,
# started as the service starts (a data folder whose content was checked at
# an earlier start, a trusted key, a watched folder); the scroll on a 4K
# stele (3840x2160); and the instructions callgrind counts, which, unlike
# times, do not move with the load of a shared machine: the start in the
# real loop up to the end of its first frame, and the 200-screen browse in
# script mode from its first frame to its last.
cat > "$work/kiosk-scale.sh" <<'EOS'
#!/bin/sh
set -eu
cd "$repo"
report() { awk -v n="$2" '$1 == "report" && $2 == n { print $3; exit }' "$1"; }
mkdir -p "$work/scale-media"
service="--pubkey $work/k.pub --watch $work/scale-media"

# first_frames CONTENT DATA_DIR OUT: 7 starts, "ms rss_kb pss_kb" a line.
first_frames() {
	: > "$3"
	for i in 1 2 3 4 5 6 7; do
		t0=$(date +%s%3N)
		WW_REPORT=1 $kiosk --content "$1" --size 1920x1080 --data-dir "$2" $service 2> "$work/scale-start.log" &
		pid=$!
		n=0
		until grep -q rss_first_frame_kb "$work/scale-start.log" 2>/dev/null; do
			sleep 0.01; n=$((n + 1))
			[ $n -lt 3000 ] || { echo "bench: no first frame ($1)" >&2; kill $pid; exit 1; }
		done
		t1=$(report "$work/scale-start.log" first_frame_epoch_ms)
		echo "$((t1 - t0)) $(report "$work/scale-start.log" rss_first_frame_kb)" \
			"$(report "$work/scale-start.log" pss_first_frame_kb)" >> "$3"
		kill $pid; wait $pid 2>/dev/null || true
	done
}

# The first start into a data folder checks the whole file and marks it;
# the service's starts after that compare the mark.
printf 'quit\n' > "$work/scale-quit.script"
for f in demo 100k; do
	src=build/content.db; [ $f = demo ] || src="$work/100k.db"
	$kiosk --content "$src" --data-dir "$work/scale-data-$f" --script "$work/scale-quit.script" 2>/dev/null
done
first_frames "$work/100k.db" "$work/scale-data-100k" "$work/first-100k"

# 200 screens with the generated content (its topics have other names).
s="$work/browse-100k.script"
: > "$s"
for round in $(seq 1 17); do
	printf 'tap "@letter:H"\ntap "@topic:"\ntap "@contact:"\ntap "@back"\ntap "@group:"\ntap "@home"\ntap "@page:"\ntap "@home"\n' >> "$s"
	printf 'tap "@search"\ntap "@key:h"\ntap "@key:e"\ntap "@key:r"\ntap "@key:z"\ntap "@topic:"\ntap "@home"\ntext "Lunge"\ntap "@home"\n' >> "$s"
done
WW_REPORT=1 $kiosk --content "$work/100k.db" --data-dir "$work/scale-data-100k" --size 1920x1080 --script "$s" \
	2> "$work/browse-100k.log"
WW_REPORT=1 $kiosk --content "$work/100k.db" --data-dir "$work/scale-data-100k" --size 1920x1080 \
	--script "$work/scroll.script" 2> "$work/scroll-100k.log"

# The index scrolled on a 4K stele: the drags of the 1080p scroll, twice as long.
printf 'tap "@index"\n' > "$work/scroll-4k.script"
for round in $(seq 1 6); do
	printf 'drag 1800 1700 1800 800 400\nwait 1500\ndrag 1800 800 1800 1700 400\nwait 1500\n' >> "$work/scroll-4k.script"
done
WW_REPORT=1 $kiosk --content build/content.db --size 3840x2160 --script "$work/scroll-4k.script" 2> "$work/scroll-4k.log"

# Instructions to the first frame: the service's start in the real loop,
# stopped once callgrind has written what the first frame cost.
valgrind --tool=callgrind --callgrind-out-file="$work/cg-first" --dump-after=kiosk_frame \
	$kiosk --content build/content.db --size 1920x1080 --data-dir "$work/scale-data-demo" $service \
	2> "$work/cg-first.log" &
pid=$!
n=0
until grep -q '^totals:' "$work/cg-first.1" 2>/dev/null; do
	sleep 0.1; n=$((n + 1))
	[ $n -lt 3000 ] || { echo "bench: callgrind saw no first frame" >&2; kill $pid; exit 1; }
done
kill $pid; wait $pid 2>/dev/null || true
valgrind --tool=callgrind --callgrind-out-file="$work/cg-browse" --collect-atstart=no --toggle-collect=script_run \
	$kiosk --content build/content.db --size 1920x1080 --script "$work/browse.script" 2> "$work/cg-browse.log"
EOS
repo=$(pwd) work="$work" kiosk="$kiosk" xvfb-run -a -s '-screen 0 3840x2160x24' sh "$work/kiosk-scale.sh"
sort -n "$work/first-100k" | awk '{ a[NR] = $1; m[NR] = $2; p[NR] = $3 } END { i = int((NR + 1) / 2);
	print "first_frame_100k_ms " a[i] " ms"; print "rss_first_frame_100k_kb " m[i] " kB";
	print "pss_first_frame_100k_kb " p[i] " kB" }'
echo "rss_after_browse_100k_kb $(report "$work/browse-100k.log" rss_kb) kB"
echo "pss_after_browse_100k_kb $(report "$work/browse-100k.log" pss_kb) kB"
echo "frame_us_p50_100k $(report "$work/scroll-100k.log" frame_us_p50) us"
echo "frame_us_p99_100k $(report "$work/scroll-100k.log" frame_us_p99) us"
echo "frame_us_p50_4k $(report "$work/scroll-4k.log" frame_us_p50) us"
echo "frame_us_p99_4k $(report "$work/scroll-4k.log" frame_us_p99) us"
echo "instructions_first_frame $(awk '/^totals:/ { print $2 }' "$work/cg-first.1") instructions"
echo "instructions_browse $(awk '/^totals:/ { print $2 }' "$work/cg-browse") instructions"

# ---- the service as it ships (deploy/wegweiser.service) ----
# cage, its Xwayland and the kiosk, started with the unit's environment and
# arguments (tests/service.sh) on wlroots' headless backend: one 1280x720
# output, composed in software (pixman) as on the kiosk. Nothing loads Mesa.
# Median of 5 of each figure: from cage's start to the kiosk's first frame,
# the PSS of each process then, and the three together; then the kiosk's
# PSS after the browse of 200 screens.
. tests/service.sh
service_prepare "$kiosk" build/content.db
pss() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
: > "$work/first-service"
for i in 1 2 3 4 5; do
	t0=$(now_ms)
	service_start
	service_wait_frame || exit 1
	set -- $(service_pids)
	k=$(report "$service_dir/log" pss_first_frame_kb) c=$(pss "$1") x=$(pss "$3")
	echo "$(($(report "$service_dir/log" first_frame_epoch_ms) - t0)) $k $c $x $((k + c + x))" \
		"$(report "$service_dir/log" window)" >> "$work/first-service"
	service_stop
done
for column in 1:first_frame_service_ms:ms 2:pss_first_frame_service_kb:kB 3:pss_cage_kb:kB \
	4:pss_xwayland_kb:kB 5:pss_service_total_kb:kB; do
	IFS=: read -r c name u <<EOC
$column
EOC
	echo "$name $(awk -v c="$c" '{ print $c }' "$work/first-service" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') $u"
done
echo "window_service $(awk '{ print $6; exit }' "$work/first-service")"
# Memory after the same 200 screens as above, in script mode in that session.
cp "$work/browse.script" "$service_dir/browse.script"
chmod 644 "$service_dir/browse.script"
service_start --script "$service_dir/browse.script"
wait "$service_pid" || true
service_pid=
echo "pss_after_browse_service_kb $(report "$service_dir/log" pss_kb) kB"
service_remove
