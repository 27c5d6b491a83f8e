import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../../contracts/errors';
import { LINK_CLOSED_CODES } from '../../../contracts/links';
import { problem, PROBLEMS, type ProblemCode } from '../../../contracts/problems';

/** Every parameter a message may name, filled with a marker so a message that drops it is seen. */
const anyParams = new Proxy({}, { get: (_target, name) => (name === 'count' || name === 'limit' || name === 'retryAfter' ? 7 : `«${String(name)}»`) });
const HAN = /\p{Script=Han}/u;

describe('the problem catalogue', () => {
  const codes = Object.keys(PROBLEMS) as ProblemCode[];

  it.each(codes)('%s has one HTTP error status and a message in Chinese and in English', (code) => {
    const definition = PROBLEMS[code] as { status: number; zh: (p: unknown) => string; en: (p: unknown) => string };
    expect(Number.isInteger(definition.status)).toBe(true);
    expect(definition.status).toBeGreaterThanOrEqual(400);
    expect(definition.status).toBeLessThan(600);
    const zh = definition.zh(anyParams);
    const en = definition.en(anyParams);
    expect(zh).toMatch(HAN);
    expect(en.length).toBeGreaterThan(10);
    expect(en).not.toMatch(HAN);
    expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(LINK_CLOSED_CODES)('%s, a code that closes a QR link, is the respondent\'s to read: a 4xx of the catalogue', (code) => {
    expect(PROBLEMS[code].status).toBeGreaterThanOrEqual(400);
    expect(PROBLEMS[code].status).toBeLessThan(500);
  });

  it('builds the one error body: code, the Chinese message, the English one, the fields concerned', () => {
    const raised = problem('unknown-sampling-point', [{ path: 'samplingPoint', message: 'unknown site code' }]);
    expect(raised.status).toBe(400);
    const body = raised.toBody();
    expect(errorBodySchema.parse(body)).toEqual(body);
    expect(body).toEqual({ code: 'unknown-sampling-point', message: expect.stringMatching(HAN), messageEn: raised.message, errors: [{ path: 'samplingPoint', message: 'unknown site code' }] });
  });

  it('fills parameters into both languages', () => {
    const raised = problem('unknown-instrument', { id: 'migrant-health', version: 9 });
    expect(raised.status).toBe(404);
    expect(raised.messageZh).toBe('没有问卷“migrant-health”第 9 版；GET /api/instruments 列出所有问卷。');
    expect(raised.message).toBe('No instrument "migrant-health" version 9; GET /api/instruments lists them.');
    expect(raised.errors).toBeUndefined();
  });
});
