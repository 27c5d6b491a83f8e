import { useMemo, useState } from 'react';
import { createLabeller } from '../../analysis/indicators/labels';
import { fetchInstruments, fetchRegistry, fetchSchemes, type Weighting } from './api';
import { RegistryContext } from './labels';
import { useApi } from './useApi';
import { ComplianceView } from './ComplianceView';
import { FieldworkView } from './FieldworkView';
import { IndicatorsView } from './IndicatorsView';
import { WeightingView } from './WeightingView';

const TABS = [
  { id: 'fieldwork', label: '实地进度 Fieldwork' },
  { id: 'indicators', label: '指标 Indicators' },
  { id: 'compliance', label: '县区达标 County compliance' },
  { id: 'weighting', label: '加权 Weighting' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export interface Filters {
  instrumentVersion: string;
  from: string;
  to: string;
}

export function Console({ token, username, onSignOut }: { token: string; username: string; onSignOut: () => void }) {
  const [tab, setTab] = useState<Tab>('indicators');
  const [filters, setFilters] = useState<Filters>({ instrumentVersion: '', from: '', to: '' });
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
          <select value={filters.instrumentVersion} onChange={(event) => setFilters({ ...filters, instrumentVersion: event.target.value })}>
            <option value="">全部 All</option>
            {instruments.map((instrument) => (
              <option key={`${instrument.id}@${instrument.version}`} value={instrument.version}>
                {instrument.id} v{instrument.version}
              </option>
            ))}
          </select>
        </label>
        <label>
          收到日期 从 Received from
          <input type="date" value={filters.from} onChange={(event) => setFilters({ ...filters, from: event.target.value })} />
        </label>
        <label>
          至 To
          <input type="date" value={filters.to} onChange={(event) => setFilters({ ...filters, to: event.target.value })} />
        </label>
        <span className="weighting-summary">加权 {weighting === 'base' ? '基础权重 Base weights' : weighting === 'unweighted' ? '不加权 Unweighted' : (schemes.find((scheme) => scheme.id === weighting)?.name ?? weighting)}</span>
      </section>
      <main>
        {registry.error && <p className="error" role="alert">{registry.error}</p>}
        {named && (
          <RegistryContext.Provider value={named}>
        {tab === 'fieldwork' && <FieldworkView token={token} />}
        {tab === 'indicators' && <IndicatorsView token={token} filters={filters} weighting={weighting} />}
        {tab === 'compliance' && <ComplianceView token={token} filters={filters} weighting={weighting} />}
        {tab === 'weighting' && <WeightingView token={token} filters={filters} weighting={weighting} onChange={setWeighting} />}
          </RegistryContext.Provider>
        )}
      </main>
    </div>
  );
}
