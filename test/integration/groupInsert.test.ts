import { mongo } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupInsert } from '../../server/db/groupInsert';
import { isolatedDatabaseUri } from '../helpers/database';

/**
 * Group commit against the real database: what each caller is told, what is stored, and how many insert
 * commands carried the documents (seen through the driver's command monitoring).
 */

interface Doc {
  _id: string;
  n: number;
  [key: string]: unknown;
}

let client: mongo.MongoClient;
const insertCommands: number[] = [];

beforeAll(async () => {
  client = new mongo.MongoClient(isolatedDatabaseUri('group_insert'), { monitorCommands: true });
  client.on('commandStarted', (event) => {
    if (event.commandName === 'insert') insertCommands.push((event.command.documents as unknown[]).length);
  });
  await client.connect();
});

afterAll(async () => {
  await client.db().dropDatabase();
  await client.close();
});

function collection(name: string): mongo.Collection<Doc> {
  return client.db().collection<Doc>(name);
}

describe('GroupInsert', () => {
  it('stores 100 concurrent documents in far fewer commands than documents, telling each caller "inserted"', async () => {
    const target = collection('concurrent');
    const insert = new GroupInsert(target);
    insertCommands.length = 0;
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, n) => insert.insert({ _id: `doc-${n}`, n })));
    expect(outcomes).toEqual(Array(100).fill('inserted'));
    expect(await target.countDocuments()).toBe(100);
    // The first goes alone at once; the rest wait for it and go together.
    expect(insertCommands[0]).toBe(1);
    expect(insertCommands.reduce((sum, size) => sum + size, 0)).toBe(100);
    expect(insertCommands.length).toBeLessThanOrEqual(3);
  });

  it('tells a repeated _id "duplicate-key", within one batch and against what is stored, and stores the others', async () => {
    const target = collection('duplicates');
    await target.insertOne({ _id: 'stored', n: 0 });
    const insert = new GroupInsert(target);
    const outcomes = await Promise.all([
      insert.insert({ _id: 'first', n: 1 }),
      insert.insert({ _id: 'stored', n: 2 }),
      insert.insert({ _id: 'twice', n: 3 }),
      insert.insert({ _id: 'twice', n: 4 }),
      insert.insert({ _id: 'last', n: 5 }),
    ]);
    expect(outcomes).toEqual(['inserted', 'duplicate-key', 'inserted', 'duplicate-key', 'inserted']);
    const stored = await target.find().sort({ n: 1 }).toArray();
    expect(stored.map((doc) => [doc._id, doc.n])).toEqual([
      ['stored', 0],
      ['first', 1],
      ['twice', 3],
      ['last', 5],
    ]);
  });

  it('rejects only the documents that cannot be stored; the batch\'s other documents are stored and told so', async () => {
    const target = collection('refused');
    const insert = new GroupInsert(target);
    const settled = await Promise.allSettled([
      insert.insert({ _id: 'alone', n: 0 }),
      insert.insert({ _id: 'before', n: 1 }),
      // Refused by the database on its own (a write error for this document only).
      insert.insert({ _id: 'dollar', n: 2, $where: 'a top-level field name cannot start with $' }),
      // Over the 16 MiB document limit: the driver refuses the whole command, so the batch is retried one by one.
      insert.insert({ _id: 'huge', n: 3, text: 'x'.repeat(17 * 1024 * 1024) }),
      insert.insert({ _id: 'after', n: 4 }),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await target.find().sort({ n: 1 }).toArray()).map((doc) => doc._id)).toEqual(['alone', 'before', 'after']);
  });

  it('rejects every caller when the database cannot be reached, storing nothing', async () => {
    const closed = new mongo.MongoClient(isolatedDatabaseUri('group_insert_closed'));
    await closed.connect();
    const target = closed.db().collection<Doc>('unreachable');
    await closed.close();
    const insert = new GroupInsert(target);
    const settled = await Promise.allSettled([insert.insert({ _id: 'a', n: 0 }), insert.insert({ _id: 'b', n: 1 })]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
