/** The languages every app offers; Chinese first, because most respondents and every interviewer read it. */
export const LOCALES = ['zh-cn', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-cn';

/** A visible string in both languages, the shape the instrument JSON uses too. */
export type LocalizedText = Record<Locale, string>;

/** How each language names itself on the switch. */
export const LOCALE_NAMES: LocalizedText = { 'zh-cn': '中文', en: 'English' };

/** The BCP 47 tag of a locale, for `lang` attributes (screen readers pick their voice by it). */
export const LANGUAGE_TAGS: LocalizedText = { 'zh-cn': 'zh-CN', en: 'en' };

/** A text with its `{name}` placeholders filled from `values` (a missing one stays as it is, to be seen). */
export function fillPlaceholders(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale];
}
