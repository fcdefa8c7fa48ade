/*
 * schema.c - Header matching and typed access to the fields of a row
 *
 * A header cell is matched to a schema column in three steps: the user's
 * mapping from the config, then the canonical name, then the aliases in
 * order. The step and the alias position give a priority; when two file
 * columns match the same schema column the better priority wins and the
 * other is carried as an extra column, unless both have the same header
 * key, which is a duplicate column and an error.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reshore/config.h"
#include "reshore/schema.h"
#include "reshore/text.h"
#include "schemas.h"
#include "strbuf.h"

/* Maximum length of a header key; longer keys are compared by prefix. */
#define KEY_MAX 128

/* No match. */
#define NO_PRIORITY 100000

/* Largest magnitude a field may hold: beyond it a value is a data error
 * (no part costs a quadrillion), and doubles near their own limit would
 * not survive the round trip through the workbook. */
#define RS_ROW_NUMBER_LIMIT 1e15

const char *
rs_role_name(rs_role role)
{
    switch (role) {
    case RS_ROLE_BOM:
        return "bom";
    case RS_ROLE_LOCATIONS:
        return "locations";
    case RS_ROLE_QUOTES:
        return "quotes";
    case RS_ROLE_TARIFFS:
        return "tariffs";
    case RS_ROLE_RATES:
        return "rates";
    case RS_ROLE_COUNT:
        break;
    }
    return "unknown";
}

const rs_schema *
rs_schema_for(rs_role role)
{
    switch (role) {
    case RS_ROLE_BOM:
        return &rs_bom_schema;
    case RS_ROLE_LOCATIONS:
        return &rs_location_schema;
    case RS_ROLE_QUOTES:
        return &rs_quote_schema;
    case RS_ROLE_TARIFFS:
        return &rs_tariff_schema;
    default:
        return NULL;
    }
}

static void
key_of(const char *s, size_t len, char key[KEY_MAX])
{
    rs_text_header_key(s, len, key, KEY_MAX);
}

/* Return true when alias list @p aliases ('|' separated) contains a spelling
 * whose key is @p key; store its position in @p index. */
static bool
alias_matches(const char *aliases, const char *key, int *index)
{
    const char *p = aliases;
    int i = 0;

    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char alias_key[KEY_MAX];

        key_of(p, len, alias_key);
        if (alias_key[0] && strcmp(alias_key, key) == 0) {
            *index = i;
            return true;
        }
        p = bar ? bar + 1 : NULL;
        i++;
    }
    return false;
}

/* Priority with which schema column @p def matches header key @p key:
 * 0 for the user's mapping, 1 for the canonical name, 2 + n for alias n,
 * NO_PRIORITY for none. */
static int
def_priority(const rs_column_def *def, const rs_kvlist *user_map,
             const char *key)
{
    const char *mapped = rs_kvlist_get(user_map, def->name);
    char def_key[KEY_MAX];
    int index;

    if (!key[0])
        return NO_PRIORITY;
    if (mapped) {
        /* A mapping replaces the built-in spellings; "" or "none" turns
         * the column off. */
        key_of(mapped, strlen(mapped), def_key);
        if (!def_key[0] || strcmp(def_key, "none") == 0)
            return NO_PRIORITY;
        return strcmp(def_key, key) == 0 ? 0 : NO_PRIORITY;
    }
    key_of(def->name, strlen(def->name), def_key);
    if (strcmp(def_key, key) == 0)
        return 1;
    if (def->aliases && alias_matches(def->aliases, key, &index))
        return 2 + index;
    return NO_PRIORITY;
}

/* Best schema column for header key @p key, or -1. */
static int
match_header(const rs_schema *schema, const rs_kvlist *user_map,
             const char *key, int *priority)
{
    int best = -1, best_priority = NO_PRIORITY;
    size_t d;

    for (d = 0; d < schema->count; d++) {
        int p = def_priority(&schema->columns[d], user_map, key);

        if (p < best_priority) {
            best = (int)d;
            best_priority = p;
        }
    }
    *priority = best_priority;
    return best;
}

int
rs_schema_find(const rs_schema *schema, const char *name)
{
    char key[KEY_MAX];
    int priority;

    key_of(name, strlen(name), key);
    return match_header(schema, NULL, key, &priority);
}

/* Return true when [defaults] gives a value for schema column @p def. */
static bool
has_default(const rs_schema *schema, const rs_kvlist *defaults, size_t def)
{
    const char *value = rs_kvlist_get(defaults, schema->columns[def].name);

    return value && *value;
}

