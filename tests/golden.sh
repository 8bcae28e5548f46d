#!/bin/sh
# golden.sh — the tree of every screen and dialog, at three window sizes.
#
#   tests/golden.sh KIOSK OUT_DIR
#
# Drives KIOSK (a wegweiser binary) in script mode on the demo content
# (build/content.db) through every screen and dialog, at 1920x1080,
# 1080x1920 and 1280x800, and writes OUT_DIR/WxH/NAME.tree. The golden
# files in tests/golden/ were made by this script (`make golden`); the test
# `golden/every_screen_as_before` compares a fresh run with them byte for
# byte. A golden file changes only in a commit that says why.
#
# page-failed is a topic whose groups the content file fails to give
# (WW_FAULT, as a damaged file would). The staff screen shows the free disk space, which no run can fix: its
# figure is written as "N MB". The update-in-progress dialog is not here:
# the demo update is taken over within one frame.
set -eu
kiosk=$1
out=$2
tool=build/wegweiser-content
work=$(mktemp -d /tmp/ww-golden-XXXXXX)
trap 'rm -rf "$work"' EXIT

# A staff PIN, a signing key, an update signed with it and one that is not.
{ echo '[staff]'; echo 4711 | $tool passwd; } > "$work/staff.ini"
printf '[kiosk]\npostcode = 00130\n' > "$work/home.ini"
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
$tool build content "$work/v2.db" --content-version 2 >/dev/null
mkdir -p "$work/signed" "$work/unsigned/STICK/wegweiser"
$tool pack "$work/v2.db" "$work/signed/STICK" --sign "$work/k.key" >/dev/null
cp "$work/v2.db" "$work/unsigned/STICK/wegweiser/content.db"

# run SIZE NAME [OPTIONS…]: replays $work/NAME.script (with @OUT@, @X@ and
# @Y@ — the bottom-right corner — filled in) at SIZE.
run() {
	size=$1 name=$2
	shift 2
	w=${size%x*} h=${size#*x}
	sed -e "s|@OUT@|$out/$size|g" -e "s|@X@|$((w - 10))|g" -e "s|@Y@|$((h - 10))|g" \
		"$work/$name.script" > "$work/run.script"
	SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none \
		"$kiosk" --content build/content.db --size "$size" "$@" --script "$work/run.script" || {
		echo "golden: $name at $size failed" >&2
		exit 1
	}
}

cat > "$work/browse.script" <<'EOS'
tree @OUT@/start.tree
key Tab
key Tab
tree @OUT@/start-focus.tree
key Home
tap "@index"
tree @OUT@/index.tree
tap "@letter:Z"
tree @OUT@/index-z.tree
tap "@topic:zwillingselternschaft"
tree @OUT@/topic.tree
tap "@contact:"
tree @OUT@/contact.tree
key Escape
tap "@group:"
tree @OUT@/group.tree
tap "@home"
tap "@letter:L"
tap "@topic:laktoseintoleranz"
tap "@group:1"
tree @OUT@/group-no-phone.tree
tap "@home"
tap "@page:was-ist-selbsthilfe"
tree @OUT@/page.tree
tap "@home"
tap "@lang:en"
tree @OUT@/start-en.tree
tap "@letter:D"
tap "@topic:diabetes"
tree @OUT@/topic-en.tree
EOS

cat > "$work/search.script" <<'EOS'
tap "@search"
tree @OUT@/search.tree
text "zucker"
tree @OUT@/search-results.tree
key Delete
text "xqzyv"
tree @OUT@/search-none.tree
tap "@near"
tree @OUT@/near.tree
text "00130"
tree @OUT@/near-results.tree
key BackSpace
key BackSpace
text "99"
tree @OUT@/near-unknown.tree
EOS

cat > "$work/home.script" <<'EOS'
tap "@letter:D"
tap "@topic:diabetes"
tree @OUT@/topic-home.tree
tap "@home"
tap "@search"
text "xqzyv"
tree @OUT@/search-none-home.tree
tap "@near"
tree @OUT@/near-home.tree
text "10115"
tree @OUT@/near-outside.tree
tap "@home"
tap "@letter:D"
tap "@topic:depression"
tree @OUT@/topic-sensitive.tree
tap "@crisis"
tree @OUT@/crisis.tree
EOS

cat > "$work/failed.script" <<'EOS'
tap "@letter:D"
tap "@topic:diabetes"
tree @OUT@/page-failed.tree
EOS

cat > "$work/idle.script" <<'EOS'
tap "@index"
wait 91000
tree @OUT@/idle-countdown.tree
EOS

cat > "$work/staff.script" <<'EOS'
drag @X@ @Y@ @X@ @Y@ 5200
tree @OUT@/staff-pin.tree
tap "@key:1"
tap "@key:2"
tap "@key:3"
tap "@key:4"
tap "@staff:login"
tree @OUT@/staff-pin-wrong.tree
tap "@key:0"
tap "@key:0"
tap "@key:0"
tap "@key:0"
tap "@staff:login"
tap "@key:9"
tap "@key:9"
tap "@key:9"
tap "@key:9"
tap "@staff:login"
tree @OUT@/staff-pin-locked.tree
wait 31000
tap "@key:4"
tap "@key:7"
tap "@key:1"
tap "@key:1"
tap "@staff:login"
tree @OUT@/staff.tree
EOS

cat > "$work/update.script" <<'EOS'
wait 2100
wait 10
tree @OUT@/update-@NAME@.tree
EOS

for size in 1920x1080 1080x1920 1280x800; do
	mkdir -p "$out/$size"
	run $size browse
	run $size search
	run $size home --config "$work/home.ini"
	run $size idle
	export WW_FAULT=query:topic_groups
	run $size failed 2>/dev/null
	unset WW_FAULT
	run $size staff --config "$work/staff.ini"
	sed -i -e "s/[0-9][0-9]*[,.]*[0-9]* [MG]B/N MB/" "$out/$size/staff.tree"
	for kind in signed unsigned; do
		name=applied
		[ $kind = signed ] || name=refused
		sed -i "s/@NAME@/$name/; s/update-[a-z]*\.tree/update-$name.tree/" "$work/update.script"
		rm -rf "$work/data"
		run $size update --data-dir "$work/data" --pubkey "$work/k.pub" --watch "$work/$kind"
	done
done
