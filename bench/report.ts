/**
 * The evaluation report for 10,000 interviews: GET /api/reports/evaluation.docx over loopback from the
 * embedded FerretDB (estimates by region and county, compliance, fieldwork, three charts). `INTERVIEWS=` to change;
 * `OUT=file.docx` keeps the document to look at. Wall time and the process's CPU time (wall time on a shared
 * machine is mostly waiting).
 *
 *   FERRETDB_BIN=tools/ferretdb/ferretdb node --import tsx bench/report.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { regionOf } from '../analysis/domain/regions';
import { buildDemo, demoUuid, frameCsv } from '../scripts/demo/load';
import { generateRespondent } from '../scripts/synthetic';
import { loadConfig } from '../server/config';
import { insertResponses } from '../server/queries/responses';
import { startPlatform } from '../server/platform';
import { importSamplingFrame } from '../server/services/samplingFrame';
import { createUser } from '../server/services/users';
import { scoreAnswers } from '../surveys/catalog';

const INTERVIEWS = Number(process.env.INTERVIEWS ?? 10_000);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-report-'));
  const platform = await startPlatform({ ...loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin-password' }) });
  try {
    const plan = buildDemo({ seed: 'bench-report' });
    await importSamplingFrame(platform.state, frameCsv(plan));
    await createUser(platform.connection, { username: 'bench-analyst', password: 'bench-analyst-password', role: 'analyst', samplingPoints: [] });
    const surveyDate = new Date('2026-05-10T03:00:00Z');
    for (let start = 0; start < INTERVIEWS; start += 1000) {
      await insertResponses(
        platform.connection,
        Array.from({ length: Math.min(1000, INTERVIEWS - start) }, (_, offset) => {
          const index = start + offset;
          const site = plan.sites[index % plan.sites.length]!;
          const { answers, status } = generateRespondent({ seed: `bench-report/${index % 400}`, province: site.county.provinceCode, surveyDate });
          const id = demoUuid(`bench-report/${index}`);
          return {
            _id: id, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: index % 3 === 0 ? 'cawi' : 'capi', status, answers,
            scores: status === 'complete' || status === 'partial' ? scoreAnswers('migrant-health', 1, answers, surveyDate) : null,
            stratum: site.county.countyCode, siteCode: site.siteCode, provinceCode: site.county.provinceCode, cityCode: site.county.cityCode, countyCode: site.county.countyCode,
            region: regionOf(site.county.provinceCode), paradata: { startedAt: surveyDate, completedAt: surveyDate, durationSeconds: 1500 }, contentHash: String(index), receivedAt: surveyDate,
          };
        }),
      );
    }
    const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bench-analyst', password: 'bench-analyst-password' }) });
    const { token } = (await login.json()) as { token: string };
    for (const run of ['first (charts drawn)', 'second (same selection)']) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const response = await fetch(`${platform.url}/api/reports/evaluation.docx`, { headers: { Authorization: `Bearer ${token}` } });
      const body = Buffer.from(await response.arrayBuffer());
      const bytes = body.byteLength;
      if (process.env.OUT) fs.writeFileSync(process.env.OUT, body);
      if (!response.ok) throw new Error(`report failed: ${response.status}`);
      console.log(`${run}: ${INTERVIEWS} interviews → ${(bytes / 1024).toFixed(0)} KiB DOCX in ${((performance.now() - started) / 1000).toFixed(1)} s, ${((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6).toFixed(1)} s of CPU (load average ${os.loadavg()[0]!.toFixed(1)})`);
    }
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
