import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, apiFetch, serverMessage, serverWords } from '../../../../client/shared/api';

/** A loopback server answering as our API does, including its failure modes. */
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((request, response) => {
    const send = (status: number, body: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/ok') return send(200, { token: 'abc', role: 'interviewer', echoAuth: request.headers.authorization });
    if (request.url === '/invalid') return send(400, { code: 'invalid-answers', message: 'Some answers are invalid', errors: [{ path: 'answers.birth_year', message: 'expected a number' }] });
    if (request.url === '/upload') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.includes('bad')) return send(400, { code: 'invalid-file', message: '第 2 行有误', messageEn: 'Line 2 is wrong', errors: [{ path: 'line 2, site_code', message: 'required' }] });
        send(200, { type: request.headers['content-type'], text });
      });
      return;
    }
    if (request.url === '/crash') return response.writeHead(502).end('Bad gateway');
    if (request.url === '/slow') return void setTimeout(() => send(200, {}), 2_000);
    return send(200, { unexpected: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const loginAnswer = z.object({ token: z.string(), role: z.string(), echoAuth: z.string().optional() });

describe('apiFetch', () => {
  it('sends the token and returns the checked body', async () => {
    await expect(apiFetch(`${base}/ok`, { schema: loginAnswer, token: 't0k' })).resolves.toEqual({ token: 'abc', role: 'interviewer', echoAuth: 'Bearer t0k' });
  });

  it('turns a 400 into an ApiError with the per-field reasons, not retryable', async () => {
    const error = await apiFetch(`${base}/invalid`, { schema: z.unknown(), body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid-answers', retryable: false, errors: [{ path: 'answers.birth_year', message: 'expected a number' }] });
  });

  it('sends a file as it is, under its type, and reads a refusal of it as any other', async () => {
    const csv = (text: string) => new Blob([text]);
    const headers = { 'Content-Type': 'text/csv' };
    await expect(apiFetch(`${base}/upload`, { method: 'POST', body: csv('site_code\n440106'), headers, schema: z.object({ type: z.string(), text: z.string() }) })).resolves.toEqual({ type: 'text/csv', text: 'site_code\n440106' });
    const refused = await apiFetch(`${base}/upload`, { method: 'POST', body: csv('bad'), headers, schema: z.unknown() }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: 'invalid-file', message: '第 2 行有误', messageEn: 'Line 2 is wrong', errors: [{ path: 'line 2, site_code', message: 'required' }] });
  });

  it('treats a non-JSON 5xx, a timeout and an unreachable server as retryable', async () => {
    await expect(apiFetch(`${base}/crash`, { schema: z.unknown() })).rejects.toMatchObject({ status: 502, retryable: true });
    await expect(apiFetch(`${base}/slow`, { schema: z.unknown(), timeoutMs: 200 })).rejects.toMatchObject({ status: 0, code: 'timeout', retryable: true });
    await expect(apiFetch('http://127.0.0.1:1/', { schema: z.unknown() })).rejects.toMatchObject({ status: 0, code: 'network', retryable: true });
  });

  it('rejects an answer of the wrong shape with a message naming the URL', async () => {
    await expect(apiFetch(`${base}/other`, { schema: loginAnswer })).rejects.toThrow(/Unexpected answer from .*\/other/);
  });
});

describe('serverWords and serverMessage', () => {
  it("show the server's Chinese message, its English one in English when it has one, and a local error's own text", () => {
    const refused = new ApiError(409, 'link-capped', '名额已满', [], 'No places left');
    expect([serverMessage(refused, 'zh-cn'), serverMessage(refused, 'en')]).toEqual(['名额已满', 'No places left']);
    expect(serverWords({ message: '只有中文' }, 'en')).toBe('只有中文');
    expect(serverMessage(new Error('offline'), 'zh-cn')).toBe('offline');
  });
});
