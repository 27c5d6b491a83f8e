/** A text a person reads, in Chinese first and in English. */
export interface Label {
  'zh-cn': string;
  en: string;
}

export type Language = 'zh' | 'en';

export const inLanguage = (label: Label, language: Language): string => (language === 'zh' ? label['zh-cn'] : label.en);
