#!/bin/sh
# e2e-compose.sh — a visitor at a physical keyboard types accents with dead
# keys, through the kiosk's own compose table.
#
# Runs inside xvfb-run (see test_ui.c). The release kiosk runs in a real
# window; xdotool (which puts a keysym the layout lacks on a spare key for
# the moment it types it) types a marker word that ends in dead keys and
# letters (´ e, ^ o, ` a, then ´ g); the word then stands in the search
# field, and is read from the process's writable memory through
# /proc/PID/mem (as e2e-forget.sh does). Runs: as installed (the kiosk's table: the accented
# word is there, but not ǵ, which only the locale's big table has: the
# kiosk's own table is the one in use); with the locale's table (ǵ: so this
# test can tell the two apart); with XCOMPOSEFILE naming an empty table (no
# accents); and with a site's own table (it is kept, not replaced).
set -eu
export LC_ALL=C.UTF-8   # the locale's table is then the big UTF-8 one
bin=${1:-build/wegweiser}
plain=Quarzwicht
work=$(mktemp -d /tmp/ww-compose-XXXXXX)
app=
cleanup() { [ -n "$app" ] && kill -9 "$app" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "e2e-compose: $*" >&2; exit 1; }

. "$(dirname "$0")/e2e-memory.sh"   # hits PID WORD

# typed: the marker as the kiosk was given it, dead keys and all. (Xvfb
# runs with -noreset: else it starts anew each time its last client leaves,
# and the next kiosk or xdotool finds no display for a moment.)
typed() {
	"$bin" --content build/content.db --size 1280x800 > "$work/app.log" 2>&1 &
	app=$!
	xdotool search --sync --onlyvisible --name '^Wegweiser$' > /dev/null || fail "no window: $(cat "$work/app.log")"
	sleep 1
	xdotool type --delay 80 "$plain"
	xdotool key --delay 80 dead_acute e dead_circumflex o dead_grave a dead_acute g
	sleep 1
}

finish() {
	kill -0 $app 2>/dev/null || fail "the kiosk ended: $(cat "$work/app.log")"
	kill $app
	wait $app 2>/dev/null || true
	app=
}

# The kiosk's own table, as it starts by default.
unset XCOMPOSEFILE
typed
[ "$(hits $app "${plain}éôà")" -gt 0 ] ||
	fail "with the kiosk's compose table, ´ e ^ o \` a did not arrive as éôà"
[ "$(hits $app "${plain}éôàǵ")" = 0 ] || fail "´ g gave ǵ: the kiosk used the locale's compose table, not its own"
finish
echo "e2e-compose: the kiosk's table: dead keys typed ${plain}éôà"

# The locale's table, where there is one: ´ g gives ǵ there.
locale_table=/usr/share/X11/locale/en_US.UTF-8/Compose
if [ -r $locale_table ]; then
	XCOMPOSEFILE=$locale_table typed
	[ "$(hits $app "${plain}éôàǵ")" -gt 0 ] || fail "the locale's table gave no ǵ: the test cannot tell the tables apart"
	finish
	echo "e2e-compose: the locale's table: ${plain}éôàǵ"
fi

# An empty table: the same keys give no accented letters.
: > "$work/empty"
XCOMPOSEFILE="$work/empty" typed
[ "$(hits $app "${plain}éôà")" = 0 ] || fail "without a compose table the accents still arrived: the test sees nothing"
finish
echo "e2e-compose: an empty table: no éôà"

# A site's own table is kept.
printf '<dead_acute> <e> : "X"\n<dead_circumflex> <o> : "Y"\n<dead_grave> <a> : "Z"\n' > "$work/site"
XCOMPOSEFILE="$work/site" typed
[ "$(hits $app "${plain}XYZ")" -gt 0 ] || fail "a site's XCOMPOSEFILE was not used"
finish
echo "e2e-compose: a site's XCOMPOSEFILE is kept"
