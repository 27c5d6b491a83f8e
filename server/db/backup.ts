import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import mongoose, { type Connection } from 'mongoose';

/**
 * Backups of the whole survey database as one file: every collection's indexes and documents as
 * Extended JSON lines (types kept: dates, ObjectIds, binaries), gzip-compressed and, unless asked
 * otherwise, encrypted with AES-256-GCM. Written and read as streams, so a database larger than memory
 * backs up in constant memory.
 *
 * File: `MHBACKUP` + format version (1 byte) + encryption (1 byte: 0 none, 1 AES-256-GCM); for AES a
 * 12-byte IV follows, the gzip stream is the ciphertext, and the last 16 bytes are the GCM tag, which
 * authenticates everything (a changed byte, a truncated file or a wrong key is refused before any
 * document is restored).
 */
const MAGIC = Buffer.from('MHBACKUP');
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 2;
const INSERT_BATCH = 500;
const { EJSON } = mongoose.mongo.BSON;

export class BackupError extends Error {}

/** BACKUP_KEY: 32 bytes as 64 hex digits or as base64 (`openssl rand -hex 32`). */
export function backupKeyOf(value: string | undefined): Buffer {
  if (!value) throw new BackupError('Set BACKUP_KEY to a 32-byte key (64 hex digits, e.g. `openssl rand -hex 32`), or pass --unencrypted to write the file in clear.');
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new BackupError('BACKUP_KEY must be 32 bytes: 64 hex digits or 44 base64 characters.');
  return key;
}

type Line = { backup: { format: number; createdAt: string; database: string } } | { collection: string; indexes: IndexSpec[] } | { document: unknown } | { end: { collections: Record<string, number> } };
type IndexSpec = { name: string; key: Record<string, unknown> } & Record<string, unknown>;

export interface BackupSummary {
  collections: Record<string, number>;
}

/** Writes the database to `file` (through `file.partial`, renamed when complete). `key` undefined: unencrypted. */
export async function writeBackup(connection: Connection, file: string, key: Buffer | undefined): Promise<BackupSummary> {
  const database = connection.db;
  if (!database) throw new BackupError('The database connection is not open.');
  const summary: BackupSummary = { collections: {} };
  async function* lines(): AsyncGenerator<string> {
    const emit = (line: Line) => `${EJSON.stringify(line, { relaxed: false })}\n`;
    yield emit({ backup: { format: FORMAT_VERSION, createdAt: new Date().toISOString(), database: database!.databaseName } });
    const collections = (await database!.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name).filter((name) => !name.startsWith('system.')).sort();
    for (const name of collections) {
      const collection = database!.collection(name);
      const indexes = (await collection.indexes()).filter((index) => index.name !== '_id_').map(({ v: _v, ns: _ns, ...index }) => index as IndexSpec);
      yield emit({ collection: name, indexes });
      let count = 0;
      // Unsorted and batched: FerretDB streams such a cursor instead of loading the collection.
      for await (const document of collection.find({}, { batchSize: 500 })) {
        count += 1;
        yield emit({ document });
      }
      summary.collections[name] = count;
    }
    yield emit({ end: { collections: summary.collections } });
  }
  const partial = `${file}.partial`;
  const output = fs.createWriteStream(partial, { mode: 0o600 });
  const iv = key ? randomBytes(IV_BYTES) : undefined;
  output.write(Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, key ? 1 : 0]), iv ?? Buffer.alloc(0)]));
  const cipher = key && iv ? createCipheriv('aes-256-gcm', key, iv) : undefined;
  try {
    if (cipher) await pipeline(Readable.from(lines()), createGzip(), cipher, output);
    else await pipeline(Readable.from(lines()), createGzip(), output);
    if (cipher) fs.appendFileSync(partial, cipher.getAuthTag());
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return summary;
}

