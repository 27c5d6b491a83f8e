import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { connectDatabase } from '../../server/db/connection';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { findResponse, packOldShape } from '../../server/queries/responses';
import { scanAnalysisRows } from '../../server/services/analysisStore';
import { migrateResponseStorage } from '../../server/services/storageMigration';
import { generateRespondent } from '../../scripts/synthetic';
import { SAMPLE_FRAME_CSV, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { isolatedDatabaseUri } from '../helpers/database';

const uri = isolatedDatabaseUri('storage_migration');
const config = loadConfig({ ...process.env, PORT: '0', MONGODB_URI: uri, ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, AUTH_SECRET: 'a-test-secret-that-is-at-least-32-characters', LOG_LEVEL: 'silent', ANALYSIS_CATCH_UP_SECONDS: '0' });
const SITES = ['KM-01', 'KM-02', 'ZZ-01'];

function submission(index: number) {
  const respondent = generateRespondent({ seed: `migration-${index}`, province: index % 3 === 2 ? '41' : '53', status: index % 5 === 4 ? 'refused' : 'complete' });
  return {
    id: randomUUID(),
    instrumentId: 'migrant-health',
    instrumentVersion: 1,
    samplingPoint: SITES[index % 3],
    mode: 'capi',
    status: respondent.status,
    answers: respondent.answers,
    paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', durationSeconds: 1200 + index, pageSeconds: { consent: 30, profile: 40 + index }, locale: 'zh-cn', appVersion: 'test' },
  };
}

type Target = Express | string;

/** The estimates reply without the moment it was made (its methods say when). */
const withoutGenerationTime = (reply: unknown): unknown =>
  JSON.parse(JSON.stringify(reply, (key, value: unknown) => (key === 'generatedAt' || (value as { item?: { en?: string } } | null)?.item?.en === 'Generated at' ? undefined : value)));
const bearer = async (target: Target) => `Bearer ${(await request(target).post('/api/auth/login').send({ username: 'admin', password: TEST_ADMIN_PASSWORD })).body.token as string}`;

/** What people see of the stored interviews: the estimates, the data export, the listing and each interview's view. */
async function whatIsSeen(target: Target, ids: string[]) {
  const auth = await bearer(target);
  const get = async (path: string) => {
    const response = await request(target).get(path).set('Authorization', auth);
    expect(response.status, `${path}: ${response.text.slice(0, 300)}`).toBe(200);
    return response;
  };
  const estimates = withoutGenerationTime((await get('/api/estimates?by=region')).body);
  const csv = (await get('/api/exports/responses.csv')).text;
  const listing = (await get('/api/responses?pageSize=500')).body;
  const views = [];
  for (const id of ids) views.push((await get(`/api/responses/${id}`)).body);
  return { estimates, csv, listing, views };
}

/** The raw documents of the responses collection, by id. */
async function rawResponses(connection: Connection) {
  const documents = await connection.db!.collection('responses').find({}).toArray();
  return new Map(documents.map((document) => [String(document._id), document]));
}

let direct: Connection;
let platform: RunningPlatform | undefined;
const ids: string[] = [];
const oldShape: object[] = [];
let seen: Awaited<ReturnType<typeof whatIsSeen>>;
let storedByIntake: Awaited<ReturnType<typeof rawResponses>>;

/** The interviews in the shape stored before the packed one, and no record of the migration. */
async function storeOldShape() {
  await direct.db!.collection('responses').deleteMany({});
  await direct.db!.collection('responses').insertMany(oldShape.map((document) => ({ ...document })) as never[]);
  await direct.db!.collection('migrations').deleteMany({});
}

const collectionNames = async () => (await direct.db!.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name).sort();

beforeAll(async () => {
  // Interviews stored the way the server stores them now, and what the platform shows of them.
  const first = await startPlatform(config);
  try {
    const admin = await bearer(first.url);
    expect((await request(first.url).post('/api/sampling-points/import').set('Authorization', admin).set('Content-Type', 'text/csv').send(SAMPLE_FRAME_CSV)).status).toBe(200);
    for (let index = 0; index < 10; index++) {
      const body = submission(index);
      expect((await request(first.url).post('/api/responses').set('Authorization', admin).send(body)).status).toBe(201);
      ids.push(body.id);
    }
    seen = await whatIsSeen(first.url, ids);
  } finally {
    await first.close();
  }
  // The same interviews rewritten as the server stored them before: answers, scores and paradata as sub-documents.
  direct = await connectDatabase(uri);
  storedByIntake = await rawResponses(direct);
  for (const id of ids) oldShape.push((await findResponse(direct, id))!);
  await storeOldShape();
}, 180_000);

afterAll(async () => {
  await platform?.close();
  await direct?.dropDatabase().catch(() => undefined);
  await direct?.close();
});

describe('the responses storage shape and its migration at start', () => {
  it('new interviews are stored packed: answers, scores and paradata as JSON strings, the duration beside them', async () => {
    for (const [index, id] of ids.entries()) {
      const stored = storedByIntake.get(id)!;
      const sent = submission(index);
      expect(JSON.parse(stored.answers as string)).toEqual(sent.answers);
      const at = (iso: string) => new Date(iso).toISOString();
      expect(JSON.parse(stored.paradata as string)).toEqual({ ...sent.paradata, startedAt: at(sent.paradata.startedAt), completedAt: at(sent.paradata.completedAt) });
      expect(stored.durationSeconds).toBe(sent.paradata.durationSeconds);
      expect(stored.scores === null || typeof stored.scores === 'string').toBe(true);
    }
    // The old-shape copy beforeAll wrote: sub-documents, the paradata's dates as dates.
    const raw = await rawResponses(direct);
    expect(typeof raw.get(ids[0]!)!.answers).toBe('object');
    expect(raw.get(ids[0]!)!.paradata.startedAt).toBeInstanceOf(Date);
    expect(raw.get(ids[0]!)!.durationSeconds).toBeUndefined();
  });

  it('old-shape documents read the same before the migration', async () => {
    const before = await connectDatabase(uri);
    try {
      expect(await whatIsSeen(createApp({ connection: before, config }), ids)).toEqual(seen);
    } finally {
      await before.close();
    }
  }, 120_000);

  it('are migrated at start, with a progress line; the estimates, the export, the listing and the interview views are unchanged', async () => {
    const log = vi.spyOn(console, 'log');
    try {
      platform = await startPlatform(config);
      expect(await platform.storageMigration).toBe(ids.length);
      expect(log.mock.calls.map(([line]) => String(line))).toContain(`迁移 responses 存储格式: ${ids.length}/${ids.length} (storage migration of responses: ${ids.length} of about ${ids.length} documents rewritten)`);
    } finally {
      log.mockRestore();
    }
    const raw = await rawResponses(direct);
    for (const id of ids) {
      const stored = raw.get(id)!;
      expect([typeof stored.answers, typeof stored.paradata, stored.scores === null || typeof stored.scores === 'string'], id).toEqual(['string', 'string', true]);
      expect(stored.durationSeconds).toBe(JSON.parse(stored.paradata as string).durationSeconds);
    }
    expect(await whatIsSeen(platform.url, ids)).toEqual(seen);
    const rows = await scanAnalysisRows(direct);
    expect(rows.length).toBe(ids.length);
  }, 120_000);

  it('running it again changes nothing', async () => {
    const before = await rawResponses(direct);
    expect(await packOldShape(direct)).toBe(0);
    expect(await migrateResponseStorage(direct, { soleWriter: false, print: () => undefined })).toBe(0);
    // Even without the record that it finished, a second run finds nothing to rewrite.
    await direct.db!.collection('migrations').deleteMany({});
    expect(await migrateResponseStorage(direct, { soleWriter: false, print: () => undefined })).toBe(0);
    expect(await rawResponses(direct)).toEqual(before);
  }, 60_000);

  describe('on a database only this server writes to (the embedded one): by copy and switch', () => {
    const print = () => undefined;
    let packedInPlace: Awaited<ReturnType<typeof rawResponses>>;
    let collectionsBefore: string[];
    let indexesBefore: unknown;

    beforeAll(async () => {
      packedInPlace = await rawResponses(direct);
      collectionsBefore = await collectionNames();
      indexesBefore = await direct.db!.collection('responses').indexes();
    });

    it('writes what the in-place migration writes, keeps the indexes, and leaves no other collection', async () => {
      await storeOldShape();
      expect(await migrateResponseStorage(direct, { soleWriter: true, print })).toBe(ids.length);
      expect(await rawResponses(direct)).toEqual(packedInPlace);
      expect(await collectionNames()).toEqual(collectionsBefore);
      expect(await direct.db!.collection('responses').indexes()).toEqual(indexesBefore);
      expect(await whatIsSeen(createApp({ connection: direct, config }), ids)).toEqual(seen);
      // The unique _id still refuses a second copy of an interview.
      await expect(direct.db!.collection('responses').insertOne({ _id: ids[0] as never })).rejects.toMatchObject({ code: 11000 });
      expect(await migrateResponseStorage(direct, { soleWriter: true, print })).toBe(0);
    }, 120_000);

    it('a copy a stop cut short is started again: the collection was never touched', async () => {
      await storeOldShape();
      await direct.db!.collection('responses_packing').insertMany([...packedInPlace.values()].slice(0, 3) as never[]);
      expect(await migrateResponseStorage(direct, { soleWriter: true, print })).toBe(ids.length);
      expect(await rawResponses(direct)).toEqual(packedInPlace);
      expect(await collectionNames()).toEqual(collectionsBefore);
    }, 60_000);

    it('a switch a stop cut short between its two renames is finished by the next start', async () => {
      // The whole copy beside the renamed old collection, and the empty collection this start's index creation made.
      await storeOldShape();
      await direct.db!.collection('responses_packing').insertMany([...packedInPlace.values()] as never[]);
      await direct.db!.collection('responses').rename('responses_unpacked');
      await direct.db!.createCollection('responses');
      expect(await migrateResponseStorage(direct, { soleWriter: true, print })).toBe(ids.length);
      expect(await rawResponses(direct)).toEqual(packedInPlace);
      expect(await collectionNames()).toEqual(collectionsBefore);
      expect(await direct.db!.collection('responses').indexes()).toEqual(indexesBefore);
    }, 60_000);

    it('refuses to choose when the collection was written to after such a stop, and changes nothing', async () => {
      await storeOldShape();
      await direct.db!.collection('responses_packing').insertMany([...packedInPlace.values()] as never[]);
      await direct.db!.collection('responses').rename('responses_unpacked');
      await direct.db!.collection('responses').insertOne({ _id: 'written-after-the-stop' as never });
      await expect(migrateResponseStorage(direct, { soleWriter: true, print })).rejects.toThrow(/responses、responses_packing 与 responses_unpacked 都有数据.*restore a backup/);
      expect(await direct.db!.collection('responses').countDocuments()).toBe(1);
      expect(await direct.db!.collection('responses_unpacked').countDocuments()).toBe(ids.length);
      expect(await direct.db!.collection('responses_packing').countDocuments()).toBe(ids.length);
      // Put right for the tests after this one.
      await direct.db!.collection('responses').drop();
      await direct.db!.collection('responses_packing').drop();
      await direct.db!.collection('responses_unpacked').rename('responses');
    }, 60_000);
  });
});

