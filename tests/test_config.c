/* The kiosk's INI configuration (kiosk/config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "helpers.h"

/* Loads `ini` from a scratch file; warnings into *out (malloc'd). */
static int load(const char *ini, struct config *c, char **out)
{
	char *dir = scratch_dir(), *path = path_join(dir, "kiosk.ini");
	write_file(path, ini, strlen(ini));
	size_t len;
	FILE *w = open_memstream(out, &len);
	config_defaults(c);
	int rc = config_load(c, path, w);
	fclose(w);
	free(path);
	scratch_remove(dir);
	return rc;
}

LEAKFREE_TEST(config, defaults)
{
	struct config c;
	config_defaults(&c);
	cr_assert_eq(c.idle_timeout_s, 90);
	cr_assert_str_eq(c.default_lang, "de");
	cr_assert_float_eq(c.screen_width_mm, 0, 0.01, "not set: a 24-inch panel");
	cr_assert_str_eq(c.content_path, "");
}

LEAKFREE_TEST(config, a_good_file)
{
	struct config c;
	char *w;
	int rc = load("; Kiosk im Rathaus\n[kiosk]\nidle_timeout = 60\nlanguage = en\n\n[screen]\n"
		      "width_mm = 476.6\n[content]\npath = /var/lib/wegweiser/current.db\n", &c, &w);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(w, "", "warnings for a good file: %s", w);
	cr_assert_eq(c.idle_timeout_s, 60);
	cr_assert_str_eq(c.default_lang, "en");
	cr_assert_float_eq(c.screen_width_mm, 476.6, 0.01);
	cr_assert_str_eq(c.content_path, "/var/lib/wegweiser/current.db");
	free(w);
}

LEAKFREE_TEST(config, bad_values_are_reported_and_keep_their_default)
{
	struct config c;
	char *w;
	int rc = load("[kiosk]\nidle_timeout = bald\nlanguage = fr\n[screen]\nwidth_mm = 12\n"
		      "colour = blue\n[network]\nproxy = x\nthis is not ini\n", &c, &w);
	cr_assert_eq(rc, 0, "a bad file still starts the kiosk");
	cr_assert(strstr(w, "kiosk.ini:2: idle_timeout: \"bald\" is not a number of seconds from 10 to 3600; using 90"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:3: language: \"fr\" is not de or en; using de"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:5: width_mm: \"12\" is not a width in millimetres"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:6: unknown key \"colour\" in [screen]"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:8: unknown section [network]"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:9: not a \"key = value\" line"), "%s", w);
	cr_assert_eq(c.idle_timeout_s, 90);
	cr_assert_str_eq(c.default_lang, "de");
	cr_assert_float_eq(c.screen_width_mm, 0, 0.01);
	free(w);
}

LEAKFREE_TEST(config, a_missing_file)
{
	struct config c;
	size_t len;
	char *w;
	FILE *fp = open_memstream(&w, &len);
	config_defaults(&c);
	cr_assert_eq(config_load(&c, "/nonexistent/kiosk.ini", fp), -1);
	fclose(fp);
	cr_assert(strstr(w, "/nonexistent/kiosk.ini: cannot read"), "%s", w);
	cr_assert_eq(c.idle_timeout_s, 90);
	free(w);
}

/* libinih reads lines into 200 bytes: a longer one used to arrive in pieces,
 * the tail of a comment applied as a setting and the line numbers after it
 * shifted. Now a long line is skipped whole (and said, unless a comment). */
LEAKFREE_TEST(config, long_lines_are_refused_whole_and_lines_still_count)
{
	char ini[4096], comment[200], value[301];
	/* Cut where libinih's buffer ends, the comment's tail is a setting. */
	memset(comment, 'x', 199);
	comment[0] = ';';
	comment[199] = '\0';
	memset(value, 'a', 300);
	value[300] = '\0';
	memcpy(value, "/srv/", 5);
	snprintf(ini, sizeof ini, "[kiosk]\n%sidle_timeout = 11\n[content]\npath = %s\n[kiosk]\nlanguage = fr\n",
		 comment, value);
	struct config c;
	char *w;
	cr_assert_eq(load(ini, &c, &w), 0);
	cr_assert_eq(c.idle_timeout_s, 90, "a comment's tail was applied: %d", c.idle_timeout_s);
	cr_assert_str_eq(c.content_path, "", "a value longer than a line was cut and applied");
	cr_assert(strstr(w, "kiosk.ini:4: longer than 198 characters: ignored"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:6: language: \"fr\""), "the line numbers shifted: %s", w);
	cr_assert_null(strstr(w, "kiosk.ini:2:"), "a long comment was reported: %s", w);
	free(w);
}

/* A config path that is a named pipe or a device is not read (a plain open
 * of a pipe waits for ever; /dev/zero never ends). */
