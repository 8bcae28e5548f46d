/* updater — watches for a USB stick with an update and applies it in a
 * worker thread.
 *
 * The UI thread calls updater_tick() from its loop; every UPDATER_POLL_MS it
 * starts a job in an SDL thread, and the job does all the file work: it
 * looks into the mount folders (stat() and readdir(), at most
 * UPDATER_SCAN_MAX entries, so 100,000 folders cost the UI nothing and the
 * job little), and when it finds a stick not handled before, applies it
 * (update_apply). No inotify: mount folders come and go with the sticks,
 * and a poll this light costs nothing measurable. The UI thread reads the
 * job's phase and progress through atomics and its result after joining it.
 *
 * A stick is handled once while it stays: it is known by its folder and
 * the device and inode of its content.db, never by size or time, which a
 * stick can change at will. What was handled is forgotten when it is gone
 * from a complete scan, so taking a stick out and putting it back in
 * handles it again. At most UPDATER_MAX_STICKS are remembered; a stick that
 * does not fit is not handled (and that is said once), never handled again
 * and again.
 *
 * Shutdown asks a running job to stop (update_apply checks between chunks
 * and inside SQLite's check) and waits at most UPDATER_STOP_MS; a job stuck
 * in a read that never returns (a dead device) is left behind, logged, and
 * ends with the process: the next start cleans up after it. */
#include "updater.h"

#include <SDL.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utf8.h"

enum phase { PHASE_SCANNING, PHASE_APPLYING, PHASE_FINISHED };

struct seen {
	char path[PATH_MAX];
	unsigned long long dev, ino;    /* of its wegweiser/content.db */
	bool present;                   /* found by the scan that runs */
};

struct updater {
	struct update_config cfg;
	char roots[UPDATER_MAX_ROOTS][PATH_MAX];
	int nroots;
	uint64_t next_poll;

	/* The job's own while it runs; the UI thread reads them after joining. */
	struct seen seen[UPDATER_MAX_STICKS];
	int nseen;
	int entries;            /* looked at by the scan that runs */
	bool truncated;         /* that scan stopped at UPDATER_SCAN_MAX */
	bool said_truncated, said_full;
	int scans_started;      /* looks begun (UI thread) */
	SDL_atomic_t scans_done, last_found;    /* looks finished; whether the last found a stick */
	char stick[PATH_MAX];
	long long current_version;
	bool applied_one;       /* the job took a stick: result holds its outcome */
	struct update_result result;
	uint64_t started;       /* real time, for make bench */

	SDL_Thread *thread;
	SDL_atomic_t phase;
	SDL_atomic_t progress;  /* per mille */
	SDL_atomic_t cancel;    /* shutdown: stop as soon as you can */
	SDL_atomic_t forget;    /* staff: handle sticks again, even ones handled before */
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
	if (u->thread) {
		SDL_AtomicSet(&u->cancel, 1);
		for (int waited = 0; SDL_AtomicGet(&u->phase) != PHASE_FINISHED && waited < UPDATER_STOP_MS; waited += 10)
			SDL_Delay(10);
		if (SDL_AtomicGet(&u->phase) != PHASE_FINISHED) {
			struct update_result r = {.why = UPDATE_WHY_CANCELLED};
			snprintf(r.reason, sizeof r.reason, "the kiosk stopped while the update was stuck reading the stick; "
				 "the next start removes its copy");
			if (u->cfg.data_dir[0])
				update_log(u->cfg.data_dir, "abandoned", &r);
			fprintf(stderr, "wegweiser: the update is stuck reading the stick: left behind\n");
			/* The worker still holds u: it ends with the process. */
			SDL_DetachThread(u->thread);
			return;
		}
		SDL_WaitThread(u->thread, NULL);
		if (u->applied_one && u->cfg.data_dir[0]) {   /* an outcome nobody collected */
			const struct update_result *r = &u->result;
			update_log(u->cfg.data_dir, r->applied ? "applied" : r->why == UPDATE_WHY_CANCELLED ? "cancelled"
				   : "refused", r);
		}
	}
	free(u);
}

