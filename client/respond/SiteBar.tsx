import { LanguageSwitch } from '../shared/LanguageSwitch';
import type { Locale } from '../shared/locale';

/** The bar above the questions: the site the poster is at and the language switch. */
export function SiteBar({ siteName, locale, onLocale }: { siteName: string; locale: Locale; onLocale(locale: Locale): void }) {
  return (
    <header className="respond-bar">
      <span className="respond-site">{siteName}</span>
      <LanguageSwitch locale={locale} onChange={onLocale} />
    </header>
  );
}
