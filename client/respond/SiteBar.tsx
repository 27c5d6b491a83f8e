import { LanguageSwitch } from '../shared/LanguageSwitch';
import type { Locale } from '../shared/locale';

/** The bar above the questions: the site the poster is at and the language switch. */
export function SiteBar({ siteName, locale, onLocale }: { siteName: string; locale: Locale; onLocale(locale: Locale): void }) {
  return (
    <header className="respond-bar">
      {/* Site names come from the sampling frame, in Chinese whatever language the survey is in. */}
      <span className="respond-site" lang="zh-CN">
        {siteName}
      </span>
      <LanguageSwitch locale={locale} onChange={onLocale} />
    </header>
  );
}