bool
rs_schema_matches(const rs_schema *schema, const rs_kvlist *user_map,
                  const rs_kvlist *defaults, const rs_csv_record *header)
{
    bool found[32] = {false};
    size_t c, d, g;

    for (c = 0; c < header->count; c++) {
        char key[KEY_MAX];
        int priority, def;

        key_of(header->fields[c].data, header->fields[c].len, key);
        def = match_header(schema, user_map, key, &priority);
        if (def >= 0 && schema->columns[def].group < 32)
            found[schema->columns[def].group] = true;
    }
    for (g = 1; g <= schema->group_count; g++) {
        bool needed = false;

        for (d = 0; d < schema->count; d++) {
            if (schema->columns[d].group != g)
                continue;
            needed = true;
            if (has_default(schema, defaults, d))
                found[g] = true;
        }
        if (needed && !found[g])
            return false;
    }
    return true;
}

void
rs_column_map_free(rs_column_map *map)
{
    size_t c;

    if (map->header)
        for (c = 0; c < map->file_columns; c++)
            free(map->header[c]);
    free(map->header);
    free(map->def_of);
    free(map->column_of);
    free(map->extra);
    memset(map, 0, sizeof(*map));
}

static rs_error
map_alloc(rs_column_map *map, const rs_schema *schema, size_t columns)
{
    size_t c;

    memset(map, 0, sizeof(*map));
    map->file_columns = columns;
    map->def_of = malloc((columns ? columns : 1) * sizeof(int));
    map->column_of = malloc(schema->count * sizeof(int));
    map->header = calloc(columns ? columns : 1, sizeof(char *));
    map->extra = malloc((columns ? columns : 1) * sizeof(size_t));
    if (!map->def_of || !map->column_of || !map->header || !map->extra)
        return RS_ERROR_NOMEM;
    for (c = 0; c < columns; c++)
        map->def_of[c] = -1;
    for (c = 0; c < schema->count; c++)
        map->column_of[c] = -1;
    return RS_OK;
}

/* Describe the header for "found ..." in messages. */
static char *
describe_header(const rs_csv_record *header)
{
    rs_strbuf sb;
    size_t c;

    rs_strbuf_init(&sb);
    for (c = 0; c < header->count; c++) {
        if (c)
            rs_strbuf_puts(&sb, ", ");
        rs_strbuf_printf(&sb, "'%s'", header->fields[c].data);
    }
    if (!header->count)
        rs_strbuf_puts(&sb, "nothing");
    return rs_strbuf_take(&sb);
}

/* Return the entry of @p user_map before @p index that maps a column to
 * the same header text as entry @p index, or NULL. */
static const rs_kv *
earlier_same_header(const rs_kvlist *user_map, size_t index)
{
    size_t j;

    for (j = 0; j < index; j++)
        if (strcasecmp(user_map->items[j].value,
                       user_map->items[index].value) == 0)
            return &user_map->items[j];
    return NULL;
}

/* User mappings must name schema columns and match a header cell. */
static bool
check_user_map(const rs_schema *schema, const rs_kvlist *user_map,
               const rs_column_map *map, const char *found, const char *file,
               rs_problems *problems)
{
    bool ok = true;
    size_t i;

    for (i = 0; user_map && i < user_map->count; i++) {
        const rs_kv *kv = &user_map->items[i];
        const rs_kv *twin;
        int def = -1;
        size_t d;

        for (d = 0; d < schema->count; d++)
            if (strcmp(schema->columns[d].name, kv->key) == 0)
                def = (int)d;
        if (def < 0) {
            rs_problems_report(problems, RS_SEV_ERROR, "config-column", file,
                               0, 0, NULL, kv->key,
                               "use one of the column names in the "
                               "templates",
                               "is not a %s column; config line %lu maps "
                               "it to '%s'",
                               rs_role_name(schema->role), kv->line,
                               kv->value);
            ok = false;
        } else if (kv->value[0] && strcmp(kv->value, "none") != 0 &&
                   map->column_of[def] < 0 &&
                   (twin = earlier_same_header(user_map, i)) != NULL) {
            rs_problems_report(problems, RS_SEV_ERROR, "config-column", file,
                               0, 0, NULL, kv->value,
                               "map each header to one column",
                               "is mapped twice: config line %lu maps %s "
                               "to it and line %lu maps %s",
                               twin->line, twin->key, kv->line, kv->key);
            ok = false;
        } else if (kv->value[0] && strcmp(kv->value, "none") != 0 &&
                   map->column_of[def] < 0) {
            /* A shared config may map columns that some files lack; the
             * required-column check still catches a missing item. */
            rs_problems_report(problems, RS_SEV_WARNING, "config-column",
                               file, 1, 0, NULL, kv->value,
                               "correct the header text in the config if "
                               "the column should be there",
                               "is not a column of this file (config "
                               "line %lu maps %s to it), so %s is taken as "
                               "absent; found %s",
                               kv->line, kv->key, kv->key, found);
        }
    }
    return ok;
}

