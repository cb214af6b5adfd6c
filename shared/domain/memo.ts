/**
 * Remembers a pure function's results for the strings it was last given, at most `size` of them
 * (oldest forgotten first). For lookups that are costly and repeat turn after turn on a call (parsing
 * the caller's phone number, the zone it lives in, a locale Intl accepts); never for anything whose
 * answer can change.
 */
export function memoizeString<T>(fn: (key: string) => T, size = 1_000): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    if (results.has(key)) return results.get(key) as T;
    const result = fn(key);
    // Map keeps insertion order: the first key is the oldest.
    if (results.size >= size) results.delete(results.keys().next().value as string);
    results.set(key, result);
    return result;
  };
}