LEAKFREE_TEST(config, a_pipe_or_a_device_is_not_read, .timeout = 10)
{
	struct config c;
	size_t len;
	char *w, *dir = scratch_dir(), *fifo = path_join(dir, "kiosk.ini");
	cr_assert_eq(shell("mkfifo %s", fifo), 0);
	FILE *fp = open_memstream(&w, &len);
	config_defaults(&c);
	cr_assert_eq(config_load(&c, fifo, fp), -1);
	cr_assert_eq(config_load(&c, "/dev/zero", fp), -1);
	fclose(fp);
	cr_assert(strstr(w, "kiosk.ini: a named pipe, not a file"), "%s", w);
	cr_assert(strstr(w, "/dev/zero: a device, not a file"), "%s", w);
	free(w);
	free(fifo);
	scratch_remove(dir);
}

/* A pin_hash libsodium cannot read would match no PIN: staff mode would be
 * gone without a word. It is said at start, with the line. */
LEAKFREE_TEST(config, a_garbage_pin_hash_is_reported, .timeout = 30)
{
	struct config c;
	char *w;
	cr_assert_eq(load("[staff]\npin_hash = $argon2id$v=19$m=16384,t=3,p=1$garbage\n", &c, &w), 0);
	cr_assert(strstr(w, "kiosk.ini:2: pin_hash: not a hash from 'wegweiser-content passwd'; staff mode is off"),
		  "%s", w);
	cr_assert_str_eq(c.pin_hash, "");
	free(w);
	/* What `passwd` writes is taken. */
	char *dir = scratch_dir(), *ini = path_join(dir, "good.ini");
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; } > %s", ini), 0);
	char *text = read_file(ini, NULL);
	cr_assert_eq(load(text, &c, &w), 0);
	cr_assert_str_eq(w, "", "%s", w);
	cr_assert_eq(strncmp(c.pin_hash, "$argon2id$", 10), 0);
	free(w);
	free(text);
	free(ini);
	scratch_remove(dir);
}

LEAKFREE_TEST(config, the_largest_update)
{
	struct config c;
	char *w;
	cr_assert_eq(load("[update]\nmax_size_mb = 64\n", &c, &w), 0);
	cr_assert_str_eq(w, "", "%s", w);
	cr_assert_eq(c.max_size_mb, 64);
	free(w);
	cr_assert_eq(load("[update]\nmax_size_mb = 0\nmax_size_mb = 1e9\nmax_size_mb = 9.5\n", &c, &w), 0);
	cr_assert(strstr(w, "kiosk.ini:2: max_size_mb: \"0\" is not a number of megabytes from 1 to 65536; using 512"),
		  "%s", w);
	cr_assert(strstr(w, "kiosk.ini:3: max_size_mb"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:4: max_size_mb"), "%s", w);
	cr_assert_eq(c.max_size_mb, 512);
	free(w);
}

/* [speech]: a calm rate and a moderate volume unless set; a bad value is
 * said with its line and keeps the value before it. */
LEAKFREE_TEST(config, speech)
{
	struct config c;
	char *w;
	config_defaults(&c);
	cr_assert_eq(c.speech_rate_wpm, 145, "espeak-ng's 175 is too fast for many older listeners");
	cr_assert_eq(c.speech_volume, 70);
	cr_assert(c.speech_on_with_headphones);
	cr_assert_eq(load("[speech]\nrate = 120\nvolume = 100\non_with_headphones = no\n", &c, &w), 0);
	cr_assert_str_eq(w, "", "%s", w);
	cr_assert_eq(c.speech_rate_wpm, 120);
	cr_assert_eq(c.speech_volume, 100);
	cr_assert(!c.speech_on_with_headphones);
	free(w);
	cr_assert_eq(load("[speech]\nrate = 79\nrate = 451\nrate = 130.5\nvolume = -1\nvolume = 101\nvolume = laut\n"
			  "on_with_headphones = ja\nvoice = de\n", &c, &w), 0);
	cr_assert(strstr(w, "kiosk.ini:2: rate: \"79\" is not a number of words a minute from 80 to 450; using 145"),
		  "%s", w);
	cr_assert(strstr(w, "kiosk.ini:3: rate: \"451\""), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:4: rate: \"130.5\""), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:5: volume: \"-1\" is not a per cent from 0 to 100; using 70"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:6: volume: \"101\""), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:7: volume: \"laut\""), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:8: on_with_headphones: \"ja\" is not yes or no; using yes"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:9: unknown key \"voice\" in [speech]"), "%s", w);
	cr_assert_eq(c.speech_rate_wpm, 145);
	cr_assert_eq(c.speech_volume, 70);
	cr_assert(c.speech_on_with_headphones);
	free(w);
	/* The limits themselves are taken; a later bad line keeps the earlier good one. */
	cr_assert_eq(load("[speech]\nrate = 80\nvolume = 0\nrate = 450\nrate = fast\n", &c, &w), 0);
	cr_assert_eq(c.speech_rate_wpm, 450);
	cr_assert_eq(c.speech_volume, 0);
	cr_assert(strstr(w, "kiosk.ini:5: rate: \"fast\" is not a number of words a minute from 80 to 450; using 450"),
		  "%s", w);
	free(w);
}
