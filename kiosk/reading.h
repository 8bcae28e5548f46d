/* reading — what speech says for a frame: the page, or one item. */
#ifndef WW_READING_H
#define WW_READING_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

/* The words a reading adds: what a QR code is called ("QR-Code"). */
struct reading_words {
	const char *qr;
};

/* Writes the page the list shows from widget `from` on (0: all of it; a
 * dialog's first widget: the dialog) as speech reads it: one piece a line, in
 * the list's order (the test tree's), the labels of headings, texts,
 * buttons, links, items, inputs and QR codes ("QR-Code: Anrufen"); no
 * decoration, no letter of the A–Z grid, no key of the on-screen keyboard,
 * none of the chrome every screen has (back, home, languages, the access
 * bar and crisis button), and a label said again right after itself (the
 * header's title before the page's heading) once. A piece without closing
 * punctuation gets a full stop, so the voice pauses there. Whole pieces
 * only: returns how many did not fit in `cap` (0: all of it). */
int reading_page(struct view_list *l, int from, const struct reading_words *w, char *out, size_t cap);

/* Writes what speech says for the widget with `target` (a focus or a first
 * tap): its label, and for an item the lines drawn inside it. False (and
 * "" in out) when no widget has that target or it does not fit `cap`. */
bool reading_item(struct view_list *l, const char *target, const struct reading_words *w, char *out,
		  size_t cap);

#endif
