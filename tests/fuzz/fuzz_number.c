/*
 * fuzz_number.c - libFuzzer harness for the number parser
 *
 * Parses the input in every column kind and decimal convention, and
 * checks what must hold for any text. A success has a finite value, no
 * negative zero and a well-formed currency code. rs_number_evidence()
 * agrees with the parses. RS_DECIMAL_AUTO accepts a text only when both
 * conventions read it alike or one of them rejects it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/number.h"

static const rs_numkind kinds[] = {RS_NUM_PLAIN,   RS_NUM_MONEY,
                                   RS_NUM_PERCENT, RS_NUM_WEIGHT,
                                   RS_NUM_LENGTH,  RS_NUM_VOLUME};

/* Check what holds for any successful parse. */
static void
check_result(rs_numstatus st, const rs_number *num)
{
    size_t i;

    if ((int)st < 0 || st >= RS_NUMBER_STATUS_COUNT)
        abort();
    if (rs_numstatus_reason(st) == NULL)
        abort();
    if (st != RS_NUMBER_OK)
        return;
    if (!isfinite(num->value) || (num->value == 0 && signbit(num->value)))
        abort();
    if (num->currency[0]) {
        for (i = 0; i < 3; i++)
            if (num->currency[i] < 'A' || num->currency[i] > 'Z')
                abort();
        if (num->currency[3] != '\0')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    rs_decimal evidence = rs_number_evidence(s, size);
    size_t k;

    for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        rs_number point, comma, any;
        rs_numstatus sp =
            rs_number_parse(s, size, RS_DECIMAL_POINT, kinds[k], &point);
        rs_numstatus sc =
            rs_number_parse(s, size, RS_DECIMAL_COMMA, kinds[k], &comma);
        rs_numstatus sa =
            rs_number_parse(s, size, RS_DECIMAL_AUTO, kinds[k], &any);

        check_result(sp, &point);
        check_result(sc, &comma);
        check_result(sa, &any);

        /* Evidence for one convention means the other cannot read it. */
        if (evidence == RS_DECIMAL_POINT && sc == RS_NUMBER_OK)
            abort();
        if (evidence == RS_DECIMAL_COMMA && sp == RS_NUMBER_OK)
            abort();

        /* AUTO takes what reads alike, and only that. */
        if (sp == RS_NUMBER_OK && sc == RS_NUMBER_OK) {
            if ((point.value == comma.value) != (sa == RS_NUMBER_OK))
                abort();
        } else if ((sp == RS_NUMBER_OK || sc == RS_NUMBER_OK) &&
                   sa != RS_NUMBER_OK) {
            abort();
        } else if (sp != RS_NUMBER_OK && sc != RS_NUMBER_OK &&
                   sa == RS_NUMBER_OK) {
            abort();
        }
    }
    return 0;
}
