# e2e-memory.sh — sourced by the end-to-end scripts that look for a word in
# the kiosk's memory (e2e-forget.sh, e2e-compose.sh).

# hits PID WORD: how many writable mappings of PID hold WORD, read through
# /proc/PID/mem.
hits() {
	n=0
	while read -r range perms rest; do
		case $perms in rw*) ;; *) continue ;; esac
		start=$((0x${range%-*})) end=$((0x${range#*-}))
		if dd if=/proc/"$1"/mem bs=1M iflag=skip_bytes,count_bytes skip=$start count=$((end - start)) \
			2>/dev/null | grep -q -a -F "$2"; then
			n=$((n + 1))
		fi
	done < /proc/"$1"/maps
	echo $n
}
