import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { inject } from 'vitest';
import { connectDatabase } from '../../server/db/connection';

/** The run's server with a database of its own, so test files never see each other's documents. */
export function isolatedDatabaseUri(label: string): string {
  const uri = new URL(inject('mongoUri'));
  uri.pathname = `/t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  return uri.toString();
}

export async function connectIsolatedDatabase(label: string): Promise<{ connection: Connection; uri: string; drop(): Promise<void> }> {
  const uri = isolatedDatabaseUri(label);
  const connection = await connectDatabase(uri);
  return {
    connection,
    uri,
    async drop() {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
