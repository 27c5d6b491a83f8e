import { useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';
import { fetchSchemes, fetchWeightSummary, uploadScheme, type Scheme, type WeightSummary, type Weighting } from './api';
import type { Filters } from './Console';
import { useApi } from './useApi';

const EXAMPLE = 'variable,level,population\nregion,East,5200000\nregion,Central,2900000\nregion,West,1900000\nsex,male,5300000\nsex,female,4700000';

/**
 * Choose the weights (base weights from the frame, none, or a scheme calibrated to population margins),
 * upload margins as CSV, and see how unequal the final weights are and what that costs in precision.
 */
export function WeightingView({ token, filters, weighting, onChange }: { token: string; filters: Filters; weighting: Weighting; onChange: (weighting: Weighting) => void }) {
  const [uploads, setUploads] = useState(0);
  const schemes = useApi(() => fetchSchemes(token), `schemes-${uploads}`);
  const query = { weighting, instrument: filters.instrument, instrumentVersion: filters.instrumentVersion, from: filters.from, to: filters.to };
  const summary = useApi(() => fetchWeightSummary(token, query), JSON.stringify(query));
  return (
    <div className="weighting">
      <form>
        <fieldset>
          <legend>权重 Weights</legend>
          <label>
            <input type="radio" name="weighting" checked={weighting === 'base'} onChange={() => onChange('base')} /> 基础权重（抽样框）：1 / 调查点入样概率 × 调查点流动人口数 / 调查点完成数 — base weights from the frame
          </label>
          <label>
            <input type="radio" name="weighting" checked={weighting === 'unweighted'} onChange={() => onChange('unweighted')} /> 不加权 — every complete interview counts once
          </label>
          {(schemes.data ?? []).map((scheme) => (
            <label key={scheme.id}>
              <input type="radio" name="weighting" checked={weighting === scheme.id} onChange={() => onChange(scheme.id)} /> {schemeLabel(scheme)}
            </label>
          ))}
        </fieldset>
      </form>
      <section className="weight-summary" aria-label="权重分布 Weight distribution">
        <h2>权重分布 Weight distribution</h2>
        {summary.error && <p className="error" role="alert">{summary.error}</p>}
        {summary.loading && <p>计算中… Computing…</p>}
        {summary.data && <Distribution summary={summary.data} />}
      </section>
      <UploadForm token={token} onUploaded={(scheme) => { setUploads((n) => n + 1); onChange(scheme.id); }} />
    </div>
  );
}

function schemeLabel(scheme: Scheme): string {
  const method = scheme.method === 'rake' ? '迭代加权 raking' : '事后分层 post-stratification';
  const trim = scheme.trimCap === null ? '' : `，截尾 ${scheme.trimCap} × 平均权重`;
  return `${scheme.name} — ${method}（${scheme.margins.map((margin) => margin.variable).join(' + ')}${trim}）`;
}

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3));

function Distribution({ summary }: { summary: WeightSummary }) {
  const { distribution } = summary;
  return (
    <div className="columns">
      <table className="weights">
        <tbody>
          <tr><th>n</th><td>{distribution.n}</td></tr>
          <tr><th>最小 Min</th><td>{number(distribution.min)}</td></tr>
          <tr><th>下四分位 Q1</th><td>{number(distribution.q1)}</td></tr>
          <tr><th>中位数 Median</th><td>{number(distribution.median)}</td></tr>
          <tr><th>上四分位 Q3</th><td>{number(distribution.q3)}</td></tr>
          <tr><th>最大 Max</th><td>{number(distribution.max)}</td></tr>
          <tr><th>变异系数 CV</th><td>{distribution.cv.toFixed(3)}</td></tr>
          <tr><th>截尾 Trimmed</th><td>{summary.trimmed}</td></tr>
          <tr className="deff"><th>加权设计效应 Deff (Kish 1 + CV²)</th><td>{distribution.kishDeff.toFixed(3)}</td></tr>
        </tbody>
      </table>
      <Histogram bins={distribution.histogram} />
    </div>
  );
}

const WIDTH = 420;
const HEIGHT = 160;
const AXIS = 20;

function Histogram({ bins }: { bins: WeightSummary['distribution']['histogram'] }) {
  const most = Math.max(1, ...bins.map((bin) => bin.count));
  const barWidth = WIDTH / bins.length;
  return (
    <svg className="histogram" width={WIDTH} height={HEIGHT + AXIS} viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} role="img" aria-label="权重直方图 Histogram of the weights">
      <rect width={WIDTH} height={HEIGHT + AXIS} fill="#fff" />
      {bins.map((bin, index) => {
        const height = (bin.count / most) * (HEIGHT - 10);
        return (
          <rect key={index} x={index * barWidth + 1} y={HEIGHT - height} width={barWidth - 2} height={height} fill="#7aa7d6">
            <title>{`${number(bin.from)} – ${number(bin.to)}: ${bin.count}`}</title>
          </rect>
        );
      })}
      <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="#555" />
      <text x={2} y={HEIGHT + 15} fontSize={11} fill="#555">{number(bins[0]?.from ?? 0)}</text>
      <text x={WIDTH - 2} y={HEIGHT + 15} fontSize={11} fill="#555" textAnchor="end">{number(bins[bins.length - 1]?.to ?? 0)}</text>
    </svg>
  );
}

function UploadForm({ token, onUploaded }: { token: string; onUploaded: (scheme: Scheme) => void }) {
  const [name, setName] = useState('');
  const [method, setMethod] = useState<Scheme['method']>('rake');
  const [trimCap, setTrimCap] = useState('');
  const [csv, setCsv] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    try {
      onUploaded(await uploadScheme(token, { name, method, trimCap: trimCap === '' ? null : Number(trimCap), csv }));
      setName('');
      setCsv('');
    } catch (error) {
      setProblems(error instanceof ApiError ? [error.message, ...error.errors.map((e) => `${e.path}: ${e.message}`)] : [String(error)]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="upload-margins" onSubmit={(event) => void submit(event)}>
      <h2>上传总体边际 Upload population margins</h2>
      <label>
        名称 Name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        方法 Method
        <select value={method} onChange={(event) => setMethod(event.target.value as Scheme['method'])}>
          <option value="rake">迭代加权 Raking (several margins)</option>
          <option value="poststratify">事后分层 Post-stratification (one variable)</option>
        </select>
      </label>
      <label>
        截尾上限（平均权重的倍数，可空）Trimming cap (× mean weight, optional)
        <input type="number" min="1" step="0.1" value={trimCap} onChange={(event) => setTrimCap(event.target.value)} />
      </label>
      <label>
        CSV 文件 File
        <input type="file" accept=".csv,text/csv" onChange={(event) => void event.target.files?.[0]?.text().then(setCsv)} />
      </label>
      <label>
        边际 Margins (CSV: variable,level,population)
        <textarea rows={8} value={csv} placeholder={EXAMPLE} onChange={(event) => setCsv(event.target.value)} />
      </label>
      {problems.length > 0 && (
        <ul className="error" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <button type="submit" disabled={busy}>
        上传 Upload
      </button>
    </form>
  );
}
