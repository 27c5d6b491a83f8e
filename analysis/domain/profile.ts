import type { Label } from './label';

/** Respondent classifications used as breakdowns of the estimates. */
export const AGE_GROUPS = ['15-24', '25-34', '35-44', '45-59', '60-69', '70+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** Age in completed years at the survey date, from the year of birth (the instrument asks only the year). */
export function ageGroupOf(birthYear: number, surveyDate: Date): AgeGroup | undefined {
  const age = surveyDate.getUTCFullYear() - birthYear;
  if (age < 15) return undefined;
  if (age < 25) return '15-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 60) return '45-59';
  if (age < 70) return '60-69';
  return '70+';
}

export const MODES = ['capi', 'cawi'] as const;
export type Mode = (typeof MODES)[number];

export const RESPONSE_STATUSES = ['complete', 'partial', 'ineligible', 'refused'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const AGE_GROUP_LABELS: Record<AgeGroup, Label> = {
  '15-24': { 'zh-cn': '15-24岁', en: '15-24' },
  '25-34': { 'zh-cn': '25-34岁', en: '25-34' },
  '35-44': { 'zh-cn': '35-44岁', en: '35-44' },
  '45-59': { 'zh-cn': '45-59岁', en: '45-59' },
  '60-69': { 'zh-cn': '60-69岁', en: '60-69' },
  '70+': { 'zh-cn': '70岁及以上', en: '70 and over' },
};

export const MODE_LABELS: Record<Mode, Label> = {
  capi: { 'zh-cn': '访员面访', en: 'Interviewer (CAPI)' },
  cawi: { 'zh-cn': '扫码自填', en: 'Self-completed via QR link (CAWI)' },
};

export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, Label> = {
  complete: { 'zh-cn': '完成', en: 'Complete' },
  partial: { 'zh-cn': '部分完成', en: 'Partial' },
  refused: { 'zh-cn': '拒访', en: 'Refused' },
  ineligible: { 'zh-cn': '不符合条件', en: 'Ineligible' },
};
