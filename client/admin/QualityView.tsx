import { QUALITY_FLAG_LABELS, QUALITY_FLAGS } from '../../analysis/quality/settings';
import { useApi } from '../analyst/useApi';
import { interviewerTableSchema } from '../../contracts/quality';
import { call } from './api';
import type { ReviewViewProps } from './SubmissionsView';

const rate = (measure: string, value: number) => (measure === 'duration' ? value.toFixed(1) : `${(100 * value).toFixed(0)}%`);

/**
 * The interviewer table (GET /api/quality/interviewers): each interviewer's interviews, flags by kind,
 * and the interviewer-effect tests against the other interviewers at the same strata, Holm-corrected.
 */
export function QualityView({ token, t, locale }: ReviewViewProps) {
  const { data, error } = useApi(() => call(token, '/api/quality/interviewers', interviewerTableSchema), 'quality-interviewers');
  if (error) return <p className="errors">{error}</p>;
  if (!data) return <p>…</p>;
  return (
    <section>
      <table className="list" aria-label={t('quality')}>
        <thead>
          <tr>
            <th>{t('interviewer')}</th>
            <th>{t('interviews')}</th>
            <th>{t('completesShort')}</th>
            {QUALITY_FLAGS.map((flag) => (
              <th key={flag}>{QUALITY_FLAG_LABELS[flag][locale]}</th>
            ))}
            <th>{t('tested')}</th>
          </tr>
        </thead>
        <tbody>
          {data.interviewers.map((row) => (
            <tr key={row.interviewer} data-testid="quality-row" className={row.flagged ? 'flagged' : undefined}>
              <td>
                {row.interviewer}
                {row.flagged && <span className="flag"> · {t('flaggedInterviewer')}</span>}
              </td>
              <td>{row.interviews}</td>
              <td>{row.completes}</td>
              {QUALITY_FLAGS.map((flag) => (
                <td key={flag} className={row.flags[flag] ? 'flag' : undefined}>
                  {row.flags[flag] ?? 0}
                </td>
              ))}
              <td>
                {row.tests.map((test) => (
                  <div key={test.measure} className={test.flagged ? 'flag' : undefined}>
                    {data.measures[test.measure]?.[locale] ?? test.measure}: {rate(test.measure, test.value)} / {rate(test.measure, test.expected)} · p={test.adjustedP.toPrecision(2)}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
