import { z } from 'zod';
import { apiFetch } from '../api';
import type { ResponseSubmission } from './records';
import type { ItemAnswer, SyncTransport } from './syncQueue';

const batchAnswerSchema = z.object({
  results: z.array(
    z.looseObject({
      /** Absent only when the item was too malformed to have one; results come in the order sent. */
      id: z.string().optional(),
      status: z.number().int(),
      code: z.string().optional(),
      message: z.string().optional(),
      messageEn: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  ),
});

export interface HttpTransportOptions {
  /** The server's origin; '' for the page's own. */
  baseUrl?: string;
  /** The interviewer's sign-in token, read at each send so a new sign-in takes effect at once. */
  token(): string | undefined;
  /** A batch that gets no answer within this long is treated as failed (and sent again later: harmless). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** POST /api/responses/batch: one answer per item, one bad item never blocking the others. */
export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  return {
    async send(batch: ResponseSubmission[]): Promise<ItemAnswer[]> {
      const answer = await apiFetch(`${options.baseUrl ?? ''}/api/responses/batch`, {
        method: 'POST',
        body: { responses: batch },
        token: options.token(),
        schema: batchAnswerSchema,
        timeoutMs: options.timeoutMs ?? 60_000,
        fetch: options.fetch,
      });
      return answer.results.map((result, index) => ({ ...result, id: result.id ?? batch[index]?.id ?? '' }));
    },
  };
}
