import type { Weighting } from './api';

/**
 * Base weights from the sampling frame (1 / site selection probability × site migrants / completes at
 * the site), or every interview counted once, to see what the weighting changes in the estimates.
 */
export function WeightingView({ weighting, onChange }: { weighting: Weighting; onChange: (weighting: Weighting) => void }) {
  return (
    <form className="weighting">
      <fieldset>
        <legend>权重 Weights</legend>
        <label>
          <input type="radio" name="weighting" checked={weighting === 'base'} onChange={() => onChange('base')} /> 基础权重（抽样框）：1 / 调查点入样概率 × 调查点流动人口数 / 调查点完成数 — base weights from the frame
        </label>
        <label>
          <input type="radio" name="weighting" checked={weighting === 'unweighted'} onChange={() => onChange('unweighted')} /> 不加权 — every complete interview counts once
        </label>
      </fieldset>
    </form>
  );
}
