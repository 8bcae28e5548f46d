/* vcard — what a QR code hands to the visitor's phone. */
#ifndef WW_VCARD_H
#define WW_VCARD_H

#include <stdbool.h>
#include <stddef.h>

/* A contact point or group as a card. Any field but name may be NULL or "". */
struct vcard_contact {
	const char *name;
	const char *street, *postcode, *town;
	const char *phone_e164, *email, *web;
};

/* "tel:+4930231250". False when it does not fit in `cap` bytes or the
 * number holds a space or a control character (as the mailto: too). */
bool vcard_tel_uri(const char *e164, char *out, size_t cap);
/* "mailto:kontakt@example.org". */
bool vcard_mailto_uri(const char *email, char *out, size_t cap);
/* A vCard 3.0 (RFC 2426): the organisation's name, its address, phone,
 * e-mail and web page, lines ending CRLF, text escaped, UTF-8 kept. False
 * when it does not fit (out is then ""). */
bool vcard_build(const struct vcard_contact *c, char *out, size_t cap);

#endif
