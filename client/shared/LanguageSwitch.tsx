import { LANGUAGE_TAGS, LOCALE_NAMES, LOCALES, type Locale } from './locale';

export interface LanguageSwitchProps {
  locale: Locale;
  onChange(locale: Locale): void;
}

/** Two buttons, each language named in itself, usable at any moment of an interview. */
export function LanguageSwitch({ locale, onChange }: LanguageSwitchProps) {
  return (
    <div className="language-switch" role="group" aria-label="语言 / Language">
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={LANGUAGE_TAGS[option]}
          aria-pressed={option === locale}
          onClick={() => onChange(option)}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </div>
  );
}
