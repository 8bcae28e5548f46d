/* qr — QR codes a phone camera reads from arm's length.
 *
 * Wraps libqrencode: 8-bit mode so UTF-8 (umlauts in a vCard) passes byte
 * for byte, error correction M (15 % of the code may be smudged or glared),
 * L for a vCard (its many bytes would otherwise make the modules small, and
 * a card is read once, at the kiosk, not off a worn sticker),
 * and a light quiet zone of four modules. Drawing is whole pixels per module,
 * dark on light, always: phones do not read inverted or blurred codes well.
 * Owns no SDL state; render.c turns the grey buffer into a texture. */
#include "qr.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct qr_code {
	QRcode *code;
};

struct qr_code *qr_encode(const char *payload, char *err, size_t errlen)
{
	size_t len = strlen(payload);
	if (len == 0 || len > QR_MAX_PAYLOAD) {
		snprintf(err, errlen, "a QR payload of %zu bytes (1 to %d allowed)", len, QR_MAX_PAYLOAD);
		return NULL;
	}
	struct qr_code *q = malloc(sizeof *q);
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	q->code = QRcode_encodeData((int)len, (const unsigned char *)payload, 0,
				    strncmp(payload, "BEGIN:VCARD", 11) == 0 ? QR_ECLEVEL_L : QR_ECLEVEL_M);
	if (!q->code) {
		snprintf(err, errlen, "libqrencode cannot encode %zu bytes", len);
		free(q);
		return NULL;
	}
	return q;
}

void qr_free(struct qr_code *q)
{
	if (!q)
		return;
	QRcode_free(q->code);
	free(q);
}

int qr_modules(const struct qr_code *q)
{
	return q->code->width;
}

bool qr_dark(const struct qr_code *q, int x, int y)
{
	int w = q->code->width;
	return x >= 0 && y >= 0 && x < w && y < w && (q->code->data[y * w + x] & 1);
}

int qr_module_px(int modules, int max_px)
{
	int total = modules + 2 * QR_QUIET_ZONE;
	return total > 0 && max_px > 0 ? max_px / total : 0;
}

void qr_render_gray(const struct qr_code *q, int module_px, uint8_t *pixels, int stride)
{
	int total = qr_modules(q) + 2 * QR_QUIET_ZONE, side = total * module_px;
	for (int y = 0; y < side; y++) {
		uint8_t *row = pixels + (size_t)y * (size_t)stride;
		int my = y / module_px - QR_QUIET_ZONE;
		for (int x = 0; x < side; x++)
			row[x] = qr_dark(q, x / module_px - QR_QUIET_ZONE, my) ? 0 : 255;
	}
}
