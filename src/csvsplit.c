/*
 * csvsplit.c - CSV text to rows with physical line numbers
 *
 * See csvsplit.h for why the text reaches libcsv in pieces. Each field is
 * cleaned (rs_text_clean_field()) while it is copied out of libcsv's borrowed
 * buffer into one arena per row. The arena is reused from row to row, so
 * a row costs no allocation once the arena has grown to the widest row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "reshore/text.h"

/* Parser states of libcsv 3.0.3, as libcsv.c defines them without
 * exporting them. struct csv_parser.pstate is one of these. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/* Initial growth step of libcsv's field buffer; it doubles from there. */
#define FIELD_BLOCK 1024

/* Fields up to this length are copied without calling
 * rs_text_clean_field(). */
#define SHORT_FIELD 32

/* Most bytes one cleaned field can take: 3 per UTF-16 unit and a NUL. */
#define CLEAN_FIELD_MAX (3 * (size_t)RS_EXCEL_MAX_CELL_CHARS + 1)

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Nonzero when one of the 8 bytes of @p w equals @p c. */
static uint64_t
has_byte(uint64_t w, unsigned char c)
{
    uint64_t v = w ^ (ONES * c);

    return (v - ONES) & ~v & HIGHS;
}

/* First CR, LF or double quote in [p, end), or @p end. Scans 8 bytes at
 * a time, because this runs over every byte of the file. */
static const char *
find_stop(const char *p, const char *end)
{
    uint64_t w;

    while (end - p >= 8) {
        memcpy(&w, p, sizeof(w));
        if (has_byte(w, '\n') | has_byte(w, '\r') | has_byte(w, '"'))
            break;
        p += 8;
    }
    while (p < end && *p != '\n' && *p != '\r' && *p != '"')
        p++;
    return p;
}

static bool
grow_text(rs_csvsplit *sp, size_t need)
{
    size_t cap = sp->cap ? sp->cap : 256;
    char *grown;

    while (cap - sp->used < need)
        cap *= 2;
    grown = realloc(sp->text, cap);
    if (!grown)
        return false;
    sp->text = grown;
    sp->cap = cap;
    return true;
}

static bool
grow_slots(rs_csvsplit *sp)
{
    size_t cap = sp->slot_cap ? sp->slot_cap * 2 : 16;
    rs_csvslot *grown = realloc(sp->slots, cap * sizeof(*grown));

    if (!grown)
        return false;
    sp->slots = grown;
    sp->slot_cap = cap;
    return true;
}

/* Copy a short field of printable ASCII, which needs no cleaning, with
 * its NUL. Returns false, having copied part of it, for anything else:
 * most fields are short, and this saves rs_text_clean_field() the calls. */
static bool
copy_short_plain(char *dst, const unsigned char *src, size_t len)
{
    size_t i;

    if (len > SHORT_FIELD)
        return false;
    for (i = 0; i < len; i++) {
        if (src[i] < 0x20 || src[i] >= 0x80)
            return false;
        dst[i] = (char)src[i];
    }
    dst[len] = '\0';
    return true;
}

/* libcsv field callback: clean the field into the row arena. */
static void
libcsv_field(void *data, size_t len, void *ctx)
{
    rs_csvsplit *sp = ctx;
    size_t need = RS_TEXT_CLEAN_SIZE(len);
    rs_csvslot *slot;

    sp->serial++;
    if (sp->err != RS_OK)
        return;
    if (!data)
        len = 0, data = "";
    if (need > CLEAN_FIELD_MAX)
        need = CLEAN_FIELD_MAX;
    if (len > sp->max_field) {
        sp->limit_line = sp->cur_quoted ? sp->quote_line : sp->row_line;
        sp->err = RS_ERROR_LIMIT;
        return;
    }
    if ((sp->count == sp->slot_cap && !grow_slots(sp)) ||
        (sp->cap - sp->used < need && !grow_text(sp, need))) {
        sp->err = RS_ERROR_NOMEM;
        return;
    }

    slot = &sp->slots[sp->count++];
    slot->off = sp->used;
    slot->fixes = sp->pending_fixes;
    sp->pending_fixes = 0;
    slot->quoted = sp->cur_quoted;
    sp->cur_quoted = false;
    if (!copy_short_plain(sp->text + sp->used, data, len))
        len = rs_text_clean_field(sp->text + sp->used, data, len,
                                  RS_EXCEL_MAX_CELL_CHARS, &slot->fixes);
    slot->len = len;
    sp->used += len + 1;
}

/* libcsv row callback: hand the row on, then empty the arena. */
static void
libcsv_row(int c, void *ctx)
{
    rs_csvsplit *sp = ctx;

    (void)c;
    if (sp->err == RS_OK && sp->on_row)
        sp->on_row(sp, sp->owner);
    sp->count = 0;
    sp->used = 0;
}

