import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedFerretDB, type EmbeddedDatabase } from '../server/db/embeddedFerretDB';
import { ensureFerretDB } from '../server/db/ferretdbBinary';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the run's database server; each test file uses its own database on it. */
    mongoUri: string;
    /** Path of the FerretDB binary, or '' when the run uses MONGODB_URI and no binary is built. */
    ferretdbBinary: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

/** A fresh, isolated FerretDB for the whole run (temporary folder, free port), unless MONGODB_URI is set. */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    project.provide('ferretdbBinary', '');
    return;
  }
  const binary = ensureFerretDB(process.env.FERRETDB_BIN || undefined);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-test-db-'));
  embedded = await startEmbeddedFerretDB({ dataDir, databaseName: 'test', binary });
  project.provide('mongoUri', embedded.uri);
  project.provide('ferretdbBinary', binary);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
