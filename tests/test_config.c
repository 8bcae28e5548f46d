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
	cr_assert_float_eq(c.screen_width_mm, 531.4, 0.01);
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
	cr_assert_float_eq(c.screen_width_mm, 531.4, 0.01);
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
