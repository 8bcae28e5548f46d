/* speech — reads text aloud: espeak-ng for the voice, SDL for the sound,
 * ALSA's jack controls for "headphones are plugged in".
 *
 * The UI thread only hands text over and asks whether it is still read; it
 * never waits. A worker thread, started on the first speech_say(), starts
 * espeak-ng and the SDL audio device, makes the voice in espeak-ng's
 * synchronous mode and queues it (SDL_QueueAudio) at most
 * SPEECH_MAX_QUEUED_MS ahead of the loudspeaker. A new text replaces the
 * old one (a visitor who taps on wants the new item, not a queue): the
 * generation goes up, the queue is emptied, the old synthesis stops at its
 * next chunk.
 *
 * espeak-ng is one engine per process (global state, not thread-safe, and
 * it cannot be started twice: a second espeak_ng_Terminate hangs), so it is
 * the one state kept outside the struct: started on first use, called only
 * under its lock, terminated at exit. It costs about 3.5 MiB, which a kiosk
 * whose visitors never ask for speech never pays. Without sound (no device,
 * no espeak-ng data) the kiosk runs on: that is said once on the log, and
 * speech_say() does nothing. Mbrola voices are never chosen: they run a
 * program the kiosk does not ship. The WAV writer is a 44-byte header, not
 * worth a library. espeak-ng itself is loaded (dlopen) on first use, so it
 * costs nothing until then; without it speech is off, as without its data.
 * ALSA stays linked: SDL links it anyway. */
#include "speech.h"

#include <SDL.h>
#include <alsa/asoundlib.h>
#include <errno.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynlib.h"
#include "fault.h"

/* Audio handed from espeak-ng per callback: small, so that a replaced text
 * stops within this much synthesis and the first sound comes soon. */
#define ENGINE_CHUNK_MS 50
/* The device's buffer: short, for a prompt start and stop. */
#define DEVICE_BUFFER_SAMPLES 512
/* How long the worker sleeps while the queue is full, between checks. */
#define THROTTLE_WAIT_MS 50
#define FALLBACK_LANG "de"
#define SOUND_DEVICE_DIR "/dev/snd"

/* Where the samples of the synthesis running now go. */
struct sink {
	/* 0: go on; 1: stop the synthesis. */
	int (*take)(struct sink *sink, const short *samples, int n);
};

enum engine_state { ENGINE_UNTRIED, ENGINE_READY, ENGINE_FAILED, ENGINE_ENDED };

static struct engine {
	pthread_mutex_t lock;   /* held around every espeak-ng call */
	enum engine_state state;
	char failure[256];      /* why it could not start */
	int sample_rate;
	char voice[64];         /* identifier of the voice loaded now ("gmw/de") */
	struct sink *sink;
} engine = {.lock = PTHREAD_MUTEX_INITIALIZER};

enum audio_state { AUDIO_UNTRIED, AUDIO_OPEN, AUDIO_NONE };

struct speech {
	int rate_wpm, volume;
	FILE *log;

	SDL_mutex *lock;        /* everything from here to the jack */
	SDL_cond *wake;         /* a job, a replacement, a stop or the end */
	SDL_Thread *worker;
	char *job_text;         /* waiting for the worker; NULL: none */
	char job_lang[SPEECH_MAX_LANG];
	unsigned generation;    /* up with each say, stop and the end */
	bool synthesizing;
	bool quit;
	enum audio_state audio;
	bool audio_subsystem;   /* SDL_InitSubSystem(SDL_INIT_AUDIO) succeeded */
	SDL_AudioDeviceID device;
	int device_rate;        /* samples a second it is fed (espeak-ng's) */
	bool said_queue_failed;
	uint64_t said_at;       /* performance counter at the last say */
	double latency_ms;      /* to its first queued samples; -1: not yet */

	/* Under engine.lock: languages whose missing voice was said. */
	char warned[SPEECH_MAX_WARNED_LANGS][SPEECH_MAX_LANG];
	int nwarned;

