import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentCount } from '../../server/db/documentCount';
import { connectIsolatedDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof connectIsolatedDatabase>>;
beforeAll(async () => {
  database = await connectIsolatedDatabase('document_count');
});
afterAll(() => database.drop());

describe('documentCount, the size of a collection without reading its documents', () => {
  it('counts what a collection holds, after inserts and deletes', async () => {
    const collection = database.connection.db!.collection('counted');
    await collection.insertMany(Array.from({ length: 120 }, (_, index) => ({ _id: `doc-${index}` as never, answers: { q: index } })));
    expect(await documentCount(database.connection.db!, 'counted')).toBe(120);
    await collection.deleteMany({ _id: { $in: ['doc-0', 'doc-1'] as never[] } });
    expect(await documentCount(database.connection.db!, 'counted')).toBe(await collection.countDocuments({}));
    expect(await documentCount(database.connection.db!, 'counted')).toBe(118);
  });

  it('is 0 for a collection never created', async () => {
    expect(await documentCount(database.connection.db!, 'never-created')).toBe(0);
  });
});
