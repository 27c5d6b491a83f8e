import { batchResultSchema } from '../../../contracts/submission';
import { apiFetch } from '../api';
import type { ResponseSubmission } from './records';
import type { ItemAnswer, SyncTransport } from './syncQueue';

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
        schema: batchResultSchema,
        timeoutMs: options.timeoutMs ?? 60_000,
        fetch: options.fetch,
      });
      // An item too malformed to have an id is answered in the order sent.
      return answer.results.map((result, index) => ({ ...result, id: result.id ?? batch[index]?.id ?? '' }));
    },
  };
}
