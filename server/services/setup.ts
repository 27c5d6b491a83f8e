import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { createIndexes } from '../db/indexes';
import { prepareInstrumentVersions } from './instrumentVersions';
import { assignMissingShortCodes } from './links';
import { bootstrapAdmin } from './users';

/** Before the server listens: the indexes intake relies on, and a first account to sign in with. */
export async function prepareDatabase(connection: Connection, config: Config, print: (line: string) => void = console.log): Promise<void> {
  await assignMissingShortCodes(connection);
  await createIndexes(connection);
  await prepareInstrumentVersions(connection);
  await bootstrapAdmin(connection, config.ADMIN_PASSWORD, print);
}
