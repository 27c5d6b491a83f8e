import { localize, type Locale } from '../shared/locale';
import type { SurveyProgress } from '../shared/navigation';
import { TEXT } from './messages';

/** Page k of n over the pages the survey can still show (client/shared/navigation.ts), and a bar. */
export function ProgressLine({ progress, locale }: { progress: SurveyProgress; locale: Locale }) {
  const label = localize(TEXT.pageOf, locale).replace('{page}', String(progress.page)).replace('{of}', String(progress.of));
  return (
    <div className="respond-progress" data-testid="progress">
      <progress max={100} value={progress.percent} aria-label={label} />
      <span data-testid="page-of">{label}</span>
    </div>
  );
}
