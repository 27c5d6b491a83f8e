import { complianceUrl, fetchCompliance, type EstimateQuery, type Weighting } from './api';
import type { Filters } from './Console';
import { queryKey } from './IndicatorsView';
import { useApi } from './useApi';

/** As the evaluation reports put it: for each indicator with a target, how many counties meet it (literacy against each county's regional target), and which do not. */
export function ComplianceView({ token, filters, weighting }: { token: string; filters: Filters; weighting: Weighting }) {
  const query: Omit<EstimateQuery, 'by'> = { instrument: filters.instrument, instrumentVersion: filters.instrumentVersion, from: filters.from, to: filters.to, lonelyPsu: filters.lonelyPsu, weighting };
  const { data, error, loading } = useApi(() => fetchCompliance(token, query), queryKey({ ...query, by: 'county' }));
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p>{loading ? '计算中… Estimating…' : ''}</p>;
  return (
    <div className="compliance">
      <p>
        {data.summary['zh-cn']}{' '}
        <a href={complianceUrl(query, 'xlsx')} download>
          下载 Excel (XLSX)
        </a>
      </p>
      <table className="compliance">
        <thead>
          <tr>
            <th>指标 Indicator</th>
            <th>目标 Target</th>
            <th>达标县区 Counties meeting the target</th>
            <th>未达标 Not met</th>
            <th>无法判定 Inconclusive</th>
          </tr>
        </thead>
        <tbody>
          {data.indicators.map((item) => {
            const names = (status: string) => item.judgements.filter((judgement) => judgement.estimate.status === status).map((judgement) => judgement.name['zh-cn']).join('、') || '—';
            return (
              <tr key={item.indicator}>
                <td>{item.label['zh-cn']}</td>
                <td>{item.rule['zh-cn']}</td>
                <td>{item.headline['zh-cn']}</td>
                <td>{names('not met')}</td>
                <td>{names('inconclusive')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
