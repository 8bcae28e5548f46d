#!/bin/sh
# e2e-forget.sh — after the idle reset, nothing a visitor typed is left in
# the kiosk's memory.
#
# Runs inside xvfb-run (see test_ui.c). The release kiosk runs in a real
# window with the shortest idle timeout; xdotool types a marker word on the
# hardware keyboard (a search that finds nothing, so the word is shown in
# the field and in the "nothing found" sentence). The writable memory of
# the process is read through /proc/PID/mem: while the search is on screen
# the word must be there (or this test could not fail), and after the idle
# reset it must be nowhere, in no form the kiosk made of it (as typed, and
# folded for the search). It runs twice: as it is, and with speech on,
# whose read texts hold the field's word too.
set -eu
bin=${1:-build/wegweiser}
marker=Quarzwichtel
folded=quarzwichtel
work=$(mktemp -d /tmp/ww-forget-XXXXXX)
app=
cleanup() { [ -n "$app" ] && kill -9 "$app" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "e2e-forget: $*" >&2; exit 1; }

. "$(dirname "$0")/e2e-memory.sh"   # hits PID WORD

printf '[kiosk]\nidle_timeout = 10\n' > "$work/kiosk.ini"

# run MODE: one kiosk from start to the idle reset. With MODE speech, the
# "Vorlesen" button is clicked first (at 1280x800 it sits at 626,725 and
# is 128 x 65), so the page with the typed word is handed to speech too
# (with no sound device here it is still made and kept as text).
run() {
	"$bin" --content build/content.db --config "$work/kiosk.ini" --size 1280x800 > "$work/app.log" 2>&1 &
	app=$!
	wid=$(xdotool search --sync --onlyvisible --name '^Wegweiser$' | head -n 1)
	sleep 1
	if [ "$1" = speech ]; then
		xdotool mousemove --window "$wid" 690 757 click 1
		sleep 1
	fi
	xdotool type --delay 80 "$marker"
	# With speech, the page is read again in English (two taps on
	# "English": the first reads it, the second switches), with the whole
	# word in it, not only the first letter the search screen opened with.
	if [ "$1" = speech ]; then
		xdotool mousemove --window "$wid" 1210 43 click 1 sleep 0.5 click 1
	fi
	sleep 1
	before=$(hits $app "$marker")
	[ "$before" -gt 0 ] || fail "$1: the typed word is not in the kiosk's memory while it is shown: the scan sees nothing"
	# 10 s untouched, 15 s "are you still there?", then the reset.
	sleep 28
	kill -0 $app 2>/dev/null || fail "$1: the kiosk ended: $(cat "$work/app.log")"
	after=$(hits $app "$marker")
	after_folded=$(hits $app "$folded")
	[ "$after" = 0 ] && [ "$after_folded" = 0 ] ||
		fail "$1: after the idle reset \"$marker\" is still in $after writable mappings (folded: $after_folded)"
	kill $app
	wait $app 2>/dev/null || true
	app=
	echo "e2e-forget: $1: \"$marker\" was in $before mappings while shown, in none after the idle reset"
}
run plain
run speech
