/**
 * A bounded cache of parsed versions keyed by the exact input string.
 *
 * Versions are immutable, so sharing one object between callers is safe; the
 * cache only saves re-parsing. Failures are cached too (as null): specifier
 * filters meet the same non-version strings over and over. When the cache is
 * full it is simply cleared, which keeps the cost of a miss at one regex run.
 */
const LIMIT = 65_536;

const cache = new Map<string, unknown>();

export function cachedParse<T>(text: string, parse: (text: string) => T | null): T | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit as T | null;
  const value = parse(text);
  if (cache.size >= LIMIT) cache.clear();
  cache.set(text, value);
  return value;
}
