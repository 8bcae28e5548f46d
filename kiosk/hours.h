/* hours — the kiosk's opening hours: per weekday, holidays as dates. */
#ifndef WW_HOURS_H
#define WW_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define HOURS_MAX_SPANS 4       /* opening spans a weekday: morning, afternoon, … */
#define HOURS_MAX_HOLIDAYS 64   /* a year's holidays and closing days, and then some */

struct hours_span {
	short from, to;         /* minutes after midnight, from < to; to may be 24:00 */
};

struct hours {
	bool kept;              /* a weekday was given: outside its spans the kiosk is closed */
	int nspans[7];          /* 0 is Monday */
	struct hours_span span[7][HOURS_MAX_SPANS];
	int nholidays;
	int holiday[HOURS_MAX_HOLIDAYS];   /* YYYYMMDD: closed all day */
};

/* "mon" … "sun": 0 … 6; -1 for anything else. */
int hours_weekday(const char *name);

/* One weekday's spans, "08:00-12:00, 14:00-18:00" (commas or spaces between
 * them), or "closed". False with why, the day left as it was. */
bool hours_set_day(struct hours *h, int weekday, const char *value, char *why, size_t whylen);

/* Closing days as dates, "2026-12-24, 2026-12-25" (commas or spaces),
 * added to those already known. False with why, none of them added. */
bool hours_add_holidays(struct hours *h, const char *value, char *why, size_t whylen);

/* Whether the kiosk is open at local time `t`: always when no hours are
 * kept; never on a holiday; else within one of the weekday's spans. */
bool hours_open(const struct hours *h, time_t t);

#endif