/* Report each required group that no column or default covers. */
static bool
check_groups(const rs_schema *schema, const rs_column_map *map,
             const rs_kvlist *defaults, const char *found, const char *file,
             rs_problems *problems)
{
    bool ok = true;
    size_t g, d;

    for (g = 1; g <= schema->group_count; g++) {
        bool needed = false, present = false;

        for (d = 0; d < schema->count; d++) {
            if (schema->columns[d].group != g)
                continue;
            needed = true;
            if (map->column_of[d] >= 0 || has_default(schema, defaults, d))
                present = true;
        }
        if (!needed || present)
            continue;
        rs_problems_report(problems, RS_SEV_ERROR, "missing-column", file, 1,
                           0, NULL, NULL,
                           "add the column or map its header in the "
                           "config",
                           "missing required column: %s; found %s",
                           schema->groups[g - 1], found);
        ok = false;
    }
    return ok;
}

/* Assign each file column to a schema column, keeping the best match. */
static bool
assign_columns(rs_column_map *map, const rs_schema *schema,
               const rs_kvlist *user_map, const rs_csv_record *header,
               const char *file, rs_problems *problems)
{
    int *priority = malloc(schema->count * sizeof(int));
    bool ok = true;
    size_t c, d;

    if (!priority)
        return false;
    for (d = 0; d < schema->count; d++)
        priority[d] = NO_PRIORITY;

    for (c = 0; c < header->count; c++) {
        char key[KEY_MAX];
        int p, def;

        key_of(header->fields[c].data, header->fields[c].len, key);
        def = match_header(schema, user_map, key, &p);
        if (def < 0)
            continue;
        if (map->column_of[def] < 0 || p < priority[def]) {
            map->column_of[def] = (int)c;
            priority[def] = p;
        } else if (p == priority[def]) {
            int first = map->column_of[def];

            rs_problems_report(
                problems, RS_SEV_ERROR, "duplicate-column", file, header->line,
                (unsigned long)c + 1, NULL, header->fields[c].data,
                "remove or rename one of them",
                "duplicates column %d '%s': both give %s", first + 1,
                header->fields[first].data, schema->columns[def].name);
            ok = false;
        }
    }
    for (d = 0; d < schema->count; d++)
        if (map->column_of[d] >= 0)
            map->def_of[map->column_of[d]] = (int)d;
    free(priority);
    return ok;
}

rs_error
rs_column_map_build(rs_column_map *map, const rs_schema *schema,
                    const rs_kvlist *user_map, const rs_kvlist *defaults,
                    const rs_csv_record *header, const char *file,
                    rs_problems *problems)
{
    char *found = NULL;
    rs_error err;
    bool ok;
    size_t c;

    err = map_alloc(map, schema, header->count);
    if (err)
        goto fail;
    for (c = 0; c < header->count; c++) {
        map->header[c] = strdup(header->fields[c].data);
        if (!map->header[c]) {
            err = RS_ERROR_NOMEM;
            goto fail;
        }
    }
    found = describe_header(header);
    if (!found) {
        err = RS_ERROR_NOMEM;
        goto fail;
    }

    ok = assign_columns(map, schema, user_map, header, file, problems);
    ok = check_user_map(schema, user_map, map, found, file, problems) && ok;
    ok = check_groups(schema, map, defaults, found, file, problems) && ok;

    /* Named columns that match nothing (or lost to a better match) are
     * carried along unchanged. */
    for (c = 0; c < header->count; c++)
        if (map->def_of[c] < 0 &&
            !rs_text_is_blank(header->fields[c].data, header->fields[c].len))
            map->extra[map->extra_count++] = c;

    free(found);
    return ok ? RS_OK : RS_ERROR_HEADER;

fail:
    free(found);
    rs_column_map_free(map);
    return err;
}

