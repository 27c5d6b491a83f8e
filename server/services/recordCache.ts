import type { Connection } from 'mongoose';

/**
 * Records that every intake request reads but that change rarely (accounts, sampling points), kept in
 * memory for a short while so a submission costs one database write instead of three round trips. Each
 * database connection has its own cache; a change made through this server clears the entry at once, a
 * change made by another server instance is seen after at most `ttlMs`.
 */
export class RecordCache<Value> {
  private readonly entries = new WeakMap<Connection, Map<string, { value: Value; expires: number }>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached record, or the one `load` finds (which is then kept; a missing record is not). */
  async read(connection: Connection, key: string, load: () => Promise<Value | undefined>): Promise<Value | undefined> {
    const entries = this.entriesOf(connection);
    const cached = entries.get(key);
    if (cached && cached.expires > this.now()) return cached.value;
    const value = await load();
    if (value === undefined) entries.delete(key);
    else entries.set(key, { value, expires: this.now() + this.ttlMs });
    return value;
  }

  forget(connection: Connection, key?: string): void {
    if (key === undefined) this.entries.delete(connection);
    else this.entries.get(connection)?.delete(key);
  }

  private entriesOf(connection: Connection): Map<string, { value: Value; expires: number }> {
    let entries = this.entries.get(connection);
    if (!entries) this.entries.set(connection, (entries = new Map()));
    return entries;
  }
}
