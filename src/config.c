/*
 * config.c - Read the job configuration file (INI)
 *
 * The reader keeps every "key = value" line of every section with its
 * line number, then interprets the sections it recognises. An unknown
 * section or key is an error rather than a silent no-op, because a
 * misspelt key in a nightly job would otherwise change a result without
 * a word.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reshore/config.h"
#include "reshore/text.h"
#include "strbuf.h"

/* What a key of a known section holds. */
typedef enum key_type {
    KEY_TEXT,
    KEY_NUMBER,
    KEY_PERCENT,
    KEY_CURRENCY,
    KEY_COUNTRY,
    KEY_COUNT,
    KEY_BOOL,
    KEY_DATE_OR_LATEST,
    KEY_CUSTOMS,
    KEY_DECIMAL,
    KEY_DELIMITER,
    KEY_PATH,
    KEY_COMPRESSION
} key_type;

typedef struct key_spec {
    const char *section;
    const char *key;
    key_type type;
    size_t offset; /* in rs_config */
    double min;    /* valid range of numbers, inclusive */
    double max;
    bool above_min; /* the value must be greater than min */
} key_spec;

#define AT(field) offsetof(rs_config, field)
#define NO_RANGE 0, 0, false

static const key_spec known_keys[] = {
    {"run", "base_currency", KEY_CURRENCY, AT(base_currency), NO_RANGE},
    {"run", "destination", KEY_COUNTRY, AT(destination), NO_RANGE},
    {"run", "customs_basis", KEY_CUSTOMS, AT(customs_basis), NO_RANGE},
    {"run", "carrying_rate", KEY_PERCENT, AT(carrying_rate), 0, 100, false},
    {"run", "labour_share", KEY_PERCENT, AT(labour_share), 0, 100, false},
    {"run", "decimal", KEY_DECIMAL, AT(decimal), NO_RANGE},
    {"run", "service_level", KEY_PERCENT, AT(service_level), 50, 99.99,
     false},
    {"run", "rate_date", KEY_DATE_OR_LATEST, AT(rate_date), NO_RANGE},
    {"run", "title", KEY_TEXT, AT(title), NO_RANGE},
    {"run", "company", KEY_TEXT, AT(company), NO_RANGE},
    {"run", "author", KEY_TEXT, AT(author), NO_RANGE},
    {"run", "tmpdir", KEY_PATH, AT(tmpdir), NO_RANGE},
    {"run", "horizon_years", KEY_COUNT, AT(horizon_years), 0, 50, false},
    {"run", "change_threshold", KEY_PERCENT, AT(change_threshold), 0, 1000,
     false},
    {"run", "compression", KEY_COMPRESSION, AT(compression), NO_RANGE},
    {"product", "annual_volume", KEY_NUMBER, AT(annual_volume), 0, 1e12,
     true},
    {"product", "life_years", KEY_NUMBER, AT(life_years), 0, 100, true},
    {"batch", "settle_seconds", KEY_COUNT, AT(settle_seconds), 0,
     7 * 86400, false},
    {"batch", "ready_marker", KEY_BOOL, AT(ready_marker), NO_RANGE},
    {"batch", "jobs", KEY_COUNT, AT(jobs), 0, 64, false},
};

void
rs_config_init(rs_config *config)
{
    memset(config, 0, sizeof(*config));
    strcpy(config->base_currency, "EUR");
    strcpy(config->destination, "NL");
    config->customs_basis = RS_CUSTOMS_CIF;
    config->carrying_rate = 25.0;
    config->labour_share = 30.0;
    config->decimal = RS_DECIMAL_AUTO;
    config->service_level = 95.0;
    config->horizon_years = 0;
    config->change_threshold = 5.0;
    config->annual_volume = NAN;
    config->life_years = 5.0;
    config->settle_seconds = 60;
    config->ready_marker = false;
    config->jobs = 0;
}

void
rs_config_free(rs_config *config)
{
    size_t r, i;

    free(config->path);
    free(config->title);
    free(config->company);
    free(config->author);
    free(config->tmpdir);
    for (r = 0; r < RS_ROLE_COUNT; r++) {
        free(config->files[r]);
        for (i = 0; i < config->file[r].column_count; i++)
            free(config->file[r].column_names[i]);
        free(config->file[r].column_names);
        rs_kvlist_clear(&config->file[r].columns);
    }
    rs_kvlist_clear(&config->rates);
    rs_kvlist_clear(&config->defaults);
    rs_kvlist_clear(&config->costs);
    rs_kvlist_clear(&config->all);
    rs_config_init(config);
}

