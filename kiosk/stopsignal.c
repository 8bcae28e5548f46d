/* stopsignal — SIGTERM and SIGINT end the kiosk whenever they come.
 *
 * SDL's own handler only sets a flag that its next SDL_PumpEvents turns
 * into SDL_QUIT. A signal that comes after SDL has looked at the flag and
 * before its poll() starts is seen only with the next event or timer. An
 * idle kiosk without USB updates has neither: systemd's stop then waits
 * its 90 s and kills it (seen in a benchmark's stop; tests/e2e-stop.sh
 * widens that gap); with updates on, the 2 s look at the sticks ends it.
 * Here the signals are blocked in every thread and one thread takes them
 * with sigwait(). It pushes an SDL_QUIT: from another thread, that sends
 * SDL's waiting window a wake-up, before or during its poll() alike. */
#include "stopsignal.h"

#include <SDL.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

static sigset_t stop_signals;
static pthread_t waiter;
static bool watching;
static atomic_bool asked, ending;

static void *wait_for_stop(void *unused)
{
	(void)unused;
	for (;;) {
		int signal;
		if (sigwait(&stop_signals, &signal) != 0 || atomic_load(&ending))
			break;
		atomic_store(&asked, true);
		SDL_Event quit = {.type = SDL_QUIT};
		SDL_PushEvent(&quit);
	}
	return NULL;
}

void stopsignal_block(void)
{
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
}

bool stopsignal_watch(void)
{
	watching = pthread_create(&waiter, NULL, wait_for_stop, NULL) == 0;
	if (!watching)
		pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
	return watching;
}

bool stopsignal_asked(void)
{
	return atomic_load(&asked);
}

void stopsignal_end(void)
{
	if (!watching)
		return;
	atomic_store(&ending, true);
	pthread_kill(waiter, SIGTERM);   /* blocked here: its sigwait() takes it */
	pthread_join(waiter, NULL);
	watching = false;
}
