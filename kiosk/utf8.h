/* utf8 — decoding and validating UTF-8 text. */
#ifndef WW_UTF8_H
#define WW_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at *p (at most `len` bytes), advances *p past it
 * and returns it; returns -1 and advances one byte on an invalid, overlong
 * or truncated sequence or a surrogate. */
int32_t utf8_next(const char **p, size_t len);

/* True when the `len` bytes are valid UTF-8. On false, *bad (if not NULL)
 * is the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* The number of bytes of `s` to show when at most `max` fit: never cuts a
 * code point in half. */
size_t utf8_prefix(const char *s, size_t max);

/* Number of code points in the `len` bytes of valid UTF-8 at `s` (which
 * need not end there): utf8_length() of a piece of a string. */
size_t utf8_count(const char *s, size_t len);

/* The byte offset in the `len` bytes of valid UTF-8 at `s` where code
 * point number `chars` (from 0) begins: the length of the first `chars`
 * code points, or `len` when there are no more. */
size_t utf8_offset(const char *s, size_t len, size_t chars);

/* Stepping over whole characters in s[0..end), for a cursor, a line break
 * or a backspace. A character is what utf8_next() reads: a valid sequence,
 * or else one byte (so malformed text is stepped a byte at a time and
 * never stalls). */

/* The index just after the character that starts at `i`: in i+1..end.
 * Returns i when i >= end. */
size_t utf8_skip(const char *s, size_t i, size_t end);

/* The length of s[0..len) without its last character: the index where that
 * character starts, 0 when len is 0. For valid text,
 * utf8_skip(s, utf8_back(s, len), len) == len. */
size_t utf8_back(const char *s, size_t len);

/* Writes code point `cp` as UTF-8 to out (4 bytes room); returns bytes. */
size_t utf8_encode(int32_t cp, char *out);

/* Copies `s` into `out` (NUL-terminated, `cap` > 0) so that it stays one
 * line of plain text whatever it holds: a backslash becomes \\, newline,
 * carriage return and tab \n \r \t, every other control character (C0,
 * DEL, C1) and the bidirectional overrides \u{XXXX}, and each byte that
 * is not UTF-8 \xHH. What does not fit is cut at a whole escape and ends in
 * "…"; returns false then. For whatever came from outside (a stick's folder
 * name, a signed comment) before it reaches a log or a screen. */
bool utf8_escape(const char *s, char *out, size_t cap);

#endif