	/* The UI thread's own: the card whose headphone jacks are read, and
	 * the time of /dev/snd when cards were last looked for. */
	bool jack_scanned;
	struct timespec jack_dir_time;
	snd_ctl_t *jack_ctl;
	snd_ctl_elem_value_t *jack_value;
	unsigned jack_numid[SPEECH_MAX_JACKS];
	int njacks;
};

__attribute__((format(printf, 2, 3)))
static void say_on_log(const struct speech *s, const char *fmt, ...)
{
	if (!s->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("wegweiser: speech: ", s->log);
	vfprintf(s->log, fmt, ap);
	fputc('\n', s->log);
	fflush(s->log);
	va_end(ap);
}

/* ---- espeak-ng, loaded on first use ------------------------------------- */

/* libespeak-ng is opened (dynlib.c) when speech is first used, not linked:
 * a kiosk whose visitors never ask for speech never maps it, nor the
 * pcaudio and sonic libraries it links. */
#define ENGINE_FUNCTIONS(X) X(espeak_ng_InitializePath) X(espeak_ng_InitializeOutput) X(espeak_ng_Initialize) \
	X(espeak_ng_GetStatusCodeMessage) X(espeak_ng_ClearErrorContext) X(espeak_SetSynthCallback) \
	X(espeak_ng_GetSampleRate) X(espeak_ng_Terminate) X(espeak_ListVoices) X(espeak_ng_SetVoiceByName) \
	X(espeak_ng_SetParameter) X(espeak_ng_Synthesize)
#define ENGINE_POINTER(f) __typeof__(f) *f;
#define ENGINE_SYMBOL(f) DYNLIB_SYMBOL(struct engine_library, f),

static struct engine_library {
	ENGINE_FUNCTIONS(ENGINE_POINTER)
} es;   /* set by engine_start(), under engine.lock */

static const struct dynlib_symbol engine_symbols[] = {ENGINE_FUNCTIONS(ENGINE_SYMBOL)};

static struct dynlib engine_library = DYNLIB_INIT(SPEECH_ENGINE_LIBRARY, engine_symbols, &es);

void speech_use_engine_library(const char *file)
{
	engine_library.file = file;
}

/* ---- the engine (espeak-ng), always under engine.lock -------------------- */

static int engine_callback(short *samples, int n, espeak_EVENT *events)
{
	(void)events;
	if (!samples || n <= 0 || !engine.sink)
		return 0;
	return engine.sink->take(engine.sink, samples, n);
}

/* At exit, so that LeakSanitizer sees espeak-ng's memory returned. A
 * speaker not freed may still be reading (holding the lock, for as long as
 * its text lasts): exit does not wait for it, the memory goes with the
 * process. */
static void engine_end(void)
{
	if (pthread_mutex_trylock(&engine.lock) != 0)
		return;
	if (engine.state == ENGINE_READY)
		es.espeak_ng_Terminate();
	engine.state = ENGINE_ENDED;
	pthread_mutex_unlock(&engine.lock);
}

/* Starts espeak-ng once per process. False (reason in engine.failure)
 * when it cannot be. */
static bool engine_start(void)
{
	if (engine.state == ENGINE_UNTRIED) {
		if (!dynlib_load(&engine_library)) {
			snprintf(engine.failure, sizeof engine.failure, "espeak-ng cannot start: %s",
				 engine_library.failure);
			engine.state = ENGINE_FAILED;
		}
	}
	if (engine.state == ENGINE_UNTRIED) {
		espeak_ng_ERROR_CONTEXT context = NULL;
		es.espeak_ng_InitializePath(NULL);   /* $ESPEAK_DATA_PATH, else the installed data */
		espeak_ng_STATUS status = es.espeak_ng_Initialize(&context);
		if (status == ENS_OK)
			status = es.espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, ENGINE_CHUNK_MS, NULL);
		if (status != ENS_OK) {
			char message[200];
			es.espeak_ng_GetStatusCodeMessage(status, message, sizeof message);
			snprintf(engine.failure, sizeof engine.failure, "espeak-ng cannot start: %s", message);
			es.espeak_ng_ClearErrorContext(&context);
			engine.state = ENGINE_FAILED;
		} else {
			es.espeak_SetSynthCallback(engine_callback);
			engine.sample_rate = es.espeak_ng_GetSampleRate();
			engine.state = ENGINE_READY;
			atexit(engine_end);
		}
	}
	if (engine.state == ENGINE_ENDED)
		snprintf(engine.failure, sizeof engine.failure, "espeak-ng was ended with the process");
	return engine.state == ENGINE_READY;
}

