/**
 * Records that every intake request reads but that change rarely (accounts, sampling points), kept in
 * memory for a short while so a submission costs one database write instead of three round trips. Each
 * server has its own caches (ServerState); a change made through this server clears the entry at once, a
 * change made by another server instance is seen after at most `ttlMs`.
 */
export class RecordCache<Value> {
  private readonly entries = new Map<string, { value: Value; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached record, or the one `load` finds (which is then kept; a missing record is not). */
  async read(key: string, load: () => Promise<Value | undefined>): Promise<Value | undefined> {
    const cached = this.entries.get(key);
    if (cached && cached.expires > this.now()) return cached.value;
    const value = await load();
    if (value === undefined) this.entries.delete(key);
    else this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    return value;
  }

  forget(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
