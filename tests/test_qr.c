/* QR codes and their payloads (kiosk/qr.c, kiosk/vcard.c), checked by an
 * independent decoder: zbarimg reads what qr_render_gray drew. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "qr.h"
#include "vcard.h"

/* Draws `payload` at `px` pixels a module into a PGM file; returns what
 * zbarimg decodes from it (malloc'd). */
static char *draw_and_decode(const char *dir, const char *payload, int px)
{
	char err[128];
	struct qr_code *q = qr_encode(payload, err, sizeof err);
	cr_assert(q, "%s", err);
	int side = (qr_modules(q) + 2 * QR_QUIET_ZONE) * px;
	uint8_t *pixels = malloc((size_t)side * (size_t)side);
	qr_render_gray(q, px, pixels, side);
	/* The quiet zone: QR_QUIET_ZONE light modules on every side. */
	for (int i = 0; i < side; i++)
		for (int k = 0; k < QR_QUIET_ZONE * px; k++) {
			cr_assert_eq(pixels[k * side + i], 255);
			cr_assert_eq(pixels[(side - 1 - k) * side + i], 255);
			cr_assert_eq(pixels[i * side + k], 255);
			cr_assert_eq(pixels[i * side + side - 1 - k], 255);
		}
	char *pgm = path_join(dir, "code.pgm"), *txt = path_join(dir, "code.txt");
	FILE *fp = fopen(pgm, "wb");
	fprintf(fp, "P5\n%d %d\n255\n", side, side);
	fwrite(pixels, 1, (size_t)side * (size_t)side, fp);
	fclose(fp);
	cr_assert_eq(shell("zbarimg --nodbus --raw -q -Sbinary '%s' > '%s'", pgm, txt), 0, "zbarimg read nothing");
	char *decoded = read_file(txt, NULL);
	free(pixels), free(pgm), free(txt);
	qr_free(q);
	return decoded;
}

LEAKFREE_TEST(qr, zbarimg_reads_back_every_payload_byte_for_byte)
{
	struct vcard_contact c = {.name = "Selbsthilfekontaktstelle Mühlhausen", .street = "Große Straße 5",
				  .postcode = "00110", .town = "Mühlhausen", .phone_e164 = "+4930231250",
				  .email = "kontakt@muehlhausen.example.org", .web = "https://example.org/"};
	char vcard[1024];
	cr_assert(vcard_build(&c, vcard, sizeof vcard));
	const char *payloads[] = {"tel:+4930231250", "mailto:kontakt@musterstadt.example.org",
				  "https://musterstadt.example.org/selbsthilfe?gruppe=12", vcard};
	char *dir = scratch_dir();
	for (size_t i = 0; i < sizeof payloads / sizeof *payloads; i++) {
		char *decoded = draw_and_decode(dir, payloads[i], i % 2 ? 3 : 4);
		cr_assert_str_eq(decoded, payloads[i]);
		free(decoded);
	}
	scratch_remove(dir);
}

LEAKFREE_TEST(qr, sizes_and_limits)
{
	cr_assert_eq(qr_module_px(21, 290), 10, "21 + 8 modules in 290 px: 10 px each");
	cr_assert_eq(qr_module_px(21, 289), 9);
	cr_assert_eq(qr_module_px(21, 28), 0, "not even one pixel a module");
	char err[128], *big = malloc(QR_MAX_PAYLOAD + 2);
	memset(big, 'x', QR_MAX_PAYLOAD + 1);
	big[QR_MAX_PAYLOAD + 1] = '\0';
	cr_assert_null(qr_encode(big, err, sizeof err));
	cr_assert(strstr(err, "1 to 1200"), "%s", err);
	big[QR_MAX_PAYLOAD] = '\0';
	struct qr_code *q = qr_encode(big, err, sizeof err);
	cr_assert(q, "%s", err);
	qr_free(q);
	cr_assert_null(qr_encode("", err, sizeof err));
	qr_free(NULL);
	free(big);
}

