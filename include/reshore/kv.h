/*
 * kv.h - Ordered list of key = value pairs with their source lines
 *
 * Holds one section of the configuration file as written, so that the
 * Run sheet can show every value in force and messages can name the line.
 */
#ifndef RS_KV_H
#define RS_KV_H

#include <stddef.h>

#include "reshore/error.h"

/** One entry. Strings are owned by the list. */
typedef struct rs_kv {
    char *key;
    char *value;
    unsigned long line; /**< line in the config file; 0 if not from one */
} rs_kv;

/** Ordered list; zero-initialised is empty. */
typedef struct rs_kvlist {
    rs_kv *items;
    size_t count;
    size_t capacity;
} rs_kvlist;

/** Append a copy of @p key and @p value. A later key wins in lookups. */
rs_error rs_kvlist_add(rs_kvlist *list, const char *key, const char *value,
                       unsigned long line);

/** Last entry whose key equals @p key (ASCII case-insensitive), or NULL. */
const rs_kv *rs_kvlist_find(const rs_kvlist *list, const char *key);

/** Value of rs_kvlist_find(), or NULL. */
const char *rs_kvlist_get(const rs_kvlist *list, const char *key);

/** Free the entries and leave @p list empty. */
void rs_kvlist_clear(rs_kvlist *list);

#endif /* RS_KV_H */
