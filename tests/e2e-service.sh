#!/bin/sh
# e2e-service.sh — the service as it ships: cage, its Xwayland and the kiosk
# started as deploy/wegweiser.service starts them (tests/service.sh), and
# clicked with xdotool through that Xwayland.
#
# No process of the three may load Mesa (the unit's drawing is all in
# software, and MemoryDenyWriteExecute=yes would stop a JIT: llvmpipe
# crashes under it), the kiosk's window must be cage's whole output, and
# its pixels, read back from Xwayland with import, must be those of the
# same binary in script mode at that size: the start screen, then letter Z
# after a click on it. The unit's stop must then end cage by itself (cage
# 0.1.4 aborts on a SIGTERM), and a second start must make its first screen
# for the window the first one found. Prints what it did; exits non-zero on
# any failure.
set -eu
bin=${1:-build/wegweiser}
work=$(mktemp -d /tmp/ww-e2e-service-XXXXXX)
service_pid= service_dir=
. tests/service.sh
cleanup() { [ -z "$service_dir" ] || service_remove; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "e2e-service: $*" >&2; exit 1; }
size=1280x720

cat > "$work/learn.script" <<EOS
tree $work/start.tree
shot $work/start.png
tap "@letter:Z"
shot $work/letter.png
EOS
SDL_VIDEODRIVER=offscreen "$bin" --content build/content.db --size $size --script "$work/learn.script" \
	> "$work/learn.log" 2>&1 || fail "script mode: $(cat "$work/learn.log")"

service_prepare "$bin" build/content.db
service_start
service_wait_frame || fail "no first frame"
window=$(awk '$1 == "report" && $2 == "window" { print $3 }' "$service_dir/log")
[ "$window" = $size ] || fail "the kiosk's window is $window, not cage's whole output ($size)"
set -- $(service_pids)
[ "$3" != none ] || fail "no Xwayland serves the kiosk"
xwayland=$3
for pid in "$@"; do
	mesa=$(grep -oE '[^/ ]*(libLLVM|_dri\.so|libgallium|libEGL_mesa|libGLX_mesa)[^/ ]*' "/proc/$pid/maps" | sort -u | tr '\n' ' ')
	[ -z "$mesa" ] || fail "$(cat "/proc/$pid/comm") ($pid) loaded Mesa: $mesa"
done
echo "e2e-service: cage $1, kiosk $2, Xwayland $3: first frame at $window, no Mesa loaded"

export DISPLAY="$(tr '\0' '\n' < "/proc/$2/environ" | sed -n 's/^DISPLAY=//p')"
[ -n "$DISPLAY" ] || fail "the kiosk has no DISPLAY: not an X11 client"
win=$($service_as xdotool search --sync --onlyvisible --name '^Wegweiser$' | head -n 1)
# shot NAME WANT: the window read back from Xwayland equals WANT.
shot() {
	$service_as import -window "$win" "$service_dir/$1.png"
	diff=$(compare -metric AE "$service_dir/$1.png" "$2" null: 2>&1 || true)
	[ "$diff" = 0 ] || fail "$1: $diff pixels differ from script mode's $(basename "$2")"
	echo "e2e-service: $1 equals script mode's, pixel for pixel"
}
sleep 1
shot start "$work/start.png"
set -- $(awk -F '\t' '$1 == "letter" && $8 == "letter:Z" { print int($2 + $4 / 2), int($3 + $5 / 2); exit }' \
	"$work/start.tree")
[ $# -eq 2 ] || fail "no letter Z on the start screen"
$service_as xdotool mousemove "$1" "$2" click 1
sleep 1
shot letter "$work/letter.png"
kill -0 "$service_pid" || fail "cage ended: $(cat "$service_dir/log")"
# Stopped as systemd stops the unit: cage must end by itself, not abort.
service_stop && rc=0 || rc=$?
[ $rc = 0 ] || fail "the unit's stop: cage exited with $rc: $(tail -n 3 "$service_dir/log")"
! grep -q -i 'assertion' "$service_dir/log" || fail "the unit's stop: $(grep -i assertion "$service_dir/log")"
# Gone, or a zombie: its parent is this machine's PID 1, which may not reap.
sleep 1
state=$(sed 's/.*) \(.\).*/\1/' "/proc/$xwayland/stat" 2>/dev/null || echo gone)
[ "$state" = gone ] || [ "$state" = Z ] || fail "the unit's stop: Xwayland ($xwayland) is still there ($state)"
echo "e2e-service: the unit's stop ends the kiosk, cage and Xwayland cleanly"

# Started again, as after a reboot: the start screen is made, while SDL
# starts, for the window the last start found (kept in the data folder).
laid=$(awk '$1 == "report" && $2 == "laid_out_first" { print $3 }' "$service_dir/log")
[ "$laid" = 1920x1080 ] || fail "the first start made its first screen for $laid, knowing no window"
service_start
service_wait_frame || fail "no first frame the second time"
laid=$(awk '$1 == "report" && $2 == "laid_out_first" { print $3 }' "$service_dir/log")
[ "$laid" = $size ] || fail "the second start made its first screen for $laid, not the $size the first found"
win=$($service_as xdotool search --sync --onlyvisible --name '^Wegweiser$' | head -n 1)
sleep 1
shot again "$work/start.png"
service_stop || fail "the second stop: cage exited with $?"
echo "e2e-service: started again, the first screen was made for $size from the start"
