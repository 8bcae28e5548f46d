/* stopsignal — SIGTERM and SIGINT end the kiosk whenever they come. */
#ifndef WW_STOPSIGNAL_H
#define WW_STOPSIGNAL_H

#include <stdbool.h>

/* Blocks SIGTERM and SIGINT in this thread and every thread started after
 * it, and tells SDL to install no handlers of its own. Call it before
 * SDL_Init and before any other thread starts; a signal that comes from
 * here on waits, pending, for stopsignal_watch(). */
void stopsignal_block(void);

/* Starts the thread that takes those signals, once SDL's events run: it
 * marks the stop and pushes an SDL_QUIT, which wakes the event loop
 * wherever it waits. False if the thread could not start; the signals are
 * then unblocked here, and end the process as they would without SDL. */
bool stopsignal_watch(void);

/* Whether a stop was asked: from the first SIGTERM or SIGINT on. */
bool stopsignal_asked(void);

/* Ends the thread, before SDL_Quit. The signals stay blocked (the process
 * is ending): a late one changes nothing. */
void stopsignal_end(void);

#endif
