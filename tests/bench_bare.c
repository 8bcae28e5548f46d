/* bench_bare.c — the floor under the kiosk's start, for `make bench`: the
 * plainest SDL2 + SDL2_ttf program that shows one line of text in a
 * 1920x1080 window the way the kiosk draws (the software renderer, its
 * pixels presented straight to the window). It prints the kiosk's "report"
 * lines for its first frame, then waits to be stopped. bench.sh starts it
 * in turn with the kiosk, in the kiosk's environment, so what the kiosk
 * adds to the start is the difference of the two in one run.
 *
 * usage: bare-sdl FONT */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static long proc_kb(const char *path, const char *field)
{
	FILE *fp = fopen(path, "r");
	char line[256];
	long kb = -1;
	while (fp && fgets(line, sizeof line, fp))
		if (strncmp(line, field, strlen(field)) == 0)
			sscanf(line + strlen(field), "%ld", &kb);
	if (fp)
		fclose(fp);
	return kb;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bare-sdl FONT\n");
		return 2;
	}
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
		fprintf(stderr, "bare-sdl: %s\n", SDL_GetError());
		return 1;
	}
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_Window *window = SDL_CreateWindow("bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1920, 1080, 0);
	SDL_Renderer *renderer = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE) : NULL;
	TTF_Font *font = TTF_OpenFont(argv[1], 34);
	SDL_Color ink = {0x1a, 0x1a, 0x1a, 0xff};
	SDL_Surface *line = font ? TTF_RenderUTF8_Blended(font, "Selbsthilfe finden", ink) : NULL;
	SDL_Texture *text = renderer && line ? SDL_CreateTextureFromSurface(renderer, line) : NULL;
	if (!text) {
		fprintf(stderr, "bare-sdl: %s\n", SDL_GetError());
		return 1;
	}
	SDL_SetRenderDrawColor(renderer, 0xfa, 0xf8, 0xf4, 0xff);
	SDL_RenderClear(renderer);
	SDL_RenderCopy(renderer, text, NULL, &(SDL_Rect){80, 60, line->w, line->h});
	SDL_RenderPresent(renderer);
	fprintf(stderr, "report pss_first_frame_kb %ld\n", proc_kb("/proc/self/smaps_rollup", "Pss:"));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "report first_frame_epoch_ms %lld\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	fprintf(stderr, "report rss_first_frame_kb %ld\n", proc_kb("/proc/self/status", "VmRSS:"));
	SDL_Event e;
	while (SDL_WaitEvent(&e) && e.type != SDL_QUIT)
		;
	SDL_DestroyTexture(text);
	SDL_FreeSurface(line);
	TTF_CloseFont(font);
	SDL_DestroyRenderer(renderer);
	SDL_DestroyWindow(window);
	TTF_Quit();
	SDL_Quit();
	return 0;
}