static bool lang_tag_valid(const char *lang)
{
	size_t len = lang ? strlen(lang) : 0;
	return len >= 2 && len < SPEECH_MAX_LANG &&
	       strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == len;
}

/* espeak-ng's best voice for `lang` that is not an mbrola one, or NULL.
 * espeak-ng matches a tag's prefix itself: "de-x-ls" finds German. */
static const espeak_VOICE *engine_find_voice(const char *lang)
{
	if (!lang_tag_valid(lang))
		return NULL;
	espeak_VOICE spec = {.languages = lang};
	for (const espeak_VOICE **v = es.espeak_ListVoices(&spec); v && *v; v++)
		if (strncmp((*v)->identifier, "mb/", 3) != 0)
			return *v;
	return NULL;
}

/* Loads the voice for `lang` (German when it has none: said once per tag)
 * and the speaker's rate and volume. */
static bool engine_prepare(struct speech *s, const char *lang, char *why, size_t why_size)
{
	const espeak_VOICE *voice = engine_find_voice(lang);
	if (!voice) {
		bool warned = false;
		for (int i = 0; i < s->nwarned; i++)
			warned |= strcmp(s->warned[i], lang ? lang : "") == 0;
		if (!warned) {
			say_on_log(s, "no voice for the language \"%.40s\": reading it in German", lang ? lang : "");
			if (s->nwarned < SPEECH_MAX_WARNED_LANGS && strlen(lang ? lang : "") < SPEECH_MAX_LANG)
				strcpy(s->warned[s->nwarned++], lang ? lang : "");
		}
		voice = engine_find_voice(FALLBACK_LANG);
	}
	if (!voice) {
		snprintf(why, why_size, "espeak-ng has no German voice: its data is incomplete");
		return false;
	}
	if (strcmp(engine.voice, voice->identifier) != 0) {   /* loading one reads its dictionary */
		espeak_ng_STATUS status = es.espeak_ng_SetVoiceByName(voice->identifier);
		if (status != ENS_OK || strlen(voice->identifier) >= sizeof engine.voice) {
			char message[200];
			es.espeak_ng_GetStatusCodeMessage(status, message, sizeof message);
			snprintf(why, why_size, "espeak-ng cannot load the voice %s: %s", voice->identifier, message);
			engine.voice[0] = '\0';
			return false;
		}
		strcpy(engine.voice, voice->identifier);
	}
	es.espeak_ng_SetParameter(espeakRATE, s->rate_wpm, 0);
	es.espeak_ng_SetParameter(espeakVOLUME, s->volume, 0);
	return true;
}

/* Reads `text` into `sink`, synchronously. */
static bool engine_speak(struct speech *s, const char *lang, const char *text, struct sink *sink, char *why,
			 size_t why_size)
{
	pthread_mutex_lock(&engine.lock);
	bool ok = engine_start();
	if (!ok)
		snprintf(why, why_size, "%s", engine.failure);
	else
		ok = engine_prepare(s, lang, why, why_size);
	if (ok) {
		engine.sink = sink;
		espeak_ng_STATUS status = es.espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
							       espeakCHARS_UTF8, NULL, NULL);
		engine.sink = NULL;
		/* A sink that asked to stop ends it early: not an error. */
		if (status != ENS_OK && status != ENS_SPEECH_STOPPED) {
			char message[200];
			es.espeak_ng_GetStatusCodeMessage(status, message, sizeof message);
			snprintf(why, why_size, "espeak-ng: %s", message);
			ok = false;
		}
	}
	pthread_mutex_unlock(&engine.lock);
	return ok;
}

