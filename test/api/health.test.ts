import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { connectDatabase } from '../../server/db/connection';
import { connectIsolatedDatabase } from '../helpers/database';

describe('GET /api/health', () => {
  const config = loadConfig({});
  let database: Awaited<ReturnType<typeof connectIsolatedDatabase>>;
  beforeAll(async () => {
    database = await connectIsolatedDatabase('health');
  });
  afterAll(() => database.drop());

  it('answers ok when the database answers a ping', async () => {
    const response = await request(createApp({ connection: database.connection, config })).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('answers 503 with db "down" and the database-unavailable error body when the connection is gone', async () => {
    const connection = await connectDatabase(database.uri);
    await connection.close();
    const response = await request(createApp({ connection, config })).get('/api/health');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'degraded', db: 'down', code: 'database-unavailable', message: expect.stringContaining('数据库暂时不可用'), messageEn: expect.stringContaining('database is unavailable') });
  });

  it('answers 404 in JSON for an unknown API route', async () => {
    const response = await request(createApp({ connection: database.connection, config })).get('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not-found');
  });
});
