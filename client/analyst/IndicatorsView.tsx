import { useState } from 'react';
import { barOf, INDICATOR_FAMILY_LABELS, satisfactionAspectBars, type ChartBar, type IndicatorFamily } from '../../analysis/indicators/families';
import type { Labeller } from '../../analysis/indicators/labels';
import { RELIABILITY_LABELS, RELIABILITY_REASON_LABELS } from '../../analysis/stats/reliability';
import { fetchEstimates, estimatesUrl, reportUrl, responsesUrl, type EstimateQuery, type EstimateRow, type Registry, type Weighting } from './api';
import type { Filters } from './Console';
import { EstimateChart } from './EstimateChart';
import { bilingual, percent, useRegistry, zh } from './labels';
import { useApi } from './useApi';

export const queryKey = (query: EstimateQuery) => JSON.stringify(query);

/** A bar without a row (an indicator the selection does not estimate) is drawn empty. */

/** The overall rows of one family of indicators, each bar named within the family. */
const familyBars = (overall: EstimateRow[], registry: Registry, labels: Labeller, family: IndicatorFamily): ChartBar[] => {
  const ids = new Set(registry.indicators.filter((indicator) => indicator.family === family).map((indicator) => indicator.id));
  return overall.filter((row) => ids.has(row.indicator)).map((row) => barOf(row, zh(labels.shortIndicator(row.indicator))));
};

/** Every indicator of the registry for one breakdown, as a table and as charts, with the files to take away. */
export function IndicatorsView({ token, filters, weighting }: { token: string; filters: Filters; weighting: Weighting }) {
  const [by, setBy] = useState('region');
  const { registry, labels } = useRegistry();
  const query: EstimateQuery = { by, instrument: filters.instrument, instrumentVersion: filters.instrumentVersion, from: filters.from, to: filters.to, lonelyPsu: filters.lonelyPsu, weighting };
  const { data, error, loading } = useApi(() => fetchEstimates(token, query), queryKey(query));
  const [chosen, setChosen] = useState('literacy');
  const rows = data?.rows ?? [];
  const indicators = [...new Set(rows.map((row) => row.indicator))];
  const overall = rows.filter((row) => row.domain === null);
  const versionsLine = data?.methods.statement?.find((item) => item.item.en === 'Instrument versions')?.text['zh-cn'];
  return (
    <div className="indicators">
      <div className="toolbar">
        <label>
          分组 Breakdown
          <select value={by} onChange={(event) => setBy(event.target.value)}>
            {[{ value: '', label: '合计 Overall' }, ...registry.breakdowns.map((breakdown) => ({ value: breakdown.id, label: bilingual(breakdown.label) }))].map((breakdown) => (
              <option key={breakdown.value} value={breakdown.value}>
                {breakdown.label}
              </option>
            ))}
          </select>
        </label>
        <span className="downloads">
          下载 Download: <a href={estimatesUrl(query, 'xlsx')} download>Excel (XLSX)</a> · <a href={estimatesUrl(query, 'csv')} download>CSV</a> ·{' '}
          <a href={estimatesUrl(query, 'json')}>JSON</a> · <a href={responsesUrl(filters)}>数据 Data (CSV)</a> · <a href={responsesUrl(filters, 'zh')}>数据（中文标签）Data, Chinese labels</a> · <a href="/api/exports/codebook.xlsx">编码本 Codebook</a> ·{' '}
          <a className="button" href={reportUrl(query)} download>
            评估报告 Report (Word)
          </a>
        </span>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {loading && <p>计算中… Estimating…</p>}
      {data && (
        <>
          <p className="methods">
            {data.methods.designZh} · {data.methods.weightingZh} · n = {data.methods.n}
            {versionsLine && (
              <>
                <br />
                <span data-testid="methods-versions">问卷版本：{versionsLine}</span>
              </>
            )}
          </p>
          <section className="charts">
            <label>
              图表指标 Chart indicator{' '}
              <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
                {indicators.map((indicator) => (
                  <option key={indicator} value={indicator}>
                    {zh(labels.indicator(indicator))}
                  </option>
                ))}
              </select>
            </label>
            <EstimateChart title={zh(labels.indicator(chosen))} fileName={`${chosen}-${by || 'overall'}`} bars={rows.filter((row) => row.indicator === chosen).map((row) => barOf(row, zh(labels.domain(row.domain))))} />
            <EstimateChart title={bilingual(INDICATOR_FAMILY_LABELS['awareness-service'])} fileName="awareness-by-service" bars={familyBars(overall, registry, labels, 'awareness-service')} />
            <EstimateChart title={bilingual(INDICATOR_FAMILY_LABELS.satisfaction)} fileName="satisfaction" bars={familyBars(overall, registry, labels, 'satisfaction')} />
            <EstimateChart
              title={bilingual(INDICATOR_FAMILY_LABELS['satisfaction-aspect'])}
              fileName="satisfaction-by-aspect"
              bars={satisfactionAspectBars(registry.indicators, labels).map((bar) => barOf(overall.find((row) => row.indicator === bar.indicator), zh(bar.label)))}
            />
          </section>
          <table className="estimates">
            <thead>
              <tr>
                <th>指标 Indicator</th>
                <th>分组 Group</th>
                <th>估计值 Estimate</th>
                <th>标准误 SE</th>
                <th>95% CI</th>
                <th>设计效应 Deff</th>
                <th>n</th>
                <th>目标 Target</th>
                <th>状态 Status</th>
                <th title="单侧检验 H0：真实值 ≤ 目标值；p 小说明达标不是偶然 One-sided test of H0: true value ≤ target">p（高于目标）</th>
                <th>可靠性 Reliability</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.indicator}|${JSON.stringify(row.domain)}`} className={row.status ? row.status.replace(' ', '-') : undefined}>
                  <td title={row.indicator}>{zh(labels.indicator(row.indicator))}</td>
                  <td>{zh(labels.domain(row.domain))}</td>
                  <td>{percent(row.estimate)}</td>
                  <td>{percent(row.se, 2)}</td>
                  <td>
                    {percent(row.ciLow)} – {percent(row.ciHigh)}
                  </td>
                  <td>{row.deff === null ? '—' : row.deff.toFixed(2)}</td>
                  <td>{row.n}</td>
                  <td>{percent(row.target, 0)}</td>
                  <td>{zh(labels.status(row.status))}</td>
                  <td>{row.pAboveTarget === null ? '—' : row.pAboveTarget < 0.001 ? '<0.001' : row.pAboveTarget.toFixed(3)}</td>
                  <td className={row.reliability ? `reliability-${row.reliability.flag}` : undefined} title={row.reliability?.reasons.map((reason) => zh(RELIABILITY_REASON_LABELS[reason])).join('；')}>
                    {row.reliability ? zh(RELIABILITY_LABELS[row.reliability.flag]) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
