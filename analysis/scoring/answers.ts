/** Reading one answer of a SurveyJS answer set whose values are unknown until checked. */
import type { Answers } from './types';

/** A choice value as a string (true/false items may arrive as booleans), or undefined when unanswered. */
export function choiceAnswer(answers: Answers, name: string): string | undefined {
  const value = answers[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return undefined;
}

/** The values ticked in a checkbox question; undefined when unanswered. */
export function choicesAnswer(answers: Answers, name: string): string[] | undefined {
  const value = answers[name];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map(String);
}

export function numberAnswer(answers: Answers, name: string): number | undefined {
  const value = answers[name];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function yesNoAnswer(answers: Answers, name: string): boolean | null {
  const value = choiceAnswer(answers, name);
  return value === undefined ? null : value === 'yes';
}
