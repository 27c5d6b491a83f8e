import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { createRandom, generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

const RESPONSES = 1000;
const CLIENTS_PER_REPLAY = 8;

/**
 * Offline tablets resend whatever they are unsure about, in any order, possibly from two devices at
 * once. Two concurrent replays of the same 1,000 interviews over real HTTP must leave exactly 1,000.
 */
describe('replaying the same 1,000 responses twice, concurrently, in random order', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let server: http.Server;
  let baseUrl: string;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi('replay');
    const admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    token = await createInterviewer(api.app, admin, 'replayer', ['KM-01', 'KM-02']);
    server = http.createServer(api.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await api.drop();
  });

  it('stores each exactly once', { timeout: 900_000 }, async () => {
    const submissions = Array.from({ length: RESPONSES }, (_, index) => {
      const respondent = generateRespondent({ seed: `replay-${index}` });
      return {
        id: randomUUID(),
        instrumentId: 'migrant-health',
        instrumentVersion: 1,
        samplingPoint: index % 2 ? 'KM-01' : 'KM-02',
        mode: 'capi',
        status: respondent.status,
        answers: respondent.answers,
        paradata: { completedAt: '2026-05-02T10:00:00Z' },
      };
    });
    const statuses = await Promise.all([replay(submissions, 'first'), replay(submissions, 'second')]);
    const counts = tally(statuses.flat());
    expect(counts[500] ?? 0).toBe(0);
    expect(counts[400] ?? 0).toBe(0);
    expect(counts[409] ?? 0).toBe(0);
    // A resend after a reset connection may find its first attempt stored: then it is a 200, not a 201.
    expect((counts[201] ?? 0) + (counts[200] ?? 0)).toBe(2 * RESPONSES);
    expect(counts[201]).toBeLessThanOrEqual(RESPONSES);
    const { Response } = modelsOf(api.connection);
    expect(await Response.countDocuments()).toBe(RESPONSES);
    expect((await Response.distinct('id')).length).toBe(RESPONSES);
  });

  /** Resends when the connection drops, as the offline queue does: intake must make that harmless. */
  async function send(body: string, attempts = 3): Promise<number> {
    try {
      const response = await fetch(`${baseUrl}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      if (attempts <= 1) throw error;
      return send(body, attempts - 1);
    }
  }

  async function replay(submissions: object[], seed: string): Promise<number[]> {
    const order = shuffled(submissions.map((_, index) => index), seed);
    const statuses: number[] = [];
    let next = 0;
    const client = async () => {
      while (next < order.length) {
        const body = JSON.stringify(submissions[order[next++] as number]);
        statuses.push(await send(body));
      }
    };
    await Promise.all(Array.from({ length: CLIENTS_PER_REPLAY }, client));
    return statuses;
  }
});

/** Fisher-Yates, seeded so a failure can be replayed. */
function shuffled(items: number[], seed: string): number[] {
  const random = createRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j] as number, items[i] as number];
  }
  return items;
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
