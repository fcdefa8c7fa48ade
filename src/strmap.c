/* strmap.c - Hash map from byte strings to indexes */
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

size_t
rs_strmap_hash(const char *key, size_t len)
{
    size_t h = (size_t)14695981039346656037ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

static rs_strmap_slot *
find_slot(const rs_strmap *map, const char *key, size_t len, size_t hash)
{
    size_t mask = map->capacity - 1;
    size_t i = hash & mask;

    for (;;) {
        rs_strmap_slot *s = &map->slots[i];

        if (!s->key)
            return s;
        if (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
        i = (i + 1) & mask;
    }
}

static bool
grow(rs_strmap *map)
{
    size_t cap = map->capacity ? map->capacity * 2 : 64;
    rs_strmap_slot *old = map->slots;
    size_t old_cap = map->capacity, i;

    map->slots = calloc(cap, sizeof(*map->slots));
    if (!map->slots) {
        map->slots = old;
        return false;
    }
    map->capacity = cap;
    for (i = 0; i < old_cap; i++)
        if (old[i].key)
            *find_slot(map, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
    return true;
}

bool
rs_strmap_put(rs_strmap *map, const char *key, size_t len, size_t value)
{
    size_t hash = rs_strmap_hash(key, len);
    rs_strmap_slot *s;

    /* Keep the load factor under 1/2. */
    if ((map->count + 1) * 2 > map->capacity && !grow(map))
        return false;
    s = find_slot(map, key, len, hash);
    if (!s->key)
        map->count++;
    s->key = key;
    s->len = len;
    s->hash = hash;
    s->value = value;
    return true;
}

bool
rs_strmap_get(const rs_strmap *map, const char *key, size_t len, size_t *value)
{
    const rs_strmap_slot *s;

    if (!map->capacity)
        return false;
    s = find_slot(map, key, len, rs_strmap_hash(key, len));
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

void
rs_strmap_free(rs_strmap *map)
{
    free(map->slots);
    memset(map, 0, sizeof(*map));
}