bool
rs_config_parse_number(const char *text, bool percent, double *out)
{
    rs_number num;
    rs_decimal decimal;
    size_t len = strlen(text);

    /* Without evidence in the text, AUTO accepts only a number that
     * reads the same in both conventions. */
    decimal = rs_number_evidence(text, len);
    if (rs_number_parse(text, len, decimal,
                        percent ? RS_NUM_PERCENT : RS_NUM_PLAIN,
                        &num) != RS_NUMBER_OK)
        return false;
    *out = num.value;
    return true;
}

const char *
rs_config_number_reason(const char *text, bool percent)
{
    rs_number num;

    if (rs_number_parse(text, strlen(text), RS_DECIMAL_AUTO,
                        percent ? RS_NUM_PERCENT : RS_NUM_PLAIN,
                        &num) == RS_NUMBER_AMBIGUOUS)
        return "is ambiguous: it reads as different numbers with a decimal "
               "comma and a decimal point; write it without a thousands "
               "separator, e.g. 1250 or 1.25";
    return "is not a number";
}

bool
rs_country_valid(const char *country)
{
    /* ISO 3166-1 alpha-2 codes in use (Debian's iso-codes 4.15), and XK
     * (Kosovo), which the EU and others use; sorted, two letters each. */
    static const char codes[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBV"
    "BWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERES"
    "ETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIE"
    "ILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLY"
    "MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNU"
    "NZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSM"
    "SNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVE"
    "VGVIVNVUWFWSXKYEYTZAZMZW";
    size_t low = 0, high = (sizeof(codes) - 1) / 2;

    if (!country || strlen(country) != 2)
        return false;
    while (low < high) {
        size_t mid = (low + high) / 2;
        int cmp = strncmp(codes + 2 * mid, country, 2);

        if (cmp == 0)
            return true;
        if (cmp < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}

bool
rs_country_in_eu(const char *country)
{
    static const char *const members[] = {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
        "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    };
    size_t i;

    if (!country || strlen(country) != 2)
        return false;
    for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
        if (strcmp(members[i], country) == 0)
            return true;
    return false;
}

static void
config_error(rs_problems *problems, const char *file, unsigned long line,
             const char *key, const char *value, const char *hint,
             const char *message)
{
    rs_problems_report(problems, RS_SEV_ERROR, "config", file, line, 0, key,
                       value, hint, "%s", message);
}

/* Copy @p s with surrounding white space and one pair of quotes removed. */
static char *
trim_copy(const char *s, size_t len)
{
    char *out;

    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len >= 2 && ((s[0] == '"' && s[len - 1] == '"') ||
                     (s[0] == '\'' && s[len - 1] == '\''))) {
        s++;
        len -= 2;
    }
    out = malloc(len + 1);
    if (out) {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    return out;
}

static bool
parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    size_t i;

    for (i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool
parse_decimal(const char *v, rs_decimal *out)
{
    if (strcasecmp(v, "auto") == 0)
        *out = RS_DECIMAL_AUTO;
    else if (strcasecmp(v, "comma") == 0 || strcmp(v, ",") == 0)
        *out = RS_DECIMAL_COMMA;
    else if (strcasecmp(v, "point") == 0 || strcmp(v, ".") == 0)
        *out = RS_DECIMAL_POINT;
    else
        return false;
    return true;
}

static bool
parse_delimiter(const char *v, char *out)
{
    if (strcasecmp(v, "auto") == 0)
        *out = 0;
    else if (strcasecmp(v, "comma") == 0 || strcmp(v, ",") == 0)
        *out = ',';
    else if (strcasecmp(v, "semicolon") == 0 || strcmp(v, ";") == 0)
        *out = ';';
    else if (strcasecmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
        *out = '\t';
    else if (strcasecmp(v, "pipe") == 0 || strcmp(v, "|") == 0)
        *out = '|';
    else
        return false;
    return true;
}

/* Return true when @p v is an upper- or lower-case code of @p n letters;
 * stores it upper-cased. */
static bool
parse_code(const char *v, size_t n, char *out)
{
    size_t i;

    if (strlen(v) != n)
        return false;
    for (i = 0; i < n; i++) {
        if (!isalpha((unsigned char)v[i]))
            return false;
        out[i] = (char)toupper((unsigned char)v[i]);
    }
    out[n] = '\0';
    return true;
}

static bool
parse_iso_date(const char *v)
{
    static const int days[] = {31, 29, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31};
    int y, m, d, n = 0;

    if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || v[n] != '\0' ||
        n != 10)
        return false;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    return !(m == 2 && d == 29 &&
             !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* Resolve @p path against the folder of the config file. */
static char *
resolve_path(const char *config_path, const char *path)
{
    const char *slash = strrchr(config_path, '/');
    rs_strbuf sb;

    if (path[0] == '/' || !slash)
        return strdup(path);
    rs_strbuf_init(&sb);
    rs_strbuf_append(&sb, config_path, (size_t)(slash - config_path) + 1);
    rs_strbuf_puts(&sb, path);
    return rs_strbuf_take(&sb);
}

/* Check @p number against the range of @p spec; on failure point @p why
 * at a message that states the range. */
static bool
in_range(const key_spec *spec, double number, const char **why)
{
    static char message[128];
    const char *unit = spec->type == KEY_PERCENT ? " %" : "";

    if (spec->min == spec->max)
        return true;
    if (number >= spec->min && number <= spec->max &&
        !(spec->above_min && number == spec->min))
        return true;
    if (spec->above_min)
        snprintf(message, sizeof(message),
                 "is out of range; expected a value above %.15g%s and "
                 "at most %.15g%s",
                 spec->min, unit, spec->max, unit);
    else
        snprintf(message, sizeof(message),
                 "is out of range; expected a value from %.15g%s to %.15g%s",
                 spec->min, unit, spec->max, unit);
    *why = message;
    return false;
}

/* Store one typed value of a known key. Returns false with a message in
 * @p why when the value is invalid. */
static bool
set_known(rs_config *config, const key_spec *spec, const char *value,
          const char **why)
{
    char *base = (char *)config + spec->offset;
    double number;

    switch (spec->type) {
    case KEY_TEXT:
    case KEY_PATH:
        free(*(char **)base);
        *(char **)base = spec->type == KEY_PATH
                             ? resolve_path(config->path, value)
                             : strdup(value);
        return *(char **)base != NULL || (*why = "out of memory", false);
    case KEY_NUMBER:
    case KEY_PERCENT:
        *why = rs_config_number_reason(value, spec->type == KEY_PERCENT);
        if (!rs_config_parse_number(value, spec->type == KEY_PERCENT,
                                    &number))
            return false;
        if (!in_range(spec, number, why))
            return false;
        *(double *)base = number;
        return true;
    case KEY_COUNT:
        *why = "is not a whole number";
        if (!rs_config_parse_number(value, false, &number) ||
            number != floor(number))
            return false;
        if (!in_range(spec, number, why))
            return false;
        *(unsigned *)base = (unsigned)number;
        return true;
    case KEY_BOOL:
        *why = "is not yes or no";
        return parse_bool(value, (bool *)base);
    case KEY_CURRENCY:
        *why = "is not a three-letter currency code such as EUR";
        return parse_code(value, 3, base);
    case KEY_COUNTRY:
        *why = "is not an ISO 3166 country code such as NL";
        return parse_code(value, 2, base) && rs_country_valid(base);
    case KEY_DATE_OR_LATEST:
        *why = "is not 'latest' or a date such as 2025-06-10";
        if (strcasecmp(value, "latest") == 0) {
            base[0] = '\0';
            return true;
        }
        if (!parse_iso_date(value))
            return false;
        memcpy(base, value, 11);
        return true;
    case KEY_CUSTOMS:
        *why = "is not CIF or FOB";
        if (strcasecmp(value, "CIF") == 0)
            *(rs_customs_basis *)base = RS_CUSTOMS_CIF;
        else if (strcasecmp(value, "FOB") == 0)
            *(rs_customs_basis *)base = RS_CUSTOMS_FOB;
        else
            return false;
        return true;
    case KEY_DECIMAL:
        *why = "is not auto, comma or point";
        return parse_decimal(value, (rs_decimal *)base);
    case KEY_COMPRESSION:
        *why = "is not auto, fast or small";
        if (strcasecmp(value, "auto") == 0)
            *(rs_compression *)base = RS_COMPRESSION_AUTO;
        else if (strcasecmp(value, "fast") == 0)
            *(rs_compression *)base = RS_COMPRESSION_FAST;
        else if (strcasecmp(value, "small") == 0)
            *(rs_compression *)base = RS_COMPRESSION_SMALL;
        else
            return false;
        return true;
    case KEY_DELIMITER:
        break;
    }
    *why = "cannot be set";
    return false;
}

/* Split a comma-separated list of column names. */
static rs_error
split_names(rs_file_options *opts, const char *value)
{
    const char *p = value;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char **grown;
        char *name = trim_copy(p, len);

        if (!name)
            return RS_ERROR_NOMEM;
        grown = realloc(opts->column_names,
                        (opts->column_count + 1) * sizeof(char *));
        if (!grown) {
            free(name);
            return RS_ERROR_NOMEM;
        }
        opts->column_names = grown;
        opts->column_names[opts->column_count++] = name;
        if (!comma)
            break;
        p = comma + 1;
    }
    return RS_OK;
}

/* Per-file options: [bom], [locations], [quotes], [tariffs], [rates.file].
 */
static bool
set_file_option(rs_file_options *opts, const char *key, const char *value,
                const char **why)
{
    bool has_header;

    if (strcmp(key, "delimiter") == 0) {
        *why = "is not comma, semicolon, tab, pipe or auto";
        return parse_delimiter(value, &opts->delimiter);
    }
    if (strcmp(key, "decimal") == 0) {
        *why = "is not auto, comma or point";
        return parse_decimal(value, &opts->decimal);
    }
    if (strcmp(key, "header") == 0) {
        *why = "is not yes or no";
        if (!parse_bool(value, &has_header))
            return false;
        opts->no_header = !has_header;
        return true;
    }
    if (strcmp(key, "columns") == 0) {
        *why = "out of memory";
        return split_names(opts, value) == RS_OK;
    }
    *why = NULL;
    return false;
}

/* Section name to a role for "[role]" and "[role.columns]". */
static int
role_of_section(const char *section, const char *suffix)
{
    int r;
    char name[64];

    for (r = 0; r < RS_ROLE_COUNT; r++) {
        const char *role =
            r == RS_ROLE_RATES ? "rates.file" : rs_role_name((rs_role)r);

        if (suffix && r == RS_ROLE_RATES)
            role = "rates";
        snprintf(name, sizeof(name), "%s%s", role, suffix ? suffix : "");
        if (strcmp(section, name) == 0)
            return r;
    }
    return -1;
}

/* Check the [defaults] value of @p key against the type of its column in
 * the BOM and the locations file, so that a bad value is reported once,
 * at its line, and not on every row it would fill. */
static bool
default_valid(const rs_config *config, const char *key, const char *value,
              unsigned long line, rs_problems *problems)
{
    static const rs_role roles[] = {RS_ROLE_BOM, RS_ROLE_LOCATIONS};
    size_t i;

    for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
        const rs_schema *schema = rs_schema_for(roles[i]);
        int col = rs_schema_find(schema, key);
        const rs_column_def *def;
        rs_numstatus status;
        char label[96], hint[96];
        double number;

        if (col < 0)
            continue;
        def = &schema->columns[col];
        if (!rs_column_is_number(def))
            continue;
        status = rs_column_parse_default(def, value, &number);
        if (status == RS_NUMBER_OK)
            continue;
        snprintf(label, sizeof(label), "[defaults] %s", key);
        snprintf(hint, sizeof(hint), "expected a %s such as %s",
                 def->type == RS_COL_PERCENT ? "percentage" : "number",
                 def->example ? def->example : "12.5");
        rs_problems_report(problems, RS_SEV_ERROR, "config-value",
                           config->path, line, 0, label, value, hint, "%s",
                           status == RS_NUMBER_AMBIGUOUS
                               ? rs_config_number_reason(value, false)
                               : rs_numstatus_reason(status));
        return false;
    }
    return true;
}

/* Interpret one "key = value" line of @p section. */
static bool
apply_entry(rs_config *config, const char *section, const char *key,
            const char *value, unsigned long line, rs_problems *problems)
{
    const char *why = NULL;
    char label[160];
    size_t i;
    int role;

    snprintf(label, sizeof(label), "[%s] %s", section, key);
    for (i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++) {
        if (strcmp(known_keys[i].section, section) != 0 ||
            strcmp(known_keys[i].key, key) != 0)
            continue;
        if (set_known(config, &known_keys[i], value, &why))
            return true;
        config_error(problems, config->path, line, label, value,
                     "see docs/configuration.md", why);
        return false;
    }

    if (strcmp(section, "files") == 0) {
        for (role = 0; role < RS_ROLE_COUNT; role++) {
            if (strcmp(key, rs_role_name((rs_role)role)) != 0)
                continue;
            free(config->files[role]);
            config->files[role] = resolve_path(config->path, value);
            return config->files[role] != NULL;
        }
    } else if (strcmp(section, "rates") == 0) {
        char code[4];
        double rate;

        if (parse_code(key, 3, code) &&
            rs_config_parse_number(value, false, &rate) && rate > 0)
            return rs_kvlist_add(&config->rates, code, value, line) == RS_OK;
        config_error(problems, config->path, line, label, value,
                     "write CCY = units of CCY per one base-currency unit, "
                     "e.g. VND = 26884",
                     "is not a currency code with a positive rate");
        return false;
    } else if (strcmp(section, "defaults") == 0) {
        if (rs_schema_find(rs_schema_for(RS_ROLE_BOM), key) >= 0 ||
            rs_schema_find(rs_schema_for(RS_ROLE_LOCATIONS), key) >= 0) {
            if (!default_valid(config, key, value, line, problems))
                return false;
            return rs_kvlist_add(&config->defaults, key, value, line) == RS_OK;
        }
    } else if (strcmp(section, "costs") == 0) {
        /* The model checks these keys and values. */
        return rs_kvlist_add(&config->costs, key, value, line) == RS_OK;
    } else if ((role = role_of_section(section, ".columns")) >= 0 &&
               role != RS_ROLE_RATES) {
        return rs_kvlist_add(&config->file[role].columns, key, value, line) ==
               RS_OK;
    } else if ((role = role_of_section(section, NULL)) >= 0) {
        if (set_file_option(&config->file[role], key, value, &why))
            return true;
        if (why) {
            config_error(problems, config->path, line, label, value,
                         "see docs/configuration.md", why);
            return false;
        }
    }
    config_error(problems, config->path, line, label, NULL,
                 "check the spelling; docs/configuration.md lists the keys",
                 "unknown key");
    return false;
}

/* Return true when @p section is one this reader recognises. */
static bool
known_section(const char *section)
{
    static const char *const plain[] = {"run",   "product",  "batch", "files",
                                        "rates", "defaults", "costs"};
    size_t i;

    for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
        if (strcmp(section, plain[i]) == 0)
            return true;
    return role_of_section(section, NULL) >= 0 ||
           (role_of_section(section, ".columns") >= 0 &&
            role_of_section(section, ".columns") != RS_ROLE_RATES);
}

/* Parse one line; @p section is updated on a section header. An unknown
 * section is reported once and its keys skipped. */
static bool
parse_line(rs_config *config, char *text, char *section, size_t size,
           unsigned long line, rs_problems *problems)
{
    char *eq, *key, *value, *p;
    char all_key[200], label[200];
    const rs_kv *earlier;
    bool ok;

    p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0' || *p == '#' || *p == ';')
        return true;
    if (*p == '[') {
        char *end = strchr(p, ']');

        if (!end) {
            config_error(problems, config->path, line, NULL, p,
                         "write the section as [name]", "has no closing ']'");
            return false;
        }
        *end = '\0';
        snprintf(section, size, "%s", p + 1);
        for (p = section; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (known_section(section))
            return true;
        config_error(problems, config->path, line, section, NULL,
                     "see docs/configuration.md for the sections",
                     "unknown section");
        strcpy(section, "!");
        return false;
    }
    if (strcmp(section, "!") == 0)
        return true;
    eq = strchr(p, '=');
    if (!eq || !section[0]) {
        config_error(problems, config->path, line, NULL, p,
                     "write key = value inside a [section]",
                     eq ? "is outside any section" : "is not key = value");
        return false;
    }
    key = trim_copy(p, (size_t)(eq - p));
    value = trim_copy(eq + 1, strlen(eq + 1));
    if (!key || !value) {
        free(key);
        free(value);
        return false;
    }
    for (p = key; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    snprintf(all_key, sizeof(all_key), "%s.%s", section, key);
    snprintf(label, sizeof(label), "[%s] %s", section, key);
    if ((earlier = rs_kvlist_find(&config->all, all_key)) != NULL)
        rs_problems_report(problems, RS_SEV_WARNING, "config-repeat",
                           config->path, line, 0, label, value,
                           "remove one of the lines",
                           "repeats the key of line %lu; this later value "
                           "is used",
                           earlier->line);
    ok = rs_kvlist_add(&config->all, all_key, value, line) == RS_OK;
    ok = apply_entry(config, section, key, value, line, problems) && ok;
    free(key);
    free(value);
    return ok;
}

/* Defaults that depend on other keys, applied after the whole file. */
static void
apply_derived(rs_config *config)
{
    const rs_kv *basis = rs_kvlist_find(&config->all, "run.customs_basis");

    /* The United States value imports without international freight and
     * insurance (19 U.S.C. 1401a); the EU and most others at the border. */
    if (!basis)
        config->customs_basis = strcmp(config->destination, "US") == 0
                                    ? RS_CUSTOMS_FOB
                                    : RS_CUSTOMS_CIF;
}

/* Check that a file read without a header row has its column names.
 * Returns false after reporting each role that lacks them. */
static bool
check_headerless(const rs_config *config, rs_problems *problems)
{
    bool ok = true;
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++) {
        const rs_file_options *opts = &config->file[role];
        const char *section =
            role == RS_ROLE_RATES ? "rates.file" : rs_role_name(role);
        char key[64], label[80];
        const rs_kv *kv;

        if (!opts->no_header || opts->column_count > 0)
            continue;
        snprintf(key, sizeof(key), "%s.header", section);
        snprintf(label, sizeof(label), "[%s] header", section);
        kv = rs_kvlist_find(&config->all, key);
        rs_problems_report(problems, RS_SEV_ERROR, "config", config->path,
                           kv ? kv->line : 0, 0, label, "no",
                           "add 'columns = ' with the names of the columns "
                           "in their order, e.g. columns = item, quantity",
                           "needs a list of columns");
        ok = false;
    }
    return ok;
}

rs_error
rs_config_load(rs_config *config, const char *path, rs_problems *problems)
{
    char section[64] = "";
    char *text = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned long line = 0;
    bool ok = true;
    FILE *fp;

    free(config->path);
    config->path = strdup(path);
    if (!config->path)
        return RS_ERROR_NOMEM;
    fp = fopen(path, "rb");
    if (!fp) {
        int saved = errno;

        rs_problems_report(problems, RS_SEV_ERROR,
                           saved == ENOENT ? "not-found" : "io", path, 0, 0,
                           NULL, NULL, "check the path given with --config",
                           "cannot open the config file: %s", strerror(saved));
        return saved == ENOENT ? RS_ERROR_NOT_FOUND : RS_ERROR_IO;
    }
    while ((got = getline(&text, &cap, fp)) >= 0) {
        size_t len = (size_t)got;

        line++;
        if (memchr(text, '\0', len)) {
            config_error(problems, path, line, NULL, NULL,
                         "save the config as UTF-8 text",
                         "contains a NUL byte");
            ok = false;
            continue;
        }
        if (line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
            memmove(text, text + 3, len - 2);
        len = strlen(text);
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            text[--len] = '\0';
        if (!rs_utf8_valid(text, len)) {
            config_error(problems, path, line, NULL, NULL,
                         "save the config as UTF-8", "is not valid UTF-8");
            ok = false;
            continue;
        }
        ok = parse_line(config, text, section, sizeof(section), line,
                        problems) &&
             ok;
    }
    free(text);
    if (ferror(fp)) {
        fclose(fp);
        return RS_ERROR_IO;
    }
    fclose(fp);
    apply_derived(config);
    ok = check_headerless(config, problems) && ok;
    return ok ? RS_OK : RS_ERROR_CONFIG;
}

double
rs_config_number(const rs_config *config, const rs_kvlist *list,
                 const char *section, const char *key, double fallback,
                 bool percent, rs_problems *problems)
{
    const rs_kv *kv = rs_kvlist_find(list, key);
    double value;
    char label[160];

    if (!kv)
        return fallback;
    if (rs_config_parse_number(kv->value, percent, &value))
        return value;
    snprintf(label, sizeof(label), "[%s] %s", section, key);
    config_error(problems, config->path, kv->line, label, kv->value,
                 percent ? "expected a percentage such as 2,5"
                         : "expected a number such as 12,5",
                 rs_config_number_reason(kv->value, percent));
    return fallback;
}
