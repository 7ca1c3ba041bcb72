// A bounded memo for pure functions of short strings: trackers repeat the same few texts thousands of times.

export function memoize<V>(compute: (key: string) => V, limit = 20_000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}
