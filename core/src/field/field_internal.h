/* Private: shared by the field kit, code and card modules, and their fuzz
 * harnesses. */
#ifndef VG_FIELD_INTERNAL_H
#define VG_FIELD_INTERNAL_H

#include <stddef.h>
#include <vigie/field.h>

/* Parse a code's plain message M (layout at the top of code.c), bounded.
 * VG_EINTEGRITY (without a message) when malformed. */
int vg_code_parse_msg(vg_code *c, const unsigned char *m, size_t len);

/* Length of the UTF-8 character at p (at most `left` bytes), or 0 when it
 * is invalid or a control character. */
size_t vg_utf8_char(const unsigned char *p, size_t left);
/* 1 when s[0..len) is valid UTF-8 without control characters. */
int vg_utf8_text_valid(const char *s, size_t len);

/* Parse a kit's plaintext body (layout at the top of kit.c) into `info` and
 * the 32-byte signing seed. VG_EINTEGRITY when malformed. */
int vg_kit_parse_body(vg_kit_info *info, unsigned char seed[32], const unsigned char *p,
                      size_t len);

#endif
