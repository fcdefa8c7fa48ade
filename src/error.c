/* error.c - Phrases for the rs_error codes */
#include "reshore/error.h"

static const char *const error_phrases[RS_ERROR_COUNT] = {
    [RS_OK] = "success",
    [RS_ERROR_NOMEM] = "out of memory",
    [RS_ERROR_IO] = "input/output error",
    [RS_ERROR_NOT_FOUND] = "file not found",
    [RS_ERROR_GZIP] = "truncated or corrupt gzip data",
    [RS_ERROR_ENCODING] = "text encoding error",
    [RS_ERROR_EMPTY] = "empty file",
    [RS_ERROR_HEADER] = "header row not found or incomplete",
    [RS_ERROR_CSV] = "malformed CSV",
    [RS_ERROR_CONFIG] = "invalid configuration",
    [RS_ERROR_DATA] = "invalid data",
    [RS_ERROR_RATE] = "missing exchange rate",
    [RS_ERROR_XLSX] = "workbook library error",
    [RS_ERROR_OUTPUT] = "cannot write output",
    [RS_ERROR_TMPDIR] = "temporary folder unusable",
    [RS_ERROR_LIMIT] = "size limit exceeded",
    [RS_ERROR_USAGE] = "invalid command line",
    [RS_ERROR_LOCKED] = "another run holds the lock",
    [RS_ERROR_INTERRUPTED] = "interrupted",
};

const char *
rs_strerror(rs_error err)
{
    if ((int)err < 0 || err >= RS_ERROR_COUNT || !error_phrases[err])
        return "unknown error";
    return error_phrases[err];
}
