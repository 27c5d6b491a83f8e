/**
 * The rules that flag single interviews, each a pure function over all interviews (some rules compare an
 * interview with the others). Each reports through `add`, with a Chinese and an English explanation.
 */
import { median } from 'simple-statistics';
import { MODE_LABELS } from '../domain/profile';
import type { QualityInstrument } from './instrument';
import { minutes, shortId, type QualityInterview } from './interview';
import type { QualityFlagName, QualitySettings } from './settings';

export type AddFlag = (id: string, flag: QualityFlagName, explanation: string, explanationEn: string) => void;

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) pushTo(groups, keyOf(item), item);
  return groups;
}

/** Complete interviews much shorter than the median of their mode, or with pages answered faster than one can read. */
export function speeding(interviews: QualityInterview[], instruments: Map<string, QualityInstrument>, settings: QualitySettings['speeding'], add: AddFlag): void {
  const completes = interviews.filter((interview) => interview.status === 'complete');
  for (const mode of ['capi', 'cawi'] as const) {
    const timed = completes.filter((interview) => interview.mode === mode && interview.durationSeconds !== undefined);
    if (timed.length < settings.minInterviews) continue;
    const typical = median(timed.map((interview) => interview.durationSeconds!));
    for (const interview of timed) {
      if (interview.durationSeconds! >= settings.medianShare * typical) continue;
      const share = `${(settings.medianShare * 100).toFixed(0)}%`;
      add(
        interview.id,
        'speeding',
        `访问时长 ${minutes(interview.durationSeconds!)} 分钟，不到${MODE_LABELS[mode]['zh-cn']}问卷时长中位数（${minutes(typical)} 分钟）的 ${share}`,
        `took ${minutes(interview.durationSeconds!)} min, under ${share} of the median for ${MODE_LABELS[mode].en} (${minutes(typical)} min)`,
      );
    }
  }
  for (const interview of completes) {
    const perPage = instruments.get(interview.instrument)?.questionsPerPage ?? {};
    const fast = Object.entries(interview.pageSeconds ?? {}).filter(([page, seconds]) => (perPage[page] ?? 0) > 0 && seconds / perPage[page]! < settings.secondsPerQuestion);
    if (fast.length < settings.fastPages) continue;
    const pages = fast.slice(0, 5).map(([page, seconds]) => `${page}（${perPage[page]} 题 ${seconds} 秒）`).join('、');
    add(
      interview.id,
      'speeding',
      `${fast.length} 页作答快于每题 ${settings.secondsPerQuestion} 秒的阅读下限：${pages}`,
      `${fast.length} pages answered faster than the reading floor of ${settings.secondsPerQuestion} s per question`,
    );
  }
}

/** The same rating for every satisfaction aspect, or the same option on a run of literacy items. */
export function straightLining(interviews: QualityInterview[], instruments: Map<string, QualityInstrument>, settings: QualitySettings['straightLining'], add: AddFlag): void {
  for (const interview of interviews) {
    const instrument = instruments.get(interview.instrument);
    if (!instrument || (interview.status !== 'complete' && interview.status !== 'partial')) continue;
    const ratings = instrument.satisfactionRatings.map((name) => interview.answers[name]).filter((value) => value !== undefined && value !== null);
    if (ratings.length >= settings.satisfactionMinItems && ratings.every((value) => value === ratings[0])) {
      add(interview.id, 'straight-lining', `满意度 ${ratings.length} 个方面评分全部相同（均为 ${String(ratings[0])}）`, `all ${ratings.length} satisfaction aspects rated the same (${String(ratings[0])})`);
    }
    const run = longestRun(instrument.literacySingleItems.map((name) => interview.answers[name]).filter((value) => value !== undefined && value !== null));
    if (run.length >= settings.literacyRun) {
      add(interview.id, 'straight-lining', `连续 ${run.length} 道健康素养题选了同一选项（${String(run.value)}）`, `the same option (${String(run.value)}) on ${run.length} literacy items in a row`);
    }
  }
}

