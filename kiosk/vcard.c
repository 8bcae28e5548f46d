/* vcard — what a QR code hands to the visitor's phone.
 *
 * Builds the payloads of the contact QR codes: tel: with the E.164 number,
 * mailto:, and a vCard 3.0 that phones offer to save as a contact. vCard 3.0
 * because both iOS and Android import it from a camera scan; its text is
 * UTF-8 (RFC 6350 practice, accepted for 3.0 by both), so "Mühlhausen"
 * arrives as written. Values are escaped per RFC 2426 (\\ , ; and newline),
 * lines end in CRLF. No field can start a line of its own: text loses its
 * other control characters, the web address has them percent-encoded, and a
 * tel: or mailto: with any is refused (the content check refuses all of
 * these already; this is the last line). No allocation: the caller gives
 * the buffer. */
#include "vcard.h"

#include <stdio.h>
#include <string.h>

struct out {
	char *p;
	size_t cap, len;
	bool full;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->full || o->len + n + 1 > o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, s, n + 1);
	o->len += n;
}

/* Appends a text value, escaped. */
static void put_text(struct out *o, const char *s)
{
	char one[3] = {0};
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ',' || *s == ';') {
			one[0] = '\\', one[1] = *s;
		} else if (*s == '\n') {
			one[0] = '\\', one[1] = 'n';
		} else if ((unsigned char)*s < 0x20 || *s == 0x7F) {
			continue;   /* CR, and what no card holds */
		} else {
			one[0] = *s, one[1] = '\0';
		}
		put(o, one);
	}
}

/* Appends a URI with every byte that cannot stand in one as %XX. */
static void put_uri(struct out *o, const char *s)
{
	char one[4];
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7F)
			snprintf(one, sizeof one, "%%%02X", c);
		else
			one[0] = (char)c, one[1] = '\0';
		put(o, one);
	}
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* A space or a control character: nothing a phone number or an address holds. */
static bool has_blank(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7F)
			return true;
	return false;
}

bool vcard_tel_uri(const char *e164, char *out, size_t cap)
{
	int n = has_blank(e164) ? -1 : snprintf(out, cap, "tel:%s", e164);
	return n > 0 && (size_t)n < cap;
}

bool vcard_mailto_uri(const char *email, char *out, size_t cap)
{
	int n = has_blank(email) ? -1 : snprintf(out, cap, "mailto:%s", email);
	return n > 0 && (size_t)n < cap;
}

bool vcard_build(const struct vcard_contact *c, char *out, size_t cap)
{
	struct out o = {out, cap, 0, cap == 0};
	if (cap)
		out[0] = '\0';
	put(&o, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:");
	put_text(&o, c->name);
	put(&o, ";;;;\r\nFN:");
	put_text(&o, c->name);
	put(&o, "\r\nORG:");
	put_text(&o, c->name);
	put(&o, "\r\n");
	if (!empty(c->street) || !empty(c->town) || !empty(c->postcode)) {
		put(&o, "ADR;TYPE=WORK:;;");
		put_text(&o, c->street);
		put(&o, ";");
		put_text(&o, c->town);
		put(&o, ";;");
		put_text(&o, c->postcode);
		put(&o, ";Deutschland\r\n");
	}
	if (!empty(c->phone_e164)) {
		put(&o, "TEL;TYPE=WORK,VOICE:");
		put_text(&o, c->phone_e164);
		put(&o, "\r\n");
	}
	if (!empty(c->email)) {
		put(&o, "EMAIL;TYPE=INTERNET:");
		put_text(&o, c->email);
		put(&o, "\r\n");
	}
	if (!empty(c->web)) {
		/* A URI, not text: RFC 2426 does not escape it; encode what breaks it. */
		put(&o, "URL:");
		put_uri(&o, c->web);
		put(&o, "\r\n");
	}
	put(&o, "END:VCARD\r\n");
	if (o.full && cap)
		out[0] = '\0';
	return !o.full;
}
