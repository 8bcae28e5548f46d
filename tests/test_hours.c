/* Opening hours (kiosk/hours.c) and the config keys of deployment:
 * [hours], [screen] renderer, [status] folder (kiosk/config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "helpers.h"
#include "hours.h"

/* A local time, as the kiosk's wall clock gives it; the tests run in UTC. */
static time_t at(int y, int mo, int d, int h, int mi)
{
	setenv("TZ", "UTC", 1);
	tzset();
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi,
			.tm_isdst = -1};
	return mktime(&tm);
}

LEAKFREE_TEST(hours, no_hours_is_always_open)
{
	struct hours h = {0};
	cr_assert(hours_open(&h, at(2026, 12, 24, 3, 0)));
}

LEAKFREE_TEST(hours, spans_weekdays_and_holidays)
{
	struct hours h = {0};
	char why[160];
	cr_assert(hours_set_day(&h, hours_weekday("mon"), "08:00-12:00, 14:00-18:00", why, sizeof why), "%s", why);
	cr_assert(hours_set_day(&h, hours_weekday("tue"), "07:30-24:00", why, sizeof why), "%s", why);
	cr_assert(hours_set_day(&h, hours_weekday("sun"), "closed", why, sizeof why), "%s", why);
	cr_assert(hours_add_holidays(&h, "2026-12-01 2027-01-01", why, sizeof why), "%s", why);
	/* 2026-11-30 is a Monday. */
	cr_assert(!hours_open(&h, at(2026, 11, 30, 7, 59)));
	cr_assert(hours_open(&h, at(2026, 11, 30, 8, 0)));
	cr_assert(hours_open(&h, at(2026, 11, 30, 11, 59)));
	cr_assert(!hours_open(&h, at(2026, 11, 30, 12, 0)), "a span ends at its end");
	cr_assert(hours_open(&h, at(2026, 11, 30, 14, 0)));
	cr_assert(!hours_open(&h, at(2026, 11, 30, 18, 0)));
	cr_assert(!hours_open(&h, at(2026, 12, 1, 10, 0)), "a holiday on a Tuesday is closed");
	cr_assert(hours_open(&h, at(2026, 12, 8, 23, 59)), "open to 24:00");
	cr_assert(!hours_open(&h, at(2026, 12, 2, 10, 0)), "a day without a line is closed");
	cr_assert(!hours_open(&h, at(2026, 12, 6, 10, 0)), "closed on Sunday");
}

LEAKFREE_TEST(hours, bad_lines_say_why_and_change_nothing)
{
	struct hours h = {0};
	char why[160];
	static const char *const bad[] = {"8-12", "08:00-25:00", "12:00-08:00", "08:00-12:00 11:00-13:00",
					  "08:00", "", "01:00-02:00 03:00-04:00 05:00-06:00 07:00-08:00 09:00-10:00",
					  "08:00-12:00x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		cr_assert(!hours_set_day(&h, 0, bad[i], why, sizeof why), "\"%s\" taken", bad[i]);
		cr_assert(why[0], "no reason for \"%s\"", bad[i]);
	}
	cr_assert(!h.kept && h.nspans[0] == 0, "a refused line set hours");
	cr_assert(!hours_add_holidays(&h, "2026-02-29", why, sizeof why), "not a leap year");
	cr_assert(!hours_add_holidays(&h, "2026-12-24, 24.12.2026", why, sizeof why));
	cr_assert_eq(h.nholidays, 0, "a refused line added some of its dates");
	cr_assert(hours_add_holidays(&h, "2028-02-29", why, sizeof why), "%s", why);
}

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

LEAKFREE_TEST(hours, the_config_keys)
{
	struct config c;
	char *w;
	cr_assert_eq(load("[screen]\nrenderer = gpu\n[hours]\nmon = 08:00-12:00\nholidays = 2026-12-24\n"
			  "holidays = 2026-12-25, 2026-12-26\nwake = 120\n[status]\nfolder = /var/lib/prometheus/node-exporter\n",
			  &c, &w), 0);
	cr_assert_str_eq(w, "", "%s", w);
	cr_assert(c.gpu);
	cr_assert(c.hours.kept);
	cr_assert_eq(c.hours.nspans[0], 1);
	cr_assert_eq(c.hours.nholidays, 3);
	cr_assert_eq(c.wake_s, 120);
	cr_assert_str_eq(c.status_dir, "/var/lib/prometheus/node-exporter");
	free(w);
}

LEAKFREE_TEST(hours, bad_config_values_are_named_with_their_line)
{
	struct config c;
	char *w;
	cr_assert_eq(load("[screen]\nrenderer = vulkan\n[hours]\ntue = 9-17\nholidays = morgen\nwake = 5\n"
			  "[status]\nfolder = status\n", &c, &w), 0);
	cr_assert(strstr(w, "kiosk.ini:2: renderer: \"vulkan\" is not software or gpu; using software"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:4: tue: \"9-17\" is not a time span HH:MM-HH:MM"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:5: holidays: \"morgen\" is not a date YYYY-MM-DD"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:6: wake: \"5\" is not a number of seconds from 10 to 3600; using 300"), "%s", w);
	cr_assert(strstr(w, "kiosk.ini:8: folder: \"status\" is not an absolute path"), "%s", w);
	cr_assert(!c.gpu && !c.hours.kept && c.wake_s == 300 && !c.status_dir[0]);
	free(w);
}
