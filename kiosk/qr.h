/* qr — QR codes a phone camera reads from arm's length. */
#ifndef WW_QR_H
#define WW_QR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QR_MAX_PAYLOAD 1200     /* bytes; a vCard of a contact point needs ~300 */
#define QR_QUIET_ZONE 4         /* light modules around the code (ISO/IEC 18004) */

struct qr_code;

/* Encodes the UTF-8 bytes of `payload` in 8-bit mode with error correction
 * level M (L for a vCard). NULL with a reason in `err` when it is empty or
 * too long. */
struct qr_code *qr_encode(const char *payload, char *err, size_t errlen);
void qr_free(struct qr_code *q);   /* accepts NULL */

/* Width in modules, without the quiet zone. */
int qr_modules(const struct qr_code *q);
bool qr_dark(const struct qr_code *q, int x, int y);

/* The largest whole number of pixels per module so that the code with its
 * quiet zone fits in `max_px`; 0 when not even one pixel does. */
int qr_module_px(int modules, int max_px);

/* Writes the code with its quiet zone into an 8-bit grey buffer of
 * (modules + 2 * QR_QUIET_ZONE) * module_px pixels a side: dark 0, light
 * 255, whatever the theme. */
void qr_render_gray(const struct qr_code *q, int module_px, uint8_t *pixels, int stride);

#endif
