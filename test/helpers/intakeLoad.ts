import type { OutboxItem } from '../../client/shared/offline/records';
import { queuedInterview } from './fieldwork';

export interface IntakeLoad {
  /** Ids the server acknowledged (201 stored, or 200 already stored). */
  acknowledged: Set<string>;
  /** Answers seen, by status (and `network` for a request that got no answer). */
  outcomes: Map<string, number>;
  /** Stops the clients after their current batch. */
  stop(): Promise<void>;
  /**
   * Resends every unacknowledged interview until all are acknowledged, pausing between rounds as the
   * outbox backs off (a database just back from an outage may refuse for a few seconds); bounded in time.
   */
  drain(timeoutMs?: number): Promise<void>;
  interviews: OutboxItem[];
}

/**
 * `clients` tablets, each posting batches of `batchSize` interviews to `baseUrl()` (read per request, so
 * a restarted server on another port is followed) as fast as answers come, resending what was not
 * acknowledged as the outbox does. Loopback only; bounded by `total` interviews and the caller's stop().
 */
export function startIntakeLoad(options: { baseUrl: () => string; token: string; clients: number; batchSize: number; total: number; seed: string; timeoutMs?: number }): IntakeLoad {
  const interviews = Array.from({ length: options.total }, (_, index) => queuedInterview(`${options.seed}-${index}`, index));
  const acknowledged = new Set<string>();
  const outcomes = new Map<string, number>();
  const note = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const perClient = Math.ceil(options.total / options.clients);
  let stopped = false;

  const send = async (batch: OutboxItem[]) => {
    try {
      const response = await fetch(`${options.baseUrl()}/api/responses/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ responses: batch.map((item) => item.submission) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      note(String(response.status));
      if (!response.ok) return void (await response.text());
      const { results } = (await response.json()) as { results: { id?: string; status: number }[] };
      for (const result of results) {
        note(`item ${result.status}`);
        if ((result.status === 201 || result.status === 200) && result.id) acknowledged.add(result.id);
      }
    } catch {
      note('network');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const unacknowledged = (items: OutboxItem[]) => items.filter((item) => !acknowledged.has(item.id));

  const running = Array.from({ length: options.clients }, async (_, client) => {
    const mine = interviews.slice(client * perClient, (client + 1) * perClient);
    let next = 0;
    while (!stopped) {
      const waiting = unacknowledged(mine);
      if (waiting.length === 0) return;
      // New interviews in order, mixed with what earlier batches did not get acknowledged.
      const batch = waiting.slice(next % waiting.length, (next % waiting.length) + options.batchSize);
      next += options.batchSize;
      await send(batch);
    }
  });

  return {
    acknowledged,
    outcomes,
    interviews,
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
    async drain(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (let pauseMs = 250; unacknowledged(interviews).length > 0 && Date.now() < deadline; pauseMs = Math.min(pauseMs * 2, 2_000)) {
        const waiting = unacknowledged(interviews);
        for (let start = 0; start < waiting.length; start += options.batchSize) await send(waiting.slice(start, start + options.batchSize));
        if (unacknowledged(interviews).length > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    },
  };
}
