/* helpers — what the unit tests share: scratch folders, files, the tool.
 *
 * The tool runs in-process through cli_main() with its output captured in
 * memory streams, so the sanitizers see everything it does and a test can
 * assert on the exact message. Files and folders are real, under /tmp. */
#define _GNU_SOURCE   /* unshare() */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "picture.h"

struct tool_result tool_run(const char *arg, ...)
{
	const char *argv[32] = {"wegweiser-content"};
	int argc = 1;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	struct tool_result r = {0};
	size_t outlen, errlen;
	FILE *out = open_memstream(&r.out, &outlen);
	FILE *err = open_memstream(&r.err, &errlen);
	cr_assert(out && err);
	r.status = cli_main(argc, (char **)argv, out, err);
	fclose(out);
	fclose(err);
	return r;
}

void tool_result_free(struct tool_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *scratch_dir(void)
{
	char *dir = strdup("/tmp/ww-test-XXXXXX");
	cr_assert(dir && mkdtemp(dir), "cannot make a scratch folder");
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	if (remove(path) != 0 && errno == EBUSY)   /* a private_mount() */
		umount2(path, MNT_DETACH);
	remove(path);
	return 0;
}

void scratch_remove(char *dir)
{
	if (dir)
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	cr_assert(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)size + 1);
	cr_assert(buf);
	size_t n = fread(buf, 1, (size_t)size, fp);
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

void write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	cr_assert(fp, "cannot write %s", path);
	cr_assert_eq(fwrite(data, 1, len, fp), len);
	cr_assert_eq(fclose(fp), 0);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = read_file(from, &len);
	cr_assert(data, "cannot read %s", from);
	write_file(to, data, len);
	free(data);
}

void copy_sources(const char *from, const char *to)
{
	DIR *d = opendir(from);
	cr_assert(d, "cannot open %s", from);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *src = path_join(from, e->d_name), *dst = path_join(to, e->d_name);
		struct stat st;
		cr_assert_eq(stat(src, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			mkdir(dst, 0755);
			copy_sources(src, dst);
		} else {
			copy_file(src, dst);
		}
		free(src);
		free(dst);
	}
	closedir(d);
}

void replace_in_file(const char *path, const char *old, const char *new_text)
{
	size_t len;
	char *data = read_file(path, &len);
	cr_assert(data, "cannot read %s", path);
	char *at = strstr(data, old);
	cr_assert(at, "\"%s\" is not in %s", old, path);
	size_t pre = (size_t)(at - data), oldlen = strlen(old), newlen = strlen(new_text);
	char *out = malloc(len - oldlen + newlen + 1);
	cr_assert(out);
	memcpy(out, data, pre);
	memcpy(out + pre, new_text, newlen);
	memcpy(out + pre + newlen, at + oldlen, len - pre - oldlen);
	write_file(path, out, len - oldlen + newlen);
	free(out);
	free(data);
}

bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	cr_assert(d);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

int shell(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

char *sha256_file(const char *path)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "sha256sum '%s' 2>/dev/null | cut -c1-64", path);
	FILE *p = popen(cmd, "r");
	char *out = calloc(1, 80);
	cr_assert(p && out);
	if (!fgets(out, 80, p))
		out[0] = '\0';
	pclose(p);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

char *expand(const char *tpl, const char *const *name, const char *const *value, int n)
{
	size_t cap = strlen(tpl) + 1;
	for (int i = 0; i < n; i++)
		for (const char *p = tpl; (p = strstr(p, name[i])) != NULL; p += strlen(name[i]))
			cap += strlen(value[i]);
	char *out = malloc(cap), *o = out;
	cr_assert(out);
	for (const char *p = tpl; *p;) {
		int i = 0;
		while (i < n && strncmp(p, name[i], strlen(name[i])) != 0)
			i++;
		if (i < n) {
			o += sprintf(o, "%s", value[i]);
			p += strlen(name[i]);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* Writes one line to a /proc file of this process. */
static void proc_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	cr_assert(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text), "cannot write %s", path);
	close(fd);
}

void private_mount(const char *dir, const char *options)
{
	static bool alone;
	if (!alone) {
		/* As root a mount namespace; as anyone else a user namespace too. */
		uid_t uid = getuid();
		gid_t gid = getgid();
		if (unshare(CLONE_NEWNS) != 0) {
			cr_assert_eq(unshare(CLONE_NEWUSER | CLONE_NEWNS), 0, "no mount namespace: %s", strerror(errno));
			char map[64];
			proc_write("/proc/self/setgroups", "deny");
			snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
			proc_write("/proc/self/uid_map", map);
			snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
			proc_write("/proc/self/gid_map", map);
		}
		cr_assert_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0, "%s", strerror(errno));
		alone = true;
	}
	mkdir(dir, 0755);
	unsigned long flags = strstr(options, "ro") == options ? MS_RDONLY : 0;
	const char *data = flags ? options + strspn(options, "ro,") : options;
	cr_assert_eq(mount("tmpfs", dir, "tmpfs", flags, data), 0, "cannot mount on %s: %s", dir, strerror(errno));
}

