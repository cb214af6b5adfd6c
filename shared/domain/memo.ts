/**
 * The value kept under `key` in `cache`, made by `make` when missing. The cache holds at most `size`
 * keys, the oldest forgotten first (a Map keeps insertion order: its first key is the oldest).
 */
export function getOrMake<T>(cache: Map<string, T>, key: string, make: () => T, size: number): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = make();
  if (cache.size >= size) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * Remembers a pure function's results for the strings it was last given, at most `size` of them
 * (oldest forgotten first). For lookups that are costly and repeat turn after turn on a call (parsing
 * the caller's phone number, the zone it lives in, a locale Intl accepts); never for anything whose
 * answer can change.
 */
export function memoizeString<T>(fn: (key: string) => T, size = 1_000): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => getOrMake(results, key, () => fn(key), size);
}
