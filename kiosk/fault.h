/* fault — allocations a test can make fail, to prove the kiosk survives. */
#ifndef WW_FAULT_H
#define WW_FAULT_H

#include <stdbool.h>
#include <stddef.h>

/* With WW_FAULT=alloc:N in the environment, the Nth allocation counted
 * after fault_arm() fails; with alloc:N:COUNT, COUNT of them from the Nth
 * on (memory short for a while, then back). alloc:0 fails none and only
 * counts. Counted are the allocations on the paths a visitor's taps drive:
 * a screen's state, the text cache, the content store's rows and SQLite's
 * own memory. Each injected failure is said on stderr, and at exit how
 * many were counted. Without WW_FAULT=alloc nothing is counted. */
void fault_arm(void);

/* Counts one allocation; true when it is to fail. */
bool fault_alloc_fails(void);

/* With WW_FAULT=picture:N, the first N pictures decoded fail as if memory
 * for their pixels were short (said on stderr); a picture's own path, which
 * the count of allocations cannot aim at. */
bool fault_picture_fails(void);

/* With WW_FAULT=speech, speech is taken to have found no sound (as on a
 * kiosk without espeak-ng or a sound card): script mode, which plays
 * nothing, cannot find that out itself. With WW_FAULT=speech:N only until
 * speech_retry() was called N times (it calls fault_speech_retried), as
 * when the sound comes back for a later visitor. */
bool fault_speech_fails(void);
void fault_speech_retried(void);

/* malloc, calloc and realloc that fail when fault_alloc_fails() says so;
 * a failure, real or made, is said on stderr with its size. */
void *fault_malloc(size_t size);
void *fault_calloc(size_t n, size_t size);
void *fault_realloc(void *p, size_t size);

#endif
