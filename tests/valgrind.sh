#!/bin/sh
# valgrind.sh — make valgrind: memcheck on a scripted browse of every
# screen with the release build.
#
#   tests/valgrind.sh [KIOSK]
#
# KIOSK (default build/wegweiser, the release build: no sanitizer in the
# way) replays one script at 1280x800 under valgrind --tool=memcheck, on
# the demo content with a staff PIN, a home postcode, a trusted key and a
# signed update in the watched folder: the start screen, the index and a
# letter, a topic, a group, a contact, an info page, English, the search
# (results and none), the postcode search (near, outside, unknown), a
# sensitive topic and its crisis screen, the idle countdown and reset, the
# access settings, the update applied and confirmed, staff mode behind the
# long press and PIN (a wrong PIN first), the rollback, and leaving. A
# second, short run has the content file fail a query (WW_FAULT), as a
# damaged file would. Any memcheck error or definite leak fails
# (--error-exitcode=1); tests/valgrind.supp names the library internals it
# suppresses. Prints valgrind_errors 0 and valgrind_seconds N.
set -eu
kiosk=${1:-build/wegweiser}
tool=build/wegweiser-content
work=$(mktemp -d /tmp/ww-valgrind-XXXXXX)
trap 'rm -rf "$work"' EXIT
t0=$(date +%s)

{ echo '[staff]'; echo 4711 | $tool passwd
  echo '[kiosk]'; echo 'postcode = 00130'; } > "$work/kiosk.ini"
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
$tool build content "$work/v2.db" --content-version 2 >/dev/null
mkdir -p "$work/media"
$tool pack "$work/v2.db" "$work/media/STICK" --sign "$work/k.key" >/dev/null

cat > "$work/browse.script" <<'EOS'
wait 2100
wait 10
tap "@update:ok"
key Tab
key Tab
key Home
tap "@index"
tap "@letter:Z"
tap "@topic:zwillingselternschaft"
tap "@contact:"
key Escape
tap "@group:"
tap "@home"
tap "@letter:L"
tap "@topic:laktoseintoleranz"
tap "@group:1"
tap "@home"
tap "@page:was-ist-selbsthilfe"
drag 640 600 640 200 300
wait 2000
tap "@home"
tap "@lang:en"
tap "@letter:D"
tap "@topic:diabetes"
tap "@home"
tap "@lang:de"
tap "@search"
text "zucker"
key Delete
text "xqzyv"
tap "@near"
text "00130"
key BackSpace
key BackSpace
text "99"
key Delete
text "10115"
tap "@home"
tap "@letter:D"
tap "@topic:depression"
tap "@crisis"
tap "@home"
tap "@setting:text"
tap "@setting:contrast"
tap "@setting:reach"
tap "@setting:speech"
tap "@setting:speech"
tap "@setting:reach"
tap "@setting:contrast"
tap "@setting:text"
tap "@index"
wait 91000
wait 20000
drag 1270 790 1270 790 5200
tap "@key:1"
tap "@key:2"
tap "@key:3"
tap "@key:4"
tap "@staff:login"
tap "@key:4"
tap "@key:7"
tap "@key:1"
tap "@key:1"
tap "@staff:login"
expect "Wartung verlassen"
tap "@staff:rollback"
tap "@staff:leave"
quit
EOS
cat > "$work/failed.script" <<'EOS'
tap "@letter:D"
tap "@topic:diabetes"
quit
EOS

# run NAME [OPTION…]: replays $work/NAME.script under memcheck.
run() {
	name=$1
	shift
	if ! SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none \
		valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --track-origins=yes --suppressions=tests/valgrind.supp \
		--log-file="$work/$name.valgrind" \
		"$kiosk" --content build/content.db --size 1280x800 "$@" --script "$work/$name.script" \
		2> "$work/$name.err"; then
		cat "$work/$name.err" "$work/$name.valgrind" >&2
		echo "valgrind: $name failed" >&2
		exit 1
	fi
}
run browse --config "$work/kiosk.ini" --data-dir "$work/data" --pubkey "$work/k.pub" --watch "$work/media"
WW_FAULT=query:topic_groups run failed
echo "valgrind_errors 0"
echo "valgrind_seconds $(( $(date +%s) - t0 ))"
