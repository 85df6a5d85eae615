/**
 * Sets `key` in a cache kept to `limit` entries: when full, the oldest entry goes first (a Map
 * keeps insertion order). For caches of things that are cheap to make again but not free.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  if (!map.has(key) && map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