/** The file's lines as parsed objects, decrypted and decompressed on the way; the GCM tag is checked at the end. */
async function* readLines(file: string, key: Buffer | undefined): AsyncGenerator<Line> {
  const size = fs.statSync(file).size;
  const handle = fs.openSync(file, 'r');
  const header = Buffer.alloc(HEADER_BYTES + IV_BYTES);
  fs.readSync(handle, header, 0, header.length, 0);
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError(`${file} is not a backup of this platform (npm run backup).`);
  const version = header[MAGIC.length]!;
  if (version !== FORMAT_VERSION) throw new BackupError(`${file} has backup format ${version}; this version reads format ${FORMAT_VERSION}.`);
  const encrypted = header[MAGIC.length + 1] === 1;
  let source: NodeJS.ReadableStream;
  if (encrypted) {
    if (!key) throw new BackupError(`${file} is encrypted: set BACKUP_KEY to the key it was written with.`);
    if (size < HEADER_BYTES + IV_BYTES + TAG_BYTES) throw new BackupError(`${file} is truncated.`);
    const tag = Buffer.alloc(TAG_BYTES);
    fs.readSync(handle, tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES));
    decipher.setAuthTag(tag);
    const ciphertext = fs.createReadStream(file, { start: HEADER_BYTES + IV_BYTES, end: size - TAG_BYTES - 1 });
    source = ciphertext.pipe(authenticated(decipher, file));
  } else {
    source = fs.createReadStream(file, { start: HEADER_BYTES });
  }
  fs.closeSync(handle);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  for await (const text of readline.createInterface({ input: source.pipe(gunzip), crlfDelay: Infinity })) {
    if (text) yield EJSON.parse(text, { relaxed: false }) as Line;
  }
}

/** The decipher, with its final tag check turned into a BackupError that says what it means. */
function authenticated(decipher: ReturnType<typeof createDecipheriv>, file: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decipher.update(chunk));
    },
    flush(done) {
      try {
        done(null, decipher.final());
      } catch {
        done(new BackupError(`${file} does not authenticate: the key is wrong, or the file was changed or cut short.`));
      }
    },
  });
}

/**
 * Checks the whole file first (decryption, tag, every line, the end record and its counts) without
 * writing, so a bad file or key restores nothing; then restores every collection with its indexes.
 * Refuses a database that already holds documents unless `force`, which first drops the collections
 * the backup contains.
 */
export async function restoreBackup(connection: Connection, file: string, options: { key: Buffer | undefined; force: boolean }): Promise<BackupSummary> {
  const database = connection.db;
  if (!database) throw new BackupError('The database connection is not open.');
  const expected = await verifyBackup(file, options.key);
  const existing = (await database.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name).filter((name) => !name.startsWith('system.'));
  const occupied: string[] = [];
  for (const name of existing) if ((await database.collection(name).estimatedDocumentCount()) > 0) occupied.push(name);
  if (occupied.length > 0 && !options.force) {
    throw new BackupError(`The target database ${database.databaseName} is not empty (${occupied.join(', ')}); restore into an empty database, or pass --force to replace these collections.`);
  }
  if (options.force) for (const name of Object.keys(expected.collections)) if (existing.includes(name)) await database.dropCollection(name);
  let collection: string | undefined;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (collection && batch.length > 0) await database.collection(collection).insertMany(batch, { ordered: true });
    batch = [];
  };
  for await (const line of readLines(file, options.key)) {
    if ('collection' in line) {
      await flush();
      collection = line.collection;
      await database.createCollection(collection).catch((error: { code?: number }) => {
        if (error.code !== 48) throw error; // 48: it exists already (created with an index)
      });
      if (line.indexes.length > 0) await database.collection(collection).createIndexes(line.indexes as unknown as mongoose.mongo.IndexDescription[]);
    } else if ('document' in line) {
      batch.push(line.document as Record<string, unknown>);
      if (batch.length >= INSERT_BATCH) await flush();
    }
  }
  await flush();
  return expected;
}

/** Reads the file end to end: the summary of a complete, authentic backup, or a BackupError. */
export async function verifyBackup(file: string, key: Buffer | undefined): Promise<BackupSummary> {
  const counts: Record<string, number> = {};
  let collection: string | undefined;
  let first = true;
  let end: BackupSummary | undefined;
  for await (const line of readLines(file, key)) {
    if (first && !('backup' in line)) throw new BackupError(`${file} does not start with a backup header.`);
    first = false;
    if ('collection' in line) counts[(collection = line.collection)] = 0;
    else if ('document' in line && collection) counts[collection]! += 1;
    else if ('end' in line) end = { collections: line.end.collections };
  }
  if (!end) throw new BackupError(`${file} is incomplete: it has no end record (the backup was interrupted).`);
  if (JSON.stringify(end.collections) !== JSON.stringify(counts)) throw new BackupError(`${file} is inconsistent: its end record does not match its documents.`);
  return end;
}
