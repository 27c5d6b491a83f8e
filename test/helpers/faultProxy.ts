import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What can go wrong between a tablet and the server, injected at the HTTP level in front of the real
 * server: the request never arrives (`refuse-connection`, `server-error-before`), it arrives and is stored
 * but the answer is lost (`server-error-after`, `drop-after`), no answer comes until the client gives up
 * (`hang`: its timeout), or the answer repeats its acknowledgements (`duplicate-acks`). `pass` forwards
 * faithfully.
 */
export const FAULTS = ['pass', 'refuse-connection', 'server-error-before', 'server-error-after', 'drop-after', 'hang', 'duplicate-acks'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxy {
  url: string;
  /** How many requests met each fault. */
  counts: Record<Fault, number>;
  close(): Promise<void>;
}

/** A loopback proxy to `target` that applies `nextFault()` to each POST (GETs always pass). */
export async function startFaultProxy(target: string, nextFault: () => Fault): Promise<FaultProxy> {
  const counts = Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>;
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const fault: Fault = request.method === 'POST' ? nextFault() : 'pass';
    counts[fault] += 1;
    if (fault === 'refuse-connection') return void request.socket.destroy();
    if (fault === 'server-error-before') return void response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"code":"injected","message":"Injected failure"}');
    const forwarded = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)) as [string, string][]),
      body: request.method === 'GET' ? undefined : Buffer.concat(chunks),
    }).catch(() => undefined);
    if (!forwarded) return void request.socket.destroy();
    let body = await forwarded.text();
    if (fault === 'server-error-after') return void response.writeHead(503).end('Service unavailable');
    if (fault === 'drop-after') return void request.socket.destroy();
    if (fault === 'hang') return;
    if (fault === 'duplicate-acks') body = JSON.stringify(duplicateArrays(JSON.parse(body)));
    if (!response.destroyed) response.writeHead(forwarded.status, { 'Content-Type': forwarded.headers.get('content-type') ?? 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every array in the answer twice over, in reverse the second time: each acknowledgement arrives twice. */
function duplicateArrays(value: unknown): unknown {
  if (Array.isArray(value)) return [...value, ...[...value].reverse()];
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, duplicateArrays(item)]));
  return value;
}
