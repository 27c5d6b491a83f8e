/**
 * The automated quality flags: their names, what each means, and the thresholds an admin can change
 * (GET/PUT /api/quality/settings). Pure data, shared by the computations and the server.
 */
export const QUALITY_FLAGS = ['speeding', 'straight-lining', 'near-duplicate', 'implausible-timing', 'interviewer-effect', 'qr-duplicate'] as const;
export type QualityFlagName = (typeof QUALITY_FLAGS)[number];

export const QUALITY_FLAG_LABELS: Record<QualityFlagName, { 'zh-cn': string; en: string }> = {
  speeding: { 'zh-cn': '作答过快', en: 'Speeding' },
  'straight-lining': { 'zh-cn': '答案一律', en: 'Straight-lining' },
  'near-duplicate': { 'zh-cn': '疑似重复', en: 'Near-duplicate' },
  'implausible-timing': { 'zh-cn': '时间不合理', en: 'Implausible timing' },
  'interviewer-effect': { 'zh-cn': '访员效应', en: 'Interviewer effect' },
  'qr-duplicate': { 'zh-cn': '同一手机重复填答', en: 'QR duplicate' },
};

/** One flag on one interview, with the reason in Chinese (what a reviewer reads) and in English. */
export interface QualityFlag {
  flag: QualityFlagName;
  explanation: string;
  explanationEn: string;
}

export interface QualitySettings {
  speeding: {
    /** Flag a complete interview shorter than this share of the median length of its mode. */
    medianShare: number;
    /** A mode needs this many complete interviews with a length before its median is trusted. */
    minInterviews: number;
    /** Reading floor: a page answered in fewer seconds per question than this is "fast"… */
    secondsPerQuestion: number;
    /** …and this many fast pages flag the interview. */
    fastPages: number;
  };
  straightLining: {
    /** Every answered satisfaction aspect rated the same, when at least this many were answered. */
    satisfactionMinItems: number;
    /** The same option on this many literacy single-choice items in a row. */
    literacyRun: number;
  };
  nearDuplicate: {
    /** Share of the questions either interview answered on which both gave the same answer. */
    agreement: number;
    /** Interviews with fewer answered questions than this are not compared. */
    minQuestions: number;
  };
  implausibleTiming: {
    /** Two interviews of one interviewer overlapping by more than this many seconds. */
    overlapSeconds: number;
    /** More than `maxInSpan` interviews of one interviewer completed within `spanMinutes`. */
    spanMinutes: number;
    maxInSpan: number;
  };
  interviewerEffect: {
    /** Family-wise error rate of the interviewer tests (Holm's correction over every interviewer and measure). */
    alpha: number;
    /** Interviewers with fewer complete interviews than this are not tested. */
    minInterviews: number;
  };
  qrDuplicate: {
    /** Completions one phone may make on one link before all of them are flagged. */
    maxPerDevice: number;
  };
}

export const DEFAULT_QUALITY_SETTINGS: QualitySettings = {
  speeding: { medianShare: 1 / 3, minInterviews: 10, secondsPerQuestion: 1.5, fastPages: 3 },
  straightLining: { satisfactionMinItems: 8, literacyRun: 8 },
  nearDuplicate: { agreement: 0.95, minQuestions: 20 },
  implausibleTiming: { overlapSeconds: 60, spanMinutes: 60, maxInSpan: 4 },
  interviewerEffect: { alpha: 0.05, minInterviews: 10 },
  qrDuplicate: { maxPerDevice: 1 },
};
