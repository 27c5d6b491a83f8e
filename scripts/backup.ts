/**
 * `npm run backup -- --out FILE [--unencrypted]`: the whole database (MONGODB_URI, or the embedded one in
 * DATA_DIR) into one compressed file, encrypted with AES-256-GCM under BACKUP_KEY unless --unencrypted.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { backupKeyOf, writeBackup } from '../server/db/backup';
import { openDatabase } from './database';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, unencrypted: { type: 'boolean', default: false } } });
  if (!values.out) throw new Error('Usage: npm run backup -- --out FILE [--unencrypted]  (BACKUP_KEY: 64 hex digits, e.g. `openssl rand -hex 32`)');
  const key = values.unencrypted ? undefined : backupKeyOf(process.env.BACKUP_KEY);
  const database = await openDatabase(loadConfig());
  try {
    const started = Date.now();
    const summary = await writeBackup(database.connection, values.out, key);
    const counts = Object.entries(summary.collections).map(([name, count]) => `${name} ${count}`);
    console.log(`Backed up ${counts.join(', ') || 'an empty database'} to ${values.out} (${key ? 'AES-256-GCM' : 'UNENCRYPTED'}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
