/**
 * In-flight deduplication per key (berry's Cache mutex map, uv's `uv-once-map`).
 *
 * `run(key, work)` starts `work` only if no call for `key` is in flight, and
 * otherwise returns the promise of the call already running. The entry is
 * dropped when the work settles, so a later call (after a failure, say) runs
 * again: this dedupes concurrent work, it is not a result cache.
 */
export class OnceMap<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  run(key: K, work: () => Promise<V>): Promise<V> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = (async () => {
      try {
        return await work();
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Number of keys with work in flight (for tests and progress reports). */
  get size(): number {
    return this.inFlight.size;
  }
}

/**
 * Runs async sections one after the other per key (a per-key mutex), for
 * read-modify-write of one file, such as a project's page in the source index.
 */
export class KeyedLock<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  async with<V>(key: K, section: () => Promise<V>): Promise<V> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(section);
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }
}
