import type { Express } from 'express';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { expect } from 'vitest';
import type { z } from 'zod';
import { createApp, type AppSetup } from '../../server/app';
import { loadConfig } from '../../server/config';
import { prepareDatabase } from '../../server/services/setup';
import { createServerState, type ServerState } from '../../server/state';
import { connectIsolatedDatabase } from './database';

/** The schema a client parses this reply with (contracts/) takes the server's reply as it is: no issue. */
export const expectContract = (schema: z.ZodType, body: unknown) => expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);

export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

/** The whole API over a database of its own, prepared as at server start (indexes, first admin); `env` adds configuration. */
export async function startTestApi(
  label: string,
  env: Record<string, string> = {},
): Promise<{
  app: Express;
  context: AppSetup;
  connection: Connection;
  /** The app's in-memory state, for a test that calls services directly or reads the analysis rows. */
  state: ServerState;
  drop(): Promise<void>;
}> {
  const database = await connectIsolatedDatabase(label);
  const config = loadConfig({ AUTH_SECRET: 'a-test-secret-that-is-at-least-32-characters', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, LOG_LEVEL: 'silent', ...env });
  await prepareDatabase(database.connection, config, () => undefined);
  const state = createServerState(database.connection);
  const context = { connection: database.connection, config, state };
  return { app: createApp(context), context, connection: database.connection, state, drop: database.drop };
}

/** A supertest body parser that collects a binary response (XLSX, zip) as one Buffer. */
export const binaryBody = (response: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

export async function signIn(app: Express, username: string, password: string): Promise<string> {
  const response = await request(app).post('/api/auth/login').send({ username, password });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}

/** A small frame of two sites in Yunnan (West) and one in Henan (Central). */
export const SAMPLE_FRAME_CSV = [
  'stratum,site_code,site_name,site_type,province_code,city_code,county_code,migrant_population,selection_probability,planned_interviews',
  '530102,KM-01,五华区红云社区,community,53,5301,530102,1200,0.25,20',
  '530102,KM-02,五华区篆新农贸市场,market,53,5301,530102,800,0.2,20',
  '410105,ZZ-01,金水区富士康园区,enterprise,41,4101,410105,5000,0.5,30',
].join('\n');

export async function importFrame(app: Express, adminToken: string, csv = SAMPLE_FRAME_CSV) {
  return request(app).post('/api/sampling-points/import').set('Authorization', `Bearer ${adminToken}`).set('Content-Type', 'text/csv').send(csv);
}

export async function createInterviewer(app: Express, adminToken: string, username: string, samplingPoints: string[]): Promise<string> {
  const password = 'interviewer-password';
  const created = await request(app).post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ username, password, role: 'interviewer', samplingPoints });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
  return signIn(app, username, password);
}
