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
# folded for the search).
set -eu
bin=${1:-build/wegweiser}
marker=Quarzwichtel
folded=quarzwichtel
work=$(mktemp -d /tmp/ww-forget-XXXXXX)
app=
cleanup() { [ -n "$app" ] && kill -9 "$app" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "e2e-forget: $*" >&2; exit 1; }

# hits PID WORD: how many writable mappings of PID hold WORD.
hits() {
	n=0
	while read -r range perms rest; do
		case $perms in rw*) ;; *) continue ;; esac
		start=$((0x${range%-*})) end=$((0x${range#*-}))
		if dd if=/proc/"$1"/mem bs=1M iflag=skip_bytes,count_bytes skip=$start count=$((end - start)) \
			2>/dev/null | grep -q -a -F "$2"; then
			n=$((n + 1))
		fi
	done < /proc/"$1"/maps
	echo $n
}

printf '[kiosk]\nidle_timeout = 10\n' > "$work/kiosk.ini"
"$bin" --content build/content.db --config "$work/kiosk.ini" --size 1280x800 > "$work/app.log" 2>&1 &
app=$!
xdotool search --sync --onlyvisible --name '^Wegweiser$' > /dev/null
sleep 1
xdotool type --delay 80 "$marker"
sleep 1
import -window root "$work/typed.png"
before=$(hits $app "$marker")
[ "$before" -gt 0 ] || fail "the typed word is not in the kiosk's memory while it is shown: the scan sees nothing"
# 10 s untouched, 15 s "are you still there?", then the reset.
sleep 28
import -window root "$work/reset.png"
kill -0 $app 2>/dev/null || fail "the kiosk ended: $(cat "$work/app.log")"
after=$(hits $app "$marker")
after_folded=$(hits $app "$folded")
[ "$after" = 0 ] && [ "$after_folded" = 0 ] ||
	fail "after the idle reset \"$marker\" is still in $after writable mappings (folded: $after_folded)"
echo "e2e-forget: \"$marker\" was in $before mappings while shown, in none after the idle reset"
