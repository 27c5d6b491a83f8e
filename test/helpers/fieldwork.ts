import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { apiFetch } from '../../client/shared/api';
import type { OutboxItem } from '../../client/shared/offline/records';
import { generateRespondent } from '../../scripts/synthetic';
import { SAMPLE_FRAME_CSV, TEST_ADMIN_PASSWORD } from './api';

export const ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
export const AUTH_SECRET = 'a-test-secret-that-is-at-least-32-characters';
/** The two Kunming (Yunnan, 53) sites of the test frame, both assigned to the test interviewer. */
export const SITE_CODES = ['KM-01', 'KM-02'];

const loginSchema = z.object({ token: z.string(), role: z.string() });

export interface Fieldwork {
  interviewer: { username: string; password: string; token: string };
}

/**
 * Through the real API of a running server (test/helpers/api.ts does the same over supertest), as an
 * administrator would: the sampling frame, then an interviewer assigned to two of its sites.
 */
export async function setUpFieldwork(baseUrl: string, username = 'li.ming', password = 'interviewer-pass-1'): Promise<Fieldwork> {
  const admin = await apiFetch(`${baseUrl}/api/auth/login`, { body: { username: 'admin', password: ADMIN_PASSWORD }, schema: loginSchema });
  const imported = await fetch(`${baseUrl}/api/sampling-points/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${admin.token}` },
    body: SAMPLE_FRAME_CSV,
  });
  if (!imported.ok) throw new Error(`Importing the sampling frame failed: ${imported.status} ${await imported.text()}`);
  await apiFetch(`${baseUrl}/api/users`, {
    token: admin.token,
    body: { username, password, role: 'interviewer', samplingPoints: SITE_CODES },
    schema: z.unknown(),
  });
  const interviewer = await apiFetch(`${baseUrl}/api/auth/login`, { body: { username, password }, schema: loginSchema });
  return { interviewer: { username, password, token: interviewer.token } };
}

/** A finished interview as the app queues it, with a valid synthetic answer set (or the given answers). */
export function queuedInterview(seed: string, index: number, answers?: Record<string, unknown>): OutboxItem {
  const respondent = generateRespondent({ seed, status: 'complete', province: '53' });
  const id = randomUUID();
  const startedAt = new Date(Date.UTC(2026, 4, 1, 8, 0, index)).toISOString();
  return {
    id,
    interviewer: 'li.ming',
    queuedAt: startedAt,
    attempts: 0,
    state: 'waiting',
    submission: {
      id,
      instrumentId: 'migrant-health',
      instrumentVersion: 1,
      samplingPoint: SITE_CODES[index % SITE_CODES.length]!,
      mode: 'capi',
      status: respondent.status,
      answers: answers ?? respondent.answers,
      paradata: { startedAt, completedAt: startedAt, durationSeconds: 600, pageSeconds: { consent: 30 }, locale: 'zh-cn', appVersion: 'capi/test', userAgent: 'node' },
    },
  };
}
