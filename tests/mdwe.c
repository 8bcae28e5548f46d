/* mdwe.c — runs a program as systemd's MemoryDenyWriteExecute=yes would:
 * no memory both writable and executable, and none made executable later
 * (prctl PR_SET_MDWE, Linux 6.3; kept across fork and exec, so it holds for
 * every process the program starts). Used by tests/service.sh. Exits 125
 * when the kernel cannot do it, before running anything. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mdwe PROGRAM [ARGUMENT...]\n");
		return 2;
	}
	if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) != 0) {
		fprintf(stderr, "mdwe: this kernel cannot refuse writable and executable memory: %s\n",
			strerror(errno));
		return 125;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "mdwe: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
