#!/bin/sh
# e2e-stop.sh — SIGTERM, as systemd stops the service, ends the kiosk
# within seconds whenever it comes, and it ends cleanly (exit 0).
#
# Runs inside xvfb-run (see test_ui.c), twice. First idle, the kiosk
# sleeping in its wait for the next event. Then with tests/slow-wait.c
# preloaded, which makes SDL sleep just before each wait: the signal falls
# into that sleep, after SDL's last look for a stop and before its poll().
# With SDL's own signal handler such a stop is seen only with some later
# event or timer, and an idle kiosk without USB updates (as here, with no
# trusted key) has neither: systemd kills it after 90 s.
set -eu
bin=${1:-build/wegweiser}
shim=${2:-build/slow-wait.so}
work=$(mktemp -d /tmp/ww-stop-XXXXXX)
app=
cleanup() { [ -n "$app" ] && kill -9 "$app" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "e2e-stop: $*" >&2; exit 1; }

now_ms() { date +%s%3N; }

start() {
	"$@" "$bin" --content build/content.db --size 1280x800 --data-dir "$work/data" --watch "$work/media" \
		> "$work/app.log" 2>&1 &
	app=$!
	xdotool search --sync --onlyvisible --name '^Wegweiser$' > /dev/null || fail "no window: $(cat "$work/app.log")"
}

# stop WHAT: SIGTERM now; the kiosk must be gone within 5 s, with exit 0.
stop() {
	sent=$(now_ms)
	kill -TERM $app
	i=0
	while kill -0 $app 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "$1: SIGTERM did not end the kiosk within 5 s"
		sleep 0.1
	done
	rc=0
	wait $app || rc=$?
	app=
	[ $rc = 0 ] || fail "$1: the kiosk ended with $rc, not 0: $(cat "$work/app.log")"
	echo "e2e-stop: $1: ended $(($(now_ms) - sent)) ms after SIGTERM"
}

mkdir -p "$work/data" "$work/media"
start env
sleep 2   # settled: no frame, no timer due
stop "idle"

# Each sleep before a wait lasts 3 s. The signal is sent once the kiosk,
# idle, has begun the sleep before a wait with no end (timeout -1): after
# it, only an event or the signal can end that wait.
start env LD_PRELOAD="$shim" WW_SLOW_WAIT_MS=3000 WW_SLOW_WAIT_LOG="$work/sleeps"
i=0
until [ "$(tail -n 1 "$work/sleeps" 2>/dev/null | cut -d' ' -f1,3)" = "begin -1" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the kiosk began no endless wait within 10 s: $(cat "$work/sleeps" 2>/dev/null)"
	sleep 0.1
done
stop "between SDL's look for a stop and its wait"
awk -v t=$sent '$1 == "begin" { b = $2 } $1 == "end" && b <= t && t <= $2 { hit = 1 } END { exit !hit }' \
	"$work/sleeps" || fail "the signal ($sent) fell into none of the sleeps: $(cat "$work/sleeps")"
echo "e2e-stop: the signal fell into the sleep before SDL's wait"
