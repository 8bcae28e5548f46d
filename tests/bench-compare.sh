#!/bin/sh
# bench-compare.sh — the kiosk beside a browser kiosk, measured the same way.
#
# The kiosk's start screen and its topic list (the A-Z screen) are written
# as one static HTML page from the kiosk's own view trees (same texts, same
# rectangles, same colours and fonts), and Debian's `chromium --kiosk` shows
# it. Both run in turn under one Xvfb and are measured from outside:
# tests/xpoll.c times process start to the header's colour on the X root
# window; /proc gives the PSS of the whole process tree, the number of
# processes, and the CPU used while nothing happens. Medians of RUNS starts
# each, alternating, then one "name kiosk chromium ratio" line a figure.
# Installs chromium when it is missing (root or password-less sudo), as
# tools/deps.sh does for the rest. Run from the repository root after
# `make all build/xpoll`.
set -eu
RUNS=${RUNS:-5}
SETTLE_S=3                      # after the header, before memory is read
IDLE_S=10
kiosk=build/wegweiser
repo=$(pwd)

if ! command -v chromium >/dev/null 2>&1; then
	install="apt-get install -y --no-install-recommends chromium"
	if [ "$(id -u)" = 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo="sudo"
	else
		echo "bench-compare: chromium is missing; run: sudo apt-get update && sudo $install" >&2
		exit 1
	fi
	echo "bench-compare: installing chromium"
	$sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive $install >/dev/null || {
		echo "bench-compare: installing chromium failed; run: sudo apt-get update && sudo $install" >&2
		exit 1
	}
fi

work=$(mktemp -d /tmp/ww-compare-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT   # KEEP=1 keeps the page and logs

# ---- the page: the kiosk's start screen, and its topic list below it ----
printf 'tree %s/start.tree\ntap "@index"\ntree %s/index.tree\n' "$work" "$work" > "$work/trees.script"
SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none $kiosk --content build/content.db --size 1920x1080 \
	--script "$work/trees.script"
{
	cat <<EOH
<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Wegweiser</title>
<style>
@font-face { font-family: "Open Sans"; font-weight: 400; src: url("file://$repo/assets/fonts/OpenSans-Regular.ttf"); }
@font-face { font-family: "Open Sans"; font-weight: 600; src: url("file://$repo/assets/fonts/OpenSans-Semibold.ttf"); }
html, body { margin: 0; background: #F6F4EF; color: #1B1B1B; font: 28px "Open Sans", sans-serif; overflow: hidden; }
.bar { position: absolute; left: 0; width: 1920px; background: #1D4F7A; }
.w { position: absolute; box-sizing: border-box; display: flex; align-items: center; margin: 0; overflow: hidden; }
.button, .letter { justify-content: center; border: 3px solid #1D4F7A; background: #fff; color: #1D4F7A; font-weight: 600; font-size: 30px; }
.bar-button { border-color: #fff; background: #1D4F7A; color: #fff; }
.current { background: #fff; color: #1D4F7A; }
.disabled { background: #E9E6DF; color: #5C5C5C; border-color: #E9E6DF; }
.item { border: 1px solid #B5AEA0; border-left: 6px solid #1D4F7A; background: #fff; color: #1D4F7A; padding-left: 18px; font-size: 30px; }
.heading { font-weight: 600; font-size: 34px; }
.input { border: 3px solid #1D4F7A; background: #fff; color: #454545; padding-left: 20px; font-size: 30px; }
.crisis { background: #A81D1D; color: #fff; border-color: #fff; }
.title { color: #fff; font-weight: 600; font-size: 30px; }
</style></head><body>
EOH
	# A tree line: role x y w h state label target. The bars are not
	# widgets: the header ends as far below its buttons as they start
	# below the top, the bottom bar as far above the crisis button.
	for screen in start index; do
		awk -F '\t' -v top=$([ $screen = start ] && echo 0 || echo 1080) '
		function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); return s }
		NR == FNR { if (FNR == 1) inset = $3; if ($8 == "crisis") foot = $3 - inset; next }
		FNR == 1 {
			header = 2 * inset + $5
			printf "<div class=\"bar\" style=\"top:%dpx;height:%dpx\"></div>\n", top, header
			if (foot) printf "<div class=\"bar\" style=\"top:%dpx;height:%dpx\"></div>\n", top + foot, 1080 - foot
		}
		{
			cls = $1
			if ($3 < header || (foot && $3 >= foot)) cls = cls " bar-button"
			if ($1 == "text" && $3 < header) cls = "title"
			if ($6 != "-") cls = cls " " $6
			if ($8 == "crisis") cls = cls " crisis"
			tag = $1 == "heading" ? "h2" : "div"
			printf "<%s class=\"w %s\" style=\"left:%dpx;top:%dpx;width:%dpx;height:%dpx\">%s</%s>\n",
				tag, cls, $2, top + $3, $4, $5, esc($7), tag
		}' "$work/$screen.tree" "$work/$screen.tree"
	done
	echo '</body></html>'
} > "$work/page.html"

# ---- the runs, all under one X server ----
cat > "$work/runs.sh" <<'EOS'
#!/bin/sh
set -eu
cd "$repo"
# tree_pids PID: PID and all its descendants.
tree_pids() {
	echo "$1"
	for c in $(awk -v p="$1" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null); do
		tree_pids "$c"
	done
}
tree_pss() { # kB
	for p in $(tree_pids "$1"); do
		awk '/^Pss:/ { print $2; exit }' "/proc/$p/smaps_rollup" 2>/dev/null || true
	done | awk '{ s += $1 } END { print s + 0 }'
}
tree_ticks() {
	for p in $(tree_pids "$1"); do
		# Fields after the command's closing parenthesis: utime is 12th, stime 13th.
		sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true
	done | awk '{ s += $1 } END { print s + 0 }'
}

mkdir -p "$work/no-sticks"
# The header's colour at its left edge, half-way down: nothing else there.
poll="build/xpoll 8 40 1D4F7A 60000"
: > "$work/kiosk.runs"; : > "$work/chromium.runs"
i=1
while [ $i -le "$RUNS" ]; do
	for side in kiosk chromium; do
		if [ $side = kiosk ]; then
			set -- $kiosk --content build/content.db --size 1920x1080 --data-dir "$work/kiosk-data" \
				--pubkey "$work/k.pub" --watch "$work/no-sticks"
		else
			rm -rf "$work/profile"
			# As root Chromium refuses to start without --no-sandbox.
			nosandbox=""; [ "$(id -u)" != 0 ] || nosandbox=--no-sandbox
			set -- chromium --kiosk $nosandbox --no-first-run --user-data-dir="$work/profile" \
				--window-position=0,0 --window-size=1920,1080 "file://$work/page.html"
		fi
		$poll "$@" > "$work/$side.out" 2> "$work/$side.err" || { cat "$work/$side.err" >&2; exit 1; }
		out=$(cat "$work/$side.out")
		ms=${out% *}; pid=${out#* }
		sleep "$SETTLE_S"
		line="$ms $(tree_pss "$pid") $(tree_pids "$pid" | wc -l)"
		if [ $i -eq "$RUNS" ]; then
			a=$(tree_ticks "$pid"); sleep "$IDLE_S"; b=$(tree_ticks "$pid")
			line="$line $a $b"
		fi
		echo "$line" >> "$work/$side.runs"
		kill -TERM "-$pid" 2>/dev/null || true
		sleep 1
		kill -KILL "-$pid" 2>/dev/null || true
	done
	i=$((i + 1))
done
EOS
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
# The kiosk's first start into a data folder checks the content whole; the
# service's later starts compare its mark. Timed are the later ones.
printf 'quit\n' > "$work/quit.script"
SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none $kiosk --content build/content.db \
	--data-dir "$work/kiosk-data" --script "$work/quit.script" 2>/dev/null
repo="$repo" work="$work" kiosk="$kiosk" RUNS="$RUNS" SETTLE_S="$SETTLE_S" IDLE_S="$IDLE_S" \
	xvfb-run -a -s '-screen 0 1920x1080x24' sh "$work/runs.sh"

# median FILE COLUMN
median() { awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
tck=$(getconf CLK_TCK)
idle() { tail -n 1 "$1" | awk -v t="$tck" -v s="$IDLE_S" '{ printf "%.1f", ($5 - $4) / t / s * 100 }'; }
echo "# figure kiosk chromium chromium/kiosk"
line() { # NAME KIOSK CHROMIUM UNIT
	awk -v n="$1" -v k="$2" -v c="$3" -v u="$4" 'BEGIN {
		r = k > 0 ? sprintf("%.1f", c / k) : "-"
		print n " " k " " c " " r " " u }'
}
line header_ms "$(median "$work/kiosk.runs" 1)" "$(median "$work/chromium.runs" 1)" ms
line pss_tree_kb "$(median "$work/kiosk.runs" 2)" "$(median "$work/chromium.runs" 2)" kB
line processes "$(median "$work/kiosk.runs" 3)" "$(median "$work/chromium.runs" 3)" processes
line idle_cpu_pct "$(idle "$work/kiosk.runs")" "$(idle "$work/chromium.runs")" %