/* ---- speaking: the worker --------------------------------------------------- */

struct live_sink {
	struct sink sink;
	struct speech *s;
	unsigned generation;    /* of the job being read */
	Uint32 max_queued;      /* bytes */
};

static int live_take(struct sink *sink, const short *samples, int n)
{
	struct live_sink *live = (struct live_sink *)sink;
	struct speech *s = live->s;
	SDL_LockMutex(s->lock);
	while (s->generation == live->generation && SDL_GetQueuedAudioSize(s->device) > live->max_queued)
		SDL_CondWaitTimeout(s->wake, s->lock, THROTTLE_WAIT_MS);
	bool current = s->generation == live->generation;
	if (current) {
		if (s->latency_ms < 0)
			s->latency_ms = (double)(SDL_GetPerformanceCounter() - s->said_at) * 1000.0 /
					(double)SDL_GetPerformanceFrequency();
		if (SDL_QueueAudio(s->device, samples, (Uint32)n * sizeof *samples) != 0 && !s->said_queue_failed) {
			say_on_log(s, "cannot queue audio: %s", SDL_GetError());
			s->said_queue_failed = true;
		}
	}
	SDL_UnlockMutex(s->lock);
	return current ? 0 : 1;
}

/* In the worker, before the first job: espeak-ng (for its sample rate),
 * then SDL audio. False when there is no sound to be had. */
static bool worker_open_audio(struct speech *s)
{
	pthread_mutex_lock(&engine.lock);
	bool engine_ok = engine_start();
	int rate = engine.sample_rate;
	char failure[sizeof engine.failure];
	snprintf(failure, sizeof failure, "%s", engine.failure);
	pthread_mutex_unlock(&engine.lock);
	if (!engine_ok) {
		say_on_log(s, "%s; speech is off", failure);
		return false;
	}
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		say_on_log(s, "no audio (SDL: %s); speech is off", SDL_GetError());
		return false;
	}
	SDL_LockMutex(s->lock);
	s->audio_subsystem = true;
	SDL_UnlockMutex(s->lock);
	SDL_AudioSpec want = {.freq = rate, .format = AUDIO_S16SYS, .channels = 1, .samples = DEVICE_BUFFER_SAMPLES};
	SDL_AudioSpec have;
	/* SDL converts to whatever the device takes. */
	SDL_AudioDeviceID device = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!device) {
		say_on_log(s, "no audio device (%s: %s); speech is off", SDL_GetCurrentAudioDriver(), SDL_GetError());
		/* A retry (speech_retry) starts SDL's audio afresh: another
		 * driver may work by then (a sound server started). */
		SDL_LockMutex(s->lock);
		if (s->audio_subsystem) {
			SDL_QuitSubSystem(SDL_INIT_AUDIO);
			s->audio_subsystem = false;
		}
		SDL_UnlockMutex(s->lock);
		return false;
	}
	SDL_PauseAudioDevice(device, 0);
	SDL_LockMutex(s->lock);
	s->device = device;
	s->device_rate = rate;
	SDL_UnlockMutex(s->lock);
	return true;
}

/* A text to read may hold what a visitor typed (the search field is read
 * with the page): it is wiped before its memory goes back, so that after
 * the idle reset nothing of it is left. */
static void wipe_free(char *text)
{
	if (text)
		sodium_memzero(text, strlen(text));
	free(text);
}

