/**
 * Interviewer effects: does an interviewer's rate differ from what the other interviewers found at
 * comparable sites (the same stratum) by more than chance? For each interviewer and measure, each of
 * their interviews is compared with the other interviewers' interviews in its stratum:
 *   0/1 measures: z = (O − E) / √V with E = Σ p̂ₛ and V = Σ p̂ₛ(1 − p̂ₛ) (p̂ₛ from the others in stratum s);
 *   durations (log seconds): z = Σ (yᵢ − ȳₛ) / sₛ / √n.
 * Two-sided normal p-values, then Holm's step-down correction over every interviewer × measure, so the
 * chance of flagging anyone by luck alone stays at most alpha.
 */
import { errorFunction as erf } from 'simple-statistics';
import { minutes, type QualityInterview } from './interview';
import { groupBy } from './rules';
import type { QualitySettings } from './settings';

export const INTERVIEWER_MEASURES = ['literacy', 'awareness', 'refusal', 'duration'] as const;
export type InterviewerMeasure = (typeof INTERVIEWER_MEASURES)[number];

export const INTERVIEWER_MEASURE_LABELS: Record<InterviewerMeasure, { 'zh-cn': string; en: string }> = {
  literacy: { 'zh-cn': '健康素养具备率', en: 'health literacy rate' },
  awareness: { 'zh-cn': '服务知晓全对率', en: 'full awareness rate' },
  refusal: { 'zh-cn': '拒访率', en: 'refusal rate' },
  duration: { 'zh-cn': '访问时长（几何平均，分钟）', en: 'interview length (geometric mean, min)' },
};

/** Fewer interviews by the others in a stratum than this and that stratum gives no reference. */
const MIN_REFERENCE = 5;

export interface InterviewerMeasureTest {
  measure: InterviewerMeasure;
  n: number;
  /** The interviewer's rate (a share, or minutes for duration). */
  value: number;
  /** What the others found at the same strata, weighted like the interviewer's interviews. */
  expected: number;
  z: number;
  p: number;
  /** Holm-adjusted p-value. */
  adjustedP: number;
  flagged: boolean;
}

export interface InterviewerEffectRow {
  interviewer: string;
  interviews: number;
  completes: number;
  tests: InterviewerMeasureTest[];
  flagged: boolean;
}

type Unit = { stratum: string; value: number };

function unitsOf(interview: QualityInterview, measure: InterviewerMeasure): number | undefined {
  const complete = interview.status === 'complete';
  switch (measure) {
    case 'literacy':
      return complete && interview.literate !== null ? Number(interview.literate) : undefined;
    case 'awareness':
      return complete && interview.awarenessFull !== null ? Number(interview.awarenessFull) : undefined;
    case 'refusal':
      return Number(interview.status === 'refused');
    case 'duration':
      return complete && interview.durationSeconds && interview.durationSeconds > 0 ? Math.log(interview.durationSeconds) : undefined;
  }
}

interface Sums {
  n: number;
  sum: number;
  squares: number;
}
const add = (sums: Sums | undefined, value: number): Sums => ({ n: (sums?.n ?? 0) + 1, sum: (sums?.sum ?? 0) + value, squares: (sums?.squares ?? 0) + value * value });

