/* screens — the screen table: every screen of the kiosk, one row each.
 *
 * The first row is the start screen, where the session begins and the
 * idle reset returns. A target ("topic:diabetes", "index") opens the
 * screen whose name (or second prefix) it starts with. Adding a screen is
 * one new file and one row here. */
#include "screens.h"

#include <string.h>

const struct screen *const screen_table[] = {
	&screen_start, &screen_index, &screen_topic, &screen_contact, &screen_group, &screen_page,
	&screen_search, &screen_near, &screen_staff_pin, &screen_staff, NULL,
};

static bool opens(const char *prefix, const char *target)
{
	size_t n = prefix ? strlen(prefix) : 0;
	return n && strncmp(target, prefix, n) == 0 && (target[n] == '\0' || target[n] == ':');
}

const struct screen *screen_find(const char *target)
{
	for (int i = 0; screen_table[i]; i++)
		if (opens(screen_table[i]->name, target) || opens(screen_table[i]->also, target))
			return screen_table[i];
	return NULL;
}
