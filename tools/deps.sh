#!/bin/sh
# deps.sh — make sure this Debian machine has what Wegweiser builds and tests with.
#
# Checks each library with pkg-config (libcsv has no .pc file: its header),
# and each command the tests call. When something is missing and we may
# install (root, or password-less sudo), installs the Debian packages
# non-interactively; otherwise prints the one apt-get line to run and fails.
# Packages come without their recommendations (a kiosk should not pull in half
# a desktop), so every package a command comes from is named here: xvfb only
# recommends xauth, without which xvfb-run stops. tests/bare-debian.sh proves
# the list complete on a bare Debian 12.
set -u

missing=""
need() { # need PACKAGE TEST...
	pkg=$1; shift
	if ! "$@" >/dev/null 2>&1; then
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	fi
}
has() { command -v "$1"; }
pc() { has pkg-config && pkg-config --exists "$1"; }
header() { printf '#include <%s>\n' "$1" | cc -E -x c - ; }
# The voices come in espeak-ng-data, a dependency of the library package.
has_espeak_data() { [ -e "/usr/lib/$(cc -dumpmachine)/espeak-ng-data/phontab" ]; }
fuzzer() { printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' |
	clang -fsanitize=fuzzer -x c - -o /dev/null; }

need build-essential has cc
need build-essential has make
need pkg-config has pkg-config
need libsqlite3-dev pc sqlite3
need libcsv-dev header csv.h
need libcriterion-dev pc criterion
need libinih-dev pc inih
need libsdl2-dev pc sdl2
need libsdl2-ttf-dev pc SDL2_ttf
need libpng-dev pc libpng                # pictures and screenshots (kiosk/picture.c)
need libjpeg-dev pc libjpeg
need libqrencode-dev pc libqrencode
need libsodium-dev pc libsodium
need libstemmer-dev header libstemmer.h
need libutf8proc-dev pc libutf8proc
need libsystemd-dev pc libsystemd      # sd_notify: the service's readiness and watchdog
need libespeak-ng-dev pc espeak-ng      # speech; brings espeak-ng-data, the voices
need espeak-ng-data has_espeak_data
need libasound2-dev pc alsa             # the headphone jack
need sqlite3 has sqlite3
need minisign has minisign
need zbar-tools has zbarimg
need xvfb has Xvfb
need xvfb has xvfb-run
need xauth has xauth
need xdotool has xdotool
need openbox has openbox                # a window manager: kiosk mode is tried under one too
need wmctrl has wmctrl                  # and its "close this window"
need imagemagick has import
need imagemagick has convert
need imagemagick has compare
# make package and the deployment tests (tests/test_deploy.c)
need dpkg-dev has dpkg-buildpackage
need debhelper has dh
need lintian has lintian
need man-db has man                     # the man pages checked for warnings
need systemd has systemd-analyze        # the unit verified and scored offline
need udev has udevadm                   # the stick rule tried on a device
need cage has cage                      # the unit's ExecStart, which verify looks for
need xwayland has Xwayland              # the X server cage starts for the kiosk (tests/e2e-service.sh)
need prometheus has promtool            # the status file checked by Prometheus' own tool
need sox has sox                        # speech tests: WAV files read by another party
need sox has soxi
need valgrind has valgrind              # make bench (callgrind), make valgrind (memcheck)
# make fuzz: libFuzzer targets, built by clang; its runtime is only recommended
need clang has clang
need libclang-rt-dev fuzzer

[ -z "$missing" ] && exit 0

install="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif has sudo && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "deps: missing:$missing" >&2
	echo "deps: run this once, then try again:" >&2
	echo "    sudo apt-get update && sudo $install" >&2
	exit 1
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive $install || {
	echo "deps: installing failed; run: sudo apt-get update && sudo $install" >&2
	exit 1
}
