import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { modelsOf } from '../../server/models';
import { generateRespondent } from '../../scripts/synthetic';
import { importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

function cawiSubmission(seed: number) {
  const respondent = generateRespondent({ seed, province: '53', status: 'complete' });
  return { id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'cawi', status: respondent.status, answers: respondent.answers, paradata: { locale: 'zh-cn' } };
}
const invalidSubmission = (seed: number) => ({ ...cawiSubmission(seed), answers: { sex: 'unknown' } });

describe('capped links under concurrent valid and invalid phones (findings 5 and 6)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: ReturnType<typeof createApp>;
  let admin: string;
  const newLink = async (maxResponses: number) => (await request(api.app).post('/api/links').set('Authorization', `Bearer ${admin}`).send({ samplingPoint: 'KM-01', instrumentId: 'migrant-health', maxResponses })).body as { id: string; token: string };
  const send = (token: string, body: object) => request(app).post('/api/responses').set('X-Link-Token', token).send(body);

  beforeAll(async () => {
    api = await startTestApi('link-cap');
    // The respondent rate limits are not what this test is about.
    app = createApp({ connection: api.connection, state: api.state, config: { ...api.context.config, RESPONDENT_RATE_PER_IP: 100_000, RESPONDENT_RATE_PER_LINK: 100_000 } });
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
  });
  afterAll(() => api.drop());

  it('on a cap-5 link, 10 valid and 10 invalid submissions at once: exactly 5 stored, invalid ones never take a valid one’s place (5 trials)', async () => {
    for (let trial = 0; trial < 5; trial += 1) {
      const link = await newLink(5);
      const bodies = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? cawiSubmission(1000 * trial + index) : invalidSubmission(1000 * trial + index)));
      const answers = await Promise.all(bodies.map((body) => send(link.token, body)));
      const valid = answers.filter((_, index) => index % 2 === 0).map((answer) => answer.status);
      const invalid = answers.filter((_, index) => index % 2 === 1).map((answer) => answer.status);
      // An invalid one is a 400, or a 409 once the link is full: never stored either way.
      expect(invalid.every((status) => status === 400 || status === 409), `trial ${trial}: ${invalid}`).toBe(true);
      expect(valid.filter((status) => status === 201), `trial ${trial}: ${valid}`).toHaveLength(5);
      expect(valid.filter((status) => status === 409)).toHaveLength(5);
      expect(await modelsOf(api.connection).Response.countDocuments({ linkId: link.id })).toBe(5);
    }
  }, 120_000);

  it('a full link refuses a new submission without scanning responses or counting slots, and still answers a resend 200', async () => {
    const link = await newLink(2);
    const stored = [cawiSubmission(1), cawiSubmission(2)];
    for (const body of stored) expect((await send(link.token, body)).status).toBe(201);
    expect((await send(link.token, cawiSubmission(3))).status).toBe(409);

    const commands: { name: string; collection: unknown; filter: unknown }[] = [];
    const client = api.connection.getClient() as unknown as mongo.MongoClient & { monitorCommands: boolean };
    const listener = (event: mongo.CommandStartedEvent) => commands.push({ name: event.commandName, collection: event.command[event.commandName], filter: event.command.filter ?? event.command.query });
    client.monitorCommands = true;
    client.on('commandStarted', listener);
    try {
      const refused = await send(link.token, cawiSubmission(4));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('link-capped');
      const resend = await send(link.token, { ...stored[0]!, id: stored[0]!.id.toUpperCase() });
      expect(resend.status).toBe(200);
    } finally {
      client.off('commandStarted', listener);
      client.monitorCommands = false;
    }
    const scans = commands.filter(({ name, collection, filter }) => (collection === 'responses' || collection === 'linkSlots') && !(name === 'find' && typeof filter === 'object' && filter !== null && '_id' in filter && Object.keys(filter).length === 1) && name !== 'insert');
    expect(scans, JSON.stringify(commands)).toEqual([]);
  });

  it('a place given back (an invalid or duplicate submission) is taken by the next valid respondent', async () => {
    const link = await newLink(1);
    expect((await send(link.token, invalidSubmission(5))).status).toBe(400);
    const first = cawiSubmission(6);
    expect((await send(link.token, first)).status).toBe(201);
    expect((await send(link.token, first)).status).toBe(200);
    expect((await send(link.token, cawiSubmission(7))).status).toBe(409);
    expect(await modelsOf(api.connection).LinkSlot.countDocuments({ linkId: link.id })).toBe(1);
  });
});
