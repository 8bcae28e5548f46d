/* screens — the rows of the screen table, and what screens share. */
#ifndef WW_SCREENS_H
#define WW_SCREENS_H

#include "screen.h"

extern const struct screen screen_start, screen_index, screen_topic, screen_contact, screen_group,
	screen_page, screen_search, screen_near, screen_staff_pin, screen_staff, screen_missing, screen_crisis;

/* The A-Z index (index.c): which letters have topics in the current
 * language (26 for '#'), loaded if need be. */
const bool *index_letters(struct app *a);

/* The contact details as QR codes (contact.c): call, e-mail, web page and
 * a vCard to save. */
struct contact_codes {
	char tel[40], mail[LIMIT_EMAIL + 16], web[LIMIT_WEB + 1], vcard[4096];
	const char *call_caption;       /* the UI text key under the call code */
};
void contact_codes_make(struct contact_codes *q, const char *name, const char *street, const char *postcode,
			const char *town, const char *phone, const char *email, const char *web);
/* Counts the codes shown, by kind, for the statistics. */
void contact_codes_count(struct app *a, const struct contact_codes *q);
/* Their grid with its heading and hint, within `max_h` pixels when > 0. */
void contact_codes_put(struct app *a, struct flow *f, const struct contact_codes *q, int max_h);

/* The picture of a place (contact.c), if it has one whose size is safe to
 * decode; malloc'd, or NULL. */
struct store_media *screen_load_image(struct app *a, long long media_id);

/* The labels of the editing keys in the current language (screens.c). */
struct keyboard_labels;
void screen_keyboard_labels(const struct app *a, struct keyboard_labels *out);

/* A distance as a visitor reads it (screens.c): "unter 1 km", "2,3 km",
 * "12 km" (in English "2.3 km"). */
void screen_format_km(const struct app *a, double km, char *out, size_t cap);
/* Where a place is, for a card: "00130 Exempelburg · 2,3 km"; the
 * distance only when km >= 0, the postcode only when given. */
void screen_place_line(const struct app *a, const char *postcode, const char *town, double km, char *out,
		       size_t cap);

/* Dialogs over the screen (dialogs.c). */
void dialog_countdown(struct app *a, struct ui *ui, int seconds_left);
void dialog_update(struct app *a, struct ui *ui, bool running, double done, bool applied, long long version,
		   const char *reason_key);

#endif
