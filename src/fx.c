/*
 * fx.c - Exchange rates into the base currency
 *
 * fx_read.c reads the rates file, whatever its shape, into one list of
 * observations (currency, day, rate). Here they are sorted per currency,
 * the rate on the selected date is picked, and rates quoted per euro are
 * crossed into the base currency. Keeping the whole history lets the
 * same pass estimate each currency's volatility.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fx_impl.h"

/* Days in the volatility window. */
#define VOLATILITY_DAYS 365

static const char SOURCE_BASE[] = "base currency";
static const char SOURCE_CONFIG[] = "config [rates]";

/* Range of the sorted observations of one currency. */
typedef struct fx_range {
    size_t first;
    size_t end;
} fx_range;

/* Rate of @p code without marking it used, or NULL. */
static rs_fx_rate *
find_rate(const rs_fx *fx, const char *code)
{
    size_t i;

    for (i = 0; i < fx->count; i++)
        if (strcasecmp(fx->rates[i].currency, code) == 0)
            return &fx->rates[i];
    return NULL;
}

static bool
is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Return the number of days from a fixed epoch to @p y-@p m-@p d. Only
 * differences between day numbers matter. */
static long
day_number(long y, int m, int d)
{
    static const int before[12] = {0,   31,  59,  90,  120, 151,
                                   181, 212, 243, 273, 304, 334};
    long prior = y - 1;
    long n = 365 * y + prior / 4 - prior / 100 + prior / 400;

    n += before[m - 1] + d;
    if (m > 2 && is_leap(y))
        n++;
    return n;
}

void
rs_fx_format_day(long day, char out[11])
{
    long y = (long)((double)day / 365.2425);
    int m = 12, d;
    char text[48];

    while (day_number(y + 1, 1, 1) <= day)
        y++;
    while (day_number(y, 1, 1) > day)
        y--;
    while (m > 1 && day_number(y, m, 1) > day)
        m--;
    d = (int)(day - day_number(y, m, 1) + 1);
    snprintf(text, sizeof(text), "%04d-%02d-%02d", (int)(y % 10000), m, d);
    memcpy(out, text, 10);
    out[10] = '\0';
}

bool
rs_fx_parse_day(const char *s, long *day)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int a, b, c, n = 0;
    long y;
    int m, d;
    char sep1, sep2;

    while (*s == ' ')
        s++;
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
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
        (m == 2 && d == 29 && !is_leap(y)))
        return false;
    *day = day_number(y, m, d);
    return true;
}

bool
rs_fx_code(const char *s, size_t len, char out[4])
{
    size_t i;

    while (len && s[len - 1] == ' ')
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    if (len != 3)
        return false;
    for (i = 0; i < 3; i++) {
        if (!isalpha((unsigned char)s[i]) || (unsigned char)s[i] > 0x7F)
            return false;
        out[i] = (char)toupper((unsigned char)s[i]);
    }
    out[3] = '\0';
    return true;
}

