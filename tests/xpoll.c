/* xpoll — how long a program takes to put a colour on the screen, seen
 * from outside: the X root window's pixels, as a visitor would see them.
 *
 *   build/xpoll X Y RRGGBB TIMEOUT_MS PROGRAM [ARG...]
 *
 * Starts PROGRAM in a process group of its own, then reads the pixel at
 * X,Y every millisecond until it has the colour; prints "MS PID" (PID is
 * the group's leader, so the caller can measure and stop the whole tree)
 * and leaves the program running. Both sides of `make bench-compare` are
 * timed by it, so neither reports its own start. Exits 1 on a timeout
 * (after stopping the group), 2 on a usage or X error. Never part of
 * `make test`. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: xpoll X Y RRGGBB TIMEOUT_MS PROGRAM [ARG...]\n");
		return 2;
	}
	int x = atoi(argv[1]), y = atoi(argv[2]);
	unsigned long want = strtoul(argv[3], NULL, 16);
	double timeout_ms = atof(argv[4]);
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "xpoll: cannot open the X display\n");
		return 2;
	}
	Window root = DefaultRootWindow(dpy);
	/* A window left over from the run before would be timed as 0 ms. */
	XImage *before = XGetImage(dpy, root, x, y, 1, 1, AllPlanes, ZPixmap);
	bool there = before && (XGetPixel(before, 0, 0) & 0xFFFFFF) == want;
	if (before)
		XDestroyImage(before);
	if (there) {
		fprintf(stderr, "xpoll: %06lx is at %d,%d before %s starts\n", want, x, y, argv[5]);
		XCloseDisplay(dpy);
		return 2;
	}
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("xpoll: fork");
		return 2;
	}
	if (pid == 0) {
		/* Our stdout is the caller's pipe: the program must not hold
		 * it open, or the caller waits for the program's end. */
		setpgid(0, 0);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, STDOUT_FILENO);
		execvp(argv[5], argv + 5);
		perror(argv[5]);
		_exit(127);
	}
	setpgid(pid, pid);
	const struct timespec pause = {0, 1000000};
	for (;;) {
		XImage *img = XGetImage(dpy, root, x, y, 1, 1, AllPlanes, ZPixmap);
		unsigned long got = img ? XGetPixel(img, 0, 0) & 0xFFFFFF : 0;
		if (img)
			XDestroyImage(img);
		double t = now_ms() - t0;
		if (img && got == want) {
			printf("%.0f %d\n", t, (int)pid);
			break;
		}
		if (t > timeout_ms) {
			fprintf(stderr, "xpoll: %s drew no %06lx at %d,%d in %.0f ms (last %06lx)\n", argv[5], want,
				x, y, timeout_ms, got);
			kill(-pid, SIGKILL);
			XCloseDisplay(dpy);
			return 1;
		}
		nanosleep(&pause, NULL);
	}
	XCloseDisplay(dpy);
	return 0;
}
