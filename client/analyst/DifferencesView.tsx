import { useState } from 'react';
import { readDifference, SIGNIFICANCE_LABELS, significanceOf } from '../../analysis/stats/difference';
import { fetchDifference, type DifferenceReply, type EstimateQuery, type Weighting } from './api';
import type { Filters } from './Console';
import { bilingual, percent, useRegistry, zh } from './labels';
import { ReceivedDates } from './ReceivedDates';

/** Two groups of one selection (region vs region, CAPI vs CAWI, a county vs its province), or two survey rounds. */
type Comparing = 'groups' | 'versions' | 'dates';

interface Side {
  breakdown: string;
  level: string;
  version: string;
  from: string;
  to: string;
}

/** The group as GET /api/estimates/differences reads it: `region:East`, `version:2`, `dates:2026-05-01..2026-05-15`. */
function groupParameter(comparing: Comparing, side: Side): string {
  if (comparing === 'versions') return `version:${side.version}`;
  if (comparing === 'dates') return `dates:${side.from}..${side.to}`;
  return `${side.breakdown}:${side.level}`;
}

/** Signed percentage points, as a difference is read ("+3.2"). */
const points = (value: number, digits = 1) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(100 * value).toFixed(digits)}`;
const pValueText = (p: number | null) => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3));

/**
 * 差异比较: one indicator in two groups or two rounds, both estimates and A − B in percentage points with its
 * SE from the joint design, 95% CI, p-value and the plain reading. The console's filters (version, dates,
 * lonely PSU, weighting) select the interviews, as for the indicator table.
 */
export function DifferencesView({ token, filters, weighting, versions }: { token: string; filters: Filters; weighting: Weighting; versions: number[] }) {
  const { registry } = useRegistry();
  const [indicator, setIndicator] = useState('literacy');
  const [comparing, setComparing] = useState<Comparing>('groups');
  const firstLevel = (breakdown: string) => registry.breakdowns.find((candidate) => candidate.id === breakdown)?.levels[0]?.code ?? '';
  const [a, setA] = useState<Side>({ breakdown: 'region', level: 'East', version: String(versions[0] ?? 1), from: '', to: '' });
  const [b, setB] = useState<Side>({ breakdown: 'region', level: 'West', version: String(versions[1] ?? versions[0] ?? 1), from: '', to: '' });
  const [result, setResult] = useState<DifferenceReply>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const compare = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const query: Omit<EstimateQuery, 'by'> = { instrument: filters.instrument, instrumentVersion: filters.instrumentVersion, from: filters.from, to: filters.to, lonelyPsu: filters.lonelyPsu, weighting };
      setResult(await fetchDifference(token, { ...query, indicator, a: groupParameter(comparing, a), b: groupParameter(comparing, b) }));
    } catch (caught) {
      setResult(undefined);
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const sideFields = (name: 'A' | 'B', side: Side, onChange: (side: Side) => void) => (
    <fieldset className="side">
      <legend>{name} 组 Group {name}</legend>
      {comparing === 'groups' && (
        <>
          <label>
            分组 Breakdown
            <select value={side.breakdown} onChange={(event) => onChange({ ...side, breakdown: event.target.value, level: firstLevel(event.target.value) })}>
              {registry.breakdowns.map((breakdown) => (
                <option key={breakdown.id} value={breakdown.id}>
                  {bilingual(breakdown.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            取值 Level
            <select value={side.level} onChange={(event) => onChange({ ...side, level: event.target.value })}>
              {registry.breakdowns
                .find((breakdown) => breakdown.id === side.breakdown)
                ?.levels.map((level) => (
                  <option key={level.code} value={level.code}>
                    {zh(level.label)}
                  </option>
                ))}
            </select>
          </label>
        </>
      )}
      {comparing === 'versions' && (
        <label>
          问卷版本 Instrument version
          <select value={side.version} onChange={(event) => onChange({ ...side, version: event.target.value })}>
            {versions.map((version) => (
              <option key={version} value={version}>
                v{version}
              </option>
            ))}
          </select>
        </label>
      )}
      {comparing === 'dates' && <ReceivedDates range={side} onChange={onChange} />}
    </fieldset>
  );

  return (
    <div className="differences">
      <form onSubmit={compare} aria-label="差异比较 Differences">
        <div className="toolbar">
          <label>
            指标 Indicator
            <select value={indicator} onChange={(event) => setIndicator(event.target.value)}>
              {registry.indicators.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {zh(entry.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            比较 Compare
            <select value={comparing} onChange={(event) => setComparing(event.target.value as Comparing)}>
              <option value="groups">两组 Two groups</option>
              <option value="versions">两轮：问卷版本 Two rounds by version</option>
              <option value="dates">两轮：日期范围 Two rounds by dates</option>
            </select>
          </label>
        </div>
        <div className="toolbar">
          {sideFields('A', a, setA)}
          <span className="versus">对比 vs</span>
          {sideFields('B', b, setB)}
          <button type="submit" disabled={busy}>
            {busy ? '计算中… Comparing…' : '比较 Compare'}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && <DifferenceResult result={result} />}
    </div>
  );
}

function DifferenceResult({ result }: { result: DifferenceReply }) {
  const { labels } = useRegistry();
  const { a, b, difference } = result;
  const reading = readDifference(difference, { a: a.label, b: b.label });
  const significance = significanceOf(difference.pValue);
  return (
    <section className="difference-result" aria-label="比较结果 Result">
      <h2>{zh(labels.indicator(result.indicator))}</h2>
      <p className="reading">{reading['zh-cn']}</p>
      <p className="reading-en" lang="en">
        {reading.en}
      </p>
      <table className="difference">
        <thead>
          <tr>
            <th>组 Group</th>
            <th>估计值 Estimate</th>
            <th>标准误 SE</th>
            <th>95% CI</th>
            <th>n</th>
            <th>设计效应 Deff</th>
          </tr>
        </thead>
        <tbody>
          {[
            { name: 'A', side: a },
            { name: 'B', side: b },
          ].map(({ name, side }) => (
            <tr key={name} data-group={name}>
              <td>
                {name}：{zh(side.label)}
              </td>
              <td data-figure="estimate">{percent(side.estimate.estimate)}</td>
              <td data-figure="se">{percent(side.estimate.se, 2)}</td>
              <td data-figure="ci">
                {percent(side.estimate.ciLow)} – {percent(side.estimate.ciHigh)}
              </td>
              <td data-figure="n">{side.estimate.n}</td>
              <td>{side.estimate.deff === null ? '—' : side.estimate.deff.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="difference">
        <thead>
          <tr>
            <th>差值 A − B（百分点）Difference (percentage points)</th>
            <th>标准误 SE</th>
            <th>95% CI</th>
            <th>p 值 p-value</th>
            <th>自由度 df</th>
            <th>结论 Reading</th>
          </tr>
        </thead>
        <tbody>
          <tr data-group="difference">
            <td data-figure="estimate">{points(difference.estimate)}</td>
            <td data-figure="se">{(100 * difference.se).toFixed(2)}</td>
            <td data-figure="ci">
              {points(difference.ciLow)} – {points(difference.ciHigh)}
            </td>
            <td data-figure="p">{pValueText(difference.pValue)}</td>
            <td>{difference.df}</td>
            <td data-figure="significance" className={significance.replace(' ', '-')}>
              {zh(SIGNIFICANCE_LABELS[significance])}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="methods">
        <p>
          若视为独立样本，差值的标准误为 {(100 * difference.independentSe).toFixed(2)} 个百分点（联合设计的协方差 {(1e4 * difference.covariance).toFixed(3)} 百分点²）；两组共有 {result.overlap} 个访问。As independent samples the SE would be{' '}
          {(100 * difference.independentSe).toFixed(2)} points; {result.overlap} interviews are in both groups.
        </p>
        <p>{result.methods.zh}</p>
        <p lang="en">{result.methods.en}</p>
      </div>
    </section>
  );
}