/* Pass one piece to libcsv; a row that begins in it begins on this
 * line, because pieces never span a line break. */
static void
parse_piece(rs_csvsplit *sp, const char *s, size_t n)
{
    struct csv_parser *p = &sp->parser;

    if (p->pstate == LIBCSV_ROW_NOT_BEGUN)
        sp->row_line = sp->line;
    /* libcsv grows its buffer by blk_size; doubling keeps long fields
     * linear. */
    if (p->entry_size > p->blk_size)
        csv_set_blk_size(p, p->entry_size);
    if (csv_parse(p, s, n, libcsv_field, libcsv_row, sp) != n &&
        sp->err == RS_OK)
        sp->err = RS_ERROR_NOMEM;

    /* Stop a field that keeps growing, such as one opened by a stray
     * quote, before it takes all memory. */
    if (p->entry_pos > sp->max_field && sp->err == RS_OK) {
        sp->limit_line = p->quoted ? sp->quote_line : sp->row_line;
        sp->err = RS_ERROR_LIMIT;
    }
}

/* After a piece that ends with a quote: note whether the field being
 * read is quoted, and where a newly opened quoted field began. */
static void
after_quote(rs_csvsplit *sp)
{
    int state = sp->parser.pstate;

    sp->cur_quoted =
        sp->parser.quoted && (state == LIBCSV_FIELD_BEGUN ||
                              state == LIBCSV_FIELD_MIGHT_HAVE_ENDED);
    if (sp->cur_quoted && sp->quote_serial != sp->serial + 1) {
        sp->quote_serial = sp->serial + 1;
        sp->quote_line = sp->line;
    }
}

/* Count one line break of kind @p kind (0: a CR whose kind is decided
 * by the next byte). */
