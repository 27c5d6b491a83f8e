import { useState } from 'react';
import { useApi } from '../analyst/useApi';
import { auditListSchema, type AuditQuery } from '../../contracts/audit';
import { call } from './api';
import type { ViewProps } from './OverviewView';
import type { StringKey } from './strings';
import { siteLabel, useSites } from './useSites';
import { ListHead } from './ListHead';

const ACTIONS = ['user.created', 'user.updated', 'user.password-reset', 'user.disabled', 'user.deleted', 'sign-in-code.issued', 'sign-in-code.used', 'sign-in-code.revoked', 'link.issued', 'link.extended', 'link.revoked', 'frame.imported'] as const satisfies StringKey[];
const isAction = (action: string): action is (typeof ACTIONS)[number] => (ACTIONS as readonly string[]).includes(action);

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** What an entry changed, field by field: `field: before → after` where both are known, else the value recorded. */
function changeOf(before: unknown, after: unknown): string {
  const fields = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  const [old, now] = [fields(before), fields(after)];
  if (!old && !now) return [before, after].filter((value) => value !== null && value !== undefined).map(text).join(' → ');
  const keys = [...new Set([...Object.keys(old ?? {}), ...Object.keys(now ?? {})])];
  const empty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  return keys
    .filter((key) => !(empty(old?.[key]) && empty(now?.[key])) && (!old || !now || text(old[key]) !== text(now[key])))
    .map((key) => (old && now && key in old ? `${key}: ${text(old[key])} → ${text(now[key])}` : `${key}: ${text((now ?? old)![key])}`))
    .join('; ');
}

export function AuditView({ token, t }: ViewProps) {
  const [filters, setFilters] = useState({ action: '', actor: '', from: '', to: '' } satisfies Partial<Record<keyof AuditQuery, string>>);
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  const { data, error } = useApi(() => call(token, `/api/audit?${query}`, auditListSchema), `audit-${query}`);
  const sites = useSites(token, 'audit');
  return (
    <section>
      <div className="panel row-form">
        <label>
          {t('action')}
          <select name="action" value={filters.action} onChange={(event) => setFilters({ ...filters, action: event.target.value })}>
            <option value="">{t('all')}</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(action)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('actor')}
          <input name="actor" value={filters.actor} onChange={(event) => setFilters({ ...filters, actor: event.target.value })} />
        </label>
        <label>
          {t('time')}
          <input type="date" name="from" value={filters.from} onChange={(event) => setFilters({ ...filters, from: event.target.value })} />
        </label>
        <label>
          —
          <input type="date" name="to" value={filters.to} onChange={(event) => setFilters({ ...filters, to: event.target.value })} />
        </label>
        <a href={`/api/audit?${new URLSearchParams([...query, ['format', 'csv']])}`}>{t('download')}</a>
      </div>
      {error && <p className="errors">{error}</p>}
      <table className="list" aria-label={t('audit')}>
        <ListHead t={t} columns={['time', 'actor', 'action', 'target', 'change']} />
        <tbody>
          {(data ?? []).map((entry, index) => (
            <tr key={`${entry.at}-${index}`}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.actor}</td>
              <td title={entry.action}>{isAction(entry.action) ? t(entry.action) : entry.action}</td>
              <td>{siteLabel(sites, entry.target)}</td>
              <td className="change">{changeOf(entry.before, entry.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
