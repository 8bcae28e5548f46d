#!/bin/sh
# bare-debian.sh — proves that `make test` passes on a bare Debian 12, from nothing.
#
# The README promises that `make test` works on any Debian 12 machine with git
# and make; a CI machine that already has everything cannot show that. This
# script bootstraps a minimal Debian 12 (debootstrap --variant=minbase, plus
# make, git and ca-certificates), clones the checkout's HEAD into it, and runs
# `make test` there as root, so tools/deps.sh must install every package the
# build and the tests need. Then it starts `make run` under Xvfb, waits for the
# kiosk's window and quits it with Ctrl+Q. The last line says passed or failed.
#
# Only committed work is tested: the clone is of HEAD, uncommitted changes are
# left out. The bootstrapped system is kept in BASE/pristine and copied afresh
# for every run, so each run starts from a clean package state while a rerun
# skips debootstrap; downloaded .deb files are kept in BASE/apt-archives.
# --fresh throws all of that away first. The mounts (/proc, /sys, /dev) live
# in a private mount namespace: they never reach the host and vanish with it,
# however the run ends.
set -eu

usage() {
	cat <<EOS
usage: sudo tests/bare-debian.sh [--fresh] [--bench] [BASE]

Bootstraps Debian 12 (bookworm, minbase) into BASE (default
/var/tmp/wegweiser-bare-debian), clones this checkout's HEAD into a clean
copy of it and runs \`make test\` and \`make run\` there. Uncommitted changes
are not included.

  --fresh   bootstrap again and download every package again
            (otherwise BASE/pristine and BASE/apt-archives are reused)
  --bench   also run \`make bench\` there (a few minutes more)

Environment: MIRROR (default http://deb.debian.org/debian),
SECURITY_MIRROR (default http://deb.debian.org/debian-security).
EOS
}

# The marker that says a folder is ours to delete: --fresh and the run copy
# remove trees, and must never remove a folder someone passed by mistake.
MARK=.wegweiser-bare-debian
SUITE=bookworm
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# How long the kiosk's window may take to appear under `make run`.
RUN_WINDOW_TIMEOUT_S=120
# How long it may take to quit on Ctrl+Q.
RUN_QUIT_TIMEOUT_S=30

say() { echo "bare-debian: $*"; }
die() { echo "bare-debian: $*" >&2; exit 1; }

# mounted_below DIR: whether anything is mounted at or below DIR.
mounted_below() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo
}

# remove_tree DIR: removes DIR, but only when nothing is mounted in it (else
# rm would reach into the host's /dev or /proc) and never across file systems.
remove_tree() {
	[ -e "$1" ] || return 0
	if mounted_below "$1"; then
		die "something is still mounted below $1; not removing it (see: findmnt -R $1)"
	fi
	rm -rf --one-file-system "$1"
}

# ---- inside the private mount namespace ---------------------------------------
# inside ROOT: mounts what a chroot needs, runs the checks, unmounts on every
# exit path. Called by the script itself through unshare.
inside() {
	root=$1
	bench=$2
	[ -e "$root/../$MARK" ] && [ -d "$root/root/wegweiser" ] || die "--inside: $root is not a copy this script made"
	mounts=""
	inside_cleanup() {
		rc=$?
		# Whatever the tests left running in the chroot (an Xvfb, a kiosk) would
		# keep the mounts busy: end those processes, ours by their root folder.
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
		done
		for m in $mounts; do
			umount -R "$m" 2>/dev/null || umount -R -l "$m" 2>/dev/null || true
		done
		exit "$rc"
	}
	trap inside_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP

	# The new system's / a mount point of its own, as on a real machine: the
	# tests that mount privately make "/" private first, which a plain
	# folder cannot be (EINVAL).
	mount --bind "$root" "$root"
	mounts="$root"
	mount -t proc proc "$root/proc"
	mounts="$root/proc $mounts"
	mount -t sysfs sysfs "$root/sys"
	mounts="$root/sys $mounts"
	# /dev with /dev/pts and /dev/shm: the host's, which is safe because this
	# namespace is private.
	mount --rbind /dev "$root/dev"
	mounts="$root/dev $mounts"
	mount --bind "$root/../apt-archives" "$root/var/cache/apt/archives"
	mounts="$root/var/cache/apt/archives $mounts"

	# A clean environment, as a fresh login on the new system would have: no
	# DISPLAY, no SDL variables, no locale from the host.
	in_root() {
		chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			sh -c "cd /root/wegweiser && $1"
	}

	say "running make test in the chroot"
	t0=$(date +%s)
	if ! in_root 'make test'; then
		say "make test failed in the chroot after $(( $(date +%s) - t0 )) s"
		exit 3
	fi
	say "make test passed in the chroot in $(( $(date +%s) - t0 )) s"

	# make run the way a user starts it, under Xvfb: the window must come up,
	# and Ctrl+Q must end the kiosk and make with status 0.
	say "running make run in the chroot under Xvfb"
	cat > "$root/root/make-run-check.sh" <<EOS
make run > build/make-run.log 2>&1 &
make=\$!
if ! timeout $RUN_WINDOW_TIMEOUT_S xdotool search --sync --onlyvisible --name '^Wegweiser\$' > /dev/null; then
	echo "bare-debian: no kiosk window within $RUN_WINDOW_TIMEOUT_S s" >&2
	cat build/make-run.log >&2
	kill \$make
	exit 1
fi
sleep 1
import -window root build/make-run.png
xdotool mousemove 960 540 key ctrl+q
n=0
while kill -0 \$make 2>/dev/null && [ \$n -lt $RUN_QUIT_TIMEOUT_S ]; do
	sleep 1
	n=\$((n + 1))
done
if kill -0 \$make 2>/dev/null; then
	echo "bare-debian: the kiosk did not quit on Ctrl+Q within $RUN_QUIT_TIMEOUT_S s" >&2
	kill \$make
	exit 1
fi
if ! wait \$make; then
	echo "bare-debian: make run ended with a failure" >&2
	cat build/make-run.log >&2
	exit 1
fi
echo "bare-debian: make run showed the kiosk window and quit on Ctrl+Q"
EOS
	if ! in_root "xvfb-run -a -s '-screen 0 1920x1080x24' sh /root/make-run-check.sh"; then
		exit 4
	fi

	if [ "$bench" = 1 ]; then
		say "running make bench in the chroot"
		in_root 'make bench' || exit 5
	fi
}

if [ "${1:-}" = "--inside" ]; then
	shift
	inside "$@"
	exit 0
fi

# ---- on the host ---------------------------------------------------------------
fresh=0
bench=0
base=/var/tmp/wegweiser-bare-debian
while [ $# -gt 0 ]; do
	case $1 in
	--fresh) fresh=1 ;;
	--bench) bench=1 ;;
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; exit 2 ;;
	*) base=$1 ;;
	esac
	shift
done

step="starting"
head="(none)"
started=$(date +%s)
finish() {
	rc=$?
	minutes=$(awk -v s=$(( $(date +%s) - started )) 'BEGIN { printf "%.1f", s / 60 }')
	if [ $rc -eq 0 ]; then
		say "PASSED: make test and make run on bare Debian 12, commit $head ($minutes min)"
	else
		say "FAILED at: $step ($minutes min)"
	fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, mount and chroot need it): sudo $0"
case $base in
*[!A-Za-z0-9/._-]*) die "$base: use a folder name of letters, digits, '/', '.', '_' and '-' only" ;;
esac
mkdir -p "$base"
base=$(cd "$base" && pwd -P)
[ "$base" != / ] || die "the base folder cannot be /"
if [ ! -e "$base/$MARK" ] && [ -n "$(ls -A "$base")" ]; then
	die "$base is not empty and not made by this script; give another folder"
fi
touch "$base/$MARK"

step="reading the checkout"
repo=$(cd "$(dirname "$0")/.." && git rev-parse --show-toplevel)
head=$(git -C "$repo" rev-parse --short HEAD)
if [ -n "$(git -C "$repo" status --porcelain)" ]; then
	say "note: $repo has uncommitted changes; they are NOT tested (only commit $head is)"
fi

step="installing debootstrap"
if ! command -v debootstrap > /dev/null || [ ! -e /usr/share/keyrings/debian-archive-keyring.gpg ]; then
	say "installing debootstrap"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap debian-archive-keyring
fi

if [ $fresh = 1 ]; then
	step="removing the previous bootstrap (--fresh)"
	remove_tree "$base/root"
	remove_tree "$base/pristine"
	remove_tree "$base/apt-archives"
	rm -f "$base/pristine.done"
fi

step="bootstrapping Debian 12"
if [ ! -e "$base/pristine.done" ]; then
	remove_tree "$base/pristine"
	say "debootstrap $SUITE from $MIRROR into $base/pristine"
	t0=$(date +%s)
	# In a private mount namespace too, so that the /proc debootstrap mounts
	# cannot stay behind when it is interrupted.
	unshare --mount --propagation private \
		debootstrap --variant=minbase --include=make,git,ca-certificates \
		"$SUITE" "$base/pristine" "$MIRROR"
	# The package sources of an installed Debian 12: updates and security too.
	rm -f "$base/pristine/etc/apt/sources.list"
	cat > "$base/pristine/etc/apt/sources.list.d/debian.sources" <<EOS
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	echo "$SUITE minbase from $MIRROR, $(date -u +%Y-%m-%dT%H:%MZ)" > "$base/pristine.done"
	say "bootstrapped in $(( $(date +%s) - t0 )) s"
else
	say "reusing $base/pristine ($(cat "$base/pristine.done"); --fresh to bootstrap again)"
fi

step="copying the clean system"
remove_tree "$base/root"
cp -a "$base/pristine" "$base/root"
mkdir -p "$base/apt-archives/partial"
# Name resolution as the host has it now, for apt inside.
cp -L /etc/resolv.conf "$base/root/etc/resolv.conf"
say "clean system: $(du -sh "$base/root" | cut -f1)"

step="cloning commit $head"
git clone -q --no-checkout "$repo" "$base/root/root/wegweiser"
full=$(git -C "$repo" rev-parse HEAD)
if ! git -C "$base/root/root/wegweiser" cat-file -e "$full^{commit}" 2>/dev/null; then
	git -C "$base/root/root/wegweiser" fetch -q "$repo" "$full"
fi
git -C "$base/root/root/wegweiser" checkout -q --detach "$full"

step="make test / make run in the chroot"
unshare --mount --propagation private sh "$0" --inside "$base/root" $bench

step="checking that nothing stayed mounted"
if mounted_below "$base/root"; then
	die "something stayed mounted below $base/root"
fi
step="done"
