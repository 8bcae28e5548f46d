/* bench_speech — what speech costs: memory for espeak-ng, time to the first
 * sound, synthesis speed, and the headphone poll.
 *
 *   build/speech-bench       (with SDL_AUDIODRIVER=dummy where there is no sound card)
 *
 * Prints "report NAME VALUE" lines: speech_rss_before_kb (the process before
 * speech is used), speech_rss_kb (after the first sentence in German: engine,
 * voice, audio device and worker), speech_rss_two_voices_kb (after English
 * too), speech_first_sample_cold_ms (the first speech_say: espeak-ng and the
 * device start), speech_first_sample_p50_ms and _max_ms (later ones),
 * speech_realtime_factor (seconds of speech made per second of CPU) and
 * speech_headphone_poll_us. Part of `make bench`, never of `make test`:
 * timings on a shared machine are not pass/fail. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "speech.h"

#define WARM_RUNS 21
#define POLLS 1000
#define SENTENCE "Willkommen im Rathaus. Hier finden Sie Selbsthilfegruppen in Ihrer Nähe."

static const char *const sentences[] = {
	"Selbsthilfegruppen in Ihrer Nähe.",
	"Diabetes. Zwölf Gruppen.",
	"Zurück zur Startseite.",
	"Die Gruppe trifft sich jeden zweiten Dienstag im Monat um neunzehn Uhr.",
};

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Waits for the first samples of the last say; -1 after 5 s. */
static double first_sample_ms(struct speech *s)
{
	for (int i = 0; i < 5000 && speech_latency_ms(s) < 0; i++)
		SDL_Delay(1);
	return speech_latency_ms(s);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	char why[400];
	printf("report speech_rss_before_kb %ld\n", rss_kb());
	struct speech *s = speech_new(SPEECH_DEFAULT_RATE_WPM, SPEECH_DEFAULT_VOLUME, stderr);
	if (!s)
		return 1;
	speech_say(s, "de", SENTENCE);
	double cold = first_sample_ms(s);
	if (cold < 0) {
		fprintf(stderr, "speech-bench: no sound was played (no audio device? try SDL_AUDIODRIVER=dummy)\n");
		speech_free(s);
		return 1;
	}
	printf("report speech_first_sample_cold_ms %.1f\n", cold);
	printf("report speech_rss_kb %ld\n", rss_kb());

	double warm[WARM_RUNS];
	for (int i = 0; i < WARM_RUNS; i++) {
		SDL_Delay(30);   /* a visitor's next tap: the last one is still being read */
		speech_say(s, "de", sentences[i % 4]);
		warm[i] = first_sample_ms(s);
	}
	speech_stop(s);
	qsort(warm, WARM_RUNS, sizeof *warm, by_value);
	printf("report speech_first_sample_p50_ms %.1f\n", warm[WARM_RUNS / 2]);
	printf("report speech_first_sample_max_ms %.1f\n", warm[WARM_RUNS - 1]);

	/* Synthesis alone, into a file: seconds of speech per second. */
	char path[] = "/tmp/ww-speech-bench-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 1;
	clock_t c0 = clock();
	int rc = speech_to_wav(s, "de", SENTENCE, path, why, sizeof why);
	double cpu_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
	SDL_AudioSpec spec;
	Uint8 *buf;
	Uint32 len;
	if (rc != 0 || !SDL_LoadWAV(path, &spec, &buf, &len)) {
		fprintf(stderr, "speech-bench: %s\n", rc ? why : SDL_GetError());
		unlink(path);
		speech_free(s);
		return 1;
	}
	printf("report speech_realtime_factor %.0f\n", (double)len / 2 / spec.freq / cpu_s);
	SDL_FreeWAV(buf);
	speech_to_wav(s, "en", "Welcome to the town hall.", path, why, sizeof why);
	printf("report speech_rss_two_voices_kb %ld\n", rss_kb());
	unlink(path);
	close(fd);

	bool known;
	double t0 = now_ms();
	for (int i = 0; i < POLLS; i++)
		speech_headphones_plugged(s, &known);
	printf("report speech_headphone_poll_us %.1f\n", (now_ms() - t0) * 1000 / POLLS);
	printf("report speech_headphones_known %d\n", known);
	speech_free(s);
	return 0;
}
