# service.sh — sourced by tests/e2e-service.sh and tests/bench.sh: starts and
# stops the kiosk as deploy/wegweiser.service does: the unit's environment,
# cage's arguments and the kiosk's (its --config aside), under the unit's
# MemoryDenyWriteExecute=yes (build/mdwe, where the kernel can), on
# wlroots' headless backend (one 1280x720 output) instead of a screen, and
# stopped by the unit's ExecStop=.
# cage will not run as root, so root runs it as nobody (setpriv: the same
# process); $service_as runs a client (xdotool, import) as that user, as
# Xwayland requires. nobody may not reach a clone in a private folder, so
# the files the unit names are copied to a folder of the session's own.
service_as=
[ "$(id -u)" = 0 ] && service_as="setpriv --reuid=nobody --regid=nogroup --clear-groups"

# service_prepare KIOSK CONTENT: $service_dir, a new folder, gets the
# kiosk, its assets and content, the unit's helpers and a data folder; the
# output of each start goes to $service_dir/log. service_remove removes it.
service_prepare() {
	service_dir=$(mktemp -d /tmp/ww-service-XXXXXX)
	unit=deploy/wegweiser.service
	chmod 755 "$service_dir"
	mkdir -m 755 "$service_dir/libexec"
	mkdir -m 700 "$service_dir/xdg" "$service_dir/data"
	cp "$1" "$service_dir/wegweiser"
	cp -r assets "$service_dir/assets"
	cp "$2" "$service_dir/assets/content.db"
	cp build/mdwe "$service_dir/mdwe"
	cp deploy/wegweiser-xwayland "$service_dir/libexec/"
	[ -z "$service_as" ] || chown -R nobody "$service_dir"
	# Environment=NAME=VALUE lines; what the unit finds in /usr/lib/wegweiser
	# is in $service_dir/libexec.
	service_env=$(sed -n "s|^Environment=||; T; s|/usr/lib/wegweiser/|$service_dir/libexec/|g; p" "$unit")
	# ExecStart=/usr/bin/cage ARGS -- /usr/bin/wegweiser ARGS
	exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
	cage_args=$(echo "$exec_start" | sed -n 's|^/usr/bin/cage \(.*\) -- /usr/bin/wegweiser .*|\1|p')
	kiosk_args=$(echo "$exec_start" | sed -n 's|.* -- /usr/bin/wegweiser \(.*\)|\1|p' | sed 's/--config [^ ]*//')
	[ -n "$cage_args" ] && [ -n "$kiosk_args" ] || { echo "service.sh: cannot read $unit: $exec_start" >&2; return 1; }
	service_mdwe=$service_dir/mdwe
	if ! "$service_mdwe" true 2> "$service_dir/mdwe.log"; then
		echo "service.sh: $(cat "$service_dir/mdwe.log"); runs without it" >&2
		service_mdwe=
	fi
}

# service_start [ARG...]: cage and the kiosk, as the unit starts them
# (systemd's environment is as empty), the ARGs added to the kiosk's;
# $service_pid is cage's process.
service_start() {
	rm -f "$service_dir/log"
	# shellcheck disable=SC2086 # the unit's words, split as systemd splits them
	$service_as $service_mdwe env -i PATH=/usr/bin:/bin HOME="$service_dir/data" XDG_RUNTIME_DIR="$service_dir/xdg" \
		WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 $service_env WW_REPORT=1 \
		cage $cage_args -- "$service_dir/wegweiser" $kiosk_args --assets "$service_dir/assets" \
		--data-dir "$service_dir/data" "$@" > "$service_dir/log" 2>&1 &
	service_pid=$!
}

# service_wait_frame: waits up to 20 s for the kiosk's first frame.
service_wait_frame() {
	n=0
	until grep -q rss_first_frame_kb "$service_dir/log" 2>/dev/null; do
		sleep 0.01
		n=$((n + 1))
		if [ $n -ge 2000 ] || ! kill -0 "$service_pid" 2>/dev/null; then
			echo "service.sh: no first frame under cage: $(cat "$service_dir/log")" >&2
			return 1
		fi
	done
}

# service_pids: "CAGE KIOSK XWAYLAND". The kiosk is cage's child; cage
# starts Xwayland when the kiosk first connects, and Xwayland leaves cage's
# children at once: it is the Xwayland serving the kiosk's display.
service_pids() {
	kiosk=$(cut -d ' ' -f 1 "/proc/$service_pid/task/$service_pid/children")
	display=$(tr '\0' '\n' < "/proc/$kiosk/environ" | sed -n 's/^DISPLAY=//p')
	xwayland=
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = Xwayland ] || continue
		tr '\0' '\n' < "$p/cmdline" 2>/dev/null | grep -qx "$display" && xwayland=${p#/proc/}
	done
	echo "$service_pid $kiosk ${xwayland:-none}"
}

# service_stop: the unit's ExecStop= with its $MAINPID, cage's process (the
# kill systemd sends afterwards finds nothing left when it works); returns
# cage's exit status, or 124 if cage was still there after 15 s.
service_stop() {
	stop=$(sed -n "s/^ExecStop=\/bin\/sh -c '\(.*\)'$/\1/p" "$unit" | sed 's/\$\$/$/g')
	[ -n "$stop" ] || { echo "service.sh: no ExecStop=/bin/sh -c '...' in $unit" >&2; return 1; }
	$service_as env MAINPID="$service_pid" /bin/sh -c "$stop" &
	stopper=$!
	n=0
	while kill -0 "$stopper" 2>/dev/null && [ $n -lt 150 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	rc=0
	if kill -0 "$stopper" 2>/dev/null; then
		kill -KILL "$service_pid" "$stopper" 2>/dev/null
		rc=124
	fi
	wait "$stopper" 2>/dev/null || true
	wait "$service_pid" 2>/dev/null && status=0 || status=$?
	[ $rc = 124 ] || rc=$status
	service_pid=
	return $rc
}

service_remove() {
	[ -z "$service_pid" ] || service_stop || true
	rm -rf "$service_dir"
}