int kiosk_script(const char *dir, const char *size, const char *script, const char *env, const char *options,
		 char **err)
{
	char *path = path_join(dir, "test.script"), *errpath = path_join(dir, "stderr.txt");
	write_file(path, script, strlen(script));
	/* SDL 2.26's offscreen driver loads Mesa's EGL at start, and Mesa leaks
	 * when it is unloaded; the kiosk draws with the software renderer and
	 * never needs EGL, so the tests point SDL at none. */
	int rc = shell("timeout -s KILL 600 env SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none ASAN_OPTIONS=detect_leaks=1 "
		       "LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 %s "
		       "build/san/wegweiser --content build/content.db --size %s %s --script %s 2>%s", env, size,
		       options, path, errpath);
	*err = read_file(errpath, NULL);
	free(path);
	free(errpath);
	return rc;
}

/* ---- trees: the frame's widgets as script mode writes them ---- */

static void unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

struct tree read_tree(const char *path)
{
	struct tree t = {calloc(MAX_NODES, sizeof(struct node)), 0};
	char *text = read_file(path, NULL);
	cr_assert(t.n && text, "no tree at %s", path);
	for (char *line = strtok(text, "\n"); line && t.count < MAX_NODES; line = strtok(NULL, "\n")) {
		struct node *n = &t.n[t.count++];
		char *f[8];
		int k = 0;
		for (char *p = line; k < 8; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		cr_assert_eq(k, 7, "a tree line has %d fields, not 8: %s", k + 1, line);
		snprintf(n->role, sizeof n->role, "%s", f[0]);
		n->x = atoi(f[1]), n->y = atoi(f[2]), n->w = atoi(f[3]), n->h = atoi(f[4]);
		snprintf(n->flags, sizeof n->flags, "%s", f[5]);
		snprintf(n->label, sizeof n->label, "%s", f[6]);
		snprintf(n->target, sizeof n->target, "%s", f[7]);
		unescape(n->label);
		unescape(n->target);
	}
	free(text);
	return t;
}

const struct node *tree_find(const struct tree *t, const char *role, const char *target_prefix)
{
	for (int i = 0; i < t->count; i++)
		if (strcmp(t->n[i].role, role) == 0 &&
		    strncmp(t->n[i].target, target_prefix, strlen(target_prefix)) == 0)
			return &t->n[i];
	return NULL;
}

const struct node *tree_label(const struct tree *t, const char *role, const char *label)
{
	for (int i = 0; i < t->count; i++)
		if (strcmp(t->n[i].role, role) == 0 && strcmp(t->n[i].label, label) == 0)
			return &t->n[i];
	return NULL;
}

struct tree tree_in(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct tree t = read_tree(path);
	free(path);
	return t;
}

/* The widget with the `focused` flag, or NULL. */
const struct node *focused(const struct tree *t)
{
	for (int i = 0; i < t->count; i++)
		if (strstr(t->n[i].flags, "focused"))
			return &t->n[i];
	return NULL;
}

/* Large enough for any screen the tests start the kiosk on (4K and more). */
#define SCREENSHOT_MAX_SIDE 8192

SDL_Surface *read_screenshot(const char *path)
{
	size_t len;
	unsigned char *data = (unsigned char *)read_file(path, &len);
	char why[200];
	SDL_Surface *s = data ? picture_decode(data, len, SCREENSHOT_MAX_SIDE, why, sizeof why) : NULL;
	free(data);
	return s;
}

bool library_mapped(const char *name)
{
	/* Read line by line: /proc files have no size to read up to. */
	FILE *maps = fopen("/proc/self/maps", "r");
	cr_assert(maps);
	char *line = NULL;
	size_t size = 0;
	int lines = 0;
	bool found = false;
	while (getline(&line, &size, maps) > 0) {
		lines++;
		found |= strstr(line, name) != NULL;
	}
	free(line);
	fclose(maps);
	cr_assert_gt(lines, 10, "/proc/self/maps has %d lines", lines);
	return found;
}

double picture_rmse(const char *dir, const char *shot, const char *media, int x, int y, int w, int h)
{
	cr_assert_eq(shell("sqlite3 build/content.db \"SELECT writefile('%s/media.png', data) FROM media WHERE name = '%s'\""
			   " > /dev/null && convert %s/%s -crop %dx%d+%d+%d +repage %s/shown.png && "
			   "convert %s/media.png -resize %dx%d! -depth 8 %s/want.png && "
			   "{ compare -metric RMSE %s/shown.png %s/want.png null: 2> %s/rmse.txt; true; }",
			   dir, media, dir, shot, w, h, x, y, dir, dir, w, h, dir, dir, dir, dir),
		     0);
	char *path = path_join(dir, "rmse.txt"), *said = read_file(path, NULL);
	const char *paren = said ? strchr(said, '(') : NULL;
	cr_assert(paren, "compare said: %s", said ? said : "nothing");
	double rmse = atof(paren + 1);
	free(said);
	free(path);
	return rmse;
}