static int worker_main(void *data)
{
	struct speech *s = data;
	SDL_LockMutex(s->lock);
	for (;;) {
		while (!s->quit && !s->job_text)
			SDL_CondWait(s->wake, s->lock);
		if (s->quit)
			break;
		char *text = s->job_text;
		char lang[SPEECH_MAX_LANG];
		strcpy(lang, s->job_lang);
		s->job_text = NULL;
		unsigned generation = s->generation;   /* a say from now on replaces this text */
		s->synthesizing = true;
		bool first = s->audio == AUDIO_UNTRIED;
		SDL_UnlockMutex(s->lock);

		bool audio = true;
		if (first) {
			audio = worker_open_audio(s);
			SDL_LockMutex(s->lock);
			s->audio = audio ? AUDIO_OPEN : AUDIO_NONE;
			if (!audio)
				s->latency_ms = -1;   /* no sound since: an older figure is not news */
			SDL_UnlockMutex(s->lock);
			if (!audio) {
				SDL_Event wake = {.type = SDL_USEREVENT};
				SDL_PushEvent(&wake);   /* speech_failed(): the loop shows it */
			}
		}
		if (audio) {
			struct live_sink live = {{live_take}, s, generation,
						 (Uint32)((int64_t)SPEECH_MAX_QUEUED_MS * s->device_rate / 1000 * 2)};
			char why[300];
			if (!engine_speak(s, lang, text, &live.sink, why, sizeof why))
				say_on_log(s, "%s", why);
		}
		wipe_free(text);
		SDL_LockMutex(s->lock);
		s->synthesizing = false;
	}
	SDL_UnlockMutex(s->lock);
	return 0;
}

struct speech *speech_new(int rate_wpm, int volume, FILE *log)
{
	if (rate_wpm < SPEECH_MIN_RATE_WPM || rate_wpm > SPEECH_MAX_RATE_WPM || volume < 0 ||
	    volume > SPEECH_MAX_VOLUME) {
		if (log)
			fprintf(log, "wegweiser: speech: a rate of %d words a minute (%d..%d) at volume %d (0..%d)"
				" cannot be; speech is off\n", rate_wpm, SPEECH_MIN_RATE_WPM, SPEECH_MAX_RATE_WPM,
				volume, SPEECH_MAX_VOLUME);
		return NULL;
	}
	struct speech *s = calloc(1, sizeof *s);
	if (!s)
		goto fail;
	s->rate_wpm = rate_wpm;
	s->volume = volume;
	s->log = log;
	s->latency_ms = -1;
	s->lock = SDL_CreateMutex();
	s->wake = SDL_CreateCond();
	if (!s->lock || !s->wake)
		goto fail;
	return s;
fail:
	if (log)
		fprintf(log, "wegweiser: speech: out of memory; speech is off\n");
	speech_free(s);
	return NULL;
}

/* Under s->lock: whatever is read or about to be is dropped. */
static void drop_speech(struct speech *s)
{
	s->generation++;
	wipe_free(s->job_text);
	s->job_text = NULL;
	if (s->device)
		SDL_ClearQueuedAudio(s->device);
	SDL_CondBroadcast(s->wake);
}

void speech_free(struct speech *s)
{
	if (!s)
		return;
	if (s->worker) {
		SDL_LockMutex(s->lock);
		s->quit = true;
		drop_speech(s);
		SDL_UnlockMutex(s->lock);
		SDL_WaitThread(s->worker, NULL);
	}
	wipe_free(s->job_text);
	if (s->device)
		SDL_CloseAudioDevice(s->device);
	if (s->audio_subsystem)
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	if (s->jack_ctl)
		snd_ctl_close(s->jack_ctl);
	snd_ctl_elem_value_free(s->jack_value);
	SDL_DestroyCond(s->wake);
	SDL_DestroyMutex(s->lock);
	free(s);
}

