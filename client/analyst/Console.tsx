import { useMemo, useState } from 'react';
import { createLabeller } from '../../analysis/indicators/labels';
import { DEFAULT_LONELY_PSU, type LonelyPsu } from '../../analysis/stats/design';
import { DEFAULT_INSTRUMENT } from '../../contracts/instruments';
import { fetchInstruments, fetchRegistry, fetchSchemes, type EstimateQuery, type Weighting } from './api';
import { RegistryContext } from './labels';
import { useApi } from './useApi';
import { ComplianceView } from './ComplianceView';
import { DifferencesView } from './DifferencesView';
import { ReceivedDates } from './ReceivedDates';
import { FieldworkView } from './FieldworkView';
import { IndicatorsView } from './IndicatorsView';
import { WeightingView } from './WeightingView';
import { QualityView } from '../admin/QualityView';
import { translate } from '../admin/strings';
import { SubmissionsView } from '../admin/SubmissionsView';

/** The review views are the console's, in Chinese and without the actions that change a review. */
const reviewText = translate('zh-cn');

const TABS = [
  { id: 'fieldwork', label: '实地进度 Fieldwork' },
  { id: 'indicators', label: '指标 Indicators' },
  { id: 'differences', label: '差异比较 Differences' },
  { id: 'compliance', label: '县区达标 County compliance' },
  { id: 'weighting', label: '加权 Weighting' },
  { id: 'review', label: '访问审核 Submissions' },
  { id: 'quality', label: '访员质量 Interviewer quality' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * The selection every tab shares, as GET /api/estimates' query names it: one questionnaire at a time (its
 * versions pooled, or one of them; two surveys are never pooled), the dates, and how a stratum with a single
 * site enters the variance.
 */
export type Filters = Pick<EstimateQuery, 'instrument' | 'instrumentVersion' | 'from' | 'to' | 'lonelyPsu'>;

const LONELY_PSU_CHOICES: { value: LonelyPsu; label: string }[] = [
  { value: 'adjust', label: '按总均值调整（默认）adjust' },
  { value: 'average', label: '取其他层平均 average' },
  { value: 'remove', label: '不计方差 remove' },
  { value: 'certainty', label: '视为必选 certainty' },
  { value: 'fail', label: '报错 fail' },
];

/** `<id>@<version>`, or `<id>@` for every version of the questionnaire. */
const choiceOf = (value: string) => {
  const at = value.lastIndexOf('@');
  return { instrument: value.slice(0, at), instrumentVersion: value.slice(at + 1) };
};

export function Console({ token, username, onSignOut }: { token: string; username: string; onSignOut: () => void }) {
  const [tab, setTab] = useState<Tab>('indicators');
  const [filters, setFilters] = useState<Filters>({ instrument: DEFAULT_INSTRUMENT, instrumentVersion: '', from: '', to: '', lonelyPsu: DEFAULT_LONELY_PSU });
  const [weighting, setWeighting] = useState<Weighting>('base');
  const instruments = useApi(fetchInstruments, 'instruments').data ?? [];
  const schemes = useApi(() => fetchSchemes(token), `schemes-${weighting}`).data ?? [];
  const registry = useApi(() => fetchRegistry(token), 'registry');
  const named = useMemo(() => (registry.data ? { registry: registry.data, labels: createLabeller(registry.data) } : null), [registry.data]);
  return (
    <div className="console">
      <header>
        <h1>分析控制台</h1>
        <nav>
          {TABS.map((entry) => (
            <button key={entry.id} type="button" aria-pressed={tab === entry.id} onClick={() => setTab(entry.id)}>
              {entry.label}
            </button>
          ))}
        </nav>
        <span className="user">
          {username}{' '}
          <button type="button" onClick={onSignOut}>
            退出 Sign out
          </button>
        </span>
      </header>
      <section className="filters" aria-label="筛选 Filters">
        <label>
          问卷版本 Instrument version
          <select value={`${filters.instrument}@${filters.instrumentVersion}`} onChange={(event) => setFilters({ ...filters, ...choiceOf(event.target.value) })}>
            {[...new Set(instruments.map((instrument) => instrument.id))].map((id) => (
              <optgroup key={id} label={instruments.find((instrument) => instrument.id === id)!.title['zh-cn']}>
                <option value={`${id}@`}>
                  {id} 全部版本 All versions
                </option>
                {instruments
                  .filter((instrument) => instrument.id === id)
                  .map((instrument) => (
                    <option key={`${id}@${instrument.version}`} value={`${id}@${instrument.version}`}>
                      {id} v{instrument.version}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <ReceivedDates range={filters} onChange={setFilters} />
        <label>
          单调查点层 Lonely PSU
          <select value={filters.lonelyPsu} onChange={(event) => setFilters({ ...filters, lonelyPsu: event.target.value as LonelyPsu })}>
            {LONELY_PSU_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <span className="weighting-summary">加权 {weighting === 'base' ? '基础权重 Base weights' : weighting === 'unweighted' ? '不加权 Unweighted' : (schemes.find((scheme) => scheme.id === weighting)?.name ?? weighting)}</span>
      </section>
      <main>
        {registry.error && <p className="error" role="alert">{registry.error}</p>}
        {named && (
          <RegistryContext.Provider value={named}>
        {tab === 'fieldwork' && <FieldworkView token={token} instrument={filters.instrument} />}
        {tab === 'indicators' && <IndicatorsView token={token} filters={filters} weighting={weighting} />}
        {tab === 'differences' && <DifferencesView token={token} filters={filters} weighting={weighting} versions={[...new Set(instruments.map((instrument) => instrument.version))]} />}
        {tab === 'compliance' && <ComplianceView token={token} filters={filters} weighting={weighting} />}
        {tab === 'weighting' && <WeightingView token={token} filters={filters} weighting={weighting} onChange={setWeighting} />}
        {tab === 'review' && <SubmissionsView token={token} t={reviewText} username={username} locale="zh-cn" readOnly />}
        {tab === 'quality' && <QualityView token={token} t={reviewText} username={username} locale="zh-cn" readOnly />}
          </RegistryContext.Provider>
        )}
      </main>
    </div>
  );
}
