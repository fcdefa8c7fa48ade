/*
 * text.h - UTF-8 handling and text that is safe to put in a workbook
 *
 * Everything reshore stores is UTF-8. Input decoding (UTF-16, Windows-1252)
 * lives in source.h; this module contains the character-level helpers that
 * the decoder, the CSV reader, header matching and the workbook writer
 * share.
 */
#ifndef RS_TEXT_H
#define RS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reshore/error.h"

/** Excel's limit on the characters (UTF-16 code units) of a cell. */
#define RS_EXCEL_MAX_CELL_CHARS 32767

/**
 * Decode one UTF-8 sequence at @p s of at most @p avail bytes. Stores the
 * code point in @p cp and returns the sequence length (1-4), or 0 when
 * the bytes are not valid UTF-8 (overlong forms, surrogates and values
 * above U+10FFFF are invalid), or when the sequence is cut short by
 * @p avail: rs_utf8_incomplete() distinguishes the two.
 */
size_t rs_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/**
 * Return true when the @p avail bytes at @p s are the valid start of a
 * UTF-8 sequence that needs more bytes than @p avail.
 */
bool rs_utf8_incomplete(const unsigned char *s, size_t avail);

/** Encode @p cp as UTF-8 into @p out; returns the length (1-4). */
size_t rs_utf8_encode(uint32_t cp, char out[4]);

/** Return true when all @p len bytes at @p s are valid UTF-8. */
bool rs_utf8_valid(const char *s, size_t len);

/** Number of UTF-16 code units that the valid UTF-8 @p s would take. */
size_t rs_utf16_length(const char *s, size_t len);

/**
 * Map a Windows-1252 byte to its Unicode code point (0x80 is U+20AC).
 * The five bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) map to the C1 control code of the same value, as Windows
 * does.
 */
uint32_t rs_cp1252_decode(unsigned char byte);

/** Changes made by rs_text_clean(), as a bit set. */
enum rs_text_fix {
    RS_TEXT_FIX_NUL = 1 << 0,       /**< NUL bytes removed */
    RS_TEXT_FIX_CONTROL = 1 << 1,   /**< other control characters removed */
    RS_TEXT_FIX_TRUNCATED = 1 << 2, /**< cut to the length limit */
    RS_TEXT_FIX_INVALID = 1 << 3,   /**< invalid UTF-8 replaced */
    RS_TEXT_FIX_BOM = 1 << 4        /**< U+FEFF removed (field text only) */
};

/** Bytes that rs_text_clean() may write for @p len bytes of input. */
#define RS_TEXT_CLEAN_SIZE(len) (3 * (size_t)(len) + 1)

/**
 * Clean field text for storage. Removes NUL, the control characters
 * that XML 1.0 forbids (TAB, LF and CR stay) and U+FFFE and U+FFFF.
 * Replaces each byte that is not part of valid UTF-8 by U+FFFD. Cuts the
 * text to at most @p max_utf16 UTF-16 code units (SIZE_MAX: no limit)
 * without splitting a character. Reads @p len bytes at @p src and writes
 * the result and a NUL to @p dst, which must have room for
 * RS_TEXT_CLEAN_SIZE(@p len) bytes. Only the U+FFFD replacement makes
 * text longer, so for valid UTF-8 @p dst may be @p src itself, given room
 * for the NUL. Returns the new length and ORs what changed into
 * @p fixes.
 */
size_t rs_text_clean(char *dst, const char *src, size_t len, size_t max_utf16,
                     unsigned *fixes);

/**
 * Clean the text of a CSV field: as rs_text_clean(), and also remove
 * U+FEFF (ZERO WIDTH NO-BREAK SPACE, the byte order mark), setting
 * RS_TEXT_FIX_BOM. Joining files that each begin with a byte order mark
 * leaves one at the start of a row, where it would become part of an id
 * ("\uFEFFA1" is not "A1"). In a field it is never data.
 */
size_t rs_text_clean_field(char *dst, const char *src, size_t len,
                           size_t max_utf16, unsigned *fixes);

/**
 * Prepare clean text (see rs_text_clean()) for a workbook cell: CR LF and
 * lone CR become LF, so readers show no _x000D_, and literal text of the
 * form _xHHHH_ is protected as _x005F_xHHHH_ so Excel shows it as typed.
 * Returns @p s itself when nothing needs changing (the common case), or a
 * pointer into @p scratch, which the caller owns and reuses; NULL when
 * out of memory. @p scratch must be NULL or from an earlier call, and is
 * released with free().
 */
const char *rs_text_for_cell(const char *s, char **scratch,
                             size_t *scratch_size);

/**
 * Fold a header name to its matching key: letters lower-cased (ASCII and
 * Latin-1 accents folded: "Größe" -> "grosse"), "%" spelled "pct" and "#"
 * spelled "no", and everything else that is not a letter or digit
 * dropped, so "Unit Price", "unit_price" and " UNIT-PRICE " all give
 * "unitprice". Letters beyond Latin-1 are kept as UTF-8, with Latin
 * Extended-A, Greek and Cyrillic capitals lower-cased and other scripts
 * as written. Combining accents and the punctuation and symbol blocks
 * (U+2000-U+2BFF, so also "€") are dropped. Writes at most @p size - 1
 * bytes and a NUL to @p out and returns the key's full length.
 */
size_t rs_text_header_key(const char *s, size_t len, char *out, size_t size);

/** Return true when the @p len bytes at @p s are only spaces and tabs
 *  (or none). */
bool rs_text_is_blank(const char *s, size_t len);

#endif /* RS_TEXT_H */
