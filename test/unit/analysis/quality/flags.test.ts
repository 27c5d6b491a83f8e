import { describe, expect, it } from 'vitest';
import { assessQuality } from '../../../../analysis/quality/flags';
import { qualityInstrumentOf } from '../../../../analysis/quality/instrument';
import { instrumentKey, type QualityInterview } from '../../../../analysis/quality/interview';
import { holm } from '../../../../analysis/quality/interviewerEffects';
import { DEFAULT_QUALITY_SETTINGS, type QualitySettings } from '../../../../analysis/quality/settings';
import { generateRespondent } from '../../../../scripts/synthetic';
import { getInstrument } from '../../../../surveys/catalog';

const INSTRUMENT = instrumentKey('migrant-health', 1);
const instruments = new Map([[INSTRUMENT, qualityInstrumentOf(getInstrument('migrant-health', 1)!.json)]]);
const T0 = Date.parse('2026-05-01T08:00:00Z');
let counter = 0;

/** A plausible complete CAPI interview of 25 minutes by a synthetic respondent; each field can be overridden. */
function interview(overrides: Partial<QualityInterview> = {}, seed: string | number = ++counter): QualityInterview {
  const { answers, status } = generateRespondent({ seed, province: '53', status: overrides.status ?? 'complete', surveyDate: new Date(T0) });
  const start = T0 + counter * 3_600_000;
  return {
    id: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    instrument: INSTRUMENT,
    mode: 'capi',
    status,
    stratum: '530102',
    siteCode: 'KM-01',
    interviewer: 'int-a',
    startedAt: start,
    completedAt: start + 1500_000,
    durationSeconds: 1500,
    answers,
    literate: false,
    awarenessFull: false,
    ...overrides,
  };
}

const settingsWith = (patch: (settings: QualitySettings) => void): QualitySettings => {
  const settings = structuredClone(DEFAULT_QUALITY_SETTINGS);
  patch(settings);
  return settings;
};
const flagsOf = (interviews: QualityInterview[], settings = DEFAULT_QUALITY_SETTINGS) => assessQuality(interviews, instruments, settings).flags;
const names = (flags: ReturnType<typeof flagsOf>, id: string) => (flags.get(id) ?? []).map((flag) => flag.flag);

