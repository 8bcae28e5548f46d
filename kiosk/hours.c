/* hours — the kiosk's opening hours: per weekday, holidays as dates.
 *
 * Owns the parsing of the [hours] lines of the config and the one question
 * the loop asks: open at this local time or not. It keeps no clock of its
 * own and never looks at one: the caller passes the time, so script mode's
 * virtual clock (kiosk.c) and the real one take the same path. What the
 * kiosk does when closed (a black screen, a touch that wakes it) is
 * kiosk.c's business, not this file's. */
#include "hours.h"

#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int hours_weekday(const char *name)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(name, day_names[i]) == 0)
			return i;
	return -1;
}

/* "HH:MM" at *s, 00:00 to 24:00; the minutes after midnight, or -1. */
static int clock_time(const char **s)
{
	const char *p = *s;
	if (p[0] < '0' || p[0] > '2' || p[1] < '0' || p[1] > '9' || p[2] != ':' || p[3] < '0' || p[3] > '5' ||
	    p[4] < '0' || p[4] > '9')
		return -1;
	int hour = (p[0] - '0') * 10 + (p[1] - '0'), minute = (p[3] - '0') * 10 + (p[4] - '0');
	if (hour > 24 || (hour == 24 && minute))
		return -1;
	*s = p + 5;
	return hour * 60 + minute;
}

static const char *skip_separators(const char *s)
{
	return s + strspn(s, " \t,");
}

bool hours_set_day(struct hours *h, int weekday, const char *value, char *why, size_t whylen)
{
	struct hours_span spans[HOURS_MAX_SPANS];
	int n = 0;
	const char *p = skip_separators(value);
	if (strcmp(p, "closed") == 0) {
		h->nspans[weekday] = 0;
		h->kept = true;
		return true;
	}
	while (*p) {
		const char *start = p;
		int from = clock_time(&p);
		int to = from >= 0 && *p == '-' ? (p++, clock_time(&p)) : -1;
		if (from < 0 || to < 0 || (*p && !strchr(" \t,", *p))) {
			snprintf(why, whylen, "\"%.20s\" is not a time span HH:MM-HH:MM (such as 08:00-12:30) or \"closed\"",
				 start);
			return false;
		}
		if (to <= from) {
			snprintf(why, whylen, "%.11s: the span ends before it starts", start);
			return false;
		}
		if (n && from < spans[n - 1].to) {
			snprintf(why, whylen, "%.11s: spans must come in order of the day and not overlap", start);
			return false;
		}
		if (n == HOURS_MAX_SPANS) {
			snprintf(why, whylen, "more than %d spans in one day", HOURS_MAX_SPANS);
			return false;
		}
		spans[n++] = (struct hours_span){(short)from, (short)to};
		p = skip_separators(p);
	}
	if (!n) {
		snprintf(why, whylen, "no time span: give HH:MM-HH:MM or \"closed\"");
		return false;
	}
	memcpy(h->span[weekday], spans, sizeof spans[0] * (size_t)n);
	h->nspans[weekday] = n;
	h->kept = true;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool hours_add_holidays(struct hours *h, const char *value, char *why, size_t whylen)
{
	static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int dates[HOURS_MAX_HOLIDAYS], n = 0;
	const char *p = skip_separators(value);
	while (*p) {
		int y, m, d, len = 0;
		if (sscanf(p, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || len != 10 || (p[len] && !strchr(" \t,", p[len])) ||
		    y < 2000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days[m - 1] + (m == 2 && leap(y))) {
			snprintf(why, whylen, "\"%.12s\" is not a date YYYY-MM-DD", p);
			return false;
		}
		if (h->nholidays + n == HOURS_MAX_HOLIDAYS) {
			snprintf(why, whylen, "more than %d holidays", HOURS_MAX_HOLIDAYS);
			return false;
		}
		dates[n++] = y * 10000 + m * 100 + d;
		p = skip_separators(p + len);
	}
	if (!n) {
		snprintf(why, whylen, "no date: give YYYY-MM-DD");
		return false;
	}
	memcpy(h->holiday + h->nholidays, dates, sizeof dates[0] * (size_t)n);
	h->nholidays += n;
	return true;
}

bool hours_open(const struct hours *h, time_t t)
{
	if (!h->kept)
		return true;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return true;   /* no time to judge by: better lit than dark */
	int date = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	for (int i = 0; i < h->nholidays; i++)
		if (h->holiday[i] == date)
			return false;
	int day = (tm.tm_wday + 6) % 7, minute = tm.tm_hour * 60 + tm.tm_min;
	for (int i = 0; i < h->nspans[day]; i++)
		if (minute >= h->span[day][i].from && minute < h->span[day][i].to)
			return true;
	return false;
}
