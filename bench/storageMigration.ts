/**
 * How long the start-up migration of the storage shape takes: N complete interviews written raw in the
 * shape stored before issue 17 (answers, scores and paradata as sub-documents) into an embedded FerretDB,
 * then migrateResponseStorage as the server runs it at start (with its progress lines), then a second run.
 * Usage: FERRETDB_BIN=tools/ferretdb/ferretdb node --import tsx bench/storageMigration.ts [--responses 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../server/db/connection';
import { startEmbeddedFerretDB } from '../server/db/embeddedFerretDB';
import { createIndexes } from '../server/db/indexes';
import { migrateResponseStorage } from '../server/services/storageMigration';
import { generateRespondent } from '../scripts/synthetic';
import { scoreAnswers } from '../surveys/catalog';

const { values } = parseArgs({ options: { responses: { type: 'string', default: '10000' } } });
const total = Number(values.responses);
const surveyDate = new Date('2026-05-10T03:00:00Z');
const pool = Array.from({ length: 100 }, (_, k) => {
  const { answers } = generateRespondent({ seed: `migration/${k}`, status: 'complete', surveyDate });
  return { answers, scores: scoreAnswers('migrant-health', 1, answers, surveyDate) };
});

const dir = mkdtempSync(join(tmpdir(), 'bench-migration-'));
const database = await startEmbeddedFerretDB({ dataDir: dir, databaseName: 'bench', binary: process.env.FERRETDB_BIN });
try {
  const connection = await connectDatabase(database.uri);
  await createIndexes(connection);
  let started = performance.now();
  for (let begin = 0; begin < total; begin += 500) {
    const batch = Array.from({ length: Math.min(500, total - begin) }, (_, j) => {
      const index = begin + j;
      const id = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
      return {
        _id: id, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: 'capi', status: 'complete', ...pool[index % pool.length]!,
        stratum: `S${index % 60}`, siteCode: `site-${index % 600}`, provinceCode: '53', cityCode: '5301', countyCode: '530102', region: 'West', interviewer: `iv-${index % 400}`,
        paradata: { startedAt: surveyDate, completedAt: surveyDate, durationSeconds: 1200 + (index % 900), locale: 'zh-cn' }, contentHash: id, receivedAt: surveyDate,
      };
    });
    await connection.db!.collection('responses').insertMany(batch as never[], { ordered: false });
  }
  console.log(`${total} old-shape responses written raw in ${((performance.now() - started) / 1000).toFixed(0)} s (${new Date().toISOString()})`);
  started = performance.now();
  const rewritten = await migrateResponseStorage(connection, { soleWriter: true });
  const seconds = (performance.now() - started) / 1000;
  console.log(`migration: ${rewritten} rewritten in ${seconds.toFixed(1)} s (${Math.round(rewritten / seconds)}/s)`);
  started = performance.now();
  console.log(`second run: ${await migrateResponseStorage(connection, { soleWriter: true })} rewritten in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  await connection.close();
} finally {
  await database.stop();
  rmSync(dir, { recursive: true, force: true });
}