int speech_say(struct speech *s, const char *lang, const char *text)
{
	if (!s)
		return 0;
	size_t len = text ? strlen(text) : 0;
	if (len > SPEECH_MAX_TEXT_BYTES) {
		say_on_log(s, "a text of %zu bytes is longer than the %d that are read at once: not read", len,
			   SPEECH_MAX_TEXT_BYTES);
		return -1;
	}
	char *copy = len ? strdup(text) : NULL;
	if (len && !copy) {
		say_on_log(s, "out of memory: not read");
		return -1;
	}
	SDL_LockMutex(s->lock);
	drop_speech(s);
	if (copy && s->audio != AUDIO_NONE && !s->quit) {
		if (!s->worker) {
			s->worker = SDL_CreateThread(worker_main, "speech", s);
			if (!s->worker) {
				say_on_log(s, "cannot start its thread (%s); speech is off", SDL_GetError());
				s->audio = AUDIO_NONE;
			}
		}
		if (s->worker) {
			s->job_text = copy;
			copy = NULL;
			/* One too long to be a tag stays one: it is read in German. */
			snprintf(s->job_lang, sizeof s->job_lang, "%s",
				 !lang ? "" : strlen(lang) < sizeof s->job_lang ? lang : "(too long)");
			s->said_at = SDL_GetPerformanceCounter();
			s->latency_ms = -1;
		}
	}
	SDL_UnlockMutex(s->lock);
	wipe_free(copy);   /* not taken: no sound device, or speech ending */
	return 0;
}

void speech_stop(struct speech *s)
{
	if (!s)
		return;
	SDL_LockMutex(s->lock);
	drop_speech(s);
	/* SDL's audio thread feeds an open device silence every buffer, paused
	 * or not: closed, a kiosk whose speech is off sleeps. The next text
	 * opens it again; a synthesis under way stops at its next chunk, having
	 * seen the generation move. */
	if (s->device) {
		SDL_CloseAudioDevice(s->device);
		s->device = 0;
		s->audio = AUDIO_UNTRIED;
	}
	if (s->audio_subsystem) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		s->audio_subsystem = false;
	}
	SDL_UnlockMutex(s->lock);
}

bool speech_failed(struct speech *s)
{
	if (!s)
		return false;
	SDL_LockMutex(s->lock);
	bool failed = s->audio == AUDIO_NONE;
	SDL_UnlockMutex(s->lock);
	return failed;
}

void speech_retry(struct speech *s)
{
	if (!s)
		return;
	fault_speech_retried();
	pthread_mutex_lock(&engine.lock);
	bool engine_failed = engine.state == ENGINE_FAILED || engine.state == ENGINE_ENDED;
	pthread_mutex_unlock(&engine.lock);
	SDL_LockMutex(s->lock);
	if (s->audio == AUDIO_NONE && !engine_failed) {
		s->audio = AUDIO_UNTRIED;
		s->latency_ms = -1;
	}
	SDL_UnlockMutex(s->lock);
}

bool speech_busy(struct speech *s)
{
	if (!s)
		return false;
	SDL_LockMutex(s->lock);
	bool busy = s->job_text || s->synthesizing || (s->device && SDL_GetQueuedAudioSize(s->device) > 0);
	SDL_UnlockMutex(s->lock);
	return busy;
}

double speech_latency_ms(struct speech *s)
{
	if (!s)
		return -1;
	SDL_LockMutex(s->lock);
	double ms = s->latency_ms;
	SDL_UnlockMutex(s->lock);
	return ms;
}

/* ---- a WAV file ---------------------------------------------------------------- */

struct wav_sink {
	struct sink sink;
	FILE *file;
	uint64_t samples;
	bool failed;
};

static void put_le(unsigned char *at, uint32_t value, int bytes)
{
	for (int i = 0; i < bytes; i++)
		at[i] = (unsigned char)(value >> (8 * i));
}

/* The canonical 44-byte header of 16-bit mono PCM. */
static void wav_header(unsigned char header[44], uint32_t rate, uint32_t data_bytes)
{
	memcpy(header, "RIFF", 4);
	put_le(header + 4, 36 + data_bytes, 4);
	memcpy(header + 8, "WAVEfmt ", 8);
	put_le(header + 16, 16, 4);             /* the size of the fmt chunk */
	put_le(header + 20, 1, 2);              /* PCM */
	put_le(header + 22, 1, 2);              /* mono */
	put_le(header + 24, rate, 4);
	put_le(header + 28, rate * 2, 4);       /* bytes a second */
	put_le(header + 32, 2, 2);              /* bytes a frame */
	put_le(header + 34, 16, 2);             /* bits a sample */
	memcpy(header + 36, "data", 4);
	put_le(header + 40, data_bytes, 4);
}

