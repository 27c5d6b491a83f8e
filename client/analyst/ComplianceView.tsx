import { fetchEstimates, type EstimateQuery, type Weighting } from './api';
import type { Filters } from './Console';
import { queryKey } from './IndicatorsView';
import { useRegistry, zh } from './labels';
import { useApi } from './useApi';

/** As the evaluation reports put it: for each indicator with a target, how many counties meet it, and which do not. */
export function ComplianceView({ token, filters, weighting }: { token: string; filters: Filters; weighting: Weighting }) {
  const { labels } = useRegistry();
  const query: EstimateQuery = { by: 'county', instrumentVersion: filters.instrumentVersion, from: filters.from, to: filters.to, lonelyPsu: filters.lonelyPsu, weighting };
  const { data, error, loading } = useApi(() => fetchEstimates(token, query), queryKey(query));
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p>{loading ? '计算中… Estimating…' : ''}</p>;
  const byIndicator = new Map<string, typeof data.rows>();
  for (const row of data.rows) if (row.domain !== null && row.target !== null) byIndicator.set(row.indicator, [...(byIndicator.get(row.indicator) ?? []), row]);
  return (
    <table className="compliance">
      <thead>
        <tr>
          <th>指标 Indicator</th>
          <th>达标县区 Counties meeting the target</th>
          <th>未达标 Not met</th>
          <th>无法判定 Inconclusive</th>
        </tr>
      </thead>
      <tbody>
        {[...byIndicator].map(([indicator, rows]) => {
          const met = rows.filter((row) => row.status === 'met');
          const names = (status: string) => rows.filter((row) => row.status === status).map((row) => zh(labels.domain(row.domain))).join('、') || '—';
          return (
            <tr key={indicator}>
              <td>{zh(labels.indicator(indicator))}</td>
              <td>
                {rows.length} 个县区中 {met.length} 个达标
              </td>
              <td>{names('not met')}</td>
              <td>{names('inconclusive')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
