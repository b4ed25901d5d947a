/**
 * Answers per query, valid while the tenant's newest analytics change id is the one they were computed
 * at. Every fold (in any process) commits a new change id with the rollups it wrote, so checking that id
 * (one index lookup) means an answer is never served once its rollups changed, without trusting a
 * notification to arrive in time. An answer computed while a fold landed carries the older id: it is
 * recomputed on the next read. Bounded in size, oldest entries first out.
 */
export class AnswerCache<T> {
  private entries = new Map<string, { changeId: number; value: Promise<T> }>();

  constructor(private readonly maxEntries: number) {}

  /** Concurrent misses of one key share one computation; a failed one is not kept. */
  through(key: string, changeId: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.changeId === changeId) return hit.value;
    const value = compute();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const entry = { changeId, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