describe('quality flags on crafted interviews', () => {
  it('a field of ordinary interviews carries no flag at all', () => {
    const field = Array.from({ length: 30 }, (_, k) => interview({ interviewer: `int-${k % 3}`, durationSeconds: 1200 + 20 * k }));
    expect([...flagsOf(field).entries()]).toEqual([]);
  });

  it('speeding: under a third of the mode median is flagged, a bit above is not; the median needs enough interviews', () => {
    const field = Array.from({ length: 12 }, () => interview({ durationSeconds: 1800 }));
    const fast = interview({ durationSeconds: 590 });
    const justAbove = interview({ durationSeconds: 610 });
    const flags = flagsOf([...field, fast, justAbove]);
    expect(names(flags, fast.id)).toContain('speeding');
    expect(flags.get(fast.id)![0]!.explanation).toBe('访问时长 9.8 分钟，不到访员面访问卷时长中位数（30.0 分钟）的 33%');
    expect(names(flags, justAbove.id)).not.toContain('speeding');
    expect(names(flagsOf([field[0]!, fast]), fast.id)).not.toContain('speeding');
    expect(names(flagsOf([...field, fast], settingsWith((s) => (s.speeding.medianShare = 0.3))), fast.id)).not.toContain('speeding');
  });

  it('speeding: pages faster than the reading floor (per question on the page)', () => {
    const quick = interview({ pageSeconds: { lit_health_view: 5, lit_infectious: 4, lit_chronic: 3, consent: 60 } });
    const careful = interview({ pageSeconds: { lit_health_view: 60, lit_infectious: 4, lit_chronic: 3, consent: 60 } });
    const flags = flagsOf([quick, careful]);
    expect(flags.get(quick.id)).toEqual([expect.objectContaining({ flag: 'speeding', explanation: expect.stringMatching(/^3 页作答快于每题 1.5 秒的阅读下限/) })]);
    expect(names(flags, careful.id)).toEqual([]);
  });

  it('straight-lining: every satisfaction aspect the same, or the same option on a run of literacy items', () => {
    const answersOf = (seed: string) => generateRespondent({ seed, province: '53', status: 'complete' }).answers;
    const ratings = Object.fromEntries(instruments.get(INSTRUMENT)!.satisfactionRatings.map((name) => [name, 4]));
    const sameRatings = interview({ answers: { ...answersOf('a'), ...ratings } });
    const variedRatings = interview({ answers: { ...answersOf('b'), ...ratings, sat_bphs_quality: 3 } });
    const run = Object.fromEntries(['lit_01', 'lit_02', 'lit_04', 'lit_05', 'lit_06', 'lit_07', 'lit_08', 'lit_09'].map((name) => [name, 'dk']));
    const items = instruments.get(INSTRUMENT)!.literacySingleItems;
    const sameOption = interview({ answers: { ...Object.fromEntries(Object.entries(answersOf('c')).filter(([name]) => !items.includes(name))), ...run, lit_03: 'dk' } });
    const flags = flagsOf([sameRatings, variedRatings, sameOption]);
    expect(flags.get(sameRatings.id)).toEqual([expect.objectContaining({ flag: 'straight-lining', explanation: '满意度 10 个方面评分全部相同（均为 4）' })]);
    expect(names(flags, variedRatings.id)).toEqual([]);
    expect(flags.get(sameOption.id)?.[0]?.explanation).toBe('连续 8 道健康素养题选了同一选项（dk）');
    expect(names(flagsOf([sameOption], settingsWith((s) => (s.straightLining.literacyRun = 9))), sameOption.id)).toEqual([]);
  });

  it('near-duplicate: a copy with one answer changed is flagged on both, across interviewers; different respondents are not', () => {
    const original = interview({ interviewer: 'int-a' });
    const copy = interview({ interviewer: 'int-b', siteCode: 'KM-02', answers: { ...original.answers, lit_01: original.answers.lit_01 === 'true' ? 'false' : 'true' } });
    const others = Array.from({ length: 20 }, () => interview());
    const flags = flagsOf([original, copy, ...others]);
    expect(names(flags, original.id)).toEqual(['near-duplicate']);
    expect(flags.get(copy.id)![0]!.explanation).toMatch(new RegExp(`^与问卷 ${original.id.slice(0, 8)}（同一调查点）|^与问卷 ${original.id.slice(0, 8)}（调查点 KM-01）`));
    for (const other of others) expect(names(flags, other.id)).toEqual([]);
    expect(names(flagsOf([original, copy], settingsWith((s) => (s.nearDuplicate.agreement = 1))), copy.id)).toEqual([]);
  });

  it('implausible timing: ended before it started, two at once, too many in an hour', () => {
    const backwards = interview({ interviewer: 'int-x', startedAt: T0 + 3_600_000, completedAt: T0 });
    const first = interview({ interviewer: 'int-y', startedAt: T0, completedAt: T0 + 1_800_000 });
    const overlapping = interview({ interviewer: 'int-y', startedAt: T0 + 600_000, completedAt: T0 + 2_400_000 });
    const touching = interview({ interviewer: 'int-y', startedAt: T0 + 2_430_000, completedAt: T0 + 4_000_000 });
    const burst = Array.from({ length: 5 }, (_, k) => interview({ interviewer: 'int-z', startedAt: T0 + k * 700_000, completedAt: T0 + k * 700_000 + 600_000 }));
    const flags = flagsOf([backwards, first, overlapping, touching, ...burst]);
    expect(flags.get(backwards.id)?.[0]?.explanation).toBe('结束时间早于开始时间');
    expect(flags.get(first.id)?.[0]?.explanation).toBe(`与同一访员 int-y 的问卷 ${overlapping.id.slice(0, 8)} 时间重叠 20.0 分钟`);
    expect(names(flags, overlapping.id)).toEqual(['implausible-timing']);
    expect(names(flags, touching.id)).toEqual([]);
    for (const one of burst) expect(flags.get(one.id)?.[0]?.explanation).toBe('访员 int-z 在 60 分钟内完成了超过 4 份问卷');
    expect(names(flagsOf(burst.slice(0, 4)), burst[0]!.id)).toEqual([]);
  });

  it('qr-duplicate: two completions from one phone on one link; one per phone is fine', () => {
    const phone = (deviceHash: string, linkId = 'link-1') => interview({ mode: 'cawi', interviewer: undefined, linkId, deviceHash });
    const twice = [phone('a'.repeat(64)), phone('a'.repeat(64))];
    const once = [phone('b'.repeat(64)), phone('a'.repeat(64), 'link-2')];
    const flags = flagsOf([...twice, ...once]);
    for (const one of twice) expect(flags.get(one.id)?.[0]?.explanation).toBe('同一手机（设备标识 aaaaaaaa）在此二维码链接上完成了 2 份问卷');
    for (const one of once) expect(names(flags, one.id)).toEqual([]);
  });

  it('interviewer effect: one interviewer far from the others at the same sites is flagged (Holm), ordinary spread is not', () => {
    const field = (literateOf: (interviewer: number, k: number) => boolean) =>
      Array.from({ length: 4 }, (_, who) => Array.from({ length: 20 }, (_, k) => interview({ interviewer: `int-${who}`, literate: literateOf(who, k), stratum: k % 2 ? 'S1' : 'S2', startedAt: undefined, completedAt: undefined }))).flat();
    const odd = field((who, k) => (who === 0 ? k < 19 : k % 4 === 0));
    const report = assessQuality(odd, instruments, DEFAULT_QUALITY_SETTINGS);
    const row = report.interviewers.find((r) => r.interviewer === 'int-0')!;
    expect(row.flagged).toBe(true);
    expect(row.tests.find((t) => t.measure === 'literacy')).toMatchObject({ n: 20, value: 0.95, expected: 0.25, flagged: true });
    expect(report.flags.get(odd[0]!.id)?.find((f) => f.flag === 'interviewer-effect')?.explanation).toMatch(/^访员 int-0 的健康素养具备率为 95%，同层其他访员为 25%（Holm 校正后 p=/);
    expect(report.interviewers.filter((r) => r.interviewer !== 'int-0').every((r) => !r.flagged)).toBe(true);
    const ordinary = field((who, k) => (k + who) % 4 === 0);
    expect(assessQuality(ordinary, instruments, DEFAULT_QUALITY_SETTINGS).interviewers.some((r) => r.flagged)).toBe(false);
  });

  it("Holm's adjustment matches R's p.adjust(method = 'holm')", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    const tests = [0.01, 0.04, 0.03, 0.005].map((p) => ({ p, adjustedP: 1, flagged: false }));
    holm(tests, 0.05);
    expect(tests.map((t) => +t.adjustedP.toFixed(10))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(tests.map((t) => t.flagged)).toEqual([true, false, false, true]);
  });
});
