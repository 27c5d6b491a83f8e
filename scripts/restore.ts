/**
 * `npm run restore -- FILE [--force]`: a backup of `npm run backup` into the database (MONGODB_URI, or the
 * embedded one in DATA_DIR), which must be empty unless --force (then the backup's collections replace
 * those there). An encrypted file needs the BACKUP_KEY it was written with. The file is checked end to
 * end before anything is written.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { backupKeyOf, restoreBackup } from '../server/db/backup';
import { openDatabase } from './database';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new Error('Usage: npm run restore -- FILE [--force]  (BACKUP_KEY for an encrypted backup)');
  const key = process.env.BACKUP_KEY ? backupKeyOf(process.env.BACKUP_KEY) : undefined;
  const database = await openDatabase(loadConfig());
  try {
    const summary = await restoreBackup(database.connection, file, { key, force: values.force });
    const counts = Object.entries(summary.collections).map(([name, count]) => `${name} ${count}`);
    console.log(`Restored ${counts.join(', ') || 'an empty database'} from ${file}.`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
