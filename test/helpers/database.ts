import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { inject } from 'vitest';
import { connectDatabase } from '../../server/db/connection';
import { createServerState, type ServerState } from '../../server/state';

/** The run's server with a database of its own, so test files never see each other's documents. */
export function isolatedDatabaseUri(label: string): string {
  const uri = new URL(inject('mongoUri'));
  uri.pathname = `/t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  return uri.toString();
}

export interface IsolatedDatabase {
  connection: Connection;
  /** A server's in-memory state over this database, for tests that call services directly. */
  state: ServerState;
  uri: string;
  drop(): Promise<void>;
}

export async function connectIsolatedDatabase(label: string): Promise<IsolatedDatabase> {
  const uri = isolatedDatabaseUri(label);
  const connection = await connectDatabase(uri);
  return {
    connection,
    state: createServerState(connection),
    uri,
    async drop() {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
