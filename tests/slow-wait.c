/* slow-wait.c — preloaded by tests/e2e-stop.sh: each time SDL is about to
 * wait for the X server's next event (its own poll(), not xcb's), it first
 * sleeps WW_SLOW_WAIT_MS, as a busy machine may deschedule it right there;
 * a signal does not cut the sleep short. A SIGTERM sent meanwhile comes
 * after SDL's last look for signals and before its wait begins. Each sleep
 * is written to WW_SLOW_WAIT_LOG as it begins ("begin MS TIMEOUT", the wall
 * clock's ms and the wait's timeout) and ends ("end MS"). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void note(const char *log, const char *what, int timeout)
{
	FILE *fp = log ? fopen(log, "a") : NULL;
	if (!fp)
		return;
	fprintf(fp, "%s %lld %d\n", what, now_ms(), timeout);
	fclose(fp);
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	int (*real)(struct pollfd *, nfds_t, int);
	void *found = dlsym(RTLD_NEXT, "poll");
	memcpy(&real, &found, sizeof real);
	const char *ms = getenv("WW_SLOW_WAIT_MS");
	Dl_info caller;
	if (ms && timeout != 0 && dladdr(__builtin_return_address(0), &caller) && caller.dli_fname &&
	    strstr(caller.dli_fname, "libSDL2")) {
		const char *log = getenv("WW_SLOW_WAIT_LOG");
		note(log, "begin", timeout);
		int wait = atoi(ms);
		struct timespec left = {wait / 1000, (long)(wait % 1000) * 1000000};
		while (nanosleep(&left, &left) != 0)
			;
		note(log, "end", 0);
	}
	return real(fds, n, timeout);
}
