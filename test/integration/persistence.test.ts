import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../../server/config';
import { connectDatabase } from '../../server/db/connection';
import { startPlatform } from '../../server/platform';
import { isolatedDatabaseUri } from '../helpers/database';

describe('persistence', () => {
  it('reads back, over a new connection, what an earlier connection wrote', async () => {
    const uri = isolatedDatabaseUri('persistence');
    const writer = await connectDatabase(uri);
    await writer.collection('notes').insertOne({ key: 'survives', text: '数据不丢失' });
    await writer.close();

    const reader = await connectDatabase(uri);
    const found = await reader.collection('notes').findOne({ key: 'survives' });
    expect(found?.text).toBe('数据不丢失');
    await reader.dropDatabase();
    await reader.close();
  });

  const binary = inject('ferretdbBinary');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-restart-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.skipIf(!binary)('keeps data across a restart of the whole platform with its embedded database', async () => {
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, FERRETDB_BIN: binary });
    const first = await startPlatform(config);
    expect(first.embedded).toBe(true);
    await first.connection.collection('notes').insertOne({ key: 'restart', value: 42 });
    await first.close();

    const second = await startPlatform(config);
    const health = await fetch(`${second.url}/api/health`).then((response) => response.json());
    expect(health).toEqual({ status: 'ok', db: 'ok' });
    expect(await second.connection.collection('notes').findOne({ key: 'restart' })).toMatchObject({ value: 42 });
    await second.close();
  });
});
