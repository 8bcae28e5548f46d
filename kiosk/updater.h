/* updater — watches for a USB stick with an update and applies it in a
 * worker thread. */
#ifndef WW_UPDATER_H
#define WW_UPDATER_H

#include <stdbool.h>
#include <stdint.h>

#include "update.h"

#define UPDATER_POLL_MS 2000    /* a few stat() calls: no measurable CPU */
#define UPDATER_MAX_ROOTS 8
#define UPDATER_SCAN_MAX 4096   /* folder entries looked at per poll: a mount folder holds a few */
#define UPDATER_MAX_STICKS 64   /* sticks remembered as handled while they stay in */
#define UPDATER_STOP_MS 3000    /* how long shutdown waits for an update to stop */

struct updater;

/* Watches `roots`, mount folders such as /media: a stick is a folder
 * ROOT/NAME, ROOT/USER/NAME or ROOT itself that holds wegweiser/content.db. */
struct updater *updater_new(const struct update_config *cfg, const char *const *roots, int nroots);
/* Stops a running worker (at most UPDATER_STOP_MS; one stuck in a read is
 * left behind and logged) and logs an outcome nobody collected. Accepts
 * NULL. */
void updater_free(struct updater *u);

enum updater_event { UPDATER_IDLE, UPDATER_WORKING, UPDATER_DONE };

/* Runs on the UI thread with the clock: every UPDATER_POLL_MS starts the
 * worker, which looks for a stick (one not handled before: a stick is
 * applied once while it stays in) and applies it. UPDATER_WORKING while it
 * applies one; UPDATER_DONE once when it finished one (the result is then
 * in updater_result). With `finish`, waits for a running worker (script
 * mode's virtual clock). */
enum updater_event updater_tick(struct updater *u, uint64_t now_ms, long long current_version, bool finish);
/* Part of the copy done, 0..1, while working. */
double updater_progress(struct updater *u);
const struct update_result *updater_result(const struct updater *u);
/* A stick to write to: the first writable folder ROOT/NAME or
 * ROOT/USER/NAME under the watched folders that is a mounted file system of
 * its own (its device differs from its parent's and from the root file
 * system's), and that device. False if none is mounted. */
bool updater_find_stick(const struct updater *u, char *dir, size_t cap, unsigned long long *dev);
/* Looks for a stick at the next tick, even one handled before (staff).
 * Returns the number of the look that will answer: see
 * updater_scan_result(). */
int updater_check_now(struct updater *u);
/* True once look number `scan` has finished, with whether it found a stick
 * with an update (which is then being applied). */
bool updater_scan_result(const struct updater *u, int scan, bool *found);
/* When (SDL_GetTicks64) the last update was found and started. */
uint64_t updater_started(const struct updater *u);
/* Milliseconds until updater_tick has something to do. */
int updater_next_wakeup(struct updater *u, uint64_t now_ms);

#endif