LEAKFREE_TEST(vcard, full_contact_exactly)
{
	struct vcard_contact c = {.name = "KISS Beispielhausen", .street = "Am Beispielplatz 3",
				  .postcode = "00120", .town = "Beispielhausen", .phone_e164 = "+494066969122",
				  .email = "kontakt@beispielhausen.example.org",
				  .web = "https://beispielhausen.example.org/selbsthilfe"};
	char out[1024];
	cr_assert(vcard_build(&c, out, sizeof out));
	cr_assert_str_eq(out,
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:KISS Beispielhausen;;;;\r\nFN:KISS Beispielhausen\r\n"
		"ORG:KISS Beispielhausen\r\nADR;TYPE=WORK:;;Am Beispielplatz 3;Beispielhausen;;00120;Deutschland\r\n"
		"TEL;TYPE=WORK,VOICE:+494066969122\r\nEMAIL;TYPE=INTERNET:kontakt@beispielhausen.example.org\r\n"
		"URL:https://beispielhausen.example.org/selbsthilfe\r\nEND:VCARD\r\n");
}

LEAKFREE_TEST(vcard, escaping_umlauts_minimal_and_too_small)
{
	struct vcard_contact c = {.name = "Gruppe \"Mut\"; Treff, Süd\\Nord\nZwei"};
	char out[512];
	cr_assert(vcard_build(&c, out, sizeof out));
	cr_assert_str_eq(out, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Gruppe \"Mut\"\\; Treff\\, Süd\\\\Nord\\nZwei;;;;\r\n"
			      "FN:Gruppe \"Mut\"\\; Treff\\, Süd\\\\Nord\\nZwei\r\n"
			      "ORG:Gruppe \"Mut\"\\; Treff\\, Süd\\\\Nord\\nZwei\r\nEND:VCARD\r\n");
	char small[40] = "untouched";
	cr_assert_not(vcard_build(&c, small, sizeof small));
	cr_assert_str_eq(small, "", "a card that does not fit leaves nothing half-written");
	char uri[20];
	cr_assert(vcard_tel_uri("+4930231250", uri, sizeof uri));
	cr_assert_str_eq(uri, "tel:+4930231250");
	cr_assert_not(vcard_tel_uri("+4930231250123456", uri, sizeof uri));
	char mail[64];
	cr_assert(vcard_mailto_uri("a@example.org", mail, sizeof mail));
	cr_assert_str_eq(mail, "mailto:a@example.org");
}

/* No field of a card can start a line of its own: a phone that scans it
 * would take "TEL:" or "URL:" from the content's text as a property. */
LEAKFREE_TEST(vcard, no_field_injects_a_line)
{
	struct vcard_contact c = {.name = "Gruppe\r\nTEL:+491111\x0b", .street = "Weg 1\r\nNOTE:x",
				  .town = "Ort\rURL:https://evil.example.org", .email = "a@example.org\r\nTEL:+492222",
				  .web = "https://example.org/\r\nTEL:+493333 x"};
	char out[1024];
	cr_assert(vcard_build(&c, out, sizeof out));
	cr_assert_str_eq(out,
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Gruppe\\nTEL:+491111;;;;\r\nFN:Gruppe\\nTEL:+491111\r\n"
		"ORG:Gruppe\\nTEL:+491111\r\nADR;TYPE=WORK:;;Weg 1\\nNOTE:x;OrtURL:https://evil.example.org;;;Deutschland\r\n"
		"EMAIL;TYPE=INTERNET:a@example.org\\nTEL:+492222\r\n"
		"URL:https://example.org/%0D%0ATEL:+493333%20x\r\nEND:VCARD\r\n");
	/* Every line break in the card is one the card itself made. */
	int breaks = 0;
	for (const char *p = out; (p = strchr(p, '\n')) != NULL; p++) {
		cr_assert_eq(p[-1], '\r');
		breaks++;
	}
	cr_assert_eq(breaks, 9);   /* BEGIN VERSION N FN ORG ADR EMAIL URL END */
	char uri[64];
	cr_assert_not(vcard_tel_uri("+49301\r\nX", uri, sizeof uri));
	cr_assert_not(vcard_mailto_uri("a@example.org\r\nX", uri, sizeof uri));
	cr_assert_not(vcard_mailto_uri("a@example.org x", uri, sizeof uri));
}