function longestRun(values: unknown[]): { length: number; value: unknown } {
  let best = { length: 0, value: undefined as unknown };
  let length = 0;
  values.forEach((value, index) => {
    length = index > 0 && values[index - 1] === value ? length + 1 : 1;
    if (length > best.length) best = { length, value };
  });
  return best;
}

/**
 * Pairs of interviews whose answers agree on almost every question, anywhere in the survey. Two answer
 * vectors that agree on a share `t` of Q questions differ in at most d = ⌊(1 − t)·Q⌋ places, so split
 * into d + 1 bands of questions at least one band is identical (pigeonhole): only interviews sharing a
 * band are compared, each pair once (in the first band they share), which finds every such pair
 * without comparing all pairs.
 */
export function nearDuplicates(interviews: QualityInterview[], instruments: Map<string, QualityInstrument>, settings: QualitySettings['nearDuplicate'], add: AddFlag): void {
  const answered = interviews.filter((interview) => interview.status === 'complete' || interview.status === 'partial');
  for (const [key, group] of groupBy(answered, (interview) => interview.instrument)) {
    const questions = instruments.get(key)?.questions;
    if (!questions || group.length < 2) continue;
    const vectors = encodeAnswers(group, questions);
    const maxDifferences = Math.floor((1 - settings.agreement) * questions.length);
    const bandCount = Math.min(maxDifferences + 1, questions.length);
    const bandKeys = vectors.map((vector) => Array.from({ length: bandCount }, (_, band) => vector.filter((_, q) => q % bandCount === band).join(',')));
    const matches = new Map<number, { other: number; agree: number; compared: number }[]>();
    for (let band = 0; band < bandCount; band++) {
      for (const bucket of groupBy(group.keys(), (index) => bandKeys[index]![band]!).values()) {
        for (let a = 0; a < bucket.length; a++) {
          for (let b = a + 1; b < bucket.length; b++) {
            const i = bucket[a]!;
            const j = bucket[b]!;
            if (bandKeys[i]!.slice(0, band).some((bandKey, earlier) => bandKey === bandKeys[j]![earlier])) continue;
            const agreement = compare(vectors[i]!, vectors[j]!, maxDifferences);
            if (!agreement || agreement.compared < settings.minQuestions || agreement.agree < settings.agreement * agreement.compared) continue;
            pushTo(matches, i, { other: j, ...agreement });
            pushTo(matches, j, { other: i, ...agreement });
          }
        }
      }
    }
    for (const [index, found] of matches) {
      const interview = group[index]!;
      const described = found.slice(0, 3).map(({ other, agree, compared }) => {
        const twin = group[other]!;
        const where = twin.interviewer && twin.interviewer === interview.interviewer ? '同一访员' : twin.siteCode === interview.siteCode ? '同一调查点' : `调查点 ${twin.siteCode}`;
        return { zh: `问卷 ${shortId(twin.id)}（${where}）${compared} 题中 ${agree} 题相同（${((100 * agree) / compared).toFixed(0)}%）`, en: `${shortId(twin.id)} agrees on ${agree} of ${compared}` };
      });
      const more = found.length > 3 ? `等 ${found.length} 份` : '';
      add(interview.id, 'near-duplicate', `与${described.map((d) => d.zh).join('；')}${more}答案几乎一致`, `answers almost identical to ${described.map((d) => d.en).join('; ')}`);
    }
  }
}

/** Each answer as a small integer per question (0 = not answered), so comparing two interviews is integer equality. */
function encodeAnswers(group: QualityInterview[], questions: string[]): Int32Array[] {
  const codes = questions.map(() => new Map<string, number>());
  return group.map((interview) =>
    Int32Array.from(questions, (question, q) => {
      const value = interview.answers[question];
      if (value === undefined || value === null || value === '') return 0;
      const text = JSON.stringify(Array.isArray(value) ? [...value].sort() : value);
      const table = codes[q]!;
      if (!table.has(text)) table.set(text, table.size + 1);
      return table.get(text)!;
    }),
  );
}

