/**
 * The codebook of an instrument version, read from its SurveyJS JSON (the single source of truth): one
 * variable per question, its Chinese and English label, and its value codes with their labels. The
 * response data export uses the same list for its columns, so the file and its codebook cannot drift.
 */
import { inLanguage, type Language } from '../domain/label';
import { questionsOf, type InstrumentJson, type SurveyElementJson } from '../scoring/instrumentJson';

export interface Label {
  'zh-cn': string;
  en: string;
}

export interface CodebookValue {
  code: string;
  label: Label;
}

export interface CodebookVariable {
  name: string;
  label: Label;
  /** The SurveyJS question type, with the input type of a text question (`text:number`). */
  type: string;
  /** Several values a respondent may tick; the data file joins their codes with `;`. */
  multiple: boolean;
  /** Typed-in text that may identify someone: exported only on request. */
  freeText: boolean;
  values: CodebookValue[];
}

/** A localizable string as the instrument holds it (an object per locale, or a plain string). */
export function labelOf(text: unknown, fallback: string): Label {
  if (typeof text === 'string') return { 'zh-cn': text, en: text };
  if (text && typeof text === 'object') {
    const localized = text as Record<string, unknown>;
    const zh = typeof localized['zh-cn'] === 'string' ? localized['zh-cn'] : typeof localized.default === 'string' ? localized.default : fallback;
    return { 'zh-cn': zh, en: typeof localized.en === 'string' ? localized.en : zh };
  }
  return { 'zh-cn': fallback, en: fallback };
}

function valuesOf(question: SurveyElementJson): CodebookValue[] {
  const items = [...((question.choices as unknown[] | undefined) ?? []), ...((question.rateValues as unknown[] | undefined) ?? [])];
  const values = items.map((item) => {
    const { value, text } = typeof item === 'object' && item !== null ? (item as { value: unknown; text?: unknown }) : { value: item, text: undefined };
    return { code: String(value), label: labelOf(text, String(value)) };
  });
  if (question.type === 'rating' && question.rateValues === undefined) {
    for (let value = Number(question.rateMin ?? 1); value <= Number(question.rateMax ?? 5); value += Number(question.rateStep ?? 1)) {
      values.push({ code: String(value), label: labelOf(undefined, String(value)) });
    }
  }
  if (question.showNoneItem) values.push({ code: String(question.noneValue ?? 'none'), label: labelOf(question.noneText, 'none') });
  if (question.showOtherItem) values.push({ code: 'other', label: labelOf(question.otherText, 'other') });
  if (question.type === 'boolean') values.push({ code: 'true', label: labelOf(question.labelTrue, 'true') }, { code: 'false', label: labelOf(question.labelFalse, 'false') });
  return values;
}

const isFreeText = (question: SurveyElementJson): boolean =>
  question.type === 'comment' || (question.type === 'text' && (question.inputType === undefined || question.inputType === 'text'));

export function codebookOf(json: InstrumentJson): CodebookVariable[] {
  const variables: CodebookVariable[] = [];
  for (const { element } of questionsOf(json)) {
    if (!element.name) continue;
    variables.push({
      name: element.name,
      label: labelOf(element.title, element.name),
      type: element.inputType ? `${element.type}:${String(element.inputType)}` : String(element.type),
      multiple: element.type === 'checkbox' || element.type === 'tagbox',
      freeText: isFreeText(element),
      values: valuesOf(element),
    });
  }
  return variables;
}

/** An answer as one data-file cell: codes of a multiple choice joined with `;`, nothing for no answer. */
export function answerCell(variable: CodebookVariable, answer: unknown): string | number | boolean | null {
  if (answer === undefined || answer === null) return null;
  if (variable.multiple && Array.isArray(answer)) return answer.map(String).join(';');
  if (typeof answer === 'number' || typeof answer === 'boolean' || typeof answer === 'string') return answer;
  return JSON.stringify(answer);
}

/**
 * A data-file cell with each of its codes named in one language (a multiple choice's codes one by one, still
 * joined with `;`), for a file people read rather than software; a code the codebook does not list stays itself.
 */
export function valueLabeller(variable: Pick<CodebookVariable, 'values'>, language: Language): (cell: unknown) => unknown {
  if (variable.values.length === 0) return (cell) => cell;
  const names = new Map(variable.values.map((value) => [value.code, inLanguage(value.label, language)]));
  const name = (code: string) => names.get(code) ?? code;
  return (cell) => (cell === null || cell === undefined || cell === '' ? cell : String(cell).split(';').map(name).join(';'));
}