/* ---- the job ------------------------------------------------------------ */

static struct seen *seen_find(struct updater *u, const char *path, unsigned long long dev, unsigned long long ino)
{
	for (int i = 0; i < u->nseen; i++)
		if (u->seen[i].dev == dev && u->seen[i].ino == ino && strcmp(u->seen[i].path, path) == 0)
			return &u->seen[i];
	return NULL;
}

/* Looks at dir and (depth > 0) the folders in it. The first stick not
 * handled before goes to *found (path in u->stick). */
static void scan(struct updater *u, const char *dir, int depth, struct seen *found, bool *have)
{
	char file[PATH_MAX + 64];
	struct stat sb;
	if (SDL_AtomicGet(&u->cancel))
		return;
	/* Whatever content.db is (a link, a pipe), the stick is one: update_apply
	 * refuses it with a reason staff can read. */
	if (snprintf(file, sizeof file, "%s/%s", dir, PACKAGE_FILE) < (int)sizeof file &&
	    lstat(file, &sb) == 0) {
		struct seen *s = seen_find(u, dir, (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino);
		if (s) {
			s->present = true;
		} else if (!*have) {
			snprintf(found->path, sizeof found->path, "%s", dir);
			found->dev = (unsigned long long)sb.st_dev;
			found->ino = (unsigned long long)sb.st_ino;
			found->present = true;
			*have = true;
		}
	}
	if (depth == 0)
		return;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (++u->entries > UPDATER_SCAN_MAX) {
			u->truncated = true;
			break;
		}
		char sub[PATH_MAX];
		if (snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= (int)sizeof sub)
			continue;
		if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))   /* never through a link */
			scan(u, sub, depth - 1, found, have);
		if (u->truncated)
			break;
	}
	if (d)
		closedir(d);
}

static bool on_progress(void *ctx, double done)
{
	struct updater *u = ctx;
	SDL_AtomicSet(&u->progress, (int)(done * 1000));
	return !SDL_AtomicGet(&u->cancel);
}

static int job(void *arg)
{
	struct updater *u = arg;
	struct seen found;
	bool have = false;
	if (SDL_AtomicSet(&u->forget, 0))
		u->nseen = 0;
	for (int i = 0; i < u->nseen; i++)
		u->seen[i].present = false;
	u->entries = 0;
	u->truncated = false;
	for (int i = 0; i < u->nroots && !u->truncated; i++)
		scan(u, u->roots[i], 2, &found, &have);
	if (u->truncated && !u->said_truncated) {
		u->said_truncated = true;
		fprintf(stderr, "wegweiser: the watched folders hold more than %d entries: only the first are looked at\n",
			UPDATER_SCAN_MAX);
	}
	/* Forget sticks that are gone, but only after a complete look. */
	if (!u->truncated && !SDL_AtomicGet(&u->cancel)) {
		int n = 0;
		for (int i = 0; i < u->nseen; i++)
			if (u->seen[i].present)
				u->seen[n++] = u->seen[i];
		u->nseen = n;
	}
	if (have && u->nseen == UPDATER_MAX_STICKS) {
		char safe[512];
		utf8_escape(found.path, safe, sizeof safe);
		if (!u->said_full)
			fprintf(stderr, "wegweiser: more than %d sticks at once: %s is not looked at\n",
				UPDATER_MAX_STICKS, safe);
		u->said_full = true;
		have = false;
	}
	SDL_AtomicSet(&u->last_found, have);
	SDL_AtomicAdd(&u->scans_done, 1);
	if (have && !SDL_AtomicGet(&u->cancel)) {
		u->seen[u->nseen++] = found;   /* handled once, whatever comes of it */
		snprintf(u->stick, sizeof u->stick, "%s", found.path);
		u->started = SDL_GetTicks64();
		SDL_AtomicSet(&u->phase, PHASE_APPLYING);
		update_apply(&u->cfg, u->stick, u->current_version, on_progress, u, &u->result);
		u->applied_one = true;
	}
	SDL_AtomicSet(&u->phase, PHASE_FINISHED);
	return 0;
}

