/**
 * A memo for pure lookups the fold repeats thousands of times (the same days, session bounds, zone
 * offsets). It forgets everything once it holds `limit` entries, so a long-lived process never grows
 * without bound.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}

  /** The value cached for `key`, else `compute()`, stored (a throw stores nothing). Values are never `undefined`. */
  get(key: K, compute: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      value = compute();
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(key, value);
    }
    return value;
  }
}