/* Field of schema column @p col, or NULL when absent or blank. */
static const rs_csv_field *
row_field(const rs_row *row, int col)
{
    int c;
    const rs_csv_field *f;

    if (col < 0 || (size_t)col >= row->schema->count)
        return NULL;
    c = row->map->column_of[col];
    if (c < 0 || (size_t)c >= row->record->count)
        return NULL;
    f = &row->record->fields[c];
    if (f->len == 0 || rs_text_is_blank(f->data, f->len))
        return NULL;
    return f;
}

/* The [defaults] value of schema column @p col, or NULL. */
static const char *
row_default(const rs_row *row, int col)
{
    const char *value;

    if (!row->defaults)
        return NULL;
    value = rs_kvlist_get(row->defaults, row->schema->columns[col].name);
    return value && *value ? value : NULL;
}

const char *
rs_row_text(const rs_row *row, int col, size_t *len)
{
    const rs_csv_field *f = row_field(row, col);
    const char *value;

    if (f) {
        if (len)
            *len = f->len;
        return f->data;
    }
    value = col >= 0 && (size_t)col < row->schema->count
                ? row_default(row, col)
                : NULL;
    if (value && len)
        *len = strlen(value);
    return value;
}

bool
rs_row_has(const rs_row *row, int col)
{
    return rs_row_text(row, col, NULL) != NULL;
}

unsigned long
rs_row_column_number(const rs_row *row, int col)
{
    int c = row->map->column_of[col];

    return c < 0 ? 0 : (unsigned long)c + 1;
}

void
rs_row_problem(rs_row *row, int col, rs_severity severity, const char *code,
               const char *hint, const char *fmt, ...)
{
    const rs_csv_field *f = row_field(row, col);
    const char *field = row->schema->columns[col].name;
    const char *value = f ? f->data : row_default(row, col);
    unsigned long column = 0;
    rs_strbuf message;
    va_list ap;
    int c = row->map->column_of[col];

    if (c >= 0) {
        field = row->map->header[c];
        column = (unsigned long)c + 1;
    }
    rs_strbuf_init(&message);
    va_start(ap, fmt);
    rs_strbuf_vprintf(&message, fmt, ap);
    va_end(ap);
    /* A value from [defaults] is fixed in the configuration, not in the
     * row that it fills. */
    if (!f && value)
        rs_strbuf_printf(&message, " (the [defaults] value of the "
                                   "configuration)");
    rs_problems_report(row->problems, severity, code, row->file,
                       row->record->line, column, field, value, hint, "%s",
                       message.data ? message.data : "");
    rs_strbuf_free(&message);
    if (severity >= RS_SEV_REJECTED)
        row->rejected = true;
    else if (severity == RS_SEV_WARNING)
        row->warnings++;
}

static rs_numkind
kind_of(rs_coltype type)
{
    switch (type) {
    case RS_COL_MONEY:
        return RS_NUM_MONEY;
    case RS_COL_PERCENT:
        return RS_NUM_PERCENT;
    case RS_COL_WEIGHT:
        return RS_NUM_WEIGHT;
    case RS_COL_LENGTH:
        return RS_NUM_LENGTH;
    case RS_COL_VOLUME:
        return RS_NUM_VOLUME;
    default:
        return RS_NUM_PLAIN;
    }
}

/* "expected a number such as 12,50", with the file's decimal mark. */
static void
number_hint(const rs_row *row, const rs_column_def *def, char *out,
            size_t size)
{
    char example[32];
    size_t i;

    snprintf(example, sizeof(example), "%s",
             def->example ? def->example : "12,50");
    if (row->decimal == RS_DECIMAL_POINT)
        for (i = 0; example[i]; i++)
            if (example[i] == ',')
                example[i] = '.';
    if (def->type == RS_COL_PERCENT)
        snprintf(out, size, "expected a percentage such as %s", example);
    else
        snprintf(out, size, "expected a number such as %s", example);
}

bool
rs_column_is_number(const rs_column_def *def)
{
    return def->type != RS_COL_TEXT && def->type != RS_COL_CODE &&
           def->type != RS_COL_DATE;
}

rs_numstatus
rs_column_parse_default(const rs_column_def *def, const char *text,
                        double *out)
{
    size_t len = strlen(text);
    rs_number num;
    rs_numstatus status;

    /* Without evidence in the text, AUTO accepts only a number that reads
     * the same in both conventions. */
    status = rs_number_parse(text, len, rs_number_evidence(text, len),
                             kind_of(def->type), &num);
    if (status != RS_NUMBER_OK)
        return status;
    if (!num.unit_given && def->bare_unit > 0)
        num.value *= def->bare_unit;
    *out = num.value;
    return RS_NUMBER_OK;
}