static int
compare_obs(const void *a, const void *b)
{
    const fx_obs *x = a, *y = b;

    if (x->currency != y->currency)
        return x->currency < y->currency ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

/* Sort the observations and drop later duplicates of a currency and
 * day, with a warning each. */
static void
sort_obs(fx_file *ff)
{
    size_t i, n = 0;

    if (ff->obs_count == 0)
        return;
    qsort(ff->obs, ff->obs_count, sizeof(*ff->obs), compare_obs);
    for (i = 0; i < ff->obs_count; i++) {
        const fx_obs *o = &ff->obs[i];

        if (n > 0 && ff->obs[n - 1].currency == o->currency &&
            ff->obs[n - 1].day == o->day) {
            rs_problems_report(ff->problems, RS_SEV_WARNING, "duplicate-rate",
                               ff->display, o->line, 0, NULL,
                               ff->codes[o->currency], NULL,
                               "repeats the rate of line %lu; the later "
                               "rate is ignored",
                               ff->obs[n - 1].line);
            ff->fx->rows_warned++;
            continue;
        }
        ff->obs[n++] = *o;
    }
    ff->obs_count = n;
}

/* Range of the observations of code @p code (sorted), empty when none. */
static fx_range
range_of(const fx_file *ff, size_t code)
{
    fx_range r = {0, 0};
    size_t lo = 0, hi = ff->obs_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (ff->obs[mid].currency < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    r.first = r.end = lo;
    while (r.end < ff->obs_count && ff->obs[r.end].currency == code)
        r.end++;
    return r;
}

/* Index of the last observation in @p r on or before @p day, or
 * (size_t)-1 when there is none. */
static size_t
last_on_or_before(const fx_file *ff, fx_range r, long day)
{
    size_t lo = r.first, hi = r.end;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (ff->obs[mid].day <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > r.first ? lo - 1 : (size_t)-1;
}

/* Rate of range @p r on exactly @p day, or NAN. */
static double
rate_on(const fx_file *ff, fx_range r, long day)
{
    size_t i = last_on_or_before(ff, r, day);

    return i != (size_t)-1 && ff->obs[i].day == day ? ff->obs[i].rate : NAN;
}

/*
 * Annualised volatility, in percent, of the rate series @p s (divided by
 * series @p d when @p d is not empty, inverted when @p invert) over the
 * year ending on @p last_day: the sample standard deviation of the log
 * changes between consecutive observations, scaled by the square root of
 * the number of changes per 365 days. NAN with fewer than
 * RS_FX_MIN_CHANGES changes.
 */
static double
volatility(const fx_file *ff, fx_range s, fx_range d, bool invert,
           long last_day)
{
    double sum = 0, sumsq = 0, mean, var;
    long first_day = LONG_MAX, end_day = LONG_MIN;
    size_t i, n = 0;

    for (i = s.first + 1; i < s.end; i++) {
        const fx_obs *a = &ff->obs[i - 1], *b = &ff->obs[i];
        double change;

        if (b->day > last_day || a->day <= last_day - VOLATILITY_DAYS)
            continue;
        change = log(b->rate / a->rate);
        if (invert)
            change = -change;
        if (d.end > d.first) {
            double d0 = rate_on(ff, d, a->day), d1 = rate_on(ff, d, b->day);

            if (isnan(d0) || isnan(d1))
                continue;
            change -= log(d1 / d0);
        }
        sum += change;
        sumsq += change * change;
        n++;
        if (a->day < first_day)
            first_day = a->day;
        if (b->day > end_day)
            end_day = b->day;
    }
    if (n < RS_FX_MIN_CHANGES || end_day <= first_day)
        return NAN;
    mean = sum / (double)n;
    var = (sumsq - (double)n * mean * mean) / (double)(n - 1);
    if (var < 0)
        var = 0;
    return 100.0 *
           sqrt(var * (double)n * 365.0 / (double)(end_day - first_day));
}

/* The observation in force for range @p r: the last one on or before
 * @p target. */
static const fx_obs *
pick(const fx_file *ff, fx_range r, long target)
{
    size_t i = last_on_or_before(ff, r, target);

    return i == (size_t)-1 ? NULL : &ff->obs[i];
}

static rs_error
add_picked(fx_file *ff, const char *code, const fx_obs *o, double per_base,
           double vol)
{
    char date[11] = "";

    if (ff->date_col >= 0)
        rs_fx_format_day(o->day, date);
    return rs_fx_add(ff->fx, code, per_base, date, ff->fx->file, vol);
}

/*
 * Turn the observations into rates per base unit. Dated tables are per
 * euro. A plain table is per base unit, unless it lists the base currency
 * itself, in which case every rate is divided by the base's rate.
 */
static rs_error
cross_rates(fx_file *ff, long target)
{
    const char *base = ff->fx->base;
    const char *reference = ff->shape == SHAPE_DATED ? "EUR" : base;
    fx_range none = {0, 0}, br = none;
    const fx_obs *bo = NULL;
    size_t c;
    rs_error err = RS_OK;

    for (c = 0; c < ff->code_count; c++)
        if (strcmp(ff->codes[c], base) == 0) {
            br = range_of(ff, c);
            bo = pick(ff, br, target);
        }
    if (!bo && strcmp(reference, base) != 0) {
        rs_problems_report(ff->problems, RS_SEV_WARNING, "rates-base",
                           ff->display, 0, 0, NULL, NULL,
                           "add the base currency to the file or give the "
                           "rates in [rates] of the config",
                           "the file gives rates per %s but none for the "
                           "base currency %s; its rates are not used",
                           reference, base);
        return RS_OK;
    }

    /* The reference currency itself, when it is not the base. */
    if (bo && strcmp(reference, base) != 0 && !find_rate(ff->fx, reference))
        err = add_picked(ff, reference, bo, 1.0 / bo->rate,
                         volatility(ff, br, none, true, bo->day));
    for (c = 0; c < ff->code_count && err == RS_OK; c++) {
        fx_range r = range_of(ff, c);
        const fx_obs *o = pick(ff, r, target);

        if (strcmp(ff->codes[c], base) == 0 || !o)
            continue;
        err =
            add_picked(ff, ff->codes[c], o, bo ? o->rate / bo->rate : o->rate,
                       volatility(ff, r, bo ? br : none, false, o->day));
    }
    return err;
}

/* Report currencies whose rates all lie after the rate date. */
static void
report_unpicked(fx_file *ff, long target, const char *rate_date)
{
    size_t c;

    if (target == LONG_MAX)
        return;
    for (c = 0; c < ff->code_count; c++)
        if (!pick(ff, range_of(ff, c), target))
            rs_problems_report(ff->problems, RS_SEV_WARNING, "rate-date",
                               ff->display, 0, 0, NULL, ff->codes[c],
                               "set an earlier [run] rate_date or add the "
                               "rate to [rates]",
                               "has no rate on or before %s", rate_date);
}

static rs_error
read_file(rs_fx *fx, const char *path, const char *display,
          const rs_config *config, rs_problems *problems,
          rs_csv_dialect *dialect)
{
    fx_file ff;
    long target = LONG_MAX;
    rs_error err;

    memset(&ff, 0, sizeof(ff));
    ff.fx = fx;
    ff.problems = problems;
    ff.display = fx->file;
    err = rs_fx_read(&ff, path, display, config, dialect);
    if (err != RS_OK)
        goto cleanup;

    sort_obs(&ff);
    if (config->rate_date[0] && !rs_fx_parse_day(config->rate_date, &target))
        target = LONG_MAX;
    report_unpicked(&ff, target, config->rate_date);
    err = cross_rates(&ff, target);

cleanup:
    rs_fx_file_free(&ff);
    return err;
}

/* Add the [rates] of the config for currencies that have no rate yet. */
static rs_error
add_config_rates(rs_fx *fx, const rs_config *config, rs_problems *problems)
{
    rs_error result = RS_OK;
    size_t i;

    for (i = 0; i < config->rates.count; i++) {
        const rs_kv *kv = &config->rates.items[i];
        const rs_fx_rate *have;
        char code[4], label[64];
        double value;

        /* Messages name the line as "[rates] USD", like other keys. */
        snprintf(label, sizeof(label), "[rates] %s", kv->key);

        if (!rs_fx_code(kv->key, strlen(kv->key), code) ||
            !rs_config_parse_number(kv->value, false, &value) ||
            !(value > 0)) {
            rs_problems_report(problems, RS_SEV_ERROR, "config-rate",
                               config->path, kv->line, 0, label, kv->value,
                               "expected a line such as USD = 1.0824 "
                               "(units per one base-currency unit)",
                               "is not a valid rate");
            result = RS_ERROR_CONFIG;
            continue;
        }
        have = find_rate(fx, code);
        if (have && have->source == SOURCE_BASE) {
            if (fabs(value - 1.0) > 1e-12)
                rs_problems_report(problems, RS_SEV_WARNING, "config-rate",
                                   config->path, kv->line, 0, label,
                                   kv->value, NULL,
                                   "is ignored: %s is the base currency, "
                                   "whose rate is always 1",
                                   code);
            continue;
        }
        if (have && have->source != SOURCE_CONFIG) {
            rs_problems_report(problems, RS_SEV_NOTE, "config-rate",
                               config->path, kv->line, 0, label, kv->value,
                               NULL,
                               "is not used: the rates file gives %s",
                               code);
            continue;
        }
        if (rs_fx_add(fx, code, value, "", SOURCE_CONFIG, NAN) != RS_OK)
            return RS_ERROR_NOMEM;
    }
    return result;
}

rs_error
rs_fx_init(rs_fx *fx, const char *base)
{
    char code[4];

    memset(fx, 0, sizeof(*fx));
    if (!base || !rs_fx_code(base, strlen(base), code))
        return RS_ERROR_DATA;
    memcpy(fx->base, code, 4);
    return rs_fx_add(fx, code, 1.0, "", SOURCE_BASE, 0.0);
}

rs_error
rs_fx_add(rs_fx *fx, const char *currency, double per_base, const char *date,
          const char *source, double volatility)
{
    rs_fx_rate *rate = NULL;
    char code[4];

    if (!currency || !rs_fx_code(currency, strlen(currency), code) ||
        !isfinite(per_base) || !(per_base > 0))
        return RS_ERROR_DATA;
    rate = find_rate(fx, code);
    if (!rate) {
        if (fx->count == fx->capacity) {
            size_t cap = fx->capacity ? fx->capacity * 2 : 16;
            rs_fx_rate *grown = realloc(fx->rates, cap * sizeof(*grown));

            if (!grown)
                return RS_ERROR_NOMEM;
            fx->rates = grown;
            fx->capacity = cap;
        }
        rate = &fx->rates[fx->count++];
        memset(rate, 0, sizeof(*rate));
    }
    memcpy(rate->currency, code, 4);
    rate->per_base = per_base;
    snprintf(rate->date, sizeof(rate->date), "%s", date ? date : "");
    rate->source = source;
    rate->volatility = volatility;
    return RS_OK;
}

rs_error
rs_fx_load(rs_fx *fx, const char *path, const char *display,
           const rs_config *config, rs_problems *problems,
           rs_csv_dialect *dialect)
{
    rs_error err = rs_fx_init(fx, config->base_currency);

    if (err == RS_ERROR_DATA) {
        rs_problems_report(
            problems, RS_SEV_ERROR, "config-value", config->path, 0, 0,
            "base_currency", config->base_currency,
            "expected a code such as EUR", "is not an ISO 4217 currency code");
        return RS_ERROR_CONFIG;
    }
    if (err != RS_OK)
        return err;
    if (path) {
        fx->file = strdup(display ? display : path);
        if (!fx->file)
            return RS_ERROR_NOMEM;
        err = read_file(fx, path, display ? display : path, config, problems,
                        dialect);
        if (err != RS_OK)
            return err;
    }
    return add_config_rates(fx, config, problems);
}

const rs_fx_rate *
rs_fx_find(rs_fx *fx, const char *currency)
{
    rs_fx_rate *rate = currency ? find_rate(fx, currency) : NULL;

    if (rate)
        rate->used = true;
    return rate;
}

double
rs_fx_to_base(rs_fx *fx, const char *currency, double amount)
{
    const rs_fx_rate *rate = rs_fx_find(fx, currency);

    return rate ? amount / rate->per_base : NAN;
}

void
rs_fx_free(rs_fx *fx)
{
    if (!fx)
        return;
    free(fx->rates);
    free(fx->file);
    memset(fx, 0, sizeof(*fx));
}
