import { useState } from 'react';
import { fetchEstimates, type EstimateQuery, type WeightingSetup } from './api';
import type { Filters } from './Console';
import { queryKey } from './IndicatorsView';
import { useApi } from './useApi';

/**
 * Base weights from the frame (1/π × site migrants / completes), optionally calibrated to known totals
 * (margins CSV: variable,category,total) and trimmed at a cap; shows the weight distribution and the
 * design effect due to weighting that the estimates report.
 */
export function WeightingView({ token, filters, weighting, onChange }: { token: string; filters: Filters; weighting: WeightingSetup; onChange: (setup: WeightingSetup) => void }) {
  const [draft, setDraft] = useState(weighting);
  const query: EstimateQuery = { by: '', ...filters, weighting };
  const { data, error } = useApi(() => fetchEstimates(token, query), queryKey(query));
  const weights = data?.weights;
  const tallest = Math.max(1, ...(weights?.histogram.map((bin) => bin.count) ?? []));
  return (
    <div className="weighting">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onChange(draft);
        }}
      >
        <fieldset>
          <legend>方法 Method</legend>
          {(
            [
              ['base', '基础权重（抽样框）Base weights from the frame'],
              ['poststratify', '事后分层 Post-stratification'],
              ['rake', '迭代比例加权 Raking'],
            ] as const
          ).map(([method, label]) => (
            <label key={method}>
              <input type="radio" name="method" checked={draft.method === method} onChange={() => setDraft({ ...draft, method })} /> {label}
            </label>
          ))}
        </fieldset>
        {draft.method !== 'base' && (
          <label>
            已知总数 CSV Margins (variable,category,total)
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                if (file) setDraft({ ...draft, margins: await file.text() });
              }}
            />
            <textarea rows={6} value={draft.margins} onChange={(event) => setDraft({ ...draft, margins: event.target.value })} placeholder={'variable,category,total\nsex,male,61000\nsex,female,67000'} />
          </label>
        )}
        <label>
          权重截尾上限 Trimming cap (× median weight, empty for none)
          <input type="number" min={1} step={0.5} value={draft.trimCap} onChange={(event) => setDraft({ ...draft, trimCap: event.target.value })} />
        </label>
        <button type="submit">应用 Apply</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {weights && (
        <section>
          <h2>权重分布 Weight distribution</h2>
          <p>
            最小 min {weights.min.toFixed(1)} · 最大 max {weights.max.toFixed(1)} · 加权设计效应 deff due to weighting {weights.deffWeighting.toFixed(3)}
          </p>
          <svg width={600} height={160} role="img" aria-label="weight histogram">
            {weights.histogram.map((bin, index) => {
              const width = 600 / weights.histogram.length;
              const height = (140 * bin.count) / tallest;
              return <rect key={bin.from} x={index * width + 1} y={150 - height} width={width - 2} height={height} fill="#7aa6d6"><title>{`${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${bin.count}`}</title></rect>;
            })}
          </svg>
        </section>
      )}
    </div>
  );
}
