/* helpers — what the unit tests share: scratch folders, files, the tool. */
#ifndef WW_TEST_HELPERS_H
#define WW_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <sanitizer/lsan_interface.h>
#include <stdbool.h>
#include <stddef.h>

/* A test whose memory must all be freed when its body returns: Criterion
 * ignores what LeakSanitizer says at process exit, so each test checks
 * for leaks itself and fails on any. */
#define LEAKFREE_TEST(suite, name, ...)                                                  \
	static void suite##_##name##_body(void);                                         \
	Test(suite, name, ##__VA_ARGS__)                                                 \
	{                                                                                \
		suite##_##name##_body();                                                 \
		cr_assert_eq(__lsan_do_recoverable_leak_check(), 0,                      \
			     "memory leaked: see the LeakSanitizer report above");        \
	}                                                                                \
	static void suite##_##name##_body(void)

/* The small valid source set in tests/data/mini. */
#define MINI_SOURCES "tests/data/mini"

struct tool_result {
	int status;
	char *out;
	char *err;
};

/* Runs `wegweiser-content ARGS…` (NULL-terminated) in-process. */
struct tool_result tool_run(const char *arg, ...);
void tool_result_free(struct tool_result *r);

/* A fresh folder under /tmp; scratch_remove() deletes it with its content. */
char *scratch_dir(void);
void scratch_remove(char *dir);

/* dir + "/" + name, malloc'd. */
char *path_join(const char *dir, const char *name);
/* Copies the files of `from` (and its media/ folder) into `to`. */
void copy_sources(const char *from, const char *to);
/* The whole file, NUL-terminated (len may be NULL); NULL if unreadable. */
char *read_file(const char *path, size_t *len);
/* The pixels of a screenshot the kiosk wrote (kiosk/picture.c decodes it);
 * NULL when it cannot be read. */
struct SDL_Surface *read_screenshot(const char *path);
/* Whether a library whose file name holds `name` is mapped into this
 * process (/proc/self/maps). */
bool library_mapped(const char *name);
void write_file(const char *path, const char *data, size_t len);
/* Replaces the first `old` in the file by `new`; fails the test if absent. */
void replace_in_file(const char *path, const char *old, const char *new_text);
bool file_exists(const char *path);
/* Number of entries in a folder. */
int count_entries(const char *dir);
/* The SHA-256 of a file in hex (malloc'd; "" if unreadable), by sha256sum:
 * an independent party. */
char *sha256_file(const char *path);
/* A shell command from a template: each name[i] in it (e.g. "STICK")
 * replaced by value[i]. Malloc'd. */
char *expand(const char *tpl, const char *const *name, const char *const *value, int n);

/* Mounts a fresh tmpfs on `dir` (created if needed) with mount `options`
 * ("ro", "size=256k", "" ), seen only by this test's process and its
 * children: the test runs in a mount namespace of its own from the first
 * call. A real file system of its own, as a USB stick or a full or
 * read-only disk is, which no chmod can fake for root. */
void private_mount(const char *dir, const char *options);

/* Runs the kiosk built with the sanitizers (build/san/wegweiser) on SDL's
 * offscreen driver, on the demo content, at `size` with `options` (later
 * ones win) and the environment `env` ("NAME=VALUE …", or "") replaying
 * `script` (written to dir/test.script). Returns the exit status; stderr
 * in *err (malloc'd). */
int kiosk_script(const char *dir, const char *size, const char *script, const char *env, const char *options,
		 char **err);

/* How far the rectangle x,y,w,h of the screenshot dir/shot is from the
 * demo content's picture `media` (its name) scaled to that size: what
 * ImageMagick's compare says as RMSE, 0 (the same) to 1. Fails the test
 * when compare says nothing. */
double picture_rmse(const char *dir, const char *shot, const char *media, int x, int y, int w, int h);

/* Runs a shell command (printf-style); returns its exit status. */
int shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- trees: the frame's widgets, one a line (script mode's `tree`) ---- */

#define MAX_NODES 1024
struct node {
	char role[16];
	int x, y, w, h;         /* the part in sight */
	char flags[64];         /* "focused,current", "clipped", "-" */
	char label[2048];
	char target[4096];
};
struct tree {
	struct node *n;
	int count;
};
/* Reads a tree file (fails the test when there is none); free(t.n). */
struct tree read_tree(const char *path);
struct tree tree_in(const char *dir, const char *name);
/* The first widget of a role whose target starts with `target_prefix`. */
const struct node *tree_find(const struct tree *t, const char *role, const char *target_prefix);
/* The first widget of a role with exactly this label. */
const struct node *tree_label(const struct tree *t, const char *role, const char *label);
/* The widget with the `focused` flag, or NULL. */
const struct node *focused(const struct tree *t);

#endif
