/**
 * Peak memory of the streaming path: seeds an embedded FerretDB with scored complete responses,
 * then runs estimateIndicators (one unsorted cursor, per-PSU sums) in a child process and reports
 * its time and peak RSS. Usage: node --import tsx bench/analysisStream.ts [--responses 20000]
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../server/db/connection';
import { startEmbeddedFerretDB } from '../server/db/embeddedFerretDB';
import { modelsOf } from '../server/models';
import { insertResponses } from '../server/queries/responses';
import { generateRespondent } from '../scripts/synthetic';
import { scoreAnswers } from '../surveys/catalog';
import { REGIONS } from '../analysis/domain/regions';

const { values } = parseArgs({ options: { responses: { type: 'string', default: '20000' }, child: { type: 'string' } } });

if (values.child) {
  const { estimateIndicators } = await import('../server/services/estimates');
  const { createServerState } = await import('../server/state');
  const connection = await connectDatabase(values.child);
  const started = performance.now();
  const result = await estimateIndicators(createServerState(connection), { by: ['region'] });
  const seconds = (performance.now() - started) / 1000;
  await connection.close();
  console.log(JSON.stringify({ responses: result.responses, sites: result.sites, estimates: result.estimates.length, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const total = Number(values.responses);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stream-'));
  const database = await startEmbeddedFerretDB({ dataDir: dir, databaseName: 'bench', binary: process.env.FERRETDB_BIN });
  try {
    const connection = await connectDatabase(database.uri);
    const { SamplingPoint } = modelsOf(connection);
    const sites = Array.from({ length: 200 }, (_, s) => ({ s, region: REGIONS[s % 3]!, stratum: `H${s % 20}`, siteCode: `site-${s}`, provinceCode: ['31', '41', '53'][s % 3]! }));
    await SamplingPoint.insertMany(sites.map((site) => ({
      stratum: site.stratum, siteCode: site.siteCode, siteName: site.siteCode, siteType: 'community', provinceCode: site.provinceCode,
      cityCode: `${site.provinceCode}01`, countyCode: `${site.provinceCode}0101`, region: site.region,
      migrantPopulation: 1000 + 10 * site.s, selectionProbability: 0.1 + (site.s % 5) * 0.05, plannedInterviews: 100,
    })));
    const date = new Date('2026-06-01T00:00:00Z');
    const templates = Array.from({ length: 60 }, (_, k) =>
      scoreAnswers('migrant-health', 1, generateRespondent({ seed: k, region: REGIONS[k % 3]!, status: 'complete', surveyDate: date }).answers, date));
    for (let start = 0; start < total; start += 1000) {
      await insertResponses(connection, Array.from({ length: Math.min(1000, total - start) }, (_, j) => {
        const site = sites[(start + j) % sites.length]!;
        const id = randomUUID();
        return {
          _id: id, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: 'capi', status: 'complete', answers: {},
          scores: templates[(start + j) % templates.length], stratum: site.stratum, siteCode: site.siteCode, provinceCode: site.provinceCode,
          cityCode: `${site.provinceCode}01`, countyCode: `${site.provinceCode}0101`, region: site.region, contentHash: id, receivedAt: date,
        };
      }));
    }
    await connection.close();
    console.log(execFileSync('node', ['--import', 'tsx', 'bench/analysisStream.ts', '--child', database.uri], { encoding: 'utf8', timeout: 600_000 }).trim());
  } finally {
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