static void
count_break(rs_csvsplit *sp, unsigned kind)
{
    /* A line with no field: a U+FEFF taken out of it was all it had. */
    if (sp->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        sp->pending_fixes = 0;
    sp->line++;
    sp->breaks++;
    sp->mid_line = false;
    sp->eol |= kind;
    sp->last_cr = kind == 0;
}

/* Return the length of the piece at @p p that ends at @p stop (a CR, LF
 * or quote) or at @p end. Stores the kind of line break that ends it in
 * @p kind: -1 for none, 0 for a CR at the end of the text. */
static size_t
piece_length(const char *p, const char *stop, const char *end, int *kind)
{
    *kind = -1;
    if (stop == end)
        return (size_t)(end - p);
    if (*stop == '\n')
        *kind = RS_EOL_LF;
    else if (*stop == '\r' && stop + 1 == end)
        *kind = 0;
    else if (*stop == '\r' && stop[1] == '\n')
        *kind = RS_EOL_CRLF, stop++;
    else if (*stop == '\r')
        *kind = RS_EOL_CR;
    return (size_t)(stop + 1 - p);
}

/* Parse the bytes held back as a possible U+FEFF, which were text. */
static void
release_bom_part(rs_csvsplit *sp)
{
    if (sp->bom_part_len == 0)
        return;
    parse_piece(sp, sp->bom_part, sp->bom_part_len);
    sp->bom_part_len = 0;
    sp->mid_line = true;
}

/*
 * At the start of a line: take out a U+FEFF that begins at @p p, after
 * the bytes of one held back from the last call. Returns the bytes of
 * [p, end) used: those of a U+FEFF, or all of them when they end in the
 * middle of a possible one (then held back), or 0 when there is none.
 */
static size_t
take_line_bom(rs_csvsplit *sp, const char *p, const char *end)
{
    static const char bom[3] = {'\xEF', '\xBB', '\xBF'};
    char seen[3];
    size_t have = sp->bom_part_len, n = 0;

    memcpy(seen, sp->bom_part, have);
    while (have < 3 && p + n < end)
        seen[have++] = p[n++];
    if (memcmp(seen, bom, have) != 0) {
        release_bom_part(sp);
        return 0;
    }
    if (have < 3) {
        memcpy(sp->bom_part, seen, have);
        sp->bom_part_len = have;
        return n;
    }
    sp->bom_part_len = 0;
    sp->pending_fixes |= RS_TEXT_FIX_BOM;
    sp->mid_line = true;
    return n;
}

/* Return true when a U+FEFF may begin at @p p: at the start of a line,
 * outside quotes, or after the bytes of one held back. */
static bool
may_be_line_bom(const rs_csvsplit *sp, const char *p)
{
    if (sp->bom_part_len > 0)
        return true;
    return !sp->mid_line && (unsigned char)*p == 0xEF &&
           sp->parser.pstate == LIBCSV_ROW_NOT_BEGUN;
}

rs_error
rs_csvsplit_feed(rs_csvsplit *sp, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    size_t n;
    int kind;

    while (p < end && sp->err == RS_OK) {
        /* The LF of a CR LF that was split between two calls. */
        if (sp->last_cr) {
            sp->last_cr = false;
            if (*p == '\n') {
                sp->eol |= RS_EOL_CRLF;
                parse_piece(sp, p, 1);
                p++;
                continue;
            }
            sp->eol |= RS_EOL_CR;
        }
        if (may_be_line_bom(sp, p)) {
            n = take_line_bom(sp, p, end);
            p += n;
            if (n > 0)
                continue;
        }

        n = piece_length(p, find_stop(p, end), end, &kind);
        parse_piece(sp, p, n);
        if (kind >= 0) {
            count_break(sp, (unsigned)kind);
        } else {
            sp->mid_line = true;
            if (p[n - 1] == '"')
                after_quote(sp);
        }
        p += n;
    }
    return sp->err;
}

void
rs_csvsplit_skip(rs_csvsplit *sp, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int kind;

    while (p < end) {
        if (sp->last_cr) {
            sp->last_cr = false;
            if (*p == '\n') {
                sp->eol |= RS_EOL_CRLF;
                p++;
                continue;
            }
            sp->eol |= RS_EOL_CR;
        }
        p += piece_length(p, find_stop(p, end), end, &kind);
        if (kind >= 0)
            count_break(sp, (unsigned)kind);
        else
            sp->mid_line = true;
    }
}

rs_error
rs_csvsplit_init(rs_csvsplit *sp, char delimiter, rs_csvsplit_row_fn on_row,
                 void *owner)
{
    memset(sp, 0, sizeof(*sp));
    sp->line = 1;
    sp->max_field = (size_t)-1;
    sp->on_row = on_row;
    sp->owner = owner;
    if (csv_init(&sp->parser, 0) != 0)
        return sp->err = RS_ERROR_NOMEM;
    sp->ready = true;
    csv_set_delim(&sp->parser, (unsigned char)delimiter);
    csv_set_blk_size(&sp->parser, FIELD_BLOCK);
    return RS_OK;
}

void
rs_csvsplit_free(rs_csvsplit *sp)
{
    if (sp->ready)
        csv_free(&sp->parser);
    free(sp->text);
    free(sp->slots);
    free(sp->view);
    memset(sp, 0, sizeof(*sp));
}

bool
rs_csvsplit_open_quote(const rs_csvsplit *sp, unsigned long *line)
{
    if (!sp->ready || sp->parser.pstate != LIBCSV_FIELD_BEGUN ||
        !sp->parser.quoted)
        return false;
    *line = sp->quote_line;
    return true;
}

size_t
rs_csvsplit_field_bytes(const rs_csvsplit *sp)
{
    return sp->ready ? sp->parser.entry_pos : 0;
}

rs_error
rs_csvsplit_finish(rs_csvsplit *sp, bool deliver)
{
    if (sp->last_cr) {
        sp->last_cr = false;
        sp->eol |= RS_EOL_CR;
    }
    if (!sp->ready)
        return sp->err;
    if (sp->err == RS_OK)
        release_bom_part(sp);
    if (!deliver)
        sp->on_row = NULL;
    if (csv_fini(&sp->parser, libcsv_field, libcsv_row, sp) != 0 &&
        sp->err == RS_OK)
        sp->err = RS_ERROR_CSV;
    sp->count = 0;
    sp->used = 0;
    return sp->err;
}

rs_error
rs_csvsplit_record(rs_csvsplit *sp, rs_csv_record *rec)
{
    size_t i;

    if (sp->count > sp->view_cap) {
        size_t cap = sp->count * 2;
        rs_csv_field *grown = realloc(sp->view, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        sp->view = grown;
        sp->view_cap = cap;
    }
    for (i = 0; i < sp->count; i++) {
        sp->view[i].data = sp->text + sp->slots[i].off;
        sp->view[i].len = sp->slots[i].len;
        sp->view[i].quoted = sp->slots[i].quoted;
    }
    memset(rec, 0, sizeof(*rec));
    rec->fields = sp->view;
    rec->count = sp->count;
    rec->line = sp->row_line;
    rec->last_line = sp->line;
    return RS_OK;
}

bool
rs_csvsplit_blank(const rs_csvsplit *sp)
{
    size_t i;

    for (i = 0; i < sp->count; i++)
        if (!rs_text_is_blank(sp->text + sp->slots[i].off, sp->slots[i].len))
            return false;
    return true;
}
