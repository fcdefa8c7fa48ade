/*
 * csvfield.h - One CSV field, quoted and protected against formula
 * injection
 */
#ifndef RS_CSVFIELD_H
#define RS_CSVFIELD_H

#include <stdbool.h>
#include <stddef.h>

/** Bytes rs_csvfield_format() may write for @p len bytes of text. */
#define RS_CSVFIELD_SIZE(len) (2 * (size_t)(len) + 4)

/**
 * Format @p len bytes of UTF-8 @p text as one field of a comma-separated
 * file into @p out (RS_CSVFIELD_SIZE(@p len) bytes, NUL-terminated).
 * Text that starts with = + - @ TAB or CR gets a leading apostrophe, as
 * OWASP advises against CSV injection, unless it is a plain number such
 * as "-12.5"; text with a comma, quote or line break is quoted, with
 * quotes doubled. Returns the length written.
 */
size_t rs_csvfield_format(const char *text, size_t len, char *out);

/** Return true when @p s is a plain decimal number: an optional sign,
 *  digits, and an optional '.' or ',' with more digits. */
bool rs_csvfield_plain_number(const char *s);

#endif /* RS_CSVFIELD_H */
