#!/bin/sh
# e2e.sh — the real kiosk in a real X window, clicked like a visitor would.
#
# Runs inside xvfb-run (see test_ui.c). Learns where the widgets are from the
# same binary in script mode at the same size (the layout depends only on the
# size), then starts it in a real window, clicks with xdotool: letter Z, the
# topic Zwillingselternschaft, its first contact point; takes a screenshot of
# the screen with ImageMagick's import and decodes the call QR code with
# zbarimg. Prints what it did; exits non-zero on any failure.
set -eu
bin=${1:-build/wegweiser}
work=$(mktemp -d /tmp/ww-e2e-XXXXXX)
app=
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
size=1280x800

cat > "$work/learn.script" <<EOS
tree $work/start.tree
tap "@letter:Z"
tree $work/letter.tree
tap "@topic:zwillingselternschaft"
tree $work/topic.tree
tap "@contact:"
tree $work/contact.tree
EOS
SDL_VIDEODRIVER=offscreen "$bin" --content build/content.db --size $size --script "$work/learn.script"

# centre TREE ROLE TARGET-PREFIX: "X Y" of the first such widget.
centre() {
	awk -F '\t' -v role="$2" -v t="$3" '$1 == role && index($8, t) == 1 {
		print int($2 + $4 / 2), int($3 + $5 / 2); exit }' "$1"
}
click() {
	set -- $1
	[ $# -eq 2 ] || { echo "e2e: nothing to click" >&2; exit 1; }
	xdotool mousemove "$1" "$2" click 1
	sleep 0.6
}

"$bin" --content build/content.db --size $size > "$work/app.log" 2>&1 &
app=$!
xdotool search --sync --onlyvisible --name '^Wegweiser$' > /dev/null
sleep 1
click "$(centre "$work/start.tree" letter letter:Z)"
click "$(centre "$work/letter.tree" item topic:zwillingselternschaft)"
click "$(centre "$work/topic.tree" item contact:)"
import -window root "$work/screen.png"

line=$(awk -F '\t' '$1 == "qr" && index($8, "tel:") == 1 { print; exit }' "$work/contact.tree")
[ -n "$line" ] || { echo "e2e: the contact point shows no call QR code" >&2; exit 1; }
payload=$(printf '%s\n' "$line" | cut -f 8)
geometry=$(printf '%s\n' "$line" | awk -F '\t' '{ printf "%dx%d+%d+%d", $4, $5, $2, $3 }')
convert "$work/screen.png" -crop "$geometry" +repage "$work/qr.png"
# --nodbus: zbar would announce the code on the system bus, and print an error
# where there is none (a chroot, a container, a kiosk without D-Bus).
decoded=$(zbarimg --nodbus --raw -q "$work/qr.png")
if [ "$decoded" != "$payload" ]; then
	echo "e2e: the QR code on screen decodes to '$decoded', expected '$payload'" >&2
	exit 1
fi
kill "$app"
wait "$app" 2>/dev/null || true
app=
echo "e2e: clicked Z, the topic and its contact point in a real window; QR decodes to $payload"
