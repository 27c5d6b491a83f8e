/**
 * How a stored response's shape decides FerretDB's read and write rates (issue 17): the same scored
 * synthetic interviews stored nested (answers, scores and paradata as sub-documents), as three JSON strings
 * (the shape server/queries/responses.ts writes), as the same three deflated into binaries, and as one JSON
 * string holding all three. For each: an
 * unordered insertMany in batches of 500, a full scan decoded to the services' shape (JSON.parse included),
 * and the analysis rows' scan (scalars and scores only).
 * Usage: FERRETDB_BIN=tools/ferretdb/ferretdb node --import tsx bench/storageShape.ts [--responses 2000]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { mongo } from 'mongoose';
import { connectDatabase } from '../server/db/connection';
import { startEmbeddedFerretDB } from '../server/db/embeddedFerretDB';
import { generateRespondent } from '../scripts/synthetic';
import { scoreAnswers } from '../surveys/catalog';

const { values } = parseArgs({ options: { responses: { type: 'string', default: '2000' } } });
const total = Number(values.responses);
const surveyDate = new Date('2026-05-10T03:00:00Z');
const templates = Array.from({ length: 50 }, (_, k) => {
  const { answers } = generateRespondent({ seed: `shape/${k}`, status: 'complete', surveyDate });
  const pageSeconds = Object.fromEntries(Array.from({ length: 20 }, (_, page) => [`page${page + 1}`, 20 + ((k * 7 + page) % 90)]));
  return { answers, scores: scoreAnswers('migrant-health', 1, answers, surveyDate), paradata: { startedAt: surveyDate, completedAt: surveyDate, durationSeconds: 1500 + k, pageSeconds, locale: 'zh-cn', appVersion: '1.0.0', userAgent: 'bench', device: randomUUID() } };
});
const scalars = (index: number) => {
  const id = randomUUID();
  return { _id: id, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: 'capi', status: 'complete', stratum: `S${index % 60}`, siteCode: `site-${index % 600}`, provinceCode: '53', cityCode: '5301', countyCode: '530102', region: 'west', interviewer: `iv-${index % 400}`, contentHash: id, receivedAt: surveyDate };
};

const unpacked = (stored: unknown) => JSON.parse(inflateRawSync((stored as mongo.Binary).buffer).toString());

const SHAPES = {
  nested: {
    document: (index: number) => ({ ...scalars(index), ...templates[index % templates.length]! }),
    decode: (stored: Record<string, unknown>) => stored,
    analysis: { scores: 1, 'paradata.durationSeconds': 1 },
    analysisDecode: (stored: Record<string, unknown>) => stored.scores,
  },
  threeStrings: {
    document: (index: number) => {
      const { answers, scores, paradata } = templates[index % templates.length]!;
      return { ...scalars(index), answers: JSON.stringify(answers), scores: JSON.stringify(scores), paradata: JSON.stringify(paradata), durationSeconds: paradata.durationSeconds };
    },
    decode: (stored: Record<string, unknown>) => ({ ...stored, answers: JSON.parse(stored.answers as string), scores: JSON.parse(stored.scores as string), paradata: JSON.parse(stored.paradata as string) }),
    analysis: { scores: 1, durationSeconds: 1 },
    analysisDecode: (stored: Record<string, unknown>) => JSON.parse(stored.scores as string),
  },
  threeDeflated: {
    document: (index: number) => {
      const { answers, scores, paradata } = templates[index % templates.length]!;
      const packed = (value: unknown) => deflateRawSync(JSON.stringify(value));
      return { ...scalars(index), answers: packed(answers), scores: packed(scores), paradata: packed(paradata), durationSeconds: paradata.durationSeconds };
    },
    decode: (stored: Record<string, unknown>) => ({ ...stored, answers: unpacked(stored.answers), scores: unpacked(stored.scores), paradata: unpacked(stored.paradata) }),
    analysis: { scores: 1, durationSeconds: 1 },
    analysisDecode: (stored: Record<string, unknown>) => unpacked(stored.scores),
  },
  oneString: {
    document: (index: number) => {
      const content = templates[index % templates.length]!;
      return { ...scalars(index), content: JSON.stringify(content), durationSeconds: content.paradata.durationSeconds };
    },
    decode: (stored: Record<string, unknown>) => ({ ...stored, ...JSON.parse(stored.content as string) }),
    analysis: { content: 1, durationSeconds: 1 },
    analysisDecode: (stored: Record<string, unknown>) => JSON.parse(stored.content as string).scores,
  },
};

const SCALAR_FIELDS = { _id: 1, instrumentId: 1, instrumentVersion: 1, status: 1, receivedAt: 1, stratum: 1, siteCode: 1, provinceCode: 1, countyCode: 1, region: 1, mode: 1, interviewer: 1 };
const rate = (count: number, started: number) => Math.round(count / ((performance.now() - started) / 1000));

const dir = mkdtempSync(join(tmpdir(), 'bench-shape-'));
const database = await startEmbeddedFerretDB({ dataDir: dir, databaseName: 'bench', binary: process.env.FERRETDB_BIN });
try {
  const connection = await connectDatabase(database.uri);
  console.log(`${total} responses per shape, ${new Date().toISOString()}`);
  console.log('| shape | insertMany docs/s | full scan + decode docs/s | analysis scan docs/s |\n|---|---|---|---|');
  for (const [name, shape] of Object.entries(SHAPES)) {
    const collection = connection.db!.collection(`shape_${name}`);
    let started = performance.now();
    for (let begin = 0; begin < total; begin += 500) await collection.insertMany(Array.from({ length: Math.min(500, total - begin) }, (_, j) => shape.document(begin + j)) as never[], { ordered: false });
    const inserted = rate(total, started);
    started = performance.now();
    let read = 0;
    for await (const stored of collection.find({}, { batchSize: 1000 })) if (shape.decode(stored)) read++;
    const scanned = rate(read, started);
    started = performance.now();
    read = 0;
    for await (const stored of collection.find({}, { projection: { ...SCALAR_FIELDS, ...shape.analysis }, batchSize: 1000 })) if (shape.analysisDecode(stored)) read++;
    console.log(`| ${name} | ${inserted} | ${scanned} | ${rate(read, started)} |`);
  }
  await connection.close();
} finally {
  await database.stop();
  rmSync(dir, { recursive: true, force: true });
}
