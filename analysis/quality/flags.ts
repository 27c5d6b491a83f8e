import type { QualityInstrument } from './instrument';
import type { QualityInterview } from './interview';
import { describeEffects, interviewerEffects, type InterviewerEffectRow } from './interviewerEffects';
import { implausibleTiming, nearDuplicates, qrDuplicates, speeding, straightLining, type AddFlag } from './rules';
import type { QualityFlag, QualitySettings } from './settings';

export interface QualityReport {
  /** Interview id → its flags, one per flag name (the reasons of one rule joined). Unflagged interviews are absent. */
  flags: Map<string, QualityFlag[]>;
  interviewers: InterviewerEffectRow[];
}

/** Every rule over every interview (the current version of each), with the given thresholds. */
export function assessQuality(interviews: QualityInterview[], instruments: Map<string, QualityInstrument>, settings: QualitySettings): QualityReport {
  const flags = new Map<string, QualityFlag[]>();
  const add: AddFlag = (id, flag, explanation, explanationEn) => {
    const list = flags.get(id) ?? [];
    const existing = list.find((item) => item.flag === flag);
    if (existing) {
      existing.explanation += `；${explanation}`;
      existing.explanationEn += `; ${explanationEn}`;
    } else list.push({ flag, explanation, explanationEn });
    flags.set(id, list);
  };
  speeding(interviews, instruments, settings.speeding, add);
  straightLining(interviews, instruments, settings.straightLining, add);
  nearDuplicates(interviews, instruments, settings.nearDuplicate, add);
  implausibleTiming(interviews, settings.implausibleTiming, add);
  qrDuplicates(interviews, settings.qrDuplicate, add);
  const interviewers = interviewerEffects(interviews, settings.interviewerEffect);
  const flagged = new Map(interviewers.filter((row) => row.flagged).map((row) => [row.interviewer, describeEffects(row)]));
  for (const interview of interviews) {
    const effect = interview.interviewer && interview.mode === 'capi' ? flagged.get(interview.interviewer) : undefined;
    if (effect) add(interview.id, 'interviewer-effect', effect.zh, effect.en);
  }
  return { flags, interviewers };
}
