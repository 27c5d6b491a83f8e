import { mongo } from 'mongoose';

/** What became of one document handed to a GroupInsert: stored, or refused because its `_id` (or another unique key) was taken. */
export type InsertOutcome = 'inserted' | 'duplicate-key';

interface Pending<T> {
  document: T;
  resolve(outcome: InsertOutcome): void;
  reject(error: unknown): void;
}

/** MongoDB's own limit is 100,000 per insert; a few hundred interviews are a few megabytes, well under a message's 48 MB. */
const DEFAULT_MAX_BATCH = 256;

/**
 * Group commit for single-document inserts. A document handed over while no write is in flight is sent at
 * once, alone; documents handed over while a write is in flight wait for it and then go together in one
 * unordered insertMany. Under load every commit (and its journal flush, an fsync on the embedded
 * database) then carries many documents instead of one, and no document ever waits for a timer.
 *
 * Each caller learns its own document's fate, as if it had been inserted alone: 'inserted' once the
 * write, with the collection's write concern, is acknowledged; 'duplicate-key' for code 11000; otherwise
 * the error. A batch that fails as a whole is written again one document at a time, so each caller gets
 * its own document's fate; where even that fails (connection lost, write concern not met) the caller gets
 * the error, exactly as from a lone insertOne: clients resend, and the unique `_id` turns a resend of
 * what was stored into a 'duplicate-key'.
 */
export class GroupInsert<T extends mongo.Document> {
  private queue: Pending<T>[] = [];
  private writing = false;

  constructor(
    private readonly collection: mongo.Collection<T>,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
  ) {}

  insert(document: T): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ document, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) await this.write(this.queue.splice(0, this.maxBatch));
    this.writing = false;
  }

  private async write(batch: Pending<T>[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((pending) => pending.document as mongo.OptionalUnlessRequiredId<T>),
        { ordered: false },
      );
      for (const pending of batch) pending.resolve('inserted');
    } catch (error) {
      const refused = refusedDocuments(error);
      if (refused) settleEach(batch, refused);
      // Failed as a whole: each document again alone, so one the database refuses outright (FerretDB closes
      // the connection on a key it cannot store) takes no other caller's document with it.
      else if (batch.length > 1) for (const pending of batch) await this.write([pending]);
      else batch[0]!.reject(error);
    }
  }
}

/** An unordered insert that failed for some documents names each by its index; the others were stored. */
function refusedDocuments(error: unknown): Map<number, mongo.WriteError> | undefined {
  if (!(error instanceof mongo.MongoBulkWriteError) || error.result.getWriteConcernError()) return undefined;
  const writeErrors = [error.writeErrors].flat();
  return writeErrors.length > 0 ? new Map(writeErrors.map((writeError) => [writeError.index, writeError])) : undefined;
}

function settleEach<T>(batch: Pending<T>[], refused: Map<number, mongo.WriteError>): void {
  batch.forEach((pending, index) => {
    const writeError = refused.get(index);
    if (!writeError) pending.resolve('inserted');
    else if (writeError.code === 11000) pending.resolve('duplicate-key');
    else pending.reject(Object.assign(new Error(writeError.errmsg ?? 'the database refused the document'), { code: writeError.code }));
  });
}