export function interviewerEffects(interviews: QualityInterview[], settings: QualitySettings['interviewerEffect']): InterviewerEffectRow[] {
  const byInterviewer = groupBy(interviews.filter((interview) => interview.mode === 'capi' && interview.interviewer), (interview) => interview.interviewer!);
  const raw: { row: InterviewerEffectRow; test: InterviewerMeasureTest }[] = [];
  const rows: InterviewerEffectRow[] = [];
  for (const measure of INTERVIEWER_MEASURES) {
    const units = new Map<string, Unit[]>();
    const strata = new Map<string, Sums>();
    const own = new Map<string, Sums>();
    for (const [interviewer, list] of byInterviewer) {
      const measured: Unit[] = [];
      for (const interview of list) {
        const value = unitsOf(interview, measure);
        if (value === undefined) continue;
        measured.push({ stratum: interview.stratum, value });
        strata.set(interview.stratum, add(strata.get(interview.stratum), value));
        own.set(`${interviewer} ${interview.stratum}`, add(own.get(`${interviewer} ${interview.stratum}`), value));
      }
      units.set(interviewer, measured);
    }
    for (const [interviewer, measured] of units) {
      const reference = (stratum: string): Sums => {
        const all = strata.get(stratum)!;
        const mine = own.get(`${interviewer} ${stratum}`)!;
        return { n: all.n - mine.n, sum: all.sum - mine.sum, squares: all.squares - mine.squares };
      };
      const compared = measured.filter((unit) => reference(unit.stratum).n >= MIN_REFERENCE);
      if (compared.length < settings.minInterviews) continue;
      const test = measure === 'duration' ? continuousTest(compared, reference) : proportionTest(compared, reference);
      if (!test) continue;
      let row = rows.find((candidate) => candidate.interviewer === interviewer);
      if (!row) {
        const list = byInterviewer.get(interviewer)!;
        row = { interviewer, interviews: list.length, completes: list.filter((i) => i.status === 'complete').length, tests: [], flagged: false };
        rows.push(row);
      }
      const full: InterviewerMeasureTest = { measure, n: compared.length, ...test, p: 1 - erf(Math.abs(test.z) / Math.SQRT2), adjustedP: 1, flagged: false };
      row.tests.push(full);
      raw.push({ row, test: full });
    }
  }
  holm(raw.map(({ test }) => test), settings.alpha);
  for (const row of rows) row.flagged = row.tests.some((test) => test.flagged);
  return rows.sort((a, b) => a.interviewer.localeCompare(b.interviewer));
}

function proportionTest(units: Unit[], reference: (stratum: string) => Sums) {
  let observed = 0;
  let expected = 0;
  let variance = 0;
  for (const unit of units) {
    const p = reference(unit.stratum).sum / reference(unit.stratum).n;
    observed += unit.value;
    expected += p;
    variance += p * (1 - p);
  }
  if (variance <= 0) return undefined;
  return { value: observed / units.length, expected: expected / units.length, z: (observed - expected) / Math.sqrt(variance) };
}

function continuousTest(units: Unit[], reference: (stratum: string) => Sums) {
  let zSum = 0;
  let meanSum = 0;
  let valueSum = 0;
  for (const unit of units) {
    const { n, sum, squares } = reference(unit.stratum);
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(0, (squares - n * mean * mean) / (n - 1)));
    if (!(sd > 0)) return undefined;
    zSum += (unit.value - mean) / sd;
    meanSum += mean;
    valueSum += unit.value;
  }
  return { value: Math.exp(valueSum / units.length) / 60, expected: Math.exp(meanSum / units.length) / 60, z: zSum / Math.sqrt(units.length) };
}

/** Holm's step-down adjustment, in place: adjusted p₍ₖ₎ = maxᵢ≤ₖ min(1, (m − i + 1)·p₍ᵢ₎). */
export function holm(tests: { p: number; adjustedP: number; flagged: boolean }[], alpha: number): void {
  const ordered = [...tests].sort((a, b) => a.p - b.p);
  let running = 0;
  ordered.forEach((test, i) => {
    running = Math.max(running, Math.min(1, (ordered.length - i) * test.p));
    test.adjustedP = running;
    test.flagged = running < alpha;
  });
}

/** The Chinese and English explanation of a flagged interviewer's significant measures. */
export function describeEffects(row: InterviewerEffectRow): { zh: string; en: string } {
  const shown = row.tests.filter((test) => test.flagged);
  const format = (test: InterviewerMeasureTest, value: number) => (test.measure === 'duration' ? `${minutes(value * 60)} 分钟` : `${(100 * value).toFixed(0)}%`);
  return {
    zh: `访员 ${row.interviewer} 的${shown.map((test) => `${INTERVIEWER_MEASURE_LABELS[test.measure]['zh-cn']}为 ${format(test, test.value)}，同层其他访员为 ${format(test, test.expected)}（Holm 校正后 p=${test.adjustedP.toPrecision(2)}）`).join('；')}`,
    en: `interviewer ${row.interviewer}: ${shown.map((test) => `${INTERVIEWER_MEASURE_LABELS[test.measure].en} ${test.value.toFixed(2)} vs ${test.expected.toFixed(2)} (Holm p=${test.adjustedP.toPrecision(2)})`).join('; ')}`,
  };
}
