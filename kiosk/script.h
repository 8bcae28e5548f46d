/* script — replays a UI test script on a virtual clock. */
#ifndef WW_SCRIPT_H
#define WW_SCRIPT_H

#include <stdint.h>
#include <stdio.h>

#include "kiosk.h"

/* Start of the virtual clock, in ms; the app is created at this time. */
#define SCRIPT_T0 1000

/* Runs the script at `path` against the kiosk; messages to `err` as
 * PATH:LINE: what. Returns the exit status: 0 when every line passed. */
int script_run(struct kiosk *k, const char *path, FILE *err);

#endif