/* ---- the UI thread's side ------------------------------------------------ */

enum updater_event updater_tick(struct updater *u, uint64_t now, long long current_version, bool finish)
{
	if (u->thread) {
		int phase = SDL_AtomicGet(&u->phase);
		if (!finish && phase != PHASE_FINISHED)
			return phase == PHASE_APPLYING ? UPDATER_WORKING : UPDATER_IDLE;
		SDL_WaitThread(u->thread, NULL);
		u->thread = NULL;
		return u->applied_one ? UPDATER_DONE : UPDATER_IDLE;
	}
	if (now < u->next_poll)
		return UPDATER_IDLE;
	u->next_poll = now + UPDATER_POLL_MS;
	u->current_version = current_version;
	u->applied_one = false;
	SDL_AtomicSet(&u->phase, PHASE_SCANNING);
	SDL_AtomicSet(&u->progress, 0);
	u->scans_started++;
	u->thread = SDL_CreateThread(job, "update", u);
	if (!u->thread) {
		fprintf(stderr, "wegweiser: cannot look for sticks: %s\n", SDL_GetError());
		return UPDATER_IDLE;
	}
	return finish ? updater_tick(u, now, current_version, true) : UPDATER_IDLE;
}

double updater_progress(struct updater *u)
{
	return SDL_AtomicGet(&u->progress) / 1000.0;
}

const struct update_result *updater_result(const struct updater *u)
{
	return &u->result;
}

int updater_next_wakeup(struct updater *u, uint64_t now)
{
	if (u->thread)   /* the progress bar moves, or a look ends soon */
		return SDL_AtomicGet(&u->phase) == PHASE_APPLYING ? 50 : 10;
	return u->next_poll > now ? (int)(u->next_poll - now) : 0;
}

uint64_t updater_started(const struct updater *u)
{
	return u->started;
}

int updater_check_now(struct updater *u)
{
	SDL_AtomicSet(&u->forget, 1);
	u->next_poll = 0;
	return u->scans_started + 1;   /* a look begun before now may not know */
}

bool updater_scan_result(const struct updater *u, int scan, bool *found)
{
	if (SDL_AtomicGet((SDL_atomic_t *)&u->scans_done) < scan)
		return false;
	*found = SDL_AtomicGet((SDL_atomic_t *)&u->last_found) != 0;
	return true;
}

/* A writable folder that is a file system of its own (a mounted stick), in
 * `dir` or one level down. */
static bool find_mount(const char *dir, dev_t parent, dev_t system, int depth, int *entries, char *out, size_t cap,
		       unsigned long long *dev)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool hit = false;
	while (d && !hit && (e = readdir(d)) != NULL && ++*entries <= UPDATER_SCAN_MAX) {
		char sub[PATH_MAX];
		struct stat sb;
		if (e->d_name[0] == '.' || snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= (int)sizeof sub ||
		    lstat(sub, &sb) != 0 || !S_ISDIR(sb.st_mode))
			continue;
		if (sb.st_dev != parent && sb.st_dev != system && access(sub, W_OK) == 0) {
			snprintf(out, cap, "%s", sub);
			*dev = (unsigned long long)sb.st_dev;
			hit = true;
		} else if (sb.st_dev == parent && depth > 0) {
			hit = find_mount(sub, sb.st_dev, system, depth - 1, entries, out, cap, dev);
		}
	}
	if (d)
		closedir(d);
	return hit;
}

bool updater_find_stick(const struct updater *u, char *dir, size_t cap, unsigned long long *dev)
{
	int entries = 0;
	struct stat system;
	if (stat("/", &system) != 0)
		return false;
	for (int i = 0; i < u->nroots; i++) {
		struct stat root;
		if (stat(u->roots[i], &root) == 0 && S_ISDIR(root.st_mode) &&
		    find_mount(u->roots[i], root.st_dev, system.st_dev, 1, &entries, dir, cap, dev))
			return true;
	}
	return false;
}