/** Agreement over the questions either answered; undefined as soon as the differences exceed the bound. */
function compare(a: Int32Array, b: Int32Array, maxDifferences: number): { agree: number; compared: number } | undefined {
  let agree = 0;
  let compared = 0;
  for (let q = 0; q < a.length; q++) {
    if (a[q] === 0 && b[q] === 0) continue;
    compared++;
    if (a[q] === b[q]) agree++;
    else if (compared - agree > maxDifferences) return undefined;
  }
  return { agree, compared };
}

/** Completed before started; one interviewer in two interviews at once; too many interviews in a short span. */
export function implausibleTiming(interviews: QualityInterview[], settings: QualitySettings['implausibleTiming'], add: AddFlag): void {
  for (const interview of interviews) {
    if (interview.startedAt !== undefined && interview.completedAt !== undefined && interview.completedAt < interview.startedAt) {
      add(interview.id, 'implausible-timing', '结束时间早于开始时间', 'completed before it was started');
    }
  }
  for (const [interviewer, own] of groupBy(interviews.filter((interview) => interview.interviewer), (interview) => interview.interviewer!)) {
    const timed = own.filter((i) => i.startedAt !== undefined && i.completedAt !== undefined && i.completedAt >= i.startedAt).sort((a, b) => a.startedAt! - b.startedAt!);
    for (let a = 0; a < timed.length; a++) {
      for (let b = a + 1; b < timed.length && timed[b]!.startedAt! < timed[a]!.completedAt!; b++) {
        const overlap = (Math.min(timed[a]!.completedAt!, timed[b]!.completedAt!) - timed[b]!.startedAt!) / 1000;
        if (overlap <= settings.overlapSeconds) continue;
        for (const [one, other] of [[timed[a]!, timed[b]!], [timed[b]!, timed[a]!]] as const) {
          add(one.id, 'implausible-timing', `与同一访员 ${interviewer} 的问卷 ${shortId(other.id)} 时间重叠 ${minutes(overlap)} 分钟`, `overlaps ${shortId(other.id)} of the same interviewer by ${minutes(overlap)} min`);
        }
      }
    }
    const completed = own.filter((i) => i.completedAt !== undefined).sort((a, b) => a.completedAt! - b.completedAt!);
    const span = settings.spanMinutes * 60_000;
    const crowded = new Set<QualityInterview>();
    for (let start = 0, end = 0; end < completed.length; end++) {
      while (completed[end]!.completedAt! - completed[start]!.completedAt! > span) start++;
      if (end - start + 1 > settings.maxInSpan) for (let k = start; k <= end; k++) crowded.add(completed[k]!);
    }
    for (const interview of crowded) {
      add(interview.id, 'implausible-timing', `访员 ${interviewer} 在 ${settings.spanMinutes} 分钟内完成了超过 ${settings.maxInSpan} 份问卷`, `${interviewer} completed more than ${settings.maxInSpan} interviews within ${settings.spanMinutes} min`);
    }
  }
}

/** Several completions from one phone (its hashed device identifier) on one QR link. */
export function qrDuplicates(interviews: QualityInterview[], settings: QualitySettings['qrDuplicate'], add: AddFlag): void {
  const phones = interviews.filter((interview) => interview.mode === 'cawi' && interview.status === 'complete' && interview.linkId && interview.deviceHash);
  for (const same of groupBy(phones, (interview) => `${interview.linkId} ${interview.deviceHash}`).values()) {
    if (same.length <= settings.maxPerDevice) continue;
    for (const interview of same) {
      add(interview.id, 'qr-duplicate', `同一手机（设备标识 ${interview.deviceHash!.slice(0, 8)}）在此二维码链接上完成了 ${same.length} 份问卷`, `one phone (device ${interview.deviceHash!.slice(0, 8)}) completed ${same.length} interviews on this link`);
    }
  }
}
