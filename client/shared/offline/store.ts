import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Draft, OutboxItem, Rejection, ReturnedInterview, SyncStatus } from './records';

interface OfflineSchema extends DBSchema {
  drafts: { key: string; value: Draft; indexes: { byInterviewer: string } };
  outbox: { key: string; value: OutboxItem; indexes: { byStateQueued: [string, string] } };
  /** Small named values: the session, the cached sampling points, the sync status. */
  settings: { key: string; value: unknown };
}

export const OFFLINE_DB_NAME = 'migrant-health-offline';
const DB_VERSION = 1;

/**
 * Drafts, the outbox and small settings in IndexedDB. Every write is its own committed transaction, so a
 * crash or a flat battery loses nothing that was acknowledged to the caller. The connection is reopened
 * whenever the browser closes it (the Enketo bug: writes after such a close were lost) or a newer version
 * of the app needs it closed to upgrade.
 */
export class OfflineStore {
  private connection?: Promise<IDBPDatabase<OfflineSchema>>;

  constructor(private readonly name: string = OFFLINE_DB_NAME) {}

  private db(): Promise<IDBPDatabase<OfflineSchema>> {
    this.connection ??= openDB<OfflineSchema>(this.name, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('byInterviewer', 'interviewer');
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byStateQueued', ['state', 'queuedAt']);
        db.createObjectStore('settings');
      },
      blocking: () => this.close(),
      terminated: () => {
        this.connection = undefined;
      },
    }).catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  close(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((db) => db.close()).catch(() => undefined);
  }

  async saveDraft(draft: Draft): Promise<void> {
    await (await this.db()).put('drafts', draft);
  }

  async getDraft(id: string): Promise<Draft | undefined> {
    return (await this.db()).get('drafts', id);
  }

  /** The interviewer's unfinished interviews, most recently touched first. */
  async listDrafts(interviewer: string): Promise<Draft[]> {
    const drafts = await (await this.db()).getAllFromIndex('drafts', 'byInterviewer', interviewer);
    return drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async discardDraft(id: string): Promise<void> {
    await (await this.db()).delete('drafts', id);
  }

  /** Moves a finished interview from the drafts to the outbox in one transaction: it is always in exactly one. */
  async queue(item: OutboxItem): Promise<void> {
    const tx = (await this.db()).transaction(['drafts', 'outbox'], 'readwrite');
    await Promise.all([tx.objectStore('outbox').put(item), tx.objectStore('drafts').delete(item.id), tx.done]);
  }

  /** A rejected interview goes back to the drafts, same id, so the interviewer can correct and resend it. */
  async reopen(id: string, draft: Draft): Promise<void> {
    const tx = (await this.db()).transaction(['drafts', 'outbox'], 'readwrite');
    await Promise.all([tx.objectStore('drafts').put(draft), tx.objectStore('outbox').delete(id), tx.done]);
  }

  async getOutboxItem(id: string): Promise<OutboxItem | undefined> {
    return (await this.db()).get('outbox', id);
  }

  async listOutbox(): Promise<OutboxItem[]> {
    return (await this.db()).getAll('outbox');
  }

  async countOutbox(): Promise<{ waiting: number; rejected: number }> {
    const db = await this.db();
    const [waiting, rejected] = await Promise.all(['waiting', 'rejected'].map((state) => db.countFromIndex('outbox', 'byStateQueued', stateRange(state))));
    return { waiting: waiting ?? 0, rejected: rejected ?? 0 };
  }

  /** The oldest interviews waiting to be sent. */
  async waiting(limit: number): Promise<OutboxItem[]> {
    return (await this.db()).getAllFromIndex('outbox', 'byStateQueued', stateRange('waiting'), limit);
  }

  /** The server has them: only now do they leave the device. Unknown ids (a repeated acknowledgement) are ignored. */
  async acknowledge(ids: readonly string[]): Promise<void> {
    const tx = (await this.db()).transaction('outbox', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  }

  async reject(id: string, rejection: Rejection): Promise<void> {
    await this.update(id, (item) => ({ ...item, state: 'rejected', rejection }));
  }

  async recordAttempts(ids: readonly string[]): Promise<void> {
    const tx = (await this.db()).transaction('outbox', 'readwrite');
    await Promise.all([
      ...ids.map(async (id) => {
        const item = await tx.store.get(id);
        if (item) await tx.store.put({ ...item, attempts: item.attempts + 1 });
      }),
      tx.done,
    ]);
  }

  private async update(id: string, change: (item: OutboxItem) => OutboxItem): Promise<void> {
    const tx = (await this.db()).transaction('outbox', 'readwrite');
    const item = await tx.store.get(id);
    if (item) await tx.store.put(change(item));
    await tx.done;
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    return (await (await this.db()).get('settings', key)) as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await (await this.db()).put('settings', value, key);
  }

  async deleteSetting(key: string): Promise<void> {
    await (await this.db()).delete('settings', key);
  }

  /** The interviews returned to this interviewer as last fetched, so the list is there offline. */
  async listReturned(interviewer: string): Promise<ReturnedInterview[]> {
    return (await this.getSetting<ReturnedInterview[]>(returnedKey(interviewer))) ?? [];
  }

  async saveReturned(interviewer: string, items: ReturnedInterview[]): Promise<void> {
    await this.setSetting(returnedKey(interviewer), items);
  }

  /**
   * A returned interview becomes a draft (same id) in one transaction: it leaves the returned list as it
   * enters the drafts, so it is never in both nor lost between them.
   */
  async reopenReturned(interviewer: string, draft: Draft): Promise<void> {
    const tx = (await this.db()).transaction(['drafts', 'settings'], 'readwrite');
    const settings = tx.objectStore('settings');
    const returned = ((await settings.get(returnedKey(interviewer))) as ReturnedInterview[] | undefined) ?? [];
    await Promise.all([
      tx.objectStore('drafts').put(draft),
      settings.put(
        returned.filter((item) => item.id !== draft.id),
        returnedKey(interviewer),
      ),
      tx.done,
    ]);
  }

  async getSyncStatus(): Promise<SyncStatus> {
    return (await this.getSetting<SyncStatus>('syncStatus')) ?? { failures: 0 };
  }

  async setSyncStatus(status: SyncStatus): Promise<void> {
    await this.setSetting('syncStatus', status);
  }
}

const returnedKey = (interviewer: string) => `returned:${interviewer}`;

function stateRange(state: string): IDBKeyRange {
  return IDBKeyRange.bound([state, ''], [state, '\uffff']);
}
