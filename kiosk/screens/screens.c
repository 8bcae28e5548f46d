/* screens — the screen table: every screen of the kiosk, one row each.
 *
 * The first row is the start screen, where the session begins and the
 * idle reset returns. A target ("topic:diabetes", "index") opens the
 * screen whose name (or second prefix) it starts with. Adding a screen is
 * one new file and one row here. The session (app.c) knows the screens
 * only through this set, which main.c hands to it. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#include "keyboard.h"

static const struct screen *const rows[] = {
	&screen_start, &screen_index, &screen_topic, &screen_contact, &screen_group, &screen_page,
	&screen_search, &screen_near, &screen_crisis, &screen_staff_pin, &screen_staff, NULL,
};

const struct screen_set screen_set = {
	.rows = rows,
	.search = &screen_search,
	.staff_door = &screen_staff_pin,
	.missing = &screen_missing,
	.countdown = dialog_countdown,
	.update = dialog_update,
};

void screen_keyboard_labels(const struct app *a, struct keyboard_labels *out)
{
	out->backspace = app_tr(a, "key_backspace");
	out->clear = app_tr(a, "key_clear");
	out->space = app_tr(a, "key_space");
}

void screen_format_km(const struct app *a, double km, char *out, size_t cap)
{
	if (km < 1) {
		snprintf(out, cap, "%s", app_tr(a, "km_under_one"));
		return;
	}
	snprintf(out, cap, km < 10 ? "%.1f km" : "%.0f km", km);
	char *dot = strchr(out, '.');
	if (dot && strcmp(app_lang(a), "de") == 0)
		*dot = ',';
}

void screen_place_line(const struct app *a, const char *postcode, const char *town, double km, char *out,
		       size_t cap)
{
	char dist[32] = "";
	if (km >= 0)
		screen_format_km(a, km, dist, sizeof dist);
	snprintf(out, cap, "%s%s%s%s%s", postcode, *postcode && *town ? " " : "", town,
		 *dist && (*postcode || *town) ? " · " : "", dist);
}