static int wav_take(struct sink *sink, const short *samples, int n)
{
	struct wav_sink *wav = (struct wav_sink *)sink;
	unsigned char le[512 * 2];      /* WAV is little-endian whatever the machine */
	for (int done = 0; done < n && !wav->failed;) {
		int part = n - done < 512 ? n - done : 512;
		for (int i = 0; i < part; i++)
			put_le(le + 2 * i, (uint16_t)samples[done + i], 2);
		wav->failed = fwrite(le, 2, (size_t)part, wav->file) != (size_t)part;
		done += part;
	}
	wav->samples += (uint64_t)n;
	return wav->failed;
}

int speech_to_wav(struct speech *s, const char *lang, const char *text, const char *path, char *why,
		  size_t why_size)
{
	char *temp = NULL;
	FILE *file = NULL;
	int rc = -1;
	if (!s) {
		snprintf(why, why_size, "%s: not written: speech is off", path);
		goto done;
	}
	size_t len = text ? strlen(text) : 0;
	if (strspn(text ? text : "", " \t\r\n") == len) {
		snprintf(why, why_size, "%s: not written: the text is empty, there is nothing to say", path);
		goto done;
	}
	if (len > SPEECH_MAX_TEXT_BYTES) {
		snprintf(why, why_size, "%s: not written: a text of %zu bytes is longer than the %d read at once", path,
			 len, SPEECH_MAX_TEXT_BYTES);
		goto done;
	}
	speech_stop(s);
	/* A temporary file beside it, renamed over it when complete. */
	size_t temp_size = strlen(path) + sizeof ".XXXXXX";
	temp = malloc(temp_size);
	if (!temp) {
		snprintf(why, why_size, "%s: not written: out of memory", path);
		goto done;
	}
	snprintf(temp, temp_size, "%s.XXXXXX", path);
	int fd = mkstemp(temp);
	if (fd < 0 || !(file = fdopen(fd, "wb"))) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(temp);
		temp = NULL;
		goto done;
	}
	unsigned char header[44];
	wav_header(header, 0, 0);               /* rewritten with the sizes at the end */
	struct wav_sink wav = {{wav_take}, file, 0, fwrite(header, 1, sizeof header, file) != sizeof header};
	char engine_why[300];
	bool spoken = !wav.failed && engine_speak(s, lang, text, &wav.sink, engine_why, sizeof engine_why);
	if (!spoken && !wav.failed) {
		snprintf(why, why_size, "%s: not written: %s", path, engine_why);
		goto done;
	}
	if (wav.samples * 2 > UINT32_MAX - 36) {
		snprintf(why, why_size, "%s: not written: more sound than a WAV file holds", path);
		goto done;
	}
	pthread_mutex_lock(&engine.lock);
	uint32_t rate = (uint32_t)engine.sample_rate;
	pthread_mutex_unlock(&engine.lock);
	wav_header(header, rate, (uint32_t)(wav.samples * 2));
	if (wav.failed || fseek(file, 0, SEEK_SET) != 0 || fwrite(header, 1, sizeof header, file) != sizeof header ||
	    fflush(file) != 0) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		goto done;
	}
	if (fclose(file) != 0) {
		file = NULL;
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		goto done;
	}
	file = NULL;
	if (rename(temp, path) != 0) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		goto done;
	}
	free(temp);
	temp = NULL;
	rc = 0;
done:
	if (file)
		fclose(file);
	if (temp) {
		unlink(temp);
		free(temp);
	}
	return rc;
}

/* ---- headphones ------------------------------------------------------------------ */

bool speech_is_headphone_jack(const char *control_name)
{
	size_t len = control_name ? strlen(control_name) : 0;
	return len > 5 && strcmp(control_name + len - 5, " Jack") == 0 && strstr(control_name, "Headphone") &&
	       !strstr(control_name, "Phantom");
}

