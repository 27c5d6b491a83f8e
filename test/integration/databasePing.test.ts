import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, pingDatabase } from '../../server/db/connection';
import { isolatedDatabaseUri } from '../helpers/database';

/** A loopback TCP relay to the test database whose answers can be held back: a database that hangs. */
async function startHoldableRelay(target: URL): Promise<{ port: number; hold(on: boolean): void; close(): Promise<void> }> {
  let holding = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!holding) client.write(chunk);
    });
    for (const socket of [client, upstream]) socket.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hold: (on) => (holding = on),
    close: () => new Promise((resolve) => (sockets.forEach((socket) => socket.destroy()), server.close(() => resolve()))),
  };
}

/** Holds the event loop as a long synchronous computation (an estimate over a million rows) does. */
function holdTheLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('pingDatabase', () => {
  const uri = new URL(isolatedDatabaseUri('ping'));
  let relay: Awaited<ReturnType<typeof startHoldableRelay>>;
  let connection: Awaited<ReturnType<typeof connectDatabase>>;

  beforeAll(async () => {
    relay = await startHoldableRelay(uri);
    const relayed = new URL(uri);
    relayed.host = `127.0.0.1:${relay.port}`;
    connection = await connectDatabase(relayed.toString());
  });
  afterAll(async () => {
    await connection.close(true).catch(() => undefined);
    await relay.close();
  });

  it('answers true for a database that answers', async () => {
    expect(await pingDatabase(connection, 1_000)).toBe(true);
  });

  it('answers true when a computation held the event loop past the timeout, since the answer was waiting', async () => {
    const ping = pingDatabase(connection, 300);
    holdTheLoop(1_500);
    expect(await ping).toBe(true);
  });

  it('answers false for a database that does not answer', async () => {
    relay.hold(true);
    expect(await pingDatabase(connection, 300)).toBe(false);
    relay.hold(false);
  });
});
