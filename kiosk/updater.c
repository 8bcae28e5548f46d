/* updater — watches for a USB stick with an update and applies it in a
 * worker thread.
 *
 * The UI thread calls updater_tick() from its loop; every UPDATER_POLL_MS it
 * looks into the mount folders with a few stat() and readdir() calls (no
 * inotify: mount folders come and go with the sticks, and a poll this light
 * costs nothing measurable). A stick is known by its files' size and time:
 * one handled before is not applied again. update_apply() runs in an SDL
 * thread and only touches files; the UI thread reads its progress through
 * an atomic and its result after joining it. */
#include "updater.h"

#include <SDL.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEEN_MAX 16

struct seen {
	char path[PATH_MAX];
	long long size, mtime, sig_mtime;
};

struct updater {
	struct update_config cfg;
	char roots[UPDATER_MAX_ROOTS][PATH_MAX];
	int nroots;
	struct seen seen[SEEN_MAX];
	int nseen;
	uint64_t next_poll;

	/* The worker. */
	SDL_Thread *thread;
	SDL_atomic_t progress;  /* per mille */
	SDL_atomic_t done;
	char stick[PATH_MAX];
	uint64_t started;       /* real time, for make bench */
	long long current_version;
	struct update_result result;
};

struct updater *updater_new(const struct update_config *cfg, const char *const *roots, int nroots)
{
	struct updater *u = calloc(1, sizeof *u);
	if (!u)
		return NULL;
	u->cfg = *cfg;
	for (int i = 0; i < nroots && i < UPDATER_MAX_ROOTS; i++)
		snprintf(u->roots[u->nroots++], PATH_MAX, "%s", roots[i]);
	return u;
}

void updater_free(struct updater *u)
{
	if (!u)
		return;
	if (u->thread)
		SDL_WaitThread(u->thread, NULL);
	free(u);
}

/* The identity of the update in `dir`, if it holds one. */
static bool stick_at(const char *dir, struct seen *out)
{
	char file[PATH_MAX + 64], sig[PATH_MAX + 64];
	struct stat a, b;
	snprintf(file, sizeof file, "%s/%s", dir, PACKAGE_FILE);
	snprintf(sig, sizeof sig, "%s/%s", dir, PACKAGE_SIG);
	if (stat(file, &a) != 0 || !S_ISREG(a.st_mode))
		return false;
	snprintf(out->path, sizeof out->path, "%s", dir);
	out->size = (long long)a.st_size;
	out->mtime = (long long)a.st_mtime;
	/* Without a signature it is still an update: refused, and staff told why. */
	out->sig_mtime = stat(sig, &b) == 0 ? (long long)b.st_mtime : -1;
	return true;
}

static bool was_seen(const struct updater *u, const struct seen *s)
{
	for (int i = 0; i < u->nseen; i++)
		if (strcmp(u->seen[i].path, s->path) == 0 && u->seen[i].size == s->size &&
		    u->seen[i].mtime == s->mtime && u->seen[i].sig_mtime == s->sig_mtime)
			return true;
	return false;
}

/* Looks at dir and (depth > 0) the folders in it for a new update. */
static bool find(struct updater *u, const char *dir, int depth, struct seen *found)
{
	if (stick_at(dir, found) && !was_seen(u, found))
		return true;
	if (depth == 0)
		return false;
	DIR *d = opendir(dir);
	struct dirent *e;
	bool hit = false;
	while (d && !hit && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		if (snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= (int)sizeof sub)
			continue;
		struct stat sb;
		if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			hit = find(u, sub, depth - 1, found);
	}
	if (d)
		closedir(d);
	return hit;
}

static void on_progress(void *ctx, double done)
{
	struct updater *u = ctx;
	SDL_AtomicSet(&u->progress, (int)(done * 1000));
}

static int worker(void *arg)
{
	struct updater *u = arg;
	update_apply(&u->cfg, u->stick, u->current_version, on_progress, u, &u->result);
	SDL_AtomicSet(&u->done, 1);
	return 0;
}

enum updater_event updater_tick(struct updater *u, uint64_t now, long long current_version, bool finish)
{
	if (u->thread) {
		if (!finish && !SDL_AtomicGet(&u->done))
			return UPDATER_WORKING;
		SDL_WaitThread(u->thread, NULL);
		u->thread = NULL;
		return UPDATER_DONE;
	}
	if (now < u->next_poll)
		return UPDATER_IDLE;
	u->next_poll = now + UPDATER_POLL_MS;
	struct seen found;
	for (int i = 0; i < u->nroots; i++) {
		if (!find(u, u->roots[i], 2, &found))
			continue;
		/* Handled once, whatever comes of it. */
		if (u->nseen == SEEN_MAX)
			memmove(u->seen, u->seen + 1, (SEEN_MAX - 1) * sizeof *u->seen);
		else
			u->nseen++;
		u->seen[u->nseen - 1] = found;
		snprintf(u->stick, sizeof u->stick, "%s", found.path);
		u->current_version = current_version;
		SDL_AtomicSet(&u->progress, 0);
		SDL_AtomicSet(&u->done, 0);
		u->started = SDL_GetTicks64();
		u->thread = SDL_CreateThread(worker, "update", u);
		if (!u->thread) {
			memset(&u->result, 0, sizeof u->result);
			u->result.why = UPDATE_WHY_OTHER;
			snprintf(u->result.reason, sizeof u->result.reason, "cannot start the update: %s",
				 SDL_GetError());
			return UPDATER_DONE;
		}
		if (finish)
			return updater_tick(u, now, current_version, true);
		return UPDATER_WORKING;
	}
	return UPDATER_IDLE;
}

double updater_progress(struct updater *u)
{
	return SDL_AtomicGet(&u->progress) / 1000.0;
}

const struct update_result *updater_result(const struct updater *u)
{
	return &u->result;
}

int updater_next_wakeup(const struct updater *u, uint64_t now)
{
	if (u->thread)
		return 50;   /* the progress bar moves */
	return u->next_poll > now ? (int)(u->next_poll - now) : 0;
}

uint64_t updater_started(const struct updater *u)
{
	return u->started;
}

void updater_check_now(struct updater *u)
{
	u->nseen = 0;
	u->next_poll = 0;
}

bool updater_find_stick(const struct updater *u, char *dir, size_t cap)
{
	for (int i = 0; i < u->nroots; i++) {
		DIR *d = opendir(u->roots[i]);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			char sub[PATH_MAX];
			struct stat sb;
			if (e->d_name[0] == '.' ||
			    snprintf(sub, sizeof sub, "%s/%s", u->roots[i], e->d_name) >= (int)sizeof sub ||
			    stat(sub, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(sub, W_OK) != 0)
				continue;
			snprintf(dir, cap, "%s", sub);
			closedir(d);
			return true;
		}
		if (d)
			closedir(d);
	}
	return false;
}
