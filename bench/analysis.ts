/**
 * Analysis engine benchmark: 1,000,000 synthetic responses, 50 strata, 2,000 PSUs; literacy
 * (proportion) and awareness (ratio) overall and by region with SEs and CIs, timed next to R's
 * svymean + svyby on the same rows in the same run, and the numbers compared.
 * Usage: npm run bench:analysis [-- --rows 1000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDesign } from '../analysis/stats/design';
import { estimateStatistic, type Estimate, type Statistic } from '../analysis/stats/estimate';
import { REGIONS } from '../analysis/domain/regions';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);
const STRATA = 50;
const PSUS = 2000;

/** A small deterministic generator (mulberry32), so every run estimates the same numbers. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate() {
  const next = random(5);
  const stratum = new Int32Array(ROWS);
  const psu = new Int32Array(ROWS);
  /** Index into REGIONS. */
  const region = new Uint8Array(ROWS);
  const weight = new Float64Array(ROWS);
  const literate = new Float64Array(ROWS);
  const correct = new Float64Array(ROWS);
  const asked = new Float64Array(ROWS);
  const psuWeight = Array.from({ length: PSUS }, () => 50 + Math.round(next() * 400));
  const psuEffect = Array.from({ length: PSUS }, () => (next() - 0.5) * 0.2);
  for (let i = 0; i < ROWS; i++) {
    const p = Math.floor((i * PSUS) / ROWS);
    const h = Math.floor((p * STRATA) / PSUS);
    stratum[i] = h;
    psu[i] = p;
    region[i] = h < 20 ? 0 : h < 35 ? 1 : 2;
    weight[i] = psuWeight[p]!;
    literate[i] = next() < 0.2 + 0.05 * (h < 20 ? 1 : 0) + psuEffect[p]! ? 1 : 0;
    asked[i] = 36 - (next() < 0.1 ? 1 : 0);
    correct[i] = Math.min(asked[i]!, Math.floor(next() * 20 + 14 + psuEffect[p]! * 20));
  }
  return { stratum, psu, region, weight, literate, correct, asked };
}

function engine(data: ReturnType<typeof generate>) {
  const design = createDesign({ weights: data.weight, strata: data.stratum, clusters: data.psu });
  const literacy: Statistic = { statistic: 'prop', variable: 'literate', values: data.literate };
  const awareness: Statistic = { statistic: 'ratio', variable: 'correct/asked', numerator: data.correct, denominator: data.asked };
  const options = { lonelyPsu: 'fail' as const, ci: 'logit' as const, level: 0.95 };
  const rows: Record<string, Estimate> = {};
  for (const [name, statistic] of [['literacy', literacy], ['awareness', awareness]] as const) {
    rows[name] = estimateStatistic(design, statistic, options) as Estimate;
    REGIONS.forEach((r, code) => {
      const domain = new Uint8Array(ROWS);
      for (let i = 0; i < ROWS; i++) domain[i] = data.region[i] === code ? 1 : 0;
      rows[`${name}.${r}`] = estimateStatistic(design, statistic, options, domain) as Estimate;
    });
  }
  return rows;
}

function writeCsv(path: string, data: ReturnType<typeof generate>) {
  const lines = ['stratum,psu,region,weight,literate,correct,asked'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`S${data.stratum[i]},P${data.psu[i]},${REGIONS[data.region[i]!]},${data.weight[i]},${data.literate[i]},${data.correct[i]},${data.asked[i]}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const data = generate();
engine(data); // warm-up: the JIT compiles the loops once
const started = performance.now();
const ours = engine(data);
const engineSeconds = (performance.now() - started) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'bench-analysis-'));
try {
  const csv = join(dir, 'rows.csv');
  writeCsv(csv, data);
  const r = JSON.parse(execFileSync('Rscript', ['bench/analysis.R', csv], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 20 })) as {
    seconds: number;
    literacy: { estimate: number; se: number };
    awareness: { estimate: number; se: number };
    literacyByRegion: { region: string[]; estimate: number[]; se: number[] };
    awarenessByRegion: { region: string[]; estimate: number[]; se: number[] };
  };
  const pairs: [string, { estimate: number; se: number }][] = [['literacy', r.literacy], ['awareness', r.awareness]];
  for (const [name, by] of [['literacy', r.literacyByRegion], ['awareness', r.awarenessByRegion]] as const) {
    by.region.forEach((region, k) => pairs.push([`${name}.${region}`, { estimate: by.estimate[k]!, se: by.se[k]! }]));
  }
  let worst = 0;
  for (const [key, theirs] of pairs) {
    const mine = ours[key]!;
    worst = Math.max(worst, Math.abs(mine.estimate - theirs.estimate) / Math.abs(theirs.estimate), Math.abs(mine.se - theirs.se) / theirs.se);
  }
  console.log(JSON.stringify({
    rows: ROWS, strata: STRATA, psus: PSUS, estimates: pairs.length,
    engineSeconds: Number(engineSeconds.toFixed(3)),
    rSeconds: r.seconds,
    speedup: Number((r.seconds / engineSeconds).toFixed(1)),
    worstRelativeDifference: worst,
    literacy: ours.literacy, awareness: ours.awareness,
  }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
