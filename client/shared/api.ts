import { z } from 'zod';
import { errorBodySchema, type FieldError } from '../../contracts/errors';
import type { Locale } from './locale';

/**
 * An answer from the server that is not 2xx; `status` 0 means the server was not reached at all. `message`
 * is the server's Chinese message (the one to show), `messageEn` its English one.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    /** The server's English wording of `message` (which is Chinese), when it gives one. */
    readonly messageEn?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Not reached, timed out, or the server failed: worth trying again later, unlike a 4xx. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface ApiRequest<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; a file (a Blob) is sent as it is, under the Content-Type given in `headers`. */
  body?: unknown;
  /** A sign-in token, sent as `Authorization: Bearer`. */
  token?: string;
  headers?: Record<string, string>;
  /** Checks the successful answer's body; its type is the result's type. */
  schema: z.ZodType<T>;
  /** Gives up after this long (a status-0 ApiError with code `timeout`). */
  timeoutMs?: number;
  /** Injectable for tests and for other transports; the browser's fetch by default. */
  fetch?: typeof fetch;
}

/** One JSON request to our API, its answer checked by `schema`; every failure is an ApiError. */
export async function apiFetch<T>(url: string, request: ApiRequest<T>): Promise<T> {
  const { response, body } = await send(url, request);
  if (!response.ok) throw errorFrom(response.status, body);
  const parsed = request.schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, 'unexpected-answer', `Unexpected answer from ${url}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function send(url: string, request: ApiRequest<unknown>): Promise<{ response: Response; body: unknown }> {
  const file = request.body instanceof Blob ? request.body : undefined;
  const json = request.body === undefined || file ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  const doFetch = request.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers,
      body: file ?? json,
      credentials: 'same-origin',
      signal: request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined,
    });
    const text = await response.text();
    return { response, body: text ? parseJson(text) : undefined };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiError(0, timedOut ? 'timeout' : 'network', timedOut ? `No answer from the server within ${request.timeoutMs} ms` : `Cannot reach the server (${String(error)})`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The error body (contracts/errors.ts); a proxy's or a crashed server's page becomes `http-<status>`. */
function errorFrom(status: number, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return new ApiError(status, `http-${status}`, `服务器返回 ${status}`, [], `The server answered ${status}`);
  return new ApiError(status, parsed.data.code, parsed.data.message, parsed.data.errors ?? [], parsed.data.messageEn);
}

/** The server's own words for a failure: its Chinese `message`, or `messageEn` when it gives one and the reader reads English. */
export function serverWords(said: { message: string; messageEn?: string }, locale: Locale): string {
  return locale === 'en' && said.messageEn ? said.messageEn : said.message;
}

/** The server's own words for an error (serverWords), or the error's own text for one that is not the server's. */
export function serverMessage(error: unknown, locale: Locale): string {
  if (error instanceof ApiError) return serverWords(error, locale);
  return error instanceof Error ? error.message : String(error);
}
