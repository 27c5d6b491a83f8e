import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose, { type Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupKeyOf, restoreBackup, writeBackup } from '../../server/db/backup';
import { generateRespondent } from '../../scripts/synthetic';
import { connectIsolatedDatabase } from '../helpers/database';
import { createInterviewer, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const { EJSON } = mongoose.mongo.BSON;

/** Every collection: its documents in _id order as canonical Extended JSON, and its indexes (name, key, unique). */
async function snapshot(connection: Connection) {
  const database = connection.db!;
  const names = (await database.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name).sort();
  const collections: Record<string, { documents: string[]; indexes: string[] }> = {};
  for (const name of names) {
    const documents = (await database.collection(name).find({}).toArray()).map((document) => EJSON.stringify(document, { relaxed: false })).sort();
    const indexes = (await database.collection(name).indexes()).map((index) => JSON.stringify({ name: index.name, key: index.key, unique: index.unique ?? false })).sort();
    collections[name] = { documents, indexes };
  }
  return collections;
}

describe('backup and restore', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let folder: string;
  const key = randomBytes(32);
  const file = () => path.join(folder, `backup-${randomBytes(3).toString('hex')}.mhb`);

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-backup-'));
    api = await startTestApi('backup-source');
    const admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    const interviewer = await createInterviewer(api.app, admin, 'backup.interviewer', ['KM-01']);
    await request(api.app).post('/api/links').set('Authorization', `Bearer ${admin}`).send({ samplingPoint: 'KM-02', instrumentId: 'migrant-health' });
    for (let seed = 0; seed < 12; seed += 1) {
      const respondent = generateRespondent({ seed, province: '53', status: seed % 5 === 0 ? 'partial' : 'complete' });
      const stored = await request(api.app)
        .post('/api/responses')
        .set('Authorization', `Bearer ${interviewer}`)
        .send({ id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'capi', status: respondent.status, answers: respondent.answers, paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', locale: 'zh-cn', appVersion: 'test' } });
      expect(stored.status).toBe(201);
    }
  });
  afterAll(async () => {
    await api.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('round-trips the seeded database document for document: every collection, every index, types kept', async () => {
    const before = await snapshot(api.connection);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['responses', 'samplingPoints', 'users', 'links', 'auditLog']));
    const backup = file();
    const summary = await writeBackup(api.connection, backup, key);
    expect(summary.collections.responses).toBe(12);
    const bytes = fs.readFileSync(backup);
    expect(bytes.subarray(0, 8).toString()).toBe('MHBACKUP');
    expect(bytes.includes(Buffer.from('backup.interviewer'))).toBe(false); // encrypted, not merely compressed
    expect(fs.existsSync(`${backup}.partial`)).toBe(false);

    const target = await connectIsolatedDatabase('backup-target');
    await restoreBackup(target.connection, backup, { key, force: false });
    expect(await snapshot(target.connection)).toEqual(before);
    const stored = await target.connection.db!.collection('responses').findOne({});
    expect(stored?.receivedAt).toBeInstanceOf(Date);
    // The restored indexes work: a second account of the same name is refused again.
    const user = await target.connection.db!.collection('users').findOne({ username: 'backup.interviewer' });
    await expect(target.connection.db!.collection('users').insertOne({ ...user, _id: new mongoose.Types.ObjectId() })).rejects.toMatchObject({ code: 11000 });
    await target.drop();
  });

  it('refuses a non-empty database unless forced, and then replaces its collections', async () => {
    const backup = file();
    await writeBackup(api.connection, backup, key);
    const target = await connectIsolatedDatabase('backup-occupied');
    await target.connection.db!.collection('users').insertOne({ username: 'stranger' });
    await expect(restoreBackup(target.connection, backup, { key, force: false })).rejects.toThrow(/not empty \(users\).*--force/);
    expect(await target.connection.db!.collection('responses').countDocuments()).toBe(0);
    await restoreBackup(target.connection, backup, { key, force: true });
    expect(await snapshot(target.connection)).toEqual(await snapshot(api.connection));
    await target.drop();
  });

  it('restores nothing from a wrong key, a changed byte or a cut-short file, and says why', async () => {
    const backup = file();
    await writeBackup(api.connection, backup, key);
    const target = await connectIsolatedDatabase('backup-refused');
    await expect(restoreBackup(target.connection, backup, { key: randomBytes(32), force: false })).rejects.toThrow(/does not authenticate/);
    const changed = file();
    const bytes = fs.readFileSync(backup);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    fs.writeFileSync(changed, bytes);
    await expect(restoreBackup(target.connection, changed, { key, force: false })).rejects.toThrow(BackupError);
    const cut = file();
    fs.writeFileSync(cut, fs.readFileSync(backup).subarray(0, 200));
    await expect(restoreBackup(target.connection, cut, { key, force: false })).rejects.toThrow(BackupError);
    await expect(restoreBackup(target.connection, backup, { key: undefined, force: false })).rejects.toThrow(/encrypted: set BACKUP_KEY/);
    expect(await target.connection.db!.listCollections().toArray()).toEqual([]);
    await target.drop();
  });

  it('BACKUP_KEY must be 32 bytes; without one a backup needs the explicit --unencrypted', () => {
    expect(() => backupKeyOf(undefined)).toThrow(/--unencrypted/);
    expect(() => backupKeyOf('too-short')).toThrow(/32 bytes/);
    expect(backupKeyOf(key.toString('hex'))).toEqual(key);
    expect(backupKeyOf(key.toString('base64'))).toEqual(key);
  });

  it('npm run backup / restore: the commands on MONGODB_URI, encrypted by BACKUP_KEY', async () => {
    const source = await connectIsolatedDatabase('backup-cli-source');
    await source.connection.db!.collection('samplingPoints').insertMany([{ siteCode: 'A-1', siteName: '测试社区' }, { siteCode: 'A-2', when: new Date('2026-05-01T00:00:00Z') }]);
    const target = await connectIsolatedDatabase('backup-cli-target');
    const backup = file();
    const env = { PATH: process.env.PATH ?? '', BACKUP_KEY: key.toString('hex') };
    const cli = (script: string, args: string[], uri: string) => run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: root, env: { ...env, MONGODB_URI: uri } });
    const backedUp = await cli('backup', ['--out', backup], source.uri);
    expect(backedUp.stdout).toMatch(/Backed up samplingPoints 2 .*AES-256-GCM/);
    const restored = await cli('restore', [backup], target.uri);
    expect(restored.stdout).toMatch(/Restored samplingPoints 2/);
    expect(await snapshot(target.connection)).toEqual(await snapshot(source.connection));
    await source.drop();
    await target.drop();
  }, 120_000);
});