/* Finds the first sound card with headphone jack controls and keeps its
 * control device open. */
static void jack_scan(struct speech *s)
{
	snd_ctl_elem_list_t *list = NULL;
	snd_ctl_elem_info_t *info = NULL;
	if (snd_ctl_elem_list_malloc(&list) < 0 || snd_ctl_elem_info_malloc(&info) < 0 ||
	    (!s->jack_value && snd_ctl_elem_value_malloc(&s->jack_value) < 0))
		goto done;
	int card = -1;
	while (!s->njacks && snd_card_next(&card) == 0 && card >= 0) {
		char name[32];
		snprintf(name, sizeof name, "hw:%d", card);
		snd_ctl_t *ctl;
		if (snd_ctl_open(&ctl, name, SND_CTL_NONBLOCK) < 0)
			continue;
		snd_ctl_elem_list_free_space(list);
		snd_ctl_elem_list_set_offset(list, 0);
		if (snd_ctl_elem_list(ctl, list) == 0 &&
		    snd_ctl_elem_list_alloc_space(list, snd_ctl_elem_list_get_count(list)) == 0 &&
		    snd_ctl_elem_list(ctl, list) == 0) {
			for (unsigned i = 0; i < snd_ctl_elem_list_get_used(list); i++) {
				if (snd_ctl_elem_list_get_interface(list, i) != SND_CTL_ELEM_IFACE_CARD ||
				    !speech_is_headphone_jack(snd_ctl_elem_list_get_name(list, i)))
					continue;
				snd_ctl_elem_info_set_numid(info, snd_ctl_elem_list_get_numid(list, i));
				if (snd_ctl_elem_info(ctl, info) < 0 ||
				    snd_ctl_elem_info_get_type(info) != SND_CTL_ELEM_TYPE_BOOLEAN)
					continue;
				if (s->njacks == SPEECH_MAX_JACKS) {
					say_on_log(s, "%s has more than %d headphone jacks: only the first are read",
						   name, SPEECH_MAX_JACKS);
					break;
				}
				s->jack_numid[s->njacks++] = snd_ctl_elem_list_get_numid(list, i);
			}
		}
		if (s->njacks)
			s->jack_ctl = ctl;
		else
			snd_ctl_close(ctl);
	}
done:
	if (list)
		snd_ctl_elem_list_free_space(list);
	snd_ctl_elem_list_free(list);
	snd_ctl_elem_info_free(info);
}

bool speech_headphones_plugged(struct speech *s, bool *known)
{
	*known = false;
	if (!s)
		return false;
	if (!s->jack_ctl) {
		/* Looking for cards costs 64 failed open() calls when there is
		 * none (half a millisecond here); a card that comes adds its
		 * nodes to /dev/snd, which changes the folder's time. */
		struct stat st;
		if (stat(SOUND_DEVICE_DIR, &st) != 0)
			st.st_mtim = (struct timespec){0, 0};
		if (!s->jack_scanned || st.st_mtim.tv_sec != s->jack_dir_time.tv_sec ||
		    st.st_mtim.tv_nsec != s->jack_dir_time.tv_nsec) {
			s->jack_scanned = true;
			s->jack_dir_time = st.st_mtim;
			jack_scan(s);
		}
	}
	bool plugged = false;
	for (int i = 0; i < s->njacks; i++) {
		snd_ctl_elem_value_set_numid(s->jack_value, s->jack_numid[i]);
		if (snd_ctl_elem_read(s->jack_ctl, s->jack_value) < 0) {
			/* The card is gone (a USB one pulled out): look again next time. */
			snd_ctl_close(s->jack_ctl);
			s->jack_ctl = NULL;
			s->njacks = 0;
			s->jack_scanned = false;
			return false;
		}
		plugged |= snd_ctl_elem_value_get_boolean(s->jack_value, 0) != 0;
	}
	*known = s->njacks > 0;
	return plugged;
}
