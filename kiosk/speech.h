/* speech — reads text aloud: espeak-ng for the voice, SDL for the sound,
 * ALSA's jack controls for "headphones are plugged in". */
#ifndef WW_SPEECH_H
#define WW_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* espeak-ng's own default, 175 words a minute, is hard to follow for many
 * older listeners; 145 is a calm reading pace. 80..450 is what espeak-ng
 * accepts. */
#define SPEECH_DEFAULT_RATE_WPM 145
#define SPEECH_MIN_RATE_WPM 80
#define SPEECH_MAX_RATE_WPM 450
/* Per cent of espeak-ng's normal level (whose peaks reach -1.6 dBFS): 70
 * leaves the loudness to the system's mixer and does not startle a listener
 * who just put headphones on. */
#define SPEECH_DEFAULT_VOLUME 70
#define SPEECH_MAX_VOLUME 100
/* A text read at once: what one screen says (its view list's labels), with
 * room to spare. A longer one is refused, never cut. */
#define SPEECH_MAX_TEXT_BYTES (32 * 1024)
/* A BCP 47 tag such as "de", "en" or "de-x-ls", with its NUL. */
#define SPEECH_MAX_LANG 36
/* Synthesis runs ahead of the loudspeaker by at most this much audio, so
 * a long page costs a bounded amount of memory. */
#define SPEECH_MAX_QUEUED_MS 2000
/* Headphone jack controls read on one sound card (front and back jack). */
#define SPEECH_MAX_JACKS 4
/* Languages whose missing voice is said once (more are said each time). */
#define SPEECH_MAX_WARNED_LANGS 8

/* How the kiosk calls it (the wiring is kiosk.c's and app.c's):
 *   at start, after SDL_Init:  k->speech = speech_new(cfg.speech_rate_wpm, cfg.speech_volume, stderr);
 *   a screen or focus change while speech is on:  speech_say(k->speech, lang, text);
 *       (the text from the view list, in reading order; it replaces what is read)
 *   speech turned off, idle reset:  speech_stop(k->speech);
 *   about once a second:  bool known, in = speech_headphones_plugged(k->speech, &known);
 *       known && in, where it was not before, with cfg.speech_on_with_headphones: speech on
 *   script mode's "speak FILE.wav":  speech_to_wav(k->speech, lang, text, path, why, sizeof why);
 *   at the end, before SDL_Quit:  speech_free(k->speech);
 * Script mode and the UI tests run without a sound card: the first
 * speech_say() then says "no audio device" once (with ALSA's own lines
 * before it) unless SDL_AUDIODRIVER=dummy is set. */
struct speech;

/* The file of espeak-ng's library, loaded on first use (kiosk/speech.c). */
#define SPEECH_ENGINE_LIBRARY "libespeak-ng.so.1"
/* For tests, before any speaker is used: another file to load instead
 * (one that does not exist stands for espeak-ng not being installed). */
void speech_use_engine_library(const char *file);

/* A speaker that reads at `rate_wpm` words a minute (SPEECH_MIN_RATE_WPM..
 * SPEECH_MAX_RATE_WPM) at `volume` per cent (0..SPEECH_MAX_VOLUME), and
 * says what goes wrong on `log` (e.g. stderr; NULL: nothing is said).
 * Cheap: espeak-ng, the audio device and the worker thread are started on
 * first use. NULL when a value is out of range (said on `log`) or memory
 * is short; every function below accepts a NULL speaker and then does
 * nothing, so the kiosk runs the same without speech. */
struct speech *speech_new(int rate_wpm, int volume, FILE *log);
/* Stops speaking, ends the worker, closes the device. Call it before
 * SDL_Quit(). Accepts NULL. */
void speech_free(struct speech *s);

/* Starts reading `text` (UTF-8, plain text) in the language `lang` (BCP 47:
 * "de", "en", "de-x-ls"; a tag without a voice is read in German, said once
 * per tag) and returns at once: the voice is made in a worker thread and
 * played by SDL. Replaces whatever is being read; an empty text just stops.
 * The first call opens the audio device; when there is none, that is said
 * on the log and from then on speech_say() does nothing, until
 * speech_retry(). Returns -1
 * (said on the log, and what is being read goes on) for a text longer than
 * SPEECH_MAX_TEXT_BYTES, else 0. */
int speech_say(struct speech *s, const char *lang, const char *text);
/* Stops reading at once. */
void speech_stop(struct speech *s);
/* Whether speech found no sound when it was first asked to read (espeak-ng
 * or its voices missing, no audio device): from then on nothing is read
 * (until speech_retry), and the kiosk should say so rather than look as if
 * it reads. False until then, and for NULL. The worker that finds it pushes an SDL_USEREVENT, so
 * a loop asleep in SDL_WaitEvent looks at once. */
bool speech_failed(struct speech *s);
/* Lets the next speech_say() look for sound again after speech_failed():
 * a speaker may have been plugged in, or the device freed. espeak-ng that
 * could not start is not tried again (its files do not come back while the
 * kiosk runs), so speech_failed() stays true then. Accepts NULL. */
void speech_retry(struct speech *s);
/* Whether something is being read or is about to be. */
bool speech_busy(struct speech *s);
/* Milliseconds from the last speech_say() to its first samples being
 * handed to the audio device, or -1 before that. For make bench and tests. */
double speech_latency_ms(struct speech *s);

/* Writes what speech_say() would say to `path` as a 16-bit mono PCM WAV
 * file at espeak-ng's rate (22050 Hz), synchronously, replacing the file
 * only once it is complete. Stops what this speaker is reading first: the
 * process has one espeak-ng. Returns 0, or -1 with the reason in `why`
 * (naming the file): an empty text (or one of spaces only) has nothing to
 * say and writes no file; a text over SPEECH_MAX_TEXT_BYTES, a voice that
 * cannot start or a file that cannot be written leave `path` as it was. */
int speech_to_wav(struct speech *s, const char *lang, const char *text, const char *path, char *why,
		  size_t why_size);

/* Whether headphones are plugged in, as the sound card's jack controls
 * report it (ALSA: a boolean card control named like "Headphone Jack").
 * *known is false when no card has such a control (most PCs with HDMI sound
 * only, containers, VMs) or it cannot be read: the answer is then false.
 * Costs one ioctl per jack once a control was found, else one stat() of
 * /dev/snd, so it can be polled every second: cards are looked for again
 * only when /dev/snd changes (a USB card plugged in later). */
bool speech_headphones_plugged(struct speech *s, bool *known);
/* Whether an ALSA control of this name reports a headphone jack: it ends
 * in " Jack", names a headphone, and is not a "Phantom" jack (a fixed
 * output that always reads as plugged). */
bool speech_is_headphone_jack(const char *control_name);

#endif
