/*
 * error.h - Error codes shared by every reshore module
 *
 * Core modules return an rs_error and record the details (file, line,
 * column, field, value) in an rs_problems list; only the command-line
 * layer prints. rs_strerror() gives a short English phrase for each code.
 */
#ifndef RS_ERROR_H
#define RS_ERROR_H

/** Error codes. Keep rs_strerror()'s table in step (a unit test checks). */
typedef enum rs_error {
    RS_OK = 0,
    /** Memory allocation failed. */
    RS_ERROR_NOMEM,
    /** A read or write failed; errno was saved in the problem record. */
    RS_ERROR_IO,
    /** An input file does not exist. */
    RS_ERROR_NOT_FOUND,
    /** A gzip stream is truncated or corrupt. */
    RS_ERROR_GZIP,
    /** Text cannot be decoded (for example an odd-length UTF-16 file). */
    RS_ERROR_ENCODING,
    /** A file holds no header row. */
    RS_ERROR_EMPTY,
    /** No header row matched, or a required column is missing. */
    RS_ERROR_HEADER,
    /** The CSV structure is broken (for example an unterminated quote). */
    RS_ERROR_CSV,
    /** The configuration file is invalid. */
    RS_ERROR_CONFIG,
    /** The data make the whole file or job unusable. */
    RS_ERROR_DATA,
    /** A currency has no exchange rate. */
    RS_ERROR_RATE,
    /** libxlsxwriter reported an error. */
    RS_ERROR_XLSX,
    /** The output file or folder cannot be written. */
    RS_ERROR_OUTPUT,
    /** The temporary folder is missing, not writable or too small. */
    RS_ERROR_TMPDIR,
    /** An Excel or internal size limit would be exceeded. */
    RS_ERROR_LIMIT,
    /** The command line is invalid. */
    RS_ERROR_USAGE,
    /** Another run holds the lock. */
    RS_ERROR_LOCKED,
    /** The run was interrupted by a signal. */
    RS_ERROR_INTERRUPTED,
    /** Number of codes; not an error. */
    RS_ERROR_COUNT
} rs_error;

/** Return a short phrase for @p err; never NULL. */
const char *rs_strerror(rs_error err);

#endif /* RS_ERROR_H */