/* Parse a [defaults] value. rs_config_load() has checked it already, so a
 * failure here means a config built in code. */
static bool
default_number(rs_row *row, int col, const char *text, double *out)
{
    const rs_column_def *def = &row->schema->columns[col];
    rs_numstatus status = rs_column_parse_default(def, text, out);
    char hint[80];

    if (status == RS_NUMBER_OK)
        return true;
    number_hint(row, def, hint, sizeof(hint));
    rs_problems_report(row->problems, RS_SEV_ERROR, "config-value", NULL, 0, 0,
                       def->name, text, hint, "in [defaults] %s",
                       rs_numstatus_reason(status));
    row->rejected = true;
    return false;
}

bool
rs_row_number(rs_row *row, int col, double *out, char currency[4])
{
    const rs_column_def *def = &row->schema->columns[col];
    const rs_csv_field *f = row_field(row, col);
    const char *fallback;
    rs_number num;
    rs_numstatus status;
    char hint[80];

    if (currency)
        currency[0] = '\0';
    if (!f) {
        fallback = row_default(row, col);
        return fallback ? default_number(row, col, fallback, out) : false;
    }

    status = rs_number_parse(f->data, f->len, row->decimal, kind_of(def->type),
                             &num);
    if (status != RS_NUMBER_OK) {
        number_hint(row, def, hint, sizeof(hint));
        rs_row_problem(row, col, RS_SEV_REJECTED, "not-a-number", hint, "%s",
                       rs_numstatus_reason(status));
        return false;
    }
    if (fabs(num.value) >= RS_ROW_NUMBER_LIMIT) {
        rs_row_problem(row, col, RS_SEV_REJECTED, "out-of-range",
                       "expected a value below 1e15", "is out of range");
        return false;
    }
    if (num.precision_doubt)
        rs_row_problem(row, col, RS_SEV_WARNING, "precision",
                       "export the column with a number format instead of "
                       "General",
                       "is in scientific notation; Excel may have rounded "
                       "it to 6 digits");
    if (!num.unit_given && def->bare_unit > 0)
        num.value *= def->bare_unit;
    if (currency)
        memcpy(currency, num.currency, 4);
    *out = num.value;
    return true;
}

bool
rs_row_code(rs_row *row, int col, char *out, size_t size)
{
    size_t len = 0, i, n = 0;
    const char *text = rs_row_text(row, col, &len);

    if (!text)
        return false;
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    while (len && isspace((unsigned char)*text)) {
        text++;
        len--;
    }
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];

        if (!isalnum(ch) || n + 1 >= size) {
            char hint[64];

            snprintf(hint, sizeof(hint), "expected a code such as %s",
                     row->schema->columns[col].example
                         ? row->schema->columns[col].example
                         : "EUR");
            rs_row_problem(row, col, RS_SEV_REJECTED, "invalid-code", hint,
                           "is not a valid code");
            return false;
        }
        out[n++] = (char)toupper(ch);
    }
    out[n] = '\0';
    return n > 0;
}

/* Parse "YYYY-MM-DD", "YYYY/MM/DD", "DD-MM-YYYY" or "DD.MM.YYYY",
 * optionally followed by a time. */
static bool
parse_date(const char *s, char out[11])
{
    int a, b, c, n = 0;
    int y, m, d;
    char sep1, sep2;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (sscanf(s, "%d%c%d%c%d%n", &a, &sep1, &b, &sep2, &c, &n) != 5 ||
        sep1 != sep2 || (sep1 != '-' && sep1 != '/' && sep1 != '.'))
        return false;
    if (s[n] != '\0' && s[n] != ' ' && s[n] != 'T')
        return false;
    if (a > 999) {
        y = a;
        m = b;
        d = c;
    } else if (c > 999 && sep1 != '/') {
        y = c;
        m = b;
        d = a;
    } else {
        return false;
    }
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return true;
}

bool
rs_row_date(rs_row *row, int col, char out[11])
{
    const char *text = rs_row_text(row, col, NULL);

    if (!text)
        return false;
    while (*text == ' ')
        text++;
    if (parse_date(text, out))
        return true;
    rs_row_problem(row, col, RS_SEV_REJECTED, "invalid-date",
                   "expected a date such as 2026-12-31",
                   "is not a valid date");
    return false;
}
