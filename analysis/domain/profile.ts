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
