/**
 * The analysts' command line on a 1,000,000-row CSV (5 columns), next to R's survey package in the same run:
 * a bare parse of the file (read + split into lines and fields, the floor), the CLI's own CSV reader, the
 * compiled CLI end to end (`node dist/analyze.js estimate ...`, start-up included), and R (read.csv +
 * svydesign + svyciprop(logit) + svyby). Reports the ratios and the largest relative difference from R.
 * Usage: npm run build:cli && npm run bench:cli [-- --rows 1000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCsv } from '../analysis/cli/csv';
import { REGIONS } from '../analysis/domain/regions';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);
const STRATA = 50;
const PSUS_PER_STRATUM = 40;

function writeRows(file: string): void {
  let seed = 17;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lines = ['stratum,psu,weight,literate,region'];
  for (let i = 0; i < ROWS; i++) {
    const stratum = i % STRATA;
    const psu = stratum * PSUS_PER_STRATUM + Math.floor(next() * PSUS_PER_STRATUM);
    const region = REGIONS[stratum % 3]!;
    const literate = next() < 0.15 + 0.1 * (stratum % 3) + 0.002 * (psu % 20) ? 1 : 0;
    lines.push(`S${stratum},P${psu},${(50 + (psu % 37) * 3.5).toFixed(2)},${literate},${region}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function seconds<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, (performance.now() - started) / 1000];
}

const scratch = mkdtempSync(join(tmpdir(), 'bench-cli-'));
try {
  const file = join(scratch, 'rows.csv');
  writeRows(file);
  const [, bare] = seconds(() => readFileSync(file, 'utf8').split('\n').map((line) => line.split(',')).length);
  const [, reader] = seconds(() => {
    const table = readCsv(file);
    return [table.column('stratum'), table.column('psu'), table.numbers('weight'), table.numbers('literate'), table.column('region')];
  });
  const args = ['dist/analyze.js', 'estimate', '--input', file, '--weight', 'weight', '--strata', 'stratum', '--cluster', 'psu', '--prop', 'literate', '--by', 'region', '--ci', 'logit'];
  const [cliOut, cli] = seconds(() => execFileSync('node', args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const [rOut, r] = seconds(() => execFileSync('Rscript', ['bench/cli.R', file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const ours = JSON.parse(cliOut) as { results: { domain: Record<string, string> | null; estimate: number; se: number; ciLow: number; ciHigh: number }[] };
  const theirs = JSON.parse(rOut) as { overall: { estimate: number; se: number; ci: number[] }; byRegion: { region: string[]; estimate: number[]; se: number[]; ciLow: number[]; ciHigh: number[] } };
  const expected = [
    { domain: null, estimate: theirs.overall.estimate, se: theirs.overall.se, ciLow: theirs.overall.ci[0]!, ciHigh: theirs.overall.ci[1]! },
    ...theirs.byRegion.region.map((region, k) => ({ domain: region, estimate: theirs.byRegion.estimate[k]!, se: theirs.byRegion.se[k]!, ciLow: theirs.byRegion.ciLow[k]!, ciHigh: theirs.byRegion.ciHigh[k]! })),
  ];
  let largest = 0;
  for (const want of expected) {
    const row = ours.results.find((result) => (want.domain === null ? result.domain === null : result.domain?.region === want.domain))!;
    for (const key of ['estimate', 'se', 'ciLow', 'ciHigh'] as const) largest = Math.max(largest, Math.abs(row[key] - want[key]) / Math.abs(want[key]));
  }
  console.log(`${ROWS} rows, ${(readFileSync(file).length / 1e6).toFixed(1)} MB`);
  console.log(`bare parse (read + split)          ${bare.toFixed(2)} s`);
  console.log(`CLI CSV reader (5 columns)          ${reader.toFixed(2)} s`);
  console.log(`CLI end to end (node dist/analyze.js) ${cli.toFixed(2)} s  = ${(cli / bare).toFixed(2)}× the bare parse`);
  console.log(`R end to end (Rscript)              ${r.toFixed(2)} s  (R's own timer: ${(JSON.parse(rOut) as { seconds: number }).seconds.toFixed(2)} s)`);
  console.log(`R / CLI                             ${(r / cli).toFixed(1)}×`);
  console.log(`largest relative difference from R (estimate, SE, CI; overall and 3 regions): ${largest.toExponential(2)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
