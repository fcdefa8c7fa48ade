/*
 * strmap.h - Hash map from byte strings to indexes, internal to reshore
 *
 * Open addressing with linear probing. Keys are borrowed: the caller keeps
 * them alive and unchanged while they are in the map (the BOM stores the
 * item keys it indexes).
 */
#ifndef RS_STRMAP_H
#define RS_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rs_strmap_slot {
    const char *key;
    size_t len;
    size_t value;
    size_t hash;
} rs_strmap_slot;

typedef struct rs_strmap {
    rs_strmap_slot *slots;
    size_t capacity; /* power of two, or 0 */
    size_t count;
} rs_strmap;

/** Hash of @p len bytes at @p key (FNV-1a). */
size_t rs_strmap_hash(const char *key, size_t len);

/** Insert or replace; returns false when out of memory. */
bool rs_strmap_put(rs_strmap *map, const char *key, size_t len,
                   size_t value);

/** Look up @p key; returns false when absent. */
bool rs_strmap_get(const rs_strmap *map, const char *key, size_t len,
                   size_t *value);

/** Free the slots and leave @p map empty. */
void rs_strmap_free(rs_strmap *map);

#endif /* RS_STRMAP_H */
