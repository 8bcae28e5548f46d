#!/bin/sh
# e2e-lockdown.sh — kiosk mode in a real window: no key a visitor has ends it.
#
# Runs inside xvfb-run (see test_ui.c), twice: with no window manager, and
# under openbox (Debian's), which acts on Alt+F4, Alt+Tab and its menu and
# is asked to close the window as its title bar would (wmctrl -c). The
# kiosk starts with --kiosk; xdotool sends the keys and clicks that leave or
# hide a program elsewhere. Afterwards the process must still run and its
# screen must be pixel for pixel as before (nothing closed, hid or moved
# it); then SIGTERM, as systemd stops a service, must end it within 5 s.
set -eu
bin=${1:-build/wegweiser}
work=$(mktemp -d /tmp/ww-lockdown-XXXXXX)
app= wm=
cleanup() {
	[ -n "$app" ] && kill -9 "$app" 2>/dev/null
	[ -n "$wm" ] && kill "$wm" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "e2e-lockdown: $*" >&2; exit 1; }

for manager in none openbox; do
	if [ $manager = openbox ]; then
		openbox --sm-disable > "$work/openbox.log" 2>&1 &
		wm=$!
		sleep 1
	fi
	"$bin" --content build/content.db --kiosk > "$work/app.log" 2>&1 &
	app=$!
	win=$(xdotool search --sync --onlyvisible --name '^Wegweiser$' | head -n 1)
	sleep 1.5
	import -window root "$work/before.png"
	size=$(xdotool getdisplaygeometry | tr ' ' x)
	if [ $manager = none ]; then
		# Laid out for 1920 x 1080 while SDL started (startup.c), then
		# again for the screen: the same pixels as a window of its size.
		printf 'shot %s\n' "$work/window.png" > "$work/shot.script"
		SDL_VIDEODRIVER=offscreen "$bin" --content build/content.db --size "$size" \
			--script "$work/shot.script" > "$work/shot.log" 2>&1 || fail "no shot at $size: $(cat "$work/shot.log")"
		diff=$(compare -metric AE "$work/before.png" "$work/window.png" null: 2>&1 || true)
		[ "$diff" = 0 ] || fail "full screen at $size: not the start screen of a window that size ($diff pixels)"
	fi
	for keys in ctrl+q ctrl+w alt+F4 Escape alt+Tab F11 super super+d alt+space ctrl+alt+BackSpace \
		ctrl+alt+Delete ctrl+Escape alt+F2 shift+F10; do
		xdotool key --clearmodifiers "$keys"
		sleep 0.2
	done
	xdotool mousemove 600 500 click 3 click 2
	# The window manager's own close (its title bar, its menu).
	[ $manager = none ] || wmctrl -c Wegweiser
	sleep 1
	kill -0 "$app" 2>/dev/null || fail "under $manager: the kiosk ended ($(cat "$work/app.log"))"
	xdotool search --onlyvisible --name '^Wegweiser$' > /dev/null ||
		fail "under $manager: the kiosk's window is gone or hidden"
	geometry=$(xdotool getwindowgeometry "$win" | awk '/Geometry/ { print $2 }')
	[ "$geometry" = "$size" ] ||
		fail "under $manager: the window is $geometry, not the whole screen"
	import -window root "$work/after.png"
	diff=$(compare -metric AE "$work/before.png" "$work/after.png" null: 2>&1 || true)
	[ "$diff" = 0 ] || fail "under $manager: the screen changed ($diff pixels)"
	kill -TERM "$app"
	i=0
	while kill -0 "$app" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "under $manager: SIGTERM did not end the kiosk within 5 s"
		sleep 0.1
	done
	wait "$app" 2>/dev/null || true
	app=
	echo "e2e-lockdown: under $manager, $(printf %s "$geometry") full screen, 15 escape keys, clicks and a close request: still there; SIGTERM ends it"
	if [ -n "$wm" ]; then
		kill "$wm" 2>/dev/null || true
		wait "$wm" 2>/dev/null || true
		wm=
	fi
done
